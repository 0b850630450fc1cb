//! The feed watcher against a local HTTP server: conditional requests,
//! de-duplication, article pages, back-off and Retry-After.

mod server;

use server::{Resource, Server};
use std::time::Duration;
use vigie_queue::feeds::{PollOutcome, WatchOptions, Watcher};
use vigie_queue::test_db::fresh_schema;
use vigie_queue::Queue;

const FULL_A: &str = "Gao, 3 March 2024 - Gunmen on motorcycles attacked a weekly market \
near Ansongo on Saturday, killing at least seven traders, local officials said. The \
assailants set fire to several stalls before fleeing towards the border with Niger, \
according to a municipal councillor reached by telephone. No group had claimed the attack \
by Sunday evening. The road between Gao and Ansongo has seen repeated ambushes since the \
start of the year, and several transport companies have suspended their services. \
Residents said the army sent a patrol to the area after the gunmen had left. The regional \
governor called for calm and promised reinforcements for the markets of the cercle.";

const PAGE_B: &str = r#"<!doctype html><html lang="fr"><head><title>Dori : une embuscade contre un convoi</title>
<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head><body>
<nav><a href="/">Accueil</a> | <a href="/sahel">Sahel</a></nav>
<article><h1>Dori : une embuscade contre un convoi</h1>
<p>Dori, 5 mars 2024 - Un convoi de ravitaillement escorté par des militaires a été pris
dans une embuscade lundi entre Dori et Seytenga, dans la région du Sahel, ont indiqué des
sources sécuritaires.</p>
<p>Quatre soldats ont été tués et plusieurs véhicules incendiés, selon ces sources, qui
attribuent l'attaque à des combattants jihadistes.</p></article>
<footer>Tous droits réservés</footer></body></html>"#;

const ITEM_C: &str = "Niamey, 7 March 2024 - Hundreds of people marched in the capital on \
Thursday to demand lower electricity prices, a peaceful protest that ended without \
incident in front of the national assembly, witnesses said. Organisers from a coalition \
of consumer associations said they would march again next week if the government did not \
answer their demands. Police officers watched the march from a distance and did not \
intervene. Traders along the route closed their shops for the afternoon. A spokesman for \
the electricity company declined to comment on the demands of the marchers, saying only \
that tariffs were set by the regulator and reviewed every year in consultation.";

fn item(guid: &str, link: &str, title: &str, date: &str, desc: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>\
         <pubDate>{date}</pubDate><description><![CDATA[{desc}]]></description></item>\n"
    )
}

fn rss(items: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Sahel Wire</title><link>http://127.0.0.1/</link><description>Test feed</description>\n{}\
         </channel></rss>\n",
        items.concat()
    )
}

fn opts(interval: Duration) -> WatchOptions {
    WatchOptions {
        interval,
        timeout: Duration::from_secs(10),
        ..WatchOptions::default()
    }
}

