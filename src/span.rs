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
/// Built once per text in one pass; each conversion is then a lookup, in any order. Offsets must
/// be char boundaries of the text; an offset past the end converts like the end.
pub struct OffsetConverter {
    /// Units before each byte offset, for offsets `0..=text.len()`.
    table: Vec<u32>,
}

impl OffsetConverter {
    /// Counts Unicode code points.
    pub fn code_points(text: &str) -> Self {
        Self::build(text, |_| 1)
    }

    /// Counts UTF-16 code units.
    pub fn utf16(text: &str) -> Self {
        Self::build(text, char::len_utf16)
    }

    fn build(text: &str, units_of: impl Fn(char) -> usize) -> Self {
        let mut table = Vec::with_capacity(text.len() + 1);
        let mut units = 0u32;
        for ch in text.chars() {
            table.extend(std::iter::repeat_n(units, ch.len_utf8()));
            units += units_of(ch) as u32;
        }
        table.push(units);
        OffsetConverter { table }
    }

    /// Both ends of a span in the target unit.
    pub fn convert_span(&self, span: Span) -> (usize, usize) {
        (self.convert(span.start), self.convert(span.end))
    }

    /// The offset in the target unit of byte offset `byte`.
    pub fn convert(&self, byte: usize) -> usize {
        let last = self.table.len() - 1;
        self.table[byte.min(last)] as usize
    }
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
