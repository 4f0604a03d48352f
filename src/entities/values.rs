//! Values: dates, times, sums of money and percentages, by rules over word positions.
//!
//! Examples, one per rule, are checked by `values_rules_find_their_examples` in the tests:
//! `الجمعة 9 فبراير`, `8 فبراير/شباط 2022`, `مارس 2023`, `عام 2023`, `04/02/2026`,
//! `اليوم الجمعة`, `العام المقبل`, `8th, February 2024`, `مساء اليوم`, `الساعة 10:30`,
//! `227.7 مليار دولار`, `$5 مليون`, `30%`, `12 في المئة`.

use super::{Candidate, Words};
use crate::lexicon::{CalendarWord, Lexicon, UnitWord, WordSet};
use crate::span::Label;
use crate::tokenize::TokenKind;

/// Every value found, left to right, longest at each position.
pub fn find(words: &Words, lexicon: &Lexicon) -> Vec<Candidate> {
    let rules = Rules::new(words, lexicon);
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if !rules.may_start(at) {
            at += 1;
            continue;
        }
        let best = [
            rules.percent(at).map(|(last, skip)| (last, skip, Label::Percent, "rule:percent")),
            rules.money(at).map(|(last, skip)| (last, skip, Label::Money, "rule:money")),
            rules.date(at).map(|(last, skip)| (last, skip, Label::Date, "rule:date")),
            rules.time(at).map(|(last, skip)| (last, skip, Label::Time, "rule:time")),
        ]
        .into_iter()
        .flatten()
        .max_by_key(|&(last, ..)| last);
        match best {
            Some((last, skip, label, source)) => {
                found.push(Candidate { first: at, last, skip, label, entry: None, source });
                at = last + 1;
            }
            None => at += 1,
        }
    }
    found
}

/// Period words that take a year (`عام 2023`) rather than lead a date (`نهاية`).
const YEAR_WORDS: WordSet = WordSet::new(&["عام", "العام", "سنة", "السنة", "شهر"]);

/// Bare period nouns after a lead word: `مطلع العام`, `نهاية الشهر`.
const PERIOD_NOUNS: WordSet =
    WordSet::new(&["العام", "الشهر", "الاسبوع", "السنة", "القرن", "العقد"]);

/// Words after a weekday or month that belong to the date: `الثلاثاء المقبل`, `مارس الماضي`.
const MODIFIERS: WordSet =
    WordSet::new(&["الماضي", "المقبل", "القادم", "الجاري", "الحالي", "المنصرم"]);

/// Month names that are also common words (`مارس` "practised", `اب` "father"), dates alone
/// only with a lead word or a modifier.
const AMBIGUOUS_MONTHS: WordSet = WordSet::new(&["مارس", "ماي", "اب", "نيسان", "جوان", "يونيه"]);

struct Rules<'r, 't, 'a> {
    words: &'r Words<'t, 'a>,
    /// The longest calendar phrase at each position: the rules ask about one position many
    /// times, so each is looked up once.
    calendar: Vec<Option<(usize, usize, CalendarWord)>>,
    /// The longest unit phrase at each position.
    units: Vec<Option<(usize, usize, UnitWord)>>,
    /// The value of the number at each position.
    numbers: Vec<Option<f64>>,
}

impl<'r, 't, 'a> Rules<'r, 't, 'a> {
    fn new(words: &'r Words<'t, 'a>, lexicon: &'r Lexicon) -> Self {
        let calendar = (0..words.len()).map(|at| words.longest_phrase(at, &lexicon.calendar));
        let units = (0..words.len()).map(|at| words.longest_phrase(at, &lexicon.units));
        let numbers = (0..words.len()).map(|at| {
            let number = words.kind(at) == Some(TokenKind::Number);
            // Most numbers have no thousands separator to take out, and need no copy.
            let value = |text: &str| {
                if text.contains(',') {
                    text.replace(',', "").parse().ok()
                } else {
                    text.parse().ok()
                }
            };
            number.then(|| value(words.text(at))).flatten()
        });
        Rules {
            words,
            calendar: calendar.collect(),
            units: units.collect(),
            numbers: numbers.collect(),
        }
    }

    /// False where no rule can start: every value opens with a number, a calendar or unit
    /// phrase, or `يوم` or `الساعة` (see the rules below), and most words are none of them.
    fn may_start(&self, at: usize) -> bool {
        self.number(at).is_some()
            || self.calendar.get(at).is_some_and(Option::is_some)
            || self.units.get(at).is_some_and(Option::is_some)
            || matches!(self.words.stem(at), "يوم" | "الساعة")
    }

    fn number(&self, at: usize) -> Option<f64> {
        self.numbers.get(at).copied().flatten()
    }

