//! Person names that no list knows, and later mentions of names the rules found.
//!
//! - `rule:first-name`: a known given name and the family name after it (`يونس الحداوي`,
//!   `سالم بن علي البلوشي`);
//! - `rule:nationality+name`: a nationality adjective and a known given name after it
//!   (`المهاجم الكونغولي أرسين مبوكو`);
//! - `rule:repeat`: later mentions of a name a rule found (`أوشاكوف` after `يوري أوشاكوف`,
//!   `نبراس` after `شركة نبراس للتقنيات`).
//!
//! The word tests here (`is_name_word`, `is_family_name_word`) serve the other rules too.

use super::{normalized_text, Candidate, Claimed, Words};
use crate::lexicon::{Agreement, Lexicon, PhraseTable, WordSet};
use crate::span::Label;
use crate::tokenize::TokenKind;

/// The longest a name found by a rule may be, in words.
const MAX_NAME_WORDS: usize = 3;

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

/// Compass words, which place a name (`عقربا جنوب نابلس`, `العوجا شمال أريحا`) and are never
/// a part of an unknown one; `جنوب السودان` and `شمال أفريقيا` come from the lists.
const COMPASS_WORDS: WordSet = WordSet::new(&["شمال", "جنوب", "شرق", "غرب"]);

/// True for a word that can be part of a name the lists do not know.
pub(super) fn is_name_word(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
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
    // An imperfect verb in the singular (`يستحق`) unless a list knows it as a name (`يوسف`).
    let imperfect = text.starts_with('ي')
        && (4..=5).contains(&text.chars().count())
        && !lexicon.first_names.contains(text);
    text.chars().count() >= 2
        && !imperfect
        && !looks_like_verb(text)
        && !lexicon.function_words.contains(text)
        && !lexicon.common_words.contains(text)
        && !lexicon.verbs.contains_key(text)
        && !lexicon.titles.contains(text)
        && !lexicon.calendar.contains(text)
        && !lexicon.units.contains(text)
        && !lexicon.org_heads.contains_key(text)
        && !COMPASS_WORDS.contains(text)
        && !lexicon.verbs.contains_key(words.stem(at))
}