fn queued(q: &mut Queue) -> Vec<(String, String)> {
    q.client()
        .query("SELECT doc_id, document FROM queue_items ORDER BY id", &[])
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn fetched(o: &PollOutcome) -> (usize, usize, usize) {
    match o {
        PollOutcome::Fetched {
            items, new, pages, ..
        } => (*items, *new, *pages),
        other => panic!("expected a fetched feed, got {other:?}"),
    }
}

#[test]
fn unchanged_feed_fetches_nothing_and_new_item_appears_once() {
    let Some(db) = fresh_schema("feeds") else {
        return;
    };
    let srv = Server::start();
    let a = item(
        "sw-1001",
        &srv.url("/2024/ansongo-market"),
        "Gunmen attack market near Ansongo",
        "Sun, 03 Mar 2024 18:00:00 GMT",
        FULL_A,
    );
    let b = item(
        "sw-1002",
        &srv.url("/2024/dori-convoi.html"),
        "Dori : une embuscade contre un convoi",
        "Tue, 05 Mar 2024 10:00:00 GMT",
        "Un convoi attaqué près de Dori.",
    );
    let mut feed = Resource::ok(&rss(&[a.clone(), b.clone()]), "application/rss+xml");
    feed.etag = Some("\"v1\"".into());
    feed.last_modified = Some("Tue, 05 Mar 2024 10:00:00 GMT".into());
    srv.set("/feed.xml", feed);
    srv.set("/2024/dori-convoi.html", Resource::ok(PAGE_B, "text/html"));

    let mut q = Queue::connect(&db.url).unwrap();
    let w = Watcher::new(opts(Duration::ZERO));
    let feeds = vec![srv.url("/feed.xml")];

    // First poll: both items, the summary-only one through its page.
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(fetched(&r[0].outcome), (2, 2, 1));
    let docs = queued(&mut q);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].0, "sw-1001");
    assert_eq!(docs[1].0, "sw-1002");
    assert!(
        docs[1].1.contains("Quatre soldats"),
        "page text expected: {}",
        docs[1].1
    );
    assert!(
        !docs[1].1.contains("Accueil"),
        "navigation kept: {}",
        docs[1].1
    );

    // Unchanged feed: the conditional request is answered 304.
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(r[0].outcome, PollOutcome::NotModified);
    let hits = srv.hits("/feed.xml");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].if_none_match, None);
    assert_eq!(hits[1].if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(
        hits[1].if_modified_since.as_deref(),
        Some("Tue, 05 Mar 2024 10:00:00 GMT")
    );
    assert_eq!(hits[1].status, 304);
    assert_eq!(queued(&mut q).len(), 2);

    // A new item, plus the first story republished under another guid and
    // link: only the new one is queued.
    let c = item(
        "sw-1003",
        &srv.url("/2024/niamey-march"),
        "Niamey march against electricity prices",
        "Thu, 07 Mar 2024 16:00:00 GMT",
        ITEM_C,
    );
    let a_again = item(
        "sw-1001-update",
        &srv.url("/2024/ansongo-market-update"),
        "Gunmen attack market near Ansongo",
        "Sun, 03 Mar 2024 18:00:00 GMT",
        FULL_A,
    );
    let mut feed2 = Resource::ok(&rss(&[c, a_again, a, b]), "application/rss+xml");
    feed2.etag = Some("\"v2\"".into());
    srv.set("/feed.xml", feed2);
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(fetched(&r[0].outcome), (4, 1, 0));
    let docs = queued(&mut q);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[2].0, "sw-1003");

    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(r[0].outcome, PollOutcome::NotModified);
    assert_eq!(queued(&mut q).len(), 3);
    // The article page was fetched once, in the first poll.
    assert_eq!(srv.hits("/2024/dori-convoi.html").len(), 1);

    let st = q.status().unwrap();
    assert_eq!(st.pending, 3);
    assert_eq!(st.feeds.len(), 1);
    assert_eq!(st.feeds[0].items_enqueued, 3);
    assert_eq!(st.feeds[0].consecutive_errors, 0);
    assert!(st.feeds[0].last_ok_secs_ago.is_some());
}

