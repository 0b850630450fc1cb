//! A small blocking HTTP client for feeds and article pages: conditional
//! requests, a size limit, and `Retry-After`.

use std::io::Read;
use std::time::{Duration, SystemTime};

/// The result of one GET.
#[derive(Debug)]
pub(crate) enum Fetch {
    Ok {
        body: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    NotModified,
    /// An HTTP error status, with the server's `Retry-After` if any.
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    /// No HTTP answer (DNS, connection, timeout, TLS, too large).
    Transport(String),
}

pub(crate) struct Http {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Http {
    pub fn new(timeout: Duration, max_bytes: u64) -> Http {
        let agent = ureq::AgentBuilder::new()
            .timeout(timeout)
            .user_agent(concat!(
                "vigie/",
                env!("CARGO_PKG_VERSION"),
                " (feed watcher)"
            ))
            .build();
        Http { agent, max_bytes }
    }

    /// GET `url`, conditional on `etag` / `last_modified` when given.
    pub fn get(&self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Fetch {
        let mut req = self.agent.get(url);
        if let Some(e) = etag {
            req = req.set("If-None-Match", e);
        }
        if let Some(m) = last_modified {
            req = req.set("If-Modified-Since", m);
        }
        match req.call() {
            Ok(resp) if resp.status() == 304 => Fetch::NotModified,
            Ok(resp) if (200..300).contains(&resp.status()) => {
                let etag = resp.header("ETag").map(str::to_string);
                let last_modified = resp.header("Last-Modified").map(str::to_string);
                let mut body = Vec::new();
                let mut r = resp.into_reader().take(self.max_bytes + 1);
                if let Err(e) = r.read_to_end(&mut body) {
                    return Fetch::Transport(format!("reading the body: {e}"));
                }
                if body.len() as u64 > self.max_bytes {
                    return Fetch::Transport(format!("body larger than {} bytes", self.max_bytes));
                }
                Fetch::Ok {
                    body,
                    etag,
                    last_modified,
                }
            }
            Ok(resp) => Fetch::Status {
                code: resp.status(),
                retry_after: resp.header("Retry-After").and_then(retry_after),
            },
            Err(ureq::Error::Status(code, resp)) => Fetch::Status {
                code,
                retry_after: resp.header("Retry-After").and_then(retry_after),
            },
            Err(e) => Fetch::Transport(e.to_string()),
        }
    }
}

/// `Retry-After`: delay in seconds or an HTTP date.
pub(crate) fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = SystemTime::now() + Duration::from_secs(3600);
        let d = retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(d > Duration::from_secs(3500) && d <= Duration::from_secs(3600));
        assert_eq!(retry_after("soon"), None);
    }
}
