//! From aggregated candidates to the event records of `formats.md`: actors
//! by ACLED's rules per event type, fatalities, evidence, notes, tags, ids.

use crate::engine::{interval_of, sub_event_type, Candidate, Family};
use crate::facts::*;
use crate::rules::{Class, RulePack};
use crate::taxonomy::Taxonomy;
use chrono::Datelike;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use vigie_model::{ActorRef, Document, Event, Evidence, FieldEvidence, Location, Span};

/// Whether the capture told by `c` was given up within a day (the same
/// actor withdraws from the same place): ACLED codes that as a clash.
fn withdrawn_same_day(st: &dyn Stages, c: &Candidate, all: &[Candidate]) -> bool {
    let Some((_, day)) = interval_of(st, c) else {
        return false;
    };
    all.iter().any(|o| {
        let withdraw =
            o.classes.contains(&Class::Withdraw) && matches!(o.family, Family::Strategic(_));
        let same_place = match (o.place, c.place) {
            (Some(p), Some(q)) => st.places()[p].location.name == st.places()[q].location.name,
            _ => false,
        };
        let same_actor = match (o.actor1, c.actor1) {
            (Some(x), Some(y)) => st.actors()[x].key == st.actors()[y].key,
            _ => true,
        };
        let close = interval_of(st, o).is_some_and(|(_, d)| (d - day).num_days().abs() <= 1);
        withdraw && same_place && same_actor && close
    })
}

