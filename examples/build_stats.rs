//! Loads an entries file, builds the gazetteer, saves it to bytes and loads it back,
//! and reports the time of each step and the peak memory.
//!
//! cargo run --release --example build_stats -- ../shared/data/gazetteer_large.tsv.gz
use std::time::Instant;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: build_stats ENTRIES_FILE")?;
    let t = Instant::now();
    let entries = lexiscan::gazetteer::load::load_entries(&path)?;
    let names: usize = entries.iter().map(|e| e.names.len()).sum();
    println!(
        "loaded {} entries, {names} names in {:.2?} (peak RSS {:.0} MiB)",
        entries.len(),
        t.elapsed(),
        peak_rss_mib()
    );
    let t = Instant::now();
    let g = lexiscan::Gazetteer::new(entries)?;
    println!(
        "built {} distinct names in {:.2?}; automaton {:.0} MiB; peak RSS {:.0} MiB",
        g.distinct_names(),
        t.elapsed(),
        g.automaton_memory() as f64 / (1 << 20) as f64,
        peak_rss_mib()
    );
    let t = Instant::now();
    let bytes = g.to_bytes();
    println!(
        "saved in {:.2?}: {:.1} MB",
        t.elapsed(),
        bytes.len() as f64 / 1e6
    );
    drop(g);
    let t = Instant::now();
    let back = lexiscan::Gazetteer::from_bytes(&bytes)?;
    println!(
        "loaded the saved form in {:.2?} ({} distinct names)",
        t.elapsed(),
        back.distinct_names()
    );
    Ok(())
}
