//! The benchmark's workload (the example reports repeated to ~2 MB) timed
//! pass by pass on one core: `cargo run --release -p vigie-coder --example
//! extract_throughput -- [PASSES]`. On a shared machine the best pass and the CPU
//! time of the thread say more than criterion's wall-clock mean.

// The allocator of the `vigie` binary, so that the figures are its own.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

#[path = "../benches/shared/corpus.rs"]
mod corpus;

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let docs = corpus::corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let coder = vigie_coder::Coder::new().expect("coder loads");
    let opts = vigie_coder::ExtractOptions::default();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    for p in 0..passes {
        let cpu = thread_cpu_seconds();
        let t = Instant::now();
        let n: usize = docs.iter().map(|d| coder.extract(d, &opts).len()).sum();
        let wall = t.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds() - cpu;
        best = best.min(wall);
        best_cpu = best_cpu.min(cpu);
        eprintln!(
            "pass {p}: {n} events, {:.3} s wall ({:.2} MiB/s), {:.3} s cpu ({:.2} MiB/s)",
            wall,
            mib / wall,
            cpu,
            mib / cpu
        );
    }
    println!(
        "best: {:.2} MiB/s wall, {:.2} MiB/s cpu ({} documents, {:.2} MiB)",
        mib / best,
        mib / best_cpu,
        docs.len(),
        mib
    );
}

/// CPU time of this thread from /proc (Linux); 0 elsewhere, where only
/// the wall-clock figures mean anything.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces): utime is the
    // 14th field overall, stime the 15th, in clock ticks (100 per second).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}
