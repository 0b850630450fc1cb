//! [`Backend`] over `vigie_store` stores: a small pool of connections, each
//! behind its own mutex, because a `Store` is one connection used by one
//! thread at a time while the server answers many requests at once.

use crate::backend::{Backend, IngestOutcome};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use vigie_model::{Document, Event};
use vigie_store::{
    EventQuery, EventSummary, IngestItem, Stats, Store, StoreError, StoredDocument, StoredEvent,
    Suggestion,
};

/// Codes one uploaded document: its events and the extraction version that
/// produced them (the binary passes `vigie_coder`; tests pass fixtures).
pub type Extractor = Arc<dyn Fn(&Document) -> (Vec<Event>, String) + Send + Sync>;

pub struct StoreBackend {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    extractor: Extractor,
}

impl StoreBackend {
    /// Uses already-open stores (at least one) as the pool.
    pub fn new(stores: Vec<Box<dyn Store>>, extractor: Extractor) -> Result<Self, StoreError> {
        if stores.is_empty() {
            return Err(StoreError::InvalidQuery("no store to serve".into()));
        }
        Ok(StoreBackend {
            stores: stores.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
            extractor,
        })
    }

    /// Opens `connections` connections to `url`. An in-memory SQLite
    /// database exists once per connection, so it gets exactly one.
    pub fn open(url: &str, connections: usize, extractor: Extractor) -> Result<Self, StoreError> {
        let n = if url.contains(":memory:") {
            1
        } else {
            connections.max(1)
        };
        let stores = (0..n)
            .map(|_| vigie_store::open(url))
            .collect::<Result<Vec<_>, _>>()?;
        StoreBackend::new(stores, extractor)
    }

    /// A free connection if there is one, else waits for the next in turn.
    fn store(&self) -> MutexGuard<'_, Box<dyn Store>> {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(g) = self.stores[(start + i) % n].try_lock() {
                return g;
            }
        }
        // A panic in another request cannot leave a transaction open (each
        // store call commits or rolls back), so a poisoned lock is usable.
        self.stores[start % n]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }
}

impl Backend for StoreBackend {
    fn query(&self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        self.store().query_events(q)
    }

    fn page(&self, q: &EventQuery) -> Result<(u64, Vec<StoredEvent>), StoreError> {
        self.store().query_page(q)
    }

    fn summaries(&self, q: &EventQuery) -> Result<Vec<EventSummary>, StoreError> {
        self.store().query_summaries(q)
    }

    fn count(&self, q: &EventQuery) -> Result<u64, StoreError> {
        self.store().count_events(q)
    }

    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        self.store().get_event(id)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        self.store().get_document(id)
    }

    fn stats(&self, q: &EventQuery) -> Result<Stats, StoreError> {
        self.store().stats(q)
    }

    fn places(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>, StoreError> {
        self.store().suggest_places(prefix, limit as u64)
    }

    fn actors(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>, StoreError> {
        self.store().suggest_actors(prefix, limit as u64)
    }

    fn ingest(&self, doc: Document) -> Result<IngestOutcome, StoreError> {
        let id = doc.id.clone();
        // Coding is pure and may be slow: do it before taking a connection.
        let (events, extraction_version) = (self.extractor)(&doc);
        let item = IngestItem {
            document: doc,
            events,
            extraction_version,
        };
        let mut store = self.store();
        let summary = store.ingest(std::slice::from_ref(&item))?;
        let event_ids = match store.get_document(&id)? {
            Some(d) => {
                let mut ids: Vec<String> = d.reports.into_iter().map(|r| r.event_id).collect();
                ids.sort();
                ids.dedup();
                ids
            }
            None => Vec::new(),
        };
        Ok(IngestOutcome {
            document_id: id,
            summary,
            event_ids,
        })
    }
}
