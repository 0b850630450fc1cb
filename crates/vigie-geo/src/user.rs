//! The user gazetteer: GeoNames dumps imported by `vigie gazetteer import`,
//! layered over the bundled data.
//!
//! It lives in one directory: `$VIGIE_GAZETTEER` if set, else
//! `$VIGIE_HOME/gazetteer`, else `$XDG_DATA_HOME/vigie/gazetteer`, else
//! `~/.local/share/vigie/gazetteer`. It holds `places.tsv.gz` (the bundled
//! format: id, name, lat, lon, country, admin1 code, admin2 code,
//! population, feature code, alternates), `admin1.tsv` and `admin2.tsv`.

use crate::error::GeoError;
use crate::load::{self, check_coords, country_code, parse_f64, tsv_lines};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

pub const PLACES_FILE: &str = "places.tsv.gz";
const ADMIN1_FILE: &str = "admin1.tsv";
const ADMIN2_FILE: &str = "admin2.tsv";

/// The default user gazetteer directory (see the module docs).
pub fn default_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env("VIGIE_GAZETTEER") {
        return Some(d);
    }
    if let Some(h) = env("VIGIE_HOME") {
        return Some(h.join("gazetteer"));
    }
    if let Some(x) = env("XDG_DATA_HOME") {
        return Some(x.join("vigie").join("gazetteer"));
    }
    env("HOME").map(|h| h.join(".local/share/vigie/gazetteer"))
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub geonames_id: Option<u32>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: [u8; 2],
    pub admin1: String,
    pub admin2: String,
    pub population: u32,
    pub feature_code: String,
    pub alternates: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct UserLayer {
    pub places: Vec<Row>,
    pub admin1: BTreeMap<String, String>,
    pub admin2: BTreeMap<String, String>,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub places: usize,
    pub alternate_names: usize,
    pub admin1: usize,
    pub admin2: usize,
    /// Places in the user layer after the import.
    pub total_places: usize,
}

fn read_text(path: &Path) -> Result<String, GeoError> {
    let bytes = std::fs::read(path).map_err(|e| GeoError::io(path, e))?;
    if path.extension().is_some_and(|e| e == "gz") {
        load::gunzip(&path.display().to_string(), &bytes)
    } else {
        String::from_utf8(bytes).map_err(|_| GeoError::UnknownFormat {
            path: path.into(),
            msg: "not UTF-8".into(),
        })
    }
}

impl UserLayer {
    pub fn read(dir: &Path) -> Result<UserLayer, GeoError> {
        let mut u = UserLayer::default();
        let p = dir.join(PLACES_FILE);
        if p.exists() {
            let text = read_text(&p)?;
            let file = p.display().to_string();
            for (line, f) in tsv_lines(&text) {
                if f.len() != 10 {
                    return Err(GeoError::data(
                        &file,
                        line,
                        format!("expected 10 fields, found {}", f.len()),
                    ));
                }
                let lat = parse_f64(&file, line, "latitude", f[2])?;
                let lon = parse_f64(&file, line, "longitude", f[3])?;
                check_coords(&file, line, lat, lon)?;
                u.places.push(Row {
                    geonames_id: f[0].parse().ok(),
                    name: f[1].to_string(),
                    lat,
                    lon,
                    country: country_code(&file, line, f[4])?,
                    admin1: f[5].to_string(),
                    admin2: f[6].to_string(),
                    population: f[7].parse().unwrap_or(0),
                    feature_code: f[8].to_string(),
                    alternates: f[9]
                        .split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                });
            }
        }
        for (name, map) in [(ADMIN1_FILE, &mut u.admin1), (ADMIN2_FILE, &mut u.admin2)] {
            let p = dir.join(name);
            if p.exists() {
                let text = read_text(&p)?;
                for (line, f) in tsv_lines(&text) {
                    if f.len() < 2 {
                        return Err(GeoError::data(
                            &p.display().to_string(),
                            line,
                            "expected code<TAB>name",
                        ));
                    }
                    map.insert(f[0].to_string(), f[1].to_string());
                }
            }
        }
        Ok(u)
    }

