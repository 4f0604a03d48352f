//! Renderings of a document: the CLI's JSON (code-point offsets), the one-line-per-annotation
//! golden form, and a marked-up text for people in a terminal.

use crate::span::{Document, OffsetConverter, Participant, Span};
use serde::Serialize;
use serde_json::Value;

/// A document as the outside sees it: every span converted by one [`OffsetConverter`] (code
/// points for the CLI, UTF-16 units for JavaScript) and given its text. Serializes to the CLI's
/// JSON schema: `entities` (`start`, `end`, `label`, `text`, `canonical`, `entity`, `source`) and
/// `quotes` (`start`, `end`, `kind`, `text`, `speaker`, `cue`, `addressee`, `via`, `source`).
#[derive(Serialize)]
pub struct DocumentView<'a> {
    /// The entity mentions.
    pub entities: Vec<EntityView<'a>>,
    /// The quotations.
    pub quotes: Vec<QuoteView<'a>>,
}

/// An entity mention with converted offsets.
#[derive(Serialize)]
pub struct EntityView<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
    canonical: &'a str,
    entity: Option<u32>,
    source: &'static str,
}

/// A quotation with converted offsets.
#[derive(Serialize)]
pub struct QuoteView<'a> {
    start: usize,
    end: usize,
    kind: &'static str,
    text: &'a str,
    speaker: Option<ParticipantView<'a>>,
    cue: Option<SpanView<'a>>,
    addressee: Option<ParticipantView<'a>>,
    via: Option<ParticipantView<'a>>,
    source: &'static str,
}

/// A speaker or an addressee with converted offsets.
#[derive(Serialize)]
pub struct ParticipantView<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    canonical: &'a str,
    entity: Option<u32>,
}

/// A cue with converted offsets.
#[derive(Serialize)]
pub struct SpanView<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl<'a> DocumentView<'a> {
    /// Converts every span of `document`, which annotates `text`, with `offsets`.
    pub fn new(text: &'a str, document: &'a Document, offsets: &OffsetConverter) -> Self {
        let range = |span: Span| offsets.convert_span(span);
        let participant = |p: &'a Participant| {
            let (start, end) = range(p.span);
            ParticipantView {
                start,
                end,
                text: p.span.slice(text),
                canonical: &p.canonical,
                entity: p.entity,
            }
        };
        let entities = document
            .entities
            .iter()
            .map(|e| {
                let (start, end) = range(e.span);
                EntityView {
                    start,
                    end,
                    label: e.label.as_str(),
                    text: e.span.slice(text),
                    canonical: &e.canonical,
                    entity: e.id,
                    source: e.source,
                }
            })
            .collect();
        let quotes = document
            .quotes
            .iter()
            .map(|q| {
                let (start, end) = range(q.span);
                QuoteView {
                    start,
                    end,
                    kind: q.kind.as_str(),
                    text: q.span.slice(text),
                    speaker: q.speaker.as_ref().map(participant),
                    cue: q.cue.map(|cue| {
                        let (start, end) = range(cue);
                        SpanView { start, end, text: cue.slice(text) }
                    }),
                    addressee: q.addressee.as_ref().map(participant),
                    via: q.via.as_ref().map(participant),
                    source: q.source,
                }
            })
            .collect();
        DocumentView { entities, quotes }
    }
}

