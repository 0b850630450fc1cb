//! Shared mechanics of the data files: TSV lines with their numbers, and
//! phrases matched token by token against an [`Analysis`].

use crate::error::{data_err, ActorError};
use std::collections::HashMap;
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

/// Phrases matched at a token position, longest first.
pub(crate) struct PhraseSet<T> {
    by_first: HashMap<String, Vec<usize>>,
    wild_first: Vec<usize>,
    entries: Vec<Entry<T>>,
    seen: HashMap<(Vec<String>, bool), usize>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_first: HashMap::new(),
            wild_first: Vec::new(),
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
            self.wild_first.push(idx);
        } else {
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

    /// The longest phrase starting at token `i` and ending before `end`:
    /// its length in tokens and its value.
    pub fn longest_at(&self, a: &Analysis, i: usize, end: usize) -> Option<(usize, &T)> {
        let first = a.norm(i);
        let mut best: Option<(usize, &T)> = None;
        let candidates = self
            .by_first
            .get(first)
            .into_iter()
            .flatten()
            .chain(self.wild_first.iter());
        for &e in candidates {
            let entry = &self.entries[e];
            let n = entry.tokens.len();
            if i + n > end || best.is_some_and(|(l, _)| l >= n) {
                continue;
            }
            let ok = entry.tokens.iter().enumerate().all(|(k, t)| {
                let norm = a.norm(i + k);
                if entry.wildcard && k == n - 1 {
                    norm.starts_with(t.as_str())
                } else {
                    norm == t
                }
            });
            if ok {
                best = Some((n, &entry.value));
            }
        }
        best
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
