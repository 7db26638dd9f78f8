//! Runs the quantity extractor over a JSONL corpus a few times, for a profiler:
//! `perf record cargo run --release --example profile_quantities -- CORPUS.jsonl.gz`.

use std::io::BufRead;

use lexiscan::gazetteer::load::open_maybe_gzip;
use lexiscan::quantity::Quantities;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_quantities CORPUS.jsonl[.gz]");
    let reader = open_maybe_gzip(std::fs::File::open(&path).expect("corpus")).expect("corpus");
    let texts: Vec<String> = reader
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(&l.expect("line")).expect("json")["text"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let q = Quantities::new();
    let start = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..3 {
        found += texts.iter().map(|t| q.find(t).len()).sum::<usize>();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} quantities, {:.1} MB/s serial",
        found / 3,
        3.0 * bytes as f64 / secs / 1e6
    );
}
