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

/// True for the letters, punctuation and ASCII most text is made of: they stay as they are.
/// Other chars may stay too (see [`fold`]); this is the quick test before the full match.
pub(crate) const fn is_common_and_kept(ch: char) -> bool {
    matches!(ch, '\u{060C}' // comma
        | '\u{061B}' // semicolon
        | '\u{061F}' // question mark
        | '\u{0621}'
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
/// reads eight bytes at a time while [`plain_block_len`] can tell, and a char it cannot (`ء`,
/// `؟`, or one that stops the run) by its bytes with a bit mask, which is much cheaper than
/// decoding it: those chars are ASCII or two bytes long with the lead byte `0xD8` or `0xD9`.
/// The blocks go on after that char, so a run with a rare letter in it is still read by blocks.
fn common_and_kept_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while let Some(block) = bytes.get(at..at + 8) {
            let plain = plain_block_len(u64::from_le_bytes(block.try_into().unwrap_or_default()));
            if plain == 0 {
                break;
            }
            at += plain;
        }
        // The next char by the bit mask; the blocks go on after it.
        match bytes.get(at..).unwrap_or_default() {
            [lead @ (0xD8 | 0xD9), second, ..] if kept_arabic(*lead, *second) => at += 2,
            [byte, ..] if byte.is_ascii() && !byte.is_ascii_uppercase() => at += 1,
            _ => return at,
        }
    }
}

/// Eight copies of a byte, one in each byte of a `u64`.
const fn lanes(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is zero, and no other bit. The low seven bits of a
/// byte plus `0x7F` never carry into the next byte, so the bytes do not disturb each other.
const fn zero_bytes(word: u64) -> u64 {
    !(((word & lanes(0x7F)) + lanes(0x7F)) | word) & lanes(0x80)
}

/// The high bit of each byte of `low7` (bytes below `0x80`) that is at least `floor` (below
/// `0x80`). A byte with its high bit set minus `floor` never borrows from the next byte.
const fn at_least(low7: u64, floor: u8) -> u64 {
    ((low7 | lanes(0x80)) - lanes(floor)) & lanes(0x80)
}

/// The high bit of each byte of `low7` (bytes below `0x80`) that is at most `ceiling` (below
/// `0x80`).
const fn at_most(low7: u64, ceiling: u8) -> u64 {
    ((lanes(ceiling) | lanes(0x80)) - low7) & lanes(0x80)
}

/// How many of the eight bytes of `block` (read little-endian from a char boundary) a run of
/// [`is_common_and_kept`] chars surely covers: 8, or 7 when the eighth byte leads a char that
/// ends in the next block, or 0 when a byte is not plain. Plain bytes are ASCII that is not a
/// capital, the lead bytes `0xD8` and `0xD9`, and the second bytes of the comma and the letters
/// U+0626..U+063A after `0xD8` and of U+0641..U+0648 and U+064A after `0xD9`: what most Arabic
/// text is made of. Other kept chars (`ء`, `ؤ`, `؟`) make the block not plain, and the bit mask
/// reads them. Each byte is tested in place, with no branch: this is what makes it faster than a
/// loop that goes from char to char, mispredicting a branch wherever a space meets a letter.
fn plain_block_len(block: u64) -> usize {
    let high = block & lanes(0x80);
    let low7 = block & lanes(0x7F);
    let capital = at_least(low7, b'A') & at_most(low7, b'Z');
    let ascii = !high & !capital & lanes(0x80);
    let lead = zero_bytes((block & lanes(0xFE)) ^ lanes(0xD8));
    // Each byte's previous byte, in the same place; the first byte has none.
    let previous = block << 8;
    let after_d8 = zero_bytes(previous ^ lanes(0xD8));
    let after_d9 = zero_bytes(previous ^ lanes(0xD9));
    let letter_d8 =
        after_d8 & ((at_least(low7, 0x26) & at_most(low7, 0x3A)) | zero_bytes(low7 ^ lanes(0x0C)));
    let letter_d9 =
        after_d9 & ((at_least(low7, 0x01) & at_most(low7, 0x08)) | zero_bytes(low7 ^ lanes(0x0A)));
    let plain = ascii | lead | (high & (letter_d8 | letter_d9));
    if plain != lanes(0x80) {
        0
    } else if lead & (0x80 << 56) != 0 {
        7
    } else {
        8
    }
}

/// True when the two-byte char of lead byte `0xD8` or `0xD9` and second byte `second` is one of
/// [`is_common_and_kept`].
fn kept_arabic(lead: u8, second: u8) -> bool {
    (COMMON_AND_KEPT_ARABIC[usize::from(lead & 1)] >> (second & 0x3F)) & 1 == 1
}

/// Normalized text and a map from its bytes back to the original text.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    /// The map back, in pieces that cover `text` in order: most text is copied byte for byte and
    /// needs one piece per run, not a span per byte (which took 16 bytes of map per byte of text).
    pieces: Vec<Piece>,
    /// For each block of [`Normalized::BLOCK`] bytes of `text`, the index of the piece holding
    /// its first byte: a lookup searches only the pieces of one block, in any order.
    block_pieces: Vec<usize>,
    original_len: usize,
}

