//! The shared rayon pools, sized by `LEXISCAN_NUM_THREADS` (default: all cores).
//!
//! Pools are created lazily, on first use, and belong to the process that created them:
//! after `fork()` the child's copy of a pool has no threads, so a child builds its own
//! on first use (Spark and multiprocessing fork their workers).

use std::sync::{Arc, Mutex, OnceLock};

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

/// Streams `items` through `work` on `threads` threads and hands every result to
/// `consume`, in the order of `items`, with at most `window` items between being taken
/// from `items` and consumed (which bounds memory on any length of input).
///
/// `items` runs on a thread of its own (reading and decompressing overlap the work),
/// the workers take items as they become free (no barrier between batches leaves a core
/// idle), and `consume` runs on the calling thread. With one thread it is a plain loop on
/// the calling thread. When `consume` fails, everything stops and its error is returned;
/// a panic in `work` is resumed on the calling thread.
pub fn ordered_stream<T: Send, R: Send, E>(
    threads: usize,
    window: usize,
    items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::mpsc::{channel, sync_channel};
    if threads <= 1 {
        for item in items {
            consume(work(item))?;
        }
        return Ok(());
    }
    let window = window.max(threads);
    // Shared by the workers, so it outlives them; the other channels live inside the
    // scope, so that returning early disconnects them and every thread stops.
    let (job_tx, job_rx) = sync_channel::<(usize, T)>(window);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        // A permit per item in flight: the producer takes one before reading an item and
        // the consumer returns it once the item's result is consumed.
        let (permit_tx, permit_rx) = sync_channel::<()>(window);
        let (done_tx, done_rx) = channel::<(usize, std::thread::Result<R>)>();
        let mut items = items;
        scope.spawn(move || {
            for seq in 0.. {
                if permit_tx.send(()).is_err() {
                    return; // the consumer stopped
                }
                let Some(item) = items.next() else { return };
                if job_tx.send((seq, item)).is_err() {
                    return;
                }
            }
        });
        for _ in 0..threads {
            let (done_tx, job_rx, work) = (done_tx.clone(), &job_rx, &work);
            scope.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((seq, item)) = job else { return };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                if done_tx.send((seq, result)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // Results come back in any order; hold the early ones until their turn.
        let mut early = std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, result) in &done_rx {
            early.insert(seq, result);
            while let Some(result) = early.remove(&next) {
                next += 1;
                match result {
                    Ok(r) => consume(r)?,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                let _ = permit_rx.recv();
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::ordered_stream;

    #[test]
    fn ordered_stream_keeps_the_order_and_stops_on_an_error() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let slow_first = |i: u64| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros(200 / (i + 1)));
                i * 2
            };
            let ok: Result<(), ()> = ordered_stream(threads, 3, 0..100u64, slow_first, |r| {
                seen.push(r);
                Ok(())
            });
            assert!(ok.is_ok());
            assert_eq!(seen, (0..100).map(|i| i * 2).collect::<Vec<_>>());

            let mut consumed = 0;
            let stopped = ordered_stream(
                threads,
                3,
                0..,
                |i: u64| i,
                |r| {
                    consumed += 1;
                    if r == 10 {
                        Err(r)
                    } else {
                        Ok(())
                    }
                },
            );
            assert_eq!((stopped, consumed), (Err(10), 11));
        }
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn ordered_stream_resumes_a_panic_of_the_work() {
        let _ = ordered_stream(
            2,
            4,
            0..20,
            |i: u32| assert!(i != 7, "item {i}"),
            |()| Ok::<(), ()>(()),
        );
    }
}
