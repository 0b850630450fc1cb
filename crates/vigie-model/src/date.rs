use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How precisely a date is known (ACLED time_precision 1/2/3, plus year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }

    /// ACLED's numeric time_precision (1 day, 2 week, 3 month or coarser).
    pub fn acled_code(self) -> u8 {
        match self {
            Precision::Day => 1,
            Precision::Week => 2,
            Precision::Month | Precision::Year => 3,
        }
    }

    /// The precision an interval of `days` days deserves.
    pub fn for_span_days(days: i64) -> Precision {
        match days {
            ..=1 => Precision::Day,
            2..=10 => Precision::Week,
            11..=45 => Precision::Month,
            _ => Precision::Year,
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A closed interval of calendar days that surely holds a date, with the
/// precision it is known to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateInterval {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub precision: Precision,
}

impl DateInterval {
    pub fn day(d: NaiveDate) -> Self {
        DateInterval {
            earliest: d,
            latest: d,
            precision: Precision::Day,
        }
    }

    pub fn new(earliest: NaiveDate, latest: NaiveDate, precision: Precision) -> Self {
        let (earliest, latest) = if earliest <= latest {
            (earliest, latest)
        } else {
            (latest, earliest)
        };
        DateInterval {
            earliest,
            latest,
            precision,
        }
    }

    /// The whole month `year-month`; `None` for a month that does not exist.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(DateInterval::new(
            first,
            next - Duration::days(1),
            Precision::Month,
        ))
    }

    /// The whole year; `None` outside chrono's range.
    pub fn year(year: i32) -> Option<Self> {
        Some(DateInterval::new(
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
            Precision::Year,
        ))
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time
    /// (its date part). `None` for anything else, including days that do
    /// not exist (2023-02-30).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) && !part.is_empty() {
                part.parse().ok()
            } else {
                None
            }
        };
        match b.len() {
            4 => DateInterval::year(digits(0..4)? as i32),
            7 if b[4] == b'-' => DateInterval::month(digits(0..4)? as i32, digits(5..7)?),
            n if n >= 10 && b[4] == b'-' && b[7] == b'-' => {
                if n > 10 && !matches!(b[10], b'T' | b't' | b' ') {
                    return None;
                }
                let d =
                    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
                Some(DateInterval::day(d))
            }
            _ => None,
        }
    }

    /// Number of days in the interval (1 for a single day).
    pub fn days(&self) -> i64 {
        (self.latest - self.earliest).num_days() + 1
    }

    /// The single best date: the day itself, or the middle of the interval
    /// (ACLED codes a known week or month to its middle).
    pub fn best(&self) -> NaiveDate {
        self.earliest + Duration::days((self.latest - self.earliest).num_days() / 2)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.earliest <= d && d <= self.latest
    }

    /// How the interval is written in a document header: `2023`, `2023-09`
    /// or `2023-09-17`, following its precision and bounds.
    pub fn header_string(&self) -> String {
        let e = self.earliest;
        match self.precision {
            Precision::Day if self.days() == 1 => e.format("%Y-%m-%d").to_string(),
            Precision::Month if e.day() == 1 && self.latest.month() == e.month() => {
                e.format("%Y-%m").to_string()
            }
            Precision::Year if e.ordinal() == 1 && self.latest.year() == e.year() => {
                e.format("%Y").to_string()
            }
            _ => format!(
                "{}/{}",
                e.format("%Y-%m-%d"),
                self.latest.format("%Y-%m-%d")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_dates() {
        let m = DateInterval::parse("2023-09").unwrap();
        assert_eq!(m.precision, Precision::Month);
        assert_eq!(m.days(), 30);
        assert_eq!(m.header_string(), "2023-09");
        let d = DateInterval::parse("2023-09-19").unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.header_string(), "2023-09-19");
        assert_eq!(
            DateInterval::parse("2024-02-29T10:00:00Z")
                .unwrap()
                .header_string(),
            "2024-02-29"
        );
        assert_eq!(DateInterval::parse("2023").unwrap().days(), 365);
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "23-09-01",
            "2023-9-1",
            "",
            "2023-09-19X",
            "abcd",
        ] {
            assert!(DateInterval::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn best_is_middle() {
        let m = DateInterval::parse("2023-09").unwrap();
        assert_eq!(m.best(), NaiveDate::from_ymd_opt(2023, 9, 15).unwrap());
    }
}
