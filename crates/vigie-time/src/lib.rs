//! Publication dates and event dates from French and English reports.
//!
//! News in the Sahel is written relative to the day it is published
//! ("dimanche après-midi", "hier lundi", "dans la nuit de samedi à
//! dimanche", "last Tuesday"). This crate reads those words and turns them
//! into calendar intervals with a precision, without ever claiming a day the
//! text does not support.
//!
//! # Using it (the event coder)
//!
//! ```
//! use vigie_model::{DateInterval, Lang, Precision};
//! let text = "Le CSP avait attaqué dimanche après-midi le camp de Léré.";
//! let a = vigie_text::analyse(text, Some(Lang::Fr));
//! // 1. Once per document: the publication date, narrowed by the text.
//! let p = vigie_time::publication(DateInterval::parse("2023-09-19"), None, text, &a);
//! // 2. Once per document: every time expression, resolved.
//! let times = vigie_time::find_times(text, &a, &p);
//! assert_eq!(times[0].span.slice(text), "dimanche après-midi");
//! // 3. Per event: its sentences (main first) and trigger token.
//! let trigger = (0..a.tokens.len()).find(|&i| a.norm(i) == "attaque");
//! let d = vigie_time::event_date(text, &a, &p, &times, &[0], trigger).unwrap();
//! assert_eq!(d.best.to_string(), "2023-09-17");
//! assert_eq!(d.precision, Precision::Day);
//! // Tense of a clause: the plus-que-parfait puts it before the main story.
//! assert_eq!(vigie_time::tense(&a, 0..a.tokens.len()), vigie_time::Tense::Pluperfect);
//! ```
//!
//! # How dates are decided
//!
//! - **Publication** ([`publication`]): the caller's override, else the
//!   document's date. When that is wider than a day (a `2023-09` header),
//!   the text narrows it: a dateline ("BAMAKO, 12 août (Reuters) -") or a
//!   named day of writing ("ce 18 septembre 2023", "hier 17 septembre")
//!   fixes it; past events on given days put it after them (after the day,
//!   strictly, for a plus-que-parfait, which is before the main story); a
//!   weekday with its date ("mercredi 27 juin") puts it within a week after;
//!   "hier lundi" makes it a Tuesday. The remaining days stay an interval;
//!   the best guess is its earliest day, because news is written close to
//!   the events it tells.
//! - **Expressions** ([`find_times`]): relative ones are resolved for every
//!   day the report may have been written on and covered by one interval,
//!   so a weekday under a month-only publication is a `week` at best and
//!   always holds the true day. Year-less dates take the nearest year before
//!   publication, or after it when the clause is in the future. A weekday is
//!   the most recent such day on or before publication (the next one in the
//!   future). "La veille", "le lendemain", a clock time or a part of the day
//!   count from the story's current day (the last day the text named);
//!   small hours after an afternoon, evening or night are the next calendar
//!   day. A night ("dans la nuit du 8 au 9") covers both days and is coded,
//!   as ACLED does, to the first; a span ("du 10 au 12 septembre") to its
//!   middle, as ACLED codes a few-day span. "Le lendemain de la création de ..." is
//!   relative to an event the resolver cannot date: it is reported with
//!   [`TimeMention::relative_to_event`] and its offset, for the coder.
//! - **Events** ([`event_date`]): the expression nearest the trigger in the
//!   event's sentence (with those coordinated with it: "dimanche soir et
//!   hier lundi" is both days), else one from the sentences before it in the
//!   same paragraph, else the publication date: a past event told without a
//!   date gets the week up to publication, best guess the day before it
//!   (ACLED coders date undated news of the day to the day before
//!   publication; the coder takes the stamp itself for an event record,
//!   `Document::is_record`), precision `week` or coarser, never `day`.
//!
//!   A time expression next to a verb of saying ("..., a regional governor
//!   said Saturday", "a annoncé lundi l'armée") dates the statement
//!   ([`TimeMention::reporting`]), not the events it reports: it dates an
//!   event only when the trigger is that verb; otherwise the event gets the
//!   week before the statement, best guess the day before it.
//!
//! # Language resources
//!
//! Month and weekday names, relative words, parts of the day, tense markers
//! and the small words between them live in `data/fr.txt` and
//! `data/en.txt` (one `category [value]: phrase | phrase` line each),
//! embedded and validated on first use; [`check_data`] reports an error
//! naming the file and line. The engine only knows the categories. To add
//! a language: copy `data/en.txt`, translate every category (a category may
//! stay empty only if the language has no such words), add it to
//! `lexicon.rs` next to `FR` and `EN` with its `Lang`, and add its cases to
//! `tests/cases.txt`.
//!
//! # Tests and measurements
//!
//! `tests/cases.txt` is a table of reports written for the tests (French
//! and English, with the traps: durations that look like hours, "sept" the
//! number, statements' days, nights across midnight, month-only
//! publications). `tests/seed.rs` checks the founding example when
//! `../shared/spec/seed-article.txt` is present; `tests/dev_eval.rs`
//! (`--ignored`) measures date accuracy on the shared dev sets.
//! `benches/times.rs` measures recognition and resolution throughput.

