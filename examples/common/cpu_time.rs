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
