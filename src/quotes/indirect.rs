//! Indirect quotes: a speech verb or a source marker, a complementizer (`أن`, `إن`, `فإن`) and
//! the reported clause after it, with clauses joined by `وأن` under the same cue.

use super::kinds::MAX_QUOTE_WORDS;
use super::marks;
use super::{Cue, Finder, Found};
use crate::lexicon::{MarkerKind, SpeechVerb, WordSet};
use crate::span::QuoteKind;
use crate::tokenize::TokenKind;

/// Documents that speak after `جاء في`/`ورد في` (`جاء في التقرير أن`, `نص الحكم`).
pub(super) const DOCUMENTS: WordSet = WordSet::new(&[
    "تقرير",
    "التقرير",
    "تقارير",
    "نص",
    "حيثيات",
    "قرار",
    "القرار",
    "الحكم",
    "وثيقة",
    "الوثيقة",
    "دراسة",
    "الدراسة",
    "مذكرة",
    "المذكرة",
    "الرسالة",
    "البيان",
]);

/// Words that open a new clause after a comma, ending a reported clause: `، فيما ...`.
const CLAUSE_BREAKS: WordSet = WordSet::new(&["غير", "الا"]);

/// Connectors that may stand between a comma and the verb of a new attribution.
const CONNECTORS: WordSet = WordSet::new(&["بينما", "فيما", "اذ", "حين", "وبينما"]);

/// An adverbial active participle (`متهما`, `مؤكدا`): `م` + stem + the accusative alef. After a
/// comma it opens a new clause even when the verb is not a speech verb.
fn looks_like_participle(word: &str) -> bool {
    let letters = word.chars().count();
    word.starts_with('م') && word.ends_with('ا') && (5..=8).contains(&letters)
}

/// Source markers whose lam is written on the next word: `وفقا لهيئة`, `طبقا للبيان`.
const SOURCE_BEFORE_LAM: WordSet = WordSet::new(&["وفقا", "طبقا", "استنادا"]);

