//! RSS 2.0 and Atom feeds (parsed with feed-rs): every item is a document.

use crate::blocks::{fragment_paragraphs, inline_text};
use crate::dates::{parse_date, DateParse};
use feed_rs::model::{Entry, Text};
use vigie_model::{DateInterval, Document, Lang};

/// Marks an item without a guid, so that its link can be used instead of
/// feed-rs's generated hash.
const NO_ID: &str = "\u{0}vigie:no-id";

/// One item's outcome; errors carry the item's origin (`path:line`).
pub(crate) type ItemResult = Result<Document, (String, String)>;

/// Reads a feed. `Err` when the XML is not a feed at all or is broken
/// beyond what the parser recovers.
pub(crate) fn read_feed(src: &str, stem: &str, origin: &str) -> Result<Vec<ItemResult>, String> {
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| NO_ID.to_string())
        .sanitize_content(false)
        .build();
    // The XML parser has panicked on hostile input before; a panic in it
    // must cost this file only, not the batch.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parser.parse(src.as_bytes())
    }))
    .map_err(|_| "the feed parser failed on this file".to_string())?;
    let feed = parsed.map_err(|e| format!("not a readable RSS/Atom feed: {e}"))?;
    let raw = raw_items(src);
    // Raw positions are used only when they line up with what the parser
    // saw; otherwise items are numbered instead.
    let raw = (raw.len() == feed.entries.len()).then_some(raw);
    let feed_lang = feed
        .language
        .as_deref()
        .and_then(|l| l.parse::<Lang>().ok());
    let source = feed.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.iter().enumerate() {
        let item = raw.as_ref().map(|r| &r[i]);
        let item_origin = match item {
            Some(r) => format!("{origin}:{}", r.line),
            None => format!("{origin}#{}", i + 1),
        };
        let r = item_document(entry, item, stem, i, &item_origin)
            .map(|mut d| {
                d.lang = d.lang.or(feed_lang);
                d.source = source.clone();
                d
            })
            .map_err(|m| (item_origin, m));
        out.push(r);
    }
    if out.is_empty() {
        return Err("feed has no items".into());
    }
    Ok(out)
}

fn item_document(
    entry: &Entry,
    raw: Option<&RawItem>,
    stem: &str,
    index: usize,
    origin: &str,
) -> Result<Document, String> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let id = if entry.id != NO_ID && !entry.id.trim().is_empty() {
        entry.id.trim().to_string()
    } else if let Some(l) = &link {
        l.clone()
    } else {
        format!("{stem}#{}", index + 1)
    };
    let title = entry.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let mut paras = match entry.content.as_ref().and_then(|c| c.body.as_deref()) {
        Some(body) if !body.trim().is_empty() => {
            crate::depth::check(body)?;
            fragment_paragraphs(body)
        }
        _ => match &entry.summary {
            Some(s)
                if s.content_type.to_string().contains("html") || looks_like_html(&s.content) =>
            {
                crate::depth::check(&s.content)?;
                fragment_paragraphs(&s.content)
            }
            Some(s) => s
                .content
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect(),
            None => Vec::new(),
        },
    };
    if paras.is_empty() {
        return Err(format!("item {id:?} has no content or description"));
    }
    // The headline opens the text, as in a plain-text report.
    if let Some(t) = &title {
        if paras.first() != Some(t) {
            paras.insert(0, t.clone());
        }
    }
    let published = match raw.and_then(|r| r.date.as_deref()) {
        Some(d) => match parse_date(d) {
            DateParse::Valid(d) => Some(d),
            DateParse::Impossible => return Err(format!("date {d:?} is not a date that exists")),
            DateParse::Unrecognised => None,
        },
        None => None,
    }
    .or_else(|| {
        entry
            .published
            .or(entry.updated)
            .map(|d| DateInterval::day(d.date_naive()))
    });
    let mut doc = Document::new(id, paras.join("\n\n"));
    doc.origin = origin.to_string();
    doc.published = published;
    doc.title = title;
    doc.url = link;
    doc.lang = entry.language.as_deref().and_then(|l| l.parse().ok());
    Ok(doc)
}

fn text_of(t: &Text) -> String {
    let html = t.content_type.to_string().contains("html") || looks_like_html(&t.content);
    if html && crate::depth::check(&t.content).is_ok() {
        inline_text(&t.content)
    } else {
        t.content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn looks_like_html(s: &str) -> bool {
    s.contains("</") || s.contains("<p") || s.contains("<br")
}

/// Where an item starts in the source, and the date it carries as written
/// (feed-rs converts dates to UTC, which can move a late-evening report to
/// the next day, and silently drops dates that do not exist).
struct RawItem {
    line: usize,
    date: Option<String>,
}

fn raw_items(src: &str) -> Vec<RawItem> {
    let starts: Vec<usize> = tag_starts(src, "item")
        .into_iter()
        .chain(tag_starts(src, "entry"))
        .collect();
    let mut starts = starts;
    starts.sort_unstable();
    let mut out = Vec::with_capacity(starts.len());
    // Lines are counted from one item to the next, not from the top each
    // time (a feed of many items would be quadratic).
    let (mut line, mut counted_to) = (1, 0);
    for (k, &s) in starts.iter().enumerate() {
        line += src[counted_to..s].matches('\n').count();
        counted_to = s;
        let end = starts.get(k + 1).copied().unwrap_or(src.len());
        let body = &src[s..end];
        let date = ["pubDate", "published", "dc:date", "updated"]
            .iter()
            .find_map(|t| element_text(body, t));
        out.push(RawItem { line, date });
    }
    out
}

/// Byte offsets of `<name>` / `<name attr...>` opening tags.
fn tag_starts(src: &str, name: &str) -> Vec<usize> {
    let pat = format!("<{name}");
    let mut v = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find(&pat) {
        let at = from + i;
        let after = src[at + pat.len()..].chars().next();
        if after.is_some_and(|c| c == '>' || c.is_whitespace()) {
            v.push(at);
        }
        from = at + pat.len();
    }
    v
}

/// Text of the first `<name>...</name>` in `s`.
fn element_text(s: &str, name: &str) -> Option<String> {
    let open = tag_starts(s, name).into_iter().next()?;
    let gt = open + s[open..].find('>')? + 1;
    let close = gt + s[gt..].find(&format!("</{name}>"))?;
    let t = s[gt..close].trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Whether `src` is an RSS, RDF or Atom document, whatever its file name.
pub(crate) fn sniff_feed(src: &str) -> bool {
    let mut t = src.trim_start_matches('\u{feff}').trim_start();
    // Skip the XML declaration, processing instructions, comments and a
    // doctype before the root element.
    for _ in 0..16 {
        if let Some(rest) = t.strip_prefix("<?") {
            let Some(e) = rest.find("?>") else {
                return false;
            };
            t = rest[e + 2..].trim_start();
        } else if let Some(rest) = t.strip_prefix("<!--") {
            let Some(e) = rest.find("-->") else {
                return false;
            };
            t = rest[e + 3..].trim_start();
        } else if let Some(rest) = t.strip_prefix("<!") {
            let Some(e) = rest.find('>') else {
                return false;
            };
            t = rest[e + 1..].trim_start();
        } else {
            break;
        }
    }
    ["<rss", "<feed", "<rdf:RDF", "<RDF"].iter().any(|p| {
        t.starts_with(p) && t[p.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
    })
}