    fn write(&self, dir: &Path) -> Result<(), GeoError> {
        std::fs::create_dir_all(dir).map_err(|e| GeoError::io(dir, e))?;
        let mut text = String::from(
            "# vigie user gazetteer, imported from GeoNames dumps (CC BY 4.0 GeoNames)\n",
        );
        for r in &self.places {
            text.push_str(&format!(
                "{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                r.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
                r.name,
                r.lat,
                r.lon,
                String::from_utf8_lossy(&r.country),
                r.admin1,
                r.admin2,
                r.population,
                r.feature_code,
                r.alternates.join("|")
            ));
        }
        let p = dir.join(PLACES_FILE);
        let tmp = dir.join(format!("{PLACES_FILE}.tmp"));
        {
            let f = std::fs::File::create(&tmp).map_err(|e| GeoError::io(&tmp, e))?;
            let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
            gz.write_all(text.as_bytes())
                .map_err(|e| GeoError::io(&tmp, e))?;
            gz.finish().map_err(|e| GeoError::io(&tmp, e))?;
        }
        std::fs::rename(&tmp, &p).map_err(|e| GeoError::io(&p, e))?;
        for (name, map) in [(ADMIN1_FILE, &self.admin1), (ADMIN2_FILE, &self.admin2)] {
            let p = dir.join(name);
            let mut s = String::new();
            for (k, v) in map {
                s.push_str(&format!("{k}\t{v}\n"));
            }
            std::fs::write(&p, s).map_err(|e| GeoError::io(&p, e))?;
        }
        Ok(())
    }
}

/// The GeoNames formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Geoname,
    AlternateNames,
    Admin1,
    Admin2,
}

fn sniff(path: &Path, first: &str) -> Result<Format, GeoError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.starts_with("admin1codes") {
        return Ok(Format::Admin1);
    }
    if name.starts_with("admin2codes") {
        return Ok(Format::Admin2);
    }
    if name.starts_with("alternatenames") {
        return Ok(Format::AlternateNames);
    }
    let f: Vec<&str> = first.split('\t').collect();
    match f.len() {
        19 => Ok(Format::Geoname),
        8 | 10 if f[0].parse::<u64>().is_ok() && f[1].parse::<u64>().is_ok() => {
            Ok(Format::AlternateNames)
        }
        4 if f[0].matches('.').count() == 1 => Ok(Format::Admin1),
        4 if f[0].matches('.').count() == 2 => Ok(Format::Admin2),
        n => Err(GeoError::UnknownFormat {
            path: path.into(),
            msg: format!("first line has {n} tab-separated fields"),
        }),
    }
}

/// Keeps the names that can appear in French or English news: Latin script,
/// no codes or links.
fn usable_alternate(lang: &str, name: &str) -> bool {
    !matches!(
        lang,
        "link" | "post" | "iata" | "icao" | "faac" | "abbr" | "wkdt" | "unlc" | "tcid" | "fr_1793"
    ) && name.chars().count() >= 3
        && !name
            .chars()
            .any(|c| c.is_ascii_digit() || c == '\t' || c == '|')
        && name
            .chars()
            .all(|c| c.is_ascii() || !c.is_alphabetic() || is_latin_letter(c))
}

