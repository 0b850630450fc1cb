//! Failure behaviour: a clear error, nothing already stored lost, and a
//! rerun continues.

mod fixtures;

use fixtures::*;
use std::time::Duration;
use vigie_store::{open, open_with, EventQuery, OpenOptions, StoreError};

fn db_path(dir: &tempfile::TempDir) -> String {
    dir.path().join("v.db").to_str().unwrap().to_string()
}

#[test]
fn corrupt_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&p, &garbage).unwrap();
    let err = open(&p).err().expect("must fail");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("corrupt"));
    assert_eq!(std::fs::read(&p).unwrap(), garbage);
}

#[test]
fn foreign_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute_batch("CREATE TABLE budget (item TEXT, amount REAL)")
        .unwrap();
    drop(c);
    let err = open(&p).err().expect("must fail");
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
}

#[test]
fn newer_schema_is_refused_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let mut s = open(&p).unwrap();
    s.ingest(&battle_corpus()).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute(
        "INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')",
        [],
    )
    .unwrap();
    drop(c);
    let err = open(&p).err().expect("must fail");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer"));
    // Nothing was touched.
    let c = rusqlite::Connection::open(&p).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 6);
}

#[test]
fn locked_database_gives_a_clear_error_then_works() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let opts = OpenOptions {
        busy_timeout: Duration::from_millis(200),
        ..Default::default()
    };
    let mut s = open_with(&p, &opts).unwrap();
    let items = battle_corpus();
    s.ingest(&items[..2]).unwrap();
    let other = rusqlite::Connection::open(&p).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = s.ingest(&items[2..]).expect_err("must fail");
    assert!(matches!(err, StoreError::Locked(_)), "{err}");
    other.execute_batch("COMMIT").unwrap();
    let sum = s.ingest(&items).unwrap();
    assert_eq!((sum.documents_known, sum.documents_new), (2, 4));
    assert_eq!(s.counts().unwrap().documents, 6);
}

#[test]
fn failed_batch_leaves_the_database_as_before_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let mut s = open(&p).unwrap();
    let items = battle_corpus();
    s.ingest(&items[..1]).unwrap();
    let before = s.counts().unwrap();
    let before_events = s.query_events(&EventQuery::default()).unwrap();
    // Make the store fail half-way through the next batch, after it has
    // written documents, reports and merged events.
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute_batch(
        "CREATE TRIGGER boom BEFORE INSERT ON reports WHEN new.doc_id = 'ngo-4' \
         BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
    )
    .unwrap();
    let err = s.ingest(&items[1..]).expect_err("must fail");
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(s.counts().unwrap(), before);
    assert_eq!(
        s.query_events(&EventQuery::default()).unwrap(),
        before_events
    );
    c.execute_batch("DROP TRIGGER boom").unwrap();
    let sum = s.ingest(&items).unwrap();
    assert_eq!((sum.documents_known, sum.documents_new), (1, 5));
    assert_eq!(s.query_events(&EventQuery::default()).unwrap().len(), 4);
}

#[test]
fn bad_urls_are_refused() {
    for u in ["", "mysql://x", "http://example.org/db"] {
        let err = open(u).err().expect("must fail");
        assert!(matches!(err, StoreError::BadUrl(_)), "{u}: {err}");
    }
}

#[test]
fn unreachable_postgres_is_a_connection_error() {
    // Port 1 on localhost: nothing listens there.
    let err = open("postgres://vigie:secret@127.0.0.1:1/vigie?connect_timeout=2")
        .err()
        .expect("must fail");
    assert!(matches!(err, StoreError::Connection(_)), "{err}");
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[test]
fn failed_batch_and_lost_connection_postgres() {
    let Some(url) = pg_fresh_url("lost") else {
        return;
    };
    let app = format!("vigie_lost_{}", std::process::id());
    let url = format!("{url}&application_name={app}");
    let mut s = open(&url).unwrap();
    let items = battle_corpus();
    s.ingest(&items[..1]).unwrap();
    let before = s.counts().unwrap();

    // A failure half-way through a batch rolls all of it back.
    let admin_url = pg_url().unwrap();
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap();
    let schema = url
        .split("search_path%3D")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    admin
        .batch_execute(&format!(
            "CREATE FUNCTION {schema}.boom() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN IF NEW.doc_id = 'ngo-4' THEN RAISE EXCEPTION 'simulated failure'; END IF; \
             RETURN NEW; END $$; \
             CREATE TRIGGER boom BEFORE INSERT ON {schema}.reports FOR EACH ROW \
             EXECUTE FUNCTION {schema}.boom();"
        ))
        .unwrap();
    let err = s.ingest(&items[1..]).expect_err("must fail");
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(s.counts().unwrap(), before);
    admin
        .batch_execute(&format!("DROP TRIGGER boom ON {schema}.reports"))
        .unwrap();

    // The server drops the connection: a clear error, then a rerun on a new
    // connection continues.
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let err = s.ingest(&items[1..]).expect_err("must fail");
    assert!(matches!(err, StoreError::Connection(_)), "{err}");
    drop(s);
    let mut s = open(&url).unwrap();
    assert_eq!(s.counts().unwrap(), before);
    let sum = s.ingest(&items).unwrap();
    assert_eq!((sum.documents_known, sum.documents_new), (1, 5));
    assert_eq!(s.query_events(&EventQuery::default()).unwrap().len(), 4);

    // A database written by a newer vigie is refused.
    admin
        .batch_execute(&format!(
            "INSERT INTO {schema}.schema_migrations VALUES (99, 'future', '2030-01-01')"
        ))
        .unwrap();
    drop(s);
    let err = open(&url).err().expect("must fail");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn full_disk_keeps_what_was_stored_and_a_rerun_continues() {
    let dir = tempfile::tempdir().unwrap();
    let p = db_path(&dir);
    let items = battle_corpus();
    let mut s = open(&p).unwrap();
    s.ingest(&items[..2]).unwrap();
    let size = std::fs::metadata(&p).unwrap().len()
        + std::fs::metadata(format!("{p}-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    drop(s);
    // Room for a few more pages only; a batch of large documents overflows.
    let opts = OpenOptions {
        sqlite_max_bytes: Some(size + 64 * 1024),
        ..Default::default()
    };
    let mut s = open_with(&p, &opts).unwrap();
    let before = s.counts().unwrap();
    let mut big = items[2..].to_vec();
    for (i, it) in big.iter_mut().enumerate() {
        it.document.text = format!(
            "{} {}",
            it.document.text,
            "filler words ".repeat(20_000 + i)
        );
    }
    let err = s.ingest(&big).expect_err("must fail");
    assert!(matches!(err, StoreError::Full(_)), "{err}");
    assert!(
        err.to_string()
            .contains("nothing from this batch was stored"),
        "{err}"
    );
    assert_eq!(s.counts().unwrap(), before);
    drop(s);
    // With room again, the rerun stores the rest.
    let mut s = open(&p).unwrap();
    let sum = s.ingest(&items).unwrap();
    assert_eq!((sum.documents_known, sum.documents_new), (2, 4));
}
