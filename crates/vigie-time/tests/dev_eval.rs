//! Date accuracy on the shared dev articles (not in the repository):
//! `cargo test -p vigie-time --test dev_eval -- --ignored --nocapture`.
//! For each gold event, dates the sentence its evidence starts in (no
//! trigger: the first time expression of the sentence) and compares the
//! best day with the gold date (within one day, as `score-events` does).

use vigie_model::DateInterval;

const DIR: &str = "../../../shared/corpus/dev/articles";

fn split_header(raw: &str) -> (Option<DateInterval>, String) {
    let t = raw.trim_start();
    if let Some(rest) = t.strip_prefix("date") {
        let rest = rest.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if let Some(d) = DateInterval::parse(&rest[..end]) {
            return (Some(d), rest[end..].trim_start().to_string());
        }
    }
    (None, raw.to_string())
}

#[test]
#[ignore]
fn dev_articles_date_within_1d() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let Ok(gold) = std::fs::read_to_string(dir.join("gold.jsonl")) else {
        eprintln!("no dev corpus; skipped");
        return;
    };
    let (mut n, mut ok) = (0, 0);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = g["file"].as_str().unwrap();
        let want = g["event_date"].as_str().unwrap();
        let evidence = g["evidence"].as_str().unwrap_or("");
        let raw = std::fs::read_to_string(dir.join(file)).unwrap();
        let (published, text) = split_header(&raw);
        let a = vigie_text::analyse(&text, None);
        let p = vigie_time::publication(published, None, &text, &a);
        let times = vigie_time::find_times(&text, &a, &p);
        let head: String = evidence.chars().take(40).collect();
        let Some(pos) = text.find(&head) else {
            eprintln!("{file}: evidence not found");
            continue;
        };
        let s = a
            .sentences
            .iter()
            .position(|s| s.span.end > pos)
            .unwrap_or(0);
        n += 1;
        let got = vigie_time::event_date(&text, &a, &p, &times, &[s], None);
        let good = match (&got, DateInterval::parse(want)) {
            (Some(d), Some(w)) => (d.best - w.best()).num_days().abs() <= 1,
            _ => false,
        };
        if good {
            ok += 1;
        } else {
            eprintln!(
                "MISS {file} want {want} got {:?} from {:?} | {}",
                got.as_ref().map(|d| (d.best, d.precision)),
                got.as_ref()
                    .and_then(|d| d.evidence)
                    .map(|e| e.slice(&text).to_string()),
                head
            );
        }
    }
    eprintln!(
        "date_within_1d: {ok}/{n} = {:.3}",
        ok as f64 / n.max(1) as f64
    );
}

/// ACLED's own notes (English): the date of each note's first sentence.
#[test]
#[ignore]
fn acled_notes_date_within_1d() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    let (Ok(docs), Ok(gold)) = (
        std::fs::read_to_string(dir.join("acled-notes.docs.jsonl")),
        std::fs::read_to_string(dir.join("acled-notes.gold.jsonl")),
    ) else {
        eprintln!("no ACLED notes; skipped");
        return;
    };
    let gold: std::collections::HashMap<String, String> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|g| {
            Some((
                g["id"].as_str()?.to_string(),
                g["event_date"].as_str()?.to_string(),
            ))
        })
        .collect();
    let (mut n, mut ok, mut shown) = (0, 0, 0);
    for line in docs.lines() {
        let Ok(d) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(text)) = (d["id"].as_str(), d["text"].as_str()) else {
            continue;
        };
        let Some(want) = gold.get(id).and_then(|w| DateInterval::parse(w)) else {
            continue;
        };
        let published = d["published"].as_str().and_then(DateInterval::parse);
        let a = vigie_text::analyse(text, Some(vigie_model::Lang::En));
        let p = vigie_time::publication(published, None, text, &a);
        let times = vigie_time::find_times(text, &a, &p);
        n += 1;
        let got = vigie_time::event_date(text, &a, &p, &times, &[0], None);
        if got
            .as_ref()
            .is_some_and(|g| (g.best - want.best()).num_days().abs() <= 1)
        {
            ok += 1;
        } else if shown < 25 {
            shown += 1;
            eprintln!(
                "MISS {id} want {} got {:?} | {}",
                want.best(),
                got.map(|g| (
                    g.best,
                    g.precision,
                    g.evidence.map(|e| e.slice(text).to_string())
                )),
                text.chars().take(120).collect::<String>()
            );
        }
    }
    eprintln!(
        "acled notes date_within_1d: {ok}/{n} = {:.3}",
        ok as f64 / n.max(1) as f64
    );
}

/// Prints every time expression of the dev articles, for review.
#[test]
#[ignore]
fn dump_dev_mentions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
    {
        let raw = std::fs::read_to_string(f).unwrap();
        let (published, text) = split_header(&raw);
        let a = vigie_text::analyse(&text, None);
        let p = vigie_time::publication(published, None, &text, &a);
        eprintln!(
            "== {} {:?} -> {:?} {:?}",
            f.display(),
            published.map(|d| d.header_string()),
            p.interval.map(|d| d.header_string()),
            p.best
        );
        for m in vigie_time::find_times(&text, &a, &p) {
            eprintln!(
                "  {:?} {} best {} {:?} {:?}{}{}",
                m.span.slice(&text),
                m.interval.header_string(),
                m.best,
                m.kind,
                m.tense,
                if m.reporting { " reporting" } else { "" },
                if m.relative_to_event {
                    " rel-event"
                } else {
                    ""
                }
            );
        }
    }
}
