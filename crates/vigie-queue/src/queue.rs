//! The queue itself: connecting, adding documents, retrying failures.

use crate::{schema, QueueError, Result};
use postgres::{Client, GenericClient};
use sha2::{Digest, Sha256};
use std::time::Duration;
use vigie_model::Document;
use vigie_store::PgSession;

/// A connection to the queue (and to the store in the same database).
pub struct Queue {
    pub(crate) session: PgSession,
}

/// What one [`Queue::enqueue`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnqueueSummary {
    pub added: u64,
    /// Same id and same text already queued (whatever its state).
    pub already_queued: u64,
}

pub(crate) fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Queue {
    /// Connects, creating or migrating the store and queue tables.
    pub fn connect(url: &str) -> Result<Queue> {
        let u = url.trim();
        if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
            return Err(QueueError::NotPostgres(u.to_string()));
        }
        let mut session = PgSession::connect(u)?;
        schema::ensure_schema(session.client())?;
        Ok(Queue { session })
    }

    pub fn client(&mut self) -> &mut Client {
        self.session.client()
    }

    /// Adds documents in one transaction.
    pub fn enqueue(&mut self, docs: &[Document]) -> Result<EnqueueSummary> {
        enqueue_with(self.client(), docs)
    }

    /// Puts failed items back in the queue (those failed for `reason` only,
    /// when given); returns how many.
    pub fn retry(&mut self, reason: Option<&str>) -> Result<u64> {
        Ok(self.client().execute(
            "UPDATE queue_items SET state = 'pending', attempts = 0, fail_reason = NULL, \
             fail_detail = NULL, lease_owner = NULL, lease_until = NULL \
             WHERE state = 'failed' AND ($1::TEXT IS NULL OR fail_reason = $1)",
            &[&reason],
        )?)
    }
}

/// [`Queue::enqueue`] on a connection the caller already has (its schema
/// made with [`crate::ensure_schema`]). Runs in its own transaction.
pub fn enqueue_with(c: &mut Client, docs: &[Document]) -> Result<EnqueueSummary> {
    let mut tx = c.transaction()?;
    let sum = insert_docs(&mut tx, docs)?;
    tx.commit()?;
    Ok(sum)
}

/// Inserts into `queue_items` inside the caller's transaction.
pub(crate) fn insert_docs<C: GenericClient>(
    c: &mut C,
    docs: &[Document],
) -> Result<EnqueueSummary> {
    let st = c.prepare(
        "INSERT INTO queue_items (doc_id, content_hash, document, origin) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (doc_id, content_hash) DO NOTHING",
    )?;
    let mut sum = EnqueueSummary::default();
    for d in docs {
        let json = serde_json::to_string(d)?;
        let n = c.execute(&st, &[&d.id, &content_hash(&d.text), &json, &d.origin])?;
        if n == 0 {
            sum.already_queued += 1;
        } else {
            sum.added += 1;
        }
    }
    Ok(sum)
}

/// `500ms`, `90s`, `15m`, `2h`, `1d`, or combinations such as `1h30m`; a
/// bare number is seconds.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(n) = t.parse::<u64>() {
        return Ok(Duration::from_secs(n));
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("{s:?}: a number needs a unit (ms, s, m, h, d)"))?;
        if num_len == 0 {
            return Err(format!("{s:?} is not a duration (e.g. 90s, 15m, 1h30m)"));
        }
        let n: f64 = rest[..num_len]
            .parse()
            .map_err(|_| format!("{s:?} is not a duration"))?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let secs = match &rest[..unit_len] {
            "ms" => n / 1000.0,
            "s" | "sec" => n,
            "m" | "min" => n * 60.0,
            "h" => n * 3600.0,
            "d" => n * 86400.0,
            u => return Err(format!("{s:?}: unknown unit {u:?} (ms, s, m, h, d)")),
        };
        total += Duration::from_secs_f64(secs);
        rest = &rest[unit_len..];
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("").is_err());
    }
}
