//! Data-driven place cases (tests/cases.txt) and the gazetteer's contract.

use std::sync::OnceLock;
use vigie_geo::{name_key, Gazetteer};

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled_only().expect("bundled gazetteer loads"))
}

fn check(expect: &str, text: &str) -> Result<(), String> {
    let g = gaz();
    let a = vigie_text::analyse(text, None);
    let places = g.places(text, &a);
    let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
    let loc = places.event_location(&all, None);
    if let Some(word) = expect.strip_prefix('-') {
        let hit = places
            .mentions
            .iter()
            .find(|m| m.place.is_some() && name_key(&m.text).contains(&name_key(word)));
        return match hit {
            Some(m) => Err(format!(
                "{word:?} taken as a place: {:?}",
                m.place.as_ref().map(|p| &p.name)
            )),
            None => Ok(()),
        };
    }
    if expect == "none" {
        return match loc {
            None => Ok(()),
            Some((l, _)) => Err(format!("unexpected location {:?}", l.name)),
        };
    }
    let (place, gp) = match expect.split_once("~gp") {
        Some((p, n)) => (p, n.parse::<u8>().ok()),
        None => (expect, None),
    };
    let (place, admin1) = match place.split_once('/') {
        Some((p, a)) => (p, Some(a)),
        None => (place, None),
    };
    let (name, cc) = place.split_once('@').ok_or("bad case")?;
    let Some((l, span)) = loc else {
        return Err("no location".into());
    };
    let want_country = g.country(cc).map(|c| c.name.clone());
    if l.country != want_country {
        return Err(format!(
            "country {:?}, want {want_country:?} ({:?})",
            l.country, l.name
        ));
    }
    let got = l.name.as_deref().unwrap_or("");
    let same =
        name_key(got) == name_key(name) || g.lookup(name, Some(cc)).iter().any(|c| c.name == got);
    if !same {
        return Err(format!("place {:?}, want {name:?}", l.name));
    }
    if let Some(a1) = admin1 {
        if name_key(l.admin1.as_deref().unwrap_or("")) != name_key(a1) {
            return Err(format!("admin1 {:?}, want {a1:?}", l.admin1));
        }
    }
    if let Some(gp) = gp {
        if l.geo_precision != Some(gp) {
            return Err(format!("geo_precision {:?}, want {gp}", l.geo_precision));
        }
    }
    if span.slice(text).is_empty() {
        return Err("empty evidence span".into());
    }
    Ok(())
}

#[test]
fn place_cases() {
    let cases = include_str!("cases.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in cases.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((expect, text)) = line.split_once(" | ") else {
            panic!("cases.txt:{}: expected EXPECT | TEXT", i + 1);
        };
        n += 1;
        if let Err(e) = check(expect.trim(), text.trim()) {
            failures.push(format!("cases.txt:{}: {expect}: {e}\n    {text}", i + 1));
        }
    }
    assert!(n >= 100, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn lookup_lere_both_countries() {
    let g = gaz();
    let ml = g.lookup("Léré", Some("ML"));
    let first = ml.first().expect("Léré, Mali");
    assert_eq!(&*first.country, "ML");
    assert!(vigie_geo::distance_km(first.latitude, first.longitude, 15.72, -4.91) < 10.0);
    let all = g.lookup("Lere", None);
    assert!(all.iter().any(|c| &*c.country == "ML"));
    assert!(all.iter().any(|c| &*c.country == "TD"));
}

#[test]
fn lookup_folds_and_knows_exonyms() {
    let g = gaz();
    for (a, b) in [
        ("Ségou", "Segou"),
        ("Tillabéri", "TILLABERI"),
        ("N'Djamena", "Ndjamena"),
        ("Tombouctou", "Timbuktu"),
    ] {
        let x = g.lookup(a, None);
        let y = g.lookup(b, None);
        assert!(!x.is_empty(), "{a}");
        assert!(
            x.iter().any(|c| y.iter().any(|d| d.place == c.place)),
            "{a} and {b} share no entry"
        );
    }
    assert!(g.lookup("", None).is_empty());
    assert!(g.lookup("  --  ", None).is_empty());
}

#[test]
fn supplement_fills_admin2() {
    let g = gaz();
    for (name, a1, a2) in [
        ("Boni", "Mopti", "Douentza"),
        ("Solhan", "Sahel", "Yagha"),
        ("Inatès", "Tillabéri", "Ayorou"),
    ] {
        let c = g.lookup(name, None);
        let hit = c
            .iter()
            .find(|c| c.admin1.as_deref() == Some(a1))
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(hit.admin2.as_deref(), Some(a2), "{name}");
        assert!(hit.geonames_id.is_none());
    }
    // GeoNames settlements of the Sahel get an admin2 too.
    let djibo = &g.lookup("Djibo", Some("BF"))[0];
    assert_eq!(djibo.admin2.as_deref(), Some("Soum"));
}

#[test]
fn document_country_and_spans() {
    let g = gaz();
    let text = "Des soldats maliens ont été tués à Bourem. L'armée malienne a riposté.";
    let a = vigie_text::analyse(text, None);
    let p = g.places(text, &a);
    assert_eq!(p.document_country().map(|c| c.iso2.as_str()), Some("ML"));
    for m in &p.mentions {
        assert_eq!(m.span.slice(text), m.text);
    }
}

#[test]
fn never_panics_on_odd_text() {
    let g = gaz();
    for text in [
        "",
        " ",
        "À",
        "((((",
        "Gao-",
        "-Gao",
        "N'",
        "L'",
        "Entre et",
        "à 40 km de",
        "Léré (",
        "🙂 Gao 🙂",
    ] {
        let a = vigie_text::analyse(text, None);
        let p = g.places(text, &a);
        let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
        let _ = p.event_location(&all, Some(usize::MAX));
        let _ = p.event_location(&[], None);
    }
}
