//! Training the tagger model (`qawl train-model`): an averaged structured perceptron over the
//! features of [`crate::entities::model::Features`], on ANERcorp's training split only.
//!
//! Training is deterministic: sentences are read in file order and shuffled each pass by a
//! fixed-seed generator, and the weights are quantized and pruned the same way every time, so
//! the same data gives the same model file byte for byte.

use crate::conll::{sentences, with_words};
use crate::entities::model::{
    allowed, chunks, data_hash, viterbi, Features, Header, Model, FEATURE_VERSION, FORMAT_VERSION,
    TAGS, TAG_COUNT,
};
use crate::lexicon::Lexicon;
use std::collections::HashMap;

/// How to train.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Passes over the data.
    pub epochs: u32,
    /// Hold out every n-th block of [`HOLD_OUT_BLOCK`] sentences to report development scores
    /// per pass (0: none). The model written is trained on the held-in part then.
    pub hold_out: usize,
    /// Which of the `hold_out` interleaved folds is held out (0 to `hold_out - 1`): scoring
    /// every fold in turn measures a change over the whole training file.
    pub fold: usize,
    /// Features whose largest quantized weight is below this are dropped.
    pub min_weight: i8,
    /// Features seen at fewer training positions than this are not learned, but for a word's
    /// and its stem's identity (the first `IDENTITY` features): weights fitted to one
    /// occurrence mostly memorize it.
    pub min_count: usize,
    /// Percentage of positions whose word and stem features are hidden in each training step.
    pub dropout: u32,
    /// Cost of a wrong tag in cost-augmented decoding (see [`Options::miss_cost`]).
    pub cost: u32,
    /// Cost of tagging `O` where a name is: the perceptron updates until the gold tagging beats
    /// every other by the summed costs of its mistakes, missed names weighing the most.
    pub miss_cost: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 15,
            hold_out: 0,
            fold: 0,
            min_weight: 4,
            min_count: 2,
            dropout: 20,
            cost: 2,
            miss_cost: 4,
        }
    }
}

/// One sentence ready for training: the feature hashes and gold tag of each word position.
struct Example {
    features: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

fn examples(lexicon: &Lexicon, data: &str) -> Vec<Example> {
    sentences(data)
        .iter()
        .map(|sentence| {
            let tokens: Vec<&str> = sentence.iter().map(|(token, _)| *token).collect();
            with_words(lexicon, &tokens, |_, words, owner, _| {
                let rules = crate::entities::rule_spots(words, lexicon);
                let features = Features::new(words, lexicon, &rules);
                let mut gold = Vec::with_capacity(words.len());
                let mut per_position = Vec::with_capacity(words.len());
                for at in 0..words.len() {
                    let tag = &sentence[owner[at]].1;
                    let first_of_token = at == 0 || owner[at - 1] != owner[at];
                    let tag = match tag.split_once('-') {
                        Some((_, kind)) if !first_of_token => format!("I-{kind}"),
                        _ => tag.clone(),
                    };
                    gold.push(TAGS.iter().position(|t| *t == tag).unwrap_or(0));
                    let mut keys = Vec::with_capacity(64);
                    features.at(at, &mut keys);
                    per_position.push(keys);
                }
                Example { features: per_position, gold }
            })
        })
        .filter(|example| !example.gold.is_empty())
        .collect()
}

/// Perceptron weights with the sums needed for averaging.
struct Weights {
    index: HashMap<u32, usize>,
    current: Vec<[f32; TAG_COUNT]>,
    summed: Vec<[f32; TAG_COUNT]>,
    transitions: Vec<f32>,
    transitions_summed: Vec<f32>,
    step: f32,
    cost: f32,
    miss_cost: f32,
}

impl Weights {
    fn new(cost: f32, miss_cost: f32) -> Self {
        let size = (TAG_COUNT + 1) * TAG_COUNT;
        Weights {
            index: HashMap::new(),
            current: Vec::new(),
            summed: Vec::new(),
            transitions: vec![0.0; size],
            transitions_summed: vec![0.0; size],
            step: 1.0,
            cost,
            miss_cost,
        }
    }

    fn emissions(&self, example: &Example, dropped: &[bool]) -> Vec<[f32; TAG_COUNT]> {
        example
            .features
            .iter()
            .zip(dropped)
            .map(|(keys, &dropped)| {
                let mut row = [0.0f32; TAG_COUNT];
                for key in &keys[if dropped { IDENTITY } else { 0 }..] {
                    if let Some(&index) = self.index.get(key) {
                        row.iter_mut().zip(&self.current[index]).for_each(|(r, w)| *r += w);
                    }
                }
                row
            })
            .collect()
    }

