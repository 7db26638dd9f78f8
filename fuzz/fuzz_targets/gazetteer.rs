//! Fuzz target: arbitrary names and texts through every option combination.
//!
//! Input layout: three control bytes, then segments separated by 0xFF (a byte that never
//! occurs in UTF-8, so it cannot collide with text): every segment but the last is a name
//! (at most 8), the last is the text. Each segment is made valid UTF-8 with
//! `from_utf8_lossy`.
//! - control byte 0: bit i (0..7) puts name i+1 into the same entry as name i; bit 7 adds
//!   a second entry with the same names as the first (one name, several entries).
//! - control byte 1: two bits of priority (-1..=2) for each of the first four entries.
//! - control byte 2: bit i (0..7) makes name i a case-sensitive name of its entry
//!   (`Entry::case_sensitive_names`) unless it is the entry's first name.
//!
//! For each of the 24 option combinations (case_sensitive × fold_accents × whole_words ×
//! overlaps) it builds a gazetteer, runs `find` and asserts:
//! - no panic; a build error only for a name that is empty after folding (and the build
//!   succeeds once such names are dropped);
//! - every match has start < end <= text.len(), both on char boundaries, a valid name
//!   index and at least one candidate;
//! - the span, folded, equals a name of its primary entry folded the same way (and for a
//!   case-sensitive name, also folded without case folding);
//! - with whole_words, no match edge cuts a word;
//! - `All` matches are sorted by (start, end); `Longest` and `First` matches are sorted
//!   and do not overlap, and each of them is also among the `All` matches;
//! - to_bytes → from_bytes gives a gazetteer that finds exactly the same matches;
//! - the automaton run over every byte (`whole_words_by_automaton(true)`, keeping matches
//!   at word starts) finds exactly what the trie walk finds.

#![no_main]

use std::sync::Once;

use lexiscan::text::{fold_name, needs_word_boundary, FoldOptions};
use lexiscan::{Entry, ErrorKind, Gazetteer, Match, Options, Overlaps};
use libfuzzer_sys::fuzz_target;

const SEPARATOR: u8 = 0xFF;
const MAX_NAMES: usize = 8;

fn entries_from(names: &[String], grouping: u8, priorities: u8, cased: u8) -> Vec<Entry> {
    // Each group: (plain names, case-sensitive names); the first name is always plain.
    let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let join = i > 0 && i <= 7 && grouping & (1 << (i - 1)) != 0;
        match groups.last_mut() {
            Some(group) if join => {
                if cased & (1 << i) != 0 {
                    group.1.push(name.clone());
                } else {
                    group.0.push(name.clone());
                }
            }
            _ => groups.push((vec![name.clone()], Vec::new())),
        }
    }
    if grouping & 0x80 != 0 {
        if let Some(first) = groups.first().cloned() {
            groups.push(first);
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(k, (names, cased_names))| {
            let priority = if k < 4 {
                ((priorities >> (2 * k)) & 3) as i32 - 1
            } else {
                0
            };
            Entry::new(format!("e{k}"), if k % 2 == 0 { "A" } else { "B" }, names)
                .with_case_sensitive_names(cased_names)
                .with_priority(priority)
        })
        .collect()
}

fn build(entries: &[Entry], options: Options) -> Gazetteer {
    match Gazetteer::builder()
        .options(options)
        .build(entries.to_vec())
    {
        Ok(g) => g,
        Err(e) => {
            // The only acceptable reason: a name that folds to nothing (e.g. only
            // whitespace, or only combining marks with accent folding).
            assert_eq!(
                e.kind(),
                ErrorKind::InvalidEntry,
                "unexpected build error: {e}"
            );
            let fold = options.fold_options();
            let kept: Vec<Entry> = entries
                .iter()
                .filter_map(|entry| {
                    let keep = |names: &[String]| -> Vec<String> {
                        names
                            .iter()
                            .filter(|n| !fold_name(n, fold).is_empty())
                            .cloned()
                            .collect()
                    };
                    let names = keep(&entry.names);
                    let case_sensitive_names = keep(&entry.case_sensitive_names);
                    (!names.is_empty()).then(|| Entry {
                        names,
                        case_sensitive_names,
                        ..entry.clone()
                    })
                })
                .collect();
            Gazetteer::builder()
                .options(options)
                .build(kept)
                .unwrap_or_else(|e| {
                    panic!("build failed although every name folds to something: {e}")
                })
        }
    }
}

