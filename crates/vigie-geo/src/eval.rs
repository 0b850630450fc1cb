//! Measuring event locations against ACLED-coded notes: for each document,
//! the location [`DocPlaces::event_location`] picks over the whole text,
//! compared with the gold coordinates (within 25 km) and admin1.

use crate::{distance_km, name_key, Gazetteer};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// The figures of one evaluation run.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct EvalReport {
    pub notes: usize,
    pub found: usize,
    pub within_25km: usize,
    pub admin1_right: usize,
    pub country_right: usize,
    /// Notes whose text names ACLED's location (folded, whole words): the
    /// ones a reader of the text alone can place. Many notes name no place
    /// ("Police dispersed the protesters") and ACLED locates them from its
    /// sources.
    pub named: usize,
    pub named_within_25km: usize,
    pub named_admin1_right: usize,
    pub bytes: usize,
    pub seconds: f64,
    /// Documents whose location is missing or more than 25 km off.
    pub misses: Vec<serde_json::Value>,
}

impl EvalReport {
    pub fn share(&self, k: usize) -> f64 {
        percent(k, self.notes)
    }

    /// Share of the notes that name their location.
    pub fn named_share(&self, k: usize) -> f64 {
        percent(k, self.named)
    }
}

fn percent(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * k as f64 / n as f64
    }
}

fn read_jsonl(p: &Path) -> Result<Vec<serde_json::Value>, crate::GeoError> {
    let f = std::fs::File::open(p).map_err(|e| crate::GeoError::io(p, e))?;
    let mut out = Vec::new();
    for (i, l) in std::io::BufReader::new(f).lines().enumerate() {
        let l = l.map_err(|e| crate::GeoError::io(p, e))?;
        if l.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(&l)
            .map_err(|e| crate::GeoError::data(&p.display().to_string(), i + 1, e.to_string()))?;
        out.push(v);
    }
    Ok(out)
}

/// Runs the evaluation; `docs` holds `{id, text, lang?}` lines, `gold`
/// ACLED-style `{id, latitude, longitude, admin1, country, location}` lines.
pub fn evaluate(gaz: &Gazetteer, docs: &Path, gold: &Path) -> Result<EvalReport, crate::GeoError> {
    let docs = read_jsonl(docs)?;
    let gold: HashMap<String, serde_json::Value> = read_jsonl(gold)?
        .into_iter()
        .filter_map(|v| Some((v.get("id")?.as_str()?.to_string(), v)))
        .collect();
    let mut r = EvalReport::default();
    let t = std::time::Instant::now();
    for d in &docs {
        let (Some(id), Some(text)) = (d["id"].as_str(), d["text"].as_str()) else {
            continue;
        };
        let Some(gl) = gold.get(id) else { continue };
        r.notes += 1;
        r.bytes += text.len();
        let lang = d["lang"].as_str().and_then(|l| l.parse().ok());
        let a = vigie_text::analyse(text, lang);
        let p = gaz.places(text, &a);
        let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
        let loc = p.event_location(&all, None);
        let (glat, glon) = (gl["latitude"].as_f64(), gl["longitude"].as_f64());
        let ga1 = gl["admin1"].as_str().unwrap_or("");
        let gname = vigie_text::fold_phrase(gl["location"].as_str().unwrap_or(""));
        let named = !gname.is_empty() && format!(" {} ", a.folded).contains(&format!(" {gname} "));
        r.named += usize::from(named);
        let mut ok = false;
        if let Some((l, _)) = &loc {
            r.found += 1;
            if let (Some(a), Some(b), Some(c), Some(d)) = (glat, glon, l.latitude, l.longitude) {
                if distance_km(a, b, c, d) <= 25.0 {
                    r.within_25km += 1;
                    r.named_within_25km += usize::from(named);
                    ok = true;
                }
            }
            if name_key(l.admin1.as_deref().unwrap_or("")) == name_key(ga1) {
                r.admin1_right += 1;
                r.named_admin1_right += usize::from(named);
            }
            if name_key(l.country.as_deref().unwrap_or(""))
                == name_key(gl["country"].as_str().unwrap_or(""))
            {
                r.country_right += 1;
            }
        }
        if !ok {
            r.misses.push(serde_json::json!({
                "id": id,
                "text": text,
                "gold": format!("{} ({}, {}) {:?},{:?} gp{}", gl["location"].as_str().unwrap_or(""), ga1,
                    gl["admin2"].as_str().unwrap_or(""), glat, glon, gl["geo_precision"]),
                "pred": loc.as_ref().map(|(l, _)| format!("{} ({}, {}) {:?},{:?} gp{:?} [{}]",
                    l.name.as_deref().unwrap_or(""), l.admin1.as_deref().unwrap_or(""),
                    l.admin2.as_deref().unwrap_or(""), l.latitude, l.longitude, l.geo_precision,
                    l.mention.as_deref().unwrap_or(""))),
            }));
        }
    }
    r.seconds = t.elapsed().as_secs_f64();
    Ok(r)
}
