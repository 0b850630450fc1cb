//! The feed watcher: polls RSS/Atom feeds with conditional requests,
//! fetches article pages when a feed carries only summaries, skips items
//! already seen (by guid, URL or content hash) and enqueues the rest.
//!
//! Per-feed state (validators, schedule, errors) lives in `queue_feeds`, so
//! a restarted watcher carries on, and claiming a due feed is one atomic
//! UPDATE, so several watchers can share a feed list without polling a feed
//! twice.

use crate::http::{Fetch, Http};
use crate::queue::{content_hash, insert_docs};
use crate::{Queue, QueueError, Result};
use feed_rs::model::Entry;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;
use vigie_model::Document;

/// Watcher settings.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Time between two polls of a feed that answered.
    pub interval: Duration,
    /// Longest delay after repeated errors.
    pub max_backoff: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Larger feeds or pages are refused.
    pub max_bytes: u64,
    /// An item without a content element whose description is shorter than
    /// this (characters) is a summary: its article page is fetched.
    pub summary_max_chars: usize,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            interval: Duration::from_secs(15 * 60),
            max_backoff: Duration::from_secs(6 * 3600),
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            summary_max_chars: 500,
        }
    }
}

/// What one poll of one feed did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PollOutcome {
    /// Polled recently, in back-off, or taken by another watcher.
    NotDue,
    /// The server answered 304 to the conditional request.
    NotModified,
    Fetched {
        items: usize,
        /// Items enqueued.
        new: usize,
        /// Article pages fetched.
        pages: usize,
        /// Items that could not be read.
        unreadable: usize,
        /// Items left for the next poll (a page fetch was refused for now).
        deferred: usize,
    },
    Failed {
        status: Option<u16>,
        message: String,
        retry_in_secs: u64,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct PollReport {
    pub url: String,
    #[serde(flatten)]
    pub outcome: PollOutcome,
}

/// Feed URLs from a file: one per line; blank lines and `#` comments are
/// skipped; anything after the URL on its line is ignored (a label).
pub fn read_feeds_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let url = l.split_whitespace().next().unwrap_or_default();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(QueueError::FeedsFile {
                path: path.display().to_string(),
                line: i + 1,
                message: format!("not an http(s) URL: {url:?}"),
            });
        }
        if !out.iter().any(|u| u == url) {
            out.push(url.to_string());
        }
    }
    Ok(out)
}

pub struct Watcher {
    http: Http,
    opts: WatchOptions,
}

/// What the feed says about one item, beside the document vigie_read makes.
struct ItemInfo {
    guid: Option<String>,
    link: Option<String>,
    summary_only: bool,
}

enum ItemResult {
    Enqueued {
        page: bool,
    },
    Seen,
    Unreadable,
    /// A page fetch must wait (429, 5xx, network): stop this poll here.
    Defer {
        status: Option<u16>,
        retry_after: Option<Duration>,
        page: bool,
    },
}

impl Watcher {
    pub fn new(opts: WatchOptions) -> Watcher {
        Watcher {
            http: Http::new(opts.timeout, opts.max_bytes),
            opts,
        }
    }

    /// Polls every feed that is due.
    pub fn poll_due(&self, q: &mut Queue, feeds: &[String]) -> Result<Vec<PollReport>> {
        let mut out = Vec::with_capacity(feeds.len());
        for url in feeds {
            let outcome = self.poll_feed(q, url)?;
            match &outcome {
                PollOutcome::NotDue => {}
                PollOutcome::Failed { .. } => {
                    tracing::warn!(feed = %url, outcome = ?outcome, "feed poll failed")
                }
                o => tracing::info!(feed = %url, outcome = ?o, "feed polled"),
            }
            out.push(PollReport {
                url: url.clone(),
                outcome,
            });
        }
        Ok(out)
    }

    /// Time until the first of `feeds` is due (zero if one is).
    pub fn next_due_in(&self, q: &mut Queue, feeds: &[String]) -> Result<Duration> {
        let r = q.client().query_one(
            "SELECT min(CASE WHEN f.next_poll_at IS NULL THEN 0 \
               ELSE greatest(extract(epoch FROM f.next_poll_at - now()), 0) END)::FLOAT8, \
               count(f.url) < cardinality($1::TEXT[]) \
             FROM queue_feeds f WHERE f.url = ANY($1)",
            &[&feeds],
        )?;
        let unknown: bool = r.get(1);
        let secs: Option<f64> = r.get(0);
        Ok(if unknown {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(secs.unwrap_or(0.0).max(0.0))
        })
    }

