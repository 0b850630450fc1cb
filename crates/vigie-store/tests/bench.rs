//! Throughput and latency measurements, not run by default:
//!
//!     cargo test --release -p vigie-store --test bench -- --ignored --nocapture
//!
//! `ingest_throughput` stores synthetic documents with pre-built events (the
//! coder is measured elsewhere); `queries_over_a_million_events` fills a
//! SQLite file with 1,000,000 events (set `VIGIE_BENCH_DB` to keep and reuse
//! it) and times typical filtered queries.

mod fixtures;

use fixtures::{actor, doc, item};
use std::time::{Duration, Instant};
use vigie_model::{Document, Evidence, FieldEvidence, Location};
use vigie_store::{BBox, EventQuery, IngestItem};

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const COUNTRIES: &[(&str, &str, f64, f64)] = &[
    ("Mali", "MLI", 12.0, -8.0),
    ("Burkina Faso", "BFA", 11.5, -3.0),
    ("Niger", "NER", 14.0, 4.0),
    ("Nigeria", "NGA", 10.0, 8.0),
    ("Chad", "TCD", 13.0, 17.0),
];
const SUBS: &[&str] = &[
    "Armed clash",
    "Attack",
    "Abduction/forced disappearance",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Peaceful protest",
    "Looting/property destruction",
];
const ACTORS: &[&str] = &[
    "JNIM: Group for Support of Islam and Muslims",
    "Islamic State (Sahel)",
    "Ansaroul Islam",
    "Katiba Macina",
    "Dozo Communal Militia (Mali)",
    "VDP: Volunteer for Defense of Homeland",
    "Wagner Group",
    "Unidentified Armed Group (Mali)",
];
const WORDS: &[&str] = &[
    "gunmen",
    "attacked",
    "village",
    "soldiers",
    "convoy",
    "checkpoint",
    "market",
    "motorbikes",
    "killed",
    "wounded",
    "army",
    "said",
    "local",
    "sources",
    "overnight",
    "camp",
    "fighters",
    "ambush",
    "patrol",
    "residents",
    "fled",
    "district",
    "officials",
    "confirmed",
];

struct Gen {
    rng: Rng,
    places: Vec<Location>,
}

impl Gen {
    fn new(seed: u64, n_places: usize) -> Gen {
        let mut rng = Rng(seed);
        let mut places = Vec::with_capacity(n_places);
        for i in 0..n_places {
            let (country, iso3, lat0, lon0) = COUNTRIES[i % COUNTRIES.len()];
            let lat = lat0 + rng.unit() * 6.0 - 3.0;
            let lon = lon0 + rng.unit() * 6.0 - 3.0;
            let a1 = i % 40;
            places.push(Location {
                name: Some(format!("Place{i}")),
                country: Some(country.into()),
                iso3: Some(iso3.into()),
                admin1: Some(format!("{country} Region {a1}")),
                admin2: Some(format!("{country} District {}", i % 400)),
                admin3: None,
                latitude: Some(lat),
                longitude: Some(lon),
                geo_precision: Some(1),
                geonames_id: None,
                mention: Some(format!("Place{i}")),
            });
        }
        Gen { rng, places }
    }

    fn sentence(&mut self, n: usize) -> String {
        let mut s: Vec<&str> = (0..n)
            .map(|_| WORDS[self.rng.below(WORDS.len() as u64) as usize])
            .collect();
        s[0] = "Reports";
        format!("{}.", s.join(" "))
    }

    /// A document of about `sentences` sentences with `n_events` events.
    fn document(&mut self, id: usize, sentences: usize, n_events: usize, days: i64) -> IngestItem {
        let mut text = String::new();
        for _ in 0..sentences {
            let s = self.sentence(12);
            text.push_str(&s);
            text.push(' ');
        }
        let text = text.trim_end().to_string();
        let d: Document = doc(&format!("doc{id}"), &text);
        let base = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let mut events = Vec::with_capacity(n_events);
        let mut start = 0;
        for k in 0..n_events {
            let sub = SUBS[self.rng.below(SUBS.len() as u64) as usize];
            let date = base + chrono::Duration::days(self.rng.below(days as u64) as i64);
            let place = self.places[self.rng.below(self.places.len() as u64) as usize].clone();
            let end = text[start..]
                .find('.')
                .map(|i| start + i + 1)
                .unwrap_or(text.len());
            let ev_text = text[start..end].to_string();
            let a1 = ACTORS[self.rng.below(ACTORS.len() as u64) as usize];
            let f = self.rng.below(30) as u32;
            let mut e = fixtures::event(
                &format!("doc{id}-e{k}"),
                &d,
                sub,
                &date.to_string(),
                Some(place),
                Some(actor(a1, 2)),
                Some(actor("Civilians (Mali)", 7)),
                Some(f),
            );
            e.evidence = vec![Evidence {
                start,
                end,
                text: ev_text,
            }];
            e.field_evidence = FieldEvidence::new();
            events.push(e);
            start = if end + 1 < text.len() { end + 1 } else { 0 };
        }
        item(d, events)
    }
}

