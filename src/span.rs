//! The one span type and the document it describes.
//!
//! Every offset in this crate is a half-open range of UTF-8 byte offsets into the *original* text
//! that was annotated, never into normalized text. Both ends always lie on char boundaries.
//! Conversion to UTF-16 code units (JavaScript) or Unicode code points (the CLI's JSON) happens only
//! at the edges, through [`OffsetConverter`].

use serde::Serialize;
use std::fmt;

/// A half-open range `[start, end)` of UTF-8 byte offsets into the original text.
///
/// Invariant: `start <= end` and both are char boundaries of the text the span came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// The spanned slice of `text`, or `""` if the span does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The kind of an entity, following the product's annotation conventions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Label {
    /// A real person, without titles or roles.
    #[serde(rename = "PER")]
    Person,
    /// A country, city, region or other place.
    #[serde(rename = "LOC")]
    Location,
    /// An organization, including media and seats of power such as the Kremlin.
    #[serde(rename = "ORG")]
    Organization,
    /// A nationality or group adjective such as `الروسي`.
    #[serde(rename = "NORP")]
    Nationality,
    /// A date or date expression.
    #[serde(rename = "DATE")]
    Date,
    /// A clock time or time of day.
    #[serde(rename = "TIME")]
    Time,
    /// An amount with its currency.
    #[serde(rename = "MONEY")]
    Money,
    /// A percentage.
    #[serde(rename = "PERCENT")]
    Percent,
}

impl Label {
    /// Every label, in display order.
    pub const ALL: [Label; 8] = [
        Label::Person,
        Label::Location,
        Label::Organization,
        Label::Nationality,
        Label::Date,
        Label::Time,
        Label::Money,
        Label::Percent,
    ];

    /// The short name used in JSON and golden files (`PER`, `LOC`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PER",
            Label::Location => "LOC",
            Label::Organization => "ORG",
            Label::Nationality => "NORP",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
        }
    }

    /// Parses the short name.
    pub fn parse(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|label| label.as_str() == name)
    }

    /// True for names of things that can be linked across mentions (PER, LOC, ORG, NORP);
    /// values such as dates and sums are not linked.
    pub fn is_name(self) -> bool {
        matches!(self, Label::Person | Label::Location | Label::Organization | Label::Nationality)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Where the mention is, without proclitics or titles.
    pub span: Span,
    /// What kind of entity it is.
    pub label: Label,
    /// The canonical name shared by all mentions of the same real entity.
    pub canonical: String,
    /// The document-wide id shared by all mentions of the same real entity; `None` for values
    /// (dates, times, sums, percentages).
    pub id: Option<u32>,
    /// Which gazetteer, rule or model found it, e.g. `gazetteer:persons` or `rule:title+name`.
    pub source: &'static str,
}

/// The kind of a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A whole utterance inside quotation marks.
    Direct,
    /// A quoted fragment of two or more words embedded in a sentence.
    Partial,
    /// Speech after a colon without marks, as in a headline `بوتين: ...`.
    Colon,
    /// Reported speech after a speech verb and `أن`/`إن`.
    Indirect,
}

impl QuoteKind {
    /// Every kind, in display order.
    pub const ALL: [QuoteKind; 4] =
        [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Colon, QuoteKind::Indirect];

    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Colon => "colon",
            QuoteKind::Indirect => "indirect",
        }
    }

    /// Parses the lowercase name.
    pub fn parse(name: &str) -> Option<QuoteKind> {
        QuoteKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for QuoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reference from a quote to a participant: the speaker or the addressee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// The mention in the text that names the participant (for a bare verb or a pronoun, the
    /// last earlier mention of the resolved speaker).
    pub span: Span,
    /// The canonical name, when the participant is a known entity or a resolved role.
    pub canonical: String,
    /// The entity id, when the participant is an entity of the document.
    pub entity: Option<u32>,
}

/// One quotation with its attribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words, without quotation marks.
    pub span: Span,
    /// Direct, partial, colon or indirect.
    pub kind: QuoteKind,
    /// Who said it, when it could be resolved.
    pub speaker: Option<Participant>,
    /// The speech verb or marker that introduces it.
    pub cue: Option<Span>,
    /// Who it was said to, when the text says so.
    pub addressee: Option<Participant>,
    /// Who relays the words in a reported chain (`نقلت الوكالة عن X`: the agency), if anyone.
    pub via: Option<Participant>,
    /// Which rule found it, e.g. `quote:marks` or `quote:indirect`.
    pub source: &'static str,
}

/// Everything found in one text: entity mentions and quotations, each sorted by position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Entity mentions, sorted by start; they never overlap each other.
    pub entities: Vec<Entity>,
    /// Quotations, sorted by start.
    pub quotes: Vec<Quote>,
}

/// Converts UTF-8 byte offsets of one text into other units: Unicode code points (the CLI's
/// JSON, Python's `str`) or UTF-16 code units (JavaScript's `String`).
///
/// Built once per text in one pass that counts the units of each block of 64 bytes; a
/// conversion then counts the units of at most one block, in any order. An offset inside a char
/// converts like the start of that char, and an offset past the end like the end.
pub struct OffsetConverter<'t> {
    text: &'t str,
    /// True for UTF-16 code units, false for code points.
    utf16: bool,
    /// Units before the start of each block.
    blocks: Vec<usize>,
}

