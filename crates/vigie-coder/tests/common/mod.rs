//! What the coder's integration tests share: coding one written report.

use chrono::NaiveDate;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::{DateInterval, Document, Event, Lang, Precision};

/// The events of `text`, published on day `(year, month, day)`.
pub fn extract(text: &str, lang: Lang, published: (i32, u32, u32)) -> Vec<Event> {
    let (y, m, d) = published;
    let day = NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date");
    let doc = Document {
        id: "test".into(),
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
}

/// The names of the events' places, in event order.
#[allow(dead_code)] // not every test file asks for places
pub fn place_names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| e.location.as_ref().and_then(|l| l.name.clone()))
        .collect()
}

/// The sub-event types of the events of `text`, in event order.
#[allow(dead_code)] // not every test file asks for types
pub fn sub_events(text: &str, lang: Lang, published: (i32, u32, u32)) -> Vec<String> {
    extract(text, lang, published)
        .into_iter()
        .map(|e| e.sub_event_type)
        .collect()
}

/// The names of the events' first actors, in event order.
#[allow(dead_code)] // not every test file asks for actors
pub fn actor1_names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| e.actor1.as_ref().map(|a| a.name.clone()))
        .collect()
}
