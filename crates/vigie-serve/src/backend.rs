//! What the HTTP layer needs from a store. Handlers only see this trait, so
//! the API can be served from any `vigie_store` backend (or a test double)
//! and every call runs on tokio's blocking pool, never on the async workers.

use vigie_model::Document;
use vigie_store::{
    EventQuery, EventSummary, IngestSummary, Stats, StoreError, StoredDocument, StoredEvent,
    Suggestion,
};

/// The read and write operations behind the API. Implementations must be
/// safe to call from several threads at once.
pub trait Backend: Send + Sync + 'static {
    /// Events matching `q`, sorted and paginated as it says.
    fn query(&self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError>;
    /// How many events match `q`, and its page of them.
    fn page(&self, q: &EventQuery) -> Result<(u64, Vec<StoredEvent>), StoreError> {
        Ok((self.count(q)?, self.query(q)?))
    }
    /// The map fields of the events matching `q`; by default read from
    /// [`Backend::query`], stores have a cheaper way.
    fn summaries(&self, q: &EventQuery) -> Result<Vec<EventSummary>, StoreError> {
        Ok(self.query(q)?.iter().map(EventSummary::of).collect())
    }
    /// How many events match `q` (ignoring limit and offset).
    fn count(&self, q: &EventQuery) -> Result<u64, StoreError>;
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;
    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError>;
    fn stats(&self, q: &EventQuery) -> Result<Stats, StoreError>;
    fn places(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>, StoreError>;
    fn actors(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>, StoreError>;
    /// Codes and stores one document; returns what changed.
    fn ingest(&self, doc: Document) -> Result<IngestOutcome, StoreError>;
}

/// The answer to a document upload.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IngestOutcome {
    pub document_id: String,
    pub summary: IngestSummary,
    /// Ids of the stored events the document reports.
    pub event_ids: Vec<String>,
}