/// User + system CPU time of this process (Linux), to tell our cost from
/// the load of other processes on a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn bench_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
#[ignore]
fn ingest_throughput() {
    let dir = bench_dir();
    let path = dir.path().join("ingest.db");
    // VIGIE_BENCH_PG=1 measures PostgreSQL (a fresh schema in VIGIE_TEST_PG).
    let url = match std::env::var("VIGIE_BENCH_PG") {
        Ok(v) if v == "1" => fixtures::pg_fresh_url("bench").expect("VIGIE_TEST_PG"),
        _ => path.to_str().unwrap().to_string(),
    };
    let mut s = vigie_store::open(&url).unwrap();
    println!("backend: {}", s.backend());
    let mut g = Gen::new(42, 2000);
    let n_docs: usize = std::env::var("VIGIE_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let docs: Vec<IngestItem> = (0..n_docs).map(|i| g.document(i, 12, 2, 3 * 365)).collect();
    let bytes: usize = docs.iter().map(|d| d.document.text.len()).sum();
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let mut total = vigie_store::IngestSummary::default();
    for chunk in docs.chunks(256) {
        total.add(&s.ingest(chunk).unwrap());
    }
    let el = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let c = s.counts().unwrap();
    println!(
        "ingest CPU time {cpu:.2} s = {:.0} documents per CPU-second (the machine is shared: \
         wall time includes waiting for a core)",
        n_docs as f64 / cpu
    );
    println!(
        "ingest: {n_docs} documents ({:.1} MB text, {} reports) in {el:.2} s = {:.0} documents/s, \
         {:.0} reports/s; {} events stored ({} new, {} merged)",
        bytes as f64 / 1e6,
        c.reports,
        n_docs as f64 / el,
        c.reports as f64 / el,
        c.events,
        total.events_new,
        total.events_merged
    );
    // Re-ingesting is a no-op and fast.
    let t = Instant::now();
    for chunk in docs.chunks(256) {
        s.ingest(chunk).unwrap();
    }
    println!(
        "re-ingest (all known): {:.0} documents/s",
        n_docs as f64 / t.elapsed().as_secs_f64()
    );
    assert_eq!(s.counts().unwrap(), c);
    if s.backend() == "sqlite" {
        assert!(n_docs as f64 / el >= 500.0, "below 500 documents/s");
    }
}

fn time<F: FnMut() -> usize>(label: &str, mut f: F) -> Duration {
    let mut runs = Vec::new();
    let mut n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        n = f();
        runs.push(t.elapsed());
        // A slow query is timed once: the point is already made.
        if runs[0] > Duration::from_secs(1) {
            break;
        }
    }
    runs.sort();
    let med = runs[runs.len() / 2];
    println!(
        "  {label:<58} {n:>7} rows  median {:>8.2} ms  (max {:.2} ms)",
        med.as_secs_f64() * 1e3,
        runs[runs.len() - 1].as_secs_f64() * 1e3
    );
    med
}

