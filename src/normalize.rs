//! Arabic normalization with a map back to the original text.
//!
//! Matching runs on normalized text; every reported span is mapped back with
//! [`Normalized::to_original`]. The folding, char by char:
//!
//! - dropped: tashkeel and Quranic marks (U+0610..U+061A, U+064B..U+065F, U+06D6..U+06ED), the dagger
//!   alef (U+0670), tatweel (U+0640), zero-width and bidi controls (U+200B..U+200F, U+202A..U+202E,
//!   U+2066..U+2069, U+061C, U+FEFF);
//! - `أ إ آ ٱ ٲ ٳ` to `ا`; `ى ی ې ے` to `ي`; `ک گ` to `ك`; `ھ ە ۀ ہ` to `ه`; `ۃ` to `ة`; `پ` to `ب`;
//!   `چ` to `ج`; `ژ` to `ز`; `ڤ` to `ف`; `ڨ` to `ق`;
//! - Arabic-Indic (U+0660..) and Eastern (U+06F0..) digits to ASCII digits; `٫` to `.`, `٬` to `,`,
//!   `٪` to `%`;
//! - no-break and other fixed-width spaces to a plain space;
//! - the lam-alef ligatures (U+FEF5..U+FEFC) to `لا`;
//! - ASCII capitals to lower case.
//!
//! A dropped char joins the span of the char before it, so a name followed by a diacritic or a
//! tatweel keeps it; dropped chars at the very start of the text belong to no normalized char.
//! Bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) join nothing: a span
//! never ends on one, so a closing control after a name stays outside the name.

use crate::span::Span;
use std::borrow::Cow;

/// What normalization does with one char.
enum Fold {
    Keep,
    Drop,
    /// Dropped without joining the char before: bidi embeddings, overrides and isolates open or
    /// close a run around words, so a span ending at a word must not take the closing control
    /// (an entity `بوتين` followed by U+2069 is `بوتين`, not a text with a stray isolate end).
    Skip,
    To(char),
    ToStr(&'static str),
}

/// True for the letters and ASCII most text is made of: they stay as they are. Other chars may
/// stay too (see [`fold`]); this is the quick test before the full match.
pub(crate) const fn is_common_and_kept(ch: char) -> bool {
    matches!(ch, '\u{0621}'
        | '\u{0624}'
        | '\u{0626}'..='\u{063A}'
        | '\u{0641}'..='\u{0648}'
        | '\u{064A}'
        | '\0'..='@'
        | '['..='\u{7F}')
}

fn fold(ch: char) -> Fold {
    match ch {
        // The letters and ASCII most text is made of come first: they stay as they are.
        ch if is_common_and_kept(ch) => Fold::Keep,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{FEFF}' => Fold::Drop,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Fold::Skip,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::To('ا'),
        'ى' | 'ی' | 'ې' | 'ے' => Fold::To('ي'),
        'ک' | 'گ' => Fold::To('ك'),
        'ھ' | 'ە' | 'ۀ' | 'ہ' => Fold::To('ه'),
        'ۃ' => Fold::To('ة'),
        'پ' => Fold::To('ب'),
        'چ' => Fold::To('ج'),
        'ژ' => Fold::To('ز'),
        'ڤ' => Fold::To('ف'),
        'ڨ' => Fold::To('ق'),
        '\u{0660}'..='\u{0669}' => digit(ch as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(ch as u32 - 0x06F0),
        '٫' => Fold::To('.'),
        '٬' => Fold::To(','),
        '٪' => Fold::To('%'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Fold::To(' ')
        }
        '\u{FEF5}'..='\u{FEFC}' => Fold::ToStr("لا"),
        'A'..='Z' => Fold::To(ch.to_ascii_lowercase()),
        _ => Fold::Keep,
    }
}

fn digit(value: u32) -> Fold {
    Fold::To(char::from_digit(value, 10).unwrap_or('0'))
}

/// Normalizes a string without keeping the map: for word lists and lookups, which must be folded
/// exactly like the text they are matched against.
pub fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// Like [`normalize`], but borrows `text` when folding would leave it as it is, which is what
/// most entries of the word lists are: their keys then cost no copy.
pub fn normalize_cow(text: &str) -> Cow<'_, str> {
    let mut kept = common_and_kept_len(text);
    if kept == text.len() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // Runs of common chars are copied whole; only the chars between them go through `fold`.
        out.push_str(&rest[..kept]);
        let mut chars = rest[kept..].chars();
        let Some(ch) = chars.next() else { break };
        match fold(ch) {
            Fold::Keep => out.push(ch),
            Fold::Drop | Fold::Skip => {}
            Fold::To(to) => out.push(to),
            Fold::ToStr(to) => out.push_str(to),
        }
        rest = chars.as_str();
        kept = common_and_kept_len(rest);
    }
    Cow::Owned(out)
}

