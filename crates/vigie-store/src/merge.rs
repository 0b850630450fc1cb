//! Cross-document merge: which reports tell of the same real-world event,
//! and the stored record computed from them.
//!
//! Architecture invariant: the result depends only on the SET of reports,
//! never on the order they were ingested. Clustering sorts reports by key and
//! groups greedily (complete linkage), and the merged record is recomputed
//! from its members with order-free tie-breaks (report id last).

use crate::types::{Source, StoredEvent};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use vigie_model::Event;

/// Maximum distance between the places of two reports of one event.
pub const MAX_KM: f64 = 25.0;
/// Maximum gap, in days, between the date intervals of two reports.
pub const MAX_GAP_DAYS: i64 = 1;

/// One document's report of an event, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub report_id: String,
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub extraction_version: String,
    pub event: Event,
}

impl Report {
    pub fn family(&self) -> String {
        family(&self.event.event_type, &self.event.sub_event_type)
    }

    /// The date interval as day numbers; `None` without a usable date.
    pub fn days(&self) -> Option<(i64, i64)> {
        let e = &self.event;
        let lo = e.date_earliest.as_deref().or(e.event_date.as_deref())?;
        let hi = e.date_latest.as_deref().or(e.event_date.as_deref())?;
        let lo = day_number(lo)?;
        let hi = day_number(hi)?;
        Some((lo.min(hi), lo.max(hi)))
    }

    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        let l = self.event.location.as_ref()?;
        match (l.latitude, l.longitude) {
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
            _ => None,
        }
    }

    pub fn admin2_key(&self) -> Option<String> {
        let l = self.event.location.as_ref()?;
        let a2 = l.admin2.as_deref()?.trim();
        if a2.is_empty() {
            return None;
        }
        let c = l.country.as_deref().or(l.iso3.as_deref()).unwrap_or("");
        Some(format!("{}|{}", c.to_lowercase(), a2.to_lowercase()))
    }
}

/// Days since 0001-01-01 of a `YYYY-MM-DD` date (a longer string is cut
/// to its date part); `None` for anything else. Hand-written because merge
/// compares dates in its inner loop and chrono's format parser is slow.
pub fn day_number(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let d = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    Some(d.num_days_from_ce() as i64)
}

/// Event-type family: types that one real event may be reported as.
/// ACLED folds a battle with artillery or air support into one Battles event
/// and a protest that turns violent into one Riots event, so those pairs
/// share a family; strategic developments are too varied to share one, so
/// each sub-event type is its own.
pub fn family(event_type: &str, sub_event_type: &str) -> String {
    match event_type {
        "Battles" | "Explosions/Remote violence" => "armed".into(),
        "Protests" | "Riots" => "demonstration".into(),
        "Violence against civilians" => "civilians".into(),
        "Strategic developments" => format!("sd:{}", sub_event_type.to_lowercase()),
        other => other.to_lowercase(),
    }
}

/// ACLED's hierarchy of sub-event types (highest first); unknown ones last.
fn hierarchy_rank(sub: &str) -> usize {
    const ORDER: &[&str] = &[
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
        "Violent demonstration",
        "Mob violence",
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ];
    ORDER
        .iter()
        .position(|s| s.eq_ignore_ascii_case(sub))
        .unwrap_or(ORDER.len())
}

pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0088_f64;
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

/// Generic actor names say nothing about who acted, so they are compatible
/// with any named actor.
fn is_generic(name: &str) -> bool {
    let n = name.to_lowercase();
    n.starts_with("unidentified") || n.starts_with("civilians") || n.is_empty()
}

fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    // A unit ("... Gendarmerie") matches its parent force.
    a == b || a.starts_with(&b) || b.starts_with(&a)
}

fn core_actors(e: &Event) -> Vec<&str> {
    [&e.actor1, &e.actor2]
        .into_iter()
        .flatten()
        .map(|a| a.name.as_str())
        .filter(|n| !is_generic(n))
        .collect()
}

fn all_actors(e: &Event) -> Vec<&str> {
    [&e.actor1, &e.actor2]
        .into_iter()
        .flatten()
        .chain(e.assoc_actor_1.iter())
        .chain(e.assoc_actor_2.iter())
        .map(|a| a.name.as_str())
        .collect()
}

/// Two reports name compatible actors when the named (non-generic) main
/// actors of one all appear among the actors of the other: "FAMa vs JNIM"
/// and "FAMa vs unidentified gunmen" agree; "FAMa vs JNIM" and "FAMa vs CSP"
/// are two fights.
pub fn actors_compatible(a: &Event, b: &Event) -> bool {
    let covered =
        |core: &[&str], all: &[&str]| core.iter().all(|c| all.iter().any(|x| names_match(c, x)));
    let (ca, cb) = (core_actors(a), core_actors(b));
    covered(&ca, &all_actors(b)) || covered(&cb, &all_actors(a))
}

