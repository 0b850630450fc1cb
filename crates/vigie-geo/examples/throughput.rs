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
    let mut text = String::new();
    while text.len() < 2_000_000 {
        text.push_str(fr);
        text.push_str(en);
    }
    let Ok(g) = vigie_geo::Gazetteer::bundled_only() else {
        std::process::exit(2);
    };
    let a = vigie_text::analyse(&text, None);
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let c = cpu_ns();
        let p = g.places(&text, &a);
        std::hint::black_box(&p);
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(c0), Some(c1)) = (c, cpu_ns()) {
            best_cpu = best_cpu.min((c1 - c0) as f64 / 1e9);
        }
    }
    println!(
        "{} bytes: best {:.3} s = {:.1} MB/s wall, {:.1} MB/s CPU",
        text.len(),
        best,
        text.len() as f64 / best / 1e6,
        text.len() as f64 / best_cpu / 1e6
    );
}
