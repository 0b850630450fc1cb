//! Fixture reports (written for these tests) and the events a coder would
//! draw from them, stored in a temporary SQLite database, and a server on a
//! free loopback port.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use vigie_model::{ActorRef, DateInterval, Document, Event, Evidence, Lang, Location};
use vigie_serve::{Extractor, StoreBackend};
use vigie_store::IngestItem;

pub const VERSION: &str = "fixture-1";

pub struct Place {
    pub name: &'static str,
    pub admin1: &'static str,
    pub admin2: &'static str,
    pub country: &'static str,
    pub iso3: &'static str,
    pub lat: f64,
    pub lon: f64,
}

pub const BOULKESSI: Place = Place {
    name: "Boulkessi",
    admin1: "Mopti",
    admin2: "Douentza",
    country: "Mali",
    iso3: "MLI",
    lat: 15.05,
    lon: -1.37,
};
pub const DJIBO: Place = Place {
    name: "Djibo",
    admin1: "Sahel",
    admin2: "Soum",
    country: "Burkina Faso",
    iso3: "BFA",
    lat: 14.10,
    lon: -1.63,
};
pub const NIAMEY: Place = Place {
    name: "Niamey",
    admin1: "Niamey",
    admin2: "Niamey",
    country: "Niger",
    iso3: "NER",
    lat: 13.51,
    lon: 2.11,
};
pub const MENAKA: Place = Place {
    name: "Menaka",
    admin1: "Menaka",
    admin2: "Menaka",
    country: "Mali",
    iso3: "MLI",
    lat: 15.92,
    lon: 2.40,
};
pub const TILLABERI: Place = Place {
    name: "Tillaberi",
    admin1: "Tillaberi",
    admin2: "Tillaberi",
    country: "Niger",
    iso3: "NER",
    lat: 14.21,
    lon: 1.45,
};

fn actor(name: &str, inter: u8, country: Option<&str>) -> ActorRef {
    ActorRef {
        name: name.to_string(),
        mention: Some(name.to_string()),
        inter: Some(inter),
        country: country.map(str::to_string),
    }
}

/// The byte span of `needle` in `text` as evidence (panics in the fixture
/// itself if the phrase is missing: a broken fixture, not a tested path).
pub fn span(text: &str, needle: &str) -> Evidence {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("fixture phrase {needle:?} not in text"));
    Evidence {
        start,
        end: start + needle.len(),
        text: needle.to_string(),
    }
}

pub struct Spec<'a> {
    pub doc: &'a str,
    pub n: usize,
    pub date: &'a str,
    pub event_type: &'a str,
    pub sub: &'a str,
    pub actor1: (&'a str, u8),
    pub actor2: Option<(&'a str, u8)>,
    pub place: &'a Place,
    pub fatalities: Option<u32>,
    pub sentence: &'a str,
    pub fields: &'a [(&'a str, &'a str)],
}

pub fn disorder(event_type: &str) -> &'static str {
    match event_type {
        "Protests" | "Riots" => "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "Political violence",
    }
}

pub fn event(doc: &Document, s: &Spec<'_>) -> Event {
    let fe: BTreeMap<String, Evidence> = s
        .fields
        .iter()
        .map(|(f, w)| (f.to_string(), span(&doc.text, w)))
        .collect();
    let p = s.place;
    Event {
        event_id: format!("{}-{}", doc.id, s.n),
        doc_id: doc.id.clone(),
        event_date: Some(s.date.to_string()),
        date_precision: Some("day".into()),
        date_earliest: Some(s.date.to_string()),
        date_latest: Some(s.date.to_string()),
        disorder_type: disorder(s.event_type).to_string(),
        event_type: s.event_type.to_string(),
        sub_event_type: s.sub.to_string(),
        actor1: Some(actor(s.actor1.0, s.actor1.1, Some(p.country))),
        actor2: s.actor2.map(|(n, i)| actor(n, i, Some(p.country))),
        assoc_actor_1: vec![],
        assoc_actor_2: vec![],
        location: Some(Location {
            name: Some(p.name.into()),
            country: Some(p.country.into()),
            iso3: Some(p.iso3.into()),
            admin1: Some(p.admin1.into()),
            admin2: Some(p.admin2.into()),
            admin3: None,
            latitude: Some(p.lat),
            longitude: Some(p.lon),
            geo_precision: Some(1),
            geonames_id: None,
            mention: Some(p.name.into()),
        }),
        fatalities: s.fatalities,
        fatalities_text: None,
        claimed: false,
        claimed_by: None,
        evidence: vec![span(&doc.text, s.sentence)],
        field_evidence: fe,
        notes: format!("On {}, {} at {}.", s.date, s.sub.to_lowercase(), p.name),
        tags: vec![],
        rule: "fixture".into(),
        confidence: 0.9,
        lang: doc.lang.map(|l| l.code()).unwrap_or("und").to_string(),
    }
}

