//! Test support (hidden): a fresh PostgreSQL schema per test on the server
//! named by `VIGIE_TEST_PG`, dropped at the end, so tests sharing the server
//! do not see each other.

use std::sync::atomic::{AtomicUsize, Ordering};

/// A schema that is dropped when this goes out of scope.
pub struct TestSchema {
    base: String,
    pub name: String,
    /// `VIGIE_TEST_PG` with `search_path` set to the schema.
    pub url: String,
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A fresh schema, or `None` (with a printed note) when `VIGIE_TEST_PG` is
/// unset outside CI. Panics when `CI` is set and `VIGIE_TEST_PG` is not: CI
/// must not silently skip.
pub fn fresh_schema(tag: &str) -> Option<TestSchema> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let base = match std::env::var("VIGIE_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => u.trim().to_string(),
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!("CI is set but VIGIE_TEST_PG is not: PostgreSQL tests cannot run");
            }
            eprintln!("note: VIGIE_TEST_PG is not set; PostgreSQL queue test {tag} skipped");
            return None;
        }
    };
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = format!("q_{}_{}_{}", tag, std::process::id(), n).to_lowercase();
    let mut c = postgres::Client::connect(&base, postgres::NoTls).expect("connect VIGIE_TEST_PG");
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name};"
    ))
    .expect("create test schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
    Some(TestSchema { base, name, url })
}
