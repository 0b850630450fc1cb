//! Query-string validation: turns the raw `key=value` pairs of a request
//! into a store [`EventQuery`], refusing unknown keys, repeated keys, bad
//! dates, bad numbers and oversized pages with a message naming the key.

use crate::error::ApiError;
use std::collections::HashSet;
use vigie_model::DateInterval;
use vigie_store::{BBox, EventQuery, SortKey};

/// Page sizes: JSON pages are for screens, exports for programs.
#[derive(Debug, Clone, Copy)]
pub struct PageLimits {
    pub default: u64,
    pub max: u64,
}

pub const JSON_PAGE: PageLimits = PageLimits {
    default: 100,
    max: 1000,
};
pub const EXPORT_PAGE: PageLimits = PageLimits {
    default: 10_000,
    max: 100_000,
};

/// Deepest page: far beyond any real listing, and small enough that no
/// backend sees an overflowing OFFSET.
const MAX_OFFSET: u64 = 10_000_000;

/// Longest accepted value of any parameter (a URL is not a document).
const MAX_VALUE_LEN: usize = 500;

/// Filter keys shared by every endpoint that selects events.
const FILTER_KEYS: &[&str] = &[
    "from",
    "to",
    "country",
    "admin1",
    "admin2",
    "type",
    "event_type",
    "sub_type",
    "sub_event_type",
    "disorder_type",
    "actor",
    "bbox",
    "text",
    "doc_id",
    "min_fatalities",
];
const PAGE_KEYS: &[&str] = &["sort", "order", "limit", "offset"];

/// Checks that every key is known and given once, and that no value is
/// oversized; returns the pairs for the typed parsers below.
fn check_keys<'a>(
    pairs: &'a [(String, String)],
    allowed: &[&[&str]],
) -> Result<Vec<(&'a str, &'a str)>, ApiError> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        if !allowed.iter().any(|set| set.contains(&k.as_str())) {
            let all: Vec<&str> = allowed.iter().flat_map(|s| s.iter().copied()).collect();
            return Err(ApiError::bad_parameter(format!(
                "unknown parameter {k:?}; accepted: {}",
                all.join(", ")
            )));
        }
        if !seen.insert(k.as_str()) {
            return Err(ApiError::bad_parameter(format!(
                "parameter {k:?} given more than once"
            )));
        }
        if v.len() > MAX_VALUE_LEN {
            return Err(ApiError::bad_parameter(format!(
                "parameter {k:?} is longer than {MAX_VALUE_LEN} bytes"
            )));
        }
        out.push((k.as_str(), v.as_str()));
    }
    Ok(out)
}

fn non_empty(key: &str, v: &str) -> Result<String, ApiError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(ApiError::bad_parameter(format!(
            "parameter {key:?} is empty"
        )));
    }
    Ok(t.to_string())
}

