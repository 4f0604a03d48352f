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
    /// Stands for "no path": below every real score, and still below them after a step's
    /// additions (it marks the `I-X` tags at the start, which no path reaches).
    const NONE: Self;

    /// Brings the best scores so far back near zero without changing which is larger than
    /// which, so that a long text cannot overflow them.
    fn rebase(scores: &mut [Self; TAG_COUNT]);
}

impl Score for i32 {
    /// Far below any path (a step adds at most a few thousand), far from overflowing.
    const NONE: i32 = i32::MIN / 4;

    /// Subtracts the largest score from all: integer sums shift exactly, so every later
    /// comparison (and tie) comes out as before. A path gains about 150 a word, which would
    /// overflow `i32` after some 14 million words (90 MB of text) without this.
    fn rebase(scores: &mut [i32; TAG_COUNT]) {
        let top = scores.iter().copied().fold(i32::NONE, i32::max);
        for score in scores.iter_mut() {
            *score -= top;
        }
    }
}

impl Score for f32 {
    const NONE: f32 = f32::NEG_INFINITY;

    /// Training decodes one sentence at a time, far from `f32`'s range; shifting would only
    /// round the scores differently.
    fn rebase(_: &mut [f32; TAG_COUNT]) {}
}

/// The best tag sequence under the emission rows and transition weights (row [`TAG_COUNT`] of
/// `transitions` is the start).
pub fn viterbi<T: Score>(emissions: &[[T; TAG_COUNT]], transitions: &[T]) -> Vec<usize> {
    if emissions.is_empty() {
        return Vec::new();
    }
    // The weights as a table, row `previous` and column `tag` (row `TAG_COUNT`: the start),
    // so that the loops below have fixed bounds.
    let mut table = [[T::NONE; TAG_COUNT]; TAG_COUNT + 1];
    for (row, weights) in table.iter_mut().zip(transitions.chunks_exact(TAG_COUNT)) {
        row.copy_from_slice(weights);
    }
    let mut back = vec![[0u8; TAG_COUNT]; emissions.len()];
    let mut best = [T::NONE; TAG_COUNT];
    for tag in 0..TAG_COUNT {
        if allowed(None, tag) {
            best[tag] = table[TAG_COUNT][tag] + emissions[0][tag];
        }
    }
    for (row, back) in emissions.iter().zip(&mut back).skip(1) {
        let mut next = [T::NONE; TAG_COUNT];
        for tag in 0..TAG_COUNT {
            // `O` and `B-X` may follow any tag, `I-X` only `B-X` or itself; a tie goes to the
            // first previous tag. Both first candidates always have a path, the `NONE` of an
            // `I-X` at the start never wins.
            let (top, from) = if tag == 0 || tag % 2 == 1 {
                let mut top = best[0] + table[0][tag];
                let mut from = 0;
                for previous in 1..TAG_COUNT {
                    let score = best[previous] + table[previous][tag];
                    if score > top {
                        top = score;
                        from = previous;
                    }
                }
                (top, from)
            } else {
                let opening = best[tag - 1] + table[tag - 1][tag];
                let going_on = best[tag] + table[tag][tag];
                if going_on > opening {
                    (going_on, tag)
                } else {
                    (opening, tag - 1)
                }
            };
            next[tag] = top + row[tag];
            back[tag] = from as u8;
        }
        best = next;
        T::rebase(&mut best);
    }
    let mut tag = 0;
    for candidate in 1..TAG_COUNT {
        if best[candidate] > best[tag] {
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
