//! The whole pipeline: what `lexiscan extract` does with a corpus.
//!
//! Run: `make bench` (or `cargo bench --bench pipeline`).
//!
//! Corpus: ../shared/data/corpus_reuters21578.jsonl.gz when present, else the bundled
//! sample, read from its file as the tool reads it (gzip, JSON parsing), with the built-in
//! gazetteer and the quantity extractor, JSONL written to a file in a temporary
//! directory. Measured on one thread (the serial path) and on two. The baseline in the
//! same run is the two engines alone over texts already in memory, on one thread, so
//! the ratio shows what reading, offsets and writing cost on top.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{corpus, corpus_file};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lexiscan::corpus::{extract, Fields, InputFormat, Job, OnError, Output, OutputFormat, Reader};
use lexiscan::{Gazetteer, Quantities};

fn bench(c: &mut Criterion) {
    let (name, texts) = corpus();
    let (_, path) = corpus_file();
    let bytes: usize = texts.iter().map(String::len).sum();
    let gazetteer = Arc::new(Gazetteer::default_world());
    let quantities = Quantities::new();
    let mut group = c.benchmark_group(format!("pipeline/{name}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("engines-only/serial", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| gazetteer.find(t).len() + quantities.find(t).len())
                .sum::<usize>()
        })
    });
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out_path = dir.path().join("out.jsonl");
    for threads in [1, 2] {
        let job = Job {
            gazetteer: Some(gazetteer.clone()),
            quantities: Some(quantities.clone()),
            format: OutputFormat::Jsonl,
            threads,
            on_error: OnError::Fail,
            chunk_bytes: 8 << 20,
        };
        group.bench_function(
            BenchmarkId::new("extract", format!("{threads}-threads")),
            |b| {
                b.iter(|| {
                    let reader =
                        Reader::new(vec![path.clone()], InputFormat::Auto, Fields::default());
                    let mut output = Output::file(&out_path).expect("output");
                    let summary = extract(&job, reader, &mut output, |_| {}, |_| {}).expect("runs");
                    output.finish().expect("written");
                    summary.documents
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
