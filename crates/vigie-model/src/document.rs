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

impl Document {
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