/// A stretch of the normalized text that maps back to the original text in one way.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Its first byte in the normalized text.
    start: usize,
    /// Where it begins in the original text.
    origin: usize,
    /// `None` for a stretch copied byte for byte: its chars have the same lengths as the original
    /// chars they come from (a char folded to one of the same length, `أ` to `ا`, counts as
    /// copied), so each byte maps to `origin` plus its distance from `start`. `Some(end)` for one
    /// normalized char whose original span `origin..end` is not its own length: a char folded to
    /// another length, one char of a ligature, or a char widened over the dropped chars after it.
    folded_end: Option<usize>,
}

impl Normalized {
    /// Bytes of normalized text per block of the pieces' index.
    const BLOCK: usize = 32;

    /// Normalizes `original`, remembering where each normalized char came from.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut pieces: Vec<Piece> = Vec::new();
        let mut at = 0;
        while at < original.len() {
            // Runs of common chars stay as they are.
            let kept = common_and_kept_len(&original[at..]);
            if kept > 0 {
                copy_piece(&mut pieces, text.len(), at);
                text.push_str(&original[at..at + kept]);
                at += kept;
                continue;
            }
            let Some(ch) = original[at..].chars().next() else { break };
            let from = at;
            at += ch.len_utf8();
            match fold(ch) {
                Fold::Keep => {
                    copy_piece(&mut pieces, text.len(), from);
                    text.push(ch);
                }
                Fold::To(to) if to.len_utf8() == ch.len_utf8() => {
                    copy_piece(&mut pieces, text.len(), from);
                    text.push(to);
                }
                Fold::To(to) => {
                    pieces.push(Piece { start: text.len(), origin: from, folded_end: Some(at) });
                    text.push(to);
                }
                Fold::ToStr(to) => {
                    // Each char of the ligature spans the whole ligature.
                    for to in to.chars() {
                        let piece = Piece { start: text.len(), origin: from, folded_end: Some(at) };
                        pieces.push(piece);
                        text.push(to);
                    }
                }
                Fold::Drop => widen_last_char(&mut pieces, &text, at),
                Fold::Skip => {}
            }
        }
        let mut block_pieces = Vec::with_capacity(text.len() / Self::BLOCK + 1);
        let mut piece = 0;
        for block_start in (0..text.len()).step_by(Self::BLOCK) {
            while pieces.get(piece + 1).is_some_and(|next| next.start <= block_start) {
                piece += 1;
            }
            block_pieces.push(piece);
        }
        Normalized { text, pieces, block_pieces, original_len: original.len() }
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
        let first = self.piece_index(start);
        let start_at = self.start_in(first, start);
        if end <= start {
            return Span::new(start_at, start_at);
        }
        // The last char of a word lies most often in the piece of its first: the index is then
        // not searched a second time.
        let last = match first {
            Some(index) if self.pieces.get(index + 1).is_none_or(|next| next.start >= end) => {
                Some(index).filter(|_| end <= self.text.len())
            }
            _ => self.piece_index(end - 1),
        };
        let end_at = self.end_in(last, end - 1);
        Span::new(start_at, end_at.max(start_at))
    }

    /// The original offset where the normalized char at `at` begins; the end of the original
    /// text for `at` at or past the end.
    pub fn origin_start(&self, at: usize) -> usize {
        self.start_in(self.piece_index(at), at)
    }

    /// [`Normalized::origin_start`] of `at` in the piece of index `piece` (which holds `at`;
    /// `None` when no piece does).
    fn start_in(&self, piece: Option<usize>, at: usize) -> usize {
        let Some(piece) = piece.and_then(|index| self.pieces.get(index)) else {
            return self.original_len;
        };
        match piece.folded_end {
            Some(_) => piece.origin,
            None => piece.origin + (self.char_start(at) - piece.start),
        }
    }

    /// The original offset where the normalized char holding byte `at` ends, dropped chars after
    /// it included, in the piece of index `piece` (which holds `at`); the end of the original
    /// text for `None`, when no piece holds `at`.
    fn end_in(&self, piece: Option<usize>, at: usize) -> usize {
        let Some(piece) = piece.and_then(|index| self.pieces.get(index)) else {
            return self.original_len;
        };
        match piece.folded_end {
            Some(end) => end,
            None => {
                let mut char_end = at + 1;
                while !self.text.is_char_boundary(char_end) {
                    char_end += 1;
                }
                piece.origin + (char_end - piece.start)
            }
        }
    }

    /// The index of the piece holding byte `at` of the normalized text, if `at` is inside it.
    fn piece_index(&self, at: usize) -> Option<usize> {
        if at >= self.text.len() {
            return None;
        }
        // From the piece holding the block's first byte (the first piece starts at 0, so every
        // byte of the text has one), the pieces that start before `at`: most often none.
        let mut index = *self.block_pieces.get(at / Self::BLOCK)?;
        while self.pieces.get(index + 1).is_some_and(|next| next.start <= at) {
            index += 1;
        }
        Some(index)
    }

    /// The start of the normalized char holding byte `at` (below the text's length).
    fn char_start(&self, mut at: usize) -> usize {
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// Goes on with the copied piece that ends at `start` of the normalized text when it also ends at
/// `origin` of the original; starts a new one otherwise.
fn copy_piece(pieces: &mut Vec<Piece>, start: usize, origin: usize) {
    if let Some(last) = pieces.last() {
        if last.folded_end.is_none() && last.origin + (start - last.start) == origin {
            return;
        }
    }
    pieces.push(Piece { start, origin, folded_end: None });
}

/// A dropped char ending at `end` of the original widens the last normalized char so far, so that
/// the span of a word keeps its trailing diacritics and tatweel. That char becomes a piece of its
/// own; dropped chars before any text widen nothing.
fn widen_last_char(pieces: &mut Vec<Piece>, text: &str, end: usize) {
    let Some(last) = pieces.last_mut() else { return };
    match &mut last.folded_end {
        Some(folded_end) => *folded_end = end,
        None => {
            let char_start = text.len() - text.chars().next_back().map_or(0, char::len_utf8);
            let origin = last.origin + (char_start - last.start);
            let widened = Piece { start: char_start, origin, folded_end: Some(end) };
            if char_start == last.start {
                *last = widened;
            } else {
                pieces.push(widened);
            }
        }
    }
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
    fn the_byte_loop_stops_where_the_char_test_first_fails() {
        let chars = ('\u{0}'..='\u{7FF}').chain(['\u{FEFB}', '\u{200F}', '👍']);
        for ch in chars {
            for text in [format!("{ch}"), format!("با{ch}ب "), format!("a {ch}ي")] {
                let expected: usize =
                    text.chars().take_while(|&ch| is_common_and_kept(ch)).map(char::len_utf8).sum();
                assert_eq!(common_and_kept_len(&text), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn the_blocks_stop_where_the_char_test_first_fails() {
        // Each char after every count of ASCII bytes, so that it falls in each of a block's
        // eight places, between letters the blocks read and with a long kept tail after it.
        let chars = ('\u{0}'..='\u{7FF}').chain(['\u{FEFB}', '\u{200F}', '👍']);
        for ch in chars {
            for ascii in 0..8 {
                let pad = "x".repeat(ascii);
                let text = format!("{pad}بت{ch}ثجحخ، دذرزسش ضطظعغفقكلمنهوي");
                let expected: usize =
                    text.chars().take_while(|&ch| is_common_and_kept(ch)).map(char::len_utf8).sum();
                assert_eq!(common_and_kept_len(&text), expected, "{text:?}");
            }
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

    /// The map as it was first written, one original span per normalized byte: the pieces must
    /// answer every query exactly as it does.
    fn spans_per_byte(original: &str) -> Vec<Span> {
        let mut text = String::new();
        let mut origin: Vec<Span> = Vec::new();
        for (at, ch) in original.char_indices() {
            let from = Span::new(at, at + ch.len_utf8());
            let before = text.len();
            match fold(ch) {
                Fold::Keep => text.push(ch),
                Fold::To(to) => text.push(to),
                Fold::ToStr(to) => text.push_str(to),
                Fold::Drop => {
                    if let Some(char_len) = text.chars().next_back().map(char::len_utf8) {
                        let first = origin.len() - char_len;
                        for span in &mut origin[first..] {
                            span.end = from.end;
                        }
                    }
                }
                Fold::Skip => {}
            }
            origin.extend(std::iter::repeat_n(from, text.len() - before));
        }
        origin
    }

    #[test]
    fn pieces_map_every_range_as_spans_per_byte_do() {
        let texts = [
            "قال بُوتِينُ\u{200F} 👍 CNN",
            "\u{200F}\u{064E}شي\u{064E}\u{0651}",
            "x\u{FEFB}\u{064E}y\u{FEF7}",
            "٢٠٢٤ و۱۲ ٣٫٥ ١٬٠٠٠ ٣٠٪ a\u{00A0}b\u{2003}c",
            "\u{2067}بوتين\u{2069}\u{064E} قال \u{202E}أإآ\u{202C}ىکیف",
            "بوتـــين Zoë ABC \u{0640}\u{0640}",
            "\u{FEFF}",
            "",
        ];
        // And texts drawn from chars of every kind, by a fixed pseudo-random sequence.
        let chars = [
            'ب', 'ا', ' ', 'أ', 'ى', '\u{064E}', '\u{0651}', '\u{0640}', '\u{200F}', '\u{2067}',
            '\u{2069}', '\u{FEFB}', '٣', '۵', '٫', '\u{00A0}', '\u{2003}', 'Q', 'é', '👍', '\n',
        ];
        let mut state = 0x2545_f491_u32;
        let mut next = || {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize
        };
        let drawn: Vec<String> = (0..300)
            .map(|_| (0..next() % 60).map(|_| chars[next() % chars.len()]).collect())
            .collect();
        assert!(drawn.iter().map(String::len).sum::<usize>() > 10_000, "too few chars drawn");
        for original in texts.into_iter().chain(drawn.iter().map(String::as_str)) {
            let normalized = Normalized::new(original);
            let origin = spans_per_byte(original);
            let text = normalized.as_str();
            assert_eq!(origin.len(), text.len(), "{original:?}");
            for start in 0..=text.len() + 1 {
                let expected = origin.get(start).map_or(original.len(), |span| span.start);
                assert_eq!(normalized.origin_start(start), expected, "{original:?} at {start}");
                for end in start + 1..=text.len() + 1 {
                    let end_at = origin.get(end - 1).map_or(original.len(), |span| span.end);
                    let expected = Span::new(expected, end_at.max(expected));
                    let got = normalized.to_original(start, end);
                    assert_eq!(got, expected, "{original:?} from {start} to {end}");
                }
            }
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
