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

#[test]
#[ignore]
fn timing() {
    let base = "Le 12 septembre, des hommes armés ont attaqué le camp des FAMa à Bourem, tuant au moins quatorze soldats. Le JNIM a revendiqué l'attaque selon un communiqué. Gunmen killed 15 people, the army said. ";
    let text = base.repeat(3000);
    let a = vigie_text::analyse(&text, None);
    let t = std::time::Instant::now();
    let ms = Actors::shared().unwrap().find(&text, &a, Some("Mali"));
    let t1 = t.elapsed();
    let f = fatalities(&text, &a, 0..a.tokens.len(), a.language());
    let t2 = t.elapsed();
    let mut n = 0;
    for s in &a.sentences {
        n += usize::from(
            modality(&text, &a, s.tokens.clone(), s.tokens.end.saturating_sub(2))
                != Modality::Reported,
        );
    }
    let t3 = t.elapsed();
    println!("{} bytes, {} tokens: {} mentions in {t1:?}, {} figures by {t2:?}, {} modal sentences by {t3:?}", text.len(), a.tokens.len(), ms.len(), f.len(), n);
}
