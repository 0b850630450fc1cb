//! Resolution: turns a recognised expression into calendar days, given the
//! publication date, the tense of its clause and the story so far (the day
//! the text last put its events on).
//!
//! Publication dates may be uncertain (a month-only header): an expression
//! relative to the day of writing is then resolved for every day the report
//! may have been written on, and the result is the interval covering them,
//! so it keeps the true date; the best guess is the one for the publication's
//! best day.

use crate::calendar::{self as cal, interval};
use crate::lexicon::{Modifier, PartOfDay, Period, Unit};
use crate::recognise::{Core, DayRef, Raw};
use crate::{Publication, Tense};
use chrono::{Datelike, NaiveDate};
use vigie_model::{DateInterval, Precision};

#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    pub interval: DateInterval,
    pub best: NaiveDate,
}

/// The day the narrative is on, for "la veille", "le lendemain", "vers 2
/// heures".
#[derive(Debug, Clone, Copy)]
pub struct Story {
    pub interval: DateInterval,
    pub best: NaiveDate,
    pub part: Option<PartOfDay>,
    pub hour: Option<u32>,
    /// The story day is a night spanning two calendar days.
    pub night: bool,
}

/// Whether a clause looks forward: future, or a conditional of what
/// should or could happen ("devraient revenir jeudi").
fn future(t: Tense) -> bool {
    matches!(t, Tense::Future | Tense::Conditional)
}

