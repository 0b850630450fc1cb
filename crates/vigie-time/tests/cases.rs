//! Data-driven cases: `tests/cases.txt`, one event per line.
//!
//! `lang | publication | trigger | evidence | interval | precision | best | text`
//!
//! - publication: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the document's date),
//!   `-` when unknown.
//! - trigger: the word of the event (first token that folds the same), or
//!   `-` for the last sentence without a trigger.
//! - evidence: the words the date is read from, `-` when it falls back on
//!   the publication date.
//! - interval: `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`; `none` when
//!   nothing dates the event (precision and best are then ignored).
//! - text: the report; `\n` stands for a line break.

use vigie_model::{DateInterval, Lang, Precision};

struct Case {
    line: usize,
    lang: Lang,
    published: Option<DateInterval>,
    /// `none` in the interval column: nothing dates the event.
    undated: bool,
    trigger: Option<String>,
    evidence: Option<String>,
    earliest: chrono::NaiveDate,
    latest: chrono::NaiveDate,
    precision: Precision,
    best: chrono::NaiveDate,
    text: String,
}

fn parse(line: usize, s: &str) -> Result<Case, String> {
    let f: Vec<&str> = s.splitn(8, " | ").map(str::trim).collect();
    if f.len() != 8 {
        return Err(format!("line {line}: expected 8 fields, got {}", f.len()));
    }
    let date = |x: &str| -> Result<chrono::NaiveDate, String> {
        x.parse()
            .map_err(|_| format!("line {line}: bad date {x:?}"))
    };
    let undated = f[4] == "none";
    let (earliest, latest) = match f[4].split_once("..") {
        _ if undated => (chrono::NaiveDate::MIN, chrono::NaiveDate::MIN),
        Some((a, b)) => (date(a)?, date(b)?),
        None => (date(f[4])?, date(f[4])?),
    };
    let opt = |x: &str| (x != "-").then(|| x.to_string());
    Ok(Case {
        line,
        lang: f[0].parse().map_err(|e| format!("line {line}: {e}"))?,
        published: match f[1] {
            "-" => None,
            x => Some(DateInterval::parse(x).ok_or(format!("line {line}: bad publication"))?),
        },
        undated,
        trigger: opt(f[2]),
        evidence: opt(f[3]),
        earliest,
        latest,
        precision: match f[5] {
            _ if undated => Precision::Year,
            "day" => Precision::Day,
            "week" => Precision::Week,
            "month" => Precision::Month,
            "year" => Precision::Year,
            p => return Err(format!("line {line}: bad precision {p:?}")),
        },
        best: if undated {
            chrono::NaiveDate::MIN
        } else {
            date(f[6])?
        },
        text: f[7].replace("\\n", "\n"),
    })
}

fn run(c: &Case) -> Result<(), String> {
    let a = vigie_text::analyse(&c.text, Some(c.lang));
    let p = vigie_time::publication(c.published, None, &c.text, &a);
    let times = vigie_time::find_times(&c.text, &a, &p);
    let (sentence, anchor) = match &c.trigger {
        Some(w) => {
            let f = vigie_text::fold_phrase(w);
            let t = (0..a.tokens.len())
                .find(|&i| a.norm(i) == f)
                .ok_or(format!("no trigger {w:?}"))?;
            (a.sentence_of(t).ok_or("no sentence")?, Some(t))
        }
        None => (a.sentences.len().checked_sub(1).ok_or("no sentence")?, None),
    };
    let d = vigie_time::event_date(&c.text, &a, &p, &times, &[sentence], anchor);
    let d = match (d, c.undated) {
        (None, true) => return Ok(()),
        (Some(d), true) => return Err(format!("expected no date, got {d:?}")),
        (None, false) => return Err("no date".into()),
        (Some(d), false) => d,
    };
    let evidence = d.evidence.map(|s| s.slice(&c.text).to_string());
    let got = (
        evidence.clone(),
        d.interval.earliest,
        d.interval.latest,
        d.precision,
        d.best,
    );
    let want = (
        c.evidence.clone(),
        c.earliest,
        c.latest,
        c.precision,
        c.best,
    );
    if got != want {
        return Err(format!(
            "got {:?} {}..{} {} best {}, want {:?} {}..{} {} best {}\n    publication {:?}",
            got.0, got.1, got.2, got.3, got.4, want.0, want.1, want.2, want.3, want.4, p.interval
        ));
    }
    Ok(())
}

#[test]
fn table() {
    let src = include_str!("cases.txt");
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for (i, l) in src.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        match parse(i + 1, l) {
            Ok(c) => cases.push(c),
            Err(e) => errors.push(e),
        }
    }
    for c in &cases {
        if let Err(e) = run(c) {
            errors.push(format!("cases.txt:{}: {}\n    {}", c.line, e, c.text));
        }
    }
    let fr = cases.iter().filter(|c| c.lang == Lang::Fr).count();
    let en = cases.iter().filter(|c| c.lang == Lang::En).count();
    eprintln!(
        "{} cases ({fr} French, {en} English), {} failing",
        cases.len(),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} failing:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    assert!(fr >= 80 && en >= 80);
}
