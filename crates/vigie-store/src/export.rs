//! Export formats: ACLED's CSV columns and GeoJSON.

use crate::types::StoredEvent;
use serde_json::{json, Value};

/// ACLED's 31 export columns, in ACLED's order (taxonomy §5).
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// ISO 3166 numeric code and UN geoscheme region for the countries vigie
/// reports on (ACLED's `iso` and `region` columns).
fn iso_region(iso3: &str, country: &str) -> Option<(u16, &'static str)> {
    const T: &[(&str, &str, u16, &str)] = &[
        ("MLI", "Mali", 466, "Western Africa"),
        ("BFA", "Burkina Faso", 854, "Western Africa"),
        ("NER", "Niger", 562, "Western Africa"),
        ("NGA", "Nigeria", 566, "Western Africa"),
        ("SEN", "Senegal", 686, "Western Africa"),
        ("MRT", "Mauritania", 478, "Western Africa"),
        ("BEN", "Benin", 204, "Western Africa"),
        ("TGO", "Togo", 768, "Western Africa"),
        ("GHA", "Ghana", 288, "Western Africa"),
        ("CIV", "Ivory Coast", 384, "Western Africa"),
        ("GIN", "Guinea", 324, "Western Africa"),
        ("GMB", "Gambia", 270, "Western Africa"),
        ("GNB", "Guinea-Bissau", 624, "Western Africa"),
        ("SLE", "Sierra Leone", 694, "Western Africa"),
        ("LBR", "Liberia", 430, "Western Africa"),
        ("CPV", "Cape Verde", 132, "Western Africa"),
        ("TCD", "Chad", 148, "Middle Africa"),
        ("CMR", "Cameroon", 120, "Middle Africa"),
        ("CAF", "Central African Republic", 140, "Middle Africa"),
        ("COD", "Democratic Republic of Congo", 180, "Middle Africa"),
        ("COG", "Republic of Congo", 178, "Middle Africa"),
        ("GAB", "Gabon", 266, "Middle Africa"),
        ("DZA", "Algeria", 12, "Northern Africa"),
        ("LBY", "Libya", 434, "Northern Africa"),
        ("MAR", "Morocco", 504, "Northern Africa"),
        ("TUN", "Tunisia", 788, "Northern Africa"),
        ("EGY", "Egypt", 818, "Northern Africa"),
        ("SDN", "Sudan", 729, "Northern Africa"),
        ("SSD", "South Sudan", 728, "Eastern Africa"),
        ("ETH", "Ethiopia", 231, "Eastern Africa"),
        ("SOM", "Somalia", 706, "Eastern Africa"),
        ("KEN", "Kenya", 404, "Eastern Africa"),
        ("UGA", "Uganda", 800, "Eastern Africa"),
        ("MOZ", "Mozambique", 508, "Eastern Africa"),
        ("FRA", "France", 250, "Europe"),
    ];
    T.iter()
        .find(|(i, c, _, _)| i.eq_ignore_ascii_case(iso3) || c.eq_ignore_ascii_case(country))
        .map(|(_, _, n, r)| (*n, *r))
}

