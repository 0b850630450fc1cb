//! Readers on fixture files written for these tests: article pages with
//! their furniture, feeds, and a batch with bad inputs in it.

use std::path::{Path, PathBuf};
use vigie_model::{Document, Lang, Precision};
use vigie_read::{read_all, read_bytes, ReadError, ReadOptions};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

fn read(paths: &[PathBuf]) -> (Vec<Document>, Vec<ReadError>) {
    read_all(paths, &ReadOptions::default())
}

fn one(p: &str) -> Document {
    let (docs, errs) = read(&[fixture(p)]);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 1);
    docs.into_iter().next().unwrap()
}

fn date(d: &Document) -> String {
    d.published.map(|p| p.header_string()).unwrap_or_default()
}

fn assert_clean(text: &str, furniture: &[&str]) {
    for f in furniture {
        assert!(!text.contains(f), "{f:?} leaked into the text:\n{text}");
    }
}

#[test]
fn french_article_page() {
    let d = one("pages/attaque-boni.html");
    assert_eq!(d.id, "attaque-boni");
    assert_eq!(date(&d), "2023-10-03");
    assert_eq!(d.lang, Some(Lang::Fr));
    assert_eq!(
        d.title.as_deref(),
        Some("Mali : une embuscade contre un convoi fait plusieurs morts près de Boni")
    );
    assert_eq!(
        d.url.as_deref(),
        Some("https://veilleur-sahel.example/securite/embuscade-boni")
    );
    assert_eq!(d.source.as_deref(), Some("Le Veilleur du Sahel"));
    assert!(d
        .text
        .starts_with("Mali : une embuscade contre un convoi fait plusieurs morts près de Boni\n\nAu moins neuf civils ont été tués lundi"));
    assert!(d.text.contains(
        "« Ils ont tiré sans sommation, puis ils sont repartis vers la brousse », a-t-il raconté."
    ));
    assert!(d
        .text
        .ends_with("L’armée malienne n’avait pas communiqué de bilan mardi soir."));
    assert_clean(
        &d.text,
        &[
            "cookies",
            "Politique",
            "Accueil",
            "Partager",
            "photo d'archives",
            "Publicité",
            "Lire aussi",
            "Ségou",
            "commentaires",
            "Que Dieu",
            "Les plus lus",
            "lettre d'information",
            "©",
            "gtag",
            "querySelectorAll",
            "Par la rédaction",
            "pub inline",
        ],
    );
    assert_eq!(d.text.matches("\n\n").count(), 4);
}

#[test]
fn english_article_page() {
    let d = one("pages/niger-ambush.htm");
    assert_eq!(d.id, "niger-ambush");
    // JSON-LD datePublished, in the publisher's own time zone.
    assert_eq!(date(&d), "2024-06-26");
    assert_eq!(d.published.unwrap().precision, Precision::Day);
    assert_eq!(d.lang, Some(Lang::En));
    assert_eq!(
        d.title.as_deref(),
        Some("Niger: soldiers killed in ambush near Tillaberi")
    );
    assert!(d.text.starts_with(
        "Niger: soldiers killed in ambush near Tillaberi\n\nNIAMEY, June 26 - At least 12 Nigerien soldiers"
    ));
    assert!(d.text.contains("- 12 soldiers killed"));
    assert!(d
        .text
        .ends_with("No group has claimed responsibility for the attack."));
    assert_clean(
        &d.text,
        &[
            "privacy",
            "Home",
            "Opinion",
            "By Sahel Wire staff",
            "junta one year",
            "Tweet",
            "Comments are closed",
            "Most popular",
            "Sudan",
            "Copyright",
            "pixel",
        ],
    );
}

