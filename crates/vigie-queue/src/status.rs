//! What `vigie status` shows: queue depth, throughput, failures, feeds.

use crate::{Queue, Result};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Serialize)]
pub struct FailureCount {
    pub reason: String,
    pub count: i64,
    /// One example detail, to tell what went wrong without a query.
    pub example: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedStatus {
    pub url: String,
    /// Seconds since the last successful fetch (200 or 304).
    pub last_ok_secs_ago: Option<i64>,
    /// Seconds since an item of this feed was last enqueued.
    pub last_new_secs_ago: Option<i64>,
    /// Seconds until the next poll (negative: overdue).
    pub next_poll_in_secs: Option<i64>,
    pub consecutive_errors: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub items_enqueued: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub pending: i64,
    /// Leased and within their lease (being processed).
    pub leased: i64,
    /// Leased, lease expired (a worker died; another will take them).
    pub expired: i64,
    pub done: i64,
    pub failed: i64,
    /// Age of the oldest pending item, seconds.
    pub oldest_pending_secs: Option<i64>,
    pub done_last_minute: i64,
    pub done_last_hour: i64,
    /// Documents per second over the last five minutes.
    pub docs_per_sec_5min: f64,
    /// Workers holding leases now, with how many items each.
    pub workers: Vec<(String, i64)>,
    pub failures: Vec<FailureCount>,
    pub feeds: Vec<FeedStatus>,
}

impl Queue {
    pub fn status(&mut self) -> Result<Status> {
        let c = self.client();
        let r = c.query_one(
            "SELECT count(*) FILTER (WHERE state = 'pending'), \
               count(*) FILTER (WHERE state = 'leased' AND lease_until >= now()), \
               count(*) FILTER (WHERE state = 'leased' AND lease_until < now()), \
               count(*) FILTER (WHERE state = 'done'), \
               count(*) FILTER (WHERE state = 'failed'), \
               extract(epoch FROM now() - min(enqueued_at) FILTER (WHERE state = 'pending'))::BIGINT, \
               count(*) FILTER (WHERE state = 'done' AND done_at > now() - interval '1 minute'), \
               count(*) FILTER (WHERE state = 'done' AND done_at > now() - interval '1 hour'), \
               count(*) FILTER (WHERE state = 'done' AND done_at > now() - interval '5 minutes') \
             FROM queue_items",
            &[],
        )?;
        let done_5: i64 = r.get(8);
        let workers = c
            .query(
                "SELECT lease_owner, count(*) FROM queue_items \
                 WHERE state = 'leased' AND lease_until >= now() GROUP BY 1 ORDER BY 1",
                &[],
            )?
            .into_iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1)))
            .collect();
        let failures = c
            .query(
                "SELECT coalesce(fail_reason, 'unknown'), count(*), min(fail_detail) \
                 FROM queue_items WHERE state = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1",
                &[],
            )?
            .into_iter()
            .map(|r| FailureCount {
                reason: r.get(0),
                count: r.get(1),
                example: r.get(2),
            })
            .collect();
        let secs = |col: &str| format!("extract(epoch FROM now() - {col})::BIGINT");
        let feeds = c
            .query(
                &format!(
                    "SELECT url, {}, {}, -{}, consecutive_errors, last_status, last_error, \
                     items_enqueued FROM queue_feeds ORDER BY url",
                    secs("last_ok_at"),
                    secs("last_new_at"),
                    secs("next_poll_at")
                ),
                &[],
            )?
            .into_iter()
            .map(|r| FeedStatus {
                url: r.get(0),
                last_ok_secs_ago: r.get(1),
                last_new_secs_ago: r.get(2),
                next_poll_in_secs: r.get(3),
                consecutive_errors: r.get(4),
                last_status: r.get(5),
                last_error: r.get(6),
                items_enqueued: r.get(7),
            })
            .collect();
        Ok(Status {
            pending: r.get(0),
            leased: r.get(1),
            expired: r.get(2),
            done: r.get(3),
            failed: r.get(4),
            oldest_pending_secs: r.get(5),
            done_last_minute: r.get(6),
            done_last_hour: r.get(7),
            docs_per_sec_5min: done_5 as f64 / 300.0,
            workers,
            failures,
            feeds,
        })
    }
}

fn ago(s: Option<i64>) -> String {
    match s {
        None => "never".into(),
        Some(s) => format!("{} ago", human(s)),
    }
}

fn human(s: i64) -> String {
    let a = s.abs();
    if a < 120 {
        format!("{s}s")
    } else if a < 7200 {
        format!("{}m", s / 60)
    } else if a < 172_800 {
        format!("{}h", s / 3600)
    } else {
        format!("{}d", s / 86400)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "queue: {} pending, {} in progress, {} with expired lease, {} done, {} failed",
            self.pending, self.leased, self.expired, self.done, self.failed
        )?;
        if let Some(s) = self.oldest_pending_secs {
            writeln!(f, "oldest pending: {}", ago(Some(s)))?;
        }
        writeln!(
            f,
            "throughput: {} done in the last minute, {} in the last hour ({:.2} documents/s over 5 min)",
            self.done_last_minute, self.done_last_hour, self.docs_per_sec_5min
        )?;
        if !self.workers.is_empty() {
            writeln!(f, "workers holding leases:")?;
            for (w, n) in &self.workers {
                writeln!(f, "  {w}: {n} documents")?;
            }
        }
        if !self.failures.is_empty() {
            writeln!(f, "failures by reason (vigie retry --reason REASON):")?;
            for x in &self.failures {
                write!(f, "  {}: {}", x.reason, x.count)?;
                if let Some(e) = &x.example {
                    let e: String = e.chars().take(100).collect();
                    write!(f, "  e.g. {e}")?;
                }
                writeln!(f)?;
            }
        }
        if !self.feeds.is_empty() {
            writeln!(f, "feeds:")?;
            for x in &self.feeds {
                write!(
                    f,
                    "  {}: last fetched {}, last new item {}, {} items enqueued",
                    x.url,
                    ago(x.last_ok_secs_ago),
                    ago(x.last_new_secs_ago),
                    x.items_enqueued
                )?;
                if let Some(n) = x.next_poll_in_secs {
                    if n > 0 {
                        write!(f, ", next poll in {}", human(n))?;
                    } else {
                        write!(f, ", due")?;
                    }
                }
                if x.consecutive_errors > 0 {
                    write!(
                        f,
                        "; {} consecutive errors (last: {}{})",
                        x.consecutive_errors,
                        x.last_status
                            .map(|s| format!("HTTP {s} "))
                            .unwrap_or_default(),
                        x.last_error.as_deref().unwrap_or("")
                    )?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}
