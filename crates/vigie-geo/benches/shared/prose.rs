//! The synthetic prose of the recognition benchmark, shared with
//! `examples/places_loop.rs`.

/// Synthetic news prose in French and English with place names, cues,
/// admin qualifiers, demonyms and capitalised non-places, as paragraphs.
pub fn paragraphs() -> Vec<&'static str> {
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
