//! Renderings of a document: the CLI's JSON (code-point offsets), the one-line-per-annotation
//! golden form, and a marked-up text for people in a terminal.

use crate::span::{Document, OffsetConverter, Participant, Span};
use serde_json::{json, Value};

/// Converts byte spans of one text to code-point offsets.
struct Points {
    converter: OffsetConverter,
}

impl Points {
    fn new(text: &str) -> Points {
        Points { converter: OffsetConverter::code_points(text) }
    }

    fn of(&self, span: Span) -> (usize, usize) {
        (self.converter.convert(span.start), self.converter.convert(span.end))
    }
}

fn participant_json(points: &Points, text: &str, participant: Option<&Participant>) -> Value {
    match participant {
        None => Value::Null,
        Some(p) => {
            let (start, end) = points.of(p.span);
            json!({"start": start, "end": end, "text": p.span.slice(text), "canonical": p.canonical, "entity": p.entity})
        }
    }
}

/// The CLI's JSON object for one text: offsets in Unicode code points into the text as given.
pub fn to_json(file: Option<&str>, text: &str, document: &Document) -> Value {
    let points = Points::new(text);
    let entities: Vec<Value> = document
        .entities
        .iter()
        .map(|e| {
            let (start, end) = points.of(e.span);
            json!({"start": start, "end": end, "label": e.label.as_str(), "text": e.span.slice(text),
                   "canonical": e.canonical, "entity": e.id, "source": e.source})
        })
        .collect();
    let quotes: Vec<Value> = document
        .quotes
        .iter()
        .map(|q| {
            let (start, end) = points.of(q.span);
            let cue = q.cue.map_or(Value::Null, |cue| {
                let (start, end) = points.of(cue);
                json!({"start": start, "end": end, "text": cue.slice(text)})
            });
            json!({"start": start, "end": end, "kind": q.kind.as_str(), "text": q.span.slice(text),
                   "speaker": participant_json(&points, text, q.speaker.as_ref()), "cue": cue,
                   "addressee": participant_json(&points, text, q.addressee.as_ref()), "source": q.source})
        })
        .collect();
    json!({"file": file, "entities": entities, "quotes": quotes})
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
    let points = Points::new(text);
    let mut out = String::new();
    for e in &document.entities {
        let (start, end) = points.of(e.span);
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
        let (start, end) = points.of(q.span);
        let cue = q.cue.map_or("-", |c| c.slice(text));
        out.push_str(&format!(
            "QUOTE {start}..{end} {} \"{}\" speaker={} cue={cue} to={} {}\n",
            q.kind,
            short(q.span.slice(text), 60),
            who(text, q.speaker.as_ref()),
            who(text, q.addressee.as_ref()),
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
            "{}. {} | speaker: {} | cue: {cue} | to: {} | {}\n",
            index + 1,
            q.kind,
            who(text, q.speaker.as_ref()),
            who(text, q.addressee.as_ref()),
            short(q.span.slice(text), 50)
        ));
    }
    out
}
