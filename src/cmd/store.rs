//! `vigie ingest`, `vigie recode`, `vigie events`: the store from the
//! command line. Extraction runs in parallel (rayon); one thread writes,
//! one transaction per batch.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigie_coder::{Coder, ExtractOptions, EXTRACTION_VERSION};
use vigie_model::{DateInterval, Document, Event};
use vigie_store::{
    BBox, DocStatus, EventQuery, IngestItem, IngestSummary, RecodeItem, SortKey, Store, StoredEvent,
};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    vigie ingest articles/                      into ./vigie.db (or $VIGIE_DB)\n  \
    vigie ingest feed.xml --db postgres://vigie@localhost/vigie\n\n\
Documents already stored (same id and text, or the same text under another id) are skipped, \
so an interrupted ingest can simply be rerun. Each batch is one transaction.")]
pub struct IngestArgs {
    /// Files, directories, or `-` for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Database: a file path, sqlite://PATH or postgres://... [default: $VIGIE_DB or vigie.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Publication date for documents that give none (YYYY, YYYY-MM, YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_interval)]
    pub published: Option<DateInterval>,
    /// Documents per transaction
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub batch: usize,
}

#[derive(clap::Args)]
#[command(
    after_help = "Re-extracts every stored document with the current rules and gazetteer, \
replaces its events, re-merges, and records what changed (see the history table)."
)]
pub struct RecodeArgs {
    /// Database URL [default: $VIGIE_DB or vigie.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Documents per transaction
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub batch: usize,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    vigie events --country Mali --from 2023-09-01 --to 2023-09-30\n  \
    vigie events --type Battles --actor JNIM --format table\n  \
    vigie events --bbox -1,16,1,18 --format geojson > gao.geojson\n  \
    vigie events --text 'Bourem' --format acled-csv > bourem.csv")]
pub struct EventsArgs {
    /// Database URL [default: $VIGIE_DB or vigie.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Country name or ISO3 code
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub admin1: Option<String>,
    /// First day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
    /// ACLED event type (e.g. Battles)
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// ACLED sub-event type (e.g. "Armed clash")
    #[arg(long, value_name = "SUB_TYPE")]
    pub sub_type: Option<String>,
    /// Part of an actor's name (actor1, actor2 or associated)
    #[arg(long)]
    pub actor: Option<String>,
    /// minlon,minlat,maxlon,maxlat
    #[arg(long, value_name = "BBOX", allow_hyphen_values = true)]
    pub bbox: Option<BBox>,
    /// Words to find in the documents or the evidence
    #[arg(long)]
    pub text: Option<String>,
    #[arg(long)]
    pub limit: Option<u64>,
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// date, fatalities, country, event_type or sources
    #[arg(long, default_value = "date")]
    pub sort: SortKey,
    /// Sort descending
    #[arg(long)]
    pub desc: bool,
    #[arg(long, value_enum, default_value_t = EventsFormat::Jsonl)]
    pub format: EventsFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum EventsFormat {
    Jsonl,
    AcledCsv,
    Geojson,
    Table,
}

fn parse_interval(s: &str) -> Result<DateInterval, String> {
    DateInterval::parse(s).ok_or_else(|| format!("not a date (YYYY, YYYY-MM or YYYY-MM-DD): {s:?}"))
}

fn db_url(db: &Option<String>) -> String {
    db.clone().unwrap_or_else(vigie_store::default_url)
}

/// Opens a database that must already exist (reading commands should not
/// leave an empty file behind a typo).
fn open_existing(url: &str) -> anyhow::Result<Box<dyn Store>> {
    let is_pg = url.starts_with("postgres://") || url.starts_with("postgresql://");
    if !is_pg {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if path != ":memory:" && !Path::new(path).exists() {
            anyhow::bail!("no database at {path} (run `vigie ingest` first, or give --db)");
        }
    }
    vigie_store::open(url).with_context(|| format!("opening database {}", redact(url)))
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_string(),
    }
}

fn progress(label: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {prefix} {pos} documents ({per_sec}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_prefix(label.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// Extracts events, turning a panic in the coder into a failed document
/// rather than a lost batch.
fn extract(coder: &Coder, doc: &Document, opts: &ExtractOptions) -> Result<Vec<Event>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.extract(doc, opts)))
        .map_err(|_| "event extraction failed (internal error)".to_string())
}

struct Ingest<'a> {
    store: Box<dyn Store>,
    coder: &'a Coder,
    opts: ExtractOptions,
    sum: IngestSummary,
    failed: u64,
    pb: ProgressBar,
}

