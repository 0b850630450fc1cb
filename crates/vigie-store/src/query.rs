//! Builds the WHERE clause of event queries for either SQL dialect. User
//! values never enter the SQL text: each becomes a bound parameter and the
//! SQL only holds its placeholder.

use crate::types::{EventQuery, SortKey};

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

pub(crate) struct Where {
    pub sql: String,
    pub params: Vec<Param>,
}

impl Dialect {
    fn ph(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }
}

struct Builder {
    d: Dialect,
    conds: Vec<String>,
    params: Vec<Param>,
}

impl Builder {
    fn bind(&mut self, p: Param) -> String {
        self.params.push(p);
        self.d.ph(self.params.len())
    }
}

/// Turns free text into an FTS5 query that matches all its words, each
/// quoted so that FTS5 operators in user input are plain words.
pub(crate) fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

fn like_pattern(s: &str) -> String {
    let mut p = String::from("%");
    for c in s.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

pub(crate) fn day(d: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    d.num_days_from_ce() as i64
}

/// WHERE clause over `events e` (without the keyword; `1=1` when empty).
pub(crate) fn where_clause(q: &EventQuery, d: Dialect) -> Where {
    where_with(q, d, false)
}

/// [`where_clause`] for a sorted page of a large selection: filters other
/// than dates are only tested (SQLite's unary `+` keeps the planner from
/// using their indexes), so the query walks the sort key's index and stops
/// at the end of the page instead of sorting the whole selection. Dates
/// stay indexable: they bound the walk when sorting by date. PostgreSQL's
/// planner weighs indexes by itself; only the box and the actor become
/// plain tests there (the GiST index and the actor's rows cannot stop
/// early).
pub(crate) fn where_walking(q: &EventQuery, d: Dialect) -> Where {
    where_with(q, d, true)
}

/// How to count the events of a query.
pub(crate) enum Count {
    /// This `SELECT count(*)`.
    Sql(Where),
    /// The events of the actors whose lower-case name is LIKE this pattern
    /// (the only filter).
    Actor(String),
}

/// The actors whose lower-case names match a LIKE pattern (`?1`).
pub(crate) const ACTOR_NAMES: &str = "SELECT name FROM actors WHERE name_lc LIKE ?1 ESCAPE '\\'";

/// How to count the events `q` selects. A box alone (SQLite) or an actor
/// alone is counted from its own index, without reading events.
pub(crate) fn count_query(q: &EventQuery, d: Dialect) -> Count {
    let filters = EventQuery {
        sort: Default::default(),
        descending: false,
        limit: None,
        offset: 0,
        ..q.clone()
    };
    let mut b = Builder {
        d,
        conds: vec![],
        params: vec![],
    };
    if let (Some(bb), true) = (
        q.bbox,
        d == Dialect::Sqlite
            && EventQuery {
                bbox: None,
                ..filters.clone()
            } == EventQuery::default(),
    ) {
        let p = bbox_params(&mut b, &bb);
        return Count::Sql(Where {
            sql: format!("SELECT count(*) FROM events_rtree WHERE {}", rtree_test(&p)),
            params: b.params,
        });
    }
    let actor = q
        .actor
        .as_deref()
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    if let (Some(a), true) = (
        actor,
        EventQuery {
            actor: None,
            ..filters
        } == EventQuery::default(),
    ) {
        return Count::Actor(like_pattern(&a));
    }
    let w = where_clause(q, d);
    Count::Sql(Where {
        sql: format!("SELECT count(*) FROM events e WHERE {}", w.sql),
        params: w.params,
    })
}

fn bbox_params(b: &mut Builder, bb: &crate::types::BBox) -> Vec<String> {
    [bb.min_lon, bb.min_lat, bb.max_lon, bb.max_lat]
        .into_iter()
        .map(|v| b.bind(Param::Real(Some(v))))
        .collect()
}

/// The box test on the R*Tree. Its bounds are the coordinates rounded
/// outwards to 32 bits: a point whose bounds lie inside the box is inside;
/// only the few whose bounds straddle an edge need the exact coordinates,
/// which the R*Tree keeps in a side table (read only for those, because
/// SQLite stops at the first true term of an OR).
fn rtree_test(p: &[String]) -> String {
    format!(
        "max_lon >= {0} AND min_lon <= {2} AND max_lat >= {1} AND min_lat <= {3} \
         AND ((min_lon >= {0} AND max_lon <= {2} AND min_lat >= {1} AND max_lat <= {3}) \
         OR (lon BETWEEN {0} AND {2} AND lat BETWEEN {1} AND {3}))",
        p[0], p[1], p[2], p[3]
    )
}

fn where_with(q: &EventQuery, d: Dialect, walk: bool) -> Where {
    let plus = if walk && d == Dialect::Sqlite {
        "+"
    } else {
        ""
    };
    let sqlite_walk = !plus.is_empty();
    let mut b = Builder {
        d,
        conds: vec![],
        params: vec![],
    };
    let norm = |s: &Option<String>| {
        s.as_deref()
            .map(|x| x.trim().to_lowercase())
            .filter(|x| !x.is_empty())
    };
    if let Some(c) = norm(&q.country) {
        if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            let p = b.bind(Param::Text(Some(c.to_uppercase())));
            b.conds.push(format!("{plus}e.iso3 = {p}"));
        } else {
            let p = b.bind(Param::Text(Some(c)));
            b.conds.push(format!("{plus}e.country_lc = {p}"));
        }
    }
    for (val, col) in [
        (norm(&q.admin1), "e.admin1_lc"),
        (norm(&q.admin2), "e.admin2_lc"),
        (norm(&q.event_type), "e.type_lc"),
        (norm(&q.sub_event_type), "e.sub_lc"),
        (norm(&q.disorder_type), "e.disorder_lc"),
    ] {
        if let Some(v) = val {
            let p = b.bind(Param::Text(Some(v)));
            b.conds.push(format!("{plus}{col} = {p}"));
        }
    }
    if let Some(f) = q.from {
        let p = b.bind(Param::Int(Some(day(f))));
        b.conds.push(format!("e.day >= {p}"));
    }
    if let Some(t) = q.to {
        let p = b.bind(Param::Int(Some(day(t))));
        b.conds.push(format!("e.day <= {p}"));
    }
    if let Some(m) = q.min_fatalities {
        let p = b.bind(Param::Int(Some(m as i64)));
        b.conds.push(format!("{plus}e.fatalities >= {p}"));
    }
    if let Some(a) = norm(&q.actor) {
        let p = b.bind(Param::Text(Some(like_pattern(&a))));
        let names = format!("(SELECT name FROM actors WHERE name_lc LIKE {p} ESCAPE '\\')");
        b.conds.push(if sqlite_walk {
            // Tested per walked event: no set of every event of the actor.
            format!(
                "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.event_id \
                 AND ea.actor IN {names})"
            )
        } else if walk {
            // PostgreSQL turns EXISTS into a join over every event of the
            // actor; a scalar subquery stays a test per walked event.
            format!(
                "(SELECT count(*) FROM event_actors ea WHERE ea.event_id = e.event_id \
                 AND ea.actor IN {names}) > 0"
            )
        } else {
            // The matching names come from the small actors table, their
            // events from the actor's key range.
            format!("e.rid IN (SELECT ea.event_rid FROM event_actors ea WHERE ea.actor IN {names})")
        });
    }
    if let Some(doc) = q.doc_id.as_deref() {
        let p = b.bind(Param::Text(Some(doc.to_string())));
        b.conds.push(format!(
            "e.event_id IN (SELECT r.cluster_id FROM reports r WHERE r.doc_id = {p})"
        ));
    }
    if let Some(bb) = q.bbox {
        let p = bbox_params(&mut b, &bb);
        b.conds.push(match d {
            // Tested on the walked event's own coordinates.
            _ if walk => format!(
                "e.longitude BETWEEN {0} AND {2} AND e.latitude BETWEEN {1} AND {3}",
                p[0], p[1], p[2], p[3]
            ),
            Dialect::Sqlite => format!(
                "e.rid IN (SELECT id FROM events_rtree WHERE {})",
                rtree_test(&p)
            ),
            Dialect::Postgres => format!(
                "point(e.longitude, e.latitude) <@ box(point({}, {}), point({}, {}))",
                p[0], p[1], p[2], p[3]
            ),
        });
    }
    if let Some(t) = q.text.as_deref() {
        match d {
            Dialect::Sqlite => match fts5_query(t) {
                Some(fq) => {
                    let p = b.bind(Param::Text(Some(fq)));
                    b.conds.push(format!(
                        // Checked per candidate event with the full-text
                        // index restricted to the row (FTS5 seeks by rowid):
                        // a common word no longer means collecting every
                        // matching report first.
                        "EXISTS (SELECT 1 FROM reports r WHERE r.cluster_id = e.event_id AND \
                         (EXISTS (SELECT 1 FROM reports_fts WHERE reports_fts MATCH {p} \
                         AND reports_fts.rowid = r.rid) \
                         OR EXISTS (SELECT 1 FROM documents dd JOIN documents_fts \
                         ON documents_fts.rowid = dd.rid WHERE dd.id = r.doc_id \
                         AND documents_fts MATCH {p})))"
                    ));
                }
                None => b.conds.push("1=0".into()),
            },
            Dialect::Postgres => {
                let p = b.bind(Param::Text(Some(t.to_string())));
                b.conds.push(format!(
                    "e.event_id IN (SELECT r.cluster_id FROM reports r WHERE \
                     r.tsv @@ plainto_tsquery('simple', {p}) UNION SELECT r.cluster_id \
                     FROM reports r WHERE r.doc_id IN (SELECT dd.id FROM documents dd \
                     WHERE dd.tsv @@ plainto_tsquery('simple', {p})))"
                ));
            }
        }
    }
    Where {
        sql: if b.conds.is_empty() {
            "1=1".into()
        } else {
            b.conds.join(" AND ")
        },
        params: b.params,
    }
}

