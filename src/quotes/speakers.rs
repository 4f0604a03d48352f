//! Speakers and addressees of a cue: the subject after the verb (the one right after it, else
//! the first person, organization or other mention), a subject before it (`أن شي شدد`), a chain
//! (`نقلت الوكالة عن X`), a source after a marker (`بحسب X`), an unnamed common noun
//! (`قال متعامل`), and otherwise the last speaker that agrees with the verb in gender and number.

use super::mentions::{Mention, DUAL_NOUNS, PREPOSITIONS};
use super::{participant, Cue, Finder};
use crate::lexicon::{Agreement, MarkerKind};
use crate::normalize::normalize;
use crate::span::{Label, Participant};
use crate::tokenize::TokenKind;

/// Adverbs that may stand between a verb and its subject.
const ADVERBS: &[&str] =
    &["ايضا", "مجددا", "كذلك", "بدوره", "بدورها", "اليوم", "امس", "من", "جهته", "جهتها"];

/// Documents and figures whose issuer, named after them, is the speaker.
const ISSUED: &[&str] =
    &["بيانات", "ارقام", "احصاءات", "تقرير", "دراسة", "نتائج", "بيان", "وثيقة", "مسح", "تقديرات"];

/// Who is behind one cue.
#[derive(Default)]
pub(super) struct Resolved {
    /// The speaker and the gender and number it agrees with.
    pub speaker: Option<(Participant, Agreement)>,
    /// Who was spoken to.
    pub addressee: Option<Participant>,
    /// Who relays the speaker's words (`نقلت الوكالة عن X`: the agency).
    pub via: Option<Participant>,
}

/// Speakers seen so far in the text, for bare verbs and pronouns.
#[derive(Default)]
pub struct Attribution {
    history: Vec<(Participant, Agreement)>,
    /// Where each remembered speaker's cue stands.
    cues: Vec<usize>,
    last_statement: Option<Participant>,
    last_addressee: Option<u32>,
}

impl Attribution {
    /// Records a resolved speaker.
    pub(super) fn remember(&mut self, speaker: Participant, agreement: Agreement, cue: usize) {
        self.history.push((speaker, agreement));
        self.cues.push(cue);
    }

    /// The last speaker if its cue stands in the given sentence.
    fn last_in_sentence(&self, same_sentence: impl Fn(usize) -> bool) -> Option<Participant> {
        let cue = *self.cues.last()?;
        same_sentence(cue).then(|| self.history.last().map(|(p, _)| p.clone())).flatten()
    }

    /// The source of the last statement named (`بيان الكرملين`), for a later `البيان`.
    pub(super) fn last_statement(&self) -> Option<Participant> {
        self.last_statement.clone()
    }

    /// The last speaker, whatever its agreement.
    pub(super) fn last_any(&self) -> Option<Participant> {
        self.history.last().map(|(p, _)| p.clone())
    }

    /// The last speaker a verb of this agreement can refer to; a plural verb also takes two.
    fn last_agreeing(&self, verb: Agreement) -> Option<Participant> {
        let fits = |speaker: Agreement| match verb {
            Agreement::Plural => matches!(speaker, Agreement::Plural | Agreement::Dual),
            Agreement::Dual => matches!(speaker, Agreement::Dual | Agreement::Plural),
            _ => {
                speaker.agrees_with(verb) && !matches!(speaker, Agreement::Dual | Agreement::Plural)
            }
        };
        self.history.iter().rev().find(|(_, a)| fits(*a)).map(|(p, _)| p.clone())
    }
}

