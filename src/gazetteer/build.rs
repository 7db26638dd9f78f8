//! Compiling entries into a gazetteer.

use rustc_hash::FxHashMap;

use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::MatchKind;

use super::first_words::FirstWords;
use super::{trie, Entry, EntryId, Gazetteer, Options, Overlaps, Shard, Trie, SHARED};
use crate::error::{Error, ErrorKind, Result};
use crate::text::{fold_name, FoldOptions};

/// Above this many distinct names, the automaton is built in shards, in parallel.
const SHARD_NAMES: usize = 600_000;

/// Configures and builds a [`Gazetteer`].
///
/// ```
/// use lexiscan::{Entry, Gazetteer, Overlaps};
/// let g = Gazetteer::builder()
///     .fold_accents(true)
///     .overlaps(Overlaps::All)
///     .build([Entry::new("br-sp", "CITY", ["São Paulo"])])
///     .unwrap();
/// assert_eq!(g.find("Sao Paulo").len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    options: Options,
    whole_words_by_automaton: bool,
}

impl GazetteerBuilder {
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    pub fn options(&mut self, options: Options) -> &mut GazetteerBuilder {
        self.options = options;
        self
    }

    pub fn case_sensitive(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.options.case_sensitive = yes;
        self
    }

    pub fn fold_accents(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.options.fold_accents = yes;
        self
    }

    pub fn whole_words(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.options.whole_words = yes;
        self
    }

    /// Whole-word search without the trie: the Aho-Corasick automaton runs over every
    /// byte and the matches that start at word starts are kept. Slower; an independent
    /// path that tests compare with the trie walk on the same cases.
    #[doc(hidden)]
    pub fn whole_words_by_automaton(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.whole_words_by_automaton = yes;
        self
    }

    pub fn overlaps(&mut self, overlaps: Overlaps) -> &mut GazetteerBuilder {
        self.options.overlaps = overlaps;
        self
    }

    /// Folds every name and compiles the automaton. Fails on an entry without a label or
    /// names, or with a name that is empty after folding; the error names the entry.
    pub fn build(&self, entries: impl IntoIterator<Item = Entry>) -> Result<Gazetteer> {
        let entries: Vec<Entry> = entries.into_iter().collect();
        if entries.len() > u32::MAX as usize {
            return Err(Error::new(
                ErrorKind::Build,
                "too many entries (more than 2^32)",
            ));
        }
        let fold = self.options.fold_options();
        // Folding is the costly part of preparing millions of names: do it in parallel.
        // Each name becomes (folded form, exact-case form for case-sensitive names).
        let exact = FoldOptions {
            case_sensitive: true,
            ..fold
        };
        let folded = crate::parallel::map(&entries, |entry| {
            let plain = entry.names.iter().map(|name| (fold_name(name, fold), None));
            let cased = entry.case_sensitive_names.iter().map(|name| {
                let exact_form = (!fold.case_sensitive).then(|| fold_name(name, exact));
                (fold_name(name, fold), exact_form)
            });
            plain.chain(cased).collect::<Vec<_>>()
        });
        for (index, (entry, names)) in entries.iter().zip(&folded).enumerate() {
            check_entry(index, entry)?;
            if let Some(k) = names.iter().position(|(f, _)| f.is_empty()) {
                let name = entry
                    .names
                    .iter()
                    .chain(&entry.case_sensitive_names)
                    .nth(k)
                    .expect("k < names");
                let what = format!("name {name:?} is empty after normalisation");
                return Err(invalid(index, entry, what));
            }
        }

        // Rank entries: higher priority first, then insertion order.
        let mut order: Vec<EntryId> = (0..entries.len() as EntryId).collect();
        order.sort_by_key(|&e| std::cmp::Reverse(entries[e as usize].priority));
        let mut rank = vec![0u32; entries.len()];
        for (r, &e) in order.iter().enumerate() {
            rank[e as usize] = r as u32;
        }

        // Distinct folded names become patterns; each remembers its entries.
        // A case-sensitive name is its own pattern (checked for exact case after matching).
        let mut pattern_of: FxHashMap<(&[u8], Option<&[u8]>), u32> = FxHashMap::default();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut exact_forms: FxHashMap<u32, Box<[u8]>> = FxHashMap::default();
        let mut pairs: Vec<(u32, u32)> = Vec::new(); // (pattern, rank of entry)
        for &e in &order {
            for (name, exact_form) in &folded[e as usize] {
                let next = patterns.len() as u32;
                let key = (name.as_slice(), exact_form.as_deref());
                let p = *pattern_of.entry(key).or_insert_with(|| {
                    patterns.push(name.as_slice());
                    if let Some(x) = exact_form {
                        exact_forms.insert(next, x.clone().into_boxed_slice());
                    }
                    next
                });
                pairs.push((p, rank[e as usize]));
            }
        }
        drop(pattern_of);
        pairs.sort_unstable();
        pairs.dedup();

        let mut name_entry_starts = Vec::with_capacity(patterns.len() + 1);
        let mut name_entries = Vec::with_capacity(pairs.len());
        let mut name_rank = Vec::with_capacity(patterns.len());
        for (p, &(pattern, r)) in pairs.iter().enumerate() {
            if p == 0 || pairs[p - 1].0 != pattern {
                name_entry_starts.push(name_entries.len() as u32);
                name_rank.push(r);
            }
            name_entries.push(order[r as usize]);
        }
        name_entry_starts.push(name_entries.len() as u32);

        // Whole words: a trie walked from word starts (no failure links to build).
        let (trie, automata) = if self.options.whole_words && !self.whole_words_by_automaton {
            (
                Some(build_trie(&patterns, self.options.case_sensitive)?),
                Vec::new(),
            )
        } else {
            (None, build_automata(&patterns)?)
        };
        let distinct_names = patterns.len();
        drop(patterns);
        drop(folded);
        Ok(Gazetteer {
            options: self.options,
            entries,
            trie,
            automata,
            exact_forms,
            name_entry_starts,
            name_entries,
            name_rank,
            distinct_names,
        })
    }
}

