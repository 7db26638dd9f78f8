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
    /// Open addressing with linear probing; two thirds full (not a power of two: a
    /// slot is 32 bytes, and a large gazetteer has hundreds of thousands of words).
    slots: Vec<Slot>,
    /// The bytes of first words longer than eight bytes after the eighth, each as a
    /// length (u32 LE) and the bytes.
    tails: Vec<u8>,
}

/// A first word, the trie node after it, and what the ASCII search needs to know of
/// that node without loading it (the trie of a large gazetteer is far out of cache).
#[derive(Clone, Copy, Default)]
#[repr(align(32))] // (one slot per half cache line: a lookup touches one line)
struct Slot {
    /// Its first eight bytes, little-endian, zero-padded; zero for an empty slot (ASCII
    /// letters and digits are never zero bytes, so the padding is unambiguous).
    head: u64,
    /// The continuations of the names that go on past the word: see [`follow_bit`].
    follow: u64,
    /// The node after the word.
    node: u32,
    /// 0 for a word of at most eight bytes, else 1 + where its tail starts in `tails`.
    tail: u32,
    /// The value of the name that is the word itself, if there is one.
    value: Option<u32>,
}

/// A first word found in the table: the node after it, the name that is the word
/// itself, and which continuations may lead on to a longer name.
#[derive(Clone, Copy, Debug)]
pub(super) struct FirstWord {
    pub(super) node: u32,
    pub(super) value: Option<u32>,
    follow: u64,
}

impl FirstWord {
    /// Whether a name that goes on past the word may follow, in text where the word is
    /// followed by the continuation whose bit is `bit` (see [`follow_bit`]).
    #[inline(always)]
    pub(super) fn may_go_on(&self, bit: u64) -> bool {
        self.follow & bit != 0
    }
}

/// The bit of a continuation past a first word, in a set of 64 bits: `c`, the folded
/// byte after the word, and when it is a space, `d` and `e`, the two folded bytes after
/// it (0 past the end of the text). Other bytes than a space have 8 bits, by `c` alone;
/// a space has 56, by a hash of the next two bytes (in news text most words are
/// followed by a space, and most names of a large gazetteer that go on past their first
/// word go on with a space: the bytes after it tell them apart).
#[inline(always)]
pub(super) fn follow_bit(c: u8, d: u8, e: u8) -> u64 {
    if c != b' ' {
        return 1 << (c & 7);
    }
    let h = (u32::from(d) << 8 | u32::from(e)).wrapping_mul(0x9E37_79B1);
    1 << (8 + ((u64::from(h) * 56) >> 32))
}

/// The bits of [`follow_bit`] that a text may have after a first word, when a name goes
/// on past it with `rest` (ASCII, not starting with a letter or digit, which cannot
/// follow a whole word).
fn follow_bits_of_name(rest: &[u8]) -> u64 {
    match *rest {
        [] => 0,
        [c, ..] if c != b' ' => follow_bit(c, 0, 0),
        // (Folded names do not end with a space: any text that goes on may do.)
        [_] => !0,
        // The text may have any byte (or none) after `d`.
        [c, d] => (0..=255).fold(0, |bits, e| bits | follow_bit(c, d, e)),
        [c, d, e, ..] => follow_bit(c, d, e),
    }
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

/// What the filter and the table know of a text's leading word from its first eight
/// bytes: those bytes (each OR `case`, zero-padded after the word) and whether the word
/// goes on past them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Head {
    /// The word's first (at most eight) bytes, little-endian, zero-padded.
    pub(super) key: u64,
    /// How many of the eight bytes the word takes (0 when the text does not start with
    /// an ASCII letter or digit).
    pub(super) len: usize,
    /// Whether the word is longer than eight bytes.
    pub(super) long: bool,
    /// A hash of `key` and `long`.
    pub(super) hash: u64,
}

impl Head {
    /// The head of the word at the start of a text whose first eight bytes are `eight`
    /// (little-endian, zero past the end) and whose ninth byte is `ninth` (zero past
    /// the end).
    #[inline(always)]
    pub(super) fn of(eight: u64, ninth: u8, case: u8) -> Head {
        let outside = !alphanumeric(eight) & HIGHS;
        let len = (outside.trailing_zeros() / 8) as usize; // 8 when all eight are in
        let run = len + usize::from((len == 8) & ninth.is_ascii_alphanumeric());
        Head::new(eight, run, case)
    }

