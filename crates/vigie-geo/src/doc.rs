//! Resolving the place names of one document with its context, and
//! choosing an event's location among them.

use crate::cues::{Cue, Noun};
use crate::gazetteer::{Candidate, Country, CountryWord, Gazetteer, Stop};
use crate::key::FastMap;
use crate::place::{distance_km, PlaceKind, Source};
use crate::recognize::{self, Raw};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use vigie_model::{Location, Span};
use vigie_text::Analysis;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Settlement,
    Admin1,
    Admin2,
    Country,
    /// A capitalised name after a strong cue that the gazetteer lacks.
    Unknown,
}

/// One place name of a document, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceMention {
    /// Bytes of the original text.
    pub span: Span,
    /// Token indices into the [`Analysis`].
    pub tokens: Range<usize>,
    pub text: String,
    pub cue: Cue,
    /// The noun that typed it ("cercle de", "village of", "region").
    pub noun: Option<Noun>,
    pub kind: MentionKind,
    /// The chosen entry; `None` for [`MentionKind::Unknown`].
    pub place: Option<Candidate>,
    /// The next best entry of another country, if any, with its score: how
    /// close the call was (`Gazetteer::candidate` expands it; building it
    /// for every mention cost a fifth of recognition time).
    pub runner_up: Option<(u32, f64)>,
    /// Index (in [`DocPlaces::mentions`]) of the place this one only
    /// qualifies: "région de Gao" after "à Bourem", "(Arbinda)" after
    /// "Belehoro".
    pub qualifies: Option<usize>,
}

/// The places of one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocPlaces {
    pub mentions: Vec<PlaceMention>,
    /// Country evidence: ISO2 -> weight (names, demonyms, resolved places).
    pub countries: Vec<(String, f64)>,
    #[serde(skip)]
    main_country: Option<Country>,
    #[serde(skip)]
    capitals: HashMap<u32, Candidate>,
    #[serde(skip)]
    main_capital: Option<Candidate>,
}

struct Ctx<'a> {
    gaz: &'a Gazetteer,
    raws: &'a [Raw],
    /// Country weights from names and demonyms.
    countries: FastMap<[u8; 2], f64>,
    /// Their sum, computed once per document, not per candidate.
    total: f64,
    /// The admin units each name may be: those of name `k` are
    /// `unit_refs[unit_start[k]..unit_start[k + 1]]`.
    unit_refs: Vec<UnitRef>,
    unit_start: Vec<usize>,
    /// Haversine terms of 50, 150 and 400 km.
    bands: [f64; 3],
}

/// A name may be admin unit `id` (level 1 or 2) of `country`; `typed`
/// when a noun or parentheses say it is a unit; `name`: the hash of the
/// name.
#[derive(Clone, Copy, PartialEq, Eq)]
struct UnitRef {
    country: [u8; 2],
    level: u8,
    id: u32,
    typed: bool,
    name: u64,
}

/// What the names around one name offer its candidates, gathered once per
/// name rather than once per candidate.
/// Each unit and each place once: a name repeated in the window adds
/// nothing to a maximum or a minimum. The windows slide forward with the
/// name, so each name enters and leaves them once.
#[derive(Default)]
struct Around {
    /// Names `unit_win` hold their units in `unit_count`.
    unit_win: std::ops::Range<usize>,
    unit_count: Counts<UnitRef>,
    /// Names `point_win` hold their first-pass places, keyed by entry and
    /// name hash, in `point_count`.
    point_win: std::ops::Range<usize>,
    point_count: Counts<(u32, Option<u64>, PosKey)>,
    units: Vec<UnitRef>,
    points: Vec<Pos>,
    scored: Vec<(u32, f64)>,
    /// Unit vectors of the candidates met so far in the document.
    pos_cache: MemoMap<u32, Pos>,
    /// Unit bonus by (candidate, name hash, name typed) and proximity by
    /// (candidate, name hash), valid while the windows' sets keep the
    /// versions noted here: a name met again among the same neighbours
    /// gets the same values.
    unit_memo: MemoMap<(u32, Option<u64>, bool), (f64, bool)>,
    /// The candidates of the current name held by an admin unit named with
    /// its noun or in parentheses next to them ("Thala (Kasserine)").
    vouched: Vec<u32>,
    unit_memo_version: u64,
    point_memo: MemoMap<(u32, Option<u64>), f64>,
    point_memo_version: u64,
}

/// Hasher for the memo keys (candidate ids, name hashes, flags): one
/// multiply per integer, where FNV went over each of its bytes. The memos
/// are looked up, never walked, so their order does not matter.
#[derive(Default, Clone, Copy)]
struct MemoHasher(u64);

impl std::hash::Hasher for MemoHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    #[inline]
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

type MemoMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<MemoHasher>>;

/// The first-pass choice of a name, as proximity reads it: a settlement's
/// position and its unit vector.
#[derive(Clone, Copy)]
struct Pos {
    lat: f64,
    lon: f64,
    v: [f64; 3],
}

/// A multiset of a few distinct items.
/// `.1`, the version, changes whenever an item comes or goes (not when a
/// count changes), so that results computed from the set can be kept until
/// then.
struct Counts<T>(Vec<(T, u32)>, u64);

impl<T> Default for Counts<T> {
    fn default() -> Self {
        Counts(Vec::new(), 0)
    }
}

impl<T: PartialEq + Copy> Counts<T> {
    fn add(&mut self, t: T) {
        match self.0.iter_mut().find(|e| e.0 == t) {
            Some(e) => e.1 += 1,
            None => {
                self.0.push((t, 1));
                self.1 += 1;
            }
        }
    }

