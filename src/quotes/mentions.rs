//! Mentions that can speak or be spoken to: names, roles resolved to the person the article
//! ties them to, counterparts (`نظيره الروسي`), statements, unnamed sources, institutions named
//! again by their head word (`الوزارة`), and coordinated pairs (`بوتين وشي`).

use super::speakers::Attribution;
use super::unnamed::is_dual_form;
use super::{participant, Finder, ANTECEDENT_WINDOW};
use crate::lexicon::{Agreement, MarkerKind, WordSet};
use crate::normalize::normalize;
use crate::span::{Label, Participant};

/// Nouns that refer to two parties named before (`قال الزعيمان`).
pub(super) const DUAL_NOUNS: WordSet = WordSet::new(&[
    "الزعيمان",
    "الزعيمين",
    "الرئيسان",
    "الرئيسين",
    "الجانبان",
    "الجانبين",
    "الطرفان",
    "الطرفين",
]);

/// Prepositions: a mention after one is not the subject of the verb before it.
pub(super) const PREPOSITIONS: WordSet = WordSet::new(&[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "بين",
    "حول",
    "خلال",
    "لدي",
    "امام",
    "عبر",
    "داخل",
    "خارج",
    "بعد",
    "قبل",
    "ضد",
    "نحو",
    "حتي",
    "باسم",
    "لصالح",
    "عند",
    "تجاه",
    "بشان",
    "ازاء",
    "ضمن",
]);

/// A role's key split into its title, its nationality (empty when unstated) and the title's
/// head word (`وزير` of `وزير الخارجية`).
#[derive(Clone, Copy)]
pub(super) struct RoleKey<'k> {
    title: &'k str,
    nationality: &'k str,
    head: &'k str,
}

impl<'k> RoleKey<'k> {
    /// Splits a key `title|nationality`.
    pub(super) fn new(key: &'k str) -> Self {
        let (title, nationality) = key.split_once('|').unwrap_or((key, ""));
        RoleKey { title, nationality, head: title.split(' ').next().unwrap_or("") }
    }
}

/// A test on a role's key.
type RoleTest<'a> = &'a dyn Fn(&RoleKey) -> bool;

/// A mention that can speak or be spoken to.
pub(super) struct Mention {
    /// Who it is.
    pub participant: Participant,
    /// Its gender and number.
    pub agreement: Agreement,
    /// Its last position.
    pub last: usize,
}

