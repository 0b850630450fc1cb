//! No input makes the time stage panic, and every result is consistent.

use proptest::prelude::*;
use vigie_model::{DateInterval, Lang};

fn check(text: &str, published: Option<&str>, lang: Option<Lang>) {
    let a = vigie_text::analyse(text, lang);
    let p = vigie_time::publication(published.and_then(DateInterval::parse), None, text, &a);
    if let (Some(iv), Some(b)) = (p.interval, p.best) {
        assert!(iv.contains(b), "{p:?}");
    }
    let times = vigie_time::find_times(text, &a, &p);
    for m in &times {
        assert!(m.interval.earliest <= m.interval.latest);
        assert!(text.get(m.span.start..m.span.end).is_some());
        assert!(m.interval.contains(m.best) || m.relative_to_event, "{m:?}");
    }
    for s in 0..a.sentences.len() {
        let anchor = a.sentences[s].tokens.start;
        if let Some(d) = vigie_time::event_date(text, &a, &p, &times, &[s], Some(anchor)) {
            assert!(d.interval.contains(d.best), "{d:?}");
        }
    }
}

const WORDS: &[&str] = &[
    "dimanche",
    "lundi",
    "hier",
    "la",
    "veille",
    "le",
    "lendemain",
    "de",
    "du",
    "au",
    "nuit",
    "12",
    "31",
    "2",
    "heures",
    "septembre",
    "février",
    "29",
    "2024",
    "entre",
    "et",
    "à",
    "vers",
    "Sunday",
    "last",
    "the",
    "day",
    "before",
    "overnight",
    "to",
    "September",
    "Sept",
    ".",
    ",",
    "mid",
    "-",
    "July",
    "il",
    "y",
    "a",
    "deux",
    "jours",
    "ago",
    "avait",
    "attaqué",
    "will",
    "ce",
    "matin",
    "fin",
    "août",
    "début",
    "in",
    "early",
    "on",
    "1er",
    "12th",
    "of",
    "/",
    "09",
    "hier",
    "soir",
    "prochain",
    "dernier",
    "du",
    "9999",
    "0",
    "(",
    ")",
    "Reuters",
    "BAMAKO",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text(s in "\\PC{0,200}", d in 0usize..5) {
        let pubs = [None, Some("2023-09"), Some("2023-09-19"), Some("2023"), Some("2024-02-29")];
        check(&s, pubs[d], None);
    }

    #[test]
    fn word_salad(idx in proptest::collection::vec(0..WORDS.len(), 0..40), d in 0usize..5, fr in any::<bool>()) {
        let text: Vec<&str> = idx.iter().map(|&i| WORDS[i]).collect();
        let pubs = [None, Some("2023-09"), Some("2023-09-19"), Some("2023"), Some("2024-02-29")];
        check(&text.join(" "), pubs[d], Some(if fr { Lang::Fr } else { Lang::En }));
    }
}

#[test]
fn calendar_edges() {
    for (t, p) in [
        (
            "Le 29 février, des hommes armés ont attaqué le poste.",
            "2023-03-01",
        ),
        ("Le 31 juin, rien.", "2023-07-01"),
        ("Le 31/02/2023 est une date impossible.", "2023-03-01"),
        ("dimanche dimanche dimanche", "0001-01-01"),
        ("hier", "9999-12"),
        ("il y a 999 ans", "2023-09-19"),
        ("il y a 999 semaines", "2023-09-19"),
        ("le mois dernier", "0001-01"),
        ("the day after tomorrow", "9999-12-31"),
    ] {
        check(t, Some(p), Some(Lang::Fr));
        check(t, Some(p), Some(Lang::En));
    }
}
