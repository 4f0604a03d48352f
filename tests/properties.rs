//! Property tests: annotating any text never panics, and every span is well formed, ordered and
//! converted consistently (the invariants of `common/invariants.rs`, which the fuzz target in
//! `tests/fuzz/` checks too).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/invariants.rs"]
mod invariants;

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
        if let Err(broken) = invariants::check(&text, &document) {
            return Err(TestCaseError::fail(broken));
        }
    }

    #[test]
    fn invalid_utf8_read_lossily_is_annotated_like_any_text(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        // What the fuzz target does: arbitrary bytes, with bad sequences replaced by U+FFFD.
        let text = String::from_utf8_lossy(&bytes);
        let document = qawl::annotate(&text);
        if let Err(broken) = invariants::check(&text, &document) {
            return Err(TestCaseError::fail(broken));
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

#[test]
fn the_invariant_checker_rejects_broken_documents() {
    use qawl::{Entity, Label, Span};
    let text = "قال بوتين";
    let entity = |start, end| Entity {
        span: Span { start, end },
        label: Label::Person,
        canonical: String::new(),
        id: None,
        source: "test",
    };
    let good = qawl::Document { entities: vec![entity(7, 17)], quotes: vec![] };
    assert_eq!(invariants::check(text, &good), Ok(()));
    for (entities, broken) in [
        (vec![entity(7, 8)], "cuts a character"),
        (vec![entity(7, 19)], "outside"),
        (vec![entity(7, 7)], "empty"),
        (vec![entity(7, 17), entity(0, 6)], "overlaps or precedes"),
        (vec![entity(0, 17), entity(7, 17)], "overlaps or precedes"),
    ] {
        let document = qawl::Document { entities, quotes: vec![] };
        let error = invariants::check(text, &document).expect_err(broken);
        assert!(error.contains(broken), "{error:?} should say {broken:?}");
    }
}