impl Finder<'_, '_, '_> {
    /// Indirect quotes: a speech verb, within a few words a complementizer, and the clause after
    /// it up to the end of the sentence. A clause that holds quotation marks is left to the
    /// marked quote, unless the marks close a quote the clause sits in.
    pub(super) fn indirect(&self, marked: &[marks::Marked]) -> Vec<Found> {
        let mut found = Vec::new();
        // A set, not a list: a long text has thousands (a list made 10 MB quadratic).
        let mut taken_clauses = rustc_hash::FxHashSet::default();
        // The cues, in text order: every position in reach of an opener is asked once as a
        // cue, and a cue is asked about again for each cue before it that reaches past it to a
        // complementizer.
        let mut cues = Vec::new();
        self.each_in_reach(|at| cues.extend(self.indirect_cue(at).map(|cue| (at, cue))));
        for (index, &(at, cue)) in cues.iter().enumerate() {
            let (skip, verb, marker, search_from) = cue;
            let opens_clause = |p: usize| match marker {
                Some(MarkerKind::SourceBefore) => self.words.text(p) == "فان",
                _ => self.is_complementizer(p),
            };
            // The attribution zone may be long (`قال X، في تصريح لـ"الشروق" اليوم، إن`): up to
            // thirty positions in the sentence, past one-word quoted names, not past a colon or
            // a quotation of two words or more.
            let mut comp = None;
            let mut p = search_from;
            while p < (at + 30).min(self.words.len()) && self.same_sentence(p, at) {
                if self.words.kind(p) == Some(TokenKind::QuoteMark) {
                    match marks::opening_at(marked, p).filter(|m| self.is_name_in_marks(m)) {
                        Some(scare) => {
                            p = scare.close + 1;
                            continue;
                        }
                        None => break,
                    }
                }
                if self.is_clause_colon(p) {
                    break;
                }
                if opens_clause(p) {
                    comp = Some(p);
                    break;
                }
                p += 1;
            }
            let Some(comp) = comp else { continue };
            // The cue nearest to the complementizer claims it: `أعربوا ...، وأشاروا إلى أن`. Only
            // a cue that could open this clause counts: `بحسب مسؤول طلب عدم الكشف ...، فإن`
            // stays with `بحسب`, since a verb does not take `فإن`.
            let nearer = cues[index + 1..]
                .iter()
                .take_while(|&&(other_at, _)| other_at < comp)
                .any(|&(_, (_, _, other, _))| {
                    (other == Some(MarkerKind::SourceBefore))
                        == (marker == Some(MarkerKind::SourceBefore))
                });
            if taken_clauses.contains(&comp) || nearer || self.is_impersonal(at) {
                // `يذكر أن`, `يشار إلى أن` at the head of a sentence are impersonal, not speech.
                continue;
            }
            let cue = Cue { at, skip, verb, limit: comp, marker };
            // `جاء في الحكم أن ...، وأن ...`: a clause joined by `وأن` has the same cue.
            let mut next = Some(comp);
            while let Some(comp) = next.take() {
                taken_clauses.insert(comp);
                let (clause, end) = self.reported_clause(marked, comp);
                if let Some(found_clause) = clause {
                    found.push(Found { cue: Some(cue), ..found_clause });
                }
                let joined = self.words.punct_is(end, &["،", ","])
                    && self.is_complementizer(end + 1)
                    && self.words.text(end + 1).starts_with('و');
                if joined {
                    next = Some(end + 1);
                }
            }
        }
        found
    }

    /// Visits the positions with an opener in reach after them (within thirty positions, in
    /// their sentence), in text order: the only ones that may be the cue of a reported clause. A
    /// cue with no complementizer in reach opens nothing, so only the positions before each
    /// opener, back to the opener before it, are looked up.
    pub(super) fn each_in_reach(&self, mut visit: impl FnMut(usize)) {
        let mut from = 0;
        for opener in self.openers() {
            for at in from.max(opener.saturating_sub(29))..opener {
                if self.same_sentence(opener, at) {
                    visit(at);
                }
            }
            from = opener;
        }
    }

    /// The positions where a reported clause may open (a complementizer, or `فإن` after a
    /// source marker), in text order.
    fn openers(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.words.len())
            .filter(|&at| self.is_complementizer(at) || self.words.text(at) == "فان")
    }

    /// The reported clause after the complementizer at `comp`, up to the end of the sentence or
    /// the next clause, with the position where it stops. None when it is too short or its marks
    /// make it a marked quote instead.
    fn reported_clause(&self, marked: &[marks::Marked], comp: usize) -> (Option<Found>, usize) {
        let container = marks::enclosing(marked, comp);
        let mut end = comp + 1;
        let mut blocked = false;
        while end < self.words.len().min(comp + 1 + MAX_QUOTE_WORDS)
            && self.same_sentence(end, comp)
            && !self.is_clause_colon(end)
        {
            // `أن الرئيسين بحثا الملف، "دون الخوض في التفاصيل"، على حد تعبير`: marks after a
            // comma open a quote of their own, and the clause ends at the comma.
            if self.words.punct_is(end, &["،", ","])
                && self.words.kind(end + 1) == Some(TokenKind::QuoteMark)
                && container.is_none()
                && marks::opening_at(marked, end + 1).is_some_and(|m| !self.is_name_in_marks(m))
            {
                break;
            }
            if self.words.kind(end) == Some(TokenKind::QuoteMark) {
                // A one-word scare quote (`ضد "الفاشية"`) is part of the clause.
                let scare = marks::opening_at(marked, end).filter(|m| self.is_name_in_marks(m));
                if let Some(scare) = scare {
                    end = scare.close + 1;
                    continue;
                }
                blocked = container.is_none_or(|m| m.close != end);
                if blocked {
                    // `أن المتهم "..."، وأن ...`: the marks' quote ends where the next clause may
                    // begin.
                    end = marks::opening_at(marked, end).map_or(end, |m| m.close + 1);
                }
                break;
            }
            // `وقال` with no comma before it also opens a new sentence of its own.
            if end > comp + 1
                && self.verb_with_proclitic_at(end).is_some_and(|(_, v)| !v.participle)
            {
                break;
            }
            // `، مضيفا أن`, `، وأن`, `، وشدد` and `، فيما` open the next clause.
            // Asked only after a comma.
            let next_clause = || {
                self.verb_at(end + 1).is_some_and(|(skip, v)| v.participle || skip > 0)
                    || looks_like_participle(self.words.text(end + 1))
                    || (self.is_complementizer(end + 1)
                        && self.words.text(end + 1).starts_with('و'))
                    || CLAUSE_BREAKS.contains(self.words.text(end + 1))
                    || self.opens_with_fa(end + 1)
                    || self.speech_clause_at(end + 1)
            };
            if self.words.punct_is(end, &["،", ","]) && next_clause() {
                break;
            }
            end += 1;
        }
        if blocked {
            return (None, end);
        }
        let clause = self
            .trimmed(comp + 1, end.saturating_sub(1))
            .filter(|&(first, last)| self.word_count(first, last) >= 2);
        let found = clause.map(|(first, last)| Found {
            start: first,
            last,
            kind: QuoteKind::Indirect,
            cue: None,
            source: "quote:indirect",
            headline_speaker: None,
            continues: false,
        });
        (found, end)
    }

    /// A colon or semicolon between clauses; not the colon of a clock time (`10:30`).
    fn is_clause_colon(&self, at: usize) -> bool {
        let clock = at > 0
            && self.words.kind(at - 1) == Some(TokenKind::Number)
            && self.words.kind(at + 1) == Some(TokenKind::Number);
        self.words.punct_is(at, &[":", "؛"]) && !clock
    }

    /// `، قالت X`, `، بينما قالت X`, `، إذ قالت X`: past a comma, a speech verb (or a connector and
    /// one) starts another attribution; the reported clause before it is over.
    fn speech_clause_at(&self, at: usize) -> bool {
        let verb = |p: usize| self.verb_at(p).is_some_and(|(_, v)| !v.masdar);
        verb(at) || (CONNECTORS.contains(self.words.text(at)) && verb(at + 1))
    }

    /// A word with the conjunction `ف` (`فالحكايات`): after a comma it starts a clause of the
    /// writer's own.
    fn opens_with_fa(&self, at: usize) -> bool {
        let text = self.words.text(at);
        text.starts_with('ف') && self.words.stem(at) != text
    }

    /// A cue of indirect speech at `at`: a speech verb, a source marker (`بحسب X فإن`,
    /// `وفقا ل X`), or a statement after `في` (`جاء في بيان مشترك أن`). Returns the proclitic
    /// bytes, the verb, the marker and where to look for the complementizer.
    pub(super) fn indirect_cue(
        &self,
        at: usize,
    ) -> Option<(usize, Option<SpeechVerb>, Option<MarkerKind>, usize)> {
        if let Some((skip, verb)) = self.verb_at(at) {
            if self.asks_not_to_be_named(at) {
                return None;
            }
            return Some((skip, Some(verb), None, at + 1));
        }
        // `وفقا لهيئة ...، فإن`: the lam of a listed `وفقا ل` is joined to the next word.
        if SOURCE_BEFORE_LAM.contains(self.words.stem(at))
            && self.words.text(at + 1).starts_with('ل')
        {
            let skip = self.words.text(at).len() - self.words.stem(at).len();
            return Some((skip, None, Some(MarkerKind::SourceBefore), at + 1));
        }
        if let Some((skip, last)) = self.statement_after_in(at) {
            return Some((skip, None, Some(MarkerKind::Statement), last + 1));
        }
        let markers = &self.lexicon.markers;
        let (last, skip, kind) = self.words.longest_phrase(at, markers)?;
        (kind == MarkerKind::SourceBefore).then_some((skip, None, Some(kind), last + 1))
    }

    /// `جاء في بيان مشترك أن`, `ورد في التقرير أن`, `جاء في حيثيات الحكم`: a statement or a
    /// document after `في` is the cue when no speech verb in the sentence already is
    /// (`وقال X في تصريح لـY إن` is X speaking). Returns the proclitic bytes and its last position.
    pub(super) fn statement_after_in(&self, at: usize) -> Option<(usize, usize)> {
        if at == 0 || self.words.text(at - 1) != "في" {
            return None;
        }
        let (skip, last) = match self.words.longest_phrase(at, &self.lexicon.markers) {
            Some((last, skip, MarkerKind::Statement)) => (skip, last),
            _ if DOCUMENTS.contains(self.words.stem(at)) => (self.proclitic(at), at),
            _ => return None,
        };
        let verb_before = (at.saturating_sub(40)..at)
            .filter(|&p| self.same_sentence(p, at))
            .any(|p| self.verb_at(p).is_some());
        (!verb_before).then_some((skip, last))
    }
}
