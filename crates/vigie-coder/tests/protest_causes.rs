//! What a demonstration is about ("against the arrest of", "pour exiger la
//! libération de") is neither an intervention nor an event of its own.

mod common;

use vigie_model::Lang;

fn types(text: &str, lang: Lang) -> Vec<String> {
    common::sub_events(text, lang, (2019, 9, 18))
}

#[test]
fn a_march_against_an_arrest_is_a_peaceful_protest() {
    let t = types(
        "On September 17, women and youths marched in Kidal against the arrest of a local \
         leader in Bamako.",
        Lang::En,
    );
    assert_eq!(t, vec!["Peaceful protest"]);
}

#[test]
fn un_sit_in_pour_exiger_une_liberation_est_pacifique() {
    let t = types(
        "Des dizaines de jeunes ont observé un sit-in mardi devant le gouvernorat de Gao pour \
         exiger la libération de trois commerçants.",
        Lang::Fr,
    );
    assert_eq!(t, vec!["Peaceful protest"]);
}

#[test]
fn a_march_stopped_by_police_is_a_protest_with_intervention() {
    let t = types(
        "On Tuesday, hundreds of students trying to march on the ministry in Niamey were \
         stopped by police at the university gates.",
        Lang::En,
    );
    assert_eq!(t, vec!["Protest with intervention"]);
}

#[test]
fn une_marche_empechee_par_les_gendarmes_est_une_intervention() {
    let t = types(
        "Mardi, une manifestation des commerçants de Kayes a été empêchée par les gendarmes \
         devant la mairie.",
        Lang::Fr,
    );
    assert_eq!(t, vec!["Protest with intervention"]);
}