/// An unknown name of up to three words at `at`, ending before anything a list or rule knows.
pub(super) fn name_run(
    words: &Words,
    lexicon: &Lexicon,
    claimed: &Claimed,
    at: usize,
) -> (Option<usize>, Option<Candidate>) {
    // `لسمو ولي العهد`: a role after an honorific is the person's title, not their name.
    if words.longest_phrase(at, &lexicon.titles).is_some() {
        return (None, None);
    }
    let mut last = None;
    for next in at..at + MAX_NAME_WORDS {
        // A surname a list knows by itself ends a longer name: `سلام العاروري` is someone else
        // than the `العاروري` of the list.
        let listed_surname = next > at
            && claimed.at(next).is_some_and(|c| c.label == Label::Person && c.last == next);
        if listed_surname && !words.after_break[next] {
            last = Some(next);
            break;
        }
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

/// `أم محمد`, `أبو حسين`: a name after these is the person's own, not a complement.
pub(crate) const KUNYA: WordSet = WordSet::new(&["ام", "ابو", "ابا", "ابي"]);

/// A family-name word after a given name: a name word, or an unknown word with the article
/// (`الحداوي`), or `بن`/`أبو` joining the next name.
pub(super) fn is_family_name_word(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
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
    // `وائل فهمي حزنه`, `عائشة الظاهري روايتها`: a word with an attached pronoun (`ـه`, `ـها`,
    // `ـهم`) is the noun after the name, not a part of it. Names in `ـيه` are common
    // (`بلفقيه`), so that ending is let through, and with it `بلاعبيه`; so are words after `و`
    // (`وتغريمه`), which the model trims.
    let pronoun_suffix = !text.starts_with("ال")
        && !text.starts_with('و')
        && (text.ends_with('ه') && !text.ends_with("يه")
            || ["ها", "هم", "هما"].iter().any(|suffix| text.ends_with(suffix)))
        && text.chars().count() >= 4
        && !lexicon.name_words.contains(text)
        && !lexicon.first_names.contains(text);
    !feminine_noun
        && !pronoun_suffix
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
    // A definite word does not take a name as its adjective: `للشركة`, and `والري` once its
    // proclitic is set aside (`وزير المياه والري سامر الحياري`).
    let text = words.text(before);
    let definite =
        text.starts_with("ال") || text.starts_with("لل") || words.stem(before).starts_with("ال");
    words.kind(before) == Some(TokenKind::Word)
        && !words.after_break[at]
        && !definite
        && (text.ends_with('ة') || text.ends_with('ي'))
        && !lexicon.titles.contains(text)
        && !lexicon.function_words.contains(text)
        && !lexicon.verbs.contains_key(words.stem(before))
        && !lexicon.first_names.contains(text)
}

/// A nisba with the article right after a known given name is a family name even when it is
/// also a common adjective: `ريم الشهري`, `محمد المصري`.
fn is_nisba(words: &Words, lexicon: &Lexicon, at: usize) -> bool {
    let text = words.text(at);
    words.kind(at) == Some(TokenKind::Word)
        && words.stem(at) == text
        && text.starts_with("ال")
        && text.ends_with('ي')
        && text.chars().count() >= 5
        && !lexicon.function_words.contains(text)
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
        // A one-word nationality is a family name here (`سالم بن علي البلوشي`), and so is a
        // surname a list knows by itself (`عبد الرحيم الزياني`).
        let free = |p: usize| {
            !covered(p)
                || claimed.at(p).is_some_and(|c| {
                    matches!(c.label, Label::Nationality | Label::Person) && c.last == p
                })
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
                || (next == given_last + 1 && is_nisba(words, lexicon, next))
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

/// One bit of 64 for the last byte of a word, the same for every way the word is read: a
/// reading only sets a proclitic aside or puts an alef in front, and keeps at least a letter of
/// the word. An empty word has every bit, so that it is never passed over.
fn ending_bit(word: &str) -> u64 {
    word.as_bytes().last().map_or(u64::MAX, |&last| 1 << (last & 63))
}

/// Later mentions of names that rules found: the full name anywhere, and for persons the last
/// word alone.
pub fn repeated_names(words: &Words, lexicon: &Lexicon, kept: &[Candidate]) -> Vec<Candidate> {
    // A table, not a map: most positions open no known name, and its first tokens and prefixes
    // say so before a key is built.
    let mut known: PhraseTable<Label> = PhraseTable::default();
    // The last bytes the first words of the known names end with (see [`ending_bit`]): a word
    // that ends otherwise opens none of them, whichever way it is read, and is passed over
    // without a lookup.
    let mut endings = 0u64;
    let mut add = |key: String, label: Label| {
        endings |= key.split(' ').next().map_or(u64::MAX, ending_bit);
        known.insert_joined(key, label);
    };
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
            if last_word.chars().count() >= 3 && !lexicon.common_words.contains(last_word.as_str())
            {
                add(last_word, Label::Person);
            }
            // `لكن عبد الرزاق يرد` after `عبد الرزاق الفرجاني`: a compound given name alone is the
            // same person. A one-word given name (`محمد`) is shared by too many people to say so.
            let given = words.longest_phrase(candidate.first, &lexicon.first_names);
            if let Some((given_last, 0, _)) = given.filter(|&(given_last, _, _)| {
                given_last > candidate.first && given_last < candidate.last
            }) {
                let given_name = (candidate.first..=given_last)
                    .map(|p| words.text(p))
                    .collect::<Vec<_>>()
                    .join(" ");
                add(given_name, Label::Person);
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
                add(words.text(proper).to_string(), Label::Organization);
            }
        }
        add(full, candidate.label);
    }
    if known.is_empty() {
        return Vec::new();
    }
    let claimed = Claimed::new(kept, words.len());
    let covered = |at: usize| claimed.covers(at);
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if covered(at) {
            at += 1;
            continue;
        }
        if ending_bit(words.text(at)) & endings == 0 {
            at += 1;
            continue;
        }
        let hit = words.longest_phrase(at, &known);
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
