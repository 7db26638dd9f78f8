//! Quantity extractor throughput.
//!
//! Run: `make bench` (or `cargo bench --bench quantity`).
//!
//! Corpus: ../shared/data/corpus_reuters21578.jsonl.gz when present (17.4 MB of 1987
//! wire copy, full of "mln dlrs" and "pct"), else the bundled sample. Measured serially
//! (one `find` per document on one thread) and in parallel (`find_batch` on the shared
//! pool). The baseline in the same run is the tokenizer alone over the same text, so the
//! ratio shows what the grammar costs on top of one pass over the bytes.

mod common;

use std::time::Duration;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lexiscan::quantity::Quantities;

fn bench(c: &mut Criterion) {
    let (name, texts) = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let q = Quantities::new();
    let mut group = c.benchmark_group("quantity");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("{name}/serial"), |b| {
        b.iter(|| texts.iter().map(|t| q.find(t).len()).sum::<usize>())
    });
    group.bench_function(format!("{name}/parallel"), |b| {
        b.iter(|| q.find_batch(&texts).len())
    });
    group.bench_function(format!("{name}/tokenize-only"), |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| lexiscan::quantity::token_count(t))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
