//! `vigie extract`: reports in, ACLED-style events out.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::{DateInterval, Document, Event, Lang};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per event (formats.md)
    Jsonl,
    /// A readable table
    Table,
    /// ACLED's CSV columns
    Csv,
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  vigie extract --published 2023-09-19 report.txt\n  vigie extract articles/ --format table\n  vigie extract feed.xml --format csv > events.csv"
)]
pub struct Args {
    /// Files, directories (walked recursively) or `-` for standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) overriding the documents'
    #[arg(long, value_parser = parse_date)]
    pub published: Option<DateInterval>,
    /// Language overriding detection (fr, en)
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Print documents/s and MB/s on standard error
    #[arg(long)]
    pub stats: bool,
    /// Refuse input files larger than this many bytes
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    pub max_bytes: u64,
}

pub fn parse_date(s: &str) -> Result<DateInterval, String> {
    DateInterval::parse(s).ok_or_else(|| format!("not a date (YYYY, YYYY-MM or YYYY-MM-DD): {s:?}"))
}

/// Documents coded per parallel batch: enough to keep both cores busy,
/// few enough to stream output for large inputs.
const BATCH: usize = 512;

pub fn run(args: Args) -> Result<ExitCode> {
    let coder = Coder::new().context("loading rules and dictionaries")?;
    let opts = ExtractOptions {
        published: args.published,
        lang: args.lang,
    };
    let read_opts = vigie_read::ReadOptions {
        max_bytes: args.max_bytes,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut docs_n = 0usize;
    let mut bytes = 0usize;
    let mut events_n = 0usize;
    let mut coding = std::time::Duration::ZERO;
    let started = Instant::now();
    let progress = std::io::stderr().is_terminal().then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message("coding reports");
        pb
    });
    let mut csv = (args.format == Format::Csv).then(|| {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(vigie_store::export::ACLED_COLUMNS);
        w
    });
    if args.format == Format::Table {
        writeln!(out, "{}", table_header())?;
    }
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Document>, out: &mut dyn Write| -> Result<()> {
        let t = Instant::now();
        let coded: Vec<Vec<Event>> = batch.par_iter().map(|d| coder.extract(d, &opts)).collect();
        coding += t.elapsed();
        for (doc, events) in batch.iter().zip(coded) {
            docs_n += 1;
            bytes += doc.text.len();
            events_n += events.len();
            for e in &events {
                match args.format {
                    Format::Jsonl => {
                        serde_json::to_writer(&mut *out, e)?;
                        out.write_all(b"\n")?;
                    }
                    Format::Table => writeln!(out, "{}", table_row(e))?,
                    Format::Csv => {
                        if let Some(w) = csv.as_mut() {
                            w.write_record(acled_row(doc, e))?;
                        }
                    }
                }
            }
        }
        if let Some(pb) = &progress {
            pb.set_message(format!("{docs_n} reports, {events_n} events"));
            pb.tick();
        }
        batch.clear();
        Ok(())
    };
    let mut io_error: Option<anyhow::Error> = None;
    vigie_read::read_inputs(&args.paths, &read_opts, |r| match r {
        Ok(d) => {
            batch.push(d);
            if batch.len() >= BATCH && io_error.is_none() {
                if let Err(e) = flush(&mut batch, &mut out) {
                    io_error = Some(e);
                }
            }
        }
        Err(e) => {
            failed += 1;
            eprintln!("vigie: {e}");
        }
    });
    if let Some(e) = io_error {
        return Err(e);
    }
    flush(&mut batch, &mut out)?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if let Some(w) = csv {
        out.write_all(&w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    }
    out.flush()?;
    if args.stats {
        let secs = coding.as_secs_f64().max(1e-9);
        eprintln!(
            "vigie: {docs_n} documents, {events_n} events, {:.2} MB in {:.3} s coding ({:.3} s total): {:.0} documents/s, {:.2} MB/s",
            bytes as f64 / 1e6,
            secs,
            started.elapsed().as_secs_f64(),
            docs_n as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn table_header() -> String {
    format!(
        "{:<10} {:<12} {:<5} {:<34} {:<28} {:<28} {:<22} {:>5} {:<5}",
        "doc", "date", "prec", "sub_event_type", "actor1", "actor2", "location", "fatal", "claim"
    )
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn table_row(e: &Event) -> String {
    let name =
        |a: &Option<vigie_model::ActorRef>| a.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let loc = e
        .location
        .as_ref()
        .map(|l| {
            l.name
                .clone()
                .or_else(|| l.admin1.clone())
                .or_else(|| l.country.clone())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    format!(
        "{:<10} {:<12} {:<5} {:<34} {:<28} {:<28} {:<22} {:>5} {:<5}",
        clip(&e.doc_id, 10),
        e.event_date.clone().unwrap_or_default(),
        clip(e.date_precision.as_deref().unwrap_or(""), 5),
        clip(&e.sub_event_type, 34),
        clip(&name(&e.actor1), 28),
        clip(&name(&e.actor2), 28),
        clip(&loc, 22),
        e.fatalities.map(|f| f.to_string()).unwrap_or_default(),
        if e.claimed { "yes" } else { "" }
    )
}

fn acled_row(doc: &Document, e: &Event) -> Vec<String> {
    let stored = vigie_store::StoredEvent {
        event: e.clone(),
        sources: vec![],
        merge_reason: None,
        extraction_version: vigie_coder::EXTRACTION_VERSION.to_string(),
    };
    let mut row = vigie_store::export::acled_record(&stored);
    // The `source` column: the outlet, else the document id.
    if let Some(i) = vigie_store::export::ACLED_COLUMNS
        .iter()
        .position(|c| *c == "source")
    {
        row[i] = doc.source.clone().unwrap_or_else(|| doc.id.clone());
    }
    row
}
