//! Lossless tokenization of normalized text, with proclitic sub-spans.
//!
//! The tokens of a text concatenate back to it exactly: whitespace and punctuation are tokens too,
//! and dropped chars (diacritics, tatweel, bidi controls) belong to the token before them. Each
//! Arabic word may carry a proclitic prefix (`و ف ب ل ك` and their combinations); the definite
//! article `ال` stays in the stem because it is part of names such as `الصين`.

use crate::normalize::Normalized;
use crate::span::Span;
use std::borrow::Cow;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of Arabic letters.
    Word,
    /// A run of letters of another script (Latin, Cyrillic, ...) and digits after them.
    Latin,
    /// Digits with inner decimal or thousands separators: `227.7`, `1,000`.
    Number,
    /// A quotation mark of any style.
    QuoteMark,
    /// Any other punctuation or symbol, one char per token.
    Punct,
    /// Whitespace without a line break.
    Space,
    /// Whitespace holding at least one line break: a paragraph or line boundary.
    Break,
}

/// One token: its kind, where it is in the normalized text, and its proclitic prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte range of the token in the normalized text.
    pub start: usize,
    /// End of the byte range in the normalized text.
    pub end: usize,
    /// Bytes of the proclitic prefix at the start of a word (0 for none; at most 4). A byte, not
    /// a `usize`: a text has a token every four bytes or so, and this keeps a token to 24 bytes.
    pub proclitic: u8,
}

/// Proclitic prefixes, longest first: conjunction, preposition, or both. The article is not
/// among them (see the module docs); `لل` is `ل` followed by an article whose alef is elided.
pub const PROCLITICS: [&str; 11] = ["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

/// Every quotation mark the tokenizer knows.
pub fn is_quote_mark(ch: char) -> bool {
    matches!(
        ch,
        '"' | '“'
            | '”'
            | '«'
            | '»'
            | '„'
            | '‟'
            | '‹'
            | '›'
            | '‘'
            | '’'
            | '‚'
            | '〝'
            | '〞'
            | '＂'
    )
}

/// True for letters of the Arabic script after normalization.
pub const fn is_arabic_letter(ch: char) -> bool {
    matches!(ch, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}' | '\u{06EE}' | '\u{06EF}' | '\u{06FA}'..='\u{06FF}')
}

/// True for letters of other scripts. The Arabic block's punctuation (`،` `؛` `؟`) and the
/// general punctuation (dashes, `…`) are told without the Unicode tables, whose lookup for chars
/// above U+00FF costs hundreds of instructions: the only other letters in those ranges are the
/// Arabic marks that count as alphabetic, listed in [`ARABIC_BLOCK_OTHER_LETTERS`].
fn is_other_letter(ch: char) -> bool {
    match u32::from(ch) {
        code @ 0x600..=0x6FF => {
            let low = code - 0x600;
            (ARABIC_BLOCK_OTHER_LETTERS[(low >> 6) as usize] >> (low & 0x3F)) & 1 == 1
        }
        0x2000..=0x206F => false,
        _ => ch.is_alphabetic() && !is_arabic_letter(ch),
    }
}

/// The chars of U+0600..U+06FF that are alphabetic but not [`is_arabic_letter`], one bit each by
/// their offset from U+0600: a few rare letters (`ؠ`, the keheh forms U+063B..U+063F), tatweel
/// and the small waw and yeh, and the marks of Unicode's Other_Alphabetic property (tashkeel,
/// Quranic marks). Normalization drops most of them, but [`split`] takes any text and tells them
/// as `char::is_alphabetic` does; a test checks every char of the block against it.
const ARABIC_BLOCK_OTHER_LETTERS: [u64; 4] = {
    let mut masks = [0u64; 4];
    let ranges = [
        (0x610, 0x61A),
        (0x620, 0x620),
        (0x63B, 0x640),
        (0x64B, 0x657),
        (0x659, 0x65F),
        (0x6D6, 0x6DC),
        (0x6E1, 0x6E8),
        (0x6ED, 0x6ED),
    ];
    let mut range = 0;
    while range < ranges.len() {
        let (first, last) = ranges[range];
        let mut code = first;
        while code <= last {
            let low = code - 0x600;
            masks[low >> 6] |= 1 << (low & 0x3F);
            code += 1;
        }
        range += 1;
    }
    masks
};

/// The tokens of one text together with its normalization.
pub struct Tokens<'a> {
    /// The text as given.
    pub original: &'a str,
    /// Its normalized form and offset map.
    pub normalized: Normalized,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
}

