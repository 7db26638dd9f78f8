//! Loaders shared by the benchmarks.

#![allow(dead_code)]

use std::io::BufRead;
use std::path::{Path, PathBuf};

use lexiscan::gazetteer::load::open_maybe_gzip;

/// A file of ../shared/data, when present.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(name);
    path.exists().then_some(path)
}

/// The benchmark corpus file and its name: Reuters-21578 when ../shared is present, else
/// the bundled sample.
pub fn corpus_file() -> (&'static str, PathBuf) {
    match shared("corpus_reuters21578.jsonl.gz") {
        Some(p) => ("reuters", p),
        None => {
            eprintln!("../shared/data absent: benchmarking on the bundled sample corpus");
            (
                "sample",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/sample.jsonl"),
            )
        }
    }
}

/// The benchmark corpus: its name and its texts (Reuters-21578 when ../shared is
/// present, else the bundled sample).
pub fn corpus() -> (String, Vec<String>) {
    let (name, path) = corpus_file();
    let reader = open_maybe_gzip(std::fs::File::open(path).expect("corpus")).expect("corpus");
    let texts = reader
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(&line.expect("utf-8")).expect("json");
            v["text"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    (name.to_string(), texts)
}
