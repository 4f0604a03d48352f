//! Name rules: what no list knows.
//!
//! - `rule:title+name`: a title or role, optionally a nationality and a comma, then a name
//!   (`الصحفي الأمريكي تاكر كارلسون`, `المستشار يوري أوشاكوف`, `وزير الخارجية الصيني، وانغ يي`);
//! - `rule:first-name`: a known given name and the family name after it (`يونس الحداوي`);
//! - `rule:nationality+name`: a nationality adjective and an unknown name after it
//!   (`المهاجم الكونغولي أرسين مبوكو`);
//! - `rule:org-head`: an organization head word and the name after it (`بنك تشوشو التجاري`);
//! - `rule:place-head`: the name after a place descriptor (`مدينة صحار` gives `صحار`);
//! - `rule:facility`: a facility with its head word (`مطار مسقط الدولي`, `وادي الجزي`);
//! - `rule:dateline`: the agency in brackets after a dateline place (`مسقط (العمانية) -`);
//! - `rule:repeat`: later mentions of a name a rule found (`أوشاكوف` after `يوري أوشاكوف`).

use super::{normalized_text, Candidate, Role, Words};
use crate::lexicon::{Agreement, Lexicon, TitleKind};
use crate::normalize::normalize;
use crate::span::{Entity, Label};
use crate::tokenize::TokenKind;
use std::collections::HashMap;

/// The longest a name found by a rule may be, in words.
const MAX_NAME_WORDS: usize = 3;

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

/// Candidates indexed by position: the longest one starting at each position, and whether any
/// covers it. Built in one pass, so that rules ask in constant time.
struct Claimed<'c> {
    candidates: &'c [Candidate],
    longest_at: Vec<Option<usize>>,
    covered: Vec<bool>,
}

impl<'c> Claimed<'c> {
    fn new(candidates: &'c [Candidate], positions: usize) -> Self {
        let mut longest_at: Vec<Option<usize>> = vec![None; positions];
        let mut covered = vec![false; positions];
        for (index, c) in candidates.iter().enumerate() {
            let Some(slot) = longest_at.get_mut(c.first) else { continue };
            if slot.is_none_or(|other| candidates[other].last < c.last) {
                *slot = Some(index);
            }
            for flag in covered.iter_mut().take(c.last + 1).skip(c.first) {
                *flag = true;
            }
        }
        Claimed { candidates, longest_at, covered }
    }

    /// The longest candidate starting at `at`.
    fn at(&self, at: usize) -> Option<&'c Candidate> {
        self.longest_at.get(at).copied().flatten().map(|index| &self.candidates[index])
    }

    /// True when a candidate covers `at`.
    fn covers(&self, at: usize) -> bool {
        self.covered.get(at).copied().unwrap_or(false)
    }
}

/// True for a word shaped like an imperfect verb: future `سي`/`ست`/`سن` + stem, or a
/// dual or plural `ي`/`ت` + stem + `ان`/`ون` (`سيناقش`, `يبحثان`). Names rarely look like that.
fn looks_like_verb(word: &str) -> bool {
    let letters = word.chars().count();
    let future = ["سي", "ست", "سن"].iter().any(|p| word.starts_with(p)) && letters >= 5;
    let plural = (word.starts_with('ي') || word.starts_with('ت'))
        && (word.ends_with("ان") || word.ends_with("ون"))
        && letters >= 5;
    future || plural
}

/// True for a word that can be part of a name the lists do not know.
fn is_name_word(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    if !words.is_word(at) {
        return false;
    }
    let has_proclitic = words.index.get(at).is_some_and(|&i| words.tokens.tokens[i].proclitic > 0);
    if has_proclitic {
        return false;
    }
    let text = words.text(at);
    if words.kind(at) == Some(TokenKind::Latin) {
        return true;
    }
    if lexicon.name_words.contains(text) {
        return true;
    }
    text.chars().count() >= 2
        && !looks_like_verb(text)
        && !lexicon.function_words.contains(text)
        && !lexicon.common_words.contains(text)
        && !lexicon.verbs.contains_key(text)
        && !lexicon.titles.contains(text)
        && !lexicon.calendar.contains(text)
        && !lexicon.units.contains(text)
        && !lexicon.org_heads.contains_key(text)
        && !lexicon.verbs.contains_key(words.stem(at))
}

