//! The benchmark workload, shared by `benches/pipeline.rs` and
//! `examples/extract_throughput.rs`: the example reports repeated with
//! varied ids to ~2 MB.

pub fn corpus() -> Vec<vigie_model::Document> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/reports");
    let (base, _) = vigie_read::read_all(&[dir.into()], &vigie_read::ReadOptions::default());
    let mut docs = Vec::new();
    let mut bytes = 0;
    let mut round = 0;
    while bytes < 2_000_000 && !base.is_empty() {
        for d in &base {
            let mut d = d.clone();
            d.id = format!("{}-{round}", d.id);
            bytes += d.text.len();
            docs.push(d);
        }
        round += 1;
    }
    docs
}
