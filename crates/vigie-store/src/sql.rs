//! The store over any SQL connection: both backends implement [`Conn`]
//! (run a statement with bound parameters) and share everything else, so
//! they cannot drift apart. Placeholders are written `?N`; the PostgreSQL
//! connection turns them into `$N`.

use crate::engine::{self, DocRow, Tx};
use crate::merge::Report;
use crate::query::{self, Dialect, Param};
use crate::rows::{lc, CandidateWindow, EventCols};
use crate::types::*;
use crate::{RecodeItem, Result, Store, StoreError};
use vigie_model::{DateInterval, Document, Lang};

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Val {
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }
    pub fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Real(f) => *f as i64,
            Val::Text(s) => s.parse().unwrap_or(0),
            Val::Null => 0,
        }
    }
}

/// A value of the current row of [`Conn::scan`], borrowed from the driver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl<'a> From<&'a Val> for Cell<'a> {
    fn from(v: &'a Val) -> Cell<'a> {
        match v {
            Val::Null => Cell::Null,
            Val::Int(i) => Cell::Int(*i),
            Val::Real(f) => Cell::Real(*f),
            Val::Text(s) => Cell::Text(s),
        }
    }
}

impl Cell<'_> {
    fn int(&self) -> i64 {
        match self {
            Cell::Int(i) => *i,
            Cell::Real(f) => *f as i64,
            _ => 0,
        }
    }
}

