//! Recognition: finds time expressions in the tokens of a text, before any
//! calendar is involved. Each expression is a [`Raw`]: the pieces the words
//! give (a day number, a weekday, "hier", a part of the day...) and the tokens
//! they cover.
//!
//! An expression is built from atoms ("hier" + "lundi" + "dans la matinée")
//! that may be separated by a few filler words; it ends where an atom would
//! fill a slot already filled ("dimanche soir et hier lundi" is two).

use crate::lexicon::{
    kinds, Entry, Lexicon, Modifier, PartOfDay, Period, Unit, Window, TENSE_KINDS,
};
use std::ops::Range;
use vigie_text::{Analysis, TokenKind};

/// A day as the words give it; any part may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRef {
    pub day: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<i32>,
    pub weekday: Option<u32>,
    /// "November 5 last year": years from the year of writing.
    pub year_rel: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Core {
    /// Only a part of the day or a clock time: the day comes from the story.
    None,
    Date(DayRef),
    Month {
        month: u32,
        year: Option<i32>,
        period: Option<Period>,
        /// "depuis janvier": from then until the report.
        since: bool,
    },
    Year(i32),
    Weekday {
        wd: u32,
        modifier: Option<Modifier>,
    },
    Today {
        offset: i64,
        weekday: Option<u32>,
        date: Option<DayRef>,
    },
    /// Days from the story's current day, from a given date (`target`) or
    /// from an event the text names (`of_event`).
    Anchor {
        offset: i64,
        of_event: bool,
        target: Option<DayRef>,
    },
    Ago {
        n: i64,
        unit: Unit,
    },
    WeekRel(i64),
    MonthRel(i64),
    YearRel(i64),
    Weekend,
    Night {
        first: DayRef,
        second: Option<DayRef>,
    },
    Range {
        from: DayRef,
        to: DayRef,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub tokens: Range<usize>,
    pub core: Core,
    pub part: Option<PartOfDay>,
    /// Hour of the day, 0-23, when a clock time was given.
    pub hour: Option<u32>,
    /// "ce 18 septembre": the day of writing.
    pub demonstrative: bool,
    /// "BAMAKO, 12 août (Reuters) -": the day of writing.
    pub dateline: bool,
    pub modifier: Option<Modifier>,
}

struct Ctx<'a, 'w> {
    a: &'a Analysis,
    text: &'a str,
    lex: &'a Lexicon,
    w: &'w Window<'a>,
}

impl Ctx<'_, '_> {
    /// The longest phrase at `i` of the kind of `kind` (its payload aside)
    /// whose entry `f` accepts.
    fn find_of<T>(
        &self,
        i: usize,
        kind: Entry,
        f: impl FnMut(Entry) -> Option<T>,
    ) -> Option<(usize, T)> {
        self.w.find_of(i, kind.kind_bit(), f)
    }

    fn has(&self, i: usize, e: Entry) -> Option<usize> {
        self.w.has(i, e)
    }

    fn is_number(&self, i: usize) -> bool {
        self.a
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number)
    }

    fn is_word(&self, i: usize) -> bool {
        self.a
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn norm(&self, i: usize) -> &str {
        self.w.norms.get(i).copied().unwrap_or("")
    }

    /// No space between tokens `i` and `i + 1`.
    fn glued(&self, i: usize) -> bool {
        match (self.a.tokens.get(i), self.a.tokens.get(i + 1)) {
            (Some(x), Some(y)) => x.span.end == y.span.start,
            _ => false,
        }
    }

    /// A day number (1-31) at `i`, with an ordinal ending ("1er", "12th").
    fn day_number(&self, i: usize) -> Option<u32> {
        let (d, rest) = self.small_number(i)?;
        if !rest.is_empty() && self.lex.has(&[rest], 0, Entry::Ordinal).is_none() {
            return None;
        }
        (1..=31).contains(&d).then_some(d)
    }

    /// A number token of one or two digits with what follows them
    /// ("12th" -> 12, "th"; "4h30" -> 4, "h30").
    fn small_number(&self, i: usize) -> Option<(u32, &str)> {
        if !self.is_number(i) {
            return None;
        }
        let s = self.norm(i);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        Some((s[..digits].parse().ok()?, &s[digits..]))
    }

    fn year_number(&self, i: usize) -> Option<i32> {
        if !self.is_number(i) {
            return None;
        }
        let s = self.norm(i);
        if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = s.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    }

    /// A count written in digits or words ("2", "deux", "a").
    fn count(&self, i: usize) -> Option<i64> {
        if self.is_number(i) {
            let s = self.norm(i);
            if s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
                return s.parse().ok();
            }
            return None;
        }
        self.find_of(i, Entry::Number(0), |e| match e {
            Entry::Number(n) => Some(n),
            _ => None,
        })
        .filter(|(len, _)| *len == 1)
        .map(|(_, n)| n)
    }

    fn month_at(&self, i: usize) -> Option<(usize, u32)> {
        self.find_of(i, Entry::Month(1), |e| match e {
            Entry::Month(m) => Some(m),
            _ => None,
        })
    }

    fn ambiguous_month(&self, i: usize) -> bool {
        self.has(i, Entry::MonthAmbiguous).is_some()
    }

    /// Skips a period glued to an abbreviation ("Sept.", "janv.").
    fn skip_dot(&self, i: usize) -> usize {
        if self.norm(i) == "." && i > 0 && self.glued(i - 1) && self.is_number(i + 1) {
            i + 1
        } else {
            i
        }
    }

    /// An optional ", 2023" or "2023" after a month.
    fn year_after(&self, i: usize) -> (usize, Option<i32>) {
        if let Some(y) = self.year_number(i) {
            return (i + 1, Some(y));
        }
        if self.norm(i) == "," {
            if let Some(y) = self.year_number(i + 1) {
                return (i + 2, Some(y));
            }
        }
        (i, None)
    }

    /// "12/09/2023", "12.09.2023", "2023-09-12".
    fn numeric_date(&self, i: usize) -> Option<(usize, DayRef)> {
        if !self.is_number(i) {
            return None;
        }
        let s = self.norm(i);
        let parts: Vec<&str> = if s.contains('.') && s.matches('.').count() == 2 {
            s.split('.').collect()
        } else {
            let sep = self.norm(i + 1);
            if !matches!(sep, "/" | "-" | ".")
                || !self.glued(i)
                || !self.glued(i + 1)
                || !self.is_number(i + 2)
                || self.norm(i + 3) != sep
                || !self.glued(i + 2)
                || !self.glued(i + 3)
                || !self.is_number(i + 4)
            {
                return None;
            }
            vec![s, self.norm(i + 2), self.norm(i + 4)]
        };
        let end = if s.contains('.') { i + 1 } else { i + 5 };
        if parts.len() != 3 || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() != 3 {
            return None;
        }
        let (y, m, d) = if parts[0].len() == 4 {
            (n[0] as i32, n[1], n[2])
        } else {
            let y = match parts[2].len() {
                4 => n[2] as i32,
                2 => 2000 + n[2] as i32,
                _ => return None,
            };
            // Day first, as in French and British use, unless impossible.
            if n[1] > 12 && n[0] <= 12 {
                (y, n[0], n[1])
            } else {
                (y, n[1], n[0])
            }
        };
        crate::calendar::ymd(y, m, d)?;
        Some((end, DayRef::date(d, m, Some(y))))
    }

    /// "12 septembre [2023]", "1er octobre", "12th of September".
    fn day_month(&self, i: usize) -> Option<(usize, DayRef)> {
        let d = self.day_number(i)?;
        let mut j = i + 1;
        if self.norm(j) == "of" {
            j += 1;
        }
        let (mlen, m) = self.month_at(j)?;
        let j = self.skip_dot(j + mlen);
        let (j, year) = self.year_after(j);
        Some((j, DayRef::date(d, m, year)))
    }

    /// "September 12[, 2023]", "Sept. 12".
    fn month_day(&self, i: usize) -> Option<(usize, DayRef)> {
        let (mlen, m) = self.month_at(i)?;
        let j = self.skip_dot(i + mlen);
        let d = self.day_number(j)?;
        // French "sept 12" is a count, "Sept. 12" a date.
        if self.count(i).is_some() && j == i + mlen {
            return None;
        }
        let (j, year) = self.year_after(j + 1);
        Some((j, DayRef::date(d, m, year)))
    }

    fn date(&self, i: usize) -> Option<(usize, DayRef)> {
        self.numeric_date(i)
            .or_else(|| self.day_month(i))
            .or_else(|| self.month_day(i))
    }

    /// "début septembre", "mi-juillet", "en août", "septembre 2023".
    fn month_only(&self, i: usize) -> Option<(usize, Core)> {
        let mut j = i;
        let mut period = None;
        let mut cue = false;
        let since = self.has(j, Entry::Since);
        if let Some(n) = since {
            cue = true;
            j += n;
        } else if let Some(n) = self.has(j, Entry::MonthCue) {
            cue = true;
            j += n;
            // "en 2022", "in 2021".
            if let Some(y) = self.year_number(j) {
                if self.month_at(j + 1).is_none() {
                    return Some((j + 1, Core::Year(y)));
                }
            }
        }
        // "début septembre", "in early August", "à la mi-juillet".
        if let Some((n, p)) = self.find_of(j, Entry::Period(Period::Early), |e| match e {
            Entry::Period(p) => Some(p),
            _ => None,
        }) {
            period = Some(p);
            j += n;
            if self.norm(j) == "-" {
                j += 1;
            }
            if self.norm(j) == "of" {
                j += 1;
            }
        }
        let (mlen, m) = self.month_at(j)?;
        let end = self.skip_dot(j + mlen);
        let (end2, year) = self.year_after(end);
        let is_number_word = self.count(j).is_some();
        let ok = if year.is_some() {
            true
        } else if period.is_some() {
            !is_number_word
        } else {
            cue && !is_number_word
                && (mlen > 1 || !self.ambiguous_month(j) || self.norm(j).len() > 3)
        };
        if !ok {
            return None;
        }
        Some((
            end2,
            Core::Month {
                month: m,
                year,
                period,
                since: since.is_some(),
            },
        ))
    }

    fn weekday_word(&self, i: usize) -> Option<(usize, u32)> {
        self.find_of(i, Entry::Weekday(1), |e| match e {
            Entry::Weekday(w) => Some(w),
            _ => None,
        })
    }

    /// "dimanche", "ce mardi", "lundi dernier", "last Friday", "on Tuesday".
    fn weekday(&self, i: usize) -> Option<(usize, u32, Option<Modifier>)> {
        let mut j = i;
        let mut modifier = None;
        if let Some((n, m)) = self.find_of(j, Entry::Mod(Modifier::Last), |e| match e {
            Entry::Mod(m) => Some(m),
            _ => None,
        }) {
            if self.weekday_word(j + n).is_some() {
                modifier = Some(m);
                j += n;
            }
        }
        let (n, w) = self.weekday_word(j)?;
        if self.has(j, Entry::WeekdayAmbiguous).is_some() {
            let k = self.skip_dot(j + n);
            let k = if self.norm(k) == "," { k + 1 } else { k };
            self.date(k)?;
        }
        j += n;
        if let Some((n, m)) = self.find_of(j, Entry::Mod(Modifier::Last), |e| match e {
            Entry::Mod(m @ (Modifier::Last | Modifier::Next)) => Some(m),
            _ => None,
        }) {
            modifier = Some(m);
            j += n;
        }
        Some((j, w, modifier))
    }

    /// A day inside a night or a range: "samedi 23", "le 8", "Thursday",
    /// "9 juin 2022"; with whether an article stands before its number.
    fn dayish(&self, i: usize) -> Option<(usize, DayRef, bool)> {
        let mut j = i;
        if let Some(n) = self.has(j, Entry::Article) {
            j += n;
        }
        let mut r = DayRef::default();
        if let Some((n, w)) = self.weekday_word(j) {
            r.weekday = Some(w);
            j += n;
        }
        let article = j > 0 && self.has(j - 1, Entry::Article).is_some();
        if let Some((end, d)) = self.date(j) {
            r.day = d.day;
            r.month = d.month;
            r.year = d.year;
            return Some((end, r, article));
        }
        if let Some(d) = self.day_number(j) {
            r.day = Some(d);
            j += 1;
        }
        (r.weekday.is_some() || r.day.is_some()).then_some((j, r, article))
    }

    fn night(&self, i: usize) -> Option<(usize, Core)> {
        let n = self.has(i, Entry::Night)?;
        let (j, first, _) = self.dayish(i + n)?;
        if let Some(t) = self.has(j, Entry::RangeTo) {
            if let Some((k, second, _)) = self.dayish(j + t) {
                let mut first = first;
                if first.month.is_none() {
                    first.month = second.month;
                    first.year = first.year.or(second.year);
                }
                return Some((
                    k,
                    Core::Night {
                        first,
                        second: Some(second),
                    },
                ));
            }
        }
        (first.weekday.is_some() || first.month.is_some()).then_some((
            j,
            Core::Night {
                first,
                second: None,
            },
        ))
    }

    fn range(&self, i: usize) -> Option<(usize, Core)> {
        let n = self.has(i, Entry::RangeFrom)?;
        let (j, mut from, art_from) = self.dayish(i + n)?;
        let t = self.has(j, Entry::RangeTo)?;
        let (k, mut to, art_to) = self.dayish(j + t)?;
        // Two bare numbers are days only with their articles ("entre le 11
        // et le 12", "du 10 au 12"), never "de 10 à 12 morts".
        if from.month.is_none() && to.month.is_none() && from.day.is_some() && !(art_from && art_to)
        {
            return None;
        }
        let dates = from.day.is_some() && to.day.is_some();
        let weekdays = from.day.is_none() && to.day.is_none() && from.weekday.is_some();
        if !(dates || weekdays) {
            return None;
        }
        if dates && from.month.is_none() && to.month.is_none() {
            // "entre le 11 et le 12": the month comes from the story.
        } else if from.month.is_none() {
            from.month = to.month;
            from.year = from.year.or(to.year);
        } else if to.month.is_none() {
            to.month = from.month;
            to.year = to.year.or(from.year);
        }
        Some((k, Core::Range { from, to }))
    }

    /// "il y a deux jours", "two weeks ago".
    fn ago(&self, i: usize) -> Option<(usize, Core)> {
        let mut j = i;
        let prefix = self.has(j, Entry::AgoPrefix);
        if let Some(n) = prefix {
            j += n;
        }
        if let Some(n) = self.has(j, Entry::Exactly) {
            j += n;
        }
        let count = self.count(j)?;
        let (ulen, unit) = self.find_of(j + 1, Entry::Unit(Unit::Day), |e| match e {
            Entry::Unit(u) => Some(u),
            _ => None,
        })?;
        let mut end = j + 1 + ulen;
        if prefix.is_none() {
            end += self.has(end, Entry::AgoSuffix)?;
        }
        Some((end, Core::Ago { n: count, unit }))
    }

    /// "deux jours plus tard", "three days later", "two days after the attack".
    fn later(&self, i: usize) -> Option<(usize, Core)> {
        let count = self.count(i)?;
        let (ulen, unit) = self.find_of(i + 1, Entry::Unit(Unit::Day), |e| match e {
            Entry::Unit(u @ (Unit::Day | Unit::Week)) => Some(u),
            _ => None,
        })?;
        let j = i + 1 + ulen;
        let (n, sign) = if let Some(n) = self.has(j, Entry::Later) {
            (n, 1)
        } else if let Some(n) = self.has(j, Entry::Earlier) {
            (n, -1)
        } else {
            return None;
        };
        let days = count * if unit == Unit::Week { 7 } else { 1 } * sign;
        let (end, of_event, target) = self.anchor_target(j + n, self.norm(j + n - 1));
        Some((
            end,
            Core::Anchor {
                offset: days,
                of_event,
                target,
            },
        ))
    }

    /// What follows an anchor phrase: a date it counts from, an event, or
    /// nothing (the story's day); with the end of the expression.
    fn anchor_target(&self, j: usize, last: &str) -> (usize, bool, Option<DayRef>) {
        if let Some(of) = self.has(j, Entry::AnchorOf) {
            if let Some((e, d)) = self.date(j + of) {
                return (e, false, Some(d));
            }
            return (j, self.is_word(j + of), None);
        }
        // "the day after the attack": the phrase ends in its own
        // preposition; a noun phrase follows it.
        if self.lex.has(&[last], 0, Entry::AnchorOf).is_some() {
            if let Some((e, d)) = self.date(j) {
                return (e, false, Some(d));
            }
            return (j, self.has(j, Entry::Determiner).is_some(), None);
        }
        (j, false, None)
    }

    /// Clock times: "vers 22 heures", "à 4h30", "entre 2 et 3 heures du
    /// matin", "around 4 am". Needs a cue or a meridian so that durations
    /// ("après deux heures de combat", "48 hours") are not taken.
    fn clock(&self, i: usize) -> Option<(usize, u32, Option<bool>)> {
        let mut j = i;
        let cue = self.has(j, Entry::ClockCue);
        if let Some(n) = cue {
            j += n;
        }
        let (hour, mut k, glued_h) = self.hour_number(j)?;
        // "entre 2 et 3 heures": the first hour of a span.
        if let Some(t) = self.has(k, Entry::RangeTo) {
            if let Some((_, k2, _)) = self.hour_number(k + t) {
                if cue.is_some() {
                    k = k2;
                }
            }
        }
        let mut has_hour_word = glued_h;
        if let Some(n) = self.has(k, Entry::Hour) {
            has_hour_word = true;
            k += n;
        }
        let mut pm = None;
        if let Some((n, p)) = self.find_of(k, Entry::Meridian { pm: false }, |e| match e {
            Entry::Meridian { pm } => Some(pm),
            _ => None,
        }) {
            pm = Some(p);
            k += n;
        }
        if pm.is_none() && !(cue.is_some() && has_hour_word) {
            return None;
        }
        if hour > 12 && pm == Some(false) {
            return None;
        }
        let h = match pm {
            Some(true) if hour < 12 => hour + 12,
            Some(false) if hour == 12 => 0,
            _ => hour,
        };
        Some((k, h % 24, pm))
    }

    /// An hour at `i`: "4", "4h30", "22h", "10:30"; with whether an hour
    /// letter was glued to it.
    fn hour_number(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (h, rest) = self.small_number(i)?;
        if h > 24 {
            return None;
        }
        if rest.is_empty() {
            if self.norm(i + 1) == ":" && self.glued(i) && self.is_number(i + 2) {
                return Some((h, i + 3, true));
            }
            return Some((h, i + 1, false));
        }
        let mins = rest.strip_prefix('h')?;
        mins.bytes()
            .all(|b| b.is_ascii_digit())
            .then_some((h, i + 1, true))
    }
}