impl DocumentView<'_> {
    /// Appends the members of the view's JSON object, `"entities":[...],"quotes":[...]`, byte
    /// for byte as `serde_json` writes them (compact, with its escapes), for the CLI to put
    /// after its own leading member. Written directly because going through the serializer
    /// cost a sixth of the CLI's time on a long article: it escapes strings a byte at a time
    /// and makes a call for every field.
    pub fn write_json_members(&self, out: &mut String) {
        out.reserve(self.json_size_hint());
        out.push_str("\"entities\":[");
        for (index, entity) in self.entities.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_range(out, entity.start, entity.end);
            write_key_and_name(out, ",\"label\":", entity.label);
            write_key_and_string(out, ",\"text\":", entity.text);
            write_key_and_string(out, ",\"canonical\":", entity.canonical);
            out.push_str(",\"entity\":");
            write_optional_id(out, entity.entity);
            write_key_and_name(out, ",\"source\":", entity.source);
            out.push('}');
        }
        out.push_str("],\"quotes\":[");
        for (index, quote) in self.quotes.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_range(out, quote.start, quote.end);
            write_key_and_name(out, ",\"kind\":", quote.kind);
            write_key_and_string(out, ",\"text\":", quote.text);
            out.push_str(",\"speaker\":");
            write_participant(out, quote.speaker.as_ref());
            out.push_str(",\"cue\":");
            match &quote.cue {
                Some(cue) => {
                    write_range(out, cue.start, cue.end);
                    write_key_and_string(out, ",\"text\":", cue.text);
                    out.push('}');
                }
                None => out.push_str("null"),
            }
            out.push_str(",\"addressee\":");
            write_participant(out, quote.addressee.as_ref());
            out.push_str(",\"via\":");
            write_participant(out, quote.via.as_ref());
            write_key_and_name(out, ",\"source\":", quote.source);
            out.push('}');
        }
        out.push(']');
    }

    /// About the length of [`DocumentView::write_json_members`]'s output, so that the line is
    /// allocated once: the strings plus the keys, numbers and punctuation around them.
    fn json_size_hint(&self) -> usize {
        let participant = |p: &Option<ParticipantView>| {
            p.as_ref().map_or(4, |p| 64 + p.text.len() + p.canonical.len())
        };
        let entities: usize =
            self.entities.iter().map(|e| 112 + e.text.len() + e.canonical.len()).sum();
        let quotes: usize = self
            .quotes
            .iter()
            .map(|q| {
                96 + q.text.len()
                    + q.cue.as_ref().map_or(4, |c| 32 + c.text.len())
                    + participant(&q.speaker)
                    + participant(&q.addressee)
                    + participant(&q.via)
            })
            .sum();
        32 + entities + quotes
    }
}

/// Opens an object with its `start` and `end` members: `{"start":1,"end":2`.
fn write_range(out: &mut String, start: usize, end: usize) {
    out.push_str("{\"start\":");
    write_number(out, start);
    out.push_str(",\"end\":");
    write_number(out, end);
}

/// A member whose key (with the comma before it) is written as is, and whose value is a string.
fn write_key_and_string(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    write_json_string(out, value);
}

/// A member whose value is a label, a kind or a source: a name fixed in the code (`PER`,
/// `quote:marks`, `rule:title+name`) with nothing to escape, so it is copied without looking.
fn write_key_and_name(out: &mut String, key: &str, name: &'static str) {
    debug_assert!(!name.bytes().any(needs_escape), "{name:?} needs escaping in JSON");
    out.push_str(key);
    out.push('"');
    out.push_str(name);
    out.push('"');
}

/// A speaker, an addressee or a relayer as an object, or `null`.
fn write_participant(out: &mut String, participant: Option<&ParticipantView>) {
    let Some(participant) = participant else {
        out.push_str("null");
        return;
    };
    write_range(out, participant.start, participant.end);
    write_key_and_string(out, ",\"text\":", participant.text);
    write_key_and_string(out, ",\"canonical\":", participant.canonical);
    out.push_str(",\"entity\":");
    write_optional_id(out, participant.entity);
    out.push('}');
}

fn write_optional_id(out: &mut String, id: Option<u32>) {
    match id {
        Some(id) => write_number(out, id as usize),
        None => out.push_str("null"),
    }
}

/// A number in decimal, as JSON and `serde_json` write it.
fn write_number(out: &mut String, mut number: usize) {
    let mut digits = [0u8; 20];
    let mut first = digits.len();
    loop {
        first -= 1;
        digits[first] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    for &digit in &digits[first..] {
        out.push(char::from(digit));
    }
}

/// True for the bytes a JSON string must escape: the quote, the backslash and the controls.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Appends `text` as a JSON string, escaped exactly as `serde_json` escapes it: `\"`, `\\`, the
/// short forms `\b \t \n \f \r`, `\u00XX` (lowercase hex) for the other controls, and every
/// other char (DEL and all non-ASCII included) as it is.
pub fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    // Most strings, Arabic words and quotes, hold nothing to escape. A check that does not stop
    // at the first hit runs over many bytes at once, and such a string is then copied whole.
    let clean = !text.bytes().fold(false, |found, byte| found | needs_escape(byte));
    if clean {
        out.push_str(text);
    } else {
        let mut rest = text;
        while let Some(at) = rest.bytes().position(needs_escape) {
            out.push_str(&rest[..at]);
            let byte = rest.as_bytes()[at];
            match byte {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x08 => out.push_str("\\b"),
                b'\t' => out.push_str("\\t"),
                b'\n' => out.push_str("\\n"),
                0x0C => out.push_str("\\f"),
                b'\r' => out.push_str("\\r"),
                control => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(control >> 4)]));
                    out.push(char::from(HEX[usize::from(control & 0xF)]));
                }
            }
            // The escaped byte is ASCII, so the rest starts on a char boundary.
            rest = &rest[at + 1..];
        }
        out.push_str(rest);
    }
    out.push('"');
}

