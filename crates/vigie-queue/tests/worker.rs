//! A worker in-process: failures are stored with their reason and can be
//! retried; expired leases are taken over; a document whose lease expired
//! too often is failed instead of circulating forever.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use vigie_coder::Coder;
use vigie_model::{DateInterval, Document};
use vigie_queue::test_db::fresh_schema;
use vigie_queue::{Queue, Worker, WorkerOptions};

fn doc(id: &str, text: &str) -> Document {
    let mut d = Document::new(id, text);
    d.published = DateInterval::parse("2024-02-12");
    d.origin = format!("test:{id}");
    d
}

fn docs() -> Vec<Document> {
    vec![
        doc(
            "r1",
            "Mopti, 12 February 2024 - Unidentified gunmen killed five civilians on Sunday \
             near Bandiagara, Mali, local sources said.",
        ),
        doc(
            "r2",
            "Dori, 12 février 2024 - Des combattants jihadistes ont attaqué dimanche un poste \
             de gendarmerie à Seytenga, au Burkina Faso, tuant trois gendarmes.",
        ),
        doc(
            "r3",
            "Niamey, 12 February 2024 - Several hundred students marched peacefully in Niamey, \
             Niger, on Sunday to demand the payment of their grants.",
        ),
    ]
}

fn run(url: &str, coder: &Arc<Coder>) -> vigie_queue::WorkerSummary {
    let opts = WorkerOptions {
        batch: 2,
        lease: Duration::from_secs(30),
        exit_when_idle: true,
        idle_poll: Duration::from_millis(50),
        worker_id: "test-worker".into(),
        ..WorkerOptions::default()
    };
    let mut w = Worker::new(Queue::connect(url).unwrap(), coder.clone(), opts);
    w.run(&AtomicBool::new(false)).unwrap()
}

fn one(q: &mut Queue, sql: &str) -> i64 {
    q.client().query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn failures_are_kept_with_their_reason_and_retried() {
    let Some(db) = fresh_schema("worker") else {
        return;
    };
    let coder = Arc::new(Coder::new().unwrap());
    let mut q = Queue::connect(&db.url).unwrap();
    let s = q.enqueue(&docs()).unwrap();
    assert_eq!((s.added, s.already_queued), (3, 0));
    let good: String = q
        .client()
        .query_one("SELECT document FROM queue_items WHERE doc_id = 'r2'", &[])
        .unwrap()
        .get(0);
    q.client()
        .execute(
            "UPDATE queue_items SET document = '{\"broken\": true}' WHERE doc_id = 'r2'",
            &[],
        )
        .unwrap();

    let sum = run(&db.url, &coder);
    assert_eq!((sum.documents_done, sum.documents_failed), (2, 1));
    let st = q.status().unwrap();
    assert_eq!((st.done, st.failed, st.pending), (2, 1, 0));
    assert_eq!(st.failures.len(), 1);
    assert_eq!(st.failures[0].reason, "bad_payload");
    assert!(st.to_string().contains("bad_payload: 1"), "{st}");

    q.client()
        .execute(
            "UPDATE queue_items SET document = $1 WHERE doc_id = 'r2'",
            &[&good],
        )
        .unwrap();
    assert_eq!(q.retry(Some("store_error")).unwrap(), 0);
    assert_eq!(q.retry(Some("bad_payload")).unwrap(), 1);
    let sum = run(&db.url, &coder);
    assert_eq!((sum.documents_done, sum.documents_failed), (1, 0));
    let st = q.status().unwrap();
    assert_eq!((st.done, st.failed), (3, 0));
    assert_eq!(one(&mut q, "SELECT count(*) FROM documents"), 3);
    assert!(one(&mut q, "SELECT count(*) FROM events") >= 2);

    // The same documents again are not queued twice; the same text under
    // another id is queued, and the store recognises it.
    let s = q.enqueue(&docs()).unwrap();
    assert_eq!((s.added, s.already_queued), (0, 3));
    let mut again = docs()[0].clone();
    again.id = "r1-copy".into();
    assert_eq!(q.enqueue(&[again]).unwrap().added, 1);
    run(&db.url, &coder);
    assert_eq!(
        one(
            &mut q,
            "SELECT count(*) FROM queue_items WHERE doc_id = 'r1-copy' AND outcome = 'known'"
        ),
        1
    );
    assert_eq!(one(&mut q, "SELECT count(*) FROM documents"), 3);
}

#[test]
fn expired_leases_are_taken_over_or_failed() {
    let Some(db) = fresh_schema("lease") else {
        return;
    };
    let coder = Arc::new(Coder::new().unwrap());
    let mut q = Queue::connect(&db.url).unwrap();
    q.enqueue(&docs()).unwrap();
    // r1: claimed by a worker that died; r3: a document on which workers
    // died five times already.
    q.client()
        .batch_execute(
            "UPDATE queue_items SET state = 'leased', lease_owner = 'dead-1', \
               lease_until = now() - interval '1 second', attempts = 1 WHERE doc_id = 'r1';
             UPDATE queue_items SET state = 'leased', lease_owner = 'dead-2', \
               lease_until = now() - interval '1 second', attempts = 5 WHERE doc_id = 'r3';",
        )
        .unwrap();
    assert_eq!(q.status().unwrap().expired, 2);
    run(&db.url, &coder);
    let r1: (String, i32, String) = {
        let r = q
            .client()
            .query_one(
                "SELECT state, attempts, done_by FROM queue_items WHERE doc_id = 'r1'",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!(r1, ("done".to_string(), 2, "test-worker".to_string()));
    let st = q.status().unwrap();
    assert_eq!((st.done, st.failed, st.expired), (2, 1, 0));
    assert_eq!(st.failures[0].reason, "lease_expired");
}
