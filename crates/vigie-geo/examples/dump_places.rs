//! Regression dump: every place mention (with scores) and a lookup of every
//! distinct mention text, one JSON line per document, so that two builds can
//! be compared byte for byte:
//! `cargo run -p vigie-geo --release --example dump_places -- FILE...`
//! (`.jsonl` files of `{id, text, lang?}` lines, or plain text files).

use std::io::{BufRead, Write};

fn main() {
    // The bundled data with the default user layer ($VIGIE_GAZETTEER...),
    // as `vigie` reads it.
    let g = match vigie_geo::Gazetteer::bundled() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut docs: Vec<(String, String, Option<vigie_model::Lang>)> = Vec::new();
    for path in std::env::args().skip(1) {
        let Ok(f) = std::fs::File::open(&path) else {
            eprintln!("cannot open {path}");
            std::process::exit(2);
        };
        if path.ends_with(".jsonl") {
            for l in std::io::BufReader::new(f).lines().map_while(Result::ok) {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&l) else {
                    continue;
                };
                let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
                    continue;
                };
                let lang = v["lang"].as_str().and_then(|l| l.parse().ok());
                docs.push((id.to_string(), text.to_string(), lang));
            }
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            docs.push((path.clone(), text, None));
        }
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for (id, text, lang) in &docs {
        let a = vigie_text::analyse(text, *lang);
        let p = g.places(text, &a);
        let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
        let loc = p.event_location(&all, None);
        let lookups: Vec<_> = p.mentions.iter().map(|m| g.lookup(&m.text, None)).collect();
        let line = serde_json::json!({
            "id": id,
            "places": p,
            "country": p.document_country().map(|c| c.iso2.clone()),
            "location": loc,
            "lookups": lookups,
        });
        let _ = writeln!(out, "{line}");
    }
}
