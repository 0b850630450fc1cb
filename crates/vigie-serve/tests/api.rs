//! The HTTP API over a temporary SQLite store holding fixture events:
//! status codes, filters, pagination, sorting, exports, the write token and
//! the OpenAPI description.

mod common;

use common::http::{get, request};
use common::{fixture_db, spawn_server};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// One read-only server shared by the read tests (the database is built
/// once; every test only reads).
fn server() -> SocketAddr {
    static S: OnceLock<(common::TestDb, SocketAddr)> = OnceLock::new();
    let (_, addr) = S.get_or_init(|| {
        let db = fixture_db();
        let addr = spawn_server(&db, None);
        (db, addr)
    });
    *addr
}

fn events(path: &str) -> Value {
    let r = get(server(), path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

fn ids(v: &Value) -> Vec<String> {
    v["events"]
        .as_array()
        .expect("events array")
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap_or("").to_string())
        .collect()
}

fn total(path: &str) -> u64 {
    events(path)["total"].as_u64().expect("total")
}

#[test]
fn lists_events_newest_first_with_merged_sources() {
    let v = events("/api/events");
    // Six reports, two of which tell the same attack.
    assert_eq!(v["total"], 5);
    assert_eq!(v["offset"], 0);
    assert_eq!(v["limit"], 100);
    assert!(v["next_offset"].is_null());
    let dates: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let merged = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["location"]["name"] == "Boulkessi")
        .expect("Boulkessi event");
    assert_eq!(merged["sources"].as_array().unwrap().len(), 2);
}

#[test]
fn filters_combine() {
    assert_eq!(total("/api/events?country=Mali"), 2);
    assert_eq!(total("/api/events?country=mli"), 2);
    assert_eq!(total("/api/events?type=Battles"), 2);
    assert_eq!(total("/api/events?type=Battles&country=Niger"), 1);
    assert_eq!(total("/api/events?sub_type=Peaceful%20protest"), 1);
    assert_eq!(total("/api/events?admin1=Mopti"), 1);
    assert_eq!(total("/api/events?from=2024-04-01&to=2024-04-30"), 2);
    assert_eq!(total("/api/events?from=2024-04"), 4);
    assert_eq!(total("/api/events?to=2024-03"), 1);
    assert_eq!(total("/api/events?actor=jnim"), 1);
    assert_eq!(total("/api/events?actor=Islamic%20State"), 2);
    // Niger only: Niamey and Tillaberi.
    assert_eq!(total("/api/events?bbox=0.5,11,3,15"), 2);
    assert_eq!(total("/api/events?text=drone"), 1);
    assert_eq!(total("/api/events?min_fatalities=13"), 2);
    assert_eq!(total("/api/events?doc_id=rep-boulkessi-en"), 1);
    assert_eq!(total("/api/events?country=Chad"), 0);
}

#[test]
fn odd_search_text_never_fails_the_server() {
    for text in [
        "%22unbalanced",
        "AND%20OR%20NOT",
        "*",
        "a%20NEAR%20b",
        "col%3Avalue",
        "%28%29",
        "%C3%A9t%C3%A9",
        "-",
        "'%3B%20DROP%20TABLE%20events%3B--",
    ] {
        let r = get(server(), &format!("/api/events?text={text}"));
        assert!(
            r.status == 200 || r.status == 400,
            "text={text}: {} {}",
            r.status,
            r.text()
        );
        let _ = r.json();
    }
    assert_eq!(total("/api/events"), 5, "the database survived");
}

#[test]
fn paginates_and_sorts() {
    let p1 = events("/api/events?limit=2");
    assert_eq!(p1["events"].as_array().unwrap().len(), 2);
    assert_eq!(p1["next_offset"], 2);
    assert_eq!(p1["total"], 5);
    let p3 = events("/api/events?limit=2&offset=4");
    assert_eq!(p3["events"].as_array().unwrap().len(), 1);
    assert!(p3["next_offset"].is_null());
    let mut all = ids(&p1);
    all.extend(ids(&events("/api/events?limit=2&offset=2")));
    all.extend(ids(&p3));
    all.dedup();
    assert_eq!(all.len(), 5, "pages overlap: {all:?}");

    let by_deaths = events("/api/events?sort=fatalities");
    assert_eq!(by_deaths["events"][0]["fatalities"], 20);
    let asc = events("/api/events?sort=fatalities&order=asc");
    assert_eq!(asc["events"][0]["fatalities"], 0);
    let oldest = events("/api/events?sort=date&order=asc&limit=1");
    assert_eq!(oldest["events"][0]["event_date"], "2024-03-11");
    let newest = events("/api/events?sort=-date&limit=1");
    assert_eq!(newest["events"][0]["event_date"], "2024-05-21");
    let sources = events("/api/events?sort=sources&limit=1");
    assert_eq!(sources["events"][0]["sources"].as_array().unwrap().len(), 2);
}