mod calendar;
mod event;
mod lexicon;
mod publication;
mod recognise;
mod resolve;
mod tense;

pub use event::event_date;

/// Whether token `i` is a verb of saying of the text's language ("said",
/// "told", "a déclaré"): the data's `report` words.
pub fn is_saying(a: &vigie_text::Analysis, i: usize) -> bool {
    i < a.tokens.len()
        && lexicon::for_lang(a.language())
            .is_some_and(|lex| lex.has(&[a.norm(i)], 0, lexicon::Entry::Report).is_some())
}
pub use lexicon::PartOfDay;
pub use publication::publication;
pub use publication::{Narrowing, NarrowingKind};
pub use tense::{tense_near, Tenses};

use chrono::NaiveDate;
use std::ops::Range;
use vigie_model::{DateInterval, Precision, Span};
use vigie_text::Analysis;

/// An embedded language file is invalid.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TimeError {
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
}

/// Does token `i` open the story of a long state ("depuis", "since")?
pub fn opens_story(a: &Analysis, i: usize) -> bool {
    lexicon::for_lang(a.language()).is_some_and(|lex| {
        lex.has(&[a.norm(i)], 0, lexicon::Entry::StoryStart)
            .is_some()
    })
}

/// Validates the embedded language files (call once at start-up).
pub fn check_data() -> Result<(), TimeError> {
    lexicon::check()
}

/// Tense and aspect of a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    /// Passé composé, passé simple, imparfait, simple past, present perfect;
    /// also the French journalistic conditional past ("aurait tué"), which
    /// reports an unconfirmed past fact.
    Past,
    /// Plus-que-parfait, past perfect: before the main story.
    Pluperfect,
    Present,
    /// Not a past event.
    Future,
    /// Only possible; not a past event.
    Conditional,
}

impl Tense {
    /// Whether an event in this tense may have happened by publication.
    pub fn is_past(self) -> bool {
        matches!(self, Tense::Past | Tense::Pluperfect | Tense::Present)
    }
}

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicationSource {
    /// The caller (`--published`).
    Override,
    /// The document's header or metadata.
    Document,
    /// Only the text (a dateline, "ce 18 septembre 2023").
    Text,
    Unknown,
}

/// The day a report was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The days it may have been written on; `None` when unknown.
    pub interval: Option<DateInterval>,
    /// Best guess: the earliest day consistent with the text.
    pub best: Option<NaiveDate>,
    /// Weekday of writing (1 Monday .. 7 Sunday) when the text gives it and
    /// the interval is wider than a day: only those days of the interval.
    pub weekday: Option<u32>,
    pub source: PublicationSource,
    /// How the text narrowed it, in order.
    pub narrowed_by: Vec<Narrowing>,
}

impl Publication {
    /// A publication known to the day.
    pub fn day(d: NaiveDate) -> Self {
        Publication {
            interval: Some(DateInterval::day(d)),
            best: Some(d),
            weekday: None,
            source: PublicationSource::Override,
            narrowed_by: Vec::new(),
        }
    }
}

