//! Document readers: every input format of `formats.md` becomes a
//! [`Document`]. Readers never panic and never stop a batch: each input that
//! cannot be read becomes a [`ReadError`] naming the file (and line), and the
//! other inputs are still read.
//!
//! Formats, chosen by extension and by content:
//! - plain text (`.txt`, no extension, or any other named file) with an
//!   optional ` date YYYY[-MM[-DD]]` header on its own line or inline;
//! - JSON Lines (`.jsonl`, `.ndjson`): one document per line;
//! - HTML article pages (`.html`, `.htm`, `.xhtml`, or sniffed);
//! - RSS 2.0 / RDF / Atom feeds (`.xml`, `.rss`, `.atom`, or sniffed under
//!   any name): one document per item;
//! - directories, walked recursively in sorted order; hidden entries and
//!   files with other extensions (`.tsv`, `.md`, `.json`...) are skipped, and
//!   so is a JSON Lines file none of whose records has a `text` key
//!   (annotation files kept next to the articles) and an `.xml` file that is
//!   not a feed (sitemaps, metadata);
//! - `-`: one plain-text document from standard input, id `stdin`.
//!
//! A date that is written but does not exist (`2023-02-30`, in a header,
//! a JSONL `published`, page metadata or a feed item) is an error for that
//! document: a wrong date would silently misplace every event of the report,
//! so the report is refused with a diagnostic rather than kept undated.
//!
//! Ids follow `formats.md`: the file stem, the JSONL `id`, the feed item's
//! guid (else its link). An id already given earlier in the same batch gets
//! a `-2`, `-3`... suffix, so ids are unique and, for the same inputs,
//! stable.

mod blocks;
mod dates;
mod depth;
mod feed;
mod html;
mod input;
mod jsonl;
mod plain;

pub use dates::{parse_date, DateParse};
pub use plain::plain_text;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use vigie_model::Document;

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

/// Why one input (a file, one line of a JSON Lines file, one feed item)
/// was not read.
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

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    PlainText,
    JsonLines,
    Html,
    Feed,
}

/// Reads every input in `paths` (files, directories walked recursively in a
/// deterministic order, `-` for stdin) and calls `sink` once per document or
/// error, in input order.
pub fn read_inputs<F>(paths: &[PathBuf], opts: &ReadOptions, mut sink: F)
where
    F: FnMut(Result<Document, ReadError>),
{
    let mut ids = IdSet::default();
    let mut visited = HashSet::new();
    let mut emit = |r: Result<Document, ReadError>| sink(r.map(|d| ids.unique(d)));
    for p in paths {
        if p.as_os_str() == "-" {
            emit(read_stdin(opts));
        } else {
            read_path(p, opts, false, &mut visited, &mut emit);
        }
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

/// Reads one input already in memory. `path` names it: its extension picks
/// the format (the content can override it, see [`detect_format`]), its stem
/// is the id of a plain-text or HTML document and its display form is the
/// origin. Ids are not made unique across calls.
pub fn read_bytes(
    path: &Path,
    bytes: Vec<u8>,
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    read_file_bytes(path, bytes, opts, false, &mut |r| out.push(r));
    out
}

/// One plain-text document from standard input (id `stdin`).
pub fn read_stdin(opts: &ReadOptions) -> Result<Document, ReadError> {
    let err = |message: String| ReadError {
        origin: "-".into(),
        message,
    };
    let bytes = input::read_limited(std::io::stdin().lock(), opts.max_bytes).map_err(err)?;
    let text = input::to_text(bytes).map_err(|m| match m.as_str() {
        "empty file" => err("empty input".into()),
        _ => err(m),
    })?;
    plain::read_plain("stdin", &text, "-").map_err(err)
}

/// The format of a file from its name and, for ambiguous names, its
/// content. `None` for files a directory walk leaves alone (other
/// extensions).
pub fn detect_format(path: &Path, head: &str, in_walk: bool) -> Option<Format> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        // Other XML (sitemaps, metadata) in a directory is not a report.
        "xml" if in_walk && !feed::sniff_feed(head) => None,
        "xml" | "rss" | "atom" => Some(Format::Feed),
        "txt" | "text" | "" => Some(sniff(head).unwrap_or(Format::PlainText)),
        _ if in_walk => None,
        _ => Some(sniff(head).unwrap_or(Format::PlainText)),
    }
}