impl<'a> Tokens<'a> {
    /// Normalizes and tokenizes `original`, splitting proclitics as [`proclitic_len`] says.
    pub fn new(original: &'a str, words: &dyn WordList) -> Tokens<'a> {
        let normalized = Normalized::new(original);
        let tokens = split(normalized.as_str(), Some(words));
        Tokens { original, normalized, tokens }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The normalized text of token `index`.
    pub fn text(&self, index: usize) -> &str {
        self.tokens.get(index).map_or("", |t| &self.normalized.as_str()[t.start..t.end])
    }

    /// The normalized text of token `index` without its proclitic.
    pub fn stem(&self, index: usize) -> &str {
        self.tokens
            .get(index)
            .map_or("", |t| &self.normalized.as_str()[t.start + usize::from(t.proclitic)..t.end])
    }

    /// The kind of token `index`, if it exists.
    pub fn kind(&self, index: usize) -> Option<TokenKind> {
        self.tokens.get(index).map(|t| t.kind)
    }

    /// The original span of token `index`, trailing dropped chars included.
    pub fn span(&self, index: usize) -> Span {
        self.tokens
            .get(index)
            .map_or(Span::default(), |t| self.normalized.to_original(t.start, t.end))
    }

    /// The original span of token `index` from byte `skip` of its normalized text onwards.
    pub fn span_from(&self, index: usize, skip: usize) -> Span {
        self.tokens.get(index).map_or(Span::default(), |t| {
            self.normalized.to_original((t.start + skip).min(t.end), t.end)
        })
    }

    /// The original span from the start of token `first` (after `skip` bytes) to the end of token
    /// `last`.
    pub fn span_between(&self, first: usize, skip: usize, last: usize) -> Span {
        let start = self.span_from(first, skip).start;
        let end = self.span(last).end;
        Span::new(start, end.max(start))
    }

    /// The lossless original span of each token: consecutive, covering the whole text. A text
    /// made only of dropped chars (a lone diacritic) has no tokens and yields one span for all.
    pub fn lossless_spans(&self) -> Vec<Span> {
        if self.tokens.is_empty() && !self.original.is_empty() {
            return vec![Span::new(0, self.original.len())];
        }
        let mut spans = Vec::with_capacity(self.tokens.len());
        for (index, token) in self.tokens.iter().enumerate() {
            let start = if index == 0 { 0 } else { self.normalized.origin_start(token.start) };
            let end = match self.tokens.get(index + 1) {
                Some(next) => self.normalized.origin_start(next.start),
                None => self.original.len(),
            };
            spans.push(Span::new(start, end.max(start)));
        }
        spans
    }
}

/// What the tokenizer needs to know about words to split proclitics safely.
pub trait WordList {
    /// True for a normalized word that must never lose its first letters to a proclitic split
    /// because it is known as a whole (`بكين`, `لبنان`, `وزير`, `ولي`).
    fn keeps_whole(&self, word: &str) -> bool;
    /// True for a normalized word that can stand after a proclitic (`قال` in `وقال`).
    fn knows(&self, stem: &str) -> bool;
}

/// Cuts normalized text into tokens; without a word list, no proclitic is split.
///
/// It reads bytes, not chars: the kind of most tokens shows in their first byte (ASCII) or first
/// two (Arabic letters, all two bytes long), and only other chars are decoded.
pub fn split(text: &str, words: Option<&dyn WordList>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut start = 0;
    while let Some(&lead) = bytes.get(start) {
        let (kind, end) = if arabic_letter_at(bytes, start) {
            (TokenKind::Word, arabic_run_end(text, start + 2))
        } else if lead.is_ascii() {
            ascii_token(text, start, lead)
        } else {
            let Some(ch) = text.get(start..).and_then(|rest| rest.chars().next()) else { break };
            other_token(text, start, ch)
        };
        // Most words open with no proclitic letter, told by their first two bytes without a call.
        let proclitic = match words {
            Some(words) if kind == TokenKind::Word && opens_with_proclitic(bytes, start) => {
                let len = text.get(start..end).map_or(0, |word| proclitic_len(word, words));
                // At most four bytes (two letters).
                u8::try_from(len).unwrap_or(0)
            }
            _ => 0,
        };
        tokens.push(Token { kind, start, end, proclitic });
        start = end;
    }
    tokens
}

/// The kind and end of the token starting at `start` with the ASCII char `lead`.
fn ascii_token(text: &str, start: usize, lead: u8) -> (TokenKind, usize) {
    let after = start + 1;
    match lead {
        // A single space between words is the most common token of all: it is told without the
        // loop of `space_run` when the byte after it starts no whitespace.
        b' ' if !bytes_after(text, after).first().is_some_and(|&next| may_start_space(next)) => {
            (TokenKind::Space, after)
        }
        b' ' | b'\t'..=b'\r' => space_run(text, start),
        b'0'..=b'9' => (TokenKind::Number, number_end(text, start)),
        b'a'..=b'z' | b'A'..=b'Z' => (TokenKind::Latin, latin_run_end(text, after)),
        b'"' => (TokenKind::QuoteMark, after),
        b'\'' if !between_letters(text, start) => (TokenKind::QuoteMark, after),
        _ => (TokenKind::Punct, after),
    }
}

/// The kind and end of the token starting at `start` with `ch`, a char that is neither ASCII nor
/// an Arabic letter.
fn other_token(text: &str, start: usize, ch: char) -> (TokenKind, usize) {
    let after = start + ch.len_utf8();
    if ch.is_whitespace() {
        space_run(text, start)
    } else if is_quote_mark(ch) {
        // No quotation mark is a letter, so telling them first changes nothing and spares the
        // Unicode tables a lookup for the marks around every quotation.
        (TokenKind::QuoteMark, after)
    } else if is_other_letter(ch) {
        (TokenKind::Latin, latin_run_end(text, after))
    } else {
        (TokenKind::Punct, after)
    }
}

/// The bytes of `text` from `at` on (none past the end).
fn bytes_after(text: &str, at: usize) -> &[u8] {
    text.as_bytes().get(at..).unwrap_or_default()
}

/// True for a byte that may start whitespace: ASCII whitespace, or the lead byte of U+0085,
/// U+00A0, U+1680 or U+2000 and above (other whitespace, which is then decoded).
fn may_start_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3)
}

