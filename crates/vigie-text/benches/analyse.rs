use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> String {
    // A synthetic news corpus: French and English sentences with accents,
    // elisions, abbreviations, numbers and quotes, repeated to ~4 MB.
    let fr = "Le Gén. Diarra a annoncé dimanche 17 septembre 2023 que l’armée malienne (FAMa) avait repoussé une attaque à Léré, dans le cercle de Niafunké. « Nous avons neutralisé 46 terroristes », a-t-il déclaré. Selon des sources locales, au moins 12 civils ont été tués et 1 500 personnes déplacées.\n";
    let en = "Gunmen killed at least 14 soldiers on Sunday near Djibo, Burkina Faso's army said. The U.S. State Dept. condemned the attack; Lt. Col. Smith said 2.5 tonnes of weapons were seized.\n";
    let mut s = String::new();
    while s.len() < 4_000_000 {
        s.push_str(fr);
        s.push_str(en);
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("analyse (tokens + folding + sentences + lang)", |b| {
        b.iter(|| vigie_text::analyse(&text, Some(vigie_model::Lang::Fr)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
