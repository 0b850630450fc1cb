//! The conformance suite: every test runs against SQLite and PostgreSQL
//! (when `VIGIE_TEST_PG` is set; CI sets it). Each test gets a factory that
//! makes fresh, empty stores.

mod fixtures;

use fixtures::*;
use vigie_store::{
    BBox, DocStatus, EventQuery, EventSummary, RecodeItem, SortKey, Store, StoredEvent,
};

type Make<'a> = &'a mut dyn FnMut() -> Box<dyn Store>;

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let mut dirs = Vec::new();
                    let mut make = || {
                        let (s, d) = super::fixtures::sqlite_store();
                        dirs.push(d);
                        s
                    };
                    super::$name(&mut make);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if super::fixtures::pg_url().is_none() {
                        return;
                    }
                    let mut make = || {
                        let url = super::fixtures::pg_fresh_url(stringify!($name)).unwrap();
                        vigie_store::open(&url).unwrap()
                    };
                    super::$name(&mut make);
                }
            )*
        }
    };
}

conformance!(
    ingest_is_idempotent,
    same_content_under_other_id_is_known,
    reports_of_one_battle_merge,
    other_events_same_place_and_day_stay_apart,
    merge_does_not_depend_on_order,
    merge_in_one_batch_equals_separate_batches,
    filters_select_the_right_events,
    sorting_and_paging,
    full_text_search,
    document_keeps_text_and_evidence,
    changed_document_replaces_its_events,
    recode_replaces_events_and_keeps_history,
    stats_and_suggestions,
    schema_is_versioned,
    random_reports_merge_the_same_whatever_the_history,
    counts_and_pages_agree,
);

/// The count shortcuts (a box or an actor alone) and `query_page` agree
/// with the plain query.
fn counts_and_pages_agree(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    s.ingest(&crowded_corpus(7, 40)).unwrap();
    let gao = "-1,16,1,18".parse::<BBox>().ok();
    let wide = "-20,0,20,30".parse::<BBox>().ok();
    let queries = [
        EventQuery {
            actor: Some("jnim".into()),
            ..Default::default()
        },
        EventQuery {
            actor: Some(" Military ".into()),
            ..Default::default()
        },
        EventQuery {
            actor: Some("nobody at all".into()),
            ..Default::default()
        },
        EventQuery {
            bbox: gao,
            ..Default::default()
        },
        EventQuery {
            bbox: wide,
            ..Default::default()
        },
        EventQuery {
            bbox: wide,
            country: Some("Mali".into()),
            ..Default::default()
        },
        EventQuery {
            bbox: wide,
            actor: Some("forces".into()),
            ..Default::default()
        },
    ];
    for q in queries {
        let all = s.query_events(&q).unwrap();
        assert_eq!(s.count_events(&q).unwrap() as usize, all.len(), "{q:?}");
        for sort in [SortKey::Date, SortKey::Fatalities] {
            let paged = EventQuery {
                sort,
                descending: true,
                limit: Some(3),
                offset: 1,
                ..q.clone()
            };
            let (n, page) = s.query_page(&paged).unwrap();
            assert_eq!(n as usize, all.len());
            assert_eq!(ids(&page), ids(&s.query_events(&paged).unwrap()), "{q:?}");
        }
    }
}

fn all(s: &mut dyn Store) -> Vec<StoredEvent> {
    s.query_events(&EventQuery::default()).unwrap()
}

fn find<'a>(evs: &'a [StoredEvent], report: &str) -> &'a StoredEvent {
    evs.iter()
        .find(|e| e.sources.iter().any(|s| s.report_id == report))
        .unwrap_or_else(|| panic!("no event with report {report}"))
}

fn ingest_is_idempotent(make: Make) {
    let mut s = make();
    let first = s.ingest(&battle_corpus()).unwrap();
    assert_eq!(first.documents_new, 6);
    let counts = s.counts().unwrap();
    let again = s.ingest(&battle_corpus()).unwrap();
    assert_eq!(again.documents_new, 0);
    assert_eq!(again.documents_known, 6);
    assert_eq!(again.events_new + again.events_merged, 0);
    assert_eq!(s.counts().unwrap(), counts);
    assert_eq!(counts.documents, 6);
    assert_eq!(counts.reports, 6);
    // A document repeated inside one batch is stored once too.
    let mut t = make();
    let mut twice = battle_corpus();
    twice.extend(battle_corpus());
    let sum = t.ingest(&twice).unwrap();
    assert_eq!((sum.documents_new, sum.documents_known), (6, 6));
    assert_eq!(t.counts().unwrap(), counts);
}