    fn remove(&mut self, t: T) {
        if let Some(p) = self.0.iter().position(|e| e.0 == t) {
            self.0[p].1 -= 1;
            if self.0[p].1 == 0 {
                self.0.swap_remove(p);
                self.1 += 1;
            }
        }
    }

    fn version(&self) -> u64 {
        self.1
    }
}

/// A [`Pos`] carried with its entry (equal for equal entries).
#[derive(Clone, Copy)]
struct PosKey(Pos);

impl PartialEq for PosKey {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

const RAD: f64 = std::f64::consts::PI / 180.0;

fn pos(lat: f64, lon: f64) -> Pos {
    let (la, lo) = (lat * RAD, lon * RAD);
    Pos {
        lat,
        lon,
        v: [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()],
    }
}

/// The haversine term of the distance between two points (d = 2R
/// asin(sqrt(h))), from their unit vectors: a quarter of the squared chord,
/// with no trigonometry. It differs from the haversine formula by rounding
/// only (well under [`H_EPS`]).
#[inline]
fn chord_h(a: &Pos, b: &Pos) -> f64 {
    let d = [a.v[0] - b.v[0], a.v[1] - b.v[1], a.v[2] - b.v[2]];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) / 4.0
}

const H_EPS: f64 = 1e-12;

/// The haversine term of a distance in km.
fn h_of_km(km: f64) -> f64 {
    (km / 12742.0).sin().powi(2)
}

