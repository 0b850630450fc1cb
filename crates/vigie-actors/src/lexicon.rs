//! Shared mechanics of the data files: TSV lines with their numbers, and
//! phrases matched token by token against an [`Analysis`].

use crate::error::{data_err, ActorError};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use vigie_text::Analysis;

/// Articles left out of a mention's words ("le CSP" -> "CSP").
pub(crate) const DETERMINERS: &[&str] = &[
    "le", "la", "les", "l'", "des", "un", "une", "the", "a", "an", "ce", "cette", "ces", "ses",
    "its", "their",
];

/// A data line: its 1-based number and its tab-separated fields.
pub(crate) struct Line<'a> {
    pub no: usize,
    pub fields: Vec<&'a str>,
}

/// The meaningful lines of a TSV file: blank lines and `#` comments are
/// skipped; fields are trimmed of surrounding spaces.
pub(crate) fn tsv_lines(content: &str) -> impl Iterator<Item = Line<'_>> {
    content.lines().enumerate().filter_map(|(i, raw)| {
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            return None;
        }
        Some(Line {
            no: i + 1,
            fields: raw.split('\t').map(str::trim).collect(),
        })
    })
}

/// Folded tokens of a dictionary phrase; a final `*` makes the last token a
/// prefix. Errors on an empty phrase.
pub(crate) fn phrase_tokens(
    phrase: &str,
    file: &str,
    line: usize,
) -> Result<(Vec<String>, bool), ActorError> {
    let (body, wildcard) = match phrase.strip_suffix('*') {
        Some(b) => (b, true),
        None => (phrase, false),
    };
    let folded = fold_elided(body);
    let toks: Vec<String> = folded
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect();
    if toks.is_empty() {
        return Err(data_err(file, line, format!("empty phrase {phrase:?}")));
    }
    Ok((toks, wildcard))
}

struct Entry<T> {
    tokens: Vec<String>,
    wildcard: bool,
    value: T,
}

impl<T> Entry<T> {
    /// Whether the phrase is at token `i`, its first word known to be the
    /// token (entries looked up by their first word).
    fn matches_after_first(&self, a: &Analysis, i: usize) -> bool {
        let n = self.tokens.len();
        self.tokens.iter().enumerate().skip(1).all(|(k, t)| {
            let norm = a.norm(i + k);
            if self.wildcard && k == n - 1 {
                norm.starts_with(t.as_str())
            } else {
                norm == t
            }
        })
    }

    #[inline]
    fn is_at(&self, a: &Analysis, i: usize, first_known: bool) -> bool {
        if first_known {
            self.matches_after_first(a, i)
        } else {
            self.matches(a, i)
        }
    }

    fn matches(&self, a: &Analysis, i: usize) -> bool {
        let n = self.tokens.len();
        self.tokens.iter().enumerate().all(|(k, t)| {
            let norm = a.norm(i + k);
            if self.wildcard && k == n - 1 {
                norm.starts_with(t.as_str())
            } else {
                norm == t
            }
        })
    }
}

/// A word-at-a-time hash for short keys (folded tokens): the lookup runs
/// several times per token, where SipHash dominated the resolvers' time.
/// Keys come from our own data files, so flooding is no concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Phrases matched at a token position, longest first.
pub(crate) struct PhraseSet<T> {
    by_first: FastMap<String, Vec<usize>>,
    /// `by_first` for first words of up to 7 bytes, keyed by
    /// [`vigie_text::short_key`]: an integer is hashed and compared
    /// without a loop or a call, and most words of a text are short.
    by_short: FastMap<u64, Vec<usize>>,
    /// The keys of `by_first`: most tokens are told apart from them without
    /// hashing.
    first_words: vigie_text::WordFilter,
    /// One-word prefixes ("tué*"), in file order, by their first byte: a
    /// token can only start with a prefix that starts with its first byte.
    wild_first: Vec<Vec<usize>>,
    entries: Vec<Entry<T>>,
    seen: HashMap<(Vec<String>, bool), usize>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_first: FastMap::default(),
            by_short: FastMap::default(),
            first_words: vigie_text::WordFilter::new(),
            wild_first: vec![Vec::new(); 256],
            entries: Vec::new(),
            seen: HashMap::new(),
        }
    }
}

