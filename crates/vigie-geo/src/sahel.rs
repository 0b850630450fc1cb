//! The curated Sahel data: admin units as the local administrations write
//! them (régions, cercles, provinces, départements) and the supplement of
//! conflict localities that cities500 lacks.

use crate::error::GeoError;
use crate::key::name_key;
use crate::load::{check_coords, country_code, parse_f64, split_names, tsv_lines};
use crate::place::{distance_km, Place, PlaceKind};
use std::collections::HashMap;

const ADMIN_FILE: &str = "sahel-admin.tsv";
const SUPPLEMENT_FILE: &str = "sahel-supplement.tsv";
pub(crate) const CORRECTIONS_FILE: &str = "corrections.tsv";

/// A GeoNames entry withdrawn from the gazetteer: its name, and the line of
/// `corrections.tsv` that withdraws it.
#[derive(Debug, Clone)]
pub(crate) struct Withdrawn {
    pub name: String,
    pub line: usize,
}

/// `geonames_id name reason`.
pub(crate) fn parse_corrections(text: &str) -> Result<HashMap<u32, Withdrawn>, GeoError> {
    let mut out = HashMap::new();
    for (line, f) in tsv_lines(text) {
        if f.len() != 3 || f[2].trim().is_empty() {
            return Err(GeoError::data(
                CORRECTIONS_FILE,
                line,
                "expected geonames_id<TAB>name<TAB>reason",
            ));
        }
        let id: u32 = f[0].trim().parse().map_err(|_| {
            GeoError::data(
                CORRECTIONS_FILE,
                line,
                format!("bad geonames id {:?}", f[0]),
            )
        })?;
        let w = Withdrawn {
            name: f[1].trim().to_string(),
            line,
        };
        if let Some(old) = out.insert(id, w) {
            return Err(GeoError::data(
                CORRECTIONS_FILE,
                line,
                format!("id {id} is already withdrawn at line {}", old.line),
            ));
        }
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub line: usize,
    pub country: [u8; 2],
    pub geonames_code: Option<String>,
    pub name: String,
    pub alternates: Vec<String>,
    /// Admin1 name, for an admin2 unit.
    pub parent: String,
    pub capital: String,
    pub capital_coords: Option<(f64, f64)>,
}

impl Unit {
    pub fn country_str(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("")
    }
}

#[derive(Debug, Default)]
pub(crate) struct AdminTable {
    pub admin1: Vec<Unit>,
    pub admin2: Vec<Unit>,
}

impl AdminTable {
    /// `country level geonames_code name alternates parent capital lat lon`
    pub fn parse(text: &str) -> Result<AdminTable, GeoError> {
        let mut t = AdminTable::default();
        for (line, f) in tsv_lines(text) {
            if f.len() < 7 {
                return Err(GeoError::data(
                    ADMIN_FILE,
                    line,
                    format!("expected 7 to 9 fields, found {}", f.len()),
                ));
            }
            let country = country_code(ADMIN_FILE, line, f[0])?;
            let coords = match (f.get(7).map(|s| s.trim()), f.get(8).map(|s| s.trim())) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    let lat = parse_f64(ADMIN_FILE, line, "latitude", a)?;
                    let lon = parse_f64(ADMIN_FILE, line, "longitude", b)?;
                    check_coords(ADMIN_FILE, line, lat, lon)?;
                    Some((lat, lon))
                }
                _ => None,
            };
            let name = f[3].trim().to_string();
            if name.is_empty() || f[6].trim().is_empty() {
                return Err(GeoError::data(
                    ADMIN_FILE,
                    line,
                    "a unit needs a name and a capital",
                ));
            }
            let u = Unit {
                line,
                country,
                geonames_code: Some(f[2].trim().to_string()).filter(|s| !s.is_empty()),
                name,
                alternates: split_names(f[4]).map(str::to_string).collect(),
                parent: f[5].trim().to_string(),
                capital: f[6].trim().to_string(),
                capital_coords: coords,
            };
            match f[1].trim() {
                "1" => t.admin1.push(u),
                "2" => {
                    if !t
                        .admin1
                        .iter()
                        .any(|a| a.country == u.country && a.name == u.parent)
                    {
                        return Err(GeoError::data(
                            ADMIN_FILE,
                            line,
                            format!("parent {:?} is not an admin1 unit listed above", u.parent),
                        ));
                    }
                    t.admin2.push(u)
                }
                other => {
                    return Err(GeoError::data(
                        ADMIN_FILE,
                        line,
                        format!("level must be 1 or 2, not {other:?}"),
                    ))
                }
            }
        }
        Ok(t)
    }

    fn countries(&self) -> Vec<[u8; 2]> {
        let mut v: Vec<_> = self.admin1.iter().map(|u| u.country).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Name key -> settlements, for the countries of the table.
pub(crate) fn key_map(
    places: &[Place],
    alternates: &[Vec<Box<str>>],
    t: &AdminTable,
) -> HashMap<String, Vec<u32>> {
    let cs = t.countries();
    let mut m: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        if p.kind == PlaceKind::Settlement && cs.contains(&p.country) {
            m.entry(name_key(&p.name)).or_default().push(i as u32);
            for a in alternates.get(i).into_iter().flatten() {
                let v = m.entry(name_key(a)).or_default();
                if v.last() != Some(&(i as u32)) {
                    v.push(i as u32);
                }
            }
        }
    }
    m
}