impl Ingest<'_> {
    fn flush(&mut self, batch: &mut Vec<Document>) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        // Known documents are not extracted again.
        let mut todo = Vec::with_capacity(batch.len());
        for d in batch.drain(..) {
            match self.store.document_status(&d.id, &d.text)? {
                DocStatus::Known => self.sum.documents_known += 1,
                _ => todo.push(d),
            }
        }
        let (coder, opts) = (self.coder, &self.opts);
        let results: Vec<(Document, Result<Vec<Event>, String>)> = todo
            .into_par_iter()
            .map(|d| {
                let r = extract(coder, &d, opts);
                (d, r)
            })
            .collect();
        let mut items = Vec::with_capacity(results.len());
        for (d, r) in results {
            match r {
                Ok(events) => items.push(IngestItem {
                    document: d,
                    events,
                    extraction_version: EXTRACTION_VERSION.to_string(),
                }),
                Err(m) => {
                    self.failed += 1;
                    self.pb.suspend(|| eprintln!("vigie: {}: {m}", d.origin));
                }
            }
        }
        let n = items.len() as u64;
        let s = self.store.ingest(&items).context(
            "storing a batch (the documents stored before it are kept; rerun to continue)",
        )?;
        self.sum.add(&s);
        self.pb.inc(n);
        self.pb.set_message(format!(
            "{} new, {} known, {} events",
            self.sum.documents_new, self.sum.documents_known, self.sum.events_new
        ));
        Ok(())
    }
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<ExitCode> {
    let coder = Coder::new().context("loading the event coder")?;
    let url = db_url(&a.db);
    let store =
        vigie_store::open(&url).with_context(|| format!("opening database {}", redact(&url)))?;
    let mut ing = Ingest {
        store,
        coder: &coder,
        opts: ExtractOptions::default(),
        sum: IngestSummary::default(),
        failed: 0,
        pb: progress("ingest"),
    };
    let published = a.published;
    let batch_size = a.batch.max(1);
    let mut batch: Vec<Document> = Vec::new();
    let mut err: Option<anyhow::Error> = None;
    vigie_read::read_inputs(&a.paths, &vigie_read::ReadOptions::default(), |r| {
        if err.is_some() {
            return;
        }
        match r {
            Ok(mut d) => {
                if d.published.is_none() {
                    d.published = published;
                }
                batch.push(d);
                if batch.len() >= batch_size {
                    if let Err(e) = ing.flush(&mut batch) {
                        err = Some(e);
                    }
                }
            }
            Err(e) => {
                ing.failed += 1;
                ing.pb.suspend(|| eprintln!("vigie: {e}"));
            }
        }
    });
    if err.is_none() {
        if let Err(e) = ing.flush(&mut batch) {
            err = Some(e);
        }
    }
    ing.pb.finish_and_clear();
    let s = ing.sum;
    eprintln!(
        "vigie: documents: {} new, {} already known, {} updated, {} failed; events: {} new, {} merged",
        s.documents_new, s.documents_known, s.documents_updated, ing.failed, s.events_new, s.events_merged
    );
    if let Some(e) = err {
        return Err(e);
    }
    Ok(if ing.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn recode(a: RecodeArgs) -> anyhow::Result<ExitCode> {
    let url = db_url(&a.db);
    let mut store = open_existing(&url)?;
    let coder = Coder::new().context("loading the event coder")?;
    let pb = progress("recode");
    let batch = a.batch.max(1) as u64;
    let (mut docs, mut changed, mut added, mut removed, mut modified) = (0u64, 0u64, 0, 0, 0);
    let mut failed = 0u64;
    let mut after: Option<String> = None;
    loop {
        let ids = store.document_ids(after.as_deref(), batch)?;
        let Some(last) = ids.last().cloned() else {
            break;
        };
        let mut todo = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(d) = store.get_document(id)? {
                todo.push(Document {
                    id: d.id,
                    text: d.text,
                    published: d.published,
                    lang: d.lang.and_then(|l| l.parse().ok()),
                    title: d.title,
                    url: d.url,
                    source: d.source,
                    origin: d.origin,
                });
            }
        }
        let opts = ExtractOptions::default();
        let results: Vec<(&Document, Result<Vec<Event>, String>)> = todo
            .par_iter()
            .map(|d| (d, extract(&coder, d, &opts)))
            .collect();
        let mut items = Vec::with_capacity(results.len());
        for (d, r) in results {
            match r {
                Ok(events) => items.push(RecodeItem {
                    doc_id: d.id.clone(),
                    events,
                    extraction_version: EXTRACTION_VERSION.to_string(),
                }),
                Err(m) => {
                    failed += 1;
                    pb.suspend(|| eprintln!("vigie: {}: {m}; its stored events are kept", d.id));
                }
            }
        }
        for h in store.recode(&items)? {
            docs += 1;
            if !h.is_noop() {
                changed += 1;
            }
            added += h.added.len();
            removed += h.removed.len();
            modified += h.changed.len();
        }
        pb.inc(ids.len() as u64);
        after = Some(last);
    }
    pb.finish_and_clear();
    let c = store.counts()?;
    eprintln!(
        "vigie: recoded {docs} documents with {EXTRACTION_VERSION}: {changed} changed \
         ({added} reports added, {removed} removed, {modified} modified), {failed} failed; \
         {} events stored",
        c.events
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn events(a: EventsArgs) -> anyhow::Result<ExitCode> {
    let url = db_url(&a.db);
    let mut store = open_existing(&url)?;
    let q = EventQuery {
        country: a.country,
        admin1: a.admin1,
        from: a.from,
        to: a.to,
        event_type: a.event_type,
        sub_event_type: a.sub_type,
        actor: a.actor,
        bbox: a.bbox,
        text: a.text,
        limit: a.limit,
        offset: a.offset,
        sort: a.sort,
        descending: a.desc,
        ..Default::default()
    };
    let evs = store.query_events(&q)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let r: anyhow::Result<()> = (|| {
        match a.format {
            EventsFormat::Jsonl => {
                for e in &evs {
                    serde_json::to_writer(&mut out, e)?;
                    out.write_all(b"\n")?;
                }
            }
            EventsFormat::AcledCsv => vigie_store::export::write_acled_csv(&mut out, &evs)?,
            EventsFormat::Geojson => {
                serde_json::to_writer_pretty(
                    &mut out,
                    &vigie_store::export::geojson_collection(&evs),
                )?;
                out.write_all(b"\n")?;
            }
            EventsFormat::Table => write_table(&mut out, &evs)?,
        }
        out.flush()?;
        Ok(())
    })();
    match r {
        // A closed pipe (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn write_table<W: Write>(out: &mut W, evs: &[StoredEvent]) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<18} {:<10} {:<28} {:<22} {:<40} {:>5} {:>3}",
        "EVENT", "DATE", "SUB-EVENT TYPE", "LOCATION", "ACTORS", "DEAD", "SRC"
    )?;
    for se in evs {
        let e = &se.event;
        let loc = e
            .location
            .as_ref()
            .map(|l| {
                [l.name.as_deref(), l.country.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let actors = [&e.actor1, &e.actor2]
            .into_iter()
            .flatten()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(" vs ");
        writeln!(
            out,
            "{:<18} {:<10} {:<28} {:<22} {:<40} {:>5} {:>3}",
            cut(&e.event_id, 18),
            e.event_date.as_deref().unwrap_or("-"),
            cut(&e.sub_event_type, 28),
            cut(&loc, 22),
            cut(&actors, 40),
            e.fatalities
                .map(|f| f.to_string())
                .unwrap_or_else(|| "-".into()),
            se.sources.len()
        )?;
    }
    writeln!(out, "{} events", evs.len())?;
    Ok(())
}
