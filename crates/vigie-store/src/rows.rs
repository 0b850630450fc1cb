//! Column values derived from a stored event, shared by both backends so
//! that their filters agree.

use crate::merge::day_number;
use crate::types::StoredEvent;
use chrono::{Datelike, Duration, NaiveDate};

pub(crate) struct EventCols {
    pub day: Option<i64>,
    pub event_date: Option<String>,
    /// Monday of the event's ISO week, `YYYY-MM-DD`.
    pub week: Option<String>,
    pub country: Option<String>,
    pub iso3: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub disorder_type: String,
    pub date_precision: Option<String>,
    pub geo_precision: Option<i64>,
    pub claimed: bool,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub fatalities: Option<i64>,
    pub n_sources: i64,
    /// (actor name, is main actor) without duplicates.
    pub actors: Vec<(String, bool)>,
    /// Event location names with context, for autocompletion.
    pub place_context: Option<String>,
}

pub(crate) fn lc(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|x| x.trim().to_lowercase())
}

impl EventCols {
    pub fn of(se: &StoredEvent) -> EventCols {
        let e = &se.event;
        let day = e.event_date.as_deref().and_then(day_number);
        let week = day
            .and_then(|n| NaiveDate::from_num_days_from_ce_opt(n as i32))
            .map(|d| {
                let m = d - Duration::days(d.weekday().num_days_from_monday() as i64);
                format!("{:04}-{:02}-{:02}", m.year(), m.month(), m.day())
            });
        let loc = e.location.as_ref();
        let get = |f: fn(&vigie_model::Location) -> Option<String>| loc.and_then(f);
        let mut actors: Vec<(String, bool)> = Vec::new();
        let mut push = |n: &str, main: bool| {
            if n.trim().is_empty() {
                return;
            }
            if let Some(x) = actors.iter_mut().find(|(a, _)| a == n) {
                x.1 |= main;
            } else {
                actors.push((n.to_string(), main));
            }
        };
        for a in [&e.actor1, &e.actor2].into_iter().flatten() {
            push(&a.name, true);
        }
        for a in e.assoc_actor_1.iter().chain(e.assoc_actor_2.iter()) {
            push(&a.name, false);
        }
        let lat = loc.and_then(|l| l.latitude).filter(|v| v.is_finite());
        let lon = loc.and_then(|l| l.longitude).filter(|v| v.is_finite());
        let (latitude, longitude) = match (lat, lon) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        let place_context = loc.map(|l| {
            [l.admin1.as_deref(), l.country.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        });
        EventCols {
            day,
            event_date: e.event_date.clone(),
            week,
            country: get(|l| l.country.clone()),
            iso3: get(|l| l.iso3.clone()).map(|s| s.to_uppercase()),
            admin1: get(|l| l.admin1.clone()),
            admin2: get(|l| l.admin2.clone()),
            location: get(|l| l.name.clone()),
            event_type: e.event_type.clone(),
            sub_event_type: e.sub_event_type.clone(),
            disorder_type: e.disorder_type.clone(),
            date_precision: e.date_precision.clone(),
            geo_precision: loc.and_then(|l| l.geo_precision).map(i64::from),
            claimed: e.claimed,
            actor1: e.actor1.as_ref().map(|a| a.name.clone()),
            actor2: e.actor2.as_ref().map(|a| a.name.clone()),
            latitude,
            longitude,
            fatalities: e.fatalities.map(i64::from),
            n_sources: se.sources.len() as i64,
            actors,
            place_context,
        }
    }
}

/// Window of candidate rows for a report: `day_lo` range and the rough box.
pub(crate) struct CandidateWindow {
    pub family: String,
    pub lo_min: i64,
    pub lo_max: i64,
    pub hi_min: i64,
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub admin2_key: Option<String>,
}

impl CandidateWindow {
    pub fn of(r: &crate::merge::Report) -> Option<CandidateWindow> {
        use crate::merge::{MAX_GAP_DAYS, MAX_KM, MAX_MERGE_SPAN_DAYS};
        let (lo, hi) = r.days()?;
        let bbox = r.lat_lon().map(|(lat, lon)| {
            let dlat = MAX_KM / 110.0 + 0.01;
            let dlon = (MAX_KM / (111.32 * lat.to_radians().cos().abs().max(0.05))) + 0.01;
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
        });
        Some(CandidateWindow {
            family: r.family(),
            lo_min: lo - MAX_GAP_DAYS - MAX_MERGE_SPAN_DAYS,
            lo_max: hi + MAX_GAP_DAYS,
            hi_min: lo - MAX_GAP_DAYS,
            bbox,
            admin2_key: r.admin2_key(),
        })
    }
}
