use vigie_actors::*;

#[test]
#[ignore]
fn dump() {
    let text = std::fs::read_to_string(std::env::var("DUMP").unwrap()).unwrap();
    let a = vigie_text::analyse(&text, None);
    let actors = Actors::shared().unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2023, 9, 17);
    for m in actors.find(&text, &a, Some("Mali")) {
        let r = actors.resolve(&m, date, Some("Mali"));
        println!(
            "{:?} {:<35} -> {} / {:?} ana={} gen={} ante={:?} ent={}",
            m.tokens, m.text, r.name, r.inter, m.anaphoric, m.generic, m.antecedent, m.entity
        );
    }
    for s in &a.sentences {
        let f = fatalities(&text, &a, s.tokens.clone(), a.language());
        if !f.is_empty() {
            println!(
                "FAT {:?} => {:?}",
                f.iter()
                    .map(|m| (m.count, m.outcome, m.victims, m.text.clone()))
                    .collect::<Vec<_>>(),
                combine(&f)
            );
        }
        for t in s.tokens.clone() {
            let md = modality(&text, &a, s.tokens.clone(), t);
            if md != Modality::Reported {
                let by = match &md {
                    Modality::Claimed { by: Some(r), .. } | Modality::Denied { by: Some(r) } => {
                        a.tokens_span(r.clone()).map(|s| s.slice(&text).to_string())
                    }
                    _ => None,
                };
                println!("MOD {} {:?} {:?}", a.tokens[t].span.slice(&text), md, by);
            }
        }
    }
}

#[test]
fn bundled_data_loads() {
    Actors::bundled().unwrap();
    Fatalities::bundled().unwrap();
    Modalities::bundled().unwrap();
}

#[test]
#[ignore]
fn tokens() {
    let text = std::env::var("TEXT").unwrap();
    let a = vigie_text::analyse(&text, None);
    for (i, t) in a.tokens.iter().enumerate() {
        println!("{i} {:?} {:?} {:?}", t.span.slice(&text), a.norm(i), t.kind);
    }
}
