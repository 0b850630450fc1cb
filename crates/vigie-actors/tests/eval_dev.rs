//! Measurements on the shared dev set (`../shared/corpus/dev/`), not unit
//! tests: `cargo test -p vigie-actors --test eval_dev -- --ignored --nocapture`.

use vigie_actors::{combine, fatalities, Actors};

fn fold(s: &str) -> String {
    let f = vigie_text::fold_str(s);
    let mut out = String::new();
    let mut chars = f.chars().peekable();
    let mut depth = String::new();
    // Drop regime years "(2013-2020)", "(2021-)".
    while let Some(c) = chars.next() {
        if c == '(' {
            depth.clear();
            let mut closed = false;
            for d in chars.by_ref() {
                if d == ')' {
                    closed = true;
                    break;
                }
                depth.push(d);
            }
            let years = depth
                .chars()
                .all(|x| x.is_ascii_digit() || x == '-' || x == ' ');
            if !(closed && years && depth.chars().any(|x| x.is_ascii_digit())) {
                out.push(' ');
                out.push_str(&depth);
            }
            out.push(' ');
            continue;
        }
        out.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scorer's alias groups (`../shared/tools/actor-aliases.tsv`), if present.
fn alias_groups() -> &'static std::collections::HashMap<String, String> {
    static CELL: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/tools/actor-aliases.tsv");
        let mut m = std::collections::HashMap::new();
        for line in std::fs::read_to_string(p).unwrap_or_default().lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            let key = fold(parts[0]);
            for p in parts {
                m.insert(fold(p), key.clone());
            }
        }
        m
    })
}

fn keys(name: &str) -> Vec<String> {
    let mut k = vec![fold(name)];
    k.extend(name.split(':').map(fold));
    k.retain(|x| !x.is_empty());
    let groups = alias_groups();
    let extra: Vec<String> = k.iter().filter_map(|x| groups.get(x).cloned()).collect();
    k.extend(extra);
    k
}

fn same(a: &str, b: &str) -> bool {
    let kb = keys(b);
    keys(a).iter().any(|x| kb.contains(x))
}

#[test]
#[ignore]
fn acled_notes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    let docs = std::fs::read_to_string(dir.join("acled-notes.docs.jsonl")).expect("dev set");
    let gold = std::fs::read_to_string(dir.join("acled-notes.gold.jsonl")).expect("dev set");
    let gold: std::collections::HashMap<String, serde_json::Value> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|g| (g["id"].as_str().unwrap_or("").to_string(), g))
        .collect();
    let actors = Actors::shared().unwrap();
    let (mut n_act, mut found_act, mut n_docs, mut fat_ok, mut fat_null_gold_pos) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in docs.lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = d["id"].as_str().unwrap_or("");
        let Some(g) = gold.get(id) else { continue };
        let text = d["text"].as_str().unwrap_or("");
        let country = g["country"].as_str();
        let date = g["event_date"]
            .as_str()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let a = vigie_text::analyse(text, None);
        let ms = actors.find(text, &a, country);
        let names: Vec<String> = ms
            .iter()
            .map(|m| actors.resolve(m, date, country).name)
            .collect();
        for k in ["actor1", "actor2"] {
            let Some(want) = g[k].as_str().filter(|s| !s.is_empty()) else {
                continue;
            };
            n_act += 1;
            if names.iter().any(|n| same(n, want)) {
                found_act += 1;
            } else if misses.len() < 4000 {
                misses.push(format!("{id}: {want} not in {names:?}"));
            }
        }
        n_docs += 1;
        let figs = fatalities(text, &a, 0..a.tokens.len(), a.language());
        let got = combine(&figs).map(|c| c.0).unwrap_or(0);
        let want = g["fatalities"].as_u64().unwrap_or(0) as u32;
        if got == want {
            fat_ok += 1;
        } else {
            if combine(&figs).is_none() {
                fat_null_gold_pos += 1;
            }
            if misses.len() < 4000 && std::env::var("FAT").is_ok() {
                misses.push(format!("{id}: fatalities {got} want {want}: {text}"));
            }
        }
    }
    for m in &misses {
        println!("{m}");
    }
    println!(
        "actors found among mentions: {found_act}/{n_act} = {:.3}",
        found_act as f64 / n_act.max(1) as f64
    );
    println!(
        "fatalities exact (whole note): {fat_ok}/{n_docs} = {:.3} ({fat_null_gold_pos} misses were no figure found)",
        fat_ok as f64 / n_docs.max(1) as f64
    );
}
