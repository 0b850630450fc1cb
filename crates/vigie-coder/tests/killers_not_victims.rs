//! The noun before a verb of killing is its subject: "Gunmen kill 40" does
//! not count forty gunmen dead, so the event is an attack, not a battle.

use chrono::NaiveDate;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::{DateInterval, Document, Lang, Precision};

fn sub_events(text: &str, lang: Lang) -> Vec<String> {
    let day = NaiveDate::from_ymd_opt(2021, 3, 23).unwrap();
    let doc = Document {
        id: "killers".into(),
        text: text.into(),
        published: Some(DateInterval::new(day, day, Precision::Day)),
        lang: Some(lang),
        title: None,
        url: None,
        source: None,
        origin: "test".into(),
    };
    Coder::new()
        .expect("coder loads")
        .extract(&doc, &ExtractOptions::default())
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