impl<'t> OffsetConverter<'t> {
    /// Bytes per block of the running count.
    const BLOCK: usize = 64;

    /// Counts Unicode code points.
    pub fn code_points(text: &'t str) -> Self {
        Self::build(text, false)
    }

    /// Counts UTF-16 code units.
    pub fn utf16(text: &'t str) -> Self {
        Self::build(text, true)
    }

    fn build(text: &'t str, utf16: bool) -> Self {
        let mut blocks = Vec::with_capacity(text.len() / Self::BLOCK + 1);
        let mut units = 0;
        for block in text.as_bytes().chunks(Self::BLOCK) {
            blocks.push(units);
            units += units_in(block, utf16);
        }
        // The block of the text's end, when the end starts a block of its own.
        if text.len().is_multiple_of(Self::BLOCK) {
            blocks.push(units);
        }
        OffsetConverter { text, utf16, blocks }
    }

    /// Both ends of a span in the target unit.
    pub fn convert_span(&self, span: Span) -> (usize, usize) {
        (self.convert(span.start), self.convert(span.end))
    }

    /// The offset in the target unit of byte offset `byte`.
    pub fn convert(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        // Every offset up to the text's length has its block (see `build`).
        let block = byte / Self::BLOCK;
        let from = block * Self::BLOCK;
        self.blocks[block] + units_in(&self.text.as_bytes()[from..byte], self.utf16)
    }
}

/// The code points (or UTF-16 units) of whole chars in UTF-8 bytes: one per byte that starts a
/// char (any but `0b10xx_xxxx`), and one more for each four-byte char (lead byte `0xF0` or
/// above), which UTF-16 writes as a surrogate pair.
///
/// Eight bytes are read at a time: each byte's high bit is set where the byte is a continuation
/// byte (or the lead of four), moved to the low bit and added up per byte; up to 64 bytes, no
/// byte's sum carries into the next, and one multiplication adds the eight sums together.
fn units_in(bytes: &[u8], utf16: bool) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut units = bytes.len();
    for group in bytes.chunks(64) {
        let (mut continuations, mut four_byte_leads) = (0, 0);
        let mut words = group.chunks_exact(8);
        for word in &mut words {
            let word = word.try_into().map_or(0, u64::from_le_bytes);
            continuations += (word & !(word << 1) & HIGH_BITS) >> 7;
            four_byte_leads += (word & (word << 1) & (word << 2) & (word << 3) & HIGH_BITS) >> 7;
        }
        for &byte in words.remainder() {
            continuations += u64::from(byte & 0xC0 == 0x80);
            four_byte_leads += u64::from(byte >= 0xF0);
        }
        units -= byte_sums_added(continuations);
        if utf16 {
            units += byte_sums_added(four_byte_leads);
        }
    }
    units
}

/// The sum of the eight bytes of `sums`, when it is below 256.
fn byte_sums_added(sums: u64) -> usize {
    (sums.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_arabic_emoji_and_latin_offsets() {
        let text = "قال 👍 CNN";
        let cnn = text.find("CNN").unwrap();
        let points = OffsetConverter::code_points(text);
        assert_eq!(points.convert(cnn), 6, "3 Arabic letters, space, emoji, space");
        let utf16 = OffsetConverter::utf16(text);
        assert_eq!(utf16.convert(cnn), 7, "the emoji is two UTF-16 units");
        assert_eq!(utf16.convert(text.len()), 10);
        assert_eq!(utf16.convert(0), 0, "any order");
        assert_eq!(utf16.convert(text.len() + 5), 10, "past the end converts like the end");
        assert_eq!(utf16.convert(1), 0, "inside a char converts like its start");
    }

    #[test]
    fn converts_every_offset_as_counting_chars_does() {
        // Every prefix of a text of a few blocks, so that the text's end falls on and off a
        // block's end, with chars of one to four bytes and diacritics and tatweel between them.
        let whole = "قـالَ «👍» CNN é€\n".repeat(12);
        for end in (0..=whole.len()).filter(|&end| whole.is_char_boundary(end)) {
            let text = &whole[..end];
            let points = OffsetConverter::code_points(text);
            let utf16 = OffsetConverter::utf16(text);
            let (mut counted_points, mut counted_utf16) = (0, 0);
            for (at, ch) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(points.convert(at), counted_points, "code points at byte {at} of {end}");
                assert_eq!(utf16.convert(at), counted_utf16, "UTF-16 units at byte {at} of {end}");
                counted_points += 1;
                counted_utf16 += ch.len_utf16();
            }
        }
    }

    #[test]
    fn labels_and_kinds_round_trip_their_names() {
        for label in Label::ALL {
            assert_eq!(Label::parse(label.as_str()), Some(label));
        }
        for kind in QuoteKind::ALL {
            assert_eq!(QuoteKind::parse(kind.as_str()), Some(kind));
        }
    }
}
