//! Searching text with a compiled gazetteer.

use std::cell::RefCell;
use std::ops::Range;

use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::Input;

use super::{Gazetteer, Overlaps, Trie};
use crate::text::{fold_into, fold_name, needs_word_boundary, FoldOptions, Folded, OffsetMap};

/// A mention found in text: a byte range of the original text and the name it matched.
///
/// Look up what it refers to with [`Gazetteer::primary`] and [`Gazetteer::candidates`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Match {
    /// Byte offset of the first byte of the mention in the original text.
    pub start: usize,
    /// Byte offset just past the mention (exclusive).
    pub end: usize,
    /// The distinct folded name that matched (an index into the gazetteer's names).
    pub name: u32,
}

impl Match {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Buffers reused across calls on the same thread, so a batch of short texts does not
/// allocate new ones per text (only the result).
#[derive(Default)]
pub(super) struct Scratch {
    folded: Folded,
    ascii: super::ascii::AsciiScratch,
    /// Every valid candidate, before overlaps are resolved.
    found: Vec<Match>,
    /// The parts of a mostly-ASCII text that are folded.
    regions: Vec<super::mixed::Region>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Gazetteer {
    /// Finds the mentions in `text`, ordered by start (then end), as byte ranges.
    ///
    /// ```
    /// use lexiscan::{Entry, Gazetteer};
    /// let g = Gazetteer::new([Entry::new("KP", "COUNTRY", ["North Korea"])]).unwrap();
    /// let text = "NORTH\nKorea's army";
    /// let found = g.find(text);
    /// assert_eq!(&text[found[0].range()], "NORTH\nKorea");
    /// assert_eq!(g.primary(&found[0]).label, "COUNTRY");
    /// ```
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.find_known(text, text.is_ascii())
    }

