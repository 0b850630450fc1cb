//! Guards against markup nested so deep that parsing it would take
//! quadratic time (html5ever checks the stack of open elements at each
//! tag) or overflow a parser's counters (quick-xml). Real pages and feeds
//! nest a few dozen levels.

/// Deepest nesting allowed, far above any real page.
pub(crate) const MAX_DEPTH: usize = 512;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out: not counted either way.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "colgroup", "tbody", "thead",
    "tfoot", "rb", "rt", "rp",
];

/// Estimated deepest element nesting of HTML or XML source, from its tags.
pub(crate) fn max_depth(src: &str) -> usize {
    let b = src.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let mut j = i + off + 1;
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = j;
            continue;
        }
        let name_len = b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_'))
            .count();
        let name = src[j..j + name_len].to_ascii_lowercase();
        let gt = b[j..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |p| j + p);
        let self_closing = gt > 0 && gt <= b.len() && b.get(gt - 1) == Some(&b'/');
        let counted = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        if counted && closing {
            depth = depth.saturating_sub(1);
        } else if counted && !self_closing {
            depth += 1;
            max = max.max(depth);
        }
        i = (gt + 1).min(b.len());
    }
    max
}

/// An error message when `src` nests deeper than [`MAX_DEPTH`].
pub(crate) fn check(src: &str) -> Result<(), String> {
    let d = max_depth(src);
    if d > MAX_DEPTH {
        return Err(format!(
            "markup nested {d} levels deep (more than {MAX_DEPTH}): refused"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths() {
        assert_eq!(
            max_depth("<html><body><p>a<p>b<br><img src=x/></body></html>"),
            2
        );
        assert_eq!(max_depth("<a><b/><c>x</c></a>"), 2);
        assert_eq!(max_depth(&"<div>".repeat(1000)), 1000);
        assert_eq!(max_depth("<!-- <x> --> < 3 <"), 1);
        assert!(check(&"<x>".repeat(600)).is_err());
    }
}
