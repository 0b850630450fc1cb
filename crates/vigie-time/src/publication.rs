//! The day a report was written: from the caller or the document, narrowed
//! by what the text says about its own day when only a month or a year is
//! known.

use crate::calendar::{self as cal};
use crate::recognise::{recognise, Core, DayRef, Raw};
use crate::resolve::resolve;
use crate::{lexicon, tense, Publication, PublicationSource, Tense};
use chrono::NaiveDate;
use vigie_model::{DateInterval, Span};
use vigie_text::Analysis;

/// What the text said that narrowed the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrowingKind {
    /// "BAMAKO, 12 août (Reuters) -".
    Dateline,
    /// "ce 18 septembre 2023", "aujourd'hui 18 septembre", "hier 17 septembre".
    TodayNamed,
    /// "hier lundi": written on a Tuesday.
    WeekdayOfWriting,
    /// A past event on a given day: written on or after it (after it for a
    /// plus-que-parfait, which is before the main story).
    AfterPastDate,
    /// "mercredi 27 juin": news names the weekday of days in the past week.
    WeekdayDate,
    /// A future event on a given day: written on or before it.
    BeforeFutureDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrowing {
    pub kind: NarrowingKind,
    /// The words that said it.
    pub span: Span,
    /// The publication interval after this step.
    pub interval: DateInterval,
}

fn span_of(a: &Analysis, raw: &Raw) -> Span {
    a.tokens_span(raw.tokens.clone()).unwrap_or(Span::new(0, 0))
}

fn has_day(d: &DayRef) -> bool {
    d.day.is_some() && d.month.is_some()
}

fn with_interval(p: &mut Publication, lo: NaiveDate, hi: NaiveDate) {
    let iv = cal::interval(lo, hi);
    p.interval = Some(iv);
    p.best = Some(lo);
}

/// The publication date of a report: `override_` (the caller's
/// `--published`) else `doc_published`, narrowed from the text when it is
/// wider than a day. See the crate documentation for the rules.
pub fn publication(
    doc_published: Option<DateInterval>,
    override_: Option<DateInterval>,
    text: &str,
    a: &Analysis,
) -> Publication {
    let (base, source) = match (override_, doc_published) {
        (Some(o), _) => (Some(o), PublicationSource::Override),
        (None, Some(d)) => (Some(d), PublicationSource::Document),
        (None, None) => (None, PublicationSource::Unknown),
    };
    let mut p = Publication {
        interval: base,
        // The earliest day: news is written close to the events it tells.
        best: base.map(|b| b.earliest),
        weekday: None,
        source,
        narrowed_by: Vec::new(),
    };
    if base.is_some_and(|b| b.days() == 1) {
        return p;
    }
    let Some(lex) = lexicon::for_lang(a.language()) else {
        return p;
    };
    let raws = recognise(text, a, lex);

    // The text names its own day.
    for raw in &raws {
        let kind = match raw.core {
            Core::Date(d) if has_day(&d) && raw.dateline => NarrowingKind::Dateline,
            Core::Date(d) if has_day(&d) && raw.demonstrative => NarrowingKind::TodayNamed,
            Core::Today { date: Some(d), .. } if has_day(&d) => NarrowingKind::TodayNamed,
            _ => continue,
        };
        let offset = match raw.core {
            Core::Today { offset, .. } => offset,
            _ => 0,
        };
        let Some(r) = resolve(raw, Tense::Past, &p, None) else {
            continue;
        };
        let Some(day) = cal::add(r.best, -offset) else {
            continue;
        };
        if base.is_none_or(|b| b.contains(day)) {
            p.interval = Some(DateInterval::day(day));
            p.best = Some(day);
            if base.is_none() {
                p.source = PublicationSource::Text;
            }
            p.narrowed_by.push(Narrowing {
                kind,
                span: span_of(a, raw),
                interval: DateInterval::day(day),
            });
            return p;
        }
    }
    let Some(base) = base else {
        return p;
    };

    // Bounds from dated events, in text order; one that contradicts the
    // others is ignored rather than emptying the interval.
    let (mut lo, mut hi) = (base.earliest, base.latest);
    for raw in &raws {
        let d = match raw.core {
            Core::Date(d) if has_day(&d) => d,
            _ => continue,
        };
        let Some(sent) = a.sentence_of(raw.tokens.start) else {
            continue;
        };
        let t = tense::tense_near(a, a.sentences[sent].tokens.clone(), raw.tokens.start);
        let Some(r) = resolve(raw, t, &p, None) else {
            continue;
        };
        let day = r.best;
        let mut steps = Vec::new();
        match t {
            Tense::Future => steps.push((NarrowingKind::BeforeFutureDate, None, Some(day))),
            Tense::Conditional => {}
            _ => {
                let after = if t == Tense::Pluperfect {
                    cal::add(day, 1)
                } else {
                    Some(day)
                };
                steps.push((NarrowingKind::AfterPastDate, after, None));
                if d.weekday.is_some() {
                    steps.push((NarrowingKind::WeekdayDate, None, cal::add(day, 7)));
                }
            }
        }
        for (kind, new_lo, new_hi) in steps {
            let l = new_lo.map_or(lo, |x| x.max(lo));
            let h = new_hi.map_or(hi, |x| x.min(hi));
            if l <= h && (l, h) != (lo, hi) {
                lo = l;
                hi = h;
                with_interval(&mut p, lo, hi);
                p.narrowed_by.push(Narrowing {
                    kind,
                    span: span_of(a, raw),
                    interval: cal::interval(lo, hi),
                });
            }
        }
    }

    // "hier lundi": the weekday of writing.
    for raw in &raws {
        let Core::Today {
            offset,
            weekday: Some(w),
            date: None,
        } = raw.core
        else {
            continue;
        };
        let wanted = ((w as i64 - 1 - offset).rem_euclid(7) + 1) as u32;
        let (Some(l), Some(h)) = (
            cal::on_or_after(lo, wanted, false),
            cal::on_or_before(hi, wanted, false),
        ) else {
            continue;
        };
        if l <= h {
            lo = l;
            hi = h;
            with_interval(&mut p, lo, hi);
            p.weekday = Some(wanted);
            p.narrowed_by.push(Narrowing {
                kind: NarrowingKind::WeekdayOfWriting,
                span: span_of(a, raw),
                interval: cal::interval(lo, hi),
            });
            break;
        }
    }
    if p.narrowed_by.is_empty() {
        return p;
    }
    p.best = Some(lo);
    p
}
