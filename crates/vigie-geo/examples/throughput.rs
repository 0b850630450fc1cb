//! Quick recognition throughput figure without criterion:
//! `cargo run -p vigie-geo --release --example throughput`.

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
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let p = g.places(&text, &a);
        std::hint::black_box(&p);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} bytes: best {:.3} s = {:.1} MB/s",
        text.len(),
        best,
        text.len() as f64 / best / 1e6
    );
}
