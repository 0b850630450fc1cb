//! PostgreSQL backend: the same schema concepts as SQLite, full text with
//! generated `tsvector` columns and GIN indexes, bounding boxes with a GiST
//! index over `point(longitude, latitude)`.

use crate::query::{Dialect, Param};
use crate::sql::{in_tx, Conn, SqlStore, Val};
use crate::{Result, Store, StoreError};
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial schema", SCHEMA_V1),
    (2, "merge-candidate index", SCHEMA_V2),
    (
        3,
        "narrow events table, sort and covering indexes",
        SCHEMA_V3,
    ),
    (
        4,
        "index-only counts: documents per event, actor rows by event row id",
        SCHEMA_V4,
    ),
    (5, "statistics rollup", SCHEMA_V5),
    (6, "statistics of a country from one index", SCHEMA_V6),
];

/// Latest schema version this vigie knows.
pub const PG_SCHEMA_VERSION: i64 = 6;

const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
    rid BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    published_day BIGINT,
    lang TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    origin TEXT NOT NULL,
    extraction_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX documents_hash ON documents (content_hash);
CREATE INDEX documents_tsv ON documents USING gin (tsv);

CREATE TABLE reports (
    rid BIGSERIAL PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    family TEXT NOT NULL,
    day_lo BIGINT,
    day_hi BIGINT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    admin2_key TEXT,
    cluster_id TEXT,
    evidence_text TEXT NOT NULL,
    data TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', evidence_text)) STORED
);
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_cluster ON reports (cluster_id);
CREATE INDEX reports_window ON reports (family, day_lo);
CREATE INDEX reports_tsv ON reports USING gin (tsv);

