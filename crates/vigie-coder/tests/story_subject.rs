//! The subject of a sentence that tells no event acts in the next one
//! when that one names nobody ("Soldiers mutinied ... They took over ...").

mod common;

use common::extract;
use vigie_model::Lang;

#[test]
fn mutineers_introduced_before_the_event_are_its_actor() {
    let ev = extract(
        "Soldiers mutinied in Diffa on Tuesday over months of unpaid wages. They took over \
         the town's radio station and the governor's office.",
        Lang::En,
        (2024, 3, 20),
    );
    let who = common::actor1_names(&ev);
    assert!(
        who.iter()
            .any(|a| a.starts_with("Mutiny of Military Forces of Niger")),
        "{who:?}"
    );
}

#[test]
fn les_mutins_annonces_avant_sont_les_auteurs() {
    let ev = extract(
        "Des soldats mutins ont pris position mardi autour de la caserne de Kati. Ils ont \
         ensuite attaqué le domicile du ministre de la Défense.",
        Lang::Fr,
        (2024, 3, 20),
    );
    let who = common::actor1_names(&ev);
    assert!(
        who.iter()
            .any(|a| a.starts_with("Mutiny of Military Forces of Mali")),
        "{who:?}"
    );
}