    /// The head of a word of `run` bytes (nine: more than eight) whose first eight
    /// bytes are `eight`. No branch: the ASCII search hashes every word start.
    #[inline(always)]
    pub(super) fn new(eight: u64, run: usize, case: u8) -> Head {
        debug_assert!(run <= 9);
        let len = run.min(8);
        // (A table: computing the mask and flag took a dozen instructions.)
        let (in_word, long_flag) = KEY_MASKS[run];
        let key = (eight | (u64::from(case) * ONES)) & in_word;
        Head {
            key,
            len,
            long: run > 8,
            hash: hash_flagged(key | long_flag),
        }
    }

    /// The head of the word at the start of `text`.
    #[inline(always)]
    pub(super) fn at(text: &[u8], case: u8) -> Head {
        Head::of(load8(text, 0), text.get(8).copied().unwrap_or(0), case)
    }

    /// The length of the whole word at the start of `text`, whose head this is.
    #[inline(always)]
    pub(super) fn word_len(&self, text: &[u8]) -> usize {
        if self.long {
            8 + leading_alphanumeric(&text[8..])
        } else {
            self.len
        }
    }
}

/// How many ASCII letters and digits `bytes` starts with.
#[inline(always)]
fn leading_alphanumeric(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}

/// For a word of each run length up to nine (nine: longer than eight), the mask of its
/// bytes among the first eight, and the flag [`hash_flagged`] takes for a long word:
/// the eighth byte of a long word's key is a letter or digit, never with the high bit
/// set, so flagging it there keeps keys apart. (Sixteen entries, the ones past nine
/// unused, so that indexing by a run taken from four bits needs no bounds check.)
const KEY_MASKS: [(u64, u64); 16] = {
    let mut masks = [(u64::MAX, 1 << 63); 16];
    let mut run = 0;
    while run <= 8 {
        masks[run] = (((1u128 << (8 * run)) - 1) as u64, 0);
        run += 1;
    }
    masks
};

/// A hash of a word's head, its key with the long-word flag (see [`KEY_MASKS`]): one
/// 64 x 64 -> 128-bit multiply, its halves folded together (every bit of the result
/// depends on every bit of the key).
#[inline(always)]
fn hash_flagged(key: u64) -> u64 {
    let product = u128::from(key) * 0x9E37_79B9_7F4A_7C15;
    (product >> 64) as u64 ^ product as u64
}