CREATE TABLE events (
    rid BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    day BIGINT,
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
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    fatalities BIGINT,
    n_sources BIGINT NOT NULL,
    stored_at BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_day ON events (day);
CREATE INDEX events_country ON events (country_lc, day);
CREATE INDEX events_iso3 ON events (iso3, day);
CREATE INDEX events_admin1 ON events (admin1_lc, day);
CREATE INDEX events_admin2 ON events (admin2_lc, day);
CREATE INDEX events_type ON events (type_lc, day);
CREATE INDEX events_sub ON events (sub_lc, day);
CREATE INDEX events_location ON events (location_lc text_pattern_ops);
CREATE INDEX events_geo ON events USING gist (point(longitude, latitude));

CREATE TABLE actors (
    name TEXT PRIMARY KEY,
    name_lc TEXT NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    main BIGINT NOT NULL,
    PRIMARY KEY (actor, event_id)
);
CREATE INDEX event_actors_event ON event_actors (event_id);

CREATE TABLE history (
    id BIGSERIAL PRIMARY KEY,
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
-- A covering index for merge candidates, split by interval length.
ALTER TABLE reports ADD COLUMN span_bucket BIGINT;
UPDATE reports SET span_bucket = CASE WHEN day_hi - day_lo > 2 THEN 1 ELSE 0 END;
DROP INDEX reports_window;
CREATE INDEX reports_window ON reports (family, span_bucket, day_lo, day_hi, lat, lon, admin2_key);
"#;

/// As SQLite's version 3: the JSON record moves to event_data, the events
/// table keeps the queried columns (plus four that maps show), sort keys and
/// document counts get indexes. Every step checks what is already there.
const SCHEMA_V3: &str = r#"
CREATE TABLE IF NOT EXISTS event_data (
    rid BIGINT PRIMARY KEY,
    data TEXT NOT NULL
);
ALTER TABLE events ADD COLUMN IF NOT EXISTS disorder_type TEXT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision TEXT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS geo_precision BIGINT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS claimed BIGINT;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'events' AND column_name = 'data') THEN
        INSERT INTO event_data (rid, data) SELECT rid, data FROM events
            ON CONFLICT (rid) DO UPDATE SET data = excluded.data;
        UPDATE events SET disorder_type = data::json->>'disorder_type',
            date_precision = data::json->>'date_precision',
            geo_precision = (data::json->'location'->>'geo_precision')::bigint,
            claimed = CASE WHEN (data::json->>'claimed')::boolean THEN 1 ELSE 0 END;
        ALTER TABLE events DROP COLUMN data;
    END IF;
END
$$;
DROP INDEX IF EXISTS events_day;
CREATE INDEX events_day ON events (day, event_id);
CREATE INDEX IF NOT EXISTS events_fatalities ON events (fatalities, day, event_id);
CREATE INDEX IF NOT EXISTS events_sources ON events (n_sources, day, event_id);
DROP INDEX IF EXISTS reports_cluster;
CREATE INDEX reports_cluster ON reports (cluster_id, doc_id);
DROP INDEX IF EXISTS reports_doc;
CREATE INDEX reports_doc ON reports (doc_id, cluster_id);
ANALYZE events;
ANALYZE reports;
ANALYZE event_actors;
"#;

/// As SQLite's version 4 (PostgreSQL's GiST index already answers boxes).
const SCHEMA_V4: &str = r#"
ALTER TABLE events ADD COLUMN IF NOT EXISTS doc_ids TEXT;
UPDATE events SET doc_ids = (SELECT string_agg(DISTINCT r.doc_id, chr(31) ORDER BY r.doc_id)
    FROM reports r WHERE r.cluster_id = events.event_id) WHERE doc_ids IS NULL;
ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS event_rid BIGINT;
UPDATE event_actors ea SET event_rid = e.rid FROM events e
    WHERE e.event_id = ea.event_id AND ea.event_rid IS NULL;
CREATE INDEX IF NOT EXISTS event_actors_rid ON event_actors (actor, event_rid);
DROP INDEX IF EXISTS events_admin1;
CREATE INDEX events_admin1 ON events (admin1_lc, country_lc, day);
ANALYZE events;
ANALYZE event_actors;
"#;

const SCHEMA_V5: &str = concat!(
    r#"
-- Statistics of all events (the dashboard's first view) from a rollup that
-- ingest keeps in step, instead of a pass over every event.
CREATE TABLE IF NOT EXISTS event_counts (
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    events BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    PRIMARY KEY (dim, key)
);
CREATE TABLE IF NOT EXISTS doc_events (
    doc_id TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
"#,
    crate::sql::rollup_backfill!()
);

use crate::sql::SCHEMA_V6;

pub(crate) struct PgConn {
    client: Client,
    cache: HashMap<String, Statement>,
}

/// `?N` placeholders (the shared SQL) to PostgreSQL's `$N`.
fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.prepare(&pg_sql(sql))?;
        if self.cache.len() > 500 {
            self.cache.clear();
        }
        self.cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

fn boxed(params: &[Param]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                Param::Text(v) => Box::new(v.clone()),
                Param::Int(v) => Box::new(*v),
                Param::Real(v) => Box::new(*v),
            }
        })
        .collect()
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Vec<Val>>> {
        let st = self.statement(sql)?;
        let b = boxed(params);
        let refs: Vec<&(dyn ToSql + Sync)> = b.iter().map(|x| x.as_ref()).collect();
        let rows = self.client.query(&st, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, col) in r.columns().iter().enumerate() {
                let ty = col.type_();
                let v = if *ty == Type::INT8 {
                    r.try_get::<_, Option<i64>>(i)?.map(Val::Int)
                } else if *ty == Type::INT4 {
                    r.try_get::<_, Option<i32>>(i)?.map(|x| Val::Int(x.into()))
                } else if *ty == Type::INT2 {
                    r.try_get::<_, Option<i16>>(i)?.map(|x| Val::Int(x.into()))
                } else if *ty == Type::FLOAT8 {
                    r.try_get::<_, Option<f64>>(i)?.map(Val::Real)
                } else if *ty == Type::FLOAT4 {
                    r.try_get::<_, Option<f32>>(i)?.map(|x| Val::Real(x.into()))
                } else if *ty == Type::BOOL {
                    r.try_get::<_, Option<bool>>(i)?.map(|x| Val::Int(x.into()))
                } else if *ty == Type::NUMERIC {
                    // sum() of BIGINT is NUMERIC; the queries cast, this is a
                    // fallback.
                    None
                } else {
                    r.try_get::<_, Option<String>>(i)?.map(Val::Text)
                };
                row.push(v.unwrap_or(Val::Null));
            }
            out.push(row);
        }
        Ok(out)
    }

    fn exec(&mut self, sql: &str, params: &[Param]) -> Result<u64> {
        let st = self.statement(sql)?;
        let b = boxed(params);
        let refs: Vec<&(dyn ToSql + Sync)> = b.iter().map(|x| x.as_ref()).collect();
        Ok(self.client.execute(&st, &refs)?)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }
}

