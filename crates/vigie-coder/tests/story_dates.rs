//! Dates that start a long story ("depuis le début des violences en 2015")
//! are not the day of an event; villages named as such are events of their
//! own even when the gazetteer lacks them.

mod common;

use common::extract;
use vigie_model::{Event, Lang};

fn years(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.event_date.clone().unwrap_or_default())
        .collect()
}

/// The report's events are all of the publication year: the story's start
/// dates none of them.
fn all_events_in_2022(text: &str, lang: Lang) {
    let ev = extract(text, lang, (2022, 6, 14));
    assert!(!ev.is_empty());
    assert!(
        years(&ev).iter().all(|d| d.starts_with("2022")),
        "{:?}",
        years(&ev)
    );
}

#[test]
fn french_start_of_the_violence_is_not_an_event() {
    all_events_in_2022(
        "Des hommes armés ont attaqué lundi le village de Seytenga, dans le nord du Burkina Faso, \
         tuant une trentaine d'habitants. C'est l'attaque la plus lourde dans la province depuis \
         le début des violences jihadistes en 2016.",
        Lang::Fr,
    );
}

#[test]
fn english_start_of_the_insurgency_is_not_an_event() {
    all_events_in_2022(
        "Gunmen attacked the village of Seytenga in northern Burkina Faso on Saturday, killing \
         about thirty residents. It was the deadliest attack in the province since the jihadist \
         insurgency spread there in 2016.",
        Lang::En,
    );
}

#[test]
fn a_village_the_gazetteer_lacks_is_its_own_event() {
    let ev = extract(
        "Des hommes armés ont tué douze civils samedi à Seytenga, dans le nord du Burkina Faso. \
         Plus tôt le même jour, huit personnes avaient été tuées lors d'une attaque contre le \
         village de Kolel-Waldé, dans la même province.",
        Lang::Fr,
        (2022, 6, 13),
    );
    let places = common::place_names(&ev);
    assert!(places.iter().any(|p| p == "Seytenga"), "{places:?}");
    assert!(places.iter().any(|p| p.starts_with("Kolel")), "{places:?}");
}

fn dates(text: &str, lang: Lang, published: (i32, u32, u32)) -> Vec<String> {
    extract(text, lang, published)
        .into_iter()
        .filter_map(|e| e.event_date)
        .collect()
}

#[test]
fn dateline_under_a_headline_is_not_the_event_day() {
    let d = dates(
        "Villagers killed in raid near the Malian border\n\n\
         DORI, March 14 — Gunmen on motorbikes killed nine villagers on Saturday night \
         in the village of Seytenga, residents said on Tuesday.",
        Lang::En,
        (2023, 3, 14),
    );
    assert_eq!(d, vec!["2023-03-11".to_string()], "{d:?}");
}

#[test]
fn dateline_dates_the_news_of_the_day() {
    let d = dates(
        "La police disperse une manifestation à Niamey\n\n\
         NIAMEY, 9 mars (Wire Sahel) - La police a dispersé à coups de gaz lacrymogènes \
         plusieurs centaines de manifestants réunis devant l'Assemblée nationale.",
        Lang::Fr,
        (2023, 3, 9),
    );
    assert_eq!(d, vec!["2023-03-09".to_string()], "{d:?}");
}
