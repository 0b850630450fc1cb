//! Instruction-count harness: `perf stat -e instructions` over a fixed
//! amount of work (the bench's 3 KB documents, 5 rounds).
fn paragraphs() -> Vec<&'static str> {
    let fr = "Des hommes armés ont attaqué dimanche le camp militaire de Léré, dans le cercle de Niafunké, région de Tombouctou. L'armée malienne a riposté près de Diafarabé et entre Dori et Gorgadji, à 40 km de Djibo. Selon le ministre Amadou Boni, la situation reste tendue dans l'Est du Burkina Faso.\n";
    let en = "Militants killed at least 14 soldiers on Sunday near Djibo, in Burkina Faso's Soum province, and attacked the town of Arbinda. Police in Niamey said the attackers came from Mali; Boko Haram fighters also struck Diffa, Niger, on the road between Bosso and Toumour.\n";
    let mut v = Vec::new();
    let mut n = 0;
    while n < 2_000_000 {
        v.push(fr);
        v.push(en);
        n += fr.len() + en.len();
    }
    v
}

fn main() {
    let gaz = vigie_geo::Gazetteer::bundled_only().expect("bundled gazetteer");
    let paras = paragraphs();
    let docs: Vec<String> = paras.chunks(6).map(|c| c.concat()).collect();
    let analysed: Vec<_> = docs.iter().map(|d| vigie_text::analyse(d, None)).collect();
    let mut n = 0;
    for _ in 0..5 {
        n += docs
            .iter()
            .zip(&analysed)
            .map(|(d, a)| gaz.places(d, a).mentions.len())
            .sum::<usize>();
    }
    println!("{n} mentions");
}
