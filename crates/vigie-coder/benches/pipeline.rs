//! The whole coder (analysis, stages, rules, aggregation, output) on a
//! corpus built from the example reports, repeated with varied ids.

// The allocator of the `vigie` binary, so that the figures are its own.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vigie_coder::{Coder, ExtractOptions};

#[path = "shared/corpus.rs"]
mod corpus;
use corpus::corpus;

fn bench(c: &mut Criterion) {
    let coder = Coder::new().expect("coder loads");
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut g = c.benchmark_group("coder");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("extract, one core", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| coder.extract(d, &ExtractOptions::default()).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