/// The kind and end of the run of whitespace from `start`: a break when it holds a line feed.
fn space_run(text: &str, start: usize) -> (TokenKind, usize) {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut line_break = false;
    while let Some(&byte) = bytes.get(end) {
        match byte {
            b'\n' => line_break = true,
            b' ' | b'\t'..=b'\r' => {}
            // Other whitespace has one of the lead bytes of `may_start_space` (the Arabic letters
            // after most spaces are not decoded).
            0xC2 | 0xE1..=0xE3 => match text.get(end..).and_then(|rest| rest.chars().next()) {
                Some(ch) if ch.is_whitespace() => {
                    end += ch.len_utf8();
                    continue;
                }
                _ => break,
            },
            _ => break,
        }
        end += 1;
    }
    (if line_break { TokenKind::Break } else { TokenKind::Space }, end)
}

/// The end of a run of letters of other scripts and digits from `start` on; an apostrophe between
/// letters stays inside the word (`O'Brien`). ASCII letters and digits are told by their byte.
fn latin_run_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        match bytes.get(end) {
            Some(byte) if byte.is_ascii_alphanumeric() => end += 1,
            Some(b'\'') if between_letters(text, end) => end += 1,
            Some(byte) if !byte.is_ascii() => {
                match text.get(end..).and_then(|rest| rest.chars().next()) {
                    Some(ch) if is_other_letter(ch) => end += ch.len_utf8(),
                    _ => return end,
                }
            }
            _ => return end,
        }
    }
}