#[test]
#[ignore]
fn queries_over_a_million_events() {
    let target: u64 = std::env::var("VIGIE_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let keep = std::env::var("VIGIE_BENCH_DB").ok();
    let dir = bench_dir();
    let path = keep.unwrap_or_else(|| dir.path().join("million.db").to_str().unwrap().into());
    let mut s = vigie_store::open(&path).unwrap();
    let have = s.counts().unwrap().reports;
    if have < target {
        let mut g = Gen::new(7 + have, 5000);
        let per_doc = 10;
        let t = Instant::now();
        let mut id = have as usize / per_doc;
        let mut done = have;
        while done < target {
            let batch: Vec<IngestItem> = (0..500)
                .map(|_| {
                    id += 1;
                    g.document(id, 3, per_doc, 10 * 365)
                })
                .collect();
            s.ingest(&batch).unwrap();
            done += 500 * per_doc as u64;
            if done.is_multiple_of(100_000) {
                println!(
                    "  ... {done} reports ({:.0} reports/s)",
                    (done - have) as f64 / t.elapsed().as_secs_f64()
                );
            }
        }
        println!(
            "generated {} reports in {:.1} s",
            done - have,
            t.elapsed().as_secs_f64()
        );
    }
    let c = s.counts().unwrap();
    println!(
        "database: {} documents, {} reports, {} stored events",
        c.documents, c.reports, c.events
    );
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let q100 = |f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery {
            limit: Some(100),
            descending: true,
            ..Default::default()
        };
        f(&mut q);
        q
    };
    let queries: Vec<(&str, EventQuery)> = vec![
        ("latest 100 events", q100(&|_| {})),
        (
            "country=Mali, one month",
            q100(&|q| {
                q.country = Some("Mali".into());
                q.from = day(2020, 3, 1);
                q.to = day(2020, 3, 31);
            }),
        ),
        (
            "iso3=BFA, latest 100",
            q100(&|q| q.country = Some("BFA".into())),
        ),
        (
            "admin1, one year",
            q100(&|q| {
                q.admin1 = Some("Niger Region 12".into());
                q.from = day(2019, 1, 1);
                q.to = day(2019, 12, 31);
            }),
        ),
        (
            "type=Battles, one week",
            q100(&|q| {
                q.event_type = Some("Battles".into());
                q.from = day(2021, 6, 1);
                q.to = day(2021, 6, 7);
            }),
        ),
        (
            "sub type, country, one year",
            q100(&|q| {
                q.sub_event_type = Some("Air/drone strike".into());
                q.country = Some("Niger".into());
                q.from = day(2022, 1, 1);
                q.to = day(2022, 12, 31);
            }),
        ),
        (
            "bbox 1x1 degree",
            q100(&|q| {
                q.bbox = Some(BBox {
                    min_lon: -4.0,
                    min_lat: 11.0,
                    max_lon: -3.0,
                    max_lat: 12.0,
                })
            }),
        ),
        (
            "bbox 1x1 degree + one month",
            q100(&|q| {
                q.bbox = Some(BBox {
                    min_lon: -4.0,
                    min_lat: 11.0,
                    max_lon: -3.0,
                    max_lat: 12.0,
                });
                q.from = day(2020, 3, 1);
                q.to = day(2020, 3, 31);
            }),
        ),
        (
            "actor contains 'macina', one year",
            q100(&|q| {
                q.actor = Some("macina".into());
                q.from = day(2018, 1, 1);
                q.to = day(2018, 12, 31);
            }),
        ),
        (
            "full text 'checkpoint market' (rarer pair), one month",
            q100(&|q| {
                q.text = Some("checkpoint market".into());
                q.from = day(2020, 3, 1);
                q.to = day(2020, 3, 31);
            }),
        ),
        (
            "full text 'ambush' (in ~40% of reports), one month",
            q100(&|q| {
                q.text = Some("ambush".into());
                q.from = day(2020, 3, 1);
                q.to = day(2020, 3, 31);
            }),
        ),
    ];
    println!(
        "queries over {} events (limit 100, newest first):",
        c.events
    );
    let mut worst = Duration::ZERO;
    for (label, q) in &queries {
        let d = time(label, || s.query_events(q).unwrap().len());
        worst = worst.max(d);
    }
    println!("counts:");
    for (label, q) in &queries[1..6] {
        time(&format!("count: {label}"), || {
            s.count_events(q).unwrap() as usize
        });
    }
    time("stats: country=Mali, one month", || {
        s.stats(&queries[1].1).unwrap().events as usize
    });
    time("suggest places 'place12'", || {
        s.suggest_places("place12", 10).unwrap().len()
    });
    time("suggest actors 'islam'", || {
        s.suggest_actors("islam", 10).unwrap().len()
    });
    println!(
        "slowest filtered query: {:.2} ms",
        worst.as_secs_f64() * 1e3
    );
}
