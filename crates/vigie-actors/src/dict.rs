//! The actor dictionary: countries, regimes, actors and their aliases, read
//! from the TSV files of `data/actors/` and validated line by line.

use crate::error::{data_err, ActorError};
use crate::lexicon::tsv_lines;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Tags an actor line may carry; anaphors point back to actors by tag.
pub const TAGS: &[&str] = &[
    "state",
    "military",
    "police",
    "government",
    "security",
    "armed",
    "nonstate",
    "rebel",
    "coalition",
    "jihadist",
    "militia",
    "identity",
    "progov",
    "external",
    "mercenary",
    "peacekeeping",
    "civilians",
    "protesters",
    "rioters",
    "crowd",
    "unidentified",
    "group",
    "political",
    "mutiny",
];

/// The text of the four dictionary files.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub countries: &'a str,
    pub regimes: &'a str,
    pub actors: &'a str,
    pub aliases: &'a str,
}

pub(crate) const COUNTRIES: &str = "countries.tsv";
pub(crate) const REGIMES: &str = "regimes.tsv";
pub(crate) const ACTORS: &str = "actors.tsv";
pub(crate) const ALIASES: &str = "aliases.tsv";

#[derive(Debug, Clone)]
pub(crate) struct Country {
    pub name: String,
    #[allow(dead_code)]
    pub iso3: String,
    /// How the country is written inside actor names ("the Ivory Coast").
    pub styled: String,
    pub adjectives: Vec<String>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Regime {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountrySpec {
    /// No country (transnational groups).
    None,
    /// The country of the mention, the event or the document.
    Any,
    Fixed(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct ActorRow {
    pub template: String,
    pub inter: u8,
    pub country: CountrySpec,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct ActorDef {
    pub key: String,
    pub rows: Vec<ActorRow>,
    pub tags: Vec<String>,
    pub parent: Option<String>,
}

impl ActorDef {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Anywhere before in the document.
    Document,
    /// This sentence, the two before, or an apposition right after.
    Near,
}

#[derive(Debug, Clone)]
pub(crate) struct Alias {
    /// The phrase as written in the file (with placeholders expanded).
    pub original: String,
    pub folded: String,
    pub case_sensitive: bool,
    /// `None` for "-": an anaphor that means nothing alone.
    pub actor: Option<usize>,
    pub country: Option<usize>,
    pub anaphor: Option<(Scope, String)>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Dictionary {
    pub countries: Vec<Country>,
    pub regimes: HashMap<usize, Vec<Regime>>,
    pub actors: Vec<ActorDef>,
    pub actor_index: crate::lexicon::FastMap<String, usize>,
    pub aliases: Vec<Alias>,
    /// `country_index` of each country's own name, as written: resolving
    /// an actor asks it for the event's country every time.
    pub country_by_name: crate::lexicon::FastMap<String, usize>,
}

fn parse_date(s: &str, file: &str, line: usize) -> Result<Option<NaiveDate>, ActorError> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| data_err(file, line, format!("not a date (YYYY-MM-DD): {s:?}")))
}

fn field<'a>(fields: &[&'a str], i: usize) -> &'a str {
    fields.get(i).copied().unwrap_or("")
}

impl Dictionary {
    pub fn country_index(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.country_by_name.get(name) {
            return Some(i);
        }
        self.country_index_folded(name)
    }

    fn country_index_folded(&self, name: &str) -> Option<usize> {
        // `names` holds the folded name too: no need to fold every country.
        let f = vigie_text::fold_phrase(name);
        self.countries.iter().position(|c| c.names.contains(&f))
    }

