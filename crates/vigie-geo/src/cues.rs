//! The words around a place name that tell what it is and how it relates
//! to the event: "à Bourem", "près de Gao", "le cercle de Niafunké",
//! "X region", "entre Dori et Gorgadji", "à 40 km de Djibo".

use crate::error::GeoError;
use crate::key::{FastMap, KeyMap};
use crate::load::tsv_lines;
use serde::Serialize;
use vigie_text::short_key;

const FILE: &str = "cues.tsv";

/// How a place mention is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// "à", "dans", "in", "at": the event happened there.
    At,
    /// "près de", "near", "outside", "aux environs de": an area around it.
    Near,
    /// "entre X et Y", "between X and Y", "l'axe X-Y": somewhere between.
    Between,
    /// "à 40 km de", "30 km north of".
    Distance,
    /// "de", "of", "du": a weak link ("l'attaque de Léré", "the mayor of").
    Of,
    /// "venant de", "from": where someone came from.
    From,
    /// "vers", "towards", "to": a destination.
    Towards,
    /// "une source jointe à Bamako", "officials contacted in Niamey": where
    /// a reporter reached a source, not where anything happened.
    Source,
    /// "la région de", "cercle de", "X Province", "(X)": an admin unit
    /// named to qualify another place.
    AdminQualifier,
    /// No cue.
    None,
}

/// What a noun before or after the name says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Noun {
    Settlement,
    Admin1,
    Admin2,
    /// "commune de", "arrondissement": below admin2, usually a settlement.
    Admin3,
    Country,
    /// "zone de", "area", "forest of": an area, geo_precision 2.
    Area,
    /// "the mayor of", "les habitants de": a town named through its people
    /// or offices; a settlement, but the event's place only for want of a
    /// better one.
    Community,
}

impl Noun {
    /// The noun says the name is a town ("village de", "commune de", "the
    /// mayor of").
    pub fn is_town(self) -> bool {
        matches!(self, Noun::Settlement | Noun::Admin3 | Noun::Community)
    }

    /// The noun says the name is a place below a region: a town or an
    /// area.
    pub fn is_locality(self) -> bool {
        self.is_town() || self == Noun::Area
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Cues {
    /// Left context (folded tokens, in text order) -> cue, and the one
    /// language it is limited to ("a" is "à" in French, an article in English).
    pub left: Vec<(Vec<String>, Cue, Option<vigie_model::Lang>)>,
    /// Nouns before the name ("la ville de", "region of").
    pub noun_before: Vec<(Vec<String>, Noun)>,
    /// Nouns after the name ("Gao region", "Soum Province").
    pub noun_after: Vec<(Vec<String>, Noun)>,
    /// Words that make a number a distance ("km", "kilometres").
    pub distance_units: Vec<String>,
    /// Articles skipped between a cue and a noun ("la", "the").
    pub articles: Vec<String>,
    /// "et", "and" (between) and "entre", "between".
    pub between: Vec<String>,
    pub and: Vec<String>,
    /// Capitalised words that may follow a place name without being part
    /// of it ("Gao Tuesday", "Kidal Airport").
    pub trailers: Vec<String>,
    /// Words after which a capitalised name names something else:
    /// "operation 'Panga'", "opération Barkhane".
    pub names_other: Vec<String>,
    /// Checked for every name: a filter spares the string compares.
    pub names_other_filter: vigie_text::WordFilter,
    /// The noun of a country's capital ("in the capital", "dans la
    /// capitale malienne").
    pub capital_words: Vec<String>,
    /// The capital words that no other one starts ("capitale" starts with
    /// "capital"): the strings the text is scanned for.
    pub capital_probes: Vec<String>,
    /// Words after that noun that make it another capital ("la capitale
    /// régionale", "the capital of the region").
    pub capital_not: Vec<String>,
    /// Positions in `left` and `noun_before` by last word, in `noun_after`
    /// by first word, ascending: a name tries only the phrases that end
    /// (or start) with the word next to it, in the same order as a scan.
    pub left_by_last: WordIndex,
    pub before_by_last: WordIndex,
    pub after_by_first: WordIndex,
}

/// Phrase positions by one of their words. Words of up to 7 bytes are
/// keyed by one integer ([`short_key`]), hashed with one multiply and
/// compared at once, where a string key was hashed byte by byte: a name
/// looks up the words on either side of it.
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    short: KeyMap<Vec<usize>>,
    long: FastMap<String, Vec<usize>>,
}

impl WordIndex {
    #[inline]
    pub fn get(&self, w: &str) -> Option<&Vec<usize>> {
        match short_key(w) {
            Some(k) => self.short.get(&k),
            None => self.long.get(w),
        }
    }

