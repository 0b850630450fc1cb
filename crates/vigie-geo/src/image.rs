//! The bundled gazetteer as a binary image, made by the build script from
//! the data files and embedded in the library. Loading it decodes the
//! entries and borrows the name index in place, instead of decompressing
//! and parsing 235,000 TSV lines and hashing a million names at every start.
//!
//! Layout (little-endian): magic, then sections, each a u64 length and its
//! bytes padded to 8. The index tables are 8-aligned inside the image, so
//! they are used without a copy.

// The writing half runs in the build script and in tests only.
#![cfg_attr(not(test), allow(dead_code))]

use crate::error::GeoError;
use crate::gazetteer::{CountryWord, Gazetteer};
use crate::index::{NameIndex, Store};
use crate::key::FastMap;
use crate::place::{FeatureCode, Place, PlaceKind, Source};

const MAGIC: &[u8; 8] = b"VGGAZ\x00\x00\x02";
const FILE: &str = "gazetteer image";

/// Fixed part of an entry: lat, lon (f64), name offset and length, admin1,
/// admin2, population, GeoNames id + 1 (0: none) (u32), country (2 bytes),
/// kind, source, feature code (8 bytes).
const RECORD: usize = 16 + 24 + 4 + 8;

struct Writer(Vec<u8>);

impl Writer {
    fn section(&mut self, bytes: &[u8]) {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        while !self.0.len().is_multiple_of(8) {
            self.0.push(0);
        }
    }
}

fn kind_code(k: PlaceKind) -> u8 {
    match k {
        PlaceKind::Settlement => 0,
        PlaceKind::Admin1 => 1,
        PlaceKind::Admin2 => 2,
        PlaceKind::Country => 3,
    }
}

fn source_code(s: Source) -> u8 {
    match s {
        Source::Bundled => 0,
        Source::Supplement => 1,
        Source::User => 2,
    }
}

/// Serializes what [`Gazetteer::build`] computed. Maps are written sorted
/// so that the image is the same for the same data.
pub(crate) fn encode(g: &Gazetteer) -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    let mut heap = Vec::new();
    let mut recs = Vec::with_capacity(g.places.len() * RECORD);
    for p in &g.places {
        recs.extend_from_slice(&p.lat.to_le_bytes());
        recs.extend_from_slice(&p.lon.to_le_bytes());
        recs.extend_from_slice(&(heap.len() as u32).to_le_bytes());
        recs.extend_from_slice(&(p.name.len() as u32).to_le_bytes());
        heap.extend_from_slice(p.name.as_bytes());
        for v in [
            p.admin1,
            p.admin2,
            p.population,
            p.geonames_id.map_or(0, |i| i.wrapping_add(1)),
        ] {
            recs.extend_from_slice(&v.to_le_bytes());
        }
        recs.extend_from_slice(&p.country);
        recs.push(kind_code(p.kind));
        recs.push(source_code(p.source));
        let mut fc = [0u8; 8];
        let s = p.feature_code.as_str().as_bytes();
        fc[..s.len()].copy_from_slice(s);
        recs.extend_from_slice(&fc);
    }
    w.section(&recs);
    w.section(&heap);

    let mut names = Vec::new();
    for n in &g.admin_names {
        names.extend_from_slice(&(n.len() as u32).to_le_bytes());
        names.extend_from_slice(n.as_bytes());
    }
    w.section(&names);

    w.section(&u64_bytes(&g.index.keys));
    w.section(&u64_bytes(&g.index.vals));
    let mut post = Vec::with_capacity(g.index.postings.len() * 4);
    for v in g.index.postings.iter() {
        post.extend_from_slice(&v.to_le_bytes());
    }
    w.section(&post);

    for map in [&g.admin1_unit, &g.admin2_unit] {
        let mut v: Vec<_> = map.iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_unstable();
        let mut b = Vec::new();
        for ((cc, id), unit) in v {
            b.extend_from_slice(&cc);
            b.extend_from_slice(&id.to_le_bytes());
            b.extend_from_slice(&unit.to_le_bytes());
        }
        w.section(&b);
    }
    let mut v: Vec<_> = g.unit_capital.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_unstable();
    let mut b = Vec::new();
    for (unit, cap) in v {
        b.extend_from_slice(&unit.to_le_bytes());
        b.extend_from_slice(&cap.to_le_bytes());
    }
    w.section(&b);

    let mut v: Vec<_> = g.country_words.iter().collect();
    v.sort_unstable_by_key(|e| *e.0);
    let mut b = Vec::new();
    for (h, list) in v {
        for (cc, kind) in list {
            b.extend_from_slice(&h.to_le_bytes());
            b.extend_from_slice(cc);
            b.push(matches!(kind, CountryWord::Demonym) as u8);
        }
    }
    w.section(&b);

    let mut v: Vec<u32> = g.curated.iter().copied().collect();
    v.sort_unstable();
    w.section(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>());
    w.0
}

