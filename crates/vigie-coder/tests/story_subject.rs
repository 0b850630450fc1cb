//! The subject of a sentence that tells no event acts in the next one
//! when that one names nobody ("Soldiers mutinied ... They took over ...").

mod common;

use vigie_model::Lang;

/// Some event of `text` has a first actor whose name starts with `actor`.
fn acted_by(text: &str, lang: Lang, actor: &str) {
    let who = common::actor1_names(&common::extract(text, lang, (2024, 3, 20)));
    assert!(who.iter().any(|a| a.starts_with(actor)), "{who:?}");
}

#[test]
fn mutineers_introduced_before_the_event_are_its_actor() {
    acted_by(
        "Soldiers mutinied in Diffa on Tuesday over months of unpaid wages. They took over \
         the town's radio station and the governor's office.",
        Lang::En,
        "Mutiny of Military Forces of Niger",
    );
}

#[test]
fn les_mutins_annonces_avant_sont_les_auteurs() {
    acted_by(
        "Des soldats mutins ont pris position mardi autour de la caserne de Kati. Ils ont \
         ensuite attaqué le domicile du ministre de la Défense.",
        Lang::Fr,
        "Mutiny of Military Forces of Mali",
    );
}
