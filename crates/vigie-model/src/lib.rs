//! Types shared by every stage of the pipeline.
//!
//! Nothing here does I/O or analysis: a stage takes these types in and gives
//! these types out, so stages can be tested alone and run in parallel.

mod date;
mod document;
mod event;

pub use date::{DateInterval, Precision};
pub use document::{Document, Lang};
pub use event::{ActorRef, Event, Evidence, FieldEvidence, Location};

use serde::{Deserialize, Serialize};

/// A byte range into a document's text. `start..end` always lies on UTF-8
/// character boundaries of the text it was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The slice of `text` this span covers.
    ///
    /// Returns an empty string if the span does not fit `text` (a span from
    /// another text) rather than panicking.
    // Inlined across crates: every stage slices tokens with it.
    #[inline]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span that covers both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}