impl Finder<'_, '_, '_> {
    pub(super) fn entity_participant(&self, index: usize) -> Participant {
        let entity = &self.analysis.entities[index];
        participant(entity.span, entity.canonical.clone(), entity.id)
    }

    /// The person a role phrase refers to: the nearest role phrase that named someone, before
    /// `at` if any, else after, matched from the most to the least specific: the same key; the
    /// same title with the same or an unstated nationality; the same head word and nationality;
    /// for a bare title (`المدرب`), the same head word.
    pub(super) fn person_for_role(&self, at: usize, key: &str) -> Option<usize> {
        let wanted = RoleKey::new(key);
        let (title, nationality) = (wanted.title, wanted.nationality);
        // `نظيره الصيني`: whoever the article named with that nationality, under any title.
        if title.starts_with("نظير") && !nationality.is_empty() {
            return self.person_for_nationality(at, nationality);
        }
        let levels: [RoleTest; 5] = [
            &|r| r.title == title && r.nationality == nationality,
            &|r| {
                r.title == title
                    && (r.nationality == nationality
                        || r.nationality.is_empty()
                        || nationality.is_empty())
            },
            &|r| r.head == wanted.head && !r.nationality.is_empty() && r.nationality == nationality,
            &|r| nationality.is_empty() && !title.contains(' ') && r.head == title,
            &|r| r.nationality.is_empty() && r.head == wanted.head,
        ];
        for matches in levels {
            let named = |index: &usize| {
                let person = self.analysis.roles.get(*index).and_then(|r| r.person);
                person.is_some() && self.role_keys.get(*index).is_some_and(matches)
            };
            if let Some(index) = self.nearest_role(at, named) {
                return self.analysis.roles[index].person;
            }
        }
        None
    }

    /// The index of the role near `at` that passes a test: the last one before `at`, else the
    /// first one after it.
    fn nearest_role(&self, at: usize, test: impl Fn(&usize) -> bool) -> Option<usize> {
        let (before, after) = self.roles_around(at);
        before.rev().find(&test).or_else(|| after.into_iter().find(&test))
    }

    /// The person a counterpart (`نظيره الروسي`) refers to: a named role of that nationality.
    pub(super) fn person_for_nationality(&self, at: usize, nationality: &str) -> Option<usize> {
        let roles = &self.analysis.roles;
        // A key that ends with `|` and the nationality.
        let of_nationality =
            |key: &str| key.strip_suffix(nationality).is_some_and(|title| title.ends_with('|'));
        let named = |index: &usize| {
            roles.get(*index).is_some_and(|r| r.person.is_some() && of_nationality(&r.key))
        };
        self.nearest_role(at, named).and_then(|index| roles[index].person)
    }

    /// A single speaker-like mention starting at `at`.
    pub(super) fn single_mention_at(
        &self,
        at: usize,
        attribution: Option<&Attribution>,
    ) -> Option<Mention> {
        let words = self.words;
        if let Some(role) = self.role_at(at).map(|r| &self.analysis.roles[r]) {
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
        if let Some(index) = self.entity_at(at) {
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
        // `نظيره` and `نظيرها` are titles, resolved above as roles; the dual is not.
        if words.stem(at) == "نظيريه" {
            let norp = self
                .entity_at(at + 1)
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
        // A marker read with or without its article opens with a token the table knows as a
        // first token: one lookup per reading of the word rules out most positions, where
        // searching the table would look up every key of up to `max_tokens` words twice.
        let may_open = || {
            let text = words.text(at);
            let mut form = String::new();
            words.readings(at).iter().any(|reading| {
                let first = if reading.restores_alef {
                    reading.write(text, &mut form);
                    form.as_str()
                } else {
                    text.get(reading.skip..).unwrap_or("")
                };
                markers.opens_with(first)
                    || first.strip_prefix("ال").is_some_and(|bare| markers.opens_with(bare))
            })
        };
        let marker = may_open()
            .then(|| {
                words.longest(at, markers.max_tokens, |key| {
                    markers
                        .get(key)
                        .or_else(|| key.strip_prefix("ال").and_then(|bare| markers.get(bare)))
                })
            })
            .flatten();
        if let Some((marker_last, skip, kind)) = marker {
            match kind {
                MarkerKind::Statement => {
                    if let Some(author) = self
                        .single_mention_at(marker_last + 1, None)
                        .filter(|_| self.entity_at(marker_last + 1).is_some())
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
                    // `البيان` points back to the last statement; `بيان مشترك` is its own source.
                    if words.stem(at).starts_with("ال") {
                        let last_statement = attribution.and_then(Attribution::last_statement)?;
                        return Some(Mention {
                            participant: last_statement,
                            agreement: Agreement::Unknown,
                            last: marker_last,
                        });
                    }
                    return Some(self.unnamed(
                        at,
                        skip,
                        self.modified(marker_last),
                        Agreement::Unknown,
                    ));
                }
                MarkerKind::UnnamedSource => {
                    let agreement =
                        if words.text(at).ends_with("ون") || words.text(at).ends_with("ين") {
                            Agreement::Plural
                        } else {
                            Agreement::Unknown
                        };
                    return Some(self.unnamed(at, skip, self.modified(marker_last), agreement));
                }
                MarkerKind::SourceBefore => return None,
            }
        }
        // `الوزارة`, `الشركة`: the last organization named with that head word.
        if let Some(head) =
            words.stem(at).strip_prefix("ال").filter(|h| self.lexicon.org_heads.contains_key(*h))
        {
            let skip = words.text(at).len() - words.stem(at).len();
            let span = words.span(at, skip, at);
            let entities = &self.analysis.entities;
            let before = entities.partition_point(|e| e.span.end <= span.start);
            let positions = &self.analysis.positions;
            let from = positions.partition_point(|&(first, _)| first + ANTECEDENT_WINDOW < at);
            let organization = entities[..before]
                .iter()
                .enumerate()
                .skip(from)
                .filter(|(_, e)| e.label == Label::Organization)
                .rfind(|(_, e)| {
                    // `البنك` points back to `البنك المركزي المصري` as well as to `بنك مصر`.
                    let named = |name: String| {
                        name.starts_with(head)
                            || name.strip_prefix("ال").is_some_and(|bare| bare.starts_with(head))
                    };
                    named(normalize(&e.canonical))
                        || named(normalize(e.span.slice(words.tokens.original)))
                });
            // Without an organization to point back to, `الشركة` is still the speaker, unnamed.
            let (canonical, entity, agreement) = match organization {
                Some((index, entity)) => {
                    (entity.canonical.clone(), entity.id, self.analysis.agreement[index])
                }
                None => (span.slice(words.tokens.original).to_string(), None, Agreement::Unknown),
            };
            return Some(Mention {
                participant: participant(span, canonical, entity),
                agreement,
                last: at,
            });
        }
        // `أحد المشجعين`, `إحدى المعلمات`: one of a group, an unnamed speaker.
        let one_of = matches!(words.stem(at), "احد" | "احدي")
            && words.kind(at + 1) == Some(crate::tokenize::TokenKind::Word)
            && !self.lexicon.function_words.contains(words.text(at + 1));
        if one_of {
            // `أحد المشجعين`, `أحد أصحاب المحلات التجارية`: the noun, its definite complement and
            // adjectives, not a following preposition (`بشارع`).
            let mut last = at + 1;
            while last < at + 4
                && words.text(last + 1).starts_with("ال")
                && self.entity_at(last + 1).is_none()
            {
                last += 1;
            }
            let agreement = if words.stem(at) == "احدي" {
                Agreement::FeminineSingular
            } else {
                Agreement::MasculineSingular
            };
            return Some(self.unnamed(at, self.proclitic(at), last, agreement));
        }
        // `قال أحدهم`: one of those just named, unnamed.
        if matches!(words.stem(at), "احدهم" | "احداهن" | "احداهم") {
            let agreement = if words.stem(at) == "احدهم" {
                Agreement::MasculineSingular
            } else {
                Agreement::FeminineSingular
            };
            return Some(self.unnamed(at, self.proclitic(at), at, agreement));
        }
        // `آلاف المشجعين`, `عشرات المحتجين`: a crowd.
        if matches!(words.stem(at), "الاف" | "مئات" | "عشرات" | "ملايين")
            && words.text(at + 1).starts_with("ال")
        {
            return Some(self.unnamed(at, self.proclitic(at), at + 1, Agreement::Plural));
        }
        // `المحتجون`, `اللاجئون`: a group named by a sound masculine plural of a participle.
        if let Some(skip) = self.group_noun_at(at) {
            return Some(self.unnamed(at, skip, self.modified(at), Agreement::Plural));
        }
        // `الشقيقتان سلوى ونجلاء القاضي`, `اللاعبان X وY`: any dual noun before a named pair.
        if !DUAL_NOUNS.contains(words.stem(at)) && is_dual_form(words.stem(at)) {
            if let Some(pair) =
                self.mention_with(at + 1, attribution).filter(|m| m.agreement == Agreement::Dual)
            {
                return Some(pair);
            }
            if let Some(pair) = self.pair_with_shared_name(at + 1) {
                return Some(pair);
            }
        }
        if DUAL_NOUNS.contains(words.stem(at)) {
            // `الرئيسان تبون والغزواني`: the pair named right after the noun.
            if let Some(pair) =
                self.mention_with(at + 1, attribution).filter(|m| m.agreement == Agreement::Dual)
            {
                return Some(pair);
            }
            return Some(self.unnamed(at, self.proclitic(at), at, Agreement::Dual));
        }
        // `الحكومة الروسية`: a definite noun and a nationality.
        let nationality_follows = self.entity_at(at + 1).is_some_and(|n| {
            self.analysis.entities[n].label == Label::Nationality
                && self.analysis.positions[n].0 == at + 1
        });
        // Not an adjective of a noun before it: `الملف النووي الإيراني`.
        let adjective = at > 0 && words.is_word(at - 1) && words.stem(at - 1).starts_with("ال");
        if words.stem(at).starts_with("ال")
            && nationality_follows
            && !adjective
            && !self.lexicon.function_words.contains(words.stem(at))
        {
            return Some(self.unnamed(at, self.proclitic(at), at + 1, Agreement::Unknown));
        }
        None
    }

    /// A mention at `at`, joined with a coordinated one (`بوتين وشي`) into a dual speaker.
    pub(super) fn mention_at(&self, at: usize) -> Option<Mention> {
        self.mention_with(at, None)
    }

    pub(super) fn mention_with(
        &self,
        at: usize,
        attribution: Option<&Attribution>,
    ) -> Option<Mention> {
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

    pub(super) fn is_person(&self, id: u32) -> bool {
        self.label_of(id) == Some(Label::Person)
    }

    /// The label of the entity with this id.
    pub(super) fn label_of(&self, id: u32) -> Option<Label> {
        self.labels.get(id as usize).copied().flatten()
    }
}
