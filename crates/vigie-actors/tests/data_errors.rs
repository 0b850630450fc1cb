//! Bad dictionary lines are errors naming their file and line.

use vigie_actors::{split_total, ActorError, Actors, Fatalities, Modalities, Sources};

const COUNTRIES: &str = "Mali\tMLI\tMali\tmalien,malienne\tmali\n";
const REGIMES: &str = "Mali\t2021-05-24\t\t2021-\n";
const ACTORS: &str =
    "military\tMilitary Forces of {country} ({regime})\t1\t*\t\t\tstate,military,armed\n";
const ALIASES: &str = "armée {adj}\tmilitary\n";

fn load(countries: &str, regimes: &str, actors: &str, aliases: &str) -> Result<Actors, ActorError> {
    Actors::from_sources(&Sources {
        countries,
        regimes,
        actors,
        aliases,
    })
}

fn err_at(r: Result<Actors, ActorError>) -> (String, usize, String) {
    match r {
        Err(ActorError::Data {
            file,
            line,
            message,
        }) => (file, line, message),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("bad data accepted"),
    }
}

#[test]
fn minimal_dictionary_loads() {
    let a = load(COUNTRIES, REGIMES, ACTORS, ALIASES).unwrap();
    let text = "L'armée malienne a riposté.";
    let an = vigie_text::analyse(text, None);
    let ms = a.find(text, &an, None);
    assert_eq!(ms.len(), 1);
    let r = a.resolve(&ms[0], chrono::NaiveDate::from_ymd_opt(2023, 1, 1), None);
    assert_eq!(r.name, "Military Forces of Mali (2021-)");
}

#[test]
fn bad_inter_names_its_line() {
    let actors = format!("# comment\n\n{}", ACTORS.replace("\t1\t", "\t9\t"));
    let (file, line, msg) = err_at(load(COUNTRIES, REGIMES, &actors, ALIASES));
    assert_eq!((file.as_str(), line), ("actors.tsv", 3));
    assert!(msg.contains("inter"), "{msg}");
}

#[test]
fn unknown_actor_key_in_aliases() {
    let aliases = format!("{ALIASES}FAMa\tarmy@Mali\tcs\n");
    let (file, line, msg) = err_at(load(COUNTRIES, REGIMES, ACTORS, &aliases));
    assert_eq!((file.as_str(), line), ("aliases.tsv", 2));
    assert!(msg.contains("army"), "{msg}");
}

#[test]
fn unknown_flag_tag_and_country() {
    let (_, line, msg) = err_at(load(
        COUNTRIES,
        REGIMES,
        ACTORS,
        "l'armée\tmilitary\tnear:navy\n",
    ));
    assert_eq!(line, 1);
    assert!(msg.contains("navy"), "{msg}");
    let (_, _, msg) = err_at(load(
        COUNTRIES,
        REGIMES,
        ACTORS,
        "l'armée\tmilitary\tsometimes\n",
    ));
    assert!(msg.contains("unknown flag"), "{msg}");
    let (file, _, msg) = err_at(load(
        COUNTRIES,
        "Mars\t2021-05-24\t\t2021-\n",
        ACTORS,
        ALIASES,
    ));
    assert_eq!(file, "regimes.tsv");
    assert!(msg.contains("Mars"), "{msg}");
}

#[test]
fn bad_dates_and_overlaps() {
    let (file, line, _) = err_at(load(
        COUNTRIES,
        "Mali\t2021-02-30\t\t2021-\n",
        ACTORS,
        ALIASES,
    ));
    assert_eq!((file.as_str(), line), ("regimes.tsv", 1));
    let regimes = "Mali\t2013-09-04\t2021-05-23\t2013-2021\nMali\t2021-05-01\t\t2021-\n";
    let (_, line, msg) = err_at(load(COUNTRIES, regimes, ACTORS, ALIASES));
    assert_eq!(line, 2);
    assert!(msg.contains("overlaps"), "{msg}");
    let renamed = "x\tX one\t2\tMali\t2020-01-01\t2022-01-01\trebel\nx\tX two\t2\tMali\t2021-01-01\t\trebel\n";
    let (_, line, _) = err_at(load(COUNTRIES, REGIMES, renamed, ALIASES));
    assert_eq!(line, 2);
}