/// What kind of words a time expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// A date with its year ("12 septembre 2023", "12/09/2023").
    Absolute,
    /// A date or month without a year, or part of a month ("le 12
    /// septembre", "en août", "fin août", "mid-July").
    Partial,
    /// "dimanche", "ce mardi", "last Friday".
    Weekday,
    /// Counted from the day of writing ("hier", "il y a deux jours", "la
    /// semaine dernière", "this morning").
    Relative,
    /// Counted from another day or event ("la veille", "le lendemain de
    /// ...", "the day before").
    Anchored,
    /// Only a part of the day or a clock time, on the story's day ("entre 2
    /// et 3 heures du matin").
    TimeOfDay,
    /// "dans la nuit de samedi à dimanche", "overnight Thursday to Friday".
    Night,
    /// "du 10 au 12 septembre".
    Span,
}

/// One time expression of a text, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Bytes of the original text.
    pub span: Span,
    /// Indices into `Analysis::tokens`.
    pub tokens: Range<usize>,
    /// Days that surely hold what it names, with their precision.
    pub interval: DateInterval,
    /// Best single day.
    pub best: NaiveDate,
    pub kind: TimeKind,
    /// Counted from an event the text names, not from a day ("le lendemain
    /// de la création de l'Alliance"): `interval` is then only what the
    /// publication date allows, and `offset_days` says how far the named
    /// event is *before* the one this mention dates (1 for "le lendemain
    /// de X": X is a day earlier).
    pub relative_to_event: bool,
    pub offset_days: Option<i64>,
    pub part_of_day: Option<PartOfDay>,
    /// Hour of the day (0-23) when a clock time was given.
    pub hour: Option<u32>,
    /// Tense of the verb nearest to it in its sentence.
    pub tense: Tense,
    /// The day the report names as its own ("ce 18 septembre", a dateline).
    pub names_publication: bool,
    /// A dateline ("OUAGADOUGOU, Dec 1 —"): the report's day, not an
    /// event's.
    pub dateline: bool,
    /// It dates a verb of saying ("a regional governor said Saturday", "a
    /// annoncé lundi l'armée"): the day of the statement, not of the events
    /// it reports. [`event_date`] passes over it unless the event's trigger
    /// is that verb.
    pub reporting: bool,
    /// It ends a phrase opened by "depuis"/"since" a few words before
    /// ("depuis le début des violences en 2015", "since the insurgency
    /// began in 2012"): the start of a long story, not an event's day.
    pub background: bool,
}

/// How an event date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A time expression in the event's sentences.
    Mention,
    /// Several coordinated expressions ("dimanche soir et hier lundi").
    Coordinated,
    /// An expression from an earlier sentence of the same paragraph.
    CarriedOver,
    /// Only the day of a statement reporting it: the week before it.
    BeforeStatement,
    /// No expression: the publication date, less precise.
    Publication,
}

/// The date of one event, as the output records it (`event_date`,
/// `date_precision`, `date_earliest`, `date_latest`, evidence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    pub interval: DateInterval,
    pub best: NaiveDate,
    pub precision: Precision,
    /// The words the date was read from; `None` for the publication
    /// fallback.
    pub evidence: Option<Span>,
    pub source: DateSource,
}

impl EventDate {
    fn of(m: &TimeMention, source: DateSource) -> Self {
        EventDate {
            interval: m.interval,
            best: m.best,
            precision: m.interval.precision,
            evidence: Some(m.span),
            source,
        }
    }
}

/// Every time expression of `text` (analysed as `a`), in text order, each
/// resolved against `publication` and the story so far. Expressions that
/// cannot be placed on the calendar (no publication date, a clock time with
/// no day before it) are left out.
pub fn find_times(text: &str, a: &Analysis, publication: &Publication) -> Vec<TimeMention> {
    find_times_in(text, a, publication, &Tenses::new(a))
}

