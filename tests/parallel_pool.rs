//! Batch calls on the shared pool give exactly the serial results, in input order.

use lexiscan::{Entry, Gazetteer};

#[test]
fn batch_equals_one_by_one() {
    std::env::set_var("LEXISCAN_NUM_THREADS", "3");
    assert_eq!(lexiscan::parallel::num_threads(), 3);
    let g = Gazetteer::new([
        Entry::new("KP", "COUNTRY", ["North Korea"]),
        Entry::new("KIM", "PERSON", ["Kim Jong Un", "Kim"]),
    ])
    .unwrap();
    // Every third text ends "North Korea." (a match); the others "North Korea1" (not a word).
    let texts: Vec<String> = (0..1000)
        .map(|i| {
            let end = if i % 3 == 0 {
                ".".to_string()
            } else {
                (i % 3).to_string()
            };
            format!(
                "{} Kim Jong\nUn visited North Korea{end}",
                "x ".repeat(i % 7)
            )
        })
        .collect();
    let batch = g.find_batch(&texts);
    let one_by_one: Vec<_> = texts.iter().map(|t| g.find(t)).collect();
    assert_eq!(batch, one_by_one);
    for (i, found) in batch.iter().enumerate() {
        assert_eq!(
            found.len(),
            if i % 3 == 0 { 2 } else { 1 },
            "{:?}",
            texts[i]
        );
        assert_eq!(g.primary(&found[0]).id, "KIM");
    }
    let threads: std::collections::HashSet<_> = lexiscan::parallel::map(&texts, |_| {
        std::thread::current().name().map(str::to_string)
    })
    .into_iter()
    .collect();
    assert!(
        threads
            .iter()
            .all(|n| n.as_deref().is_some_and(|n| n.starts_with("lexiscan-"))),
        "{threads:?}"
    );
}
