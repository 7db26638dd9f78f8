//! Helpers shared by the integration tests.
//!
//! - [`cases`]: the language-neutral table of matcher cases (`tests/data/gazetteer_cases.jsonl`).
//! - [`reference`]: a brute-force reference matcher written from the documented rules.

#![allow(dead_code)]

pub mod cases;
pub mod reference;
