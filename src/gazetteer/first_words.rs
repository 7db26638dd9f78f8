//! Where a trie walk from a word start begins: nowhere for most words, else past the
//! whole first word.
//!
//! A whole-word match that starts on an ASCII letter or digit must take the whole ASCII
//! word there: ending earlier would end inside the word, and going on past the word's
//! end means the name has the same byte there. So when the text's word ends on an ASCII
//! byte (or the end of the text), only names whose leading ASCII alphanumeric run (their
//! *first word*) equals that word can match, and the walk may start at the trie node
//! after that word: the names that end inside it are not whole words.
//!
//! Walking the trie costs a dependent, cache-missing load per node. So the text's word is
//! hashed (eight bytes at a time) and looked up twice:
//! - in a blocked Bloom filter of the first words, small enough to stay in cache: in news
//!   text most words ("said", "of", "company") begin no name;
//! - then in a hash table from each first word to the trie node after it: one lookup
//!   instead of a node per byte of the word.
//!
//! A word followed by a non-ASCII byte (an accent, a folded letter) walks from the root.

use super::trie::ByteTrie;
use crate::error::{Error, ErrorKind, Result};
use crate::text::swar::{alphanumeric, load8, HIGHS, ONES};

/// The first words of a gazetteer's folded names, and the trie node after each.
#[derive(Clone)]
pub(super) struct FirstWords {
    /// Two bits per word, both in the 64-bit block chosen by the hash's top bits.
    blocks: Vec<u64>,
    /// 64 minus log2 of the number of blocks.
    shift: u32,
    /// Open addressing with linear probing; at most two thirds full.
    slots: Vec<Slot>,
    /// The number of slots minus one (a power of two minus one).
    mask: usize,
    /// 64 minus log2 of the number of slots.
    slot_shift: u32,
    /// The bytes of first words longer than eight bytes after the eighth, each as a
    /// length (u32 LE) and the bytes.
    tails: Vec<u8>,
}

/// A first word and the trie node after it.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// Its first eight bytes, little-endian, zero-padded; zero for an empty slot (ASCII
    /// letters and digits are never zero bytes, so the padding is unambiguous).
    head: u64,
    /// The node after the word.
    node: u32,
    /// 0 for a word of at most eight bytes, else 1 + where its tail starts in `tails`.
    tail: u32,
}

/// Where a walk from a word start begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Start {
    /// No name can match here.
    Nowhere,
    /// At the root: the word goes on with a non-ASCII byte.
    Root,
    /// At `node`, after the whole first word of `len` bytes.
    After { node: u32, len: usize },
}

/// About this many bits per distinct first word: a few percent of false positives.
const BITS_PER_WORD: usize = 16;

