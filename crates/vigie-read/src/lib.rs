//! Document readers: every input format of `formats.md` becomes a
//! [`Document`]. Readers never panic and never stop a batch: each input that
//! cannot be read becomes a [`ReadError`] naming the file (and line).

use std::fmt;
use std::path::{Path, PathBuf};
use vigie_model::{DateInterval, Document};

/// Options shared by all readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files larger than this are refused (default 20 MB).
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Why one input (a file, or one line of a JSON Lines file) was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// `path` or `path:line`.
    pub origin: String,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for ReadError {}

/// Reads every input in `paths` (files, directories walked recursively in a
/// deterministic order, `-` for stdin) and calls `sink` once per document or
/// error, in input order.
pub fn read_inputs<F>(paths: &[PathBuf], opts: &ReadOptions, mut sink: F)
where
    F: FnMut(Result<Document, ReadError>),
{
    for p in paths {
        read_path(p, opts, &mut sink);
    }
}

/// Reads all inputs into memory: the documents and the errors.
pub fn read_all(paths: &[PathBuf], opts: &ReadOptions) -> (Vec<Document>, Vec<ReadError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    read_inputs(paths, opts, |r| match r {
        Ok(d) => docs.push(d),
        Err(e) => errs.push(e),
    });
    (docs, errs)
}

fn read_path<F: FnMut(Result<Document, ReadError>)>(p: &Path, opts: &ReadOptions, sink: &mut F) {
    let origin = p.display().to_string();
    let err = |m: String| ReadError {
        origin: origin.clone(),
        message: m,
    };
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return sink(Err(err(e.to_string()))),
        };
        entries.sort();
        for e in entries {
            read_path(&e, opts, sink);
        }
        return;
    }
    match std::fs::read(p) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => {
                let id = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                sink(Ok(plain_text(&id, &s, &origin)))
            }
            Err(_) => sink(Err(err("not valid UTF-8".into()))),
        },
        Err(e) => sink(Err(err(e.to_string()))),
    }
}

/// A plain-text document with an optional ` date YYYY[-MM[-DD]]` header,
/// on its own line or inline before the text.
pub fn plain_text(id: &str, raw: &str, origin: &str) -> Document {
    let mut doc = Document::new(id, raw.trim());
    doc.origin = origin.to_string();
    let t = raw.trim_start();
    if let Some(rest) = t.strip_prefix("date") {
        if rest.starts_with(char::is_whitespace) {
            let rest = rest.trim_start();
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if let Some(d) = DateInterval::parse(&rest[..end]) {
                doc.published = Some(d);
                doc.text = rest[end..].trim().to_string();
            }
        }
    }
    doc
}
