//! HTML article pages: the article text without page furniture, its title,
//! language, canonical URL, site name and publication date.

use crate::blocks::{is_boilerplate, Collector};
use crate::dates::{parse_date, DateParse};
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;
use vigie_model::{DateInterval, Document, Lang};

fn sel(s: &str) -> Selector {
    // The selectors are literals of this file; a typo is caught by the tests.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("no-such-element").expect("valid"))
}

/// Reads one article page.
pub(crate) fn read_html(id: &str, src: &str, origin: &str) -> Result<Document, String> {
    let page = Html::parse_document(src);
    let body = body_text(&page);
    if body.trim().is_empty() {
        return Err("no article text found in the HTML page".into());
    }
    let published = published(&page)?;
    let headline = headline(&page);
    let title = meta(&page, &["og:title", "twitter:title"])
        .or_else(|| headline.clone())
        .or_else(|| first_text(&page, "title").map(|t| longest_part(&t)));
    // The headline opens the text, as in a plain-text report, so that the
    // facts it states are analysed with the rest.
    let text = match &headline {
        Some(h) if !body.starts_with(h.as_str()) => format!("{h}\n\n{body}"),
        _ => body,
    };
    let mut doc = Document::new(id, text);
    doc.origin = origin.to_string();
    doc.published = published;
    doc.title = title;
    doc.lang = lang(&page);
    doc.url = page
        .select(&sel("link[rel~=canonical][href]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| meta(&page, &["og:url"]));
    doc.source = meta(&page, &["og:site_name", "application-name"]);
    Ok(doc)
}

/// Content of the first `<meta>` whose `property`, `name` or `itemprop` is
/// one of `keys` (case-insensitive).
fn meta(page: &Html, keys: &[&str]) -> Option<String> {
    let metas: Vec<ElementRef> = page.select(&sel("meta[content]")).collect();
    for key in keys {
        for m in &metas {
            let v = m.value();
            let named = ["property", "name", "itemprop", "http-equiv"]
                .iter()
                .filter_map(|a| v.attr(a))
                .any(|n| n.trim().eq_ignore_ascii_case(key));
            if named {
                let c = v.attr("content").unwrap_or("").trim();
                if !c.is_empty() {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_text(page: &Html, selector: &str) -> Option<String> {
    page.select(&sel(selector))
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// The article's headline: an `<h1>` (or a heading marked as the headline)
/// that is not page furniture and that the page `<title>` repeats; a site
/// name set as `<h1>` in the header is not a headline.
fn headline(page: &Html) -> Option<String> {
    let page_title = first_text(page, "title").map(|t| longest_part(&t));
    let candidates: Vec<String> = page
        .select(&sel("h1, [itemprop=headline], h2[class*=title]"))
        .filter(|h| !inside_boilerplate(h) && !is_boilerplate(h))
        .map(|h| collapse(&h.text().collect::<String>()))
        .filter(|t| t.split_whitespace().count() >= 3)
        .collect();
    match page_title {
        Some(pt) => candidates
            .into_iter()
            .find(|h| pt.contains(h.as_str()) || h.contains(pt.as_str())),
        None => candidates.into_iter().next(),
    }
}

/// The longest part of a page title cut at its separators: "Attaque à
/// Léré | Journal du Mali" -> "Attaque à Léré".
fn longest_part(t: &str) -> String {
    let mut parts = vec![t];
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .max_by_key(|p| p.chars().count())
        .unwrap_or(t)
        .trim()
        .to_string()
}

fn lang(page: &Html) -> Option<Lang> {
    let declared = page
        .select(&sel("html[lang]"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .map(str::to_string)
        .or_else(|| meta(page, &["og:locale", "content-language", "language"]))?;
    declared.parse().ok()
}

/// The publication date, from the first metadata that has one:
/// `article:published_time`, `itemprop=datePublished`, JSON-LD
/// `datePublished`, Dublin Core and similar `<meta>`, then `<time datetime>`.
/// A date that is written but does not exist is an error.
fn published(page: &Html) -> Result<Option<DateInterval>, String> {
    let mut found: Vec<(&str, String)> = Vec::new();
    if let Some(d) = meta(page, &["article:published_time", "datePublished"]) {
        found.push(("article:published_time", d));
    }
    for e in page.select(&sel("[itemprop=datePublished]")) {
        if let Some(d) = e.value().attr("datetime").or(e.value().attr("content")) {
            found.push(("itemprop=datePublished", d.to_string()));
        }
    }
    if let Some(d) = json_ld_date(page) {
        found.push(("JSON-LD datePublished", d));
    }
    if let Some(d) = meta(
        page,
        &[
            "DC.date.issued",
            "dcterms.issued",
            "DC.date",
            "dcterms.date",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "parsely-pub-date",
            "sailthru.date",
            "og:published_time",
        ],
    ) {
        found.push(("meta date", d));
    }
    let times: Vec<ElementRef> = page.select(&sel("time[datetime]")).collect();
    // A <time> inside the article is its date; one in a sidebar is another
    // story's.
    if let Some(t) = times
        .iter()
        .find(|t| t.value().attr("pubdate").is_some())
        .or_else(|| times.iter().find(|t| !inside_boilerplate(t)))
    {
        if let Some(d) = t.value().attr("datetime") {
            found.push(("<time datetime>", d.to_string()));
        }
    }
    for (what, raw) in found {
        match parse_date(&raw) {
            DateParse::Valid(d) => return Ok(Some(d)),
            DateParse::Impossible => {
                return Err(format!("{what} {raw:?} is not a date that exists"))
            }
            DateParse::Unrecognised => continue,
        }
    }
    Ok(None)
}

fn inside_boilerplate(e: &ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() != "body" && a.value().name() != "html" && is_boilerplate(&a))
}

/// `datePublished` from JSON-LD blocks (also inside `@graph` and arrays);
/// malformed JSON-LD is ignored like any other broken metadata.
fn json_ld_date(page: &Html) -> Option<String> {
    fn find(v: &serde_json::Value, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(s)) = m.get("datePublished") {
                    return Some(s.clone());
                }
                m.values().find_map(|x| find(x, depth + 1))
            }
            serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, depth + 1)),
            _ => None,
        }
    }
    page.select(&sel("script[type='application/ld+json']"))
        .filter_map(|s| serde_json::from_str(&s.text().collect::<String>()).ok())
        .find_map(|v| find(&v, 0))
}

/// The article text: paragraphs of the element that holds most of the
/// page's prose, furniture removed.
fn body_text(page: &Html) -> String {
    if let Some(root) = best_container(page) {
        let mut c = Collector::new(true);
        c.walk(root);
        let paras = c.finish();
        if !paras.is_empty() {
            return paras.join("\n\n");
        }
    }
    // No paragraph structure: take the whole body, first without furniture
    // by class name, then (for pages that mark everything as furniture)
    // without furniture tags only.
    let Some(body) = page.select(&sel("body")).next() else {
        return String::new();
    };
    for strict in [true, false] {
        let mut c = Collector::new(strict);
        c.walk(body);
        let paras = c.finish();
        if !paras.is_empty() {
            return paras.join("\n\n");
        }
    }
    String::new()
}

/// Scores each element by the prose of the paragraphs it holds (a
/// paragraph counts fully for its parent and half for its grandparent, link
/// text does not count) and returns the best one; `<article>`, `<main>` and
/// `itemprop=articleBody` get a bonus.
fn best_container(page: &Html) -> Option<ElementRef<'_>> {
    let mut scores = HashMap::new();
    let links = sel("a");
    for p in page.select(&sel("p, pre, blockquote")) {
        if inside_boilerplate(&p) || is_boilerplate(&p) {
            continue;
        }
        let text: usize = p.text().map(|t| t.trim().chars().count()).sum();
        let link: usize = p
            .select(&links)
            .flat_map(|a| a.text())
            .map(|t| t.trim().chars().count())
            .sum();
        let prose = text.saturating_sub(link);
        if prose < 25 {
            continue;
        }
        let score = 1.0 + prose as f64 / 100.0 + commas(&p) as f64;
        let mut weight = 1.0;
        for a in p.ancestors().filter_map(ElementRef::wrap).take(2) {
            let e = scores.entry(a.id()).or_insert((0.0, a));
            e.0 += score * weight;
            weight /= 2.0;
        }
    }
    scores
        .into_values()
        .map(|(s, e)| {
            let v = e.value();
            let bonus = match v.name() {
                "article" | "main" => 1.25,
                _ if v.attr("itemprop") == Some("articleBody") => 1.5,
                _ => 1.0,
            };
            (s * bonus, e)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| widen(e))
}

fn commas(p: &ElementRef<'_>) -> usize {
    p.text()
        .map(|t| t.matches(',').count())
        .sum::<usize>()
        .min(10)
}

/// The best-scoring element may be one of several sibling blocks of the
/// article (a lead paragraph and a body, say): when its parent is an
/// article element or holds the headline, the parent is the article.
fn widen(e: ElementRef<'_>) -> ElementRef<'_> {
    if let Some(parent) = e.parent().and_then(ElementRef::wrap) {
        let name = parent.value().name();
        if name == "article" || parent.value().attr("itemprop") == Some("articleBody") {
            return parent;
        }
    }
    e
}
