//! The date of one event: which time expression governs it, or what the
//! publication date allows when none does.

use crate::calendar as cal;
use crate::{tense, DateSource, EventDate, Publication, Tense, TimeMention};
use vigie_model::{Precision, Span};
use vigie_text::Analysis;

/// Conjunctions that join two time expressions of the same event
/// ("dimanche soir et hier lundi", "on Sunday and Monday").
fn joins(norm: &str) -> bool {
    matches!(
        norm,
        "et" | "and" | "puis" | "then" | "ou" | "or" | "," | "-"
    )
}

/// Index of the mention in `cands` nearest to `anchor` (inside it: 0).
fn nearest(times: &[TimeMention], cands: &[usize], anchor: Option<usize>) -> Option<usize> {
    match anchor {
        None => cands.first().copied(),
        Some(t) => cands.iter().copied().min_by_key(|&i| {
            let r = &times[i].tokens;
            if r.contains(&t) {
                0
            } else if r.end <= t {
                // Before the trigger: slight preference on ties.
                2 * (t + 1 - r.end)
            } else {
                2 * (r.start - t) + 1
            }
        }),
    }
}

/// The mentions of sentence `s` that may date an event triggered at
/// `anchor`: not counted from another event, and not the day of a
/// statement unless the statement is the event.
fn in_sentence(a: &Analysis, times: &[TimeMention], s: usize, anchor: Option<usize>) -> Vec<usize> {
    let Some(sent) = a.sentences.get(s) else {
        return Vec::new();
    };
    (0..times.len())
        .filter(|&i| {
            let m = &times[i];
            let own_statement =
                anchor.is_some_and(|t| t + 2 >= m.tokens.start && t <= m.tokens.end + 1);
            !m.relative_to_event
                && (!m.reporting || own_statement)
                && sent.tokens.contains(&m.tokens.start)
        })
        .collect()
}

/// The chosen mention with the ones coordinated with it.
fn with_coordinated(a: &Analysis, times: &[TimeMention], i: usize) -> (usize, usize) {
    let linked = |x: &TimeMention, y: &TimeMention| {
        y.tokens.start >= x.tokens.end
            && y.tokens.start - x.tokens.end <= 1
            && (x.tokens.end..y.tokens.start).all(|k| joins(a.norm(k)))
            && !y.relative_to_event
    };
    let (mut lo, mut hi) = (i, i);
    while lo > 0 && linked(&times[lo - 1], &times[lo]) {
        lo -= 1;
    }
    while hi + 1 < times.len() && linked(&times[hi], &times[hi + 1]) {
        hi += 1;
    }
    (lo, hi)
}

fn from_mentions(a: &Analysis, times: &[TimeMention], i: usize, source: DateSource) -> EventDate {
    let (lo, hi) = with_coordinated(a, times, i);
    let group = &times[lo..=hi];
    let earliest = group.iter().map(|m| m.interval.earliest).min();
    let latest = group.iter().map(|m| m.interval.latest).max();
    let best = group.iter().map(|m| m.best).min();
    let (Some(e), Some(l), Some(best)) = (earliest, latest, best) else {
        return EventDate::of(&times[i], source);
    };
    if lo == hi {
        return EventDate::of(&times[i], source);
    }
    let prec = group
        .iter()
        .map(|m| m.interval.precision)
        .max()
        .unwrap_or(Precision::Day)
        .max(cal::precision_of(e, l));
    EventDate {
        interval: vigie_model::DateInterval::new(e, l, prec),
        best,
        precision: prec,
        evidence: Some(Span::new(
            group[0].span.start,
            group[group.len() - 1].span.end,
        )),
        source: if source == DateSource::Mention {
            DateSource::Coordinated
        } else {
            source
        },
    }
}

/// Sentences are in the same paragraph when no line break separates them.
fn same_paragraph(text: &str, a: &Analysis, s1: usize, s2: usize) -> bool {
    let (lo, hi) = (s1.min(s2), s1.max(s2));
    (lo + 1..=hi).all(|k| {
        let prev = a.sentences[k - 1].span.end;
        let next = a.sentences[k].span.start;
        !text.get(prev..next).unwrap_or("\n").contains('\n')
    })
}

