//! Speakers and addressees: who a cue's subject is, through names, roles, counterparts,
//! statements, unnamed sources, coordinated subjects, and the last compatible speaker.

use super::{participant, Cue, Finder};
use crate::lexicon::{Agreement, MarkerKind};
use crate::normalize::normalize;
use crate::span::{Label, Participant};

/// Nouns that refer to two parties named before (`قال الزعيمان`).
const DUAL_NOUNS: &[&str] =
    &["الزعيمان", "الزعيمين", "الرئيسان", "الرئيسين", "الجانبان", "الجانبين", "الطرفان", "الطرفين"];

/// A test on a role's title and nationality.
type RoleTest<'a> = &'a dyn Fn(&str, &str) -> bool;

/// Speakers seen so far in the text, for bare verbs and pronouns.
#[derive(Default)]
pub struct Attribution {
    history: Vec<(Participant, Agreement)>,
    last_statement: Option<Participant>,
}

impl Attribution {
    /// Records a resolved speaker.
    pub fn remember(&mut self, speaker: Participant, agreement: Agreement) {
        self.history.push((speaker, agreement));
    }

    /// The last speaker, whatever its agreement.
    pub fn last_any(&self) -> Option<Participant> {
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

/// A mention that can speak or be spoken to.
pub struct Mention {
    /// Who it is.
    pub participant: Participant,
    /// Its gender and number.
    pub agreement: Agreement,
    /// Its last position.
    pub last: usize,
}

impl Finder<'_, '_, '_> {
    fn entity_participant(&self, index: usize) -> Participant {
        let entity = &self.analysis.entities[index];
        participant(entity.span, entity.canonical.clone(), entity.id)
    }

    /// The person a role phrase refers to: the nearest role phrase that named someone, before
    /// `at` if any, else after, matched from the most to the least specific: the same key; the
    /// same title with the same or an unstated nationality; the same head word and nationality;
    /// for a bare title (`المدرب`), the same head word.
    fn person_for_role(&self, at: usize, key: &str) -> Option<usize> {
        let (title, nationality) = key.split_once('|').unwrap_or((key, ""));
        let head = |title: &str| title.split(' ').next().unwrap_or("").to_string();
        let levels: [RoleTest; 4] = [
            &|t, n| t == title && n == nationality,
            &|t, n| t == title && (n == nationality || n.is_empty() || nationality.is_empty()),
            &|t, n| head(t) == head(title) && !n.is_empty() && n == nationality,
            &|t, _| nationality.is_empty() && !title.contains(' ') && head(t) == title,
        ];
        for matches in levels {
            let named = self.analysis.roles.iter().filter(|r| {
                let (t, n) = r.key.split_once('|').unwrap_or((&r.key, ""));
                r.person.is_some() && matches(t, n)
            });
            let before = named.clone().rfind(|r| r.first < at);
            if let Some(role) = before.or_else(|| named.into_iter().next()) {
                return role.person;
            }
        }
        None
    }

    /// The person a counterpart (`نظيره الروسي`) refers to: a named role of that nationality.
    fn person_for_nationality(&self, at: usize, nationality: &str) -> Option<usize> {
        let named = self
            .analysis
            .roles
            .iter()
            .filter(|r| r.person.is_some() && r.key.ends_with(&format!("|{nationality}")));
        let before = named.clone().rfind(|r| r.first < at);
        before.or_else(|| named.into_iter().next()).and_then(|r| r.person)
    }

    /// A single speaker-like mention starting at `at`.
    fn single_mention_at(&self, at: usize, attribution: Option<&Attribution>) -> Option<Mention> {
        let words = self.words;
        if let Some(role) = self.role_at.get(at).copied().flatten().map(|r| &self.analysis.roles[r])
        {
            if let Some(person) = role.person {
                let last = self.analysis.positions[person].1;
                return Some(Mention {
                    participant: self.entity_participant(person),
                    agreement: self.analysis.agreement[person].or(role.agreement),
                    last,
                });
            }
            let person = self.person_for_role(at, &role.key);
            let text = role.span.slice(words.tokens.original).to_string();
            let participant = match person {
                Some(p) => {
                    let entity = &self.analysis.entities[p];
                    participant(role.span, entity.canonical.clone(), entity.id)
                }
                None => participant(role.span, text, None),
            };
            return Some(Mention { participant, agreement: role.agreement, last: role.last });
        }
        if let Some(index) = self.entity_at.get(at).copied().flatten() {
            let (first, last) = self.analysis.positions[index];
            let label = self.analysis.entities[index].label;
            if first == at && matches!(label, Label::Person | Label::Organization | Label::Location)
            {
                return Some(Mention {
                    participant: self.entity_participant(index),
                    agreement: self.analysis.agreement[index],
                    last,
                });
            }
            return None;
        }
        // `نظيره الروسي`: the counterpart with that nationality.
        if matches!(words.stem(at), "نظيره" | "نظيرها" | "نظيريه") {
            let norp = self
                .entity_at
                .get(at + 1)
                .copied()
                .flatten()
                .filter(|&n| self.analysis.entities[n].label == Label::Nationality)?;
            let nationality = normalize(&self.analysis.entities[norp].canonical);
            let person = self.person_for_nationality(at, &nationality)?;
            let span = words.span(at, words.text(at).len() - words.stem(at).len(), at + 1);
            let entity = &self.analysis.entities[person];
            return Some(Mention {
                participant: participant(span, entity.canonical.clone(), entity.id),
                agreement: self.analysis.agreement[person],
                last: at + 1,
            });
        }
        let markers = &self.lexicon.markers;
        let marker = words.longest(at, markers.max_tokens, |key| {
            markers.get(key).or_else(|| key.strip_prefix("ال").and_then(|bare| markers.get(bare)))
        });
        if let Some((marker_last, skip, kind)) = marker {
            match kind {
                MarkerKind::Statement => {
                    if let Some(author) = self
                        .single_mention_at(marker_last + 1, None)
                        .filter(|_| self.entity_at[marker_last + 1].is_some())
                    {
                        let span = words.span(at, skip, author.last);
                        let participant = participant(
                            span,
                            author.participant.canonical,
                            author.participant.entity,
                        );
                        return Some(Mention {
                            participant,
                            agreement: author.agreement,
                            last: author.last,
                        });
                    }
                    let last_statement = attribution.and_then(|a| a.last_statement.clone())?;
                    return Some(Mention {
                        participant: last_statement,
                        agreement: Agreement::Unknown,
                        last: marker_last,
                    });
                }
                MarkerKind::UnnamedSource => {
                    let mut last = marker_last;
                    while last < marker_last + 2 && self.is_modifier(last + 1) {
                        last += 1;
                    }
                    let span = words.span(at, skip, last);
                    let text = span.slice(words.tokens.original).to_string();
                    let agreement =
                        if words.text(at).ends_with("ون") || words.text(at).ends_with("ين") {
                            Agreement::Plural
                        } else {
                            Agreement::Unknown
                        };
                    return Some(Mention {
                        participant: participant(span, text, None),
                        agreement,
                        last,
                    });
                }
                MarkerKind::SourceBefore => return None,
            }
        }
        if DUAL_NOUNS.contains(&words.stem(at)) {
            let span = words.span(at, words.text(at).len() - words.stem(at).len(), at);
            let text = span.slice(words.tokens.original).to_string();
            return Some(Mention {
                participant: participant(span, text, None),
                agreement: Agreement::Dual,
                last: at,
            });
        }
        // `الحكومة الروسية`: a definite noun and a nationality.
        let nationality_follows = self.entity_at.get(at + 1).copied().flatten().is_some_and(|n| {
            self.analysis.entities[n].label == Label::Nationality
                && self.analysis.positions[n].0 == at + 1
        });
        if words.stem(at).starts_with("ال")
            && nationality_follows
            && !self.lexicon.function_words.contains(words.stem(at))
        {
            let skip = words.text(at).len() - words.stem(at).len();
            let span = words.span(at, skip, at + 1);
            let text = span.slice(words.tokens.original).to_string();
            return Some(Mention {
                participant: participant(span, text, None),
                agreement: Agreement::Unknown,
                last: at + 1,
            });
        }
        None
    }

    /// True for a word that modifies an unnamed source (`رسمية`, `الصينيون`, `مطلعة`).
    fn is_modifier(&self, at: usize) -> bool {
        if self
            .entity_at
            .get(at)
            .copied()
            .flatten()
            .is_some_and(|n| self.analysis.entities[n].label == Label::Nationality)
        {
            return true;
        }
        let text = self.words.text(at);
        self.words.is_word(at)
            && !self.lexicon.function_words.contains(text)
            && self.verb_at(at).is_none()
            && !self.is_complementizer(at)
            && self.entity_at.get(at).copied().flatten().is_none()
            && (text.ends_with('ة')
                || text.ends_with("ون")
                || text.ends_with("ية")
                || text.ends_with('ي'))
    }

    /// A mention at `at`, joined with a coordinated one (`بوتين وشي`) into a dual speaker.
    pub fn mention_at(&self, at: usize) -> Option<Mention> {
        self.mention_with(at, None)
    }

    fn mention_with(&self, at: usize, attribution: Option<&Attribution>) -> Option<Mention> {
        let first = self.single_mention_at(at, attribution)?;
        let next = first.last + 1;
        let coordinated = self.words.text(next).starts_with('و')
            && self.words.stem(next) != self.words.text(next);
        if coordinated {
            if let Some(second) = self.single_mention_at(next, attribution) {
                let persons = [&first, &second]
                    .iter()
                    .all(|m| m.participant.entity.is_none_or(|id| self.is_person(id)));
                if persons {
                    let span = first.participant.span.cover(second.participant.span);
                    let canonical = format!(
                        "{} و{}",
                        first.participant.canonical, second.participant.canonical
                    );
                    return Some(Mention {
                        participant: participant(span, canonical, None),
                        agreement: Agreement::Dual,
                        last: second.last,
                    });
                }
            }
        }
        Some(first)
    }

    fn is_person(&self, id: u32) -> bool {
        self.analysis.entities.iter().any(|e| e.id == Some(id) && e.label == Label::Person)
    }

    /// The speaker and addressee of a cue, and the speaker's agreement.
    pub fn resolve(
        &self,
        cue: Cue,
        attribution: &mut Attribution,
    ) -> (Option<(Participant, Agreement)>, Option<Participant>) {
        let Some(verb) = cue.verb else {
            return (attribution.last_any().map(|p| (p, Agreement::Unknown)), None);
        };
        if verb.participle {
            let speaker = self
                .sentence_subject(cue.at, verb.agreement)
                .or_else(|| attribution.last_agreeing(verb.agreement));
            return (speaker.map(|p| (p, verb.agreement)), None);
        }
        let words = self.words;
        let mut subject: Option<Mention> = None;
        let mut chained: Option<Mention> = None;
        let mut addressee: Option<Participant> = None;
        let informs =
            ["ابلغ", "ابلغت", "اخبر", "اخبرت", "دعا", "دعت"].contains(&words.stem(cue.at));
        let mut at = cue.at + 1;
        while at < cue.limit.min(cue.at + 12)
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
            if let Some(mention) = self.mention_with(probe, Some(attribution)) {
                let to_someone = after_with
                    || words.text(probe).starts_with('ل') && words.stem(probe) != words.text(probe);
                if subject.is_none() && !to_someone {
                    if self.words.text(probe).starts_with("بيان")
                        || self.words.stem(probe).starts_with("بيان")
                    {
                        attribution.last_statement = Some(mention.participant.clone());
                    }
                    subject = Some(mention);
                } else if addressee.is_none() && (to_someone || informs) {
                    addressee = Some(mention.participant.clone());
                }
                at = self.mention_with(probe, Some(attribution)).map_or(probe, |m| m.last) + 1;
                continue;
            }
            at += 1;
        }
        let speaker = chained.or(subject).or_else(|| self.subject_before(cue.at));
        let speaker = match speaker {
            Some(mention)
                if mention.agreement == Agreement::Dual
                    && mention.participant.entity.is_none()
                    && self.is_dual_noun(mention.last) =>
            {
                // `الزعيمين`: the last two speakers named together.
                attribution.last_agreeing(Agreement::Dual).map(|p| (p, Agreement::Dual))
            }
            Some(mention) => Some((mention.participant, mention.agreement.or(verb.agreement))),
            None => self
                .sentence_subject(cue.at, verb.agreement)
                .or_else(|| attribution.last_agreeing(verb.agreement))
                .map(|p| (p, verb.agreement)),
        };
        (speaker, addressee)
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
                let marked = mention.agreement != Agreement::Unknown
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

    /// A subject right before the verb (`أن شي شدد`, `الرئيس الروسي يؤكد`, `بوتين وشي "أكدا`).
    fn subject_before(&self, verb: usize) -> Option<Mention> {
        let mut before = verb.checked_sub(1)?;
        while matches!(self.words.text(before), "قد" | "لقد" | "،" | ",")
            || self.words.kind(before) == Some(crate::tokenize::TokenKind::QuoteMark)
        {
            before = before.checked_sub(1)?;
        }
        if !self.same_sentence(before, verb)
            && self.words.kind(verb - 1) != Some(crate::tokenize::TokenKind::QuoteMark)
        {
            return None;
        }
        let mut starts: Vec<usize> = Vec::new();
        if let Some(index) = self.entity_at[before] {
            let first = self.analysis.positions[index].0;
            starts.push(first);
            if let Some(previous) = first.checked_sub(1).and_then(|p| self.entity_at[p]) {
                starts.insert(0, self.analysis.positions[previous].0);
            }
        }
        for role in self.analysis.roles.iter().filter(|r| r.last == before) {
            starts.push(role.first);
        }
        starts.into_iter().find_map(|start| self.mention_at(start).filter(|m| m.last == before))
    }
}

impl Agreement {
    /// This agreement if known, else `other`.
    pub fn or(self, other: Agreement) -> Agreement {
        if self == Agreement::Unknown {
            other
        } else {
            self
        }
    }
}
