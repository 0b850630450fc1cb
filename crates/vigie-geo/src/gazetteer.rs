//! The gazetteer: places, admin units and countries, indexed by name key.

use crate::error::GeoError;
use crate::key::{hash_key, name_key, FastMap, KeyMap, HASH_START};
use crate::load::{self, check_coords, country_code, parse_f64, tsv_lines};
use crate::place::{distance_km, FeatureCode, Place, PlaceKind, Source};
use crate::user::UserLayer;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

use crate::index::{NameIndex, PREFIX};

/// A country as vigie names it.
#[derive(Debug, Clone, Serialize)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    /// English name as ACLED writes it ("Burkina Faso", "Democratic Republic of Congo").
    pub name: String,
    pub continent: String,
    pub capital: String,
    pub geonames_id: Option<u32>,
}

/// One lookup answer, best first in [`Gazetteer::lookup`].
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    /// ISO 3166-1 alpha-2.
    pub country: Arc<str>,
    pub country_name: Arc<str>,
    pub admin1: Option<Arc<str>>,
    pub admin2: Option<Arc<str>>,
    pub feature_code: String,
    pub population: u32,
    pub geonames_id: Option<u32>,
    pub score: f64,
    #[serde(skip)]
    pub iso3: Arc<str>,
    pub kind: PlaceKind,
    pub source: crate::place::Source,
    /// Index of the entry in the gazetteer.
    #[serde(skip)]
    pub place: u32,
}

/// What the gazetteer knows about a word that is a country name or demonym.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountryWord {
    Name,
    Demonym,
}

/// How a stoplisted word may still be a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Stop {
    /// Needs a cue ("à Boni", "near Kati").
    NeedsCue,
    /// Needs an admin or settlement noun ("la région de l'Est", "Est region").
    NeedsNoun,
    /// Never a place ("Will", "Of", months, actor acronyms).
    Never,
}

/// The gazetteer. Build it with [`Gazetteer::bundled`] (bundled data plus
/// the default user layer), [`Gazetteer::bundled_only`] or
/// [`Gazetteer::with_user_dir`]; share one with [`Gazetteer::shared`].
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    /// Hash of a name key or key prefix -> entries.
    pub(crate) index: NameIndex,
    /// Shared, so that a candidate's admin names cost no allocation.
    pub(crate) admin_names: Vec<Arc<str>>,
    pub(crate) countries: Vec<Country>,
    /// Each country's (ISO2, name, ISO3), shared by candidates; made on
    /// first use.
    pub(crate) country_strs: std::sync::OnceLock<Vec<[Arc<str>; 3]>>,
    pub(crate) country_idx: FastMap<[u8; 2], usize>,
    /// Hash of a folded country word -> (country, kind).
    pub(crate) country_words: KeyMap<Vec<([u8; 2], CountryWord)>>,
    pub(crate) stoplist: KeyMap<Stop>,
    pub(crate) cues: crate::cues::Cues,
    /// Admin units by (country, admin1 id) and (country, admin2 id).
    pub(crate) admin1_unit: FastMap<([u8; 2], u32), u32>,
    pub(crate) admin2_unit: FastMap<([u8; 2], u32), u32>,
    /// Admin unit entry -> the settlement it is positioned at.
    pub(crate) unit_capital: FastMap<u32, u32>,
    /// Country -> its capital's entry (derived from `unit_capital`).
    pub(crate) country_capital: FastMap<[u8; 2], u32>,
    /// User entries that replaced a curated supplement entry.
    pub(crate) curated:
        std::collections::HashSet<u32, std::hash::BuildHasherDefault<crate::key::KeyHasher>>,
}

struct Builder {
    places: Vec<Place>,
    /// Alternate names, kept only for the countries of the Sahel admin
    /// table (capital look-ups); all names go to `index` as they come.
    alternates: Vec<Vec<Box<str>>>,
    index: Vec<(u64, u32)>,
    scratch: String,
    admin_names: Vec<Arc<str>>,
    admin_ids: HashMap<Box<str>, u32>,
    /// User entries that stand for a supplement entry.
    curated: Vec<u32>,
    /// Bundled entries a user entry replaces, with their population: old
    /// or partial dumps give many towns a population of 0, which would
    /// leave them no stronger than a hamlet of the same name.
    shadowed: Vec<(u32, u32)>,
    /// Withdrawn ids met while parsing (`corrections.tsv`).
    withdrawn: Vec<u32>,
}

const KEEP_ALTERNATES: [[u8; 2]; 3] = [*b"ML", *b"BF", *b"NE"];