/// ORDER BY and LIMIT/OFFSET (numbers from typed fields, not user text).
pub(crate) fn order_limit(q: &EventQuery, d: Dialect) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    let key = match q.sort {
        SortKey::Date => format!("e.day {dir}, e.event_id {dir}"),
        SortKey::Fatalities => format!("e.fatalities {dir}, e.day {dir}, e.event_id {dir}"),
        SortKey::Country => format!("e.country_lc {dir}, e.day {dir}, e.event_id {dir}"),
        SortKey::EventType => format!("e.type_lc {dir}, e.day {dir}, e.event_id {dir}"),
        SortKey::Sources => format!("e.n_sources {dir}, e.day {dir}, e.event_id {dir}"),
    };
    let mut s = format!(" ORDER BY {key}");
    if let Some(l) = q.limit {
        s.push_str(&format!(" LIMIT {}", l.min(i64::MAX as u64)));
    } else if q.offset > 0 && d == Dialect::Sqlite {
        s.push_str(" LIMIT -1");
    }
    if q.offset > 0 {
        s.push_str(&format!(" OFFSET {}", q.offset.min(i64::MAX as u64)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_never_enters_sql() {
        let q = EventQuery {
            country: Some("Mali'; DROP TABLE events; --".into()),
            actor: Some("x' OR 1=1".into()),
            text: Some("\" OR NEAR(".into()),
            ..Default::default()
        };
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            let w = where_clause(&q, d);
            assert!(!w.sql.contains("DROP"), "{}", w.sql);
            assert!(!w.sql.contains("OR 1=1"), "{}", w.sql);
            assert_eq!(w.params.len(), 3);
        }
    }

    #[test]
    fn fts_words_are_quoted() {
        assert_eq!(
            fts5_query("Bourem AND x").unwrap(),
            "\"Bourem\" \"AND\" \"x\""
        );
        assert_eq!(fts5_query(" ,; "), None);
    }
}
