//! Where the coder spends its time, stage by stage, on the given inputs:
//! `cargo run --release -p vigie-coder --example stage_times -- FILE...`.

// The allocator of the `vigie` binary, so that the figures are its own.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let (docs, _) = vigie_read::read_all(&paths, &vigie_read::ReadOptions::default());
    let gaz = vigie_geo::Gazetteer::shared();
    let actors = vigie_actors::Actors::shared().expect("actors");
    let coder = vigie_coder::Coder::new().expect("coder");
    let mut t = [Duration::ZERO; 7];
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    for d in &docs {
        let s = Instant::now();
        let a = vigie_text::analyse(&d.text, d.lang);
        t[0] += s.elapsed();
        let s = Instant::now();
        let p = vigie_time::publication(d.published, None, &d.text, &a);
        let _ = vigie_time::find_times(&d.text, &a, &p);
        t[1] += s.elapsed();
        let s = Instant::now();
        let _ = gaz.places(&d.text, &a);
        t[2] += s.elapsed();
        let s = Instant::now();
        let _ = actors.find(&d.text, &a, Some("Mali"));
        t[3] += s.elapsed();
        let s = Instant::now();
        let _ = vigie_actors::fatalities(&d.text, &a, 0..a.tokens.len(), a.language());
        t[4] += s.elapsed();
        let s = Instant::now();
        let _ = coder.pack(a.language()).find(&a);
        t[5] += s.elapsed();
        let s = Instant::now();
        let _ = coder.extract(d, &vigie_coder::ExtractOptions::default());
        t[6] += s.elapsed();
    }
    let mb = bytes as f64 / 1e6;
    for (name, d) in [
        "analyse",
        "time",
        "places",
        "actors",
        "fatalities",
        "rules",
        "extract (all)",
    ]
    .iter()
    .zip(t)
    {
        println!(
            "{name:>14}: {:8.3} s  {:8.2} MB/s",
            d.as_secs_f64(),
            mb / d.as_secs_f64().max(1e-9)
        );
    }
}