/// Longest date interval (days) that can still be merged: a report known only
/// to the year says too little to be the same event as another.
pub const MAX_MERGE_SPAN_DAYS: i64 = 45;

/// Whether a report can be merged at all (it needs a date and a place).
pub fn mergeable(r: &Report) -> bool {
    matches!(r.days(), Some((lo, hi)) if hi - lo < MAX_MERGE_SPAN_DAYS)
        && (r.lat_lon().is_some() || r.admin2_key().is_some())
}

/// Why two reports (of different documents) are the same event, or `None`.
pub fn same_event(a: &Report, b: &Report) -> Option<String> {
    if a.doc_id == b.doc_id {
        // The coder already decided these are distinct events.
        return None;
    }
    let fam = a.family();
    if fam != b.family() || !mergeable(a) || !mergeable(b) {
        return None;
    }
    let (alo, ahi) = a.days()?;
    let (blo, bhi) = b.days()?;
    if alo > bhi + MAX_GAP_DAYS || blo > ahi + MAX_GAP_DAYS {
        return None;
    }
    let place = match (a.lat_lon(), b.lat_lon()) {
        (Some(p), Some(q)) if haversine_km(p, q) <= MAX_KM => {
            Some(format!("{:.1} km apart", haversine_km(p, q)))
        }
        _ => match (a.admin2_key(), b.admin2_key()) {
            (Some(x), Some(y)) if x == y => Some(format!(
                "same admin2 ({})",
                a.event
                    .location
                    .as_ref()
                    .and_then(|l| l.admin2.clone())
                    .unwrap_or_default()
            )),
            _ => None,
        },
    }?;
    if !actors_compatible(&a.event, &b.event) {
        return None;
    }
    let gap = (blo - ahi).max(alo - bhi).max(0);
    Some(format!(
        "{} and {}: same type family ({}), dates {} day(s) apart, places {}, actors compatible",
        a.report_id, b.report_id, fam, gap, place
    ))
}

/// Groups reports into events: sorted by report id, each report joins the
/// first group all of whose members it is the same event as (complete
/// linkage: a chain A~B~C with A and C apart does not become one event).
/// Compares every pair: for small sets; the engine uses
/// [`cluster_linked`].
pub fn cluster(reports: &[Report]) -> Vec<Vec<usize>> {
    let mut links = Vec::new();
    for i in 0..reports.len() {
        for j in i + 1..reports.len() {
            if same_event(&reports[i], &reports[j]).is_some() {
                links.push((i, j));
            }
        }
    }
    cluster_linked(reports, &links)
}

/// [`cluster`] given every pair `(i, j)` for which [`same_event`] holds:
/// groups are formed inside connected components only, which gives the
/// same result as comparing everything, in time proportional to the links.
pub fn cluster_linked(reports: &[Report], links: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let n = reports.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut adj: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for &(a, b) in links {
        if a >= n || b >= n || a == b {
            continue;
        }
        adj.insert((a.min(b), a.max(b)));
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra] = rb;
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (_, mut comp) in comps {
        comp.sort_by(|&i, &j| reports[i].report_id.cmp(&reports[j].report_id));
        let mut local: Vec<Vec<usize>> = Vec::new();
        for i in comp {
            let home = local
                .iter()
                .position(|g| g.iter().all(|&j| adj.contains(&(i.min(j), i.max(j)))));
            match home {
                Some(k) => local[k].push(i),
                None => local.push(vec![i]),
            }
        }
        groups.extend(local);
    }
    groups
}

fn precision_days(e: &Event) -> i64 {
    match (
        e.date_earliest.as_deref().and_then(day_number),
        e.date_latest.as_deref().and_then(day_number),
    ) {
        (Some(a), Some(b)) => (b - a).abs() + 1,
        _ if e.event_date.is_some() => 1000,
        _ => i64::MAX,
    }
}