fn check_matches(g: &Gazetteer, text: &str, found: &[Match]) {
    let options = *g.options();
    let fold = options.fold_options();
    for m in found {
        assert!(m.start < m.end, "empty or reversed match {m:?}");
        assert!(
            m.end <= text.len(),
            "match {m:?} past the end of a {}-byte text",
            text.len()
        );
        assert!(
            text.is_char_boundary(m.start),
            "match {m:?} starts inside a character"
        );
        assert!(
            text.is_char_boundary(m.end),
            "match {m:?} ends inside a character"
        );
        assert!(
            (m.name as usize) < g.distinct_names(),
            "match {m:?}: name index out of range"
        );
        let candidates = g.candidates(m);
        assert!(!candidates.is_empty(), "match {m:?} has no candidate");
        let span = &text[m.range()];
        let folded_span = fold_name(span, fold);
        let primary = g.primary(m);
        let exact = FoldOptions {
            case_sensitive: true,
            ..fold
        };
        let plain_name = primary
            .names
            .iter()
            .any(|n| fold_name(n, fold) == folded_span);
        let cased_name = || {
            let exact_span = fold_name(span, exact);
            primary
                .case_sensitive_names
                .iter()
                .any(|n| fold_name(n, fold) == folded_span && fold_name(n, exact) == exact_span)
        };
        assert!(
            plain_name || cased_name(),
            "span {span:?} of {m:?} (folded {:?}) is none of the names {:?} of its entry {:?} ({options:?})",
            String::from_utf8_lossy(&folded_span),
            (&primary.names, &primary.case_sensitive_names),
            primary.id
        );
        if options.whole_words {
            let first = span.chars().next().unwrap();
            let last = span.chars().next_back().unwrap();
            if let Some(before) = text[..m.start].chars().next_back() {
                assert!(
                    !needs_word_boundary(first, before),
                    "match {m:?} {span:?} starts inside a word"
                );
            }
            if let Some(after) = text[m.end..].chars().next() {
                assert!(
                    !needs_word_boundary(last, after),
                    "match {m:?} {span:?} ends inside a word"
                );
            }
        }
    }
    match options.overlaps {
        Overlaps::All => {
            for w in found.windows(2) {
                assert!(
                    (w[0].start, w[0].end) <= (w[1].start, w[1].end),
                    "unsorted: {:?} then {:?}",
                    w[0],
                    w[1]
                );
            }
        }
        Overlaps::Longest | Overlaps::First => {
            for w in found.windows(2) {
                assert!(
                    w[0].end <= w[1].start,
                    "overlapping or unsorted: {:?} then {:?} ({options:?})",
                    w[0],
                    w[1]
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    static SERIAL: Once = Once::new();
    // One thread: no rayon pool, so runs are fast and reproducible.
    SERIAL.call_once(|| std::env::set_var("LEXISCAN_NUM_THREADS", "1"));

    let (grouping, priorities, cased, rest) = match data {
        [a, b, c, rest @ ..] => (*a, *b, *c, rest),
        _ => return,
    };
    let mut segments: Vec<&[u8]> = rest.split(|&b| b == SEPARATOR).collect();
    let text = String::from_utf8_lossy(segments.pop().unwrap_or_default()).into_owned();
    let names: Vec<String> = segments
        .iter()
        .take(MAX_NAMES)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    let entries = entries_from(&names, grouping, priorities, cased);

    for case_sensitive in [false, true] {
        for fold_accents in [false, true] {
            for whole_words in [true, false] {
                let mut all = Vec::new();
                for overlaps in [Overlaps::All, Overlaps::Longest, Overlaps::First] {
                    let options = Options {
                        case_sensitive,
                        fold_accents,
                        whole_words,
                        overlaps,
                    };
                    let g = build(&entries, options);
                    let found = g.find(&text);
                    check_matches(&g, &text, &found);
                    // The automaton over every byte (an independent path) finds the same.
                    let by_automaton = Gazetteer::builder()
                        .options(options)
                        .whole_words_by_automaton(true)
                        .build(g.entries().to_vec())
                        .expect("the same entries build");
                    assert_eq!(by_automaton.find(&text), found, "trie and automaton disagree");
                    match overlaps {
                        Overlaps::All => all = found.clone(),
                        _ => {
                            for m in &found {
                                assert!(
                                    all.contains(m),
                                    "{overlaps:?} match {m:?} is not among the All matches {all:?}"
                                );
                            }
                        }
                    }
                    if overlaps == Overlaps::Longest && !case_sensitive && !fold_accents {
                        let back = Gazetteer::from_bytes(&g.to_bytes())
                            .expect("a saved gazetteer loads back");
                        assert_eq!(back.entries(), g.entries());
                        assert_eq!(
                            back.find(&text),
                            found,
                            "a reloaded gazetteer finds other matches"
                        );
                    }
                }
            }
        }
    }
});
