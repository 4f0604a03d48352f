//! Finding quotes of each kind: marked quotes (direct or partial), colon quotes (after a cue,
//! or after a name opening a headline) and indirect quotes (a cue, a complementizer, the clause).

use super::indirect::DOCUMENTS;
use super::marks;
use super::mentions::Mention;
use super::{Cue, Finder, Found};

use crate::lexicon::{Agreement, MarkerKind, WordSet};
use crate::span::QuoteKind;
use crate::tokenize::TokenKind;

/// True for a word before a quotation mark that makes the quoted words a title, not speech. A
/// `match` rather than a list searched in turn: it compiles to a switch on the length and a few
/// word compares, where each entry of a list cost a call comparing bytes.
fn is_listed_title(word: &str) -> bool {
    matches!(
        word,
        "كتاب"
            | "كتابه"
            | "رواية"
            | "روايته"
            | "فيلم"
            | "فيلمه"
            | "برنامج"
            | "مسلسل"
            | "اغنية"
            | "مسرحية"
            | "ديوان"
            | "قصيدة"
            | "مقال"
            | "مقالا"
            | "عنوان"
            | "بعنوان"
            | "شعار"
            | "وسم"
            | "هاشتاغ"
            | "هاشتاج"
            | "عملية"
            | "معاهدة"
            | "اتفاقية"
            | "مبادرة"
            | "حملة"
            | "مشروع"
            | "منصة"
            | "تطبيق"
            | "مهرجان"
            | "معرض"
            | "جائزة"
            | "مؤتمر"
            | "قمة"
            | "منتدى"
            | "تحت"
            | "مجموعة"
            | "موسوعة"
            | "مجلة"
            | "قناة"
    )
}

