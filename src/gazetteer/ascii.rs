//! Whole-word search in ASCII text without folding it first.
//!
//! ASCII text folds byte for byte except whitespace: letters go to lower case (unless
//! case-sensitive), each whitespace run becomes one space, and nothing else changes, so
//! no offset map is needed and the word starts can be found on the original bytes. Most
//! word starts are rejected by the first-word filter on the original bytes (OR-ing 0x20
//! into a letter or digit is what lower-casing it does); the few left are walked with
//! the text folded as the walk reads it. The general path folds the whole text first,
//! which costs more than everything else in a search of news text.

use super::matcher::ends_inside_ascii_word;
use super::trie::Haystack;
use super::{Gazetteer, Match, Trie};
use crate::text::ascii_folding;
use crate::text::swar::{alphanumeric, load8, white_space, HIGHS};

impl Gazetteer {
    /// Every whole-word candidate match in `text` (ASCII), before overlaps are resolved.
    pub(super) fn candidates_in_ascii(&self, text: &str, trie: &Trie, found: &mut Vec<Match>) {
        let bytes = text.as_bytes();
        let case_sensitive = self.options.case_sensitive;
        let fold = ascii_folding(case_sensitive);
        let case = if case_sensitive { 0 } else { 0x20 };
        let mut alphanumeric_before = 0;
        for at in (0..bytes.len()).step_by(8) {
            let x = load8(bytes, at);
            let word = alphanumeric(x);
            // A word starts at every byte that is not whitespace and does not go on a
            // run of letters and digits (the word starts of folded text).
            let starts = !white_space(x) & !(word & (word << 8 | alphanumeric_before)) & HIGHS;
            alphanumeric_before = (word >> 63) << 7;
            // (Past the end `load8` reads zeros, which are not whitespace.)
            let mut starts = match bytes.len() - at {
                n if n < 8 => starts & ((1u64 << (8 * n)) - 1),
                _ => starts,
            };
            while starts != 0 {
                let start = at + (starts.trailing_zeros() / 8) as usize;
                starts &= starts - 1;
                // Whatever the walk starts past is not whitespace, so it folded byte for
                // byte.
                let Some((node, read)) = trie.start(&bytes[start..], case) else {
                    continue;
                };
                let mut haystack = Folding {
                    text: bytes,
                    fold,
                    next: start + read,
                    read,
                };
                trie.nodes.walk_in(node, &mut haystack, read, |end, value| {
                    // (Letters and digits fold to themselves, one byte each.)
                    if !ends_inside_ascii_word(bytes, end - 1) {
                        trie.for_each_pattern(value, |pattern| {
                            self.check_candidate(text, start, end, pattern, found)
                        });
                    }
                });
            }
        }
    }
}

/// ASCII text folded as a walk reads it: positions are folded bytes from the walk's
/// start, reported ends are offsets into the original text.
struct Folding<'a> {
    text: &'a [u8],
    fold: &'static [u8; 128],
    /// The original offset of the next byte to fold.
    next: usize,
    /// How many folded bytes were read (to check that the walk reads in order).
    read: usize,
}

impl Haystack for Folding<'_> {
    /// The walk asks for each position once, in order: the next folded byte.
    #[inline(always)]
    fn byte(&mut self, at: usize) -> Option<u8> {
        debug_assert_eq!(at, self.read, "a walk reads each position once, in order");
        self.read += 1;
        let folded = self.fold[usize::from(*self.text.get(self.next)?)];
        self.next += 1;
        if folded == b' ' {
            // The rest of the whitespace run folds to nothing.
            while self
                .text
                .get(self.next)
                .is_some_and(|&b| self.fold[usize::from(b)] == b' ')
            {
                self.next += 1;
            }
        }
        Some(folded)
    }

    #[inline(always)]
    fn has_run(&mut self, at: usize, run: &[u8]) -> bool {
        run.iter()
            .enumerate()
            .all(|(k, &b)| self.byte(at + k) == Some(b))
    }

    /// Asked right after the `len`-th byte was read: where it ended.
    #[inline(always)]
    fn end(&self, len: usize) -> usize {
        debug_assert_eq!(len, self.read);
        self.next
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::gazetteer::matcher::Scratch;
    use crate::{Entry, Gazetteer, Overlaps};

    fn gazetteer(case_sensitive: bool, overlaps: Overlaps) -> Gazetteer {
        Gazetteer::builder()
            .case_sensitive(case_sensitive)
            .overlaps(overlaps)
            .build([
                Entry::new("NY", "CITY", ["New York", "New York City", "NYC"]),
                Entry::new("US", "COUNTRY", ["U.S.", "United States", "US$"])
                    .with_case_sensitive_names(["US"]),
                Entry::new("KJU", "PERSON", ["Kim Jong Un", "Kim", "Kim Jong"]),
                Entry::new("USD", "CURRENCY", ["$", "dollar", "dollars"]),
                Entry::new("N5", "CODE", ["5", "F-16", "A4"]),
                Entry::new("O", "ORG", ["O'Neill", "AT&T", "e-mail"]),
            ])
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Searching ASCII text as it folds finds exactly what folding it first finds.
        #[test]
        fn the_ascii_path_agrees_with_folding_first(
            parts in proptest::collection::vec(prop_oneof![
                Just("New"), Just("new"), Just("NEW"), Just("York"), Just("york"),
                Just("City"), Just("NYC"), Just("U.S."), Just("US"), Just("us"),
                Just("United"), Just("States"), Just("US$"), Just("$"), Just("5"),
                Just("F-16"), Just("A4"), Just("Kim"), Just("Jong"), Just("Un"),
                Just("O'Neill"), Just("AT&T"), Just("e-mail"), Just("dollars"),
                Just(" "), Just("  "), Just("\n"), Just("\t \r\n"), Just("-"), Just("."),
                Just(","), Just("'s"), Just("("), Just(")"), Just("x"), Just("0"),
                Just("\u{b}"), Just("\u{c}"), Just("_"),
            ], 0..24),
            case_sensitive in any::<bool>(),
            overlaps in prop_oneof![Just(Overlaps::Longest), Just(Overlaps::All), Just(Overlaps::First)],
        ) {
            let text = parts.concat();
            let g = gazetteer(case_sensitive, overlaps);
            let folded_first = g.find_in_folded(&text, &mut Scratch::default());
            prop_assert_eq!(g.find(&text), folded_first, "{:?}", text);
        }
    }
}
