//! On-CPU time for the profiling examples: on a shared machine, wall time measures the
//! neighbours as much as the code.

/// Time this thread has spent on a CPU (Linux: /proc/thread-self/schedstat, in ns).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns: f64 = stat
        .split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0.0);
    ns / 1e9
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
