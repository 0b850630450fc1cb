//! Finding actor mentions in a document and naming them on an event date.

use crate::dict::{CountrySpec, Dictionary, Scope, Sources};
use crate::error::ActorError;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;
use vigie_model::{ActorRef, Span};
use vigie_text::Analysis;

/// One mention of an actor in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// Bytes of the original text.
    pub span: Span,
    /// Indices into [`Analysis::tokens`].
    pub tokens: Range<usize>,
    /// The words as written.
    pub text: String,
    /// Key of the actor in `actors.tsv` (after anaphora: the antecedent's).
    pub key: String,
    /// Country of a country-wide actor (army, civilians...): from a demonym
    /// in the mention, its antecedent, or the caller's hint.
    pub country: Option<String>,
    /// The country was written in the mention or its antecedent (not guessed
    /// from the document).
    pub country_explicit: bool,
    /// A description rather than a name ("des hommes armés", "l'armée",
    /// "civils"): its country may follow the event.
    pub generic: bool,
    /// An anaphor or a description that looked for an actor named nearby.
    pub anaphoric: bool,
    /// Index (in the returned list) of the mention it was resolved to.
    pub antecedent: Option<usize>,
    /// Mentions of one actor share this number ("armée malienne" and "FAMa").
    pub entity: usize,
    /// Line of `aliases.tsv` that matched: which rule produced it.
    pub alias_line: usize,
    /// Uncertain authorship, "JNIM and/or ISGS militants": the other actor
    /// (its key). [`Actors::resolve`] names both as ACLED does:
    /// "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)".
    pub or_key: Option<String>,
}

/// The actor dictionary with its matcher. Build once ([`Actors::bundled`] or
/// [`Actors::shared`]) and share: it is `Sync`.
pub struct Actors {
    pub(crate) dict: Dictionary,
    /// The distinct folded aliases (tokens joined by single spaces).
    patterns: Vec<String>,
    /// For each pattern, the aliases that fold to it.
    groups: Vec<Vec<usize>>,
    /// One-token patterns, and longer ones by their first two tokens (as
    /// folded: joined by a space) with their length in tokens. A document's
    /// tokens are looked up twice each, where a byte automaton over the
    /// folded text stepped through every byte and its large state table;
    /// two tokens, because many aliases start with the same article.
    /// By first token: the one-token pattern, and whether longer patterns
    /// start with it (most tokens start none: one lookup).
    by_one: crate::lexicon::FastMap<String, (Option<usize>, bool)>,
    /// `by_one` for words of up to 7 bytes, keyed by
    /// [`vigie_text::short_key`]: most words of a text are short.
    by_one_short: crate::lexicon::FastMap<u64, (Option<usize>, bool)>,
    /// The keys of `by_one`, to pass over most tokens without hashing.
    first_words: vigie_text::WordFilter,
    by_two: crate::lexicon::FastMap<String, Vec<(usize, usize)>>,
}

impl std::fmt::Debug for Actors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Actors")
            .field("actors", &self.dict.actors.len())
            .field("aliases", &self.dict.aliases.len())
            .finish()
    }
}

const CONNECTORS: &[&str] = &[
    "du",
    "de",
    "des",
    "d'",
    "la",
    "le",
    "les",
    "l'",
    "the",
    "of",
    ",",
    "(",
    ":",
    "-",
    "group",
    "groupe",
    "jihadiste",
    "djihadiste",
    "jihadist",
    "armed",
    "arme",
];