/// True for a title word, also with a possessive suffix (`روايتها`, `كتابه`, `فيلمهم`).
fn is_title_word(word: &str) -> bool {
    if is_listed_title(word) {
        return true;
    }
    let bare = ["هما", "هم", "ها", "ه", "ي"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    // Before a suffix, a final `ة` is written `ت` (`روايتها`); few words get this far.
    match bare.strip_suffix('ت') {
        Some(stem) if bare != word => is_listed_title(&format!("{stem}ة")),
        _ => is_listed_title(bare),
    }
}

/// Words allowed between a cue and an opening mark in a direct quote besides the speaker and the
/// addressee: `وقالت الحكومة في بيان "..."`.
const ATTRIBUTION_FILLERS: WordSet = WordSet::new(&[
    "في",
    "بيان",
    "بيانا",
    "تصريح",
    "تصريحات",
    "كلمة",
    "مؤتمر",
    "صحفي",
    "ايضا",
    "كذلك",
    "مجددا",
    "اليوم",
    "امس",
    "له",
    "لها",
    "لهم",
    "للصحفيين",
    "للصحافيين",
    "الصحفيين",
    "،",
    ",",
    "خلال",
    "تغريدة",
    "منشور",
    "مقابلة",
    "حديث",
    "رسالة",
    "عبر",
    "على",
    "حسابه",
    "حسابها",
    "مع",
]);

/// Words after which `بـ"..."` gives a name, not a quotation.
const NAMING: WordSet = WordSet::new(&[
    "الملقب",
    "الملقبة",
    "المعروف",
    "المعروفة",
    "اعلاميا",
    "المسمي",
    "المسماة",
    "يسمي",
    "تسمي",
    "يعرف",
    "تعرف",
]);

/// The most word positions a colon or indirect quote runs over: a long paragraph. Unpunctuated
/// text would otherwise make every clause run to the end of the text.
pub(super) const MAX_QUOTE_WORDS: usize = 250;

impl Finder<'_, '_, '_> {
    /// Marked quotes: direct when the marks hold a whole utterance after a cue and its speaker, a
    /// colon, or a paragraph start; partial when they sit inside a sentence.
    pub(super) fn marked(&self, marked: &[marks::Marked]) -> Vec<Found> {
        let mut found = Vec::new();
        for mark in marked {
            let Some((first, last)) = self.trimmed(mark.open + 1, mark.close.saturating_sub(1))
            else {
                continue;
            };
            if self.is_name_in_marks(mark) {
                continue;
            }
            let before = mark.open.checked_sub(1);
            let after_colon = before.is_some_and(|b| self.words.punct_is(b, &[":"]));
            let opens_paragraph = self.words.after_break[mark.open];
            let cue = self.cue_before(if after_colon { mark.open - 1 } else { mark.open }, 60);
            let (kind, cue, source) = match cue {
                Some(cue) if after_colon || self.attribution_only(cue.at, mark.open) => {
                    (QuoteKind::Direct, Some(cue), "quote:marks")
                }
                Some(cue) => (QuoteKind::Partial, Some(cue), "quote:marks"),
                None => match self.cue_after(mark.close) {
                    Some(cue) => (QuoteKind::Direct, Some(cue), "quote:marks-after"),
                    None if opens_paragraph || after_colon => {
                        (QuoteKind::Direct, None, "quote:marks")
                    }
                    None => (QuoteKind::Partial, None, "quote:marks"),
                },
            };
            // `"..."، على حد تعبير أحد المصادر`: a source named right after the marks is who said
            // them, whatever verb came before.
            let (cue, source) = match self.source_after(mark.close) {
                Some(after) => (Some(after), "quote:marks-after"),
                None => (cue, source),
            };
            let continues = cue.is_none() && (opens_paragraph || after_colon);
            // `غوتيريش أمام مجلس الأمن: "..."`: a headline names its speaker before the colon.
            let headline_speaker = if cue.is_none() && after_colon {
                self.headline_speaker(mark.open - 1)
            } else {
                None
            };
            found.push(Found {
                start: first,
                last,
                kind,
                cue,
                source,
                headline_speaker,
                continues,
            });
        }
        found
    }

    /// True when everything between a cue and an opening mark is attribution: the speaker, the
    /// addressee, dates and fillers such as `في بيان`.
    pub(super) fn attribution_only(&self, cue: usize, open: usize) -> bool {
        (cue + 1..open).all(|at| {
            self.entity_at(at).is_some()
                || self.role_at(at).is_some()
                || self.role_over(at).is_some()
                || ATTRIBUTION_FILLERS.contains(self.words.text(at))
                || ATTRIBUTION_FILLERS.contains(self.words.stem(at))
                || self.lexicon.markers.contains(self.words.stem(at))
                || (self.words.text(at).starts_with("ال") && self.entity_at(at + 1).is_some())
        })
    }

    /// Attribution after a quote: `"..."، قال X` or `"..." قال X`.
    pub(super) fn cue_after(&self, close: usize) -> Option<Cue> {
        let mut at = close + 1;
        if self.words.punct_is(at, &["،", ","]) {
            at += 1;
        }
        let (skip, verb) = self.verb_at(at)?;
        if self.words.after_break.get(at).copied().unwrap_or(true) {
            return None;
        }
        let limit = (at + 1..self.words.len().min(at + 8))
            .find(|&p| !self.same_sentence(p, at) || self.words.punct_is(p, &["،", ",", "."]))
            .unwrap_or(self.words.len().min(at + 8));
        Some(Cue { at, skip, verb: Some(verb), limit, marker: None })
    }

    /// A source marker right after closing marks (`"..."، على حد تعبير X`, `"..."، بحسب X`).
    fn source_after(&self, close: usize) -> Option<Cue> {
        let mut at = close + 1;
        if self.words.punct_is(at, &["،", ","]) {
            at += 1;
        }
        let (last, skip, kind) = self.words.longest_phrase(at, &self.lexicon.markers)?;
        // `"..."، بحسب ما نقلته عنها وكالة الأنباء`: the agency relays the one the pronoun
        // points to, who was named before the marks.
        let relayed = (at..=last + 1).any(|p| self.words.text(p) == "ما")
            && (last + 1..last + 5)
                .any(|p| ["عنه", "عنها", "عنهم", "عنهما"].contains(&self.words.text(p)));
        if relayed {
            return None;
        }
        let limit = (last + 1..self.words.len().min(last + 8))
            .find(|&p| !self.same_sentence(p, at) || self.words.punct_is(p, &["،", ","]))
            .unwrap_or(self.words.len().min(last + 8));
        (kind == MarkerKind::SourceBefore && !self.words.after_break[at]).then_some(Cue {
            at,
            skip,
            verb: None,
            limit,
            marker: Some(kind),
        })
    }

    /// Colon quotes: after a cue (`وأضاف: ...`) or after a name opening a line (`بوتين: ...`).
    pub(super) fn colons(&self, marked: &[marks::Marked]) -> Vec<Found> {
        let mut found = Vec::new();
        for colon in (0..self.words.len()).filter(|&at| self.words.punct_is(at, &[":"])) {
            let clock = colon > 0
                && self.words.kind(colon - 1) == Some(TokenKind::Number)
                && self.words.kind(colon + 1) == Some(TokenKind::Number);
            if clock
                || self.words.kind(colon + 1) == Some(TokenKind::QuoteMark)
                || marks::enclosing(marked, colon).is_some()
            {
                continue;
            }
            let cue = self.cue_before(colon, 14);
            let headline = self.headline_speaker(colon).filter(|_| !self.is_dateline(colon));
            if cue.is_none() && headline.is_none() {
                continue;
            }
            // To the end of the line (headline) or sentence (after a cue), never past another
            // colon nor further than a long paragraph.
            let end = (colon + 1..=self.words.len().min(colon + 1 + MAX_QUOTE_WORDS))
                .find(|&at| {
                    at == self.words.len()
                        || at == colon + 1 + MAX_QUOTE_WORDS
                        || self.words.after_break[at]
                        || self.words.punct_is(at, &[":"])
                        || (cue.is_some() && !self.same_sentence(at, colon + 1))
                })
                .unwrap_or(self.words.len());
            let Some((first, last)) = self.trimmed(colon + 1, end.saturating_sub(1)) else {
                continue;
            };
            if self.word_count(first, last) < 3 {
                continue;
            }
            let (cue, source) = match cue {
                Some(cue) => (Some(cue), "quote:colon"),
                None => (
                    Some(Cue { at: colon, skip: 0, verb: None, limit: colon, marker: None }),
                    "quote:headline-colon",
                ),
            };
            found.push(Found {
                start: first,
                last,
                kind: QuoteKind::Colon,
                cue,
                source,
                headline_speaker: headline,
                continues: false,
            });
        }
        found
    }

    /// `الكويت - كونا:`, `بغداد/ واع:`: a place and an agency before a colon open the story; the
    /// agency is not speaking.
    fn is_dateline(&self, colon: usize) -> bool {
        let Some(start) =
            (colon.saturating_sub(6)..colon).rev().find(|&p| self.words.after_break[p] || p == 0)
        else {
            return false;
        };
        (start..colon).any(|p| self.words.punct_is(p, &["-", "/", "–"]))
    }

    /// The mention that opens a line and ends right before a colon, for `بوتين: ...` and
    /// `وزير المالية: ...`: a person, an organization or a role.
    pub(super) fn headline_speaker(&self, colon: usize) -> Option<usize> {
        // The segment before the colon: from the line start or a `..`/`.` break, at most six
        // words (`غوتيريش أمام مجلس الأمن:`, `الانتخابات في السنغال.. سونكو:`).
        let start = (colon.saturating_sub(7)..colon).rev().find(|&p| {
            self.words.after_break[p] || (p > 0 && self.words.punct_is(p - 1, &[".", "؟", "!"]))
        })?;
        let mut at = start;
        while at < colon {
            if let Some(role) = self.role_at(at).map(|r| &self.analysis.roles[r]) {
                return Some(role.first);
            }
            if let Some(entity) = self.entity_at(at) {
                let (first, last) = self.analysis.positions[entity];
                let label = self.analysis.entities[entity].label;
                let speaks =
                    matches!(label, crate::span::Label::Person | crate::span::Label::Organization);
                if first == at && speaks {
                    return Some(first);
                }
                at = last + 1;
                continue;
            }
            // `ومحتجون: "لن نعود"`: a group right before the colon.
            if at + 1 == colon && self.group_noun_at(at).is_some() {
                return Some(at);
            }
            // `مصدر دبلوماسي: ...`, `تقرير: ...`: an unnamed source or a document opening the
            // headline right before the colon (a place or a label such as `عاجل:` is no speaker).
            if at == start && self.headline_source(at).is_some_and(|m| m.last + 1 == colon) {
                return Some(at);
            }
            at += 1;
        }
        None
    }

    /// An unnamed source (`مصادر`, `مصدر دبلوماسي`) or a document (`تقرير`, `دراسة أممية`) at
    /// `at`, as a headline's speaker. Headlines name them without the article: `المصدر:` credits
    /// where a text comes from.
    pub(super) fn headline_source(&self, at: usize) -> Option<Mention> {
        let stem = self.words.stem(at);
        if stem.starts_with("ال") {
            return None;
        }
        if DOCUMENTS.contains(stem) {
            let last = self.modified(at);
            return Some(self.unnamed(at, self.proclitic(at), last, Agreement::Unknown));
        }
        let (_, _, kind) = self.words.longest_phrase(at, &self.lexicon.markers)?;
        (kind == MarkerKind::UnnamedSource).then(|| self.mention_at(at)).flatten()
    }

    /// True for marks around something other than speech: fewer than two words (`"الفاشية"`,
    /// `لـ"الشروق"`), a hashtag, a title (`رواية "..."`, `حملة "صيف بلا كوليرا"`), a name opening
    /// a headline (`"سنابل الوطنية" ترفع`), a short name after a preposition
    /// (`في "الجزيرة كابيتال"`) or a code with a hyphen (`"نبراس-2"`).
    pub(super) fn is_name_in_marks(&self, mark: &marks::Marked) -> bool {
        match self.names_in_marks.get(mark.open) {
            Some(cell) => *cell.get_or_init(|| self.read_name_in_marks(mark)),
            None => self.read_name_in_marks(mark),
        }
    }

    /// Reads whether marks hold a name, for [`Finder::is_name_in_marks`]'s table.
    fn read_name_in_marks(&self, mark: &marks::Marked) -> bool {
        let Some((first, last)) = self.trimmed(mark.open + 1, mark.close.saturating_sub(1)) else {
            return true;
        };
        // Only up to four words matter here: a long quote need not be counted to its end.
        let words = (first..=last).filter(|&at| self.words.is_word(at)).take(4).count();
        if first > last || words < 2 || self.words.text(first).starts_with('#') {
            return true;
        }
        let before = mark.open.checked_sub(1);
        // A title after `رواية`, `روايتها`, or two words on (`مجموعتها القصصية "..."`).
        let titled = [before, before.and_then(|b| b.checked_sub(1))]
            .into_iter()
            .flatten()
            .any(|b| is_title_word(self.words.stem(b)));
        let headline_name = self.words.after_break[mark.open]
            && words <= 3
            && self.words.is_word(mark.close + 1)
            && !self.words.after_break[(mark.close + 1).min(self.words.len() - 1)];
        // Not after `إلى`/`على`, which often take a quoted verbal noun: `إلى "معارضة التدخل"`.
        // After a speech verb's own preposition it is speech: `حذر من "مخاطر الاحتيال"`.
        let after_preposition = before.is_some_and(|b| {
            ["في", "من", "عن", "مع", "لدي"].contains(&self.words.text(b))
                && b.checked_sub(1).is_none_or(|v| self.verb_at(v).is_none())
        });
        // `لـ"المصري اليوم"`: a short name for the outlet spoken to; `الملقب بـ"الصاروخ"`,
        // `المعروفة إعلاميا بـ"أراضي الشرق"`: a name given.
        let after_lam = before.is_some_and(|b| self.words.text(b) == "ل");
        let named = before.is_some_and(|b| {
            self.words.text(b) == "ب"
                && b.checked_sub(1).is_some_and(|n| NAMING.contains(self.words.stem(n)))
        });
        // `"نبراس-2"`, `"إف-35"`: a model or product code, written with no space.
        let quoted = self.words.span(first, 0, last).slice(self.words.tokens.original);
        let code = !quoted.contains(char::is_whitespace) && quoted.contains('-');
        titled || headline_name || code || ((after_preposition || after_lam || named) && words <= 3)
    }
}
