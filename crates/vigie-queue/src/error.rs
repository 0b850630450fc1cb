/// Why a queue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("the queue needs a PostgreSQL database (postgres://...), not {0:?}")]
    NotPostgres(String),
    #[error("PostgreSQL: {0}")]
    Db(#[from] postgres::Error),
    #[error(transparent)]
    Store(#[from] vigie_store::StoreError),
    #[error("queue schema version {found} is newer than this vigie understands ({supported}); upgrade vigie")]
    NewerSchema { found: i64, supported: i64 },
    #[error("{path}:{line}: {message}")]
    FeedsFile {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("stored queue record could not be decoded: {0}")]
    Decode(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, QueueError>;
