//! Finding quotes of each kind: marked quotes (direct or partial), colon quotes (after a cue,
//! or after a name opening a headline) and indirect quotes (a cue, a complementizer, the clause).

use super::marks;
use super::{Cue, Finder, Found};
use crate::lexicon::{MarkerKind, SpeechVerb};
use crate::span::QuoteKind;
use crate::tokenize::TokenKind;

/// Words before a quotation mark that make the quoted words a title, not speech.
const TITLE_WORDS: &[&str] = &[
    "كتاب",
    "كتابه",
    "رواية",
    "روايته",
    "فيلم",
    "فيلمه",
    "برنامج",
    "مسلسل",
    "اغنية",
    "مسرحية",
    "ديوان",
    "قصيدة",
    "مقال",
    "مقالا",
    "عنوان",
    "بعنوان",
    "شعار",
    "وسم",
    "هاشتاغ",
    "هاشتاج",
    "عملية",
    "معاهدة",
    "اتفاقية",
    "مبادرة",
    "حملة",
    "مشروع",
    "منصة",
    "تطبيق",
    "مهرجان",
    "معرض",
    "جائزة",
    "مؤتمر",
    "قمة",
    "منتدى",
    "تحت",
    "مجموعة",
    "موسوعة",
    "مجلة",
    "قناة",
];

