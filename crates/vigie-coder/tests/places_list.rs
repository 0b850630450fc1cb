//! One event per place when a report lists the villages attacked together
//! (ACLED codes each location separately and shares a total out).

mod common;

use vigie_model::Lang;

fn code(text: &str, lang: Lang) -> Vec<vigie_model::Event> {
    common::extract(text, lang, (2021, 1, 4))
}

fn places(events: &[vigie_model::Event]) -> Vec<String> {
    let mut v = common::place_names(events);
    v.sort();
    v
}

#[test]
fn french_list_of_villages_gives_one_event_each() {
    let events = code(
        "Des hommes armés ont attaqué samedi les villages de Dargol et Téra, dans la région de Tillabéri, tuant douze civils.",
        Lang::Fr,
    );
    assert_eq!(
        places(&events),
        vec!["Dargol".to_string(), "Téra".to_string()]
    );
    let mut fat: Vec<u32> = events.iter().filter_map(|e| e.fatalities).collect();
    fat.sort();
    assert_eq!(fat, vec![6, 6], "the total is shared out: {events:#?}");
}

#[test]
fn english_list_of_towns_gives_one_event_each() {
    let events = code(
        "Protesters took to the streets of Niamey, Zinder and Maradi on Saturday to demand the release of opposition leaders.",
        Lang::En,
    );
    assert_eq!(
        places(&events),
        vec![
            "Maradi".to_string(),
            "Niamey".to_string(),
            "Zinder".to_string()
        ]
    );
}

#[test]
fn one_town_qualified_by_another_is_one_event() {
    let events = code(
        "Gunmen attacked the village of Tchoma Bangou near Ouallam on Saturday, killing four civilians.",
        Lang::En,
    );
    assert_eq!(events.len(), 1, "{events:#?}");
}

#[test]
fn an_unknown_village_of_the_list_takes_its_neighbours_units() {
    let events = code(
        "Des hommes armés ont incendié dimanche les villages de Wendoubaye et Téra, dans la région de Tillabéri.",
        Lang::Fr,
    );
    let unknown = events
        .iter()
        .filter_map(|e| e.location.as_ref())
        .find(|l| l.name.as_deref() == Some("Wendoubaye"))
        .expect("the unknown village is an event of its own");
    assert_eq!(unknown.admin1.as_deref(), Some("Tillabéri"), "{unknown:?}");
    assert_eq!(unknown.latitude, None, "no coordinates are made up");
}

#[test]
fn a_village_the_gazetteer_lacks_places_every_action_of_its_sentence() {
    let ev = common::extract(
        "On 13 February, militants ransacked the school in the village of Tiabongou and \
         seized the rice stored for the canteen.",
        vigie_model::Lang::En,
        (2019, 2, 14),
    );
    assert!(!ev.is_empty());
    for e in &ev {
        let name = e.location.as_ref().and_then(|l| l.name.as_deref());
        assert_eq!(
            name,
            Some("Tiabongou"),
            "{}: {:?}",
            e.sub_event_type,
            e.location
        );
    }
}