    fn bump(&mut self, key: u32, tag: usize, delta: f32) {
        let next = self.current.len();
        let index = *self.index.entry(key).or_insert(next);
        if index == next {
            self.current.push([0.0; TAG_COUNT]);
            self.summed.push([0.0; TAG_COUNT]);
        }
        self.current[index][tag] += delta;
        self.summed[index][tag] += self.step * delta;
    }

    fn bump_transition(&mut self, previous: Option<usize>, tag: usize, delta: f32) {
        let row = previous.unwrap_or(TAG_COUNT);
        self.transitions[row * TAG_COUNT + tag] += delta;
        self.transitions_summed[row * TAG_COUNT + tag] += self.step * delta;
    }

    /// One perceptron step; positions marked in `dropped` hide their identity features.
    fn learn(&mut self, example: &Example, dropped: &[bool]) -> bool {
        let mut emissions = self.emissions(example, dropped);
        // Cost-augmented decoding: every wrong tag looks better by its cost, so that the
        // weights learn to beat it by a margin; leaving a name untagged costs the most.
        for (row, &gold) in emissions.iter_mut().zip(&example.gold) {
            for (tag, score) in row.iter_mut().enumerate() {
                if tag != gold {
                    *score += if tag == 0 { self.miss_cost } else { self.cost };
                }
            }
        }
        let predicted = viterbi(&emissions, &self.transitions);
        if predicted == example.gold {
            self.step += 1.0;
            return false;
        }
        for at in 0..example.gold.len() {
            let (gold, guess) = (example.gold[at], predicted[at]);
            if gold != guess {
                let skip = if dropped[at] { IDENTITY } else { 0 };
                for &key in &example.features[at][skip..] {
                    self.bump(key, gold, 1.0);
                    self.bump(key, guess, -1.0);
                }
            }
            let gold_previous = at.checked_sub(1).map(|p| example.gold[p]);
            let guess_previous = at.checked_sub(1).map(|p| predicted[p]);
            if (gold_previous, gold) != (guess_previous, guess) {
                self.bump_transition(gold_previous, gold, 1.0);
                self.bump_transition(guess_previous, guess, -1.0);
            }
        }
        self.step += 1.0;
        true
    }

    /// The averaged weights.
    fn averaged(&self) -> (Vec<(u32, [f32; TAG_COUNT])>, Vec<f32>) {
        let mut table: Vec<(u32, [f32; TAG_COUNT])> = self
            .index
            .iter()
            .map(|(&key, &index)| {
                let (current, summed) = (&self.current[index], &self.summed[index]);
                (key, std::array::from_fn(|tag| current[tag] - summed[tag] / self.step))
            })
            .collect();
        table.sort_by_key(|(key, _)| *key);
        let transitions = self
            .transitions
            .iter()
            .zip(&self.transitions_summed)
            .map(|(w, s)| w - s / self.step)
            .collect();
        (table, transitions)
    }
}

/// Strict chunk counts `(true positives, predicted, gold)` over word positions.
fn chunk_counts(
    averaged: &HashMap<u32, [f32; TAG_COUNT]>,
    transitions: &[f32],
    examples: &[&Example],
) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for example in examples {
        let emissions: Vec<[f32; TAG_COUNT]> = example
            .features
            .iter()
            .map(|keys| {
                let mut row = [0.0f32; TAG_COUNT];
                for key in keys {
                    if let Some(weights) = averaged.get(key) {
                        row.iter_mut().zip(weights).for_each(|(r, w)| *r += w);
                    }
                }
                row
            })
            .collect();
        let predicted = chunks(&viterbi(&emissions, transitions));
        let gold = chunks(&example.gold);
        counts.0 += predicted.iter().filter(|c| gold.contains(c)).count();
        counts.1 += predicted.len();
        counts.2 += gold.len();
    }
    counts
}

fn held_out_scores(
    averaged: &HashMap<u32, [f32; TAG_COUNT]>,
    transitions: &[f32],
    held: &[&Example],
) -> String {
    let (right, predicted, gold) = chunk_counts(averaged, transitions, held);
    let precision = right as f64 / predicted.max(1) as f64;
    let recall = right as f64 / gold.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    format!(
        "P {precision:.3} R {recall:.3} F1 {f1:.3} \
         (position chunks: {right} right, {predicted} found, {gold} gold)"
    )
}

fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        order.swap(i, (next_random(state) % (i as u64 + 1)) as usize);
    }
}

/// The first features of a position are its identity (the bias, then the word and its stem,
/// see [`Features::at`]); training hides the word and stem now and then so that the context
/// and affix features learn to find names never seen.
const IDENTITY: usize = 3;

/// Sentences held out together: neighbouring sentences of one article share their names, so
/// holding out single sentences would measure memory more than generalization.
pub const HOLD_OUT_BLOCK: usize = 50;

