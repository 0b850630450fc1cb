//! Sentence segmentation over tokens, for French and English news prose.

use crate::{Sentence, Token, TokenKind};
use std::collections::HashMap;
use std::sync::OnceLock;
use vigie_model::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    Always,
    BeforeNumber,
}

fn abbreviations() -> &'static HashMap<String, Abbrev> {
    static A: OnceLock<HashMap<String, Abbrev>> = OnceLock::new();
    A.get_or_init(|| {
        let mut m = HashMap::new();
        for line in include_str!("../data/abbreviations.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or_default();
            let kind = match parts.next() {
                Some("before-number") => Abbrev::BeforeNumber,
                _ => Abbrev::Always,
            };
            m.insert(word.to_string(), kind);
        }
        m
    })
}

/// `.`, `!`, `?` or `...` (a token's folded bytes).
fn is_terminal_bytes(norm: &[u8]) -> bool {
    matches!(norm, b"." | b"!" | b"?" | b"...")
}

/// The bytes of `span` in `folded`, without the character-boundary checks
/// of a `str` slice (this is the inner loop).
#[inline]
fn folded_bytes(folded: &str, span: Span) -> &[u8] {
    folded
        .as_bytes()
        .get(span.start..span.end)
        .unwrap_or_default()
}

/// Whether token `i` closes a quote or bracket opened before it: `»`, `”`,
/// `)` may follow a space (French typography), ambiguous `"` and `'` must
/// be glued to the period.
fn closes(text: &str, tokens: &[Token], folded: &str, i: usize) -> bool {
    let g = gap(text, tokens, i - 1);
    match tokens[i].span.slice(text) {
        "»" | "”" | "’" | ")" | "]" => !g.contains('\n') && g.len() <= 4,
        _ => g.is_empty() && matches!(tokens[i].folded.slice(folded), "\"" | "'"),
    }
}

/// Splits the tokens of `text` into sentences. Every token belongs to
/// exactly one sentence; sentences are in text order.
pub fn segment(text: &str, tokens: &[Token], folded: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let norm = |i: usize| slice(folded, tokens[i].folded);
    let abbr = abbreviations();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut end = i + 1; // exclusive end of the sentence if it ends here
        let mut boundary = false;
        if is_terminal_bytes(folded_bytes(folded, tokens[i].folded))
            && !list_marker(text, tokens, start, i)
        {
            // Closing quotes and brackets stay with the sentence they end.
            while end < tokens.len() && closes(text, tokens, folded, end) {
                end += 1;
            }
            boundary = match tokens.get(end) {
                None => true,
                Some(next) => {
                    let ws = gap(text, tokens, end - 1);
                    !ws.is_empty()
                        && starts_sentence(next, text)
                        && !abbreviation_before(text, tokens, folded, i, next, abbr)
                }
            };
        } else if let Some(next) = tokens.get(end) {
            // Bytes, not a pattern search: this runs between every two tokens.
            let ws = text
                .as_bytes()
                .get(tokens[i].span.end..next.span.start)
                .unwrap_or_default();
            let newlines = ws.iter().filter(|&&b| b == b'\n').count();
            if newlines >= 2 {
                boundary = true;
            } else if newlines == 1 {
                // A hard-wrapped line goes on in lower case after a word or
                // a comma; anything else after a line break is a new unit
                // (headline, bullet, paragraph).
                let continues = next
                    .span
                    .slice(text)
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase())
                    && (tokens[i].kind != TokenKind::Punct || norm(i) == ",");
                boundary = !continues;
            }
        } else {
            boundary = true;
        }
        if boundary || end >= tokens.len() {
            let end = end.min(tokens.len());
            out.push(Sentence {
                span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
                tokens: start..end,
            });
            start = end;
            i = end;
        } else {
            i = end;
        }
    }
    if start < tokens.len() {
        out.push(Sentence {
            span: Span::new(tokens[start].span.start, tokens[tokens.len() - 1].span.end),
            tokens: start..tokens.len(),
        });
    }
    out
}

/// Whether the period at `dot` closes the number of a numbered list item
/// ("1. Les faits") that opens the unit starting at token `start`.
fn list_marker(text: &str, tokens: &[Token], start: usize, dot: usize) -> bool {
    dot == start + 1
        && tokens[start].kind == TokenKind::Number
        && tokens[start].span.len() <= 3
        && tokens[start].span.end == tokens[dot].span.start
        && tokens[dot].span.slice(text) == "."
}

/// `span` of `s`, inlined (this is the inner loop).
#[inline]
fn slice(s: &str, span: Span) -> &str {
    s.get(span.start..span.end).unwrap_or("")
}

/// Text between token `i` and token `i + 1`.
fn gap<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    match tokens.get(i + 1) {
        Some(n) => text.get(tokens[i].span.end..n.span.start).unwrap_or(""),
        None => "",
    }
}

fn starts_sentence(next: &Token, text: &str) -> bool {
    let c = match next.span.slice(text).chars().next() {
        Some(c) => c,
        None => return false,
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '«' | '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '–' | '—' | '•' | '*' | '¿' | '¡'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// Whether the period at token `dot` closes an abbreviation or an initial
/// rather than a sentence.
fn abbreviation_before(
    text: &str,
    tokens: &[Token],
    folded: &str,
    dot: usize,
    next: &Token,
    abbr: &HashMap<String, Abbrev>,
) -> bool {
    if tokens[dot].folded.slice(folded) != "." || dot == 0 {
        return false;
    }
    let prev = &tokens[dot - 1];
    if prev.span.end != tokens[dot].span.start || prev.kind != TokenKind::Word {
        return false;
    }
    let raw = prev.span.slice(text);
    // A single capital letter is an initial ("J. Dupont").
    let mut chars = raw.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    match abbr.get(prev.folded.slice(folded)) {
        Some(Abbrev::Always) => true,
        Some(Abbrev::BeforeNumber) => next.kind == TokenKind::Number,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::analyse;

    fn sents(t: &str) -> Vec<String> {
        let a = analyse(t, None);
        a.sentences
            .iter()
            .map(|s| s.span.slice(t).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("Le Gén. Diarra a parlé à M. Touré. Les U.S. forces left. J. Smith said so."),
            vec![
                "Le Gén. Diarra a parlé à M. Touré.",
                "Les U.S. forces left.",
                "J. Smith said so."
            ]
        );
    }

    #[test]
    fn quotes_headlines_decimals() {
        assert_eq!(
            sents("Attaque à Bourem\nIl a dit : « c'est fini. » Puis 2.5 km plus loin. Sept. 12 was calm."),
            vec![
                "Attaque à Bourem",
                "Il a dit : « c'est fini. »",
                "Puis 2.5 km plus loin.",
                "Sept. 12 was calm."
            ]
        );
    }

    #[test]
    fn bullets() {
        assert_eq!(
            sents("Bilan :\n- 12 morts\n- 8 blessés"),
            vec!["Bilan :", "- 12 morts", "- 8 blessés"]
        );
    }
}
