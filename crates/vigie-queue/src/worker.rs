//! A worker: claim a batch under a lease, extract, store and mark done in
//! one transaction, repeat.

use crate::queue::content_hash;
use crate::{Queue, Result};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vigie_coder::{Coder, ExtractOptions, EXTRACTION_VERSION};
use vigie_model::{Document, Event};
use vigie_store::{DocStatus, IngestItem, IngestSummary};

/// The advisory lock every store step holds (see the crate docs for why
/// one lock per store). Taken as (MERGE_LOCK, hash of the schema): stores in
/// other schemas of the same database do not wait for each other.
pub const MERGE_LOCK: i32 = 7_426_519;

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Documents claimed at a time.
    pub batch: usize,
    /// How long a claim is valid; must exceed the time to process a batch,
    /// else another worker takes the batch over (it is still stored once).
    pub lease: Duration,
    /// Stop once nothing is pending or leased.
    pub exit_when_idle: bool,
    /// Sleep between polls of an empty queue.
    pub idle_poll: Duration,
    /// A document whose lease expired this many times (its workers died or
    /// hung on it) is failed with reason `lease_expired` instead of being
    /// handed to yet another worker.
    pub max_attempts: i32,
    /// Written in `lease_owner` / `done_by`; unique per process.
    pub worker_id: String,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            batch: 16,
            lease: Duration::from_secs(60),
            exit_when_idle: false,
            idle_poll: Duration::from_secs(1),
            max_attempts: 5,
            worker_id: default_worker_id(),
        }
    }
}

/// `host-pid`.
pub fn default_worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".into());
    format!("{host}-{}", std::process::id())
}

/// Totals over a worker's life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkerSummary {
    pub batches: u64,
    pub documents_done: u64,
    pub documents_failed: u64,
    /// Claimed items another worker took over before this one stored them.
    pub leases_lost: u64,
    pub store: StoreTotals,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoreTotals {
    pub documents_new: u64,
    pub documents_known: u64,
    pub documents_updated: u64,
    pub events_new: u64,
    pub events_merged: u64,
}

impl StoreTotals {
    fn add(&mut self, s: &IngestSummary) {
        self.documents_new += s.documents_new;
        self.documents_known += s.documents_known;
        self.documents_updated += s.documents_updated;
        self.events_new += s.events_new;
        self.events_merged += s.events_merged;
    }
}

/// One batch's outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub claimed: u64,
    pub done: u64,
    pub failed: u64,
    pub leases_lost: u64,
}

/// What one store transaction did.
#[derive(Default)]
struct StoreStep {
    sum: IngestSummary,
    /// Items another worker took over.
    lost: u64,
    done: u64,
    failed: u64,
}

impl StoreStep {
    fn add(&mut self, o: &StoreStep) {
        self.sum.add(&o.sum);
        self.lost += o.lost;
        self.done += o.done;
        self.failed += o.failed;
    }
}

/// A claimed queue item.
struct Claimed {
    id: i64,
    payload: String,
}

/// A claimed item after extraction.
enum Ready {
    Store(i64, IngestItem),
    Fail(i64, &'static str, String),
}

pub struct Worker {
    queue: Queue,
    coder: Arc<Coder>,
    opts: WorkerOptions,
    extract: ExtractOptions,
}

impl Worker {
    /// The coder is shared so that threads of one process can each run a
    /// worker without loading it again.
    pub fn new(queue: Queue, coder: Arc<Coder>, opts: WorkerOptions) -> Worker {
        Worker {
            queue,
            coder,
            opts,
            extract: ExtractOptions::default(),
        }
    }