    /// [`Gazetteer::find`] for a caller that knows whether `text` is ASCII (`ascii` must
    /// be `text.is_ascii()`): a Python `str` says so without its text being read.
    pub(crate) fn find_known(&self, text: &str, ascii: bool) -> Vec<Match> {
        debug_assert_eq!(ascii, text.is_ascii());
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.find_in(text, ascii, &mut scratch),
            // Re-entered on this thread (e.g. from a callback): use fresh buffers.
            Err(_) => self.find_in(text, ascii, &mut Scratch::default()),
        })
    }

    /// Finds the mentions in each text, in parallel on the shared pool
    /// (`LEXISCAN_NUM_THREADS` threads; one thread means a plain serial loop).
    pub fn find_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<Match>> {
        crate::parallel::map(texts, |t| self.find(t.as_ref()))
    }

    fn find_in(&self, text: &str, is_ascii: bool, scratch: &mut Scratch) -> Vec<Match> {
        let Some(trie) = self.trie.as_ref().filter(|_| self.automata.is_empty()) else {
            return self.find_in_folded(text, scratch);
        };
        let Scratch {
            folded,
            ascii,
            found,
            regions,
        } = scratch;
        found.clear();
        if is_ascii {
            self.candidates_in_ascii(text, 0..text.len(), trie, found, ascii);
        } else {
            // Only the parts around the other characters are folded.
            self.candidates_in_mixed(text, trie, regions, folded, ascii, found);
        }
        self.resolve_overlaps(found);
        found.to_vec()
    }

    /// [`Gazetteer::find`] on any text: folds it whole, then searches the folded text.
    pub(super) fn find_in_folded(&self, text: &str, scratch: &mut Scratch) -> Vec<Match> {
        let Scratch { folded, found, .. } = scratch;
        fold_into(text, self.options.fold_options(), folded);
        found.clear();
        let mut accept = |start: usize, end: usize, pattern: u32| {
            self.accept_folded(text, 0, &folded.map, start, end, pattern, found)
        };
        // Every occurrence of every name is considered, overlapping ones included: the
        // boundary check must come before choosing among overlaps, or a junk alias inside
        // one word would hide a real name that starts later.
        if let Some(trie) = &self.trie {
            // A whole-word match can only start where a word can: walk the trie from
            // those places only, instead of running an automaton over every byte.
            walk_trie(trie, &folded.bytes, &folded.word_starts, &mut accept);
        }
        for shard in &self.automata {
            let input = Input::new(&folded.bytes);
            let mut state = OverlappingState::start();
            loop {
                shard
                    .nfa
                    .try_find_overlapping(&input, &mut state)
                    .expect("an unanchored search on a contiguous NFA cannot fail");
                let Some(m) = state.get_match() else { break };
                let start_ok = if self.options.whole_words {
                    // (Built to check the trie: the same starts as its walks.)
                    folded.word_starts.binary_search(&m.start()).is_ok()
                } else {
                    folded.map.is_boundary(m.start())
                };
                if start_ok {
                    accept(m.start(), m.end(), shard.first + m.pattern().as_u32());
                }
            }
        }
        self.resolve_overlaps(found);
        found.to_vec()
    }

    /// Checks a candidate found in folded text that starts at `offset` of `text`, with
    /// offset map `map`: its end is a unit edge, then the exact checks on `text`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn accept_folded(
        &self,
        text: &str,
        offset: usize,
        map: &OffsetMap,
        start: usize,
        end: usize,
        pattern: u32,
        found: &mut Vec<Match>,
    ) {
        if !map.is_boundary(end) {
            return;
        }
        if map.one_original_each() {
            let (start, end) = (map.to_original(start), map.to_original(end));
            return self.check_candidate(text, offset + start, offset + end, pattern, found);
        }
        // A folded edge stands for several original offsets only next to units that
        // folded to nothing (lone accents with `fold_accents`): try each.
        for start in map.originals(start) {
            for end in map.originals(end) {
                self.check_candidate(text, offset + start, offset + end, pattern, found);
            }
        }
    }

    /// Keeps `text[start..end]` as a match of `pattern` if it passes the exact checks:
    /// non-empty, whole words (unless matching inside words), the exact case of a
    /// case-sensitive name.
    #[inline]
    pub(super) fn check_candidate(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: u32,
        found: &mut Vec<Match>,
    ) {
        if start < end && (!self.options.whole_words || is_whole_word(text, start, end)) {
            self.push_in_case(text, start..end, pattern, found);
        }
    }

    /// Keeps a candidate known to be a non-empty whole word (the ASCII search's: it
    /// starts at a word start and does not end inside a word, and ASCII text has no
    /// script written without spaces) unless its name is case-sensitive and the mention
    /// is not in its exact case.
    #[inline]
    pub(super) fn accept_whole_word(
        &self,
        text: &str,
        span: Range<usize>,
        pattern: u32,
        found: &mut Vec<Match>,
    ) {
        debug_assert!(!span.is_empty() && is_whole_word(text, span.start, span.end));
        self.push_in_case(text, span, pattern, found);
    }

    /// Keeps a candidate that passed the other checks unless its name is
    /// case-sensitive and the mention is not in its exact case.
    #[inline]
    fn push_in_case(&self, text: &str, span: Range<usize>, pattern: u32, found: &mut Vec<Match>) {
        if self.has_required_case(text, span.clone(), pattern) {
            found.push(Match {
                start: span.start,
                end: span.end,
                name: pattern,
            });
        }
    }

    /// A case-sensitive name matches only a mention (`text[span]`) with its exact case.
    #[inline]
    fn has_required_case(&self, text: &str, span: Range<usize>, pattern: u32) -> bool {
        if self.exact_forms.is_empty() {
            return true; // the usual case: no lookup per candidate
        }
        match self.exact_forms.get(&pattern) {
            None => true,
            Some(exact) => {
                let options = FoldOptions {
                    case_sensitive: true,
                    ..self.options.fold_options()
                };
                fold_name(&text[span], options).as_slice() == &exact[..]
            }
        }
    }

    /// Leaves in `found` the matches to report, in order.
    pub(super) fn resolve_overlaps(&self, found: &mut Vec<Match>) {
        if self.options.overlaps == Overlaps::All {
            found.sort_unstable();
            return;
        }
        // The trie walks find candidates by start already (the automaton does not).
        if found.windows(2).any(|w| w[0].start > w[1].start) {
            found.sort_unstable_by_key(|m| m.start);
        }
        // Greedily, from the left: the best candidate of each start that begins at or
        // after the end of the last one taken (a match is never empty, so the other
        // candidates of a start taken overlap it).
        let mut kept = 0;
        let mut last_end = 0;
        let mut i = 0;
        while i < found.len() {
            let start = found[i].start;
            let mut best = found[i];
            let mut j = i + 1;
            while j < found.len() && found[j].start == start {
                if start >= last_end && self.better(&found[j], &best) {
                    best = found[j];
                }
                j += 1;
            }
            if start >= last_end {
                found[kept] = best;
                kept += 1;
                last_end = best.end;
            }
            i = j;
        }
        found.truncate(kept);
    }

    /// Whether `a` wins over `b`, a candidate with the same start, under the overlap
    /// policy; the pattern index breaks the last ties, so the result does not depend on
    /// the order the search found them in.
    fn better(&self, a: &Match, b: &Match) -> bool {
        let rank = |m: &Match| self.name_rank[m.name as usize];
        let order = match self.options.overlaps {
            // The same span can match two patterns (a name and a case-sensitive name with
            // the same folding): the better-ranked one wins.
            Overlaps::Longest => b.end.cmp(&a.end).then_with(|| rank(a).cmp(&rank(b))),
            Overlaps::First => rank(a).cmp(&rank(b)).then(b.end.cmp(&a.end)),
            Overlaps::All => unreachable!("all candidates are kept"),
        };
        order.then(a.name.cmp(&b.name)).is_lt()
    }
}