/// [`is_common_and_kept`] of the chars U+0600..U+067F, one bit each: the two-byte chars whose
/// lead byte is `0xD8` (the first mask) or `0xD9` (the second), by the low six bits of their
/// second byte.
const COMMON_AND_KEPT_ARABIC: [u64; 2] = {
    let mut masks = [0u64; 2];
    let mut low = 0;
    while low < 128 {
        if let Some(ch) = char::from_u32(0x600 + low) {
            if is_common_and_kept(ch) {
                masks[(low >> 6) as usize] |= 1 << (low & 0x3F);
            }
        }
        low += 1;
    }
    masks
};

/// The length of the longest start of `text` whose chars [`is_common_and_kept`] accepts. It
/// reads bytes, not chars: those chars are ASCII or two bytes long with the lead byte `0xD8` or
/// `0xD9`, and a byte loop with a bit mask is much cheaper than decoding every char.
fn common_and_kept_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        let (kept, len) = match lead {
            0..=0x7F => (is_common_and_kept(char::from(lead)), 1),
            0xD8 | 0xD9 => {
                let low = bytes.get(at + 1).map_or(0, |&byte| byte & 0x3F);
                let mask = COMMON_AND_KEPT_ARABIC[usize::from(lead & 1)];
                ((mask >> low) & 1 == 1, 2)
            }
            _ => break,
        };
        if !kept {
            break;
        }
        at += len;
    }
    at
}

/// Normalized text and, for each of its bytes, the original span of the char it came from.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`: the original span of the char it belongs to, widened over the
    /// dropped chars that follow it.
    origin: Vec<Span>,
    original_len: usize,
}

impl Normalized {
    /// Normalizes `original`, remembering where each normalized char came from.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut origin: Vec<Span> = Vec::with_capacity(original.len());
        let mut at = 0;
        while at < original.len() {
            // Runs of common chars stay as they are: each byte's origin is its own char.
            let kept = common_and_kept_len(&original[at..]);
            if kept > 0 {
                text.push_str(&original[at..at + kept]);
                let first = origin.len();
                origin.resize(first + kept, Span::default());
                let mut start = at;
                for (slot, &byte) in origin[first..].iter_mut().zip(&original.as_bytes()[at..]) {
                    // Such chars are ASCII or two bytes long (see `common_and_kept_len`); a
                    // char's last byte moves `start` on to the next char.
                    let len = if byte < 0x80 { 1 } else { 2 };
                    *slot = Span::new(start, start + len);
                    if byte < 0xC0 {
                        start += len;
                    }
                }
                at += kept;
                continue;
            }
            let Some(ch) = original[at..].chars().next() else { break };
            let from = Span::new(at, at + ch.len_utf8());
            at = from.end;
            let pushed = match fold(ch) {
                Fold::Keep => push(&mut text, ch),
                Fold::To(to) => push(&mut text, to),
                Fold::ToStr(to) => {
                    text.push_str(to);
                    to.len()
                }
                Fold::Drop => {
                    // The dropped char widens the char before it, so that the span of a word
                    // keeps its trailing diacritics and tatweel.
                    if let Some(last) = origin.last().copied() {
                        let char_len = text.chars().next_back().map_or(0, char::len_utf8);
                        let first = origin.len() - char_len;
                        for span in &mut origin[first..] {
                            span.end = from.end.max(last.end);
                        }
                    }
                    0
                }
                Fold::Skip => 0,
            };
            origin.extend(std::iter::repeat_n(from, pushed));
        }
        Normalized { text, origin, original_len: original.len() }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text (on its char boundaries) to the original text.
    ///
    /// The start maps to the start of the first char's origin; the end to the end of the last
    /// char's origin, trailing dropped chars included. An empty range maps to an empty span at
    /// the origin of the char it stands before.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let start_at = self.origin_start(start);
        if end <= start {
            return Span::new(start_at, start_at);
        }
        let end_at = self.origin.get(end - 1).map_or(self.original_len, |span| span.end);
        Span::new(start_at, end_at.max(start_at))
    }

    /// The original offset where the normalized char at `at` begins; the end of the original
    /// text for `at` at or past the end.
    pub fn origin_start(&self, at: usize) -> usize {
        self.origin.get(at).map_or(self.original_len, |span| span.start)
    }
}