fn is_latin_letter(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Imports GeoNames dumps into the user gazetteer in `dir`: `geoname` tables
/// (ML.txt, allCountries.txt: populated places, feature class P),
/// `alternateNamesV2.txt` (for the places of the layer), `admin1CodesASCII.txt`
/// and `admin2Codes.txt`. Existing entries with the same GeoNames id are
/// replaced.
pub fn import(dir: &Path, files: &[PathBuf]) -> Result<ImportReport, GeoError> {
    let mut layer = UserLayer::read(dir)?;
    let mut report = ImportReport::default();
    let mut by_id: HashMap<u32, usize> = HashMap::new();
    for (k, r) in layer.places.iter().enumerate() {
        if let Some(id) = r.geonames_id {
            by_id.insert(id, k);
        }
    }
    // Geoname tables first, so that alternate names find their places.
    let mut ordered: Vec<(Format, &PathBuf)> = Vec::new();
    for f in files {
        let file = std::fs::File::open(f).map_err(|e| GeoError::io(f, e))?;
        let mut first = String::new();
        BufReader::new(file)
            .read_line(&mut first)
            .map_err(|e| GeoError::io(f, e))?;
        ordered.push((sniff(f, first.trim_end_matches(['\n', '\r']))?, f));
    }
    ordered.sort_by_key(|(fmt, _)| *fmt != Format::Geoname);
    for (fmt, path) in ordered {
        let file = path.display().to_string();
        let text = read_text(path)?;
        for (line, f) in tsv_lines(&text) {
            match fmt {
                Format::Geoname => {
                    if f.len() != 19 {
                        return Err(GeoError::data(
                            &file,
                            line,
                            format!("expected 19 fields, found {}", f.len()),
                        ));
                    }
                    if f[6] != "P" {
                        continue;
                    }
                    let id: u32 = f[0]
                        .parse()
                        .map_err(|_| GeoError::data(&file, line, "bad geonameid"))?;
                    let lat = parse_f64(&file, line, "latitude", f[4])?;
                    let lon = parse_f64(&file, line, "longitude", f[5])?;
                    check_coords(&file, line, lat, lon)?;
                    let name = f[1].trim().to_string();
                    let nk = crate::key::name_key(&name);
                    let mut seen = vec![nk];
                    let mut alternates = Vec::new();
                    for a in f[3].split(',') {
                        let k = crate::key::name_key(a);
                        if usable_alternate("", a) && !seen.contains(&k) {
                            seen.push(k);
                            alternates.push(a.trim().to_string());
                        }
                    }
                    let row = Row {
                        geonames_id: Some(id),
                        name,
                        lat,
                        lon,
                        country: country_code(&file, line, f[8])?,
                        admin1: f[10].to_string(),
                        admin2: f[11].to_string(),
                        population: f[14].parse().unwrap_or(0),
                        feature_code: f[7].to_string(),
                        alternates,
                    };
                    match by_id.get(&id) {
                        Some(&k) => layer.places[k] = row,
                        None => {
                            by_id.insert(id, layer.places.len());
                            layer.places.push(row);
                        }
                    }
                    report.places += 1;
                }
                Format::AlternateNames => {
                    if f.len() < 4 {
                        return Err(GeoError::data(&file, line, "expected at least 4 fields"));
                    }
                    let Ok(id) = f[1].parse::<u32>() else {
                        return Err(GeoError::data(&file, line, "bad geonameid"));
                    };
                    let historic = f.get(7).is_some_and(|s| *s == "1");
                    if let Some(&k) = by_id.get(&id) {
                        let r = &mut layer.places[k];
                        let key = crate::key::name_key(f[3]);
                        if !historic
                            && usable_alternate(f[2], f[3])
                            && crate::key::name_key(&r.name) != key
                            && !r.alternates.iter().any(|a| crate::key::name_key(a) == key)
                        {
                            r.alternates.push(f[3].trim().to_string());
                            report.alternate_names += 1;
                        }
                    }
                }
                Format::Admin1 | Format::Admin2 => {
                    if f.len() < 2 {
                        return Err(GeoError::data(&file, line, "expected code<TAB>name"));
                    }
                    let map = if fmt == Format::Admin1 {
                        report.admin1 += 1;
                        &mut layer.admin1
                    } else {
                        report.admin2 += 1;
                        &mut layer.admin2
                    };
                    map.insert(f[0].to_string(), f[1].to_string());
                }
            }
        }
    }
    layer.places.sort_by_key(|r| r.geonames_id);
    report.total_places = layer.places.len();
    layer.write(dir)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        let p = Path::new("x.txt");
        let geo = "2454104\tLéré\tLere\tLere\t15.7\t-4.9\tP\tPPL\tML\t\t08\t\t\t\t0\t\t270\tAfrica/Bamako\t2020-01-01";
        assert_eq!(sniff(p, geo).unwrap(), Format::Geoname);
        assert_eq!(
            sniff(p, "ML.08\tTombouctou\tTombouctou\t2449066").unwrap(),
            Format::Admin1
        );
        assert_eq!(
            sniff(p, "ML.08.1\tNiafunké\tNiafunke\t1").unwrap(),
            Format::Admin2
        );
        assert_eq!(
            sniff(p, "1\t2\tfr\tX\t\t\t\t\t\t").unwrap(),
            Format::AlternateNames
        );
        assert!(sniff(p, "hello world").is_err());
    }

    #[test]
    fn alternates_are_latin() {
        assert!(usable_alternate("fr", "Tombouctou"));
        assert!(usable_alternate("", "Ségou"));
        assert!(!usable_alternate("ar", "تمبكتو"));
        assert!(!usable_alternate("link", "https://x"));
    }
}
