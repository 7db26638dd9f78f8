//! Runs the quantity extractor over a JSONL corpus five times and reports the best
//! on-CPU throughput; also a target for a profiler:
//! `perf record cargo run --release --example profile_quantities -- CORPUS.jsonl.gz`.

#[path = "common/cpu_time.rs"]
mod cpu_time;
use cpu_time::best_of;

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
    let (found, best) = best_of(5, || texts.iter().map(|t| q.find(t).len()).sum::<usize>());
    println!(
        "{found} quantities, {:.1} MB/s serial (best of 5, on-CPU time)",
        bytes as f64 / best / 1e6
    );
}