pub fn build_events(
    doc: &Document,
    a: &vigie_text::Analysis,
    lang: &str,
    st: &dyn Stages,
    tax: &Taxonomy,
    pack: &RulePack,
    cands: &[Candidate],
) -> Vec<Event> {
    let text = doc.text.as_str();
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let sub = sub_event_type(st, c, withdrawn_same_day(st, c, cands));
        let Some(t) = tax.get(sub) else { continue };
        let dated = interval_of(st, c);
        let date = dated.map(|(_, best)| best);
        let place = c.place.map(|p| &st.places()[p]);
        let doc_country = st.country();
        let country = place
            .and_then(|p| p.location.country.clone())
            .or(doc_country.clone());
        let cty = country.as_deref();
        let resolve = |i: Option<usize>| i.map(|i| st.resolve_actor(&st.actors()[i], date, cty));
        let mut actor1 = resolve(c.actor1);
        let mut actor2 = resolve(c.actor2);
        let mut assoc1: Vec<ActorRef> = c
            .assoc1
            .iter()
            .map(|&i| st.resolve_actor(&st.actors()[i], date, cty))
            .collect();
        let assoc2: Vec<ActorRef> = Vec::new();
        // Two mentions of one actor ("les soldats", "l'armée") are one side.
        if actor1.as_ref().map(|x| &x.name) == actor2.as_ref().map(|x| &x.name) {
            actor2 = None;
        }
        let inter = |x: &Option<ActorRef>| x.as_ref().and_then(|a| a.inter);
        let generic = |g: Generic| st.generic_actor(g, cty, date);
        match t.event_type.as_str() {
            "Violence against civilians" => {
                if inter(&actor1) == Some(7) {
                    std::mem::swap(&mut actor1, &mut actor2);
                }
                if inter(&actor2) != Some(7) {
                    actor2 = Some(generic(Generic::Civilians));
                }
                if actor1.is_none() || inter(&actor1) == Some(7) {
                    actor1 = Some(generic(Generic::UnidentifiedArmedGroup));
                }
            }
            "Protests" => {
                let others: Vec<ActorRef> = [actor1.take(), actor2.take()]
                    .into_iter()
                    .flatten()
                    .collect();
                actor1 = Some(generic(Generic::Protesters));
                if sub != "Peaceful protest" {
                    actor2 = others.iter().find(|a| a.inter == Some(1)).cloned();
                    if actor2.is_none() {
                        actor2 = Some(generic(Generic::StateForces));
                    }
                }
                assoc1.extend(
                    others
                        .into_iter()
                        .filter(|a| a.inter != Some(1) && a.inter != Some(6)),
                );
            }
            "Riots" => {
                let others: Vec<ActorRef> = [actor1.take(), actor2.take()]
                    .into_iter()
                    .flatten()
                    .collect();
                actor1 = Some(generic(Generic::Rioters));
                actor2 = others
                    .iter()
                    .find(|a| a.inter == Some(1) || a.inter == Some(7))
                    .cloned();
                if sub == "Mob violence" && actor2.is_none() {
                    actor2 = Some(generic(Generic::Civilians));
                }
            }
            "Battles" => {
                if inter(&actor1) == Some(7) {
                    actor1 = None;
                }
                if inter(&actor2) == Some(7) {
                    actor2 = None;
                }
                if actor1.is_none() {
                    actor1 = actor2.take();
                }
                let a1_state = inter(&actor1) == Some(1);
                if actor2.is_none() {
                    actor2 = Some(if a1_state {
                        generic(Generic::UnidentifiedArmedGroup)
                    } else {
                        generic(Generic::StateForces)
                    });
                }
                if actor1.is_none() {
                    actor1 = Some(generic(Generic::UnidentifiedArmedGroup));
                }
            }
            "Explosions/Remote violence" => {
                // Civilians never strike from afar; a convoy that "struck a
                // mine" is its target, not its author.
                if inter(&actor1) == Some(7) {
                    actor2 = actor1.take();
                }
                if sub == "Remote explosive/landmine/IED"
                    && matches!(inter(&actor1), Some(1) | Some(8))
                    && actor2.is_none()
                {
                    actor2 = actor1.take();
                    actor1 = Some(generic(Generic::UnidentifiedArmedGroup));
                }
                if actor1.is_none() {
                    actor1 = Some(if sub == "Air/drone strike" {
                        generic(Generic::StateForces)
                    } else {
                        generic(Generic::UnidentifiedArmedGroup)
                    });
                }
                if actor2.is_none() && c.victims == Some(Victims::Civilians) {
                    actor2 = Some(generic(Generic::Civilians));
                }
            }
            _ => match sub {
                "Agreement" => {
                    let mut parties: Vec<ActorRef> = [actor1.take(), actor2.take()]
                        .into_iter()
                        .flatten()
                        .collect();
                    for &p in &c.countries {
                        let name = st.places()[p].location.country.clone();
                        let g = st.generic_actor(Generic::Government, name.as_deref(), date);
                        if !parties.iter().any(|x| x.name == g.name) {
                            parties.push(g);
                        }
                    }
                    let mut it = parties.into_iter();
                    actor1 = it.next();
                    actor2 = it.next();
                    assoc1.extend(it);
                }
                "Arrests" if actor1.is_none() || inter(&actor1) != Some(1) => {
                    actor2 = actor2.or(actor1.take());
                    actor1 = Some(generic(Generic::StateForces));
                }
                _ => {}
            },
        }
        if actor1.is_none() && actor2.is_some() {
            std::mem::swap(&mut actor1, &mut actor2);
        }
        if actor1.is_some() && actor1.as_ref().map(|x| &x.name) == actor2.as_ref().map(|x| &x.name)
        {
            actor2 = None;
        }
        let location = place.map(|p| {
            let mut l = p.location.clone();
            l.mention = Some(p.span.slice(text).to_string());
            if let (PlaceKind::Unnamed, None, Some(q)) = (p.kind, &l.admin1, c.units_from) {
                let k = &st.places()[q].location;
                if k.country == l.country || l.country.is_none() {
                    l.country = k.country.clone();
                    l.iso3 = k.iso3.clone();
                    l.admin1 = k.admin1.clone();
                    l.admin2 = k.admin2.clone();
                }
            }
            // A village the gazetteer lacks is in the report's country,
            // however the report's country was found.
            if l.country.is_none() {
                l.country = doc_country.clone();
                l.iso3 = st
                    .country_location()
                    .filter(|k| k.country == l.country)
                    .and_then(|k| k.iso3);
            }
            l.geo_precision = match (p.kind, c.place_near) {
                (PlaceKind::Unnamed, _) => l.latitude.map(|_| 2),
                (PlaceKind::Settlement, false) => Some(l.geo_precision.unwrap_or(1).max(1)),
                (PlaceKind::Settlement, true) => Some(2),
                _ => Some(3),
            };
            l
        });
        // Which types go to the capital when unplaced is taxonomy data.
        let location = location
            .or_else(|| st.country_location().filter(|_| t.capital_when_unplaced))
            .or_else(|| {
                doc_country
                    .as_ref()
                    .map(|cn| Location::country_only(cn.clone(), None, None))
            });
        let (fatalities, fat_spans) = combine_fatalities(st, c);
        let mut field_evidence = FieldEvidence::new();
        let mut evidence: Vec<Evidence> = c
            .evidence
            .iter()
            .map(|s| Evidence::from_span(text, *s))
            .collect();
        evidence.sort_by_key(|e| e.start);
        evidence.dedup();
        if let Some((_, _, span)) = c.date_derived {
            field_evidence.insert("event_date".into(), Evidence::from_span(text, span));
        } else if let Some(t) = c.date.map(|t| &st.times()[t]) {
            field_evidence.insert("event_date".into(), Evidence::from_span(text, t.span));
        }
        if let Some(p) = place {
            field_evidence.insert("location".into(), Evidence::from_span(text, p.span));
        }
        for (key, idx) in [("actor1", c.actor1), ("actor2", c.actor2)] {
            if let Some(i) = idx {
                let x = &st.actors()[i];
                let shown = if key == "actor1" { &actor1 } else { &actor2 };
                if shown.as_ref().and_then(|s| s.mention.as_deref()) == Some(x.span.slice(text)) {
                    field_evidence.insert(key.into(), Evidence::from_span(text, x.span));
                }
            }
        }
        if let Some(sp) = fat_spans.first() {
            field_evidence.insert("fatalities".into(), Evidence::from_span(text, *sp));
        }
        let deciding = c
            .triggers
            .iter()
            .find(|m| m.class.is_trigger())
            .or(c.triggers.first());
        if let Some(m) = deciding {
            field_evidence.insert(
                "sub_event_type".into(),
                Evidence::from_span(
                    text,
                    a.tokens_span(m.tokens.clone()).unwrap_or(Span::new(0, 0)),
                ),
            );
        }
        let fatalities_text = if fat_spans.is_empty() {
            None
        } else {
            Some(
                fat_spans
                    .iter()
                    .map(|s| s.slice(text))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        };
        let claimed = c.claimed.is_some();
        let claimed_by = c.claimed.as_ref().map(|by| {
            by.as_ref()
                .and_then(|r| {
                    st.actors()
                        .iter()
                        .find(|x| x.tokens.start < r.end && r.start < x.tokens.end)
                        .map(|x| st.resolve_actor(x, date, cty))
                })
                .or_else(|| actor1.clone())
        });
        let claimed_by = claimed_by.flatten();
        let mut tags = Vec::new();
        let mut claim_notes = Vec::new();
        for cl in &c.claimed_classes {
            let what = claim_phrase(*cl);
            tags.push(format!("claimed {what}"));
            let who = actor1
                .as_ref()
                .map(|a| short(&a.name))
                .unwrap_or("A party".into());
            claim_notes.push(format!(
                "{who} claimed {}.",
                claim_clause(*cl, actor2.as_ref())
            ));
        }
        if matches!(t.event_type.as_str(), "Protests" | "Riots") {
            tags.push("crowd size=no report".into());
        }
        if claimed {
            tags.push("claimed".into());
        }
        tags.sort();
        tags.dedup();
        let rule = deciding
            .map(|m| {
                pack.rules
                    .get(m.rule)
                    .map(|r| r.id.clone())
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let mut confidence: f64 = 0.35;
        if c.place_explicit {
            confidence += 0.15;
        }
        if c.date_explicit {
            confidence += 0.15;
        }
        if actor1.is_some() {
            confidence += 0.1;
        }
        if !claimed {
            confidence += 0.1;
        }
        if c.classes.iter().filter(|x| x.is_trigger()).count() > 1 {
            confidence += 0.05;
        }
        if c.evidence.len() > 1 {
            confidence += 0.05;
        }
        if c.classes.iter().any(|x| x.label_target().is_some()) {
            confidence += 0.2;
        }
        let confidence = (confidence.min(0.95) * 100.0).round() / 100.0;
        let event_date = date.map(iso_day);
        let notes = notes(
            sub,
            date,
            actor1.as_ref(),
            actor2.as_ref(),
            location.as_ref(),
            fatalities,
            &claim_notes,
        );
        let first_ev = evidence.first().map(|e| e.start).unwrap_or(0);
        let loc_name = location
            .as_ref()
            .and_then(|l| l.name.clone())
            .unwrap_or_default();
        let mut h = Sha256::new();
        for part in [
            doc.id.as_str(),
            sub,
            event_date.as_deref().unwrap_or(""),
            loc_name.as_str(),
            &first_ev.to_string(),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let event_id = format!("{}-{}", sanitize(&doc.id), &hex::encode(h.finalize())[..12]);
        out.push(Event {
            event_id,
            doc_id: doc.id.clone(),
            event_date,
            date_precision: dated.map(|(iv, _)| iv.precision.as_str().to_string()),
            date_earliest: dated.map(|(iv, _)| iso_day(iv.earliest)),
            date_latest: dated.map(|(iv, _)| iso_day(iv.latest)),
            disorder_type: t.disorder_type.clone(),
            event_type: t.event_type.clone(),
            sub_event_type: t.name.clone(),
            actor1,
            actor2,
            assoc_actor_1: assoc1,
            assoc_actor_2: assoc2,
            location,
            fatalities,
            fatalities_text,
            claimed,
            claimed_by,
            evidence,
            field_evidence,
            notes,
            tags,
            rule,
            confidence,
            lang: lang.to_string(),
        });
    }
    // Two candidates that ended up identical (same id) are one event.
    let mut seen = BTreeMap::new();
    out.retain(|e| seen.insert(e.event_id.clone(), ()).is_none());
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `YYYY-MM-DD` as chrono's `%Y-%m-%d` writes it, without parsing the
/// format string for every event.
fn iso_day(d: chrono::NaiveDate) -> String {
    if let Ok(y @ 0..=9999) = u32::try_from(d.year()) {
        // Digit by digit: the formatter took a sixth of building the events.
        let (m, day) = (d.month(), d.day());
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            m / 10,
            m % 10,
            day / 10,
            day % 10,
        ];
        let mut s = String::with_capacity(10);
        for (i, v) in digits.into_iter().enumerate() {
            if i == 4 || i == 6 {
                s.push('-');
            }
            s.push(char::from(b'0' + v as u8));
        }
        s
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect()
}

/// ACLED's fatality rules for one event: figures for different victims add
/// up ("10 soldiers and 46 militants"), conflicting figures for the same
/// victims take the lowest, and an overall toll is not added to its parts.
fn combine_fatalities(st: &dyn Stages, c: &Candidate) -> (Option<u32>, Vec<Span>) {
    if c.fatalities.is_empty() && c.split_fatalities.is_empty() {
        return (None, vec![]);
    }
    let fats = st.fatalities();
    let mut by_kind: BTreeMap<u8, u32> = BTreeMap::new();
    let mut spans = Vec::new();
    // A figure told for several places at once is shared out among them.
    let shared = c.split_fatalities.iter().map(|&i| {
        let f = &fats[i];
        let count = match c.split {
            Some((k, n)) => vigie_actors::split_total(f.count, n as usize)[k as usize],
            None => f.count,
        };
        (f, count)
    });
    let own = c.fatalities.iter().map(|&i| (&fats[i], fats[i].count));
    for (f, count) in own.chain(shared) {
        let k = match f.victims {
            Victims::Civilians => 0,
            Victims::Military => 1,
            Victims::Militants => 2,
            Victims::Unknown => 3,
        };
        let e = by_kind.entry(k).or_insert(u32::MAX);
        *e = (*e).min(count);
        spans.push(f.span);
    }
    let overall = by_kind.remove(&3);
    let parts: u32 = by_kind.values().sum();
    let total = match overall {
        Some(o) if by_kind.is_empty() => o,
        Some(o) => o.max(parts),
        None => parts,
    };
    spans.sort();
    spans.dedup();
    (Some(total), spans)
}

fn short(name: &str) -> String {
    // "JNIM: Group for Support of Islam and Muslims" -> "JNIM"
    name.split(':').next().unwrap_or(name).trim().to_string()
}

fn claim_phrase(c: Class) -> &'static str {
    match c {
        Class::AircraftDown => "aircraft downing",
        Class::Kill => "killings",
        Class::Capture | Class::Retake => "capture",
        Class::Air => "air strike",
        Class::Ied => "IED attack",
        Class::Abduct => "abduction",
        Class::Defuse => "weapons seizure",
        _ => "attack",
    }
}

fn claim_clause(c: Class, target: Option<&ActorRef>) -> String {
    let of = target
        .map(|t| format!(" of {}", short(&t.name)))
        .unwrap_or_default();
    match c {
        Class::AircraftDown => format!("to have downed an aircraft{of}"),
        Class::Kill => "to have killed the opposing fighters".into(),
        Class::Capture | Class::Retake => "to have taken control of the position".into(),
        _ => claim_phrase(c).to_string(),
    }
}

fn notes(
    sub: &str,
    date: Option<chrono::NaiveDate>,
    a1: Option<&ActorRef>,
    a2: Option<&ActorRef>,
    loc: Option<&Location>,
    fatalities: Option<u32>,
    claims: &[String],
) -> String {
    let when = match date {
        Some(d) if (0..=9999).contains(&d.year()) => {
            format!(
                "On {} {} {:04}",
                d.day(),
                MONTHS[d.month0() as usize],
                d.year()
            )
        }
        // Years chrono writes with a sign do not read back as dates.
        Some(d) => match chrono::NaiveDate::parse_from_str(&iso_day(d), "%Y-%m-%d") {
            Ok(d) => format!("On {}", d.format("%-d %B %Y")),
            Err(_) => "On an unknown date".into(),
        },
        None => "On an unknown date".into(),
    };
    let who = a1
        .map(|a| short(&a.name))
        .unwrap_or_else(|| "Unknown actors".into());
    let whom = a2.map(|a| short(&a.name));
    let verb = match sub {
        "Government regains territory" => "regained control of the area from".to_string(),
        "Non-state actor overtakes territory" => "took control of the area from".into(),
        "Armed clash" => "clashed with".into(),
        "Excessive force against protesters" => "were met with lethal force by".into(),
        "Protest with intervention" => "demonstrated and were dispersed by".into(),
        "Peaceful protest" => "demonstrated".into(),
        "Violent demonstration" => "rioted".into(),
        "Mob violence" => "attacked".into(),
        "Chemical weapon" => "used chemical weapons against".into(),
        "Air/drone strike" => "carried out an air/drone strike on".into(),
        "Suicide bomb" => "carried out a suicide bombing against".into(),
        "Shelling/artillery/missile attack" => "fired heavy weapons at".into(),
        "Remote explosive/landmine/IED" => "used an explosive device against".into(),
        "Grenade" => "threw a grenade at".into(),
        "Sexual violence" => "committed sexual violence against".into(),
        "Attack" => "attacked".into(),
        "Abduction/forced disappearance" => "abducted".into(),
        "Agreement" => "reached an agreement with".into(),
        "Arrests" => "arrested".into(),
        "Change to group/activity" => "changed its activity (movement of forces)".into(),
        "Disrupted weapons use" => "disrupted weapons use of".into(),
        "Headquarters or base established" => "established a base".into(),
        "Looting/property destruction" => "looted or destroyed property of".into(),
        "Non-violent transfer of territory" => "took control without resistance from".into(),
        _ => "was involved in a significant development with".into(),
    };
    let mut s = format!("{when}, {who} {verb}");
    let transitive = verb.ends_with(" with")
        || verb.ends_with(" from")
        || verb.ends_with(" of")
        || verb.ends_with(" on")
        || verb.ends_with(" at")
        || verb.ends_with(" against")
        || verb.ends_with(" by")
        || matches!(verb.as_str(), "attacked" | "abducted" | "arrested");
    match (whom, transitive) {
        (Some(w), true) => s.push_str(&format!(" {w}")),
        (None, true) => {
            for suffix in [" with", " from", " of", " on", " at", " against", " by"] {
                if let Some(stripped) = s.strip_suffix(suffix) {
                    s = stripped.to_string();
                    break;
                }
            }
        }
        _ => {}
    }
    if let Some(l) = loc {
        let admin: Vec<&str> = [l.admin2.as_deref(), l.admin1.as_deref()]
            .into_iter()
            .flatten()
            .filter(|x| Some(*x) != l.name.as_deref())
            .collect();
        match (&l.name, admin.is_empty()) {
            (Some(n), false) => s.push_str(&format!(" in {n} ({})", admin.join(", "))),
            (Some(n), true) => s.push_str(&format!(" in {n}")),
            (None, _) => {
                if let Some(c) = &l.country {
                    s.push_str(&format!(" in {c}"));
                }
            }
        }
    }
    s.push('.');
    for c in claims {
        s.push(' ');
        s.push_str(c);
    }
    match fatalities {
        Some(0) => s.push_str(" No fatalities reported."),
        Some(n) => s.push_str(&format!(" {n} fatalities.")),
        None => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2023, 9, 17),
            (1999, 1, 1),
            (812, 12, 31),
            (2024, 2, 29),
            (5, 3, 4),
            (9999, 12, 31),
        ] {
            let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_day(day), day.format("%Y-%m-%d").to_string());
            let n = notes("Armed clash", Some(day), None, None, None, None, &[]);
            let expected = format!("On {}", day.format("%-d %B %Y"));
            assert!(n.starts_with(&expected), "{n} / {expected}");
        }
    }
}
