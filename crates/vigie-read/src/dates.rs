//! Publication dates as the inputs write them: header dates (`2023-09`),
//! RFC 3339 and ISO date-times, RFC 2822 (`pubDate`).

use chrono::{DateTime, NaiveDate};
use vigie_model::DateInterval;

/// What a date string turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateParse {
    Valid(DateInterval),
    /// Shaped like a date, but the day does not exist (2023-02-30).
    Impossible,
    /// Not a date format vigie knows.
    Unrecognised,
}

/// Parses a date the way publishers write one. The calendar day is the one
/// written (the publisher's local day), not converted to UTC: a report dated
/// `2023-09-20T00:30:00+02:00` was published on the 20th where it was
/// written.
pub fn parse_date(s: &str) -> DateParse {
    let s = s.trim();
    if s.is_empty() {
        return DateParse::Unrecognised;
    }
    if let Some(d) = DateInterval::parse(s) {
        return DateParse::Valid(d);
    }
    if let Some(shape) = iso_shape(s) {
        return match shape {
            // `2023-09-19T10:00` and other date-times whose date part is fine.
            Some(d) => DateParse::Valid(d),
            None => DateParse::Impossible,
        };
    }
    rfc2822_like(s)
}

/// For strings that start like an ISO date (`YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD...`): `Some(Some(date))` when the date part exists,
/// `Some(None)` when it does not, `None` for other shapes.
fn iso_shape(s: &str) -> Option<Option<DateInterval>> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> bool {
        b.get(r.clone())
            .is_some_and(|p| p.iter().all(u8::is_ascii_digit))
    };
    if !digits(0..4) {
        return None;
    }
    if b.len() == 4 {
        return Some(DateInterval::parse(s));
    }
    if b[4] != b'-' || !digits(5..7) {
        return None;
    }
    if b.len() == 7 {
        return Some(DateInterval::parse(s));
    }
    if b.get(7) != Some(&b'-') || !digits(8..10) {
        return None;
    }
    if b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    Some(DateInterval::parse(&s[..10]))
}

/// `Tue, 19 Sep 2023 10:00:00 GMT`, also with a wrong weekday, no weekday,
/// no seconds, or only `19 Sep 2023`.
fn rfc2822_like(s: &str) -> DateParse {
    // Feeds often carry a weekday that does not match the date; the date
    // is what counts.
    let body = match s.find(',') {
        Some(i) if i <= 10 && s[..i].chars().all(char::is_alphabetic) => s[i + 1..].trim(),
        _ => s,
    };
    if let Ok(dt) = DateTime::parse_from_rfc2822(body) {
        return DateParse::Valid(DateInterval::day(dt.date_naive()));
    }
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.len() < 3 {
        return DateParse::Unrecognised;
    }
    let (day, month, year) = (words[0], words[1], words[2]);
    let month = match month_number(month) {
        Some(m) => m,
        None => return DateParse::Unrecognised,
    };
    let (Ok(day), Ok(year)) = (day.parse::<u32>(), year.parse::<i32>()) else {
        return DateParse::Unrecognised;
    };
    if !(1..=31).contains(&day) || !(1000..=9999).contains(&year) {
        return DateParse::Unrecognised;
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => DateParse::Valid(DateInterval::day(d)),
        None => DateParse::Impossible,
    }
}

fn month_number(m: &str) -> Option<u32> {
    let m = m.to_ascii_lowercase();
    let m = m.get(..3)?;
    let i = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)?;
    Some(i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(s: &str) -> String {
        match parse_date(s) {
            DateParse::Valid(d) => d.header_string(),
            DateParse::Impossible => "impossible".into(),
            DateParse::Unrecognised => "?".into(),
        }
    }

    #[test]
    fn formats() {
        for (input, want) in [
            ("2023-09", "2023-09"),
            ("2023", "2023"),
            ("2023-09-19", "2023-09-19"),
            ("2023-09-20T00:30:00+02:00", "2023-09-20"),
            ("2023-09-19T10:00", "2023-09-19"),
            ("2023-09-19 10:00:00", "2023-09-19"),
            ("Tue, 19 Sep 2023 10:00:00 GMT", "2023-09-19"),
            ("Mon, 19 Sep 2023 10:00:00 +0000", "2023-09-19"),
            ("19 Sep 2023 10:00 +0100", "2023-09-19"),
            ("2023-02-30", "impossible"),
            ("2023-02-30T10:00:00Z", "impossible"),
            ("2023-13", "impossible"),
            ("Thu, 30 Feb 2023 10:00:00 GMT", "impossible"),
            ("hier", "?"),
            ("", "?"),
            ("20230919", "?"),
        ] {
            assert_eq!(hs(input), want, "{input}");
        }
    }
}
