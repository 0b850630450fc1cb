//! The dev articles of `shared/` (not part of the repository): every article
//! is read with the date, and analysed with the language, `SOURCES.tsv` gives it. Run with
//! `cargo test -p vigie-read -- --ignored`; `VIGIE_SHARED` points at
//! `shared/` when it is not next to the repository.

use std::path::PathBuf;
use vigie_read::{read_all, ReadOptions};

fn shared() -> PathBuf {
    std::env::var_os("VIGIE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

#[test]
#[ignore = "needs shared/corpus"]
fn dev_articles_match_sources_tsv() {
    let dir = shared().join("corpus/dev/articles");
    let sources = std::fs::read_to_string(dir.join("SOURCES.tsv")).expect("SOURCES.tsv");
    let (docs, errs) = read_all(&[dir], &ReadOptions::default());
    assert!(errs.is_empty(), "{errs:?}");
    let mut expected = 0;
    for line in sources.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, date, lang) = (cols[0], cols[3], cols[4]);
        let id = file.trim_end_matches(".txt");
        let d = docs.iter().find(|d| d.id == id).expect(id);
        assert_eq!(
            d.published.map(|p| p.header_string()).as_deref(),
            Some(date),
            "{id}"
        );
        assert!(!d.text.starts_with("date"), "{id}: header left in the text");
        let detected = vigie_text::analyse(&d.text, d.lang).language();
        assert_eq!(detected.code(), lang, "{id}");
        expected += 1;
    }
    assert_eq!(docs.len(), expected);
}
