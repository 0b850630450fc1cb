//! The example corpus (`examples/reports/`, written for vigie) against its
//! expected events: detection and field accuracy must not fall below the
//! floors set here. Run with `--nocapture` to see every miss.

use serde_json::Value;
use std::collections::BTreeMap;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::Event;

fn fold(s: &str) -> String {
    vigie_text::fold_str(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Actor names match on their short form ("JNIM: Group ..." = "JNIM") and
/// without regime years.
fn actor_key(s: &str) -> String {
    let s = s.split(':').next().unwrap_or(s);
    let s = match s.find(" (") {
        Some(i) if s[i + 2..].starts_with(|c: char| c.is_ascii_digit()) => &s[..i],
        _ => s,
    };
    fold(s)
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let h = ((b.0 - a.0) * p / 2.0).sin().powi(2)
        + (a.0 * p).cos() * (b.0 * p).cos() * ((b.1 - a.1) * p / 2.0).sin().powi(2);
    12742.0 * h.sqrt().asin()
}

fn place_right(g: &Value, e: &Event) -> bool {
    let loc = e.location.as_ref();
    let gname = g["location"].as_str();
    if gname.is_none() && g["admin1"].is_null() {
        return loc.and_then(|l| l.country.as_deref()).map(fold) == g["country"].as_str().map(fold);
    }
    if let (Some(gn), Some(pn)) = (gname, loc.and_then(|l| l.name.as_deref())) {
        if fold(gn) == fold(pn) {
            return true;
        }
    }
    if let (Some(glat), Some(glon), Some(l)) =
        (g["latitude"].as_f64(), g["longitude"].as_f64(), loc)
    {
        if let (Some(lat), Some(lon)) = (l.latitude, l.longitude) {
            return km((glat, glon), (lat, lon)) <= 50.0;
        }
    }
    false
}

/// A gold date may be a month (`2023-09`): its middle, as the scorer reads it.
fn gold_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(&format!("{s}-15"), "%Y-%m-%d"))
        .ok()
}

fn date_diff(g: &Value, e: &Event) -> Option<i64> {
    let gd = gold_date(g["event_date"].as_str()?)?;
    let pd = chrono::NaiveDate::parse_from_str(e.event_date.as_deref()?, "%Y-%m-%d").ok()?;
    Some((gd - pd).num_days().abs())
}

fn actors_match(g: &Value, e: &Event) -> bool {
    let ga: Vec<String> = [&g["actor1"], &g["actor2"]]
        .iter()
        .filter_map(|v| v.as_str().map(actor_key))
        .collect();
    let pa: Vec<String> = [&e.actor1, &e.actor2]
        .iter()
        .filter_map(|a| a.as_ref().map(|a| actor_key(&a.name)))
        .collect();
    ga.iter().any(|x| pa.contains(x))
}

fn similarity(g: &Value, e: &Event) -> f64 {
    let mut s = 0.0;
    if let Some(d) = date_diff(g, e) {
        s += match d {
            0 => 1.0,
            1 => 0.7,
            2..=3 => 0.3,
            _ => 0.0,
        };
    }
    if place_right(g, e) {
        s += 1.0;
    }
    if g["event_type"].as_str() == Some(e.event_type.as_str()) {
        s += 1.0;
        if g["sub_event_type"].as_str() == Some(e.sub_event_type.as_str()) {
            s += 0.5;
        }
    }
    if actors_match(g, e) {
        s += 0.5;
    }
    s
}

