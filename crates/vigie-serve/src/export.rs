//! Export formats: ACLED's 31-column CSV and GeoJSON.

use serde::Serialize;
use vigie_model::ActorRef;
use vigie_store::{EventSummary, StoredEvent};

/// ACLED's public export columns, in ACLED's order: the store's list.
pub use vigie_store::export::ACLED_COLUMNS;

/// ACLED's text form of an inter code.
fn inter_text(code: u8) -> Option<&'static str> {
    Some(match code {
        1 => "State forces",
        2 => "Rebel group",
        3 => "Political militia",
        4 => "Identity militia",
        5 => "Rioters",
        6 => "Protesters",
        7 => "Civilians",
        8 => "External/Other forces",
        _ => return None,
    })
}

/// ISO 3166 numeric code and ACLED region of the countries vigie covers;
/// others get empty cells rather than a guess.
fn iso_region(iso3: &str) -> Option<(u16, &'static str)> {
    Some(match iso3 {
        "MLI" => (466, "Western Africa"),
        "BFA" => (854, "Western Africa"),
        "NER" => (562, "Western Africa"),
        "MRT" => (478, "Western Africa"),
        "SEN" => (686, "Western Africa"),
        "GIN" => (324, "Western Africa"),
        "CIV" => (384, "Western Africa"),
        "GHA" => (288, "Western Africa"),
        "TGO" => (768, "Western Africa"),
        "BEN" => (204, "Western Africa"),
        "NGA" => (566, "Western Africa"),
        "GMB" => (270, "Western Africa"),
        "GNB" => (624, "Western Africa"),
        "SLE" => (694, "Western Africa"),
        "LBR" => (430, "Western Africa"),
        "TCD" => (148, "Middle Africa"),
        "CMR" => (120, "Middle Africa"),
        "CAF" => (140, "Middle Africa"),
        "DZA" => (12, "Northern Africa"),
        "LBY" => (434, "Northern Africa"),
        "SDN" => (729, "Northern Africa"),
        "MAR" => (504, "Northern Africa"),
        _ => return None,
    })
}

fn names(actors: &[ActorRef]) -> String {
    actors
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// "State forces-Rebel group" (lower code first) or "Rebel group only".
fn interaction(a: Option<u8>, b: Option<u8>) -> String {
    match (
        a.and_then(inter_text).map(|t| (a, t)),
        b.and_then(inter_text).map(|t| (b, t)),
    ) {
        (Some((ca, ta)), Some((cb, tb))) => {
            if ca <= cb {
                format!("{ta}-{tb}")
            } else {
                format!("{tb}-{ta}")
            }
        }
        (Some((_, t)), None) | (None, Some((_, t))) => format!("{t} only"),
        (None, None) => String::new(),
    }
}

fn civilian_targeting(s: &StoredEvent) -> &'static str {
    let e = &s.event;
    let targets_civilians = e.actor2.as_ref().and_then(|a| a.inter) == Some(7);
    let kind_counts = matches!(
        e.event_type.as_str(),
        "Violence against civilians" | "Explosions/Remote violence" | "Riots"
    ) || e.sub_event_type == "Excessive force against protesters";
    if targets_civilians && kind_counts {
        "Civilians targeted"
    } else {
        ""
    }
}