fn same_content_under_other_id_is_known(make: Make) {
    let mut s = make();
    let items = battle_corpus();
    s.ingest(&items[..1]).unwrap();
    let mut copy = items[0].clone();
    copy.document.id = "mirror-of-afp-1".into();
    assert_eq!(
        s.document_status(&copy.document.id, &copy.document.text)
            .unwrap(),
        DocStatus::Known
    );
    let sum = s.ingest(&[copy]).unwrap();
    assert_eq!(sum.documents_known, 1);
    assert_eq!(s.counts().unwrap().documents, 1);
}

fn reports_of_one_battle_merge(make: Make) {
    let mut s = make();
    let sum = s.ingest(&battle_corpus()).unwrap();
    let evs = all(&mut *s);
    // afp-1, rfi-2 and local-3 are one battle; attack, CSP fight and
    // protest are three more events.
    assert_eq!(
        evs.len(),
        4,
        "{:#?}",
        evs.iter().map(|e| &e.sources).collect::<Vec<_>>()
    );
    assert_eq!(sum.events_new, 4);
    assert_eq!(sum.events_merged, 2);
    let battle = find(&evs, "afp-1-e1");
    let docs: Vec<&str> = battle.sources.iter().map(|s| s.doc_id.as_str()).collect();
    assert_eq!(docs, ["afp-1", "local-3", "rfi-2"]);
    // ACLED: the lowest credible figure; each source keeps its own.
    assert_eq!(battle.event.fatalities, Some(12));
    let figs: Vec<Option<u32>> = battle.sources.iter().map(|s| s.fatalities).collect();
    assert_eq!(figs, [Some(12), None, Some(15)]);
    // The most precise date and place win.
    assert_eq!(battle.event.event_date.as_deref(), Some("2023-09-17"));
    assert_eq!(battle.event.date_precision.as_deref(), Some("day"));
    assert_eq!(
        battle.event.location.as_ref().unwrap().geo_precision,
        Some(1)
    );
    assert_eq!(battle.event.event_id, "afp-1-e1");
    let reason = battle.merge_reason.as_deref().unwrap();
    assert!(
        reason.contains("km apart") || reason.contains("admin2"),
        "{reason}"
    );
    assert!(battle.sources.iter().all(|s| !s.evidence.is_empty()));
    // The stored event is the formats.md object plus sources.
    let v = serde_json::to_value(battle).unwrap();
    for k in [
        "event_id",
        "doc_id",
        "event_date",
        "location",
        "fatalities",
        "evidence",
        "sources",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let got = s.get_event(&battle.event.event_id).unwrap().unwrap();
    assert_eq!(&got, battle);
    assert!(s.get_event("no-such-event").unwrap().is_none());
}

fn other_events_same_place_and_day_stay_apart(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    let evs = all(&mut *s);
    let attack = find(&evs, "ngo-4-e1");
    assert_eq!(attack.sources.len(), 1, "VAC is another family");
    assert!(attack.merge_reason.is_none());
    let csp = find(&evs, "csp-5-e1");
    assert_eq!(
        csp.sources.len(),
        1,
        "CSP vs army is another fight than JNIM vs army"
    );
}

fn ids_and_sources(evs: &[StoredEvent]) -> Vec<(String, Vec<String>, Option<u32>)> {
    let mut v: Vec<_> = evs
        .iter()
        .map(|e| {
            (
                e.event.event_id.clone(),
                e.sources.iter().map(|s| s.report_id.clone()).collect(),
                e.event.fatalities,
            )
        })
        .collect();
    v.sort();
    v
}

fn merge_does_not_depend_on_order(make: Make) {
    let items = battle_corpus();
    let mut fwd = make();
    for it in &items {
        fwd.ingest(std::slice::from_ref(it)).unwrap();
    }
    let mut rev = make();
    for it in items.iter().rev() {
        rev.ingest(std::slice::from_ref(it)).unwrap();
    }
    let mut mixed = make();
    for i in [2, 4, 0, 5, 1, 3] {
        mixed.ingest(std::slice::from_ref(&items[i])).unwrap();
    }
    let a = all(&mut *fwd);
    let b = all(&mut *rev);
    let c = all(&mut *mixed);
    assert_eq!(ids_and_sources(&a), ids_and_sources(&b));
    assert_eq!(ids_and_sources(&a), ids_and_sources(&c));
    // The whole records, not only the grouping.
    let strip = |v: Vec<StoredEvent>| -> Vec<String> {
        let mut out: Vec<String> = v
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        out.sort();
        out
    };
    assert_eq!(strip(a), strip(b));
}

fn merge_in_one_batch_equals_separate_batches(make: Make) {
    let items = battle_corpus();
    let mut one = make();
    let sum = one.ingest(&items).unwrap();
    let mut many = make();
    let mut total = vigie_store::IngestSummary::default();
    for it in items.iter().rev() {
        total.add(&many.ingest(std::slice::from_ref(it)).unwrap());
    }
    assert_eq!(
        ids_and_sources(&all(&mut *one)),
        ids_and_sources(&all(&mut *many))
    );
    assert_eq!(sum.events_new + sum.events_merged, 6);
    assert_eq!(total.events_new + total.events_merged, 6);
}

fn ids(evs: &[StoredEvent]) -> Vec<String> {
    let mut v: Vec<String> = evs.iter().map(|e| e.event.event_id.clone()).collect();
    v.sort();
    v
}

fn filters_select_the_right_events(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    let q = |f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery::default();
        f(&mut q);
        q
    };
    let mut run = |q: EventQuery| {
        let n = s.count_events(&q).unwrap();
        let e = s.query_events(&q).unwrap();
        assert_eq!(n as usize, e.len());
        // Summaries come from columns; they must say what the records say.
        let sums = s.query_summaries(&q).unwrap();
        assert_eq!(sums, e.iter().map(EventSummary::of).collect::<Vec<_>>());
        ids(&e)
    };
    assert_eq!(
        run(q(&|q| q.country = Some("burkina faso".into()))),
        ["bf-6-e1"]
    );
    assert_eq!(run(q(&|q| q.country = Some("BFA".into()))), ["bf-6-e1"]);
    assert_eq!(run(q(&|q| q.country = Some("mli".into()))).len(), 3);
    assert_eq!(run(q(&|q| q.admin1 = Some("Gao".into()))).len(), 3);
    assert_eq!(run(q(&|q| q.admin1 = Some("Kidal".into()))).len(), 0);
    assert_eq!(
        run(q(
            &|q| q.event_type = Some("Violence against civilians".into())
        )),
        ["ngo-4-e1"]
    );
    assert_eq!(
        run(q(&|q| q.sub_event_type = Some("armed clash".into()))).len(),
        2
    );
    assert_eq!(
        run(q(&|q| q.from = chrono::NaiveDate::from_ymd_opt(2023, 9, 17))).len(),
        3
    );
    assert_eq!(
        run(q(&|q| q.to = chrono::NaiveDate::from_ymd_opt(2023, 9, 16))),
        ["bf-6-e1"]
    );
    assert_eq!(run(q(&|q| q.actor = Some("jnim".into()))), ["afp-1-e1"]);
    assert_eq!(run(q(&|q| q.actor = Some("CSP".into()))), ["csp-5-e1"]);
    assert_eq!(run(q(&|q| q.actor = Some("100%_".into()))).len(), 0);
    let bf = BBox {
        min_lon: -6.0,
        min_lat: 9.0,
        max_lon: 2.5,
        max_lat: 15.0,
    };
    assert_eq!(run(q(&|q| q.bbox = Some(bf))), ["bf-6-e1"]);
    let gao = "-1,16,1,18".parse::<BBox>().unwrap();
    assert_eq!(run(q(&|q| q.bbox = Some(gao))).len(), 3);
    assert_eq!(run(q(&|q| q.min_fatalities = Some(10))), ["afp-1-e1"]);
    assert_eq!(run(q(&|q| q.doc_id = Some("rfi-2".into()))), ["afp-1-e1"]);
    assert_eq!(
        run(q(&|q| {
            q.country = Some("Mali".into());
            q.event_type = Some("Battles".into());
            q.actor = Some("Military Forces".into());
        }))
        .len(),
        2
    );
    // Hostile input is data, not SQL.
    assert_eq!(
        run(q(&|q| q.country = Some("x' OR '1'='1".into()))).len(),
        0
    );
}