impl Finder<'_, '_, '_> {
    /// The speaker (with its agreement), the addressee and the relayer of a cue.
    pub(super) fn resolve(&self, cue: Cue, attribution: &mut Attribution) -> Resolved {
        if let Some(marker) = cue.marker {
            let speaker = self.marker_speaker(cue, marker).map(|p| (p, Agreement::Unknown));
            return Resolved { speaker, ..Resolved::default() };
        }
        let Some(verb) = cue.verb else {
            let speaker = attribution.last_any().map(|p| (p, Agreement::Unknown));
            return Resolved { speaker, ..Resolved::default() };
        };
        // `ورد لين على سؤال بالقول:`: a verbal noun after `ب` goes on from the sentence's verb,
        // as a participle does.
        let after_ba = verb.masdar && self.words.text(cue.at)[..cue.skip].ends_with('ب');
        // `إبلاغ بنك تشوشو عملاءه بأنهم`: the agent of a verbal noun follows it.
        if verb.masdar && !after_ba {
            if let Some(agent) = self.mention_with(cue.at + 1, Some(attribution)) {
                return Resolved {
                    speaker: Some((agent.participant, agent.agreement)),
                    ..Resolved::default()
                };
            }
            // `نقلت الوكالة عن شي القول إن`: the chain of the sentence's verb names the speaker
            // and the relayer.
            if let Some(main) = self.main_cue(cue, verb) {
                let resolved = self.resolve(main, attribution);
                if resolved.via.is_some() {
                    return Resolved { addressee: None, ..resolved };
                }
            }
        }
        if verb.participle || after_ba {
            // `وأضاف أن ...، مضيفا أن ...`: the speaker of the sentence's main verb goes on.
            let main = self.main_cue(cue, verb).map(|main| self.resolve(main, attribution));
            let (speaker, via) = main.map_or((None, None), |m| (m.speaker, m.via));
            let speaker = speaker.or_else(|| {
                attribution
                    .last_in_sentence(|at| self.same_sentence(at, cue.at))
                    .or_else(|| self.sentence_subject(cue.at, verb.agreement))
                    .or_else(|| attribution.last_agreeing(verb.agreement))
                    .map(|p| (p, verb.agreement))
            });
            return Resolved { speaker, addressee: None, via };
        }
        let words = self.words;
        let mut candidates: Vec<(usize, Mention)> = Vec::new();
        let mut chained: Option<Mention> = None;
        let mut addressee: Option<Participant> = None;
        let informs =
            ["ابلغ", "ابلغت", "اخبر", "اخبرت", "دعا", "دعت"].contains(&words.stem(cue.at));
        let mut at = cue.at + 1;
        while at < cue.limit.min(cue.at + 14)
            && self.same_sentence(at, cue.at)
            && !self.is_complementizer(at)
        {
            if words.stem(at) == "عن" {
                if let Some(source) = self.mention_with(at + 1, Some(attribution)) {
                    at = source.last + 1;
                    chained = Some(source);
                    continue;
                }
            }
            let after_with = words.stem(at) == "مع";
            let probe = if after_with { at + 1 } else { at };
            let Some(mention) = self.mention_with(probe, Some(attribution)) else {
                at += 1;
                continue;
            };
            // The proclitic before the mention, from the token and the mention's own span
            // (`لتلفزيون سلطنة عمان` is spoken to even when the tokenizer kept the word whole).
            let token_start = words.span(probe, 0, probe).start;
            let mention_start = mention.participant.span.start;
            let prefix =
                if (token_start..token_start + words.text(probe).len()).contains(&mention_start) {
                    normalize(words.tokens.original.get(token_start..mention_start).unwrap_or(""))
                } else {
                    String::new()
                };
            // `لـCNN`: the lam stands alone, right against the name, or against the marks around
            // it (`لـ"المصري اليوم"`).
            let marked = probe > 1 && words.kind(probe - 1) == Some(TokenKind::QuoteMark);
            let lam = if marked { probe - 2 } else { probe.saturating_sub(1) };
            let lone_lam = probe > 0
                && words.text(lam) == "ل"
                && (marked || words.span(lam, 0, lam).end == token_start);
            let to_someone = after_with || prefix.ends_with('ل') || lone_lam;
            // After a preposition, or a construct noun (`وكيل حداد`: Haddad's lawyer), a mention
            // is a complement, not the subject.
            let construct = probe > cue.at + 1 && {
                let before = words.text(probe - 1);
                words.kind(probe - 1) == Some(TokenKind::Word)
                    && !before.starts_with("ال")
                    && !before.starts_with('و')
                    && !self.lexicon.function_words.contains(before)
                    && !self.lexicon.titles.contains(before)
                    && self.verb_at(probe - 1).is_none()
                    && self.entity_at[probe - 1].is_none()
                    && self.role_at[probe - 1].is_none()
            };
            // `أظهرت بيانات البنك المركزي أن`: the issuer of a document right after the verb
            // speaks through it.
            let issuer =
                construct && probe == cue.at + 2 && ISSUED.contains(&words.stem(probe - 1));
            let governed = prefix.ends_with('ب')
                || prefix.ends_with('ك')
                || (construct && !issuer)
                || probe.checked_sub(1).is_some_and(|p| PREPOSITIONS.contains(&words.text(p)));
            let last = mention.last;
            // `أبلغ وانغ نظيره السعودي أن`: the counterpart is the one informed.
            let counterpart = words.stem(probe).starts_with("نظير");
            if to_someone || (informs && (!candidates.is_empty() || counterpart)) {
                if addressee.is_none() {
                    addressee = Some(mention.participant);
                }
            } else if !governed {
                candidates.push((probe, mention));
            }
            at = last + 1;
        }
        // After `أن`/`إن` the subject comes first: `أن الرئيس الصيني أبلغ نظيره الروسي`.
        let fronted = self.subject_before(cue.at).filter(|&(_, first)| {
            first == 0 || self.is_complementizer(first - 1) || !self.same_sentence(first - 1, first)
        });
        let fronted = fronted.map(|(mention, _)| mention);
        if fronted.is_some() && informs && addressee.is_none() && !candidates.is_empty() {
            addressee = Some(candidates.remove(0).1.participant);
        }
        let mut subject = match fronted {
            Some(fronted) => Some(fronted),
            None => self.pick_subject(cue.at, candidates),
        };
        // `كما أبلغ بوتين أن ...` after `أبلغ ... نظيره الروسي`: the one informed again is the
        // addressee, and the speaker goes on.
        let repeated_addressee = informs
            && subject.as_ref().is_some_and(|s| {
                s.participant.entity.is_some() && s.participant.entity == attribution.last_addressee
            });
        if repeated_addressee && addressee.is_none() {
            addressee = subject.take().map(|s| s.participant);
        }
        if let Some(subject) = &subject {
            if words.stem(self.first_word_of(subject)).starts_with("بيان") {
                attribution.last_statement = Some(subject.participant.clone());
            }
        }
        if let Some(addressee) = &addressee {
            attribution.last_addressee = addressee.entity;
        }
        // `نقلت الوكالة عن شي`: Xi speaks, the agency relays.
        let via = chained.as_ref().and(subject.as_ref()).map(|relayer| relayer.participant.clone());
        // `ونقل وانغ تحيات ... لسمو ولي العهد، وأكد`: after a comma, a verb with its conjunction
        // starts a clause of its own, and a complement before the comma is not its subject.
        let joined_clause = cue.skip > 0 && cue.at > 0 && words.punct_is(cue.at - 1, &["،", ","]);
        let speaker = chained
            .or(subject)
            .or_else(|| {
                self.subject_before(cue.at)
                    .filter(|&(_, start)| !(joined_clause && self.is_governed(start)))
                    .map(|(mention, _)| mention)
            })
            .or_else(|| self.common_noun_subject(cue, attribution));
        let speaker = match speaker {
            Some(mention)
                if mention.agreement == Agreement::Dual
                    && mention.participant.entity.is_none()
                    && self.is_dual_noun(mention.last) =>
            {
                // `الزعيمين`: the last two speakers named together, else the noun itself.
                let pair = attribution.last_agreeing(Agreement::Dual);
                Some((pair.unwrap_or(mention.participant), Agreement::Dual))
            }
            Some(mention) => Some((mention.participant, mention.agreement.or(verb.agreement))),
            None => self
                .sentence_subject(cue.at, verb.agreement)
                .or_else(|| attribution.last_agreeing(verb.agreement))
                .map(|p| (p, verb.agreement)),
        };
        Resolved { speaker, addressee, via }
    }

    /// The sentence's main speech verb before a participle or verbal noun, as a cue whose zone
    /// ends at its complementizer or colon.
    fn main_cue(&self, cue: Cue, verb: crate::lexicon::SpeechVerb) -> Option<Cue> {
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
    fn marker_speaker(&self, cue: Cue, marker: MarkerKind) -> Option<Participant> {
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
    fn common_noun_subject(&self, cue: Cue, attribution: &Attribution) -> Option<Mention> {
        let words = self.words;
        let at = cue.at + 1;
        let text = words.text(at);
        let past = cue.verb.is_some_and(|v| !v.present && !v.participle);
        let plain = past
            && words.kind(at) == Some(TokenKind::Word)
            && !["ب", "ل", "ك"].iter().any(|p| text.starts_with(p))
            && at < cue.limit
            && self.same_sentence(at, cue.at)
            && words.stem(at) == text
            && text.chars().count() >= 3
            && !self.lexicon.function_words.contains(text)
            && !self.is_complementizer(at)
            && self.verb_at(at).is_none()
            && self.entity_at[at].is_none();
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
        Some(self.unnamed(at, 0, self.modified(at), agreement))
    }

    /// The subject among the mentions after a verb: the one right after it (adverbs such as
    /// `أيضا` aside), else the first person or role, else the first organization, else the first
    /// mention of any kind.
    fn pick_subject(&self, verb: usize, candidates: Vec<(usize, Mention)>) -> Option<Mention> {
        let mut adjacent = verb + 1;
        while ADVERBS.contains(&self.words.text(adjacent))
            || self.words.punct_is(adjacent, &["،", ","])
        {
            adjacent += 1;
        }
        // `قالت نائبة رئيس البنك دينا حلمي`: a role the article ties to no one gives way to the
        // person named after it.
        let person_named = candidates
            .iter()
            .any(|(_, m)| m.participant.entity.is_some_and(|id| self.is_person(id)));
        let rank = |(at, mention): &(usize, Mention)| -> (u8, bool) {
            let unresolved_role =
                person_named && mention.participant.entity.is_none() && self.role_at[*at].is_some();
            if *at == adjacent && !unresolved_role {
                return (0, false);
            }
            let rank = |label| -> u8 {
                match label {
                    Some(Label::Person) => 1,
                    None if self.role_at.get(*at).copied().flatten().is_some() => 1,
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
    fn first_word_of(&self, mention: &Mention) -> usize {
        let start = mention.participant.span.start;
        (0..=mention.last)
            .rev()
            .find(|&p| self.words.span(p, 0, p).start <= start)
            .unwrap_or(mention.last)
    }

    fn is_dual_noun(&self, at: usize) -> bool {
        DUAL_NOUNS.contains(&self.words.stem(at))
    }

    /// For a verb without a subject: a mention earlier in the same sentence that agrees with it
    /// and is marked for it (a plural for `قالوا`, a feminine for `أكدت`), or the subject of the
    /// sentence for a participle (`تحدث شي ... داعيا`).
    fn sentence_subject(&self, cue: usize, agreement: Agreement) -> Option<Participant> {
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
                let opening_subject = at <= start + 1
                    && label == Some(Label::Person)
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

    /// True when the mention at `at` is governed: after a preposition, with `ب`/`ل`/`ك` on it, or
    /// the complement of a construct noun (`لسمو ولي العهد`, `وكيل حداد`).
    fn is_governed(&self, at: usize) -> bool {
        let words = self.words;
        let prefix = &words.text(at)[..words.text(at).len() - words.stem(at).len()];
        let Some(before) = at.checked_sub(1) else { return false };
        let previous = words.text(before);
        // `لسمو ولي العهد`: the title before the name is governed, and so the name.
        if let Some(role) =
            self.analysis.roles.iter().find(|r| r.first <= before && before <= r.last)
        {
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
            && self.entity_at[before].is_none()
            && self.analysis.roles.iter().all(|r| !(r.first <= before && before <= r.last));
        prefix.ends_with('ب')
            || prefix.ends_with('ل')
            || prefix.ends_with('ك')
            || PREPOSITIONS.contains(&previous)
            || previous == "ل"
            || construct
    }

    /// A subject right before the verb (`أن شي شدد`, `الرئيس الروسي يؤكد`, `بوتين وشي "أكدا`),
    /// with the position where its phrase starts (a role before a name included).
    fn subject_before(&self, verb: usize) -> Option<(Mention, usize)> {
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
        if let Some(index) = self.entity_at[before] {
            let first = self.analysis.positions[index].0;
            if let Some(previous) = first.checked_sub(1).and_then(|p| self.entity_at[p]) {
                starts.push(self.analysis.positions[previous].0);
            }
            starts.extend(
                self.analysis.roles.iter().filter(|r| r.person == Some(index)).map(|r| r.first),
            );
            starts.push(first);
        }
        starts.extend(self.analysis.roles.iter().filter(|r| r.last == before).map(|r| r.first));
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
                || start.checked_sub(1).is_some_and(|p| PREPOSITIONS.contains(&self.words.text(p)))
        };
        starts.into_iter().filter(|&start| !governed(start)).find_map(|start| {
            self.mention_at(start).filter(|m| m.last == before).map(|m| (m, start))
        })
    }
}
