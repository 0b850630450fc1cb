//! Recognition + resolution throughput on a generated corpus of French and
//! English report sentences (tokenisation is measured apart, in vigie-text).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vigie_model::{DateInterval, Lang};

/// Sentences in agency style, combined with varied time expressions, so the
/// corpus exercises every recogniser path without repeating one paragraph.
fn corpus(lang: Lang) -> String {
    let (frames, times): (&[&str], &[&str]) = match lang {
        Lang::En => (
            &[
                "Gunmen attacked a military post {} near Menaka, the army said.",
                "At least 12 soldiers were killed {} in an ambush on the road to Djibo.",
                "Protesters gathered outside the embassy {} and police fired tear gas.",
                "The junta will hold talks with the regional bloc {} in Niamey.",
                "Militants had seized the town {} before troops retook it.",
            ],
            &[
                "on Sunday",
                "last Friday",
                "yesterday",
                "on September 12",
                "late on Sunday",
                "overnight Thursday to Friday",
                "two days ago",
                "last week",
                "in mid-July",
                "the day before",
                "at around 2 am",
                "from 10 to 12 September",
                "this morning",
            ],
        ),
        _ => (
            &[
                "Des hommes armés ont attaqué {} le poste de Léré, a indiqué l'armée.",
                "Au moins douze soldats ont été tués {} dans une embuscade près de Boni.",
                "Les manifestants se sont rassemblés {} devant l'ambassade à Niamey.",
                "Le gouvernement va organiser des pourparlers {} à Bamako.",
                "Le CSP avait pris le contrôle du camp {} avant de se retirer.",
            ],
            &[
                "dimanche après-midi",
                "lundi dernier",
                "hier",
                "le 12 septembre 2023",
                "dans la nuit de samedi à dimanche",
                "il y a deux jours",
                "la semaine dernière",
                "fin août",
                "la veille",
                "entre 2 et 3 heures du matin",
                "du 10 au 12 septembre",
                "ce matin",
                "hier lundi dans la matinée",
            ],
        ),
    };
    let mut s = String::new();
    let mut k = 0usize;
    while s.len() < 1_000_000 {
        let f = frames[k % frames.len()];
        let t = times[(k / frames.len() + k) % times.len()];
        s.push_str(&f.replace("{}", t));
        s.push(if k % 4 == 3 { '\n' } else { ' ' });
        k += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("time");
    g.sample_size(10);
    for (name, lang) in [("fr", Lang::Fr), ("en", Lang::En)] {
        let text = corpus(lang);
        let a = vigie_text::analyse(&text, Some(lang));
        let p = vigie_time::publication(DateInterval::parse("2023-09"), None, &text, &a);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(
            format!("find_times {name} (recognition + resolution)"),
            |b| b.iter(|| vigie_time::find_times(&text, &a, &p)),
        );
        g.bench_function(format!("publication {name} (narrowing)"), |b| {
            b.iter(|| vigie_time::publication(DateInterval::parse("2023-09"), None, &text, &a))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
