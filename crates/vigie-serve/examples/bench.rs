//! Load-test helper (see `bench/load.sh`).
//!
//!     bench build DB N [PREFIX]  store N synthetic events (5 per document)
//!                                in DB, document ids PREFIX-n (default bench)
//!     bench serve DB ADDR  serve DB on ADDR (read-only)
//!     bench queries DB [N] time the load test's queries and the statistics
//!                          in-process (median of N runs, default 15)
//!
//! The events are spread over the Sahel, two years and all event types so
//! that filters select realistic fractions; they are not meant to be read.

use std::sync::Arc;
use vigie_model::{ActorRef, Document, Event, Evidence, Location};
use vigie_serve::StoreBackend;
use vigie_store::IngestItem;

/// A small deterministic generator (xorshift): same N, same database.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const TYPES: &[(&str, &str, &str)] = &[
    ("Political violence", "Battles", "Armed clash"),
    (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        "Political violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("Political violence", "Violence against civilians", "Attack"),
    (
        "Political violence",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Demonstrations", "Riots", "Violent demonstration"),
    (
        "Strategic developments",
        "Strategic developments",
        "Looting/property destruction",
    ),
];

/// Min lon, min lat, max lon, max lat.
type Bounds = (f64, f64, f64, f64);

/// Country, ISO3, admin1 names, and where its events fall.
const COUNTRIES: &[(&str, &str, &[&str], Bounds)] = &[
    (
        "Mali",
        "MLI",
        &["Mopti", "Gao", "Timbuktu", "Segou", "Kidal", "Menaka"],
        (-8.0, 12.0, 3.5, 19.0),
    ),
    (
        "Burkina Faso",
        "BFA",
        &["Sahel", "Nord", "Est", "Centre-Nord", "Boucle du Mouhoun"],
        (-4.5, 10.5, 1.8, 14.9),
    ),
    (
        "Niger",
        "NER",
        &["Tillaberi", "Tahoua", "Diffa", "Maradi", "Agadez"],
        (0.5, 12.0, 12.0, 18.0),
    ),
];

const ACTORS: &[(&str, u8)] = &[
    ("JNIM: Group for Support of Islam and Muslims", 2),
    ("Islamic State (Sahel)", 2),
    ("Military Forces of Mali (2021-)", 1),
    ("Military Forces of Burkina Faso (2022-)", 1),
    ("Military Forces of Niger (2023-)", 1),
    ("Wagner Group", 8),
    ("Dozo Communal Militia (Mali)", 4),
    ("Unidentified Armed Group (Mali)", 3),
];

fn actor(r: &mut Rng) -> ActorRef {
    let (name, inter) = ACTORS[r.below(ACTORS.len() as u64) as usize];
    ActorRef {
        name: name.into(),
        mention: None,
        inter: Some(inter),
        country: None,
    }
}

fn build(url: &str, n: usize, prefix: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = vigie_store::open(url)?;
    // Another prefix, other documents and other random events.
    let seed = prefix.bytes().fold(0x9e37_79b9_7f4a_7c15u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut r = Rng(seed | 1);
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).ok_or("date")?;
    let per_doc = 5;
    let docs = n.div_ceil(per_doc);
    let t0 = std::time::Instant::now();
    let mut batch = Vec::new();
    let mut made = 0;
    for d in 0..docs {
        let mut text = String::new();
        let mut events = Vec::new();
        let day = start + chrono::Duration::days(r.below(730) as i64);
        for k in 0..per_doc.min(n - made) {
            let (country, iso3, admins, (x0, y0, x1, y1)) =
                COUNTRIES[r.below(COUNTRIES.len() as u64) as usize];
            let admin1 = admins[r.below(admins.len() as u64) as usize];
            let (dis, ty, sub) = TYPES[r.below(TYPES.len() as u64) as usize];
            let lon = x0 + (x1 - x0) * r.unit();
            let lat = y0 + (y1 - y0) * r.unit();
            let fat = if r.below(3) == 0 {
                None
            } else {
                Some(r.below(40) as u32)
            };
            let place = format!("Place{}", r.below(5000));
            let sentence = format!(
                "Report {d}-{k}: {sub} near {place} in {admin1}, {country}, on {day}, {} killed. ",
                fat.map(|f| f.to_string())
                    .unwrap_or_else(|| "unknown number".into())
            );
            let s = text.len();
            text.push_str(&sentence);
            let ev = Evidence {
                start: s,
                end: text.len() - 1,
                text: sentence[..sentence.len() - 1].to_string(),
            };
            let date = day.to_string();
            events.push(Event {
                event_id: format!("{prefix}-{d}-{k}"),
                doc_id: format!("{prefix}-{d}"),
                event_date: Some(date.clone()),
                date_precision: Some("day".into()),
                date_earliest: Some(date.clone()),
                date_latest: Some(date),
                disorder_type: dis.into(),
                event_type: ty.into(),
                sub_event_type: sub.into(),
                actor1: Some(actor(&mut r)),
                actor2: if r.below(2) == 0 {
                    Some(actor(&mut r))
                } else {
                    None
                },
                assoc_actor_1: vec![],
                assoc_actor_2: vec![],
                location: Some(Location {
                    name: Some(place),
                    country: Some(country.into()),
                    iso3: Some(iso3.into()),
                    admin1: Some(admin1.into()),
                    admin2: None,
                    admin3: None,
                    latitude: Some(lat),
                    longitude: Some(lon),
                    geo_precision: Some(1),
                    geonames_id: None,
                    mention: None,
                }),
                fatalities: fat,
                fatalities_text: None,
                claimed: false,
                claimed_by: None,
                evidence: vec![ev],
                field_evidence: Default::default(),
                notes: String::new(),
                tags: vec![],
                rule: "bench".into(),
                confidence: 0.5,
                lang: "en".into(),
            });
            made += 1;
        }
        let mut doc = Document::new(format!("{prefix}-{d}"), text);
        doc.origin = "bench".into();
        batch.push(IngestItem {
            document: doc,
            events,
            extraction_version: "bench".into(),
        });
        if batch.len() == 1000 || d + 1 == docs {
            store.ingest(&batch)?;
            batch.clear();
            eprint!("\r{made} events, {:.0} s", t0.elapsed().as_secs_f64());
        }
    }
    eprintln!("\nstored: {:?}", store.counts()?);
    Ok(())
}

/// The query strings of `bench/events.lua` ("all"), then statistics.
const QUERIES: &[&str] = &[
    "",
    "country=Mali",
    "type=Battles&from=2024-01-01&to=2024-06-30",
    "country=Niger&admin1=Tillaberi&sort=fatalities",
    "bbox=-2,13,1,16&limit=50",
    "actor=jnim&limit=50&offset=200",
    "sort=fatalities&limit=100",
    "from=2023-06&to=2023-06&type=Protests",
    "country=Burkina Faso&offset=1000&limit=50",
    "sub_type=Air/drone strike&sort=date&order=asc",
];

fn event_query(qs: &str) -> Result<vigie_store::EventQuery, Box<dyn std::error::Error>> {
    let mut q = vigie_store::EventQuery {
        descending: true,
        limit: Some(100),
        ..Default::default()
    };
    for kv in qs.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').ok_or("key=value")?;
        let day = |v: &str| vigie_model::DateInterval::parse(v).ok_or_else(|| format!("date {v}"));
        match k {
            "country" => q.country = Some(v.into()),
            "admin1" => q.admin1 = Some(v.into()),
            "type" => q.event_type = Some(v.into()),
            "sub_type" => q.sub_event_type = Some(v.into()),
            "actor" => q.actor = Some(v.into()),
            "bbox" => q.bbox = Some(v.parse()?),
            "from" => q.from = Some(day(v)?.earliest),
            "to" => q.to = Some(day(v)?.latest),
            "sort" => q.sort = v.parse()?,
            "order" => q.descending = v == "desc",
            "limit" => q.limit = Some(v.parse()?),
            "offset" => q.offset = v.parse()?,
            _ => return Err(format!("unknown key {k}").into()),
        }
    }
    Ok(q)
}

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2] * 1000.0
}