impl Actors {
    /// Builds from dictionary texts (see `data/actors/README.md`).
    pub fn from_sources(src: &Sources<'_>) -> Result<Actors, ActorError> {
        let dict = Dictionary::load(src)?;
        let mut patterns: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, a) in dict.aliases.iter().enumerate() {
            match index.get(a.folded.as_str()) {
                Some(&p) => groups[p].push(i),
                None => {
                    index.insert(a.folded.as_str(), patterns.len());
                    patterns.push(a.folded.clone());
                    groups.push(vec![i]);
                }
            }
        }
        let mut by_one: crate::lexicon::FastMap<String, (Option<usize>, bool)> = Default::default();
        let mut by_two: crate::lexicon::FastMap<String, Vec<(usize, usize)>> = Default::default();
        for (p, pat) in patterns.iter().enumerate() {
            // An empty pattern never lies on token boundaries.
            if pat.is_empty() {
                continue;
            }
            let n = pat.split(' ').count();
            if n == 1 {
                by_one.entry(pat.clone()).or_default().0 = Some(p);
            } else {
                let first = pat.split(' ').next().unwrap_or_default();
                by_one.entry(first.to_string()).or_default().1 = true;
                let two = pat.splitn(3, ' ').take(2).collect::<Vec<_>>().join(" ");
                by_two.entry(two).or_default().push((p, n));
            }
        }
        let mut first_words = vigie_text::WordFilter::new();
        for k in by_one.keys() {
            first_words.insert(k);
        }
        let by_one_short = by_one
            .iter()
            .filter_map(|(k, v)| Some((vigie_text::short_key(k)?, *v)))
            .collect();
        Ok(Actors {
            dict,
            patterns,
            groups,
            by_one,
            by_one_short,
            first_words,
            by_two,
        })
    }

    /// Number of actors and of alias phrases (after placeholder expansion).
    pub fn size(&self) -> (usize, usize) {
        (self.dict.actors.len(), self.dict.aliases.len())
    }

    /// Whether actor `key` carries `tag` (`state`, `civilians`, `jihadist`...,
    /// see `data/actors/README.md`).
    pub fn has_tag(&self, key: &str, tag: &str) -> bool {
        self.def(key).is_some_and(|d| d.has_tag(tag))
    }

    /// Tags of actor `key`.
    pub fn tags(&self, key: &str) -> &[String] {
        self.def(key).map(|d| d.tags.as_slice()).unwrap_or(&[])
    }

    /// The parent organisation of a sub-unit ("Katiba Macina" -> "jnim"):
    /// ACLED codes it as the associated actor.
    pub fn parent(&self, key: &str) -> Option<&str> {
        self.def(key)?.parent.as_deref()
    }

    fn def(&self, key: &str) -> Option<&crate::dict::ActorDef> {
        self.dict
            .actor_index
            .get(key)
            .map(|&i| &self.dict.actors[i])
    }

    /// Every actor mention of the document, in text order.
    ///
    /// `country_hint` (English name, e.g. "Mali") is the document's country;
    /// it gives a country to descriptions that carry none ("l'armée",
    /// "civils"). Anaphors and descriptions are resolved to the actor named
    /// before them (see `aliases.tsv`: `ana:` and `near:`); mentions that
    /// resolve to nothing ("la coalition" with no coalition named) are left out.
    pub fn find(&self, text: &str, a: &Analysis, country_hint: Option<&str>) -> Vec<ActorMention> {
        let hint = country_hint.map(|h| {
            self.dict
                .country_index(h)
                .map(|i| self.dict.countries[i].name.clone())
                .unwrap_or_else(|| h.to_string())
        });
        let cands = self.candidates(text, a);
        let mut out: Vec<ActorMention> = Vec::with_capacity(cands.len());
        // A document names few entities: a list searched in place, without
        // building a key per mention.
        let mut entities: Vec<(String, Option<String>)> = Vec::new();
        let mut entity_of = |key: &str, country: &Option<String>| -> usize {
            match entities.iter().position(|(k, c)| k == key && c == country) {
                Some(e) => e,
                None => {
                    entities.push((key.to_string(), country.clone()));
                    entities.len() - 1
                }
            }
        };
        for (ci, (range, alias_i)) in cands.iter().enumerate() {
            let alias = &self.dict.aliases[*alias_i];
            let span = match a.tokens_span(range.clone()) {
                Some(s) => s,
                None => continue,
            };
            let mention_text = span.slice(text).to_string();
            let sentence = a.sentence_of(range.start).unwrap_or(0);
            let mut resolved: Option<usize> = None;
            let mut forward: Option<(usize, Option<String>)> = None;
            if let Some((scope, tag)) = &alias.anaphor {
                // An apposition names the actor right after: "les jihadistes du JNIM".
                if let Some((nr, na)) = cands.get(ci + 1) {
                    let nalias = &self.dict.aliases[*na];
                    let between = range.end..nr.start;
                    if nalias.anaphor.is_none()
                        && nr.start >= range.end
                        && between.len() <= 3
                        && between.clone().all(|t| CONNECTORS.contains(&a.norm(t)))
                    {
                        if let Some(act) = nalias.actor {
                            let def = &self.dict.actors[act];
                            if def.has_tag(tag) {
                                let country = self.mention_country(nalias, act, &hint);
                                forward = Some((act, country));
                            }
                        }
                    }
                }
                if forward.is_none() {
                    for j in (0..out.len()).rev() {
                        let m = &out[j];
                        if *scope == Scope::Near {
                            let s = a.sentence_of(m.tokens.start).unwrap_or(0);
                            if s + 2 < sentence {
                                break;
                            }
                        }
                        if self.has_tag(&m.key, tag) {
                            resolved = Some(j);
                            break;
                        }
                    }
                }
            }
            let mention = if let Some(j) = resolved {
                let ante = &out[j];
                ActorMention {
                    span,
                    tokens: range.clone(),
                    text: mention_text,
                    key: ante.key.clone(),
                    country: ante.country.clone(),
                    country_explicit: ante.country_explicit,
                    generic: ante.generic,
                    anaphoric: true,
                    antecedent: Some(ante.antecedent.unwrap_or(j)),
                    entity: ante.entity,
                    alias_line: alias.line,
                    or_key: ante.or_key.clone(),
                }
            } else if let Some((act, country)) = forward {
                let key = self.dict.actors[act].key.clone();
                let entity = entity_of(&key, &country);
                let nalias = &self.dict.aliases[cands[ci + 1].1];
                ActorMention {
                    span,
                    tokens: range.clone(),
                    text: mention_text,
                    key,
                    country,
                    country_explicit: nalias.country.is_some(),
                    generic: false,
                    anaphoric: true,
                    antecedent: None,
                    entity,
                    alias_line: alias.line,
                    or_key: None,
                }
            } else {
                let Some(act) = alias.actor else { continue };
                let def = &self.dict.actors[act];
                let country = self.mention_country(alias, act, &hint);
                let any_country = def.rows.iter().any(|r| r.country == CountrySpec::Any);
                let generic = alias.anaphor.is_some()
                    || def.has_tag("unidentified")
                    || def.has_tag("civilians")
                    || def.has_tag("protesters")
                    || def.has_tag("rioters")
                    || (any_country && alias.country.is_none());
                let entity = entity_of(&def.key, &country);
                ActorMention {
                    span,
                    tokens: range.clone(),
                    text: mention_text,
                    key: def.key.clone(),
                    country,
                    country_explicit: alias.country.is_some(),
                    generic,
                    anaphoric: alias.anaphor.is_some(),
                    antecedent: None,
                    entity,
                    alias_line: alias.line,
                    or_key: None,
                }
            };
            let mut mention = mention;
            self.join_alternatives(a, &mut out, &mut mention);
            out.push(mention);
        }
        // A forward apposition points at the next mention once it exists.
        for i in 0..out.len() {
            if out[i].anaphoric && out[i].antecedent.is_none() && !out[i].generic {
                if let Some(next) = out.get(i + 1) {
                    if next.entity == out[i].entity {
                        out[i].antecedent = Some(i + 1);
                    }
                }
            }
        }
        out
    }

    /// "JNIM and/or ISGS", "Katiba Macina or Ansaroul Islam": two named
    /// groups given as alternatives are one uncertain actor.
    fn join_alternatives(&self, a: &Analysis, out: &mut [ActorMention], m: &mut ActorMention) {
        if m.anaphoric || m.generic {
            return;
        }
        let Some(prev) = out.last_mut() else { return };
        if prev.anaphoric || prev.generic || prev.key == m.key || prev.or_key.is_some() {
            return;
        }
        let armed = |k: &str| self.has_tag(k, "nonstate") && self.has_tag(k, "group");
        if !armed(&prev.key) || !armed(&m.key) || prev.tokens.end > m.tokens.start {
            return;
        }
        let mut between: Vec<&str> = (prev.tokens.end..m.tokens.start)
            .map(|t| a.norm(t))
            .collect();
        // "du JNIM ou de l'EIGS": articles after the conjunction do not count.
        while between.len() > 1
            && matches!(
                between.last(),
                Some(&("de" | "du" | "des" | "d'" | "l'" | "la" | "le" | "the"))
            )
        {
            between.pop();
        }
        let alternative = matches!(
            between.as_slice(),
            ["or"] | ["and", "/", "or"] | ["ou"] | ["et", "/", "ou"] | ["and", "or"] | ["/"]
        );
        if !alternative {
            return;
        }
        prev.or_key = Some(m.key.clone());
        m.or_key = Some(m.key.clone());
        m.key = prev.key.clone();
        m.entity = prev.entity;
        m.country = prev.country.clone();
        m.anaphoric = true;
        m.antecedent = Some(out.len() - 1);
    }

    fn mention_country(
        &self,
        alias: &crate::dict::Alias,
        act: usize,
        hint: &Option<String>,
    ) -> Option<String> {
        let def = &self.dict.actors[act];
        match def.rows.last().map(|r| r.country) {
            Some(CountrySpec::Fixed(c)) => Some(self.dict.countries[c].name.clone()),
            Some(CountrySpec::Any) => alias
                .country
                .map(|c| self.dict.countries[c].name.clone())
                .or_else(|| hint.clone()),
            _ => None,
        }
    }

    /// Alias matches on token boundaries, leftmost-longest, case-checked.
    fn candidates(&self, text: &str, a: &Analysis) -> Vec<(Range<usize>, usize)> {
        let mut found: Vec<(Range<usize>, usize)> = Vec::new();
        // A pattern matches on token boundaries exactly where the folded
        // text of its number of tokens from there is the pattern: folded
        // tokens never hold a space and are joined by one.
        let mut cands: Vec<(usize, usize)> = Vec::new();
        for s in 0..a.tokens.len() {
            cands.clear();
            let norm = a.norm(s);
            if !self.first_words.may_contain(norm) {
                continue;
            }
            let hit = match vigie_text::short_key(norm) {
                Some(k) => self.by_one_short.get(&k),
                None => self.by_one.get(norm),
            };
            let Some(&(one, longer)) = hit else {
                continue;
            };
            if let Some(p) = one {
                cands.push((p, 1));
            }
            let next = a.tokens.get(s + 1).filter(|_| longer);
            if let (Some(x), Some(y)) = (a.tokens.get(s), next) {
                if let Some(v) = a
                    .folded
                    .get(x.folded.start..y.folded.end)
                    .and_then(|two| self.by_two.get(two))
                {
                    cands.extend_from_slice(v);
                }
            }
            for &(p, n) in &cands {
                let range = s..s + n;
                let (Some(first), Some(last)) = (a.tokens.get(s), a.tokens.get(s + n - 1)) else {
                    continue;
                };
                if a.folded.get(first.folded.start..last.folded.end)
                    != Some(self.patterns[p].as_str())
                {
                    continue;
                }
                let Some(span) = a.tokens_span(range.clone()) else {
                    continue;
                };
                let written = span.slice(text);
                let group = &self.groups[p];
                if let Some(&alias) = group
                    .iter()
                    .find(|&&i| case_fits(&self.dict.aliases[i], written))
                {
                    found.push((range, alias));
                }
            }
        }
        // Longest first: "gendarmerie burkinabè" beats "la gendarmerie",
        // "Groupe de soutien à l'islam..." beats "le groupe".
        found.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then(y.0.end.cmp(&x.0.end)));
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        let mut taken = vec![false; a.tokens.len()];
        for c in found {
            if c.0.clone().any(|t| taken.get(t).copied().unwrap_or(true)) {
                continue;
            }
            for t in c.0.clone() {
                taken[t] = true;
            }
            out.push(c);
        }
        out.sort_by_key(|c| c.0.start);
        // The mention is the noun phrase without its article.
        for c in &mut out {
            let first = a.tokens[c.0.start].span.slice(text);
            let acronym = first.len() > 1 && first.chars().all(|ch| ch.is_uppercase());
            if c.0.len() > 1 && !acronym && crate::lexicon::DETERMINERS.contains(&a.norm(c.0.start))
            {
                c.0.start += 1;
            }
        }
        out
    }

    /// The actor as ACLED names it on `event_date`: the name valid that day
    /// (regime labels for state forces), its inter code (8 for state forces
    /// acting outside their country, given `event_country`) and country.
    /// Descriptions with no country of their own take `event_country`.
    pub fn resolve(
        &self,
        m: &ActorMention,
        event_date: Option<NaiveDate>,
        event_country: Option<&str>,
    ) -> ActorRef {
        let Some(c) = self.code(m, event_date, event_country) else {
            return ActorRef {
                name: m.text.clone(),
                mention: Some(m.text.clone()),
                inter: None,
                country: m.country.clone(),
            };
        };
        let mut name = self.render(&c.row.template, c.country.as_deref(), event_date);
        if let Some(other) = &m.or_key {
            if let Some(o) = self.name_of(other, c.country.as_deref(), event_date) {
                name = format!("{name} and/or {o}");
            }
        }
        ActorRef {
            name,
            mention: Some(m.text.clone()),
            inter: Some(c.inter),
            country: c.country,
        }
    }

    /// The inter code and country [`Actors::resolve`] gives, without
    /// writing the name: what a caller sorting mentions needs.
    pub fn resolve_codes(
        &self,
        m: &ActorMention,
        event_date: Option<NaiveDate>,
        event_country: Option<&str>,
    ) -> (Option<u8>, Option<String>) {
        match self.code(m, event_date, event_country) {
            Some(c) => (Some(c.inter), c.country),
            None => (None, m.country.clone()),
        }
    }

    fn code(
        &self,
        m: &ActorMention,
        event_date: Option<NaiveDate>,
        event_country: Option<&str>,
    ) -> Option<Coded<'_>> {
        let def = self.def(&m.key)?;
        let event_country = event_country.map(|c| {
            self.dict
                .country_index(c)
                .map(|i| self.dict.countries[i].name.clone())
                .unwrap_or_else(|| c.to_string())
        });
        let row = pick_row(&def.rows, event_date);
        let country = match row.country {
            CountrySpec::Fixed(c) => Some(self.dict.countries[c].name.clone()),
            CountrySpec::None => None,
            CountrySpec::Any => {
                if m.generic && !m.country_explicit {
                    event_country.clone().or_else(|| m.country.clone())
                } else {
                    m.country.clone().or_else(|| event_country.clone())
                }
            }
        };
        let mut inter = row.inter;
        if def.has_tag("state") {
            if let (Some(c), Some(ec)) = (&country, &event_country) {
                if c != ec {
                    inter = 8;
                }
            }
        }
        Some(Coded {
            row,
            country,
            inter,
        })
    }

    /// The canonical name of actor `key` (with `country` for country-wide
    /// actors) on `date`, as [`Actors::resolve`] writes it.
    pub fn name_of(
        &self,
        key: &str,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Option<String> {
        let def = self.def(key)?;
        let row = pick_row(&def.rows, date);
        let country = match row.country {
            CountrySpec::Fixed(c) => Some(self.dict.countries[c].name.clone()),
            CountrySpec::None => None,
            CountrySpec::Any => country.map(String::from),
        };
        Some(self.render(&row.template, country.as_deref(), date))
    }

    fn render(&self, template: &str, country: Option<&str>, date: Option<NaiveDate>) -> String {
        let ci = country.and_then(|c| self.dict.country_index(c));
        let mut name = template.to_string();
        if contains(&name, "{regime}") {
            match ci.and_then(|c| self.dict.regime_label(c, date)) {
                Some(label) => name = replace(&name, "{regime}", label),
                None => name = replace(&replace(&name, " ({regime})", ""), "{regime}", ""),
            }
        }
        if contains(&name, "{country}") {
            match (ci, country) {
                // "Military Forces of the Ivory Coast" but "Civilians (Ivory Coast)".
                (Some(c), _) => {
                    let country = &self.dict.countries[c];
                    name = replace(
                        &replace(&name, "of {country}", &format!("of {}", country.styled)),
                        "{country}",
                        &country.name,
                    )
                }
                (None, Some(c)) => name = replace(&name, "{country}", c),
                (None, None) => {
                    name = replace(
                        &replace(&replace(&name, " ({country})", ""), " of {country}", ""),
                        "{country}",
                        "",
                    )
                }
            }
        }
        name
    }
}

