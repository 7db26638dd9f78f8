//! Whole-word search on real data: the trie walk (the default) and the automaton run over
//! every byte (`whole_words_by_automaton`, an independent path) find exactly the same
//! matches over a slice of Reuters, for the small real gazetteer and every option
//! combination. Skipped (with a message) when ../shared/data is absent.

mod support;

use std::io::BufRead;

use lexiscan::gazetteer::load::{load_entries, open_maybe_gzip};
use lexiscan::{Gazetteer, Options, Overlaps};

/// Enough stories for every kind of walk, few enough for a debug build.
const STORIES: usize = 400;

#[test]
fn the_trie_and_the_automaton_agree_on_reuters() {
    let (Some(gazetteer), Some(corpus)) = (
        support::shared_data("gazetteer_small.tsv"),
        support::shared_data("corpus_reuters21578.jsonl.gz"),
    ) else {
        eprintln!("skipping: ../shared/data (the small gazetteer and Reuters) is absent");
        return;
    };
    let entries = load_entries(gazetteer).expect("the small gazetteer loads");
    let reader = open_maybe_gzip(std::fs::File::open(corpus).expect("the corpus opens"))
        .expect("the corpus decompresses");
    let texts: Vec<String> = reader
        .lines()
        .take(STORIES)
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(&line.expect("a line")).unwrap();
            v["text"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    for case_sensitive in [false, true] {
        for fold_accents in [false, true] {
            for overlaps in [Overlaps::All, Overlaps::Longest, Overlaps::First] {
                let options = Options {
                    case_sensitive,
                    fold_accents,
                    whole_words: true,
                    overlaps,
                };
                let trie = Gazetteer::builder()
                    .options(options)
                    .build(entries.clone())
                    .unwrap();
                let automaton = Gazetteer::builder()
                    .options(options)
                    .whole_words_by_automaton(true)
                    .build(entries.clone())
                    .unwrap();
                let mut found = 0;
                for (k, text) in texts.iter().enumerate() {
                    let by_trie = trie.find(text);
                    assert_eq!(
                        by_trie,
                        automaton.find(text),
                        "options {options:?}, story {k}"
                    );
                    found += by_trie.len();
                }
                assert!(found > 1000, "{options:?}: only {found} matches");
            }
        }
    }
}
