//! Numbers of people in digits and words, French and English: "14",
//! "1 200", "quatorze", "quatre-vingt-dix", "twenty-one", "une vingtaine",
//! "dozens", with the modifiers that keep their value ("au moins", "at least").

use crate::fatalities::{Role, Scan, MAX_COUNT};
use std::ops::Range;
use vigie_model::Lang;
use vigie_text::{Analysis, TokenKind};

impl Scan<'_> {
    /// A number expression at `i`: value, tokens, approximate. Modifiers are
    /// part of it ("au moins quatorze").
    pub(crate) fn number_at(
        &self,
        text: &str,
        a: &Analysis,
        i: usize,
        end: usize,
    ) -> Option<(u32, Range<usize>, bool)> {
        // Most tokens are neither digits nor the start of a phrase: none of
        // the readings below can begin there.
        if self.starts_nothing(i) && a.tokens.get(i).is_some_and(|t| t.kind != TokenKind::Number) {
            return None;
        }
        let start = i;
        let mut j = i;
        let mut approx = false;
        while let Some((n, Role::Modifier)) = self.role_at(a, j, end) {
            j += n;
            approx = true;
        }
        let tok = a.tokens.get(j)?;
        if j >= end {
            return None;
        }
        if tok.kind == TokenKind::Number {
            let raw = tok.span.slice(text);
            let v = parse_grouped(raw)?;
            if v > MAX_COUNT {
                return None;
            }
            // "50-year-old", "2-1": not a count of people.
            if a.norm(j + 1) == "-" && j + 1 < end {
                return None;
            }
            // "le 12", "du 8 au 9", "on 12": a day unless victims follow.
            let day_before = j > 0
                && matches!(
                    a.norm(j - 1),
                    "le" | "du" | "au" | "on" | "depuis" | "since"
                );
            if day_before && !matches!(self.role_at(a, j + 1, end), Some((_, Role::Victim(_)))) {
                return None;
            }
            // A year ("since 2015") counts nobody unless a victim noun follows.
            if (1900..=2100).contains(&v) && raw.len() == 4 {
                match self.role_at(a, j + 1, end) {
                    Some((_, Role::Victim(_) | Role::Outcome(_))) => {}
                    _ => return None,
                }
            }
            // "2 dozen"
            if let Some((n, Role::Times(m))) = self.role_at(a, j + 1, end) {
                return Some((v.saturating_mul(m), start..j + 1 + n, approx));
            }
            return Some((v, start..j + 1, approx));
        }
        if let Some((n, Role::Vague(v))) = self.role_at(a, j, end) {
            return Some((v, start..j + n, true));
        }
        // Number words: "vingt-trois", "quatre-vingt-dix", "one hundred and five".
        let mut total: u32 = 0;
        let mut current: u32 = 0;
        let mut any = false;
        let mut k = j;
        let mut last_end = j;
        while k < end {
            let norm = a.norm(k);
            if any && (norm == "-" || norm == "et" || norm == "and") {
                k += 1;
                continue;
            }
            // French "a" is a verb, not "one".
            if !any && matches!(norm, "a" | "an") && a.language() == Lang::Fr {
                break;
            }
            match self.role_at(a, k, end) {
                Some((n, Role::Number(v))) => {
                    if v == 20 && current % 100 == 4 && any {
                        // quatre-vingt(s)
                        current += 76;
                    } else {
                        current += v;
                    }
                    any = true;
                    k += n;
                    last_end = k;
                }
                Some((n, Role::Times(m))) if any || m == 100 || m == 1000 => {
                    if m >= 1000 {
                        total += current.max(1) * m;
                        current = 0;
                    } else {
                        current = current.max(1) * m;
                    }
                    any = true;
                    k += n;
                    last_end = k;
                }
                _ => break,
            }
        }
        if !any {
            return None;
        }
        let v = total + current;
        (v <= MAX_COUNT).then_some((v, start..last_end, approx))
    }

    /// A digit token or a number word at `k` (no modifiers).
    pub(crate) fn number_at_plain(
        &self,
        a: &Analysis,
        k: usize,
        end: usize,
    ) -> Option<(u32, Range<usize>, bool)> {
        if a.tokens.get(k)?.kind == TokenKind::Number {
            return Some((0, k..k + 1, false));
        }
        match self.role_at(a, k, end) {
            Some((n, Role::Number(v) | Role::Vague(v))) => Some((v, k..k + n, false)),
            _ => None,
        }
    }
}

/// "1 200", "1,200", "14": digits with group separators, without building a
/// string per number. `None` when another character appears, no digit does,
/// or the value overflows (as `str::parse::<u32>` would).
fn parse_grouped(raw: &str) -> Option<u32> {
    let mut v: u32 = 0;
    let mut any = false;
    for c in raw.chars() {
        if matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | ',') {
            continue;
        }
        let d = c.to_digit(10).filter(|_| c.is_ascii_digit())?;
        v = v.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(v)
}

#[cfg(test)]
mod tests {
    use super::parse_grouped;

    #[test]
    fn grouped_digits_parse_like_the_string_did() {
        assert_eq!(parse_grouped("14"), Some(14));
        assert_eq!(parse_grouped("1 200"), Some(1200));
        assert_eq!(parse_grouped("1,200"), Some(1200));
        assert_eq!(parse_grouped("1\u{202f}200"), Some(1200));
        assert_eq!(parse_grouped("007"), Some(7));
        assert_eq!(parse_grouped(","), None);
        assert_eq!(parse_grouped("12a"), None);
        assert_eq!(parse_grouped("4294967296"), None);
    }
}
