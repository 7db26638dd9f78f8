//! The shared rayon pool, sized by `LEXISCAN_NUM_THREADS` (default: all cores).

use std::sync::OnceLock;

use rayon::prelude::*;

/// The number of threads batch calls use: `LEXISCAN_NUM_THREADS` if it is a positive
/// integer (read once), else the number of available cores.
pub fn num_threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match std::env::var("LEXISCAN_NUM_THREADS") {
            Err(_) => cores,
            Ok(v) => match v.trim().parse::<usize>() {
                Ok(n) if n > 0 => n,
                _ => {
                    eprintln!(
                        "lexiscan: ignoring LEXISCAN_NUM_THREADS={v:?} (not a positive integer); using {cores} threads"
                    );
                    cores
                }
            },
        }
    })
}

fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let n = num_threads();
        if n == 1 {
            return None;
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("lexiscan-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Applies `f` to every item, in parallel on the shared pool, keeping the order.
/// With one thread, or one item, it is a plain loop on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    match pool() {
        Some(pool) if items.len() > 1 => pool.install(|| items.par_iter().map(&f).collect()),
        _ => items.iter().map(f).collect(),
    }
}