    /// Polls one feed if it is due.
    pub fn poll_feed(&self, q: &mut Queue, url: &str) -> Result<PollOutcome> {
        let c = q.client();
        c.execute(
            "INSERT INTO queue_feeds (url) VALUES ($1) ON CONFLICT (url) DO NOTHING",
            &[&url],
        )?;
        // Claiming pushes next_poll_at forward at once: a second watcher on
        // the same list sees the feed as not due.
        let Some(row) = c.query_opt(
            "UPDATE queue_feeds SET next_poll_at = now() + $2::FLOAT8 * interval '1 second', \
                 last_polled_at = now() \
                 WHERE url = $1 AND (next_poll_at IS NULL OR next_poll_at <= now()) \
                 RETURNING etag, last_modified, consecutive_errors",
            &[&url, &self.opts.timeout.as_secs_f64().max(60.0)],
        )?
        else {
            return Ok(PollOutcome::NotDue);
        };
        let etag: Option<String> = row.get(0);
        let last_modified: Option<String> = row.get(1);
        let errors: i32 = row.get(2);
        match self
            .http
            .get(url, etag.as_deref(), last_modified.as_deref())
        {
            Fetch::NotModified => {
                self.record_ok(q, url, 304, None, None)?;
                Ok(PollOutcome::NotModified)
            }
            Fetch::Ok {
                body,
                etag: new_etag,
                last_modified: new_lm,
            } => match self.process(q, url, body) {
                Ok((o, None)) => {
                    self.record_ok(q, url, 200, new_etag.as_deref(), new_lm.as_deref())?;
                    Ok(o)
                }
                Ok((o, Some((status, retry_after)))) => {
                    // Keep the old validators: the next poll must get the
                    // whole feed again to reach the deferred items.
                    let msg = "article page fetch refused; rest of the feed deferred";
                    self.record_error(q, url, errors, status, msg, retry_after)?;
                    Ok(o)
                }
                Err(FeedError::Db(e)) => Err(e),
                Err(FeedError::Feed(m)) => {
                    let d = self.record_error(q, url, errors, Some(200), &m, None)?;
                    Ok(PollOutcome::Failed {
                        status: Some(200),
                        message: m,
                        retry_in_secs: d.as_secs(),
                    })
                }
            },
            Fetch::Status { code, retry_after } => {
                let m = format!("HTTP {code}");
                let d = self.record_error(q, url, errors, Some(code), &m, retry_after)?;
                Ok(PollOutcome::Failed {
                    status: Some(code),
                    message: m,
                    retry_in_secs: d.as_secs(),
                })
            }
            Fetch::Transport(m) => {
                let d = self.record_error(q, url, errors, None, &m, None)?;
                Ok(PollOutcome::Failed {
                    status: None,
                    message: m,
                    retry_in_secs: d.as_secs(),
                })
            }
        }
    }

    fn record_ok(
        &self,
        q: &mut Queue,
        url: &str,
        status: i32,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        q.client().execute(
            "UPDATE queue_feeds SET last_ok_at = now(), last_status = $2, last_error = NULL, \
             consecutive_errors = 0, next_poll_at = now() + $3::FLOAT8 * interval '1 second', \
             etag = CASE WHEN $2 = 200 THEN $4 ELSE etag END, \
             last_modified = CASE WHEN $2 = 200 THEN $5 ELSE last_modified END \
             WHERE url = $1",
            &[
                &url,
                &status,
                &self.opts.interval.as_secs_f64(),
                &etag,
                &last_modified,
            ],
        )?;
        Ok(())
    }

    /// Records an error and schedules the next poll: the interval doubled
    /// for each consecutive error (capped), and never before `Retry-After`.
    fn record_error(
        &self,
        q: &mut Queue,
        url: &str,
        errors_before: i32,
        status: Option<u16>,
        message: &str,
        retry_after: Option<Duration>,
    ) -> Result<Duration> {
        let n = (errors_before.max(0) as u32).min(20);
        let backoff = self
            .opts
            .interval
            .saturating_mul(1u32 << n.min(16))
            .min(self.opts.max_backoff);
        let delay = backoff.max(retry_after.unwrap_or(Duration::ZERO));
        q.client().execute(
            "UPDATE queue_feeds SET consecutive_errors = consecutive_errors + 1, \
             last_status = $2, last_error = $3, \
             next_poll_at = now() + $4::FLOAT8 * interval '1 second' WHERE url = $1",
            &[&url, &status.map(i32::from), &message, &delay.as_secs_f64()],
        )?;
        Ok(delay)
    }