impl FirstWords {
    /// The first words of `keys` (folded names) that a text's word followed by an ASCII
    /// byte can match (the key's word ends on an ASCII byte or the key), with the nodes
    /// after them in `trie`, the trie of `keys`.
    pub(super) fn build(keys: &[&[u8]], trie: &ByteTrie) -> Result<FirstWords> {
        let mut words: Vec<&[u8]> = keys
            .iter()
            .filter(|k| k.first().is_some_and(u8::is_ascii_alphanumeric))
            .map(|k| {
                let len = leading_word(k, 0).len;
                (k, len)
            })
            .filter(|&(k, len)| k.get(len).map_or(true, u8::is_ascii))
            .map(|(k, len)| &k[..len])
            .collect();
        words.sort_unstable();
        words.dedup();
        let blocks = (words.len() * BITS_PER_WORD / 64)
            .next_power_of_two()
            .max(8);
        let slots = (words.len() * 3 / 2).next_power_of_two().max(8);
        let mut table = FirstWords {
            blocks: vec![0; blocks],
            shift: 64 - blocks.trailing_zeros(),
            slots: vec![Slot::default(); slots],
            mask: slots - 1,
            slot_shift: 64 - slots.trailing_zeros(),
            tails: Vec::new(),
        };
        for word in words {
            let hash = leading_word(word, 0).hash;
            let (block, bits) = table.bloom_bits(hash);
            table.blocks[block] |= bits;
            let node = trie.node_after(word).ok_or_else(|| {
                Error::new(ErrorKind::Build, "a first word does not end at a trie node")
            })?;
            let tail = match tail_of(word) {
                None => 0,
                Some(rest) => {
                    let at = table.tails.len();
                    let len = u32::try_from(rest.len()).map_err(|_| too_large())?;
                    table.tails.extend_from_slice(&len.to_le_bytes());
                    table.tails.extend_from_slice(rest);
                    u32::try_from(at + 1).map_err(|_| too_large())?
                }
            };
            let mut i = table.home(hash);
            while table.slots[i].head != 0 {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = Slot {
                head: head(word, word.len(), 0),
                node,
                tail,
            };
        }
        Ok(table)
    }

    /// Where a walk for a name starting at the beginning of `text` (folded, starting with
    /// an ASCII letter or digit) begins. `case` is OR-ed into each byte of the word first:
    /// 0 for folded text, 0x20 for original ASCII text searched without case (OR-ing 0x20
    /// into a letter or digit is what folding it to lower case does).
    #[inline(always)]
    pub(super) fn start(&self, text: &[u8], case: u8) -> Start {
        let word = leading_word(text, case);
        if !word.ends_on_ascii {
            return Start::Root;
        }
        let (block, bits) = self.bloom_bits(word.hash);
        if self.blocks[block] & bits != bits {
            return Start::Nowhere;
        }
        let head = head(text, word.len, case);
        let mut i = self.home(word.hash);
        loop {
            let slot = self.slots[i];
            if slot.head == 0 {
                return Start::Nowhere;
            }
            if slot.head == head && self.tail_is(slot.tail, &text[..word.len], case) {
                return Start::After {
                    node: slot.node,
                    len: word.len,
                };
            }
            i = (i + 1) & self.mask;
        }
    }

    pub(super) fn memory(&self) -> usize {
        self.blocks.len() * 8 + self.slots.len() * std::mem::size_of::<Slot>() + self.tails.len()
    }

    #[inline(always)]
    fn bloom_bits(&self, hash: u64) -> (usize, u64) {
        let block = (hash >> self.shift) as usize;
        (block, 1 << (hash & 63) | 1 << ((hash >> 6) & 63))
    }

    /// The first slot to probe. The hash's low bits depend on the word's first bytes
    /// only, and the Bloom filter uses its top bits: mix it again, take the top bits.
    #[inline(always)]
    fn home(&self, hash: u64) -> usize {
        (hash.rotate_left(32).wrapping_mul(0xD6E8_FEB8_6659_FD93) >> self.slot_shift) as usize
    }

    /// Whether `word` (each byte OR `case`) has the tail recorded as `tail` in a slot
    /// with its head.
    #[inline]
    fn tail_is(&self, tail: u32, word: &[u8], case: u8) -> bool {
        match (tail_of(word), tail) {
            (None, 0) => true,
            (Some(rest), 1..) => {
                let at = tail as usize - 1;
                let len =
                    u32::from_le_bytes(self.tails[at..at + 4].try_into().expect("four bytes"));
                len as usize == rest.len()
                    && self.tails[at + 4..at + 4 + rest.len()]
                        .iter()
                        .zip(rest)
                        .all(|(&stored, &b)| stored == b | case)
            }
            _ => false,
        }
    }
}

/// The bytes of a word after its eighth, if it is longer than eight bytes.
#[inline(always)]
fn tail_of(word: &[u8]) -> Option<&[u8]> {
    word.get(8..).filter(|rest| !rest.is_empty())
}

/// The first `len` bytes of `text` (at most eight), each OR `case`, little-endian,
/// zero-padded.
#[inline(always)]
fn head(text: &[u8], len: usize, case: u8) -> u64 {
    let eight = load8(text, 0) | (u64::from(case) * ONES);
    match len {
        8.. => eight,
        _ => eight & ((1u64 << (8 * len)) - 1),
    }
}

fn too_large() -> Error {
    Error::new(ErrorKind::Build, "too many long first words")
}

/// The leading run of ASCII letters and digits of a text.
struct Word {
    hash: u64,
    len: usize,
    /// Whether the run ends on an ASCII byte or the end of the text (not on a non-ASCII
    /// byte).
    ends_on_ascii: bool,
}

/// The leading run of ASCII letters and digits of `text`, hashed with `case` OR-ed into
/// each byte. Reads eight bytes at a time, without a branch per byte.
#[inline(always)]
fn leading_word(text: &[u8], case: u8) -> Word {
    let case = u64::from(case) * ONES;
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
        return Word {
            hash: mix(hash, run),
            len: at + n as usize,
            ends_on_ascii: next < 0x80,
        };
    }
}

