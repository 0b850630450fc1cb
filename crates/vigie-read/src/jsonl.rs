//! JSON Lines: one document per line (`id`, `text` required; `published`,
//! `lang`, `title`, `url`, `source` optional).

use crate::dates::{parse_date, DateParse};
use crate::input::{check_not_binary, utf8_message};
use serde_json::{Map, Value};
use vigie_model::{Document, Lang};

/// One line's outcome: the document, or `(line number, message)`.
pub(crate) type LineResult = Result<Document, (usize, String)>;

/// Reads every line of a JSON Lines file; a bad line is an error of its own
/// and the other lines are still read. Lines are checked for UTF-8 one by
/// one so that one mangled line does not cost the whole file.
///
/// `None` when the file holds JSON records none of which has a `text` key
/// (annotations, gold files): it is not a document collection.
pub(crate) fn read_jsonl(bytes: &[u8], origin: &str) -> Option<Vec<LineResult>> {
    let mut out = Vec::new();
    let mut objects = 0usize;
    let mut with_text = 0usize;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if n == 1 {
            line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let r = parse_line(line, n, origin);
        if let Some(has_text) = r.1 {
            objects += 1;
            with_text += has_text as usize;
        }
        out.push(r.0);
    }
    if objects > 0 && with_text == 0 {
        return None;
    }
    Some(out)
}

/// The line's result, and for JSON objects whether it has a `text` key.
fn parse_line(line: &[u8], n: usize, origin: &str) -> (LineResult, Option<bool>) {
    let fail = |m: String| (Err((n, m)), None);
    if let Err(m) = check_not_binary(line) {
        return fail(m);
    }
    let s = match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(e) => return fail(utf8_message(&e)),
    };
    let v: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        // serde's "at line 1 column N" would contradict the file line.
        Err(e) => {
            return fail(format!(
                "invalid JSON ({}) at column {}",
                category(&e),
                e.column()
            ))
        }
    };
    let Value::Object(obj) = v else {
        return fail("a line must be a JSON object".into());
    };
    let has_text = obj.contains_key("text");
    (record(&obj, n, origin), Some(has_text))
}

fn category(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "line ends before the value is complete",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    }
}

fn record(obj: &Map<String, Value>, n: usize, origin: &str) -> LineResult {
    let err = |m: String| Err((n, m));
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(x)) => x.to_string(),
        Some(Value::String(_)) => return err("`id` is empty".into()),
        Some(_) => return err("`id` must be a string".into()),
        None => return err("missing `id`".into()),
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return err(format!("document {id:?}: `text` is empty")),
        Some(_) => return err(format!("document {id:?}: `text` must be a string")),
        None => return err(format!("document {id:?}: missing `text`")),
    };
    let mut doc = Document::new(id.clone(), text);
    doc.origin = format!("{origin}:{n}");
    match opt_str(obj, "published") {
        Ok(None) => {}
        Ok(Some(p)) => match parse_date(p) {
            DateParse::Valid(d) => doc.published = Some(d),
            DateParse::Impossible => {
                return err(format!(
                    "document {id:?}: `published` {p:?} is not a date that exists"
                ))
            }
            DateParse::Unrecognised => {
                return err(format!(
                    "document {id:?}: `published` {p:?} is not a date (YYYY[-MM[-DD]] or RFC 3339)"
                ))
            }
        },
        Err(m) => return err(format!("document {id:?}: {m}")),
    }
    match opt_str(obj, "lang") {
        Ok(Some(l)) => match l.parse::<Lang>() {
            Ok(l) => doc.lang = Some(l),
            Err(m) => return err(format!("document {id:?}: `lang`: {m}")),
        },
        Ok(None) => {}
        Err(m) => return err(format!("document {id:?}: {m}")),
    }
    for (key, slot) in [
        ("title", &mut doc.title),
        ("url", &mut doc.url),
        ("source", &mut doc.source),
    ] {
        match opt_str(obj, key) {
            Ok(v) => *slot = v.map(str::to_string),
            Err(m) => return err(format!("document {id:?}: {m}")),
        }
    }
    Ok(doc)
}

/// An optional string field: absent, `null` and `""` are all "unknown".
fn opt_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim())),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_errors() {
        let src = concat!(
            "{\"id\": \"a\", \"text\": \"Texte A.\", \"published\": \"2023-09-19T10:00:00Z\", \"lang\": \"fr\"}\n",
            "\n",
            "{\"id\": \"b\", \"text\": \"Text B.\"\n",
            "{\"id\": \"c\", \"text\": \"Text C.\", \"published\": \"2023-02-30\"}\n",
            "{\"text\": \"no id\"}\n",
            "[1, 2]\n",
            "{\"id\": 7, \"text\": \"Seven.\", \"title\": null, \"source\": \"AFP\"}\r\n",
        );
        let r = read_jsonl(src.as_bytes(), "f.jsonl").unwrap();
        assert_eq!(r.len(), 6);
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.origin, "f.jsonl:1");
        assert_eq!(a.published.unwrap().header_string(), "2023-09-19");
        assert_eq!(a.lang, Some(Lang::Fr));
        assert_eq!(r[1].as_ref().unwrap_err().0, 3);
        let (n, m) = r[2].as_ref().unwrap_err();
        assert_eq!(*n, 4);
        assert!(m.contains("2023-02-30"), "{m}");
        assert!(r[3].as_ref().unwrap_err().1.contains("missing `id`"));
        assert_eq!(r[4].as_ref().unwrap_err().0, 6);
        let seven = r[5].as_ref().unwrap();
        assert_eq!(seven.id, "7");
        assert_eq!(seven.source.as_deref(), Some("AFP"));
        assert_eq!(seven.origin, "f.jsonl:7");
    }

    #[test]
    fn not_documents() {
        let gold =
            "{\"file\": \"000.txt\", \"event_type\": \"Battles\"}\n{\"file\": \"001.txt\"}\n";
        assert!(read_jsonl(gold.as_bytes(), "gold.jsonl").is_none());
    }

    #[test]
    fn invalid_utf8_line() {
        let mut src = b"{\"id\": \"a\", \"text\": \"A.\"}\n{\"id\": \"b\", \"text\": \"".to_vec();
        src.extend_from_slice(&[0xff, 0xfe]);
        src.extend_from_slice(b"\"}\n");
        let r = read_jsonl(&src, "f.jsonl").unwrap();
        assert!(r[0].is_ok());
        assert!(r[1].as_ref().unwrap_err().1.contains("UTF-8"));
    }
}
