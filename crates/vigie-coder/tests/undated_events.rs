//! An event told without a date: a news story is published after it (the
//! day before is the best guess), an event record is stamped with its date.

use chrono::NaiveDate;
use vigie_coder::{Coder, ExtractOptions};
use vigie_model::{DateInterval, Document, Lang, Precision};

const BRIEF: &str = "Gunmen on motorbikes set fire to the market of a village in the \
                     Tillaberi region and stole cattle, residents said.";

fn undated(text: &str, title: Option<&str>) -> (String, String) {
    let day = NaiveDate::from_ymd_opt(2024, 5, 14).expect("a date");
    let doc = Document {
        id: "undated".into(),
        text: text.into(),
        published: Some(DateInterval::new(day, day, Precision::Day)),
        lang: Some(Lang::En),
        title: title.map(Into::into),
        url: None,
        source: None,
        origin: "test".into(),
    };
    let ev = Coder::new()
        .expect("coder loads")
        .extract(&doc, &ExtractOptions::default());
    let e = ev.first().expect("an event");
    (
        e.event_date.clone().unwrap_or_default(),
        e.date_precision.clone().unwrap_or_default(),
    )
}

#[test]
fn a_record_is_dated_by_its_stamp() {
    let (date, precision) = undated(BRIEF, None);
    assert_eq!(date, "2024-05-14");
    assert_ne!(precision, "day", "the text does not pin the day");
}

#[test]
fn a_titled_story_is_dated_the_day_before_publication() {
    let (date, precision) = undated(BRIEF, Some("Market burnt in western Niger"));
    assert_eq!(date, "2024-05-13");
    assert_ne!(precision, "day");
}

#[test]
fn a_story_of_several_paragraphs_is_dated_the_day_before_publication() {
    let text = format!(
        "{BRIEF}\n\nThe region has seen a rise in such raids since the start of the year, \
         according to humanitarian organisations working in the area."
    );
    let (date, _) = undated(&text, None);
    assert_eq!(date, "2024-05-13");
}

#[test]
fn a_records_yesterday_counts_from_an_unknown_day_and_keeps_the_stamp() {
    let (date, _) = undated(
        "Soldiers arrested some twenty suspected jihadists yesterday in Djenne, a local \
         official said.",
        None,
    );
    assert_eq!(date, "2024-05-14");
}

#[test]
fn a_records_stated_day_moves_it_off_the_stamp() {
    let (date, precision) = undated(
        "On 11 May, gunmen abducted two traders on the road between Djibo and Namsiguia.",
        None,
    );
    assert_eq!(date, "2024-05-11");
    assert_eq!(precision, "day");
}

#[test]
fn a_day_in_brackets_dates_the_aside_not_the_event() {
    let day = NaiveDate::from_ymd_opt(2024, 5, 14).expect("a date");
    let mut doc = Document::new(
        "aside",
        "On 12 May, relatives of a trader [abducted near Djibo on 9 May] staged a sit-in in \
         front of the governor's office in Dori to demand his release.",
    );
    doc.published = Some(DateInterval::new(day, day, Precision::Day));
    doc.lang = Some(Lang::En);
    let ev = Coder::new()
        .expect("coder loads")
        .extract(&doc, &ExtractOptions::default());
    let dates: Vec<(&str, &str)> = ev
        .iter()
        .map(|e| {
            (
                e.event_type.as_str(),
                e.event_date.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert!(dates.contains(&("Protests", "2024-05-12")), "{dates:?}");
    assert!(
        dates.contains(&("Violence against civilians", "2024-05-09")),
        "{dates:?}"
    );
}