    /// Reads a fetched feed and enqueues its new items. The second value is
    /// set when the poll stopped early (status and Retry-After of the page
    /// that refused).
    #[allow(clippy::type_complexity)]
    fn process(
        &self,
        q: &mut Queue,
        url: &str,
        body: Vec<u8>,
    ) -> std::result::Result<(PollOutcome, Option<(Option<u16>, Option<Duration>)>), FeedError>
    {
        let infos = entry_infos(&body, self.opts.summary_max_chars).map_err(FeedError::Feed)?;
        let docs = vigie_read::read_bytes(
            Path::new("feed.xml"),
            body,
            &vigie_read::ReadOptions::default(),
        );
        if docs.len() != infos.len() {
            return Err(FeedError::Feed(format!(
                "not a readable feed ({} items parsed, {} read)",
                infos.len(),
                docs.len()
            )));
        }
        let (mut new, mut pages, mut unreadable, mut deferred) = (0, 0, 0, 0);
        let mut stop = None;
        let n = infos.len();
        for (i, (info, doc)) in infos.into_iter().zip(docs).enumerate() {
            match self.item(q, url, info, doc).map_err(FeedError::Db)? {
                ItemResult::Enqueued { page } => {
                    new += 1;
                    pages += usize::from(page);
                }
                ItemResult::Seen => {}
                ItemResult::Unreadable => unreadable += 1,
                ItemResult::Defer {
                    status,
                    retry_after,
                    page,
                } => {
                    pages += usize::from(page);
                    deferred = n - i;
                    stop = Some((status, retry_after));
                    break;
                }
            }
        }
        if new > 0 {
            q.client()
                .execute(
                    "UPDATE queue_feeds SET last_new_at = now(), \
                     items_enqueued = items_enqueued + $2 WHERE url = $1",
                    &[&url, &(new as i64)],
                )
                .map_err(|e| FeedError::Db(e.into()))?;
        }
        Ok((
            PollOutcome::Fetched {
                items: n,
                new,
                pages,
                unreadable,
                deferred,
            },
            stop,
        ))
    }

    fn item(
        &self,
        q: &mut Queue,
        feed: &str,
        info: ItemInfo,
        doc: std::result::Result<Document, vigie_read::ReadError>,
    ) -> Result<ItemResult> {
        let mut keys: Vec<String> = Vec::new();
        if let Some(g) = &info.guid {
            keys.push(format!("guid:{g}"));
        }
        if let Some(l) = &info.link {
            keys.push(format!("url:{l}"));
        }
        if seen_any(q, &keys)? {
            return Ok(ItemResult::Seen);
        }
        let mut page = false;
        let mut doc = match doc {
            Ok(d) => Some(d),
            Err(e) => {
                tracing::debug!(feed, error = %e, "feed item unreadable as is");
                None
            }
        };
        let link = info
            .link
            .clone()
            .filter(|l| l.starts_with("http://") || l.starts_with("https://"));
        if let (true, Some(link)) = (info.summary_only || doc.is_none(), link) {
            page = true;
            match self.http.get(&link, None, None) {
                Fetch::Ok { body, .. } => match page_document(&link, body, doc.as_ref()) {
                    Some(d) => doc = Some(d),
                    None => {
                        tracing::warn!(feed, page = %link, "article page unreadable; keeping the feed's summary")
                    }
                },
                Fetch::Status { code, retry_after } if code == 429 || code >= 500 => {
                    return Ok(ItemResult::Defer {
                        status: Some(code),
                        retry_after,
                        page,
                    });
                }
                Fetch::Transport(m) => {
                    tracing::warn!(feed, page = %link, error = %m, "article page fetch failed");
                    return Ok(ItemResult::Defer {
                        status: None,
                        retry_after: None,
                        page,
                    });
                }
                other => {
                    tracing::warn!(feed, page = %link, answer = ?other, "article page refused; keeping the feed's summary")
                }
            }
        }
        let Some(mut doc) = doc else {
            // Nothing to read now or later: remember it so it is not retried
            // on every poll.
            mark_seen(q, feed, &keys)?;
            return Ok(ItemResult::Unreadable);
        };
        doc.origin = feed.to_string();
        keys.push(format!("hash:{}", content_hash(&doc.text)));
        let mut tx = q.client().transaction()?;
        let known: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM queue_seen WHERE key = $1)",
                &[keys.last().expect("hash key pushed")],
            )?
            .get(0);
        if !known {
            insert_docs(&mut tx, std::slice::from_ref(&doc))?;
        }
        for k in &keys {
            tx.execute(
                "INSERT INTO queue_seen (key, feed_url) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                &[k, &feed],
            )?;
        }
        tx.commit()?;
        Ok(if known {
            ItemResult::Seen
        } else {
            ItemResult::Enqueued { page }
        })
    }
}

