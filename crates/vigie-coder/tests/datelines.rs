//! A wire dateline names where the report was written, not where its
//! events happened, in capitals or in mixed case.

use chrono::NaiveDate;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::{DateInterval, Document, Lang, Precision};

fn places(text: &str) -> Vec<String> {
    let day = NaiveDate::from_ymd_opt(2021, 3, 17).unwrap();
    let doc = Document {
        id: "dateline".into(),
        text: text.into(),
        published: Some(DateInterval::new(day, day, Precision::Day)),
        lang: Some(Lang::En),
        title: None,
        url: None,
        source: None,
        origin: "test".into(),
    };
    let events = Coder::new()
        .expect("coder loads")
        .extract(&doc, &ExtractOptions::default());
    events
        .iter()
        .filter_map(|e| e.location.as_ref().and_then(|l| l.name.clone()))
        .collect()
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