/// One database connection.
pub(crate) trait Conn: Send {
    fn dialect(&self) -> Dialect;
    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Vec<Val>>>;
    /// Calls `f` on each row without copying its values: for aggregates
    /// over many rows.
    fn scan(&mut self, sql: &str, params: &[Param], f: &mut dyn FnMut(&[Cell<'_>])) -> Result<()> {
        for row in self.query(sql, params)? {
            let cells: Vec<Cell<'_>> = row.iter().map(Cell::from).collect();
            f(&cells);
        }
        Ok(())
    }
    fn exec(&mut self, sql: &str, params: &[Param]) -> Result<u64>;
    /// Runs statements without parameters (BEGIN, COMMIT, DDL).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a write transaction.
    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN")
    }
    /// Last work inside a write transaction (deferred index maintenance).
    fn before_commit(&mut self) -> Result<()> {
        Ok(())
    }
}

fn t(s: &str) -> Param {
    Param::Text(Some(s.to_string()))
}
fn ot(s: Option<String>) -> Param {
    Param::Text(s)
}
fn oi(i: Option<i64>) -> Param {
    Param::Int(i)
}
fn orl(f: Option<f64>) -> Param {
    Param::Real(f)
}

/// Runs `f` inside a transaction: committed on success, rolled back on any
/// error so that the database is as it was before.
pub(crate) fn in_tx<C: Conn + ?Sized, T>(
    c: &mut C,
    f: impl FnOnce(&mut C) -> Result<T>,
) -> Result<T> {
    c.begin()?;
    match f(c).and_then(|v| c.before_commit().map(|()| v)) {
        Ok(v) => match c.batch("COMMIT") {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = c.batch("ROLLBACK");
                Err(e)
            }
        },
        Err(e) => {
            let _ = c.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The ingest engine on a connection whose transaction the caller opened
/// and will commit (see [`crate::PgSession`]).
pub(crate) fn ingest_in_open_tx<C: Conn + ?Sized>(
    c: &mut C,
    batch: &[IngestItem],
) -> Result<IngestSummary> {
    with_tx(c, |tx| engine::ingest(tx, batch))
}

pub(crate) fn status_of<C: Conn + ?Sized>(c: &mut C, id: &str, text: &str) -> Result<DocStatus> {
    engine::status(&mut SqlTx::new(c), id, text)
}

fn report_rows(rows: Vec<Vec<Val>>) -> Result<Vec<(Report, Option<String>)>> {
    rows.into_iter()
        .map(|r| {
            let data = r.first().and_then(Val::text).unwrap_or_default();
            let rep: Report = serde_json::from_str(&data)?;
            Ok((rep, r.get(1).and_then(Val::text)))
        })
        .collect()
}

/// Reports whose date interval is at most this many days longer than one
/// day are "short" (span_bucket 0).
const SHORT_SPAN_DAYS: i64 = 2;

/// The engine's row operations on a connection, with the statistics
/// rollup changes of the transaction so far (written by [`SqlTx::finish`]).
struct SqlTx<'a, C: Conn + ?Sized>(&'a mut C, Rollup);

impl<'a, C: Conn + ?Sized> SqlTx<'a, C> {
    fn new(c: &'a mut C) -> Self {
        SqlTx(c, Rollup::default())
    }

    /// Writes the rollup changes; last step before the commit.
    fn finish(self) -> Result<()> {
        self.1.write(self.0)
    }
}

/// Runs the engine `f` on `c` and writes its rollup changes.
fn with_tx<C: Conn + ?Sized, T>(
    c: &mut C,
    f: impl FnOnce(&mut SqlTx<'_, C>) -> Result<T>,
) -> Result<T> {
    let mut tx = SqlTx::new(c);
    let v = f(&mut tx)?;
    tx.finish()?;
    Ok(v)
}

impl<C: Conn + ?Sized> Tx for SqlTx<'_, C> {
    fn doc_hash(&mut self, id: &str) -> Result<Option<String>> {
        let r = self
            .0
            .query("SELECT content_hash FROM documents WHERE id = ?1", &[t(id)])?;
        Ok(r.first().and_then(|r| r[0].text()))
    }

    fn doc_with_hash(&mut self, hash: &str) -> Result<Option<String>> {
        let r = self.0.query(
            "SELECT id FROM documents WHERE content_hash = ?1 LIMIT 1",
            &[t(hash)],
        )?;
        Ok(r.first().and_then(|r| r[0].text()))
    }

    fn put_doc(&mut self, row: &DocRow) -> Result<()> {
        let d = row.doc;
        let published = d
            .published
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let pday = d.published.as_ref().map(|p| query::day(p.earliest));
        self.0.exec(
            "INSERT INTO documents (id, content_hash, text, published, published_day, lang, \
             title, url, source, origin, extraction_version, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
             ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, \
             text = excluded.text, published = excluded.published, \
             published_day = excluded.published_day, lang = excluded.lang, \
             title = excluded.title, url = excluded.url, source = excluded.source, \
             origin = excluded.origin, extraction_version = excluded.extraction_version, \
             ingested_at = excluded.ingested_at",
            &[
                t(&d.id),
                t(&row.hash),
                t(&d.text),
                ot(published),
                oi(pday),
                ot(d.lang.map(|l| l.code().to_string())),
                ot(d.title.clone()),
                ot(d.url.clone()),
                ot(d.source.clone()),
                t(&d.origin),
                t(row.version),
                t(&engine::now_rfc3339()),
            ],
        )?;
        Ok(())
    }

    fn get_doc(&mut self, id: &str) -> Result<Option<Document>> {
        Ok(load_doc(self.0, id)?.map(|(d, _)| d))
    }

    fn set_doc_version(&mut self, id: &str, version: &str) -> Result<()> {
        self.0.exec(
            "UPDATE documents SET extraction_version = ?2 WHERE id = ?1",
            &[t(id), t(version)],
        )?;
        Ok(())
    }

    fn report_exists(&mut self, report_id: &str) -> Result<bool> {
        let r = self.0.query(
            "SELECT 1 FROM reports WHERE report_id = ?1",
            &[t(report_id)],
        )?;
        Ok(!r.is_empty())
    }

    fn doc_reports(&mut self, doc_id: &str) -> Result<Vec<(Report, Option<String>)>> {
        report_rows(self.0.query(
            "SELECT data, cluster_id FROM reports WHERE doc_id = ?1 ORDER BY report_id",
            &[t(doc_id)],
        )?)
    }

    fn delete_doc_reports(&mut self, doc_id: &str) -> Result<()> {
        self.0
            .exec("DELETE FROM reports WHERE doc_id = ?1", &[t(doc_id)])?;
        Ok(())
    }

    fn insert_report(&mut self, r: &Report) -> Result<()> {
        let (lo, hi) = r.days().unzip();
        let (lat, lon) = r.lat_lon().unzip();
        let evidence: Vec<&str> = r.event.evidence.iter().map(|e| e.text.as_str()).collect();
        self.0.exec(
            "INSERT INTO reports (report_id, doc_id, family, day_lo, day_hi, span_bucket, lat, \
             lon, admin2_key, evidence_text, data) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &[
                t(&r.report_id),
                t(&r.doc_id),
                t(&r.family()),
                oi(lo),
                oi(hi),
                oi(lo.zip(hi).map(|(a, b)| i64::from(b - a > SHORT_SPAN_DAYS))),
                orl(lat),
                orl(lon),
                ot(r.admin2_key()),
                t(&evidence.join("\n")),
                t(&serde_json::to_string(r)?),
            ],
        )?;
        Ok(())
    }

    fn candidates(&mut self, r: &Report) -> Result<Vec<(Report, Option<String>)>> {
        let Some(w) = CandidateWindow::of(r) else {
            return Ok(vec![]);
        };
        let (la0, la1, lo0, lo1) = match w.bbox {
            Some((a, b, c, d)) => (Some(a), Some(b), Some(c), Some(d)),
            None => (None, None, None, None),
        };
        // Short intervals (almost all reports) are looked up in a narrow
        // window of day_lo; only the rare long ones need the wide window.
        let near = "(lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8) OR admin2_key = ?9";
        let sql = format!(
            "SELECT data, cluster_id FROM reports WHERE family = ?1 AND span_bucket = 0 \
             AND day_lo BETWEEN ?10 AND ?3 AND day_hi >= ?4 AND ({near}) \
             UNION ALL \
             SELECT data, cluster_id FROM reports WHERE family = ?1 AND span_bucket = 1 \
             AND day_lo BETWEEN ?2 AND ?3 AND day_hi >= ?4 AND ({near})"
        );
        report_rows(self.0.query(
            &sql,
            &[
                t(&w.family),
                Param::Int(Some(w.lo_min)),
                Param::Int(Some(w.lo_max)),
                Param::Int(Some(w.hi_min)),
                orl(la0),
                orl(la1),
                orl(lo0),
                orl(lo1),
                ot(w.admin2_key),
                Param::Int(Some(w.hi_min - SHORT_SPAN_DAYS)),
            ],
        )?)
    }

    fn cluster_members(&mut self, cluster_id: &str) -> Result<Vec<(Report, Option<String>)>> {
        report_rows(self.0.query(
            "SELECT data, cluster_id FROM reports WHERE cluster_id = ?1",
            &[t(cluster_id)],
        )?)
    }

    fn delete_event(&mut self, event_id: &str) -> Result<()> {
        let old = self.0.query(
            &format!("SELECT {STATS_COLS} FROM events WHERE event_id = ?1"),
            &[t(event_id)],
        )?;
        if let Some(r) = old.first() {
            let cells: Vec<Cell<'_>> = r.iter().map(Cell::from).collect();
            self.1.add(&cells, -1);
        }
        self.0.exec(
            "DELETE FROM event_data WHERE rid IN (SELECT rid FROM events WHERE event_id = ?1)",
            &[t(event_id)],
        )?;
        self.0.exec(
            "DELETE FROM event_actors WHERE event_id = ?1",
            &[t(event_id)],
        )?;
        self.0
            .exec("DELETE FROM events WHERE event_id = ?1", &[t(event_id)])?;
        Ok(())
    }

    fn put_event(&mut self, e: &StoredEvent, members: &[&str]) -> Result<()> {
        let c = EventCols::of(e);
        let id = &e.event.event_id;
        // The record lives in its own table: the events table holds only
        // the columns that filters, sorts, statistics and maps read, so
        // scanning it stays cheap.
        let rid = self.0.query(
            "INSERT INTO events (event_id, day, event_date, week, country, country_lc, iso3, \
             admin1, admin1_lc, admin2_lc, location, location_lc, place_context, event_type, \
             type_lc, sub_event_type, sub_lc, disorder_lc, actor1, actor2, latitude, longitude, \
             fatalities, n_sources, stored_at, disorder_type, date_precision, geo_precision, \
             claimed, doc_ids) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30) \
             RETURNING rid",
            &[
                t(id),
                oi(c.day),
                ot(c.event_date.clone()),
                ot(c.week.clone()),
                ot(c.country.clone()),
                ot(lc(&c.country)),
                ot(c.iso3.clone()),
                ot(c.admin1.clone()),
                ot(lc(&c.admin1)),
                ot(lc(&c.admin2)),
                ot(c.location.clone()),
                ot(lc(&c.location)),
                ot(c.place_context.clone()),
                t(&c.event_type),
                t(&c.event_type.to_lowercase()),
                t(&c.sub_event_type),
                t(&c.sub_event_type.to_lowercase()),
                t(&c.disorder_type.to_lowercase()),
                ot(c.actor1.clone()),
                ot(c.actor2.clone()),
                orl(c.latitude),
                orl(c.longitude),
                oi(c.fatalities),
                Param::Int(Some(c.n_sources)),
                Param::Int(Some(chrono::Utc::now().timestamp())),
                t(&c.disorder_type),
                ot(c.date_precision.clone()),
                oi(c.geo_precision),
                Param::Int(Some(i64::from(c.claimed))),
                t(&doc_ids(e)),
            ],
        )?;
        let rid = rid
            .first()
            .map(|r| r[0].int())
            .ok_or_else(|| StoreError::Corrupt("insert returned no row id".into()))?;
        self.0.exec(
            "INSERT INTO event_data (rid, data) VALUES (?1, ?2)",
            &[Param::Int(Some(rid)), t(&serde_json::to_string(e)?)],
        )?;
        let docs = doc_ids(e);
        fn text(v: &Option<String>) -> Cell<'_> {
            v.as_deref().map_or(Cell::Null, Cell::Text)
        }
        let cells = [
            text(&c.week),
            Cell::Text(&c.event_type),
            Cell::Text(&c.sub_event_type),
            text(&c.country),
            text(&c.admin1),
            text(&c.actor1),
            text(&c.actor2),
            c.fatalities.map_or(Cell::Null, Cell::Int),
            Cell::Text(&docs),
        ];
        self.1.add(&cells, 1);
        for (name, main) in &c.actors {
            self.0.exec(
                "INSERT INTO actors (name, name_lc) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                &[t(name), t(&name.to_lowercase())],
            )?;
            self.0.exec(
                "INSERT INTO event_actors (event_id, actor, main, event_rid) \
                 VALUES (?1, ?2, ?3, ?4)",
                &[
                    t(id),
                    t(name),
                    Param::Int(Some(*main as i64)),
                    Param::Int(Some(rid)),
                ],
            )?;
        }
        for m in members {
            self.0.exec(
                "UPDATE reports SET cluster_id = ?1 WHERE report_id = ?2",
                &[t(id), t(m)],
            )?;
        }
        Ok(())
    }

