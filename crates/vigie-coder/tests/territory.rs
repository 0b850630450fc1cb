//! Ground taken and property wrecked: a rebel advance is a battle unless the
//! report says it met no resistance; a state's recapture told without a
//! blow is a transfer; livestock seized in an area, an incursion that loots
//! and militants ransacking offices are looting.

mod common;

use vigie_model::Lang;

/// (report, language, the sub-event types it must give, in order).
const CASES: &[(&str, Lang, &[&str])] = &[
    (
        "MNLA rebels captured the town of Ansongo on Sunday.",
        Lang::En,
        &["Non-state actor overtakes territory"],
    ),
    // The residents who tell it are no party to it.
    (
        "MNLA rebels captured the town of Ansongo on Sunday, residents said.",
        Lang::En,
        &["Non-state actor overtakes territory"],
    ),
    (
        "Les rebelles du MNLA ont pris le contrôle d'Ansongo dimanche après le départ de \
         l'armée malienne.",
        Lang::Fr,
        &["Non-violent transfer of territory"],
    ),
    (
        "Malian and French troops recaptured Douentza on Monday.",
        Lang::En,
        &["Non-violent transfer of territory"],
    ),
    (
        "On Sunday, suspected militants seized livestock in the area of Kelbo, residents said.",
        Lang::En,
        &["Looting/property destruction"],
    ),
    (
        "On Sunday, suspected militants made an incursion into Markoye and seized a large \
         number of cattle.",
        Lang::En,
        &["Looting/property destruction"],
    ),
    (
        "On 29 July, suspected Katiba Macina militants ransacked the voting offices of \
         Kobaka.",
        Lang::En,
        &["Looting/property destruction"],
    ),
];

#[test]
fn territory_and_looting_cases() {
    for (text, lang, want) in CASES {
        let got = common::sub_events(text, *lang, (2012, 4, 3));
        assert_eq!(&got, want, "{text}");
    }
}

/// The army's withdrawal may be an event of its own; the rebels' entry is a
/// transfer.
#[test]
fn rebels_entering_after_the_army_left_take_it_without_a_fight() {
    let t = common::sub_events(
        "MNLA rebels took control of Ansongo on Sunday following the withdrawal of the army.",
        Lang::En,
        (2012, 4, 3),
    );
    assert_eq!(t[0], "Non-violent transfer of territory", "{t:?}");
}

#[test]
fn a_government_regaining_sites_from_mutineers_regains_territory() {
    let t = common::sub_events(
        "The government regained the barracks of Diffa where soldiers had mutinied over \
         unpaid wages.",
        Lang::En,
        (2012, 4, 3),
    );
    assert!(
        t.contains(&"Government regains territory".to_string()),
        "{t:?}"
    );
}
