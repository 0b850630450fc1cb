use std::fmt;

/// Why a store operation failed. Every variant leaves the database as it was
/// before the failing transaction: callers may simply rerun.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL given to `--db` (or `$VIGIE_DB`) is not one vigie understands.
    #[error("unsupported database URL {0:?} (use a file path, sqlite://PATH or postgres://...)")]
    BadUrl(String),
    /// The database was written by a newer vigie; this one refuses to touch it.
    #[error("database schema version {found} is newer than this vigie understands ({supported}); upgrade vigie")]
    NewerSchema { found: i64, supported: i64 },
    /// The file exists but is not a vigie database (or is damaged).
    #[error("database is corrupt or not a vigie database: {0}")]
    Corrupt(String),
    /// Another process holds a lock longer than the busy timeout.
    #[error("database is locked by another process (retry when it has finished): {0}")]
    Locked(String),
    /// The disk (or the database quota) is full.
    #[error("disk full while writing the database; nothing from this batch was stored: {0}")]
    Full(String),
    /// The PostgreSQL server could not be reached or the connection dropped.
    #[error("lost the connection to PostgreSQL; nothing from this batch was stored: {0}")]
    Connection(String),
    /// A query argument is invalid (bad date, bad bbox...).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("SQLite: {0}")]
    Sqlite(String),
    #[error("PostgreSQL: {0}")]
    Postgres(String),
    #[error("stored record could not be decoded: {0}")]
    Decode(String),
    #[error("I/O: {0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            return match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    StoreError::Locked(e.to_string())
                }
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    StoreError::Corrupt(e.to_string())
                }
                ErrorCode::DiskFull => StoreError::Full(e.to_string()),
                ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::SystemIoFailure => {
                    StoreError::Io(e.to_string())
                }
                _ => StoreError::Sqlite(e.to_string()),
            };
        }
        StoreError::Sqlite(e.to_string())
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        if e.is_closed() {
            return StoreError::Connection(e.to_string());
        }
        if let Some(db) = e.as_db_error() {
            let code = db.code().code();
            // Class 53: insufficient resources (disk full, out of memory).
            if code.starts_with("53") {
                return StoreError::Full(db.to_string());
            }
            // Class 08: connection exception; 57P01..03: server shutting down.
            if code.starts_with("08") || code.starts_with("57P") {
                return StoreError::Connection(db.to_string());
            }
            return StoreError::Postgres(db.to_string());
        }
        // No server error and not closed: the socket failed (refused, reset).
        let text = error_chain(&e);
        if text.contains("connect") || text.contains("connection") || text.contains("broken pipe") {
            return StoreError::Connection(text);
        }
        StoreError::Postgres(text)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let _ = fmt::Write::write_fmt(&mut s, format_args!(": {c}"));
        cur = c.source();
    }
    s
}
