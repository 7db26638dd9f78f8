//! A filter that rejects most word starts before the trie walk.
//!
//! A whole-word match that starts on an ASCII letter or digit must take the whole ASCII
//! word there: ending earlier would end inside the word, and going on past the word's
//! end means the name has the same byte there. So when the text's word ends on an ASCII
//! byte (or the end of the text), only names whose leading ASCII alphanumeric run equals
//! that word can match. In news text most words ("said", "of", "company") begin no name,
//! and hashing the word into a small bit set costs less than walking the trie, whose
//! nodes are dependent (cache-missing) loads.
//!
//! The set is a blocked Bloom filter: false positives only cost a walk, and a word
//! followed by a non-ASCII byte (an accent, a folded letter) always walks.

use crate::text::swar::{alphanumeric, load8, HIGHS, ONES};

/// The first words of a gazetteer's folded names, as a blocked Bloom filter.
#[derive(Clone)]
pub(super) struct FirstWords {
    /// Two bits per word, both in the 64-bit block chosen by the hash's top bits.
    blocks: Vec<u64>,
    /// 64 minus log2 of the number of blocks.
    shift: u32,
}

/// About this many bits per distinct first word: a few percent of false positives.
const BITS_PER_WORD: usize = 16;

impl FirstWords {
    /// The filter for `keys` (folded names).
    pub(super) fn build(keys: &[&[u8]]) -> FirstWords {
        let words = keys
            .iter()
            .filter(|k| k.first().is_some_and(u8::is_ascii_alphanumeric))
            .count();
        let blocks = (words * BITS_PER_WORD / 64).next_power_of_two().max(8);
        let mut filter = FirstWords {
            blocks: vec![0; blocks],
            shift: 64 - blocks.trailing_zeros(),
        };
        for key in keys {
            if key.first().is_some_and(u8::is_ascii_alphanumeric) {
                let (block, bits) = filter.slot(leading_word(key, 0).0);
                filter.blocks[block] |= bits;
            }
        }
        filter
    }

    /// Whether a name may start at the beginning of `text` (folded, starting with an
    /// ASCII letter or digit). False only when no name can.
    #[inline]
    pub(super) fn may_start(&self, text: &[u8]) -> bool {
        let (hash, ends_on_ascii) = leading_word(text, 0);
        !ends_on_ascii || self.contains(hash)
    }

    /// [`FirstWords::may_start`] on original ASCII text that folds by `lower` alone:
    /// OR-ing 0x20 into a letter or digit is what folding it to lower case does.
    #[inline]
    pub(super) fn may_start_ascii(&self, text: &[u8], lower: bool) -> bool {
        let case = if lower { 0x20 * ONES } else { 0 };
        self.contains(leading_word(text, case).0)
    }

    #[inline(always)]
    fn contains(&self, hash: u64) -> bool {
        let (block, bits) = self.slot(hash);
        self.blocks[block] & bits == bits
    }

    pub(super) fn memory(&self) -> usize {
        self.blocks.len() * 8
    }

    #[inline(always)]
    fn slot(&self, hash: u64) -> (usize, u64) {
        let block = (hash >> self.shift) as usize;
        (block, 1 << (hash & 63) | 1 << ((hash >> 6) & 63))
    }
}

/// The hash of the leading run of ASCII letters and digits of `text` (each byte OR-ed
/// with the matching byte of `case`), and whether the run ends on an ASCII byte or the
/// end of the text (not on a non-ASCII byte). Reads eight bytes at a time, without a
/// branch per byte.
#[inline(always)]
fn leading_word(text: &[u8], case: u64) -> (u64, bool) {
    let mut hash: u64 = 0;
    let mut at = 0;
    loop {
        let chunk = load8(text, at);
        let outside = !alphanumeric(chunk) & HIGHS;
        if outside == 0 {
            hash = mix(hash, chunk | case);
            at += 8;
            continue;
        }
        let n = outside.trailing_zeros() / 8; // bytes of the run in this chunk
        let run = (chunk | case) & ((1u64 << (8 * n)) - 1); // n < 8
        let next = (chunk >> (8 * n)) as u8;
        return (mix(hash, run), next < 0x80);
    }
}

#[inline(always)]
fn mix(hash: u64, chunk: u64) -> u64 {
    (hash.rotate_left(29) ^ chunk).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_words_stop_at_the_first_other_byte() {
        assert_eq!(leading_word(b"paris, france", 0), leading_word(b"paris", 0));
        assert_eq!(leading_word(b"new york", 0), leading_word(b"new-york", 0));
        assert_ne!(leading_word(b"paris", 0).0, leading_word(b"pari", 0).0);
        assert_ne!(
            leading_word(b"abcdefgh", 0).0,
            leading_word(b"abcdefg", 0).0
        );
        assert_eq!(
            leading_word(b"abcdefghijklmnop q", 0),
            leading_word(b"abcdefghijklmnop", 0)
        );
        assert!(leading_word(b"paris", 0).1);
        assert!(!leading_word("sa\u{303}o".as_bytes(), 0).1);
        assert!(!leading_word("abcdefgh\u{e9}".as_bytes(), 0).1);
    }

    #[test]
    fn rejects_words_that_begin_no_name() {
        let keys: Vec<&[u8]> = vec![b"new york", b"paris", b"u.s.", b"$"];
        let filter = FirstWords::build(&keys);
        for text in ["new york city", "paris.", "u.s.-led", "new jersey"] {
            assert!(filter.may_start(text.as_bytes()), "{text}");
        }
        let rejected = ["newer", "pari", "said", "the", "company", "us"]
            .iter()
            .filter(|t| !filter.may_start(t.as_bytes()))
            .count();
        assert!(rejected >= 5, "{rejected} of 6 rejected");
        // A word that goes on with a non-ASCII byte always walks.
        assert!(filter.may_start("sa\u{303}o".as_bytes()));
    }
}
