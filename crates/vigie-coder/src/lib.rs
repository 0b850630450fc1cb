//! Event coding: turns a document into ACLED-style events.
//!
//! Entry point: [`Coder::new`] loads and validates the rule packs (and the
//! gazetteer and actor dictionaries); [`Coder::extract`] codes one document.
//! `Coder` is `Sync`: share one across threads.

use vigie_model::{DateInterval, Document, Event, Lang};

/// Why the coder could not start (a bad rule file names its line).
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error("{file}:{line}: {message}")]
    Rule {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// Per-run options.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Overrides the document's publication date.
    pub published: Option<DateInterval>,
    /// Overrides the document's language.
    pub lang: Option<Lang>,
}

/// Version of the extraction (rules + code); stored with events so that
/// `vigie recode` can tell what changed.
pub const EXTRACTION_VERSION: &str = concat!("vigie-", env!("CARGO_PKG_VERSION"), "+rules-1");

pub struct Coder {}

impl Coder {
    pub fn new() -> Result<Coder, CoderError> {
        Ok(Coder {})
    }

    /// The events of one document, in text order, with stable ids.
    pub fn extract(&self, _doc: &Document, _opts: &ExtractOptions) -> Vec<Event> {
        Vec::new()
    }
}
