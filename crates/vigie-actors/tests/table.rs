//! The case table (`tests/cases.tsv`): actors, fatalities, modality and
//! attribution, each case with its expected value and span.

use chrono::NaiveDate;
use vigie_actors::{attribution, combine, fatalities, modality, ActorMention, Actors, Modality};

fn opt(s: &str) -> Option<&str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

fn actor_key_in(actors: &Actors, ms: &[ActorMention], r: &std::ops::Range<usize>) -> String {
    let _ = actors;
    Actors::mention_in(ms, r)
        .map(|m| m.key.clone())
        .unwrap_or_else(|| "none".into())
}

fn check(line: usize, f: &[&str], actors: &Actors) -> Result<(), String> {
    let (kind, text, args, expected, span_text) = (f[0], f[1], f[2], f[3], f[4]);
    let a = vigie_text::analyse(text, None);
    let all = 0..a.tokens.len();
    let slice_of = |r: std::ops::Range<usize>| a.tokens_span(r).map(|s| s.slice(text).to_string());
    match kind {
        "actor" => {
            let mut p = args.split(';');
            let hint = p.next().and_then(opt);
            let date = p
                .next()
                .and_then(opt)
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date"));
            let country = p.next().and_then(opt);
            let ms = actors.find(text, &a, hint);
            let m = ms.iter().find(|m| m.text == span_text);
            match (m, expected) {
                (None, "none") => Ok(()),
                (Some(m), "none") => Err(format!("expected no actor, found {m:?}")),
                (None, _) => Err(format!(
                    "no mention {span_text:?}; found {:?}",
                    ms.iter().map(|m| &m.text).collect::<Vec<_>>()
                )),
                (Some(m), _) => {
                    if m.span.slice(text) != span_text {
                        return Err(format!("span {:?} is not {span_text:?}", m.span));
                    }
                    let r = actors.resolve(m, date, country);
                    let got = format!("{}|{}", r.name, r.inter.unwrap_or(0));
                    (got == expected).then_some(()).ok_or(format!("got {got}"))
                }
            }
        }
        "fat" => {
            let figs = fatalities(text, &a, all, a.language());
            let got = combine(&figs);
            let value = got
                .as_ref()
                .map(|g| g.0.to_string())
                .unwrap_or("null".into());
            if value != expected {
                return Err(format!("got {value} from {figs:?}"));
            }
            match (&got, opt(span_text)) {
                (None, None) => Ok(()),
                (Some((_, span, t)), Some(want)) => {
                    if t != want {
                        return Err(format!("text {t:?}"));
                    }
                    if !t.contains("; ") && span.slice(text) != want {
                        return Err(format!("span {:?} -> {:?}", span, span.slice(text)));
                    }
                    Ok(())
                }
                (g, w) => Err(format!("text {g:?} vs {w:?}")),
            }
        }
        "mod" => {
            let trigger = a
                .tokens
                .iter()
                .position(|t| t.span.slice(text) == args)
                .ok_or(format!("no trigger {args:?}"))?;
            let sent = a
                .sentence_of(trigger)
                .map(|s| a.sentences[s].tokens.clone())
                .unwrap_or(all);
            let md = modality(text, &a, sent, trigger);
            let ms = actors.find(text, &a, Some("Mali"));
            let (name, by) = match &md {
                Modality::Reported => ("reported", None),
                Modality::Claimed {
                    by,
                    responsibility: false,
                } => ("claimed", by.clone()),
                Modality::Claimed {
                    by,
                    responsibility: true,
                } => ("responsibility", by.clone()),
                Modality::Denied { by } => ("denied", by.clone()),
                Modality::Hypothetical => ("hypothetical", None),
                Modality::Future => ("future", None),
                Modality::Negated => ("negated", None),
            };
            let (want, want_key) = match expected.split_once(':') {
                Some((w, k)) => (w, Some(k)),
                None => (expected, None),
            };
            if name != want {
                return Err(format!("got {md:?}"));
            }
            let by_text = by.clone().and_then(slice_of);
            if by_text.as_deref() != opt(span_text) {
                return Err(format!("claimant {by_text:?}"));
            }
            if let (Some(k), Some(r)) = (want_key, by) {
                let got = actor_key_in(actors, &ms, &r);
                if got != k {
                    return Err(format!("claimant actor {got}"));
                }
            }
            Ok(())
        }
        "attr" => {
            let at = attribution(text, &a, all);
            let ms = actors.find(text, &a, Some("Mali"));
            match (at, expected) {
                (None, "none") => Ok(()),
                (None, _) => Err("no attribution".into()),
                (Some(at), _) => {
                    let src = slice_of(at.source.clone());
                    if src.as_deref() != opt(span_text) {
                        return Err(format!("source {src:?}"));
                    }
                    let key = actor_key_in(actors, &ms, &at.source);
                    (key == expected)
                        .then_some(())
                        .ok_or(format!("source actor {key}"))
                }
            }
        }
        other => Err(format!("line {line}: unknown kind {other}")),
    }
}

#[test]
fn case_table() {
    let actors = Actors::shared().expect("bundled dictionary");
    let table = include_str!("cases.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "cases.tsv:{}: 5 columns expected", i + 1);
        n += 1;
        if let Err(e) = check(i + 1, &f, actors) {
            failures.push(format!("cases.tsv:{}: {} | {}: {e}", i + 1, f[0], f[1]));
        }
    }
    assert!(n >= 150, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
