//! `vigie docs`: read documents and show what vigie sees in them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use vigie_model::Document;
use vigie_read::{ReadError, ReadOptions};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    vigie docs report.txt                  one JSON object per document\n  \
    vigie docs articles/ --format table    a table, for people\n  \
    cat report.txt | vigie docs -          a plain-text report from stdin\n\n\
Formats: plain text with an optional ` date YYYY[-MM[-DD]]` header (own line or inline), \
JSON Lines (.jsonl), HTML pages, RSS/Atom feeds; directories are walked recursively.\n\
Inputs that cannot be read are reported on stderr as `vigie: <origin>: <message>`; \
the others are still printed, and the exit status is 1 when any input failed.")]
pub struct Args {
    /// Files, directories, or `-` for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    pub format: OutFormat,
    /// Refuse files larger than this many bytes
    #[arg(long, value_name = "N", default_value_t = ReadOptions::default().max_bytes)]
    pub max_bytes: u64,
    /// Also print each document's full text (JSON Lines only)
    #[arg(long)]
    pub text: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutFormat {
    Jsonl,
    Table,
}

/// What `vigie docs` prints about one document.
struct Summary {
    doc: Document,
    lang: &'static str,
    sentences: usize,
    first_sentence: String,
}

fn summarise(doc: Document) -> Summary {
    let a = vigie_text::analyse(&doc.text, doc.lang);
    let first_sentence = a
        .sentences
        .first()
        .map(|s| s.span.slice(&doc.text).to_string())
        .unwrap_or_default();
    Summary {
        lang: a.language().code(),
        sentences: a.sentences.len(),
        first_sentence,
        doc,
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = ReadOptions {
        max_bytes: args.max_bytes,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut rows = Vec::new();
    let mut io_err = None;
    vigie_read::read_inputs(&args.paths, &opts, |r| match r {
        Ok(doc) => {
            let s = summarise(doc);
            match args.format {
                OutFormat::Jsonl => {
                    if io_err.is_none() {
                        if let Err(e) = writeln!(out, "{}", json_line(&s, args.text)) {
                            io_err = Some(e);
                        }
                    }
                }
                OutFormat::Table => rows.push(s),
            }
        }
        Err(e) => {
            failed += 1;
            report(&e);
        }
    });
    if let Some(e) = io_err {
        // A closed pipe (`| head`) is not a failure of vigie.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e.into());
    }
    if let OutFormat::Table = args.format {
        write_table(&mut out, &rows)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn report(e: &ReadError) {
    eprintln!("vigie: {}: {}", e.origin, e.message);
}

/// One output line; fields in the order people read them.
#[derive(serde::Serialize)]
struct DocLine<'a> {
    id: &'a str,
    published: Option<String>,
    published_precision: Option<&'static str>,
    lang: &'static str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    sentences: usize,
    bytes: usize,
    first_sentence: &'a str,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

fn json_line(s: &Summary, with_text: bool) -> String {
    let d = &s.doc;
    let line = DocLine {
        id: &d.id,
        published: d.published.map(|p| p.header_string()),
        published_precision: d.published.map(|p| p.precision.as_str()),
        lang: s.lang,
        title: d.title.as_deref(),
        url: d.url.as_deref(),
        source: d.source.as_deref(),
        sentences: s.sentences,
        bytes: d.text.len(),
        first_sentence: &s.first_sentence,
        origin: &d.origin,
        text: with_text.then_some(d.text.as_str()),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// Cuts `s` to at most `n` characters, on a character boundary.
fn cut(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        return one_line;
    }
    let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}

fn write_table(out: &mut impl Write, rows: &[Summary]) -> std::io::Result<()> {
    let id_w = rows
        .iter()
        .map(|r| r.doc.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 32);
    writeln!(
        out,
        "{:<id_w$}  {:<10}  {:<5}  {:<4}  {:>5}  {:>7}  TITLE / FIRST SENTENCE",
        "ID", "PUBLISHED", "PREC", "LANG", "SENTS", "BYTES"
    )?;
    for r in rows {
        let d = &r.doc;
        let head = d.title.as_deref().unwrap_or(&r.first_sentence);
        writeln!(
            out,
            "{:<id_w$}  {:<10}  {:<5}  {:<4}  {:>5}  {:>7}  {}",
            cut(&d.id, id_w),
            d.published.map(|p| p.header_string()).unwrap_or("-".into()),
            d.published.map(|p| p.precision.as_str()).unwrap_or("-"),
            r.lang,
            r.sentences,
            d.text.len(),
            cut(head, 70)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_line_has_every_key_in_order() {
        let doc = vigie_read::plain_text(
            "seed",
            " date 2023-09 Les combattants du CSP se sont retirés. Ils sont partis.",
            "seed.txt",
        );
        let line = json_line(&summarise(doc), false);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], "seed");
        assert_eq!(v["published"], "2023-09");
        assert_eq!(v["published_precision"], "month");
        assert_eq!(v["lang"], "fr");
        assert_eq!(v["sentences"], 2);
        assert_eq!(
            v["first_sentence"],
            "Les combattants du CSP se sont retirés."
        );
        assert!(v["title"].is_null() && v["url"].is_null() && v["source"].is_null());
        assert!(v.get("text").is_none());
        assert!(line.starts_with("{\"id\":\"seed\",\"published\":\"2023-09\","));
    }

    #[test]
    fn cut_is_char_safe() {
        assert_eq!(cut("Léré  est\nloin", 20), "Léré est loin");
        assert_eq!(cut("Léré est loin", 5), "Léré…");
    }
}
