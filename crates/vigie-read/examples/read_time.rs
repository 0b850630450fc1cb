//! Times reading alone: `cargo run -p vigie-read --example read_time -- PATH...`.

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let started = std::time::Instant::now();
    let (docs, errs) = vigie_read::read_all(&paths, &vigie_read::ReadOptions::default());
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} documents ({} bytes of text), {} errors in {:?}",
        docs.len(),
        bytes,
        errs.len(),
        started.elapsed()
    );
}
