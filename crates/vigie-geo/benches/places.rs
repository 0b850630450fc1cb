//! Place recognition throughput over analysed text (the analysis itself is
//! vigie-text's bench): `cargo bench -p vigie-geo`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> String {
    // Synthetic news prose in French and English with place names, cues,
    // admin qualifiers, demonyms and capitalised non-places, ~2 MB.
    let fr = "Des hommes armés ont attaqué dimanche le camp militaire de Léré, dans le cercle de Niafunké, région de Tombouctou. L'armée malienne a riposté près de Diafarabé et entre Dori et Gorgadji, à 40 km de Djibo. Selon le ministre Amadou Boni, la situation reste tendue dans l'Est du Burkina Faso.\n";
    let en = "Militants killed at least 14 soldiers on Sunday near Djibo, in Burkina Faso's Soum province, and attacked the town of Arbinda. Police in Niamey said the attackers came from Mali; Boko Haram fighters also struck Diffa, Niger, on the road between Bosso and Toumour.\n";
    let mut s = String::new();
    while s.len() < 2_000_000 {
        s.push_str(fr);
        s.push_str(en);
    }
    s
}

fn bench(c: &mut Criterion) {
    let gaz = vigie_geo::Gazetteer::bundled_only().expect("bundled gazetteer");
    let text = corpus();
    let a = vigie_text::analyse(&text, None);
    let mut g = c.benchmark_group("geo");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("places (recognition + resolution)", |b| {
        b.iter(|| gaz.places(&text, &a))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