/// The kinds of phrase the fixed phrases of `Ctx::atom` take.
const FIXED: u64 = kinds(&[
    Entry::Today(0),
    Entry::TodayPart(0, PartOfDay::Day),
    Entry::Anchor(0),
    Entry::WeekRel(0),
    Entry::MonthRel(0),
    Entry::YearRel(0),
    Entry::Weekend,
    Entry::Part(PartOfDay::Day),
]);

/// The kinds of phrase some reading of `Ctx::atom` looks for at its first
/// token (besides a number): dates, months, weekdays, counts, clock cues
/// and the fixed phrases.
const ATOM_START: u64 = FIXED
    | kinds(&[
        Entry::Month(1),
        Entry::Since,
        Entry::MonthCue,
        Entry::Period(Period::Early),
        Entry::Mod(Modifier::Last),
        Entry::Weekday(1),
        Entry::AgoPrefix,
        Entry::Exactly,
        Entry::Number(0),
        Entry::ClockCue,
    ]);

/// One piece of an expression.
enum Atom {
    Core(Core, Option<PartOfDay>),
    Weekday(u32, Option<Modifier>),
    Part(PartOfDay),
    Clock(u32, Option<bool>),
}

impl Ctx<'_, '_> {
    fn atom(&self, i: usize) -> Option<(usize, Atom)> {
        // Each reading below needs a number or a phrase of these kinds at
        // `i`: a filler or an article alone starts no atom.
        if !self.is_number(i) && self.w.kinds_at(i) & ATOM_START == 0 {
            return None;
        }
        if let Some((e, d)) = self.date(i) {
            return Some((e, Atom::Core(Core::Date(d), None)));
        }
        if let Some((e, c)) = self.month_only(i) {
            return Some((e, Atom::Core(c, None)));
        }
        if let Some((e, w, m)) = self.weekday(i) {
            return Some((e, Atom::Weekday(w, m)));
        }
        if let Some((e, c)) = self.ago(i).or_else(|| self.later(i)) {
            return Some((e, Atom::Core(c, None)));
        }
        if let Some((e, h, pm)) = self.clock(i) {
            return Some((e, Atom::Clock(h, pm)));
        }
        // Longest fixed phrase.
        if self.w.kinds_at(i) & FIXED == 0 {
            return None;
        }
        for (n, e) in self.w.at(i) {
            let end = i + n;
            let atom = match e {
                Entry::Today(o) => Atom::Core(
                    Core::Today {
                        offset: o,
                        weekday: None,
                        date: None,
                    },
                    None,
                ),
                Entry::TodayPart(o, p) => Atom::Core(
                    Core::Today {
                        offset: o,
                        weekday: None,
                        date: None,
                    },
                    Some(p),
                ),
                Entry::Anchor(o) => {
                    let (e2, of_event, target) = self.anchor_target(end, self.norm(end - 1));
                    return Some((
                        e2,
                        Atom::Core(
                            Core::Anchor {
                                offset: o,
                                of_event,
                                target,
                            },
                            None,
                        ),
                    ));
                }
                Entry::WeekRel(o) => Atom::Core(Core::WeekRel(o), None),
                Entry::MonthRel(o) => Atom::Core(Core::MonthRel(o), None),
                Entry::YearRel(o) => Atom::Core(Core::YearRel(o), None),
                Entry::Weekend => Atom::Core(Core::Weekend, None),
                Entry::Part(p) => Atom::Part(p),
                _ => continue,
            };
            return Some((end, atom));
        }
        None
    }

