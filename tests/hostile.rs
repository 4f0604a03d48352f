//! Hostile and odd input at the core: each case has a stated outcome, and every document keeps
//! the invariants of `common/invariants.rs`. Outcomes, never timing: speed lives in
//! `benches/annotate.rs`. (Files in other encodings and binary files are the command line's
//! business: `tests/cli.rs`.)
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/invariants.rs"]
mod invariants;

use qawl::Document;

fn annotate_checked(text: &str) -> Document {
    let document = qawl::annotate(text);
    if let Err(broken) = invariants::check(text, &document) {
        let head: String = text.chars().take(80).collect();
        panic!("{broken} (text starting {head:?}, {} bytes)", text.len());
    }
    document
}

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|path| std::fs::read_to_string(path).unwrap()).collect()
}

/// The seeds as one line, paragraphs joined by spaces.
fn seeds_on_one_line() -> String {
    seeds()
        .iter()
        .map(|seed| seed.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn empty_and_blank_text_has_no_annotations() {
    for text in
        ["", " ", "\n\n\t\r\n", "\u{00A0}\u{2003}\u{3000}", "\u{200F}\u{FEFF}\u{2066}\u{2069}"]
    {
        let document = annotate_checked(text);
        assert_eq!(document, Document::default(), "{text:?}");
    }
}

#[test]
fn other_languages_get_no_arabic_entities_and_no_invented_speakers() {
    // Quotation marks are language-neutral: a quotation in another script is still found, but
    // nobody is named as its speaker; Latin media names are the only entities (CNN).
    let cases: [(&str, &[&str], usize); 4] = [
        (
            "President Putin said \"cooperation with China is important\", CNN reported.",
            &["CNN"],
            1,
        ),
        ("Путин сказал: «Сотрудничество с Китаем важно».", &[], 1),
        ("习近平说：“合作很重要”。", &[], 0),
        ("פוטין אמר \"שיתוף הפעולה חשוב\".", &[], 1),
    ];
    for (text, entities, quotes) in cases {
        let document = annotate_checked(text);
        let found: Vec<&str> = document.entities.iter().map(|e| e.span.slice(text)).collect();
        assert_eq!(found, entities, "{text}");
        assert_eq!(document.quotes.len(), quotes, "{text}");
        assert!(document.quotes.iter().all(|q| q.speaker.is_none()), "{text}");
    }
}

#[test]
fn bidi_overrides_and_isolates_neither_break_nor_join_names() {
    let controls = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ];
    let cases = [
        "قال \u{202E}بوتين\u{202C} إن \u{2066}«التعاون مع الصين مهم»\u{2069}.",
        "وقال الرئيس الروسي \u{2068}فلاديمير بوتين\u{2069} إن التعاون مهم.",
        "\u{202E}\u{202E}\u{202E}قال بوتين\u{2069}\u{2069}: «التعاون مهم»",
    ];
    for text in cases {
        let document = annotate_checked(text);
        let putin = document
            .entities
            .iter()
            .find(|e| e.canonical == "فلاديمير بوتين")
            .unwrap_or_else(|| panic!("Putin is found through the controls: {text:?}"));
        let name = putin.span.slice(text);
        assert!(name == "بوتين" || name == "فلاديمير بوتين", "{name:?}");
        for entity in &document.entities {
            let slice = entity.span.slice(text);
            assert!(
                !slice.starts_with(controls) && !slice.ends_with(controls),
                "{slice:?} in {text:?}"
            );
        }
        let quote = document.quotes.first().unwrap_or_else(|| panic!("a quote in {text:?}"));
        assert_eq!(quote.speaker.as_ref().map(|s| s.canonical.as_str()), Some("فلاديمير بوتين"));
    }
}

#[test]
fn a_hundred_thousand_quotation_marks() {
    for (text, most_quotes) in [
        ("\"".repeat(100_000), 0),
        ("«".repeat(50_000) + &"»".repeat(50_000), 1),
        ("“”".repeat(50_000), 0),
    ] {
        let document = annotate_checked(&text);
        assert!(
            document.quotes.len() <= most_quotes,
            "{} quotes from {} marks",
            document.quotes.len(),
            text.len()
        );
    }
    let words = "\"نعم للسلام\" ".repeat(50_000);
    assert_eq!(annotate_checked(&words).quotes.len(), 50_000, "every pair quotes two words");
}

#[test]
fn a_single_five_megabyte_line_annotates_like_its_parts() {
    let line = seeds_on_one_line();
    let one = annotate_checked(&line);
    let copies = 5_000_000 / (line.len() + 1) + 1;
    let text = vec![line.as_str(); copies].join(" ");
    assert!(text.len() >= 5_000_000 && !text.contains('\n'));
    let document = annotate_checked(&text);
    // Each copy is annotated about like the first (names already seen may link differently).
    let within = |got: usize, each: usize, slack: f64| {
        let expected = (each * copies) as f64;
        (got as f64 - expected).abs() <= expected * slack
    };
    assert!(
        within(document.entities.len(), one.entities.len(), 0.02),
        "{} entities",
        document.entities.len()
    );
    assert!(
        within(document.quotes.len(), one.quotes.len(), 0.05),
        "{} quotes",
        document.quotes.len()
    );
}

#[test]
fn deeply_nested_marks() {
    let depth = 10_000;
    for text in [
        "«".repeat(depth) + "قال بوتين إن التعاون مهم" + &"»".repeat(depth),
        "«“".repeat(depth / 2) + "قال بوتين إن التعاون مهم" + &"”»".repeat(depth / 2),
        "قال بوتين: ".to_string() + &"«قال شي ".repeat(depth / 2) + &"»".repeat(depth / 2),
        "(«\"".repeat(depth / 3) + &"\"»)".repeat(depth / 3),
    ] {
        let document = annotate_checked(&text);
        let marks = text.chars().filter(|&c| qawl::tokenize::is_quote_mark(c)).count();
        assert!(
            document.quotes.len() <= marks / 2,
            "{} quotes from {marks} marks",
            document.quotes.len()
        );
    }
}

#[test]
fn a_megabyte_without_spaces() {
    let joined: String = seeds_on_one_line().split_whitespace().collect();
    let words_glued = joined.repeat(1_000_000 / joined.len() + 1);
    let one_letter = "ب".repeat(500_000);
    let piece = "بوتينCNN2024«»";
    let mixed = piece.repeat(1_000_000 / piece.len() + 1);
    let pieces = mixed.len() / piece.len();
    // Glued words make few tokens, so few names; a single letter is no name; in the mixed text
    // script changes still cut tokens, and each piece holds at most one name of each kind.
    for (text, most_entities) in [(words_glued, 1_000), (one_letter, 0), (mixed, 3 * pieces)] {
        assert!(text.len() >= 1_000_000 && !text.contains(char::is_whitespace));
        let document = annotate_checked(&text);
        assert!(
            document.entities.len() <= most_entities,
            "{} entities, at most {most_entities} expected",
            document.entities.len()
        );
    }
}