/// The lookup key of a phrase from a word list: normalized, cut into tokens as text is, the
/// non-space tokens joined by single spaces (`أوبك+` becomes `اوبك +`). Also returns the number
/// of tokens in the key.
pub fn phrase_key(phrase: &str) -> (String, usize) {
    let (key, count) = phrase_key_cow(phrase);
    (key.into_owned(), count)
}

/// Like [`phrase_key`], but borrows the phrase when it is already its own key, as most list
/// entries are: Arabic words between single spaces that folding leaves as they are.
pub fn phrase_key_cow(phrase: &str) -> (Cow<'_, str>, usize) {
    // Most phrases are their own key already, told in one pass over the phrase.
    let kept_letter = |lead: u8, second: u8| {
        let mask = KEPT_LETTERS.get(usize::from(lead.wrapping_sub(0xD8))).copied().unwrap_or(0);
        (mask >> (second & 0x3F)) & 1 == 1
    };
    if let Some(count) = plain_key_tokens(phrase, kept_letter) {
        return (Cow::Borrowed(phrase), count);
    }
    let text = crate::normalize::normalize_cow(phrase);
    let letter = |lead: u8, second: u8| arabic_letter_at(&[lead, second], 0);
    if let Some(count) = plain_key_tokens(&text, letter) {
        return (text, count);
    }
    let (key, count) = key_of_tokens(&text);
    (Cow::Owned(key), count)
}

/// The Arabic letters that folding keeps as they are (U+0621..U+064A but for the alef and yeh
/// forms it folds), one bit each: the two-byte chars whose lead byte is `0xD8` (the first mask)
/// or `0xD9` (the second), by the low six bits of their second byte.
const KEPT_LETTERS: [u64; 2] = {
    let mut masks = [0u64; 2];
    let mut low = 0;
    while low < 128 {
        if let Some(ch) = char::from_u32(0x600 + low) {
            if is_arabic_letter(ch) && crate::normalize::is_common_and_kept(ch) {
                masks[(low >> 6) as usize] |= 1 << (low & 0x3F);
            }
        }
        low += 1;
    }
    masks
};

/// The number of tokens of text that is its own key: words of Arabic letters between single
/// spaces, none at either end, where `letter` tells an Arabic letter by its lead byte (from
/// `0xD8` to `0xDB`) and second byte. A byte loop is cheaper than decoding every char.
fn plain_key_tokens(text: &str, letter: impl Fn(u8, u8) -> bool) -> Option<usize> {
    let mut count = 1;
    let mut after_space = true;
    let mut rest = text.as_bytes();
    loop {
        match rest {
            [b' ', tail @ ..] if !after_space => {
                after_space = true;
                count += 1;
                rest = tail;
            }
            [lead @ 0xD8..=0xDB, second, tail @ ..] if letter(*lead, *second) => {
                after_space = false;
                rest = tail;
            }
            [] => return (!after_space).then_some(count),
            _ => return None,
        }
    }
}

