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
