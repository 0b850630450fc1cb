//! The values that cross the `Store` boundary: what goes in (documents and
//! their coded events), what comes out (merged events with their sources),
//! and the query that selects them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigie_model::{DateInterval, Document, Event, Evidence};

/// One document with the events the coder found in it: the unit of ingest.
#[derive(Debug, Clone)]
pub struct IngestItem {
    pub document: Document,
    pub events: Vec<Event>,
    /// `vigie_coder::EXTRACTION_VERSION` of the coder that produced `events`.
    pub extraction_version: String,
}

/// What happened to one ingested document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Not stored before.
    New,
    /// Same id and same content already stored (or the same content under
    /// another id): nothing written.
    Known,
    /// Same id, different content: the stored text and events were replaced.
    Updated,
}

/// Counts for one `ingest` call (one transaction), added up by the caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSummary {
    pub documents_new: u64,
    pub documents_known: u64,
    pub documents_updated: u64,
    /// Stored events created by this batch.
    pub events_new: u64,
    /// Reports of this batch merged into an event that another document
    /// (stored before or in the same batch) also reports.
    pub events_merged: u64,
}

impl IngestSummary {
    pub fn add(&mut self, o: &IngestSummary) {
        self.documents_new += o.documents_new;
        self.documents_known += o.documents_known;
        self.documents_updated += o.documents_updated;
        self.events_new += o.events_new;
        self.events_merged += o.events_merged;
    }
}

/// One document's report of a stored event: its own reading of the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc_id: String,
    /// The event id the coder gave this report.
    pub report_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Outlet name (`Document::source`).
    pub source: Option<String>,
    pub published: Option<String>,
    pub event_date: Option<String>,
    pub sub_event_type: String,
    pub location: Option<String>,
    /// This source's own figure (ACLED keeps each; the event takes the lowest
    /// credible one).
    pub fatalities: Option<u32>,
    pub fatalities_text: Option<String>,
    pub claimed: bool,
    pub evidence: Vec<Evidence>,
}

/// A stored event: one real-world event, possibly reported by several
/// documents. Serialises as the `formats.md` event object plus `sources`,
/// `merge_reason` and `extraction_version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub event: Event,
    pub sources: Vec<Source>,
    /// Why the reports were joined; `None` for a single-source event.
    pub merge_reason: Option<String>,
    pub extraction_version: String,
}

/// The fields of a stored event that maps and lists show, read from the
/// store's columns without decoding the whole record (see
/// [`crate::Store::query_summaries`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub event_id: String,
    pub event_date: Option<String>,
    pub date_precision: Option<String>,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// Place name.
    pub location: Option<String>,
    pub admin1: Option<String>,
    pub country: Option<String>,
    pub geo_precision: Option<u8>,
    /// Both set or both `None`.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub fatalities: Option<u32>,
    pub claimed: bool,
    /// Number of sources.
    pub sources: u64,
}

impl EventSummary {
    /// The summary of a full record (what the store's columns hold).
    pub fn of(se: &StoredEvent) -> EventSummary {
        let e = &se.event;
        let loc = e.location.as_ref();
        let lat = loc.and_then(|l| l.latitude).filter(|v| v.is_finite());
        let lon = loc.and_then(|l| l.longitude).filter(|v| v.is_finite());
        let both = lat.is_some() && lon.is_some();
        EventSummary {
            event_id: e.event_id.clone(),
            event_date: e.event_date.clone(),
            date_precision: e.date_precision.clone(),
            disorder_type: e.disorder_type.clone(),
            event_type: e.event_type.clone(),
            sub_event_type: e.sub_event_type.clone(),
            actor1: e.actor1.as_ref().map(|a| a.name.clone()),
            actor2: e.actor2.as_ref().map(|a| a.name.clone()),
            location: loc.and_then(|l| l.name.clone()),
            admin1: loc.and_then(|l| l.admin1.clone()),
            country: loc.and_then(|l| l.country.clone()),
            geo_precision: loc.and_then(|l| l.geo_precision),
            latitude: lat.filter(|_| both),
            longitude: lon.filter(|_| both),
            fatalities: e.fatalities,
            claimed: e.claimed,
            sources: se.sources.len() as u64,
        }
    }
}