/// The key of normalized text: its non-space tokens joined by single spaces, and their number.
pub(crate) fn key_of_tokens(text: &str) -> (String, usize) {
    let mut key = String::with_capacity(text.len());
    let mut count = 0;
    for token in split(text, None) {
        if matches!(token.kind, TokenKind::Space | TokenKind::Break) {
            continue;
        }
        if count > 0 {
            key.push(' ');
        }
        key.push_str(&text[token.start..token.end]);
        count += 1;
    }
    (key, count)
}

/// [`is_arabic_letter`] of the chars U+0600..U+06FF, one bit each: the two-byte chars whose lead
/// byte is `0xD8` (the first mask) to `0xDB` (the last), by the low six bits of their second byte.
const ARABIC_LETTERS: [u64; 4] = {
    let mut masks = [0u64; 4];
    let mut low = 0;
    while low < 256 {
        if let Some(ch) = char::from_u32(0x600 + low) {
            if is_arabic_letter(ch) {
                masks[(low >> 6) as usize] |= 1 << (low & 0x3F);
            }
        }
        low += 1;
    }
    masks
};

/// True when an Arabic letter starts at byte `at`. Every Arabic letter is two bytes long in UTF-8,
/// with the lead byte `0xD8` to `0xDB`.
fn arabic_letter_at(bytes: &[u8], at: usize) -> bool {
    let Some(&lead) = bytes.get(at) else { return false };
    let Some(&mask) = ARABIC_LETTERS.get(usize::from(lead.wrapping_sub(0xD8))) else {
        return false;
    };
    bytes.get(at + 1).is_some_and(|&second| (mask >> (second & 0x3F)) & 1 == 1)
}

/// The end of the run of Arabic letters from `start` on, read two bytes at a time.
fn arabic_run_end(text: &str, start: usize) -> usize {
    let pairs = text.as_bytes().get(start..).unwrap_or_default().chunks_exact(2);
    let letters = pairs.take_while(|pair| arabic_letter_at(pair, 0)).count();
    start + 2 * letters
}

/// End of a number starting at `start`: digits, and `.` or `,` only between digits.
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        if bytes[end].is_ascii_digit() {
            end += 1;
        } else if (bytes[end] == b'.' || bytes[end] == b',')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}

fn between_letters(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back().is_some_and(char::is_alphabetic);
    let after = text[at + 1..].chars().next().is_some_and(char::is_alphabetic);
    before && after
}

/// The byte lengths of the proclitics of [`PROCLITICS`] a word opens with: the one-letter one and
/// the two-letter one, 0 for none. A word opens with at most one of each, and most words with
/// none; the bytes tell which without a walk over the list.
fn proclitic_lens(word: &str) -> [usize; 2] {
    // `و ف ل ك` are U+0648, U+0641, U+0644, U+0643 (`0xD9` then `0x88 0x81 0x84 0x83`), `ب` is
    // U+0628 (`0xD8 0xA8`); a two-letter proclitic is `و` or `ف` before `ب`, `ل` or `ك`.
    match word.as_bytes() {
        [0xD9, 0x81 | 0x88, 0xD8, 0xA8, ..] | [0xD9, 0x81 | 0x88, 0xD9, 0x83 | 0x84, ..] => [2, 4],
        [0xD9, 0x81 | 0x83 | 0x84 | 0x88, ..] | [0xD8, 0xA8, ..] => [2, 0],
        _ => [0, 0],
    }
}

/// True when the Arabic letter at byte `at` is one a proclitic opens with (`و ف ب ل ك`, see
/// [`proclitic_lens`]): the quick test before [`proclitic_len`], which most words fail.
fn opens_with_proclitic(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at..at + 2), Some([0xD9, 0x81 | 0x83 | 0x84 | 0x88] | [0xD8, 0xA8]))
}