    /// Fillers ("le", "dans", ",") before an atom, at most two.
    fn next_atom(&self, i: usize, limit: usize) -> Option<(usize, usize, Atom)> {
        let mut j = i;
        for _ in 0..3 {
            if j >= limit {
                return None;
            }
            if let Some((e, atom)) = self.atom(j) {
                return (e <= limit).then_some((j, e, atom));
            }
            j += self.has(j, Entry::Filler)?;
        }
        None
    }

    /// The expression starting at token `i`, within `i..limit`.
    fn expression(&self, i: usize, limit: usize) -> Option<Raw> {
        let mut raw = Raw {
            tokens: i..i,
            core: Core::None,
            part: None,
            hour: None,
            demonstrative: false,
            dateline: false,
            modifier: None,
        };
        if let Some((e, core)) = self.night(i).or_else(|| self.range(i)) {
            if e <= limit {
                raw.core = core;
                raw.tokens = i..e;
                if let Core::Night { .. } = core {
                    raw.part = Some(PartOfDay::Night);
                }
                // "dans la nuit de samedi à dimanche, vers 2 heures".
                if let Some((_, e2, Atom::Clock(h, _))) = self.next_atom(e, limit) {
                    raw.hour = Some(h);
                    raw.tokens.end = e2;
                }
                return Some(raw);
            }
        }
        // Fillers may lead only a part of the day ("dans la soirée").
        let (first_start, mut end, first) = self
            .next_atom(i, limit)
            .filter(|(s, _, a)| *s == i || matches!(a, Atom::Part(_)))?;
        if first_start != i && i > 0 && self.has(i - 1, Entry::Filler).is_some() {
            return None;
        }
        let single_word_part = first_start + 1 == end && matches!(first, Atom::Part(_));
        if !raw.merge(first) {
            return None;
        }
        while let Some((_, e, atom)) = self.next_atom(end, limit) {
            if !raw.merge(atom) {
                break;
            }
            end = e;
        }
        raw.tokens = i..end;
        if raw.core == Core::None && raw.hour.is_none() && single_word_part && first_start == i {
            // A lone part of the day needs a cue before it ("dans la
            // soirée", "in the morning"), not a noun ("Le Soir").
            return None;
        }
        self.mark_today(&mut raw);
        Some(raw)
    }

