//! On-CPU time for the profiling examples: on a shared machine, wall time measures the
//! neighbours as much as the code.

/// Time this thread has spent on a CPU, in seconds (`CLOCK_THREAD_CPUTIME_ID`: exact to
/// the nanosecond; /proc/thread-self/schedstat, which this read before, only moves at
/// scheduler ticks while the thread runs, 4 ms here, a tenth of a pass over Reuters).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn cpu_seconds() -> f64 {
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut time = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on 64-bit Linux) to
    // the pointer it is given, a valid one here.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    time.seconds as f64 + time.nanoseconds as f64 / 1e9
}

/// Elsewhere (other systems, 32-bit Linux with its other timespec): wall time (an upper bound of the on-CPU time).
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn cpu_seconds() -> f64 {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

/// Runs `pass` `n` (at least one) times: its last result and the least on-CPU time a pass
/// took, so that a profile is dominated by the work and a busy neighbour inflates it less.
pub fn best_of<T>(n: usize, mut pass: impl FnMut() -> T) -> (T, f64) {
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..n.max(1) {
        let before = cpu_seconds();
        result = Some(pass());
        best = best.min(cpu_seconds() - before);
    }
    (result.expect("at least one pass"), best)
}