impl Builder {
    fn intern(&mut self, name: &str) -> u32 {
        b_intern(&mut self.admin_ids, &mut self.admin_names, name)
    }

    fn push<'a>(&mut self, p: Place, alts: impl IntoIterator<Item = &'a str>) -> u32 {
        let i = self.places.len() as u32;
        index_name(&mut self.index, &mut self.scratch, &p.name, i);
        // "Kabonga 1", "Kabonga 2", "Gersa I": GeoNames numbers the parts of
        // a village that reports name as one.
        if let Some(base) = numbered_base(&p.name) {
            index_name(&mut self.index, &mut self.scratch, base, i);
        }
        let keep = KEEP_ALTERNATES.contains(&p.country) || p.kind != PlaceKind::Settlement;
        let mut kept = Vec::new();
        for a in alts {
            index_name(&mut self.index, &mut self.scratch, a, i);
            if keep {
                kept.push(Box::from(a));
            }
        }
        self.places.push(p);
        self.alternates.push(kept);
        i
    }
}

/// admin1 code -> admin2 code -> interned name id.
type CodeTree = HashMap<Box<str>, HashMap<Box<str>, u32>>;

/// Admin code -> interned name id, per country.
#[derive(Default)]
struct AdminCodes {
    a1: HashMap<[u8; 2], HashMap<Box<str>, u32>>,
    a2: HashMap<[u8; 2], CodeTree>,
}

impl AdminCodes {
    fn add(&mut self, b: &mut Builder, code: &str, name: &str) {
        let mut parts = code.splitn(3, '.');
        let (Some(cc), Some(c1)) = (parts.next(), parts.next()) else {
            return;
        };
        let cc = cc.as_bytes();
        if cc.len() != 2 {
            return;
        }
        let cc = [cc[0], cc[1]];
        let id = b.intern(name);
        match parts.next() {
            None => {
                self.a1.entry(cc).or_default().insert(c1.into(), id);
            }
            Some(c2) => {
                self.a2
                    .entry(cc)
                    .or_default()
                    .entry(c1.into())
                    .or_default()
                    .insert(c2.into(), id);
            }
        }
    }

    fn get(&self, cc: [u8; 2], c1: &str, c2: &str) -> (u32, u32) {
        let a1 = self
            .a1
            .get(&cc)
            .and_then(|m| m.get(c1))
            .copied()
            .unwrap_or(0);
        let a2 = if c2.is_empty() {
            0
        } else {
            self.a2
                .get(&cc)
                .and_then(|m| m.get(c1))
                .and_then(|m| m.get(c2))
                .copied()
                .unwrap_or(0)
        };
        (a1, a2)
    }
}

impl Gazetteer {
    /// The bundled data with the user layer stored in `dir` (made by
    /// `vigie gazetteer import`); entries imported there replace bundled
    /// entries with the same GeoNames id.
    pub fn with_user_dir(dir: &std::path::Path) -> Result<Gazetteer, GeoError> {
        let layer = UserLayer::read(dir)?;
        Self::build(Some(layer))
    }

    pub(crate) fn empty() -> Gazetteer {
        Gazetteer {
            places: Vec::new(),
            index: NameIndex::default(),
            admin_names: vec!["".into()],
            countries: Vec::new(),
            country_strs: std::sync::OnceLock::new(),
            country_idx: FastMap::default(),
            country_words: KeyMap::default(),
            stoplist: KeyMap::default(),
            cues: crate::cues::Cues::default(),
            admin1_unit: FastMap::default(),
            admin2_unit: FastMap::default(),
            unit_capital: FastMap::default(),
            country_capital: FastMap::default(),
            curated: Default::default(),
        }
    }