/// Whether `pat` occurs in `s`; for the short templates of actor names a
/// byte scan beats setting up `str::contains`'s searcher.
fn contains(s: &str, pat: &str) -> bool {
    let Some(&first) = pat.as_bytes().first() else {
        return true;
    };
    // The first byte before the whole pattern: comparing slices calls
    // memcmp, once per position.
    s.as_bytes()
        .windows(pat.len())
        .any(|w| w[0] == first && w == pat.as_bytes())
}

/// `s.replace(pat, with)` for a non-empty `pat` starting with an ASCII
/// character (so every match starts on a character boundary), by a byte
/// scan: the same matches, left to right, without overlap.
fn replace(s: &str, pat: &str, with: &str) -> String {
    let (b, p) = (s.as_bytes(), pat.as_bytes());
    debug_assert!(p.first().is_some_and(u8::is_ascii));
    let mut out = String::with_capacity(s.len() + with.len());
    let (mut last, mut i) = (0, 0);
    while i + p.len() <= b.len() {
        if b.get(i) == p.first() && b[i..].starts_with(p) {
            out.push_str(&s[last..i]);
            out.push_str(with);
            i += p.len();
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// An actor's row, country and inter code for one event.
struct Coded<'d> {
    row: &'d crate::dict::ActorRow,
    country: Option<String>,
    inter: u8,
}

/// The row valid on `date`; the latest without a date; the nearest when the
/// date falls outside every row.
fn pick_row(rows: &[crate::dict::ActorRow], date: Option<NaiveDate>) -> &crate::dict::ActorRow {
    let last = &rows[rows.len() - 1];
    let Some(d) = date else { return last };
    if let Some(r) = rows
        .iter()
        .find(|r| r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t))
    {
        return r;
    }
    if rows[0].from.is_some_and(|f| d < f) {
        &rows[0]
    } else {
        last
    }
}

/// Case check of a case-sensitive alias: letters must have the alias's case.
fn case_fits(alias: &crate::dict::Alias, written: &str) -> bool {
    if !alias.case_sensitive {
        return true;
    }
    // Compared in step rather than collected: this runs for every match.
    let mut w = written.chars().filter(|c| c.is_alphanumeric());
    let mut p = alias.original.chars().filter(|c| c.is_alphanumeric());
    loop {
        match (w.next(), p.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.is_uppercase() == b.is_uppercase() => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod template_tests {
    use super::{contains, replace};

    #[test]
    fn byte_scan_replaces_like_str_replace() {
        let cases = [
            ("Military Forces of {country} ({regime})", " ({regime})", ""),
            (
                "Military Forces of {country} ({regime})",
                "of {country}",
                "of the Ivory Coast",
            ),
            (
                "{country}{country} x {country}",
                "{country}",
                "Côte d'Ivoire",
            ),
            ("Forces armées {country}", "{country}", ""),
            ("Civilians (Mali)", "{country}", "Niger"),
            ("{c", "{country}", "Mali"),
            ("", "{regime}", "x"),
        ];
        for (s, pat, with) in cases {
            assert_eq!(replace(s, pat, with), s.replace(pat, with), "{s:?} {pat:?}");
            assert_eq!(contains(s, pat), s.contains(pat), "{s:?} {pat:?}");
        }
    }
}
