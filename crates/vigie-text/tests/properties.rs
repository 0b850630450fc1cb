//! Properties every analysis keeps, on any text: spans slice the original
//! exactly, tokens are ordered and disjoint, sentences partition the tokens,
//! and the folded form lines up with the tokens.

use proptest::prelude::*;
use vigie_model::Span;
use vigie_text::{analyse, fold_str, Analysis};

fn check(text: &str) {
    let a = analyse(text, None);
    check_tokens(text, &a);
    check_folded(text, &a);
    check_sentences(text, &a);
}

fn check_tokens(text: &str, a: &Analysis) {
    let mut prev_end = 0;
    for (i, t) in a.tokens.iter().enumerate() {
        assert!(t.span.start < t.span.end, "empty token {i} in {text:?}");
        assert!(t.span.start >= prev_end, "token {i} overlaps in {text:?}");
        let s = text.get(t.span.start..t.span.end);
        assert!(
            s.is_some(),
            "token {i} {:?} off char boundaries in {text:?}",
            t.span
        );
        assert!(
            !s.unwrap().starts_with(char::is_whitespace)
                && !s.unwrap().ends_with(char::is_whitespace),
            "token {i} {:?} has white space at an edge in {text:?}",
            s
        );
        prev_end = t.span.end;
        // Only white space and control characters lie between tokens.
        if let Some(next) = a.tokens.get(i + 1) {
            let gap = &text[t.span.end..next.span.start];
            assert!(
                gap.chars().all(|c| c.is_whitespace() || c.is_control()),
                "text {gap:?} dropped between tokens in {text:?}"
            );
        }
    }
    let covered_start = a.tokens.first().map_or(text.len(), |t| t.span.start);
    assert!(text[..covered_start]
        .chars()
        .all(|c| c.is_whitespace() || c.is_control()));
    assert!(text[prev_end..]
        .chars()
        .all(|c| c.is_whitespace() || c.is_control()));
}

fn check_folded(text: &str, a: &Analysis) {
    let mut expect_start = 0;
    for (i, t) in a.tokens.iter().enumerate() {
        assert_eq!(
            t.folded.start, expect_start,
            "folded token {i} misplaced in {text:?}"
        );
        let f = a.norm(i);
        assert!(!f.is_empty());
        assert!(
            !f.contains(' '),
            "folded token {f:?} holds a space in {text:?}"
        );
        let original = t.span.slice(text);
        let refolded: String = fold_str(original).chars().filter(|c| *c != ' ').collect();
        assert!(
            f == refolded || (f == "_" && refolded.is_empty()),
            "token {original:?} folds to {f:?}, not {refolded:?}"
        );
        // Folded spans map back to exactly this token.
        assert_eq!(a.folded_to_tokens(t.folded), Some(i..i + 1));
        assert_eq!(a.tokens_span(i..i + 1), Some(t.span));
        expect_start = t.folded.end + 1;
    }
    let joined: Vec<&str> = (0..a.tokens.len()).map(|i| a.norm(i)).collect();
    assert_eq!(a.folded, joined.join(" "));
}

fn check_sentences(text: &str, a: &Analysis) {
    let mut next_token = 0;
    for (k, s) in a.sentences.iter().enumerate() {
        assert_eq!(
            s.tokens.start, next_token,
            "sentence {k} skips tokens in {text:?}"
        );
        assert!(!s.tokens.is_empty(), "empty sentence {k} in {text:?}");
        assert_eq!(Some(s.span), a.tokens_span(s.tokens.clone()));
        assert!(text.get(s.span.start..s.span.end).is_some());
        for t in s.tokens.clone() {
            assert_eq!(a.sentence_of(t), Some(k));
            assert!(s.span.contains(a.tokens[t].span));
        }
        next_token = s.tokens.end;
    }
    assert_eq!(
        next_token,
        a.tokens.len(),
        "tokens left out of sentences in {text:?}"
    );
    let spans: Vec<Span> = a.sentences.iter().map(|s| s.span).collect();
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
}

/// Characters news text is made of, weighted towards the tricky ones.
const ALPHABET: &str = "aeéèêiïoôuùüyœæçAÉÈOŒÇbcdlmnqrstxzLMDNQUS.,;:!?…'’ʼ‘\"«»“”()[]-‐–—−•*0123456789 \u{a0}\u{202f}\u{2009}\n\t\r\u{0301}\u{0300}ßøłıﬁ/&%$€°";

fn news_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..200).prop_map(|v| v.into_iter().collect())
}

fn words() -> impl Strategy<Value = String> {
    let pieces = vec![
        "M.",
        "Gén.",
        "Lt.",
        "U.S.",
        "J.",
        "2.5",
        "1 500",
        "10 000",
        "l’",
        "d'",
        "qu’",
        "aujourd'hui",
        "Niger's",
        "«",
        "»",
        "\"",
        ".",
        "!",
        "?",
        "...",
        "\n",
        "\n\n",
        "- ",
        "• ",
        "Sept.",
        "sept.",
        "12",
        "1er",
        "9h30",
        "L’armée",
        "Les",
        "the",
        "a-t-il",
        "N’Djamena",
        "etc.",
        "(AFP)",
        "p.m.",
        "",
        " ",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_string(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn news_like_characters(s in news_text()) {
        check(&s);
    }

    #[test]
    fn news_like_words(s in words()) {
        check(&s);
    }
}

#[test]
fn regressions() {
    for t in [
        "",
        " ",
        "\u{301}",
        "a\u{301}",
        "1 500",
        "1\u{a0}500 morts.",
        "10 000 000 déplacés",
        "U.S.A.",
        "l’",
        "l’ armée",
        "'s",
        "ﬁn",
        "Ⅻ",
        "ǅ",
    ] {
        check(t);
    }
}

/// Long runs of one pattern stay linear (dotted initialisms were rescanned
/// at each dot: quadratic).
#[test]
fn long_runs_are_linear() {
    for unit in ["U.", "l'", ".»)", "1 000 ", "« ", "A\n", "a\u{301}"] {
        let text = unit.repeat(100_000);
        let started = std::time::Instant::now();
        let a = analyse(&text, None);
        assert!(!a.tokens.is_empty());
        assert!(
            started.elapsed().as_secs() < 5,
            "{unit:?} x 100000 took {:?}",
            started.elapsed()
        );
    }
}
