//! The built index in a saved gazetteer (format version 2): the trie, its first-word
//! table and the name tables as they are in memory, so that loading a large gazetteer
//! skips folding, sorting and building its names. Only a gazetteer that searches whole
//! words with its trie has one (the automaton of `whole_words = false` cannot be saved).
//!
//! Layout (integers little-endian): the layout number (u32), then sections, each a
//! length (u64) and its bytes: the head (distinct names u64, longest name u64, the
//! opening bytes 16), the name tables (entry starts, entries, ranks: u32 each), the
//! exact forms (pattern u32, length u32, bytes, for each), the trie (root: 256 u32;
//! records), its shared patterns (starts, patterns: u32 each) and the first-word table
//! (shift u32; filter blocks u64; slots, four u64 each; tails).

use crate::gazetteer::ascii::Opening;
use crate::gazetteer::first_words::FirstWords;
use crate::gazetteer::trie::ByteTrie;
use crate::gazetteer::{Entry, Gazetteer, Options, Trie, SHARED};

/// Bump whenever what the index holds, or how search reads it, changes: an index of
/// another layout is ignored and the gazetteer rebuilt from its entries. The test
/// `the_stored_index_is_pinned` (tests/load_persist.rs) fails first, as a reminder.
const LAYOUT: u32 = 1;

/// Appends the index of `g`, if it has one.
pub(super) fn write(g: &Gazetteer, out: &mut Vec<u8>) {
    let Some(trie) = &g.trie else { return };
    out.extend_from_slice(&LAYOUT.to_le_bytes());
    let mut head = Vec::with_capacity(32);
    head.extend_from_slice(&(g.distinct_names as u64).to_le_bytes());
    head.extend_from_slice(&(trie.longest_name as u64).to_le_bytes());
    head.extend_from_slice(&trie.opening.to_bytes());
    section(out, &head);
    section(out, &le32(&g.name_entry_starts));
    section(out, &le32(&g.name_entries));
    section(out, &le32(&g.name_rank));
    // In pattern order, so that the same gazetteer always gives the same bytes.
    let mut forms: Vec<(&u32, &Box<[u8]>)> = g.exact_forms.iter().collect();
    forms.sort_unstable();
    let mut exact = Vec::new();
    for (&pattern, form) in forms {
        exact.extend_from_slice(&pattern.to_le_bytes());
        exact.extend_from_slice(&(form.len() as u32).to_le_bytes());
        exact.extend_from_slice(form);
    }
    section(out, &exact);
    let (root, records) = trie.nodes.parts();
    section(out, &le32(root));
    section(out, records);
    section(out, &le32(&trie.shared_starts));
    section(out, &le32(&trie.shared_patterns));
    let (blocks, shift, slots, tails) = trie.first_words.parts();
    section(out, &shift.to_le_bytes());
    section(out, &le64(blocks));
    section(out, &le64(&slots));
    section(out, tails);
}

/// Whether `bytes` (what follows the specification) hold an index this build reads.
pub(super) fn readable(bytes: &[u8]) -> bool {
    bytes.get(..4) == Some(&LAYOUT.to_le_bytes())
}

