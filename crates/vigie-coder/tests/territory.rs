//! Ground taken: a rebel advance is a battle unless the report says it met
//! no resistance; a state's recapture told without a blow is a transfer;
//! livestock seized in an area is looting, not ground taken.

mod common;

use common::extract;
use vigie_model::Lang;

fn types(text: &str, lang: Lang) -> Vec<String> {
    extract(text, lang, (2012, 4, 3))
        .into_iter()
        .map(|e| e.sub_event_type)
        .collect()
}

#[test]
fn rebels_taking_a_town_overtake_it() {
    let t = types(
        "MNLA rebels captured the town of Ansongo on Sunday.",
        Lang::En,
    );
    assert_eq!(t, vec!["Non-state actor overtakes territory"]);
}

#[test]
fn rebels_entering_after_the_army_left_take_it_without_a_fight() {
    let t = types(
        "MNLA rebels took control of Ansongo on Sunday following the withdrawal of the army.",
        Lang::En,
    );
    assert_eq!(t[0], "Non-violent transfer of territory", "{t:?}");
}

#[test]
fn les_rebelles_entres_apres_le_depart_de_l_armee_sans_combat() {
    let t = types(
        "Les rebelles du MNLA ont pris le contrôle d'Ansongo dimanche après le départ de \
         l'armée malienne.",
        Lang::Fr,
    );
    assert_eq!(t, vec!["Non-violent transfer of territory"]);
}

#[test]
fn troops_retaking_a_town_unopposed_is_a_transfer() {
    let t = types(
        "Malian and French troops recaptured Douentza on Monday.",
        Lang::En,
    );
    assert_eq!(t, vec!["Non-violent transfer of territory"]);
}

#[test]
fn livestock_seized_in_an_area_is_looting() {
    let t = types(
        "On Sunday, suspected militants seized livestock in the area of Kelbo, residents said.",
        Lang::En,
    );
    assert_eq!(t, vec!["Looting/property destruction"]);
}

#[test]
fn a_government_regaining_sites_from_mutineers_regains_territory() {
    let t = types(
        "The government regained the barracks of Diffa where soldiers had mutinied over \
         unpaid wages.",
        Lang::En,
    );
    assert!(
        t.contains(&"Government regains territory".to_string()),
        "{t:?}"
    );
}

#[test]
fn an_incursion_that_loots_is_the_looting() {
    let t = types(
        "On Sunday, suspected militants made an incursion into Markoye and seized a large \
         number of cattle.",
        Lang::En,
    );
    assert_eq!(t, vec!["Looting/property destruction"]);
}

#[test]
fn militants_ransacking_offices_loot_rather_than_riot() {
    let t = types(
        "On 29 July, suspected Katiba Macina militants ransacked the voting offices of \
         Kobaka.",
        Lang::En,
    );
    assert_eq!(t, vec!["Looting/property destruction"]);
}
