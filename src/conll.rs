//! CoNLL token files: tagging them with ANERcorp's IOB2 names, and strict span scoring.
//!
//! Input is one token per line (the token in the first column), a blank line between sentences.
//! Each sentence is annotated as its tokens joined by spaces; a token takes the label of the
//! entity that overlaps it. PER, LOC and ORG map to `PERS`, `LOC`, `ORG`; the other labels have
//! no ANERcorp counterpart (ANERcorp tags nationality adjectives `O`) and become `O`.
//!
//! Gold files come in two formats ([`GoldFormat`]): ANERcorp's and AQMAR's one tag per token, and
//! the Wojood sample's nested tags side by side, of which only the outermost is read.

use crate::entities::model::TAGS;
use crate::entities::Words;
use crate::eval::Counts;
use crate::lexicon::Lexicon;
use crate::span::Label;
use crate::tokenize::Tokens;
use crate::Annotator;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn anercorp_name(label: Label) -> Option<&'static str> {
    match label {
        Label::Person => Some("PERS"),
        Label::Location => Some("LOC"),
        Label::Organization => Some("ORG"),
        _ => None,
    }
}

/// Which tagger labels the tokens of a CoNLL file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tagger {
    /// Gazetteers and rules only (the annotator without its model).
    Rules,
    /// The learned model alone, MISC included.
    Model,
    /// The product's entities (model, gazetteers and rules combined), plus the model's MISC
    /// chunks on tokens the product leaves untagged.
    Combined,
    /// The model's chunks first, then the product's entities on tokens the model leaves
    /// untagged: how the two would combine if ANERcorp's conventions were the product's.
    ModelFirst,
}

impl Tagger {
    /// Every tagger, in report order.
    pub const ALL: [Tagger; 4] =
        [Tagger::Rules, Tagger::Model, Tagger::Combined, Tagger::ModelFirst];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Tagger::Rules => "rules",
            Tagger::Model => "model",
            Tagger::Combined => "combined",
            Tagger::ModelFirst => "model first",
        }
    }
}

/// Maps a gold tag of ANERcorp or AQMAR to ANERcorp's IOB2 names: `PER` becomes `PERS`, AQMAR's
/// miscellaneous classes `MIS0`..`MIS3` become `MISC`, a doubled dash is dropped, and anything
/// else that is not `B-`/`I-` of a known type (`B-ENGLISH`, `OO`) is `O`.
pub fn gold_tag(raw: &str) -> String {
    let Some((prefix, kind)) = raw.split_once('-') else { return "O".to_string() };
    let kind = kind.trim_start_matches('-');
    let kind = match kind {
        "PER" | "PERS" => "PERS",
        "LOC" => "LOC",
        "ORG" => "ORG",
        _ if kind.starts_with("MIS") => "MISC",
        _ => return "O".to_string(),
    };
    match prefix {
        "B" | "I" => format!("{prefix}-{kind}"),
        _ => "O".to_string(),
    }
}

/// Maps the outermost gold tag of the Wojood corpus (Jarrar et al. 2022) to ANERcorp's IOB2
/// names: `PERS` stays `PERS`, `ORG` stays `ORG`, `GPE` and `LOC` both become `LOC`, and every
/// other type (`OCC`, `NORP`, `FAC`, `EVENT`, `DATE`, `CARDINAL`, `MONEY`, ...) is `O`.
///
/// Wojood's conventions differ from the product's (`ANNOTATION.md`): an outer entity hides the
/// ones nested in it (`رئيس بلدية نابلس` is one `OCC`, so its `بلدية نابلس` counts as `O`), a
/// facility's descriptor is part of its name, and its organizations and places are cut
/// differently. Absolute figures on it are therefore lower than on the product's own gold files;
/// only changes between two versions of the product tell anything.
pub fn wojood_tag(raw: &str) -> String {
    let Some((prefix, kind)) = raw.split_once('-') else { return "O".to_string() };
    let kind = match kind {
        "PERS" => "PERS",
        "ORG" => "ORG",
        "GPE" | "LOC" => "LOC",
        _ => return "O".to_string(),
    };
    match prefix {
        "B" | "I" => format!("{prefix}-{kind}"),
        _ => "O".to_string(),
    }
}

/// How a corpus writes its gold tags, and which entity types are scored on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldFormat {
    /// One tag per token in the last column, mapped by [`gold_tag`] (ANERcorp, AQMAR); every
    /// type is scored, MISC included.
    Anercorp,
    /// Nested tags side by side, outermost first (the Wojood sample): only the first tag column
    /// is read, mapped by [`wojood_tag`], and only PERS, LOC and ORG are scored. The end of
    /// paragraph token `$#$` is left out.
    Wojood,
}