/// The CLI's object for one file: its name, then the document with code-point offsets.
#[derive(Serialize)]
struct FileView<'a> {
    file: Option<&'a str>,
    #[serde(flatten)]
    document: DocumentView<'a>,
}

/// The CLI's JSON object for one text: offsets in Unicode code points into the text as given.
pub fn to_json(file: Option<&str>, text: &str, document: &Document) -> Value {
    let offsets = OffsetConverter::code_points(text);
    let view = FileView { file, document: DocumentView::new(text, document, &offsets) };
    serde_json::to_value(view).unwrap_or(Value::Null)
}

fn short(text: &str, limit: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= limit {
        return flat;
    }
    let head: String = flat.chars().take(limit).collect();
    format!("{head}…")
}

fn who(text: &str, participant: Option<&Participant>) -> String {
    match participant {
        None => "-".to_string(),
        Some(p) => format!("{} ({})", p.canonical, p.span.slice(text)),
    }
}

/// One line per annotation, for golden files: stable, readable in a diff.
///
/// `ENT start..end LABEL text => canonical #id source` and
/// `QUOTE start..end kind "text" speaker=.. cue=.. to=.. source`, offsets in code points.
pub fn golden(text: &str, document: &Document) -> String {
    let points = OffsetConverter::code_points(text);
    let mut out = String::new();
    for e in &document.entities {
        let (start, end) = points.convert_span(e.span);
        let id = e.id.map_or("-".to_string(), |id| format!("#{id}"));
        out.push_str(&format!(
            "ENT {start}..{end} {} {} => {} {id} {}\n",
            e.label,
            e.span.slice(text),
            e.canonical,
            e.source
        ));
    }
    for q in &document.quotes {
        let (start, end) = points.convert_span(q.span);
        let cue = q.cue.map_or("-", |c| c.slice(text));
        out.push_str(&format!(
            "QUOTE {start}..{end} {} \"{}\" speaker={} cue={cue} to={}{} {}\n",
            q.kind,
            short(q.span.slice(text), 60),
            who(text, q.speaker.as_ref()),
            who(text, q.addressee.as_ref()),
            q.via.as_ref().map_or(String::new(), |via| format!(" via={}", who(text, Some(via)))),
            q.source
        ));
    }
    out
}

/// The text with entities marked `[text|LABEL]` and quotes `⟦...⟧n`, then one line per quote
/// saying who said it: for reading in a terminal.
pub fn terminal(text: &str, document: &Document) -> String {
    // Insertions at byte offsets: closers sort before openers at the same offset.
    let mut marks: Vec<(usize, u8, String)> = Vec::new();
    for e in &document.entities {
        marks.push((e.span.start, 2, "[".to_string()));
        marks.push((e.span.end, 0, format!("|{}]", e.label)));
    }
    for (index, q) in document.quotes.iter().enumerate() {
        marks.push((q.span.start, 3, "⟦".to_string()));
        marks.push((q.span.end, 1, format!("⟧{}", index + 1)));
    }
    marks.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (offset, _, mark) in marks {
        if offset < at || !text.is_char_boundary(offset) {
            continue;
        }
        out.push_str(&text[at..offset]);
        out.push_str(&mark);
        at = offset;
    }
    out.push_str(&text[at..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if !document.quotes.is_empty() {
        out.push_str("\n— who said what —\n");
    }
    for (index, q) in document.quotes.iter().enumerate() {
        let cue = q.cue.map_or("-", |c| c.slice(text));
        out.push_str(&format!(
            "{}. {} | speaker: {} | cue: {cue} | to: {}{} | {}\n",
            index + 1,
            q.kind,
            who(text, q.speaker.as_ref()),
            who(text, q.addressee.as_ref()),
            q.via.as_ref().map_or(String::new(), |via| format!(" | via: {}", who(text, Some(via)))),
            short(q.span.slice(text), 50)
        ));
    }
    out
}