/// The date of an event told in `sentences` (indices into `a.sentences`,
/// the main one first) around trigger token `anchor_token`: the time
/// expression nearest the trigger in its sentence (with those coordinated
/// with it), else in its other sentences, else carried over from the
/// sentences before it in the same paragraph, else the week before a
/// statement that reports it ("..., the army said Saturday"), else the
/// publication date with a reduced precision. `None` only when nothing
/// dates the report.
pub fn event_date(
    text: &str,
    a: &Analysis,
    publication: &Publication,
    times: &[TimeMention],
    sentences: &[usize],
    anchor_token: Option<usize>,
) -> Option<EventDate> {
    let main = *sentences.first()?;
    let main_sent = a.sentences.get(main)?;
    // 1. In the event's own sentences, the expression nearest the trigger.
    for (k, &s) in sentences.iter().enumerate() {
        let anchor = if k == 0 { anchor_token } else { None };
        let cands = in_sentence(a, times, s, anchor);
        if let Some(i) = nearest(times, &cands, anchor) {
            return Some(from_mentions(a, times, i, DateSource::Mention));
        }
    }
    let main_tense = match anchor_token {
        Some(t) if main_sent.tokens.contains(&t) => {
            tense::tense_near(a, main_sent.tokens.clone(), t)
        }
        _ => tense::tense(a, main_sent.tokens.clone()),
    };
    // 2. Carried over from the sentences before it in the same paragraph: the
    // text goes on with the same story. A plus-que-parfait steps back from
    // it, so it does not inherit a date told in another tense.
    for s in (0..main).rev() {
        if !same_paragraph(text, a, s, main) {
            break;
        }
        let cands = in_sentence(a, times, s, None);
        if let Some(&i) = cands.last() {
            if main_tense == Tense::Pluperfect && times[i].tense != Tense::Pluperfect {
                break;
            }
            return Some(from_mentions(a, times, i, DateSource::CarriedOver));
        }
    }
    // 3. The day of a statement that reports it ("..., a regional governor
    // said Saturday"): the event came before, most likely the day before.
    let statement = (0..times.len()).find(|&i| {
        let m = &times[i];
        m.reporting && !m.relative_to_event && main_sent.tokens.contains(&m.tokens.start)
    });
    if let Some(i) = statement {
        let m = &times[i];
        let lo = cal::add(m.interval.earliest, -7)?;
        let hi = m.interval.latest;
        let prec = cal::precision_of(lo, hi).max(Precision::Week);
        return Some(EventDate {
            interval: vigie_model::DateInterval::new(lo, hi, prec),
            best: cal::add(m.best, -1)?.max(lo),
            precision: prec,
            evidence: Some(m.span),
            source: DateSource::BeforeStatement,
        });
    }
    // 4. The publication date, less precise.
    let iv = publication.interval?;
    let pb = publication.best?;
    let (lo, hi, best) = match main_tense {
        // Not a past event: the coder should not code it as one; the
        // publication interval is all that can be said.
        Tense::Future | Tense::Conditional => (iv.earliest, iv.latest, pb),
        // An undated event in a report is coded by ACLED coders to the day
        // before publication when the report is news of the day; the week
        // before publication surely holds it. A plus-que-parfait may go
        // back further.
        Tense::Pluperfect => (cal::add(iv.earliest, -30)?, iv.latest, cal::add(pb, -1)?),
        Tense::Present => (cal::add(iv.earliest, -7)?, iv.latest, pb),
        Tense::Past => (cal::add(iv.earliest, -7)?, iv.latest, cal::add(pb, -1)?),
    };
    // With a publication known only to a month, its best day is already a
    // guess at the earliest; no further step back.
    let best = if iv.days() > 1 { pb } else { best };
    let prec = cal::precision_of(lo, hi).max(Precision::Week);
    Some(EventDate {
        interval: vigie_model::DateInterval::new(lo, hi, prec),
        best: best.max(lo).min(hi),
        precision: prec,
        evidence: None,
        source: DateSource::Publication,
    })
}
