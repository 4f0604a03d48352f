//! Scoring against gold files: strict entity spans per label, quote detection (exact and by
//! overlap), and speaker accuracy over all gold quotes.
//!
//! Gold files are JSON in the CLI's schema (`entities`, `quotes`, code-point offsets); gold
//! mentions carry an `entity` slug shared by the mentions of one real entity.

use crate::normalize::normalize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

/// True and false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Found and in the gold.
    pub true_positives: usize,
    /// Found but not in the gold.
    pub false_positives: usize,
    /// In the gold but not found.
    pub false_negatives: usize,
}

impl Counts {
    /// Precision, 0 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// Recall, 0 when the gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// One line: precision, recall, F1 and the counts behind them.
    pub fn summary(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}   (tp {} fp {} fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )
    }

    /// Adds another document's or label's counts.
    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Scores accumulated over documents.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Strict entity matches per label.
    pub labels: BTreeMap<String, Counts>,
    /// Quotes matched by exact span.
    pub quotes_exact: Counts,
    /// Quotes matched one-to-one by overlap (intersection over union at least one half).
    pub quotes_overlap: Counts,
    /// Overlap matching per kind (gold kind for misses, predicted kind for false alarms).
    pub kinds: BTreeMap<String, Counts>,
    /// Gold quotes whose match has the right speaker.
    pub speakers_right: usize,
    /// Gold quotes whose match has the right speaker, per gold kind.
    pub speakers_right_by_kind: BTreeMap<String, usize>,
    /// Gold quotes.
    pub gold_quotes: usize,
    /// Documents scored.
    pub documents: usize,
}

fn number(value: &Value, key: &str) -> usize {
    value.get(key).and_then(Value::as_u64).unwrap_or(0) as usize
}

fn string<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| normalize(s).split_whitespace().collect::<Vec<_>>().join(" ");
    !a.is_empty() && fold(a) == fold(b)
}

