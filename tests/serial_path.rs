//! With LEXISCAN_NUM_THREADS=1, batch calls take the plain serial path and give the same
//! results as the pool. (Its own test binary: the variable is read once per process.)

use lexiscan::{Entry, Gazetteer};

#[test]
fn one_thread_means_serial_and_same_results() {
    std::env::set_var("LEXISCAN_NUM_THREADS", "1");
    assert_eq!(lexiscan::parallel::num_threads(), 1);
    let g = Gazetteer::new([
        Entry::new("FR", "COUNTRY", ["France"]),
        Entry::new("PAR", "CITY", ["Paris"]),
    ])
    .unwrap();
    let texts: Vec<String> = (0..200)
        .map(|i| format!("doc {i}: Paris, France and paris{i}"))
        .collect();
    let batch = g.find_batch(&texts);
    let one_by_one: Vec<_> = texts.iter().map(|t| g.find(t)).collect();
    assert_eq!(batch, one_by_one);
    assert!(batch.iter().all(|found| found.len() == 2));
    // The serial path runs on the calling thread: no pool thread is involved.
    let here = std::thread::current().id();
    let threads = lexiscan::parallel::map(&texts, |_| std::thread::current().id());
    assert!(threads.iter().all(|&t| t == here));
}
