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
    /// additions. It marks the `I-X` tags at the start, which no path reaches, and the steps
    /// [`allowed`] forbids; a sum holds at most two of them.
    const NONE: Self;

    /// Brings the best scores so far back near zero without changing which is larger than
    /// which, so that a long text cannot overflow them.
    fn rebase(scores: [Self; LANES]) -> [Self; LANES];
}

impl Score for i32 {
    /// Far below any path (a step adds at most a few thousand), far from overflowing even
    /// twice.
    const NONE: i32 = i32::MIN / 4;

    /// Subtracts the score of `O` from all: integer sums shift exactly, so every later
    /// comparison (and tie) comes out as before. A path gains about 150 a word, which would
    /// overflow `i32` after some 14 million words (90 MB of text) without this. `O` may follow
    /// any tag, so no tag's best score lies more than a step or two of weights from it.
    fn rebase(scores: [i32; LANES]) -> [i32; LANES] {
        scores.map(|score| score - scores[0])
    }
}

impl Score for f32 {
    const NONE: f32 = f32::NEG_INFINITY;

    /// Training decodes one sentence at a time, far from `f32`'s range; shifting would only
    /// round the scores differently.
    fn rebase(scores: [f32; LANES]) -> [f32; LANES] {
        scores
    }
}

/// The best tag sequence under the emission rows and transition weights (row [`TAG_COUNT`] of
/// `transitions` is the start).
pub fn viterbi<T: Score>(emissions: &[[T; TAG_COUNT]], transitions: &[T]) -> Vec<usize> {
    decode(emissions.len(), |at| emissions[at], transitions)
}

/// [`viterbi`] over `len` emission rows, `row(at)` giving each.
fn decode<T: Score>(
    len: usize,
    row: impl Fn(usize) -> [T; TAG_COUNT],
    transitions: &[T],
) -> Vec<usize> {
    if len == 0 {
        return Vec::new();
    }
    let first = row(0);
    // The weights as a table, row `previous` and column `tag` (row `TAG_COUNT`: the start), with
    // `NONE` where [`allowed`] forbids the step: every tag then takes the best of all nine
    // previous tags in one branch-free loop the compiler can vectorize, and a forbidden step
    // never wins, since an allowed one (`B-X` before `I-X`) always has a real path. The rows are
    // [`LANES`] wide, `NONE` past the last tag: three vectors of four, with no odd ninth tag for
    // the compiler to add and compare on its own.
    let mut table = [[T::NONE; LANES]; TAG_COUNT + 1];
    for (previous, (row, weights)) in
        table.iter_mut().zip(transitions.chunks_exact(TAG_COUNT)).enumerate()
    {
        for (tag, (cell, &weight)) in row.iter_mut().zip(weights).enumerate() {
            if allowed((previous < TAG_COUNT).then_some(previous), tag) {
                *cell = weight;
            }
        }
    }
    let widen = |row: [T; TAG_COUNT]| -> [T; LANES] {
        std::array::from_fn(|tag| row.get(tag).copied().unwrap_or_default())
    };
    // The best score of each tag at each position, after its rebase: the forward pass keeps
    // only the best scores (a branch-free maximum per tag), and the way back works out the one
    // previous tag it needs at each position from them, instead of the forward pass recording
    // the best previous tag of all nine at every position. Each step reads the scores before it
    // where it stored them, and stores its own whole, [`LANES`] wide: 48 bytes a position, not
    // 36. Kept nine wide, a step's row was copied from pieces the compiler had stored apart, and
    // the copy's loads waited on those stores, a quarter of the decoding's time.
    let mut scores: Vec<[T; LANES]> = Vec::with_capacity(len);
    let first = widen(first);
    scores.push(std::array::from_fn(|tag| table[TAG_COUNT][tag] + first[tag]));
    for at in 1..len {
        let row = widen(row(at));
        let Some(best) = scores.last() else { break };
        // Three maxima, each over every third previous tag, then the larger of them: chains of
        // three comparisons that wait on each other, where one maximum over all nine waited on
        // nine.
        let [mut top_a, mut top_b, mut top_c] = [[T::NONE; LANES]; 3];
        let froms = best[..TAG_COUNT].chunks_exact(3);
        for (froms, rows) in froms.zip(table[..TAG_COUNT].chunks_exact(3)) {
            take_larger(&mut top_a, froms[0], &rows[0]);
            take_larger(&mut top_b, froms[1], &rows[1]);
            take_larger(&mut top_c, froms[2], &rows[2]);
        }
        let larger = |a: T, b: T| if b > a { b } else { a };
        let top: [T; LANES] =
            std::array::from_fn(|tag| larger(larger(top_a[tag], top_b[tag]), top_c[tag]));
        scores.push(T::rebase(std::array::from_fn(|tag| top[tag] + row[tag])));
    }
    let Some(best) = scores.last() else { return Vec::new() };
    let mut tag = first_best(&narrow(best));
    let mut tags = vec![0; len];
    for (at, before) in scores.iter().enumerate().rev().skip(1) {
        tags[at + 1] = tag;
        // The same sums the forward pass compared, so the same previous tag wins, ties too.
        tag = first_best(&std::array::from_fn(|previous| before[previous] + table[previous][tag]));
    }
    tags[0] = tag;
    tags
}