enum FeedError {
    Db(QueueError),
    Feed(String),
}

fn seen_any(q: &mut Queue, keys: &[String]) -> Result<bool> {
    if keys.is_empty() {
        return Ok(false);
    }
    Ok(q.client()
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM queue_seen WHERE key = ANY($1))",
            &[&keys],
        )?
        .get(0))
}

fn mark_seen(q: &mut Queue, feed: &str, keys: &[String]) -> Result<()> {
    for k in keys {
        q.client().execute(
            "INSERT INTO queue_seen (key, feed_url) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[k, &feed],
        )?;
    }
    Ok(())
}

/// The article page as a document carrying the feed item's identity; the
/// feed's metadata fills what the page lacks.
fn page_document(link: &str, body: Vec<u8>, item: Option<&Document>) -> Option<Document> {
    let mut d = vigie_read::read_bytes(
        Path::new("page.html"),
        body,
        &vigie_read::ReadOptions::default(),
    )
    .into_iter()
    .find_map(|r| r.ok())?;
    d.id = item
        .map(|i| i.id.clone())
        .unwrap_or_else(|| link.to_string());
    d.url = Some(link.to_string());
    if let Some(i) = item {
        d.title = d.title.or_else(|| i.title.clone());
        d.published = d.published.or(i.published);
        d.lang = d.lang.or(i.lang);
        d.source = i.source.clone().or(d.source);
    }
    Some(d)
}

/// Marks items without a guid (feed-rs would otherwise invent one).
const NO_ID: &str = "\u{0}vigie:no-id";

fn entry_infos(body: &[u8], summary_max: usize) -> std::result::Result<Vec<ItemInfo>, String> {
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| NO_ID.to_string())
        .sanitize_content(false)
        .build();
    let feed = parser
        .parse(body)
        .map_err(|e| format!("not a readable RSS/Atom feed: {e}"))?;
    Ok(feed.entries.iter().map(|e| info(e, summary_max)).collect())
}

fn info(e: &Entry, summary_max: usize) -> ItemInfo {
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let guid = Some(e.id.trim().to_string()).filter(|g| g != NO_ID && !g.is_empty());
    let has_content = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .is_some_and(|b| !b.trim().is_empty());
    let summary_chars = e
        .summary
        .as_ref()
        .map(|s| visible_chars(&s.content))
        .unwrap_or(0);
    ItemInfo {
        guid,
        link,
        summary_only: !has_content && summary_chars < summary_max,
    }
}

/// Characters outside markup, a run of spaces counting as one: roughly the
/// length a reader sees.
fn visible_chars(s: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    let mut space = true;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            _ if c.is_whitespace() => {
                if !space {
                    n += 1;
                }
                space = true;
            }
            _ => {
                n += 1;
                space = false;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_file() {
        let dir = std::env::temp_dir().join(format!("vigie-feeds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("feeds.txt");
        std::fs::write(
            &p,
            "# Sahel outlets\n\nhttps://a.example/rss  Agency A\nhttp://b.example/atom\nhttps://a.example/rss\n",
        )
        .unwrap();
        assert_eq!(
            read_feeds_file(&p).unwrap(),
            vec!["https://a.example/rss", "http://b.example/atom"]
        );
        std::fs::write(&p, "https://a.example/rss\nftp://x\n").unwrap();
        let e = read_feeds_file(&p).unwrap_err().to_string();
        assert!(e.contains(":2:"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn summary_detection() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>http://x/a</link><guid>g-a</guid><description>Short teaser.</description></item>
<item><title>B</title><link>http://x/b</link><description>Long body long body long body.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Full text.</p>]]></content:encoded></item>
</channel></rss>"#;
        let infos = entry_infos(rss, 500).unwrap();
        assert_eq!(infos.len(), 2);
        assert!(infos[0].summary_only);
        assert_eq!(infos[0].guid.as_deref(), Some("g-a"));
        assert!(!infos[1].summary_only);
        assert_eq!(infos[1].guid, None);
        assert_eq!(infos[1].link.as_deref(), Some("http://x/b"));
        assert_eq!(visible_chars("<p>ab  c</p>"), 4);
    }
}
