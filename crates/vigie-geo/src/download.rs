//! Fetching GeoNames country dumps (`ML.zip` holding `ML.txt`) and the
//! admin code tables from a base URL. `http://` is spoken directly (so tests
//! run against a local server); `https://` (GeoNames' own export) goes
//! through the system's `curl`.

use crate::error::GeoError;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// GeoNames' public export.
pub const DEFAULT_BASE_URL: &str = "https://download.geonames.org/export/dump/";

fn err(url: &str, msg: impl Into<String>) -> GeoError {
    GeoError::Download {
        url: url.to_string(),
        msg: msg.into(),
    }
}

/// GET `url`, following up to five redirects.
pub fn fetch(url: &str) -> Result<Vec<u8>, GeoError> {
    let mut url = url.to_string();
    for _ in 0..5 {
        if url.starts_with("https://") {
            return fetch_with_curl(&url);
        }
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| err(&url, "only http:// and https:// URLs are supported"))?;
        let (hostport, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let addr = if hostport.contains(':') {
            hostport.to_string()
        } else {
            format!("{hostport}:80")
        };
        let mut s = TcpStream::connect(&addr).map_err(|e| err(&url, e.to_string()))?;
        s.set_read_timeout(Some(Duration::from_secs(60))).ok();
        let host = hostport.split(':').next().unwrap_or(hostport);
        // One write: a server may answer after the first packet it reads.
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: vigie\r\nConnection: close\r\n\r\n"
        );
        s.write_all(req.as_bytes())
            .map_err(|e| err(&url, e.to_string()))?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf)
            .map_err(|e| err(&url, e.to_string()))?;
        let head_end = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| err(&url, "malformed HTTP response"))?;
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let body = buf[head_end + 4..].to_vec();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| err(&url, "no HTTP status"))?;
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        match status {
            200 => {
                let chunked =
                    header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
                return if chunked {
                    dechunk(&url, &body)
                } else {
                    Ok(body)
                };
            }
            301 | 302 | 303 | 307 | 308 => {
                let loc =
                    header("location").ok_or_else(|| err(&url, "redirect without Location"))?;
                url = if loc.starts_with("http") {
                    loc
                } else {
                    format!("http://{hostport}{loc}")
                };
            }
            s => return Err(err(&url, format!("HTTP status {s}"))),
        }
    }
    Err(err(&url, "too many redirects"))
}

fn dechunk(url: &str, mut b: &[u8]) -> Result<Vec<u8>, GeoError> {
    let mut out = Vec::new();
    loop {
        let nl = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| err(url, "bad chunk"))?;
        let size_s = String::from_utf8_lossy(&b[..nl]);
        let size = usize::from_str_radix(size_s.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| err(url, "bad chunk size"))?;
        b = &b[nl + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err(err(url, "truncated chunk"));
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

fn fetch_with_curl(url: &str) -> Result<Vec<u8>, GeoError> {
    let out = std::process::Command::new("curl")
        .args(["-fsSL", "--max-time", "600", url])
        .output()
        .map_err(|e| err(url, format!("https needs curl: {e}")))?;
    if !out.status.success() {
        return Err(err(
            url,
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(out.stdout)
}

/// The file `name` from a zip archive (stored or deflated entries).
pub fn unzip_entry(zip: &[u8], name: &str) -> Option<Vec<u8>> {
    let u16at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(zip.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let u32at = |i: usize| -> Option<usize> {
        Some(u32::from_le_bytes(zip.get(i..i + 4)?.try_into().ok()?) as usize)
    };
    // End of central directory: the last "PK\5\6".
    let eocd = (0..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))?;
    let count = u16at(eocd + 10)?;
    let mut p = u32at(eocd + 16)?;
    for _ in 0..count {
        if !zip.get(p..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let method = u16at(p + 10)?;
        let csize = u32at(p + 20)?;
        let nlen = u16at(p + 28)?;
        let elen = u16at(p + 30)?;
        let clen = u16at(p + 32)?;
        let local = u32at(p + 42)?;
        let fname = zip.get(p + 46..p + 46 + nlen)?;
        if fname == name.as_bytes() {
            let lnlen = u16at(local + 26)?;
            let lelen = u16at(local + 28)?;
            let start = local + 30 + lnlen + lelen;
            let data = zip.get(start..start + csize)?;
            return match method {
                0 => Some(data.to_vec()),
                8 => {
                    let mut out = Vec::new();
                    flate2::read::DeflateDecoder::new(data)
                        .read_to_end(&mut out)
                        .ok()?;
                    Some(out)
                }
                _ => None,
            };
        }
        p += 46 + nlen + elen + clen;
    }
    None
}

/// Downloads the dumps of `countries` (ISO2 codes) and the admin code
/// tables from `base_url` into `dir`; returns the files written, ready for
/// [`crate::import`].
pub fn download(
    countries: &[String],
    base_url: &str,
    dir: &Path,
) -> Result<Vec<PathBuf>, GeoError> {
    std::fs::create_dir_all(dir).map_err(|e| GeoError::io(dir, e))?;
    let base = if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    };
    let mut files = Vec::new();
    for cc in countries {
        let cc = cc.trim().to_ascii_uppercase();
        if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(&base, format!("not a country code: {cc:?}")));
        }
        let url = format!("{base}{cc}.zip");
        let zip = fetch(&url)?;
        let txt = unzip_entry(&zip, &format!("{cc}.txt"))
            .ok_or_else(|| err(&url, format!("no {cc}.txt in the archive")))?;
        let p = dir.join(format!("{cc}.txt"));
        std::fs::write(&p, txt).map_err(|e| GeoError::io(&p, e))?;
        files.push(p);
    }
    for name in ["admin1CodesASCII.txt", "admin2Codes.txt"] {
        let url = format!("{base}{name}");
        let body = fetch(&url)?;
        let p = dir.join(name);
        std::fs::write(&p, body).map_err(|e| GeoError::io(&p, e))?;
        files.push(p);
    }
    Ok(files)
}
