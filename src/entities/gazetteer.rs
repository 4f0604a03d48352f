//! Gazetteer hits: the longest known name at each position, proclitic stripped when needed.

use super::{Candidate, Words};
use crate::lexicon::Lexicon;

/// Every non-overlapping longest gazetteer match, left to right.
pub fn find(words: &Words, lexicon: &Lexicon) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let hit = words.longest_phrase(at, &lexicon.names);
        match hit {
            Some((last, skip, entry)) if !is_bare_lookalike(words, lexicon, at, last, skip) => {
                let label = lexicon.entries[entry as usize].label;
                let source = lexicon.entries[entry as usize].source;
                found.push(Candidate { first: at, last, skip, label, entry: Some(entry), source });
                at = last + 1;
            }
            _ => at += 1,
        }
    }
    found
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