    fn add_history(&mut self, h: &HistoryEntry) -> Result<()> {
        self.0.exec(
            "INSERT INTO history (doc_id, at, old_version, new_version, removed, added, changed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[
                t(&h.doc_id),
                t(&h.at),
                t(&h.old_version),
                t(&h.new_version),
                t(&serde_json::to_string(&h.removed)?),
                t(&serde_json::to_string(&h.added)?),
                t(&serde_json::to_string(&h.changed)?),
            ],
        )?;
        Ok(())
    }
}

/// Changes to the statistics rollup (`event_counts`, `doc_events`) that
/// keeps the statistics of all events without reading them, summed over a
/// transaction so that each key is written once. Sorted maps: concurrent
/// PostgreSQL writers take the row locks in the same order.
#[derive(Default)]
struct Rollup {
    keys: std::collections::BTreeMap<(&'static str, String), (i64, i64)>,
    docs: std::collections::BTreeMap<String, i64>,
}

impl Rollup {
    /// Adds (`sign` 1) or takes away (-1) an event's share; `r` is a row
    /// of [`STATS_COLS`].
    fn add(&mut self, r: &[Cell<'_>], sign: i64) {
        let mut keys = vec![("*", "")];
        let mut docs = Vec::new();
        let f = each_share(r, |i, k| keys.push((DIMS[i], k)), |d| docs.push(d)) as i64;
        for (dim, key) in keys {
            let e = self.keys.entry((dim, key.to_string())).or_default();
            e.0 += sign;
            e.1 += sign * f;
        }
        docs.sort_unstable();
        docs.dedup();
        for d in docs {
            *self.docs.entry(d.to_string()).or_default() += sign;
        }
    }

    fn write<C: Conn + ?Sized>(self, c: &mut C) -> Result<()> {
        for ((dim, key), (n, f)) in self.keys {
            if n == 0 && f == 0 {
                continue;
            }
            c.exec(
                "INSERT INTO event_counts (dim, key, events, fatalities) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (dim, key) DO UPDATE SET events = event_counts.events + excluded.events, \
                 fatalities = event_counts.fatalities + excluded.fatalities",
                &[t(dim), t(&key), Param::Int(Some(n)), Param::Int(Some(f))],
            )?;
            if n < 0 && dim != "*" {
                c.exec(
                    "DELETE FROM event_counts WHERE dim = ?1 AND key = ?2 AND events <= 0",
                    &[t(dim), t(&key)],
                )?;
            }
        }
        for (d, n) in self.docs {
            if n == 0 {
                continue;
            }
            c.exec(
                "INSERT INTO doc_events (doc_id, n) VALUES (?1, ?2) \
                 ON CONFLICT (doc_id) DO UPDATE SET n = doc_events.n + excluded.n",
                &[t(&d), Param::Int(Some(n))],
            )?;
            if n < 0 {
                c.exec(
                    "DELETE FROM doc_events WHERE doc_id = ?1 AND n <= 0",
                    &[t(&d)],
                )?;
            }
        }
        Ok(())
    }
}

/// A document and its stored hash, version and ingest time.
fn load_doc<C: Conn + ?Sized>(c: &mut C, id: &str) -> Result<Option<(Document, [String; 3])>> {
    let rows = c.query(
        "SELECT id, text, published, lang, title, url, source, origin, content_hash, \
         extraction_version, ingested_at FROM documents WHERE id = ?1",
        &[t(id)],
    )?;
    let Some(r) = rows.into_iter().next() else {
        return Ok(None);
    };
    let published: Option<DateInterval> = match r[2].text() {
        Some(s) => Some(serde_json::from_str(&s)?),
        None => None,
    };
    let doc = Document {
        id: r[0].text().unwrap_or_default(),
        text: r[1].text().unwrap_or_default(),
        published,
        lang: r[3].text().and_then(|s| s.parse::<Lang>().ok()),
        title: r[4].text(),
        url: r[5].text(),
        source: r[6].text(),
        origin: r[7].text().unwrap_or_default(),
    };
    let extra = [
        r[8].text().unwrap_or_default(),
        r[9].text().unwrap_or_default(),
        r[10].text().unwrap_or_default(),
    ];
    Ok(Some((doc, extra)))
}

fn decode_events(rows: Vec<Vec<Val>>) -> Result<Vec<StoredEvent>> {
    rows.into_iter()
        .map(|r| {
            let s = r.first().and_then(Val::text).unwrap_or_default();
            serde_json::from_str(&s).map_err(StoreError::from)
        })
        .collect()
}

/// Separates the document ids of `events.doc_ids` (ids are one line of
/// printable text).
const DOC_SEP: char = '\u{1f}';

/// The distinct documents of an event's sources, sorted.
fn doc_ids(e: &StoredEvent) -> String {
    let ids: std::collections::BTreeSet<&str> =
        e.sources.iter().map(|s| s.doc_id.as_str()).collect();
    ids.into_iter()
        .collect::<Vec<_>>()
        .join(&DOC_SEP.to_string())
}

/// A row of the summary query (column order of `query_summaries`).
fn summary_of(r: Vec<Val>) -> EventSummary {
    let text = |i: usize| r.get(i).and_then(Val::text);
    let real = |i: usize| match r.get(i) {
        Some(Val::Real(f)) => Some(*f),
        Some(Val::Int(n)) => Some(*n as f64),
        _ => None,
    };
    let int = |i: usize| match r.get(i) {
        Some(Val::Null) | None => None,
        Some(v) => Some(v.int()),
    };
    let (lat, lon) = match (real(12), real(13)) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        _ => (None, None),
    };
    EventSummary {
        event_id: text(0).unwrap_or_default(),
        event_date: text(1),
        date_precision: text(2),
        disorder_type: text(3).unwrap_or_default(),
        event_type: text(4).unwrap_or_default(),
        sub_event_type: text(5).unwrap_or_default(),
        actor1: text(6),
        actor2: text(7),
        location: text(8),
        admin1: text(9),
        country: text(10),
        geo_precision: int(11).and_then(|v| u8::try_from(v).ok()),
        latitude: lat,
        longitude: lon,
        fatalities: int(14).and_then(|v| u32::try_from(v).ok()),
        claimed: int(15).unwrap_or(0) != 0,
        sources: int(16).unwrap_or(0).max(0) as u64,
    }
}

/// rustc's FxHash: the statistics pass hashes several short strings per
/// event, and SipHash was a third of its time. Writing the keys takes the
/// ingest token, so flooding them is not a concern here.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// Event and fatality counts per key of one breakdown.
#[derive(Default)]
struct Tally(std::collections::HashMap<String, (u64, u64), FxBuild>);

impl Tally {
    fn add(&mut self, key: &str, fatalities: u64) {
        match self.0.get_mut(key) {
            Some(c) => {
                c.0 += 1;
                c.1 += fatalities;
            }
            None => {
                self.0.insert(key.to_string(), (1, fatalities));
            }
        }
    }