/// The trie for whole-word walks: the distinct folded names, sorted, each key holding its
/// pattern, or (rarely: a name and a case-sensitive name) the group of patterns sharing it.
/// `case_sensitive`: whether ASCII text is searched with its case.
fn build_trie(patterns: &[&[u8]], case_sensitive: bool) -> Result<Trie> {
    if patterns.len() > SHARED as usize {
        return Err(Error::new(
            ErrorKind::Build,
            "cannot build the trie: more than 2^31 distinct names",
        ));
    }
    let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        patterns[a as usize]
            .cmp(patterns[b as usize])
            .then(a.cmp(&b))
    });
    let mut keys: Vec<&[u8]> = Vec::new();
    let mut values: Vec<u32> = Vec::new();
    let mut shared_starts = vec![0];
    let mut shared_patterns = Vec::new();
    for run in order.chunk_by(|&a, &b| patterns[a as usize] == patterns[b as usize]) {
        keys.push(patterns[run[0] as usize]);
        if let [only] = run {
            values.push(*only);
        } else {
            values.push(SHARED | (shared_starts.len() - 1) as u32);
            shared_patterns.extend_from_slice(run);
            shared_starts.push(shared_patterns.len() as u32);
        }
    }
    drop(order);
    let nodes = trie::ByteTrie::build(&keys, &values)?;
    let fold = crate::text::ascii_folding(case_sensitive);
    let opening = super::ascii::Opening::new(
        (0..128u8).filter(|&b| nodes.root(fold[usize::from(b)]) != u32::MAX),
    );
    Ok(Trie {
        longest_name: keys.iter().map(|k| k.len()).max().unwrap_or(0),
        opening,
        first_words: FirstWords::build(&keys, &nodes)?,
        nodes,
        shared_starts,
        shared_patterns,
    })
}

/// Aho-Corasick automata for matching inside words. The automaton builds on one thread;
/// very large name sets are cut into shards built in parallel (each search then walks
/// every shard).
fn build_automata(patterns: &[&[u8]]) -> Result<Vec<Shard>> {
    let shards = patterns
        .len()
        .div_ceil(SHARD_NAMES)
        .clamp(1, crate::parallel::num_threads());
    let chunks: Vec<(u32, &[&[u8]])> = patterns
        .chunks(patterns.len().div_ceil(shards).max(1))
        .enumerate()
        .map(|(k, chunk)| ((k * patterns.len().div_ceil(shards)) as u32, chunk))
        .collect();
    crate::parallel::map(&chunks, |&(first, chunk)| {
        NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(chunk)
            .map(|nfa| Shard { nfa, first })
    })
    .into_iter()
    .collect::<std::result::Result<Vec<_>, _>>()
    .map_err(|e| {
        Error::with_source(
            ErrorKind::Build,
            format!("cannot build the automaton: {e}"),
            e,
        )
    })
}

fn check_entry(index: usize, entry: &Entry) -> Result<()> {
    if entry.label.trim().is_empty() {
        return Err(invalid(index, entry, "empty label".into()));
    }
    if entry.names.is_empty() {
        return Err(invalid(
            index,
            entry,
            "no names (a canonical name is needed)".into(),
        ));
    }
    Ok(())
}

fn invalid(index: usize, entry: &Entry, what: String) -> Error {
    Error::new(
        ErrorKind::InvalidEntry,
        format!("entry {index} (id {:?}): {what}", entry.id),
    )
}