fn doc(id: &str, published: &str, lang: Lang, source: &str, text: &str) -> Document {
    let mut d = Document::new(id, text);
    d.published = DateInterval::parse(published);
    d.lang = Some(lang);
    d.source = Some(source.into());
    d.title = Some(format!("Report {id}"));
    d.origin = format!("fixture:{id}");
    d
}

const A1: &str = "Au moins douze soldats maliens ont été tués lundi dans une attaque contre le camp militaire de Boulkessi, dans le cercle de Douentza. L'attaque a été revendiquée mardi par le JNIM dans un communiqué.";
const A2: &str = "Mali: the army said twelve soldiers died when militants stormed the Boulkessi base on Monday. Local sources said the assailants came on motorbikes.";
const A3: &str = "Djibo, 3 avril 2024 – Des hommes armés ont tué huit civils mercredi sur la route de Djibo, selon des habitants. Les victimes revenaient du marché.";
const A4: &str = "Several hundred people marched peacefully in Niamey on Friday to demand the departure of foreign troops. The rally ended without incident.";
const A5: &str = "Une frappe de drone de l'armée a visé samedi une base de l'État islamique près de Ménaka, tuant une vingtaine de combattants, selon une source sécuritaire.";
const A6: &str = "Fighters of the Islamic State Sahel Province clashed with Nigerien soldiers near Tillaberi on Tuesday; five soldiers and nine attackers were killed.";

/// The fixture documents and their events (A1 and A2 report the same
/// attack, which the store merges into one event with two sources).
pub fn fixtures() -> Vec<IngestItem> {
    let docs = vec![
        doc(
            "rep-boulkessi-fr",
            "2024-03-12",
            Lang::Fr,
            "Agence Sahel",
            A1,
        ),
        doc("rep-boulkessi-en", "2024-03-12", Lang::En, "Wire West", A2),
        doc("rep-djibo", "2024-04-03", Lang::Fr, "Agence Sahel", A3),
        doc("rep-niamey", "2024-04-19", Lang::En, "Wire West", A4),
        doc("rep-menaka", "2024-05-04", Lang::Fr, "Radio Nord", A5),
        doc("rep-tillaberi", "2024-05-21", Lang::En, "Wire West", A6),
    ];
    let specs: Vec<Spec> = vec![
        Spec {
            doc: "rep-boulkessi-fr",
            n: 0,
            date: "2024-03-11",
            event_type: "Battles",
            sub: "Armed clash",
            actor1: ("JNIM: Group for Support of Islam and Muslims", 2),
            actor2: Some(("Military Forces of Mali (2021-)", 1)),
            place: &BOULKESSI,
            fatalities: Some(12),
            sentence: "Au moins douze soldats maliens ont été tués lundi dans une attaque contre le camp militaire de Boulkessi, dans le cercle de Douentza.",
            fields: &[
                ("event_date", "lundi"),
                ("location", "Boulkessi"),
                ("fatalities", "douze"),
                ("actor1", "JNIM"),
                ("sub_event_type", "attaque"),
            ],
        },
        Spec {
            doc: "rep-boulkessi-en",
            n: 0,
            date: "2024-03-11",
            event_type: "Battles",
            sub: "Armed clash",
            actor1: ("JNIM: Group for Support of Islam and Muslims", 2),
            actor2: Some(("Military Forces of Mali (2021-)", 1)),
            place: &BOULKESSI,
            fatalities: Some(12),
            sentence: "Mali: the army said twelve soldiers died when militants stormed the Boulkessi base on Monday.",
            fields: &[("location", "Boulkessi"), ("fatalities", "twelve")],
        },
        Spec {
            doc: "rep-djibo",
            n: 0,
            date: "2024-04-03",
            event_type: "Violence against civilians",
            sub: "Attack",
            actor1: ("Unidentified Armed Group (Burkina Faso)", 3),
            actor2: Some(("Civilians (Burkina Faso)", 7)),
            place: &DJIBO,
            fatalities: Some(8),
            sentence: "Des hommes armés ont tué huit civils mercredi sur la route de Djibo, selon des habitants.",
            fields: &[("fatalities", "huit"), ("location", "Djibo")],
        },
        Spec {
            doc: "rep-niamey",
            n: 0,
            date: "2024-04-19",
            event_type: "Protests",
            sub: "Peaceful protest",
            actor1: ("Protesters (Niger)", 6),
            actor2: None,
            place: &NIAMEY,
            fatalities: Some(0),
            sentence: "Several hundred people marched peacefully in Niamey on Friday to demand the departure of foreign troops.",
            fields: &[("location", "Niamey"), ("sub_event_type", "marched peacefully")],
        },
        Spec {
            doc: "rep-menaka",
            n: 0,
            date: "2024-05-04",
            event_type: "Explosions/Remote violence",
            sub: "Air/drone strike",
            actor1: ("Military Forces of Mali (2021-)", 1),
            actor2: Some(("Islamic State (Sahel)", 2)),
            place: &MENAKA,
            fatalities: Some(20),
            sentence: "Une frappe de drone de l'armée a visé samedi une base de l'État islamique près de Ménaka, tuant une vingtaine de combattants, selon une source sécuritaire.",
            fields: &[("sub_event_type", "frappe de drone"), ("fatalities", "une vingtaine")],
        },
        Spec {
            doc: "rep-tillaberi",
            n: 0,
            date: "2024-05-21",
            event_type: "Battles",
            sub: "Armed clash",
            actor1: ("Islamic State (Sahel)", 2),
            actor2: Some(("Military Forces of Niger (2023-)", 1)),
            place: &TILLABERI,
            fatalities: Some(14),
            sentence: "Fighters of the Islamic State Sahel Province clashed with Nigerien soldiers near Tillaberi on Tuesday; five soldiers and nine attackers were killed.",
            fields: &[("location", "Tillaberi"), ("actor1", "Islamic State Sahel Province")],
        },
    ];
    docs.into_iter()
        .map(|d| {
            let events = specs
                .iter()
                .filter(|s| s.doc == d.id)
                .map(|s| event(&d, s))
                .collect();
            IngestItem {
                document: d,
                events,
                extraction_version: VERSION.into(),
            }
        })
        .collect()
}

