//! Speakers and addressees of a cue: the subject after the verb (the one right after it, else
//! the first person, organization or other mention), a subject before it (`أن شي شدد`), a chain
//! (`نقلت الوكالة عن X`), a source after a marker (`بحسب X`), an unnamed common noun
//! (`قال متعامل`), and otherwise the last speaker that agrees with the verb in gender and number.

mod subjects;

use super::mentions::{Mention, PREPOSITIONS};
use super::{Cue, Finder};
use crate::lexicon::{Agreement, WordSet};
use crate::normalize::normalize;
use crate::span::Participant;
use crate::tokenize::TokenKind;

pub(super) use crate::entities::names::KUNYA;

/// Documents and figures whose issuer, named after them, is the speaker.
const ISSUED: WordSet = WordSet::new(&[
    "بيانات",
    "ارقام",
    "احصاءات",
    "تقرير",
    "دراسة",
    "نتائج",
    "بيان",
    "وثيقة",
    "مسح",
    "تقديرات",
]);

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
                // `نقلت الوكالة عن وانغ قوله`, `عن عضوين في المجلس`: after a relaying verb, the
                // word after `عن` is the source even when no entity stands there.
                let relays = words.stem(cue.at).starts_with("نقل");
                let next = words.text(at + 1);
                let plain = words.kind(at + 1) == Some(TokenKind::Word)
                    && !self.lexicon.function_words.contains(next)
                    && self.verb_at(at + 1).is_none()
                    && !self.is_complementizer(at + 1)
                    && self.entity_at(at + 1).is_none();
                if relays && plain && at + 1 < cue.limit {
                    let source =
                        self.unnamed(at + 1, self.proclitic(at + 1), at + 1, Agreement::Unknown);
                    at += 2;
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
                    && self.entity_at(probe - 1).is_none()
                    && self.role_at(probe - 1).is_none()
                    && !KUNYA.contains(before)
            };
            // `أظهرت بيانات البنك المركزي أن`: the issuer of a document right after the verb
            // speaks through it.
            let issuer = construct && probe == cue.at + 2 && ISSUED.contains(words.stem(probe - 1));
            let governed = prefix.ends_with('ب')
                || prefix.ends_with('ك')
                || (construct && !issuer)
                || probe.checked_sub(1).is_some_and(|p| PREPOSITIONS.contains(words.text(p)));
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
        // `أعلنت الوزارة، في بيان ...، أن`: a later `البيان` is this speaker's statement.
        let in_statement = (cue.at + 1..cue.limit.min(cue.at + 14)).any(|p| {
            words.text(p) == "في" && words.stem(p + 1).starts_with("بيان") && p + 1 < cue.limit
        });
        // `نقلت الوكالة عن شي`: Xi speaks, the agency relays.
        let via = chained.as_ref().and(subject.as_ref()).map(|relayer| relayer.participant.clone());
        // `ونقل وانغ تحيات ... لسمو ولي العهد، وأكد`: after a comma, a verb with its conjunction
        // starts a clause of its own, and a complement before the comma is not its subject.
        let joined_clause = cue.skip > 0 && cue.at > 0 && words.punct_is(cue.at - 1, &["،", ","]);
        // `وفي حي الشيخ عثمان، قالت أم محمد`: past a comma, a noun right after the verb is its
        // subject before anything named before the comma.
        let across_comma = cue.at > 0 && words.punct_is(cue.at - 1, &["،", ","]);
        let before = || {
            self.subject_before(cue.at)
                .filter(|&(_, start)| !(joined_clause && self.is_governed(start)))
                .map(|(mention, _)| mention)
        };
        let after = || self.common_noun_subject(cue, attribution);
        let speaker = match chained.or(subject) {
            Some(found) => Some(found),
            None if across_comma => after().or_else(before),
            None => before().or_else(after),
        };
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
                .topic_subject(cue)
                .or_else(|| self.sentence_subject(cue.at, verb.agreement))
                .or_else(|| attribution.last_agreeing(verb.agreement))
                .map(|p| (p, verb.agreement)),
        };
        if in_statement {
            if let Some((speaker, _)) = &speaker {
                attribution.last_statement = Some(speaker.clone());
            }
        }
        Resolved { speaker, addressee, via }
    }
}