/// Raises each score of `top` to `from` plus the weight of its tag in `weights` where that is
/// larger.
#[inline(always)]
fn take_larger<T: Score>(top: &mut [T; LANES], from: T, weights: &[T; LANES]) {
    for (top, &weight) in top.iter_mut().zip(weights) {
        let score = from + weight;
        *top = if score > *top { score } else { *top };
    }
}

/// The width of the forward pass's rows of scores: [`TAG_COUNT`] rounded up to whole vectors of
/// four.
const LANES: usize = TAG_COUNT.div_ceil(4) * 4;

// The forward pass takes the previous tags three at a time.
const _: () = assert!(TAG_COUNT.is_multiple_of(3));

/// The scores of the tags in a row of [`LANES`].
fn narrow<T: Copy>(row: &[T; LANES]) -> [T; TAG_COUNT] {
    std::array::from_fn(|tag| row[tag])
}

/// The tag of the best score; a tie goes to the first. Each comparison picks with no branch:
/// which tag wins changes from word to word, and a branch was guessed wrong at every change
/// (+1.3% on the dev and blind articles in a same-time A/B; the best score found first, then
/// the first tag that has it: -3.6%).
fn first_best<T: Score>(scores: &[T; TAG_COUNT]) -> usize {
    let mut tag = 0;
    for candidate in 1..TAG_COUNT {
        tag = std::hint::select_unpredictable(scores[candidate] > scores[tag], candidate, tag);
    }
    tag
}

/// An integer score held in an `f32`: sums of integers below 2^24 are exact in `f32`, so every
/// comparison (and tie) comes out as in `i32`, and a maximum of four of them is one instruction
/// where `i32` needs four (x86-64's baseline has `maxps`, but no `pmaxsd`).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Whole(f32);

impl std::ops::Add for Whole {
    type Output = Whole;

    fn add(self, other: Whole) -> Whole {
        Whole(self.0 + other.0)
    }
}

impl Score for Whole {
    /// No path: below every real score, and still so after any addition.
    const NONE: Whole = Whole(f32::NEG_INFINITY);

    /// Subtracts the score of `O` from all, as `i32` does: exact on whole numbers, and it keeps
    /// the scores near zero, far below 2^24 (see [`viterbi_whole`]).
    fn rebase(scores: [Whole; LANES]) -> [Whole; LANES] {
        scores.map(|score| Whole(score.0 - scores[0].0))
    }
}

/// Emission scores and transition weights are below this in size for [`viterbi_whole`] to decode
/// them as [`Whole`] numbers.
const WHOLE_LIMIT: i32 = 1 << 16;

/// [`viterbi`] over `i32` scores, the same tags ties included, decoded in [`Whole`] numbers when
/// every score is under [`WHOLE_LIMIT`] in size (a model's emissions are sums of a few dozen `i8`
/// weights, its transitions `i16`). Then every sum stays exact: after a rebase, no tag's best
/// score lies more than a few steps of scores (each under 2^17) from `O`'s, so a step's sums stay
/// under 2^21, far below 2^24. Larger scores take `i32`.
pub fn viterbi_whole(emissions: &[[i32; TAG_COUNT]], transitions: &[i32]) -> Vec<usize> {
    // A score in `-2^16..2^16` plus 2^16 has no bit above the 17th: or-ing them all tells with
    // no branch whether any is outside.
    let bits = |scores: &[i32]| {
        scores.iter().fold(0u32, |bits, &score| bits | score.wrapping_add(WHOLE_LIMIT) as u32)
    };
    if (bits(emissions.as_flattened()) | bits(transitions)) >> 17 != 0 {
        return viterbi(emissions, transitions);
    }
    let whole = |score: i32| Whole(score as f32);
    let weights: Vec<Whole> = transitions.iter().map(|&weight| whole(weight)).collect();
    // Each row is converted as the decoder reads it, rather than into a copy of them all.
    decode(emissions.len(), |at| emissions[at].map(whole), &weights)
}