fn range(value: &Value) -> (usize, usize) {
    (number(value, "start"), number(value, "end"))
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Intersection over union of two ranges.
fn jaccard(a: (usize, usize), b: (usize, usize)) -> f64 {
    let union = a.1.max(b.1) - a.0.min(b.0);
    ratio(overlap(a, b), union)
}

impl Scores {
    /// Adds one document: `gold` and `predicted` are objects in the CLI's JSON schema.
    pub fn add(&mut self, gold: &Value, predicted: &Value) {
        self.documents += 1;
        self.add_entities(gold, predicted);
        self.add_quotes(gold, predicted);
    }

    fn add_entities(&mut self, gold: &Value, predicted: &Value) {
        let key =
            |e: &Value| (number(e, "start"), number(e, "end"), string(e, "label").to_string());
        let gold_set: Vec<_> = list(gold, "entities").iter().map(key).collect();
        let predicted_set: Vec<_> = list(predicted, "entities").iter().map(key).collect();
        for label in gold_set.iter().chain(&predicted_set).map(|k| k.2.clone()) {
            self.labels.entry(label).or_default();
        }
        for item in &predicted_set {
            let counts = self.labels.entry(item.2.clone()).or_default();
            if gold_set.contains(item) {
                counts.true_positives += 1;
            } else {
                counts.false_positives += 1;
            }
        }
        for item in gold_set.iter().filter(|item| !predicted_set.contains(item)) {
            self.labels.entry(item.2.clone()).or_default().false_negatives += 1;
        }
    }

    fn add_quotes(&mut self, gold: &Value, predicted: &Value) {
        let gold_quotes = list(gold, "quotes");
        let predicted_quotes = list(predicted, "quotes");
        self.gold_quotes += gold_quotes.len();
        let exact = gold_quotes
            .iter()
            .filter(|g| predicted_quotes.iter().any(|p| range(p) == range(g)))
            .count();
        self.quotes_exact.add(Counts {
            true_positives: exact,
            false_positives: predicted_quotes.len() - exact,
            false_negatives: gold_quotes.len() - exact,
        });
        // One-to-one matching, best overlaps first.
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (g, gq) in gold_quotes.iter().enumerate() {
            for (p, pq) in predicted_quotes.iter().enumerate() {
                let score = jaccard(range(gq), range(pq));
                if score >= 0.5 {
                    pairs.push((score, g, p));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut gold_match = vec![None; gold_quotes.len()];
        let mut predicted_taken = vec![false; predicted_quotes.len()];
        for (_, g, p) in pairs {
            if gold_match[g].is_none() && !predicted_taken[p] {
                gold_match[g] = Some(p);
                predicted_taken[p] = true;
            }
        }
        for (g, gq) in gold_quotes.iter().enumerate() {
            let kind = string(gq, "kind").to_string();
            let counts = self.kinds.entry(kind.clone()).or_default();
            match gold_match[g] {
                Some(p) => {
                    counts.true_positives += 1;
                    self.quotes_overlap.true_positives += 1;
                    if right_speaker(gold, gq, &predicted_quotes[p]) {
                        self.speakers_right += 1;
                        *self.speakers_right_by_kind.entry(kind).or_default() += 1;
                    }
                }
                None => {
                    counts.false_negatives += 1;
                    self.quotes_overlap.false_negatives += 1;
                }
            }
        }
        for (p, pq) in predicted_quotes.iter().enumerate() {
            if !predicted_taken[p] {
                self.kinds.entry(string(pq, "kind").to_string()).or_default().false_positives += 1;
                self.quotes_overlap.false_positives += 1;
            }
        }
    }

    /// Micro-averaged strict entity counts over the given labels (all when empty).
    pub fn entities(&self, labels: &[&str]) -> Counts {
        let mut total = Counts::default();
        for (label, counts) in &self.labels {
            if labels.is_empty() || labels.contains(&label.as_str()) {
                total.add(*counts);
            }
        }
        total
    }

    /// Speaker accuracy over all gold quotes.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speakers_right, self.gold_quotes)
    }

    /// A plain-text report.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, name: &str, c: Counts| {
            let _ = writeln!(out, "{name:<16} {}", c.summary());
        };
        let _ = writeln!(out, "documents: {}", self.documents);
        let _ = writeln!(out, "entities (strict span and label):");
        for (label, counts) in &self.labels {
            line(&mut out, &format!("  {label}"), *counts);
        }
        line(&mut out, "  PER/LOC/ORG", self.entities(&["PER", "LOC", "ORG"]));
        line(&mut out, "  micro (all)", self.entities(&[]));
        let _ = writeln!(out, "quotes:");
        line(&mut out, "  overlap>=0.5", self.quotes_overlap);
        line(&mut out, "  exact span", self.quotes_exact);
        for (kind, counts) in &self.kinds {
            let gold = counts.true_positives + counts.false_negatives;
            let right = self.speakers_right_by_kind.get(kind).copied().unwrap_or(0);
            line(&mut out, &format!("  {kind}"), *counts);
            let _ = writeln!(out, "{:<16} speaker right {right}/{gold}", "");
        }
        let _ = writeln!(
            out,
            "speaker accuracy: {:.3} ({}/{} gold quotes)",
            self.speaker_accuracy(),
            self.speakers_right,
            self.gold_quotes
        );
        out
    }
}

/// A listing of what differs between gold and prediction, for reading while tuning: missed and
/// spurious entities (`-` gold only, `+` predicted only), missed and spurious quotes, and wrong
/// speakers (`~`).
pub fn differences(name: &str, gold: &Value, predicted: &Value) -> String {
    let mut out = format!("== {name}\n");
    let entity = |e: &Value| {
        (
            number(e, "start"),
            number(e, "end"),
            string(e, "label").to_string(),
            string(e, "text").to_string(),
        )
    };
    let gold_entities: Vec<_> = list(gold, "entities").iter().map(entity).collect();
    let predicted_entities: Vec<_> = list(predicted, "entities").iter().map(entity).collect();
    for e in gold_entities
        .iter()
        .filter(|e| !predicted_entities.iter().any(|p| p.0 == e.0 && p.1 == e.1 && p.2 == e.2))
    {
        let _ = writeln!(out, "- ENT {}..{} {} {}", e.0, e.1, e.2, e.3);
    }
    for e in predicted_entities
        .iter()
        .filter(|e| !gold_entities.iter().any(|g| g.0 == e.0 && g.1 == e.1 && g.2 == e.2))
    {
        let _ = writeln!(out, "+ ENT {}..{} {} {}", e.0, e.1, e.2, e.3);
    }
    let quote_line = |q: &Value| {
        let speaker = q
            .get("speaker")
            .filter(|s| !s.is_null())
            .map_or("-".to_string(), |s| string(s, "canonical").to_string());
        let text: String = string(q, "text").chars().take(40).collect();
        format!(
            "{}..{} {} [{}] {}",
            number(q, "start"),
            number(q, "end"),
            string(q, "kind"),
            speaker,
            text
        )
    };
    let predicted_quotes = list(predicted, "quotes");
    for g in list(gold, "quotes") {
        let best = predicted_quotes
            .iter()
            .filter(|p| jaccard(range(g), range(p)) >= 0.5)
            .max_by(|a, b| jaccard(range(g), range(a)).total_cmp(&jaccard(range(g), range(b))));
        match best {
            None => {
                let _ = writeln!(out, "- QUOTE {}", quote_line(g));
            }
            Some(p) if !right_speaker(gold, g, p) => {
                let _ = writeln!(out, "~ QUOTE {}\n      got {}", quote_line(g), quote_line(p));
            }
            Some(_) => {}
        }
    }
    for p in predicted_quotes {
        if !list(gold, "quotes").iter().any(|g| jaccard(range(g), range(p)) >= 0.5) {
            let _ = writeln!(out, "+ QUOTE {}", quote_line(p));
        }
    }
    out
}

/// A predicted speaker is right when it names the gold speaker: same canonical name, or a span
/// on a gold mention of the same entity, or a span on the gold speaker's own span. Both absent
/// is right too.
fn right_speaker(gold: &Value, gold_quote: &Value, predicted_quote: &Value) -> bool {
    let gold_speaker = gold_quote.get("speaker").filter(|s| !s.is_null());
    let predicted_speaker = predicted_quote.get("speaker").filter(|s| !s.is_null());
    match (gold_speaker, predicted_speaker) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            if same_name(string(g, "canonical"), string(p, "canonical"))
                || overlap(range(g), range(p)) > 0
            {
                return true;
            }
            let entity = g.get("entity").and_then(Value::as_str);
            entity.is_some_and(|id| {
                list(gold, "entities").iter().any(|mention| {
                    mention.get("entity").and_then(Value::as_str) == Some(id)
                        && overlap(range(mention), range(p)) > 0
                })
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scores_strict_entities_and_overlapping_quotes() {
        let gold = json!({
            "entities": [{"start": 0, "end": 5, "label": "PER", "entity": "putin"},
                         {"start": 10, "end": 14, "label": "LOC", "entity": "china"}],
            "quotes": [{"start": 20, "end": 40, "kind": "direct",
                        "speaker": {"start": 0, "end": 5, "canonical": "فلاديمير بوتين", "entity": "putin"}}]
        });
        let predicted = json!({
            "entities": [{"start": 0, "end": 5, "label": "PER"}, {"start": 10, "end": 13, "label": "LOC"}],
            "quotes": [{"start": 21, "end": 40, "kind": "direct",
                        "speaker": {"start": 0, "end": 5, "canonical": "بوتين"}},
                       {"start": 50, "end": 60, "kind": "partial", "speaker": null}]
        });
        let mut scores = Scores::default();
        scores.add(&gold, &predicted);
        assert_eq!(scores.labels["PER"].true_positives, 1);
        assert_eq!(scores.labels["LOC"].false_positives, 1, "a span one off is wrong");
        assert_eq!(scores.quotes_exact.true_positives, 0);
        assert_eq!(scores.quotes_overlap.true_positives, 1);
        assert_eq!(scores.quotes_overlap.false_positives, 1);
        assert_eq!(scores.speakers_right, 1, "the speaker span lies on a mention of the entity");
        assert!((scores.quotes_overlap.f1() - 2.0 / 3.0).abs() < 1e-9);
    }
}