fn assert_error(path: &str, status: u16, code: &str) {
    let r = get(server(), path);
    assert_eq!(r.status, status, "{path}: {}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("application/json"),
        "{path}"
    );
    let v = r.json();
    assert_eq!(v["error"]["code"], code, "{path}: {v}");
    assert_eq!(v["error"]["status"], status);
    assert!(!v["error"]["message"].as_str().unwrap_or("").is_empty());
}

#[test]
fn refuses_bad_parameters_as_json() {
    for path in [
        "/api/events?colour=red",
        "/api/events?limit=0",
        "/api/events?limit=1001",
        "/api/events?limit=ten",
        "/api/events?offset=-1",
        "/api/events?from=2024-02-30",
        "/api/events?from=2024-05-01&to=2024-04-01",
        "/api/events?bbox=1,2,3",
        "/api/events?bbox=-300,0,0,10",
        "/api/events?sort=colour",
        "/api/events?order=up",
        "/api/events?country=Mali&country=Niger",
        "/api/events?min_fatalities=99999999999",
        "/api/events?offset=18446744073709551615",
        "/api/events.csv?limit=100001",
        "/api/stats?limit=5",
        "/api/places",
        "/api/actors?q=a&limit=51",
    ] {
        assert_error(path, 400, "bad_parameter");
    }
    // Exports allow larger pages than the JSON listing.
    assert_eq!(get(server(), "/api/events.csv?limit=5000").status, 200);
}

#[test]
fn unknown_things_are_404_and_wrong_methods_405() {
    assert_error("/api/events/no-such-event", 404, "not_found");
    assert_error("/api/documents/no-such-doc", 404, "not_found");
    assert_error("/api/nothing", 404, "not_found");
    assert_error("/assets/nothing.js", 404, "not_found");
    let r = request(server(), "DELETE", "/api/events", &[], b"").unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
}