/// True for a title word, also with a possessive suffix (`روايتها`, `كتابه`, `فيلمهم`).
fn is_title_word(word: &str) -> bool {
    let bare = ["هما", "هم", "ها", "ه", "ي"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    let bare = match bare.strip_suffix('ت') {
        Some(stem) if bare != word => format!("{stem}ة"),
        _ => bare.to_string(),
    };
    TITLE_WORDS.contains(&word) || TITLE_WORDS.contains(&bare.as_str())
}

/// Words allowed between a cue and an opening mark in a direct quote besides the speaker and the
/// addressee: `وقالت الحكومة في بيان "..."`.
const ATTRIBUTION_FILLERS: &[&str] = &[
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
];

/// Documents that speak after `جاء في`/`ورد في` (`جاء في التقرير أن`, `نص الحكم`).
const DOCUMENTS: &[&str] = &[
    "تقرير",
    "التقرير",
    "تقارير",
    "نص",
    "حيثيات",
    "قرار",
    "القرار",
    "الحكم",
    "وثيقة",
    "الوثيقة",
    "دراسة",
    "الدراسة",
    "مذكرة",
    "المذكرة",
    "الرسالة",
    "البيان",
];

/// Words after which `بـ"..."` gives a name, not a quotation.
const NAMING: &[&str] = &[
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
];

/// Words that open a new clause after a comma, ending a reported clause: `، فيما ...`.
const CLAUSE_BREAKS: &[&str] = &["غير", "الا"];

/// The most word positions a colon or indirect quote runs over: a long paragraph. Unpunctuated
/// text would otherwise make every clause run to the end of the text.
const MAX_QUOTE_WORDS: usize = 250;

/// An adverbial active participle (`متهما`, `مؤكدا`): `م` + stem + the accusative alef. After a
/// comma it opens a new clause even when the verb is not a speech verb.
fn looks_like_participle(word: &str) -> bool {
    let letters = word.chars().count();
    word.starts_with('م') && word.ends_with('ا') && (5..=8).contains(&letters)
}

/// Source markers whose lam is written on the next word: `وفقا لهيئة`, `طبقا للبيان`.
const SOURCE_BEFORE_LAM: &[&str] = &["وفقا", "طبقا", "استنادا"];

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
            self.entity_at[at].is_some()
                || self.role_at[at].is_some()
                || self.analysis.roles.iter().any(|r| r.first <= at && at <= r.last)
                || ATTRIBUTION_FILLERS.contains(&self.words.text(at))
                || ATTRIBUTION_FILLERS.contains(&self.words.stem(at))
                || self.lexicon.markers.contains(self.words.stem(at))
                || (self.words.text(at).starts_with("ال")
                    && self.entity_at.get(at + 1).copied().flatten().is_some())
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
            if let Some(role) = self.role_at[at].map(|r| &self.analysis.roles[r]) {
                return Some(role.first);
            }
            if let Some(entity) = self.entity_at[at] {
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
            at += 1;
        }
        None
    }

    /// Indirect quotes: a speech verb, within a few words a complementizer, and the clause after
    /// it up to the end of the sentence. A clause that holds quotation marks is left to the
    /// marked quote, unless the marks close a quote the clause sits in.
    pub(super) fn indirect(&self, marked: &[marks::Marked]) -> Vec<Found> {
        let mut found = Vec::new();
        let mut taken_clauses = Vec::new();
        for at in 0..self.words.len() {
            let Some((skip, verb, marker, search_from)) = self.indirect_cue(at) else { continue };
            let opens_clause = |p: usize| match marker {
                Some(MarkerKind::SourceBefore) => self.words.text(p) == "فان",
                _ => self.is_complementizer(p),
            };
            // The attribution zone may be long (`قال X، في تصريح لـ"الشروق" اليوم، إن`): up to
            // thirty positions in the sentence, past one-word quoted names, not past a colon or
            // a quotation of two words or more.
            let mut comp = None;
            let mut p = search_from;
            while p < (at + 30).min(self.words.len()) && self.same_sentence(p, at) {
                if self.words.kind(p) == Some(TokenKind::QuoteMark) {
                    match marks::opening_at(marked, p).filter(|m| self.is_name_in_marks(m)) {
                        Some(scare) => {
                            p = scare.close + 1;
                            continue;
                        }
                        None => break,
                    }
                }
                if self.words.punct_is(p, &[":", "؛"]) {
                    break;
                }
                if opens_clause(p) {
                    comp = Some(p);
                    break;
                }
                p += 1;
            }
            let Some(comp) = comp else { continue };
            // The cue nearest to the complementizer claims it: `أعربوا ...، وأشاروا إلى أن`. Only
            // a cue that could open this clause counts: `بحسب مسؤول طلب عدم الكشف ...، فإن`
            // stays with `بحسب`, since a verb does not take `فإن`.
            let nearer = (at + 1..comp).any(|p| {
                self.indirect_cue(p).is_some_and(|(_, _, other, _)| {
                    (other == Some(MarkerKind::SourceBefore))
                        == (marker == Some(MarkerKind::SourceBefore))
                })
            });
            if taken_clauses.contains(&comp) || nearer || self.is_impersonal(at) {
                // `يذكر أن`, `يشار إلى أن` at the head of a sentence are impersonal, not speech.
                continue;
            }
            let cue = Cue { at, skip, verb, limit: comp, marker };
            // `جاء في الحكم أن ...، وأن ...`: a clause joined by `وأن` has the same cue.
            let mut next = Some(comp);
            while let Some(comp) = next.take() {
                taken_clauses.push(comp);
                let (clause, end) = self.reported_clause(marked, comp);
                if let Some(found_clause) = clause {
                    found.push(Found { cue: Some(cue), ..found_clause });
                }
                let joined = self.words.punct_is(end, &["،", ","])
                    && self.is_complementizer(end + 1)
                    && self.words.text(end + 1).starts_with('و');
                if joined {
                    next = Some(end + 1);
                }
            }
        }
        found
    }

    /// The reported clause after the complementizer at `comp`, up to the end of the sentence or
    /// the next clause, with the position where it stops. None when it is too short or its marks
    /// make it a marked quote instead.
    fn reported_clause(&self, marked: &[marks::Marked], comp: usize) -> (Option<Found>, usize) {
        let container = marks::enclosing(marked, comp);
        let mut end = comp + 1;
        let mut blocked = false;
        while end < self.words.len().min(comp + 1 + MAX_QUOTE_WORDS)
            && self.same_sentence(end, comp)
            && !self.words.punct_is(end, &[":", "؛"])
        {
            if self.words.kind(end) == Some(TokenKind::QuoteMark) {
                // A one-word scare quote (`ضد "الفاشية"`) is part of the clause.
                let scare = marks::opening_at(marked, end).filter(|m| self.is_name_in_marks(m));
                if let Some(scare) = scare {
                    end = scare.close + 1;
                    continue;
                }
                blocked = container.is_none_or(|m| m.close != end);
                if blocked {
                    // `أن المتهم "..."، وأن ...`: the marks' quote ends where the next clause may
                    // begin.
                    end = marks::opening_at(marked, end).map_or(end, |m| m.close + 1);
                }
                break;
            }
            // `وقال` with no comma before it also opens a new sentence of its own.
            if end > comp + 1
                && self.verb_at(end).is_some_and(|(skip, v)| skip > 0 && !v.participle)
            {
                break;
            }
            // `، مضيفا أن`, `، وأن`, `، وشدد` and `، فيما` open the next clause.
            let next_clause = self
                .verb_at(end + 1)
                .is_some_and(|(skip, v)| v.participle || skip > 0)
                || looks_like_participle(self.words.text(end + 1))
                || (self.is_complementizer(end + 1) && self.words.text(end + 1).starts_with('و'))
                || CLAUSE_BREAKS.contains(&self.words.text(end + 1))
                || self.opens_with_fa(end + 1);
            if self.words.punct_is(end, &["،", ","]) && next_clause {
                break;
            }
            end += 1;
        }
        if blocked {
            return (None, end);
        }
        let clause = self
            .trimmed(comp + 1, end.saturating_sub(1))
            .filter(|&(first, last)| self.word_count(first, last) >= 2);
        let found = clause.map(|(first, last)| Found {
            start: first,
            last,
            kind: QuoteKind::Indirect,
            cue: None,
            source: "quote:indirect",
            headline_speaker: None,
            continues: false,
        });
        (found, end)
    }

    /// A word with the conjunction `ف` (`فالحكايات`): after a comma it starts a clause of the
    /// writer's own.
    fn opens_with_fa(&self, at: usize) -> bool {
        let text = self.words.text(at);
        text.starts_with('ف') && self.words.stem(at) != text
    }

    /// True for marks around something other than speech: fewer than two words (`"الفاشية"`,
    /// `لـ"الشروق"`), a hashtag, a title (`رواية "..."`, `حملة "صيف بلا كوليرا"`), a name opening
    /// a headline (`"سنابل الوطنية" ترفع`) or a short name after a preposition
    /// (`في "الجزيرة كابيتال"`).
    pub(super) fn is_name_in_marks(&self, mark: &marks::Marked) -> bool {
        let Some((first, last)) = self.trimmed(mark.open + 1, mark.close.saturating_sub(1)) else {
            return true;
        };
        let words = self.word_count(first, last);
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
                && b.checked_sub(1).is_some_and(|n| NAMING.contains(&self.words.stem(n)))
        });
        titled || headline_name || ((after_preposition || after_lam || named) && words <= 3)
    }

    /// A cue of indirect speech at `at`: a speech verb, a source marker (`بحسب X فإن`,
    /// `وفقا ل X`), or a statement after `في` (`جاء في بيان مشترك أن`). Returns the proclitic
    /// bytes, the verb, the marker and where to look for the complementizer.
    pub(super) fn indirect_cue(
        &self,
        at: usize,
    ) -> Option<(usize, Option<SpeechVerb>, Option<MarkerKind>, usize)> {
        if let Some((skip, verb)) = self.verb_at(at) {
            return Some((skip, Some(verb), None, at + 1));
        }
        // `وفقا لهيئة ...، فإن`: the lam of a listed `وفقا ل` is joined to the next word.
        if SOURCE_BEFORE_LAM.contains(&self.words.stem(at))
            && self.words.text(at + 1).starts_with('ل')
        {
            let skip = self.words.text(at).len() - self.words.stem(at).len();
            return Some((skip, None, Some(MarkerKind::SourceBefore), at + 1));
        }
        if let Some((skip, last)) = self.statement_after_in(at) {
            return Some((skip, None, Some(MarkerKind::Statement), last + 1));
        }
        let markers = &self.lexicon.markers;
        let (last, skip, kind) = self.words.longest_phrase(at, markers)?;
        (kind == MarkerKind::SourceBefore).then_some((skip, None, Some(kind), last + 1))
    }

    /// `جاء في بيان مشترك أن`, `ورد في التقرير أن`, `جاء في حيثيات الحكم`: a statement or a
    /// document after `في` is the cue when no speech verb in the sentence already is
    /// (`وقال X في تصريح لـY إن` is X speaking). Returns the proclitic bytes and its last position.
    pub(super) fn statement_after_in(&self, at: usize) -> Option<(usize, usize)> {
        if at == 0 || self.words.text(at - 1) != "في" {
            return None;
        }
        let (skip, last) = match self.words.longest_phrase(at, &self.lexicon.markers) {
            Some((last, skip, MarkerKind::Statement)) => (skip, last),
            _ if DOCUMENTS.contains(&self.words.stem(at)) => (self.proclitic(at), at),
            _ => return None,
        };
        let verb_before = (at.saturating_sub(40)..at)
            .filter(|&p| self.same_sentence(p, at))
            .any(|p| self.verb_at(p).is_some());
        (!verb_before).then_some((skip, last))
    }
}