/// Codes uploaded documents the way the fixtures do: one event per document
/// whose text names a fixture place, with the sentence naming it as evidence.
pub fn extractor() -> Extractor {
    Arc::new(|d: &Document| {
        let mut events = Vec::new();
        for p in [&BOULKESSI, &DJIBO, &NIAMEY, &MENAKA, &TILLABERI] {
            if let Some(at) = d.text.find(p.name) {
                let start = d.text[..at].rfind(". ").map(|i| i + 2).unwrap_or(0);
                let end = d.text[at..]
                    .find('.')
                    .map(|i| at + i + 1)
                    .unwrap_or(d.text.len());
                let fields = [("location", p.name)];
                let s = Spec {
                    doc: "",
                    n: 0,
                    date: "2024-06-01",
                    event_type: "Battles",
                    sub: "Armed clash",
                    actor1: ("Unidentified Armed Group (Mali)", 3),
                    actor2: None,
                    place: p,
                    fatalities: None,
                    sentence: &d.text[start..end],
                    fields: &fields,
                };
                events.push(event(d, &s));
                break;
            }
        }
        (events, VERSION.to_string())
    })
}

/// A temporary SQLite database holding the fixtures.
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub url: String,
}

pub fn fixture_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = dir.path().join("test.db").to_string_lossy().into_owned();
    let mut store = vigie_store::open(&url).expect("open store");
    store.ingest(&fixtures()).expect("ingest fixtures");
    TestDb { dir, url }
}

/// Serves `db` on a free loopback port from a background thread (it lives
/// as long as the test process); returns its address.
pub fn spawn_server(db: &TestDb, token: Option<&str>) -> SocketAddr {
    let backend = StoreBackend::open(&db.url, 2, extractor()).expect("backend");
    let app = vigie_serve::router(Arc::new(backend), token.map(str::to_string));
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    std_listener.set_nonblocking(true).expect("nonblocking");
    let addr = std_listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    addr
}

pub mod http;
