//! Plain text with an optional ` date YYYY[-MM[-DD]]` header, on its own
//! line or inline before the text.

use crate::dates::{parse_date, DateParse};
use vigie_model::{DateInterval, Document};

/// What the start of a plain-text file holds.
pub(crate) enum Header<'a> {
    /// No header: the whole input is the text.
    None,
    /// A header with a valid date; the text follows.
    Date(DateInterval, &'a str),
    /// A header whose date does not exist (`date 2023-02-30`).
    Impossible(&'a str),
}

/// Splits the date header from the text. A header is the word `date`, white
/// space and a token shaped like `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a text
/// that merely starts with the word "date" is left alone.
pub(crate) fn split_header(raw: &str) -> Header<'_> {
    let t = raw.trim_start();
    let Some(rest) = t.strip_prefix("date") else {
        return Header::None;
    };
    if !rest.starts_with(char::is_whitespace) {
        return Header::None;
    }
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..end];
    if !is_header_date_shape(token) {
        return Header::None;
    }
    match parse_date(token) {
        DateParse::Valid(d) => Header::Date(d, &rest[end..]),
        DateParse::Impossible | DateParse::Unrecognised => Header::Impossible(token),
    }
}

fn is_header_date_shape(t: &str) -> bool {
    let b = t.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    match b.len() {
        4 => (0..4).all(d),
        7 => (0..4).all(d) && b[4] == b'-' && d(5) && d(6),
        10 => (0..4).all(d) && b[4] == b'-' && d(5) && d(6) && b[7] == b'-' && d(8) && d(9),
        _ => false,
    }
}

/// A plain-text document with an optional ` date YYYY[-MM[-DD]]` header,
/// on its own line or inline before the text. Lenient: a header whose date
/// does not exist is dropped and the document has no date (the batch
/// readers report it as an error instead).
pub fn plain_text(id: &str, raw: &str, origin: &str) -> Document {
    let (published, text) = match split_header(raw) {
        Header::None => (None, raw),
        Header::Date(d, text) => (Some(d), text),
        Header::Impossible(_) => (None, header_text(raw)),
    };
    let mut doc = Document::new(id, text.trim());
    doc.published = published;
    doc.origin = origin.to_string();
    doc
}

/// The text after a header line, whatever its date.
fn header_text(raw: &str) -> &str {
    let t = raw.trim_start().trim_start_matches("date").trim_start();
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    &t[end..]
}

/// Strict form used by the readers: an impossible header date or a header
/// with no text after it is an error.
pub(crate) fn read_plain(id: &str, raw: &str, origin: &str) -> Result<Document, String> {
    match split_header(raw) {
        Header::Impossible(tok) => Err(format!(
            "date header {tok:?} is not a date that exists (YYYY, YYYY-MM or YYYY-MM-DD)"
        )),
        Header::Date(_, text) if text.trim().is_empty() => {
            Err("no text after the date header".into())
        }
        _ => Ok(plain_text(id, raw, origin)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_model::Precision;

    #[test]
    fn inline_and_own_line_headers() {
        let d = plain_text("a", " date 2023-09 Les combattants du CSP.", "a.txt");
        assert_eq!(d.text, "Les combattants du CSP.");
        assert_eq!(d.published.unwrap().precision, Precision::Month);
        let d = plain_text("a", "date 2023-09-19\r\nLes combattants.\n", "a.txt");
        assert_eq!(d.text, "Les combattants.");
        assert_eq!(d.published.unwrap().header_string(), "2023-09-19");
        let d = plain_text("a", "date 2021\nTexte.", "a.txt");
        assert_eq!(d.published.unwrap().precision, Precision::Year);
    }

    #[test]
    fn no_header() {
        for raw in [
            "Les combattants.",
            "date limite des inscriptions: demain",
            "dates 2023 x",
        ] {
            let d = plain_text("a", raw, "a.txt");
            assert_eq!(d.text, raw);
            assert!(d.published.is_none());
        }
    }

    #[test]
    fn impossible_header() {
        assert!(read_plain("a", "date 2023-02-30 Texte.", "a.txt")
            .unwrap_err()
            .contains("2023-02-30"));
        assert!(read_plain("a", "date 2023-13\nTexte.", "a.txt").is_err());
        assert!(read_plain("a", " date 2023-09-19 \n", "a.txt").is_err());
        let lenient = plain_text("a", "date 2023-02-30 Texte.", "a.txt");
        assert_eq!(lenient.text, "Texte.");
        assert!(lenient.published.is_none());
    }
}