impl<T> PhraseSet<T> {
    /// Adds a phrase; a phrase already present is an error naming both lines.
    pub fn insert(
        &mut self,
        phrase: &str,
        value: T,
        file: &str,
        line: usize,
    ) -> Result<(), ActorError> {
        let (tokens, wildcard) = phrase_tokens(phrase, file, line)?;
        let key = (tokens.clone(), wildcard);
        if let Some(prev) = self.seen.get(&key) {
            return Err(data_err(
                file,
                line,
                format!("phrase {phrase:?} is already on line {prev}"),
            ));
        }
        self.seen.insert(key, line);
        let idx = self.entries.len();
        if wildcard && tokens.len() == 1 {
            let first = tokens[0].as_bytes().first().copied().unwrap_or(0);
            self.wild_first[usize::from(first)].push(idx);
        } else {
            self.first_words.insert(&tokens[0]);
            if let Some(k) = vigie_text::short_key(&tokens[0]) {
                self.by_short.entry(k).or_default().push(idx);
            }
            self.by_first
                .entry(tokens[0].clone())
                .or_default()
                .push(idx);
        }
        self.entries.push(Entry {
            tokens,
            wildcard,
            value,
        });
        Ok(())
    }

    /// Calls `f` with each entry that may start with the word `first`, in
    /// lookup order: by first word in file order (that word known to be
    /// `first`: `true`), then one-word prefixes in file order. Plain loops:
    /// this runs at every token of a document.
    #[inline]
    fn for_candidates<'s>(&'s self, first: &str, mut f: impl FnMut(&'s Entry<T>, bool)) {
        if let Some(v) = self
            .first_words
            .may_contain(first)
            .then(|| match vigie_text::short_key(first) {
                Some(k) => self.by_short.get(&k),
                None => self.by_first.get(first),
            })
            .flatten()
        {
            for &e in v {
                f(&self.entries[e], true);
            }
        }
        if let Some(&b) = first.as_bytes().first() {
            for &e in &self.wild_first[usize::from(b)] {
                let entry = &self.entries[e];
                // The prefix's second byte, before the call that compares
                // it whole: "de", "des", "dans" share the first byte of
                // "décéd*" and "disparu*".
                let second = entry.tokens[0].as_bytes().get(1);
                if second.is_some() && first.as_bytes().get(1) != second {
                    continue;
                }
                f(entry, false);
            }
        }
    }

    /// The longest phrase starting at token `i` and ending before `end`:
    /// its length in tokens and its value.
    pub fn longest_at(&self, a: &Analysis, i: usize, end: usize) -> Option<(usize, &T)> {
        let mut best: Option<(usize, &T)> = None;
        self.for_candidates(a.norm(i), |entry, first_known| {
            let n = entry.tokens.len();
            if i + n > end || best.is_some_and(|(l, _)| l >= n) {
                return;
            }
            if entry.is_at(a, i, first_known) {
                best = Some((n, &entry.value));
            }
        });
        best
    }

    /// Every phrase starting at token `i` and ending before `end`, in
    /// lookup order (the first of the longest is what `longest_at` gives).
    pub fn each_at(&self, a: &Analysis, i: usize, end: usize, mut f: impl FnMut(usize, &T)) {
        self.for_candidates(a.norm(i), |entry, first_known| {
            let n = entry.tokens.len();
            if i + n <= end && entry.is_at(a, i, first_known) {
                f(n, &entry.value);
            }
        });
    }
}

/// Folds a phrase like [`vigie_text::fold_phrase`], keeping a final French
/// elision ("près d'", "l'") one token as it is before a word in a text.
pub(crate) fn fold_elided(phrase: &str) -> String {
    let t = phrase.trim_end();
    if t.ends_with(['\'', '’']) {
        let folded = vigie_text::fold_phrase(&format!("{t}x"));
        if let Some(stripped) = folded.strip_suffix('x') {
            return stripped.trim_end().to_string();
        }
    }
    vigie_text::fold_phrase(phrase)
}
