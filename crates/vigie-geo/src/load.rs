//! Reading the gazetteer's data files. Every parser names the file and line
//! of what it rejects.

use crate::error::GeoError;
use std::io::Read;

pub(crate) const PLACES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/places.tsv.gz");
pub(crate) const ADMIN1: &str = include_str!("../../../data/gazetteer/admin1.tsv");
pub(crate) const ADMIN2_GZ: &[u8] = include_bytes!("../../../data/gazetteer/admin2.tsv.gz");
pub(crate) const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
pub(crate) const COUNTRY_NAMES: &str = include_str!("../../../data/gazetteer/country-names.tsv");
pub(crate) const SAHEL_ADMIN: &str = include_str!("../../../data/gazetteer/sahel-admin.tsv");
pub(crate) const SUPPLEMENT: &str = include_str!("../../../data/gazetteer/sahel-supplement.tsv");
pub(crate) const STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.tsv");
pub(crate) const CUES: &str = include_str!("../../../data/gazetteer/cues.tsv");
pub(crate) const CORRECTIONS: &str = include_str!("../../../data/gazetteer/corrections.tsv");

pub(crate) fn gunzip(file: &str, bytes: &[u8]) -> Result<String, GeoError> {
    let mut out = String::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|e| GeoError::data(file, 0, format!("cannot decompress: {e}")))?;
    Ok(out)
}

/// Data lines of a TSV file: `(line number, fields)`, skipping blank lines
/// and `#` comments.
pub(crate) fn tsv_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

pub(crate) fn parse_f64(file: &str, line: usize, what: &str, s: &str) -> Result<f64, GeoError> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| GeoError::data(file, line, format!("{what}: not a number: {s:?}")))
}

pub(crate) fn check_coords(file: &str, line: usize, lat: f64, lon: f64) -> Result<(), GeoError> {
    if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
        Ok(())
    } else {
        Err(GeoError::data(
            file,
            line,
            format!("coordinates out of range: {lat} {lon}"),
        ))
    }
}

pub(crate) fn country_code(file: &str, line: usize, s: &str) -> Result<[u8; 2], GeoError> {
    let b = s.trim().as_bytes();
    if b.len() == 2 && b.iter().all(|c| c.is_ascii_uppercase()) {
        Ok([b[0], b[1]])
    } else {
        Err(GeoError::data(
            file,
            line,
            format!("not an ISO 3166 alpha-2 code: {s:?}"),
        ))
    }
}

/// `a|b|c` -> names, empty parts dropped.
pub(crate) fn split_names(s: &str) -> impl Iterator<Item = &str> {
    s.split(['|', ',']).map(str::trim).filter(|p| !p.is_empty())
}
