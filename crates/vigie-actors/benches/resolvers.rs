//! Throughput of the three resolvers on short reports like the ones the
//! coder reads (a few sentences each), in MB/s of text: `cargo bench -p
//! vigie-actors --bench resolvers`. The reports are written for this bench.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vigie_actors::{fatalities, modality, Actors};
use vigie_text::Analysis;

const REPORTS: &[&str] = &[
    "Le 12 mars, des hommes armés ont attaqué le village de Boni, dans le cercle de Douentza. \
     Au moins quatorze civils ont été tués et huit autres blessés, selon des sources locales.",
    "Les Forces armées maliennes (FAMa) affirment avoir neutralisé une vingtaine de terroristes \
     lors d'une opération près de Tessit. L'armée déplore deux morts dans ses rangs.",
    "Le JNIM a revendiqué l'embuscade contre un convoi de la gendarmerie burkinabè près de Djibo, \
     qui a fait 11 morts parmi les gendarmes, dont un officier.",
    "Des manifestants ont bloqué la route nationale à Niamey pour protester contre la vie chère. \
     La police a dispersé la foule ; aucune victime n'a été signalée.",
    "On 3 May, suspected ISWAP militants killed twelve soldiers and wounded several others in an \
     attack on a military base near Ayorou, according to a security source.",
    "Gunmen abducted 25 villagers, including five women, in Kompienga province on Tuesday. \
     Residents said the attackers could return, and the army denied any losses.",
    "JNIM and/or ISGS militants ambushed a patrol of the Burkinabe army near Arbinda, killing at \
     least 31 soldiers. The group later claimed responsibility for the attack.",
    "Selon un communiqué de l'état-major, des frappes aériennes ont tué plusieurs dizaines de \
     jihadistes de l'État islamique au Sahel dans la région de Ménaka.",
    "Les éléments du CSP ont repoussé une attaque des FAMa et des mercenaires de Wagner à \
     Léré. Le bilan provisoire fait état de 9 morts et de 15 blessés.",
    "Protesters clashed with police in Ouagadougou after a rally; two students were injured and \
     seven people were arrested. No casualties were reported among the officers.",
];

/// The reports repeated to about 2 MB, each with its analysis.
fn corpus() -> Vec<(String, Analysis)> {
    let mut out = Vec::new();
    let mut bytes = 0;
    let mut n = 0usize;
    while bytes < 2_000_000 {
        let text = REPORTS[n % REPORTS.len()].to_string();
        n += 1;
        bytes += text.len();
        let a = vigie_text::analyse(&text, None);
        out.push((text, a));
    }
    out
}

/// The first verb of an event in the document, as the coder would pass it.
fn trigger(a: &Analysis) -> usize {
    const VERBS: &[&str] = &[
        "attaque",
        "neutralise",
        "revendique",
        "bloque",
        "killed",
        "abducted",
        "ambushed",
        "tue",
        "repousse",
        "clashed",
    ];
    (0..a.tokens.len())
        .find(|&i| VERBS.contains(&a.norm(i)))
        .unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let actors = Actors::shared().expect("bundled actors");
    let triggers: Vec<usize> = docs.iter().map(|(_, a)| trigger(a)).collect();
    let mut g = c.benchmark_group("resolvers");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("find", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(t, a)| actors.find(t, a, Some("Mali")).len())
                .sum::<usize>()
        })
    });
    g.bench_function("fatalities", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(t, a)| fatalities(t, a, 0..a.tokens.len(), a.language()).len())
                .sum::<usize>()
        })
    });
    g.bench_function("modality", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&triggers)
                .filter(|((t, a), &k)| {
                    let s = a.sentence_of(k).unwrap_or(0);
                    let range = a
                        .sentences
                        .get(s)
                        .map_or(0..a.tokens.len(), |s| s.tokens.clone());
                    modality(t, a, range, k).is_event()
                })
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