fn inter_text(code: Option<u8>) -> String {
    code.filter(|c| (1..=8).contains(c))
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// ACLED's two-digit interaction code: lower inter first; `X0` for one actor.
pub fn interaction(i1: Option<u8>, i2: Option<u8>) -> Option<u16> {
    let valid = |c: Option<u8>| c.filter(|c| (1..=8).contains(c));
    match (valid(i1), valid(i2)) {
        (Some(a), Some(b)) => Some(u16::from(a.min(b)) * 10 + u16::from(a.max(b))),
        (Some(a), None) | (None, Some(a)) => Some(u16::from(a) * 10),
        (None, None) => None,
    }
}

/// One event as ACLED's 31 CSV fields.
pub fn acled_record(se: &StoredEvent) -> Vec<String> {
    let e = &se.event;
    let loc = e.location.as_ref();
    let s = |v: Option<&String>| v.cloned().unwrap_or_default();
    let year = e
        .event_date
        .as_deref()
        .and_then(|d| d.get(..4))
        .unwrap_or("")
        .to_string();
    let time_precision = match e.date_precision.as_deref() {
        Some("day") => "1",
        Some("week") => "2",
        Some("month") | Some("year") => "3",
        _ => "",
    };
    let names = |v: &[vigie_model::ActorRef]| {
        v.iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let i1 = e.actor1.as_ref().and_then(|a| a.inter);
    let i2 = e.actor2.as_ref().and_then(|a| a.inter);
    let civ = i2 == Some(7)
        && matches!(
            e.event_type.as_str(),
            "Violence against civilians" | "Explosions/Remote violence" | "Riots"
        )
        || e.sub_event_type == "Excessive force against protesters";
    let iso3 = loc.and_then(|l| l.iso3.clone()).unwrap_or_default();
    let country = loc.and_then(|l| l.country.clone()).unwrap_or_default();
    let (iso, region) = iso_region(&iso3, &country)
        .map(|(n, r)| (n.to_string(), r.to_string()))
        .unwrap_or_default();
    let coord = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let mut outlets: Vec<String> = se
        .sources
        .iter()
        .map(|s| s.source.clone().unwrap_or_else(|| s.doc_id.clone()))
        .collect();
    outlets.sort();
    outlets.dedup();
    let stored_at = chrono::Utc::now().timestamp();
    vec![
        e.event_id.clone(),
        s(e.event_date.as_ref()),
        year,
        time_precision.to_string(),
        e.disorder_type.clone(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        e.actor1
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        names(&e.assoc_actor_1),
        inter_text(i1),
        e.actor2
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        names(&e.assoc_actor_2),
        inter_text(i2),
        interaction(i1, i2)
            .map(|c| c.to_string())
            .unwrap_or_default(),
        if civ {
            "Civilians targeted".into()
        } else {
            String::new()
        },
        iso,
        region,
        country,
        s(loc.and_then(|l| l.admin1.as_ref())),
        s(loc.and_then(|l| l.admin2.as_ref())),
        s(loc.and_then(|l| l.admin3.as_ref())),
        s(loc.and_then(|l| l.name.as_ref())),
        coord(loc.and_then(|l| l.latitude)),
        coord(loc.and_then(|l| l.longitude)),
        loc.and_then(|l| l.geo_precision)
            .map(|g| g.to_string())
            .unwrap_or_default(),
        outlets.join("; "),
        String::new(),
        e.notes.clone(),
        // ACLED: no reported deaths is 0.
        e.fatalities.unwrap_or(0).to_string(),
        e.tags.join("; "),
        stored_at.to_string(),
    ]
}

/// Writes events as ACLED CSV (header first).
pub fn write_acled_csv<W: std::io::Write>(
    out: W,
    events: &[StoredEvent],
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    for e in events {
        w.write_record(acled_record(e))?;
    }
    w.flush()?;
    Ok(())
}

/// One event as a GeoJSON Feature (null geometry without coordinates).
pub fn geojson_feature(se: &StoredEvent) -> Value {
    let e = &se.event;
    let geometry = match e
        .location
        .as_ref()
        .and_then(|l| Some((l.longitude?, l.latitude?)))
    {
        Some((lon, lat)) if lon.is_finite() && lat.is_finite() => {
            json!({"type": "Point", "coordinates": [lon, lat]})
        }
        _ => Value::Null,
    };
    let mut props = serde_json::to_value(se).unwrap_or(Value::Null);
    if let Some(o) = props.as_object_mut() {
        o.remove("evidence");
        o.remove("field_evidence");
        if let Some(srcs) = o.get_mut("sources").and_then(Value::as_array_mut) {
            for s in srcs {
                if let Some(so) = s.as_object_mut() {
                    so.remove("evidence");
                }
            }
        }
    }
    json!({"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props})
}

/// A FeatureCollection of the events.
pub fn geojson_collection(events: &[StoredEvent]) -> Value {
    json!({
        "type": "FeatureCollection",
        "features": events.iter().map(geojson_feature).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interaction_codes() {
        assert_eq!(interaction(Some(2), Some(1)), Some(12));
        assert_eq!(interaction(Some(1), None), Some(10));
        assert_eq!(interaction(Some(7), Some(3)), Some(37));
        assert_eq!(interaction(None, None), None);
        assert_eq!(interaction(Some(9), Some(1)), Some(10));
    }
}