#[test]
fn rss_feed_items() {
    let (docs, errs) = read(&[fixture("feeds/sahel-fr.rss")]);
    assert!(errs.is_empty(), "{errs:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    // guid, else link.
    assert_eq!(
        ids,
        vec![
            "vs-2023-10-0412",
            "https://veilleur-sahel.example/politique/niamey-manifestation",
            "https://veilleur-sahel.example/?p=88121"
        ]
    );
    let dates: Vec<String> = docs.iter().map(date).collect();
    // 23:40 at +01:00 is still the 3rd where it was written.
    assert_eq!(dates, vec!["2023-10-04", "2023-10-03", "2023-10-02"]);
    for d in &docs {
        assert_eq!(d.lang, Some(Lang::Fr));
        assert_eq!(d.source.as_deref(), Some("Le Veilleur du Sahel - Sécurité"));
        assert!(d.text.starts_with(d.title.as_deref().unwrap()));
        assert_clean(&d.text, &["<", "track(", "Partager"]);
    }
    assert_eq!(
        docs[0].origin,
        format!("{}:9", fixture("feeds/sahel-fr.rss").display())
    );
    // content:encoded wins over the description.
    assert!(docs[1]
        .text
        .contains("à l’appel de plusieurs organisations"));
    assert_eq!(
        docs[0].text,
        "Burkina : une attaque contre un poste de gendarmerie repoussée à Djibo\n\n\
         Une attaque contre le poste de gendarmerie de Djibo a été repoussée mardi par les forces de défense et de sécurité, selon une source sécuritaire.\n\n\
         Plusieurs assaillants ont été tués, d’après la même source."
    );
}

#[test]
fn atom_feed_entries() {
    let (docs, errs) = read(&[fixture("feeds/sahel-en.atom")]);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].id, "tag:sahelwire.example,2024:niger-ambush-tera");
    assert_eq!(
        docs[0].title.as_deref(),
        Some("Niger: soldiers killed in ambush near Tillaberi")
    );
    assert_eq!(
        docs[0].url.as_deref(),
        Some("https://sahelwire.example/niger-ambush-tera")
    );
    // published wins over updated; summary is used when there is no content.
    let dates: Vec<String> = docs.iter().map(date).collect();
    assert_eq!(dates, vec!["2024-06-26", "2024-06-25", "2024-06-24"]);
    assert!(docs[1]
        .text
        .contains("Hundreds of people marched in Bamako"));
    assert!(docs[2]
        .text
        .contains("Heavy rain flooded several districts of N'Djamena"));
    for d in &docs {
        assert_eq!(d.source.as_deref(), Some("Sahel Wire: Africa"));
        assert_clean(&d.text, &["<", "&lt;"]);
    }
}