/// Applies `f` to every day the report may have been written on and covers
/// the results; best is `f(pub.best)`.
fn over_pub(
    p: &Publication,
    mut f: impl FnMut(NaiveDate) -> Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
    let iv = p.interval?;
    let best = f(p.best?)?;
    let (mut lo, mut hi) = (best, best);
    let mut d = iv.earliest;
    let mut n = 0;
    while d <= iv.latest && n < 400 {
        if p.weekday.is_none_or(|w| cal::wd(d) == w) {
            if let Some(x) = f(d) {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        d = cal::add(d, 1)?;
        n += 1;
    }
    Some((lo, hi, best))
}

fn res(lo: NaiveDate, hi: NaiveDate, best: NaiveDate) -> Resolved {
    Resolved {
        interval: interval(lo, hi),
        best,
    }
}

fn res_prec(lo: NaiveDate, hi: NaiveDate, best: NaiveDate, p: Precision) -> Resolved {
    Resolved {
        interval: DateInterval::new(lo, hi, p),
        best,
    }
}

/// The year a day-and-month without a year falls in: the nearest one on or
/// before the day of writing, or on or after it when the clause speaks of
/// the future.
fn year_for(
    month: u32,
    day: u32,
    weekday: Option<u32>,
    tense: Tense,
    p: &Publication,
    story: Option<&Story>,
) -> Option<i32> {
    let reference = p.interval.or(story.map(|s| s.interval))?;
    let y0 = reference.latest.year();
    let cands: Vec<NaiveDate> = (y0 - 1..=y0 + 1)
        .filter_map(|y| cal::ymd(y, month, day))
        .collect();
    // A weekday named with the date settles the year when only one fits.
    if let Some(w) = weekday {
        let fits: Vec<&NaiveDate> = cands.iter().filter(|d| cal::wd(**d) == w).collect();
        if fits.len() == 1 {
            return Some(fits[0].year());
        }
    }
    if p.interval.is_none() {
        let s = story?;
        return cands
            .iter()
            .min_by_key(|d| (**d - s.best).num_days().abs())
            .map(|d| d.year());
    }
    if future(tense) {
        cands
            .iter()
            .find(|d| **d >= reference.earliest)
            .map(|d| d.year())
    } else {
        // A day of slack: a report stamped in UTC may carry the day before
        // the local date of what it tells.
        let latest = cal::add(reference.latest, 1).unwrap_or(reference.latest);
        cands.iter().rev().find(|d| **d <= latest).map(|d| d.year())
    }
}

/// A fully given or year-less date.
fn date(d: &DayRef, tense: Tense, p: &Publication, story: Option<&Story>) -> Option<NaiveDate> {
    let (day, month) = (d.day?, d.month?);
    let year = match (d.year, d.year_rel) {
        (Some(y), _) => y,
        (None, Some(o)) => p.best.or(story.map(|s| s.best))?.year() + o as i32,
        (None, None) => year_for(month, day, d.weekday, tense, p, story)?,
    };
    cal::ymd(year, month, day)
}

/// Month and year for a bare day number from the story ("entre le 11 et le
/// 12" after "dans la nuit du 8 au 9 juin").
fn with_story_month(d: &DayRef, story: Option<&Story>) -> Option<DayRef> {
    let mut d = *d;
    if d.month.is_none() {
        let s = story?;
        d.month = Some(s.best.month());
        d.year = Some(s.best.year());
    }
    Some(d)
}

fn weekday_day(
    p: &Publication,
    wd: u32,
    modifier: Option<Modifier>,
    tense: Tense,
) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
    let fwd =
        modifier == Some(Modifier::Next) || (future(tense) && modifier != Some(Modifier::Last));
    let strict = matches!(modifier, Some(Modifier::Last | Modifier::Next));
    over_pub(p, |d| {
        if fwd {
            cal::on_or_after(d, wd, strict)
        } else {
            cal::on_or_before(d, wd, strict)
        }
    })
}

/// A day-valued expression relative to the day of writing, single when the
/// publication day is known.
fn pub_shift(p: &Publication, offset: i64, weekday: Option<u32>) -> Option<Resolved> {
    let mut q = p.clone();
    if let (Some(w), None) = (weekday, q.weekday) {
        // "hier lundi": only the days of writing that make it a Monday.
        let wanted = ((w as i64 - 1 - offset).rem_euclid(7) + 1) as u32;
        if let Some(iv) = q.interval {
            let mut d = iv.earliest;
            let mut any = false;
            while d <= iv.latest {
                if cal::wd(d) == wanted {
                    any = true;
                    break;
                }
                d = cal::add(d, 1)?;
            }
            if any {
                q.weekday = Some(wanted);
                if let Some(b) = q.best {
                    if cal::wd(b) != wanted {
                        q.best = cal::on_or_after(b, wanted, false).filter(|x| iv.contains(*x));
                        if q.best.is_none() {
                            q.best = cal::on_or_before(b, wanted, false);
                        }
                    }
                }
            }
        }
    }
    let (lo, hi, best) = over_pub(&q, |d| cal::add(d, offset))?;
    Some(res(lo, hi, best))
}

fn resolve_day_ref(
    d: &DayRef,
    modifier: Option<Modifier>,
    tense: Tense,
    p: &Publication,
    story: Option<&Story>,
) -> Option<Resolved> {
    if d.day.is_some() {
        let d = with_story_month(d, story)?;
        let x = date(&d, tense, p, story)?;
        return Some(res(x, x, x));
    }
    let w = d.weekday?;
    let (lo, hi, best) = weekday_day(p, w, modifier, tense)?;
    Some(res(lo, hi, best))
}

fn month_interval(
    month: u32,
    year: Option<i32>,
    period: Option<Period>,
    tense: Tense,
    p: &Publication,
    story: Option<&Story>,
) -> Option<Resolved> {
    let year = match year {
        Some(y) => y,
        None => {
            let reference = p.interval.or(story.map(|s| s.interval))?;
            let y0 = reference.latest.year();
            let mut pick = None;
            for y in y0 - 1..=y0 + 1 {
                let m = DateInterval::month(y, month)?;
                if future(tense) {
                    if m.latest >= reference.earliest && pick.is_none() {
                        pick = Some(y);
                    }
                } else if m.earliest <= reference.latest {
                    pick = Some(y);
                }
            }
            pick?
        }
    };
    let m = DateInterval::month(year, month)?;
    let last = m.latest.day();
    let (a, b, best) = match period {
        None => (1, last, 15),
        Some(Period::Early) => (1, 10, 1),
        Some(Period::Mid) => (10, 20, 15),
        Some(Period::Late) => (20, last, last),
    };
    Some(res_prec(
        cal::ymd(year, month, a)?,
        cal::ymd(year, month, b)?,
        cal::ymd(year, month, best)?,
        Precision::Month,
    ))
}

/// Resolves one expression. `None` when the text gives no calendar day
/// (no publication date, or nothing to count from).
pub fn resolve(
    raw: &Raw,
    tense: Tense,
    p: &Publication,
    story: Option<&Story>,
) -> Option<Resolved> {
    match raw.core {
        Core::None => on_story_day(raw, story?),
        Core::Date(d) => {
            let x = date(&d, tense, p, story)?;
            Some(res(x, x, x))
        }
        Core::Month {
            month,
            year,
            period,
            since,
        } => {
            let r = month_interval(month, year, period, tense, p, story)?;
            match (since, p.interval, p.best) {
                // A state lasting from then to the report: ongoing.
                (true, Some(iv), Some(b)) if iv.latest >= r.interval.earliest => {
                    let lo = r.interval.earliest;
                    Some(res_prec(
                        lo,
                        iv.latest,
                        b,
                        cal::precision_of(lo, iv.latest).max(Precision::Month),
                    ))
                }
                _ => Some(r),
            }
        }
        Core::Year(y) => {
            let iv = DateInterval::year(y)?;
            Some(Resolved {
                best: iv.best(),
                interval: iv,
            })
        }
        Core::Weekday { wd, modifier } => {
            let (lo, hi, best) = weekday_day(p, wd, modifier, tense)?;
            // A weekday names one day of a week; under a month-only
            // publication the week is unknown but the day is one of a few:
            // `week`, as ACLED codes it, with the interval of the days.
            let days = (hi - lo).num_days() + 1;
            let prec = match days {
                1 => Precision::Day,
                2..=31 => Precision::Week,
                _ => cal::precision_of(lo, hi),
            };
            Some(res_prec(lo, hi, best, prec))
        }
        Core::Today {
            weekday,
            date: Some(d),
            ..
        } => {
            let d = DayRef {
                weekday: d.weekday.or(weekday),
                ..d
            };
            let x = date(&d, tense, p, story)?;
            Some(res(x, x, x))
        }
        Core::Today {
            offset, weekday, ..
        } => {
            let mut r = pub_shift(p, offset, weekday)?;
            if let Some(w) = weekday.filter(|&w| cal::wd(r.best) != w) {
                // "hier dimanche" in a report stamped Tuesday: it was
                // written the day before it was stamped; the weekday
                // names the day.
                let (lo, hi, best) = weekday_day(p, w, None, Tense::Past)?;
                return Some(res(lo, hi, best));
            }
            // "cette nuit", "last night": the night that ends on the day of
            // writing spans two days; ACLED codes it to the first.
            if raw.part == Some(PartOfDay::Night) && offset == -1 {
                if let Some(hi) = cal::add(r.interval.latest, 1) {
                    let prec = r.interval.precision;
                    r.interval = DateInterval::new(r.interval.earliest, hi, prec);
                }
            }
            Some(r)
        }
        Core::Anchor {
            offset,
            of_event: false,
            target,
        } => {
            if let Some(t) = target {
                let x = date(&with_story_month(&t, story)?, tense, p, story)?;
                let y = cal::add(x, offset)?;
                return Some(res(y, y, y));
            }
            match story {
                Some(s) => {
                    let base = if s.night {
                        // "le lendemain" of a night counts from its first day.
                        DateInterval::new(s.best, s.best, Precision::Day)
                    } else {
                        s.interval
                    };
                    let iv = cal::shift(base, offset)?;
                    Some(Resolved {
                        interval: iv,
                        best: cal::add(s.best, offset)?,
                    })
                }
                // Counted from an event the text has not dated ("freed
                // one week later"): no day.
                None => None,
            }
        }
        // Counted from an event the resolver cannot date: the caller decides.
        Core::Anchor { of_event: true, .. } => None,
        Core::Ago { n, unit } => ago(p, n, unit),
        Core::WeekRel(o) => {
            let (lo, _, best) = over_pub(p, |d| cal::add(cal::monday(d)?, 7 * o))?;
            let (_, hi, _) = over_pub(p, |d| {
                let end = cal::add(cal::monday(d)?, 7 * o + 6)?;
                Some(if o == 0 { end.min(d) } else { end })
            })?;
            let best = cal::add(best, 3)?.min(hi).max(lo);
            Some(res(lo, hi, best))
        }
        Core::Weekend => {
            let (lo, hi, best) = over_pub(p, |d| cal::on_or_before(d, 6, false))?;
            let hi = cal::add(hi, 1)?.min(p.interval?.latest).max(hi);
            Some(res(lo, hi, best))
        }
        Core::MonthRel(o) => {
            let iv = p.interval?;
            let (y0, m0) = cal::shift_month(iv.earliest.year(), iv.earliest.month(), o);
            let (y1, m1) = cal::shift_month(iv.latest.year(), iv.latest.month(), o);
            let lo = cal::ymd(y0, m0, 1)?;
            let mut hi = cal::last_of_month(y1, m1)?;
            if o == 0 {
                hi = hi.min(iv.latest);
            }
            let best = DateInterval::new(lo, hi, Precision::Month).best();
            Some(res_prec(lo, hi, best, Precision::Month))
        }
        Core::YearRel(o) => {
            let iv = p.interval?;
            let y = iv.latest.year() + o as i32;
            let y_lo = iv.earliest.year() + o as i32;
            let lo = cal::ymd(y_lo, 1, 1)?;
            let mut hi = cal::ymd(y, 12, 31)?;
            if o == 0 {
                hi = hi.min(iv.latest);
            }
            let best = DateInterval::new(lo, hi, Precision::Year).best();
            Some(res_prec(lo, hi, best, Precision::Year))
        }
        Core::Night { first, second } => night(first, second, tense, p, story),
        Core::Range { from, to } => {
            let to_r = resolve_day_ref(&to, None, tense, p, story)?;
            let from = with_story_month(&from, story).unwrap_or(from);
            let mut from_d = if from.day.is_some() {
                let mut f = from;
                f.year = f.year.or(Some(to_r.best.year()));
                f.month = f.month.or(Some(to_r.best.month()));
                date(&f, tense, p, story)?
            } else {
                let w = from.weekday?;
                cal::on_or_before(to_r.best, w, false)?
            };
            if from_d > to_r.best {
                // "du 28 au 2 octobre": the start is in the month before.
                let (y, m) = cal::shift_month(from_d.year(), from_d.month(), -1);
                from_d = cal::ymd(y, m, from_d.day()).unwrap_or(from_d);
            }
            let days = (to_r.best - from_d).num_days() + 1;
            let prec = if days <= 2 && to_r.interval.days() == 1 {
                Precision::Day
            } else {
                Precision::for_span_days(days).max(Precision::Week)
            };
            // ACLED codes a few-day span to its middle (a two-day span to
            // its first day).
            let iv = DateInterval::new(from_d, to_r.interval.latest, prec);
            Some(res_prec(from_d, to_r.interval.latest, iv.best(), prec))
        }
    }
}

fn ago(p: &Publication, n: i64, unit: Unit) -> Option<Resolved> {
    match unit {
        Unit::Day => pub_shift(p, -n, None),
        Unit::Week => {
            let (lo, hi, best) = over_pub(p, |d| cal::add(d, -7 * n))?;
            res_prec(cal::add(lo, -2)?, cal::add(hi, 2)?, best, Precision::Week).into()
        }
        Unit::Month => {
            let iv = p.interval?;
            let b = p.best?;
            let (y0, m0) = cal::shift_month(iv.earliest.year(), iv.earliest.month(), -n);
            let (y1, m1) = cal::shift_month(iv.latest.year(), iv.latest.month(), -n);
            let (yb, mb) = cal::shift_month(b.year(), b.month(), -n);
            let best = cal::ymd(yb, mb, b.day().min(28))?;
            Some(res_prec(
                cal::ymd(y0, m0, 1)?,
                cal::last_of_month(y1, m1)?,
                best,
                Precision::Month,
            ))
        }
        Unit::Year => {
            let iv = p.interval?;
            let lo = cal::ymd(iv.earliest.year() - n as i32, 1, 1)?;
            let hi = cal::ymd(iv.latest.year() - n as i32, 12, 31)?;
            let b = p.best?;
            let best = cal::ymd(b.year() - n as i32, b.month(), b.day().min(28))?;
            Some(res_prec(lo, hi, best, Precision::Year))
        }
    }
}

/// "dans la nuit de samedi à dimanche", "nuit du 8 au 9 juin",
/// "overnight Thursday to Friday": the interval is both days, the best day
/// the first (ACLED codes a night to the day it began), and the precision a
/// day when the night itself is certain.
fn night(
    first: DayRef,
    second: Option<DayRef>,
    tense: Tense,
    p: &Publication,
    story: Option<&Story>,
) -> Option<Resolved> {
    let (lo, hi, best, exact) = match second {
        Some(s) if s.day.is_some() => {
            let s = with_story_month(&s, story)?;
            let x = date(&s, tense, p, story)?;
            let f = cal::add(x, -1)?;
            (f, f, f, true)
        }
        Some(s) => {
            let r = resolve_day_ref(&s, None, tense, p, story)?;
            (
                cal::add(r.interval.earliest, -1)?,
                cal::add(r.interval.latest, -1)?,
                cal::add(r.best, -1)?,
                r.interval.days() == 1,
            )
        }
        None => {
            let r = resolve_day_ref(&first, None, tense, p, story)?;
            // The night of the day of writing has not begun: a night named
            // by its weekday alone is the one before.
            (
                r.interval.earliest,
                r.interval.latest,
                r.best,
                r.interval.days() == 1,
            )
        }
    };
    let end = cal::add(hi, 1)?;
    let prec = if exact {
        Precision::Day
    } else {
        cal::precision_of(lo, end)
    };
    Some(res_prec(lo, end, best, prec))
}

/// A part of the day or a clock time on the story's day; small hours after
/// an afternoon, evening or night are the next calendar day.
fn on_story_day(raw: &Raw, s: &Story) -> Option<Resolved> {
    let hour = raw.hour;
    let morning = raw.part == Some(PartOfDay::Morning)
        || hour.is_some_and(|h| h < 12)
            && raw.part != Some(PartOfDay::Evening)
            && raw.part != Some(PartOfDay::Afternoon);
    let small_hours = hour.is_some_and(|h| h < 6)
        || (raw.part == Some(PartOfDay::Morning) && hour.is_none_or(|h| h < 10));
    let shift = if s.night {
        // A night spans two days: the evening is the first, the morning
        // the second.
        if morning {
            1
        } else {
            0
        }
    } else if small_hours
        && (s.part.is_some_and(PartOfDay::is_late) || s.hour.is_some_and(|h| h >= 18))
    {
        1
    } else {
        0
    };
    let base_lo = s.best;
    if s.night {
        let d = cal::add(base_lo, shift)?;
        let prec = if s.interval.precision == Precision::Day {
            Precision::Day
        } else {
            s.interval.precision
        };
        let lo = cal::add(s.interval.earliest, shift)?;
        let hi = cal::add(s.interval.latest, shift - 1)?.max(lo);
        return Some(res_prec(
            lo,
            hi,
            d,
            if lo == hi {
                Precision::Day
            } else {
                prec.max(Precision::Week)
            },
        ));
    }
    let iv = cal::shift(s.interval, shift)?;
    Some(Resolved {
        interval: iv,
        best: cal::add(s.best, shift)?,
    })
}
