//! Three `vigie worker` processes on one PostgreSQL queue of 500 synthetic
//! reports; one is killed with SIGKILL in the middle of a batch. Every
//! document must end up processed exactly once, and the stored events must
//! be exactly those of a single-process `vigie ingest` of the same reports.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vigie_queue::test_db::fresh_schema;
use vigie_queue::Queue;

const VIGIE: &str = env!("CARGO_BIN_EXE_vigie");

/// The binary the benchmark runs: `$VIGIE_BIN` (e.g. target/release/vigie)
/// or the one cargo built for the tests.
fn vigie_bin() -> String {
    std::env::var("VIGIE_BIN").unwrap_or_else(|_| VIGIE.to_string())
}

struct Place {
    name: &'static str,
    country: &'static str,
}

const PLACES: &[Place] = &[
    Place {
        name: "Gao",
        country: "Mali",
    },
    Place {
        name: "Mopti",
        country: "Mali",
    },
    Place {
        name: "Tombouctou",
        country: "Mali",
    },
    Place {
        name: "Kidal",
        country: "Mali",
    },
    Place {
        name: "Ménaka",
        country: "Mali",
    },
    Place {
        name: "Bourem",
        country: "Mali",
    },
    Place {
        name: "Douentza",
        country: "Mali",
    },
    Place {
        name: "Niono",
        country: "Mali",
    },
    Place {
        name: "Bandiagara",
        country: "Mali",
    },
    Place {
        name: "Ansongo",
        country: "Mali",
    },
    Place {
        name: "Djibo",
        country: "Burkina Faso",
    },
    Place {
        name: "Dori",
        country: "Burkina Faso",
    },
    Place {
        name: "Kaya",
        country: "Burkina Faso",
    },
    Place {
        name: "Ouahigouya",
        country: "Burkina Faso",
    },
    Place {
        name: "Arbinda",
        country: "Burkina Faso",
    },
    Place {
        name: "Diapaga",
        country: "Burkina Faso",
    },
    Place {
        name: "Tillabéri",
        country: "Niger",
    },
    Place {
        name: "Ouallam",
        country: "Niger",
    },
    Place {
        name: "Diffa",
        country: "Niger",
    },
    Place {
        name: "Tahoua",
        country: "Niger",
    },
    Place {
        name: "Ayorou",
        country: "Niger",
    },
    Place {
        name: "Téra",
        country: "Niger",
    },
];

const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const BACKGROUND_EN: &str = "\n\nThe region received less rain than usual this season, and \
aid agencies estimate that several thousand families now rely on food distributions. Traders \
say the price of millet and sorghum has risen sharply since the harvest, and many herders have \
moved their animals south earlier than in previous years. Schools in the area reopened in \
October, although teachers say attendance remains low in the villages furthest from the town.";
const BACKGROUND_FR: &str = "\n\nLa région a reçu moins de pluie que d'habitude cette saison et \
les organisations humanitaires estiment que plusieurs milliers de familles dépendent désormais \
des distributions de vivres. Les commerçants signalent une forte hausse du prix du mil et du \
sorgho depuis la récolte, et de nombreux éleveurs sont descendus vers le sud plus tôt que les \
années précédentes. Les écoles ont rouvert en octobre, mais la fréquentation reste faible.";

