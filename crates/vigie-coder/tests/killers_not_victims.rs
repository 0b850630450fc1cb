//! The noun before a verb of killing is its subject: "Gunmen kill 40" does
//! not count forty gunmen dead, so the event is an attack, not a battle.

mod common;

use vigie_model::Lang;

fn sub_events(text: &str, lang: Lang) -> Vec<String> {
    common::extract(text, lang, (2021, 3, 23))
        .into_iter()
        .map(|e| e.sub_event_type)
        .collect()
}

#[test]
fn headline_subject_is_not_the_dead() {
    let s = sub_events(
        "Gunmen kill 40 in raids on villages in western Niger",
        Lang::En,
    );
    assert_eq!(s, vec!["Attack".to_string()], "{s:?}");
}

#[test]
fn french_headline_subject_is_not_the_dead() {
    let s = sub_events(
        "Niger : des assaillants tuent 40 personnes dans des villages de Tillabéri",
        Lang::Fr,
    );
    assert!(!s.iter().any(|x| x == "Armed clash"), "{s:?}");
}
