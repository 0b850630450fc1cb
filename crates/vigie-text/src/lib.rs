//! Text analysis: language, word tokens, sentences and a folded form.
//!
//! The original text is never rewritten. Every [`Token`] and [`Sentence`]
//! carries a byte [`Span`] into it; the folded form (lower case, no accents,
//! one apostrophe and one dash, French elisions split off) lives in
//! [`Analysis::folded`], one token after another separated by single spaces,
//! so dictionaries can be matched over it and mapped back exactly.

mod filter;
mod fold;
mod lang;
mod sentences;
mod tokens;

pub use filter::{short_key, WordFilter};
pub use fold::{fold_char_into, fold_phrase, fold_str};
pub use lang::detect_lang;
pub use sentences::segment;
pub use tokens::{tokenize_into, TokenKind};

use vigie_model::{Lang, Span};

/// One word, number or punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the original text.
    pub span: Span,
    /// Bytes of [`Analysis::folded`] holding its folded form.
    pub folded: Span,
    pub kind: TokenKind,
}

/// A sentence (or a headline, a bullet, a paragraph line without a period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes of the original text, from the first token to the last.
    pub span: Span,
    /// Indices into [`Analysis::tokens`].
    pub tokens: std::ops::Range<usize>,
}

/// Everything later stages need to know about a text's words.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub lang: Option<Lang>,
    /// Folded tokens separated by one space.
    pub folded: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl Analysis {
    /// The language, `Other` when undetermined.
    pub fn language(&self) -> Lang {
        self.lang.unwrap_or(Lang::Other)
    }

    /// Folded form of token `i`.
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.folded.get(t.folded.start..t.folded.end))
            .unwrap_or("")
    }

    /// The token whose folded form starts at byte `pos` of `folded`.
    pub fn token_starting_at(&self, pos: usize) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&pos, |t| t.folded.start)
            .ok()
    }

    /// The token whose folded form ends at byte `pos` of `folded`.
    pub fn token_ending_at(&self, pos: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.folded.end < pos);
        (self.tokens.get(i)?.folded.end == pos).then_some(i)
    }

    /// Maps a span of `folded` that starts and ends on token boundaries to
    /// the token range it covers.
    pub fn folded_to_tokens(&self, span: Span) -> Option<std::ops::Range<usize>> {
        let a = self.token_starting_at(span.start)?;
        let b = self.token_ending_at(span.end)?;
        (a <= b).then_some(a..b + 1)
    }

    /// Original-text span covered by tokens `range` (empty range: `None`).
    pub fn tokens_span(&self, range: std::ops::Range<usize>) -> Option<Span> {
        if range.is_empty() {
            return None;
        }
        let first = self.tokens.get(range.start)?;
        let last = self.tokens.get(range.end - 1)?;
        Some(Span::new(first.span.start, last.span.end))
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, token: usize) -> Option<usize> {
        let s = self.sentences.partition_point(|s| s.tokens.end <= token);
        (s < self.sentences.len() && self.sentences[s].tokens.contains(&token)).then_some(s)
    }
}

/// Analyses `text`: tokens, folded form, sentences and language (`declared`
/// wins over detection).
pub fn analyse(text: &str, declared: Option<Lang>) -> Analysis {
    let mut a = Analysis {
        lang: None,
        folded: String::with_capacity(text.len() + text.len() / 8),
        tokens: Vec::with_capacity(text.len() / 5),
        sentences: Vec::new(),
    };
    tokenize_into(text, &mut a.tokens, &mut a.folded);
    a.sentences = segment(text, &a.tokens, &a.folded);
    a.lang = Some(declared.unwrap_or_else(|| detect_lang(text, &a)));
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(a: &Analysis) -> Vec<&str> {
        (0..a.tokens.len()).map(|i| a.norm(i)).collect()
    }

    #[test]
    fn folds_and_splits_elisions() {
        let t = "L’armée malienne s’est retirée d’Anéfis — «vite».";
        let a = analyse(t, None);
        assert_eq!(
            norms(&a),
            vec![
                "l'", "armee", "malienne", "s'", "est", "retiree", "d'", "anefis", "-", "\"",
                "vite", "\"", "."
            ]
        );
        for tok in &a.tokens {
            assert!(!tok.span.slice(t).is_empty());
        }
        assert_eq!(a.tokens[1].span.slice(t), "armée");
        assert_eq!(a.tokens[0].span.slice(t), "L’");
        assert_eq!(a.language(), Lang::Fr);
    }

    #[test]
    fn folded_maps_back() {
        let t = "Les FAMa à Léré.";
        let a = analyse(t, None);
        let pos = a.folded.find("lere").unwrap();
        let r = a.folded_to_tokens(Span::new(pos, pos + 4)).unwrap();
        assert_eq!(a.tokens_span(r).unwrap().slice(t), "Léré");
    }

    #[test]
    fn english_detected() {
        let a = analyse(
            "Gunmen killed at least 12 soldiers on Sunday in an attack on a base.",
            None,
        );
        assert_eq!(a.language(), Lang::En);
    }
}
