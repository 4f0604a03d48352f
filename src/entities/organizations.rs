//! Organizations no list knows.
//!
//! - `rule:org-head`: an organization head word and the name after it (`بنك تشوشو التجاري`,
//!   `هيئة الدفاع المدني والإسعاف`, `دار الجنوب للنشر`);
//! - `rule:dateline`: the agency or newspaper after a dateline place (`مسقط (العمانية) -`,
//!   `بيروت - "المدن"`).

use super::names::is_name_word;
use super::{Candidate, Claimed, Words};
use crate::lexicon::{Lexicon, WordSet};
use crate::span::Label;
use crate::tokenize::TokenKind;

/// Head words of public institutions, whose names are often made of common words
/// (`وزارة الصحة`, `مجلس الأمن`); other heads (`شركة`, `حركة`, `دار`) need a word no list knows.
const INSTITUTIONS: WordSet = WordSet::new(&[
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
]);

/// Heads of company names, which may be common words (`شركة نخلة للتقنية`).
const COMPANIES: WordSet = WordSet::new(&["شركة", "مجموعة"]);

/// Media heads that one definite word after them names (`قناة العراقية`); `شبكة` and `موقع`
/// are common nouns too (`شبكة الإنترنت`, `موقع الهبوط`).
const OUTLETS: WordSet =
    WordSet::new(&["قناة", "اذاعة", "صحيفة", "جريدة", "مجلة", "تلفزيون", "فضائية"]);

/// Definite words that after an institution head make a body every company, court or club has
/// (`مجلس الإدارة`, `هيئة المحكمة`, `مجلس الأمناء`), not the name of one.
const GENERIC_BODIES: WordSet = WordSet::new(&["الادارة", "المحكمة", "النادي", "الامناء", "الشركة"]);

