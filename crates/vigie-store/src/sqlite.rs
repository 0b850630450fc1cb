//! SQLite backend (the default): one file, WAL journal, FTS5 full-text
//! indexes and an R*Tree over event coordinates, kept in step by triggers.

use crate::query::{Dialect, Param};
use crate::sql::{in_tx, Conn, SqlStore, Val};
use crate::{Result, Store, StoreError};
use rusqlite::types::{Value, ValueRef};

/// Schema migrations, in order; a database records the versions it has.
const MIGRATIONS: &[(i64, &str, &str)] = &[(1, "initial schema", SCHEMA_V1)];

const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
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
CREATE INDEX documents_hash ON documents (content_hash);
CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER documents_au AFTER UPDATE OF text, title ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.rid;
END;

CREATE TABLE reports (
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
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_cluster ON reports (cluster_id);
-- Covers the merge-candidate filter, so that finding the neighbours of a
-- report reads only index entries.
CREATE INDEX reports_window ON reports (family, span_bucket, day_lo, day_hi, lat, lon, admin2_key);
CREATE VIRTUAL TABLE reports_fts USING fts5 (evidence, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER reports_ad AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = old.rid;
END;

CREATE TABLE events (
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
CREATE INDEX events_day ON events (day);
CREATE INDEX events_country ON events (country_lc, day);
CREATE INDEX events_iso3 ON events (iso3, day);
CREATE INDEX events_admin1 ON events (admin1_lc, day);
CREATE INDEX events_admin2 ON events (admin2_lc, day);
CREATE INDEX events_type ON events (type_lc, day);
CREATE INDEX events_sub ON events (sub_lc, day);
CREATE INDEX events_location ON events (location_lc);
CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);
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

-- New rows are added to the FTS and R*Tree indexes once per transaction
-- (see `index_new_rows`): per-row triggers made every insert a statement
-- transaction and flushed FTS5 each time. Row ids never repeat
-- (AUTOINCREMENT), so "rid above the mark" is exactly the new rows.
CREATE TABLE index_marks (
    name TEXT PRIMARY KEY,
    last_rid INTEGER NOT NULL
);
INSERT INTO index_marks VALUES ('documents', 0), ('reports', 0), ('events', 0);

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
INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat)
    SELECT rid, longitude, longitude, latitude, latitude FROM events
    WHERE rid > (SELECT last_rid FROM index_marks WHERE name = 'events')
    AND latitude IS NOT NULL AND longitude IS NOT NULL;
UPDATE index_marks SET last_rid = (SELECT coalesce(max(rid), 0) FROM events)
    WHERE name = 'events';
"#;

pub(crate) struct SqliteConn {
    conn: rusqlite::Connection,
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

    fn exec(&mut self, sql: &str, params: &[Param]) -> Result<u64> {
        let mut st = self.conn.prepare_cached(sql)?;
        let vals: Vec<Value> = params.iter().map(to_value).collect();
        Ok(st.execute(rusqlite::params_from_iter(vals.iter()))? as u64)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn before_commit(&mut self) -> Result<()> {
        self.batch(INDEX_NEW_ROWS)
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
    let mut c = SqliteConn { conn };
    // WAL lets readers (the HTTP server) run while an ingest writes; with
    // synchronous=NORMAL a power cut may lose the last batches, never
    // corrupt the file.
    let mode = c.query("PRAGMA journal_mode = WAL", &[])?;
    let _ = mode;
    c.batch(
        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )?;
    migrate(&mut c)?;
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
pub const SQLITE_SCHEMA_VERSION: i64 = 1;

fn migrate(c: &mut SqliteConn) -> Result<()> {
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
            if *v > cur {
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
