//! The table of matcher cases in `tests/data/gazetteer_cases.jsonl`.
//!
//! The table is language-neutral (the Python tests reuse it): offsets are Unicode code
//! points, end exclusive. It is written by `tests/data/make_gazetteer_cases.py`.

use lexiscan::{Entry, Options, Overlaps};
use serde::Deserialize;

pub const CASES_JSONL: &str = include_str!("../data/gazetteer_cases.jsonl");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub entries: Vec<CaseEntry>,
    #[serde(default)]
    pub options: CaseOptions,
    pub text: String,
    pub expect: Vec<Expected>,
    /// Why the expectation is what it is, for the surprising cases.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseEntry {
    pub id: String,
    pub label: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub priority: i32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseOptions {
    pub case_sensitive: Option<bool>,
    pub fold_accents: Option<bool>,
    pub whole_words: Option<bool>,
    pub overlaps: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset just past the last character.
    pub end: usize,
    /// The mention, `text[start..end]` in code points.
    pub text: String,
    /// The primary entry's id.
    pub id: String,
    /// Every entry of the match, best first (compared only when given).
    pub candidates: Option<Vec<String>>,
}

/// Every case of the table, in file order.
pub fn load_cases() -> Vec<Case> {
    CASES_JSONL
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("gazetteer_cases.jsonl line {}: {e}", n + 1))
        })
        .collect()
}

impl Case {
    pub fn lexiscan_entries(&self) -> Vec<Entry> {
        self.entries
            .iter()
            .map(|e| Entry::new(&e.id, &e.label, &e.names).with_priority(e.priority))
            .collect()
    }

    /// The options the case asks for; unspecified ones keep their defaults.
    pub fn lexiscan_options(&self) -> Options {
        let defaults = Options::default();
        Options {
            case_sensitive: self
                .options
                .case_sensitive
                .unwrap_or(defaults.case_sensitive),
            fold_accents: self.options.fold_accents.unwrap_or(defaults.fold_accents),
            whole_words: self.options.whole_words.unwrap_or(defaults.whole_words),
            overlaps: match self.options.overlaps.as_deref() {
                None => Overlaps::default(),
                Some(s) => s
                    .parse()
                    .unwrap_or_else(|e| panic!("case {}: {e}", self.name)),
            },
        }
    }
}

/// The byte offset of every code point index of `text`, and `text.len()` at the end.
pub fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect()
}

/// The code point index of a byte offset (which must be a char boundary).
pub fn code_point_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}
