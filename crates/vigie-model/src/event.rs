use crate::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A span of evidence: byte offsets into the document text and the exact
/// substring they cover.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Evidence {
    /// Evidence for `span` of `text`; the text is copied so that the record
    /// stands alone.
    pub fn from_span(text: &str, span: Span) -> Self {
        Evidence {
            start: span.start,
            end: span.end,
            text: span.slice(text).to_string(),
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Which coded field was read from which span (`event_date`, `location`,
/// `actor1`, `actor2`, `fatalities`, `sub_event_type`).
pub type FieldEvidence = BTreeMap<String, Evidence>;

/// An actor as coded in an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    /// Canonical ACLED-style name valid on the event date.
    pub name: String,
    /// The words of the text that named it.
    pub mention: Option<String>,
    /// ACLED inter code, 1-8.
    pub inter: Option<u8>,
    /// Country name (English) the actor belongs to, when it has one.
    pub country: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: Option<String>,
    pub country: Option<String>,
    pub iso3: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub admin3: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// ACLED geo_precision: 1 the place itself, 2 near it / a small area,
    /// 3 only a larger region is known.
    pub geo_precision: Option<u8>,
    pub geonames_id: Option<u64>,
    pub mention: Option<String>,
}

impl Location {
    /// A country and nothing finer, without coordinates (geo_precision 3).
    pub fn country_only(country: String, iso3: Option<String>, mention: Option<String>) -> Self {
        Location {
            name: None,
            country: Some(country),
            iso3,
            admin1: None,
            admin2: None,
            admin3: None,
            latitude: None,
            longitude: None,
            geo_precision: Some(3),
            geonames_id: None,
            mention,
        }
    }
}

/// One coded event: the JSON Lines record of `formats.md`. All keys are
/// always serialised; unknown values are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: String,
    pub doc_id: String,
    pub event_date: Option<String>,
    pub date_precision: Option<String>,
    pub date_earliest: Option<String>,
    pub date_latest: Option<String>,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<ActorRef>,
    pub actor2: Option<ActorRef>,
    pub assoc_actor_1: Vec<ActorRef>,
    pub assoc_actor_2: Vec<ActorRef>,
    pub location: Option<Location>,
    pub fatalities: Option<u32>,
    pub fatalities_text: Option<String>,
    pub claimed: bool,
    pub claimed_by: Option<ActorRef>,
    pub evidence: Vec<Evidence>,
    pub field_evidence: FieldEvidence,
    pub notes: String,
    pub tags: Vec<String>,
    pub rule: String,
    pub confidence: f64,
    pub lang: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_serialised() {
        let e = Event {
            event_id: "x".into(),
            doc_id: "d".into(),
            event_date: None,
            date_precision: None,
            date_earliest: None,
            date_latest: None,
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: None,
            actor2: None,
            assoc_actor_1: vec![],
            assoc_actor_2: vec![],
            location: None,
            fatalities: None,
            fatalities_text: None,
            claimed: false,
            claimed_by: None,
            evidence: vec![],
            field_evidence: FieldEvidence::new(),
            notes: String::new(),
            tags: vec![],
            rule: "r".into(),
            confidence: 0.5,
            lang: "fr".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        for k in [
            "event_id",
            "doc_id",
            "event_date",
            "date_precision",
            "date_earliest",
            "date_latest",
            "disorder_type",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "assoc_actor_1",
            "assoc_actor_2",
            "location",
            "fatalities",
            "fatalities_text",
            "claimed",
            "claimed_by",
            "evidence",
            "field_evidence",
            "notes",
            "tags",
            "rule",
            "confidence",
            "lang",
        ] {
            assert!(keys.iter().any(|x| x == k), "missing {k}");
        }
        assert!(v["fatalities"].is_null());
    }
}
