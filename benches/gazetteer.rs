//! Gazetteer throughput and build time.
//!
//! Run: `make bench` (or `cargo bench --bench gazetteer`; add `-- find/1k` to filter).
//!
//! Corpus: ../shared/data/corpus_reuters21578.jsonl.gz when present (17.4 MB of news),
//! else the bundled data/sample/sample.jsonl. Gazetteers: 1 k and 100 k names sampled
//! from ../shared/data/gazetteer_large.tsv.gz, and all of it (1.35 M distinct names);
//! without ../shared, only the built-in gazetteer. Each size is measured serially
//! (one `find` per document on one thread), in parallel (`find_batch` on the shared
//! pool), and against the ceiling: the raw aho-corasick automaton (overlapping search)
//! over the same, already-folded text.

mod common;

use std::time::Duration;

use common::{corpus, shared};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lexiscan::gazetteer::load::load_entries;
use lexiscan::text::{fold_into, fold_name, FoldOptions, Folded};
use lexiscan::{Entry, Gazetteer};

/// Every `step`-th entry of the large gazetteer, up to about `names` names.
fn sample_entries(all: &[Entry], names: usize) -> Vec<Entry> {
    let total: usize = all.iter().map(|e| e.names.len()).sum();
    let step = (total / names).max(1);
    let mut out = Vec::new();
    let mut count = 0;
    for e in all.iter().step_by(step) {
        if count >= names {
            break;
        }
        count += e.names.len();
        out.push(e.clone());
    }
    out
}

fn gazetteers() -> Vec<(String, Vec<Entry>)> {
    match shared("gazetteer_large.tsv.gz") {
        Some(path) => {
            let all = load_entries(path).expect("large gazetteer loads");
            vec![
                ("1k".to_string(), sample_entries(&all, 1_000)),
                ("100k".to_string(), sample_entries(&all, 100_000)),
                ("1.35M".to_string(), all),
            ]
        }
        None => vec![("default".to_string(), Gazetteer::default_entries())],
    }
}

fn bench_find(c: &mut Criterion) {
    let (corpus_name, texts) = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("find/{corpus_name}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let options = FoldOptions::default();
    for (size, entries) in gazetteers() {
        let g = Gazetteer::new(entries.clone()).expect("builds");
        group.bench_function(BenchmarkId::new("serial", &size), |b| {
            b.iter(|| texts.iter().map(|t| g.find(t).len()).sum::<usize>())
        });
        group.bench_function(BenchmarkId::new("parallel", &size), |b| {
            b.iter(|| g.find_batch(&texts).iter().map(Vec::len).sum::<usize>())
        });
        // The ceiling: the raw automaton over text that is already folded.
        let mut patterns: Vec<Vec<u8>> = entries
            .iter()
            .flat_map(|e| e.names.iter().map(|n| fold_name(n, options)))
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        let raw = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("builds");
        drop(patterns);
        let mut folded = Folded::new();
        let folded_texts: Vec<Vec<u8>> = texts
            .iter()
            .map(|t| {
                fold_into(t, options, &mut folded);
                folded.bytes.clone()
            })
            .collect();
        group.bench_function(BenchmarkId::new("raw-automaton-serial", &size), |b| {
            b.iter(|| {
                folded_texts
                    .iter()
                    .map(|t| raw.find_overlapping_iter(t).count())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn bench_fold(c: &mut Criterion) {
    let (corpus_name, texts) = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("fold/{corpus_name}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let mut folded = Folded::new();
    group.bench_function("fold_into", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    fold_into(t, FoldOptions::default(), &mut folded);
                    folded.bytes.len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    for (size, entries) in gazetteers() {
        let names: usize = entries.iter().map(|e| e.names.len()).sum();
        group.throughput(Throughput::Elements(names as u64));
        group.bench_function(BenchmarkId::from_parameter(&size), |b| {
            b.iter(|| {
                Gazetteer::new(entries.clone())
                    .expect("builds")
                    .distinct_names()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_fold, bench_find, bench_build);
criterion_main!(benches);
