//! A wire dateline names where the report was written, not where its
//! events happened, in capitals or in mixed case.

mod common;

use vigie_model::Lang;

fn places(text: &str) -> Vec<String> {
    common::place_names(&common::extract(text, Lang::En, (2021, 3, 17)))
}

#[test]
fn mixed_case_dateline_with_agency_is_not_the_event_place() {
    let p = places(
        "Bamako, (Wire Sahel) - Gunmen killed eleven soldiers on Monday in an ambush, the army said.",
    );
    assert!(!p.iter().any(|n| n == "Bamako"), "{p:?}");
}

#[test]
fn dated_mixed_case_dateline_is_not_the_event_place() {
    let p = places(
        "Niamey, 16 March (Wire Sahel) - Gunmen killed eleven villagers on Monday, officials said.",
    );
    assert!(!p.iter().any(|n| n == "Niamey"), "{p:?}");
}

#[test]
fn a_town_opening_a_sentence_is_still_a_place() {
    let p = places(
        "Bamako, the capital, was the scene of clashes on Monday between police and protesters (several hundred, witnesses said).",
    );
    assert!(p.iter().any(|n| n == "Bamako"), "{p:?}");
}