    /// By key (weeks) or by count, largest first, ties by key; as the
    /// GROUP BY queries this replaces ordered them.
    fn counts(self, by_key: bool, limit: usize) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .0
            .into_iter()
            .map(|(key, (events, fatalities))| Count {
                key,
                events,
                fatalities,
            })
            .collect();
        if by_key {
            v.sort_by(|a, b| a.key.cmp(&b.key));
        } else {
            v.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.key.cmp(&b.key)));
        }
        v.truncate(limit);
        v
    }
}

/// The breakdowns of [`Stats`], filled from rows of (week, type, sub-type,
/// country, admin1, actor1, actor2, fatalities).
#[derive(Default)]
struct Tallies {
    events: u64,
    fatalities: u64,
    documents: std::collections::HashSet<String, FxBuild>,
    /// In [`DIMS`] order.
    dims: [Tally; 6],
}

/// The event columns statistics read, in the order [`each_share`] expects.
const STATS_COLS: &str = "week, event_type, sub_event_type, country, admin1, actor1, actor2, \
                          fatalities, doc_ids";

/// The breakdowns of [`Stats`], as named in the `event_counts` rollup.
const DIMS: [&str; 6] = ["week", "type", "sub", "country", "admin1", "actor"];

/// Calls `key(breakdown, key)` for each breakdown an event (a row of
/// [`STATS_COLS`]) counts in, `doc` for each of its documents; returns its
/// fatalities. The scan and the rollup both count through here.
fn each_share<'a>(
    r: &[Cell<'a>],
    mut key: impl FnMut(usize, &'a str),
    mut doc: impl FnMut(&'a str),
) -> u64 {
    let text = |i: usize| match r.get(i) {
        Some(Cell::Text(s)) => Some(*s),
        _ => None,
    };
    for i in 0..5 {
        if let Some(k) = text(i) {
            key(i, k);
        }
    }
    // An event counts once per main actor (actor1 and actor2 the same name
    // count once), blank names not at all.
    let a1 = text(5).filter(|a| !a.trim().is_empty());
    let a2 = text(6).filter(|a| !a.trim().is_empty() && Some(*a) != a1);
    for a in [a1, a2].into_iter().flatten() {
        key(5, a);
    }
    for d in text(8).into_iter().flat_map(|s| s.split(DOC_SEP)) {
        if !d.is_empty() {
            doc(d);
        }
    }
    r.get(7).map(|c| c.int().max(0) as u64).unwrap_or(0)
}

impl Tallies {
    fn add(&mut self, r: &[Cell<'_>]) {
        let f = r.get(7).map(|c| c.int().max(0) as u64).unwrap_or(0);
        self.events += 1;
        self.fatalities += f;
        let [week, event_type, sub, country, admin1, actor] = &mut self.dims;
        let documents = &mut self.documents;
        each_share(
            r,
            |i, k| {
                let t = match i {
                    0 => &mut *week,
                    1 => &mut *event_type,
                    2 => &mut *sub,
                    3 => &mut *country,
                    4 => &mut *admin1,
                    _ => &mut *actor,
                };
                t.add(k, f);
            },
            |d| {
                if !documents.contains(d) {
                    documents.insert(d.to_string());
                }
            },
        );
    }

    fn finish(self) -> Stats {
        let documents = self.documents.len() as u64;
        Tallies::stats(self.events, self.fatalities, documents, self.dims)
    }

    fn stats(events: u64, fatalities: u64, documents: u64, dims: [Tally; 6]) -> Stats {
        let [week, event_type, sub, country, admin1, actor] = dims;
        Stats {
            events,
            fatalities,
            documents,
            by_week: week.counts(true, 500),
            by_event_type: event_type.counts(false, 500),
            by_sub_event_type: sub.counts(false, 500),
            by_country: country.counts(false, 500),
            by_admin1: admin1.counts(false, 500),
            by_actor: actor.counts(false, 100),
        }
    }
}

fn like_prefix(s: &str, leading: bool) -> String {
    let mut p = String::new();
    if leading {
        p.push('%');
    }
    for c in s.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A store over one connection.
pub(crate) struct SqlStore<C: Conn> {
    pub conn: C,
    pub backend: &'static str,
}

/// Event records read per query (see `SqlStore::records`).
const RECORD_CHUNK: usize = 50;

impl<C: Conn> SqlStore<C> {
    /// Whether walking the sort order (see [`query::where_walking`]) reads
    /// fewer rows than collecting and sorting the `total` matches: a walk
    /// reads about (offset + limit) × events / total rows.
    fn walk_pays(&mut self, q: &EventQuery, total: u64) -> Result<bool> {
        // Walking changes only the box and actor tests on PostgreSQL.
        let pg_nothing_to_walk = self.conn.dialect() == Dialect::Postgres
            && q.bbox.is_none()
            && q.actor.as_deref().is_none_or(|a| a.trim().is_empty());
        if total < 1000 || pg_nothing_to_walk {
            return Ok(false);
        }
        let wanted = q
            .offset
            .saturating_add(q.limit.unwrap_or(u64::MAX))
            .min(total);
        let events = self.max_rid()?;
        Ok((total as u128) * (total as u128) > (wanted as u128) * (events as u128))
    }

    /// The largest event row id: row ids only grow, so it bounds the number
    /// of events (and costs one index probe where count(*) reads them all).
    fn max_rid(&mut self) -> Result<u64> {
        let rows = self.conn.query("SELECT max(rid) FROM events", &[])?;
        Ok(rows.first().map(|r| r[0].int().max(0) as u64).unwrap_or(0))
    }

    /// The page of events `w` selects, in `q`'s order.
    fn page_of(&mut self, q: &EventQuery, w: query::Where) -> Result<Vec<StoredEvent>> {
        let d = self.conn.dialect();
        // Select and sort row ids first, then load the (large) records of
        // the page only: sorting whole records made broad filters slow.
        let sql = format!(
            "SELECT e.rid FROM events e WHERE {}{}",
            w.sql,
            query::order_limit(q, d)
        );
        let rids: Vec<i64> = self
            .conn
            .query(&sql, &w.params)?
            .into_iter()
            .map(|r| r[0].int())
            .collect();
        self.records(&rids)
    }

    /// The stored records of these event rows, in this order. Read
    /// [`RECORD_CHUNK`] at a time: one round trip per row made PostgreSQL
    /// pages slow. Unused placeholders are NULL so the statement is always
    /// the same one.
    fn records(&mut self, rids: &[i64]) -> Result<Vec<StoredEvent>> {
        let sql = format!(
            "SELECT rid, data FROM event_data WHERE rid IN ({})",
            (1..=RECORD_CHUNK)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut out = Vec::with_capacity(rids.len());
        for chunk in rids.chunks(RECORD_CHUNK) {
            let mut params: Vec<Param> = chunk.iter().map(|r| Param::Int(Some(*r))).collect();
            params.resize(RECORD_CHUNK, Param::Int(None));
            let mut found: std::collections::HashMap<i64, String> = self
                .conn
                .query(&sql, &params)?
                .into_iter()
                .filter_map(|r| Some((r.first()?.int(), r.get(1)?.text()?)))
                .collect();
            for rid in chunk {
                if let Some(data) = found.remove(rid) {
                    out.push(serde_json::from_str(&data)?);
                }
            }
        }
        Ok(out)
    }
}

impl<C: Conn> SqlStore<C> {
    /// Statistics of every event from the `event_counts` rollup that
    /// ingest keeps, without reading events.
    fn rollup_stats(&mut self) -> Result<Stats> {
        let mut dims: [Tally; 6] = Default::default();
        let (mut events, mut fatalities) = (0, 0);
        for r in self
            .conn
            .query("SELECT dim, key, events, fatalities FROM event_counts", &[])?
        {
            let (dim, key) = (
                r[0].text().unwrap_or_default(),
                r[1].text().unwrap_or_default(),
            );
            let (n, f) = (r[2].int().max(0) as u64, r[3].int().max(0) as u64);
            if dim == "*" {
                (events, fatalities) = (n, f);
            } else if let Some(i) = DIMS.iter().position(|d| *d == dim) {
                if n > 0 {
                    dims[i].0.insert(key, (n, f));
                }
            }
        }
        let docs = self.conn.query("SELECT count(*) FROM doc_events", &[])?;
        let documents = docs.first().map(|r| r[0].int().max(0) as u64).unwrap_or(0);
        Ok(Tallies::stats(events, fatalities, documents, dims))
    }

    fn scan_stats(&mut self, w: &query::Where) -> Result<Stats> {
        let p = &w.params;
        // One pass over the narrow events table, tallied here: a GROUP BY
        // per breakdown read the table seven times.
        let mut t = Tallies::default();
        self.conn.scan(
            &format!("SELECT {STATS_COLS} FROM events e WHERE {}", w.sql),
            p,
            &mut |r| t.add(r),
        )?;
        Ok(t.finish())
    }
}

impl<C: Conn> Store for SqlStore<C> {
    fn backend(&self) -> &'static str {
        self.backend
    }

    fn ingest(&mut self, batch: &[IngestItem]) -> Result<IngestSummary> {
        in_tx(&mut self.conn, |c| {
            with_tx(c, |tx| engine::ingest(tx, batch))
        })
    }

    fn document_status(&mut self, id: &str, text: &str) -> Result<DocStatus> {
        engine::status(&mut SqlTx::new(&mut self.conn), id, text)
    }

    fn recode(&mut self, items: &[RecodeItem]) -> Result<Vec<HistoryEntry>> {
        in_tx(&mut self.conn, |c| {
            with_tx(c, |tx| engine::recode(tx, items))
        })
    }

    fn document_ids(&mut self, after: Option<&str>, limit: u64) -> Result<Vec<String>> {
        let rows = self.conn.query(
            "SELECT id FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[
                t(after.unwrap_or("")),
                Param::Int(Some(limit.min(i64::MAX as u64) as i64)),
            ],
        )?;
        Ok(rows.into_iter().filter_map(|r| r[0].text()).collect())
    }

    fn get_document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        let Some((doc, [hash, version, at])) = load_doc(&mut self.conn, id)? else {
            return Ok(None);
        };
        let reports = SqlTx::new(&mut self.conn)
            .doc_reports(id)?
            .into_iter()
            .map(|(r, cid)| DocumentReport {
                event_id: cid.unwrap_or_else(|| r.report_id.clone()),
                report_id: r.report_id,
                sub_event_type: r.event.sub_event_type,
                evidence: r.event.evidence,
            })
            .collect();
        Ok(Some(StoredDocument {
            id: doc.id,
            text: doc.text,
            published: doc.published,
            lang: doc.lang.map(|l| l.code().to_string()),
            title: doc.title,
            url: doc.url,
            source: doc.source,
            origin: doc.origin,
            content_hash: hash,
            extraction_version: version,
            ingested_at: at,
            reports,
        }))
    }

    fn get_event(&mut self, id: &str) -> Result<Option<StoredEvent>> {
        let rows = self.conn.query(
            "SELECT d.data FROM events e JOIN event_data d ON d.rid = e.rid \
                 WHERE e.event_id = ?1",
            &[t(id)],
        )?;
        Ok(decode_events(rows)?.into_iter().next())
    }

    fn query_events(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>> {
        let w = query::where_clause(q, self.conn.dialect());
        self.page_of(q, w)
    }

    fn query_summaries(&mut self, q: &EventQuery) -> Result<Vec<EventSummary>> {
        let d = self.conn.dialect();
        let w = query::where_clause(q, d);
        let sql = format!(
            "SELECT e.event_id, e.event_date, e.date_precision, e.disorder_type, e.event_type, \
             e.sub_event_type, e.actor1, e.actor2, e.location, e.admin1, e.country, \
             e.geo_precision, e.latitude, e.longitude, e.fatalities, e.claimed, e.n_sources \
             FROM events e WHERE {}{}",
            w.sql,
            query::order_limit(q, d)
        );
        let rows = self.conn.query(&sql, &w.params)?;
        Ok(rows.into_iter().map(summary_of).collect())
    }

    fn count_events(&mut self, q: &EventQuery) -> Result<u64> {
        let rows = match query::count_query(q, self.conn.dialect()) {
            query::Count::Sql(c) => self.conn.query(&c.sql, &c.params)?,
            query::Count::Actor(pattern) => {
                let names = self.conn.query(query::ACTOR_NAMES, &[t(&pattern)])?;
                match names.as_slice() {
                    [] => return Ok(0),
                    // One actor: its key range holds each event once.
                    [one] => self.conn.query(
                        "SELECT count(*) FROM event_actors WHERE actor = ?1",
                        &[t(&one[0].text().unwrap_or_default())],
                    )?,
                    _ => self.conn.query(
                        &format!(
                            "SELECT count(DISTINCT event_rid) FROM event_actors WHERE actor IN \
                             ({})",
                            query::ACTOR_NAMES
                        ),
                        &[t(&pattern)],
                    )?,
                }
            }
        };
        Ok(rows.first().map(|r| r[0].int() as u64).unwrap_or(0))
    }

    fn query_page(&mut self, q: &EventQuery) -> Result<(u64, Vec<StoredEvent>)> {
        let total = self.count_events(q)?;
        let d = self.conn.dialect();
        let w = if self.walk_pays(q, total)? {
            query::where_walking(q, d)
        } else {
            query::where_clause(q, d)
        };
        Ok((total, self.page_of(q, w)?))
    }

    fn stats(&mut self, q: &EventQuery) -> Result<Stats> {
        let w = query::where_clause(q, self.conn.dialect());
        if w.params.is_empty() && w.sql == "1=1" {
            let st = self.rollup_stats()?;
            #[cfg(debug_assertions)]
            {
                // Tests run debug builds: the rollup must say what a scan says.
                let scanned = self.scan_stats(&w)?;
                debug_assert_eq!(st, scanned, "statistics rollup out of step");
            }
            return Ok(st);
        }
        self.scan_stats(&w)
    }

    fn suggest_places(&mut self, prefix: &str, limit: u64) -> Result<Vec<Suggestion>> {
        let limit = Param::Int(Some(limit.min(1000) as i64));
        let group =
            |n: usize| format!("GROUP BY location, place_context ORDER BY 3 DESC, 1 LIMIT ?{n}");
        let rows = match self.conn.dialect() {
            // SQLite's LIKE cannot use the index here; a key range can.
            Dialect::Sqlite => {
                let lo = prefix.trim().to_lowercase();
                let hi = format!("{lo}\u{10ffff}");
                self.conn.query(
                    &format!(
                        "SELECT location, place_context, count(*) FROM events \
                         WHERE location_lc >= ?1 AND location_lc < ?2 {}",
                        group(3)
                    ),
                    &[t(&lo), t(&hi), limit],
                )?
            }
            // text_pattern_ops index serves LIKE 'prefix%'.
            Dialect::Postgres => self.conn.query(
                &format!(
                    "SELECT location, place_context, count(*) FROM events \
                     WHERE location_lc LIKE ?1 ESCAPE '\\' {}",
                    group(2)
                ),
                &[t(&like_prefix(prefix, false)), limit],
            )?,
        };
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(Suggestion {
                    name: r[0].text()?,
                    context: r[1].text().filter(|s| !s.is_empty()),
                    events: r[2].int() as u64,
                })
            })
            .collect())
    }

    fn suggest_actors(&mut self, fragment: &str, limit: u64) -> Result<Vec<Suggestion>> {
        let rows = self.conn.query(
            "SELECT a.name, count(*) FROM actors a JOIN event_actors ea ON ea.actor = a.name \
             WHERE a.name_lc LIKE ?1 ESCAPE '\\' GROUP BY a.name ORDER BY 2 DESC, 1 LIMIT ?2",
            &[
                t(&like_prefix(fragment, true)),
                Param::Int(Some(limit.min(1000) as i64)),
            ],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(Suggestion {
                    name: r[0].text()?,
                    context: None,
                    events: r[1].int() as u64,
                })
            })
            .collect())
    }

    fn history(&mut self, doc_id: Option<&str>) -> Result<Vec<HistoryEntry>> {
        let cols = "SELECT doc_id, at, old_version, new_version, removed, added, changed \
                    FROM history";
        let rows = match doc_id {
            Some(d) => self.conn.query(
                &format!("{cols} WHERE doc_id = ?1 ORDER BY id DESC"),
                &[t(d)],
            )?,
            None => self.conn.query(&format!("{cols} ORDER BY id DESC"), &[])?,
        };
        rows.into_iter()
            .map(|r| {
                let list = |v: &Val| -> Result<Vec<String>> {
                    Ok(serde_json::from_str(
                        &v.text().unwrap_or_else(|| "[]".into()),
                    )?)
                };
                Ok(HistoryEntry {
                    doc_id: r[0].text().unwrap_or_default(),
                    at: r[1].text().unwrap_or_default(),
                    old_version: r[2].text().unwrap_or_default(),
                    new_version: r[3].text().unwrap_or_default(),
                    removed: list(&r[4])?,
                    added: list(&r[5])?,
                    changed: list(&r[6])?,
                })
            })
            .collect()
    }

    fn counts(&mut self) -> Result<StoreCounts> {
        let r = self.conn.query(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM reports), \
             (SELECT count(*) FROM events)",
            &[],
        )?;
        let r = r.first().cloned().unwrap_or_default();
        let g = |i: usize| r.get(i).map(Val::int).unwrap_or(0) as u64;
        Ok(StoreCounts {
            documents: g(0),
            reports: g(1),
            events: g(2),
        })
    }

    fn schema_version(&mut self) -> Result<i64> {
        let r = self
            .conn
            .query("SELECT max(version) FROM schema_migrations", &[])?;
        Ok(r.first().map(|r| r[0].int()).unwrap_or(0))
    }
}

