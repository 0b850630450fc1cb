//! Event store: SQLite by default, PostgreSQL to scale; cross-document merge.
//!
//! [`open`] gives a [`Store`] for a URL (a file path, `sqlite://PATH`, or
//! `postgres://...`). Both backends run the same ingest and merge engine
//! (`engine`), so they store the same events for the same input; the
//! conformance tests in `tests/` run against both.
//!
//! Architecture invariant: every write happens inside one transaction per
//! call ([`Store::ingest`], [`Store::recode`]); an error leaves the database as
//! it was before the call, and a rerun continues where the last committed
//! batch ended (documents already stored are recognised by content hash).

mod engine;
mod error;
pub mod export;
pub mod merge;
mod pg;
mod query;
mod rows;
mod sql;
mod sqlite;
mod types;

pub use error::{Result, StoreError};
pub use types::*;

/// One document's new events for [`Store::recode`].
#[derive(Debug, Clone)]
pub struct RecodeItem {
    pub doc_id: String,
    pub events: Vec<vigie_model::Event>,
    pub extraction_version: String,
}

/// A vigie database. Methods take `&mut self` (one connection, used by one
/// thread at a time); the trait is `Send`, so a server can keep a store
/// behind a `Mutex` or open one per worker.
pub trait Store: Send {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;

    /// Stores documents and their events in ONE transaction, merging the
    /// events with the reports of other documents. A document already stored
    /// (same id and content, or same content under another id) is skipped;
    /// one stored with the same id but other content is replaced.
    fn ingest(&mut self, batch: &[IngestItem]) -> Result<IngestSummary>;

    /// Whether ingesting a document with this id and text would store
    /// anything (lets callers skip extraction for known documents).
    fn document_status(&mut self, id: &str, text: &str) -> Result<DocStatus>;

    /// Replaces the events of stored documents (one transaction), re-merges,
    /// and records what changed. Unknown doc ids are skipped.
    fn recode(&mut self, items: &[RecodeItem]) -> Result<Vec<HistoryEntry>>;

    /// Stored document ids in ascending order, after `after` (keyset paging).
    fn document_ids(&mut self, after: Option<&str>, limit: u64) -> Result<Vec<String>>;

    /// A document with its text and the evidence spans of its reports.
    fn get_document(&mut self, id: &str) -> Result<Option<StoredDocument>>;

    /// A stored event with all its sources and their evidence.
    fn get_event(&mut self, id: &str) -> Result<Option<StoredEvent>>;

    /// Events matching the query, sorted and paginated.
    fn query_events(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>>;

    /// [`Store::query_events`] reduced to the fields of [`EventSummary`],
    /// read from indexed columns only: cheap enough for maps of thousands
    /// of events.
    fn query_summaries(&mut self, q: &EventQuery) -> Result<Vec<EventSummary>>;

    /// How many events match (limit/offset ignored).
    fn count_events(&mut self, q: &EventQuery) -> Result<u64>;

    /// [`Store::count_events`] and [`Store::query_events`] together: the
    /// count tells the store how to read the page.
    fn query_page(&mut self, q: &EventQuery) -> Result<(u64, Vec<StoredEvent>)> {
        Ok((self.count_events(q)?, self.query_events(q)?))
    }

    /// Breakdowns of the matching events (limit/offset ignored).
    fn stats(&mut self, q: &EventQuery) -> Result<Stats>;

    /// Places (event locations) whose name starts with `prefix`
    /// (case-insensitive), most frequent first.
    fn suggest_places(&mut self, prefix: &str, limit: u64) -> Result<Vec<Suggestion>>;

    /// Actors (actor1/actor2/associated) whose name contains `fragment`
    /// (case-insensitive), most frequent first.
    fn suggest_actors(&mut self, fragment: &str, limit: u64) -> Result<Vec<Suggestion>>;

    /// Recode history, newest first; all documents when `doc_id` is None.
    fn history(&mut self, doc_id: Option<&str>) -> Result<Vec<HistoryEntry>>;

    fn counts(&mut self) -> Result<StoreCounts>;

    /// Schema version of the open database.
    fn schema_version(&mut self) -> Result<i64>;
}

/// Where the database is when no `--db` is given: `$VIGIE_DB`, else
/// `vigie.db` in the working directory.
pub fn default_url() -> String {
    std::env::var("VIGIE_DB")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "vigie.db".to_string())
}

/// Opens (creating and migrating if needed) the database at `url`: a file
/// path, `sqlite://PATH`, `sqlite::memory:`, or `postgres://` /
/// `postgresql://` URL.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    open_with(url, &OpenOptions::default())
}

/// Connection settings.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long a SQLite writer waits for another one before giving up with
    /// [`StoreError::Locked`] (default 10 s).
    pub busy_timeout: std::time::Duration,
    /// Caps a SQLite database at this many bytes (a quota); a write beyond
    /// it fails like a full disk, with [`StoreError::Full`].
    pub sqlite_max_bytes: Option<u64>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: std::time::Duration::from_secs(10),
            sqlite_max_bytes: None,
        }
    }
}

/// [`open`] with explicit settings.
pub fn open_with(url: &str, opts: &OpenOptions) -> Result<Box<dyn Store>> {
    let u = url.trim();
    if u.starts_with("postgres://") || u.starts_with("postgresql://") {
        return pg::open_postgres(u);
    }
    if u == "sqlite::memory:" || u == ":memory:" {
        return sqlite::open_sqlite(":memory:", opts);
    }
    let path = u.strip_prefix("sqlite://").unwrap_or(u);
    if path.is_empty() || (path.contains("://") && !u.starts_with("sqlite://")) {
        return Err(StoreError::BadUrl(url.to_string()));
    }
    sqlite::open_sqlite(path, opts)
}

pub use pg::{PgSession, PG_SCHEMA_VERSION};
pub use sqlite::SQLITE_SCHEMA_VERSION;