impl Gazetteer {
    /// All place mentions of a document, resolved with the document's
    /// context (countries and demonyms named, admin units nearby, the other
    /// places, population and kind as priors).
    pub fn places(&self, text: &str, a: &Analysis) -> DocPlaces {
        let (raws, signals) = recognize::find(self, text, a);
        let mut countries: FastMap<[u8; 2], f64> = FastMap::default();
        for s in &signals {
            let w = match s.kind {
                CountryWord::Name => 2.0,
                CountryWord::Demonym => 1.5,
            } / s.countries.len() as f64;
            for c in &s.countries {
                *countries.entry(*c).or_default() += w;
            }
        }
        let mut unit_refs = Vec::new();
        let mut unit_start = Vec::with_capacity(raws.len() + 1);
        // Where someone comes from or was reached ("a doctor from
        // Timbuktu") says nothing of where the other places lie.
        let origin = |r: &Raw| matches!(r.cue, Cue::From | Cue::Source);
        for r in raws.iter() {
            unit_start.push(unit_refs.len());
            if origin(r) {
                continue;
            }
            let Some(h) = r.hash else { continue };
            for i in self.entries(h) {
                let p = &self.places[i as usize];
                let (level, id) = match p.kind {
                    PlaceKind::Admin1 => (1, p.admin1),
                    PlaceKind::Admin2 => (2, p.admin2),
                    _ => continue,
                };
                unit_refs.push(UnitRef {
                    country: p.country,
                    level,
                    id,
                    typed: r.noun.is_some() || r.parenthetical,
                    name: h,
                });
            }
        }
        unit_start.push(unit_refs.len());
        let total: f64 = countries.values().sum();
        let ctx = Ctx {
            gaz: self,
            raws: &raws,
            countries,
            total,
            unit_refs,
            unit_start,
            bands: [h_of_km(50.0), h_of_km(150.0), h_of_km(400.0)],
        };
        // Pass 1: priors and countries only. The scores are kept: pass 2
        // adds to them.
        // Names repeat in a document, and their base scores depend on the
        // name and its cues, not on where it stands: each distinct one is
        // scored once.
        let mut base_all = Vec::new();
        let mut base_start = Vec::with_capacity(raws.len() + 1);
        // Looked up, never walked: keyed as the memos are, sized up front.
        let mut seen = MemoMap::with_capacity_and_hasher(raws.len(), Default::default());
        for r in &raws {
            let start = base_all.len();
            base_start.push(start);
            let Some(h) = r.hash else { continue };
            let key = (
                h,
                r.cue,
                r.noun,
                r.stop,
                r.sentence_initial,
                r.parenthetical,
                r.in_longer_name,
            );
            match seen.get(&key) {
                Some(&(a, b)) => base_all.extend_from_within(a..b),
                None => {
                    ctx.base_scores(r, &mut base_all);
                    seen.insert(key, (start, base_all.len()));
                }
            }
        }
        base_start.push(base_all.len());
        let base = |k: usize| &base_all[base_start[k]..base_start[k + 1]];
        let firsts: Vec<Option<u32>> = (0..raws.len())
            .zip(&raws)
            .map(|(k, r)| {
                let best = base(k).iter().copied().min_by(by_score);
                if ctx.plausible(r, best.as_ref(), false) {
                    best.map(|c| c.0)
                } else {
                    None
                }
            })
            .collect();
        let first_pos: Vec<Option<Pos>> = firsts
            .iter()
            .zip(raws.iter())
            .map(|(f, r)| {
                if origin(r) {
                    return None;
                }
                let p = &self.places[(*f)? as usize];
                (p.kind == PlaceKind::Settlement).then(|| pos(p.lat, p.lon))
            })
            .collect();
        // Pass 2: with admin units and the other places of the document.
        let mut mentions = Vec::with_capacity(raws.len());
        let mut around = Around::default();
        // Sized up front: grown from empty, the memos were rehashed several
        // times in every document.
        let memo = (raws.len() * 4).min(256);
        around.unit_memo.reserve(memo);
        around.point_memo.reserve(memo);
        around.pos_cache.reserve(memo);
        for (k, r) in raws.iter().enumerate() {
            ctx.context_scores(base(k), r, k, &firsts, &first_pos, &mut around);
            let scored = &around.scored;
            let mut best = scored.first().copied();
            let vouched = best.is_some_and(|(i, _)| around.vouched.contains(&i));
            if r.hash.is_some() && !ctx.plausible(r, best.as_ref(), vouched) {
                // "le village de Douna" in a Malian story when the only
                // Douna known is Ivorian: still a place, just not that one.
                let cued = matches!(r.cue, Cue::Near | Cue::Distance | Cue::Between)
                    || r.noun.is_some_and(Noun::is_locality);
                if r.stop.is_some() || r.in_longer_name || !cued {
                    continue;
                }
                best = None;
            }
            let place = best.map(|(i, s)| self.candidate(i, s));
            let runner_up = best.and_then(|(bi, _)| {
                let bc = self.places[bi as usize].country;
                scored
                    .iter()
                    .find(|(i, _)| self.places[*i as usize].country != bc)
                    .copied()
            });
            let kind = match &place {
                None => MentionKind::Unknown,
                Some(c) => match c.kind {
                    PlaceKind::Settlement => MentionKind::Settlement,
                    PlaceKind::Admin1 => MentionKind::Admin1,
                    PlaceKind::Admin2 => MentionKind::Admin2,
                    PlaceKind::Country => MentionKind::Country,
                },
            };
            mentions.push(PlaceMention {
                span: r.span,
                tokens: r.tokens.clone(),
                text: r.span.slice(text).to_string(),
                cue: if r
                    .noun
                    .is_some_and(|n| matches!(n, Noun::Admin1 | Noun::Admin2))
                    && r.cue == Cue::None
                {
                    Cue::AdminQualifier
                } else {
                    r.cue
                },
                noun: r.noun,
                kind,
                place,
                runner_up,
                qualifies: None,
            });
            // Keep the raw parenthetical flag for the qualifier pass.
            if r.parenthetical {
                if let Some(m) = mentions.last_mut() {
                    m.cue = Cue::AdminQualifier;
                }
            }
        }
        link_qualifiers(text, a, &self.cues, &mut mentions);
        drop_contradicted(a, &mut mentions);
        // The document's countries, with its resolved settlements.
        let mut weights = ctx.countries.clone();
        for m in &mentions {
            if let Some(c) = &m.place {
                let b = c.country.as_bytes();
                if b.len() == 2 && m.kind != MentionKind::Country {
                    *weights.entry([b[0], b[1]]).or_default() += 1.0;
                }
            }
        }
        let mut countries: Vec<(String, f64)> = weights
            .into_iter()
            .map(|(c, w)| {
                (
                    String::from_utf8_lossy(&c).into_owned(),
                    (w * 100.0).round() / 100.0,
                )
            })
            .collect();
        countries.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(&b.0))
        });
        let main_country = countries
            .first()
            .and_then(|(c, _)| self.country(c))
            .cloned();
        let mut capitals = HashMap::new();
        for m in &mentions {
            if let Some(c) = &m.place {
                if c.kind != PlaceKind::Settlement {
                    if let Some(cap) = self.capital_of(c.place) {
                        capitals
                            .entry(c.place)
                            .or_insert_with(|| self.candidate(cap, 0.0));
                    }
                }
            }
        }
        let main_capital = main_country
            .as_ref()
            .and_then(|c| self.capital_city(c))
            .map(|cap| self.candidate(cap, 0.0));
        self.capital_mentions(text, a, main_country.as_ref(), &mut mentions);
        DocPlaces {
            mentions,
            countries,
            main_country,
            capitals,
            main_capital,
        }
    }

    /// The entry of a country's capital city.
    fn capital_city(&self, c: &Country) -> Option<u32> {
        let cc: [u8; 2] = c.iso2.as_bytes().try_into().ok()?;
        self.country_capital.get(&cc).copied()
    }

    /// "in the capital", "dans la capitale malienne": the capital of the
    /// country a demonym next to the noun names, else of the document's
    /// country, as a mention in text order.
    fn capital_mentions(
        &self,
        text: &str,
        a: &Analysis,
        main: Option<&Country>,
        ms: &mut Vec<PlaceMention>,
    ) {
        let cues = &self.cues;
        let n = a.tokens.len();
        let demonym = |k: usize| -> Option<[u8; 2]> {
            let v = self.country_words.get(&crate::key::hash_key(a.norm(k)))?;
            v.iter().find(|e| e.1 == CountryWord::Demonym).map(|e| e.0)
        };
        // The noun is rare: find it in the folded text rather than compare
        // every token.
        let mut at_words: Vec<usize> = Vec::new();
        for w in &cues.capital_probes {
            for pos in memchr::memmem::find_iter(a.folded.as_bytes(), w.as_bytes()) {
                if let Some(k) = a.token_starting_at(pos) {
                    if cues.capital_words.iter().any(|x| x == a.norm(k)) {
                        at_words.push(k);
                    }
                }
            }
        }
        if at_words.is_empty() {
            return;
        }
        at_words.sort_unstable();
        for k in at_words {
            if k == 0 {
                continue;
            }
            // "the Malian capital", "the capital", "la capitale".
            let (adj, art) = match demonym(k - 1) {
                Some(cc) if k >= 2 => (Some(cc), k - 2),
                _ => (None, k - 1),
            };
            if !cues.articles.iter().any(|w| w == a.norm(art)) {
                continue;
            }
            let next = (k + 1 < n).then(|| a.norm(k + 1));
            if next.is_some_and(|w| cues.capital_not.iter().any(|x| x == w)) {
                continue;
            }
            let after = (k + 1 < n).then(|| demonym(k + 1)).flatten();
            let country = adj
                .or(after)
                .and_then(|cc| self.country(std::str::from_utf8(&cc).ok()?));
            let Some(cap) = country.or(main).and_then(|c| self.capital_city(c)) else {
                continue;
            };
            // "Bamako, the capital", "declared Gao the capital": the city
            // is named already.
            let named = ms.iter().any(|m| {
                m.tokens.end == art || (m.tokens.end + 1 == art && a.norm(art - 1) == ",")
            });
            if named {
                continue;
            }
            let end = if after.is_some() { k + 2 } else { k + 1 };
            let cue = match crate::recognize::left_cue(cues, a, art) {
                Cue::At => Cue::At,
                _ => Cue::None,
            };
            let span = Span::new(a.tokens[art].span.start, a.tokens[end - 1].span.end);
            let m = PlaceMention {
                span,
                tokens: art..end,
                text: span.slice(text).to_string(),
                cue,
                noun: Some(Noun::Settlement),
                kind: MentionKind::Settlement,
                place: Some(self.candidate(cap, 0.0)),
                runner_up: None,
                qualifies: None,
            };
            // In text order; the links to later mentions move up by one.
            let at = ms.partition_point(|x| x.tokens.start < art);
            for x in ms.iter_mut() {
                if let Some(q) = x.qualifies.as_mut() {
                    if *q >= at {
                        *q += 1;
                    }
                }
            }
            ms.insert(at, m);
        }
    }

    /// The settlement an admin unit entry is positioned at.
    pub(crate) fn capital_of(&self, unit: u32) -> Option<u32> {
        self.unit_capital.get(&unit).copied()
    }
}