/// A stored document with the evidence spans of its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub id: String,
    pub text: String,
    pub published: Option<DateInterval>,
    pub lang: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub origin: String,
    /// SHA-256 of the text (hex).
    pub content_hash: String,
    pub extraction_version: String,
    pub ingested_at: String,
    /// Each report the document made: which stored event it belongs to and
    /// the evidence spans (byte offsets into `text`).
    pub reports: Vec<DocumentReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    pub report_id: String,
    /// The stored (merged) event id.
    pub event_id: String,
    pub sub_event_type: String,
    pub evidence: Vec<Evidence>,
}

/// What `recode` changed for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub doc_id: String,
    pub at: String,
    pub old_version: String,
    pub new_version: String,
    /// Report ids that disappeared, appeared, or kept their id but changed.
    pub removed: Vec<String>,
    pub added: Vec<String>,
    pub changed: Vec<String>,
}

impl HistoryEntry {
    pub fn is_noop(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty() && self.changed.is_empty()
    }
}

/// Geographic bounding box, degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl std::str::FromStr for BBox {
    type Err = String;
    /// `minlon,minlat,maxlon,maxlat`.
    fn from_str(s: &str) -> Result<Self, String> {
        let v: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("bbox {s:?}: expected minlon,minlat,maxlon,maxlat"))?;
        if v.len() != 4 || v.iter().any(|x| !x.is_finite()) {
            return Err(format!("bbox {s:?}: expected 4 numbers"));
        }
        let b = BBox {
            min_lon: v[0],
            min_lat: v[1],
            max_lon: v[2],
            max_lat: v[3],
        };
        if b.min_lon > b.max_lon || b.min_lat > b.max_lat {
            return Err(format!("bbox {s:?}: minimum above maximum"));
        }
        Ok(b)
    }
}

/// Sort order of query results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Event date, then id (the default; newest first when descending).
    #[default]
    Date,
    Fatalities,
    Country,
    EventType,
    /// Number of sources.
    Sources,
}

impl std::str::FromStr for SortKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "date" | "event_date" => Ok(SortKey::Date),
            "fatalities" => Ok(SortKey::Fatalities),
            "country" => Ok(SortKey::Country),
            "type" | "event_type" => Ok(SortKey::EventType),
            "sources" => Ok(SortKey::Sources),
            _ => Err(format!(
                "unknown sort key {s:?} (date, fatalities, country, event_type, sources)"
            )),
        }
    }
}

/// Filters, sorting and pagination for events. Every filter is optional and
/// they combine with AND. Text values match exactly except `actor` (substring,
/// case-insensitive) and `text` (full-text search over the documents and the
/// evidence of the event's sources).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventQuery {
    /// Country name (`Mali`) or ISO3 code (`MLI`), case-insensitive.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    /// Events whose date is on or after / before this day.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub disorder_type: Option<String>,
    pub actor: Option<String>,
    pub bbox: Option<BBox>,
    pub text: Option<String>,
    /// Only events one of whose sources is this document.
    pub doc_id: Option<String>,
    pub min_fatalities: Option<u32>,
    pub sort: SortKey,
    /// Descending (the default for dates: newest first).
    pub descending: bool,
    pub limit: Option<u64>,
    pub offset: u64,
}

/// One bucket of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub events: u64,
    pub fatalities: u64,
}

/// Aggregates over the events a query selects (limit/offset ignored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub events: u64,
    pub fatalities: u64,
    pub documents: u64,
    /// ISO week start (Monday, `YYYY-MM-DD`), ascending.
    pub by_week: Vec<Count>,
    pub by_event_type: Vec<Count>,
    pub by_sub_event_type: Vec<Count>,
    pub by_country: Vec<Count>,
    pub by_admin1: Vec<Count>,
    /// actor1 and actor2 counted separately (an event counts once per actor).
    pub by_actor: Vec<Count>,
}

/// A completion candidate for a place or actor prefix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub name: String,
    /// For places: `admin1, country`; for actors: None.
    pub context: Option<String>,
    pub events: u64,
}

/// Overall sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreCounts {
    pub documents: u64,
    /// Per-document event reports.
    pub reports: u64,
    /// Stored (merged) events.
    pub events: u64,
}