/// Connects to PostgreSQL and migrates the schema.
pub fn open_postgres(url: &str) -> Result<Box<dyn Store>> {
    let client = Client::connect(url, NoTls)
        .map_err(|e| StoreError::Connection(format!("cannot connect to {}: {e}", redact(url))))?;
    let mut c = PgConn {
        client,
        cache: HashMap::new(),
    };
    migrate(&mut c)?;
    Ok(Box::new(SqlStore {
        conn: c,
        backend: "postgres",
    }))
}

/// A migrated PostgreSQL connection on which a caller runs its own
/// statements and the ingest engine in ONE transaction: the work queue marks
/// a batch done in the transaction that stores it, so a crash can neither
/// lose a batch nor store it twice. The caller issues `BEGIN`/`COMMIT` on
/// [`PgSession::client`].
pub struct PgSession {
    conn: PgConn,
}

impl PgSession {
    /// Connects and migrates the store schema (as [`crate::open`] does).
    pub fn connect(url: &str) -> Result<PgSession> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Connection(format!("cannot connect to {}: {e}", redact(url)))
        })?;
        let mut conn = PgConn {
            client,
            cache: HashMap::new(),
        };
        migrate(&mut conn)?;
        Ok(PgSession { conn })
    }

    pub fn client(&mut self) -> &mut Client {
        &mut self.conn.client
    }

    /// [`Store::ingest`] without its own transaction: runs inside the one
    /// the caller has open, and neither commits nor rolls back.
    pub fn ingest_in_tx(&mut self, batch: &[crate::IngestItem]) -> Result<crate::IngestSummary> {
        crate::sql::ingest_in_open_tx(&mut self.conn, batch)
    }

    /// [`Store::document_status`].
    pub fn document_status(&mut self, id: &str, text: &str) -> Result<crate::DocStatus> {
        crate::sql::status_of(&mut self.conn, id, text)
    }

    /// The connection as a [`Store`] (queries, counts).
    pub fn into_store(self) -> Box<dyn Store> {
        Box::new(SqlStore {
            conn: self.conn,
            backend: "postgres",
        })
    }
}

/// The URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn migrate(c: &mut PgConn) -> Result<()> {
    migrate_to(c, PG_SCHEMA_VERSION)
}