/// Titles followed by names, and role phrases without a name.
pub fn titled_names(words: &Words, lexicon: &Lexicon, candidates: &[Candidate]) -> Vec<TitledName> {
    let claimed = Claimed::new(candidates, words.len());
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let Some((title_last, skip, (kind, agreement))) = words.longest_phrase(at, &lexicon.titles)
        else {
            at += 1;
            continue;
        };
        if claimed.at(at).is_some_and(|c| c.last >= title_last) {
            // The title is part of a known name (`رئيس الوزراء` inside a longer name).
            at += 1;
            continue;
        }
        let title_text = &words.text(at)[skip..];
        let mut key = words.key(title_text, at, title_last).unwrap_or_default();
        if let Some(bare) = key.strip_prefix("ال") {
            key = bare.to_string();
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
                key.push_str(&normalized_text(words, c));
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
            Some(_) => (person_nearby(words, lexicon, &claimed, next), None),
            None => match name_run(words, lexicon, &claimed, next) {
                (None, None) => (person_nearby(words, lexicon, &claimed, next), None),
                found => found,
            },
        };
        found.push(TitledName { first: at, skip, role_last, key, agreement, name_at, name });
        at = role_last + 1;
    }
    found
}

/// A person a few words further on, past the rest of a long role (`المندوب الجزائري الدائم لدى
/// الأمم المتحدة عمار بن جامع`, `المتحدث باسم هيئة الدفاع المدني والإسعاف المقدم سالم ...`):
/// at most three plain words and any names of places or bodies, no verb, no punctuation.
fn person_nearby(
    words: &Words,
    lexicon: &Lexicon,
    claimed: &Claimed,
    from: usize,
) -> Option<usize> {
    let mut at = from;
    let mut plain = 0;
    while at < words.len() && plain <= 4 && !words.after_break[at] {
        match claimed.at(at) {
            Some(c) if c.label == Label::Person => return Some(at),
            Some(c) => at = c.last + 1,
            // `، الموزمبيقية إيلينا ماتشافا`: a comma may stand before a nationality or a name.
            None if words.punct_is(at, &["،", ","])
                && claimed
                    .at(at + 1)
                    .is_some_and(|c| matches!(c.label, Label::Nationality | Label::Person)) =>
            {
                at += 1
            }
            None => {
                // An honorific continues a long role (`المديرة الإقليمية للمنظمة الدكتورة ...`)
                // but right after the role it belongs to someone else (`الرئيس الروسي السيد شي`).
                let title = words.longest_phrase(at, &lexicon.titles);
                let honorific_inside = plain > 0
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

/// An unknown name of up to three words at `at`, ending before anything a list or rule knows.
fn name_run(
    words: &Words,
    lexicon: &Lexicon,
    claimed: &Claimed,
    at: usize,
) -> (Option<usize>, Option<Candidate>) {
    let mut last = None;
    for next in at..at + MAX_NAME_WORDS {
        let known = claimed.covers(next);
        if known
            || (next > at && words.after_break[next.min(words.len() - 1)])
            || !is_name_word(words, lexicon, next)
        {
            break;
        }
        // A name does not start with the article unless names are known to (`الأسد`).
        if next == at
            && words.text(at).starts_with("ال")
            && !lexicon.name_words.contains(words.text(at))
        {
            break;
        }
        last = Some(next);
    }
    match last {
        Some(last) => (
            Some(at),
            Some(Candidate {
                first: at,
                last,
                skip: 0,
                label: Label::Person,
                entry: None,
                source: "rule:title+name",
            }),
        ),
        None => (None, None),
    }
}

/// A family-name word after a given name: a name word, or an unknown word with the article
/// (`الحداوي`), or `بن`/`أبو` joining the next name.
fn is_family_name_word(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    let text = words.text(at);
    let has_proclitic = words.index.get(at).is_some_and(|&i| words.tokens.tokens[i].proclitic > 0);
    if has_proclitic || !words.is_word(at) {
        return false;
    }
    // `الحداوي` is a family name; `الجوار` (in `حسن الجوار`) is a common noun with the article.
    let bare_is_common =
        text.strip_prefix("ال").is_some_and(|bare| lexicon.common_words.contains(bare));
    // `بنبرة حزينة` after `باولو فيريرا`: family names seldom end in ta marbuta.
    let feminine_noun = text.ends_with('ة') && !lexicon.name_words.contains(text);
    !feminine_noun
        && !["بن", "ابن", "بنت", "ابو", "عبد"].contains(&text)
        && is_name_word(words, lexicon, at)
        || (text.starts_with("ال")
            && text.chars().count() >= 4
            && !lexicon.common_words.contains(text)
            && !lexicon.function_words.contains(text)
            && (lexicon.name_words.contains(text) || text.ends_with('ي') || !bare_is_common))
}

/// True when the word before `at` is an indefinite noun or adjective that a given name would
/// continue as a common word: `نظام عالمي عادل قائم` ("a just world order"), `معاهدة حسن الجوار`
/// ("good-neighbourliness treaty").
fn continues_noun_phrase(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    let Some(before) = at.checked_sub(1) else { return false };
    let text = words.text(before);
    words.kind(before) == Some(TokenKind::Word)
        && !words.after_break[at]
        && !text.starts_with("ال")
        && !text.starts_with("لل")
        && (text.ends_with('ة') || text.ends_with('ي'))
        && !lexicon.titles.contains(text)
        && !lexicon.function_words.contains(text)
        && !lexicon.verbs.contains_key(words.stem(before))
        && !lexicon.first_names.contains(text)
}

/// Given names followed by family names, and unknown names after a nationality adjective.
pub fn given_names(words: &Words, lexicon: &Lexicon, candidates: &[Candidate]) -> Vec<Candidate> {
    let claimed = Claimed::new(candidates, words.len());
    let covered = |at: usize| claimed.covers(at);
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if covered(at) {
            at += 1;
            continue;
        }
        let given = words.longest_phrase(at, &lexicon.first_names);
        // `لدينا` is "we have", not `ل` + `دينا`: a proclitic reading needs an unknown whole word.
        let whole = words.text(at);
        let plausible = |&(_, skip, _): &(usize, usize, Agreement)| {
            skip == 0
                || !(lexicon.common_words.contains(whole) || lexicon.function_words.contains(whole))
        };
        let given = given.filter(plausible);
        let Some((given_last, skip, _)) =
            given.filter(|_| !continues_noun_phrase(words, lexicon, at))
        else {
            at += 1;
            continue;
        };
        let mut last = given_last;
        // A one-word nationality is a family name here (`سالم بن علي البلوشي`).
        let free = |p: usize| {
            !covered(p)
                || claimed.at(p).is_some_and(|c| c.label == Label::Nationality && c.last == p)
        };
        while last < given_last + 3
            && free(last + 1)
            && !words.after_break[(last + 1).min(words.len() - 1)]
        {
            let next = last + 1;
            // After `بن` any name goes, even one that is also a common word (`بن علي`, `بن صالح`).
            let joiner = matches!(words.text(next), "بن" | "بنت" | "ابو" | "ابن" | "عبد")
                && words.kind(next + 1) == Some(TokenKind::Word)
                && !words.after_break[(next + 1).min(words.len() - 1)]
                && (is_family_name_word(words, lexicon, next + 1)
                    || lexicon.first_names.contains(words.text(next + 1))
                    || ["علي", "صالح"].contains(&words.text(next + 1))
                    || !lexicon.function_words.contains(words.text(next + 1)));
            if joiner {
                last = next + 1;
            } else if is_family_name_word(words, lexicon, next)
                || lexicon.first_names.contains(words.text(next))
            {
                last = next;
            } else {
                break;
            }
        }
        if last > given_last {
            found.push(Candidate {
                first: at,
                last,
                skip,
                label: Label::Person,
                entry: None,
                source: "rule:first-name",
            });
        }
        at = last + 1;
    }
    for norp in candidates.iter().filter(|c| c.label == Label::Nationality) {
        let text = words.text(norp.first);
        if norp.first != norp.last
            || !text.starts_with("ال")
            || !(text.ends_with('ي') || text.ends_with("ية"))
        {
            continue;
        }
        let next = norp.last + 1;
        if covered(next)
            || found.iter().any(|c| c.first == next)
            || words.punct_is(next, &["،", ","])
        {
            continue;
        }
        // Only a known given name after a nationality: `الكونغولي أرسين مبوكو`, not
        // `الصيني يخدم` or `الأمريكي واعترافا`.
        let known_given = lexicon.first_names.contains(words.text(next))
            || words.kind(next) == Some(TokenKind::Latin);
        if !known_given {
            continue;
        }
        if let (_, Some(mut name)) = name_run(words, lexicon, &claimed, next) {
            name.source = "rule:nationality+name";
            found.push(name);
        }
    }
    found
}

/// Head words of public institutions, whose names are often made of common words
/// (`وزارة الصحة`, `مجلس الأمن`); other heads (`شركة`, `حركة`, `دار`) need a word no list knows.
const INSTITUTIONS: &[&str] = &[
    "وزارة",
    "مجلس",
    "هيئة",
    "جامعة",
    "محكمة",
    "بنك",
    "مصرف",
    "صندوق",
    "منظمة",
    "وكالة",
    "اتحاد",
    "لجنة",
    "مفوضية",
    "نقابة",
    "رابطة",
    "برلمان",
    "مديرية",
    "ادارة",
    "سلطة",
    "مؤسسة",
    "معهد",
];

fn is_nationality(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    let (key, _) = crate::tokenize::phrase_key(words.text(at));
    lexicon.names.get(&key).is_some_and(|e| lexicon.entries[e as usize].label == Label::Nationality)
}

/// An organization head word and the name after it: up to five words, through a run of
/// nationalities (`مجلس التنسيق السعودي الكويتي`), prepositional complements (`للنشر`,
/// `للسينما والصورة`) and unknown names (`بنك تشوشو التجاري`). A head with the article
/// (`البنك المركزي المصري`) needs a nationality at the end.
pub fn organizations(words: &Words, lexicon: &Lexicon) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let head = words.longest(at, 1, |key| {
            lexicon
                .org_heads
                .get(key)
                .or_else(|| lexicon.org_heads.get(key.strip_prefix("ال")?))
                .copied()
        });
        let Some((_, skip, _)) = head else {
            at += 1;
            continue;
        };
        let head_word = &words.text(at)[skip..];
        let definite = head_word.starts_with("ال");
        let bare_head = head_word.strip_prefix("ال").unwrap_or(head_word);
        let first = at + 1;
        // `التي تجمع البلدين`: after a relative pronoun or a particle the head word is a verb.
        let verbal = at > 0
            && ["التي", "الذي", "ما", "لا", "لم", "لن", "قد", "ان", "كي"]
                .contains(&words.text(at - 1));
        let opens = !verbal
            && words.is_word(first)
            && !words.after_break[first.min(words.len() - 1)]
            && !lexicon.function_words.contains(words.text(first))
            && !lexicon.verbs.contains_key(words.text(first))
            && !lexicon.first_names.contains(words.text(first))
            && (words.text(first).starts_with("ال") || is_name_word(words, lexicon, first));
        if !opens {
            at += 1;
            continue;
        }
        let mut last = first;
        for next in first + 1..first + 5 {
            let text = words.text(next);
            // `للسينما والصورة`, `هيئة الدفاع المدني والإسعاف`: a coordinated definite noun
            // after a complement, or inside the name of an indefinite head.
            let after_complement = words.text(next - 1).starts_with("لل");
            let coordinated = text.starts_with("وال")
                && (after_complement || !definite)
                && !lexicon.function_words.contains(words.text(next + 1));
            let has_conjunction = words
                .index
                .get(next)
                .is_some_and(|&i| words.tokens.tokens[i].proclitic > 0 && text.starts_with('و'));
            let joins = words.is_word(next)
                && !words.after_break[next.min(words.len() - 1)]
                && (!has_conjunction || coordinated)
                && !lexicon.function_words.contains(text)
                && !lexicon.verbs.contains_key(text)
                && !lexicon.titles.contains(text)
                && !lexicon.first_names.contains(text)
                && (text.starts_with("ال")
                    || text.starts_with("لل")
                    || coordinated
                    // `لإحصاء الأصوات`: a complement with lam, then its definite noun.
                    || (text.starts_with('ل') && words.text(next + 1).starts_with("ال"))
                    // After a definite word the name goes on only with definite words.
                    || (!words.text(next - 1).starts_with("ال")
                        && is_name_word(words, lexicon, next)));
            if !joins {
                break;
            }
            // A nationality ends the name, unless another one follows it.
            if is_nationality(words, lexicon, next - 1) && !is_nationality(words, lexicon, next) {
                break;
            }
            last = next;
        }
        // A nationality right after the head (`الجمارك الروسية`) describes; it does not name.
        let ends_with_nationality = last > first && is_nationality(words, lexicon, last);
        // A proper name among the words: one without the article that no list knows
        // (`تشوشو`, `نبراس`), a Latin word, or a known name word; `حركة الشاحنات` has none.
        let has_name = (first..=last).any(|p| {
            let text = words.text(p);
            words.kind(p) == Some(TokenKind::Latin)
                || lexicon.name_words.contains(text)
                || (!text.starts_with("ال")
                    && !text.starts_with('ل')
                    && is_name_word(words, lexicon, p)
                    && !lexicon.common_words.contains(text))
        });
        let has_complement = (first..=last).any(|p| words.text(p).starts_with('ل') && p > first);
        let accepted = if definite {
            ends_with_nationality || (has_complement && last >= first + 2)
        } else {
            INSTITUTIONS.contains(&bare_head) || has_name || ends_with_nationality || has_complement
        };
        if accepted {
            found.push(Candidate {
                first: at,
                last,
                skip,
                label: Label::Organization,
                entry: None,
                source: "rule:org-head",
            });
            at = last + 1;
        } else {
            at += 1;
        }
    }
    found
}

/// Descriptors of places that are left out of the name: `مدينة صحار` is `صحار`.
const PLACE_HEADS: &[&str] = &[
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
];

/// Heads of facilities and landmarks that are part of the name: `مطار صحار`, `وادي الجزي`,
/// `قصر العدل`, `رأس الحكمة`.
const FACILITY_HEADS: &[&str] = &[
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
];

/// The name after a place descriptor (`مدينة صحار`, `محافظة شمال الباطنة`): one or two words
/// that no list knows, the descriptor left out.
pub fn places(words: &Words, lexicon: &Lexicon, candidates: &[Candidate]) -> Vec<Candidate> {
    let claimed = Claimed::new(candidates, words.len());
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
        let head = |w: &str| FACILITY_HEADS.contains(&w);
        let facility = ((head(words.text(at)) || head(words.stem(at))) && !claimed.covers(at))
            .then(|| facility_name(words, lexicon, &claimed, at))
            .flatten()
            .map(|last| {
                let skip = if head(words.text(at)) {
                    0
                } else {
                    words.text(at).len() - words.stem(at).len()
                };
                (at, last, skip, "rule:facility")
            });
        let named = || {
            place_after_descriptor(words, lexicon, &claimed, at)
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
    if !PLACE_HEADS.contains(&words.stem(at)) || claimed.covers(at + 1) {
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

/// The agency in a dateline: `مسقط (العمانية) -`, `تونس (وات) -`. A place opens the line,
/// one to three words stand in brackets, and a dash follows.
pub fn datelines(words: &Words, candidates: &[Candidate]) -> Vec<Candidate> {
    let claimed = Claimed::new(candidates, words.len());
    let mut found = Vec::new();
    for at in (0..words.len()).filter(|&at| words.after_break[at]) {
        let Some(place) = claimed.at(at).filter(|c| c.label == Label::Location) else { continue };
        let open = place.last + 1;
        if !words.punct_is(open, &["("]) {
            continue;
        }
        let Some(close) =
            (open + 2..(open + 5).min(words.len())).find(|&p| words.punct_is(p, &[")"]))
        else {
            continue;
        };
        let inside_words = (open + 1..close).all(|p| words.is_word(p));
        let already_organization =
            claimed.at(open + 1).is_some_and(|c| c.label == Label::Organization);
        if inside_words && !already_organization && words.punct_is(close + 1, &["-", "–", "—"])
        {
            found.push(Candidate {
                first: open + 1,
                last: close - 1,
                skip: 0,
                label: Label::Organization,
                entry: None,
                source: "rule:dateline",
            });
        }
    }
    found
}

/// The end of a facility name after its head: a known place (`مطار مسقط الدولي`), an unknown
/// word, or one definite word (`قصر العدل`), then `الدولي` if it follows.
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
    if matches!(words.text(last + 1), "الدولي" | "الدولية") {
        last += 1;
    }
    Some(last)
}

/// Later mentions of names that rules found: the full name anywhere, and for persons the last
/// word alone.
pub fn repeated_names(words: &Words, lexicon: &Lexicon, kept: &[Candidate]) -> Vec<Candidate> {
    let mut known: HashMap<String, Label> = HashMap::new();
    for candidate in kept.iter().filter(|c| c.entry.is_none() && c.label.is_name()) {
        let full = normalized_text(words, candidate);
        if candidate.label == Label::Person && candidate.last > candidate.first {
            // `حسن عبد الله` is later `عبد الله`, never `الله`.
            let compound = candidate.last > candidate.first + 1
                && ["عبد", "ابو", "بن", "ابن"].contains(&words.text(candidate.last - 1));
            let last_word = if compound {
                format!("{} {}", words.text(candidate.last - 1), words.text(candidate.last))
            } else {
                words.text(candidate.last).to_string()
            };
            if last_word.chars().count() >= 3 && !lexicon.common_words.contains(&last_word) {
                known.entry(last_word).or_insert(Label::Person);
            }
        }
        // `نبراس` after `شركة نبراس للتقنيات`: the one unknown word of the name.
        if candidate.source == "rule:org-head" && candidate.last > candidate.first {
            let proper = (candidate.first + 1..=candidate.last).find(|&p| {
                !words.text(p).starts_with("ال")
                    && !words.text(p).starts_with('ل')
                    && is_name_word(words, lexicon, p)
            });
            if let Some(proper) = proper.filter(|p| !lexicon.common_words.contains(words.text(*p)))
            {
                known.entry(words.text(proper).to_string()).or_insert(Label::Organization);
            }
        }
        known.entry(full).or_insert(candidate.label);
    }
    if known.is_empty() {
        return Vec::new();
    }
    let max_tokens = known.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
    let claimed = Claimed::new(kept, words.len());
    let covered = |at: usize| claimed.covers(at);
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if covered(at) {
            at += 1;
            continue;
        }
        let hit = words.longest(at, max_tokens, |key| known.get(key).copied());
        match hit {
            Some((last, skip, label)) if !(at..=last).any(covered) => {
                found.push(Candidate {
                    first: at,
                    last,
                    skip,
                    label,
                    entry: None,
                    source: "rule:repeat",
                });
                at = last + 1;
            }
            _ => at += 1,
        }
    }
    found
}

/// Role phrases with the entity each one named, as indexes into `entities`.
pub fn roles(
    words: &Words,
    titled: &[TitledName],
    kept: &[Candidate],
    entities: &[Entity],
) -> Vec<Role> {
    titled
        .iter()
        .map(|t| Role {
            span: words.span(t.first, t.skip, t.role_last),
            key: t.key.clone(),
            person: t
                .name_at
                .and_then(|at| kept.iter().position(|c| c.first == at && c.label == Label::Person)),
            agreement: t.agreement,
            first: t.first,
            last: t.role_last,
        })
        .filter(|role| role.person.is_none_or(|index| index < entities.len()))
        .collect()
}