#[test]
fn event_has_sources_and_evidence() {
    let list = events("/api/events?admin1=Mopti");
    let id = list["events"][0]["event_id"].as_str().unwrap().to_string();
    let r = get(server(), &format!("/api/events/{id}"));
    assert_eq!(r.status, 200);
    let e = r.json();
    assert_eq!(e["event_id"], id.as_str());
    assert_eq!(e["event_type"], "Battles");
    let sources = e["sources"].as_array().unwrap();
    let docs: Vec<&str> = sources
        .iter()
        .map(|s| s["doc_id"].as_str().unwrap())
        .collect();
    assert!(docs.contains(&"rep-boulkessi-fr") && docs.contains(&"rep-boulkessi-en"));
    for s in sources {
        assert!(!s["evidence"].as_array().unwrap().is_empty());
    }
    for key in [
        "field_evidence",
        "notes",
        "location",
        "actor1",
        "fatalities",
    ] {
        assert!(e.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn document_text_with_evidence_spans() {
    let r = get(server(), "/api/documents/rep-djibo");
    assert_eq!(r.status, 200);
    let d = r.json();
    let text = d["text"].as_str().unwrap();
    let reports = d["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    for ev in reports[0]["evidence"].as_array().unwrap() {
        let (s, e) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], ev["text"].as_str().unwrap());
    }
    assert!(reports[0]["event_id"].is_string());
}

#[test]
fn stats_break_down_the_selection() {
    let r = get(server(), "/api/stats");
    assert_eq!(r.status, 200);
    let s = r.json();
    assert_eq!(s["events"], 5);
    assert_eq!(s["fatalities"], 12 + 8 + 20 + 14);
    assert_eq!(s["documents"], 6);
    let weeks = s["by_week"].as_array().unwrap();
    assert!(!weeks.is_empty());
    // Weeks start on Mondays: 2024-03-11 is one.
    assert_eq!(weeks[0]["key"], "2024-03-11");
    let count = |list: &str, key: &str| {
        s[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .map(|c| c["events"].as_u64().unwrap())
    };
    assert_eq!(count("by_country", "Mali"), Some(2));
    assert_eq!(count("by_event_type", "Battles"), Some(2));
    assert_eq!(count("by_admin1", "Mopti"), Some(1));
    let niger = get(server(), "/api/stats?country=Niger").json();
    assert_eq!(niger["events"], 2);
}

#[test]
fn autocompletion() {
    let p = get(server(), "/api/places?q=dji").json();
    let names: Vec<&str> = p["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Djibo"]);
    let a = get(server(), "/api/actors?q=jnim&limit=5").json();
    assert!(a["suggestions"][0]["name"]
        .as_str()
        .unwrap()
        .starts_with("JNIM"));
    let none = get(server(), "/api/places?q=zzz").json();
    assert!(none["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn csv_export_has_acled_columns() {
    let r = get(server(), "/api/events.csv?country=Mali");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let text = r.text();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, vigie_serve::ACLED_COLUMNS);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let boulkessi = rows.iter().find(|r| &r[21] == "Boulkessi").expect("row");
    assert_eq!(&boulkessi[2], "2024");
    assert_eq!(&boulkessi[13], "State forces-Rebel group");
    assert_eq!(&boulkessi[15], "466");
    let mut outlets: Vec<&str> = boulkessi[25].split("; ").collect();
    outlets.sort();
    assert_eq!(outlets, ["Agence Sahel", "Wire West"]);
}

#[test]
fn geojson_export() {
    let r = get(server(), "/api/events.geojson?type=Battles");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/geo+json"));
    let v = r.json();
    assert_eq!(v["type"], "FeatureCollection");
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 2);
    for feat in f {
        assert_eq!(feat["geometry"]["type"], "Point");
        let c = feat["geometry"]["coordinates"].as_array().unwrap();
        // RFC 7946: longitude first; both places lie east of -2 and north of 14.
        assert!(c[0].as_f64().unwrap() > -2.0 && c[1].as_f64().unwrap() > 14.0);
        assert_eq!(feat["properties"]["event_type"], "Battles");
        assert_eq!(feat["properties"].as_object().unwrap().len(), 15);
    }
    // A map asks for the properties it shows only.
    let slim = get(
        server(),
        "/api/events.geojson?type=Battles&fields=event_type,fatalities",
    )
    .json();
    let props = slim["features"][0]["properties"].as_object().unwrap();
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["event_type", "fatalities"]);
    assert_eq!(slim["features"][0]["id"], v["features"][0]["id"]);
    for bad in [
        "fields=nope",
        "fields=",
        "fields=event_type&fields=fatalities",
    ] {
        let r = get(server(), &format!("/api/events.geojson?{bad}"));
        assert_eq!(r.status, 400, "{bad}");
    }
}

const NEW_DOC: &str = r#"{"id":"upload-1","text":"Des affrontements ont opposé l'armée à des hommes armés près de Djibo jeudi. Le bilan reste inconnu.","published":"2024-06-01","lang":"fr","source":"Test Wire"}"#;

#[test]
fn writes_are_refused_without_a_configured_token() {
    let r = request(
        server(),
        "POST",
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer anything"),
        ],
        NEW_DOC.as_bytes(),
    )
    .unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"]["code"], "unauthorized");
    assert_eq!(total("/api/events?doc_id=upload-1"), 0);
}

