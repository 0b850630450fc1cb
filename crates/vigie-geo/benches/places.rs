//! Place recognition throughput over analysed text (the analysis itself is
//! vigie-text's bench): `cargo bench -p vigie-geo`.
//!
//! Two shapes of input: one 2 MB document (the worst case: every name has
//! full context windows, and the output of 90,000 mentions is one
//! allocation), and the same text as ~3 KB reports, the way the pipeline
//! calls `places` (one call per document).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Synthetic news prose in French and English with place names, cues,
/// admin qualifiers, demonyms and capitalised non-places, as paragraphs.
fn paragraphs() -> Vec<&'static str> {
    let fr = "Des hommes armés ont attaqué dimanche le camp militaire de Léré, dans le cercle de Niafunké, région de Tombouctou. L'armée malienne a riposté près de Diafarabé et entre Dori et Gorgadji, à 40 km de Djibo. Selon le ministre Amadou Boni, la situation reste tendue dans l'Est du Burkina Faso.\n";
    let en = "Militants killed at least 14 soldiers on Sunday near Djibo, in Burkina Faso's Soum province, and attacked the town of Arbinda. Police in Niamey said the attackers came from Mali; Boko Haram fighters also struck Diffa, Niger, on the road between Bosso and Toumour.\n";
    let mut v = Vec::new();
    let mut n = 0;
    while n < 2_000_000 {
        v.push(fr);
        v.push(en);
        n += fr.len() + en.len();
    }
    v
}

fn bench(c: &mut Criterion) {
    let gaz = vigie_geo::Gazetteer::bundled_only().expect("bundled gazetteer");
    let paras = paragraphs();
    let text: String = paras.concat();
    let a = vigie_text::analyse(&text, None);
    let docs: Vec<String> = paras.chunks(6).map(|c| c.concat()).collect();
    let analysed: Vec<_> = docs.iter().map(|d| vigie_text::analyse(d, None)).collect();
    let mut g = c.benchmark_group("geo");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function(
        "places (recognition + resolution), one 2 MB document",
        |b| b.iter(|| gaz.places(&text, &a)),
    );
    g.bench_function("places (recognition + resolution), 3 KB documents", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&analysed)
                .map(|(d, a)| gaz.places(d, a).mentions.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
