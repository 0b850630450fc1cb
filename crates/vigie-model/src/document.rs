use crate::DateInterval;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language vigie has rules for, or `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
    Other,
}

impl Lang {
    /// ISO 639-1 code; `und` (undetermined, ISO 639-2) for other languages.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Other => "und",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Accepts ISO codes and names (`fr`, `fra`, `fre`, `french`, `fr-FR`...).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let l = s.trim().to_ascii_lowercase();
        let base = l.split(['-', '_']).next().unwrap_or("");
        match base {
            "fr" | "fra" | "fre" | "french" | "francais" | "français" => Ok(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Ok(Lang::En),
            "" => Err("empty language code".into()),
            _ if base.len() <= 3 || base.chars().all(|c| c.is_alphabetic()) => Ok(Lang::Other),
            _ => Err(format!("not a language code: {s:?}")),
        }
    }
}

/// One news report, as read from any input format.
///
/// `text` is the article body as vigie will analyse it; every span elsewhere
/// in the pipeline is a byte range into this string, which is never rewritten
/// after reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// Publication date as an interval (a month-only header is a month).
    pub published: Option<DateInterval>,
    /// Language given by the input (JSONL `lang`, HTML `lang`); detection
    /// fills `Analysis::lang` when this is `None`.
    pub lang: Option<Lang>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The outlet or feed it came from.
    pub source: Option<String>,
    /// Where it was read from: `path`, or `path:line` for JSON Lines.
    pub origin: String,
}

/// Longest text that can still be an event record (see [`Document::is_record`]).
const RECORD_MAX_BYTES: usize = 1000;

impl Document {
    /// An event record rather than a news story: no title, no address, one
    /// paragraph of at most 1000 bytes (an incident log entry, an ACLED-style
    /// note). Such records are stamped with the date of the event they
    /// describe, where a story is published after it.
    pub fn is_record(&self) -> bool {
        let text = self.text.trim();
        self.title.is_none()
            && self.url.is_none()
            && text.len() <= RECORD_MAX_BYTES
            && !text.contains('\n')
    }

    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            published: None,
            lang: None,
            title: None,
            url: None,
            source: None,
            origin: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn a_short_untitled_paragraph_is_a_record() {
        let d = Document::new("n", "On 3 May, gunmen abducted two traders near Djibo.\n");
        assert!(d.is_record());
    }

    #[test]
    fn a_story_is_not_a_record() {
        let mut titled = Document::new("t", "Gunmen abducted two traders near Djibo.");
        titled.title = Some("Traders abducted".into());
        assert!(!titled.is_record());
        let mut linked = Document::new("u", "Gunmen abducted two traders near Djibo.");
        linked.url = Some("https://example.org/a".into());
        assert!(!linked.is_record());
        let paragraphs = Document::new("p", "Gunmen abducted two traders.\n\nThe army said.");
        assert!(!paragraphs.is_record());
        let long = Document::new("l", "Gunmen abducted two traders. ".repeat(40));
        assert!(!long.is_record());
    }
}
