//! Runs `find` over a JSONL corpus with a gazetteer, for profiling (e.g. under perf):
//! cargo run --release --example profile_find -- GAZETTEER CORPUS.jsonl.gz
//! (GAZETTEER `default` is the built-in world gazetteer.)

#[path = "common/cpu_time.rs"]
mod cpu_time;
use cpu_time::{best_of, cpu_seconds};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(gaz), Some(corpus)) = (args.next(), args.next()) else {
        return Err("usage: profile_find GAZETTEER CORPUS".into());
    };
    let reader = lexiscan::gazetteer::load::open_maybe_gzip(std::fs::File::open(&corpus)?)?;
    let mut texts = Vec::new();
    for line in reader.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        texts.push(v["text"].as_str().unwrap_or_default().to_string());
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let g = if gaz == "default" {
        lexiscan::Gazetteer::default_world()
    } else {
        lexiscan::Gazetteer::new(lexiscan::gazetteer::load::load_entries(&gaz)?)?
    };
    let (n, best) = best_of(5, || texts.iter().map(|s| g.find(s).len()).sum::<usize>());
    println!(
        "{n} matches, serial {:.1} MB/s (on-CPU time)",
        bytes as f64 / best / 1e6
    );
    // Folding alone, the part of every search that does not depend on the gazetteer.
    let mut folded = lexiscan::text::Folded::new();
    let t = cpu_seconds();
    let n: usize = texts
        .iter()
        .map(|s| {
            lexiscan::text::fold_into(s, Default::default(), &mut folded);
            folded.word_starts.len()
        })
        .sum();
    let secs = cpu_seconds() - t;
    println!(
        "{n} word starts, folding alone {:.1} MB/s",
        bytes as f64 / secs / 1e6
    );
    Ok(())
}