#[test]
fn errors_back_off_and_retry_after_is_respected() {
    let Some(db) = fresh_schema("feederr") else {
        return;
    };
    let srv = Server::start();
    srv.set("/busy.xml", Resource::error(503, Some("120")));
    let later = std::time::SystemTime::now() + Duration::from_secs(3600);
    srv.set(
        "/limited.xml",
        Resource::error(429, Some(&httpdate_fmt(later))),
    );
    srv.set("/broken.xml", Resource::error(500, None));
    let mut q = Queue::connect(&db.url).unwrap();
    let w = Watcher::new(opts(Duration::from_secs(10)));
    let feeds = vec![
        srv.url("/busy.xml"),
        srv.url("/limited.xml"),
        srv.url("/broken.xml"),
    ];
    let r = w.poll_due(&mut q, &feeds).unwrap();
    let retry = |o: &PollOutcome| match o {
        PollOutcome::Failed {
            status,
            retry_in_secs,
            ..
        } => (status.unwrap_or(0), *retry_in_secs),
        other => panic!("expected a failure, got {other:?}"),
    };
    assert_eq!(retry(&r[0].outcome), (503, 120));
    let (s, d) = retry(&r[1].outcome);
    assert_eq!(s, 429);
    assert!((3500..=3600).contains(&d), "{d}");
    assert_eq!(retry(&r[2].outcome), (500, 10));

    // Nothing is due: no request reaches the server.
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert!(r.iter().all(|x| x.outcome == PollOutcome::NotDue), "{r:?}");
    assert_eq!(srv.hits("/busy.xml").len(), 1);

    // Consecutive errors double the delay.
    q.client()
        .execute("UPDATE queue_feeds SET next_poll_at = now()", &[])
        .unwrap();
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(retry(&r[2].outcome), (500, 20));
    let st = q.status().unwrap();
    let broken = st
        .feeds
        .iter()
        .find(|f| f.url.ends_with("/broken.xml"))
        .unwrap();
    assert_eq!(broken.consecutive_errors, 2);
    assert_eq!(broken.last_status, Some(500));
    assert!(st.to_string().contains("2 consecutive errors"), "{st}");

    // Recovery resets the count.
    srv.set(
        "/broken.xml",
        Resource::ok(
            &rss(&[item(
                "x-1",
                &srv.url("/x1"),
                "Niamey march",
                "Thu, 07 Mar 2024 16:00:00 GMT",
                ITEM_C,
            )]),
            "application/rss+xml",
        ),
    );
    q.client()
        .execute("UPDATE queue_feeds SET next_poll_at = now()", &[])
        .unwrap();
    let r = w.poll_due(&mut q, &[srv.url("/broken.xml")]).unwrap();
    assert_eq!(fetched(&r[0].outcome), (1, 1, 0));
    let st = q.status().unwrap();
    let broken = st
        .feeds
        .iter()
        .find(|f| f.url.ends_with("/broken.xml"))
        .unwrap();
    assert_eq!(broken.consecutive_errors, 0);
}

#[test]
fn refused_page_defers_the_item_without_losing_it() {
    let Some(db) = fresh_schema("feedpage") else {
        return;
    };
    let srv = Server::start();
    let b = item(
        "sw-2002",
        &srv.url("/dori.html"),
        "Dori : une embuscade contre un convoi",
        "Tue, 05 Mar 2024 10:00:00 GMT",
        "Un convoi attaqué près de Dori.",
    );
    let mut feed = Resource::ok(&rss(&[b]), "application/rss+xml");
    feed.etag = Some("\"e1\"".into());
    srv.set("/f.xml", feed);
    srv.set("/dori.html", Resource::error(429, Some("60")));
    let mut q = Queue::connect(&db.url).unwrap();
    let w = Watcher::new(opts(Duration::ZERO));
    let feeds = vec![srv.url("/f.xml")];
    let r = w.poll_due(&mut q, &feeds).unwrap();
    match &r[0].outcome {
        PollOutcome::Fetched { new, deferred, .. } => {
            assert_eq!((*new, *deferred), (0, 1))
        }
        o => panic!("{o:?}"),
    }
    assert!(queued(&mut q).is_empty());
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(
        r[0].outcome,
        PollOutcome::NotDue,
        "Retry-After of the page ignored"
    );

    srv.set("/dori.html", Resource::ok(PAGE_B, "text/html"));
    q.client()
        .execute("UPDATE queue_feeds SET next_poll_at = now()", &[])
        .unwrap();
    let r = w.poll_due(&mut q, &feeds).unwrap();
    assert_eq!(fetched(&r[0].outcome), (1, 1, 1));
    // The validators were not kept after the deferred poll, so the feed was
    // fetched in full again rather than answered 304.
    let hits = srv.hits("/f.xml");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[1].if_none_match, None);
    assert_eq!(hits[1].status, 200);
    assert_eq!(queued(&mut q).len(), 1);
}

fn httpdate_fmt(t: std::time::SystemTime) -> String {
    // RFC 7231 IMF-fixdate, written by hand to keep the test free of extra
    // dependencies.
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let dt = chrono::DateTime::from_timestamp(secs, 0).unwrap();
    dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
