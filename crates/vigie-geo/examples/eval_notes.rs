//! `cargo run -p vigie-geo --release --example eval_notes -- DOCS GOLD [N]`:
//! the same measurement as `vigie gazetteer eval`, without the binary.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: eval_notes DOCS.jsonl GOLD.jsonl [misses]");
        std::process::exit(2);
    }
    let show: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let g = match vigie_geo::Gazetteer::bundled() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    match vigie_geo::eval::evaluate(&g, args[1].as_ref(), args[2].as_ref()) {
        Ok(r) => {
            println!("notes {}  found {:.1}%  within 25 km {:.1}%  admin1 {:.1}%  country {:.1}%  ({} bytes in {:.3} s)",
                r.notes, r.share(r.found), r.share(r.within_25km), r.share(r.admin1_right), r.share(r.country_right), r.bytes, r.seconds);
            for m in r.misses.iter().take(show) {
                println!("{m}");
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
