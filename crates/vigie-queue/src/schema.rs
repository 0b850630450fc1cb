//! The queue's own tables, next to the store's and versioned apart from
//! them (`queue_migrations`), so the store can migrate without the queue.

use crate::{QueueError, Result};
use postgres::Client;

/// Latest queue schema version this vigie knows.
pub const QUEUE_SCHEMA_VERSION: i64 = 1;

/// Serialises concurrent migrations (workers starting together).
const MIGRATE_LOCK: i64 = 7_426_518;

const V1: &str = r#"
CREATE TABLE queue_items (
    id BIGSERIAL PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    origin TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'leased', 'done', 'failed')),
    attempts INT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at TIMESTAMPTZ,
    done_by TEXT,
    outcome TEXT,
    fail_reason TEXT,
    fail_detail TEXT,
    UNIQUE (doc_id, content_hash)
);
CREATE INDEX queue_items_open ON queue_items (id) WHERE state IN ('pending', 'leased');
CREATE INDEX queue_items_done_at ON queue_items (done_at) WHERE state = 'done';
CREATE INDEX queue_items_failed ON queue_items (fail_reason) WHERE state = 'failed';

CREATE TABLE queue_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_polled_at TIMESTAMPTZ,
    last_ok_at TIMESTAMPTZ,
    last_new_at TIMESTAMPTZ,
    next_poll_at TIMESTAMPTZ,
    consecutive_errors INT NOT NULL DEFAULT 0,
    last_status INT,
    last_error TEXT,
    items_enqueued BIGINT NOT NULL DEFAULT 0
);

-- De-duplication keys of feed items: 'guid:...', 'url:...', 'hash:...'.
CREATE TABLE queue_seen (
    key TEXT PRIMARY KEY,
    feed_url TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"#;

const MIGRATIONS: &[(i64, &str)] = &[(1, V1)];

/// Creates or upgrades the queue tables; idempotent and safe to run from
/// many processes at once.
pub fn ensure_schema(c: &mut Client) -> Result<()> {
    let mut tx = c.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS queue_migrations (version BIGINT PRIMARY KEY, \
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let cur: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0)::BIGINT FROM queue_migrations",
            &[],
        )?
        .get(0);
    if cur > QUEUE_SCHEMA_VERSION {
        return Err(QueueError::NewerSchema {
            found: cur,
            supported: QUEUE_SCHEMA_VERSION,
        });
    }
    for (v, sql) in MIGRATIONS {
        if *v > cur {
            tx.batch_execute(sql)?;
            tx.execute("INSERT INTO queue_migrations (version) VALUES ($1)", &[v])?;
        }
    }
    tx.commit()?;
    Ok(())
}
