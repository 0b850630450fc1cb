//! `vigie enqueue`, `worker`, `watch`, `status`, `retry`: many workers on
//! one PostgreSQL database, fed by files and live feeds.

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use vigie_queue::feeds::{self, WatchOptions, Watcher};
use vigie_queue::{parse_duration, Queue, WorkerOptions};

fn duration(s: &str) -> Result<Duration, String> {
    parse_duration(s)
}

fn db_url(db: &Option<String>) -> String {
    db.clone().unwrap_or_else(vigie_store::default_url)
}

fn connect(db: &Option<String>) -> anyhow::Result<Queue> {
    let url = db_url(db);
    Queue::connect(&url).with_context(|| format!("opening the queue at {}", redact(&url)))
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_string(),
    }
}

/// Structured log lines on stderr; `RUST_LOG` overrides the level.
fn init_logging(json: bool) {
    use std::io::IsTerminal;
    // Without the `log` bridge (tracing-subscriber's tracing-log feature is
    // off): the libraries' `log` lines, such as the PostgreSQL driver's
    // "already exists, skipping" notices at info level, are noise here.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let _ = if json {
        b.json().try_init()
    } else {
        b.try_init()
    };
}

#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
    vigie enqueue articles/ feed.xml --db postgres://vigie@db/vigie\n\n\
The same document (id and text) is queued once; workers then extract and store it.")]
pub struct EnqueueArgs {
    /// Files, directories, or `-` for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// PostgreSQL URL [default: $VIGIE_DB]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    vigie worker --db postgres://vigie@db/vigie               run until stopped\n  \
    vigie worker --db $DB --batch 32 --exit-when-idle         drain the queue, then exit\n\n\
Start as many workers as you like, on any machines. A worker killed at any moment loses \
nothing: its batch is taken over by another worker once the lease expires.")]
pub struct WorkerArgs {
    /// PostgreSQL URL [default: $VIGIE_DB]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Documents claimed per transaction
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub batch: usize,
    /// How long a claim lasts; longer than a batch takes (e.g. 60s, 5m)
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = duration)]
    pub lease: Duration,
    /// Stop once nothing is pending or in progress
    #[arg(long)]
    pub exit_when_idle: bool,
    /// Poll interval when the queue is empty
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = duration)]
    pub idle_poll: Duration,
    /// Log lines as JSON
    #[arg(long)]
    pub log_json: bool,
}

#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
    vigie watch --feeds feeds.txt --db postgres://vigie@db/vigie --interval 10m\n\n\
FILE lists one feed URL per line (# comments). Feeds are fetched with conditional requests \
(ETag / Last-Modified); errors back off and Retry-After is respected.")]
pub struct WatchArgs {
    /// File with one RSS/Atom feed URL per line
    #[arg(long, value_name = "FILE")]
    pub feeds: PathBuf,
    /// PostgreSQL URL [default: $VIGIE_DB]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Time between polls of a feed
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = duration)]
    pub interval: Duration,
    /// Poll the feeds that are due once, then exit
    #[arg(long)]
    pub once: bool,
    /// Log lines as JSON
    #[arg(long)]
    pub log_json: bool,
}

#[derive(clap::Args)]
pub struct StatusArgs {
    /// PostgreSQL URL [default: $VIGIE_DB]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
#[command(after_help = "Example:\n  vigie retry --reason store_error\n\n\
Reasons are listed by `vigie status` (extract_panic, store_error, bad_payload, lease_expired).")]
pub struct RetryArgs {
    /// PostgreSQL URL [default: $VIGIE_DB]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Only documents that failed for this reason
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn enqueue(a: EnqueueArgs) -> anyhow::Result<ExitCode> {
    let mut q = connect(&a.db)?;
    let mut batch = Vec::new();
    let mut unread = 0u64;
    let mut sum = vigie_queue::EnqueueSummary::default();
    let mut err = None;
    vigie_read::read_inputs(&a.paths, &vigie_read::ReadOptions::default(), |r| {
        if err.is_some() {
            return;
        }
        match r {
            Ok(d) => {
                batch.push(d);
                if batch.len() >= 500 {
                    match q.enqueue(&batch) {
                        Ok(s) => {
                            sum.added += s.added;
                            sum.already_queued += s.already_queued;
                        }
                        Err(e) => err = Some(e),
                    }
                    batch.clear();
                }
            }
            Err(e) => {
                unread += 1;
                eprintln!("vigie: {e}");
            }
        }
    });
    if let Some(e) = err {
        return Err(e).context("enqueueing");
    }
    let s = q.enqueue(&batch).context("enqueueing")?;
    sum.added += s.added;
    sum.already_queued += s.already_queued;
    eprintln!(
        "vigie: queued {} documents ({} already queued, {} unreadable)",
        sum.added, sum.already_queued, unread
    );
    Ok(if unread > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn worker(a: WorkerArgs) -> anyhow::Result<ExitCode> {
    init_logging(a.log_json);
    let q = connect(&a.db)?;
    let coder = vigie_coder::Coder::new().context("loading the event coder")?;
    let opts = WorkerOptions {
        batch: a.batch.max(1),
        lease: a.lease,
        exit_when_idle: a.exit_when_idle,
        idle_poll: a.idle_poll,
        ..WorkerOptions::default()
    };
    let mut w = vigie_queue::Worker::new(q, std::sync::Arc::new(coder), opts);
    let stop = AtomicBool::new(false);
    let s = w.run(&stop)?;
    eprintln!(
        "vigie: worker processed {} documents ({} new, {} already stored), {} failed, {} events new, {} merged",
        s.documents_done,
        s.store.documents_new,
        s.store.documents_known,
        s.documents_failed,
        s.store.events_new,
        s.store.events_merged
    );
    Ok(ExitCode::SUCCESS)
}

pub fn watch(a: WatchArgs) -> anyhow::Result<ExitCode> {
    init_logging(a.log_json);
    let list = feeds::read_feeds_file(&a.feeds)?;
    if list.is_empty() {
        anyhow::bail!("{}: no feed URLs", a.feeds.display());
    }
    let mut q = connect(&a.db)?;
    let w = Watcher::new(WatchOptions {
        interval: a.interval,
        ..WatchOptions::default()
    });
    loop {
        let reports = w.poll_due(&mut q, &list)?;
        if a.once {
            for r in &reports {
                println!("{}", serde_json::to_string(r)?);
            }
            return Ok(ExitCode::SUCCESS);
        }
        let wait = w.next_due_in(&mut q, &list)?.clamp(
            Duration::from_secs(1),
            a.interval.max(Duration::from_secs(1)),
        );
        std::thread::sleep(wait);
    }
}

pub fn status(a: StatusArgs) -> anyhow::Result<ExitCode> {
    let mut q = connect(&a.db)?;
    let s = q.status()?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print!("{s}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn retry(a: RetryArgs) -> anyhow::Result<ExitCode> {
    let mut q = connect(&a.db)?;
    let n = q.retry(a.reason.as_deref())?;
    eprintln!("vigie: {n} failed documents queued again");
    Ok(ExitCode::SUCCESS)
}
