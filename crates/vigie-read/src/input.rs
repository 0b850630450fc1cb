//! Raw bytes to text: size limit, binary data, encoding, emptiness.

use std::io::Read;
use std::path::Path;

/// Reads at most `max_bytes` from `path`; a larger file is refused before
/// it is read.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(io_message)?;
    if meta.len() > max_bytes {
        return Err(too_big(meta.len(), max_bytes));
    }
    let f = std::fs::File::open(path).map_err(io_message)?;
    read_limited(f, max_bytes)
}

/// Reads a stream up to `max_bytes` (a growing file or a pipe cannot get
/// past the limit either).
pub fn read_limited<R: Read>(r: R, max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    r.take(max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(io_message)?;
    if buf.len() as u64 > max_bytes {
        return Err(format!(
            "input is over the size limit of {max_bytes} bytes (--max-bytes)"
        ));
    }
    Ok(buf)
}

fn too_big(len: u64, max: u64) -> String {
    format!("file is {len} bytes, over the size limit of {max} bytes (--max-bytes)")
}

fn io_message(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Checks that `bytes` are text: no NUL byte, valid UTF-8 (a leading byte
/// order mark is dropped), not blank.
pub fn to_text(bytes: Vec<u8>) -> Result<String, String> {
    check_not_binary(&bytes)?;
    let mut s = String::from_utf8(bytes).map_err(|e| utf8_message(&e.utf8_error()))?;
    if s.starts_with('\u{feff}') {
        s.drain(..3);
    }
    if s.trim().is_empty() {
        return Err("empty file".into());
    }
    Ok(s)
}

pub fn check_not_binary(bytes: &[u8]) -> Result<(), String> {
    match bytes.iter().position(|&b| b == 0) {
        Some(i) => Err(format!("binary data (NUL byte at offset {i}), not text")),
        None => Ok(()),
    }
}

pub fn utf8_message(e: &std::str::Utf8Error) -> String {
    format!(
        "not valid UTF-8 (invalid byte at offset {})",
        e.valid_up_to()
    )
}