/// The settlement called `name` in `cc`, preferring admin1 `a1`, then the
/// most populous.
pub(crate) fn find_named(
    places: &[Place],
    by_key: &HashMap<String, Vec<u32>>,
    cc: [u8; 2],
    a1: u32,
    name: &str,
) -> Option<u32> {
    by_key
        .get(&name_key(name))?
        .iter()
        .copied()
        .filter(|&i| places[i as usize].country == cc)
        .max_by_key(|&i| {
            let p = &places[i as usize];
            (p.admin1 == a1, p.population, std::cmp::Reverse(i))
        })
}

/// An admin2 capital: latitude, longitude, admin2 name id.
type Seat = (f64, f64, u32);

/// Gives ML/BF/NE settlements the admin2 unit (cercle, province,
/// département) whose capital is nearest within their admin1. GeoNames
/// leaves most of them empty, and its names for the others are not the
/// ones the administrations use. Supplement entries keep their own.
pub(crate) fn assign_admin2(
    places: &mut [Place],
    t: &AdminTable,
    by_key: &HashMap<String, Vec<u32>>,
    intern: &mut dyn FnMut(&str) -> u32,
) {
    // (country, admin1 id) -> [(lat, lon, admin2 id)]
    let mut seats: HashMap<([u8; 2], u32), Vec<Seat>> = HashMap::new();
    for u in &t.admin2 {
        let a1 = intern(&u.parent);
        let pos = find_named(places, by_key, u.country, a1, &u.capital)
            .map(|i| (places[i as usize].lat, places[i as usize].lon))
            .or(u.capital_coords);
        if let Some((lat, lon)) = pos {
            let a2 = intern(&u.name);
            seats
                .entry((u.country, a1))
                .or_default()
                .push((lat, lon, a2));
        }
    }
    for p in places.iter_mut() {
        if p.kind != PlaceKind::Settlement
            || (p.source == crate::place::Source::Supplement && p.admin2 != 0)
        {
            continue;
        }
        if let Some(s) = seats.get(&(p.country, p.admin1)) {
            let best = s.iter().min_by(|a, b| {
                distance_km(p.lat, p.lon, a.0, a.1)
                    .partial_cmp(&distance_km(p.lat, p.lon, b.0, b.1))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            if let Some(b) = best {
                p.admin2 = b.2;
            }
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SupplementRow {
    pub name: String,
    pub country: [u8; 2],
    pub admin1: String,
    pub admin2: String,
    pub lat: f64,
    pub lon: f64,
    pub alternates: Vec<String>,
    pub feature_code: String,
    #[allow(dead_code)]
    pub origin: String,
}

/// `name country admin1 admin2 lat lon alternates feature_code origin`
pub(crate) fn parse_supplement(text: &str, t: &AdminTable) -> Result<Vec<SupplementRow>, GeoError> {
    let mut out = Vec::new();
    for (line, f) in tsv_lines(text) {
        if f.len() != 9 {
            return Err(GeoError::data(
                SUPPLEMENT_FILE,
                line,
                format!("expected 9 fields, found {}", f.len()),
            ));
        }
        let country = country_code(SUPPLEMENT_FILE, line, f[1])?;
        let lat = parse_f64(SUPPLEMENT_FILE, line, "latitude", f[4])?;
        let lon = parse_f64(SUPPLEMENT_FILE, line, "longitude", f[5])?;
        check_coords(SUPPLEMENT_FILE, line, lat, lon)?;
        let (a1, a2) = (f[2].trim(), f[3].trim());
        if t.admin1.iter().any(|u| u.country == country) {
            if !t
                .admin1
                .iter()
                .any(|u| u.country == country && u.name == a1)
            {
                return Err(GeoError::data(
                    SUPPLEMENT_FILE,
                    line,
                    format!("unknown admin1 {a1:?}"),
                ));
            }
            if !t
                .admin2
                .iter()
                .any(|u| u.country == country && u.parent == a1 && u.name == a2)
            {
                return Err(GeoError::data(
                    SUPPLEMENT_FILE,
                    line,
                    format!("unknown admin2 {a2:?} in {a1:?}"),
                ));
            }
        }
        if f[0].trim().is_empty() || f[8].trim().is_empty() {
            return Err(GeoError::data(
                SUPPLEMENT_FILE,
                line,
                "a place needs a name and the origin of its coordinates",
            ));
        }
        out.push(SupplementRow {
            name: f[0].trim().to_string(),
            country,
            admin1: a1.to_string(),
            admin2: a2.to_string(),
            lat,
            lon,
            alternates: split_names(f[6]).map(str::to_string).collect(),
            feature_code: Some(f[7].trim())
                .filter(|s| !s.is_empty())
                .unwrap_or("PPL")
                .to_string(),
            origin: f[8].trim().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_and_line() {
        let t = AdminTable::parse("ML\t1\t08\tTombouctou\tTimbuktu\t\tTombouctou\n").unwrap();
        let e = parse_supplement(
            "# c\nLéré\tML\tTombouctou\tNiafunké\t15.7\t-4.9\t\tPPL\tx\n",
            &t,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "sahel-supplement.tsv:2: unknown admin2 \"Niafunké\" in \"Tombouctou\""
        );
        let e = parse_supplement("X\tML\tTombouctou\t\t95\t0\t\tPPL\tx\n", &t).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("sahel-supplement.tsv:1: coordinates"),
            "{e}"
        );
        let e = AdminTable::parse("ML\t2\t\tNiafunké\t\tTombouctou\tNiafunké\n").unwrap_err();
        assert!(e.to_string().contains("sahel-admin.tsv:1"), "{e}");
    }
}

#[cfg(test)]
mod correction_tests {
    use super::*;

    #[test]
    fn corrections_are_checked_line_by_line() {
        let ok = parse_corrections("# c\n2460584\tBamba\tpoint far from its region\n").unwrap();
        assert_eq!(ok[&2460584].name, "Bamba");
        assert_eq!(ok[&2460584].line, 2);
        let e = parse_corrections("x12\tBamba\treason\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("corrections.tsv") && e.contains('1'), "{e}");
        let e = parse_corrections("1\tA\tr\n1\tA\tr\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
        assert!(parse_corrections("1\tA\n").is_err());
    }
}
