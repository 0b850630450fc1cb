//! Place recognition throughput over analysed text (the analysis itself is
//! vigie-text's bench): `cargo bench -p vigie-geo`.
//!
//! Two shapes of input: one 2 MB document (the worst case: every name has
//! full context windows, and the output of 90,000 mentions is one
//! allocation), and the same text as ~3 KB reports, the way the pipeline
//! calls `places` (one call per document). Each is measured in wall time
//! (`geo`) and in the thread's CPU time (`geo-cpu`, Linux): the machine
//! that runs this is often shared, and CPU time gives the per-core figure.

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "shared/prose.rs"]
mod prose;
use prose::paragraphs;

fn run<M: Measurement>(c: &mut Criterion<M>, group: &str) {
    let gaz = vigie_geo::Gazetteer::bundled_only().expect("bundled gazetteer");
    let paras = paragraphs();
    let text: String = paras.concat();
    let a = vigie_text::analyse(&text, None);
    let docs: Vec<String> = paras.chunks(6).map(|c| c.concat()).collect();
    let analysed: Vec<_> = docs.iter().map(|d| vigie_text::analyse(d, None)).collect();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::BytesDecimal(text.len() as u64));
    g.sample_size(10);
    g.bench_function("places, one 2 MB document", |b| {
        b.iter(|| gaz.places(&text, &a))
    });
    g.bench_function("places, 3 KB documents", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&analysed)
                .map(|(d, a)| gaz.places(d, a).mentions.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn wall(c: &mut Criterion) {
    run(c, "geo");
}

/// CPU time of the benchmark thread, from `/proc/thread-self/schedstat`.
struct CpuTime;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, i: u64) -> u64 {
        thread_cpu_ns().saturating_sub(i)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Nanoseconds of CPU shown as ms, throughput as MB/s (10^6 bytes).
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, _typical: f64, values: &mut [f64]) -> &'static str {
        values.iter_mut().for_each(|v| *v /= 1e6);
        "ms CPU"
    }
    fn scale_throughputs(&self, _typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let units = match *t {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => b as f64 / 1e6,
            Throughput::Elements(e) => e as f64 / 1e6,
        };
        values.iter_mut().for_each(|v| *v = units * 1e9 / *v);
        "MB/s CPU"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn cpu(c: &mut Criterion<CpuTime>) {
    run(c, "geo-cpu");
}

criterion_group!(benches, wall);
criterion_group! {
    name = cpu_benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = cpu
}
criterion_main!(benches, cpu_benches);