    fn punct(&self, at: usize, marks: &[&str]) -> bool {
        self.words.punct_is(at, marks)
    }

    /// A phrase of the calendar of the given kind at `at`: `(last, skip)`.
    fn calendar(&self, at: usize, kind: CalendarWord) -> Option<(usize, usize)> {
        match self.calendar.get(at).copied().flatten() {
            Some((last, skip, found)) if found == kind => Some((last, skip)),
            _ => None,
        }
    }

    fn unit(&self, at: usize, kind: UnitWord) -> Option<(usize, usize)> {
        match self.units.get(at).copied().flatten() {
            Some((last, skip, found)) if found == kind => Some((last, skip)),
            _ => None,
        }
    }

    fn percent(&self, at: usize) -> Option<(usize, usize)> {
        self.number(at)?;
        if self.punct(at + 1, &["%"]) {
            return Some((at + 1, 0));
        }
        self.unit(at + 1, UnitWord::Percent).map(|(last, _)| (last, 0))
    }

    /// `[symbol] number [scale...] currency`, `symbol number [scale...]`, or `scale currency`
    /// (`مليار يورو`). A symbol is a sign or a Latin code (`$`, `USD`), never an Arabic word, so
    /// that `بين ٥` is not read as yen.
    fn money(&self, at: usize) -> Option<(usize, usize)> {
        let sign = matches!(self.words.kind(at), Some(TokenKind::Punct | TokenKind::Latin));
        let symbol = self
            .unit(at, UnitWord::Currency)
            .filter(|&(last, _)| sign && self.number(last + 1).is_some());
        let number_at = symbol.map_or(at, |(last, _)| last + 1);
        let mut last = number_at;
        if self.number(number_at).is_none() {
            let (scale_last, skip) = self.unit(at, UnitWord::Scale)?;
            return match self.unit(scale_last + 1, UnitWord::Currency) {
                Some((currency_last, 0)) => Some((currency_last, skip)),
                _ => None,
            };
        }
        while let Some((scale_last, _)) = self.unit(last + 1, UnitWord::Scale) {
            last = scale_last;
        }
        match self.unit(last + 1, UnitWord::Currency) {
            Some((currency_last, 0)) => Some((currency_last, 0)),
            _ if symbol.is_some() => Some((last, 0)),
            _ => None,
        }
    }

    fn year(&self, at: usize) -> Option<usize> {
        let year = self.number(at)?;
        if !(1000.0..3000.0).contains(&year) || self.words.text(at).contains('.') {
            return None;
        }
        // An era marker (`م`, `هـ`) belongs to the date.
        Some(self.calendar(at + 1, CalendarWord::Era).map_or(at, |(last, _)| last))
    }

    fn day(&self, at: usize) -> bool {
        self.number(at)
            .is_some_and(|day| (1.0..=31.0).contains(&day) && !self.words.text(at).contains('.'))
    }

    /// A month name, with an alternative after a slash (`فبراير/شباط`): `(last, skip)`.
    fn month(&self, at: usize) -> Option<(usize, usize)> {
        let (mut last, skip) = self.calendar(at, CalendarWord::Month)?;
        if self.punct(last + 1, &["/"]) {
            if let Some((other, _)) = self.calendar(last + 2, CalendarWord::Month) {
                last = other;
            }
        }
        Some((last, skip))
    }

    /// `day month [,] [year]`, `month year`, `d/m/y`, English `8th, February 2024`.
    fn calendar_date(&self, at: usize) -> Option<(usize, usize)> {
        if self.day(at) {
            let mut next = at + 1;
            if self.words.kind(next) == Some(TokenKind::Latin)
                && ["st", "nd", "rd", "th"].contains(&self.words.text(next))
            {
                next += 1;
            }
            if self.punct(next, &[","]) {
                next += 1;
            }
            if let Some((month_last, 0)) = self.month(next) {
                let comma = usize::from(self.punct(month_last + 1, &[",", "،"]));
                return Some((self.year(month_last + 1 + comma).unwrap_or(month_last), 0));
            }
            if self.punct(at + 1, &["/", "-", "."])
                && self.day(at + 2)
                && self.punct(at + 3, &[self.words.text(at + 1)])
            {
                return self.year(at + 4).map(|last| (last, 0));
            }
        }
        // `2024-02-08`.
        let separated =
            self.punct(at + 1, &["-", "/"]) && self.punct(at + 3, &[self.words.text(at + 1)]);
        if separated && self.year(at).is_some() && self.day(at + 2) && self.day(at + 4) {
            return Some((at + 4, 0));
        }
        let (month_last, skip) = self.month(at)?;
        let comma = usize::from(self.punct(month_last + 1, &[","]));
        self.year(month_last + 1 + comma).map(|last| (last, skip))
    }

