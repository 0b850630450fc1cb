//! `vigie serve` (the HTTP API and dashboard over a database) and `vigie demo`
//! (a database built from the bundled example reports, then served).

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use vigie_coder::{Coder, ExtractOptions, EXTRACTION_VERSION};
use vigie_model::Document;
use vigie_serve::{Extractor, StoreBackend};
use vigie_store::{EventQuery, IngestItem, Stats};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Database: a SQLite file path, sqlite://PATH or postgres://... (default: $VIGIE_DB or vigie.db)
    #[arg(long)]
    db: Option<String>,
    /// Address to listen on (loopback by default; the API has no TLS)
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Database connections kept open for concurrent requests
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    connections: u16,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Keep the demo database at this path (default: a temporary file removed on exit)
    #[arg(long)]
    db: Option<PathBuf>,
    /// Folder of example reports (default: the repository's examples/reports)
    #[arg(long)]
    reports: Option<PathBuf>,
    /// Build the database and print the summary, but do not serve
    #[arg(long)]
    no_serve: bool,
}

/// Writes are allowed only with a token; none means a read-only server.
fn token() -> Option<String> {
    std::env::var("VIGIE_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
}

fn coder_extractor(coder: Arc<Coder>) -> Extractor {
    Arc::new(move |d: &Document| {
        (
            coder.extract(d, &ExtractOptions::default()),
            EXTRACTION_VERSION.to_string(),
        )
    })
}

fn run_server(url: &str, addr: &str, connections: usize, coder: Arc<Coder>) -> anyhow::Result<()> {
    let backend = StoreBackend::open(url, connections, coder_extractor(coder))
        .with_context(|| format!("opening database {url}"))?;
    let token = token();
    let writes = if token.is_some() {
        "POST /api/documents accepts the VIGIE_TOKEN bearer token"
    } else {
        "read-only (set VIGIE_TOKEN to accept POST /api/documents)"
    };
    let app = vigie_serve::router(Arc::new(backend), token);
    vigie_serve::serve_blocking(addr, app, |bound| {
        eprintln!("vigie: dashboard at http://{bound}/  API at http://{bound}/api/openapi.json");
        eprintln!("vigie: {writes}; Ctrl-C stops");
    })?;
    Ok(())
}

pub fn serve(a: ServeArgs) -> anyhow::Result<ExitCode> {
    let url = a.db.unwrap_or_else(vigie_store::default_url);
    if !url.contains("://") && !url.contains(":memory:") && !Path::new(&url).exists() {
        bail!("no database at {url:?}: build one with `vigie ingest --db {url} REPORTS...` (or try `vigie demo`)");
    }
    let coder = Arc::new(Coder::new().context("loading the event coder")?);
    run_server(&url, &a.addr, usize::from(a.connections), coder)?;
    Ok(ExitCode::SUCCESS)
}

/// The example reports: `--reports`, else the repository's folder (found
/// from the source tree this binary was built in, then from the working
/// directory).
fn reports_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        if p.is_dir() {
            return Ok(p);
        }
        bail!("{} is not a folder", p.display());
    }
    let candidates = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports"),
        PathBuf::from("examples/reports"),
    ];
    candidates
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .with_context(|| {
            format!(
                "example reports not found (looked in {}); pass --reports DIR",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// Removes the SQLite file and its journal files.
fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Deletes the temporary demo database when the demo ends.
struct TempDb(Option<PathBuf>);

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            remove_db(p);
        }
    }
}

fn print_summary(docs: usize, failed: usize, stats: &Stats, merged: u64) {
    println!();
    println!(
        "vigie demo: {docs} reports read ({failed} unreadable), {} events stored ({merged} reports merged into events told by several sources), {} fatalities",
        stats.events, stats.fatalities
    );
    println!();
    println!("{:<30} {:>7} {:>11}", "event type", "events", "fatalities");
    println!("{}", "-".repeat(50));
    for c in &stats.by_event_type {
        println!("{:<30} {:>7} {:>11}", c.key, c.events, c.fatalities);
    }
    if !stats.by_country.is_empty() {
        println!();
        println!("{:<30} {:>7} {:>11}", "country", "events", "fatalities");
        println!("{}", "-".repeat(50));
        for c in stats.by_country.iter().take(10) {
            println!("{:<30} {:>7} {:>11}", c.key, c.events, c.fatalities);
        }
    }
    println!();
}

pub fn demo(a: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = reports_dir(a.reports)?;
    let (db_path, _cleanup) = match a.db {
        Some(p) => (p, TempDb(None)),
        None => {
            let p = std::env::temp_dir().join(format!("vigie-demo-{}.db", std::process::id()));
            (p.clone(), TempDb(Some(p)))
        }
    };
    // The demo always starts from the reports alone.
    remove_db(&db_path);
    let url = db_path.to_string_lossy().into_owned();

    let (docs, errors) = vigie_read::read_all(
        std::slice::from_ref(&dir),
        &vigie_read::ReadOptions::default(),
    );
    for e in &errors {
        eprintln!("vigie: skipped {e}");
    }
    if docs.is_empty() {
        bail!("no readable reports in {}", dir.display());
    }
    let coder = Arc::new(Coder::new().context("loading the event coder")?);
    let opts = ExtractOptions::default();
    let items: Vec<IngestItem> = docs
        .par_iter()
        .map(|d| IngestItem {
            events: coder.extract(d, &opts),
            document: d.clone(),
            extraction_version: EXTRACTION_VERSION.to_string(),
        })
        .collect();
    let mut store =
        vigie_store::open(&url).with_context(|| format!("creating demo database {url}"))?;
    let summary = store
        .ingest(&items)
        .context("storing the example reports")?;
    let stats = store
        .stats(&EventQuery::default())
        .context("summarising the demo database")?;
    drop(store);
    print_summary(docs.len(), errors.len(), &stats, summary.events_merged);
    if a.no_serve {
        if _cleanup.0.is_none() {
            println!("database kept at {url}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    run_server(&url, &a.addr, 2, coder)?;
    Ok(ExitCode::SUCCESS)
}
