//! What the analysis stages found in one document, in the coder's terms.
//!
//! The coder reads mentions through these types only; `stages.rs` fills them
//! from the gazetteer, time and actor crates. Keeping this seam narrow lets
//! the coding logic be read (and tested) without the stages' internals.

use chrono::NaiveDate;
use std::ops::Range;
use vigie_model::{ActorRef, DateInterval, Location, Span};

/// An actor mention, resolved to the actor it names.
#[derive(Debug, Clone)]
pub struct ActorFact {
    pub tokens: Range<usize>,
    pub span: Span,
    /// Identity of the actor (dictionary key): two mentions with the same
    /// key are the same actor.
    pub key: String,
    /// ACLED inter code of the actor in its own country.
    pub inter: u8,
    /// A government (for agreements), not its forces.
    pub government: bool,
    /// Generic or anaphoric mention ("les assaillants", "the army").
    pub generic: bool,
    /// Soldiers in revolt: state forces by inter code, not the
    /// government's side when they take a town.
    pub mutiny: bool,
    /// "Unknown gunmen", "des hommes armés non identifiés": no group named.
    pub unidentified: bool,
    /// Index into the stage's own mention list, to resolve the name on the
    /// event date.
    pub index: usize,
}

impl ActorFact {
    pub fn is_armed(&self) -> bool {
        matches!(self.inter, 1..=4 | 8) && !self.government
    }
    pub fn is_state(&self) -> bool {
        self.inter == 1 && !self.government
    }
}

/// A time expression with its resolved interval.
#[derive(Debug, Clone)]
pub struct TimeFact {
    pub tokens: Range<usize>,
    pub span: Span,
    pub interval: DateInterval,
    pub best: NaiveDate,
    /// "le lendemain de la création ...": relative to another event of the
    /// text, by this many days (positive: after the event that follows).
    pub relative_days: Option<i64>,
    /// The day of a statement ("the governor said Saturday"), not of the
    /// events it reports.
    pub reporting: bool,
    /// The start of a long story ("depuis le début des violences en
    /// 2015"), not an event's day.
    pub background: bool,
    /// A dateline ("OUAGADOUGOU, Dec 1 —"): the report's day.
    pub dateline: bool,
}

impl TimeFact {
    /// May this expression be the day of an event of its clause? Not a
    /// statement's day, a story's start, a dateline or a day counted from
    /// another event.
    pub fn may_date_event(&self) -> bool {
        !self.reporting && !self.background && !self.dateline && self.relative_days.is_none()
    }
}

/// How a place is introduced in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceCue {
    /// "à Bourem", "in Gao", "la ville de Léré".
    At,
    /// "près de Gao", "near Djibo", "à 40 km de Djibo".
    Near,
    /// "entre Dori et Gorgadji".
    Between,
    /// "région de Tombouctou", "cercle de Niafunké": qualifies another place.
    Qualifier,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Settlement,
    Admin,
    Country,
    /// Named after "à"/"in" but not in the gazetteer: no coordinates.
    Unnamed,
}

#[derive(Debug, Clone)]
pub struct PlaceFact {
    pub tokens: Range<usize>,
    pub span: Span,
    pub cue: PlaceCue,
    pub kind: PlaceKind,
    pub location: Location,
    /// Introduced as a village or town ("le village de Tadaryat"): an
    /// unnamed place that is one is not a spelling of another.
    pub settlement_noun: bool,
}

/// Who died, as far as the words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Victims {
    Civilians,
    Military,
    Militants,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct FatalityFact {
    pub tokens: Range<usize>,
    pub span: Span,
    pub count: u32,
    pub victims: Victims,
}

/// Whether a trigger reports a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modality {
    Reported,
    /// Only asserted by a party; `by` is the claimant's mention, if named.
    Claimed {
        by: Option<Range<usize>>,
    },
    Denied,
    Hypothetical,
    Future,
    Negated,
}

/// Everything the coder needs from the analysis stages for one document.
pub trait Stages {
    fn actors(&self) -> &[ActorFact];
    fn places(&self) -> &[PlaceFact];
    fn times(&self) -> &[TimeFact];
    fn fatalities(&self) -> &[FatalityFact];
    /// The publication interval (narrowed from the text when it can be) and
    /// its best single day.
    fn publication(&self) -> Option<(DateInterval, NaiveDate)>;
    /// Whether the document is an event record stamped with its event's
    /// date ([`vigie_model::Document::is_record`]) rather than a story
    /// published after it.
    fn stamped_with_event_date(&self) -> bool {
        false
    }
    /// The main country of the document (English name).
    fn country(&self) -> Option<String>;
    /// The main country at its capital, geo_precision 3: where ACLED codes
    /// an event whose report names no place in that country.
    fn country_location(&self) -> Option<vigie_model::Location>;
    /// The place (index into `places()`) that best locates an event told in
    /// `ranges` (token ranges) around trigger token `anchor`.
    fn locate(&self, ranges: &[Range<usize>], anchor: usize) -> Option<usize>;
    fn modality(&self, clause: Range<usize>, trigger: usize) -> Modality;
    /// Who tokens `range` say did an event ("JNIM claimed
    /// responsibility", "planted by ISGS militants"): the cue's tokens and
    /// the tokens naming the author.
    fn authors(&self, range: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
        let _ = range;
        Vec::new()
    }
    /// Whether words naming an ally ("backed by", "appuyés par") end right
    /// before token `token`.
    fn ally_before(&self, token: usize) -> bool {
        let _ = token;
        false
    }
    /// Whether a claim of responsibility holds token `token` of tokens
    /// ending at `end` ("JNIM claimed the attack").
    fn claim_holds(&self, token: usize, end: usize) -> bool {
        let _ = (token, end);
        false
    }
    /// Whether the verb governing token `focus` of the clause is in the
    /// future or the conditional ("which they say will enable" does not
    /// make "police fired tear gas" hypothetical).
    fn is_future(&self, clause: Range<usize>, focus: usize) -> bool;
    /// Whether the clause is in the plus-que-parfait / past perfect.
    fn is_pluperfect(&self, clause: Range<usize>) -> bool;
    /// The actor's name valid on `date` in `country`.
    fn resolve_actor(
        &self,
        a: &ActorFact,
        date: Option<NaiveDate>,
        country: Option<&str>,
    ) -> ActorRef;
    /// A generic actor for the country: `Civilians (Mali)`,
    /// `Unidentified Armed Group (Mali)`, `Protesters (Mali)`,
    /// `Rioters (Mali)`, the state forces or government of a country.
    fn generic_actor(
        &self,
        kind: Generic,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> ActorRef;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generic {
    Civilians,
    UnidentifiedArmedGroup,
    Protesters,
    Rioters,
    StateForces,
    Government,
}
