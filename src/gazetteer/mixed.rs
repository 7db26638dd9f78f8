//! Whole-word search in texts that are mostly ASCII with a few other characters (curly
//! quotes, dashes, accented names): the ASCII search runs over the ASCII stretches, and
//! only a region around the other characters is folded and searched by the general
//! path. DESIGN.md ("Texts with a few non-ASCII characters") argues that the matches
//! are those of folding the whole text.

use std::ops::Range;

use super::ascii::AsciiScratch;
use super::matcher::walk_trie;
use super::{Gazetteer, Match, Trie};
use crate::text::{fold_into, Folded};

/// How many folded bytes past a name's length the ASCII search may read from a word
/// start: the byte after the first word, the two after the whitespace that may follow
/// it (the first-word slot's follow set), and the peek past a whitespace run.
const ASCII_READS_PAST: usize = 4;

/// A part of the text searched by the general path: the matches starting in `starts`,
/// found in the folded `starts.start..window_end` (which holds all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Region {
    pub starts: Range<usize>,
    pub window_end: usize,
}

/// ASCII whitespace as both paths see it (`char::is_whitespace` on ASCII).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether the text may be cut at `at`: whitespace before it, an ASCII character that
/// is not whitespace at it. Both searches see a unit edge there, a word start, and no
/// whitespace run going across.
fn is_cut(bytes: &[u8], at: usize) -> bool {
    is_space(bytes[at - 1]) && bytes[at].is_ascii() && !is_space(bytes[at])
}

/// The first non-ASCII byte at or after `from`.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    // Eight bytes at a time until a high bit shows.
    while let Some(eight) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let high = x & 0x8080_8080_8080_8080;
        if high != 0 {
            return Some(at + (high.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| !b.is_ascii())
        .map(|k| at + k)
}

/// The regions of `bytes` (not all ASCII) that the general path searches, in order;
/// the ASCII search takes the rest. `longest` is the longest folded name's length.
///
/// A region starts at a cut with at least `longest + ASCII_READS_PAST` ASCII bytes
/// other than whitespace before its first non-ASCII byte (or where the previous region
/// ends, or at 0), so that the ASCII search from any earlier start reads no non-ASCII
/// byte; it ends at the first cut after its last non-ASCII byte; its window goes on to
/// a cut with at least `longest` such bytes past that (and no non-ASCII byte), so that
/// every match starting in the region ends inside the window.
pub(super) fn general_regions(bytes: &[u8], longest: usize, regions: &mut Vec<Region>) {
    regions.clear();
    let lead = longest + ASCII_READS_PAST;
    let mut from = 0;
    while let Some(first) = next_non_ascii(bytes, from) {
        // Back over `lead` bytes that are not whitespace (all ASCII: `from` ends the
        // previous region), then back to a cut.
        let mut start = first;
        let mut count = 0;
        while start > from && count < lead {
            start -= 1;
            count += usize::from(!is_space(bytes[start]));
        }
        while start > from && !is_cut(bytes, start) {
            start -= 1;
        }
        // On to the first cut after the last non-ASCII byte, then the window: `longest`
        // ASCII bytes that are not whitespace (each folds to one byte), then a cut. A
        // non-ASCII byte met on the way joins the region (it would start a region that
        // joins this one), so each byte is looked at a bounded number of times.
        let mut end = first + 1;
        let window_end = 'region: loop {
            while end < bytes.len() && !is_cut(bytes, end) {
                end += 1;
            }
            let mut window_end = end;
            let mut count = 0;
            while window_end < bytes.len() && count < longest {
                let b = bytes[window_end];
                if !b.is_ascii() {
                    end = window_end + 1;
                    continue 'region;
                }
                count += usize::from(!is_space(b));
                window_end += 1;
            }
            while window_end < bytes.len() && !is_cut(bytes, window_end) {
                if !bytes[window_end].is_ascii() {
                    end = window_end + 1;
                    continue 'region;
                }
                window_end += 1;
            }
            break window_end;
        };
        match regions.last_mut() {
            // Close to the previous region: one region, so no text is folded twice.
            Some(last) if start < last.window_end => {
                last.starts.end = end;
                last.window_end = window_end;
            }
            _ => regions.push(Region {
                starts: start..end,
                window_end,
            }),
        }
        from = end;
    }
}

