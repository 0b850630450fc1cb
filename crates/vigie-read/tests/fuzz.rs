//! No reader panics, whatever the bytes.

use proptest::prelude::*;
use std::path::Path;
use vigie_read::{read_bytes, ReadOptions};

const NAMES: &[&str] = &[
    "a.txt", "a.jsonl", "a.html", "a.xml", "a.atom", "noext", "a.md",
];

/// Prefixes that steer random bytes into each reader's deeper paths.
const PREFIXES: &[&str] = &[
    "",
    " date 2023-09 ",
    "date 2023-02-3",
    "{\"id\": \"x\", \"text\": \"",
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">",
    "<!DOCTYPE html><html lang=\"",
    "<html><head><meta property=\"article:published_time\" content=\"",
];

fn check(name: &str, bytes: Vec<u8>) {
    let opts = ReadOptions { max_bytes: 1 << 16 };
    for r in read_bytes(Path::new(name), bytes, &opts) {
        match r {
            Ok(d) => assert!(!d.text.trim().is_empty()),
            Err(e) => assert!(!e.message.is_empty() && !e.origin.is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes(name in prop::sample::select(NAMES), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(name, bytes);
    }

    #[test]
    fn random_text_after_a_format_prefix(
        name in prop::sample::select(NAMES),
        prefix in prop::sample::select(PREFIXES),
        tail in "[<>/=\"'a-z0-9 \n&;:{}\\[\\],.!?«»’é\u{0}-\u{1f}-]{0,300}",
    ) {
        check(name, format!("{prefix}{tail}").into_bytes());
    }
}