impl FirstWords {
    /// The first words of `keys` (folded names) that a text's word followed by an ASCII
    /// byte can match (the key's word ends on an ASCII byte or the key), with the nodes
    /// after them in `trie`, the trie of `keys`.
    pub(super) fn build(keys: &[&[u8]], trie: &ByteTrie) -> Result<FirstWords> {
        // Each first word with the continuations of its names that go on past it.
        let mut words: Vec<(&[u8], u64)> = keys
            .iter()
            .filter(|k| k.first().is_some_and(u8::is_ascii_alphanumeric))
            .map(|k| (k, leading_alphanumeric(k)))
            .filter(|&(k, len)| k.get(len).map_or(true, u8::is_ascii))
            .map(|(k, len)| (&k[..len], follow_bits_of_name(&k[len..])))
            .collect();
        words.sort_unstable();
        words.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 |= next.1;
            }
            same
        });
        // Shorter words first, so that they take their home slots and later ones probe
        // past them: short words ("the", "in", "a") are the common ones in text, and most
        // lookups are of them (with the 16 k names, Reuters' lookups took 2.4 probes
        // on average, and the probe loop's branch was the search's most mispredicted).
        // (A stable sort: the table does not depend on the sort above.)
        words.sort_by_key(|(word, _)| word.len());
        let blocks = (words.len() * BITS_PER_WORD / 64)
            .next_power_of_two()
            .max(8);
        let slots = (words.len() * 3 / 2).max(8);
        let mut table = FirstWords {
            blocks: vec![0; blocks],
            shift: 64 - blocks.trailing_zeros(),
            slots: vec![Slot::default(); slots],
            tails: Vec::new(),
        };
        for (word, follow) in words {
            let head = Head::at(word, 0);
            let (block, bits) = table.bloom_bits(head.hash);
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
            let mut i = table.home(head.hash);
            while table.slots[i].head != 0 {
                i = table.next(i);
            }
            table.slots[i] = Slot {
                head: head.key,
                follow,
                node,
                tail,
                value: trie.value_at(node),
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
        let head = Head::at(text, case);
        let len = head.word_len(text);
        if text.get(len).is_some_and(|&b| !b.is_ascii()) {
            return Start::Root;
        }
        if !self.may_start(head.hash) {
            return Start::Nowhere;
        }
        self.after(&head, &text[..len], case)
    }

    /// Whether some first word may have this hash (the Bloom filter: false positives,
    /// no false negatives).
    #[inline(always)]
    pub(super) fn may_start(&self, hash: u64) -> bool {
        self.bloom().may_start(hash)
    }

    /// The Bloom filter alone, to keep in registers in a loop over many words.
    #[inline(always)]
    pub(super) fn bloom(&self) -> Bloom<'_> {
        Bloom {
            blocks: &self.blocks,
            shift: self.shift,
        }
    }

    /// Starts loading the table slot where the word with this hash would be, for a
    /// lookup a little later (the table of a large gazetteer is far out of cache).
    #[inline(always)]
    pub(super) fn prefetch(&self, hash: u64) {
        crate::text::swar::prefetch(&self.slots[self.home(hash)]);
    }

    /// Where a walk begins after `word` (whole, without `case`) with this head, which
    /// passed the filter: past the word, when it is a first word.
    #[inline(always)]
    pub(super) fn after(&self, head: &Head, word: &[u8], case: u8) -> Start {
        match self.find(head, word, case) {
            Some(found) => Start::After {
                node: found.node,
                len: word.len(),
            },
            None => Start::Nowhere,
        }
    }

    /// `word` (whole, without `case`), with this head, if it is a first word.
    #[inline(always)]
    pub(super) fn find(&self, head: &Head, word: &[u8], case: u8) -> Option<FirstWord> {
        let mut i = self.home(head.hash);
        loop {
            let slot = self.slots[i];
            if slot.head == 0 {
                return None;
            }
            if slot.head == head.key && self.tail_is(slot.tail, head.long, word, case) {
                return Some(FirstWord {
                    node: slot.node,
                    value: slot.value,
                    follow: slot.follow,
                });
            }
            i = self.next(i);
        }
    }

    pub(super) fn memory(&self) -> usize {
        self.blocks.len() * 8 + self.slots.len() * std::mem::size_of::<Slot>() + self.tails.len()
    }

    /// The table as a saved gazetteer stores it: the filter's blocks, its shift, four
    /// words per slot (head, continuations, node and tail, value or `u64::MAX`), tails.
    pub(super) fn parts(&self) -> (&[u64], u32, Vec<u64>, &[u8]) {
        let slots = self
            .slots
            .iter()
            .flat_map(|s| {
                let value = s.value.map_or(u64::MAX, u64::from);
                [
                    s.head,
                    s.follow,
                    u64::from(s.node) | u64::from(s.tail) << 32,
                    value,
                ]
            })
            .collect();
        (&self.blocks, self.shift, slots, &self.tails)
    }

    /// The table of [`FirstWords::parts`], read from a file. Refused: a filter whose size
    /// does not match its shift (the filter reads its blocks unchecked), a table with no
    /// empty slot (a lookup probes until it meets one), a slot whose node is not a record
    /// of the trie, whose value `value_ok` refuses or whose tail is not in `tails`.
    pub(super) fn from_parts(
        blocks: Vec<u64>,
        shift: u32,
        slots: &[u64],
        tails: Vec<u8>,
        trie: &super::trie::Records,
        value_ok: impl Fn(u32) -> bool,
    ) -> Result<FirstWords> {
        let invalid = |what: &str| Error::new(ErrorKind::InvalidFile, what.to_string());
        if !blocks.len().is_power_of_two() || 64 - blocks.len().trailing_zeros() != shift {
            return Err(invalid(
                "the first-word filter's size does not match its shift",
            ));
        }
        if slots.len() % 4 != 0 {
            return Err(invalid("a first-word slot is cut short"));
        }
        let slots: Vec<Slot> = slots
            .chunks_exact(4)
            .map(|w| Slot {
                head: w[0],
                follow: w[1],
                node: w[2] as u32,
                tail: (w[2] >> 32) as u32,
                value: u32::try_from(w[3]).ok(),
            })
            .collect();
        if !slots.iter().any(|s| s.head == 0) {
            return Err(invalid("the first-word table has no empty slot"));
        }
        let tail_ok = |tail: u32| {
            let Some(at) = (tail as usize).checked_sub(1) else {
                return true;
            };
            let len = tails
                .get(at..at + 4)
                .map(|l| u32::from_le_bytes(l.try_into().expect("4")));
            len.is_some_and(|len| at + 4 + len as usize <= tails.len())
        };
        for slot in slots.iter().filter(|s| s.head != 0) {
            if !trie.contains(slot.node)
                || !slot.value.map_or(true, &value_ok)
                || !tail_ok(slot.tail)
            {
                return Err(invalid("a first-word slot points out of place"));
            }
        }
        Ok(FirstWords {
            blocks,
            shift,
            slots,
            tails,
        })
    }

    #[inline(always)]
    fn bloom_bits(&self, hash: u64) -> (usize, u64) {
        self.bloom().bits(hash)
    }

    /// The first slot to probe: hash bits that the filter does not use, scaled to the
    /// number of slots (a multiply and a shift instead of a division).
    #[inline(always)]
    fn home(&self, hash: u64) -> usize {
        let bits = u64::from((hash >> 12) as u32);
        ((bits * self.slots.len() as u64) >> 32) as usize
    }

    /// The slot probed after slot `i`.
    #[inline(always)]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() {
            0
        } else {
            i + 1
        }
    }

    /// Whether `word` (each byte OR `case`) has the tail recorded as `tail` in a slot
    /// with its head; `long` says whether it has one.
    #[inline]
    fn tail_is(&self, tail: u32, long: bool, word: &[u8], case: u8) -> bool {
        match (long, tail) {
            (false, 0) => true,
            (true, 1..) => {
                let rest = &word[8..];
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

/// The blocked Bloom filter of [`FirstWords`].
#[derive(Clone, Copy)]
pub(super) struct Bloom<'a> {
    /// A power of two of blocks.
    blocks: &'a [u64],
    /// 64 minus log2 of the number of blocks.
    shift: u32,
}

impl Bloom<'_> {
    /// Whether some first word may have this hash (false positives, no false negatives).
    #[inline(always)]
    pub(super) fn may_start(self, hash: u64) -> bool {
        let (block, bits) = self.bits(hash);
        debug_assert!(block < self.blocks.len());
        // SAFETY: `block` is the hash's top `64 - shift` bits, and there are exactly
        // `1 << (64 - shift)` blocks (`FirstWords::build` makes them so, and nothing
        // changes them after). (A bounds check here costs the ASCII search two
        // instructions per word start.)
        let block = unsafe { *self.blocks.get_unchecked(block) };
        block & bits == bits
    }

    /// The block of the filter and the two bits in it: the hash's top bits, then its
    /// lowest twelve.
    #[inline(always)]
    fn bits(self, hash: u64) -> (usize, u64) {
        let block = (hash >> self.shift) as usize;
        (block, 1 << (hash & 63) | 1 << ((hash >> 6) & 63))
    }
}

/// The bytes of a word after its eighth, if it is longer than eight bytes.
#[inline(always)]
fn tail_of(word: &[u8]) -> Option<&[u8]> {
    word.get(8..).filter(|rest| !rest.is_empty())
}

fn too_large() -> Error {
    Error::new(ErrorKind::Build, "too many long first words")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &[u8]) -> (u64, usize, bool) {
        let h = Head::at(text, 0);
        (h.hash, h.len, h.long)
    }

    #[test]
    fn heads_stop_at_the_first_other_byte() {
        assert_eq!(parts(b"paris, france"), parts(b"paris"));
        assert_eq!(parts(b"new york"), parts(b"new-york"));
        assert_eq!(parts(b"new york").1, 3);
        assert_eq!(parts(b"-new york").1, 0);
        assert_ne!(parts(b"paris").0, parts(b"pari").0);
        assert_ne!(parts(b"abcdefgh").0, parts(b"abcdefg").0);
        assert_ne!(parts(b"abcdefgh").0, parts(b"abcdefghi").0);
        assert_eq!(parts(b"abcdefghijklmnop q"), parts(b"abcdefghijklmnop"));
        assert_eq!(parts(b"abcdefghijklmnop q"), parts(b"abcdefghij"));
        assert_eq!(parts(b"abcdefgh q"), (parts(b"abcdefgh").0, 8, false));
        assert!(parts(b"abcdefghi").2);
        assert!(!parts("abcdefgh\u{e9}".as_bytes()).2);
        assert_eq!(Head::at(b"PARIS", 0x20).key, Head::at(b"paris", 0).key);
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