impl Ctx<'_> {
    fn doc_weight(&self, cc: [u8; 2]) -> Option<f64> {
        self.countries.get(&cc).copied()
    }

    /// Candidates of `r` scored with priors, cue and countries, in index
    /// order.
    ///
    /// They must depend only on the name (`r.hash`) and its cue fields,
    /// not on its position: `places` reuses them for repeated names.
    fn base_scores(&self, r: &Raw, out: &mut Vec<(u32, f64)>) {
        let Some(h) = r.hash else {
            return;
        };
        let gaz = self.gaz;
        let total = self.total;
        out.extend(gaz.entries(h).map(|i| {
            let p = &gaz.places[i as usize];
            let mut s = gaz.prior(i);
            // The kind the cue asks for.
            s += match (r.noun, p.kind) {
                (Some(Noun::Admin1), PlaceKind::Admin1) => 4.0,
                (Some(Noun::Admin2), PlaceKind::Admin2) => 4.0,
                (Some(Noun::Admin1), PlaceKind::Admin2)
                | (Some(Noun::Admin2), PlaceKind::Admin1) => 2.0,
                (Some(n), PlaceKind::Settlement) if n.is_town() => 2.0,
                (Some(Noun::Country), PlaceKind::Country) => 4.0,
                (Some(_), PlaceKind::Country) => -6.0,
                (Some(n), _) if n.is_town() => -3.0,
                (None, PlaceKind::Settlement)
                    if matches!(r.cue, Cue::At | Cue::Near | Cue::Distance | Cue::Between) =>
                {
                    1.0
                }
                _ => 0.0,
            };
            if p.kind != PlaceKind::Country {
                match self.doc_weight(p.country) {
                    Some(w) => s += 1.0 + 3.0 * w / total.max(1.0),
                    None if total > 0.0 => s -= 2.5,
                    // A report that names no country is read as news
                    // of vigie's focus region first.
                    None if is_sahel(&p.country) => s += 1.5,
                    None => {}
                }
            }
            (i, s)
        }));
    }

    /// The base scores plus admin units and proximity, best first, into
    /// `around.scored`.
    fn context_scores(
        &self,
        base: &[(u32, f64)],
        r: &Raw,
        me: usize,
        firsts: &[Option<u32>],
        first_pos: &[Option<Pos>],
        around: &mut Around,
    ) {
        // Admin units named among the 20 names either side, within 60
        // tokens: documents can be long. Names are in text order, so that
        // is one run of names, moving forward.
        let raws = self.raws;
        let units_of = |k: usize| &self.unit_refs[self.unit_start[k]..self.unit_start[k + 1]];
        let mut lo = me.saturating_sub(20);
        while raws[lo].tokens.start + 60 < r.tokens.start {
            lo += 1;
        }
        let mut hi = me + 1;
        while hi < (me + 21).min(raws.len()) && raws[hi].tokens.start <= r.tokens.start + 60 {
            hi += 1;
        }
        let w = &mut around.unit_win;
        while w.end < hi {
            units_of(w.end)
                .iter()
                .for_each(|u| around.unit_count.add(*u));
            w.end += 1;
        }
        while w.start < lo {
            units_of(w.start)
                .iter()
                .for_each(|u| around.unit_count.remove(*u));
            w.start += 1;
        }
        // The other places chosen in the first pass, 30 names either side.
        let (lo, hi) = (me.saturating_sub(30), (me + 31).min(raws.len()));
        let w = &mut around.point_win;
        let point = |k: usize| Some((firsts[k]?, raws[k].hash, PosKey(first_pos[k]?)));
        while w.end < hi {
            if let Some(p) = point(w.end) {
                around.point_count.add(p);
            }
            w.end += 1;
        }
        while w.start < lo {
            if let Some(p) = point(w.start) {
                around.point_count.remove(p);
            }
            w.start += 1;
        }
        around.scored.clear();
        around.vouched.clear();
        if base.is_empty() {
            return;
        }
        if around.unit_memo_version != around.unit_count.version() {
            around.unit_memo.clear();
            around.unit_memo_version = around.unit_count.version();
        }
        if around.point_memo_version != around.point_count.version() {
            around.point_memo.clear();
            around.point_memo_version = around.point_count.version();
        }
        let typed = r.noun.is_some() || r.parenthetical;
        let own = units_of(me);
        let (mut units_ready, mut points_ready) = (false, false);
        for &(i, mut s) in base {
            let (unit_bonus, vouched) = match around.unit_memo.get(&(i, r.hash, typed)) {
                Some(&b) => b,
                None => {
                    if !units_ready {
                        // This name's own units do not count for it.
                        around.units.clear();
                        for e in &around.unit_count.0 {
                            let mine = own.iter().filter(|u| **u == e.0).count() as u32;
                            if e.1 > mine {
                                around.units.push(e.0);
                            }
                        }
                        units_ready = true;
                    }
                    let b = self.unit_bonus(i, r.hash, &around.units);
                    around.unit_memo.insert((i, r.hash, typed), b);
                    b
                }
            };
            if vouched {
                around.vouched.push(i);
            }
            s += unit_bonus.max(self.paren_bonus(r, i, me, firsts));
            let near = match around.point_memo.get(&(i, r.hash)) {
                Some(&v) => v,
                None => {
                    if !points_ready {
                        around.points.clear();
                        around.points.extend(
                            around
                                .point_count
                                .0
                                .iter()
                                .filter(|e| e.0 .1 != r.hash)
                                .map(|e| e.0 .2 .0),
                        );
                        points_ready = true;
                    }
                    let v = self.proximity(i, &around.points, &mut around.pos_cache);
                    around.point_memo.insert((i, r.hash), v);
                    v
                }
            };
            s += near;
            around.scored.push((i, s));
        }
        around.scored.sort_by(by_score);
    }

    /// Admin units named near the mention that hold the candidate (`units`:
    /// those of the names around it), and whether one of them was named
    /// with its noun or in parentheses.
    fn unit_bonus(&self, cand: u32, name: Option<u64>, units: &[UnitRef]) -> (f64, bool) {
        let p = &self.gaz.places[cand as usize];
        if p.kind == PlaceKind::Country {
            return (0.0, false);
        }
        let mut bonus: f64 = 0.0;
        let mut typed = false;
        for u in units {
            if u.country != p.country {
                continue;
            }
            let hit = match u.level {
                1 => p.kind != PlaceKind::Admin1 && u.id == p.admin1 && p.admin1 != 0,
                _ => p.kind != PlaceKind::Admin2 && u.id == p.admin2 && p.admin2 != 0,
            };
            if hit {
                let w = if u.level == 2 { 4.0 } else { 3.0 };
                bonus = bonus.max(if u.typed { w + 1.0 } else { w });
                // "Bara commune ... from Bara": a name does not vouch for
                // itself.
                typed |= u.typed && Some(u.name) != name;
            }
        }
        (bonus, typed)
    }

    /// "Belehoro (Arbinda)": a settlement in parentheses right after the
    /// mention, close to the candidate.
    fn paren_bonus(&self, r: &Raw, cand: u32, me: usize, firsts: &[Option<u32>]) -> f64 {
        let gaz = self.gaz;
        let p = &gaz.places[cand as usize];
        if p.kind == PlaceKind::Country {
            return 0.0;
        }
        let mut bonus: f64 = 0.0;
        // Names are in text order without overlap: only the next one or
        // two can start right after this one.
        let hi = (me + 21).min(self.raws.len());
        for (k, o) in self.raws.iter().enumerate().take(hi).skip(me + 1) {
            if o.tokens.start > r.tokens.end + 1 {
                break;
            }
            if o.tokens.start.abs_diff(r.tokens.start) > 60 {
                continue;
            }
            // "Belehoro (Arbinda)": the parenthetical settlement is close.
            if o.parenthetical && o.tokens.start == r.tokens.end + 1 {
                if let Some(Some(f)) = firsts.get(k) {
                    let fp = &gaz.places[*f as usize];
                    if fp.kind == PlaceKind::Settlement
                        && distance_km(p.lat, p.lon, fp.lat, fp.lon) < 40.0
                    {
                        bonus = bonus.max(4.0);
                    }
                }
            }
        }
        bonus
    }

    /// Closeness to the other places of the document (`points`).
    fn proximity(&self, cand: u32, points: &[Pos], cache: &mut MemoMap<u32, Pos>) -> f64 {
        let gaz = self.gaz;
        let p = &gaz.places[cand as usize];
        if p.kind != PlaceKind::Settlement {
            return 0.0;
        }
        // Only the band the nearest distance falls in counts, and the
        // distance grows with the haversine term: compare that, computed
        // from unit vectors. Only when the nearest lies within rounding of
        // a band's edge is it measured the slow way, so the band is the one
        // distance_km gives.
        let bands = self.bands;
        if points.is_empty() {
            return 0.0;
        }
        let pp = *cache.entry(cand).or_insert_with(|| pos(p.lat, p.lon));
        let mut best = f64::INFINITY;
        for o in points {
            best = best.min(chord_h(&pp, o));
            if best < bands[0] - H_EPS {
                return 2.5;
            }
        }
        if bands.iter().any(|b| (best - b).abs() <= H_EPS) {
            best = points
                .iter()
                .map(|o| distance_km(p.lat, p.lon, o.lat, o.lon))
                .fold(f64::INFINITY, f64::min);
        } else {
            best = match best {
                h if h < bands[0] => 0.0,
                h if h < bands[1] => 100.0,
                h if h < bands[2] => 200.0,
                _ => f64::INFINITY,
            };
        }
        match best {
            d if d < 50.0 => 2.5,
            d if d < 150.0 => 1.5,
            d if d < 400.0 => 0.5,
            _ => 0.0,
        }
    }

    /// Is this name a place here, or a word that happens to be one?
    /// `vouched`: an admin unit that holds the place is named beside it
    /// with its noun or in parentheses, which settles the country.
    fn plausible(&self, r: &Raw, best: Option<&(u32, f64)>, vouched: bool) -> bool {
        let Some(&(i, _)) = best else {
            return false;
        };
        let p = &self.gaz.places[i as usize];
        let cued = !matches!(r.cue, Cue::None | Cue::Of);
        match r.stop {
            Some(Stop::Never) => return false,
            Some(Stop::NeedsNoun) if r.noun.is_none() => return false,
            Some(Stop::NeedsCue) if !cued && r.noun.is_none() && !r.parenthetical => return false,
            _ => {}
        }
        let in_doc_country = vouched
            || self.doc_weight(p.country).is_some()
            || (self.total == 0.0 && is_sahel(&p.country));
        // A wrong country is the worst error: a place of a country the
        // document does not name must be big, or, when the document names
        // no country, African. The three central Sahel countries count as
        // one area: fighting and reports cross their borders.
        if p.kind != PlaceKind::Country && !in_doc_country {
            let total = self.total;
            // The focus region is always plausible: its villages are the
            // news even when the report names only a foreign party.
            let near = is_sahel(&p.country);
            let african = self.gaz.country_of(p).is_some_and(|c| c.continent == "AF");
            // A region of an African country named as a region or as a
            // point ("in North Kivu", "Cunene province") is news of that
            // country: its name is far rarer than a village's.
            let unit_noun = r
                .noun
                .is_some_and(|n| matches!(n, Noun::Admin1 | Noun::Admin2 | Noun::Admin3));
            let region = african
                && match p.kind {
                    PlaceKind::Admin1 => unit_noun || cued && r.noun.is_none(),
                    PlaceKind::Admin2 => unit_noun,
                    _ => false,
                };
            let reject = if total > 0.0 {
                p.population < 100_000 && !near
            } else if region {
                false
            } else {
                // Outside the focus region, only a city is likely enough
                // to be what an unlocated report means.
                !african && p.population < 500_000
                    || !is_sahel(&p.country) && p.population < 100_000
            };
            if reject {
                return false;
            }
        }
        if cued || r.noun.is_some() || r.parenthetical {
            return true;
        }
        if r.in_longer_name {
            return false;
        }
        let big = p.population >= 20_000 || &*p.feature_code == "PPLC";
        let strong = matches!(p.kind, PlaceKind::Country | PlaceKind::Admin1)
            || p.source == Source::Supplement
            || self.gaz.curated.contains(&i);
        if r.sentence_initial {
            return p.kind == PlaceKind::Country
                || (in_doc_country && (big || strong || p.population >= 1000));
        }
        p.kind == PlaceKind::Country || in_doc_country || big || strong
    }
}

