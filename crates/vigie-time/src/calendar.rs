//! Calendar arithmetic that never panics: out-of-range dates give `None`.

use chrono::{Datelike, Duration, NaiveDate};
use vigie_model::{DateInterval, Precision};

/// ISO weekday number, 1 (Monday) to 7 (Sunday).
pub fn wd(d: NaiveDate) -> u32 {
    d.weekday().number_from_monday()
}

pub fn add(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(days)?)
}

/// The most recent `weekday` on or before `d` (strictly before if `strict`).
pub fn on_or_before(d: NaiveDate, weekday: u32, strict: bool) -> Option<NaiveDate> {
    let mut back = (wd(d) + 7 - weekday) % 7;
    if strict && back == 0 {
        back = 7;
    }
    add(d, -(back as i64))
}

/// The first `weekday` on or after `d` (strictly after if `strict`).
pub fn on_or_after(d: NaiveDate, weekday: u32, strict: bool) -> Option<NaiveDate> {
    let mut fwd = (weekday + 7 - wd(d)) % 7;
    if strict && fwd == 0 {
        fwd = 7;
    }
    add(d, fwd as i64)
}

pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    DateInterval::month(y, m).map(|i| i.latest)
}

/// `(year, month)` shifted by `n` months.
pub fn shift_month(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + n;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

pub fn shift(i: DateInterval, days: i64) -> Option<DateInterval> {
    Some(DateInterval::new(
        add(i.earliest, days)?,
        add(i.latest, days)?,
        i.precision,
    ))
}

/// The precision an interval derived from other evidence deserves: a single
/// day is a day, anything wider is at least a week.
pub fn precision_of(earliest: NaiveDate, latest: NaiveDate) -> Precision {
    let days = (latest - earliest).num_days() + 1;
    if days <= 1 {
        Precision::Day
    } else {
        Precision::for_span_days(days).max(Precision::Week)
    }
}

pub fn interval(earliest: NaiveDate, latest: NaiveDate) -> DateInterval {
    DateInterval::new(earliest, latest, precision_of(earliest, latest))
}

/// Monday of the ISO week holding `d`.
pub fn monday(d: NaiveDate) -> Option<NaiveDate> {
    add(d, -(wd(d) as i64 - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays() {
        let tue = ymd(2023, 9, 19).unwrap();
        assert_eq!(on_or_before(tue, 7, false), ymd(2023, 9, 17));
        assert_eq!(on_or_before(tue, 2, false), Some(tue));
        assert_eq!(on_or_before(tue, 2, true), ymd(2023, 9, 12));
        assert_eq!(on_or_after(tue, 1, false), ymd(2023, 9, 25));
        assert_eq!(shift_month(2023, 1, -1), (2022, 12));
        assert_eq!(shift_month(2023, 12, 1), (2024, 1));
        assert!(add(NaiveDate::MAX, 1).is_none());
    }
}