/// Migration 5's backfill of the statistics rollup from the stored events:
/// the same SQL on both backends (each creates the tables with its own
/// integer types first).
macro_rules! rollup_backfill {
    () => {
        r#"DELETE FROM event_counts;
DELETE FROM doc_events;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT '*', '', count(*), coalesce(sum(fatalities), 0) FROM events;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'week', week, count(*), coalesce(sum(fatalities), 0) FROM events
    WHERE week IS NOT NULL GROUP BY week;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'type', event_type, count(*), coalesce(sum(fatalities), 0) FROM events
    WHERE event_type IS NOT NULL GROUP BY event_type;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'sub', sub_event_type, count(*), coalesce(sum(fatalities), 0) FROM events
    WHERE sub_event_type IS NOT NULL GROUP BY sub_event_type;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'country', country, count(*), coalesce(sum(fatalities), 0) FROM events
    WHERE country IS NOT NULL GROUP BY country;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'admin1', admin1, count(*), coalesce(sum(fatalities), 0) FROM events
    WHERE admin1 IS NOT NULL GROUP BY admin1;
INSERT INTO event_counts (dim, key, events, fatalities)
    SELECT 'actor', a, count(*), coalesce(sum(f), 0) FROM (
        SELECT actor1 AS a, fatalities AS f FROM events WHERE trim(actor1) <> ''
        UNION ALL
        SELECT actor2 AS a, fatalities AS f FROM events WHERE trim(actor2) <> ''
            AND (actor1 IS NULL OR trim(actor1) = '' OR actor2 <> actor1)
    ) AS main_actors GROUP BY a;
INSERT INTO doc_events (doc_id, n)
    SELECT doc_id, count(DISTINCT cluster_id) FROM reports
    WHERE cluster_id IS NOT NULL GROUP BY doc_id;
"#
    };
}
pub(crate) use rollup_backfill;

/// Migration 6, the same on both backends.
pub(crate) const SCHEMA_V6: &str = r#"
-- The dashboard's usual filter is a country: its statistics read the
-- columns they tally from this index instead of one table row per event.
CREATE INDEX IF NOT EXISTS events_country_stats ON events (country_lc, week, event_type,
    sub_event_type, country, admin1, actor1, actor2, fatalities, doc_ids);
"#;