/// Trains on a CoNLL file's text; returns the model file and a report of what happened.
pub fn train(lexicon: &Lexicon, data: &[u8], options: Options) -> (Vec<u8>, String) {
    let text = String::from_utf8_lossy(data);
    let mut all = examples(lexicon, &text);
    let held_in = |index: usize| {
        options.hold_out == 0 || (index / HOLD_OUT_BLOCK) % options.hold_out != options.fold
    };
    // Counted over the text trained on only.
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for (_, example) in all.iter().enumerate().filter(|(i, _)| held_in(*i)) {
        for keys in &example.features {
            for &key in &keys[IDENTITY..] {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    for keys in all.iter_mut().flat_map(|example| &mut example.features) {
        let mut at = 0;
        keys.retain(|key| {
            at += 1;
            at <= IDENTITY || counts.get(key).is_some_and(|&count| count >= options.min_count)
        });
    }
    let train: Vec<&Example> =
        all.iter().enumerate().filter(|(i, _)| held_in(*i)).map(|(_, e)| e).collect();
    let held: Vec<&Example> =
        all.iter().enumerate().filter(|(i, _)| !held_in(*i)).map(|(_, e)| e).collect();
    let mut report = format!(
        "{} sentences, {} positions; training on {}, holding out {}\n",
        all.len(),
        all.iter().map(|e| e.gold.len()).sum::<usize>(),
        train.len(),
        held.len()
    );
    let mut weights = Weights::new(options.cost as f32, options.miss_cost as f32);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for epoch in 1..=options.epochs {
        shuffle(&mut order, &mut state);
        let mut mistakes = 0;
        for &index in &order {
            let dropped: Vec<bool> = (0..train[index].gold.len())
                .map(|_| next_random(&mut state) % 100 < u64::from(options.dropout))
                .collect();
            mistakes += usize::from(weights.learn(train[index], &dropped));
        }
        report.push_str(&format!("pass {epoch}: {mistakes} sentences wrong"));
        if !held.is_empty() {
            let (table, transitions) = weights.averaged();
            report.push_str("; held out ");
            report.push_str(&held_out_scores(&table.into_iter().collect(), &transitions, &held));
        }
        report.push('\n');
    }
    let (table, transitions) = weights.averaged();
    // One scale for all weights: the largest maps to 127. (Mapping the 99.9th percentile there
    // and clipping the rest measured worse on the held-out blocks: the few large weights matter.)
    let mut sizes: Vec<f32> = table
        .iter()
        .flat_map(|(_, row)| row.iter().map(|w| w.abs()))
        .filter(|w| *w > 0.0)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let reference = sizes.last().copied().unwrap_or(1.0).max(f32::EPSILON);
    let scale = reference / 127.0;
    let quantized: Vec<(u32, [i8; TAG_COUNT])> = table
        .iter()
        .filter_map(|(key, row)| {
            let mut out = [0i8; TAG_COUNT];
            for (q, w) in out.iter_mut().zip(row) {
                *q = (w / scale).round().clamp(-127.0, 127.0) as i8;
            }
            let largest = out.iter().map(|q| q.unsigned_abs()).max().unwrap_or(0);
            (largest >= options.min_weight.unsigned_abs()).then_some((*key, out))
        })
        .collect();
    let transitions: Vec<i16> = transitions
        .iter()
        .enumerate()
        .map(|(index, w)| {
            let (row, tag) = (index / TAG_COUNT, index % TAG_COUNT);
            let previous = (row < TAG_COUNT).then_some(row);
            if allowed(previous, tag) {
                (w / scale).round().clamp(-32000.0, 32000.0) as i16
            } else {
                0
            }
        })
        .collect();
    report.push_str(&format!(
        "{} features learned, {} kept after pruning (largest weight below {} dropped)\n",
        table.len(),
        quantized.len(),
        options.min_weight
    ));
    if !held.is_empty() {
        let table: HashMap<u32, [f32; TAG_COUNT]> =
            quantized.iter().map(|(key, row)| (*key, row.map(f32::from))).collect();
        let transitions: Vec<f32> = transitions.iter().map(|&w| f32::from(w)).collect();
        report.push_str("quantized and pruned, held out ");
        report.push_str(&held_out_scores(&table, &transitions, &held));
        report.push('\n');
    }
    let header = Header {
        format: FORMAT_VERSION,
        features: FEATURE_VERSION,
        data_hash: data_hash(data),
        epochs: options.epochs,
    };
    let bytes = Model::to_bytes(&header, &quantized, &transitions);
    report.push_str(&format!("model file: {} bytes\n", bytes.len()));
    (bytes, report)
}
