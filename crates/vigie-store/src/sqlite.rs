//! SQLite backend (the default): one file, WAL journal, FTS5 full-text
//! indexes and an R*Tree over event coordinates, kept in step by triggers.

use crate::query::{Dialect, Param};
use crate::sql::{in_tx, Cell, Conn, SqlStore, Val};
use crate::{Result, Store, StoreError};
use rusqlite::types::{Value, ValueRef};

/// Schema migrations, in order; a database records the versions it has.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial schema", SCHEMA_V1),
    (2, "batched indexing, merge-candidate index", SCHEMA_V2),
    (
        3,
        "narrow events table, sort and covering indexes",
        SCHEMA_V3,
    ),
    (
        4,
        "index-only counts: documents per event, actor rows by event row id, exact R*Tree",
        SCHEMA_V4,
    ),
    (5, "statistics rollup", SCHEMA_V5),
    (6, "statistics of a country from one index", SCHEMA_V6),
];

const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    published_day INTEGER,
    lang TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    origin TEXT NOT NULL,
    extraction_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents (content_hash);
CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF text, title ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
END;

CREATE TABLE reports (
    rid INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    family TEXT NOT NULL,
    day_lo INTEGER,
    day_hi INTEGER,
    lat REAL,
    lon REAL,
    admin2_key TEXT,
    cluster_id TEXT,
    evidence_text TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_cluster ON reports (cluster_id);
CREATE INDEX reports_window ON reports (family, day_lo);
CREATE VIRTUAL TABLE reports_fts USING fts5 (evidence, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER reports_ai AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, evidence) VALUES (new.rid, new.evidence_text);
END;
CREATE TRIGGER reports_ad AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = old.rid;
END;

CREATE TABLE events (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    day INTEGER,
    event_date TEXT,
    week TEXT,
    country TEXT,
    country_lc TEXT,
    iso3 TEXT,
    admin1 TEXT,
    admin1_lc TEXT,
    admin2_lc TEXT,
    location TEXT,
    location_lc TEXT,
    place_context TEXT,
    event_type TEXT NOT NULL,
    type_lc TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    sub_lc TEXT NOT NULL,
    disorder_lc TEXT NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    latitude REAL,
    longitude REAL,
    fatalities INTEGER,
    n_sources INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_day ON events (day);
CREATE INDEX events_country ON events (country_lc, day);
CREATE INDEX events_iso3 ON events (iso3, day);
CREATE INDEX events_admin1 ON events (admin1_lc, day);
CREATE INDEX events_admin2 ON events (admin2_lc, day);
CREATE INDEX events_type ON events (type_lc, day);
CREATE INDEX events_sub ON events (sub_lc, day);
CREATE INDEX events_location ON events (location_lc);
CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);
CREATE TRIGGER events_ai AFTER INSERT ON events
WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
    INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat)
    VALUES (new.rid, new.longitude, new.longitude, new.latitude, new.latitude);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_rtree WHERE id = old.rid;
END;

CREATE TABLE actors (
    name TEXT PRIMARY KEY,
    name_lc TEXT NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    main INTEGER NOT NULL,
    PRIMARY KEY (actor, event_id)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors (event_id);

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    at TEXT NOT NULL,
    old_version TEXT NOT NULL,
    new_version TEXT NOT NULL,
    removed TEXT NOT NULL,
    added TEXT NOT NULL,
    changed TEXT NOT NULL
);
CREATE INDEX history_doc ON history (doc_id);
"#;

const SCHEMA_V2: &str = r#"
-- Faster ingest: full-text and R*Tree indexing once per transaction instead
-- of per-row triggers, a covering index for merge candidates, and row ids
-- that never repeat (AUTOINCREMENT; tables are rebuilt to get it).
DROP TRIGGER IF EXISTS documents_ai;
DROP TRIGGER IF EXISTS reports_ai;
DROP TRIGGER IF EXISTS events_ai;