    /// Processes batches until `stop` is set or, with `exit_when_idle`,
    /// until nothing is pending or leased. A database error ends the run
    /// (the leases of the current batch expire and another worker takes it).
    pub fn run(&mut self, stop: &AtomicBool) -> Result<WorkerSummary> {
        let mut sum = WorkerSummary::default();
        tracing::info!(worker = %self.opts.worker_id, batch = self.opts.batch,
            lease_ms = self.opts.lease.as_millis() as u64, "worker started");
        while !stop.load(Ordering::Relaxed) {
            let r = self.run_batch(&mut sum)?;
            if r.claimed > 0 {
                continue;
            }
            if self.opts.exit_when_idle && self.open_items()? == 0 {
                break;
            }
            std::thread::sleep(self.opts.idle_poll);
        }
        tracing::info!(worker = %self.opts.worker_id, batches = sum.batches,
            done = sum.documents_done, failed = sum.documents_failed,
            leases_lost = sum.leases_lost, "worker stopped");
        Ok(sum)
    }

    /// Items pending or leased (by anyone, expired or not).
    fn open_items(&mut self) -> Result<i64> {
        Ok(self
            .queue
            .client()
            .query_one(
                "SELECT count(*) FROM queue_items WHERE state IN ('pending', 'leased')",
                &[],
            )?
            .get(0))
    }

    /// Claims, processes and stores one batch.
    pub fn run_batch(&mut self, sum: &mut WorkerSummary) -> Result<BatchReport> {
        let t0 = Instant::now();
        self.fail_exhausted()?;
        let claimed = self.claim()?;
        let mut rep = BatchReport {
            claimed: claimed.len() as u64,
            ..Default::default()
        };
        if claimed.is_empty() {
            return Ok(rep);
        }
        let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
        tracing::debug!(worker = %self.opts.worker_id, n = ids.len(), first = ids[0], "claimed");
        let mut ready = Vec::with_capacity(claimed.len());
        let mut renewed = Instant::now();
        for c in claimed {
            // Renewing the lease as extraction goes keeps a slow batch from
            // being taken over while this worker is alive: the lease then
            // only has to outlast one document.
            if renewed.elapsed() > self.opts.lease / 3 {
                self.renew(&ids)?;
                renewed = Instant::now();
            }
            ready.push(self.prepare(c));
        }
        let t_extract = t0.elapsed();
        let step = match self.store(&ids, &ready) {
            Ok(v) => v,
            Err(e) if is_connection(&e) => return Err(e),
            Err(e) => {
                // One bad document must not block the others: store them
                // one by one, failing only those that fail alone.
                tracing::warn!(worker = %self.opts.worker_id, error = %e,
                    "batch store failed; storing its documents one at a time");
                let mut total = StoreStep::default();
                for r in &ready {
                    let id = match r {
                        Ready::Store(id, _) | Ready::Fail(id, _, _) => *id,
                    };
                    match self.store(&[id], std::slice::from_ref(r)) {
                        Ok(one) => total.add(&one),
                        Err(e) if is_connection(&e) => return Err(e),
                        Err(e) => {
                            if self.mark_failed(id, "store_error", &e.to_string())? {
                                total.failed += 1;
                            } else {
                                total.lost += 1;
                            }
                        }
                    }
                }
                total
            }
        };
        let (store, lost) = (step.sum, step.lost);
        rep.done = step.done;
        rep.failed = step.failed;
        rep.leases_lost = lost;
        sum.batches += 1;
        sum.documents_done += rep.done;
        sum.documents_failed += rep.failed;
        sum.leases_lost += lost;
        sum.store.add(&store);
        tracing::info!(worker = %self.opts.worker_id, claimed = rep.claimed, done = rep.done,
            failed = rep.failed, leases_lost = lost, new = store.documents_new,
            known = store.documents_known, events_new = store.events_new,
            events_merged = store.events_merged,
            extract_ms = t_extract.as_millis() as u64,
            total_ms = t0.elapsed().as_millis() as u64, "batch stored");
        Ok(rep)
    }

    /// Fails items whose lease expired `max_attempts` times: a document that
    /// kills or hangs every worker that takes it must stop circulating.
    fn fail_exhausted(&mut self) -> Result<()> {
        let n = self.queue.client().execute(
            "UPDATE queue_items SET state = 'failed', fail_reason = 'lease_expired', \
             fail_detail = 'lease expired ' || attempts || ' times (workers died or timed out on it)', \
             lease_owner = NULL, lease_until = NULL \
             WHERE state = 'leased' AND lease_until < now() AND attempts >= $1",
            &[&self.opts.max_attempts],
        )?;
        if n > 0 {
            tracing::warn!(worker = %self.opts.worker_id, n, "failed documents whose lease expired too often");
        }
        Ok(())
    }