fn push(text: &mut String, ch: char) -> usize {
    text.push(ch);
    ch.len_utf8()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(original, normalized)`: one line per folding concern.
    const FOLDS: &[(&str, &str)] = &[
        ("بُوتِينُ", "بوتين"),                     // tashkeel
        ("الرحمٰن", "الرحمن"),                   // dagger alef
        ("بوتـــين", "بوتين"),                  // tatweel
        ("أإآٱ", "اااا"),                       // alef and hamza forms
        ("مصطفى", "مصطفي"),                     // alef maqsura
        ("کیف", "كيف"),                         // Persian kaf and yeh
        ("٢٠٢٤ و۱۲", "2024 و12"),               // Arabic-Indic and Eastern digits
        ("3٫5 ١٬٠٠٠ ٣٠٪", "3.5 1,000 30%"),     // Arabic decimal, thousands, percent
        ("a\u{200F}b\u{2067}c\u{FEFF}", "abc"), // bidi and zero-width controls
        ("a\u{00A0}b", "a b"),                  // no-break space
        ("\u{FEFB}", "لا"),                      // lam-alef ligature
        ("CNN", "cnn"),                         // ASCII case
        ("👍 Zoë", "👍 zoë"),                   // everything else kept
    ];

    #[test]
    fn folds_each_concern() {
        for (original, expected) in FOLDS {
            assert_eq!(normalize(original), *expected, "folding {original:?}");
            assert_eq!(normalize_cow(original), *expected, "borrowed folding {original:?}");
            assert_eq!(
                Normalized::new(original).as_str(),
                *expected,
                "mapped folding {original:?}"
            );
        }
    }

    #[test]
    fn the_arabic_mask_agrees_with_the_char_test() {
        for code in 0x600..0x680u32 {
            let ch = char::from_u32(code).unwrap();
            let text = ch.to_string();
            let byte_loop = common_and_kept_len(&text) == text.len();
            assert_eq!(byte_loop, is_common_and_kept(ch), "U+{code:04X}");
        }
    }

    #[test]
    fn borrows_text_that_folding_leaves_as_it_is() {
        for text in ["الامم المتحدة", "cnn 24", ""] {
            assert!(matches!(normalize_cow(text), Cow::Borrowed(_)), "{text:?} was copied");
        }
        for text in ["أحمد", "CNN", "بوتـين"] {
            assert!(matches!(normalize_cow(text), Cow::Owned(_)), "{text:?} was not folded");
        }
    }

    #[test]
    fn maps_spans_back_over_dropped_chars() {
        let original = "قال بُوتِينُ\u{200F} 👍";
        let normalized = Normalized::new(original);
        let start = normalized.as_str().find("بوتين").unwrap();
        let span = normalized.to_original(start, start + "بوتين".len());
        assert_eq!(span.slice(original), "بُوتِينُ\u{200F}", "trailing marks belong to the word");
        let emoji = normalized.as_str().find('👍').unwrap();
        assert_eq!(normalized.to_original(emoji, emoji + 4).slice(original), "👍");
    }

    #[test]
    fn maps_the_ligature_and_empty_ranges() {
        let original = "x\u{FEFB}y";
        let normalized = Normalized::new(original);
        assert_eq!(normalized.as_str(), "xلاy");
        let lam_alef = normalized.to_original(1, 5);
        assert_eq!(lam_alef.slice(original), "\u{FEFB}");
        assert_eq!(normalized.to_original(3, 3), Span::new(1, 1), "inside a ligature");
        assert_eq!(normalized.to_original(6, 6), Span::new(original.len(), original.len()));
    }

    #[test]
    fn bidi_embeddings_and_isolates_stay_outside_the_words_around_them() {
        for original in ["\u{2067}بوتين\u{2069} قال", "\u{202E}بوتين\u{202C}\u{2069} قال"]
        {
            let normalized = Normalized::new(original);
            assert_eq!(normalized.as_str(), "بوتين قال");
            let word = normalized.to_original(0, "بوتين".len());
            assert_eq!(word.slice(original), "بوتين", "{original:?}");
        }
    }

    #[test]
    fn leading_dropped_chars_belong_to_nothing() {
        let original = "\u{200F}\u{064E}شي";
        let normalized = Normalized::new(original);
        assert_eq!(normalized.as_str(), "شي");
        assert_eq!(normalized.to_original(0, 4).slice(original), "شي");
    }
}
