//! The gazetteer matcher: find every mention of known names in text.
//!
//! A [`Gazetteer`] is built once from [`Entry`]s and then shared (it is immutable,
//! `Send` and `Sync`). Build one with [`Gazetteer::new`] or [`Gazetteer::builder`],
//! load entries with [`load`], save and reload it with [`Gazetteer::save`] and
//! [`Gazetteer::load`], or take the built-in one with [`Gazetteer::default_world`].

mod ascii;
mod build;
mod default;
mod entry;
mod filter;
mod first_words;
pub mod load;
mod matcher;
mod mixed;
mod persist;
mod trie;

pub use build::GazetteerBuilder;
pub use entry::{Entry, Meta};
pub use matcher::Match;

use aho_corasick::nfa::contiguous::NFA;
use serde::{Deserialize, Serialize};

use crate::text::FoldOptions;

/// What to do when candidate matches overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Overlaps {
    /// Among the matches that pass the boundary check, take the leftmost, and of those
    /// the longest; continue after its end. The result never overlaps.
    #[default]
    Longest,
    /// Every valid match, overlapping ones included.
    All,
    /// Like `Longest`, but among matches starting at the same place the one whose best
    /// entry has the highest priority (then was added first) wins, whatever its length.
    First,
}

impl std::str::FromStr for Overlaps {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Overlaps> {
        match s {
            "longest" => Ok(Overlaps::Longest),
            "all" => Ok(Overlaps::All),
            "first" => Ok(Overlaps::First),
            _ => Err(crate::Error::new(
                crate::ErrorKind::InvalidEntry,
                format!("unknown overlap policy {s:?}: expected longest, all or first"),
            )),
        }
    }
}

/// How a gazetteer matches. The defaults: case-insensitive, accents significant,
/// whole words only, longest non-overlapping matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Options {
    pub case_sensitive: bool,
    pub fold_accents: bool,
    pub whole_words: bool,
    pub overlaps: Overlaps,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            case_sensitive: false,
            fold_accents: false,
            whole_words: true,
            overlaps: Overlaps::Longest,
        }
    }
}

impl Options {
    pub fn fold_options(&self) -> FoldOptions {
        FoldOptions {
            case_sensitive: self.case_sensitive,
            fold_accents: self.fold_accents,
        }
    }
}

/// The names as a trie without failure links, for whole-word matching: a walk starts
/// only at word starts, so failure links would be dead weight (and they are most of the
/// build time and memory of an Aho-Corasick automaton).
#[derive(Clone)]
struct Trie {
    /// The distinct folded names. Each reports its pattern directly (no lookup after the
    /// walk), or `SHARED | k` when several patterns share its folded bytes (a name and a
    /// case-sensitive name): then the patterns are group `k` of `shared_patterns`.
    nodes: trie::ByteTrie,
    shared_starts: Vec<u32>,
    shared_patterns: Vec<u32>,
    /// Rejects most word starts before a walk.
    first_words: first_words::FirstWords,
    /// The length of the longest folded name in bytes: how far a walk can read, which
    /// bounds how much ASCII around a non-ASCII character the general path must fold
    /// (`mixed.rs`).
    longest_name: usize,
    /// The ASCII bytes (as they are in the text) other than whitespace that begin a
    /// name once folded: at a word start on any other byte the ASCII search starts no
    /// walk.
    opening: ascii::Opening,
}

/// The flag of a trie value that stands for a group of patterns.
const SHARED: u32 = 1 << 31;

impl Trie {
    /// Where a walk from the word start at the beginning of `text` begins: the node and
    /// how many bytes of `text` lead to it (past the whole first word, else past the first
    /// byte); `None` when no name can start there. `case` is OR-ed into the bytes of the
    /// first word (0x20 for original ASCII text searched without case).
    #[inline(always)]
    fn start(&self, text: &[u8], case: u8) -> Option<(u32, usize)> {
        let &first = text.first()?;
        if !first.is_ascii_alphanumeric() {
            return Some((self.nodes.root(first), 1));
        }
        match self.first_words.start(text, case) {
            first_words::Start::Nowhere => None,
            first_words::Start::Root => Some((self.nodes.root(first), 1)),
            first_words::Start::After { node, len } => Some((node, len)),
        }
    }

