//! The `vigie` command line. Each subcommand lives in its own module under
//! `cmd/`; this file only parses arguments and dispatches.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

// Coding a document allocates many small strings and vectors (tokens,
// candidates, events); mimalloc serves them in a fraction of the system
// allocator's time (issue #6: 5 MB/s per core).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vigie",
    version,
    about = "Turns news reports into dated, geolocated records of armed conflict and unrest (ACLED-style)",
    after_help = "Example:\n  vigie extract --published 2023-09-19 report.txt\n  vigie docs articles/ --format table"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read documents and print them as JSON Lines (or a table)
    Docs(cmd::docs::Args),
    /// Extract ACLED-style events from reports
    Extract(cmd::extract::Args),
    /// Look up places, import GeoNames dumps
    Gazetteer(cmd::gazetteer::Args),
    /// Extract events from reports and store them in a database
    Ingest(cmd::store::IngestArgs),
    /// Re-extract stored documents after a rule or gazetteer change
    Recode(cmd::store::RecodeArgs),
    /// Query stored events and export them
    Events(cmd::store::EventsArgs),
    /// Queue documents for workers (PostgreSQL)
    Enqueue(cmd::queue::EnqueueArgs),
    /// Process queued documents; run as many as needed
    Worker(cmd::queue::WorkerArgs),
    /// Poll RSS/Atom feeds and queue their new items
    Watch(cmd::queue::WatchArgs),
    /// Queue depth, throughput, failures and feed freshness
    Status(cmd::queue::StatusArgs),
    /// Queue failed documents again
    Retry(cmd::queue::RetryArgs),
    /// Serve the HTTP API and the dashboard
    Serve(cmd::serve::ServeArgs),
    /// Build a database from the bundled example reports and serve the dashboard
    Demo(cmd::serve::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Docs(a) => cmd::docs::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Gazetteer(a) => cmd::gazetteer::run(a),
        Command::Ingest(a) => cmd::store::ingest(a),
        Command::Recode(a) => cmd::store::recode(a),
        Command::Events(a) => cmd::store::events(a),
        Command::Enqueue(a) => cmd::queue::enqueue(a),
        Command::Worker(a) => cmd::queue::worker(a),
        Command::Watch(a) => cmd::queue::watch(a),
        Command::Status(a) => cmd::queue::status(a),
        Command::Retry(a) => cmd::queue::retry(a),
        Command::Serve(a) => cmd::serve::serve(a),
        Command::Demo(a) => cmd::serve::demo(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigie: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