fn migrate_to(c: &mut PgConn, target: i64) -> Result<()> {
    in_tx(c, |c| {
        // Two workers starting together must not both migrate.
        c.batch("SELECT pg_advisory_xact_lock(7426517)")?;
        c.batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
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
        if cur > PG_SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: cur,
                supported: PG_SCHEMA_VERSION,
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

    /// A database of schema version 2 (events carrying their JSON record)
    /// is upgraded in place, and the later migrations can run again.
    #[test]
    fn version_2_database_is_migrated() {
        let Ok(url) = std::env::var("VIGIE_TEST_PG") else {
            eprintln!("note: VIGIE_TEST_PG is not set; PostgreSQL upgrade test skipped");
            return;
        };
        // Named like the conformance tests' schemas, which clean them up.
        let schema = format!("t_pgupgrade_{}_0", std::process::id());
        let mut admin = Client::connect(&url, NoTls).unwrap();
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
        let report = r#"{"report_id":"old-1","doc_id":"old","title":null,"url":null,"source":null,"published":null,"extraction_version":"v0","event":{"event_id":"old-1","doc_id":"old","event_date":"2023-09-17","date_precision":"day","date_earliest":"2023-09-17","date_latest":"2023-09-17","disorder_type":"Political violence","event_type":"Battles","sub_event_type":"Armed clash","actor1":{"name":"JNIM","mention":null,"inter":2,"country":null},"actor2":null,"assoc_actor_1":[],"assoc_actor_2":[],"location":{"name":"Bourem","country":"Mali","iso3":"MLI","admin1":"Gao","admin2":"Bourem","admin3":null,"latitude":16.95,"longitude":-0.35,"geo_precision":1,"geonames_id":null,"mention":null},"fatalities":4,"fatalities_text":null,"claimed":true,"claimed_by":null,"evidence":[{"start":0,"end":8,"text":"Fighting"}],"field_evidence":{},"notes":"","tags":[],"rule":"r","confidence":0.5,"lang":"en"}}"#;
        let rep: crate::merge::Report = serde_json::from_str(report).unwrap();
        let ev = crate::merge::build(&[&rep]).unwrap();
        {
            let mut c = PgConn {
                client: Client::connect(&url, NoTls).unwrap(),
                cache: HashMap::new(),
            };
            migrate_to(&mut c, 2).unwrap();
            c.client
                .execute(
                    "INSERT INTO documents (id, content_hash, text, origin, extraction_version, \
                     ingested_at) VALUES ('old', 'h', 'Fighting near Bourem.', 'old.txt', 'v0', 'now')",
                    &[],
                )
                .unwrap();
            c.client
                .execute(
                    "INSERT INTO reports (report_id, doc_id, family, day_lo, day_hi, span_bucket, \
                     lat, lon, admin2_key, cluster_id, evidence_text, data) VALUES ('old-1', 'old', \
                     'armed', 738780, 738780, 0, 16.95, -0.35, 'mali|bourem', 'old-1', 'Fighting', $1)",
                    &[&report],
                )
                .unwrap();
            c.client
                .execute(
                    "INSERT INTO events (event_id, day, event_date, week, country, country_lc, iso3, \
                     admin1, admin1_lc, location, location_lc, event_type, type_lc, sub_event_type, \
                     sub_lc, disorder_lc, actor1, latitude, longitude, fatalities, n_sources, \
                     stored_at, data) VALUES ('old-1', 738780, '2023-09-17', '2023-09-11', 'Mali', \
                     'mali', 'MLI', 'Gao', 'gao', 'Bourem', 'bourem', 'Battles', 'battles', 'Armed clash', 'armed clash', \
                     'political violence', 'JNIM', 16.95, -0.35, 4, 1, 0, $1)",
                    &[&serde_json::to_string(&ev).unwrap()],
                )
                .unwrap();
            c.client
                .batch_execute(
                    "INSERT INTO actors VALUES ('JNIM', 'jnim'); \
                     INSERT INTO event_actors VALUES ('old-1', 'JNIM', 1);",
                )
                .unwrap();
        }
        let mut s = open_postgres(&url).unwrap();
        assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
        let check = |s: &mut Box<dyn Store>| {
            assert_eq!(s.get_event("old-1").unwrap().as_ref(), Some(&ev));
            let all = crate::EventQuery::default();
            assert_eq!(
                s.query_summaries(&all).unwrap(),
                vec![crate::EventSummary::of(&ev)]
            );
            // Debug builds also compare the rollup with a scan.
            let st = s.stats(&all).unwrap();
            assert_eq!((st.events, st.fatalities, st.documents), (1, 4, 1));
            assert_eq!(st.by_actor[0].key, "JNIM");
            let jnim = crate::EventQuery {
                actor: Some("jnim".into()),
                ..Default::default()
            };
            assert_eq!(s.query_page(&jnim).unwrap().0, 1);
            let gao = crate::EventQuery {
                bbox: "-1,16,0,17".parse().ok(),
                ..Default::default()
            };
            assert_eq!(s.query_events(&gao).unwrap().len(), 1);
        };
        check(&mut s);
        drop(s);
        // Running the migrations since version 2 again changes nothing.
        let mut c = Client::connect(&url, NoTls).unwrap();
        for (v, _, sql) in MIGRATIONS.iter().filter(|m| m.0 > 2) {
            c.batch_execute(sql)
                .unwrap_or_else(|e| panic!("migration {v} again: {e}"));
        }
        check(&mut open_postgres(&url).unwrap());
        admin
            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap();
    }

    #[test]
    fn placeholders_are_rewritten() {
        assert_eq!(pg_sql("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }
}