    /// Calls `f` with each pattern a trie value stands for.
    #[inline(always)]
    fn for_each_pattern(&self, value: u32, mut f: impl FnMut(u32)) {
        if value & SHARED == 0 {
            return f(value);
        }
        let k = (value & !SHARED) as usize;
        let (lo, hi) = (self.shared_starts[k], self.shared_starts[k + 1]);
        self.shared_patterns[lo as usize..hi as usize]
            .iter()
            .for_each(|&p| f(p));
    }
}

/// One automaton over a contiguous range of the distinct names.
#[derive(Clone)]
struct Shard {
    nfa: NFA,
    /// The name index of the shard's pattern 0.
    first: u32,
}

/// Index of an entry in a [`Gazetteer`], in the order the entries were given.
pub type EntryId = u32;

/// A compiled gazetteer. See the crate documentation for the matching rules.
#[derive(Clone)]
pub struct Gazetteer {
    options: Options,
    entries: Vec<Entry>,
    /// Whole-word matching: the names as a trie, walked from word starts.
    trie: Option<Trie>,
    /// Matching inside words too: the names as Aho-Corasick automata run over every
    /// byte. One shard unless the gazetteer is very large (shards build in parallel).
    /// Empty for whole-word search (unless built to check the trie against them).
    automata: Vec<Shard>,
    /// Case-sensitive names: their patterns and the exact-case form a match must have.
    exact_forms: rustc_hash::FxHashMap<u32, Box<[u8]>>,
    /// For each distinct folded name (an automaton pattern), the entries it belongs to,
    /// best first, as ranges into `name_entries` (compressed sparse rows).
    name_entry_starts: Vec<u32>,
    name_entries: Vec<EntryId>,
    /// For each pattern, the rank (0 = best) of its best entry; used by `Overlaps::First`.
    name_rank: Vec<u32>,
    distinct_names: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("options", &self.options)
            .field("entries", &self.entries.len())
            .field("distinct_names", &self.distinct_names)
            .finish()
    }
}

impl Gazetteer {
    /// Builds a gazetteer with the default [`Options`].
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> crate::Result<Gazetteer> {
        GazetteerBuilder::new().build(entries)
    }

    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id as usize]
    }

    /// The number of distinct names after folding (the automaton's patterns).
    pub fn distinct_names(&self) -> usize {
        self.distinct_names
    }

    /// Every entry a match refers to, best first (priority, then insertion order).
    pub fn candidates(&self, m: &Match) -> &[EntryId] {
        let p = m.name as usize;
        let (lo, hi) = (
            self.name_entry_starts[p] as usize,
            self.name_entry_starts[p + 1] as usize,
        );
        &self.name_entries[lo..hi]
    }

    /// The best entry of a match: its label and id are the match's label and id.
    pub fn primary(&self, m: &Match) -> &Entry {
        self.entry(self.candidates(m)[0])
    }

    /// The heap memory used by the compiled automaton (or trie), in bytes.
    pub fn automaton_memory(&self) -> usize {
        let trie = self.trie.as_ref().map_or(0, |t| {
            t.nodes.memory()
                + t.first_words.memory()
                + 4 * (t.shared_starts.len() + t.shared_patterns.len())
        });
        trie + self
            .automata
            .iter()
            .map(|s| aho_corasick::automaton::Automaton::memory_usage(&s.nfa))
            .sum::<usize>()
    }
}

#[cfg(test)]
mod send_sync {
    // A gazetteer is shared across threads without locks; keep it that way.
    const fn assert_send_sync<T: Send + Sync>() {}
    const _: () = assert_send_sync::<super::Gazetteer>();
    const _: () = assert_send_sync::<super::Match>();
}