impl GoldFormat {
    /// The entity types scored on a corpus of this format; `None` for all of them.
    pub fn scored_kinds(self) -> Option<&'static [&'static str]> {
        match self {
            GoldFormat::Anercorp => None,
            GoldFormat::Wojood => Some(&["PERS", "LOC", "ORG"]),
        }
    }

    /// The sentences of a CoNLL file in this format as `(token, gold tag)` pairs.
    pub fn sentences(self, input: &str) -> Vec<Vec<(&str, String)>> {
        let mut found = Vec::new();
        let mut sentence = Vec::new();
        for line in input.lines() {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let Some((&token, tags)) = columns.split_first() else {
                if !sentence.is_empty() {
                    found.push(std::mem::take(&mut sentence));
                }
                continue;
            };
            let tag = match (self, tags) {
                (_, []) => "O".to_string(),
                (GoldFormat::Anercorp, [.., last]) => gold_tag(last),
                (GoldFormat::Wojood, _) if token == "$#$" => continue,
                (GoldFormat::Wojood, [outermost, ..]) => wojood_tag(outermost),
            };
            sentence.push((token, tag));
        }
        if !sentence.is_empty() {
            found.push(sentence);
        }
        found
    }
}

/// The sentences of a CoNLL file as `(token, gold tag)` pairs, gold tags mapped by [`gold_tag`].
pub fn sentences(input: &str) -> Vec<Vec<(&str, String)>> {
    GoldFormat::Anercorp.sentences(input)
}

/// Joins CoNLL tokens with spaces, tokenizes the text like any article and hands `f` the word
/// positions together with the CoNLL token each position belongs to.
pub fn with_words<R>(
    lexicon: &Lexicon,
    tokens: &[&str],
    f: impl FnOnce(&str, &Words, &[usize], &[(usize, usize)]) -> R,
) -> R {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(tokens.len());
    for token in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        ranges.push((text.len(), text.len() + token.len()));
        text.push_str(token);
    }
    let tokenized = Tokens::new(&text, lexicon);
    let words = Words::new(&tokenized);
    let owner: Vec<usize> = (0..words.len())
        .map(|at| {
            let start = words.span(at, 0, at).start;
            ranges.iter().rposition(|&(first, _)| first <= start).unwrap_or(0)
        })
        .collect();
    f(&text, &words, &owner, &ranges)
}

/// Position tags turned into one tag per CoNLL token: a token takes the tag of its first
/// position.
fn token_tags(tags: &[usize], owner: &[usize], count: usize) -> Vec<String> {
    let mut out: Vec<Option<String>> = vec![None; count];
    for (at, &tag) in tags.iter().enumerate() {
        let slot = &mut out[owner[at]];
        if slot.is_none() {
            *slot = Some(TAGS[tag].to_string());
        }
    }
    out.into_iter().map(|tag| tag.unwrap_or_else(|| "O".to_string())).collect()
}

/// Tags one sentence's tokens with IOB2 names.
pub fn tag_tokens(annotator: &Annotator, tokens: &[&str], tagger: Tagger) -> Vec<String> {
    let lexicon = annotator.lexicon();
    with_words(lexicon, tokens, |text, words, owner, ranges| {
        let model_tags = match (tagger, annotator.model()) {
            (Tagger::Rules, _) | (_, None) => None,
            (_, Some(model)) => {
                let rules = crate::entities::rule_spots(words, lexicon);
                Some(token_tags(&model.tag(words, lexicon, &rules), owner, tokens.len()))
            }
        };
        if tagger == Tagger::Model {
            return model_tags.unwrap_or_else(|| vec!["O".to_string(); tokens.len()]);
        }
        let document = match tagger {
            Tagger::Rules => annotator.annotate_without_model(text),
            _ => annotator.annotate(text),
        };
        let mut tags: Vec<String> = match (tagger, &model_tags) {
            (Tagger::ModelFirst, Some(model_tags)) => model_tags.clone(),
            _ => vec!["O".to_string(); tokens.len()],
        };
        for entity in &document.entities {
            let Some(name) = anercorp_name(entity.label) else { continue };
            let inside: Vec<usize> = (0..ranges.len())
                .filter(|&i| ranges[i].0 < entity.span.end && entity.span.start < ranges[i].1)
                .collect();
            if inside.iter().all(|&i| tags[i] == "O") {
                for (order, &index) in inside.iter().enumerate() {
                    tags[index] = format!("{}-{name}", if order == 0 { "B" } else { "I" });
                }
            }
        }
        if let (Tagger::Combined, Some(model_tags)) = (tagger, model_tags) {
            for (first, last, kind) in
                chunks(&model_tags.iter().map(String::as_str).collect::<Vec<_>>())
            {
                if kind == "MISC" && tags[first..=last].iter().all(|t| t == "O") {
                    for (index, tag) in tags[first..=last].iter_mut().enumerate() {
                        *tag = format!("{}-MISC", if index == 0 { "B" } else { "I" });
                    }
                }
            }
        }
        tags
    })
}

