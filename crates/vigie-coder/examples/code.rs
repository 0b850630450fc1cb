//! Codes plain-text reports with only this crate built: `cargo run -p
//! vigie-coder --example code -- FILE... > events.jsonl`. The `vigie`
//! binary (`vigie extract`) is the real interface; this is for working on
//! the coder alone.

// The allocator of the `vigie` binary, so that the figures are its own.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let coder = vigie_coder::Coder::new().unwrap_or_else(|e| {
        eprintln!("code: {e}");
        std::process::exit(2)
    });
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let (docs, errors) = vigie_read::read_all(&paths, &vigie_read::ReadOptions::default());
    for e in errors {
        eprintln!("code: {e}");
    }
    for d in docs {
        for e in coder.extract(&d, &vigie_coder::ExtractOptions::default()) {
            println!("{}", serde_json::to_string(&e).expect("events serialise"));
        }
    }
}