fn date(key: &str, v: &str) -> Result<DateInterval, ApiError> {
    DateInterval::parse(v).ok_or_else(|| {
        ApiError::bad_parameter(format!(
            "parameter {key:?}: {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        ))
    })
}

fn number(key: &str, v: &str) -> Result<u64, ApiError> {
    v.trim().parse::<u64>().map_err(|_| {
        ApiError::bad_parameter(format!(
            "parameter {key:?}: {v:?} is not a non-negative integer"
        ))
    })
}

/// Takes the GeoJSON export's `fields` parameter (which properties to
/// write, default all) out of the pairs.
pub fn fields(
    mut pairs: Vec<(String, String)>,
) -> Result<(Vec<(String, String)>, crate::export::Fields), ApiError> {
    let mut found = None;
    let mut i = 0;
    while i < pairs.len() {
        if pairs[i].0 == "fields" {
            let (_, v) = pairs.remove(i);
            if found.is_some() {
                return Err(ApiError::bad_parameter(
                    "parameter \"fields\" given more than once",
                ));
            }
            if v.len() > MAX_VALUE_LEN {
                return Err(ApiError::bad_parameter(format!(
                    "parameter \"fields\" is longer than {MAX_VALUE_LEN} bytes"
                )));
            }
            found = Some(
                v.parse()
                    .map_err(|e| ApiError::bad_parameter(format!("parameter \"fields\": {e}")))?,
            );
        } else {
            i += 1;
        }
    }
    Ok((pairs, found.unwrap_or(crate::export::Fields::ALL)))
}

/// Parses the filters (and, when `page` is given, sorting and pagination).
pub fn event_query(
    pairs: &[(String, String)],
    page: Option<PageLimits>,
) -> Result<EventQuery, ApiError> {
    let allowed: Vec<&[&str]> = if page.is_some() {
        vec![FILTER_KEYS, PAGE_KEYS]
    } else {
        vec![FILTER_KEYS]
    };
    let pairs = check_keys(pairs, &allowed)?;
    let mut q = EventQuery::default();
    let mut order: Option<bool> = None;
    let mut sort_desc: Option<bool> = None;
    for (k, v) in pairs {
        match k {
            // A month or year widens to its whole interval on both ends.
            "from" => q.from = Some(date(k, v)?.earliest),
            "to" => q.to = Some(date(k, v)?.latest),
            "country" => q.country = Some(non_empty(k, v)?),
            "admin1" => q.admin1 = Some(non_empty(k, v)?),
            "admin2" => q.admin2 = Some(non_empty(k, v)?),
            "type" | "event_type" => q.event_type = Some(non_empty(k, v)?),
            "sub_type" | "sub_event_type" => q.sub_event_type = Some(non_empty(k, v)?),
            "disorder_type" => q.disorder_type = Some(non_empty(k, v)?),
            "actor" => q.actor = Some(non_empty(k, v)?),
            "text" => q.text = Some(non_empty(k, v)?),
            "doc_id" => q.doc_id = Some(non_empty(k, v)?),
            "bbox" => q.bbox = Some(bbox(v)?),
            "min_fatalities" => {
                let n = number(k, v)?;
                q.min_fatalities = Some(u32::try_from(n).map_err(|_| {
                    ApiError::bad_parameter(format!(
                        "parameter \"min_fatalities\": {n} is too large"
                    ))
                })?);
            }
            "sort" => {
                let (desc, key) = match v.strip_prefix('-') {
                    Some(rest) => (Some(true), rest),
                    None => (None, v),
                };
                q.sort = key
                    .parse::<SortKey>()
                    .map_err(|e| ApiError::bad_parameter(format!("parameter \"sort\": {e}")))?;
                sort_desc = desc;
            }
            "order" => {
                order = Some(match v.trim().to_ascii_lowercase().as_str() {
                    "asc" => false,
                    "desc" => true,
                    _ => {
                        return Err(ApiError::bad_parameter(format!(
                            "parameter \"order\": {v:?} is not asc or desc"
                        )))
                    }
                })
            }
            "limit" => {
                let n = number(k, v)?;
                let max = page.map(|p| p.max).unwrap_or(0);
                if n == 0 || n > max {
                    return Err(ApiError::bad_parameter(format!(
                        "parameter \"limit\": {n} is outside 1..={max}"
                    )));
                }
                q.limit = Some(n);
            }
            "offset" => {
                let n = number(k, v)?;
                if n > MAX_OFFSET {
                    return Err(ApiError::bad_parameter(format!(
                        "parameter \"offset\": {n} is above {MAX_OFFSET}; narrow the filters instead"
                    )));
                }
                q.offset = n;
            }
            _ => {}
        }
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(ApiError::bad_parameter(format!(
                "\"from\" ({from}) is after \"to\" ({to})"
            )));
        }
    }
    if let Some(p) = page {
        q.limit = Some(q.limit.unwrap_or(p.default));
        // Newest or deadliest first unless asked otherwise; names A to Z.
        let natural_desc = matches!(
            q.sort,
            SortKey::Date | SortKey::Fatalities | SortKey::Sources
        );
        q.descending = sort_desc.or(order).unwrap_or(natural_desc);
    }
    Ok(q)
}

fn bbox(v: &str) -> Result<BBox, ApiError> {
    let b: BBox = v
        .parse()
        .map_err(|e: String| ApiError::bad_parameter(format!("parameter \"bbox\": {e}")))?;
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
    if !(lon_ok(b.min_lon) && lon_ok(b.max_lon) && lat_ok(b.min_lat) && lat_ok(b.max_lat)) {
        return Err(ApiError::bad_parameter(format!(
            "parameter \"bbox\": {v:?} is outside -180..180 / -90..90"
        )));
    }
    Ok(b)
}

/// `q` (required prefix) and `limit` for autocompletion.
pub fn suggest_query(pairs: &[(String, String)]) -> Result<(String, usize), ApiError> {
    let pairs = check_keys(pairs, &[&["q", "limit"]])?;
    let mut q = None;
    let mut limit = 10usize;
    for (k, v) in pairs {
        match k {
            "q" => q = Some(v.trim().to_string()),
            "limit" => {
                let n = number(k, v)?;
                if n == 0 || n > 50 {
                    return Err(ApiError::bad_parameter(format!(
                        "parameter \"limit\": {n} is outside 1..=50"
                    )));
                }
                limit = n as usize;
            }
            _ => {}
        }
    }
    let q = q.ok_or_else(|| ApiError::bad_parameter("parameter \"q\" is required"))?;
    Ok((q, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parses_filters_and_defaults() {
        let q = event_query(
            &p(&[
                ("from", "2023-09"),
                ("to", "2023"),
                ("type", "Battles"),
                ("bbox", "-5,10,5,20"),
            ]),
            Some(JSON_PAGE),
        )
        .unwrap();
        assert_eq!(q.from.unwrap().to_string(), "2023-09-01");
        assert_eq!(q.to.unwrap().to_string(), "2023-12-31");
        assert_eq!(q.event_type.as_deref(), Some("Battles"));
        assert_eq!(q.limit, Some(100));
        assert!(q.descending);
        assert_eq!(q.sort, SortKey::Date);
    }

    #[test]
    fn sort_direction() {
        let q = event_query(&p(&[("sort", "-country")]), Some(JSON_PAGE)).unwrap();
        assert!(q.descending && q.sort == SortKey::Country);
        let q = event_query(&p(&[("sort", "country")]), Some(JSON_PAGE)).unwrap();
        assert!(!q.descending);
        let q = event_query(&p(&[("sort", "date"), ("order", "asc")]), Some(JSON_PAGE)).unwrap();
        assert!(!q.descending);
    }

    #[test]
    fn refuses_bad_input() {
        for bad in [
            &[("from", "2023-02-30")][..],
            &[("limit", "0")],
            &[("limit", "1001")],
            &[("limit", "-3")],
            &[("offset", "x")],
            &[("bbox", "1,2,3")],
            &[("bbox", "-200,0,10,10")],
            &[("bbox", "10,0,-10,10")],
            &[("nope", "1")],
            &[("country", "Mali"), ("country", "Niger")],
            &[("sort", "colour")],
            &[("order", "sideways")],
            &[("country", "  ")],
            &[("from", "2024-01-01"), ("to", "2023-01-01")],
        ] {
            assert!(event_query(&p(bad), Some(JSON_PAGE)).is_err(), "{bad:?}");
        }
        assert!(event_query(&p(&[("limit", "10")]), None).is_err());
    }

    #[test]
    fn suggestions_need_q() {
        assert!(suggest_query(&p(&[])).is_err());
        assert_eq!(
            suggest_query(&p(&[("q", " Bam ")])).unwrap(),
            ("Bam".into(), 10)
        );
    }
}
