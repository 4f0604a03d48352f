//! CoNLL token files: tagging them with ANERcorp's IOB2 names, and strict span scoring.
//!
//! Input is one token per line (the token in the first column), a blank line between sentences.
//! Each sentence is annotated as its tokens joined by spaces; a token takes the label of the
//! entity that overlaps it. PER, LOC and ORG map to `PERS`, `LOC`, `ORG`; the other labels have
//! no ANERcorp counterpart (ANERcorp tags nationality adjectives `O`) and become `O`.

use crate::eval::Counts;
use crate::span::Label;
use crate::Annotator;
use std::collections::BTreeMap;

fn anercorp_name(label: Label) -> Option<&'static str> {
    match label {
        Label::Person => Some("PERS"),
        Label::Location => Some("LOC"),
        Label::Organization => Some("ORG"),
        _ => None,
    }
}

/// Tags a CoNLL file: every line gets one more column with the predicted IOB2 tag, separated
/// like the line's own columns (TAB or space). Blank lines are kept.
pub fn tag(annotator: &Annotator, input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 4);
    let lines: Vec<&str> = input.lines().collect();
    let mut start = 0;
    while start < lines.len() {
        if lines[start].trim().is_empty() {
            out.push_str(lines[start]);
            out.push('\n');
            start += 1;
            continue;
        }
        let end = (start..lines.len()).find(|&i| lines[i].trim().is_empty()).unwrap_or(lines.len());
        tag_sentence(annotator, &lines[start..end], &mut out);
        start = end;
    }
    out
}

fn tag_sentence(annotator: &Annotator, lines: &[&str], out: &mut String) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(lines.len());
    for line in lines {
        if !text.is_empty() {
            text.push(' ');
        }
        let token = line.split_whitespace().next().unwrap_or("");
        ranges.push((text.len(), text.len() + token.len()));
        text.push_str(token);
    }
    let document = annotator.annotate(&text);
    let mut tags: Vec<String> = vec!["O".to_string(); lines.len()];
    for entity in &document.entities {
        let Some(name) = anercorp_name(entity.label) else { continue };
        let mut first = true;
        for (index, &(start, end)) in ranges.iter().enumerate() {
            if start < entity.span.end && entity.span.start < end && tags[index] == "O" {
                tags[index] = format!("{}-{name}", if first { "B" } else { "I" });
                first = false;
            }
        }
    }
    for (line, tag) in lines.iter().zip(tags) {
        let separator = if line.contains('\t') { '\t' } else { ' ' };
        out.push_str(line.trim_end());
        out.push(separator);
        out.push_str(&tag);
        out.push('\n');
    }
}

/// The chunks of an IOB2 sequence as `(first, last, type)`; an `I-` that does not continue a
/// chunk of its type starts one, as conlleval does.
pub fn chunks(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (index, tag) in tags.iter().chain(std::iter::once(&"O")).enumerate() {
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = open.take() {
                found.push((start, index - 1, k));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((index, kind.to_string()));
            }
        }
    }
    found
}

/// Strict span scores per type from a tagged file whose last two columns are gold and
/// predicted tags.
pub fn score(tagged: &str) -> BTreeMap<String, Counts> {
    let mut scores: BTreeMap<String, Counts> = BTreeMap::new();
    let mut gold: Vec<String> = Vec::new();
    let mut predicted: Vec<String> = Vec::new();
    let mut flush = |gold: &mut Vec<String>, predicted: &mut Vec<String>| {
        let gold_refs: Vec<&str> = gold.iter().map(String::as_str).collect();
        let predicted_refs: Vec<&str> = predicted.iter().map(String::as_str).collect();
        let gold_chunks = chunks(&gold_refs);
        let predicted_chunks = chunks(&predicted_refs);
        for chunk in &predicted_chunks {
            let counts = scores.entry(chunk.2.clone()).or_default();
            if gold_chunks.contains(chunk) {
                counts.true_positives += 1;
            } else {
                counts.false_positives += 1;
            }
        }
        for chunk in gold_chunks.iter().filter(|c| !predicted_chunks.contains(c)) {
            scores.entry(chunk.2.clone()).or_default().false_negatives += 1;
        }
        gold.clear();
        predicted.clear();
    };
    for line in tagged.lines() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.len() < 3 {
            flush(&mut gold, &mut predicted);
            continue;
        }
        gold.push(columns[columns.len() - 2].to_string());
        predicted.push(columns[columns.len() - 1].to_string());
    }
    flush(&mut gold, &mut predicted);
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_conlleval() {
        let tags = ["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "B-ORG"];
        assert_eq!(
            chunks(&tags),
            vec![
                (0, 1, "PERS".to_string()),
                (3, 3, "LOC".to_string()),
                (4, 4, "ORG".to_string()),
                (5, 5, "ORG".to_string())
            ]
        );
    }

    #[test]
    fn scores_strict_spans() {
        let tagged =
            "بوتين B-PERS B-PERS\nفي O O\nموسكو B-LOC O\n\nشي B-PERS B-PERS\nجين I-PERS O\n";
        let scores = score(tagged);
        assert_eq!(
            scores["PERS"],
            Counts { true_positives: 1, false_positives: 1, false_negatives: 1 }
        );
        assert_eq!(scores["LOC"].false_negatives, 1);
    }

    #[test]
    fn tags_tokens_with_an_extra_column() {
        let annotator = crate::builtin();
        let tagged = tag(annotator, "وقال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n\n");
        assert_eq!(tagged, "وقال O O\nبوتين B-PERS B-PERS\nفي O O\nموسكو B-LOC B-LOC\n\n");
    }
}
