//! Word tokens with byte offsets.

use crate::fold::fold_char_into;
use crate::Token;
use vigie_model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, with internal apostrophes ("aujourd'hui") and dotted
    /// initialisms ("U.S.").
    Word,
    /// Digits, with internal separators ("1,500", "2.5", "10 000") and
    /// attached letters ("1er", "12th", "9h30").
    Number,
    /// Any other single character.
    Punct,
}

/// French elided forms that are split from the following word.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "presqu", "quoiqu",
    "quelqu",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Thin spaces used as thousands separators in French numbers.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Tokenises `text`, appending tokens to `tokens` and their folded forms,
/// separated by single spaces, to `folded`.
pub fn tokenize_into(text: &str, tokens: &mut Vec<Token>, folded: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        // Most tokens are plain ASCII words, spaces and ASCII punctuation:
        // read and folded in one pass each, without the general path's
        // decoding and re-scans. The tests below are those of the general
        // path restricted to ASCII, so both give the same tokens.
        if b < 0x21 || b == 0x7f {
            // ASCII white space and control characters.
            i += 1;
            continue;
        }
        if b.is_ascii_alphabetic() {
            let mut j = i + 1;
            let mut class = ASCII_CLASS[usize::from(b)];
            while let Some(&c) = bytes.get(j) {
                let k = ASCII_CLASS[usize::from(c)];
                if k & ALNUM == 0 {
                    break;
                }
                class |= k;
                j += 1;
            }
            let upper = class & UPPER != 0;
            // As in `scan_word`: an apostrophe, a period or a non-ASCII
            // character may continue the word; the general path decides.
            if j == n || (bytes[j] < 0x80 && !matches!(bytes[j], b'\'' | b'.')) {
                push_ascii(text, i, j, upper, TokenKind::Word, tokens, folded);
                i = j;
                continue;
            }
        } else if b < 0x80 && !b.is_ascii_digit() {
            // Lone ASCII punctuation: one character, folded as itself.
            push_ascii(text, i, i + 1, false, TokenKind::Punct, tokens, folded);
            i += 1;
            continue;
        }
        // ASCII is most of the text: no UTF-8 decoding for it.
        let c = if b < 0x80 {
            b as char
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let cl = c.len_utf8();
        if c.is_whitespace() || c.is_control() {
            i += cl;
            continue;
        }
        if !folded.is_empty() {
            folded.push(' ');
        }
        let fstart = folded.len();
        let start = i;
        let kind;
        if c.is_ascii_digit() {
            kind = TokenKind::Number;
            i = scan_number(text, i);
        } else if is_word_char(c) {
            kind = TokenKind::Word;
            i = scan_word(text, i);
        } else {
            kind = TokenKind::Punct;
            i += cl;
        }
        let tok = &text[start..i];
        if tok.is_ascii() && (kind != TokenKind::Number || !tok.contains(' ')) {
            folded.push_str(tok);
            folded[fstart..].make_ascii_lowercase();
        } else {
            for ch in tok.chars() {
                // "10 000" folds to "10000": a folded token never holds a space.
                if kind == TokenKind::Number && is_group_space(ch) {
                    continue;
                }
                fold_char_into(ch, folded);
            }
        }
        // Folding never yields an empty form for a real token, but a lone
        // combining mark could: keep a placeholder so spans stay non-empty.
        if folded.len() == fstart {
            folded.push('_');
        }
        tokens.push(Token {
            span: Span::new(start, i),
            folded: Span::new(fstart, folded.len()),
            kind,
        });
    }
}

const ALNUM: u8 = 1;
const UPPER: u8 = 2;

/// `ALNUM` for ASCII letters and digits, `UPPER` for capitals: the word
/// scan reads one table entry per byte.
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] |= ALNUM;
        }
        if c.is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        b += 1;
    }
    t
};

/// Appends the token `text[start..end]`, ASCII without white space, and
/// its lower-case form (`upper`: it has capitals).
#[inline(always)]
fn push_ascii(
    text: &str,
    start: usize,
    end: usize,
    upper: bool,
    kind: TokenKind,
    tokens: &mut Vec<Token>,
    folded: &mut String,
) {
    if !folded.is_empty() {
        folded.push(' ');
    }
    let fstart = folded.len();
    folded.push_str(&text[start..end]);
    if upper {
        folded[fstart..].make_ascii_lowercase();
    }
    tokens.push(Token {
        span: Span::new(start, end),
        folded: Span::new(fstart, folded.len()),
        kind,
    });
}

