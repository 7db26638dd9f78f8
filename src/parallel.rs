//! The shared rayon pools, sized by `LEXISCAN_NUM_THREADS` (default: all cores).
//!
//! Pools are created lazily, on first use, and belong to the process that created them:
//! after `fork()` the child's copy of a pool has no threads, so a child builds its own
//! on first use (Spark and multiprocessing fork their workers).

use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

mod ordered;
pub use ordered::ordered_stream;

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

/// A pool of `threads` threads owned by this process, or `None` for one thread.
pub(crate) fn pool(threads: usize) -> Option<Arc<rayon::ThreadPool>> {
    // (threads, process id, pool): a handful at most, one per size asked for.
    static POOLS: Mutex<Vec<(usize, u32, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    if threads <= 1 {
        return None;
    }
    let pid = std::process::id();
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, p)) = pools
        .iter()
        .find(|(n, owner, _)| *n == threads && *owner == pid)
    {
        return Some(p.clone());
    }
    // A pool inherited through fork() has no threads in this process: forget it
    // (never drop it: its threads are not ours to join).
    let inherited: Vec<_> = pools
        .iter()
        .filter(|(_, owner, _)| *owner != pid)
        .map(|(_, _, p)| p.clone())
        .collect();
    std::mem::forget(inherited);
    pools.retain(|(_, owner, _)| *owner == pid);
    let built = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("lexiscan-{i}"))
        .build()
        .ok()
        .map(Arc::new)?;
    pools.push((threads, pid, built.clone()));
    Some(built)
}

/// Applies `f` to every item, in parallel on the shared pool, keeping the order.
/// With one thread, or one item, it is a plain loop on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    map_with(num_threads(), items, f)
}

/// [`map`] on a pool of `threads` threads (pools are kept per size and reused).
pub fn map_with<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    match pool(threads) {
        Some(pool) if items.len() > 1 => pool.install(|| items.par_iter().map(&f).collect()),
        _ => items.iter().map(f).collect(),
    }
}