fn sorting_and_paging(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    let q = EventQuery {
        sort: SortKey::Date,
        descending: false,
        ..Default::default()
    };
    let asc = s.query_events(&q).unwrap();
    assert_eq!(asc[0].event.event_id, "bf-6-e1");
    let desc = s
        .query_events(&EventQuery {
            descending: true,
            ..q.clone()
        })
        .unwrap();
    assert_eq!(desc.last().unwrap().event.event_id, "bf-6-e1");
    let page1 = s
        .query_events(&EventQuery {
            limit: Some(2),
            ..q.clone()
        })
        .unwrap();
    let page2 = s
        .query_events(&EventQuery {
            limit: Some(2),
            offset: 2,
            ..q.clone()
        })
        .unwrap();
    let rest = s
        .query_events(&EventQuery {
            offset: 1,
            ..q.clone()
        })
        .unwrap();
    assert_eq!(page1.len(), 2);
    assert_eq!(page2.len(), 2);
    assert_eq!(rest.len(), 3);
    let mut joined = page1.clone();
    joined.extend(page2);
    assert_eq!(ids(&joined), ids(&asc));
    let by_fat = s
        .query_events(&EventQuery {
            sort: SortKey::Sources,
            descending: true,
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_fat[0].sources.len(), 3);
    let by_fat = s
        .query_events(&EventQuery {
            sort: SortKey::Fatalities,
            descending: true,
            min_fatalities: Some(0),
            ..Default::default()
        })
        .unwrap();
    let figures: Vec<u32> = by_fat.iter().filter_map(|e| e.event.fatalities).collect();
    assert!(figures.windows(2).all(|w| w[0] >= w[1]), "{figures:?}");
}

fn full_text_search(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    let text = |s: &mut dyn Store, t: &str| {
        ids(&s
            .query_events(&EventQuery {
                text: Some(t.into()),
                ..Default::default()
            })
            .unwrap())
    };
    // Evidence (first sentence) and document text (second sentence).
    assert_eq!(text(&mut *s, "motorbikes"), ["ngo-4-e1"]);
    assert_eq!(text(&mut *s, "villagers"), ["ngo-4-e1"]);
    assert_eq!(text(&mut *s, "combats"), ["afp-1-e1"]);
    assert_eq!(text(&mut *s, "marched peacefully"), ["bf-6-e1"]);
    assert!(text(&mut *s, "submarine").is_empty());
    // Operators and quotes in user text are words, not syntax.
    assert!(text(&mut *s, "\" OR NEAR( *").is_empty());
}

fn document_keeps_text_and_evidence(make: Make) {
    let mut s = make();
    let items = battle_corpus();
    s.ingest(&items).unwrap();
    let d = s.get_document("rfi-2").unwrap().unwrap();
    assert_eq!(d.text, items[1].document.text);
    assert_eq!(d.published, items[1].document.published);
    assert_eq!(d.title.as_deref(), Some("Report rfi-2"));
    assert_eq!(d.extraction_version, VERSION);
    assert_eq!(d.content_hash.len(), 64);
    assert_eq!(d.reports.len(), 1);
    assert_eq!(d.reports[0].event_id, "afp-1-e1");
    let ev = &d.reports[0].evidence[0];
    assert_eq!(&d.text[ev.start..ev.end], ev.text);
    assert!(s.get_document("nope").unwrap().is_none());
    let ids = s.document_ids(None, 3).unwrap();
    assert_eq!(ids.len(), 3);
    let more = s.document_ids(Some(&ids[2]), 100).unwrap();
    assert_eq!(more.len(), 3);
    assert!(!more.contains(&ids[2]));
}

fn changed_document_replaces_its_events(make: Make) {
    let mut s = make();
    let mut items = battle_corpus();
    s.ingest(&items).unwrap();
    // rfi-2 is corrected: the fight was in Menaka, not Bourem.
    let mut b = items.remove(1);
    b.document
        .text
        .push_str(" Correction: les combats ont eu lieu à Ménaka.");
    b.events[0].location = Some(menaka());
    let sum = s.ingest(&[b]).unwrap();
    assert_eq!(sum.documents_updated, 1);
    let evs = all(&mut *s);
    assert_eq!(evs.len(), 5);
    assert_eq!(find(&evs, "afp-1-e1").sources.len(), 2);
    assert_eq!(find(&evs, "rfi-2-e1").sources.len(), 1);
    assert_eq!(s.counts().unwrap().documents, 6);
    assert_eq!(s.counts().unwrap().reports, 6);
    // Debug builds check the statistics rollup against a scan.
    s.stats(&EventQuery::default()).unwrap();
}

fn recode_replaces_events_and_keeps_history(make: Make) {
    let mut s = make();
    let items = battle_corpus();
    s.ingest(&items).unwrap();
    // The new rules find a second event in ngo-4 and drop the CSP claim.
    let d4 = &items[3].document;
    let mut e1 = items[3].events[0].clone();
    e1.fatalities = Some(6);
    let e2 = event(
        "ngo-4-e2",
        d4,
        "Abduction/forced disappearance",
        "2023-09-17",
        Some(bourem()),
        Some(actor("Unidentified Armed Group (Mali)", 3)),
        Some(civilians()),
        None,
    );
    let h = s
        .recode(&[
            RecodeItem {
                doc_id: "ngo-4".into(),
                events: vec![e1, e2],
                extraction_version: "test-2".into(),
            },
            RecodeItem {
                doc_id: "csp-5".into(),
                events: vec![],
                extraction_version: "test-2".into(),
            },
            RecodeItem {
                doc_id: "unknown".into(),
                events: vec![],
                extraction_version: "test-2".into(),
            },
        ])
        .unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].changed, ["ngo-4-e1"]);
    assert_eq!(h[0].added, ["ngo-4-e2"]);
    assert_eq!(h[1].removed, ["csp-5-e1"]);
    assert_eq!(h[0].old_version, VERSION);
    assert_eq!(h[0].new_version, "test-2");
    let evs = all(&mut *s);
    assert_eq!(evs.len(), 4);
    assert_eq!(find(&evs, "ngo-4-e1").event.fatalities, Some(6));
    assert!(s.get_event("csp-5-e1").unwrap().is_none());
    let hist = s.history(Some("ngo-4")).unwrap();
    assert_eq!(hist.len(), 1);
    assert_eq!(s.history(None).unwrap().len(), 2);
    assert_eq!(
        s.get_document("ngo-4").unwrap().unwrap().extraction_version,
        "test-2"
    );
    // Recoding with the same output records a no-op.
    let again = s
        .recode(&[RecodeItem {
            doc_id: "afp-1".into(),
            events: items[0].events.clone(),
            extraction_version: VERSION.into(),
        }])
        .unwrap();
    assert!(again[0].is_noop());
    assert_eq!(ids_and_sources(&all(&mut *s)), ids_and_sources(&evs));
    // Debug builds check the statistics rollup against a scan.
    s.stats(&EventQuery::default()).unwrap();
}