    /// `[مطلع|نهاية ...] [اليوم|أمس] [الجمعة] [9 فبراير 2024] [الماضي|المقبل]`: each part alone or
    /// chained; a lead word (`نهاية`) needs a date or a bare period noun (`العام`) after it.
    fn date(&self, at: usize) -> Option<(usize, usize)> {
        let lead = self
            .calendar(at, CalendarWord::PeriodWord)
            .filter(|_| !YEAR_WORDS.contains(self.words.stem(at)));
        let core_at = lead.map_or(at, |(last, _)| last + 1);
        let (mut last, core_skip) = match self.core_date(core_at, lead.is_some()) {
            Some(found) => found,
            None if lead.is_some() && PERIOD_NOUNS.contains(self.words.text(core_at)) => {
                (core_at, 0)
            }
            None => return None,
        };
        if MODIFIERS.contains(self.words.text(last + 1)) {
            last += 1;
        }
        Some((last, lead.map_or(core_skip, |(_, skip)| skip)))
    }

    fn core_date(&self, at: usize, led: bool) -> Option<(usize, usize)> {
        let mut start_skip = None;
        let mut last = None;
        if let Some((relative_last, skip)) = self.calendar(at, CalendarWord::Relative) {
            start_skip = Some(skip);
            last = Some(relative_last);
        } else if self.words.stem(at) == "يوم"
            && self.calendar(at + 1, CalendarWord::Weekday).is_some()
        {
            start_skip = Some(self.words.text(at).len() - "يوم".len());
            last = Some(at);
        }
        let weekday_at = last.map_or(at, |l| l + 1);
        if let Some((weekday_last, skip)) = self.calendar(weekday_at, CalendarWord::Weekday) {
            start_skip.get_or_insert(skip);
            last = Some(weekday_last);
        }
        let date_at = match last {
            Some(l) => l + 1 + usize::from(self.punct(l + 1, &[",", "،"]) && self.day(l + 2)),
            None => at,
        };
        if let Some((date_last, skip)) = self.calendar_date(date_at) {
            start_skip.get_or_insert(skip);
            last = Some(date_last);
        }
        if last.is_none() {
            if let Some((period_last, skip)) = self.calendar(at, CalendarWord::PeriodWord) {
                if let Some(year_last) = self.year(period_last + 1) {
                    return Some((year_last, skip));
                }
            }
            // A month by itself, when its name is not also a common word or it is clearly a
            // date (`نهاية يوليو/تموز`, `مارس الماضي`).
            if let Some((month_last, skip)) = self.month(at) {
                let clear = led
                    || MODIFIERS.contains(self.words.text(month_last + 1))
                    || (self.words.kind(at) == Some(TokenKind::Word)
                        && !AMBIGUOUS_MONTHS.contains(self.words.stem(at)));
                if clear {
                    return Some((month_last, skip));
                }
            }
        }
        Some((last?, start_skip.unwrap_or(0)))
    }

    /// `مساء اليوم`, `الساعة 10:30`, `10:30`.
    fn time(&self, at: usize) -> Option<(usize, usize)> {
        if let Some((last, skip)) = self.calendar(at, CalendarWord::RelativeTime) {
            let weekday = self.calendar(last + 1, CalendarWord::Weekday).map(|(l, _)| l);
            return Some((weekday.unwrap_or(last), skip));
        }
        let (clock_at, skip) = if self.words.stem(at) == "الساعة" {
            (at + 1, self.words.text(at).len() - "الساعة".len())
        } else {
            (at, 0)
        };
        if clock_at > at {
            if let Some((hour_last, _)) = self.calendar(clock_at, CalendarWord::Hour) {
                let part_of_day = self
                    .calendar(hour_last + 1, CalendarWord::RelativeTime)
                    .filter(|&(_, skip)| skip == 0);
                return Some((part_of_day.map_or(hour_last, |(last, _)| last), skip));
            }
        }
        let hours = self.number(clock_at)?;
        let minutes = self.punct(clock_at + 1, &[":"]).then(|| self.number(clock_at + 2)).flatten();
        let clock_last = match minutes {
            Some(minutes)
                if hours < 24.0 && minutes < 60.0 && self.words.text(clock_at + 2).len() == 2 =>
            {
                clock_at + 2
            }
            None if clock_at > at && hours <= 24.0 => clock_at,
            _ => return None,
        };
        // `الساعة 10:30 صباحا`: a part of the day after the clock belongs to it.
        let part_of_day = self
            .calendar(clock_last + 1, CalendarWord::RelativeTime)
            .filter(|&(_, skip)| skip == 0);
        Some((part_of_day.map_or(clock_last, |(last, _)| last), skip))
    }
}
