//! End-to-end: the dashboard in headless Chromium (driven through
//! chromedriver's WebDriver API) over a database of fixture events. Checks
//! that the map has markers, the timeline has bars and filters by brushing,
//! and that selecting an event opens the panel with its evidence highlighted
//! in the source texts; saves screenshots (laptop and phone sizes).
//!
//! Skipped with a note when Chromium is not installed, unless `CI` is set.

mod common;

use common::http::request;
use common::{fixture_db, spawn_server};
use serde_json::{json, Value};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn call(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
    let bytes = body.map(|b| b.to_string()).unwrap_or_default();
    let r = request(
        addr,
        method,
        path,
        &[("Content-Type", "application/json")],
        bytes.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let v = r.json();
    assert!(
        r.status == 200,
        "{method} {path} -> {}: {}",
        r.status,
        v["value"]
    );
    v["value"].clone()
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = request(addr, "GET", "/status", &[], b"") {
                if r.status == 200 && r.json()["value"]["ready"] == true {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.path().display()),
                        "--window-size=1366,900",
                        "--lang=en-GB",
                    ]
                }
            }}
        });
        let mut d = Driver {
            child,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let v = call(addr, "POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("session id").to_string();
        d
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(
            self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        )
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Polls `script` (an expression) until it is truthy.
    fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.js(&format!("return ({script});"));
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            if Instant::now() > deadline {
                let state = self.js(
                    "return {error: document.documentElement.dataset.jsError || null, \
                     summary: document.querySelector('#summary').textContent, \
                     url: location.href}",
                );
                self.screenshot(&screenshot_dir().join("failure.png"));
                panic!("timed out waiting for {what}; page: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn window(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(path, png).expect("write screenshot");
        println!("screenshot: {}", path.display());
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

#[test]
fn dashboard_in_headless_chromium() {
    let in_ci = std::env::var_os("CI").is_some();
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            !in_ci,
            "CI is set but {CHROMIUM} or {CHROMEDRIVER} is missing (apt-get install chromium chromium-driver)"
        );
        println!("note: browser test skipped: {CHROMIUM} or {CHROMEDRIVER} not installed");
        return;
    }
    let db = fixture_db();
    let server = spawn_server(&db, None);
    let base = format!("http://{server}");
    let d = Driver::start();

    d.goto(&format!("{base}/"));
    d.wait_for("first load", "document.body.dataset.ready === '1'");
    let err = d.js("return document.querySelector('#summary.error') ? document.querySelector('#summary').textContent : null");
    assert!(err.is_null(), "dashboard error: {err}");

    // Map: five events with coordinates, drawn as markers or clusters.
    assert_eq!(
        d.js("return document.querySelector('#map').dataset.markers"),
        "5"
    );
    let drawn = d.wait_for(
        "markers on the map",
        "document.querySelectorAll('#map path.vigie-marker, #map .marker-cluster').length",
    );
    assert!(drawn.as_u64().unwrap() >= 1);
    let outlines = d.js("return document.querySelectorAll('#map .leaflet-tile-pane path, #map .leaflet-overlay-pane path').length");
    assert!(
        outlines.as_u64().unwrap() > 10,
        "no country outlines: {outlines}"
    );

    // Timeline: one bar per week from the first event to the last.
    let bars = d.js("return document.querySelectorAll('#timeline rect.bar').length");
    assert!(bars.as_u64().unwrap() >= 10, "timeline bars: {bars}");
    let tall = d.js("return [...document.querySelectorAll('#timeline rect.bar')].filter(r => +r.getAttribute('height') > 0).length");
    assert_eq!(tall, 5, "weeks with events");

    // Table: all events, newest first.
    assert_eq!(
        d.js("return document.querySelectorAll('#events tbody tr').length"),
        5
    );
    assert_eq!(
        d.js("return document.querySelector('#events tbody tr td').textContent"),
        "2024-05-21"
    );

    // Region filter: choosing one narrows the table and goes into the URL.
    d.js(
        "const s = document.querySelector('#filters').elements.admin1; \
          s.value = 'Niamey'; s.dispatchEvent(new Event('change')); return null;",
    );
    d.wait_for(
        "region filter",
        "location.search.includes('admin1=Niamey') && document.body.dataset.ready === '1' \
         && document.querySelectorAll('#events tbody tr').length === 1",
    );
    d.js("document.querySelector('#reset-filters').click(); return null;");
    d.wait_for(
        "reset",
        "!location.search.includes('admin1') && document.body.dataset.ready === '1' \
         && document.querySelectorAll('#events tbody tr').length === 5",
    );

    // Sorting by fatalities from the column header.
    d.js("document.querySelector('th[data-sort=fatalities]').click(); return null;");
    d.wait_for(
        "table sorted by fatalities",
        "document.querySelector('#events tbody tr td:nth-child(8)').textContent === '20'",
    );

    // Brushing the timeline over its first weeks keeps the March attack only.
    d.js(r#"
        const svg = document.querySelector('#timeline svg');
        const r = svg.getBoundingClientRect();
        const at = (type, x) => svg.dispatchEvent(new PointerEvent(type, {
            bubbles: true, clientX: r.left + x, clientY: r.top + r.height / 2, pointerId: 1 }));
        at('pointerdown', 36); at('pointermove', 60); at('pointerup', 60);
        return null;"#);
    d.wait_for(
        "date filter from brushing",
        "location.search.includes('from=2024-03-11') && document.body.dataset.ready === '1'",
    );
    d.wait_for(
        "table filtered by the brush",
        "document.querySelectorAll('#events tbody tr').length === 1",
    );

    // Selecting the merged event opens the panel with both sources' texts.
    d.js("document.querySelector('#events tbody tr').click(); return null;");
    d.wait_for(
        "evidence highlighted in both sources",
        "document.querySelectorAll('#panel .source').length === 2 && document.querySelectorAll('#panel .source mark').length >= 2",
    );
    let marks = d.js("return [...document.querySelectorAll('#panel mark.ev, #panel mark.fe')].map(m => m.textContent).join('|')");
    let marks = marks.as_str().unwrap();
    assert!(marks.contains("Boulkessi"), "{marks}");
    assert!(marks.contains("douze"), "field evidence missing: {marks}");
    let fields = d.js("return document.querySelector('#fields').textContent");
    for want in ["Armed clash", "JNIM", "Boulkessi", "12"] {
        assert!(
            fields.as_str().unwrap().contains(want),
            "panel lacks {want}"
        );
    }
    assert!(d
        .js("return location.search")
        .as_str()
        .unwrap()
        .contains("event="));

    let panel_overflow =
        d.js("const p = document.querySelector('#panel'); return p.scrollWidth - p.clientWidth");
    assert!(
        panel_overflow.as_i64().unwrap() <= 1,
        "panel scrolls sideways: {panel_overflow}"
    );

    let dir = screenshot_dir();
    d.screenshot(&dir.join("dashboard.png"));

    // A shared URL restores the view (filters and open event).
    let url = d.js("return location.href").as_str().unwrap().to_string();
    d.goto("about:blank");
    d.goto(&url);
    d.wait_for(
        "view restored from the URL",
        "document.querySelectorAll('#panel .source mark').length >= 2 && document.querySelectorAll('#events tbody tr').length === 1",
    );

    // Phone width: one column, nothing wider than the screen.
    d.window(390, 844);
    d.wait_for(
        "phone layout",
        "document.querySelector('#map').getBoundingClientRect().width <= 390",
    );
    let overflow =
        d.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "page wider than a phone: {overflow}"
    );
    d.screenshot(&dir.join("phone.png"));
}

/// The dashboard over a large database (the load benchmark's, see
/// `bench/load.sh`): time to first full render with 10,000 events on the
/// map, and to re-cluster after zooming. Run with
/// `VIGIE_BENCH_DB=target/bench-serve/events-100000.db cargo test --release
/// -p vigie-serve --test browser -- --ignored --nocapture`.
#[test]
#[ignore]
fn dashboard_with_ten_thousand_markers() {
    let Some(db) = std::env::var_os("VIGIE_BENCH_DB") else {
        println!("note: set VIGIE_BENCH_DB to a large database");
        return;
    };
    let db = common::TestDb {
        dir: tempfile::tempdir().expect("temp dir"),
        url: db.to_string_lossy().into_owned(),
    };
    let server = spawn_server(&db, None);
    let d = Driver::start();
    let t0 = Instant::now();
    d.goto(&format!("http://{server}/"));
    d.wait_for("first load", "document.body.dataset.ready === '1'");
    let load = t0.elapsed();
    let markers = d.js("return document.querySelector('#map').dataset.markers");
    assert_eq!(markers, "10000");
    // Where the first render's time went, as the browser saw it.
    let timings = d.js(
        "return [`view complete ${document.body.dataset.readyAt} ms after navigation`]\
         .concat(performance.getEntriesByType('resource')\
         .filter(r => r.name.includes('/api/') || r.name.includes('.json'))\
         .map(r => `${r.name.replace(location.origin, '')}: ${Math.round(r.duration)} ms, ${Math.round(r.transferSize / 1024)} KiB`))\
         .join('\\n')",
    );
    println!("{}", timings.as_str().unwrap_or_default());
    // The map's data alone, once the page is idle: fetch and parse.
    let alone = d.js(
        "const t = performance.now(); \
         return fetch('/api/events.geojson?limit=10000').then(r => r.json()) \
         .then(j => `map data alone: ${Math.round(performance.now() - t)} ms for ${j.features.length} features`);",
    );
    println!("{}", alone.as_str().unwrap_or_default());
    // A filter change reloads table, timeline and all markers.
    let t1 = Instant::now();
    d.js("const f = document.querySelector('#filters'); \
          f.elements.type.value = 'Battles'; f.requestSubmit(); return null;");
    d.wait_for(
        "filtered reload",
        "location.search.includes('type=Battles') && document.body.dataset.ready === '1'",
    );
    let filtered = t1.elapsed();
    // Zooming in re-clusters: time until the frame after the zoom ends.
    let t2 = Instant::now();
    d.js("document.querySelector('.leaflet-control-zoom-in').click(); return null;");
    d.js("return new Promise(r => setTimeout(() => requestAnimationFrame(() => r(1)), 400));");
    let zoom = t2.elapsed();
    println!(
        "10,000 markers: first render {:.2} s, filter change {:.2} s, zoom + re-cluster {:.2} s (incl. 0.4 s animation wait)",
        load.as_secs_f64(),
        filtered.as_secs_f64(),
        zoom.as_secs_f64()
    );
    d.screenshot(&screenshot_dir().join("ten-thousand.png"));
}
