//! Measures how long the bundled gazetteer takes to load and how much
//! memory the process holds after: `cargo run -p vigie-geo --release --example load_time`.

fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let t = std::time::Instant::now();
    let g = match vigie_geo::Gazetteer::bundled_only() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let wall = t.elapsed();
    println!(
        "{} entries in {:?}; peak RSS {} MB; index+entries ~{} MB",
        g.len(),
        wall,
        rss_kb().unwrap_or(0) / 1024,
        g.heap_bytes() / 1_000_000
    );
}