fn u64_bytes(v: &[u64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

struct Reader {
    bytes: &'static [u8],
    pos: usize,
}

fn bad(msg: &str) -> GeoError {
    GeoError::data(FILE, 0, msg)
}

impl Reader {
    fn section(&mut self) -> Result<&'static [u8], GeoError> {
        let len = self
            .bytes
            .get(self.pos..self.pos + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
            .ok_or_else(|| bad("truncated"))? as usize;
        let start = self.pos + 8;
        let s = self
            .bytes
            .get(start..start.saturating_add(len))
            .ok_or_else(|| bad("truncated"))?;
        self.pos = (start + len).div_ceil(8) * 8;
        Ok(s)
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// A section of little-endian u64s, borrowed when the target's byte order
/// and the section's alignment allow it.
fn u64s(b: &'static [u8]) -> Result<Store<u64>, GeoError> {
    if !b.len().is_multiple_of(8) {
        return Err(bad("u64 section of odd length"));
    }
    if cfg!(target_endian = "little") && b.as_ptr().align_offset(8) == 0 {
        // SAFETY: the pointer is 8-aligned, the length a multiple of 8, the
        // bytes live for 'static and every bit pattern is a valid u64.
        let s = unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<u64>(), b.len() / 8) };
        return Ok(Store::Static(s));
    }
    Ok(Store::Owned(
        (0..b.len() / 8).map(|i| u64_at(b, i * 8)).collect(),
    ))
}

fn u32s(b: &'static [u8]) -> Result<Store<u32>, GeoError> {
    if !b.len().is_multiple_of(4) {
        return Err(bad("u32 section of odd length"));
    }
    if cfg!(target_endian = "little") && b.as_ptr().align_offset(4) == 0 {
        // SAFETY: as in `u64s`, for u32.
        let s = unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<u32>(), b.len() / 4) };
        return Ok(Store::Static(s));
    }
    Ok(Store::Owned(
        (0..b.len() / 4).map(|i| u32_at(b, i * 4)).collect(),
    ))
}

/// `(country, admin id) -> unit entry` records of 10 bytes.
fn read_units(b: &[u8], map: &mut FastMap<([u8; 2], u32), u32>) {
    map.reserve(b.len() / 10);
    for c in b.chunks_exact(10) {
        map.insert(([c[0], c[1]], u32_at(c, 2)), u32_at(c, 6));
    }
}

/// Loads the image made by [`encode`]; the small tables (countries,
/// stoplist, cues) are read from their files, as [`Gazetteer::build`] does.
pub(crate) fn decode(bytes: &'static [u8]) -> Result<Gazetteer, GeoError> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(bad("not a vigie gazetteer image (rebuild vigie-geo)"));
    }
    let mut r = Reader { bytes, pos: 8 };
    let recs = r.section()?;
    let heap = r.section()?;
    let names = r.section()?;
    let keys = r.section()?;
    let vals = r.section()?;
    let post = r.section()?;
    let a1 = r.section()?;
    let a2 = r.section()?;
    let caps = r.section()?;
    let words = r.section()?;
    let curated = r.section()?;

    let (mut g, _) = Gazetteer::small_tables()?;
    if !recs.len().is_multiple_of(RECORD) {
        return Err(bad("entry table of odd length"));
    }
    let heap = std::str::from_utf8(heap).map_err(|_| bad("names are not UTF-8"))?;
    g.places = recs
        .chunks_exact(RECORD)
        .map(|c| {
            let off = u32_at(c, 16) as usize;
            let len = u32_at(c, 20) as usize;
            let name = heap
                .get(off..off + len)
                .ok_or_else(|| bad("name out of range"))?;
            let fc = std::str::from_utf8(&c[44..52])
                .map_err(|_| bad("feature code"))?
                .trim_end_matches('\0');
            Ok(Place {
                name: name.into(),
                lat: f64::from_bits(u64_at(c, 0)),
                lon: f64::from_bits(u64_at(c, 8)),
                country: [c[40], c[41]],
                admin1: u32_at(c, 24),
                admin2: u32_at(c, 28),
                population: u32_at(c, 32),
                feature_code: FeatureCode::new(fc),
                geonames_id: u32_at(c, 36).checked_sub(1),
                kind: match c[42] {
                    0 => PlaceKind::Settlement,
                    1 => PlaceKind::Admin1,
                    2 => PlaceKind::Admin2,
                    _ => PlaceKind::Country,
                },
                source: match c[43] {
                    0 => Source::Bundled,
                    1 => Source::Supplement,
                    _ => Source::User,
                },
            })
        })
        .collect::<Result<_, GeoError>>()?;

    let mut k = 0;
    while k + 4 <= names.len() {
        let len = u32_at(names, k) as usize;
        let s = names
            .get(k + 4..k + 4 + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| bad("admin name"))?;
        g.admin_names.push(s.into());
        k += 4 + len;
    }

    g.index = NameIndex {
        keys: u64s(keys)?,
        vals: u64s(vals)?,
        postings: u32s(post)?,
    };
    if g.index.keys.len() != g.index.vals.len() || !g.index.keys.len().is_power_of_two() {
        return Err(bad("index tables"));
    }

    read_units(a1, &mut g.admin1_unit);
    read_units(a2, &mut g.admin2_unit);
    g.unit_capital.reserve(caps.len() / 8);
    for c in caps.chunks_exact(8) {
        g.unit_capital.insert(u32_at(c, 0), u32_at(c, 4));
    }
    for c in words.chunks_exact(11) {
        let kind = if c[10] == 1 {
            CountryWord::Demonym
        } else {
            CountryWord::Name
        };
        g.country_words
            .entry(u64_at(c, 0))
            .or_default()
            .push(([c[8], c[9]], kind));
    }
    g.curated = curated.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
    g.index_country_capitals();
    Ok(g)
}