    pub fn load(src: &Sources<'_>) -> Result<Dictionary, ActorError> {
        let mut d = Dictionary {
            countries: Vec::new(),
            regimes: HashMap::new(),
            actors: Vec::new(),
            actor_index: Default::default(),
            aliases: Vec::new(),
            country_by_name: Default::default(),
        };
        d.load_countries(src.countries)?;
        for c in &d.countries {
            if let Some(i) = d.country_index_folded(&c.name) {
                d.country_by_name.insert(c.name.clone(), i);
            }
        }
        d.load_regimes(src.regimes)?;
        d.load_actors(src.actors)?;
        d.load_aliases(src.aliases)?;
        Ok(d)
    }

    fn load_countries(&mut self, content: &str) -> Result<(), ActorError> {
        for l in tsv_lines(content) {
            if l.fields.len() < 4 {
                return Err(data_err(
                    COUNTRIES,
                    l.no,
                    "expected: country, iso3, name in actor names, adjectives[, other names]",
                ));
            }
            let name = l.fields[0].to_string();
            if name.is_empty() || l.fields[1].len() != 3 {
                return Err(data_err(
                    COUNTRIES,
                    l.no,
                    "empty country or iso3 not 3 letters",
                ));
            }
            if self.countries.iter().any(|c| c.name == name) {
                return Err(data_err(COUNTRIES, l.no, format!("{name} is listed twice")));
            }
            let list = |s: &str| -> Vec<String> {
                s.split(',')
                    .map(vigie_text::fold_phrase)
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            let mut names = list(field(&l.fields, 4));
            names.push(vigie_text::fold_phrase(&name));
            self.countries.push(Country {
                name,
                iso3: l.fields[1].to_string(),
                styled: l.fields[2].to_string(),
                adjectives: list(l.fields[3]),
                names,
            });
        }
        Ok(())
    }

    fn load_regimes(&mut self, content: &str) -> Result<(), ActorError> {
        for l in tsv_lines(content) {
            if l.fields.len() != 4 {
                return Err(data_err(
                    REGIMES,
                    l.no,
                    "expected 4 columns: country, first day, last day, label",
                ));
            }
            let c = self.country_index(l.fields[0]).ok_or_else(|| {
                data_err(REGIMES, l.no, format!("unknown country {:?}", l.fields[0]))
            })?;
            let from = parse_date(l.fields[1], REGIMES, l.no)?
                .ok_or_else(|| data_err(REGIMES, l.no, "the first day is required"))?;
            let to = parse_date(l.fields[2], REGIMES, l.no)?;
            if to.is_some_and(|t| t < from) {
                return Err(data_err(REGIMES, l.no, "last day before first day"));
            }
            if l.fields[3].is_empty() {
                return Err(data_err(REGIMES, l.no, "empty label"));
            }
            let list = self.regimes.entry(c).or_default();
            if let Some(prev) = list.last() {
                match prev.to {
                    Some(pt) if pt < from => {}
                    _ => {
                        return Err(data_err(
                            REGIMES,
                            l.no,
                            "overlaps the previous regime of this country (list them in order)",
                        ))
                    }
                }
            }
            list.push(Regime {
                from,
                to,
                label: l.fields[3].to_string(),
            });
        }
        Ok(())
    }

    fn load_actors(&mut self, content: &str) -> Result<(), ActorError> {
        for l in tsv_lines(content) {
            if l.fields.len() < 7 || l.fields.len() > 8 {
                return Err(data_err(
                    ACTORS,
                    l.no,
                    "expected 7 or 8 columns: key, name, inter, country, from, to, tags[, parent]",
                ));
            }
            let key = l.fields[0];
            if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '@') {
                return Err(data_err(ACTORS, l.no, format!("bad key {key:?}")));
            }
            let template = l.fields[1].to_string();
            if template.is_empty() {
                return Err(data_err(ACTORS, l.no, "empty name"));
            }
            let inter: u8 = l.fields[2]
                .parse()
                .ok()
                .filter(|i| (1..=8).contains(i))
                .ok_or_else(|| data_err(ACTORS, l.no, "inter must be 1 to 8"))?;
            let country = match l.fields[3] {
                "" => CountrySpec::None,
                "*" => CountrySpec::Any,
                c => CountrySpec::Fixed(
                    self.country_index(c)
                        .ok_or_else(|| data_err(ACTORS, l.no, format!("unknown country {c:?}")))?,
                ),
            };
            if template.contains("{country}") && country == CountrySpec::None {
                return Err(data_err(
                    ACTORS,
                    l.no,
                    "{country} in the name needs a country",
                ));
            }
            let from = parse_date(l.fields[4], ACTORS, l.no)?;
            let to = parse_date(l.fields[5], ACTORS, l.no)?;
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    return Err(data_err(ACTORS, l.no, "valid to before valid from"));
                }
            }
            let mut tags = Vec::new();
            for t in l.fields[6]
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                if !TAGS.contains(&t) {
                    return Err(data_err(
                        ACTORS,
                        l.no,
                        format!("unknown tag {t:?} (known: {})", TAGS.join(", ")),
                    ));
                }
                tags.push(t.to_string());
            }
            let parent = Some(field(&l.fields, 7))
                .filter(|p| !p.is_empty())
                .map(String::from);
            let row = ActorRow {
                template,
                inter,
                country,
                from,
                to,
            };
            match self.actor_index.get(key) {
                Some(&i) => {
                    let def = &mut self.actors[i];
                    let prev = def.rows.last().map(|r| r.to);
                    let ordered = match (prev, from) {
                        (Some(Some(pt)), Some(f)) => pt < f,
                        _ => false,
                    };
                    if !ordered {
                        return Err(data_err(
                            ACTORS,
                            l.no,
                            format!("{key}: names of one actor need dates that follow each other"),
                        ));
                    }
                    def.rows.push(row);
                    for t in tags {
                        if !def.tags.contains(&t) {
                            def.tags.push(t);
                        }
                    }
                }
                None => {
                    self.actor_index.insert(key.to_string(), self.actors.len());
                    self.actors.push(ActorDef {
                        key: key.to_string(),
                        rows: vec![row],
                        tags,
                        parent,
                    });
                }
            }
        }
        for a in &self.actors {
            if let Some(p) = &a.parent {
                if !self.actor_index.contains_key(p) {
                    return Err(data_err(
                        ACTORS,
                        0,
                        format!("{}: unknown parent {p:?}", a.key),
                    ));
                }
            }
        }
        Ok(())
    }

    fn load_aliases(&mut self, content: &str) -> Result<(), ActorError> {
        type Parsed = (
            usize,
            String,
            Option<usize>,
            Option<usize>,
            bool,
            Option<(Scope, String)>,
        );
        let mut seen: HashMap<(String, bool), usize> = HashMap::new();
        let mut parsed: Vec<Parsed> = Vec::new();
        for l in tsv_lines(content) {
            if l.fields.len() < 2 || l.fields.len() > 3 {
                return Err(data_err(
                    ALIASES,
                    l.no,
                    "expected 2 or 3 columns: phrase, actor[, flags]",
                ));
            }
            let phrase = l.fields[0];
            let (actor, fixed_country) = match l.fields[1] {
                "-" => (None, None),
                target => {
                    let (key, country) = match target.split_once('@') {
                        Some((k, c)) => (k, Some(c)),
                        None => (target, None),
                    };
                    let a = *self.actor_index.get(key).ok_or_else(|| {
                        data_err(ALIASES, l.no, format!("unknown actor key {key:?}"))
                    })?;
                    let c = match country {
                        Some(c) => Some(self.country_index(c).ok_or_else(|| {
                            data_err(ALIASES, l.no, format!("unknown country {c:?}"))
                        })?),
                        None => None,
                    };
                    if c.is_some()
                        && !self.actors[a]
                            .rows
                            .iter()
                            .any(|r| r.country == CountrySpec::Any)
                    {
                        return Err(data_err(
                            ALIASES,
                            l.no,
                            format!(
                                "{key} has its own country; @country is for country-wide actors"
                            ),
                        ));
                    }
                    (Some(a), c)
                }
            };
            let mut cs = false;
            let mut anaphor = None;
            for flag in field(&l.fields, 2)
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
            {
                if flag == "cs" {
                    cs = true;
                    continue;
                }
                let (scope, tag) = match flag.split_once(':') {
                    Some(("ana", t)) => (Scope::Document, t),
                    Some(("near", t)) => (Scope::Near, t),
                    _ => {
                        return Err(data_err(
                            ALIASES,
                            l.no,
                            format!("unknown flag {flag:?} (cs, ana:TAG, near:TAG)"),
                        ))
                    }
                };
                if !TAGS.contains(&tag) {
                    return Err(data_err(ALIASES, l.no, format!("unknown tag {tag:?}")));
                }
                anaphor = Some((scope, tag.to_string()));
            }
            if actor.is_none() && anaphor.is_none() {
                return Err(data_err(
                    ALIASES,
                    l.no,
                    "\"-\" is only for anaphors (ana:TAG)",
                ));
            }
            parsed.push((l.no, phrase.to_string(), actor, fixed_country, cs, anaphor));
        }
        // Phrases written out win over the same words produced by a placeholder.
        for explicit in [true, false] {
            for (no, phrase, actor, fixed_country, cs, anaphor) in &parsed {
                if phrase.contains('{') == explicit {
                    continue;
                }
                for (original, country) in self.expand(phrase, *fixed_country, *no)? {
                    let folded = crate::lexicon::fold_elided(&original);
                    if folded.is_empty() {
                        return Err(data_err(ALIASES, *no, "empty phrase"));
                    }
                    let key = (
                        if *cs {
                            original.clone()
                        } else {
                            folded.clone()
                        },
                        *cs,
                    );
                    if let Some(prev) = seen.get(&key) {
                        if !explicit {
                            continue;
                        }
                        return Err(data_err(
                            ALIASES,
                            *no,
                            format!("phrase {original:?} is already on line {prev}"),
                        ));
                    }
                    seen.insert(key, *no);
                    self.aliases.push(Alias {
                        original,
                        folded,
                        case_sensitive: *cs,
                        actor: *actor,
                        country,
                        anaphor: anaphor.clone(),
                        line: *no,
                    });
                }
            }
        }
        Ok(())
    }

    /// Expands `{adj}` and `{name}` into one phrase per country form.
    fn expand(
        &self,
        phrase: &str,
        fixed: Option<usize>,
        line: usize,
    ) -> Result<Vec<(String, Option<usize>)>, ActorError> {
        let slot = if phrase.contains("{adj}") {
            Some("{adj}")
        } else if phrase.contains("{name}") {
            Some("{name}")
        } else {
            None
        };
        let Some(slot) = slot else {
            if phrase.contains('{') {
                return Err(data_err(
                    ALIASES,
                    line,
                    "unknown placeholder (use {adj} or {name})",
                ));
            }
            return Ok(vec![(phrase.to_string(), fixed)]);
        };
        if fixed.is_some() {
            return Err(data_err(
                ALIASES,
                line,
                "a placeholder and @country together",
            ));
        }
        let mut out = Vec::new();
        for (ci, c) in self.countries.iter().enumerate() {
            let forms = if slot == "{adj}" {
                &c.adjectives
            } else {
                &c.names
            };
            for f in forms {
                out.push((phrase.replace(slot, f), Some(ci)));
            }
        }
        Ok(out)
    }

    pub fn regime_label(&self, country: usize, date: Option<NaiveDate>) -> Option<&str> {
        let list = self.regimes.get(&country)?;
        match date {
            None => list
                .last()
                .filter(|r| r.to.is_none())
                .map(|r| r.label.as_str()),
            Some(d) => list
                .iter()
                .find(|r| r.from <= d && r.to.is_none_or(|t| d <= t))
                .map(|r| r.label.as_str()),
        }
    }
}