/// Walks the trie from each start position, reporting every name that begins there.
pub(super) fn walk_trie(
    trie: &Trie,
    haystack: &[u8],
    starts: &[usize],
    accept: &mut impl FnMut(usize, usize, u32),
) {
    for &start in starts {
        // (A lone accent folded away at the very end leaves a start at the end.)
        let Some(text) = haystack.get(start..) else {
            continue;
        };
        let Some((node, read)) = trie.start(text, 0) else {
            continue;
        };
        trie.nodes.walk_from(node, text, read, |len, value| {
            let end = start + len;
            if !ends_inside_ascii_word(haystack, end - 1) {
                trie.for_each_pattern(value, |pattern| accept(start, end, pattern));
            }
        });
    }
}

/// Whether a name ending at `at` ends inside an ASCII word ("Par" in "Paris"): it can
/// never be a whole word, since ASCII letters and digits in folded text only come from
/// word characters. Skipping it early saves the exact checks.
pub(super) fn ends_inside_ascii_word(haystack: &[u8], at: usize) -> bool {
    haystack[at].is_ascii_alphanumeric()
        && haystack.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether `text[start..end]` neither starts nor ends inside a word.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    // Between ASCII characters (most edges), a word character is a letter or a digit,
    // and no script writes without spaces: the edge's bytes decide.
    let bytes = text.as_bytes();
    let edges = [
        (bytes[start], start.checked_sub(1).map(|k| bytes[k])),
        (bytes[end - 1], bytes.get(end).copied()),
    ];
    if edges
        .iter()
        .all(|&(inside, outside)| inside.is_ascii() && outside.map_or(true, |b| b.is_ascii()))
    {
        return edges.iter().all(|&(inside, outside)| {
            !(inside.is_ascii_alphanumeric() && outside.is_some_and(|b| b.is_ascii_alphanumeric()))
        });
    }
    // A built trie's names end on character boundaries; one loaded from a file made to
    // look valid might not, and is refused here rather than sliced.
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let inner = &text[start..end];
    let edges = [
        (inner.chars().next(), text[..start].chars().next_back()),
        (inner.chars().next_back(), text[end..].chars().next()),
    ];
    edges.iter().all(|edge| match *edge {
        (Some(inside), Some(outside)) => !needs_word_boundary(inside, outside),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use crate::{Entry, Gazetteer, Overlaps};

    fn surfaces(g: &Gazetteer, text: &str) -> Vec<String> {
        g.find(text)
            .iter()
            .map(|m| format!("{}={}", &text[m.range()], g.primary(m).id))
            .collect()
    }

    #[test]
    fn case_sensitive_names_need_their_exact_case() {
        let g = Gazetteer::new([
            Entry::new("US", "COUNTRY", ["United States"]).with_case_sensitive_names(["US"]),
            Entry::new("WHO", "ORG", ["World Health Organization"])
                .with_case_sensitive_names(["WHO"]),
        ])
        .unwrap();
        assert_eq!(
            surfaces(&g, "US and WHO, who told us; Us"),
            ["US=US", "WHO=WHO"]
        );
        assert_eq!(surfaces(&g, "UNITED STATES"), ["UNITED STATES=US"]);
    }

    #[test]
    fn a_case_sensitive_name_and_a_plain_name_with_the_same_folding() {
        let g = Gazetteer::builder()
            .overlaps(Overlaps::All)
            .build([
                Entry::new("pronoun", "WORD", ["us"]),
                Entry::new("US", "COUNTRY", ["United States"])
                    .with_case_sensitive_names(["US"])
                    .with_priority(5),
            ])
            .unwrap();
        assert_eq!(surfaces(&g, "us"), ["us=pronoun"]);
        assert_eq!(surfaces(&g, "US"), ["US=US", "US=pronoun"]);
        let longest = Gazetteer::builder()
            .build(g.entries().iter().cloned())
            .unwrap();
        assert_eq!(
            surfaces(&longest, "US"),
            ["US=US"],
            "the better-ranked pattern wins a tie"
        );
    }
}