#[test]
fn example_corpus_meets_its_floors() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/reports");
    let expected =
        std::fs::read_to_string(format!("{root}/expected.jsonl")).expect("expected.jsonl");
    let mut gold: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (n, line) in expected.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("expected.jsonl:{}: {e}", n + 1));
        let f = v["file"]
            .as_str()
            .unwrap()
            .trim_end_matches(".txt")
            .to_string();
        gold.entry(f).or_default().push(v);
    }
    let coder = Coder::new().expect("coder loads");
    let mut files: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let (mut n_gold, mut n_pred, mut matched, mut strict) = (0usize, 0usize, 0usize, 0usize);
    let (mut sub_ok, mut date_ok, mut place_ok, mut actor_ok, mut fat_ok) = (0, 0, 0, 0, 0);
    for path in &files {
        let raw = std::fs::read_to_string(path).unwrap();
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let doc = vigie_read::plain_text(&id, &raw, &path.display().to_string());
        let events = coder.extract(&doc, &ExtractOptions::default());
        for e in &events {
            for ev in &e.evidence {
                assert_eq!(
                    &doc.text[ev.start..ev.end],
                    ev.text,
                    "{id}: evidence slices the text"
                );
            }
        }
        let gs = gold.get(&id).cloned().unwrap_or_default();
        n_gold += gs.len();
        n_pred += events.len();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, g) in gs.iter().enumerate() {
            for (j, e) in events.iter().enumerate() {
                let s = similarity(g, e);
                if s >= 1.5 {
                    pairs.push((s, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        let (mut ug, mut up) = (vec![false; gs.len()], vec![false; events.len()]);
        for (_, i, j) in pairs {
            if ug[i] || up[j] {
                continue;
            }
            ug[i] = true;
            up[j] = true;
            matched += 1;
            let (g, e) = (&gs[i], &events[j]);
            let sub = g["sub_event_type"].as_str() == Some(e.sub_event_type.as_str());
            let date = date_diff(g, e).is_some_and(|d| d <= 1);
            let place = place_right(g, e);
            sub_ok += sub as usize;
            date_ok += date as usize;
            place_ok += place as usize;
            actor_ok += actors_match(g, e) as usize;
            fat_ok += (g["fatalities"].as_u64().unwrap_or(0)
                == u64::from(e.fatalities.unwrap_or(0))) as usize;
            if g["event_type"].as_str() == Some(e.event_type.as_str()) && date && place {
                strict += 1;
            }
            if !(sub && date && place) {
                println!(
                    "MISMATCH {id}: gold {} {} {} | got {} {:?} {:?}",
                    g["sub_event_type"],
                    g["event_date"],
                    g["location"],
                    e.sub_event_type,
                    e.event_date,
                    e.location.as_ref().and_then(|l| l.name.clone())
                );
            }
        }
        for (i, g) in gs.iter().enumerate() {
            if !ug[i] {
                println!(
                    "MISSED {id}: {} {} {}",
                    g["sub_event_type"], g["event_date"], g["location"]
                );
            }
        }
        for (j, e) in events.iter().enumerate() {
            if !up[j] {
                println!(
                    "SPURIOUS {id}: {} {:?} {:?} [{}]",
                    e.sub_event_type,
                    e.event_date,
                    e.location.as_ref().and_then(|l| l.name.clone()),
                    e.rule
                );
            }
        }
    }
    let p = matched as f64 / n_pred.max(1) as f64;
    let r = matched as f64 / n_gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(1e-9);
    let sp = strict as f64 / n_pred.max(1) as f64;
    let sr = strict as f64 / n_gold.max(1) as f64;
    let sf1 = 2.0 * sp * sr / (sp + sr).max(1e-9);
    let m = matched.max(1) as f64;
    println!(
        "examples: {} reports, gold {n_gold}, predicted {n_pred}, matched {matched}: detection F1 {f1:.3}, strict F1 {sf1:.3}; on matched: sub-event {:.3}, date±1 {:.3}, place {:.3}, actor {:.3}, fatalities {:.3}",
        files.len(),
        sub_ok as f64 / m, date_ok as f64 / m, place_ok as f64 / m, actor_ok as f64 / m, fat_ok as f64 / m
    );
    assert!(n_gold >= 20, "the example corpus has its expected events");
    // Floors: raise them as the coder improves, never lower them silently.
    assert!(f1 >= 0.70, "detection F1 {f1:.3} fell below its floor");
    assert!(sf1 >= 0.40, "strict F1 {sf1:.3} fell below its floor");
}
