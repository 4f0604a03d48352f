//! Titles and roles: `rule:title+name` finds the name after a title or role, optionally a
//! nationality and a comma (`الصحفي الأمريكي تاكر كارلسون`, `المستشار يوري أوشاكوف`,
//! `وزير الخارجية الصيني، وانغ يي`), and every role phrase is kept with the person it named so
//! that quotes can resolve `الرئيس الصيني` to `شي جين بينغ`.

use super::names::{is_family_name_word, name_run};
use super::{push_normalized_text, push_rest_of_key, Candidate, Claimed, Role, Words};
use crate::lexicon::{Agreement, Lexicon, TitleKind};
use crate::normalize::normalize;
use crate::span::Label;

/// A title or role phrase and what follows it.
#[derive(Clone, Debug)]
pub struct TitledName {
    /// First position of the title.
    pub first: usize,
    /// Proclitic bytes before the title.
    pub skip: usize,
    /// Last position of the role phrase (title, its complement and nationality).
    pub role_last: usize,
    /// The normalized role key.
    pub key: String,
    /// The gender the title marks.
    pub agreement: Agreement,
    /// Position where the name starts, if a name follows.
    pub name_at: Option<usize>,
    /// A person candidate found by this rule (none when a list already knows the name).
    pub name: Option<Candidate>,
}

/// A title or role phrase from the lists: its last position, the proclitic bytes before it,
/// its kind and the gender it marks.
pub type TitlePhrase = (usize, usize, (TitleKind, Agreement));

/// A [`TitlePhrase`] as [`title_phrases`] keeps it, in 8 bytes rather than 24: the table has
/// a slot per position and stays while the entities are found (a proclitic is at most 4 bytes,
/// and a text has fewer than 2^32 positions).
type Kept = (u32, u8, (TitleKind, Agreement));

/// The title phrase starting at each position. The rules below ask about most positions more
/// than once, and [`titled_names`] runs twice over a text: the lists are read once.
pub fn title_phrases(words: &Words, lexicon: &Lexicon) -> Vec<Option<Kept>> {
    let keep = |(last, skip, value): TitlePhrase| {
        Some((u32::try_from(last).ok()?, u8::try_from(skip).ok()?, value))
    };
    (0..words.len()).map(|at| words.longest_phrase(at, &lexicon.titles).and_then(keep)).collect()
}

/// The title phrase starting at `at` (see [`title_phrases`]).
fn phrase_at(phrases: &[Option<Kept>], at: usize) -> Option<TitlePhrase> {
    let (last, skip, value) = phrases.get(at).copied().flatten()?;
    Some((last as usize, usize::from(skip), value))
}

/// Titles followed by names, and role phrases without a name; `phrases` are the text's
/// [`title_phrases`], and `claimed` indexes what the lists and the other rules found.
pub fn titled_names(
    words: &Words,
    lexicon: &Lexicon,
    phrases: &[Option<Kept>],
    claimed: &Claimed,
) -> Vec<TitledName> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let Some((title_last, skip, (kind, agreement))) = phrase_at(phrases, at) else {
            at += 1;
            continue;
        };
        if claimed.at(at).is_some_and(|c| c.last >= title_last) {
            // The title is part of a known name (`رئيس الوزراء` inside a longer name).
            at += 1;
            continue;
        }
        // The key is the title without its article and proclitic, then its complement and
        // nationality: built in place, with room for them, instead of copied as it grows.
        let title_text = &words.text(at)[skip..];
        let mut key = String::with_capacity(64);
        key.push_str(title_text.strip_prefix("ال").unwrap_or(title_text));
        if !push_rest_of_key(words, at, title_last, &mut key) {
            key.clear();
        }
        let mut next = title_last + 1;
        // A construct title takes its complement: `وزير الخارجية`, `المتحدث باسم الكرملين`.
        let construct =
            !words.text(title_last).starts_with("ال") || words.text(title_last) == "باسم";
        if construct && kind != TitleKind::Honorific {
            if let Some(c) = claimed
                .at(next)
                .filter(|c| matches!(c.label, Label::Organization | Label::Location))
            {
                key.push(' ');
                push_normalized_text(words, c, &mut key);
                next = c.last + 1;
            } else {
                let mut taken = 0;
                let definite = |at: usize| {
                    words.text(at).starts_with("ال") || words.text(at).starts_with("لل")
                };
                while taken < 2 && definite(next) && claimed.at(next).is_none() {
                    key.push(' ');
                    key.push_str(words.text(next));
                    next += 1;
                    taken += 1;
                }
            }
        }
        key.push('|');
        if let Some(norp) = claimed.at(next).filter(|c| c.label == Label::Nationality) {
            if let Some(entry) = norp.entry {
                key.push_str(&normalize(&lexicon.entries[entry as usize].canonical));
            }
            next = norp.last + 1;
        }
        let role_last = next - 1;
        if words.punct_is(next, &["،", ","]) {
            next += 1;
        }
        let (name_at, name) = match claimed.at(next) {
            Some(c) if c.label == Label::Person => (Some(next), None),
            Some(_) => (person_nearby(words, lexicon, phrases, claimed, next), None),
            None => match name_run(words, lexicon, claimed, next) {
                (None, None) if kind == TitleKind::Honorific => {
                    honored_name(words, lexicon, phrases, claimed, next)
                }
                (None, None) => (person_nearby(words, lexicon, phrases, claimed, next), None),
                found => found,
            },
        };
        found.push(TitledName { first: at, skip, role_last, key, agreement, name_at, name });
        at = role_last + 1;
    }
    found
}

