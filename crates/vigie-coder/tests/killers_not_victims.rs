//! The noun before a verb of killing is its subject: "Gunmen kill 40" does
//! not count forty gunmen dead, so the event is an attack, not a battle.

mod common;

use vigie_model::Lang;

fn sub_events(text: &str, lang: Lang) -> Vec<String> {
    common::sub_events(text, lang, (2021, 3, 23))
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

#[test]
fn a_backer_named_after_by_is_an_ally_not_the_target() {
    let ev = common::extract(
        "Al Mourabitoun fighters backed by AQIM attacked a hotel in Bamako on Friday, killing \
         twenty guests.",
        Lang::En,
        (2015, 11, 21),
    );
    let e = ev.first().expect("an event");
    let a1 = e
        .actor1
        .as_ref()
        .map(|a| a.name.as_str())
        .unwrap_or_default();
    let a2 = e
        .actor2
        .as_ref()
        .map(|a| a.name.as_str())
        .unwrap_or_default();
    assert!(a1.starts_with("Al Mourabitoun"), "{a1} / {a2}");
    assert!(!a2.starts_with("AQIM"), "{a1} / {a2}");
    assert!(
        e.assoc_actor_1.iter().any(|x| x.name.starts_with("AQIM")),
        "{:?}",
        e.assoc_actor_1
    );
}

#[test]
fn gunmen_abducting_traders_are_no_mob() {
    let s = sub_events(
        "Unknown gunmen abducted three livestock traders near Gomso on Friday.",
        Lang::En,
    );
    assert_eq!(s, vec!["Abduction/forced disappearance"]);
}

#[test]
fn civilians_killed_in_a_groups_attack_are_its_victims() {
    let ev = common::extract(
        "At least nine civilians killed and 13 wounded in a Boko Haram attack near Bosso on \
         Tuesday.",
        Lang::En,
        (2016, 5, 31),
    );
    let e = ev.first().expect("an event");
    assert_eq!(e.sub_event_type, "Attack");
    let a1 = e
        .actor1
        .as_ref()
        .map(|a| a.name.as_str())
        .unwrap_or_default();
    assert!(a1.starts_with("Boko Haram"), "{a1}");
}
