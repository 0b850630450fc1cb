//! A report that names a country and no place in it: political events are
//! coded at the capital with geo_precision 3, as ACLED codes national
//! events; fighting is not moved to the capital; and a village the
//! gazetteer lacks keeps the event out of the capital.

mod common;

use common::extract;
use vigie_model::Lang;

#[test]
fn a_protest_in_the_country_is_coded_at_the_capital() {
    let ev = extract(
        "Police in Burkina Faso fired tear gas on Saturday to disperse hundreds of students \
         protesting against a rise in university fees.",
        Lang::En,
        (2024, 3, 10),
    );
    let l = ev
        .iter()
        .find(|e| e.event_type == "Protests")
        .and_then(|e| e.location.clone())
        .expect("a located protest");
    assert_eq!(l.name.as_deref(), Some("Ouagadougou"), "{l:?}");
    assert_eq!(l.geo_precision, Some(3));
    assert!(l.latitude.is_some());
}

#[test]
fn fighting_named_only_by_country_stays_unplaced() {
    let ev = extract(
        "Mauritanian troops clashed with AQIM fighters inside Mali on Tuesday, killing twelve \
         of them, the army said.",
        Lang::En,
        (2011, 6, 26),
    );
    let battle = ev
        .iter()
        .find(|e| e.event_type == "Battles")
        .expect("a battle");
    let l = battle.location.as_ref();
    assert!(l.is_none_or(|l| l.latitude.is_none()), "{l:?}");
}

#[test]
fn an_unknown_village_keeps_a_report_out_of_the_capital() {
    let ev = extract(
        "Des manifestants ont bloqué la route dans le village de Koulbtenga, au Burkina Faso, \
         pour réclamer de l'eau potable, samedi.",
        Lang::Fr,
        (2024, 3, 10),
    );
    let p = ev
        .iter()
        .find(|e| matches!(e.event_type.as_str(), "Protests" | "Riots"))
        .expect("a demonstration");
    let l = p.location.as_ref().expect("a location");
    assert_eq!(l.name.as_deref(), Some("Koulbtenga"), "{l:?}");
    assert_eq!(l.country.as_deref(), Some("Burkina Faso"));
}

#[test]
fn a_report_that_places_nothing_takes_the_country_of_its_named_group() {
    let ev = extract(
        "Koglweogo militiamen clashed with unidentified gunmen on Sunday, leaving two of \
         the militiamen dead.",
        Lang::En,
        (2024, 3, 10),
    );
    let e = ev.first().expect("an event");
    let l = e.location.as_ref().expect("a country-only location");
    assert_eq!(l.country.as_deref(), Some("Burkina Faso"), "{l:?}");
    assert!(l.latitude.is_none(), "no point for a country: {l:?}");
    let names: Vec<&str> = [e.actor1.as_ref(), e.actor2.as_ref()]
        .into_iter()
        .flatten()
        .map(|a| a.name.as_str())
        .collect();
    assert!(
        names.contains(&"Unidentified Armed Group (Burkina Faso)"),
        "{names:?}"
    );
}

#[test]
fn foreign_forces_do_not_give_their_country_to_a_report() {
    let ev = extract(
        "French troops launched air strikes against jihadist positions on Tuesday.",
        Lang::En,
        (2013, 2, 6),
    );
    for e in &ev {
        let c = e.location.as_ref().and_then(|l| l.country.as_deref());
        assert_ne!(c, Some("France"), "{e:?}");
    }
}

#[test]
fn a_village_the_gazetteer_lacks_takes_the_country_of_the_report() {
    let ev = extract(
        "Koglweogo militiamen burned granaries in the village of Tiabongou on Sunday.",
        Lang::En,
        (2024, 3, 10),
    );
    let l = ev
        .iter()
        .find_map(|e| e.location.as_ref())
        .expect("a location");
    assert_eq!(l.name.as_deref(), Some("Tiabongou"), "{l:?}");
    assert_eq!(l.country.as_deref(), Some("Burkina Faso"), "{l:?}");
}
