//! Gazetteer hits: the longest known name at each position, proclitic stripped when needed.

use super::{Candidate, Words};
use crate::lexicon::Lexicon;

/// A gazetteer hit: first and last word position, bytes of proclitic skipped, and the entry.
pub type Hit = (usize, usize, usize, u32);

/// Every non-overlapping longest list match, left to right (the tagger's features read them
/// too, so they are found once per text).
pub fn hits(words: &Words, lexicon: &Lexicon) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match words.longest_phrase(at, &lexicon.names) {
            Some((last, skip, entry)) => {
                hits.push((at, last, skip, entry));
                at = last + 1;
            }
            None => at += 1,
        }
    }
    hits
}

/// The gazetteer's candidates among its `hits`: all but the one-word look-alikes (see
/// [`is_bare_lookalike`]). A look-alike is one word, so skipping it moves on by one word, as a
/// miss does.
pub fn find(words: &Words, lexicon: &Lexicon, hits: &[Hit]) -> Vec<Candidate> {
    hits.iter()
        .filter(|&&(at, last, skip, _)| !is_bare_lookalike(words, lexicon, at, last, skip))
        .map(|&(first, last, skip, entry)| {
            let entry_data = &lexicon.entries[entry as usize];
            Candidate {
                first,
                last,
                skip,
                label: entry_data.label,
                entry: Some(entry),
                source: entry_data.source,
            }
        })
        .collect()
}

/// A one-word name reached only by stripping a proclitic from a word that is common as a whole
/// (`كما` must not become `ك` + `ما`): the whole word wins.
fn is_bare_lookalike(
    words: &Words,
    lexicon: &Lexicon,
    at: usize,
    last: usize,
    skip: usize,
) -> bool {
    let whole = words.text(at);
    skip > 0
        && at == last
        && (lexicon.common_words.contains(whole) || lexicon.function_words.contains(whole))
}