    pub fn contains_key(&self, w: &str) -> bool {
        self.get(w).is_some()
    }

    fn push(&mut self, w: &str, k: usize) {
        match short_key(w) {
            Some(key) => self.short.entry(key).or_default().push(k),
            None => self.long.entry(w.to_string()).or_default().push(k),
        }
    }
}

fn by_word<'a>(phrases: impl Iterator<Item = &'a [String]>, last: bool) -> WordIndex {
    let mut m = WordIndex::default();
    for (k, ph) in phrases.enumerate() {
        let w = if last { ph.last() } else { ph.first() };
        if let Some(w) = w {
            m.push(w, k);
        }
    }
    m
}

fn noun(s: &str) -> Option<Noun> {
    Some(match s {
        "settlement" => Noun::Settlement,
        "admin1" => Noun::Admin1,
        "admin2" => Noun::Admin2,
        "admin3" => Noun::Admin3,
        "country" => Noun::Country,
        "area" => Noun::Area,
        "community" => Noun::Community,
        _ => return None,
    })
}

impl Cues {
    /// Lines `kind<TAB>phrase[<TAB>lang]`. Kinds: `at near between distance of from
    /// towards` (left context), `before:<noun>` and `after:<noun>` (nouns),
    /// `unit` (distance units), `article`, `between-word`, `and-word`, `trailer`,
    /// `names-other`, `capital-word`, `capital-not`.
    pub fn parse(text: &str) -> Result<Cues, GeoError> {
        let mut c = Cues::default();
        for (line, f) in tsv_lines(text) {
            if f.len() != 2 && f.len() != 3 {
                return Err(GeoError::data(
                    FILE,
                    line,
                    "expected kind<TAB>phrase[<TAB>lang]",
                ));
            }
            let lang = match f.get(2).map(|s| s.trim()) {
                None | Some("") => None,
                Some(l) => Some(
                    l.parse::<vigie_model::Lang>()
                        .map_err(|e| GeoError::data(FILE, line, e))?,
                ),
            };
            let words: Vec<String> = vigie_text::fold_phrase(f[1])
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                return Err(GeoError::data(FILE, line, "empty phrase"));
            }
            let kind = f[0].trim();
            let cue = match kind {
                "at" => Some(Cue::At),
                "near" => Some(Cue::Near),
                "between" => Some(Cue::Between),
                "distance" => Some(Cue::Distance),
                "of" => Some(Cue::Of),
                "from" => Some(Cue::From),
                "towards" => Some(Cue::Towards),
                "source" => Some(Cue::Source),
                _ => None,
            };
            if let Some(cue) = cue {
                c.left.push((words, cue, lang));
                continue;
            }
            if let Some(n) = kind.strip_prefix("before:") {
                let n = noun(n).ok_or_else(|| {
                    GeoError::data(FILE, line, format!("unknown noun kind {n:?}"))
                })?;
                c.noun_before.push((words, n));
                continue;
            }
            if let Some(n) = kind.strip_prefix("after:") {
                let n = noun(n).ok_or_else(|| {
                    GeoError::data(FILE, line, format!("unknown noun kind {n:?}"))
                })?;
                c.noun_after.push((words, n));
                continue;
            }
            let one = words.join(" ");
            match kind {
                "unit" => c.distance_units.push(one),
                "article" => c.articles.push(one),
                "between-word" => c.between.push(one),
                "and-word" => c.and.push(one),
                "trailer" => c.trailers.push(one),
                "capital-word" => c.capital_words.push(one),
                "capital-not" => c.capital_not.push(one),
                "names-other" => {
                    c.names_other_filter.insert(&one);
                    c.names_other.push(one);
                }
                _ => {
                    return Err(GeoError::data(
                        FILE,
                        line,
                        format!("unknown cue kind {kind:?}"),
                    ))
                }
            }
        }
        c.capital_probes = c
            .capital_words
            .iter()
            .filter(|w| {
                !c.capital_words
                    .iter()
                    .any(|x| x.len() < w.len() && w.starts_with(x.as_str()))
            })
            .cloned()
            .collect();
        c.capital_probes.dedup();
        // Longest phrases first, so "pres de" wins over "de".
        c.left.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        c.noun_before.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        c.noun_after.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        c.left_by_last = by_word(c.left.iter().map(|e| &e.0[..]), true);
        c.before_by_last = by_word(c.noun_before.iter().map(|e| &e.0[..]), true);
        c.after_by_first = by_word(c.noun_after.iter().map(|e| &e.0[..]), false);
        Ok(c)
    }
}
