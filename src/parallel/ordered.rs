//! An ordered stream: items taken in order, worked on in parallel, consumed in order, with
//! a bounded number in flight. The corpus tool's reading, engines and writing.

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Streams `items` through `work` on `threads` threads and hands every result to
/// `consume`, in the order of `items`, with at most `window` items between being taken
/// from `items` and consumed (which bounds memory on any length of input).
///
/// Every thread, the calling one among them, takes the next item, works on it and then
/// consumes whatever results are due, its own usually first. So an item is read, worked
/// on and written on one core, where its bytes are in cache, and there are no more
/// threads than cores: a reader and a writer thread of their own would share the cores
/// with the workers and hand every block from one core's cache to another's. Taking and
/// consuming are each done by one thread at a time, in order; a thread whose result is
/// not yet due leaves it and takes the next item. With one thread it is a plain loop.
/// When `consume` fails, everything stops and its error is returned; a panic in `items`,
/// `work` or `consume` is resumed on the calling thread.
pub fn ordered_stream<T: Send, R: Send, E: Send>(
    threads: usize,
    window: usize,
    mut items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E> {
    if threads <= 1 {
        for item in items {
            consume(work(item))?;
        }
        return Ok(());
    }
    let stream = Stream {
        window: window.max(threads),
        items: Mutex::new(Taking {
            items: &mut items,
            next: 0,
            done: false,
        }),
        state: Mutex::new(State {
            early: BTreeMap::new(),
            next: 0,
            in_flight: 0,
            writing: false,
            stop: None,
        }),
        room: Condvar::new(),
        consume: Mutex::new(&mut consume),
        work: &work,
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| stream.run());
        }
        stream.run();
    });
    match stream
        .state
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .stop
    {
        None => Ok(()),
        Some(Stop::Failed(e)) => Err(e),
        Some(Stop::Panicked(panic)) => resume_unwind(panic),
    }
}

struct Stream<'a, I, W, C, R, E> {
    window: usize,
    items: Mutex<Taking<'a, I>>,
    state: Mutex<State<R, E>>,
    /// Signalled when an item is consumed (room in the window) and when the stream stops.
    room: Condvar,
    /// Locked only by the thread that is writing (`State::writing`).
    consume: Mutex<&'a mut C>,
    work: &'a W,
}

struct Taking<'a, I> {
    items: &'a mut I,
    next: usize,
    done: bool,
}

struct State<R, E> {
    /// Results that came back before their turn.
    early: BTreeMap<usize, R>,
    /// The next result to consume.
    next: usize,
    /// Items taken (or about to be) and not yet consumed: at most the window.
    in_flight: usize,
    /// Whether a thread is consuming: only one does, so the results go out in order.
    writing: bool,
    stop: Option<Stop<E>>,
}

enum Stop<E> {
    Failed(E),
    Panicked(Box<dyn Any + Send>),
}

impl<R, E> State<R, E> {
    /// Keeps the first reason to stop.
    fn stop(&mut self, why: Stop<E>) {
        self.stop.get_or_insert(why);
    }
}

impl<I, W, C, T, R, E> Stream<'_, I, W, C, R, E>
where
    I: Iterator<Item = T>,
    W: Fn(T) -> R,
    C: FnMut(R) -> Result<(), E>,
{
    fn state(&self) -> MutexGuard<'_, State<R, E>> {
        // No code panics while holding the lock (panics are caught outside it).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One thread's loop: take, work, consume what is due; until the items run out or
    /// the stream stops.
    fn run(&self) {
        loop {
            {
                let mut state = self.state();
                while state.in_flight >= self.window && state.stop.is_none() {
                    state = self.room.wait(state).unwrap_or_else(|e| e.into_inner());
                }
                if state.stop.is_some() {
                    return;
                }
                state.in_flight += 1;
            }
            let Some((seq, item)) = self.take() else {
                let mut state = self.state();
                state.in_flight -= 1;
                self.room.notify_all();
                return;
            };
            let result = catch_unwind(AssertUnwindSafe(|| (self.work)(item)));
            {
                let mut state = self.state();
                match result {
                    Ok(r) => {
                        state.early.insert(seq, r);
                    }
                    Err(panic) => {
                        state.stop(Stop::Panicked(panic));
                        self.room.notify_all();
                        return;
                    }
                }
                if state.writing || state.stop.is_some() {
                    continue;
                }
                state.writing = true;
            }
            self.consume_due();
        }
    }

    /// The next item and its sequence number; `None` once the items ran out (or panicked:
    /// the panic stops the stream).
    fn take(&self) -> Option<(usize, T)> {
        let mut taking = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if taking.done {
            return None;
        }
        match catch_unwind(AssertUnwindSafe(|| taking.items.next())) {
            Ok(Some(item)) => {
                taking.next += 1;
                Some((taking.next - 1, item))
            }
            Ok(None) => {
                taking.done = true;
                None
            }
            Err(panic) => {
                taking.done = true;
                self.state().stop(Stop::Panicked(panic));
                None
            }
        }
    }

    /// Consumes results while the next one is there; the caller has set `writing`.
    fn consume_due(&self) {
        let mut consume = self.consume.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let result = {
                let mut state = self.state();
                let next = state.next;
                match state.early.remove(&next) {
                    Some(r) if state.stop.is_none() => {
                        state.next += 1;
                        r
                    }
                    _ => {
                        state.writing = false;
                        return;
                    }
                }
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| (*consume)(result)));
            let mut state = self.state();
            state.in_flight -= 1;
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(e)) => state.stop(Stop::Failed(e)),
                Err(panic) => state.stop(Stop::Panicked(panic)),
            }
            self.room.notify_all();
        }
    }
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
    fn ordered_stream_keeps_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (taken, consumed, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let items = (0..200u32).inspect(|_| {
            let now = taken.fetch_add(1, Ordering::SeqCst) + 1 - consumed.load(Ordering::SeqCst);
            most.fetch_max(now, Ordering::SeqCst);
        });
        // Item 0 is slow: the others pile up behind it, up to the window.
        let work = |i: u32| {
            if i == 0 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            i
        };
        let mut seen = Vec::new();
        let ok: Result<(), ()> = ordered_stream(3, 5, items, work, |r| {
            consumed.fetch_add(1, Ordering::SeqCst);
            seen.push(r);
            Ok(())
        });
        assert!(ok.is_ok());
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 5);
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

    #[test]
    #[should_panic(expected = "item 5 could not be read")]
    fn ordered_stream_resumes_a_panic_of_the_items() {
        let items = (0..20u32).inspect(|&i| assert!(i != 5, "item {i} could not be read"));
        let _ = ordered_stream(2, 4, items, |i| i, |_| Ok::<(), ()>(()));
    }

    #[test]
    #[should_panic(expected = "consumed 3")]
    fn ordered_stream_resumes_a_panic_of_the_consumer() {
        let _ = ordered_stream(
            2,
            4,
            0..20u32,
            |i| i,
            |i| {
                assert!(i != 3, "consumed {i}");
                Ok::<(), ()>(())
            },
        );
    }
}