    fn mark_today(&self, raw: &mut Raw) {
        let start = raw.tokens.start;
        let dated = matches!(
            raw.core,
            Core::Date(DayRef {
                day: Some(_),
                month: Some(_),
                ..
            })
        );
        if !dated {
            return;
        }
        // "ce 18 septembre", "en ce lundi 18 septembre".
        for back in 1..=2 {
            if let Some(p) = start.checked_sub(back) {
                if self
                    .has(p, Entry::Demonstrative)
                    .is_some_and(|n| p + n == start)
                {
                    raw.demonstrative = true;
                }
            }
        }
        if raw.modifier == Some(Modifier::This) && self.has(start, Entry::Demonstrative).is_some() {
            raw.demonstrative = true;
        }
        // "Publié le 18/09/2023" at the top of a page; lower down, "un
        // rapport publié le 12 septembre" is another document's day.
        let near_top = self.a.tokens[start].span.start < 300;
        for back in 1..=4 {
            if let Some(p) = start.checked_sub(back) {
                if near_top && self.has(p, Entry::Byline).is_some_and(|n| p + n == start) {
                    raw.demonstrative = true;
                }
            }
        }
        // Datelines: "BAMAKO, 12 août (Reuters) -", "New York [US], December
        // 8 (ANI):" at the top of the story, under its headline or not.
        let before_ok = start > 0 && self.norm(start - 1) == ",";
        let after = self.norm(raw.tokens.end);
        if before_ok && matches!(after, "(" | "-" | ":" | "/") {
            let first_line_end = self.text.find('\n').unwrap_or(self.text.len());
            let tok_start = self.a.tokens[start].span.start;
            let sentence = self
                .a
                .sentences
                .iter()
                .take(3)
                .position(|s| s.tokens.contains(&start));
            let opens = |k: usize| {
                let s = &self.a.sentences[k];
                let line_start = self.a.tokens[s.tokens.start].span.start;
                start - s.tokens.start <= 10
                    && (line_start == 0 || self.text[..line_start].ends_with('\n'))
            };
            let top = match sentence {
                Some(0) => start <= 10 && tok_start < first_line_end.max(200),
                // The first line of the body, under a headline.
                Some(k) => opens(k) && tok_start < 600,
                None => false,
            };
            if top {
                raw.dateline = true;
            }
        }
    }
}

