//! The seam between the coder and the analysis stages: fills the
//! [`Stages`] view of one document from the gazetteer, time and actor
//! crates.

use crate::facts::*;
use crate::{CoderError, ExtractOptions};
use chrono::NaiveDate;
use std::ops::Range;
use vigie_model::{ActorRef, DateInterval, Document};
use vigie_text::Analysis;

/// Data loaded once per process.
pub struct Resources {}

impl Resources {
    pub fn load() -> Result<Resources, CoderError> {
        Ok(Resources {})
    }
}

/// The stages' findings for one document.
pub struct DocStages {
    actors: Vec<ActorFact>,
    places: Vec<PlaceFact>,
    times: Vec<TimeFact>,
    fatalities: Vec<FatalityFact>,
    publication: Option<(DateInterval, NaiveDate)>,
    country: Option<String>,
}

impl DocStages {
    pub fn new(_r: &Resources, doc: &Document, _a: &Analysis, opts: &ExtractOptions) -> Self {
        let publication = opts.published.or(doc.published).map(|p| (p, p.best()));
        DocStages {
            actors: vec![],
            places: vec![],
            times: vec![],
            fatalities: vec![],
            publication,
            country: None,
        }
    }
}

impl Stages for DocStages {
    fn actors(&self) -> &[ActorFact] {
        &self.actors
    }
    fn places(&self) -> &[PlaceFact] {
        &self.places
    }
    fn times(&self) -> &[TimeFact] {
        &self.times
    }
    fn fatalities(&self) -> &[FatalityFact] {
        &self.fatalities
    }
    fn publication(&self) -> Option<(DateInterval, NaiveDate)> {
        self.publication
    }
    fn country(&self) -> Option<String> {
        self.country.clone()
    }
    fn modality(&self, _clause: Range<usize>, _trigger: usize) -> Modality {
        Modality::Reported
    }
    fn is_future(&self, _clause: Range<usize>) -> bool {
        false
    }
    fn is_pluperfect(&self, _clause: Range<usize>) -> bool {
        false
    }
    fn resolve_actor(
        &self,
        a: &ActorFact,
        _date: Option<NaiveDate>,
        _country: Option<&str>,
    ) -> ActorRef {
        ActorRef {
            name: a.key.clone(),
            mention: None,
            inter: Some(a.inter),
            country: None,
        }
    }
    fn generic_actor(
        &self,
        kind: Generic,
        country: Option<&str>,
        _date: Option<NaiveDate>,
    ) -> ActorRef {
        let c = country.unwrap_or("Unknown");
        let (name, inter) = match kind {
            Generic::Civilians => (format!("Civilians ({c})"), 7),
            Generic::UnidentifiedArmedGroup => (format!("Unidentified Armed Group ({c})"), 3),
            Generic::Protesters => (format!("Protesters ({c})"), 6),
            Generic::Rioters => (format!("Rioters ({c})"), 5),
            Generic::StateForces => (format!("Military Forces of {c}"), 1),
            Generic::Government => (format!("Government of {c}"), 1),
        };
        ActorRef {
            name,
            mention: None,
            inter: Some(inter),
            country: country.map(str::to_string),
        }
    }
}