CREATE TABLE documents_v2 (
    rid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    published_day INTEGER,
    lang TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    origin TEXT NOT NULL,
    extraction_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
INSERT INTO documents_v2 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v2 RENAME TO documents;
CREATE INDEX documents_hash ON documents (content_hash);
CREATE TRIGGER documents_au AFTER UPDATE OF text, title ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
END;

CREATE TABLE reports_v2 (
    rid INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    family TEXT NOT NULL,
    day_lo INTEGER,
    day_hi INTEGER,
    span_bucket INTEGER,
    lat REAL,
    lon REAL,
    admin2_key TEXT,
    cluster_id TEXT,
    evidence_text TEXT NOT NULL,
    data TEXT NOT NULL
);
INSERT INTO reports_v2 (rid, report_id, doc_id, family, day_lo, day_hi, span_bucket, lat, lon,
    admin2_key, cluster_id, evidence_text, data)
SELECT rid, report_id, doc_id, family, day_lo, day_hi,
    CASE WHEN day_hi - day_lo > 2 THEN 1 ELSE 0 END, lat, lon, admin2_key, cluster_id,
    evidence_text, data FROM reports;
DROP TABLE reports;
ALTER TABLE reports_v2 RENAME TO reports;
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_cluster ON reports (cluster_id);
-- Covers the merge-candidate filter, so that finding the neighbours of a
-- report reads only index entries.
CREATE INDEX reports_window ON reports (family, span_bucket, day_lo, day_hi, lat, lon, admin2_key);
CREATE TRIGGER reports_ad AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = old.rid;
END;

CREATE TABLE events_v2 (
    rid INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    day INTEGER,
    event_date TEXT,
    week TEXT,
    country TEXT,
    country_lc TEXT,
    iso3 TEXT,
    admin1 TEXT,
    admin1_lc TEXT,
    admin2_lc TEXT,
    location TEXT,
    location_lc TEXT,
    place_context TEXT,
    event_type TEXT NOT NULL,
    type_lc TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    sub_lc TEXT NOT NULL,
    disorder_lc TEXT NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    latitude REAL,
    longitude REAL,
    fatalities INTEGER,
    n_sources INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    data TEXT NOT NULL
);
INSERT INTO events_v2 SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_day ON events (day);
CREATE INDEX events_country ON events (country_lc, day);
CREATE INDEX events_iso3 ON events (iso3, day);
CREATE INDEX events_admin1 ON events (admin1_lc, day);
CREATE INDEX events_admin2 ON events (admin2_lc, day);
CREATE INDEX events_type ON events (type_lc, day);
CREATE INDEX events_sub ON events (sub_lc, day);
CREATE INDEX events_location ON events (location_lc);
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_rtree WHERE id = old.rid;
END;

-- New rows are added to the FTS and R*Tree indexes once per transaction
-- (see `INDEX_NEW_ROWS`): per-row triggers made every insert a statement
-- transaction and flushed FTS5 each time. Row ids never repeat
-- (AUTOINCREMENT), so "rid above the mark" is exactly the new rows.
CREATE TABLE IF NOT EXISTS index_marks (
    name TEXT PRIMARY KEY,
    last_rid INTEGER NOT NULL
);
-- Rows stored so far were indexed by the old triggers.
DELETE FROM index_marks;
INSERT INTO index_marks
    SELECT 'documents', coalesce(max(rid), 0) FROM documents
    UNION ALL SELECT 'reports', coalesce(max(rid), 0) FROM reports
    UNION ALL SELECT 'events', coalesce(max(rid), 0) FROM events;

"#;

const SCHEMA_V3: &str = r#"
-- Reads over many events (statistics, broad filters, sorts, maps) scanned
-- rows that carried the whole JSON record. The record moves to event_data
-- (same row id) and the events table keeps the columns that queries read,
-- with four more that maps show; sort keys get indexes of their own.
CREATE TABLE IF NOT EXISTS event_data (
    rid INTEGER PRIMARY KEY,
    data TEXT NOT NULL
);
INSERT OR REPLACE INTO event_data (rid, data) SELECT rid, data FROM events;

DROP TABLE IF EXISTS events_v3;
CREATE TABLE events_v3 (
    rid INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    day INTEGER,
    event_date TEXT,
    week TEXT,
    country TEXT,
    country_lc TEXT,
    iso3 TEXT,
    admin1 TEXT,
    admin1_lc TEXT,
    admin2_lc TEXT,
    location TEXT,
    location_lc TEXT,
    place_context TEXT,
    event_type TEXT NOT NULL,
    type_lc TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    sub_lc TEXT NOT NULL,
    disorder_lc TEXT NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    latitude REAL,
    longitude REAL,
    fatalities INTEGER,
    n_sources INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    disorder_type TEXT,
    date_precision TEXT,
    geo_precision INTEGER,
    claimed INTEGER
);
INSERT INTO events_v3 (rid, event_id, day, event_date, week, country, country_lc, iso3, admin1,
    admin1_lc, admin2_lc, location, location_lc, place_context, event_type, type_lc,
    sub_event_type, sub_lc, disorder_lc, actor1, actor2, latitude, longitude, fatalities,
    n_sources, stored_at, disorder_type, date_precision, geo_precision, claimed)
SELECT rid, event_id, day, event_date, week, country, country_lc, iso3, admin1,
    admin1_lc, admin2_lc, location, location_lc, place_context, event_type, type_lc,
    sub_event_type, sub_lc, disorder_lc, actor1, actor2, latitude, longitude, fatalities,
    n_sources, stored_at,
    CASE WHEN json_valid(data) THEN json_extract(data, '$.disorder_type') END,
    CASE WHEN json_valid(data) THEN json_extract(data, '$.date_precision') END,
    CASE WHEN json_valid(data) THEN json_extract(data, '$.location.geo_precision') END,
    CASE WHEN json_valid(data) THEN json_extract(data, '$.claimed') END
FROM events;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_day ON events (day, event_id);
CREATE INDEX events_country ON events (country_lc, day);
CREATE INDEX events_iso3 ON events (iso3, day);
CREATE INDEX events_admin1 ON events (admin1_lc, day);
CREATE INDEX events_admin2 ON events (admin2_lc, day);
CREATE INDEX events_type ON events (type_lc, day);
CREATE INDEX events_sub ON events (sub_lc, day);
CREATE INDEX events_location ON events (location_lc);
CREATE INDEX events_fatalities ON events (fatalities, day, event_id);
CREATE INDEX events_sources ON events (n_sources, day, event_id);
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_rtree WHERE id = old.rid;
END;

-- Documents of a set of events, and of all events, from index entries.
DROP INDEX IF EXISTS reports_cluster;
CREATE INDEX reports_cluster ON reports (cluster_id, doc_id);
DROP INDEX IF EXISTS reports_doc;
CREATE INDEX reports_doc ON reports (doc_id, cluster_id);
"#;

const SCHEMA_V4: &str = r#"
-- Counting the events of a filter read one table row per matching event;
-- these make the common counts index-only.
-- The documents of each event (unit-separated), so that statistics count
-- documents in their one pass over the events.
ALTER TABLE events ADD COLUMN doc_ids TEXT;
UPDATE events SET doc_ids = (SELECT group_concat(doc_id, char(31)) FROM
    (SELECT DISTINCT r.doc_id FROM reports r WHERE r.cluster_id = events.event_id
     ORDER BY r.doc_id));
-- Events of an actor as row ids: read from the actor's key range.
ALTER TABLE event_actors ADD COLUMN event_rid INTEGER;
UPDATE event_actors SET event_rid =
    (SELECT rid FROM events WHERE events.event_id = event_actors.event_id);
-- Region names repeat across countries: country and region in one key.
DROP INDEX IF EXISTS events_admin1;
CREATE INDEX events_admin1 ON events (admin1_lc, country_lc, day);
-- The R*Tree keeps the exact coordinates too (its bounds are rounded
-- outwards to 32 bits), so a box is tested without reading the events.
DROP TRIGGER IF EXISTS events_ad;
DROP TABLE IF EXISTS events_rtree_v4;
CREATE VIRTUAL TABLE events_rtree_v4 USING rtree (id, min_lon, max_lon, min_lat, max_lat, +lon, +lat);
INSERT INTO events_rtree_v4 (id, min_lon, max_lon, min_lat, max_lat, lon, lat)
    SELECT rid, longitude, longitude, latitude, latitude, longitude, latitude FROM events
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL
    AND rid <= (SELECT last_rid FROM index_marks WHERE name = 'events');
DROP TABLE events_rtree;
ALTER TABLE events_rtree_v4 RENAME TO events_rtree;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_rtree WHERE id = old.rid;
END;
"#;

const SCHEMA_V5: &str = concat!(
    r#"
-- Statistics of all events (the dashboard's first view) from a rollup that
-- ingest keeps in step, instead of a pass over every event.
CREATE TABLE IF NOT EXISTS event_counts (
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    events INTEGER NOT NULL,
    fatalities INTEGER NOT NULL,
    PRIMARY KEY (dim, key)
);
CREATE TABLE IF NOT EXISTS doc_events (
    doc_id TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
"#,
    crate::sql::rollup_backfill!()
);

use crate::sql::SCHEMA_V6;

/// Indexes the rows added since the last commit (full text and R*Tree).
const INDEX_NEW_ROWS: &str = r#"
INSERT INTO documents_fts (rowid, title, text)
    SELECT rid, coalesce(title, ''), text FROM documents
    WHERE rid > (SELECT last_rid FROM index_marks WHERE name = 'documents');
UPDATE index_marks SET last_rid = (SELECT coalesce(max(rid), 0) FROM documents)
    WHERE name = 'documents';
INSERT INTO reports_fts (rowid, evidence)
    SELECT rid, evidence_text FROM reports
    WHERE rid > (SELECT last_rid FROM index_marks WHERE name = 'reports');
UPDATE index_marks SET last_rid = (SELECT coalesce(max(rid), 0) FROM reports)
    WHERE name = 'reports';
INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, lon, lat)
    SELECT rid, longitude, longitude, latitude, latitude, longitude, latitude FROM events
    WHERE rid > (SELECT last_rid FROM index_marks WHERE name = 'events')
    AND latitude IS NOT NULL AND longitude IS NOT NULL;
UPDATE index_marks SET last_rid = (SELECT coalesce(max(rid), 0) FROM events)
    WHERE name = 'events';
"#;

pub(crate) struct SqliteConn {
    conn: rusqlite::Connection,
    /// Off while migrating: the marks table may not exist yet.
    index_on_commit: bool,
}

fn to_value(p: &Param) -> Value {
    match p {
        Param::Text(Some(s)) => Value::Text(s.clone()),
        Param::Int(Some(i)) => Value::Integer(*i),
        Param::Real(Some(f)) => Value::Real(*f),
        _ => Value::Null,
    }
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Vec<Val>>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.column_count();
        let vals: Vec<Value> = params.iter().map(to_value).collect();
        let mut rows = st.query(rusqlite::params_from_iter(vals.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Val::Null,
                    ValueRef::Integer(i) => Val::Int(i),
                    ValueRef::Real(f) => Val::Real(f),
                    ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Val::Text(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn scan(&mut self, sql: &str, params: &[Param], f: &mut dyn FnMut(&[Cell<'_>])) -> Result<()> {
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.column_count();
        let vals: Vec<Value> = params.iter().map(to_value).collect();
        let mut rows = st.query(rusqlite::params_from_iter(vals.iter()))?;
        // Rows of up to 16 columns live on the stack: scans read many rows.
        while let Some(r) = rows.next()? {
            let mut stack = [Cell::Null; 16];
            let mut heap = Vec::new();
            let row: &mut [Cell<'_>] = if n <= stack.len() {
                &mut stack[..n]
            } else {
                heap.resize(n, Cell::Null);
                &mut heap[..]
            };
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = match r.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(i) => Cell::Int(i),
                    ValueRef::Real(f) => Cell::Real(f),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Cell::Text(std::str::from_utf8(t).unwrap_or("\u{fffd}"))
                    }
                };
            }
            f(row);
        }
        Ok(())
    }

    fn exec(&mut self, sql: &str, params: &[Param]) -> Result<u64> {
        let mut st = self.conn.prepare_cached(sql)?;
        let vals: Vec<Value> = params.iter().map(to_value).collect();
        Ok(st.execute(rusqlite::params_from_iter(vals.iter()))? as u64)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn before_commit(&mut self) -> Result<()> {
        if self.index_on_commit {
            self.batch(INDEX_NEW_ROWS)?;
        }
        Ok(())
    }

    /// IMMEDIATE takes the write lock at once, so two writers wait for each
    /// other (busy timeout) instead of failing half-way.
    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN IMMEDIATE")
    }
}

/// Opens or creates a SQLite database file (`:memory:` for a private one).
pub fn open_sqlite(path: &str, opts: &crate::OpenOptions) -> Result<Box<dyn Store>> {
    let conn = if path == ":memory:" {
        rusqlite::Connection::open_in_memory()?
    } else {
        rusqlite::Connection::open(path).map_err(|e| match StoreError::from(e) {
            StoreError::Sqlite(m) | StoreError::Io(m) => {
                StoreError::Io(format!("cannot open {path}: {m}"))
            }
            other => other,
        })?
    };
    conn.busy_timeout(opts.busy_timeout)?;
    // The ingest path alone uses about twenty statements.
    conn.set_prepared_statement_cache_capacity(128);
    let mut c = SqliteConn {
        conn,
        index_on_commit: false,
    };
    // WAL lets readers (the HTTP server) run while an ingest writes; with
    // synchronous=NORMAL a power cut may lose the last batches, never
    // corrupt the file.
    let mode = c.query("PRAGMA journal_mode = WAL", &[])?;
    let _ = mode;
    c.batch(
        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )?;
    migrate(&mut c)?;
    c.index_on_commit = true;
    if let Some(max) = opts.sqlite_max_bytes {
        let page = c.query("PRAGMA page_size", &[])?;
        let page = page.first().map(|r| r[0].int()).unwrap_or(4096).max(512);
        let pages = (max / page as u64).max(1);
        c.query(&format!("PRAGMA max_page_count = {pages}"), &[])?;
    }
    Ok(Box::new(SqlStore {
        conn: c,
        backend: "sqlite",
    }))
}

/// Latest schema version this vigie knows.
pub const SQLITE_SCHEMA_VERSION: i64 = 6;

fn migrate(c: &mut SqliteConn) -> Result<()> {
    migrate_to(c, SQLITE_SCHEMA_VERSION)
}

fn migrate_to(c: &mut SqliteConn, target: i64) -> Result<()> {
    let tables = c.query("SELECT name FROM sqlite_master WHERE type = 'table'", &[])?;
    let names: Vec<String> = tables.into_iter().filter_map(|r| r[0].text()).collect();
    if !names.is_empty() && !names.iter().any(|n| n == "schema_migrations") {
        return Err(StoreError::Corrupt(
            "the file is a SQLite database but not a vigie one (no schema_migrations table)".into(),
        ));
    }
    in_tx(c, |c| {
        c.batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, \
             description TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )?;
        let cur = c
            .query(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )?
            .first()
            .map(|r| r[0].int())
            .unwrap_or(0);
        if cur > SQLITE_SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: cur,
                supported: SQLITE_SCHEMA_VERSION,
            });
        }
        for (v, desc, sql) in MIGRATIONS {
            if *v > cur && *v <= target {
                c.batch(sql)?;
                c.exec(
                    "INSERT INTO schema_migrations (version, description, applied_at) \
                     VALUES (?1, ?2, ?3)",
                    &[
                        Param::Int(Some(*v)),
                        Param::Text(Some(desc.to_string())),
                        Param::Text(Some(crate::engine::now_rfc3339())),
                    ],
                )?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EventQuery;

    /// A database written by the first schema (per-row index triggers, no
    /// span buckets) is upgraded in place and keeps working.
    #[test]
    fn version_1_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let p = path.to_str().unwrap();
        {
            let mut c = SqliteConn {
                conn: rusqlite::Connection::open(p).unwrap(),
                index_on_commit: false,
            };
            migrate_to(&mut c, 1).unwrap();
            let report = r#"{"report_id":"old-1","doc_id":"old","title":null,"url":null,"source":null,"published":null,"extraction_version":"v0","event":{"event_id":"old-1","doc_id":"old","event_date":"2023-09-17","date_precision":"day","date_earliest":"2023-09-17","date_latest":"2023-09-17","disorder_type":"Political violence","event_type":"Battles","sub_event_type":"Armed clash","actor1":null,"actor2":null,"assoc_actor_1":[],"assoc_actor_2":[],"location":{"name":"Bourem","country":"Mali","iso3":"MLI","admin1":"Gao","admin2":"Bourem","admin3":null,"latitude":16.95,"longitude":-0.35,"geo_precision":1,"geonames_id":null,"mention":null},"fatalities":4,"fatalities_text":null,"claimed":false,"claimed_by":null,"evidence":[{"start":0,"end":8,"text":"Fighting"}],"field_evidence":{},"notes":"","tags":[],"rule":"r","confidence":0.5,"lang":"en"}}"#;
            let rep: crate::merge::Report = serde_json::from_str(report).unwrap();
            let ev = crate::merge::build(&[&rep]).unwrap();
            c.conn
                .execute_batch(&format!(
                    "INSERT INTO documents (id, content_hash, text, origin, extraction_version, ingested_at) \
                     VALUES ('old', 'h', 'Fighting near Bourem on Sunday.', 'old.txt', 'v0', 'now');
                     INSERT INTO reports (report_id, doc_id, family, day_lo, day_hi, lat, lon, admin2_key, \
                     cluster_id, evidence_text, data) VALUES ('old-1', 'old', 'armed', 738780, 738780, \
                     16.95, -0.35, 'mali|bourem', 'old-1', 'Fighting', '{report}');
                     INSERT INTO events (event_id, day, event_date, country, country_lc, iso3, event_type, \
                     type_lc, sub_event_type, sub_lc, disorder_lc, latitude, longitude, n_sources, \
                     stored_at, data) VALUES ('old-1', 738780, '2023-09-17', 'Mali', 'mali', 'MLI', \
                     'Battles', 'battles', 'Armed clash', 'armed clash', 'political violence', 16.95, \
                     -0.35, 1, 0, '{}');",
                    serde_json::to_string(&ev).unwrap().replace('\'', "''")
                ))
                .unwrap();
        }
        let mut s = open_sqlite(p, &crate::OpenOptions::default()).unwrap();
        assert_eq!(s.schema_version().unwrap(), SQLITE_SCHEMA_VERSION);
        let q = |s: &mut Box<dyn Store>, q: EventQuery| s.query_events(&q).unwrap().len();
        assert_eq!(
            q(
                &mut s,
                EventQuery {
                    text: Some("sunday".into()),
                    ..Default::default()
                }
            ),
            1
        );
        let bbox = "-1,16,0,17".parse().ok();
        assert_eq!(
            q(
                &mut s,
                EventQuery {
                    bbox,
                    ..Default::default()
                }
            ),
            1
        );
        // A new report of the same fight merges with the old one.
        let mut rep2: crate::merge::Report = serde_json::from_str(
            &serde_json::to_string(&s.get_event("old-1").unwrap().unwrap().event).map(|e| {
                format!(r#"{{"report_id":"new-1","doc_id":"new","title":null,"url":null,"source":null,"published":null,"extraction_version":"v1","event":{e}}}"#)
            }).unwrap(),
        ).unwrap();
        rep2.event.event_id = "new-1".into();
        rep2.event.doc_id = "new".into();
        rep2.event.fatalities = Some(2);
        let mut doc = vigie_model::Document::new("new", "Clashes at Bourem left two dead.");
        doc.origin = "new.txt".into();
        s.ingest(&[crate::IngestItem {
            document: doc,
            events: vec![rep2.event],
            extraction_version: "v1".into(),
        }])
        .unwrap();
        let e = s.get_event("new-1").unwrap().unwrap();
        assert_eq!(e.sources.len(), 2);
        assert_eq!(e.event.fatalities, Some(2));
        assert!(s.get_event("old-1").unwrap().is_none());
        // The rollup built by the migration and kept by the merge (debug
        // builds compare it with a scan).
        let st = s.stats(&EventQuery::default()).unwrap();
        assert_eq!((st.events, st.documents), (1, 2));
        assert_eq!(
            q(
                &mut s,
                EventQuery {
                    text: Some("dead".into()),
                    ..Default::default()
                }
            ),
            1
        );
    }
}