#[test]
fn batch_with_bad_inputs_goes_on() {
    let dir = fixture("batch");
    let (docs, errs) = read(std::slice::from_ref(&dir));
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["good", "wire-1", "wire-2", "wire-4"]);
    assert_eq!(date(&docs[0]), "2023-09-19");
    assert!(docs[0].text.starts_with("Le camp militaire de Bourem"));
    assert_eq!(
        docs[3].origin,
        format!("{}:4", dir.join("wires.jsonl").display())
    );
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].origin, dir.join("latin1.txt").display().to_string());
    assert!(errs[0].message.contains("UTF-8"));
    assert_eq!(
        errs[1].origin,
        format!("{}:3", dir.join("wires.jsonl").display())
    );
    assert!(errs[1].message.contains("invalid JSON"), "{}", errs[1]);
    for e in &errs {
        assert!(!e.to_string().contains('\n'), "one line: {e}");
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn every_kind_of_bad_file_is_named_and_skipped() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "01-empty.txt", b"  \n\n");
    write(d, "02-binary.txt", b"GIF89a\x00\x01\x02garbage");
    write(d, "03-feb30.txt", b" date 2023-02-30 Le texte.");
    write(d, "04-huge.txt", &vec![b'a'; 5000]);
    write(
        d,
        "05-broken.xml",
        b"<?xml version=\"1.0\"?><rss><channel><item><title>x</ti",
    );
    write(d, "06-notafeed.xml", b"<config><a>1</a></config>");
    write(
        d,
        "06-broken-but-a-feed.xml",
        b"<rss version=\"2.0\"><channel><item><title>A</title>",
    );
    write(d, "07-header-only.txt", b"date 2024-01-01\n");
    write(d, "08-empty.jsonl", b"");
    write(d, "09-ok.txt", b"Un texte sans date.");
    write(
        d,
        "10-feb30.jsonl",
        b"{\"id\": \"x\", \"text\": \"Texte.\", \"published\": \"2023-02-30\"}\n",
    );
    write(
        d,
        "11-page.html",
        b"<html><head><meta property=\"article:published_time\" content=\"2023-02-30T10:00:00Z\"></head><body><p>Un long paragraphe de texte pour cet article de test, avec des virgules.</p></body></html>",
    );
    write(
        d,
        "12-nothing.html",
        b"<html><head><script>x()</script></head><body><nav><a href=/>Home</a></nav></body></html>",
    );
    let opts = ReadOptions { max_bytes: 4096 };
    let (docs, errs) = read_all(&[d.to_path_buf()], &opts);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, "09-ok");
    let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    let want = [
        ("01-empty.txt", "empty"),
        ("02-binary.txt", "binary"),
        ("03-feb30.txt", "2023-02-30"),
        ("04-huge.txt", "size limit"),
        ("05-broken.xml", "feed"),
        ("06-broken-but-a-feed.xml", "feed"),
        ("07-header-only.txt", "no text"),
        ("08-empty.jsonl", "empty"),
        ("10-feb30.jsonl:1", "2023-02-30"),
        ("11-page.html", "2023-02-30"),
        ("12-nothing.html", "no article text"),
    ];
    assert_eq!(msgs.len(), want.len(), "{msgs:#?}");
    for (m, (file, word)) in msgs.iter().zip(want) {
        assert!(
            m.starts_with(&format!("{}: ", d.join(file).display())) && m.contains(word),
            "{m} (wanted {file}, {word})"
        );
    }
}

#[test]
fn walk_is_sorted_recursive_and_skips_non_documents() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "b/002.txt", b"date 2020-01-02 Deux.");
    write(d, "a/003.txt", b"date 2020-01-03 Trois.");
    write(d, "001.txt", b"date 2020-01-01 Un.");
    write(d, "SOURCES.tsv", b"file\turl\n001.txt\thttp://x\n");
    write(d, "README.md", b"# notes");
    write(d, ".hidden.txt", b"secret");
    write(
        d,
        "gold.jsonl",
        b"{\"file\": \"001.txt\", \"event_type\": \"Battles\"}\n",
    );
    write(d, "noext", b"date 2020-01-04 Quatre.");
    let (docs, errs) = read(&[d.to_path_buf()]);
    assert!(errs.is_empty(), "{errs:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["001", "003", "002", "noext"]);
    // Named explicitly, a file of another extension is read as plain text.
    let (docs, _) = read(&[d.join("README.md")]);
    assert_eq!(docs[0].text, "# notes");
}

#[test]
fn xml_that_is_not_a_feed_is_skipped_in_walks_only() {
    let t = tempfile::tempdir().unwrap();
    let meta = write(
        t.path(),
        "meta.xml",
        b"<?xml version=\"1.0\"?><config><a>1</a></config>",
    );
    let (docs, errs) = read(&[t.path().to_path_buf()]);
    assert!(docs.is_empty() && errs.is_empty(), "{errs:?}");
    let (_, errs) = read(&[meta]);
    assert!(
        errs[0].message.contains("not a readable RSS/Atom feed"),
        "{errs:?}"
    );
}

#[test]
fn ids_are_unique_within_a_batch() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "a/report.txt", b"Premier.");
    write(d, "b/report.txt", b"Second.");
    write(
        d,
        "c/report.html",
        b"<html><body><p>Troisieme rapport, avec assez de texte pour compter.</p></body></html>",
    );
    write(
        d,
        "d.jsonl",
        b"{\"id\": \"report\", \"text\": \"Quatre.\"}\n{\"id\": \"report-2\", \"text\": \"Cinq.\"}\n",
    );
    let (docs, errs) = read(&[d.to_path_buf()]);
    assert!(errs.is_empty(), "{errs:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["report", "report-2", "report-3", "report-4", "report-2-2"]
    );
}

