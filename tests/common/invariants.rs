//! The invariants every annotation must keep, shared by the property tests, the hostile-input
//! tests and the fuzz target (`tests/fuzz/`), so that all three check exactly the same thing.
//!
//! [`check`] returns a description of the first broken invariant instead of panicking, so that a
//! caller can report it its own way (`prop_assert!`, `assert!`, or a libFuzzer crash).

use qawl::render::DocumentView;
use qawl::{Document, OffsetConverter, Span};

/// Checks `document`, the annotation of `text`:
/// - every span lies inside the text, on char boundaries, with `start <= end` (entities and
///   quotes non-empty);
/// - entities are sorted by start and never overlap; quotes are sorted by `(start, end)`;
/// - the code-point and UTF-16 offsets of [`OffsetConverter`] agree with counting the chars (or
///   UTF-16 units) before each byte offset, and the CLI's JSON view slices to the same text.
pub fn check(text: &str, document: &Document) -> Result<(), String> {
    let mut spans: Vec<(&str, Span)> = Vec::new();
    let mut previous_end = 0;
    for entity in &document.entities {
        let span = entity.span;
        if span.start >= span.end {
            return Err(format!("entity {span} is empty or reversed"));
        }
        if span.start < previous_end {
            return Err(format!(
                "entity {span} overlaps or precedes the one ending at {previous_end}"
            ));
        }
        previous_end = span.end;
        spans.push(("entity", span));
    }
    let mut previous = Span::default();
    for quote in &document.quotes {
        if quote.span.start > quote.span.end {
            return Err(format!("quote {} is reversed", quote.span));
        }
        if (quote.span.start, quote.span.end) < (previous.start, previous.end) {
            return Err(format!("quote {} comes after quote {previous}", quote.span));
        }
        previous = quote.span;
        spans.push(("quote", quote.span));
        spans.extend(quote.cue.map(|cue| ("cue", cue)));
        for (role, participant) in
            [("speaker", &quote.speaker), ("addressee", &quote.addressee), ("via", &quote.via)]
        {
            spans.extend(participant.as_ref().map(|p| (role, p.span)));
        }
    }
    for &(role, span) in &spans {
        if span.start > span.end || span.end > text.len() {
            return Err(format!("{role} {span} is outside a text of {} bytes", text.len()));
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err(format!("{role} {span} cuts a character"));
        }
    }
    check_conversions(text, &spans)?;
    check_view(text, document)
}

/// Compares the converters with a direct count, in one pass over the text for all offsets.
fn check_conversions(text: &str, spans: &[(&str, Span)]) -> Result<(), String> {
    let mut offsets: Vec<usize> = spans.iter().flat_map(|(_, s)| [s.start, s.end]).collect();
    offsets.push(0);
    offsets.push(text.len());
    offsets.sort_unstable();
    offsets.dedup();
    let points = OffsetConverter::code_points(text);
    let utf16 = OffsetConverter::utf16(text);
    let (mut byte, mut point_count, mut unit_count) = (0, 0, 0);
    let mut chars = text.chars();
    for offset in offsets {
        while byte < offset {
            let ch = chars.next().expect("offsets were checked to lie inside the text");
            byte += ch.len_utf8();
            point_count += 1;
            unit_count += ch.len_utf16();
        }
        if points.convert(offset) != point_count {
            return Err(format!(
                "byte {offset} converts to code point {} instead of {point_count}",
                points.convert(offset)
            ));
        }
        if utf16.convert(offset) != unit_count {
            return Err(format!(
                "byte {offset} converts to UTF-16 unit {} instead of {unit_count}",
                utf16.convert(offset)
            ));
        }
    }
    Ok(())
}

/// The JSON view's code-point and UTF-16 ranges cut the same text as the byte spans.
fn check_view(text: &str, document: &Document) -> Result<(), String> {
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let points: Vec<char> = text.chars().collect();
    let cut_units = |start: usize, end: usize| String::from_utf16(&utf16[start..end]).ok();
    let cut_points = |start: usize, end: usize| Some(points[start..end].iter().collect::<String>());
    for (name, converter, cut) in [
        (
            "code point",
            OffsetConverter::code_points(text),
            &cut_points as &dyn Fn(usize, usize) -> Option<String>,
        ),
        ("UTF-16", OffsetConverter::utf16(text), &cut_units),
    ] {
        let view = DocumentView::new(text, document, &converter);
        let json = serde_json::to_value(&view).map_err(|error| error.to_string())?;
        let mut ranged: Vec<&serde_json::Value> = Vec::new();
        for entity in json["entities"].as_array().into_iter().flatten() {
            ranged.push(entity);
        }
        for quote in json["quotes"].as_array().into_iter().flatten() {
            ranged.push(quote);
            for part in ["speaker", "cue", "addressee", "via"] {
                if quote[part].is_object() {
                    ranged.push(&quote[part]);
                }
            }
        }
        for value in ranged {
            let (Some(start), Some(end), Some(expected)) =
                (value["start"].as_u64(), value["end"].as_u64(), value["text"].as_str())
            else {
                return Err(format!("{name} view lacks start, end or text: {value}"));
            };
            let (start, end) = (start as usize, end as usize);
            if start > end || end > if name == "UTF-16" { utf16.len() } else { points.len() } {
                return Err(format!("{name} range {start}..{end} is outside the text"));
            }
            if cut(start, end).as_deref() != Some(expected) {
                return Err(format!("{name} range {start}..{end} does not slice to {expected:?}"));
            }
        }
    }
    Ok(())
}