#[test]
fn duplicate_alias_names_both_lines() {
    let aliases = "FAMa\tmilitary@Mali\tcs\nl'armée\tmilitary\nL’Armée\tmilitary\n";
    let (_, line, msg) = err_at(load(COUNTRIES, REGIMES, ACTORS, aliases));
    assert_eq!(line, 3);
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn wrong_column_counts() {
    let (_, line, _) = err_at(load(
        COUNTRIES,
        REGIMES,
        "military\tMilitary Forces\n",
        ALIASES,
    ));
    assert_eq!(line, 1);
    match Fatalities::from_source("tués\tkilled\nvingt\tnumber\n") {
        Err(ActorError::Data { file, line, .. }) => {
            assert_eq!((file.as_str(), line), ("fatalities.tsv", 2))
        }
        other => panic!("{other:?}"),
    }
    match Modalities::from_source("selon\tattribution\tany\n") {
        Err(ActorError::Data { file, line, .. }) => {
            assert_eq!((file.as_str(), line), ("modality.tsv", 1))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn splits_totals_like_acled() {
    assert_eq!(split_total(70, 2), vec![35, 35]);
    assert_eq!(split_total(71, 2), vec![36, 35]);
    assert_eq!(split_total(10, 3), vec![4, 3, 3]);
    assert_eq!(split_total(5, 0), Vec::<u32>::new());
    assert_eq!(split_total(0, 2), vec![0, 0]);
}

#[test]
fn never_panics_on_odd_text() {
    let a = Actors::shared().unwrap();
    for text in [
        "",
        " ",
        "'",
        "l'",
        "CSP-",
        "«»",
        "1 000 000 000 morts",
        "quatre-vingt-vingt-vingt tués",
        "d'",
        "\u{301}",
        "🙂 FAMa 🙂",
    ] {
        let an = vigie_text::analyse(text, None);
        for m in a.find(text, &an, Some("Nowhere")) {
            let _ = a.resolve(&m, None, Some("Atlantis"));
        }
        let f = vigie_actors::fatalities(text, &an, 0..an.tokens.len() + 5, an.language());
        let _ = vigie_actors::combine(&f);
        for t in 0..an.tokens.len() + 2 {
            let _ = vigie_actors::modality(text, &an, 0..an.tokens.len() + 3, t);
        }
        let _ = vigie_actors::attribution(text, &an, 0..an.tokens.len() + 3);
    }
}

#[test]
fn analyst_copy_of_the_data_loads_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = include_str!("../../../data/actors/aliases.tsv");
    std::fs::write(
        dir.path().join("aliases.tsv"),
        format!("{bundled}Katiba Al-Furqan\tjnim\n"),
    )
    .unwrap();
    let a = Actors::load_dir(dir.path()).unwrap();
    let text = "La Katiba Al-Furqan a attaqué un convoi.";
    let an = vigie_text::analyse(text, None);
    let ms = a.find(text, &an, Some("Mali"));
    assert!(
        ms.iter()
            .any(|m| m.key == "jnim" && m.text == "Katiba Al-Furqan"),
        "{ms:?}"
    );

    std::fs::write(dir.path().join("actors.tsv"), "x\tX\t12\tMali\t\t\trebel\n").unwrap();
    let err = Actors::load_dir(dir.path()).unwrap_err().to_string();
    assert!(err.starts_with("actors.tsv:1:"), "{err}");
}

#[test]
fn breakdown_shares_point_to_their_total() {
    let text =
        "Les violences ont fait au moins huit morts, trois lundi à Kayes et cinq mardi à Nioro.";
    let a = vigie_text::analyse(text, None);
    let f = vigie_actors::fatalities(text, &a, 0..a.tokens.len(), a.language());
    assert_eq!(f.len(), 3, "{f:?}");
    assert_eq!((f[0].count, f[0].part_of), (8, None));
    assert_eq!(
        (f[1].count, f[1].part_of, f[1].text.as_str()),
        (3, Some(0), "trois lundi à Kayes")
    );
    assert_eq!(
        (f[2].count, f[2].part_of, f[2].text.as_str()),
        (5, Some(0), "cinq mardi à Nioro")
    );
    assert_eq!(vigie_actors::combine(&f).map(|c| c.0), Some(8));
    assert_eq!(vigie_actors::combine(&f[2..]).map(|c| c.0), Some(5));
}

#[test]
fn independent_sources_are_listed() {
    let text = "Selon un communiqué de l'armée, dix soldats ont été tués. Des sources locales et des témoins confirment.";
    let a = vigie_text::analyse(text, None);
    let found: Vec<String> = vigie_actors::independent_sources(text, &a, 0..a.tokens.len())
        .into_iter()
        .filter_map(|r| a.tokens_span(r).map(|s| s.slice(text).to_string()))
        .collect();
    assert_eq!(found, vec!["Des sources locales", "des témoins"]);
    let text = "The army said it had killed twenty militants.";
    let a = vigie_text::analyse(text, None);
    assert!(vigie_actors::independent_sources(text, &a, 0..a.tokens.len()).is_empty());
}