/// The gazetteer of `options` and `entries` with the index in `bytes` (which must be
/// [`readable`]). An index that does not fit its entries, or itself, is refused: what
/// search would read out of place is checked here.
pub(super) fn read(
    bytes: &[u8],
    options: Options,
    entries: Vec<Entry>,
) -> Result<Gazetteer, String> {
    if !options.whole_words {
        return Err("an index in a gazetteer that matches inside words".into());
    }
    let mut sections = Sections(&bytes[4..]);
    let head = sections.next()?;
    if head.len() != 32 {
        return Err("the index's head has the wrong size".into());
    }
    let distinct_names = usize::try_from(u64_at(head, 0)).map_err(|_| "too many names")?;
    let longest_name = usize::try_from(u64_at(head, 8)).map_err(|_| "too long a name")?;
    let opening = Opening::from_bytes(head[16..32].try_into().expect("16 bytes"));
    let name_entry_starts = sections.u32s()?;
    let name_entries = sections.u32s()?;
    let name_rank = sections.u32s()?;
    if Some(name_entry_starts.len()) != distinct_names.checked_add(1)
        || name_entry_starts.first() != Some(&0)
        || name_entry_starts.windows(2).any(|w| w[0] > w[1])
        || name_entry_starts.last() != Some(&(name_entries.len() as u32))
        || name_rank.len() != distinct_names
        || name_entries.iter().any(|&e| e as usize >= entries.len())
    {
        return Err("the index's name tables do not fit its entries".into());
    }
    let mut exact_forms = rustc_hash::FxHashMap::default();
    let mut exact = sections.next()?;
    while !exact.is_empty() {
        let (pattern, len) = (u32_at(exact, 0)?, u32_at(exact, 4)? as usize);
        let form = exact.get(8..8 + len).ok_or("an exact form is cut short")?;
        if pattern as usize >= distinct_names {
            return Err("an exact form of no name".into());
        }
        exact_forms.insert(pattern, form.into());
        exact = &exact[8 + len..];
    }
    let root: Box<[u32; 256]> = sections
        .u32s()?
        .into_boxed_slice()
        .try_into()
        .map_err(|_| "the trie's root has the wrong size")?;
    let records = sections.next()?;
    // Every byte of a name after its first is a label in some record.
    if longest_name > records.len() + 1 {
        return Err("the longest name is longer than the trie".into());
    }
    let shared_starts = sections.u32s()?;
    let shared_patterns = sections.u32s()?;
    if shared_starts.first() != Some(&0)
        || shared_starts.windows(2).any(|w| w[0] > w[1])
        || shared_starts.last() != Some(&(shared_patterns.len() as u32))
        || shared_patterns
            .iter()
            .any(|&p| p as usize >= distinct_names)
    {
        return Err("the trie's shared names do not fit".into());
    }
    // A trie value is a name, or a group of names that fold alike.
    let groups = shared_starts.len() - 1;
    let value_ok = |v: u32| match v & SHARED {
        0 => (v as usize) < distinct_names,
        _ => ((v & !SHARED) as usize) < groups,
    };
    let (nodes, starts) =
        ByteTrie::from_parts(root, records.to_vec(), value_ok).map_err(|e| e.to_string())?;
    let shift = u32_at(sections.next()?, 0)?;
    let blocks = sections.u64s()?;
    let slots = sections.u64s()?;
    let tails = sections.next()?.to_vec();
    let first_words = FirstWords::from_parts(blocks, shift, &slots, tails, &starts, value_ok)
        .map_err(|e| e.to_string())?;
    if !sections.0.is_empty() {
        return Err("bytes after the index".into());
    }
    Ok(Gazetteer {
        options,
        entries,
        trie: Some(Trie {
            nodes,
            shared_starts,
            shared_patterns,
            first_words,
            longest_name,
            opening,
        }),
        automata: Vec::new(),
        exact_forms,
        name_entry_starts,
        name_entries,
        name_rank,
        distinct_names,
    })
}

fn section(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn le32(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn le64(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, String> {
    let four = bytes.get(at..at + 4).ok_or("a number is cut short")?;
    Ok(u32::from_le_bytes(four.try_into().expect("4 bytes")))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The sections of an index, read in order.
struct Sections<'a>(&'a [u8]);

impl<'a> Sections<'a> {
    fn next(&mut self) -> Result<&'a [u8], String> {
        let len = self.0.get(..8).ok_or("the index is cut short")?;
        let len = u64::from_le_bytes(len.try_into().expect("8 bytes"));
        let len = usize::try_from(len).map_err(|_| "a section is too long")?;
        let bytes = self.0[8..].get(..len).ok_or("the index is cut short")?;
        self.0 = &self.0[8 + len..];
        Ok(bytes)
    }

    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        self.numbers(u32::from_le_bytes)
    }

    fn u64s(&mut self) -> Result<Vec<u64>, String> {
        self.numbers(u64::from_le_bytes)
    }

    /// A section of `N`-byte numbers.
    fn numbers<const N: usize, T>(&mut self, read: fn([u8; N]) -> T) -> Result<Vec<T>, String> {
        let bytes = self.next()?;
        if bytes.len() % N != 0 {
            return Err(format!("a table of {N}-byte numbers is cut short"));
        }
        let numbers = bytes.chunks_exact(N);
        Ok(numbers
            .map(|w| read(w.try_into().expect("N bytes")))
            .collect())
    }
}