/// Whether a directory walk reads this file, judging by its extension.
fn walkable(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "" | "txt"
            | "text"
            | "jsonl"
            | "ndjson"
            | "html"
            | "htm"
            | "xhtml"
            | "xml"
            | "rss"
            | "atom"
    )
}

fn sniff(head: &str) -> Option<Format> {
    if feed::sniff_feed(head) {
        return Some(Format::Feed);
    }
    let t = head.trim_start_matches('\u{feff}').trim_start();
    let lower: String = t.chars().take(15).collect::<String>().to_ascii_lowercase();
    (lower.starts_with("<!doctype html") || lower.starts_with("<html")).then_some(Format::Html)
}

fn read_path<F: FnMut(Result<Document, ReadError>)>(
    p: &Path,
    opts: &ReadOptions,
    in_walk: bool,
    visited: &mut HashSet<PathBuf>,
    sink: &mut F,
) {
    let origin = p.display().to_string();
    let err = |message: String| ReadError {
        origin: origin.clone(),
        message,
    };
    if p.is_dir() {
        // A symbolic link back up the tree must not loop forever.
        if let Ok(canon) = p.canonicalize() {
            if !visited.insert(canon) {
                return;
            }
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return sink(Err(err(e.to_string()))),
        };
        entries.sort();
        for e in entries {
            let hidden = e
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                read_path(&e, opts, true, visited, sink);
            }
        }
        return;
    }
    if in_walk && !walkable(p) {
        return;
    }
    match input::read_file(p, opts.max_bytes) {
        Ok(bytes) => read_file_bytes(p, bytes, opts, in_walk, sink),
        Err(m) => sink(Err(err(m))),
    }
}

fn read_file_bytes<F: FnMut(Result<Document, ReadError>)>(
    p: &Path,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    in_walk: bool,
    sink: &mut F,
) {
    let origin = p.display().to_string();
    let err = |message: String| ReadError {
        origin: origin.clone(),
        message,
    };
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| origin.clone());
    if bytes.len() as u64 > opts.max_bytes {
        return sink(Err(err(format!(
            "input is over the size limit of {} bytes (--max-bytes)",
            opts.max_bytes
        ))));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).into_owned();
    let Some(format) = detect_format(p, &head, in_walk) else {
        return;
    };
    if format == Format::JsonLines {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return sink(Err(err("empty file".into())));
        }
        match jsonl::read_jsonl(&bytes, &origin) {
            Some(lines) => {
                for r in lines {
                    sink(r.map_err(|(n, message)| ReadError {
                        origin: format!("{origin}:{n}"),
                        message,
                    }));
                }
            }
            None if in_walk => {}
            None => sink(Err(err(
                "JSON Lines file without any `text` field: not documents".into(),
            ))),
        }
        return;
    }
    let text = match input::to_text(bytes) {
        Ok(t) => t,
        Err(m) => return sink(Err(err(m))),
    };
    match format {
        Format::PlainText => sink(plain::read_plain(&stem, &text, &origin).map_err(err)),
        Format::Html => sink(
            depth::check(&text)
                .and_then(|()| html::read_html(&stem, &text, &origin))
                .map_err(err),
        ),
        Format::Feed => {
            match depth::check(&text).and_then(|()| feed::read_feed(&text, &stem, &origin)) {
                Ok(items) => {
                    for r in items {
                        sink(r.map_err(|(origin, message)| ReadError { origin, message }));
                    }
                }
                Err(m) => sink(Err(err(m))),
            }
        }
        Format::JsonLines => {}
    }
}

/// Ids given so far in a batch.
#[derive(Default)]
struct IdSet(HashSet<String>);

impl IdSet {
    fn unique(&mut self, mut d: Document) -> Document {
        if !self.0.contains(&d.id) {
            self.0.insert(d.id.clone());
            return d;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{}-{n}", d.id);
            if self.0.insert(candidate.clone()) {
                d.id = candidate;
                return d;
            }
            n += 1;
        }
    }
}