fn time_queries(url: &str, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = vigie_store::open(url)?;
    println!(
        "{:<50} {:>9} {:>9}",
        "query (in-process, median)", "page ms", "stats ms"
    );
    for qs in QUERIES {
        let q = event_query(qs)?;
        let mut page = Vec::new();
        let mut stats = Vec::new();
        for _ in 0..runs {
            let t = std::time::Instant::now();
            store.query_page(&q)?;
            page.push(t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            store.stats(&q)?;
            stats.push(t.elapsed().as_secs_f64());
        }
        // Pages may be read another way than plain queries (walking the
        // sort index): they must hold the same events.
        let (total, paged) = store.query_page(&q)?;
        let plain = store.query_events(&q)?;
        let ids = |v: &[vigie_store::StoredEvent]| {
            v.iter()
                .map(|e| e.event.event_id.clone())
                .collect::<Vec<_>>()
        };
        if ids(&paged) != ids(&plain) || total != store.count_events(&q)? {
            return Err(format!("query_page disagrees with query_events for {qs}").into());
        }
        let label = if qs.is_empty() { "(none)" } else { qs };
        println!(
            "{label:<50} {:>9.1} {:>9.1}",
            median_ms(page),
            median_ms(stats)
        );
    }
    let q = vigie_store::EventQuery {
        descending: true,
        limit: Some(10_000),
        ..Default::default()
    };
    let mut map = Vec::new();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        store.query_summaries(&q)?;
        map.push(t.elapsed().as_secs_f64());
    }
    println!("{:<50} {:>9.1}", "map: 10,000 summaries", median_ms(map));
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("build") if args.len() == 4 || args.len() == 5 => build(
            &args[2],
            args[3].parse()?,
            args.get(4).map(String::as_str).unwrap_or("bench"),
        ),
        Some("serve") if args.len() == 4 => {
            let extractor: vigie_serve::Extractor =
                Arc::new(|_d: &Document| (Vec::new(), String::new()));
            let backend = StoreBackend::open(&args[2], 4, extractor)?;
            let app = vigie_serve::router(Arc::new(backend), None);
            vigie_serve::serve_blocking(&args[3], app, |a| eprintln!("serving on {a}"))?;
            Ok(())
        }
        Some("queries") if args.len() == 3 || args.len() == 4 => time_queries(
            &args[2],
            args.get(3).map(|n| n.parse()).transpose()?.unwrap_or(15),
        ),
        _ => Err("usage: bench build DB N | bench serve DB ADDR | bench queries DB [N]".into()),
    }
}
