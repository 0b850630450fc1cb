//! HTML to paragraphs of text: block elements become paragraphs, inline
//! text is joined with single spaces, and boilerplate subtrees (menus,
//! scripts, share buttons, comments, cookie banners, related links) are
//! skipped.

use scraper::node::Node;
use scraper::ElementRef;

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "option",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "video",
    "audio",
    "figure",
    "figcaption",
    "dialog",
    "menu",
    "input",
    "textarea",
    "label",
    "head",
    "title",
    "link",
    "meta",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "br",
    "address",
    "body",
    "center",
];

/// Words in a `class` or `id` that mark page furniture rather than the
/// article. Matched against the dash/underscore-separated parts of each
/// class name, so "comment" does not hit "commentary-body".
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "ads",
    "ad",
    "advertisement",
    "sponsored",
    "banner",
    "popup",
    "modal",
    "widget",
    "tags",
    "tagcloud",
    "pagination",
    "pager",
    "skip",
    "masthead",
    "byline-social",
    "outbrain",
    "taboola",
    "recommended",
    "readmore",
    "read-more",
    "also",
    "trending",
    "popular",
    "signup",
    "login",
    "paywall",
    "caption",
    "credit",
    "toolbar",
    "hidden",
    "visually",
    "sr",
    "meta",
    "byline",
    "author",
    "bio",
];

/// Whether an element is page furniture by its tag, role, class or id.
pub(crate) fn is_boilerplate(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = v.attr("role") {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alert" | "menu"
        ) {
            return true;
        }
    }
    let names = v.attr("class").into_iter().chain(v.attr("id"));
    for name in names {
        for class in name.split_whitespace() {
            let class = class.to_ascii_lowercase();
            if BOILERPLATE_WORDS.contains(&class.as_str())
                || class
                    .split(['-', '_'])
                    .any(|part| BOILERPLATE_WORDS.contains(&part))
            {
                return true;
            }
        }
    }
    false
}

/// One paragraph being collected: its text and how much of it is link text.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
}

pub(crate) struct Collector {
    /// Skip furniture by class/id (pages); feed content is trusted more.
    pub skip_boilerplate: bool,
    paras: Vec<String>,
    cur: Para,
    in_link: usize,
    in_pre: usize,
}

impl Collector {
    pub fn new(skip_boilerplate: bool) -> Self {
        Collector {
            skip_boilerplate,
            paras: Vec::new(),
            cur: Para::default(),
            in_link: 0,
            in_pre: 0,
        }
    }

    /// Paragraphs collected so far.
    pub fn finish(mut self) -> Vec<String> {
        self.flush();
        self.paras
    }

    fn flush(&mut self) {
        let p = std::mem::take(&mut self.cur);
        let text = p.text.trim();
        if text.is_empty() {
            return;
        }
        let chars = text.chars().count();
        // A paragraph that is mostly link text is navigation or a "read
        // also" teaser, unless it is long enough to be prose with links.
        if self.skip_boilerplate && p.link_chars * 10 > chars * 6 && chars < 300 {
            return;
        }
        self.paras.push(text.to_string());
    }

    fn push_text(&mut self, s: &str) {
        let mut n = 0;
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                if self.in_pre > 0 && c == '\n' {
                    self.flush();
                    continue;
                }
                if !self.cur.text.is_empty() && !self.cur.text.ends_with(' ') {
                    self.cur.text.push(' ');
                }
            } else if !c.is_control() {
                self.cur.text.push(c);
                n += 1;
            }
        }
        if self.in_link > 0 {
            self.cur.link_chars += n;
        }
    }

    /// Walks `el` and its descendants in document order.
    pub fn walk(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(_) => {
                    let Some(ce) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.skip_boilerplate && is_boilerplate(&ce) {
                        continue;
                    }
                    if !self.skip_boilerplate && SKIP_TAGS.contains(&ce.value().name()) {
                        continue;
                    }
                    let name = ce.value().name();
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        self.flush();
                    }
                    let link = name == "a";
                    let pre = name == "pre";
                    self.in_link += link as usize;
                    self.in_pre += pre as usize;
                    if name == "li" {
                        // Bullets stay recognisable as bullets.
                        self.cur.text.push_str("- ");
                    }
                    self.walk(ce);
                    self.in_link -= link as usize;
                    self.in_pre -= pre as usize;
                    if block {
                        self.flush();
                    } else if matches!(name, "td" | "th") {
                        self.push_text(" ");
                    }
                }
                _ => {}
            }
        }
    }
}

/// Paragraphs of an HTML fragment (feed content), furniture tags dropped.
pub(crate) fn fragment_paragraphs(html: &str) -> Vec<String> {
    let frag = scraper::Html::parse_fragment(html);
    let mut c = Collector::new(true);
    c.walk(frag.root_element());
    c.finish()
}

/// Text of an HTML fragment on one line (titles).
pub(crate) fn inline_text(html: &str) -> String {
    fragment_paragraphs(html).join(" ")
}
