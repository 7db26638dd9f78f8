//! Helpers shared by the integration tests.
//!
//! - [`cases`]: the language-neutral table of matcher cases (`tests/data/gazetteer_cases.jsonl`).
//! - [`reference`]: a brute-force reference matcher written from the documented rules.

#![allow(dead_code)]

pub mod cases;
pub mod reference;

/// A file of ../shared/data, or `None` when it is absent (a fresh clone has no ../shared).
pub fn shared_data(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(name);
    path.exists().then_some(path)
}