/// [`find_times`] with the document's [`Tenses`] (of `a`) already made,
/// for a caller that asks about tenses too.
pub fn find_times_in<'a>(
    text: &'a str,
    a: &'a Analysis,
    publication: &Publication,
    tenses: &Tenses<'a>,
) -> Vec<TimeMention> {
    let Some(lex) = lexicon::for_lang(a.language()) else {
        return Vec::new();
    };
    let raws = match tenses.window() {
        Some(w) => recognise::recognise_in(text, a, lex, w),
        None => recognise::recognise(text, a, lex),
    };
    let mut out = Vec::with_capacity(raws.len());
    let mut story: Option<resolve::Story> = None;
    for raw in raws {
        let Some(span) = a.tokens_span(raw.tokens.clone()) else {
            continue;
        };
        let t = match a.sentence_of(raw.tokens.start) {
            Some(s) => tenses.tense_near(a.sentences[s].tokens.clone(), raw.tokens.start),
            None => Tense::Past,
        };
        use recognise::Core;
        let kind = match raw.core {
            Core::None => TimeKind::TimeOfDay,
            Core::Date(d) if d.year.is_some() => TimeKind::Absolute,
            Core::Date(_) | Core::Month { .. } => TimeKind::Partial,
            Core::Year(_) => TimeKind::Absolute,
            Core::Weekday { .. } => TimeKind::Weekday,
            Core::Today { date: Some(d), .. } if d.year.is_some() => TimeKind::Absolute,
            Core::Today { date: Some(_), .. } => TimeKind::Partial,
            Core::Today { .. }
            | Core::Ago { .. }
            | Core::WeekRel(_)
            | Core::MonthRel(_)
            | Core::YearRel(_)
            | Core::Weekend => TimeKind::Relative,
            Core::Anchor { .. } => TimeKind::Anchored,
            Core::Night { .. } => TimeKind::Night,
            Core::Range { .. } => TimeKind::Span,
        };
        let reporting = lexicon::reporting_verb_next_to(lex, a, raw.tokens.clone());
        let background = lexicon::ends_since_phrase(lex, a, raw.tokens.clone());
        let mention = |interval: DateInterval, best, rel, off| TimeMention {
            span,
            tokens: raw.tokens.clone(),
            interval,
            best,
            kind,
            relative_to_event: rel,
            offset_days: off,
            part_of_day: raw.part,
            hour: raw.hour,
            tense: t,
            names_publication: raw.dateline || raw.demonstrative,
            dateline: raw.dateline,
            reporting: reporting.is_some(),
            background,
        };
        if let Core::Anchor {
            offset,
            of_event: true,
            ..
        } = raw.core
        {
            let (Some(iv), Some(b)) = (publication.interval, publication.best) else {
                continue;
            };
            out.push(mention(
                DateInterval::new(iv.earliest, iv.latest, iv.precision.max(Precision::Week)),
                b,
                true,
                Some(offset),
            ));
            continue;
        }
        let Some(r) = resolve::resolve(&raw, t, publication, story.as_ref()) else {
            continue;
        };
        let day_level = !matches!(
            raw.core,
            Core::Month { .. }
                | Core::Year(_)
                | Core::WeekRel(_)
                | Core::MonthRel(_)
                | Core::YearRel(_)
                | Core::Weekend
                | Core::Ago { .. }
        );
        if day_level {
            let night = matches!(raw.core, Core::Night { .. })
                || (raw.part == Some(PartOfDay::Night) && r.interval.days() == 2);
            story = Some(resolve::Story {
                interval: r.interval,
                best: r.best,
                part: raw.part,
                hour: raw.hour,
                night: night && raw.core != Core::None,
            });
        }
        out.push(mention(r.interval, r.best, false, None));
    }
    out
}

/// Tense of the clause or sentence covering `tokens` (its first auxiliary or
/// listed verb form; `Past` when nothing says otherwise). Use
/// [`tense_near`] for the verb nearest a trigger.
pub fn tense(a: &Analysis, tokens: Range<usize>) -> Tense {
    tense::tense(a, tokens)
}

/// Shifts an interval by `days` (for dating an event named by a
/// [`TimeMention::relative_to_event`]: the named event is `offset_days`
/// before the dated one).
pub fn shift(interval: DateInterval, days: i64) -> Option<DateInterval> {
    calendar::shift(interval, days)
}
