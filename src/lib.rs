//! lexiscan finds names and numbers in large amounts of text.
//!
//! Two engines: the **gazetteer matcher** ([`Gazetteer`]): given labelled lists of names
//! (countries, cities, people, currencies… from ten names to millions), it finds every
//! mention in text, correctly for any language and script; and the **quantity
//! extractor** ([`quantity::Quantities`]): numbers, money, percentages and physical
//! quantities with their values, units, dimensions, SI values, qualifiers and counted
//! nouns (see the [`quantity`] module).
//!
//! ```
//! use lexiscan::{Entry, Gazetteer};
//!
//! let gazetteer = Gazetteer::new([
//!     Entry::new("KP", "COUNTRY", ["North Korea", "DPRK"]),
//!     Entry::new("US", "COUNTRY", ["United States", "U.S."]),
//!     Entry::new("GE", "COUNTRY", ["Georgia"]),
//!     Entry::new("US-GA", "SUBDIVISION", ["Georgia"]),
//! ])
//! .unwrap();
//!
//! let text = "North\nKOREA's ties with the U.S.-led bloc and Georgia";
//! let found = gazetteer.find(text);
//! let mentions: Vec<&str> = found.iter().map(|m| &text[m.range()]).collect();
//! assert_eq!(mentions, ["North\nKOREA", "U.S.", "Georgia"]);
//! // One name, several entries: all are candidates, the first is the primary.
//! let georgia = gazetteer.candidates(&found[2]);
//! assert_eq!(georgia.len(), 2);
//! assert_eq!(gazetteer.primary(&found[2]).id, "GE");
//! ```
//!
//! # Matching rules
//!
//! - **Canonical caseless matching** (Unicode D145): text and names are compared as
//!   `NFD(casefold(NFD(s)))`, so "STRASSE" finds "straße" and "ΣΊΣΥΦΟΣ" finds "Σίσυφος".
//!   `case_sensitive` keeps case but still normalises. `fold_accents` also drops
//!   nonspacing marks ("Sao Paulo" finds "São Paulo").
//! - A match never starts or ends inside the folded form of one character, nor between a
//!   character and the combining marks that follow it.
//! - Any run of whitespace in the text matches one space in a name; `’` matches `'`.
//! - **Whole words** (default): a match may not start or end inside a word. Word
//!   characters are general categories L*, M* and Nd. A boundary is needed only where both
//!   the match's edge character and its outside neighbour are word characters, and
//!   neither is in a script written without spaces (Han, Hiragana, Katakana, Thai, Lao,
//!   Khmer, Myanmar).
//! - **Overlaps**: [`Overlaps::Longest`] (default), [`Overlaps::All`], [`Overlaps::First`].
//! - Offsets are byte offsets into the original text; normalisation never shifts them.
//!
//! DESIGN.md in the repository explains the normalisation, the offset map and the
//! parallel plan in detail.
//!
//! # Parallelism
//!
//! [`Gazetteer::find_batch`] runs on a rayon pool of `LEXISCAN_NUM_THREADS` threads
//! (default: all cores); with one thread it is a plain loop.

pub mod corpus;
mod error;
pub mod gazetteer;
pub mod parallel;
pub mod quantity;
pub mod text;

#[cfg(feature = "python")]
mod python;

// The command-line tool and the Python module allocate and free small strings and
// buffers per document on every thread; mimalloc's per-thread free lists make that
// cheaper than the system allocator. It is built without transparent huge pages
// (Cargo.toml; DESIGN.md, "Parallel plan"). A program that uses lexiscan as a library
// (neither feature on) keeps its own allocator.
#[cfg(any(feature = "cli", feature = "python"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use error::{Error, ErrorKind, Result};
pub use gazetteer::{Entry, EntryId, Gazetteer, GazetteerBuilder, Match, Meta, Options, Overlaps};
pub use quantity::{Quantities, Quantity};

/// The README's Rust examples run as doctests, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
