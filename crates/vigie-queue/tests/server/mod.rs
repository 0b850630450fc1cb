//! A tiny HTTP/1.1 server on 127.0.0.1 for the watcher tests: serves fixed
//! resources, answers conditional requests with 304, and logs requests.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Resource {
    pub status: u16,
    pub body: String,
    pub content_type: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub retry_after: Option<String>,
}

impl Resource {
    pub fn ok(body: &str, content_type: &str) -> Resource {
        Resource {
            status: 200,
            body: body.into(),
            content_type: content_type.into(),
            ..Default::default()
        }
    }
    pub fn error(status: u16, retry_after: Option<&str>) -> Resource {
        Resource {
            status,
            body: "unavailable".into(),
            content_type: "text/plain".into(),
            retry_after: retry_after.map(str::to_string),
            ..Default::default()
        }
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub status: u16,
}

#[derive(Clone)]
pub struct Server {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Resource>>>,
    log: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    pub fn start() -> Server {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", l.local_addr().unwrap());
        let s = Server {
            base,
            routes: Arc::default(),
            log: Arc::default(),
        };
        let s2 = s.clone();
        std::thread::spawn(move || {
            for conn in l.incoming() {
                let Ok(conn) = conn else { continue };
                let s3 = s2.clone();
                std::thread::spawn(move || s3.serve(conn));
            }
        });
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn set(&self, path: &str, r: Resource) {
        self.routes.lock().unwrap().insert(path.into(), r);
    }

    pub fn hits(&self, path: &str) -> Vec<Hit> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    fn serve(&self, conn: std::net::TcpStream) {
        let mut r = BufReader::new(conn.try_clone().expect("clone stream"));
        let mut line = String::new();
        if r.read_line(&mut line).is_err() {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if r.read_line(&mut h).is_err() || h.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_lowercase(), v.trim().to_string());
            }
        }
        let res = self.routes.lock().unwrap().get(&path).cloned();
        let inm = headers.get("if-none-match").cloned();
        let ims = headers.get("if-modified-since").cloned();
        let (status, extra, body, ctype) = match res {
            None => (
                404,
                vec![],
                "not found".to_string(),
                "text/plain".to_string(),
            ),
            Some(res) => {
                let fresh = (res.etag.is_some() && inm == res.etag)
                    || (res.etag.is_none()
                        && res.last_modified.is_some()
                        && ims == res.last_modified);
                let mut extra = vec![];
                if let Some(e) = &res.etag {
                    extra.push(format!("ETag: {e}"));
                }
                if let Some(m) = &res.last_modified {
                    extra.push(format!("Last-Modified: {m}"));
                }
                if let Some(ra) = &res.retry_after {
                    extra.push(format!("Retry-After: {ra}"));
                }
                if fresh && res.status == 200 {
                    (304, extra, String::new(), res.content_type)
                } else {
                    (res.status, extra, res.body, res.content_type)
                }
            }
        };
        self.log.lock().unwrap().push(Hit {
            path,
            if_none_match: inm,
            if_modified_since: ims,
            status,
        });
        let mut out = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {ctype}; charset=utf-8\r\nConnection: close\r\n"
        );
        for e in extra {
            out.push_str(&e);
            out.push_str("\r\n");
        }
        if status != 304 {
            out.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        out.push_str("\r\n");
        out.push_str(&body);
        let mut w = conn;
        let _ = w.write_all(out.as_bytes());
        let _ = w.flush();
    }
}
