//! Places no list knows.
//!
//! - `rule:place-head`: the name after a place descriptor, which is left out (`مدينة صحار` gives
//!   `صحار`, `محافظة شمال الباطنة` gives `شمال الباطنة`);
//! - `rule:facility`: a facility or landmark with its head word (`مطار مسقط الدولي`,
//!   `وادي الجزي`, `قصر العدل`).

use super::names::{is_family_name_word, is_name_word};
use super::{Candidate, Claimed, Words};
use crate::lexicon::{Lexicon, WordSet};
use crate::span::Label;

/// Descriptors of places that are left out of the name: `مدينة صحار` is `صحار`.
const PLACE_HEADS: WordSet = WordSet::new(&[
    "مدينة",
    "محافظة",
    "ولاية",
    "منطقة",
    "اقليم",
    "جزيرة",
    "بلدة",
    "قرية",
    "مخيم",
    "حي",
    "ضاحية",
    "قضاء",
    "مديرية",
    "بلدية",
    "عاصمة",
    "شارع",
    "مقاطعة",
    "جزر",
    "مدينتي",
    "بلدتي",
]);

/// Heads of facilities and landmarks that are part of the name: `مطار صحار`, `وادي الجزي`,
/// `قصر العدل`, `رأس الحكمة`.
const FACILITY_HEADS: WordSet = WordSet::new(&[
    "مطار",
    "ميناء",
    "قصر",
    "جسر",
    "سد",
    "ملعب",
    "استاد",
    "وادي",
    "جبل",
    "نهر",
    "بحيرة",
    "راس",
    "ساحة",
    "ميدان",
    "معبر",
    "مضيق",
    "مستشفي",
]);

/// Adjectives that close a facility's name: `مطار مسقط الدولي`, `مستشفى البصرة التعليمي`,
/// `ساحة الشهداء الكبرى`.
const FACILITY_ADJECTIVES: WordSet = WordSet::new(&[
    "الدولي",
    "الدولية",
    "التعليمي",
    "الجامعي",
    "العام",
    "المركزي",
    "الاولمبي",
    "الكبري",
    "الكبير",
]);

/// The name after a place descriptor (`مدينة صحار`, `محافظة شمال الباطنة`): one or two words
/// that no list knows, the descriptor left out.
/// `claimed` indexes what the lists and the other rules found.
pub fn places(words: &Words, lexicon: &Lexicon, claimed: &Claimed) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let place = |(first, last, skip, source)| Candidate {
            first,
            last,
            skip,
            label: Label::Location,
            entry: None,
            source,
        };
        let head = |w: &str| FACILITY_HEADS.contains(w);
        // A stem as long as its word is the word itself (the stem is what follows a proclitic):
        // the list is then read once.
        let (text, stem) = (words.text(at), words.stem(at));
        let facility = ((head(text) || stem.len() < text.len() && head(stem))
            && !claimed.covers(at))
        .then(|| facility_name(words, lexicon, claimed, at))
        .flatten()
        .map(|last| {
            let skip =
                if head(words.text(at)) { 0 } else { words.text(at).len() - words.stem(at).len() };
            (at, last, skip, "rule:facility")
        });
        let named = || {
            place_after_descriptor(words, lexicon, claimed, at)
                .map(|(first, last)| (first, last, 0, "rule:place-head"))
        };
        match facility.or_else(named) {
            Some(found_place) => {
                found.push(place(found_place));
                at = found_place.1 + 1;
            }
            None => at += 1,
        }
    }
    found
}

/// The place named after a descriptor at `at` that is left out (`مدينة صحار` gives `صحار`,
/// `محافظة شمال الباطنة` gives `شمال الباطنة`): `(first, last)`.
fn place_after_descriptor(
    words: &Words,
    lexicon: &Lexicon,
    claimed: &Claimed,
    at: usize,
) -> Option<(usize, usize)> {
    if !PLACE_HEADS.contains(words.stem(at)) || claimed.covers(at + 1) {
        return None;
    }
    let first = at + 1;
    let place_word = |p: usize| {
        !claimed.covers(p)
            && !words.after_break[p.min(words.len() - 1)]
            && is_family_name_word(words, lexicon, p)
            && !lexicon.common_words.contains(words.text(p))
    };
    // `شمال الباطنة`: a compass word may open the name.
    let compass = ["شمال", "جنوب", "شرق", "غرب", "وسط"].contains(&words.text(first));
    if !(place_word(first) || (compass && place_word(first + 1))) {
        return None;
    }
    let mut last = if compass { first + 1 } else { first };
    if place_word(last + 1) && !words.text(last + 1).starts_with("ال") {
        last += 1;
    }
    Some((first, last))
}

/// The end of a facility name after its head: a known place (`مطار مسقط الدولي`), an unknown
/// word and the name it is construct with (`استاد برج العرب`), or a definite word and a
/// family name (`ملعب الطيب المهيري`), then an adjective such as `الدولي` if it follows.
fn facility_name(
    words: &Words,
    lexicon: &Lexicon,
    claimed: &Claimed,
    head: usize,
) -> Option<usize> {
    let first = head + 1;
    if first >= words.len() || words.after_break[first] || !words.is_word(first) {
        return None;
    }
    let mut last = match claimed.at(first) {
        Some(c) if c.label == Label::Location => c.last,
        Some(_) => return None,
        None if lexicon.function_words.contains(words.text(first))
            || lexicon.verbs.contains_key(words.text(first)) =>
        {
            return None
        }
        None if words.text(first).starts_with("ال") || is_name_word(words, lexicon, first) => {
            first
        }
        None => return None,
    };
    let unclaimed_definite = |p: usize| {
        !claimed.covers(p)
            && !words.after_break[p.min(words.len() - 1)]
            && words.stem(p) == words.text(p)
            && words.text(p).starts_with("ال")
            && !FACILITY_ADJECTIVES.contains(words.text(p))
            && !lexicon.function_words.contains(words.text(p))
            && !lexicon.common_words.contains(words.text(p))
    };
    let next = last + 1;
    if last == first && claimed.at(first).is_none() && !words.after_break[next.min(words.len() - 1)]
    {
        let construct = !words.text(first).starts_with("ال");
        let named_genitive = claimed
            .at(next)
            .filter(|c| matches!(c.label, Label::Location | Label::Nationality))
            .map(|c| c.last);
        if construct && named_genitive.is_some() {
            // `استاد برج العرب`: an indefinite word and the name it is construct with.
            last = named_genitive.unwrap_or(last);
        } else if unclaimed_definite(next) && (construct || words.text(next).ends_with('ي')) {
            // `رأس الحكمة`, and a person's name after a definite first word (`ملعب الطيب
            // المهيري`).
            last = next;
        }
    }
    if FACILITY_ADJECTIVES.contains(words.text(last + 1)) {
        last += 1;
    }
    Some(last)
}
