//! `vigie ingest` and `vigie events` end to end: idempotent ingest, and the
//! export formats (ACLED CSV header, valid GeoJSON, JSON Lines with sources).

use std::process::Command;
use vigie_model::{ActorRef, DateInterval, Document, Event, Evidence, FieldEvidence, Location};
use vigie_store::IngestItem;

const VIGIE: &str = env!("CARGO_BIN_EXE_vigie");

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(VIGIE)
        .args(args)
        .env_remove("VIGIE_DB")
        .output()
        .expect("run vigie");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ingest_twice_stores_documents_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("reports");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "date 2024-02-11\nGunmen attacked a market in the town of Djibo on Saturday, \
         killing at least eight traders, local sources said.",
    )
    .unwrap();
    std::fs::write(
        docs.join("b.txt"),
        "date 2024-02-12\nSoldiers repelled an attack on their base near Ménaka on Sunday, \
         the army said in a statement.",
    )
    .unwrap();
    let db = dir.path().join("v.db");
    let db = db.to_str().unwrap();
    let (code, _, err) = run(&["ingest", docs.to_str().unwrap(), "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("documents: 2 new, 0 already known"), "{err}");
    let (code, first, _) = run(&["events", "--db", db]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&["ingest", docs.to_str().unwrap(), "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("documents: 0 new, 2 already known"), "{err}");
    assert!(err.contains("events: 0 new, 0 merged"), "{err}");
    let (_, second, _) = run(&["events", "--db", db]);
    assert_eq!(first, second);
}

#[test]
fn reading_a_missing_database_is_an_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let (code, _, err) = run(&["events", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no database"), "{err}");
    assert!(!db.exists());
}

fn event(doc: &Document, id: &str, place: (&str, &str, &str, f64, f64), sub: &str) -> Event {
    let end = doc.text.find('.').map(|i| i + 1).unwrap_or(doc.text.len());
    Event {
        event_id: id.into(),
        doc_id: doc.id.clone(),
        event_date: Some("2024-02-10".into()),
        date_precision: Some("day".into()),
        date_earliest: Some("2024-02-10".into()),
        date_latest: Some("2024-02-10".into()),
        disorder_type: "Political violence".into(),
        event_type: if sub == "Attack" {
            "Violence against civilians".into()
        } else {
            "Battles".into()
        },
        sub_event_type: sub.into(),
        actor1: Some(ActorRef {
            name: "Unidentified Armed Group (Burkina Faso)".into(),
            mention: Some("gunmen".into()),
            inter: Some(3),
            country: Some("Burkina Faso".into()),
        }),
        actor2: Some(ActorRef {
            name: "Civilians (Burkina Faso)".into(),
            mention: Some("traders".into()),
            inter: Some(7),
            country: Some("Burkina Faso".into()),
        }),
        assoc_actor_1: vec![],
        assoc_actor_2: vec![],
        location: Some(Location {
            name: Some(place.0.into()),
            country: Some(place.1.into()),
            iso3: Some(place.2.into()),
            admin1: Some("Sahel".into()),
            admin2: Some("Soum".into()),
            admin3: None,
            latitude: Some(place.3),
            longitude: Some(place.4),
            geo_precision: Some(1),
            geonames_id: None,
            mention: Some(place.0.into()),
        }),
        fatalities: Some(8),
        fatalities_text: Some("eight".into()),
        claimed: false,
        claimed_by: None,
        evidence: vec![Evidence {
            start: 0,
            end,
            text: doc.text[..end].into(),
        }],
        field_evidence: FieldEvidence::new(),
        notes: "Gunmen attacked a market, killing eight traders.".into(),
        tags: vec!["market".into()],
        rule: "test".into(),
        confidence: 0.9,
        lang: "en".into(),
    }
}

fn stored_db(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("x.db").to_str().unwrap().to_string();
    let mut s = vigie_store::open(&path).unwrap();
    let mut a = Document::new(
        "a",
        "Gunmen killed eight traders at the Djibo market. Shops burned.",
    );
    a.published = DateInterval::parse("2024-02-11");
    a.source = Some("Agence A".into());
    let mut b = Document::new(
        "b",
        "Eight traders died in an attack on Djibo's market, \"officials\" said.",
    );
    b.published = DateInterval::parse("2024-02-11");
    b.source = Some("Radio B".into());
    let djibo = ("Djibo", "Burkina Faso", "BFA", 14.1022, -1.6306);
    let ea = event(&a, "a-1", djibo, "Attack");
    let eb = event(&b, "b-1", djibo, "Attack");
    let items: Vec<IngestItem> = vec![(a, ea), (b, eb)]
        .into_iter()
        .map(|(d, e)| IngestItem {
            document: d,
            events: vec![e],
            extraction_version: "test".into(),
        })
        .collect();
    s.ingest(&items).unwrap();
    path
}

#[test]
fn acled_csv_has_acleds_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = stored_db(&dir);
    let (code, out, err) = run(&["events", "--db", &db, "--format", "acled-csv"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
         sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,\
         civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,\
         longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("a-1,2024-02-10,2024,1,Political violence,"),
        "{row}"
    );
    assert!(
        row.contains(",37,Civilians targeted,854,Western Africa,Burkina Faso,"),
        "{row}"
    );
    assert!(row.contains("Agence A; Radio B"), "{row}");
    assert!(lines.next().is_none(), "the two reports are one event");
}

#[test]
fn geojson_and_jsonl_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = stored_db(&dir);
    let (code, out, err) = run(&["events", "--db", &db, "--format", "geojson"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = &v["features"][0];
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "Point");
    assert_eq!(f["geometry"]["coordinates"][0], -1.6306);
    assert_eq!(f["geometry"]["coordinates"][1], 14.1022);
    assert_eq!(f["properties"]["sub_event_type"], "Attack");

    let (_, out, _) = run(&["events", "--db", &db, "--country", "BFA"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["sources"].as_array().unwrap().len(), 2);
    assert!(lines[0]["merge_reason"].is_string());
    let (_, out, _) = run(&["events", "--db", &db, "--bbox", "-5,5,0,10"]);
    assert!(out.is_empty());
    let (_, out, _) = run(&["events", "--db", &db, "--text", "shops"]);
    assert_eq!(out.lines().count(), 1);
    let (code, out, _) = run(&[
        "events", "--db", &db, "--format", "table", "--type", "Battles",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("0 events"));
}