    /// Builds the gazetteer from the data files (the build script does it
    /// for the bundled data alone; a user layer is built at run time).
    pub(crate) fn build(user: Option<UserLayer>) -> Result<Gazetteer, GeoError> {
        // Decompressing the places is the slowest step: do it while the
        // small tables are read.
        let places_job = std::thread::spawn(|| load::gunzip("places.tsv.gz", load::PLACES_GZ));
        let mut b = Builder {
            places: Vec::with_capacity(240_000),
            alternates: Vec::with_capacity(240_000),
            index: Vec::with_capacity(1_100_000),
            scratch: String::new(),
            admin_names: vec!["".into()],
            admin_ids: HashMap::new(),
            curated: Vec::new(),
            withdrawn: Vec::new(),
            shadowed: Vec::new(),
        };

        // Admin code tables: the curated Sahel names win over GeoNames',
        // then the bundled tables, then the user's.
        let sahel = crate::sahel::AdminTable::parse(load::SAHEL_ADMIN)?;
        let mut codes = AdminCodes::default();
        let mut seen1 = std::collections::HashSet::new();
        for u in &sahel.admin1 {
            if let Some(code) = &u.geonames_code {
                let c = format!("{}.{}", u.country_str(), code);
                codes.add(&mut b, &c, &u.name);
                seen1.insert(c);
            }
        }
        for (line, f) in tsv_lines(load::ADMIN1) {
            if f.len() < 2 {
                return Err(GeoError::data("admin1.tsv", line, "expected code<TAB>name"));
            }
            if !seen1.contains(f[0]) {
                codes.add(&mut b, f[0], f[1]);
            }
        }
        let admin2_text = load::gunzip("admin2.tsv.gz", load::ADMIN2_GZ)?;
        for (line, f) in tsv_lines(&admin2_text) {
            if f.len() < 2 {
                return Err(GeoError::data(
                    "admin2.tsv.gz",
                    line,
                    "expected code<TAB>name",
                ));
            }
            codes.add(&mut b, f[0], f[1]);
        }
        if let Some(u) = &user {
            for (k, v) in &u.admin1 {
                if !seen1.contains(k) {
                    codes.add(&mut b, k, v);
                }
            }
            for (k, v) in &u.admin2 {
                codes.add(&mut b, k, v);
            }
        }

        // Places: user layer first, so that its ids win. Entries that
        // contradict themselves are withdrawn from both layers.
        let withdrawn = crate::sahel::parse_corrections(load::CORRECTIONS)?;
        let mut user_ids = std::collections::HashSet::new();
        if let Some(u) = &user {
            for r in &u.places {
                if r.geonames_id.is_some_and(|id| withdrawn.contains_key(&id)) {
                    continue;
                }
                if let Some(id) = r.geonames_id {
                    user_ids.insert(id);
                }
                let (a1, a2) = codes.get(r.country, &r.admin1, &r.admin2);
                let p = Place {
                    name: r.name.clone().into(),
                    lat: r.lat,
                    lon: r.lon,
                    country: r.country,
                    admin1: a1,
                    admin2: a2,
                    population: r.population,
                    feature_code: FeatureCode::new(&r.feature_code),
                    geonames_id: r.geonames_id,
                    kind: PlaceKind::Settlement,
                    source: Source::User,
                };
                b.push(p, r.alternates.iter().map(String::as_str));
            }
        }

        let places_text = places_job
            .join()
            .map_err(|_| GeoError::data("places.tsv.gz", 0, "decompression failed"))??;
        // Parse and index in parallel chunks of whole lines, then append
        // them in order so indices and output stay deterministic.
        let chunks = line_chunks(&places_text, 16);
        let parsed: Vec<Result<Builder, GeoError>> = {
            use rayon::prelude::*;
            chunks
                .par_iter()
                .map(|&(first_line, text)| {
                    parse_places_chunk(first_line, text, &codes, &user_ids, &withdrawn)
                })
                .collect()
        };
        let mut user_pos: HashMap<u32, usize> = HashMap::new();
        for (i, p) in b.places.iter().enumerate() {
            if let Some(id) = p.geonames_id {
                user_pos.insert(id, i);
            }
        }
        let mut met = std::collections::HashSet::new();
        for chunk in parsed {
            let chunk = chunk?;
            met.extend(chunk.withdrawn.iter().copied());
            for &(id, pop) in &chunk.shadowed {
                if let Some(&i) = user_pos.get(&id) {
                    let p = &mut b.places[i];
                    p.population = p.population.max(pop);
                }
            }
            let base = b.places.len() as u32;
            b.index.extend(
                chunk
                    .index
                    .iter()
                    .map(|&(h, i)| (h, if i == PREFIX { PREFIX } else { i + base })),
            );
            b.places.extend(chunk.places);
            b.alternates.extend(chunk.alternates);
        }
        drop(places_text);
        // A correction that no longer finds its entry is stale: say so
        // rather than let it sit there unnoticed.
        if let Some((id, w)) = withdrawn.iter().find(|(id, _)| !met.contains(*id)) {
            return Err(GeoError::data(
                crate::sahel::CORRECTIONS_FILE,
                w.line,
                format!("GeoNames id {id} is not in places.tsv.gz"),
            ));
        }

        // The curated supplement. A user-imported GeoNames entry of the same
        // name in the same country within 150 km is the same place with
        // better coordinates (the supplement's are editors' estimates, some
        // tens of km off): it takes the supplement's place (and its
        // conflict-locality prior).
        let n_user = user.as_ref().map_or(0, |u| u.places.len());
        let mut user_keys: HashMap<String, Vec<u32>> = HashMap::new();
        for i in 0..n_user {
            user_keys
                .entry(name_key(&b.places[i].name))
                .or_default()
                .push(i as u32);
        }
        for r in crate::sahel::parse_supplement(load::SUPPLEMENT, &sahel)? {
            let shadow = std::iter::once(&r.name)
                .chain(&r.alternates)
                .filter_map(|n| user_keys.get(&name_key(n)))
                .flatten()
                .copied()
                .find(|&i| {
                    let p = &b.places[i as usize];
                    p.country == r.country && distance_km(p.lat, p.lon, r.lat, r.lon) < 150.0
                });
            if let Some(i) = shadow {
                b.curated.push(i);
                continue;
            }
            let p = Place {
                name: r.name.as_str().into(),
                lat: r.lat,
                lon: r.lon,
                country: r.country,
                admin1: b.intern(&r.admin1),
                admin2: b.intern(&r.admin2),
                population: 0,
                feature_code: FeatureCode::new(&r.feature_code),
                geonames_id: None,
                kind: PlaceKind::Settlement,
                source: Source::Supplement,
            };
            b.push(p, r.alternates.iter().map(String::as_str));
        }

        let (mut g, names) = Gazetteer::small_tables()?;

        // Sahel admin2 names for settlements (GeoNames leaves most empty or
        // spells them oddly): the unit whose capital is nearest within the
        // same admin1.
        {
            let by_key = crate::sahel::key_map(&b.places, &b.alternates, &sahel);
            let Builder {
                places,
                admin_names,
                admin_ids,
                ..
            } = &mut b;
            crate::sahel::assign_admin2(places, &sahel, &by_key, &mut |n| {
                b_intern(admin_ids, admin_names, n)
            });
        }

        add_admin_units(&mut b, &mut g, &sahel)?;
        add_countries(&mut b, &mut g, &names);

        let mut index = std::mem::take(&mut b.index);
        {
            use rayon::slice::ParallelSliceMut;
            index.par_sort_unstable();
        }
        index.dedup();
        g.index = NameIndex::from_sorted(&index);
        g.curated = b.curated.iter().copied().collect();
        g.places = b.places;
        g.admin_names = b.admin_names;
        g.index_country_capitals();
        Ok(g)
    }

