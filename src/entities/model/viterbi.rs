//! Decoding: the best IOB2 tag sequence under a model's scores (Viterbi, where `I-X` may only
//! follow `B-X` or `I-X`), and the chunks of a tag sequence.

use super::TAG_COUNT;

/// Chunks of a tag sequence as `(first, last, B-tag index)`.
pub fn chunks(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (at, &tag) in tags.iter().chain(std::iter::once(&0)).enumerate() {
        let continues = tag != 0 && tag % 2 == 0 && open.is_some_and(|(_, kind)| kind + 1 == tag);
        if !continues {
            if let Some((first, kind)) = open.take() {
                found.push((first, at - 1, kind));
            }
            if tag != 0 {
                open = Some((at, if tag % 2 == 1 { tag } else { tag - 1 }));
            }
        }
    }
    found
}

/// True when tag `next` may follow tag `previous` (`None`: the start).
pub fn allowed(previous: Option<usize>, next: usize) -> bool {
    next == 0 || next % 2 == 1 || previous.is_some_and(|p| p == next || p + 1 == next)
}

/// A score that Viterbi adds up along a text.
pub trait Score: Copy + PartialOrd + std::ops::Add<Output = Self> + Default {
    /// Brings the best scores so far back near zero without changing which is larger than
    /// which, so that a long text cannot overflow them.
    fn rebase(scores: &mut [Option<Self>; TAG_COUNT]);
}

impl Score for i32 {
    /// Subtracts the largest score from all: integer sums shift exactly, so every later
    /// comparison (and tie) comes out as before. A path gains about 150 a word, which would
    /// overflow `i32` after some 14 million words (90 MB of text) without this.
    fn rebase(scores: &mut [Option<i32>; TAG_COUNT]) {
        if let Some(top) = scores.iter().flatten().copied().max() {
            for score in scores.iter_mut().flatten() {
                *score -= top;
            }
        }
    }
}

impl Score for f32 {
    /// Training decodes one sentence at a time, far from `f32`'s range; shifting would only
    /// round the scores differently.
    fn rebase(_: &mut [Option<f32>; TAG_COUNT]) {}
}

/// The best tag sequence under the emission rows and transition weights (row [`TAG_COUNT`] of
/// `transitions` is the start).
pub fn viterbi<T: Score>(emissions: &[[T; TAG_COUNT]], transitions: &[T]) -> Vec<usize> {
    if emissions.is_empty() {
        return Vec::new();
    }
    let mut back = vec![[0u8; TAG_COUNT]; emissions.len()];
    let mut best: [Option<T>; TAG_COUNT] = [None; TAG_COUNT];
    for tag in 0..TAG_COUNT {
        if allowed(None, tag) {
            best[tag] = Some(transitions[TAG_COUNT * TAG_COUNT + tag] + emissions[0][tag]);
        }
    }
    for at in 1..emissions.len() {
        let mut next: [Option<T>; TAG_COUNT] = [None; TAG_COUNT];
        for tag in 0..TAG_COUNT {
            for previous in 0..TAG_COUNT {
                let Some(score) = best[previous] else { continue };
                if !allowed(Some(previous), tag) {
                    continue;
                }
                let score = score + transitions[previous * TAG_COUNT + tag];
                if next[tag].is_none_or(|s| score > s) {
                    next[tag] = Some(score);
                    back[at][tag] = previous as u8;
                }
            }
            if let Some(score) = next[tag] {
                next[tag] = Some(score + emissions[at][tag]);
            }
        }
        best = next;
        T::rebase(&mut best);
    }
    let mut tag = 0;
    for candidate in 1..TAG_COUNT {
        if best[candidate].is_some_and(|s| best[tag].is_none_or(|b| s > b)) {
            tag = candidate;
        }
    }
    let mut tags = vec![0; emissions.len()];
    for at in (0..emissions.len()).rev() {
        tags[at] = tag;
        tag = usize::from(back[at][tag]);
    }
    tags
}
