//! Prints the sentences of each file given, one per line, for eyeballing
//! segmentation on real text: `cargo run -p vigie-text --example sentences -- FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: not readable as UTF-8");
            continue;
        };
        let a = vigie_text::analyse(&text, None);
        println!("== {path} ({})", a.language());
        for s in &a.sentences {
            println!("  | {}", s.span.slice(&text).replace('\n', "⏎"));
        }
    }
}