    /// Fills `country_capital` from the country entries' capitals.
    pub(crate) fn index_country_capitals(&mut self) {
        self.country_capital = self
            .unit_capital
            .iter()
            .filter_map(|(&unit, &cap)| {
                let p = self.places.get(unit as usize)?;
                (p.kind == PlaceKind::Country).then_some((p.country, cap))
            })
            .collect();
    }

    /// A gazetteer with its small tables read (countries, stoplist, cues)
    /// and no places yet, with the country names read.
    pub(crate) fn small_tables(
    ) -> Result<(Gazetteer, Vec<crate::countries::CountryNames>), GeoError> {
        let mut countries = Vec::new();
        let mut country_idx = FastMap::default();
        for (line, f) in tsv_lines(load::COUNTRIES) {
            if f.len() < 7 {
                return Err(GeoError::data("countries.tsv", line, "expected 7 fields"));
            }
            let cc = country_code("countries.tsv", line, f[0])?;
            country_idx.insert(cc, countries.len());
            countries.push(Country {
                iso2: f[0].to_string(),
                iso3: f[1].to_string(),
                geonames_id: f[2].parse().ok(),
                name: f[3].to_string(),
                capital: f[4].to_string(),
                continent: f[6].to_string(),
            });
        }
        let names = crate::countries::parse_country_names(load::COUNTRY_NAMES, &country_idx)?;
        for n in &names {
            if let Some(&i) = country_idx.get(&n.iso2) {
                countries[i].name = n.acled_name.clone();
            }
        }
        let g = Gazetteer {
            places: Vec::new(),
            index: NameIndex::default(),
            admin_names: Vec::new(),
            countries,
            country_strs: std::sync::OnceLock::new(),
            country_idx,
            country_words: KeyMap::default(),
            stoplist: crate::countries::parse_stoplist(load::STOPLIST)?,
            cues: crate::cues::Cues::parse(load::CUES)?,
            admin1_unit: FastMap::default(),
            admin2_unit: FastMap::default(),
            unit_capital: FastMap::default(),
            country_capital: FastMap::default(),
            curated: Default::default(),
        };
        Ok((g, names))
    }

