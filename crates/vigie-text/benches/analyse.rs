use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::{Duration, Instant};

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

/// CPU time of the calling thread, where the kernel reports it: the
/// machine is shared, and wall-clock time would count other people's work.
fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The corpus cut into reports of about 2.5 kB, the size of a news article:
/// the way vigie analyses text, one document at a time.
fn documents(text: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + 2500).min(text.len());
        while end < text.len() && text.as_bytes()[end - 1] != b'\n' {
            end += 1;
        }
        docs.push(&text[start..end]);
        start = end;
    }
    docs
}

fn per_document(docs: &[&str]) -> usize {
    docs.iter()
        .map(|d| {
            vigie_text::analyse(d, Some(vigie_model::Lang::Fr))
                .tokens
                .len()
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let docs = documents(&text);
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function(
        "segmentation + folding, 2.5 kB documents (wall clock)",
        |b| b.iter(|| per_document(&docs)),
    );
    // Throughput per core: the time is the thread's own CPU time, as the
    // machine may be shared.
    if thread_cpu_time().is_some() {
        g.bench_function(
            "segmentation + folding, 2.5 kB documents (CPU time, per core)",
            |b| {
                b.iter_custom(|iters| {
                    let start = thread_cpu_time().unwrap_or_default();
                    let wall = Instant::now();
                    for _ in 0..iters {
                        std::hint::black_box(per_document(&docs));
                    }
                    match thread_cpu_time() {
                        Some(end) => end.saturating_sub(start),
                        None => wall.elapsed(),
                    }
                })
            },
        );
    }
    g.bench_function("segmentation + folding, one 4 MB text (wall clock)", |b| {
        b.iter(|| vigie_text::analyse(&text, Some(vigie_model::Lang::Fr)))
    });
    g.bench_function(
        "analyse with language detection, 2.5 kB documents (wall clock)",
        |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| vigie_text::analyse(d, None).tokens.len())
                    .sum::<usize>()
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