/// Tags a CoNLL file with the combined tagger: every line gets one more column with the
/// predicted IOB2 tag, separated like the line's own columns (TAB or space). Blank lines are kept.
pub fn tag(annotator: &Annotator, input: &str) -> String {
    tag_with(annotator, input, Tagger::Combined)
}

/// Like [`tag`], with the given tagger.
pub fn tag_with(annotator: &Annotator, input: &str, tagger: Tagger) -> String {
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
        let sentence = &lines[start..end];
        let tokens: Vec<&str> =
            sentence.iter().map(|line| line.split_whitespace().next().unwrap_or("")).collect();
        let tags = tag_tokens(annotator, &tokens, tagger);
        for (line, tag) in sentence.iter().zip(tags) {
            let separator = if line.contains('\t') { '\t' } else { ' ' };
            out.push_str(line.trim_end());
            out.push(separator);
            out.push_str(&tag);
            out.push('\n');
        }
        start = end;
    }
    out
}

/// Strict span scores per type of one tagger over sentences with gold tags. With `kinds`, only
/// those types are scored: predicted tags of other types count as `O`.
pub fn score_sentences(
    annotator: &Annotator,
    sentences: &[Vec<(&str, String)>],
    tagger: Tagger,
    kinds: Option<&[&str]>,
) -> BTreeMap<String, Counts> {
    let mut scores: BTreeMap<String, Counts> = BTreeMap::new();
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.iter().map(|(token, _)| *token).collect();
        let gold: Vec<&str> = sentence.iter().map(|(_, tag)| tag.as_str()).collect();
        let predicted = tag_tokens(annotator, &tokens, tagger);
        let predicted: Vec<&str> = predicted
            .iter()
            .map(|tag| match (kinds, tag.split_once('-')) {
                (Some(kinds), Some((_, kind))) if !kinds.contains(&kind) => "O",
                _ => tag.as_str(),
            })
            .collect();
        add_chunk_counts(&mut scores, &gold, &predicted);
    }
    scores
}

fn add_chunk_counts(scores: &mut BTreeMap<String, Counts>, gold: &[&str], predicted: &[&str]) {
    let gold_chunks = chunks(gold);
    let predicted_chunks = chunks(predicted);
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
}

/// Per-type lines and the micro average of a score table.
pub fn format_scores(scores: &BTreeMap<String, Counts>) -> String {
    let mut total = Counts::default();
    let mut report = String::new();
    for (kind, counts) in scores {
        report.push_str(&format!("  {kind:<6} {}\n", counts.summary()));
        total.add(*counts);
    }
    report.push_str(&format!("  {:<6} {}\n", "micro", total.summary()));
    report
}

/// One corpus of the NER report: its name in the report, its files and their gold format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    /// Its name in the report.
    pub name: String,
    /// Its files, scored together.
    pub files: Vec<PathBuf>,
    /// How its gold tags are written and which types are scored.
    pub format: GoldFormat,
}