/// `$VIGIE_BENCH_PARAGRAPHS` (benchmark only; 0 in the tests).
fn background_paragraphs() -> usize {
    std::env::var("VIGIE_BENCH_PARAGRAPHS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// One synthetic real-world event.
struct Ev {
    kind: usize,
    place: &'static Place,
    day: chrono::NaiveDate,
    n: u32,
}

fn event(i: usize) -> Ev {
    use chrono::Datelike;
    let base = chrono::NaiveDate::from_ymd_opt(2023, 1, 4).unwrap();
    let day = base + chrono::Duration::days((i * 37 % 640) as i64);
    let _ = day.weekday();
    Ev {
        kind: i % 4,
        place: &PLACES[(i * 7 + i / 5) % PLACES.len()],
        day,
        n: 2 + (i * 13 % 23) as u32,
    }
}

/// A report of `e`, published one day later, in English or French.
fn report(e: &Ev, french: bool, variant: usize) -> (String, String) {
    use chrono::Datelike;
    let published = e.day + chrono::Duration::days(1);
    let wd = e.day.weekday().num_days_from_monday() as usize;
    let (p, c, n) = (e.place.name, e.place.country, e.n);
    let text = if french {
        let head = format!(
            "{p}, {} {} {} - ",
            published.day(),
            FR_MONTHS[published.month0() as usize],
            published.year()
        );
        let d = FR_DAYS[wd];
        head + &match e.kind {
            0 => format!(
                "Des hommes armés non identifiés ont tué {n} civils {d} lors d'une attaque contre un \
                 village situé près de {p}, au {c}, ont rapporté des sources locales. Les assaillants \
                 ont incendié des greniers avant de repartir."
            ),
            1 => format!(
                "L'armée a affronté des combattants jihadistes {d} près de {p}, au {c}. Selon un \
                 communiqué militaire, {n} assaillants ont été tués au cours des combats."
            ),
            2 => format!(
                "{n} soldats ont été tués {d} lorsque leur véhicule a sauté sur un engin explosif \
                 improvisé près de {p}, au {c}, ont indiqué des sources sécuritaires."
            ),
            _ => format!(
                "Des centaines d'habitants ont manifesté pacifiquement {d} à {p}, au {c}, pour \
                 réclamer davantage de sécurité, selon des témoins. La marche s'est déroulée sans \
                 incident ({n}e rassemblement de l'année)."
            ),
        }
    } else {
        let head = format!(
            "{p}, {} {} {} - ",
            published.day(),
            EN_MONTHS[published.month0() as usize],
            published.year()
        );
        let d = EN_DAYS[wd];
        head + &match e.kind {
            0 => format!(
                "Unidentified gunmen killed {n} civilians on {d} in an attack on a village near {p}, \
                 {c}, local sources said. The attackers burned granaries before leaving."
            ),
            1 => format!(
                "Soldiers clashed with jihadist fighters near {p}, {c}, on {d}. The army said {n} \
                 assailants were killed in the fighting."
            ),
            2 => format!(
                "{n} soldiers were killed on {d} when their vehicle hit an improvised explosive device \
                 near {p}, {c}, security sources said."
            ),
            _ => format!(
                "Hundreds of residents marched peacefully in {p}, {c}, on {d} to demand better \
                 security, witnesses said. The march ended without incident (rally number {n} \
                 this year)."
            ),
        }
    };
    let suffix = [
        "",
        " Reporting by our correspondent.",
        " More details to follow.",
    ][variant % 3];
    let mut text = text + suffix;
    // Real articles are longer than these two sentences: the benchmark can
    // pad them with background paragraphs that tell no event.
    for _ in 0..background_paragraphs() {
        text.push_str(if french { BACKGROUND_FR } else { BACKGROUND_EN });
    }
    (text, published.format("%Y-%m-%d").to_string())
}

/// 500 documents: in each block of 20, positions 0-9 report ten events and
/// positions 10-19 report eight of them again (in the other language) and
/// two events of their own, so that two workers often store two reports of
/// one event at the same time. Four documents repeat an earlier text under
/// another id.
fn write_docs(path: &Path, originals: usize) -> usize {
    let mut f = std::fs::File::create(path).unwrap();
    let mut n = 0;
    let mut texts = Vec::new();
    for k in 0..originals {
        let (block, pos) = (k / 20, k % 20);
        let (ev, french, variant) = if pos < 10 {
            (block * 10 + pos, k % 3 == 0, 0)
        } else if pos % 10 >= 8 {
            (10_000 + block * 2 + pos % 10, k % 2 == 0, 1)
        } else {
            (block * 10 + pos % 10, (k - 10) % 3 != 0, 2)
        };
        let (text, published) = report(&event(ev), french, variant);
        texts.push((text.clone(), published.clone()));
        let rec =
            serde_json::json!({"id": format!("syn-{k:04}"), "text": text, "published": published});
        writeln!(f, "{rec}").unwrap();
        n += 1;
        if k % 124 == 60 {
            let (t, p) = &texts[k / 2];
            let rec = serde_json::json!({"id": format!("dup-{k:04}"), "text": t, "published": p});
            writeln!(f, "{rec}").unwrap();
            n += 1;
        }
    }
    n
}

fn run(args: &[&str]) {
    let out = Command::new(VIGIE).args(args).output().expect("run vigie");
    assert!(
        out.status.success(),
        "vigie {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn worker(db: &str, log: &Path) -> Child {
    spawn_worker(
        VIGIE,
        db,
        log,
        &["--batch", "8", "--lease", "3s", "--exit-when-idle"],
    )
}

fn spawn_worker(bin: &str, db: &str, log: &Path, extra: &[&str]) -> Child {
    let log = std::fs::File::create(log).unwrap();
    Command::new(bin)
        .args(["worker", "--db", db, "--idle-poll", "200ms"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start vigie worker")
}

fn count(q: &mut Queue, sql: &str) -> i64 {
    q.client().query_one(sql, &[]).unwrap().get(0)
}

fn all_events(url: &str) -> Vec<serde_json::Value> {
    let mut s = vigie_store::open(url).unwrap();
    let q = vigie_store::EventQuery {
        limit: Some(100_000),
        ..Default::default()
    };
    let mut v: Vec<serde_json::Value> = s
        .query_events(&q)
        .unwrap()
        .into_iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    v.sort_by(|a, b| a["event_id"].as_str().cmp(&b["event_id"].as_str()));
    v
}

#[test]
fn three_workers_one_killed_store_each_document_once() {
    let Some(queue_db) = fresh_schema("workers") else {
        return;
    };
    let Some(single_db) = fresh_schema("single") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("reports.jsonl");
    let n_docs = write_docs(&docs, 496);
    assert_eq!(n_docs, 500);
    let docs_s = docs.to_str().unwrap();

    run(&["enqueue", docs_s, "--db", &queue_db.url]);
    let mut q = Queue::connect(&queue_db.url).unwrap();
    assert_eq!(q.status().unwrap().pending, 500);

    let t0 = Instant::now();
    let mut workers: Vec<Child> = (0..3)
        .map(|i| worker(&queue_db.url, &dir.path().join(format!("worker{i}.log"))))
        .collect();
    let victim = workers[0].id();
    let victim_owner = format!("%-{victim}");

    // Kill the first worker while it holds a lease, once some work is done.
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        assert!(Instant::now() < deadline, "the victim never held a lease");
        let done = count(
            &mut q,
            "SELECT count(*) FROM queue_items WHERE state = 'done'",
        );
        let held: i64 = q
            .client()
            .query_one(
                "SELECT count(*) FROM queue_items WHERE state = 'leased' AND lease_owner LIKE $1",
                &[&victim_owner],
            )
            .unwrap()
            .get(0);
        if done >= 40 && held > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    workers[0].kill().unwrap(); // SIGKILL
    workers[0].wait().unwrap();
    let orphaned: Vec<i64> = q
        .client()
        .query(
            "SELECT id FROM queue_items WHERE state = 'leased' AND lease_owner LIKE $1",
            &[&victim_owner],
        )
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        !orphaned.is_empty(),
        "the victim was killed between batches"
    );

    for (i, w) in workers.iter_mut().enumerate().skip(1) {
        let end = Instant::now() + Duration::from_secs(300);
        loop {
            if let Some(st) = w.try_wait().unwrap() {
                let log = std::fs::read_to_string(dir.path().join(format!("worker{i}.log")))
                    .unwrap_or_default();
                assert!(st.success(), "worker {i} failed:\n{log}");
                break;
            }
            if Instant::now() > end {
                let _ = w.kill();
                panic!("worker {i} did not finish");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let elapsed = t0.elapsed();

    // Every document processed exactly once, the orphaned batch by another
    // worker after the lease expired.
    let st = q.status().unwrap();
    assert_eq!(
        (st.pending, st.leased, st.expired, st.failed, st.done),
        (0, 0, 0, 0, 500),
        "{st}"
    );
    let taken_over: i64 = q
        .client()
        .query_one(
            "SELECT count(*) FROM queue_items WHERE id = ANY($1) AND state = 'done' \
             AND done_by NOT LIKE $2 AND attempts >= 2",
            &[&orphaned, &victim_owner],
        )
        .unwrap()
        .get(0);
    assert_eq!(taken_over as usize, orphaned.len());
    assert_eq!(
        count(
            &mut q,
            "SELECT count(*) FROM queue_items WHERE outcome = 'new'"
        ),
        496
    );
    assert_eq!(
        count(
            &mut q,
            "SELECT count(*) FROM queue_items WHERE outcome = 'known'"
        ),
        4
    );
    assert_eq!(count(&mut q, "SELECT count(*) FROM documents"), 496);
    let dup_reports = count(
        &mut q,
        "SELECT count(*) FROM (SELECT report_id FROM reports GROUP BY 1 HAVING count(*) > 1) x",
    );
    assert_eq!(dup_reports, 0);

    let out = Command::new(VIGIE)
        .args(["status", "--db", &queue_db.url])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0 pending") && text.contains("500 done"),
        "{text}"
    );

    // The same events as one process ingesting the same reports.
    run(&["ingest", docs_s, "--db", &single_db.url, "--batch", "64"]);
    let parallel = all_events(&queue_db.url);
    let single = all_events(&single_db.url);
    assert!(
        single.len() > 200,
        "too few events extracted: {}",
        single.len()
    );
    let merged = single
        .iter()
        .filter(|e| e["sources"].as_array().is_some_and(|s| s.len() > 1))
        .count();
    assert!(
        merged > 50,
        "too few merged events to test merging: {merged}"
    );
    assert_eq!(parallel.len(), single.len());
    for (a, b) in parallel.iter().zip(&single) {
        assert_eq!(a, b);
    }
    eprintln!(
        "3 workers (one killed) processed 500 documents in {:.1}s: {} events, {} of them merged from several reports; {} documents taken over after the kill",
        elapsed.as_secs_f64(),
        single.len(),
        merged,
        orphaned.len()
    );
}

/// Documents per second with 1 and 2 workers, coder loading excluded: the
/// workers start on an empty queue, and the clock runs from the enqueue to
/// the last document done. Run with the release binary:
/// `cargo build --release --bin vigie && VIGIE_BIN=target/release/vigie
/// cargo test --test workers -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_workers() {
    let bin = vigie_bin();
    let n_originals: usize = std::env::var("VIGIE_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(996);
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("reports.jsonl");
    let n = write_docs(&docs, n_originals) as i64;
    for n_workers in [1, 2] {
        let Some(db) = fresh_schema("bench") else {
            return;
        };
        let mut q = Queue::connect(&db.url).unwrap();
        let logs: Vec<_> = (0..n_workers)
            .map(|i| dir.path().join(format!("bench{n_workers}-{i}.log")))
            .collect();
        let mut ws: Vec<Child> = logs
            .iter()
            .map(|l| spawn_worker(&bin, &db.url, l, &["--batch", "16", "--lease", "60s"]))
            .collect();
        let ready = Instant::now() + Duration::from_secs(300);
        while !logs
            .iter()
            .all(|l| std::fs::read_to_string(l).is_ok_and(|s| s.contains("worker started")))
        {
            for (w, l) in ws.iter_mut().zip(&logs) {
                if let Some(st) = w.try_wait().unwrap() {
                    panic!(
                        "worker exited ({st}) before starting:\n{}",
                        std::fs::read_to_string(l).unwrap_or_default()
                    );
                }
            }
            assert!(Instant::now() < ready, "workers did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let t0 = Instant::now();
        let out = Command::new(&bin)
            .args(["enqueue", docs.to_str().unwrap(), "--db", &db.url])
            .output()
            .unwrap();
        assert!(out.status.success());
        loop {
            let done = count(
                &mut q,
                "SELECT count(*) FROM queue_items WHERE state IN ('done', 'failed')",
            );
            if done >= n {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let secs = t0.elapsed().as_secs_f64();
        for w in &mut ws {
            let _ = w.kill();
            let _ = w.wait();
        }
        let events = count(&mut q, "SELECT count(*) FROM events");
        // Time inside the store step (serialised by the merge lock) versus
        // extraction, from the workers' structured log lines.
        let (mut extract_ms, mut total_ms) = (0u64, 0u64);
        for l in &logs {
            for line in std::fs::read_to_string(l).unwrap_or_default().lines() {
                let field = |k: &str| -> u64 {
                    line.split_whitespace()
                        .find_map(|w| w.strip_prefix(k))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0)
                };
                if line.contains("batch stored") {
                    extract_ms += field("extract_ms=");
                    total_ms += field("total_ms=");
                }
            }
        }
        eprintln!(
            "bench: {n_workers} worker(s): {n} documents in {secs:.1}s = {:.1} documents/s \
             ({events} events; per document {:.1} ms extracting, {:.1} ms claiming and storing)",
            n as f64 / secs,
            extract_ms as f64 / n as f64,
            total_ms.saturating_sub(extract_ms) as f64 / n as f64,
        );
    }
}
