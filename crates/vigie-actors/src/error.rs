//! Errors of loading the dictionaries.

/// Why a dictionary could not be loaded. A bad line names its file and line.
#[derive(Debug, thiserror::Error)]
pub enum ActorError {
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("building the phrase matcher: {0}")]
    Matcher(String),
}

pub(crate) fn data_err(file: &str, line: usize, message: impl Into<String>) -> ActorError {
    ActorError::Data {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}
