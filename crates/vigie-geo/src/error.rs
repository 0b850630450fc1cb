use std::path::PathBuf;

/// Everything that can go wrong while loading or extending the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// A data file line that does not parse; `file` is the data file's name.
    #[error("{file}:{line}: {msg}")]
    Data {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("download {url}: {msg}")]
    Download { url: String, msg: String },
    #[error("{path}: not a GeoNames file I know ({msg})")]
    UnknownFormat { path: PathBuf, msg: String },
}

impl GeoError {
    pub(crate) fn data(file: &str, line: usize, msg: impl Into<String>) -> Self {
        GeoError::Data {
            file: file.to_string(),
            line,
            msg: msg.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        GeoError::Io {
            path: path.into(),
            source,
        }
    }
}