#[inline(always)]
fn mix(hash: u64, chunk: u64) -> u64 {
    (hash.rotate_left(29) ^ chunk).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &[u8]) -> (u64, usize, bool) {
        let w = leading_word(text, 0);
        (w.hash, w.len, w.ends_on_ascii)
    }

    #[test]
    fn leading_words_stop_at_the_first_other_byte() {
        assert_eq!(parts(b"paris, france"), parts(b"paris"));
        assert_eq!(parts(b"new york"), parts(b"new-york"));
        assert_eq!(parts(b"new york").1, 3);
        assert_ne!(parts(b"paris").0, parts(b"pari").0);
        assert_ne!(parts(b"abcdefgh").0, parts(b"abcdefg").0);
        assert_eq!(parts(b"abcdefghijklmnop q"), parts(b"abcdefghijklmnop"));
        assert_eq!(parts(b"abcdefghijklmnop q").1, 16);
        assert!(parts(b"paris").2);
        assert!(!parts("sa\u{303}o".as_bytes()).2);
        assert!(!parts("abcdefgh\u{e9}".as_bytes()).2);
    }

    fn build(keys: &[&[u8]]) -> (ByteTrie, FirstWords) {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        let values: Vec<u32> = (0..keys.len() as u32).collect();
        let trie = ByteTrie::build(&keys, &values).unwrap();
        let words = FirstWords::build(&keys, &trie).unwrap();
        (trie, words)
    }

    #[test]
    fn rejects_words_that_begin_no_name() {
        let (_, words) = build(&[b"new york", b"paris", b"u.s.", b"$"]);
        for text in ["new york city", "paris.", "u.s.-led", "new jersey"] {
            assert_ne!(words.start(text.as_bytes(), 0), Start::Nowhere, "{text}");
        }
        for text in ["newer", "pari", "said", "the", "company", "us"] {
            assert_eq!(words.start(text.as_bytes(), 0), Start::Nowhere, "{text}");
        }
        // A word that goes on with a non-ASCII byte walks from the root.
        assert_eq!(words.start("sa\u{303}o".as_bytes(), 0), Start::Root);
    }

    #[test]
    fn starts_after_the_whole_first_word() {
        let long: &[u8] = b"abcdefghijklmnopqrstuvwxyz city";
        let keys: &[&[u8]] = &[
            b"new york",
            b"new",
            b"newark",
            b"abcdefgh",
            b"abcdefgh x",
            b"abcdefghi",
            long,
            b"x",
            b"x\xcc\x83y",
        ];
        let (trie, words) = build(keys);
        // The keys a walk from the root finds that end at or after the text's first word.
        let expected = |text: &[u8]| {
            let word = text
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let mut found = Vec::new();
            trie.walk(text, |len, key| found.push((len, key)));
            found.retain(|&(len, _)| len >= word);
            found
        };
        for text in [
            &b"new york"[..],
            b"new",
            b"newark!",
            b"abcdefgh x",
            b"abcdefghi.",
            b"abcdefghij",
            b"abcdefghijklmnopqrstuvwxyz city",
            b"abcdefghijklmnopqrstuvwxyz",
            b"abcdefghijklmnopqrstuvwxy",
            b"x",
            b"x y",
        ] {
            let Start::After { node, len } = words.start(text, 0) else {
                assert!(expected(text).is_empty(), "{text:?}");
                continue;
            };
            let mut found = Vec::new();
            trie.walk_from(node, text, len, |len, key| found.push((len, key)));
            assert_eq!(found, expected(text), "{text:?}");
            assert!(!found.is_empty() || text == b"abcdefghijklmnopqrstuvwxyz");
        }
    }
}