/// After an honorific (`الدكتورة سلام العاروري`) a name may begin with a common word: two words,
/// the second a family name.
fn honored_name(
    words: &Words,
    lexicon: &Lexicon,
    phrases: &[Option<Kept>],
    claimed: &Claimed,
    at: usize,
) -> (Option<usize>, Option<Candidate>) {
    // A role after an honorific is the person's title, not their name (`لسمو ولي العهد`).
    let first_ok = words.kind(at) == Some(crate::tokenize::TokenKind::Word)
        && !claimed.covers(at)
        && phrase_at(phrases, at).is_none()
        && words.stem(at) == words.text(at)
        && !lexicon.function_words.contains(words.text(at))
        && !lexicon.verbs.contains_key(words.text(at));
    let surname = (!claimed.covers(at + 1) && is_family_name_word(words, lexicon, at + 1))
        || claimed.at(at + 1).is_some_and(|c| c.label == Label::Person && c.last == at + 1);
    if first_ok && surname {
        let name = Candidate {
            first: at,
            last: at + 1,
            skip: 0,
            label: Label::Person,
            entry: None,
            source: "rule:title+name",
        };
        return (Some(at), Some(name));
    }
    (None, None)
}

/// A person a few words further on, past the rest of a long role (`المندوب الجزائري الدائم لدى
/// الأمم المتحدة عمار بن جامع`, `المتحدث باسم هيئة الدفاع المدني والإسعاف المقدم سالم ...`):
/// at most seven plain words and any names of places or bodies, honorifics inside the role, no
/// verb, no punctuation but a comma before a nationality or a name.
fn person_nearby(
    words: &Words,
    lexicon: &Lexicon,
    phrases: &[Option<Kept>],
    claimed: &Claimed,
    from: usize,
) -> Option<usize> {
    let mut at = from;
    let mut plain = 0;
    while at < words.len() && plain <= 9 && !words.after_break[at] {
        match claimed.at(at) {
            Some(c) if c.label == Label::Person => return Some(at),
            Some(c) => at = c.last + 1,
            // `، الموزمبيقية إيلينا ماتشافا`: a comma may stand before a nationality or a name.
            None if words.punct_is(at, &["،", ","])
                && (claimed
                    .at(at + 1)
                    .is_some_and(|c| matches!(c.label, Label::Nationality | Label::Person))
                    || phrase_at(phrases, at + 1)
                        .is_some_and(|(_, _, (kind, _))| kind == TitleKind::Honorific)) =>
            {
                at += 1
            }
            // `المحللة في "الجزيرة كابيتال" ريم الشهري`: marks around a name inside the role.
            None if words.kind(at) == Some(crate::tokenize::TokenKind::QuoteMark) => at += 1,
            None => {
                // An honorific continues a long role (`المديرة الإقليمية للمنظمة الدكتورة ...`,
                // `رئيس سلطة المياه، المهندس ...`) but right after the role it belongs to someone
                // else (`الرئيس الروسي السيد شي`).
                let title = phrase_at(phrases, at);
                let after_comma = at > 0 && words.punct_is(at - 1, &["،", ","]);
                let honorific_inside = (plain > 0 || after_comma)
                    && title.is_some_and(|(_, _, (kind, _))| kind == TitleKind::Honorific);
                let word = words.is_word(at)
                    && !lexicon.verbs.contains_key(words.stem(at))
                    && (title.is_none() || honorific_inside);
                if !word {
                    return None;
                }
                plain += 1;
                at = title.filter(|_| honorific_inside).map_or(at, |(last, _, _)| last) + 1;
            }
        }
    }
    None
}

/// Role phrases with the person each one named, as indexes into the kept candidates (and so
/// into the entities, which are built from them one to one). The titled names are used up: each
/// role takes its key.
pub fn roles(words: &Words, titled: Vec<TitledName>, kept: &[Candidate]) -> Vec<Role> {
    let mut person_at = vec![None; words.len()];
    for (index, candidate) in kept.iter().enumerate().filter(|(_, c)| c.label == Label::Person) {
        person_at[candidate.first] = Some(index);
    }
    titled
        .into_iter()
        .map(|t| Role {
            span: words.span(t.first, t.skip, t.role_last),
            key: t.key,
            person: t.name_at.and_then(|at| person_at.get(at).copied().flatten()),
            agreement: t.agreement,
            first: t.first,
            last: t.role_last,
        })
        .collect()
}