fn is_nationality(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    let (key, _) = crate::tokenize::phrase_key_cow(words.text(at));
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
        let head = words.longest_phrase(at, &lexicon.org_head_forms);
        let Some((_, skip, media)) = head else {
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
        let opens_at_all = !verbal
            && words.is_word(first)
            && !words.after_break[first.min(words.len() - 1)]
            && !lexicon.function_words.contains(words.text(first))
            && !lexicon.verbs.contains_key(words.text(first))
            && !lexicon.first_names.contains(words.text(first));
        // A company is often named with a common word (`شركة نخلة للتقنية`, `شركة نفط الكويت`);
        // such a name must then prove itself by what follows it (see `accepted`).
        let company = COMPANIES.contains(head_word);
        let named_first =
            words.text(first).starts_with("ال") || is_name_word(words, lexicon, first);
        if !opens_at_all || !(named_first || company) {
            at += 1;
            continue;
        }
        // `منظمة الصحة العالمية الوصول`, `جامعة بيرزيت استنكارا`: when a list knows the
        // organization that starts here, its name ends where the list's does, unless a
        // nationality or a complement follows (`وزارة الخارجية الأمريكية`, `... للطفولة`).
        let listed_last = words
            .longest_phrase(at, &lexicon.names)
            .filter(|&(last, listed_skip, entry)| {
                last > at
                    && listed_skip == skip
                    && lexicon.entries[entry as usize].label == Label::Organization
            })
            .map(|(last, _, _)| last);
        let mut last = first;
        for next in first + 1..first + 5 {
            let text = words.text(next);
            if listed_last.is_some_and(|listed| next > listed)
                && !is_nationality(words, lexicon, next)
                && !text.starts_with('ل')
            {
                break;
            }
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
                    // After a definite word or a complement (`للإعلام نقلا عن`) the name goes on
                    // only with definite words.
                    || (!words.text(next - 1).starts_with("ال")
                        && !words.text(next - 1).starts_with("لل")
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
        // `شركة الرياض المالية`, `شركة نفط الكويت`: a company name of two words or more that
        // ends with a definite word.
        let company_name = company && last > first && words.text(last).starts_with("ال");
        // `قناة العراقية`, `إذاعة الشارقة`: one definite word names the outlet after a media
        // head.
        let outlet = media && OUTLETS.contains(head_word) && words.text(first).starts_with("ال");
        // `مجلس الإدارة`, `هيئة المحكمة`: a body every company or court has names no one.
        let generic = first == last && GENERIC_BODIES.contains(words.text(first));
        let accepted = if generic {
            false
        } else if definite {
            ends_with_nationality || (has_complement && last >= first + 2)
        } else if !named_first {
            has_complement || company_name
        } else {
            INSTITUTIONS.contains(bare_head)
                || has_name
                || ends_with_nationality
                || has_complement
                || company_name
                || outlet
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

/// Words that stand where a dateline names its source but name no outlet (`نيويورك - (وكالات)`).
const GENERIC_SOURCES: WordSet =
    WordSet::new(&["وكالات", "خاص", "متابعات", "مراسلنا", "مراسلون", "المحرر"]);

/// Second words that mark a two-word source as an outlet (`الصباح نيوز`, `النهار أونلاين`).
const OUTLET_SUFFIXES: WordSet = WordSet::new(&["نيوز", "نت", "اونلاين", "برس", "بوست", "24"]);

/// The source in a dateline, which opens a story with a place, maybe a date, and the agency or
/// newspaper that filed it: in brackets before a dash (`مسقط (العمانية) -`, `عمان 18 تشرين
/// الثاني (بترا) -`), or after a dash or slash at the end of the line or before a colon
/// (`مسقط - العمانية`, `بيروت - "المدن"`, `بغداد/ واع`, `صفاقس - الصباح نيوز`).
///
/// A byline stands in the same place (`القاهرة - محمد عبد الرحيم`): a source that starts with a
/// known given name or holds a person is left alone. Two words after a dash name an outlet only
/// when one of them has the article or the second is an outlet word (`نيوز`, `أونلاين`).
pub fn datelines(words: &Words, lexicon: &Lexicon, candidates: &[Candidate]) -> Vec<Candidate> {
    let claimed = Claimed::new(candidates, words.len());
    let mut found = Vec::new();
    let dash = ["-", "–", "—"];
    for at in (0..words.len()).filter(|&at| words.after_break[at]) {
        let Some(place) = claimed.at(at).filter(|c| c.label == Label::Location) else { continue };
        let mut open = place.last + 1;
        if let Some(date) = claimed.at(open).filter(|c| c.label == Label::Date) {
            open = date.last + 1;
        }
        if open >= words.len() || words.after_break[open] {
            continue;
        }
        let source = if words.punct_is(open, &["("]) {
            bracketed_source(words, open)
        } else if words.punct_is(open, &dash) || words.punct_is(open, &["/"]) {
            source_after_dash(words, open + 1)
        } else {
            None
        };
        let Some((first, last)) = source else { continue };
        let generic = (first..=last).any(|p| GENERIC_SOURCES.contains(words.text(p)));
        let person = (first..=last).any(|p| {
            claimed.at(p).is_some_and(|c| c.label == Label::Person)
                || lexicon.first_names.contains(words.text(p))
        });
        let already_organization =
            claimed.at(first).is_some_and(|c| c.label == Label::Organization && c.last >= last);
        // `القاهرة - عمان - بترا -`: a place before another dash goes on listing places.
        let another_place = claimed.at(first).is_some_and(|c| c.label == Label::Location)
            && words.punct_is(last + 1, &dash);
        let two_words_named = last == first
            || words.text(first).starts_with("ال")
            || words.text(last).starts_with("ال")
            || OUTLET_SUFFIXES.contains(words.text(last));
        if !generic && !person && !already_organization && !another_place && two_words_named {
            found.push(Candidate {
                first,
                last,
                skip: 0,
                label: Label::Organization,
                entry: None,
                source: "rule:dateline",
            });
        }
    }
    found
}

/// One to three words in brackets at `open`, followed by a dash: `(first, last)`.
fn bracketed_source(words: &Words, open: usize) -> Option<(usize, usize)> {
    let close = (open + 2..(open + 5).min(words.len())).find(|&p| words.punct_is(p, &[")"]))?;
    let inside_words = (open + 1..close).all(|p| words.is_word(p));
    (inside_words && words.punct_is(close + 1, &["-", "–", "—"])).then_some((open + 1, close - 1))
}

/// One or two words after a dateline's dash, maybe in quotation marks, that end the line or come
/// before a colon or a dash: `(first, last)`.
fn source_after_dash(words: &Words, at: usize) -> Option<(usize, usize)> {
    let quote = |p: usize| words.kind(p) == Some(TokenKind::QuoteMark);
    let first = if quote(at) { at + 1 } else { at };
    let ends = |p: usize| {
        p >= words.len()
            || words.after_break[p]
            || words.punct_is(p, &[":", "-", "–", "—"])
            || quote(p)
    };
    let last =
        (first..first + 2).find(|&p| words.is_word(p) && !words.after_break[p] && ends(p + 1))?;
    (first..=last)
        .all(|p| words.is_word(p) && (p == first || !words.after_break[p]))
        .then_some((first, last))
}