/// The stored record of a group of reports (all of one event).
pub fn build(members: &[&Report]) -> Option<StoredEvent> {
    let mut m: Vec<&Report> = members.to_vec();
    // Representative: most confident, then most precise date, then id.
    m.sort_by(|a, b| {
        b.event
            .confidence
            .partial_cmp(&a.event.confidence)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(precision_days(&a.event).cmp(&precision_days(&b.event)))
            .then(a.report_id.cmp(&b.report_id))
    });
    let rep = *m.first()?;
    let mut ev = rep.event.clone();
    ev.event_id = members
        .iter()
        .map(|r| r.report_id.as_str())
        .min()?
        .to_string();

    // Type: ACLED's hierarchy picks the highest type any report supports.
    if let Some(t) = m
        .iter()
        .min_by_key(|r| hierarchy_rank(&r.event.sub_event_type))
        .filter(|_| m.len() > 1)
    {
        ev.event_type = t.event.event_type.clone();
        ev.sub_event_type = t.event.sub_event_type.clone();
        ev.disorder_type = t.event.disorder_type.clone();
    }
    // Date: the report that knows it most precisely.
    if let Some(d) = m.iter().min_by_key(|r| precision_days(&r.event)) {
        ev.event_date = d.event.event_date.clone();
        ev.date_precision = d.event.date_precision.clone();
        ev.date_earliest = d.event.date_earliest.clone();
        ev.date_latest = d.event.date_latest.clone();
    }
    // Place: the most precise geo_precision (1 best).
    if let Some(l) = m
        .iter()
        .filter(|r| r.event.location.is_some())
        .min_by_key(|r| {
            r.event
                .location
                .as_ref()
                .and_then(|l| l.geo_precision)
                .unwrap_or(9)
        })
    {
        ev.location = l.event.location.clone();
    }
    // Actors: fill what the representative left blank.
    for r in &m {
        if ev.actor1.is_none() {
            ev.actor1 = r.event.actor1.clone();
        }
        if ev.actor2.is_none()
            && r.event.actor2.as_ref().map(|a| &a.name) != ev.actor1.as_ref().map(|a| &a.name)
        {
            ev.actor2 = r.event.actor2.clone();
        }
    }
    // Fatalities (ACLED): the lowest figure of the credible reports; a
    // party's claim counts only when nobody else gives a figure.
    let figures = |claimed: bool| {
        m.iter()
            .filter(|r| r.event.claimed == claimed)
            .filter_map(|r| r.event.fatalities.map(|f| (f, *r)))
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.report_id.cmp(&b.1.report_id)))
    };
    if let Some((f, r)) = figures(false).or_else(|| figures(true)) {
        ev.fatalities = Some(f);
        ev.fatalities_text = r.event.fatalities_text.clone();
    } else {
        ev.fatalities = None;
        ev.fatalities_text = None;
    }
    // Only asserted by a party if no source reports it independently.
    ev.claimed = m.iter().all(|r| r.event.claimed);
    if !ev.claimed {
        ev.claimed_by = None;
    }
    ev.confidence = m.iter().map(|r| r.event.confidence).fold(0.0_f64, f64::max);
    let tags: BTreeSet<String> = m.iter().flat_map(|r| r.event.tags.clone()).collect();
    ev.tags = tags.into_iter().collect();

    let mut sources: Vec<Source> = m.iter().map(|r| source_of(r)).collect();
    sources.sort_by(|a, b| {
        (a.doc_id.as_str(), a.report_id.as_str()).cmp(&(b.doc_id.as_str(), b.report_id.as_str()))
    });

    let merge_reason = if m.len() > 1 {
        let links: Vec<String> = m[1..].iter().filter_map(|r| same_event(rep, r)).collect();
        Some(links.join("; "))
    } else {
        None
    };
    if m.len() > 1 {
        let figs: Vec<String> = sources
            .iter()
            .filter_map(|s| s.fatalities.map(|f| format!("{f} ({})", s.doc_id)))
            .collect();
        let mut n = format!(" [{} sources", sources.len());
        if figs.len() > 1 {
            n.push_str(&format!(
                "; fatality figures {}; lowest kept",
                figs.join(", ")
            ));
        }
        n.push(']');
        ev.notes = format!("{}{}", ev.notes.trim_end(), n);
    }
    Some(StoredEvent {
        event: ev,
        sources,
        merge_reason,
        extraction_version: rep.extraction_version.clone(),
    })
}

fn source_of(r: &Report) -> Source {
    Source {
        doc_id: r.doc_id.clone(),
        report_id: r.report_id.clone(),
        title: r.title.clone(),
        url: r.url.clone(),
        source: r.source.clone(),
        published: r.published.clone(),
        event_date: r.event.event_date.clone(),
        sub_event_type: r.event.sub_event_type.clone(),
        location: r.event.location.as_ref().and_then(|l| l.name.clone()),
        fatalities: r.event.fatalities,
        fatalities_text: r.event.fatalities_text.clone(),
        claimed: r.event.claimed,
        evidence: r.event.evidence.clone(),
    }
}
