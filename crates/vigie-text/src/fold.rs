//! Folding: the comparison form of text. Lower case, accents removed,
//! typographic apostrophes, quotes and dashes unified.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends the folded form of `c` to `out`.
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '’' | '‘' | 'ʼ' | '´' | '`' | 'ʹ' | '′' => out.push('\''),
        '«' | '»' | '“' | '”' | '„' | '‟' | '‹' | '›' => out.push('"'),
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－' => {
            out.push('-')
        }
        '…' => out.push_str("..."),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'ı' => out.push('i'),
        '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
        _ => {
            let mut pushed = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                    pushed = true;
                }
            });
            if !pushed && !is_combining_mark(c) {
                out.push(c);
            }
        }
    }
}

/// Folds a string character by character (no tokenisation).
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// Folds a phrase the way [`crate::analyse`] folds a text: tokens separated by
/// single spaces. Dictionary entries use this so that they match
/// [`crate::Analysis::folded`] exactly ("L'armée  malienne" ->
/// "l' armee malienne").
pub fn fold_phrase(s: &str) -> String {
    let mut tokens = Vec::new();
    let mut folded = String::with_capacity(s.len() + 4);
    crate::tokenize_into(s, &mut tokens, &mut folded);
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            fold_str("Ségou Tillabéri ŒUVRE – «»’"),
            "segou tillaberi oeuvre - \"\"'"
        );
        assert_eq!(fold_phrase("N’Djamena"), "n' djamena");
        assert_eq!(
            fold_phrase("  Forces armées   maliennes "),
            "forces armees maliennes"
        );
        assert_eq!(fold_phrase("Sobane-Da"), "sobane - da");
    }
}