    /// Takes up to `batch` pending items, or items whose lease expired, and
    /// leases them (committed at once: the lease, not an open transaction,
    /// is what protects them while extraction runs).
    fn claim(&mut self) -> Result<Vec<Claimed>> {
        let lease_ms = self.opts.lease.as_millis().min(i64::MAX as u128) as i64;
        let rows = self.queue.client().query(
            "WITH c AS (SELECT id FROM queue_items \
               WHERE state = 'pending' OR (state = 'leased' AND lease_until < now()) \
               ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) \
             UPDATE queue_items q SET state = 'leased', lease_owner = $2, \
               lease_until = now() + $3::FLOAT8 * interval '1 millisecond', attempts = q.attempts + 1 \
             FROM c WHERE q.id = c.id RETURNING q.id, q.document",
            &[
                &(self.opts.batch.max(1) as i64),
                &self.opts.worker_id,
                &(lease_ms as f64),
            ],
        )?;
        let mut out: Vec<Claimed> = rows
            .into_iter()
            .map(|r| Claimed {
                id: r.get(0),
                payload: r.get(1),
            })
            .collect();
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    fn renew(&mut self, ids: &[i64]) -> Result<()> {
        let lease_ms = self.opts.lease.as_millis().min(i64::MAX as u128) as f64;
        self.queue.client().execute(
            "UPDATE queue_items SET lease_until = now() + $3::FLOAT8 * interval '1 millisecond' \
             WHERE id = ANY($1) AND state = 'leased' AND lease_owner = $2",
            &[&ids, &self.opts.worker_id, &lease_ms],
        )?;
        Ok(())
    }

    /// Decodes and extracts one item (outside any transaction).
    fn prepare(&mut self, c: Claimed) -> Ready {
        let doc: Document = match serde_json::from_str(&c.payload) {
            Ok(d) => d,
            Err(e) => return Ready::Fail(c.id, "bad_payload", e.to_string()),
        };
        // A document already stored needs no extraction; the store step
        // re-checks under the lock.
        if let Ok(DocStatus::Known) = self.queue.session.document_status(&doc.id, &doc.text) {
            return Ready::Store(
                c.id,
                IngestItem {
                    document: doc,
                    events: vec![],
                    extraction_version: EXTRACTION_VERSION.to_string(),
                },
            );
        }
        match extract(&self.coder, &doc, &self.extract) {
            Ok(events) => Ready::Store(
                c.id,
                IngestItem {
                    document: doc,
                    events,
                    extraction_version: EXTRACTION_VERSION.to_string(),
                },
            ),
            Err(m) => Ready::Fail(c.id, "extract_panic", m),
        }
    }

    /// The store step: one transaction that re-checks the leases, takes the
    /// merge lock, stores, and marks done or failed.
    fn store(&mut self, ids: &[i64], ready: &[Ready]) -> Result<StoreStep> {
        let worker = self.opts.worker_id.clone();
        let s = &mut self.queue.session;
        s.client().batch_execute("BEGIN")?;
        let r = (|| -> Result<StoreStep> {
            // Rows locked in id order, as every worker does, so two workers
            // that both hold stale claims cannot deadlock.
            let ours: Vec<i64> = s
                .client()
                .query(
                    "SELECT id FROM queue_items WHERE id = ANY($1) AND state = 'leased' \
                     AND lease_owner = $2 ORDER BY id FOR UPDATE",
                    &[&ids, &worker],
                )?
                .into_iter()
                .map(|r| r.get(0))
                .collect();
            let lost = (ids.len() - ours.len()) as u64;
            if lost > 0 {
                tracing::warn!(worker = %worker, lost, "lease expired and taken over; skipping those documents");
            }
            s.client().execute(
                "SELECT pg_advisory_xact_lock($1::INT4, hashtext(current_schema()))",
                &[&MERGE_LOCK],
            )?;
            let mut items = Vec::new();
            let mut item_ids = Vec::new();
            let mut failed = 0;
            for r in ready {
                match r {
                    Ready::Store(id, item) if ours.contains(id) => {
                        item_ids.push(*id);
                        items.push(item.clone());
                    }
                    Ready::Fail(id, reason, detail) if ours.contains(id) => {
                        failed += 1;
                        s.client().execute(
                            "UPDATE queue_items SET state = 'failed', fail_reason = $2, \
                             fail_detail = $3, lease_owner = NULL, lease_until = NULL WHERE id = $1",
                            &[id, reason, detail],
                        )?;
                    }
                    _ => {}
                }
            }
            let outcomes = outcomes(s.client(), &items)?;
            let sum = s.ingest_in_tx(&items)?;
            // The text now lives in `documents`; a second copy in the queue
            // would double the database at feed scale.
            s.client().execute(
                "UPDATE queue_items q SET state = 'done', done_at = now(), done_by = $3, \
                 outcome = u.outcome, lease_owner = NULL, lease_until = NULL, document = '' \
                 FROM unnest($1::BIGINT[], $2::TEXT[]) AS u(id, outcome) WHERE q.id = u.id",
                &[&item_ids, &outcomes, &worker],
            )?;
            Ok(StoreStep {
                sum,
                lost,
                done: item_ids.len() as u64,
                failed,
            })
        })();
        match r {
            Ok(v) => {
                s.client().batch_execute("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = s.client().batch_execute("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Whether the item was still this worker's to fail.
    fn mark_failed(&mut self, id: i64, reason: &str, detail: &str) -> Result<bool> {
        let n = self.queue.client().execute(
            "UPDATE queue_items SET state = 'failed', fail_reason = $3, fail_detail = $4, \
             lease_owner = NULL, lease_until = NULL \
             WHERE id = $1 AND state = 'leased' AND lease_owner = $2",
            &[&id, &self.opts.worker_id, &reason, &detail],
        )?;
        Ok(n > 0)
    }
}

/// What the store will do with each document (`new`, `known`, `updated`),
/// as the store decides it (same id and text, or same text under another
/// id, is known), in one query for the batch. Run under the merge lock, so
/// no other worker's batch can change the answer before commit.
fn outcomes(c: &mut postgres::Client, items: &[IngestItem]) -> Result<Vec<String>> {
    let ids: Vec<&str> = items.iter().map(|i| i.document.id.as_str()).collect();
    let hashes: Vec<String> = items
        .iter()
        .map(|i| content_hash(&i.document.text))
        .collect();
    let mut by_id: HashMap<String, String> = HashMap::new();
    let mut known_hashes: HashSet<String> = HashSet::new();
    for r in c.query(
        "SELECT id, content_hash FROM documents WHERE id = ANY($1) OR content_hash = ANY($2)",
        &[&ids, &hashes],
    )? {
        let (id, h): (String, String) = (r.get(0), r.get(1));
        known_hashes.insert(h.clone());
        by_id.insert(id, h);
    }
    let mut out = Vec::with_capacity(items.len());
    for (item, h) in items.iter().zip(hashes) {
        let o = match by_id.get(&item.document.id) {
            Some(old) if *old == h => "known",
            Some(_) => "updated",
            None if known_hashes.contains(&h) => "known",
            None => "new",
        };
        // Later items of the batch see the earlier ones, as in the store.
        by_id.insert(item.document.id.clone(), h.clone());
        known_hashes.insert(h);
        out.push(o.to_string());
    }
    Ok(out)
}

/// A panic in the coder fails the document, not the worker.
fn extract(
    coder: &Coder,
    doc: &Document,
    opts: &ExtractOptions,
) -> std::result::Result<Vec<Event>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.extract(doc, opts))).map_err(
        |p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            format!("event extraction panicked: {msg}")
        },
    )
}

/// Errors after which the connection is unusable.
fn is_connection(e: &crate::QueueError) -> bool {
    match e {
        crate::QueueError::Db(p) => p.is_closed(),
        crate::QueueError::Store(vigie_store::StoreError::Connection(_)) => true,
        _ => false,
    }
}
