//! Property tests: annotating any text never panics, and every span is well formed.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use qawl::tokenize::Tokens;

/// Chars that stress the pipeline: Arabic letters and marks, tatweel, every quote style, digits
/// of three systems, separators, bidi controls, emoji, Latin, spaces and line breaks.
fn nasty_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        'ا', 'ل', 'و', 'ب', 'ك', 'ف', 'ي', 'ى', 'أ', 'إ', 'آ', 'ة', 'ه', 'ن', 'ت', 'م', 'ش', 'ر',
        '\u{064E}', '\u{0651}', '\u{0670}', 'ـ', '"', '“', '”', '«', '»', '„', '\'', '‘', '’', ':',
        '،', '.', '؟', '(', ')', '/', '%', '٪', '0', '9', '٣', '۴', '٫', '٬', '\u{200F}',
        '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{FEFB}', '👍', 'a', 'Z', ' ', '\u{00A0}', '\n',
        '\t',
    ])
}

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(nasty_char(), 0..200).prop_map(|chars| chars.into_iter().collect()),
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "وقال ",
                "بوتين ",
                "شي ",
                "إن ",
                "أن ",
                "\"",
                "«",
                "»",
                ": ",
                "الرئيس ",
                "الروسي ",
                "، ",
                ". ",
                "\n",
                "وأضاف ",
                "227.7 ",
                "مليار ",
                "دولار ",
                "9 ",
                "فبراير ",
                "بنك ",
                "لل",
                "و",
                "للصين ",
                "الكرملين ",
                "نظيره ",
            ]),
            0..80,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn annotating_never_panics_and_spans_are_well_formed(text in nasty_text()) {
        let document = qawl::annotate(&text);
        let mut previous_end = 0;
        for entity in &document.entities {
            let span = entity.span;
            prop_assert!(span.start < span.end && span.end <= text.len(), "entity {span} outside the text");
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            prop_assert!(span.start >= previous_end, "entities overlap or are out of order");
            previous_end = span.end;
        }
        for quote in &document.quotes {
            let mut spans = vec![quote.span];
            spans.extend(quote.cue);
            spans.extend(quote.speaker.iter().map(|s| s.span));
            spans.extend(quote.addressee.iter().map(|a| a.span));
            for span in spans {
                prop_assert!(span.start <= span.end && span.end <= text.len(), "quote span {span} outside");
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
        let json = qawl::render::to_json(None, &text, &document);
        let points: Vec<char> = text.chars().collect();
        for entity in json["entities"].as_array().unwrap() {
            let (start, end) = (entity["start"].as_u64().unwrap() as usize, entity["end"].as_u64().unwrap() as usize);
            let slice: String = points[start..end].iter().collect();
            prop_assert_eq!(slice.as_str(), entity["text"].as_str().unwrap(), "code-point offsets must slice to the text");
        }
    }

    #[test]
    fn tokens_concatenate_back_to_the_text(text in nasty_text()) {
        let lexicon = qawl::builtin().lexicon();
        let tokens = Tokens::new(&text, lexicon);
        let rebuilt: String = tokens.lossless_spans().iter().map(|span| span.slice(&text)).collect();
        prop_assert_eq!(rebuilt, text);
    }
}

#[test]
fn huge_and_degenerate_inputs_are_fine() {
    let cases = [
        "\"".repeat(10_000),
        "«".repeat(5_000) + &"»".repeat(5_000),
        "ب".repeat(100_000),
        "قال: ".repeat(2_000),
        "وقال شي إن ".repeat(2_000),
        "\u{064E}".repeat(1_000),
        String::new(),
        " \n\t ".to_string(),
    ];
    for text in &cases {
        let document = qawl::annotate(text);
        for entity in &document.entities {
            assert!(entity.span.end <= text.len());
        }
    }
}

#[test]
fn unpunctuated_text_keeps_quotes_short() {
    // Without punctuation every clause could run to the end of the text, making the output grow
    // with the square of the input; clauses stop at the next cue and at a length cap.
    for text in ["وقال بوتين إن التعاون مهم ".repeat(5_000), "قال: نعم للسلام ".repeat(5_000)]
    {
        let document = qawl::annotate(&text);
        assert!(!document.quotes.is_empty());
        let quoted: usize = document.quotes.iter().map(|q| q.span.len()).sum();
        assert!(
            quoted <= 2 * text.len(),
            "quotes cover {quoted} bytes of a {} byte text",
            text.len()
        );
    }
}