/// Bytes of the proclitic prefix of a normalized Arabic word, split conservatively: only when the
/// rest begins with the article (`والصين`, `بالصين`, `للصين`) or is a known word (`وقال`,
/// `لبوتين`), and never from a word that is known as a whole. Longer proclitics are tried first.
pub fn proclitic_len(word: &str, words: &dyn WordList) -> usize {
    let [one, two] = proclitic_lens(word);
    if one == 0 || words.keeps_whole(word) {
        return 0;
    }
    for skip in [two, one] {
        let Some(rest) = word.get(skip..).filter(|_| skip > 0) else { continue };
        let letters = rest.chars().count();
        let article = rest.starts_with("ال") && letters >= 4;
        let elided_article = word[..skip].ends_with('ل') && rest.starts_with('ل') && letters >= 3;
        if article || elided_article || (letters >= 2 && words.knows(rest)) {
            return skip;
        }
    }
    0
}

/// One way to read a word for lookups: its first `skip` bytes taken as proclitics and, after a
/// lam proclitic before the article's lam, the article's elided alef restored (`للصين` read as
/// `الصين`, starting at the second lam, which is the article's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Bytes of proclitics stripped from the front of the word.
    pub skip: usize,
    /// True when the article's alef is restored in front of the rest.
    pub restores_alef: bool,
}

impl Reading {
    /// Writes the form to look up into `into`, replacing what it held; reusing one buffer keeps
    /// lookups at every position free of allocations.
    pub fn write(self, word: &str, into: &mut String) {
        into.clear();
        if self.restores_alef {
            into.push('ا');
        }
        into.push_str(word.get(self.skip..).unwrap_or(""));
    }

    /// The form to look up, as a new string.
    pub fn form(self, word: &str) -> String {
        let mut form = String::new();
        self.write(word, &mut form);
        form
    }
}

/// The ways a word may be read with a proclitic stripped: the whole word first, then shorter
/// proclitics before longer ones (`وبحسب` is `و` + `بحسب` before `وب` + `حسب`), the restored
/// article before the bare rest. A rest shorter than two letters is never offered.
///
/// There are only five such lists, so one of them is given, not built: reading every word of a
/// text costs no allocation. Most words open with no proclitic letter and are read whole, told
/// here by their first two bytes; the others are read out of line.
#[inline]
pub fn readings(word: &str) -> &'static [Reading] {
    if opens_with_proclitic(word.as_bytes(), 0) {
        readings_with_proclitic(word)
    } else {
        &[WHOLE]
    }
}

/// The reading of a word as it stands.
const WHOLE: Reading = Reading { skip: 0, restores_alef: false };