/// The outlets of the sources, once each, in source order ("; "-separated as
/// ACLED writes them); the document id stands in for an unnamed outlet.
fn source_names(s: &StoredEvent) -> String {
    let mut out: Vec<&str> = Vec::new();
    for src in &s.sources {
        let name = src.source.as_deref().unwrap_or(src.doc_id.as_str());
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.join("; ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// One CSV row in [`ACLED_COLUMNS`] order.
pub fn acled_row(s: &StoredEvent) -> Vec<String> {
    let e = &s.event;
    let loc = e.location.as_ref();
    let iso3 = loc.and_then(|l| l.iso3.as_deref()).unwrap_or("");
    let (iso, region) = iso_region(iso3)
        .map(|(n, r)| (n.to_string(), r.to_string()))
        .unwrap_or_default();
    let inter1 = e.actor1.as_ref().and_then(|a| a.inter);
    let inter2 = e.actor2.as_ref().and_then(|a| a.inter);
    let precision = match e.date_precision.as_deref() {
        Some("day") => "1",
        Some("week") => "2",
        Some("month") | Some("year") => "3",
        _ => "",
    };
    vec![
        e.event_id.clone(),
        opt(e.event_date.as_ref()),
        opt(e.event_date.as_deref().and_then(|d| d.get(0..4))),
        precision.to_string(),
        e.disorder_type.clone(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        opt(e.actor1.as_ref().map(|a| &a.name)),
        names(&e.assoc_actor_1),
        opt(inter1.and_then(inter_text)),
        opt(e.actor2.as_ref().map(|a| &a.name)),
        names(&e.assoc_actor_2),
        opt(inter2.and_then(inter_text)),
        interaction(inter1, inter2),
        civilian_targeting(s).to_string(),
        iso,
        region,
        opt(loc.and_then(|l| l.country.as_ref())),
        opt(loc.and_then(|l| l.admin1.as_ref())),
        opt(loc.and_then(|l| l.admin2.as_ref())),
        opt(loc.and_then(|l| l.admin3.as_ref())),
        opt(loc.and_then(|l| l.name.as_ref())),
        opt(loc.and_then(|l| l.latitude)),
        opt(loc.and_then(|l| l.longitude)),
        opt(loc.and_then(|l| l.geo_precision)),
        source_names(s),
        String::new(),
        e.notes.clone(),
        opt(e.fatalities),
        e.tags.join("; "),
        String::new(),
    ]
}

/// The events as an ACLED CSV document (header included).
pub fn acled_csv(events: &[StoredEvent]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(ACLED_COLUMNS)?;
    for s in events {
        w.write_record(acled_row(s))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A GeoJSON FeatureCollection of events, serialised without building a
/// `serde_json::Value` tree (exports reach 100,000 features).
#[derive(Serialize)]
pub struct FeatureCollection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature<'a>>,
}

impl<'a> FeatureCollection<'a> {
    /// Keeps only the named properties in every feature (a map needs a few
    /// of them: 10,000 full features are 5 MB).
    pub fn only(mut self, fields: &Fields) -> Self {
        for f in &mut self.features {
            f.properties.keep = fields.0;
        }
        self
    }

    pub fn of(events: &'a [StoredEvent]) -> Self {
        FeatureCollection {
            kind: "FeatureCollection",
            features: events.iter().map(Feature::of).collect(),
        }
    }

    /// The same collection from summaries (what the store reads cheaply).
    pub fn of_summaries(events: &'a [EventSummary]) -> Self {
        FeatureCollection {
            kind: "FeatureCollection",
            features: events.iter().map(Feature::of_summary).collect(),
        }
    }
}

/// A Feature: a Point where the event has coordinates (RFC 7946 order:
/// longitude, latitude), a null geometry otherwise, and the fields a map
/// needs as properties.
#[derive(Serialize)]
pub struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Option<Point>,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

/// The property names of GeoJSON features, in output order.
pub const PROPERTY_NAMES: [&str; 15] = [
    "event_id",
    "event_date",
    "date_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country",
    "geo_precision",
    "fatalities",
    "claimed",
    "sources",
];

/// A subset of [`PROPERTY_NAMES`] (bit i: name i).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields(u16);

impl Fields {
    pub const ALL: Fields = Fields(u16::MAX);
}

impl std::str::FromStr for Fields {
    type Err = String;
    /// Comma-separated property names.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut mask = 0u16;
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let i = PROPERTY_NAMES
                .iter()
                .position(|p| *p == name)
                .ok_or_else(|| {
                    format!(
                        "unknown property {name:?}; known: {}",
                        PROPERTY_NAMES.join(", ")
                    )
                })?;
            mask |= 1 << i;
        }
        if mask == 0 {
            return Err("no property named".into());
        }
        Ok(Fields(mask))
    }
}

struct Properties<'a> {
    /// Which properties are written ([`Fields`] bits).
    keep: u16,
    event_id: &'a str,
    event_date: Option<&'a str>,
    date_precision: Option<&'a str>,
    disorder_type: &'a str,
    event_type: &'a str,
    sub_event_type: &'a str,
    actor1: Option<&'a str>,
    actor2: Option<&'a str>,
    location: Option<&'a str>,
    admin1: Option<&'a str>,
    country: Option<&'a str>,
    geo_precision: Option<u8>,
    fatalities: Option<u32>,
    claimed: bool,
    sources: usize,
}

impl Serialize for Properties<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.keep.count_ones().min(15) as usize))?;
        let on = |i: usize| self.keep & (1 << i) != 0;
        let n = &PROPERTY_NAMES;
        if on(0) {
            m.serialize_entry(n[0], self.event_id)?;
        }
        if on(1) {
            m.serialize_entry(n[1], &self.event_date)?;
        }
        if on(2) {
            m.serialize_entry(n[2], &self.date_precision)?;
        }
        if on(3) {
            m.serialize_entry(n[3], self.disorder_type)?;
        }
        if on(4) {
            m.serialize_entry(n[4], self.event_type)?;
        }
        if on(5) {
            m.serialize_entry(n[5], self.sub_event_type)?;
        }
        if on(6) {
            m.serialize_entry(n[6], &self.actor1)?;
        }
        if on(7) {
            m.serialize_entry(n[7], &self.actor2)?;
        }
        if on(8) {
            m.serialize_entry(n[8], &self.location)?;
        }
        if on(9) {
            m.serialize_entry(n[9], &self.admin1)?;
        }
        if on(10) {
            m.serialize_entry(n[10], &self.country)?;
        }
        if on(11) {
            m.serialize_entry(n[11], &self.geo_precision)?;
        }
        if on(12) {
            m.serialize_entry(n[12], &self.fatalities)?;
        }
        if on(13) {
            m.serialize_entry(n[13], &self.claimed)?;
        }
        if on(14) {
            m.serialize_entry(n[14], &self.sources)?;
        }
        m.end()
    }
}

