//! Country names and demonyms (French and English), and the stoplist of
//! words that are place names only with a cue.

use crate::error::GeoError;
use crate::gazetteer::Stop;
use crate::key::{hash_key, name_key, KeyMap};
use crate::load::{country_code, split_names, tsv_lines};

const NAMES_FILE: &str = "country-names.tsv";
const STOP_FILE: &str = "stoplist.tsv";

#[derive(Debug, Clone)]
pub(crate) struct CountryNames {
    pub iso2: [u8; 2],
    pub acled_name: String,
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
}

/// `iso2 acled_name names demonyms`
pub(crate) fn parse_country_names(
    text: &str,
    known: &crate::key::FastMap<[u8; 2], usize>,
) -> Result<Vec<CountryNames>, GeoError> {
    let mut out = Vec::new();
    for (line, f) in tsv_lines(text) {
        if f.len() != 4 {
            return Err(GeoError::data(
                NAMES_FILE,
                line,
                format!("expected 4 fields, found {}", f.len()),
            ));
        }
        let iso2 = country_code(NAMES_FILE, line, f[0])?;
        if !known.contains_key(&iso2) {
            return Err(GeoError::data(
                NAMES_FILE,
                line,
                format!("unknown country {:?}", f[0]),
            ));
        }
        out.push(CountryNames {
            iso2,
            acled_name: f[1].trim().to_string(),
            names: split_names(f[2]).map(str::to_string).collect(),
            demonyms: split_names(f[3]).map(str::to_string).collect(),
        });
    }
    Ok(out)
}

/// `word level` with level `cue`, `noun` or `never`.
pub(crate) fn parse_stoplist(text: &str) -> Result<KeyMap<Stop>, GeoError> {
    let mut out = KeyMap::default();
    let mut seen = std::collections::HashMap::new();
    for (line, f) in tsv_lines(text) {
        let level = match f.get(1).map(|s| s.trim()) {
            Some("cue") => Stop::NeedsCue,
            Some("noun") => Stop::NeedsNoun,
            Some("never") => Stop::Never,
            other => {
                return Err(GeoError::data(
                    STOP_FILE,
                    line,
                    format!("level must be cue, noun or never, not {other:?}"),
                ))
            }
        };
        let k = name_key(f[0]);
        if k.is_empty() {
            return Err(GeoError::data(STOP_FILE, line, "empty word"));
        }
        // A word listed twice would silently keep its last level.
        let h = hash_key(&k);
        if let Some(old) = seen.insert(h, line) {
            return Err(GeoError::data(
                STOP_FILE,
                line,
                format!("{:?} is already listed at line {old}", f[0].trim()),
            ));
        }
        out.insert(h, level);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_listed_twice_names_both_lines() {
        let e = parse_stoplist("# words\nBoni\tcue\nEst\tnoun\nbóni\tnever\n").unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("stoplist.tsv") && m.contains('4') && m.contains("line 2"),
            "{m}"
        );
    }

    #[test]
    fn levels_are_checked() {
        assert!(parse_stoplist("Boni\tsometimes\n").is_err());
        assert!(parse_stoplist("Boni\tcue\nKati\tnoun\n").is_ok());
    }
}