impl DayRef {
    fn date(day: u32, month: u32, year: Option<i32>) -> Self {
        DayRef {
            day: Some(day),
            month: Some(month),
            year,
            ..DayRef::default()
        }
    }
}

impl Raw {
    /// Adds an atom to the expression; `false` if its slot is taken.
    fn merge(&mut self, atom: Atom) -> bool {
        match atom {
            Atom::Part(p) => {
                if self.part.is_some() {
                    return false;
                }
                self.part = Some(p);
            }
            Atom::Clock(h, pm) => {
                if self.hour.is_some() {
                    return false;
                }
                self.hour = Some(h);
                if self.part.is_none() {
                    self.part = match pm {
                        Some(true) if h >= 18 => Some(PartOfDay::Evening),
                        Some(true) => Some(PartOfDay::Afternoon),
                        Some(false) if h < 6 => Some(PartOfDay::Night),
                        Some(false) => Some(PartOfDay::Morning),
                        None => None,
                    };
                }
            }
            Atom::Weekday(w, m) => match &mut self.core {
                Core::None => {
                    self.core = Core::Weekday { wd: w, modifier: m };
                    self.modifier = m;
                }
                Core::Date(d) if d.weekday.is_none() => d.weekday = Some(w),
                Core::Today {
                    weekday: wd @ None, ..
                } => *wd = Some(w),
                _ => return false,
            },
            Atom::Core(c, p) => {
                if p.is_some() {
                    if self.part.is_some() {
                        return false;
                    }
                    self.part = p;
                }
                match (&mut self.core, c) {
                    (Core::None, c) => self.core = c,
                    (Core::Weekday { wd, modifier }, Core::Date(mut d)) => {
                        d.weekday = Some(*wd);
                        self.modifier = *modifier;
                        self.core = Core::Date(d);
                    }
                    (
                        Core::Today {
                            date: date @ None, ..
                        },
                        Core::Date(d),
                    ) => *date = Some(d),
                    (Core::Date(d), Core::YearRel(o))
                        if d.year.is_none() && d.year_rel.is_none() =>
                    {
                        d.year_rel = Some(o)
                    }
                    _ => return false,
                }
            }
        }
        true
    }
}

/// Every time expression of `a`, in text order, none crossing a sentence.
pub fn recognise(text: &str, a: &Analysis, lex: &Lexicon) -> Vec<Raw> {
    recognise_in(text, a, lex, &Window::new(lex, a, 0..a.tokens.len()))
}

/// [`recognise`] with the window of the whole document `w` (made from
/// `lex`) already built.
pub fn recognise_in<'a>(
    text: &'a str,
    a: &'a Analysis,
    lex: &'a Lexicon,
    w: &Window<'a>,
) -> Vec<Raw> {
    let ctx = Ctx { a, text, lex, w };
    let mut out = Vec::new();
    for s in &a.sentences {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            // Every expression starts with a number or a lexicon word; the
            // words of tenses only ("a", "ont", "said") are not asked about
            // here, so they start nothing either.
            if !ctx.is_number(i) && ctx.w.kinds_at(i) & !TENSE_KINDS == 0 {
                i += 1;
                continue;
            }
            match ctx.expression(i, s.tokens.end) {
                Some(r) if r.tokens.end > i => {
                    i = r.tokens.end;
                    out.push(r);
                }
                _ => i += 1,
            }
        }
    }
    out
}