#[test]
fn writes_need_the_right_token() {
    let db = fixture_db();
    let addr = spawn_server(&db, Some("s3cret"));
    let post = |auth: Option<&str>, body: &[u8]| {
        let mut h = vec![("Content-Type", "application/json")];
        if let Some(a) = auth {
            h.push(("Authorization", a));
        }
        request(addr, "POST", "/api/documents", &h, body).unwrap()
    };
    let r = post(None, NEW_DOC.as_bytes());
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    assert_eq!(post(Some("Bearer wrong"), NEW_DOC.as_bytes()).status, 401);
    assert_eq!(post(Some("s3cret"), NEW_DOC.as_bytes()).status, 401);
    // Validation happens only once authorised.
    assert_eq!(post(None, b"{").status, 401);

    let r = post(Some("Bearer s3cret"), NEW_DOC.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("location"), Some("/api/documents/upload-1"));
    let out = r.json();
    assert_eq!(out["document_id"], "upload-1");
    assert_eq!(out["summary"]["documents_new"], 1);
    assert_eq!(out["event_ids"].as_array().unwrap().len(), 1);
    let d = get(addr, "/api/documents/upload-1");
    assert_eq!(d.status, 200);
    assert_eq!(d.json()["source"], "Test Wire");
    let list = get(addr, "/api/events?doc_id=upload-1").json();
    assert_eq!(list["total"], 1);

    // The same document again changes nothing.
    let again = post(Some("Bearer s3cret"), NEW_DOC.as_bytes());
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json()["summary"]["documents_known"], 1);

    for bad in [
        &b"not json"[..],
        br#"{"text":"no id"}"#,
        br#"{"id":"x","text":""}"#,
        br#"{"id":"x","text":"t","published":"2024-13-01"}"#,
        br#"["id","text"]"#,
    ] {
        let r = post(Some("Bearer s3cret"), bad);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(bad));
        assert_eq!(r.json()["error"]["code"], "bad_body");
    }
    let huge = format!(
        r#"{{"id":"big","text":"{}"}}"#,
        "a".repeat(vigie_serve::MAX_BODY_BYTES + 10)
    );
    let r = post(Some("Bearer s3cret"), huge.as_bytes());
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "body_too_large");
}

/// Example values for the documented query parameters.
fn example(name: &str) -> &'static str {
    match name {
        "from" => "2024-01-01",
        "to" => "2024-12-31",
        "bbox" => "-10,5,10,25",
        "min_fatalities" | "offset" => "0",
        "limit" => "5",
        "sort" => "-date",
        "order" => "desc",
        "q" => "Dj",
        "fields" => "event_type,fatalities",
        _ => "Mali",
    }
}

#[test]
fn openapi_describes_every_route_truthfully() {
    let r = get(server(), "/api/openapi.json");
    assert_eq!(r.status, 200);
    let spec = r.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for p in [
        "/api/events",
        "/api/events.csv",
        "/api/events.geojson",
        "/api/events/{id}",
        "/api/documents",
        "/api/documents/{id}",
        "/api/stats",
        "/api/places",
        "/api/actors",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} undocumented");
    }
    for (path, item) in paths {
        if path.contains('{') {
            continue;
        }
        let Some(op) = item.get("get") else { continue };
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        // Each documented parameter alone is accepted...
        for prm in &params {
            let name = prm["name"].as_str().unwrap();
            let mut url = format!("{path}?{name}={}", example(name));
            if name != "q" && params.iter().any(|p| p["name"] == "q") {
                url.push_str("&q=a");
            }
            let r = get(server(), &url);
            assert_eq!(r.status, 200, "{url}: {}", r.text());
        }
        // ...and the documented responses include the status we answer.
        let code = get(server(), &format!("{path}?undocumented=1")).status;
        if code != 200 {
            assert!(
                op["responses"].get(code.to_string()).is_some(),
                "{path} answers {code}, undocumented"
            );
        }
    }
}

#[test]
fn dashboard_and_its_assets_are_served() {
    let r = get(server(), "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let html = r.text();
    let mut n = 0;
    for part in html.split("\"/assets/").skip(1) {
        let path = &part[..part.find('"').unwrap()];
        let a = get(server(), &format!("/assets/{path}"));
        assert_eq!(a.status, 200, "{path}");
        assert!(!a.body.is_empty(), "{path}");
        n += 1;
    }
    assert!(n >= 5, "only {n} assets referenced");
    // No third-party host anywhere: the dashboard works offline.
    assert!(!html.contains("http://") && !html.contains("https://"));
    let js = get(server(), "/assets/app.js").text();
    let js = js.replace("http://www.w3.org/2000/svg", "");
    assert!(!js.contains("https://") && !js.contains("http://"));
}