impl<'a> Feature<'a> {
    pub fn of_summary(s: &'a EventSummary) -> Self {
        let geometry = match (s.longitude, s.latitude) {
            (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => Some(Point {
                kind: "Point",
                coordinates: [lon, lat],
            }),
            _ => None,
        };
        Feature {
            kind: "Feature",
            id: &s.event_id,
            geometry,
            properties: Properties {
                keep: Fields::ALL.0,
                event_id: &s.event_id,
                event_date: s.event_date.as_deref(),
                date_precision: s.date_precision.as_deref(),
                disorder_type: &s.disorder_type,
                event_type: &s.event_type,
                sub_event_type: &s.sub_event_type,
                actor1: s.actor1.as_deref(),
                actor2: s.actor2.as_deref(),
                location: s.location.as_deref(),
                admin1: s.admin1.as_deref(),
                country: s.country.as_deref(),
                geo_precision: s.geo_precision,
                fatalities: s.fatalities,
                claimed: s.claimed,
                sources: s.sources as usize,
            },
        }
    }

    pub fn of(s: &'a StoredEvent) -> Self {
        let e = &s.event;
        let loc = e.location.as_ref();
        let geometry = match (loc.and_then(|l| l.longitude), loc.and_then(|l| l.latitude)) {
            (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => Some(Point {
                kind: "Point",
                coordinates: [lon, lat],
            }),
            _ => None,
        };
        Feature {
            kind: "Feature",
            id: &e.event_id,
            geometry,
            properties: Properties {
                keep: Fields::ALL.0,
                event_id: &e.event_id,
                event_date: e.event_date.as_deref(),
                date_precision: e.date_precision.as_deref(),
                disorder_type: &e.disorder_type,
                event_type: &e.event_type,
                sub_event_type: &e.sub_event_type,
                actor1: e.actor1.as_ref().map(|a| a.name.as_str()),
                actor2: e.actor2.as_ref().map(|a| a.name.as_str()),
                location: loc.and_then(|l| l.name.as_deref()),
                admin1: loc.and_then(|l| l.admin1.as_deref()),
                country: loc.and_then(|l| l.country.as_deref()),
                geo_precision: loc.and_then(|l| l.geo_precision),
                fatalities: e.fatalities,
                claimed: e.claimed,
                sources: s.sources.len(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_select_properties() {
        let f: Fields = "event_type, fatalities".parse().unwrap();
        assert_eq!(f, Fields((1 << 4) | (1 << 12)));
        assert!("event_type,nope".parse::<Fields>().is_err());
        assert!(" , ".parse::<Fields>().is_err());
        let s = vigie_store::EventSummary {
            event_id: "e1".into(),
            event_date: Some("2024-01-02".into()),
            date_precision: None,
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: None,
            actor2: None,
            location: None,
            admin1: None,
            country: None,
            geo_precision: None,
            latitude: Some(14.5),
            longitude: Some(-1.5),
            fatalities: Some(3),
            claimed: false,
            sources: 1,
        };
        let all = [s];
        let v = serde_json::to_value(FeatureCollection::of_summaries(&all).only(&f)).unwrap();
        assert_eq!(
            v["features"][0]["properties"],
            serde_json::json!({"event_type": "Battles", "fatalities": 3})
        );
        assert_eq!(v["features"][0]["geometry"]["coordinates"][0], -1.5);
        let full = serde_json::to_value(FeatureCollection::of_summaries(&all)).unwrap();
        assert_eq!(
            full["features"][0]["properties"].as_object().unwrap().len(),
            15
        );
    }

    #[test]
    fn interaction_orders_codes() {
        assert_eq!(interaction(Some(2), Some(1)), "State forces-Rebel group");
        assert_eq!(interaction(Some(7), None), "Civilians only");
        assert_eq!(interaction(None, None), "");
    }
}