fn is_sahel(c: &[u8; 2]) -> bool {
    matches!(c, b"ML" | b"BF" | b"NE")
}

/// Best first: higher score, then lower entry index.
fn by_score(a: &(u32, f64), b: &(u32, f64)) -> std::cmp::Ordering {
    b.1.partial_cmp(&a.1)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then(a.0.cmp(&b.0))
}

/// Marks admin units and parentheticals that only qualify a place named
/// just before them.
fn link_qualifiers(text: &str, a: &Analysis, cues: &crate::cues::Cues, ms: &mut [PlaceMention]) {
    // "Ber, à l'est de Tombouctou", "Tiro, north of Matiakoali": a place
    // given as a bearing right after another one only situates it.
    for k in 1..ms.len() {
        if !matches!(ms[k].cue, Cue::Near | Cue::Distance) {
            continue;
        }
        let j = k - 1;
        let prev = &ms[j];
        if matches!(prev.kind, MentionKind::Settlement | MentionKind::Unknown)
            && a.norm(prev.tokens.end) == ","
            && ms[k].tokens.start.saturating_sub(prev.tokens.end) <= 7
        {
            ms[k].qualifies = Some(j);
        }
    }
    // "the Bogodogo area of Ouagadougou", "the Daoudabougou area of
    // Bamako": a district is placed by its town.
    for k in 1..ms.len() {
        let j = k - 1;
        if ms[j].noun == Some(Noun::Area)
            && ms[k].noun == Some(Noun::Area)
            && ms[k].kind == MentionKind::Settlement
            && ms[k].tokens.start == ms[j].tokens.end + 2
            && crate::recognize::left_cue(cues, a, ms[k].tokens.start) == Cue::Of
        {
            ms[k].qualifies = Some(j);
        }
    }
    // "in Etambar, Kidal": a known place right after a comma qualifies a
    // name the gazetteer lacks.
    for k in 1..ms.len() {
        let j = k - 1;
        if ms[j].kind == MentionKind::Unknown
            && matches!(
                ms[k].kind,
                MentionKind::Settlement | MentionKind::Admin1 | MentionKind::Admin2
            )
            && ms[k].cue == Cue::None
            && ms[k].tokens.start == ms[j].tokens.end + 1
            && a.norm(ms[j].tokens.end) == ","
        {
            // Not inside a list of places ("in Makamba, Nyanza-Lac,
            // Kayogoro and Kibago").
            let and_word = |t: usize| cues.and.iter().any(|w| w == a.norm(t));
            let listed = |t: usize| matches!(a.norm(t), "," | "-") || and_word(t);
            let before = ms[j].tokens.start.checked_sub(1).is_some_and(listed);
            let capital = |t: usize| {
                a.tokens.get(t).is_some_and(|x| {
                    x.span
                        .slice(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                })
            };
            let e = ms[k].tokens.end;
            let after = e < a.tokens.len() && (and_word(e) || (a.norm(e) == "," && capital(e + 1)));
            if !before && !after {
                ms[k].qualifies = Some(j);
            }
        }
    }
    for k in 0..ms.len() {
        if ms[k].qualifies.is_some() {
            continue;
        }
        let is_admin = matches!(ms[k].kind, MentionKind::Admin1 | MentionKind::Admin2)
            || matches!(ms[k].noun, Some(Noun::Admin1 | Noun::Admin2 | Noun::Admin3));
        let paren = ms[k].cue == Cue::AdminQualifier && !is_admin;
        if !is_admin && !paren {
            continue;
        }
        let sent = a.sentence_of(ms[k].tokens.start);
        let start = ms[k].tokens.start;
        let qualified = (0..k)
            .rev()
            .take_while(|&j| start.saturating_sub(ms[j].tokens.end) <= 15)
            .find(|&j| {
                let m = &ms[j];
                m.qualifies.is_none()
                    && matches!(m.kind, MentionKind::Settlement | MentionKind::Unknown)
                    && a.sentence_of(m.tokens.start) == sent
                    && ms[k].tokens.start.saturating_sub(m.tokens.end) <= 15
            });
        // "Belehoro (Arbinda)" where Belehoro is unknown: Arbinda stands in
        // for it (see `event_location`).
        if let Some(j) = qualified {
            ms[k].qualifies = Some(j);
        }
    }
}

/// "Tin Tahati (Ansongo, Gao)" read as a Burkinabè Tin: the qualifiers say
/// where the place is, so a candidate that none of them agrees with is a
/// namesake, and the place one the gazetteer lacks (placed at its
/// qualifiers by `event_location`).
fn drop_contradicted(a: &Analysis, ms: &mut [PlaceMention]) {
    // "Famale (Dessa, Tillaberi)" with Dessa read as an Ethiopian town,
    // "Bamba, Bamba Commune (Koro, Mopti)" with the commune read as the
    // Bamba of Gao: the qualifiers of one name go from narrow to broad, so
    // the last one says where the place is, and a qualifier outside it is
    // a namesake of a unit the gazetteer lacks.
    for j in 0..ms.len() {
        let end = ms[j].tokens.end + 16;
        let quals = |k: &usize| ms[*k].qualifies == Some(j) && ms[*k].place.is_some();
        let Some(last) = (j + 1..ms.len())
            .take_while(|&k| ms[k].tokens.start <= end)
            .filter(quals)
            .last()
        else {
            continue;
        };
        let Some(broad) = &ms[last].place else {
            continue;
        };
        let (cc, a1, lat, lon) = (
            broad.country.clone(),
            broad.admin1.clone(),
            broad.latitude,
            broad.longitude,
        );
        let any_country = broad.kind == PlaceKind::Country;
        for m in &mut ms[j + 1..last] {
            if m.qualifies != Some(j) {
                continue;
            }
            let inside = m.place.as_ref().is_none_or(|q| {
                q.country == cc
                    && (any_country
                        || q.admin1.is_none()
                        || a1.is_none()
                        || q.admin1 == a1
                        // Regions split since ("Menaka (Menaka, Gao)").
                        || distance_km(q.latitude, q.longitude, lat, lon) < 300.0)
            });
            if !inside {
                m.place = None;
                m.runner_up = None;
                m.kind = MentionKind::Unknown;
            }
        }
    }
    for j in 0..ms.len() {
        if ms[j].kind != MentionKind::Settlement {
            continue;
        }
        let Some(p) = &ms[j].place else { continue };
        // Qualifiers stand within a few words after the name.
        let end = ms[j].tokens.end;
        let mut quals = ms[j + 1..]
            .iter()
            .take_while(|q| q.tokens.start <= end + 16)
            .filter(|q| q.qualifies == Some(j))
            .filter_map(|q| q.place.as_ref())
            .peekable();
        if quals.peek().is_none() {
            continue;
        }
        // A country qualifier ("the Gossi region of Mali") speaks for the
        // country only.
        let agrees = |q: &Candidate| {
            q.country == p.country
                && (q.kind == PlaceKind::Country
                    || q.admin1.is_none()
                    || p.admin1.is_none()
                    || q.admin1 == p.admin1)
        };
        if quals.any(agrees) {
            continue;
        }
        // The first part of a hyphenated name goes with it.
        let mut k = j;
        loop {
            ms[k].place = None;
            ms[k].runner_up = None;
            ms[k].kind = MentionKind::Unknown;
            let Some(prev) = k.checked_sub(1).map(|i| &ms[i]) else {
                break;
            };
            let e = prev.tokens.end;
            let joined = e + 1 == ms[k].tokens.start
                && a.norm(e) == "-"
                && a.tokens[e].span.start == a.tokens[e - 1].span.end;
            if !joined || prev.kind != MentionKind::Settlement {
                break;
            }
            k -= 1;
        }
    }
}

impl DocPlaces {
    /// The main country of the document: names, demonyms and places
    /// weighed together.
    pub fn document_country(&self) -> Option<&Country> {
        self.main_country.as_ref()
    }

    /// The location of an event reported in the sentences whose token
    /// ranges are given, with the span it was read from. Prefers a
    /// settlement introduced by "à/in/at" closest to `anchor` (the trigger
    /// token); names that only qualify another, countries and origins
    /// ("from X") are not the event's place. An admin unit alone is coded to
    /// its capital with geo_precision 3.
    pub fn event_location(
        &self,
        sentences: &[Range<usize>],
        anchor: Option<usize>,
    ) -> Option<(Location, Span)> {
        let inside = |m: &PlaceMention| sentences.iter().any(|r| r.contains(&m.tokens.start));
        let mut best: Option<(f64, usize)> = None;
        // Only a country named: ACLED codes such events to the capital.
        // The country the event is in ("entered Niger", "in Burkina
        // Faso") rather than one that names a party ("Presidents of
        // Nigeria", "forces of France"), a destination or an origin.
        let mut country: Option<(u8, usize)> = None;
        for (k, m) in self.mentions.iter().enumerate() {
            if !inside(m) {
                continue;
            }
            if m.kind == MentionKind::Country {
                let rank = match m.cue {
                    Cue::At => 3,
                    Cue::Near | Cue::Distance | Cue::Between => 2,
                    Cue::None | Cue::AdminQualifier => 1,
                    Cue::Of => 0,
                    Cue::Towards | Cue::From | Cue::Source => continue,
                };
                if country.is_none_or(|(r, _)| rank > r) {
                    country = Some((rank, k));
                }
                continue;
            }
            // A qualifier of a name the gazetteer lacks stands in for it:
            // "Belehoro (Arbinda)", "Solle, Loroum Province".
            let of_unknown = m
                .qualifies
                .is_some_and(|q| self.mentions[q].kind == MentionKind::Unknown);
            let stand_in = of_unknown
                || (m.kind == MentionKind::Settlement
                    && m.qualifies.is_none()
                    && m.cue == Cue::AdminQualifier);
            if m.kind == MentionKind::Unknown {
                continue;
            }
            let cue_score = |c: Cue| -> f64 {
                match c {
                    Cue::At => 3.0,
                    Cue::Near | Cue::Distance => 2.6,
                    Cue::Between => 2.5,
                    Cue::Of | Cue::None => 1.5,
                    Cue::Towards => 0.6,
                    Cue::From | Cue::Source => 0.2,
                    Cue::AdminQualifier => {
                        if stand_in {
                            2.4
                        } else {
                            0.5
                        }
                    }
                }
            };
            // A stand-in is introduced as the name it stands for: "in
            // Etambar, Kidal".
            let mut s = match m.qualifies.filter(|_| of_unknown) {
                Some(q) => cue_score(m.cue).max(cue_score(self.mentions[q].cue)),
                None => cue_score(m.cue),
            };
            if matches!(m.noun, Some(Noun::Settlement | Noun::Admin3)) {
                s += 1.5;
            }
            s += match m.kind {
                MentionKind::Settlement => 2.0,
                MentionKind::Admin2 => 0.6,
                _ => 0.0,
            };
            if m.qualifies.is_some() && !of_unknown {
                s -= 3.0;
            }
            if let Some(t) = anchor {
                let d = m.tokens.start.abs_diff(t) as f64;
                s -= (d * 0.03).min(2.0);
            } else {
                s -= k as f64 * 0.01;
            }
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, k));
            }
        }
        let k = match (best, country) {
            (Some((_, k)), _) => k,
            (None, Some((_, k))) => k,
            (None, None) => return None,
        };
        let m = &self.mentions[k];
        let c = m.place.as_ref()?;
        let stand_in = m
            .qualifies
            .is_some_and(|q| self.mentions[q].kind == MentionKind::Unknown)
            || (m.cue == Cue::AdminQualifier && m.kind == MentionKind::Settlement);
        let (coded, gp) = match c.kind {
            PlaceKind::Settlement => {
                let gp = match (m.cue, m.noun) {
                    (_, Some(Noun::Area)) => 2,
                    (Cue::Near | Cue::Distance | Cue::Between, _) => 2,
                    _ if stand_in => 2,
                    _ => 1,
                };
                (c, gp)
            }
            PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Country => {
                (self.capitals.get(&c.place).unwrap_or(c), 3)
            }
        };
        // A village the gazetteer lacks keeps its own name, placed at the
        // unit that qualifies it.
        let named = m
            .qualifies
            .map(|q| &self.mentions[q])
            .filter(|q| q.kind == MentionKind::Unknown);
        let mut loc = location_at(coded, gp);
        let span = match named {
            Some(u) => {
                loc.name = Some(u.text.clone());
                loc.mention = Some(u.text.clone());
                loc.geonames_id = None;
                u.span
            }
            None => {
                loc.mention = Some(m.text.clone());
                m.span
            }
        };
        Some((loc, span))
    }

    /// The document's main country, coded as ACLED codes a report that
    /// names no place in it: at its capital, geo_precision 3.
    /// None when the report names a place the gazetteer lacks ("in the
    /// village of Baribsi"): the event is there, not at the capital.
    pub fn country_location(&self) -> Option<Location> {
        let unresolved = self.mentions.iter().any(|m| {
            m.kind == MentionKind::Unknown
                && m.qualifies.is_none()
                && (matches!(m.cue, Cue::At | Cue::Near | Cue::Distance | Cue::Between)
                    || matches!(m.noun, Some(Noun::Settlement | Noun::Area | Noun::Admin3)))
        });
        if unresolved {
            return None;
        }
        self.main_capital.as_ref().map(|c| location_at(c, 3))
    }
}

/// A candidate as an event location.
fn location_at(c: &Candidate, gp: u8) -> Location {
    Location {
        name: Some(c.name.clone()),
        country: Some(String::from(&*c.country_name)).filter(|s| !s.is_empty()),
        iso3: Some(String::from(&*c.iso3)).filter(|s| !s.is_empty()),
        admin1: c.admin1.as_deref().map(String::from),
        admin2: c.admin2.as_deref().map(String::from),
        admin3: None,
        latitude: Some(c.latitude),
        longitude: Some(c.longitude),
        geo_precision: Some(gp),
        geonames_id: c.geonames_id.map(u64::from),
        mention: None,
    }
}