/// The corpora of the NER report, relative to the shared data folder: ANERcorp's clean and
/// official test files, every AQMAR article, and the Wojood sample's validation and test files
/// (outermost tag only, PERS/LOC/ORG only; see [`wojood_tag`]).
pub fn corpora(data: &Path) -> Vec<Corpus> {
    let anercorp = data.join("anercorp");
    let wojood = data.join("wojood_sample");
    let mut aqmar: Vec<PathBuf> = std::fs::read_dir(data.join("aqmar"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    aqmar.retain(|path| path.extension().is_some_and(|e| e == "txt"));
    aqmar.sort();
    let corpus = |name: String, files: Vec<PathBuf>, format| Corpus { name, files, format };
    let wojood_name = |file: &str| {
        format!(
            "Wojood sample {file} (outermost tag; PERS, ORG, GPE+LOC as LOC, rest O; \
             PERS/LOC/ORG only; conventions differ from ours, compare changes only)"
        )
    };
    vec![
        corpus(
            "ANERcorp test.txt".to_string(),
            vec![anercorp.join("test.txt")],
            GoldFormat::Anercorp,
        ),
        corpus(
            "ANERcorp test.official.txt".to_string(),
            vec![anercorp.join("test.official.txt")],
            GoldFormat::Anercorp,
        ),
        corpus(
            format!("AQMAR ({} articles, MIS0..3 as MISC)", aqmar.len()),
            aqmar,
            GoldFormat::Anercorp,
        ),
        corpus(wojood_name("val.txt"), vec![wojood.join("val.txt")], GoldFormat::Wojood),
        corpus(wojood_name("test.txt"), vec![wojood.join("test.txt")], GoldFormat::Wojood),
    ]
}

/// Strict span scores of every tagger on every corpus of [`corpora`]; a corpus whose files are
/// missing is named as skipped.
pub fn report(annotator: &Annotator, data: &Path) -> String {
    let mut out = String::new();
    for Corpus { name, files, format } in corpora(data) {
        let texts: Result<Vec<String>, String> = files
            .iter()
            .map(|path| {
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
            })
            .collect();
        let texts = match texts {
            Ok(texts) if !texts.is_empty() => texts,
            Ok(_) => {
                out.push_str(&format!("{name}: skipped, no files\n"));
                continue;
            }
            Err(reason) => {
                out.push_str(&format!("{name}: skipped, {reason}\n"));
                continue;
            }
        };
        let all: Vec<Vec<(&str, String)>> =
            texts.iter().flat_map(|t| format.sentences(t)).collect();
        for tagger in Tagger::ALL {
            out.push_str(&format!("{name}, {} (strict spans):\n", tagger.name()));
            let scores = score_sentences(annotator, &all, tagger, format.scored_kinds());
            out.push_str(&format_scores(&scores));
        }
    }
    out
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
    let mut gold: Vec<&str> = Vec::new();
    let mut predicted: Vec<&str> = Vec::new();
    for line in tagged.lines().chain(std::iter::once("")) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.len() < 3 {
            add_chunk_counts(&mut scores, &gold, &predicted);
            gold.clear();
            predicted.clear();
            continue;
        }
        gold.push(columns[columns.len() - 2]);
        predicted.push(columns[columns.len() - 1]);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_tags_of_both_corpora() {
        let cases = [
            ("B-PERS", "B-PERS"),
            ("I-PER", "I-PERS"),
            ("B-MIS2", "B-MISC"),
            ("I-MIS0", "I-MISC"),
            ("B-MIS-1", "B-MISC"),
            ("I--ORG", "I-ORG"),
            ("B-ENGLISH", "O"),
            ("OO", "O"),
            ("IO", "O"),
            ("O", "O"),
        ];
        for (raw, expected) in cases {
            assert_eq!(gold_tag(raw), expected, "gold tag {raw}");
        }
    }

    #[test]
    fn wojood_keeps_the_outermost_person_organization_and_place() {
        let cases = [
            ("B-PERS", "B-PERS"),
            ("I-PERS", "I-PERS"),
            ("B-ORG", "B-ORG"),
            ("I-ORG", "I-ORG"),
            ("B-GPE", "B-LOC"),
            ("I-GPE", "I-LOC"),
            ("B-LOC", "B-LOC"),
            ("I-LOC", "I-LOC"),
            ("B-OCC", "O"),
            ("I-FAC", "O"),
            ("B-NORP", "O"),
            ("B-EVENT", "O"),
            ("I-DATE", "O"),
            ("B-MONEY", "O"),
            ("O", "O"),
        ];
        for (raw, expected) in cases {
            assert_eq!(wojood_tag(raw), expected, "Wojood tag {raw}");
        }
    }

    #[test]
    fn wojood_reads_the_first_tag_column_only() {
        // `بلدية نابلس` is an organization with a place nested in it, inside an occupation.
        let input = "رئيس B-OCC\nبلدية I-OCC B-ORG\nنابلس I-OCC I-ORG B-GPE\n\
                     ولمنظمة B-ORG\nالصحة I-ORG\n. O\n$#$ O\n\nفلسطين B-GPE\n";
        let sentences = GoldFormat::Wojood.sentences(input);
        let tags: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sentence| sentence.iter().map(|(_, tag)| tag.as_str()).collect())
            .collect();
        assert_eq!(tags, [vec!["O", "O", "O", "B-ORG", "I-ORG", "O"], vec!["B-LOC"]]);
        assert_eq!(GoldFormat::Wojood.scored_kinds(), Some(&["PERS", "LOC", "ORG"][..]));
        // The same line read as ANERcorp takes the last column.
        assert_eq!(GoldFormat::Anercorp.sentences("نابلس I-OCC I-ORG B-GPE\n")[0][0].1, "O");
    }

    #[test]
    fn taggers_agree_on_a_known_sentence() {
        let annotator = crate::builtin();
        let tokens = ["وقال", "بوتين", "في", "موسكو"];
        for tagger in Tagger::ALL {
            assert_eq!(
                tag_tokens(annotator, &tokens, tagger),
                ["O", "B-PERS", "O", "B-LOC"],
                "tagger {}",
                tagger.name()
            );
        }
    }

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
