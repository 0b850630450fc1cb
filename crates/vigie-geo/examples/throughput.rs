//! Quick recognition throughput figure without criterion:
//! `cargo run -p vigie-geo --release --example throughput`.

/// Nanoseconds this thread has run on a CPU (Linux), so the figure holds
/// on a machine shared with other jobs.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn main() {
    let fr = "Des hommes armés ont attaqué dimanche le camp militaire de Léré, dans le cercle de Niafunké, région de Tombouctou. L'armée malienne a riposté près de Diafarabé et entre Dori et Gorgadji, à 40 km de Djibo. Selon le ministre Amadou Boni, la situation reste tendue dans l'Est du Burkina Faso.\n";
    let en = "Militants killed at least 14 soldiers on Sunday near Djibo, in Burkina Faso's Soum province, and attacked the town of Arbinda. Police in Niamey said the attackers came from Mali; Boko Haram fighters also struck Diffa, Niger, on the road between Bosso and Toumour.\n";
    let mut paras = Vec::new();
    let mut n = 0;
    while n < 2_000_000 {
        paras.push(fr);
        paras.push(en);
        n += fr.len() + en.len();
    }
    let text = paras.concat();
    let Ok(g) = vigie_geo::Gazetteer::bundled_only() else {
        std::process::exit(2);
    };
    let a = vigie_text::analyse(&text, None);
    // The same text as ~3 KB reports, one `places` call each, as the
    // pipeline runs it.
    let docs: Vec<String> = paras.chunks(6).map(|c| c.concat()).collect();
    let analysed: Vec<_> = docs.iter().map(|d| vigie_text::analyse(d, None)).collect();
    let one = || {
        std::hint::black_box(g.places(&text, &a));
    };
    let many = || {
        for (d, a) in docs.iter().zip(&analysed) {
            std::hint::black_box(g.places(d, a));
        }
    };
    for (label, f) in [
        ("one 2 MB document", &one as &dyn Fn()),
        ("3 KB documents", &many),
    ] {
        // `THROUGHPUT_ONLY=one|3` keeps one measurement, for profiling.
        if let Ok(only) = std::env::var("THROUGHPUT_ONLY") {
            if !label.contains(only.as_str()) {
                continue;
            }
        }
        let mut best = f64::MAX;
        let mut best_cpu = f64::MAX;
        for _ in 0..8 {
            let t = std::time::Instant::now();
            let c = cpu_ns();
            f();
            best = best.min(t.elapsed().as_secs_f64());
            if let (Some(c0), Some(c1)) = (c, cpu_ns()) {
                best_cpu = best_cpu.min((c1 - c0) as f64 / 1e9);
            }
        }
        println!(
            "{label}: {} bytes: best {:.3} s = {:.1} MB/s wall, {:.1} MB/s CPU",
            text.len(),
            best,
            text.len() as f64 / best / 1e6,
            text.len() as f64 / best_cpu / 1e6
        );
    }
}