#[test]
fn feeds_and_pages_are_sniffed_whatever_the_name() {
    let rss = std::fs::read(fixture("feeds/sahel-fr.rss")).unwrap();
    let r = read_bytes(Path::new("dump.txt"), rss, &ReadOptions::default());
    assert_eq!(r.len(), 3);
    assert!(r.iter().all(|d| d.is_ok()));
    let page = std::fs::read(fixture("pages/niger-ambush.htm")).unwrap();
    let r = read_bytes(Path::new("saved-page"), page, &ReadOptions::default());
    assert_eq!(r[0].as_ref().unwrap().lang, Some(Lang::En));
}

#[test]
fn feed_item_with_impossible_date_is_an_error_of_its_own() {
    let rss = br#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><title>A</title><description>Texte A.</description><pubDate>Thu, 30 Feb 2023 10:00:00 GMT</pubDate></item>
<item><guid>b</guid><title>B</title><description>Texte B.</description><pubDate>Fri, 03 Mar 2023 10:00:00 GMT</pubDate></item>
<item><guid>c</guid><title>C</title></item>
</channel></rss>"#;
    let r = read_bytes(Path::new("f.rss"), rss.to_vec(), &ReadOptions::default());
    assert_eq!(r.len(), 3);
    let e = r[0].as_ref().unwrap_err();
    assert_eq!(e.origin, "f.rss:3");
    assert!(e.message.contains("30 Feb 2023"), "{e}");
    assert_eq!(date(r[1].as_ref().unwrap()), "2023-03-03");
    assert!(r[2].as_ref().unwrap_err().message.contains("no content"));
}

#[test]
fn plain_text_seed_style_header() {
    let r = read_bytes(
        Path::new("seed-article.txt"),
        " date 2023-09 Les combattants du CSP se sont retirés.\n\nDeuxième paragraphe.".into(),
        &ReadOptions::default(),
    );
    let d = r[0].as_ref().unwrap();
    assert_eq!(d.id, "seed-article");
    assert_eq!(d.published.unwrap().precision, Precision::Month);
    assert!(d.text.starts_with("Les combattants"));
}

#[test]
fn page_without_article_markup() {
    let d = one("pages/kaya-blockade.html");
    // The site name is the <h1>; the headline is the heading the <title>
    // repeats. <time datetime> gives the date, and comments set as
    // <article> stay out.
    assert_eq!(date(&d), "2021-11-20");
    assert_eq!(
        d.title.as_deref(),
        Some("Burkina Faso: protesters block French army convoy in Kaya")
    );
    assert_eq!(d.lang, None);
    assert!(d.text.starts_with(
        "Burkina Faso: protesters block French army convoy in Kaya\n\nHundreds of demonstrators blocked"
    ));
    assert!(d.text.ends_with("\"We will not let them pass as long as our soldiers are dying,\" one protester told our correspondent."));
    assert_clean(
        &d.text,
        &[
            "Ouaga Observer",
            "News from",
            "Security",
            "trust",
            "explain",
            "Copyright",
            "jQuery",
            "GTM",
        ],
    );
}

#[test]
fn hostile_nesting_is_refused_quickly() {
    let n = 100_000;
    let page = format!(
        "<html><body>{}<p>Un paragraphe.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><guid>a</guid><description>x</description>{}{}</item></channel></rss>",
        "<x>".repeat(n),
        "</x>".repeat(n)
    );
    let started = std::time::Instant::now();
    for (name, src) in [("deep.html", page), ("deep.rss", feed)] {
        let r = read_bytes(Path::new(name), src.into_bytes(), &ReadOptions::default());
        let e = r[0].as_ref().unwrap_err();
        assert!(e.message.contains("nested"), "{e}");
    }
    assert!(started.elapsed().as_secs() < 10);
}
