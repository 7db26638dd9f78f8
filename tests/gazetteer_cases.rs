//! Runs the table of matcher cases in `tests/data/gazetteer_cases.jsonl`.
//!
//! The table is language-neutral (the Python tests reuse it): offsets are Unicode code
//! points, end exclusive. Each case's expected match list is compared exactly: start,
//! end, primary entry id and, when given, every candidate id in order. All cases run; the
//! test fails at the end with the list of every case that disagrees.
//!
//! The file is written by `tests/data/make_gazetteer_cases.py`: edit that and rerun it.

mod support;

use std::fmt::Write as _;

use lexiscan::{Gazetteer, Match};
use support::cases::{byte_offsets, code_point_index, load_cases, Case};

/// A match as the table states it: code point offsets and entry ids.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    id: String,
    candidates: Vec<String>,
}

fn build(case: &Case) -> Gazetteer {
    Gazetteer::builder()
        .options(case.lexiscan_options())
        .build(case.lexiscan_entries())
        .unwrap_or_else(|e| panic!("case {}: cannot build: {e}", case.name))
}

fn to_found(g: &Gazetteer, text: &str, m: &Match) -> Result<Found, String> {
    if !(m.start < m.end && m.end <= text.len()) {
        return Err(format!(
            "bad byte range {}..{} (text has {} bytes)",
            m.start,
            m.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(m.start) || !text.is_char_boundary(m.end) {
        return Err(format!(
            "byte range {}..{} is not on char boundaries",
            m.start, m.end
        ));
    }
    Ok(Found {
        start: code_point_index(text, m.start),
        end: code_point_index(text, m.end),
        text: text[m.range()].to_owned(),
        id: g.primary(m).id.clone(),
        candidates: g
            .candidates(m)
            .iter()
            .map(|&c| g.entry(c).id.clone())
            .collect(),
    })
}

/// Checks one case; returns a description of every disagreement.
fn check(case: &Case) -> Result<(), String> {
    let mut problems = String::new();
    let offsets = byte_offsets(&case.text);
    let n_chars = offsets.len() - 1;

    // The table itself: code point offsets in range, `text` equal to the slice.
    for e in &case.expect {
        if !(e.start < e.end && e.end <= n_chars) {
            writeln!(
                problems,
                "  table: bad code point range {}..{}",
                e.start, e.end
            )
            .unwrap();
            continue;
        }
        let slice = &case.text[offsets[e.start]..offsets[e.end]];
        if slice != e.text {
            writeln!(
                problems,
                "  table: text[{}..{}] is {slice:?}, not {:?}",
                e.start, e.end, e.text
            )
            .unwrap();
        }
        if !case.entries.iter().any(|x| x.id == e.id) {
            writeln!(problems, "  table: no entry has id {:?}", e.id).unwrap();
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let g = build(case);
    let matches = g.find(&case.text);
    // The automaton run over every byte (keeping matches at word starts for whole words)
    // must find exactly what the trie walk finds.
    let by_automaton = Gazetteer::builder()
        .options(case.lexiscan_options())
        .whole_words_by_automaton(true)
        .build(case.lexiscan_entries())
        .unwrap_or_else(|e| panic!("case {}: cannot build: {e}", case.name));
    if by_automaton.find(&case.text) != matches {
        return Err(format!(
            "  the automaton finds {:?}, the default path {:?}\n",
            by_automaton.find(&case.text),
            matches
        ));
    }
    let mut found = Vec::new();
    for m in &matches {
        match to_found(&g, &case.text, m) {
            Ok(f) => found.push(f),
            Err(e) => writeln!(problems, "  matcher: {e}: {m:?}").unwrap(),
        }
    }
    // The expectation converted to byte offsets, against the matcher's raw output.
    let expected_bytes: Vec<(usize, usize)> = case
        .expect
        .iter()
        .map(|e| (offsets[e.start], offsets[e.end]))
        .collect();
    let got_bytes: Vec<(usize, usize)> = matches.iter().map(|m| (m.start, m.end)).collect();
    // Candidates are compared only where the table gives them.
    let expected: Vec<Found> = case
        .expect
        .iter()
        .zip(&found)
        .map(|(e, f)| Found {
            start: e.start,
            end: e.end,
            text: e.text.clone(),
            id: e.id.clone(),
            candidates: e.candidates.clone().unwrap_or_else(|| f.candidates.clone()),
        })
        .collect();
    if found.len() != case.expect.len() || expected != found || expected_bytes != got_bytes {
        writeln!(problems, "  expected (code points):").unwrap();
        for e in &case.expect {
            let cands = e
                .candidates
                .as_ref()
                .map(|c| format!(" candidates {c:?}"))
                .unwrap_or_default();
            writeln!(
                problems,
                "    {}..{} {:?} id {:?}{cands}",
                e.start, e.end, e.text, e.id
            )
            .unwrap();
        }
        writeln!(problems, "  got:").unwrap();
        for f in &found {
            writeln!(
                problems,
                "    {}..{} {:?} id {:?} candidates {:?}",
                f.start, f.end, f.text, f.id, f.candidates
            )
            .unwrap();
        }
    }

    // The primary entry is the first candidate.
    for m in &matches {
        if g.candidates(m).first().map(|&c| g.entry(c)) != Some(g.primary(m)) {
            writeln!(problems, "  primary is not the first candidate: {m:?}").unwrap();
        }
    }
    // The batch API agrees with `find`.
    let batch = g.find_batch(&[case.text.as_str(), "", case.text.as_str()]);
    if batch != [matches.clone(), Vec::new(), matches] {
        writeln!(problems, "  find_batch disagrees with find").unwrap();
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn table_is_well_formed() {
    let cases = load_cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "case names must be unique");
    for case in &cases {
        let mut ids: Vec<&str> = case.entries.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "case {}: entry ids must be unique", case.name);
        let spans: Vec<(usize, usize)> = case.expect.iter().map(|e| (e.start, e.end)).collect();
        let mut sorted = spans.clone();
        sorted.sort_unstable();
        assert_eq!(
            spans, sorted,
            "case {}: expectations must be ordered by (start, end)",
            case.name
        );
    }
}

/// Known implementation bug (reported, not fixed here): fails on
/// `stray_combining_mark_before_word_with_fold_accents` until the matcher is fixed.
#[test]
fn every_case_matches_the_table() {
    let cases = load_cases();
    let mut failures = String::new();
    let mut failed = 0;
    for case in &cases {
        if let Err(problems) = check(case) {
            failed += 1;
            writeln!(failures, "case {} (text {:?}):", case.name, case.text).unwrap();
            if let Some(note) = &case.note {
                writeln!(failures, "  note: {note}").unwrap();
            }
            failures.push_str(&problems);
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} cases failed:\n{failures}",
        cases.len()
    );
}