impl Gazetteer {
    /// Every whole-word candidate match in `text` (not all ASCII), before overlaps are
    /// resolved: the ASCII search between the general regions, the general path in them.
    pub(super) fn candidates_in_mixed(
        &self,
        text: &str,
        trie: &Trie,
        regions: &mut Vec<Region>,
        folded: &mut Folded,
        ascii: &mut AsciiScratch,
        found: &mut Vec<Match>,
    ) {
        general_regions(text.as_bytes(), trie.longest_name, regions);
        let mut ascii_from = 0;
        for region in regions.iter() {
            if ascii_from < region.starts.start {
                self.candidates_in_ascii(text, ascii_from..region.starts.start, trie, found, ascii);
            }
            self.candidates_in_region(text, region, trie, folded, found);
            ascii_from = region.starts.end;
        }
        if ascii_from < text.len() {
            self.candidates_in_ascii(text, ascii_from..text.len(), trie, found, ascii);
        }
    }

    /// The candidates starting in `region`, from its window folded.
    fn candidates_in_region(
        &self,
        text: &str,
        region: &Region,
        trie: &Trie,
        folded: &mut Folded,
        found: &mut Vec<Match>,
    ) {
        let offset = region.starts.start;
        fold_into(
            &text[offset..region.window_end],
            self.options.fold_options(),
            folded,
        );
        // The word starts of the region (the window's end is a cut: the folded positions
        // before it map to original offsets before it).
        let starts_end = region.starts.end - offset;
        let map = &folded.map;
        let starts = folded
            .word_starts
            .partition_point(|&at| map.to_original(at) < starts_end);
        walk_trie(
            trie,
            &folded.bytes,
            &folded.word_starts[..starts],
            &mut |start, end, pattern| {
                self.accept_folded(text, offset, map, start, end, pattern, found)
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{general_regions, is_cut, next_non_ascii};
    use crate::gazetteer::ascii::tests::{overlaps, same_as_folding_first};
    use crate::{Entry, Gazetteer, Overlaps};

    /// Pieces of names and texts: mostly ASCII words, separators and whitespace, and
    /// the non-ASCII characters that decide matches around them: curly quotes (’ folds
    /// to '), dashes, accented letters precomposed and decomposed, lone combining marks,
    /// NBSP and other Unicode whitespace, letters that fold to several ("ß", "İ"), and
    /// scripts written without spaces.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(
            &[
                "a",
                "b",
                "ab",
                "Ab",
                "AB",
                "abc",
                "x1",
                "9",
                "abcdefghi",
                " ",
                " ",
                "  ",
                "\n",
                "\t \r\n",
                "-",
                ".",
                ",",
                "'",
                "$",
                "(",
                "’",
                "“",
                "”",
                "—",
                "é",
                "É",
                "e\u{301}",
                "\u{301}",
                "\u{308}",
                "ß",
                "SS",
                "ss",
                "İ",
                "i\u{307}",
                "\u{a0}",
                "\u{2003}",
                "中国",
                "中",
                "한국",
                "Straße",
                "Ab’s",
                "ab's",
                "Ωμέγα",
                "ﬁ",
            ][..],
        )
    }

    /// A text of pieces and names (by index), `ascii_runs` standing for long ASCII
    /// stretches so that the ASCII search gets parts of its own.
    fn text(names: &[String], parts: &[(prop::sample::Index, &str, u8)]) -> String {
        parts
            .iter()
            .map(|(i, piece, kind)| match kind % 4 {
                0 => i.get(names).clone(),
                1 => "the ab abc x1 and ab-9 ".repeat(i.index(4)),
                _ => piece.to_string(),
            })
            .collect()
    }

    fn agrees(
        names: Vec<String>,
        text: &str,
        case_sensitive: bool,
        fold_accents: bool,
        overlaps: Overlaps,
    ) -> Result<(), TestCaseError> {
        let (plain, exact): (Vec<_>, Vec<_>) = names
            .into_iter()
            .filter(|n| !n.trim().is_empty())
            .enumerate()
            .partition(|(k, _)| k % 5 != 4);
        let entries = [
            Entry::new("X", "X", plain.into_iter().map(|(_, n)| n)),
            Entry::new("Y", "Y", ["ab"])
                .with_case_sensitive_names(exact.into_iter().map(|(_, n)| n))
                .with_priority(1),
        ];
        let g = Gazetteer::builder()
            .case_sensitive(case_sensitive)
            .fold_accents(fold_accents)
            .overlaps(overlaps)
            .build(entries);
        // (A set of names may not build, e.g. one that folds to nothing.)
        if let Ok(g) = g {
            same_as_folding_first(&g, text)?;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Searching the ASCII parts of a text with a few other characters without
        /// folding them finds exactly what folding the whole text finds.
        #[test]
        fn mixed_text_agrees_with_folding_first(
            names in proptest::collection::vec(
                proptest::collection::vec(piece(), 1..6).prop_map(|p| p.concat()),
                1..10,
            ),
            parts in proptest::collection::vec(
                (any::<prop::sample::Index>(), piece(), any::<u8>()),
                0..60,
            ),
            case_sensitive in any::<bool>(),
            fold_accents in any::<bool>(),
            overlaps in overlaps(),
        ) {
            let text = text(&names, &parts);
            agrees(names, &text, case_sensitive, fold_accents, overlaps)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// The same over texts longer than a block of the ASCII search.
        #[test]
        fn mixed_text_agrees_with_folding_first_over_blocks(
            names in proptest::collection::vec(
                proptest::collection::vec(piece(), 1..6).prop_map(|p| p.concat()),
                1..10,
            ),
            parts in proptest::collection::vec(
                (any::<prop::sample::Index>(), piece(), any::<u8>()),
                500..1500,
            ),
            case_sensitive in any::<bool>(),
            fold_accents in any::<bool>(),
            overlaps in overlaps(),
        ) {
            let text = text(&names, &parts);
            agrees(names, &text, case_sensitive, fold_accents, overlaps)?;
        }
    }

    /// Few pieces, so names recur in texts and long names of several words start or
    /// end right next to a non-ASCII character.
    fn dense_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(
            &[
                "ab", "a", "b", " ", " ", "\n ", "’", "é", "\u{a0}", "-", "'",
            ][..],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The same with long names of several words over few pieces: matches that
        /// cross the edges of the regions are found whole.
        #[test]
        fn mixed_text_agrees_with_folding_first_on_long_names(
            names in proptest::collection::vec(
                proptest::collection::vec(dense_piece(), 1..16).prop_map(|p| p.concat()),
                1..6,
            ),
            parts in proptest::collection::vec(
                (any::<prop::sample::Index>(), dense_piece(), 0u8..3),
                0..80,
            ),
            case_sensitive in any::<bool>(),
            fold_accents in any::<bool>(),
            overlaps in overlaps(),
        ) {
            let parts: Vec<_> = parts
                .into_iter()
                .map(|(i, piece, kind)| (i, piece, if kind == 0 { 0 } else { 2 }))
                .collect();
            let text = text(&names, &parts);
            agrees(names, &text, case_sensitive, fold_accents, overlaps)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The regions keep what the argument in DESIGN.md needs: every non-ASCII byte
        /// in one, edges at cuts, enough ASCII before each, windows long enough.
        #[test]
        fn regions_hold_their_invariants(
            parts in proptest::collection::vec(piece(), 0..80),
            longest in 1usize..20,
        ) {
            let text = parts.concat();
            let bytes = text.as_bytes();
            let mut regions = Vec::new();
            general_regions(bytes, longest, &mut regions);
            let solid = |b: u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
            let mut ascii_from = 0;
            for r in &regions {
                prop_assert!(ascii_from <= r.starts.start && r.starts.start < r.starts.end);
                prop_assert!(r.starts.end <= r.window_end && r.window_end <= bytes.len());
                for at in [r.starts.start, r.starts.end, r.window_end] {
                    prop_assert!(at == 0 || at == bytes.len() || is_cut(bytes, at));
                }
                let first = next_non_ascii(bytes, ascii_from).unwrap();
                prop_assert!(first >= r.starts.start && first < r.starts.end);
                let lead = bytes[r.starts.start..first].iter().filter(|&&b| solid(b)).count();
                prop_assert!(r.starts.start == ascii_from || lead >= longest + 4);
                let tail = bytes[r.starts.end..r.window_end].iter().filter(|&&b| solid(b)).count();
                prop_assert!(r.window_end == bytes.len() || tail >= longest);
                prop_assert!(bytes[r.starts.end..r.window_end].is_ascii());
                prop_assert!(bytes[ascii_from..r.starts.start].is_ascii());
                ascii_from = r.starts.end;
            }
            prop_assert!(bytes[ascii_from..].is_ascii());
        }
    }
}
