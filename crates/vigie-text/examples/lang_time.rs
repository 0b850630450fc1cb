//! Times `analyse` on many short texts, with and without language
//! detection: `cargo run --release -p vigie-text --example lang_time`.

fn main() {
    let texts: Vec<String> = (0..20_000)
        .map(|i| format!("Titre {i}\n\nTexte numero {i}."))
        .collect();
    for declared in [Some(vigie_model::Lang::Fr), None] {
        let started = std::time::Instant::now();
        let n: usize = texts
            .iter()
            .map(|t| vigie_text::analyse(t, declared).tokens.len())
            .sum();
        println!(
            "declared {declared:?}: {n} tokens in {:?}",
            started.elapsed()
        );
    }
}