/// [`readings`] of a word that opens with a proclitic letter.
fn readings_with_proclitic(word: &str) -> &'static [Reading] {
    const ONE: Reading = Reading { skip: 2, restores_alef: false };
    const ONE_ALEF: Reading = Reading { skip: 2, restores_alef: true };
    const TWO: Reading = Reading { skip: 4, restores_alef: false };
    const TWO_ALEF: Reading = Reading { skip: 4, restores_alef: true };
    let [one, two] = proclitic_lens(word);
    // A rest of one letter is no word to look up.
    let offered = |skip: usize| {
        skip > 0 && word.get(skip..).is_some_and(|rest| rest.chars().nth(1).is_some())
    };
    // A lam proclitic before the article's lam, the article's alef elided (`للصين`), but not
    // before a word that opens with `لل` itself.
    let elided = |skip: usize| {
        word.get(skip - 2..).is_some_and(|from| from.starts_with("لل") && !from.starts_with("للل"))
    };
    if !offered(one) {
        &[WHOLE]
    } else if offered(two) {
        // The one-letter proclitic is then `و` or `ف`, which elides nothing.
        if elided(two) {
            &[WHOLE, ONE, TWO_ALEF, TWO]
        } else {
            &[WHOLE, ONE, TWO]
        }
    } else if elided(one) {
        &[WHOLE, ONE_ALEF, ONE]
    } else {
        &[WHOLE, ONE]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Known;

    impl WordList for Known {
        fn keeps_whole(&self, word: &str) -> bool {
            ["بكين", "لبنان", "وزير"].contains(&word)
        }
        fn knows(&self, stem: &str) -> bool {
            ["قال", "شي", "بوتين", "لبنان"].contains(&stem)
        }
    }

    /// Renders tokens as `text/KIND` with proclitics marked `و+`.
    fn render(text: &str) -> String {
        let tokens = Tokens::new(text, &Known);
        (0..tokens.len())
            .filter(|&i| tokens.kind(i) != Some(TokenKind::Space))
            .map(|i| {
                let t = tokens.tokens[i];
                let word = tokens.text(i);
                let shown = if t.proclitic > 0 {
                    let proclitic = usize::from(t.proclitic);
                    format!("{}+{}", &word[..proclitic], &word[proclitic..])
                } else {
                    word.to_string()
                };
                format!("{shown}/{:?}", t.kind)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    const CASES: &[(&str, &str)] = &[
        ("وقال شي لبوتين وشي", "و+قال/Word شي/Word ل+بوتين/Word و+شي/Word"),
        ("بكين ولبنان والصين", "بكين/Word و+لبنان/Word و+الصين/Word"),
        ("وبالصين للصين فللسلام", "وب+الصين/Word ل+لصين/Word فل+لسلام/Word"),
        ("وزير وزارة", "وزير/Word وزارة/Word"),
        ("بلغ 227.7 مليار و١٬٠٠٠", "بلغ/Word 227.7/Number مليار/Word و/Word 1,000/Number"),
        ("04/02/2026", "04/Number //Punct 02/Number //Punct 2026/Number"),
        ("«نص» \"آخر\" “ثالث”", "«/QuoteMark نص/Word »/QuoteMark \"/QuoteMark اخر/Word \"/QuoteMark “/QuoteMark ثالث/Word ”/QuoteMark"),
        ("لـCNN O'Brien", "ل/Word cnn/Latin o'brien/Latin"),
        ("Zoë x2y Москва l'été ab'", "zoë/Latin x2y/Latin Москва/Latin l'été/Latin ab/Latin '/QuoteMark"),
        ("سطر\nثان", "سطر/Word \n/Break ثان/Word"),
    ];

    #[test]
    fn tokenizes_each_concern() {
        for (text, expected) in CASES {
            assert_eq!(render(text), *expected, "tokenizing {text:?}");
        }
    }

    #[test]
    fn lossless_spans_rebuild_the_text() {
        for text in ["\u{200F}قالَ بوتـين: «نعم» 👍 ٣٠٪\n", "", "\u{064E}", "a"]
        {
            let tokens = Tokens::new(text, &Known);
            let rebuilt: String =
                tokens.lossless_spans().iter().map(|span| span.slice(text)).collect();
            assert_eq!(rebuilt, text, "tokens must concatenate back to the input");
        }
    }

    #[test]
    fn other_letters_are_told_as_the_unicode_tables_tell_them() {
        let ranges = ['\u{0}'..='\u{7FF}', '\u{2000}'..='\u{20FF}', '\u{FB50}'..='\u{FEFF}'];
        for ch in ranges.into_iter().flatten().chain(['👍', 'Ж', 'é', '中']) {
            let expected = ch.is_alphabetic() && !is_arabic_letter(ch);
            assert_eq!(is_other_letter(ch), expected, "U+{:04X}", u32::from(ch));
        }
    }

    #[test]
    fn plain_keys_are_told_byte_by_byte_as_char_by_char() {
        for code in 0x600..0x700u32 {
            let ch = char::from_u32(code).unwrap();
            let phrase = format!("{ch}{ch} {ch}");
            let (key, count) = phrase_key_cow(&phrase);
            let slow = key_of_tokens(&crate::normalize::normalize(&phrase));
            assert_eq!((key.to_string(), count), slow, "U+{code:04X}");
            // Only a common letter that folding keeps is borrowed (others are copied, which is
            // slower but right).
            let kept = is_arabic_letter(ch) && crate::normalize::is_common_and_kept(ch);
            assert_eq!(matches!(key, Cow::Borrowed(_)), kept, "U+{code:04X}");
        }
    }

    /// Arabic letters and a few other chars, for words made of every pair of them.
    fn letter_pairs() -> impl Iterator<Item = String> {
        let chars = || ('\u{0620}'..='\u{064B}').chain(['a', ' ', '👍']);
        chars().flat_map(move |first| chars().map(move |second| format!("{first}{second}")))
    }

    #[test]
    fn proclitics_are_told_by_their_bytes_as_the_list_says() {
        for pair in letter_pairs() {
            let first = pair.chars().next().map_or(0, char::len_utf8);
            let one = if PROCLITICS.contains(&&pair[..first]) { first } else { 0 };
            let two = if PROCLITICS.contains(&pair.as_str()) { pair.len() } else { 0 };
            for rest in ["", "سلام"] {
                let word = format!("{pair}{rest}");
                assert_eq!(proclitic_lens(&word), [one, two], "{word:?}");
            }
        }
    }

    #[test]
    fn proclitics_split_as_a_walk_over_the_list_splits_them() {
        let by_the_list = |word: &str| {
            if !word.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) || Known.keeps_whole(word) {
                return 0;
            }
            for prefix in PROCLITICS {
                let Some(rest) = word.strip_prefix(prefix) else { continue };
                let letters = rest.chars().count();
                let article = rest.starts_with("ال") && letters >= 4;
                let elided = prefix.ends_with('ل') && rest.starts_with('ل') && letters >= 3;
                if article || elided || (letters >= 2 && Known.knows(rest)) {
                    return prefix.len();
                }
            }
            0
        };
        for pair in letter_pairs() {
            for rest in ["", "قال", "شي", "بوتين", "لبنان", "الصين", "لصين", "ال", "نان", "زير"]
            {
                let word = format!("{pair}{rest}");
                assert_eq!(proclitic_len(&word, &Known), by_the_list(&word), "{word:?}");
            }
        }
    }

    /// The readings as first written: a walk over [`PROCLITICS`], shorter first.
    fn readings_by_the_list(word: &str) -> Vec<Reading> {
        let mut found = vec![Reading { skip: 0, restores_alef: false }];
        for prefix in PROCLITICS.iter().rev() {
            let Some(rest) = word.strip_prefix(prefix) else { continue };
            if rest.chars().nth(1).is_none() {
                continue;
            }
            let skip = prefix.len();
            if prefix.ends_with('ل') && rest.starts_with('ل') && !rest.starts_with("لل") {
                found.push(Reading { skip, restores_alef: true });
            }
            found.push(Reading { skip, restores_alef: false });
        }
        found
    }

    #[test]
    fn the_five_lists_of_readings_are_those_of_the_walk_over_the_list() {
        for pair in letter_pairs() {
            for rest in ["", "ا", "ل", "لا", "للا", "لل", "لللا", "الصين"] {
                let word = format!("{pair}{rest}");
                assert_eq!(readings(&word), readings_by_the_list(&word), "{word:?}");
            }
        }
    }

    #[test]
    fn offers_readings_with_the_elided_article() {
        let forms =
            |word| readings(word).iter().map(|r| (r.skip, r.form(word))).collect::<Vec<_>>();
        assert_eq!(forms("للصين"), [(0, "للصين".into()), (2, "الصين".into()), (2, "لصين".into())]);
        assert_eq!(forms("وشي"), [(0, "وشي".into()), (2, "شي".into())]);
        assert_eq!(
            forms("وبحسب"),
            [(0, "وبحسب".into()), (2, "بحسب".into()), (4, "حسب".into())],
            "shorter proclitics come first"
        );
        assert_eq!(forms("وك"), [(0, "وك".into())], "a rest of one letter is never offered");
    }
}
