//! Speakers with no entity behind them: groups named by a plural (`المحتجون`, `اقتصاديون`), pairs
//! after a dual noun (`الشقيقتان حليمة وزينب آدم`), and unnamed sources with their modifiers
//! (`مصدر أمني`, `خبراء اقتصاديين`).

use super::mentions::Mention;
use super::{participant, Finder};
use crate::lexicon::Agreement;
use crate::span::Label;

/// True for a plural participle with the article in the nominative: `المحتجون`, `المشجعون`
/// (`الم...ون`) or `اللاجئون`, `الناشطون` (`الفاعلون`); not `التعاون` nor `القانون`.
pub(super) fn is_group_noun(word: &str) -> bool {
    // Indefinite participles count too (`ومحتجون: ...` in a headline), article-less others not.
    let bare = match word.strip_prefix("ال") {
        Some(bare) => bare,
        None if word.starts_with('م') => word,
        None if word.ends_with("يون") && !word.starts_with('و') && !word.starts_with('ف') => {
            word
        }
        None => return false,
    };
    // Counted, not collected: the subjects of every cue are asked about, and most are no group.
    let letters = bare.chars().count();
    let participle = bare.starts_with('م') || bare.chars().nth(1) == Some('ا');
    // `اقتصاديون`, `محليون`: a plural of a relational adjective names a group too.
    let relational = bare.ends_with("يون") && letters >= 7;
    bare.ends_with("ون")
        && letters >= 5
        && (participle || relational)
        && !matches!(
            bare,
            "قانون"
                | "كانون"
                | "ماعون"
                | "مضمون"
                | "مكنون"
                | "ملعون"
                | "مليون"
                | "تلفزيون"
        )
}

/// True for a definite dual noun (`الشقيقتان`, `الباحثين`, `اللاعبان`): the article, a stem of
/// three letters or more and a dual ending.
pub(super) fn is_dual_form(word: &str) -> bool {
    let Some(bare) = word.strip_prefix("ال") else { return false };
    ["ان", "ين"]
        .iter()
        .any(|ending| bare.strip_suffix(ending).is_some_and(|stem| stem.chars().count() >= 3))
}

impl Finder<'_, '_, '_> {
    /// `حليمة وزينب آدم` after a dual noun: a first name, then `و` and a person whose family name
    /// the first one shares (`حليمة آدم وزينب آدم`).
    pub(super) fn pair_with_shared_name(&self, at: usize) -> Option<Mention> {
        let words = self.words;
        let first_name = words.text(at);
        let plain = words.kind(at) == Some(crate::tokenize::TokenKind::Word)
            && !first_name.starts_with("ال")
            && !self.lexicon.function_words.contains(first_name)
            && self.entity_at(at).is_none();
        if !plain || !words.text(at + 1).starts_with('و') {
            return None;
        }
        let second = self.single_mention_at(at + 1, None)?;
        second.participant.entity.filter(|&id| self.is_person(id))?;
        let family = second
            .participant
            .canonical
            .rsplit(' ')
            .next()
            .filter(|_| second.participant.canonical.contains(' '))?;
        let span = words.span(at, 0, at).cover(second.participant.span);
        let canonical = format!(
            "{} {family} و{}",
            words.span(at, 0, at).slice(words.tokens.original),
            second.participant.canonical
        );
        Some(Mention {
            participant: participant(span, canonical, None),
            agreement: Agreement::Dual,
            last: second.last,
        })
    }

    /// The proclitic bytes before a group noun at `at` (`المحتجون`, `ومحتجون`), if one is there;
    /// the tokenizer keeps `و` on words it does not know, so it is looked for here too.
    pub(super) fn group_noun_at(&self, at: usize) -> Option<usize> {
        if self.entity_at(at).is_some() {
            return None;
        }
        let (text, stem) = (self.words.text(at), self.words.stem(at));
        if is_group_noun(stem) {
            return Some(text.len() - stem.len());
        }
        let rest = text.strip_prefix('و').or_else(|| text.strip_prefix('ف'))?;
        is_group_noun(rest).then_some(text.len() - rest.len())
    }

    /// Bytes of the proclitic the tokenizer split off the word at `at`.
    pub(super) fn proclitic(&self, at: usize) -> usize {
        self.words.text(at).len() - self.words.stem(at).len()
    }

    /// The end of a phrase ending at `last` once up to two modifiers after it are taken in.
    pub(super) fn modified(&self, last: usize) -> usize {
        let mut end = last;
        while end < last + 2 && self.is_modifier(end + 1) {
            end += 1;
        }
        end
    }

    /// A speaker with no entity behind it, named by positions `first..=last` (the first word
    /// without `skip` proclitic bytes): `مصدر مسؤول`, `أحد المشجعين`, `المحتجون`.
    pub(super) fn unnamed(
        &self,
        first: usize,
        skip: usize,
        last: usize,
        agreement: Agreement,
    ) -> Mention {
        let span = self.words.span(first, skip, last);
        let text = span.slice(self.words.tokens.original).to_string();
        Mention { participant: participant(span, text, None), agreement, last }
    }

    /// True for a word that modifies an unnamed source (`رسمية`, `الصينيون`, `مطلعة`).
    pub(super) fn is_modifier(&self, at: usize) -> bool {
        if self.entity_at(at).is_some_and(|n| self.analysis.entities[n].label == Label::Nationality)
        {
            return true;
        }
        let text = self.words.text(at);
        self.words.is_word(at)
            && !self.lexicon.function_words.contains(text)
            && self.verb_at(at).is_none()
            && !self.is_complementizer(at)
            && self.entity_at(at).is_none()
            && (text.ends_with('ة')
                || text.ends_with("ون")
                || text.ends_with("يين")
                || text.ends_with("ية")
                || text.ends_with('ي'))
    }
}