fn scan_number(text: &str, mut i: usize) -> usize {
    let start = i;
    let b = text.as_bytes();
    let n = b.len();
    while i < n {
        let c = b[i];
        // Digits, and "." or "," between digits ("2.5", "1,500").
        if c.is_ascii_digit()
            || ((c == b'.' || c == b',') && i + 1 < n && b[i + 1].is_ascii_digit())
        {
            i += 1;
        } else if let Some(ch) = text[i..].chars().next() {
            // "10 000" / "10 000": a group of exactly three digits follows,
            // and the number so far is grouped by three from a leading group
            // of one to three digits ("en 2015 120 morts" is two numbers).
            if is_group_space(ch) && i > 0 && b[i - 1].is_ascii_digit() {
                let after = i + ch.len_utf8();
                let digits = b[after..].iter().take_while(|d| d.is_ascii_digit()).count();
                if digits == 3 && grouped_by_three(&text[start..i]) {
                    i = after;
                    continue;
                }
            }
            if ch.is_alphabetic() {
                // "1er", "12th", "9h30": letters glued to the digits.
                i += ch.len_utf8();
                while let Some(ch) = text[i..].chars().next() {
                    if ch.is_alphanumeric() {
                        i += ch.len_utf8();
                    } else {
                        break;
                    }
                }
            }
            break;
        } else {
            break;
        }
    }
    i
}

/// Whether `s` (digits and group spaces only) reads as `1`, `12`, `123`,
/// `1 234`, `12 345 678`...
fn grouped_by_three(s: &str) -> bool {
    let mut groups = s.split(is_group_space);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
}

fn scan_word(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut j = start;
    while j < b.len() && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    // Plain ASCII words end at the first ASCII character that is neither an
    // apostrophe nor a period; the rest takes the careful path.
    if j == b.len() || (b[j] < 0x80 && !matches!(b[j], b'\'' | b'.')) {
        return j;
    }
    let mut i = j;
    // Inside a dotted initialism ("U.S.A."): known without rescanning the
    // word, which would be quadratic on "U.U.U.U...".
    let mut dotted = false;
    let mut chars = text[j..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let pos = j + off;
        if is_word_char(c) {
            i = pos + c.len_utf8();
            continue;
        }
        if is_apostrophe(c) {
            let next = chars.peek().map(|&(_, n)| n);
            if !next.is_some_and(|n| n.is_alphabetic()) {
                break;
            }
            let word = &text[start..pos];
            if is_elision(word) {
                // "l’" is a token of its own, apostrophe included.
                return pos + c.len_utf8();
            }
            // English possessive: "Niger's" -> "Niger" + "'s".
            let rest = &text[pos + c.len_utf8()..];
            let mut rc = rest.chars();
            if matches!(rc.next(), Some('s' | 'S')) && !rc.next().is_some_and(is_word_char) {
                break;
            }
            i = pos + c.len_utf8();
            continue;
        }
        if c == '.' {
            // Dotted initialisms: "U.S.", "U.N.": single letters between dots.
            let word = &text[start..pos];
            if dotted || word.chars().nth(1).is_none() {
                let rest = &text[pos + 1..];
                let mut rc = rest.chars();
                let a = rc.next();
                let b = rc.next();
                if a.is_some_and(|a| a.is_alphabetic()) && b == Some('.') {
                    chars.next();
                    chars.next();
                    i = pos + 1 + a.map_or(0, |a| a.len_utf8()) + 1;
                    dotted = true;
                    // Keep going only through the same pattern.
                    continue;
                }
            }
        }
        break;
    }
    i
}

fn is_elision(word: &str) -> bool {
    if word.len() > 7 {
        return false;
    }
    let lower: String = word.chars().flat_map(|c| c.to_lowercase()).collect();
    ELISIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<(String, TokenKind)> {
        let mut v = Vec::new();
        let mut f = String::new();
        tokenize_into(t, &mut v, &mut f);
        v.iter()
            .map(|tok| (tok.span.slice(t).to_string(), tok.kind))
            .collect()
    }

    #[test]
    fn numbers() {
        let t = toks("1er octobre, 10 000 déplacés, 2.5 km, 9h30, 1,500 people.");
        let nums: Vec<_> = t
            .iter()
            .filter(|(_, k)| *k == TokenKind::Number)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(nums, vec!["1er", "10 000", "2.5", "9h30", "1,500"]);
    }

    #[test]
    fn ascii_words_fold_like_others() {
        let t = "The FAMa\u{7f}took Kidal:again.  Tessit\tJNIM's";
        let mut v = Vec::new();
        let mut f = String::new();
        tokenize_into(t, &mut v, &mut f);
        assert_eq!(f, "the fama took kidal : again . tessit jnim ' s");
        let spans: Vec<&str> = v.iter().map(|x| x.span.slice(t)).collect();
        assert_eq!(spans[1], "FAMa");
        assert_eq!(spans[8], "JNIM");
        assert!(v.iter().all(|x| x.folded.slice(&f) != " "));
    }

    #[test]
    fn words() {
        let t = toks("aujourd'hui les U.S. forces, Niger's army, qu’il");
        let words: Vec<_> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            words,
            vec![
                "aujourd'hui",
                "les",
                "U.S.",
                "forces",
                ",",
                "Niger",
                "'",
                "s",
                "army",
                ",",
                "qu’",
                "il"
            ]
        );
    }
}
