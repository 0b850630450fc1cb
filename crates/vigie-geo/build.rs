//! Builds the bundled gazetteer from `data/gazetteer/` once, at compile
//! time, and writes it as a binary image that the library embeds
//! (`src/image.rs`): loading then costs a decode, not a parse of the
//! 235,000 GeoNames lines. The modules below are the library's own, so the
//! image is exactly what a run-time build would give; cargo rebuilds and
//! reruns this script when any of them or the data files change.

#![allow(dead_code, unused_imports)]

#[path = "src/countries.rs"]
mod countries;
#[path = "src/cues.rs"]
mod cues;
#[path = "src/error.rs"]
mod error;
#[path = "src/gazetteer.rs"]
mod gazetteer;
#[path = "src/image.rs"]
mod image;
#[path = "src/index.rs"]
mod index;
#[path = "src/key.rs"]
mod key;
#[path = "src/load.rs"]
mod load;
#[path = "src/place.rs"]
mod place;
#[path = "src/sahel.rs"]
mod sahel;
#[path = "src/user.rs"]
mod user;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let g = match gazetteer::Gazetteer::build(None) {
        Ok(g) => g,
        Err(e) => {
            // The data files are validated here: name file and line.
            eprintln!("error: bundled gazetteer: {e}");
            std::process::exit(1);
        }
    };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let img = image::encode(&g);
    if let Err(e) = std::fs::write(out.join("gazetteer.img"), img) {
        eprintln!("error: cannot write the gazetteer image: {e}");
        std::process::exit(1);
    }
}
