//! Where the subject of a cue stands: after the verb (the one right after it, else the first
//! person, organization or other mention), before it (`أن شي شدد`), earlier in the sentence for a
//! bare verb, after a marker (`بحسب X`), or a common noun as an unnamed speaker (`قال متعامل`).

use super::{Attribution, ISSUED, KUNYA};
use crate::lexicon::{Agreement, MarkerKind, WordSet};
use crate::normalize::normalize;
use crate::quotes::mentions::{Mention, DUAL_NOUNS, PREPOSITIONS};
use crate::quotes::{participant, Cue, Finder};
use crate::span::{Label, Participant};
use crate::tokenize::TokenKind;

/// Adverbs that may stand between a verb and its subject.
const ADVERBS: WordSet = WordSet::new(&[
    "ايضا",
    "مجددا",
    "كذلك",
    "بدوره",
    "بدورها",
    "اليوم",
    "امس",
    "من",
    "جهته",
    "جهتها",
]);

impl Finder<'_, '_, '_> {
    /// The sentence's main speech verb before a participle or verbal noun, as a cue whose zone
    /// ends at its complementizer or colon.
    pub(super) fn main_cue(&self, cue: Cue, verb: crate::lexicon::SpeechVerb) -> Option<Cue> {
        let main = (cue.at.saturating_sub(60)..cue.at)
            .skip_while(|&at| !self.same_sentence(at, cue.at))
            .find(|&at| {
                self.verb_at(at).is_some_and(|(_, v)| !v.participle && !v.masdar)
                    && !(at.saturating_sub(3)..at).any(|p| self.is_complementizer(p))
            })?;
        let (skip, verb) = self.verb_at(main).unwrap_or((0, verb));
        let limit = (main + 1..cue.at)
            .find(|&p| self.is_complementizer(p) || self.words.punct_is(p, &[":"]))
            .unwrap_or(cue.at);
        Some(Cue { at: main, skip, verb: Some(verb), limit, marker: None })
    }

    /// The source named by a marker cue: `بحسب اللجنة الوطنية، فإن` gives the committee, `في بيان
    /// مشترك أن` the joint statement, `في بيان الكرملين` the Kremlin.
    pub(super) fn marker_speaker(&self, cue: Cue, marker: MarkerKind) -> Option<Participant> {
        let words = self.words;
        let markers = &self.lexicon.markers;
        // `وفقا لهيئة الطيران`: the listed `وفقا ل` with its lam on the next word.
        let (marker_last, skip) = match words.longest_phrase(cue.at, markers) {
            Some((last, skip, _)) => (last, skip),
            None => (cue.at, self.proclitic(cue.at)),
        };
        let first = marker_last + 1;
        if let Some(mention) = (first..cue.limit.min(first + 3)).find_map(|at| self.mention_at(at))
        {
            return Some(mention.participant);
        }
        let (start, skip) =
            if marker == MarkerKind::Statement { (cue.at, skip) } else { (first, 0) };
        let mut last = if marker == MarkerKind::Statement { marker_last } else { first };
        while last + 1 < cue.limit.min(start + 6)
            && words.is_word(last + 1)
            && !self.lexicon.function_words.contains(words.text(last + 1))
            && self.verb_at(last + 1).is_none()
            && (marker != MarkerKind::Statement || self.is_modifier(last + 1))
        {
            last += 1;
        }
        if marker != MarkerKind::Statement && !words.is_word(first) {
            return None;
        }
        let span = words.span(start, skip, last);
        Some(participant(span, span.slice(words.tokens.original).to_string(), None))
    }

    /// A common noun right after the verb as an unnamed speaker (`وقال متعامل في أحد البنوك`), or
    /// the same noun with the article pointing back to it (`أضاف المتعامل`).
    pub(super) fn common_noun_subject(
        &self,
        cue: Cue,
        attribution: &Attribution,
    ) -> Option<Mention> {
        let words = self.words;
        let at = cue.at + 1;
        // `قالت أم محمد`: a kunya the tagger left is an unnamed speaker, with its name.
        if KUNYA.contains(words.text(at))
            && words.kind(at + 1) == Some(TokenKind::Word)
            && self.same_sentence(at + 1, cue.at)
            && at + 1 < cue.limit
        {
            let agreement = cue.verb.map_or(Agreement::Unknown, |v| v.agreement);
            return Some(self.unnamed(at, 0, at + 1, agreement));
        }
        let text = words.text(at);
        // `أظهرت بيانات دائرة الإحصاءات العامة أن`: a document whose issuer the tagger did not
        // name speaks itself, with its complement up to the clause.
        if ISSUED.contains(text) && at < cue.limit && self.same_sentence(at, cue.at) {
            let last = (at..cue.limit.min(at + 5))
                .take_while(|&p| words.is_word(p) && self.same_sentence(p, cue.at))
                .last()
                .unwrap_or(at);
            return Some(self.unnamed(at, 0, last, Agreement::Unknown));
        }
        // `وتؤكد زوجته فاطمة أنها`: features tell in the present, a verb opening its sentence.
        let past = cue.verb.is_some_and(|v| {
            !v.participle && (!v.present || (!v.masdar && self.opens_sentence(cue.at)))
        });
        // `ذكرت كهرباء لبنان في بيان`: a word before a place or an organization names a body
        // (`كهرباء لبنان`, `بلدية بيروت`) even when it begins with a letter that could be a
        // preposition.
        let named_body = self.entity_at(at + 1).is_some_and(|n| {
            matches!(self.analysis.entities[n].label, Label::Location | Label::Organization)
        }) && !["لل", "بال", "كال"].iter().any(|p| text.starts_with(p));
        let plain = past
            && words.kind(at) == Some(TokenKind::Word)
            && (named_body || !["ب", "ل", "ك"].iter().any(|p| text.starts_with(p)))
            && at < cue.limit
            && self.same_sentence(at, cue.at)
            && words.stem(at) == text
            && text.chars().count() >= 3
            && !self.lexicon.function_words.contains(text)
            && !self.is_complementizer(at)
            && self.verb_at(at).is_none()
            && self.entity_at(at).is_none();
        if !plain {
            return None;
        }
        // `ردد المحتجون`: a group named by a plural noun right after a plural verb.
        let plural_verb = cue.verb.is_some_and(|v| v.agreement == Agreement::Plural);
        if plural_verb && text.starts_with("ال") && (text.ends_with("ون") || text.ends_with("ين"))
        {
            let mut last = at;
            while last < at + 2 && self.is_modifier(last + 1) {
                last += 1;
            }
            let span = words.span(at, 0, last);
            let group = participant(span, span.slice(words.tokens.original).to_string(), None);
            return Some(Mention { participant: group, agreement: Agreement::Plural, last });
        }
        if let Some(bare) = text.strip_prefix("ال") {
            let earlier = attribution.history.iter().rev().find(|(p, _)| {
                p.entity.is_none() && normalize(&p.canonical).split(' ').next() == Some(bare)
            });
            return earlier.map(|(p, a)| Mention {
                participant: p.clone(),
                agreement: *a,
                last: at,
            });
        }
        // A common word is a speaker only with the shape of one: not an adverb in the accusative
        // (`سابقا`), not a date or an amount.
        let adverbial = text.ends_with('ا') && !text.ends_with("اء");
        if adverbial || self.lexicon.calendar.contains(text) || self.lexicon.units.contains(text) {
            return None;
        }
        let agreement = if text.ends_with("ون") { Agreement::Plural } else { Agreement::Unknown };
        let last = match self.entity_at(at + 1) {
            Some(body) if named_body => self.analysis.positions[body].1,
            _ => self.modified(at),
        };
        Some(self.unnamed(at, 0, last, agreement))
    }

    /// The subject among the mentions after a verb: the one right after it (adverbs such as
    /// `أيضا` aside), else the first person or role, else the first organization, else the first
    /// mention of any kind.
    pub(super) fn pick_subject(
        &self,
        verb: usize,
        candidates: Vec<(usize, Mention)>,
    ) -> Option<Mention> {
        let mut adjacent = verb + 1;
        while ADVERBS.contains(self.words.text(adjacent))
            || self.words.punct_is(adjacent, &["،", ","])
        {
            adjacent += 1;
        }
        // `وصف وكيل حداد، المحامي رامي عازار، الحكم`: a person set between commas right after a
        // mention names the subject.
        let apposition = candidates.windows(2).find_map(|pair| {
            let ((_, first), (at, second)) = (&pair[0], &pair[1]);
            let comma = |p: usize| self.words.punct_is(p, &["،", ","]);
            let person = second.participant.entity.is_some_and(|id| self.is_person(id));
            (person && comma(first.last + 1) && *at == first.last + 2 && comma(second.last + 1))
                .then_some(*at)
        });
        if let Some(at) = apposition {
            return candidates.into_iter().find(|(p, _)| *p == at).map(|(_, m)| m);
        }
        // `قالت نائبة رئيس البنك دينا حلمي`: a role the article ties to no one gives way to the
        // person named after it.
        let person_named = candidates
            .iter()
            .any(|(_, m)| m.participant.entity.is_some_and(|id| self.is_person(id)));
        let rank = |(at, mention): &(usize, Mention)| -> (u8, bool) {
            let unresolved_role =
                person_named && mention.participant.entity.is_none() && self.role_at(*at).is_some();
            if *at == adjacent && !unresolved_role {
                return (0, false);
            }
            let rank = |label| -> u8 {
                match label {
                    Some(Label::Person) => 1,
                    None if self.role_at(*at).is_some() => 1,
                    Some(Label::Organization) => 2,
                    None => 3,
                    _ => 4,
                }
            };
            (rank(mention.participant.entity.and_then(|id| self.label_of(id))), unresolved_role)
        };
        candidates.into_iter().min_by_key(|c| rank(c)).map(|(_, mention)| mention)
    }

    /// The first word position of a mention, from its span.
    pub(super) fn first_word_of(&self, mention: &Mention) -> usize {
        let start = mention.participant.span.start;
        (0..=mention.last)
            .rev()
            .find(|&p| self.words.span(p, 0, p).start <= start)
            .unwrap_or(mention.last)
    }

    pub(super) fn is_dual_noun(&self, at: usize) -> bool {
        DUAL_NOUNS.contains(self.words.stem(at))
    }

    /// For a verb without a subject: a mention earlier in the same sentence that agrees with it
    /// and is marked for it (a plural for `قالوا`, a feminine for `أكدت`), or the subject of the
    /// sentence for a participle (`تحدث شي ... داعيا`).
    pub(super) fn sentence_subject(&self, cue: usize, agreement: Agreement) -> Option<Participant> {
        let start = (cue.saturating_sub(60)..cue)
            .rev()
            .take_while(|&at| self.same_sentence(at, cue))
            .last()?;
        let mut at = start;
        while at < cue {
            if let Some(mention) = self.mention_at(at) {
                if self.is_governed(at) {
                    at = mention.last + 1;
                    continue;
                }
                let label = mention.participant.entity.and_then(|id| self.label_of(id));
                // `ونقل وانغ يي تحيات ... وأكد أن`: the subject of the verb opening the sentence,
                // a person whose name marks no gender.
                // `يقف المزارع الستيني عبد الرزاق الفرجاني ...، ويقول إن`: definite words
                // describing the person may stand before the name.
                let described = at <= start + 4
                    && (start + 1..at).all(|p| {
                        self.words.stem(p).starts_with("ال") || self.role_over(p).is_some()
                    });
                // `وهنأ الاتحاد المصري ... في بيان، مؤكدا أن`: an organization right after the
                // opening verb is its subject too.
                let organization = at <= start + 1 && label == Some(Label::Organization);
                let opening_subject = (at <= start + 1 || described)
                    && (label == Some(Label::Person) || organization)
                    && matches!(
                        agreement,
                        Agreement::MasculineSingular | Agreement::FeminineSingular
                    )
                    && (mention.agreement == Agreement::Unknown
                        || mention.agreement.agrees_with(agreement));
                if opening_subject {
                    return Some(mention.participant);
                }
                let place = label == Some(Label::Location);
                let marked = !place
                    && mention.agreement != Agreement::Unknown
                    && mention.agreement.agrees_with(agreement);
                let plural_fit =
                    agreement == Agreement::Plural && mention.agreement == Agreement::Plural;
                if marked
                    && (agreement != Agreement::MasculineSingular
                        || mention.participant.entity.is_some())
                    || plural_fit
                {
                    return Some(mention.participant);
                }
                at = mention.last + 1;
                continue;
            }
            at += 1;
        }
        None
    }

    /// `أما قادة المعارضة ...، فقالوا`: after `أما`, the noun phrase it opens is the subject of
    /// the verb that takes `ف`.
    pub(super) fn topic_subject(&self, cue: Cue) -> Option<Participant> {
        let words = self.words;
        if !words.text(cue.at).starts_with('ف') || cue.skip == 0 {
            return None;
        }
        let topic = (cue.at.saturating_sub(40)..cue.at)
            .rev()
            .take_while(|&at| self.same_sentence(at, cue.at))
            .find(|&at| matches!(words.text(at), "اما" | "واما"))?;
        let head = topic + 1;
        if let Some(mention) = self.mention_at(head) {
            return Some(mention.participant);
        }
        if !words.is_word(head) || self.lexicon.function_words.contains(words.text(head)) {
            return None;
        }
        // The head and its complement or adjective: `قادة المعارضة`, `مسؤول أمني`.
        let next = head + 1;
        let last = if words.is_word(next)
            && words.text(next).starts_with("ال")
            && self.entity_at(next).is_none()
            && self.verb_at(next).is_none()
        {
            next
        } else {
            self.modified(head)
        };
        Some(self.unnamed(head, self.proclitic(head), last, Agreement::Unknown).participant)
    }

    /// True when the mention at `at` is governed: after a preposition, with `ب`/`ل`/`ك` on it, or
    /// the complement of a construct noun (`لسمو ولي العهد`, `وكيل حداد`).
    pub(super) fn is_governed(&self, at: usize) -> bool {
        let words = self.words;
        let prefix = &words.text(at)[..words.text(at).len() - words.stem(at).len()];
        let Some(before) = at.checked_sub(1) else { return false };
        let previous = words.text(before);
        // `لسمو ولي العهد`: the title before the name is governed, and so the name.
        if let Some(role) = self.role_over(before).map(|r| &self.analysis.roles[r]) {
            if role.first < at && self.is_governed(role.first) {
                return true;
            }
        }
        let construct = words.kind(before) == Some(TokenKind::Word)
            && !previous.starts_with("ال")
            && !previous.starts_with('و')
            && !self.lexicon.function_words.contains(previous)
            && !self.lexicon.titles.contains(previous)
            && self.verb_at(before).is_none()
            && self.entity_at(before).is_none()
            && self.role_over(before).is_none()
            && !KUNYA.contains(previous);
        prefix.ends_with('ب')
            || prefix.ends_with('ل')
            || prefix.ends_with('ك')
            || PREPOSITIONS.contains(previous)
            || previous == "ل"
            || construct
    }

    /// A subject right before the verb (`أن شي شدد`, `الرئيس الروسي يؤكد`, `بوتين وشي "أكدا`),
    /// with the position where its phrase starts (a role before a name included).
    pub(super) fn subject_before(&self, verb: usize) -> Option<(Mention, usize)> {
        let mut before = verb.checked_sub(1)?;
        loop {
            if matches!(self.words.text(before), "قد" | "لقد" | "،" | ",")
                || self.words.kind(before) == Some(TokenKind::QuoteMark)
            {
                before = before.checked_sub(1)?;
            } else if self.words.punct_is(before, &[")"]) {
                // `مكتب ... (أوتشا) قد حذر`: an acronym in brackets after the name.
                let open = (before.saturating_sub(4)..before)
                    .rev()
                    .find(|&p| self.words.punct_is(p, &["("]))?;
                before = open.checked_sub(1)?;
            } else {
                break;
            }
        }
        if !self.same_sentence(before, verb)
            && self.words.kind(verb - 1) != Some(TokenKind::QuoteMark)
        {
            return None;
        }
        let mut starts: Vec<usize> = Vec::new();
        if let Some(index) = self.entity_at(before) {
            let first = self.analysis.positions[index].0;
            if let Some(previous) = first.checked_sub(1).and_then(|p| self.entity_at(p)) {
                starts.push(self.analysis.positions[previous].0);
            }
            starts.extend(
                self.roles_near(before).iter().filter(|r| r.person == Some(index)).map(|r| r.first),
            );
            starts.push(first);
        }
        starts.extend(self.roles_near(before).iter().filter(|r| r.last == before).map(|r| r.first));
        // `غير أن أحدهم حذر`, `أن الوزارة أكدت`: a one-word unnamed mention.
        if starts.is_empty() {
            // `خبراء اقتصاديين أكدوا`: a source and its adjective.
            starts.extend([before.saturating_sub(1), before]);
        }
        starts.sort_unstable();
        // `لاجئون في أدري يروون`: a place after a preposition is not the subject.
        let governed = |start: usize| {
            let prefix = &self.words.text(start)
                [..self.words.text(start).len() - self.words.stem(start).len()];
            prefix.ends_with('ب')
                || prefix.ends_with('ل')
                || start.checked_sub(1).is_some_and(|p| PREPOSITIONS.contains(self.words.text(p)))
        };
        starts
            .into_iter()
            .filter(|&start| !governed(start))
            .find_map(|start| {
                self.mention_at(start).filter(|m| m.last == before).map(|m| (m, start))
            })
            .or_else(|| self.plain_subject_before(verb, before))
    }

    /// `غير أن أطباء في المحافظة قالوا`: after `أن`/`لكن`, a plain noun (and a phrase after a
    /// preposition) before a plural verb is its unnamed subject; so is a definite noun before a
    /// present verb opening a headline (`والمركزي يحذر:`).
    fn plain_subject_before(&self, verb: usize, before: usize) -> Option<(Mention, usize)> {
        let words = self.words;
        let plural = self.verb_at(verb).is_some_and(|(_, v)| v.agreement == Agreement::Plural);
        let after_preposition = before >= 2 && PREPOSITIONS.contains(words.text(before - 1));
        let noun = if after_preposition { before - 2 } else { before };
        let opener = noun.checked_sub(1).map(|p| words.text(p));
        let plain = words.kind(noun) == Some(TokenKind::Word)
            && !self.lexicon.function_words.contains(words.text(noun))
            && self.verb_at(noun).is_none()
            && self.entity_at(noun).is_none()
            && !self.is_complementizer(noun);
        let opened = opener.is_some_and(|o| o == "لكن" || self.is_complementizer(noun - 1));
        // `خلاف حول الميزانية.. والمركزي يحذر: "..."`: a headline puts a definite subject before a
        // present verb, at the start of the line or after `..`.
        let headline = self.verb_at(verb).is_some_and(|(_, v)| v.present)
            && words.stem(noun).starts_with("ال")
            && !after_preposition
            && (words.after_break[noun]
                || noun.checked_sub(1).is_some_and(|p| words.punct_is(p, &["..", "."])));
        let agreement = if plural { Agreement::Plural } else { Agreement::Unknown };
        (((plural && opened) || headline) && plain && self.same_sentence(noun, verb)).then(|| {
            let last = self.modified(noun);
            (self.unnamed(noun, self.proclitic(noun), last, agreement), noun)
        })
    }
}