    /// Number of entries (places, admin units, countries).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn place(&self, i: u32) -> Option<&Place> {
        self.places.get(i as usize)
    }

    pub fn admin1_of(&self, p: &Place) -> Option<&str> {
        self.admin_name(p.admin1)
    }

    pub fn admin2_of(&self, p: &Place) -> Option<&str> {
        self.admin_name(p.admin2)
    }

    fn admin_name(&self, id: u32) -> Option<&str> {
        match id {
            0 => None,
            i => self.admin_names.get(i as usize).map(|s| &**s),
        }
    }

    pub fn country(&self, iso2: &str) -> Option<&Country> {
        let b = iso2.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let cc = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
        self.country_idx.get(&cc).map(|&i| &self.countries[i])
    }

    pub(crate) fn country_of(&self, p: &Place) -> Option<&Country> {
        self.country_idx
            .get(&p.country)
            .map(|&i| &self.countries[i])
    }

    /// Entries stored under a key hash (no prefix markers).
    pub(crate) fn entries(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        self.index.entries(hash).iter().copied()
    }

    /// `(has full entries, is a prefix of a longer key)`.
    #[inline]
    pub(crate) fn probe(&self, hash: u64) -> (bool, bool) {
        self.index.probe(hash)
    }

    /// The prior plausibility of an entry before any context: size,
    /// kind, and vigie's focus on the Sahel.
    pub(crate) fn prior(&self, i: u32) -> f64 {
        let Some(p) = self.places.get(i as usize) else {
            return 0.0;
        };
        let mut s = match p.kind {
            PlaceKind::Country => 9.0,
            PlaceKind::Admin1 => 4.0,
            PlaceKind::Admin2 => 3.0,
            PlaceKind::Settlement => {
                let pop = (p.population as f64 + 10.0).log10();
                let mut s = pop * 0.9;
                if &*p.feature_code == "PPLC" {
                    s += 1.5;
                }
                if p.source == Source::Supplement || self.curated.contains(&i) {
                    // Curated because fighting happens there.
                    s += 3.0;
                }
                s
            }
        };
        match &p.country {
            b"ML" | b"BF" | b"NE" => s += 1.5,
            _ => {
                if self.country_of(p).is_some_and(|c| c.continent == "AF") {
                    s += 0.5;
                }
            }
        }
        s
    }

    /// Entries named `name` (folded: case, accents, apostrophes, hyphens and
    /// spaces do not count), best first; `country` (ISO2) keeps only that
    /// country's entries.
    pub fn lookup(&self, name: &str, country: Option<&str>) -> Vec<Candidate> {
        let key = name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        let want = country.map(|c| c.trim().to_ascii_uppercase());
        let mut out: Vec<Candidate> = self
            .entries(hash_key(&key))
            .filter_map(|i| {
                let p = &self.places[i as usize];
                if let Some(w) = &want {
                    if p.country_code() != w {
                        return None;
                    }
                }
                let mut score = self.prior(i);
                if name_key(&p.name) == key {
                    score += 0.5;
                }
                Some(self.candidate(i, score))
            })
            .collect();
        sort_candidates(&mut out);
        out
    }

    /// The public view of entry `i` with a score.
    pub fn candidate(&self, i: u32, score: f64) -> Candidate {
        let p = &self.places[i as usize];
        let empty: Arc<str> = Arc::from("");
        let [iso2, country_name, iso3] = self
            .country_idx
            .get(&p.country)
            .and_then(|&k| self.country_strs().get(k))
            .cloned()
            .unwrap_or_else(|| [Arc::from(p.country_code()), empty.clone(), empty]);
        Candidate {
            // `String::from`, not `to_string`: Box<str> and FeatureCode
            // would go through the formatter.
            name: String::from(&*p.name),
            latitude: p.lat,
            longitude: p.lon,
            country: iso2,
            country_name,
            admin1: self.admin_arc(p.admin1),
            admin2: self.admin_arc(p.admin2),
            feature_code: String::from(&*p.feature_code),
            population: p.population,
            geonames_id: p.geonames_id,
            score: (score * 1000.0).round() / 1000.0,
            iso3,
            kind: p.kind,
            source: p.source,
            place: i,
        }
    }

    fn admin_arc(&self, id: u32) -> Option<Arc<str>> {
        match id {
            0 => None,
            i => self.admin_names.get(i as usize).cloned(),
        }
    }

    fn country_strs(&self) -> &[[Arc<str>; 3]] {
        self.country_strs.get_or_init(|| {
            self.countries
                .iter()
                .map(|c| {
                    [
                        Arc::from(c.iso2.as_str()),
                        Arc::from(c.name.as_str()),
                        Arc::from(c.iso3.as_str()),
                    ]
                })
                .collect()
        })
    }

    /// Approximate heap size of the index and entries, for the report.
    pub fn heap_bytes(&self) -> usize {
        self.index.bytes()
            + self.places.capacity() * std::mem::size_of::<Place>()
            + self
                .places
                .iter()
                .map(|p| p.name.len() + p.feature_code.len())
                .sum::<usize>()
    }
}

