//! The founding example (`../shared/spec/seed-article.txt`), read only when
//! it exists: its text is not copied into the repository.

use vigie_model::{DateInterval, Lang, Precision};
use vigie_time::{event_date, find_times, publication, Publication, TimeMention};

const SEED: &str = "../../../shared/spec/seed-article.txt";

/// The seed's header is on the same line as its text: `date 2023-09 Les ...`.
fn read_seed() -> Option<(Option<DateInterval>, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let raw = std::fs::read_to_string(path).ok()?;
    let t = raw.trim_start();
    let rest = t.strip_prefix("date")?.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let date = DateInterval::parse(&rest[..end]);
    Some((date, rest[end..].trim_start().to_string()))
}

struct Seed {
    text: String,
    a: vigie_text::Analysis,
    p: Publication,
    times: Vec<TimeMention>,
}

fn seed(published: Option<&str>) -> Option<Seed> {
    let (header, text) = read_seed()?;
    let a = vigie_text::analyse(&text, Some(Lang::Fr));
    let p = publication(header, published.and_then(DateInterval::parse), &text, &a);
    let times = find_times(&text, &a, &p);
    Some(Seed { text, a, p, times })
}

impl Seed {
    fn token(&self, word: &str) -> usize {
        let f = vigie_text::fold_str(word);
        (0..self.a.tokens.len())
            .find(|&i| self.a.norm(i) == f)
            .unwrap_or_else(|| panic!("no token {word}"))
    }

    fn date_at(&self, word: &str) -> vigie_time::EventDate {
        let t = self.token(word);
        let s = self.a.sentence_of(t).unwrap();
        event_date(&self.text, &self.a, &self.p, &self.times, &[s], Some(t)).unwrap()
    }

    fn dump(&self) {
        eprintln!("publication: {:?}", self.p);
        for m in &self.times {
            eprintln!(
                "{:?} {} .. {} best {} {:?} {:?}",
                m.span.slice(&self.text),
                m.interval.earliest,
                m.interval.latest,
                m.best,
                m.interval.precision,
                m.kind
            );
        }
    }
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn seed_with_published_day() {
    let Some(s) = seed(Some("2023-09-19")) else {
        eprintln!("seed article not found; skipped");
        return;
    };
    s.dump();
    let battle = s.date_at("attaqué");
    assert_eq!(
        (battle.best, battle.precision),
        (d("2023-09-17"), Precision::Day)
    );
    assert_eq!(battle.interval.days(), 1);
    let withdrawal = s.date_at("retirés");
    // The first "retirés" is the lead sentence; the one with the hour is in
    // the second paragraph.
    let t = (0..s.a.tokens.len())
        .filter(|&i| s.a.norm(i) == "retires")
        .nth(1)
        .unwrap();
    let sent = s.a.sentence_of(t).unwrap();
    let w2 = event_date(&s.text, &s.a, &s.p, &s.times, &[sent], Some(t)).unwrap();
    assert_eq!((w2.best, w2.precision), (d("2023-09-18"), Precision::Day));
    assert!(withdrawal.interval.contains(d("2023-09-18")));
    let bourem = s.date_at("mené");
    assert_eq!(
        (bourem.best, bourem.precision),
        (d("2023-09-12"), Precision::Day)
    );
    let statements = s.date_at("dénoncé");
    assert_eq!(statements.interval.earliest, d("2023-09-17"));
    assert_eq!(statements.interval.latest, d("2023-09-18"));
}

#[test]
fn seed_with_header_only() {
    let Some(s) = seed(None) else {
        eprintln!("seed article not found; skipped");
        return;
    };
    s.dump();
    let truth = [
        ("attaqué", "2023-09-17"),
        ("mené", "2023-09-12"),
        ("dénoncé", "2023-09-17"),
        ("retirés", "2023-09-18"),
    ];
    for (w, day) in truth {
        let e = s.date_at(w);
        assert!(e.interval.contains(d(day)), "{w}: {e:?}");
    }
    for m in &s.times {
        if m.kind == vigie_time::TimeKind::Weekday {
            assert_ne!(m.interval.precision, Precision::Day, "{m:?}");
            assert!(m.interval.days() > 1);
        }
    }
    let sunday = s
        .times
        .iter()
        .find(|m| m.span.slice(&s.text).starts_with("dimanche"))
        .unwrap();
    assert_eq!(sunday.best, d("2023-09-17"));
    let battle = s.date_at("attaqué");
    assert_ne!(battle.precision, Precision::Day);
    assert_eq!(battle.best, d("2023-09-17"));
}