fn stats_and_suggestions(make: Make) {
    let mut s = make();
    s.ingest(&battle_corpus()).unwrap();
    let st = s.stats(&EventQuery::default()).unwrap();
    assert_eq!(st.events, 4);
    assert_eq!(st.fatalities, 17);
    assert_eq!(st.documents, 6);
    let mali = st.by_country.iter().find(|c| c.key == "Mali").unwrap();
    assert_eq!((mali.events, mali.fatalities), (3, 17));
    assert_eq!(st.by_event_type[0].key, "Battles");
    // 16 and 17 September 2023 are a Saturday and Sunday of one ISO week.
    assert_eq!(st.by_week.len(), 1);
    assert_eq!(st.by_week[0].key, "2023-09-11");
    assert_eq!(st.by_week[0].events, 4);
    assert!(st
        .by_actor
        .iter()
        .any(|a| a.key.starts_with("Military Forces of Mali") && a.events == 2));
    let only_bf = s
        .stats(&EventQuery {
            country: Some("BFA".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(only_bf.events, 1);
    assert_eq!(only_bf.documents, 1);
    assert_eq!(only_bf.by_country.len(), 1);
    let weeks_in_order = st.by_week.windows(2).all(|w| w[0].key < w[1].key);
    assert!(weeks_in_order);
    let places = s.suggest_places("bou", 10).unwrap();
    assert_eq!(places[0].name, "Bourem");
    assert_eq!(places[0].events, 3);
    assert_eq!(places[0].context.as_deref(), Some("Gao, Mali"));
    let actors = s.suggest_actors("forces of mali", 10).unwrap();
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0].events, 2);
    assert!(s.suggest_actors("%", 10).unwrap().is_empty());
}

fn schema_is_versioned(make: Make) {
    let mut s = make();
    let v = s.schema_version().unwrap();
    assert!(v >= 1);
    match s.backend() {
        "sqlite" => assert_eq!(v, vigie_store::SQLITE_SCHEMA_VERSION),
        _ => assert_eq!(v, vigie_store::PG_SCHEMA_VERSION),
    }
}

/// xorshift: a fixed pseudo-random sequence, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Many reports packed in a small area and a few days, so that chains of
/// "same event" links form (A~B, B~C, A!~C) and ties are common.
fn crowded_corpus(seed: u64, n_docs: usize) -> Vec<vigie_store::IngestItem> {
    let mut rng = Rng(seed);
    let named = [fama(), jnim(), csp()];
    let mut out = Vec::new();
    for i in 0..n_docs {
        let d = doc(
            &format!("d{i:02}"),
            &format!("Report number {i} about fighting. More text."),
        );
        let mut events = Vec::new();
        for k in 0..(1 + rng.below(2)) {
            let sub = ["Armed clash", "Attack", "Air/drone strike"][rng.below(3) as usize];
            let day = format!("2023-09-{:02}", 10 + rng.below(5));
            let mut loc = bourem();
            loc.latitude = Some(16.8 + rng.below(40) as f64 / 100.0);
            loc.longitude = Some(-0.5 + rng.below(40) as f64 / 100.0);
            loc.admin2 = Some(format!("Cercle {}", rng.below(3)));
            let a1 = named[rng.below(3) as usize].clone();
            let a2 = if rng.below(2) == 0 {
                named[rng.below(3) as usize].clone()
            } else {
                actor("Unidentified Armed Group (Mali)", 3)
            };
            let f = if rng.below(3) == 0 {
                None
            } else {
                Some(rng.below(20) as u32)
            };
            let mut e = event(
                &format!("d{i:02}-e{k}"),
                &d,
                sub,
                &day,
                Some(loc),
                Some(a1),
                Some(a2),
                f,
            );
            e.confidence = [0.5, 0.7, 0.9][rng.below(3) as usize];
            events.push(e);
        }
        out.push(item(d, events));
    }
    out
}

fn snapshot(s: &mut dyn Store) -> Vec<String> {
    // Debug builds check the statistics rollup against a scan of the events.
    s.stats(&EventQuery::default()).unwrap();
    let mut v: Vec<String> = all(s)
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    v.sort();
    v
}

fn random_reports_merge_the_same_whatever_the_history(make: Make) {
    let items = crowded_corpus(0x5eed_1234, 40);
    let mut reference = make();
    reference.ingest(&items).unwrap();
    let want = snapshot(&mut *reference);
    assert!(
        all(&mut *reference).iter().any(|e| e.sources.len() > 2),
        "the corpus should produce multi-source events"
    );
    for seed in [1u64, 2] {
        // Random order, random batch sizes.
        let mut rng = Rng(seed * 7919);
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut s = make();
        let mut i = 0;
        while i < order.len() {
            let n = 1 + rng.below(6) as usize;
            let batch: Vec<_> = order[i..(i + n).min(order.len())]
                .iter()
                .map(|&k| items[k].clone())
                .collect();
            s.ingest(&batch).unwrap();
            i += n;
        }
        assert_eq!(snapshot(&mut *s), want, "order seed {seed}");
    }
    // A history with corrections: every other document first arrives with
    // other events (another place and day), then in its final form.
    let mut s = make();
    let mut drafts = crowded_corpus(0xbad_5eed, 40);
    for (d, f) in drafts.iter_mut().zip(items.iter()) {
        d.document = f.document.clone();
        d.document.text.push_str(" (draft)");
    }
    let first: Vec<_> = drafts.iter().step_by(2).cloned().collect();
    s.ingest(&first).unwrap();
    s.ingest(&items).unwrap();
    assert_eq!(snapshot(&mut *s), want, "after corrections");
    // The same through recode.
    let mut s = make();
    s.ingest(&items).unwrap();
    let wrong: Vec<RecodeItem> = drafts
        .iter()
        .step_by(3)
        .map(|d| RecodeItem {
            doc_id: d.document.id.clone(),
            events: d.events.clone(),
            extraction_version: VERSION.into(),
        })
        .collect();
    s.recode(&wrong).unwrap();
    let back: Vec<RecodeItem> = items
        .iter()
        .step_by(3)
        .map(|d| RecodeItem {
            doc_id: d.document.id.clone(),
            events: d.events.clone(),
            extraction_version: VERSION.into(),
        })
        .collect();
    s.recode(&back).unwrap();
    assert_eq!(snapshot(&mut *s), want, "after recode there and back");
}