pub(crate) fn sort_candidates(v: &mut [Candidate]) {
    v.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.place.cmp(&b.place))
    });
}

fn b_intern(ids: &mut HashMap<Box<str>, u32>, names: &mut Vec<Arc<str>>, name: &str) -> u32 {
    if name.is_empty() {
        return 0;
    }
    if let Some(&i) = ids.get(name) {
        return i;
    }
    let i = names.len() as u32;
    names.push(name.into());
    ids.insert(name.into(), i);
    i
}

/// The name without its part number: "Kabonga 2" -> "Kabonga".
fn numbered_base(name: &str) -> Option<&str> {
    let (base, last) = name.rsplit_once(' ')?;
    let numbered =
        (!last.is_empty() && last.len() <= 2 && last.bytes().all(|b| b.is_ascii_digit()))
            || matches!(last, "I" | "II" | "III");
    let base = base.trim_end();
    (numbered && base.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(base)
}

/// Splits `text` into about `n` pieces of whole lines: (first line number, piece).
fn line_chunks(text: &str, n: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let size = text.len() / n.max(1) + 1;
    let mut start = 0;
    let mut line = 1;
    while start < text.len() {
        let mut end = (start + size).min(text.len());
        while end < text.len() && text.as_bytes()[end - 1] != b'\n' {
            end += 1;
        }
        let piece = &text[start..end];
        out.push((line, piece));
        line += piece.bytes().filter(|&c| c == b'\n').count();
        start = end;
    }
    out
}

/// Parses lines of `places.tsv.gz` into a partial builder (indices local
/// to the chunk).
fn parse_places_chunk(
    first_line: usize,
    text: &str,
    codes: &AdminCodes,
    user_ids: &std::collections::HashSet<u32>,
    withdrawn: &HashMap<u32, crate::sahel::Withdrawn>,
) -> Result<Builder, GeoError> {
    const FILE: &str = "places.tsv.gz";
    let mut b = Builder {
        places: Vec::with_capacity(text.len() / 70),
        alternates: Vec::with_capacity(text.len() / 70),
        index: Vec::with_capacity(text.len() / 25),
        scratch: String::new(),
        admin_names: Vec::new(),
        admin_ids: HashMap::new(),
        curated: Vec::new(),
        shadowed: Vec::new(),
        withdrawn: Vec::new(),
    };
    for (k, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        let line = first_line + k;
        let mut f = [""; 10];
        let mut n = 0;
        for part in l.split('\t') {
            if n == 10 {
                n = 11;
                break;
            }
            f[n] = part;
            n += 1;
        }
        if n != 10 {
            return Err(GeoError::data(FILE, line, "expected 10 fields"));
        }
        let id: u32 = f[0]
            .parse()
            .map_err(|_| GeoError::data(FILE, line, "bad geonames id"))?;
        if let Some(w) = withdrawn.get(&id) {
            if w.name != f[1] {
                return Err(GeoError::data(
                    crate::sahel::CORRECTIONS_FILE,
                    w.line,
                    format!("GeoNames id {id} is {:?}, not {:?}", f[1], w.name),
                ));
            }
            b.withdrawn.push(id);
            continue;
        }
        if !user_ids.is_empty() && user_ids.contains(&id) {
            b.shadowed.push((id, f[7].parse().unwrap_or(0)));
            continue;
        }
        let lat = parse_f64(FILE, line, "latitude", f[2])?;
        let lon = parse_f64(FILE, line, "longitude", f[3])?;
        check_coords(FILE, line, lat, lon)?;
        let cc = country_code(FILE, line, f[4])?;
        let (a1, a2) = codes.get(cc, f[5], f[6]);
        let p = Place {
            name: f[1].into(),
            lat,
            lon,
            country: cc,
            admin1: a1,
            admin2: a2,
            population: f[7].parse().unwrap_or(0),
            feature_code: FeatureCode::new(f[8]),
            geonames_id: Some(id),
            kind: PlaceKind::Settlement,
            source: Source::Bundled,
        };
        b.push(p, f[9].split('|').filter(|s| !s.is_empty()));
    }
    Ok(b)
}

/// Indexes `name` for entry `i`: the hash of its key, and a PREFIX marker
/// for the hash after each word but the last.
fn index_name(index: &mut Vec<(u64, u32)>, scratch: &mut String, name: &str, i: u32) {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = HASH_START;
    let mut in_word = false;
    let mut pending: Option<u64> = None;
    let mut any = false;
    let mut feed = |c: char, h: &mut u64, index: &mut Vec<(u64, u32)>| {
        if c.is_alphanumeric() {
            if !in_word {
                if let Some(p) = pending.take() {
                    index.push((p, PREFIX));
                }
                in_word = true;
            }
            let mut buf = [0u8; 4];
            for &byte in c.encode_utf8(&mut buf).as_bytes() {
                *h ^= byte as u64;
                *h = h.wrapping_mul(PRIME);
            }
            any = true;
        } else if in_word {
            in_word = false;
            pending = Some(*h);
        }
    };
    if name.is_ascii() {
        for c in name.bytes() {
            feed(c.to_ascii_lowercase() as char, &mut h, index);
        }
    } else {
        scratch.clear();
        for c in name.chars() {
            vigie_text::fold_char_into(c, scratch);
        }
        for c in scratch.chars() {
            feed(c, &mut h, index);
        }
    }
    if any {
        index.push((h, i));
    }
}

fn add_admin_units(
    b: &mut Builder,
    g: &mut Gazetteer,
    sahel: &crate::sahel::AdminTable,
) -> Result<(), GeoError> {
    // Most populous settlement of each (country, admin1) and (country,
    // admin2): the capital where the curated table does not name one.
    let mut biggest1: HashMap<([u8; 2], u32), u32> = HashMap::new();
    let mut biggest2: HashMap<([u8; 2], u32), u32> = HashMap::new();
    for (i, p) in b.places.iter().enumerate() {
        if p.kind != PlaceKind::Settlement {
            continue;
        }
        let i = i as u32;
        for (map, id) in [(&mut biggest1, p.admin1), (&mut biggest2, p.admin2)] {
            if id == 0 {
                continue;
            }
            let e = map.entry((p.country, id)).or_insert(i);
            let cur = &b.places[*e as usize];
            let better = (&*p.feature_code == "PPLC", p.population)
                > (&*cur.feature_code == "PPLC", cur.population);
            if better {
                *e = i;
            }
        }
    }
    let by_key = crate::sahel::key_map(&b.places, &b.alternates, sahel);
    let find_capital = |b: &Builder, cc: [u8; 2], a1: u32, name: &str| -> Option<u32> {
        crate::sahel::find_named(&b.places, &by_key, cc, a1, name)
    };
    let mut curated1: HashMap<([u8; 2], u32), (u32, Vec<String>)> = HashMap::new();
    let mut curated2: HashMap<([u8; 2], u32), (u32, Vec<String>)> = HashMap::new();
    for (level, units) in [(1, &sahel.admin1), (2, &sahel.admin2)] {
        for u in units {
            let a1 = b.intern(if level == 1 { &u.name } else { &u.parent });
            let cap = match find_capital(b, u.country, a1, &u.capital) {
                Some(c) => c,
                None => {
                    let (lat, lon) = u.capital_coords.ok_or_else(|| {
                        GeoError::data(
                            "sahel-admin.tsv",
                            u.line,
                            format!(
                                "capital {:?} is not in the gazetteer: give its coordinates",
                                u.capital
                            ),
                        )
                    })?;
                    let p = Place {
                        name: u.capital.as_str().into(),
                        lat,
                        lon,
                        country: u.country,
                        admin1: a1,
                        admin2: if level == 2 { b.intern(&u.name) } else { 0 },
                        population: 0,
                        feature_code: "PPLA".into(),
                        geonames_id: None,
                        kind: PlaceKind::Settlement,
                        source: Source::Supplement,
                    };
                    b.push(p, [])
                }
            };
            let id = b.intern(&u.name);
            let map = if level == 1 {
                &mut curated1
            } else {
                &mut curated2
            };
            map.insert((u.country, id), (cap, u.alternates.clone()));
        }
    }
    for (level, biggest, curated) in [(1u8, biggest1, curated1), (2u8, biggest2, curated2)] {
        let mut keys: Vec<_> = biggest.keys().chain(curated.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        for (cc, id) in keys {
            let (cap, alts) = match curated.get(&(cc, id)) {
                Some((c, a)) => (*c, a.clone()),
                None => match biggest.get(&(cc, id)) {
                    Some(&c) => (c, Vec::new()),
                    None => continue,
                },
            };
            let c = b.places[cap as usize].clone();
            let name: Box<str> = (*b.admin_names[id as usize]).into();
            let p = Place {
                name,
                lat: c.lat,
                lon: c.lon,
                country: cc,
                admin1: if level == 1 { id } else { c.admin1 },
                admin2: if level == 2 { id } else { 0 },
                population: 0,
                feature_code: if level == 1 {
                    "ADM1".into()
                } else {
                    "ADM2".into()
                },
                geonames_id: None,
                kind: if level == 1 {
                    PlaceKind::Admin1
                } else {
                    PlaceKind::Admin2
                },
                source: c.source,
            };
            let i = b.push(p, alts.iter().map(String::as_str));
            g.unit_capital.insert(i, cap);
            if level == 1 {
                g.admin1_unit.insert((cc, id), i);
            } else {
                g.admin2_unit.insert((cc, id), i);
            }
        }
    }
    Ok(())
}

fn add_countries(b: &mut Builder, g: &mut Gazetteer, names: &[crate::countries::CountryNames]) {
    let mut extra: HashMap<[u8; 2], &crate::countries::CountryNames> = HashMap::new();
    for n in names {
        extra.insert(n.iso2, n);
    }
    // Capitals: the PPLC of the country, else its most populous place.
    let mut capital: HashMap<[u8; 2], u32> = HashMap::new();
    for (i, p) in b.places.iter().enumerate() {
        if p.kind != PlaceKind::Settlement {
            continue;
        }
        let e = capital.entry(p.country).or_insert(i as u32);
        let cur = &b.places[*e as usize];
        if (&*p.feature_code == "PPLC", p.population)
            > (&*cur.feature_code == "PPLC", cur.population)
        {
            *e = i as u32;
        }
    }
    for ci in 0..g.countries.len() {
        let c = g.countries[ci].clone();
        let cc = [c.iso2.as_bytes()[0], c.iso2.as_bytes()[1]];
        let (lat, lon, a1, cap) = match capital.get(&cc) {
            Some(&i) => {
                let p = &b.places[i as usize];
                (p.lat, p.lon, p.admin1, i)
            }
            None => continue,
        };
        let mut alts: Vec<Box<str>> = Vec::new();
        let geonames_name = c.name.clone();
        if let Some(n) = extra.get(&cc) {
            for s in &n.names {
                alts.push(s.as_str().into());
            }
            for d in &n.demonyms {
                g.country_words
                    .entry(hash_key(&name_key(d)))
                    .or_default()
                    .push((cc, CountryWord::Demonym));
            }
        }
        for s in alts.iter().map(|s| s.to_string()).chain([geonames_name]) {
            g.country_words
                .entry(hash_key(&name_key(&s)))
                .or_default()
                .push((cc, CountryWord::Name));
        }
        let p = Place {
            name: c.name.as_str().into(),
            lat,
            lon,
            country: cc,
            admin1: a1,
            admin2: 0,
            population: 0,
            feature_code: "PCLI".into(),
            geonames_id: c.geonames_id,
            kind: PlaceKind::Country,
            source: Source::Bundled,
        };
        let i = b.push(p, alts.iter().map(|s| &**s));
        g.unit_capital.insert(i, cap);
    }
    for v in g.country_words.values_mut() {
        v.sort_unstable_by_key(|e| (e.0, e.1 == CountryWord::Demonym));
        v.dedup();
    }
}

/// Nearest entry among `candidates` to a point, for tests and diagnostics.
pub fn nearest(cands: &[Candidate], lat: f64, lon: f64) -> Option<(&Candidate, f64)> {
    cands
        .iter()
        .map(|c| (c, distance_km(lat, lon, c.latitude, c.longitude)))
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::numbered_base;

    #[test]
    fn part_numbers_are_dropped() {
        assert_eq!(numbered_base("Kabonga 2"), Some("Kabonga"));
        assert_eq!(numbered_base("Gersa I"), Some("Gersa"));
        assert_eq!(numbered_base("Kabonga"), None);
        assert_eq!(numbered_base("Route 66 A"), None);
        assert_eq!(numbered_base("K 7"), None);
    }
}
