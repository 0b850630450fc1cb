//! Instruction-count harness: `perf stat -e instructions` over a fixed
//! amount of work (the bench's 3 KB documents, 5 rounds).
#[path = "../benches/shared/prose.rs"]
mod prose;
use prose::paragraphs;

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
