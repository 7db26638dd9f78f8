//! Whole-word search in ASCII text without folding it first.
//!
//! ASCII text folds byte for byte except whitespace: letters go to lower case (unless
//! case-sensitive), each whitespace run becomes one space, and nothing else changes, so
//! no offset map is needed and the word starts can be found on the original bytes. Most
//! word starts are rejected by the first-word filter on the original bytes (OR-ing 0x20
//! into a letter or digit is what lower-casing it does); the few left are walked with
//! the text folded as the walk reads it. The general path folds the whole text first,
//! which costs more than everything else in a search of news text.

use super::filter::Filter;
use super::first_words::{follow_bit, Head};
use super::matcher::ends_inside_ascii_word;
use super::trie::Haystack;
use super::{Gazetteer, Match, Trie};
use crate::text::ascii_folding;
use crate::text::swar::{self, load8};

/// Bytes of text searched per round of the three passes below (a multiple of 64): their
/// word starts stay in L1.
const BLOCK: usize = 4096;

/// How many walks ahead the table slot of a word is prefetched.
const AHEAD: usize = 8;

/// Buffers of the ASCII search, reused from text to text.
#[derive(Default)]
pub(super) struct AsciiScratch {
    /// The classes of the 64-byte chunks of a block and of the chunk after it.
    chunks: Vec<(u64, u64)>,
    /// The word starts of a block: the offset times 16 plus the word's length up to
    /// nine.
    starts: Vec<usize>,
    /// Those that pass the first-word filter, and their hashes.
    passed: Vec<(usize, u64)>,
}

impl Gazetteer {
    /// Every whole-word candidate match in `text` that starts in `range`, before
    /// overlaps are resolved. The bytes of `range` are ASCII, and so is what the search
    /// reads past it (`mixed.rs` sees to that); `range` starts the text or follows
    /// whitespace.
    ///
    /// Each block of text goes through three passes, so that no pass branches on what
    /// the words are (a branch per word start on whether it passes the filter is
    /// mispredicted often enough to cost more than the filter):
    /// 1. the word starts, 64 bytes at a time, on the bytes that begin a name;
    /// 2. the head of each word and the filter (a start that is not a letter or digit
    ///    passes): the starts that pass are kept without a branch;
    /// 3. for those, the table lookup (its slot prefetched a few words ahead: a large
    ///    gazetteer's table is far out of cache) and the walk.
    pub(super) fn candidates_in_ascii(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        trie: &Trie,
        found: &mut Vec<Match>,
        scratch: &mut AsciiScratch,
    ) {
        let bytes = text.as_bytes();
        let case = ascii_case(self.options.case_sensitive);
        let AsciiScratch {
            chunks,
            starts,
            passed,
        } = scratch;
        chunks.resize(BLOCK / 64 + 1, (0, 0));
        starts.resize(BLOCK, 0);
        passed.resize(BLOCK, (0, 0));
        let filter = Filter {
            bloom: trie.first_words.bloom(),
            case,
        };
        // (Nothing or whitespace comes before the range.)
        let mut alphanumeric_before = false;
        for block in range.clone().step_by(BLOCK) {
            let end = range.end.min(block + BLOCK);
            // 1. Word starts, each with the length of its run of letters and digits up
            // to nine (nine: longer than eight), from the classes of its 64 bytes and the
            // next 64.
            block_classes(bytes, block..end, chunks, &trie.opening);
            let n = word_starts(block..end, chunks, &mut alphanumeric_before, starts);
            // 2. The filter.
            let kept = filter.run(bytes, &starts[..n], passed);
            // 3. Lookups and walks.
            self.walk_passed(text, trie, &passed[..kept], found);
        }
    }

    /// Pass 3 of [`Gazetteer::candidates_in_ascii`]: the table lookups and walks from the
    /// word starts that `passed` the filter (with their hashes). (Not inlined: in its own
    /// function the loop keeps its state in registers.)
    #[inline(never)]
    fn walk_passed(
        &self,
        text: &str,
        trie: &Trie,
        passed: &[(usize, u64)],
        found: &mut Vec<Match>,
    ) {
        let bytes = text.as_bytes();
        let fold = ascii_folding(self.options.case_sensitive);
        let case = ascii_case(self.options.case_sensitive);
        let report = |start: usize, end: usize, value, found: &mut Vec<Match>| {
            // (Letters and digits fold to themselves, one byte each.)
            if !ends_inside_ascii_word(bytes, end - 1) {
                trie.for_each_pattern(value, |pattern| {
                    self.accept_whole_word(text, start..end, pattern, found)
                });
            }
        };
        for (i, &(start, _)) in passed.iter().enumerate() {
            // (The last ones prefetch the last slot again: no branch, which the end of
            // each short text would mispredict.)
            let ahead = passed[(i + AHEAD).min(passed.len() - 1)].1;
            trie.first_words.prefetch(ahead);
            let (start, run) = (start >> 4, start & 15);
            let mut haystack;
            let (node, read) = if run == 0 {
                haystack = Folding::new(bytes, fold, start, 1);
                // (Pass 1 kept only the bytes that begin a name; from no node, were it
                // otherwise, the walk would find nothing.)
                (trie.nodes.root(bytes[start]), 1)
            } else {
                let head = Head::new(load8(bytes, start), run, case);
                let len = head.word_len(&bytes[start..]);
                let word = &bytes[start..start + len];
                // (In ASCII text every word ends on an ASCII byte.)
                let Some(first) = trie.first_words.find(&head, word, case) else {
                    continue;
                };
                // The name that is the word itself, and the longer ones only when what
                // follows the word may begin their continuation: most walks end here,
                // without loading a node of the trie.
                if let Some(value) = first.value {
                    report(start, start + len, value, found);
                }
                if !first.may_go_on(bit_after(bytes, start + len, fold)) {
                    continue;
                }
                haystack = Folding::new(bytes, fold, start, len);
                match trie.nodes.step_past(first.node, &mut haystack, len) {
                    Some(next) => next,
                    None => continue,
                }
            };
            trie.nodes.walk_in(node, &mut haystack, read, |end, value| {
                report(start, end, value, found)
            });
        }
    }
}

/// What is OR-ed into each byte of an ASCII word to fold it: 0x20 (lower case) unless
/// case-sensitive.
fn ascii_case(case_sensitive: bool) -> u8 {
    if case_sensitive {
        0
    } else {
        0x20
    }
}

/// Writes the word starts of `block` (at most [`BLOCK`] bytes from a multiple of 64 after
/// the range's start) to `starts`, each as its offset times 16 plus the length of its run
/// of letters and digits up to nine, from the `chunks` classes of its 64-byte chunks and
/// the chunk after them; `alphanumeric_before` says whether a letter or digit comes just
/// before the block, and is updated for the next. Returns how many there are.
fn word_starts(
    block: std::ops::Range<usize>,
    chunks: &[(u64, u64)],
    alphanumeric_before: &mut bool,
    starts: &mut [usize],
) -> usize {
    #[cfg(target_arch = "x86_64")]
    if has_bmi2() {
        // SAFETY: the CPU has BMI1 and BMI2.
        return unsafe { word_starts_bmi2(block, chunks, alphanumeric_before, starts) };
    }
    word_starts_baseline(block, chunks, alphanumeric_before, starts)
}

/// Whether the CPU has BMI1 and BMI2, which the `_bmi2` versions of passes 1 and 2 are
/// compiled for (the check is cached by the standard library).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) fn has_bmi2() -> bool {
    std::arch::is_x86_feature_detected!("bmi1") && std::arch::is_x86_feature_detected!("bmi2")
}

/// [`word_starts`] for CPUs with BMI2: the same code, with shifts by a register that
/// need not be in `cl` (a fifth fewer instructions per word start).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "bmi1,bmi2")]
#[inline(never)]
fn word_starts_bmi2(
    block: std::ops::Range<usize>,
    chunks: &[(u64, u64)],
    alphanumeric_before: &mut bool,
    starts: &mut [usize],
) -> usize {
    word_starts_inline(block, chunks, alphanumeric_before, starts)
}

/// [`word_starts`] with the target's baseline instructions.
#[inline(never)]
fn word_starts_baseline(
    block: std::ops::Range<usize>,
    chunks: &[(u64, u64)],
    alphanumeric_before: &mut bool,
    starts: &mut [usize],
) -> usize {
    word_starts_inline(block, chunks, alphanumeric_before, starts)
}

#[inline(always)]
fn word_starts_inline(
    block: std::ops::Range<usize>,
    chunks: &[(u64, u64)],
    alphanumeric_before: &mut bool,
    starts: &mut [usize],
) -> usize {
    assert!(block.len() <= starts.len());
    let mut n = 0;
    for (k, at) in block.clone().step_by(64).enumerate() {
        let (alphanumeric, white_space) = chunks[k];
        let alphanumeric_after = chunks[k + 1].0;
        // A word starts at every byte that is not whitespace and does not go on a run of
        // letters and digits (the word starts of folded text).
        let mut here =
            !white_space & !(alphanumeric & (alphanumeric << 1 | u64::from(*alphanumeric_before)));
        *alphanumeric_before = alphanumeric >> 63 != 0;
        if block.end - at < 64 {
            here &= (1u64 << (block.end - at)) - 1;
        }
        while here != 0 {
            let i = here.trailing_zeros();
            here &= here - 1;
            // The classes from byte `i` on (i < 64: both shifts are in range).
            let from_i = alphanumeric >> i | (alphanumeric_after << 1) << (63 - i);
            let run = (!from_i).trailing_zeros().min(9) as usize;
            // SAFETY: `n` counts starts already written, at most one per byte of the
            // block before this one, so `n < block.len() <= starts.len()` (asserted
            // above). (No bounds check on a store made for every word start.)
            *unsafe { starts.get_unchecked_mut(n) } = (at + i as usize) << 4 | run;
            n += 1;
        }
    }
    n
}

/// The [`follow_bit`] of what follows a word that ends at `at` in ASCII text folded by
/// `fold`: 0 when the text ends there.
#[inline(always)]
fn bit_after(text: &[u8], at: usize, fold: &[u8; 128]) -> u64 {
    let folded = |at: usize| text.get(at).map_or(0, |&b| fold[usize::from(b)]);
    let Some(&c) = text.get(at) else { return 0 };
    let c = fold[usize::from(c)];
    let mut next = at + 1;
    if c == b' ' {
        while folded(next) == b' ' {
            next += 1;
        }
    }
    follow_bit(c, folded(next), folded(next + 1))
}

/// The classes of the 64-byte chunks of `block` and of the chunk after them, into
/// `chunks`: the ASCII letters and digits, and the bytes where no match can start
/// (whitespace, and the bytes not in `opening`: a word start at one would be tested by
/// the filter and then walk nowhere; in news text they are one word start in four:
/// full stops, commas, hyphens, quotes, numbers). The second holds at least those of
/// the bytes that begin a run of letters and digits (in the chunk) or are not letters or
/// digits; what it says of the others is not read. One bit per byte, the first byte
/// lowest.
fn block_classes(
    text: &[u8],
    block: std::ops::Range<usize>,
    chunks: &mut [(u64, u64)],
    opening: &Opening,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        return unsafe { block_classes_avx2(text, block, chunks, opening) };
    }
    for (k, at) in (block.start..=block.end).step_by(64).enumerate() {
        let (alphanumeric, white_space) = classes(text, at, classes_of);
        chunks[k] = (
            alphanumeric,
            opening.close(text, at, alphanumeric, white_space),
        );
    }
}

/// [`block_classes`] 32 bytes per compare, on CPUs with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_classes_avx2(
    text: &[u8],
    block: std::ops::Range<usize>,
    chunks: &mut [(u64, u64)],
    opening: &Opening,
) {
    for (k, at) in (block.start..=block.end).step_by(64).enumerate() {
        // (A closure in a function with AVX2 has it too.)
        chunks[k] = classes(text, at, |chunk| classes_avx2(chunk, opening));
    }
}

/// ASCII bytes other than whitespace (those that begin a name once folded): bit `h` of
/// `by_low[l]` for byte `16 h + l` (the form a byte shuffle looks up 32 at a time).
#[derive(Clone, Copy)]
pub(super) struct Opening {
    by_low: [u8; 16],
}

impl Opening {
    /// The ASCII bytes of `bytes` other than whitespace.
    pub(super) fn new(bytes: impl IntoIterator<Item = u8>) -> Opening {
        let mut by_low = [0; 16];
        for b in bytes {
            if b < 128 && !matches!(b, b'\t'..=b'\r' | b' ') {
                by_low[usize::from(b & 15)] |= 1 << (b >> 4);
            }
        }
        Opening { by_low }
    }

    /// As a saved gazetteer stores it.
    pub(super) fn to_bytes(self) -> [u8; 16] {
        self.by_low
    }

    pub(super) fn from_bytes(by_low: [u8; 16]) -> Opening {
        Opening { by_low }
    }

    fn contains(&self, b: u8) -> bool {
        b < 128 && self.by_low[usize::from(b & 15)] >> (b >> 4) & 1 == 1
    }

    /// The second class of the 64 bytes from `at` (zeros past the end; see
    /// [`block_classes`]), given their letters and digits and their whitespace: each
    /// byte that may start a word is looked up (one by one: for CPUs without AVX2).
    fn close(&self, text: &[u8], at: usize, alphanumeric: u64, white_space: u64) -> u64 {
        let mut closed = white_space;
        let mut other = alphanumeric & !(alphanumeric << 1) | !alphanumeric & !white_space;
        while other != 0 {
            let i = other.trailing_zeros() as usize;
            other &= other - 1;
            let b = text.get(at + i).copied().unwrap_or(0);
            closed |= u64::from(!self.contains(b)) << i;
        }
        closed
    }
}

/// The ASCII letters and digits, and the whitespace (TAB, LF, VT, FF, CR, SPACE), among
/// the 64 bytes of `text` from `at` (zeros past the end), by `of`: one bit per byte,
/// the first byte lowest.
#[inline(always)]
fn classes(text: &[u8], at: usize, of: impl Fn(&[u8; 64]) -> (u64, u64)) -> (u64, u64) {
    match text.get(at..at + 64) {
        Some(whole) => of(whole.try_into().expect("64 bytes")),
        None => {
            let mut chunk = [0u8; 64];
            let rest = text.get(at..).unwrap_or_default();
            chunk[..rest.len()].copy_from_slice(rest);
            of(&chunk)
        }
    }
}

/// [`block_classes`] of one chunk, 32 bytes per compare. Each range test is an add and
/// one signed compare: adding `0x80 - lo` takes `lo..=hi` to the lowest signed bytes,
/// and every other byte (a non-ASCII one too, as `hi` is below 0x80) above them. The
/// set `opening` is looked up by two byte shuffles: its row for the low four bits of
/// each byte, and the bit for the high four (none for a non-ASCII byte). (Not inlined:
/// inlined into the loop of [`block_classes_avx2`], the LLVM of Rust 1.95 took the
/// masks apart bit by bit, six times the instructions.)
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
fn classes_avx2(chunk: &[u8; 64], opening: &Opening) -> (u64, u64) {
    use std::arch::x86_64::*;
    let splat = |b: u8| _mm256_set1_epi8(b as i8);
    let in_range = |x: __m256i, lo: u8, hi: u8| {
        let shifted = _mm256_add_epi8(x, splat(0x80 - lo));
        _mm256_cmpgt_epi8(splat(0x80 + (hi - lo) + 1), shifted)
    };
    // SAFETY: an unaligned load of 16 bytes from a 16-byte array.
    let by_low = unsafe { _mm_loadu_si128(opening.by_low.as_ptr().cast()) };
    let by_low = _mm256_broadcastsi128_si256(by_low);
    let bit_of_high = _mm256_setr_epi8(
        1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0, //
        1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0,
    );
    // The classes of 32 bytes as two masks, one bit per byte.
    let half = |x: __m256i| {
        let letter = in_range(_mm256_or_si256(x, splat(0x20)), b'a', b'z');
        let alphanumeric = _mm256_or_si256(in_range(x, b'0', b'9'), letter);
        let low = _mm256_and_si256(x, splat(15));
        let high = _mm256_and_si256(_mm256_srli_epi16::<4>(x), splat(15));
        let opens = _mm256_and_si256(
            _mm256_shuffle_epi8(by_low, low),
            _mm256_shuffle_epi8(bit_of_high, high),
        );
        let closed = _mm256_cmpeq_epi8(opens, _mm256_setzero_si256());
        (
            _mm256_movemask_epi8(alphanumeric) as u32,
            _mm256_movemask_epi8(closed) as u32,
        )
    };
    // SAFETY: unaligned loads of 32 bytes each from 64.
    let (low, high) = unsafe {
        (
            _mm256_loadu_si256(chunk.as_ptr().cast()),
            _mm256_loadu_si256(chunk.as_ptr().add(32).cast()),
        )
    };
    let (low, high) = (half(low), half(high));
    let join = |low: u32, high: u32| u64::from(high) << 32 | u64::from(low);
    (join(low.0, high.0), join(low.1, high.1))
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classes_of(chunk: &[u8; 64]) -> (u64, u64) {
    // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it, and every
    // x86-64 target enables it.
    unsafe { classes_sse2(chunk) }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn classes_of(chunk: &[u8; 64]) -> (u64, u64) {
    classes_swar(chunk)
}

/// [`classes`] sixteen bytes per compare.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classes_sse2(chunk: &[u8; 64]) -> (u64, u64) {
    use crate::text::sse2::{bits, in_range, splat};
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_or_si128};
    let (mut alphanumeric, mut white_space) = (0, 0);
    for (k, sixteen) in chunk.chunks_exact(16).enumerate() {
        let sixteen: &[u8; 16] = sixteen.try_into().expect("sixteen bytes");
        // SAFETY: an unaligned load of sixteen bytes from a 16-byte array.
        let x = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
        let letter = in_range(_mm_or_si128(x, splat(0x20)), b'a', b'z');
        let shift = 16 * k;
        alphanumeric |= bits(_mm_or_si128(in_range(x, b'0', b'9'), letter)) << shift;
        white_space |= bits(_mm_or_si128(
            in_range(x, b'\t', b'\r'),
            _mm_cmpeq_epi8(x, splat(b' ')),
        )) << shift;
    }
    (alphanumeric, white_space)
}

/// [`classes`] eight bytes at a time in a `u64` (SWAR): the path for targets without
/// SSE2, compiled everywhere so the tests can hold the two paths together.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn classes_swar(chunk: &[u8; 64]) -> (u64, u64) {
    // The high bits of the eight bytes of a mask as eight bits, the first byte lowest.
    let bits = |m: u64| ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
    let (mut alphanumeric, mut white_space) = (0, 0);
    for (k, eight) in chunk.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        alphanumeric |= bits(swar::alphanumeric(x)) << (8 * k);
        white_space |= bits(swar::white_space(x)) << (8 * k);
    }
    (alphanumeric, white_space)
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

impl<'a> Folding<'a> {
    /// The text from the byte after the first `read` folded bytes of the word at `start`
    /// (which folded byte for byte: the walk starts past no whitespace).
    fn new(text: &'a [u8], fold: &'static [u8; 128], start: usize, read: usize) -> Self {
        Folding {
            text,
            fold,
            next: start + read,
            read,
        }
    }
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
pub(super) mod tests {
    use proptest::prelude::*;

    use crate::gazetteer::first_words::Head;
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
                Entry::new("KJU", "PERSON", ["Kim Jong Un", "Kim", "Kim Jong", "Kim J"]),
                Entry::new("USD", "CURRENCY", ["$", "dollar", "dollars"]),
                Entry::new("N5", "CODE", ["5", "F-16", "A4", "F-1"]),
                Entry::new("O", "ORG", ["O'Neill", "AT&T", "e-mail"]),
            ])
            .unwrap()
    }

    fn parts() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("New"),
            Just("new"),
            Just("NEW"),
            Just("York"),
            Just("york"),
            Just("City"),
            Just("NYC"),
            Just("U.S."),
            Just("US"),
            Just("us"),
            Just("United"),
            Just("States"),
            Just("US$"),
            Just("$"),
            Just("5"),
            Just("F-16"),
            Just("A4"),
            Just("Kim"),
            Just("Jong"),
            Just("Un"),
            Just("J"),
            Just("F-1"),
            Just("O'Neill"),
            Just("AT&T"),
            Just("e-mail"),
            Just("dollars"),
            Just(" "),
            Just("  "),
            Just("\n"),
            Just("\t \r\n"),
            Just("-"),
            Just("."),
            Just(","),
            Just("'s"),
            Just("("),
            Just(")"),
            Just("x"),
            Just("0"),
            Just("\u{b}"),
            Just("\u{c}"),
            Just("_"),
            Just("Newyorkcity"),
            Just("abcdefgh"),
            Just("abcdefghi"),
        ]
    }

    /// Every overlap mode (shared with the mixed-text tests).
    pub(in crate::gazetteer) fn overlaps() -> impl Strategy<Value = Overlaps> {
        prop_oneof![
            Just(Overlaps::Longest),
            Just(Overlaps::All),
            Just(Overlaps::First)
        ]
    }

    /// `find` finds exactly what folding the whole text first finds (shared with the
    /// mixed-text tests).
    pub(in crate::gazetteer) fn same_as_folding_first(
        g: &Gazetteer,
        text: &str,
    ) -> Result<(), TestCaseError> {
        let folded_first = g.find_in_folded(text, &mut Scratch::default());
        prop_assert_eq!(g.find(text), folded_first, "{:?}", text);
        Ok(())
    }

    fn agrees(text: &str, case_sensitive: bool, overlaps: Overlaps) -> Result<(), TestCaseError> {
        same_as_folding_first(&gazetteer(case_sensitive, overlaps), text)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Searching ASCII text as it folds finds exactly what folding it first finds.
        #[test]
        fn the_ascii_path_agrees_with_folding_first(
            parts in proptest::collection::vec(parts(), 0..24),
            case_sensitive in any::<bool>(),
            overlaps in overlaps(),
        ) {
            agrees(&parts.concat(), case_sensitive, overlaps)?;
        }
    }

    /// A start that is not a letter or digit has an empty head, whose hash the filter
    /// may pass by a false positive: such starts then reach pass 3 with no node at the
    /// root, and nothing may be found there. (Names are added until the filter passes
    /// the empty head.)
    #[test]
    fn starts_without_a_head_passed_by_the_filter_find_nothing_wrong() {
        let mut names: Vec<String> = vec!["(Paris)".into(), "$US".into()];
        let g = (0..50_000)
            .find_map(|i| {
                names.push(format!("w{i} x"));
                let g = Gazetteer::new([Entry::new("X", "X", names.clone())]).unwrap();
                let trie = g.trie.as_ref()?;
                trie.first_words
                    .may_start(Head::at(b"", 0x20).hash)
                    .then_some(g)
            })
            .expect("some set of names makes the filter pass the empty head");
        let text = "a (Paris) - b, w7 x! \"w12 x\" [w3] $US ... 'w9 x' ? (";
        same_as_folding_first(&g, &text.repeat(40)).unwrap();
        let found = g.find(text);
        assert_eq!(
            found.iter().map(|m| &text[m.range()]).collect::<Vec<_>>(),
            ["(Paris)", "w7 x", "w12 x", "$US", "w9 x"]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The same over texts longer than a block of the ASCII search.
        #[test]
        fn the_ascii_path_agrees_with_folding_first_over_blocks(
            parts in proptest::collection::vec(parts(), 1000..3000),
            case_sensitive in any::<bool>(),
            overlaps in overlaps(),
        ) {
            agrees(&parts.concat(), case_sensitive, overlaps)?;
        }
    }

    /// Pieces of ASCII names and texts: short words and the bytes that may follow a
    /// word, so that many names share a first word and go on differently.
    fn ascii_pieces() -> impl Strategy<Value = &'static str> {
        prop::sample::select(
            &[
                "a",
                "b",
                "ab",
                "ba",
                "A",
                "B",
                "1",
                "abcdefghi",
                " ",
                " ",
                "  ",
                "\n",
                "-",
                ".",
                "'",
                "&",
                "\0",
            ][..],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The same with random names (what the first-word table knows of the words that
        /// may follow a first word must never hide a match).
        #[test]
        fn the_ascii_path_agrees_with_folding_first_on_random_names(
            names in proptest::collection::vec(
                proptest::collection::vec(ascii_pieces(), 1..5).prop_map(|p| p.concat()),
                1..12,
            ),
            // Pieces, or names (by index), with pieces between them.
            text in proptest::collection::vec(
                (any::<prop::sample::Index>(), ascii_pieces(), any::<bool>()),
                0..24,
            ),
            case_sensitive in any::<bool>(),
        ) {
            let text: String = text
                .iter()
                .map(|(i, piece, name)| if *name { i.get(&names).as_str() } else { piece })
                .collect();
            let names = names.into_iter().filter(|n| !n.trim().is_empty());
            let g = Gazetteer::builder()
                .case_sensitive(case_sensitive)
                .overlaps(Overlaps::All)
                .build([Entry::new("X", "X", names)]);
            // (A set of names may not build, e.g. none left.)
            if let Ok(g) = g {
                same_as_folding_first(&g, &text)?;
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    /// A name that begins with a byte other than a letter, a digit or whitespace is found
    /// wherever it is; no other byte (once folded) that begins no name starts a walk.
    #[test]
    fn names_that_begin_with_punctuation_are_found() {
        let g = Gazetteer::new([
            Entry::new("D", "MONEY", ["$"]),
            Entry::new("S", "X", ["'s"]),
            Entry::new("P", "X", ["(AP)"]),
            Entry::new("K", "X", ["Korea"]),
        ])
        .unwrap();
        let text = "Korea's (AP) $5, \"Korea\"... -Korea- 's";
        let found: Vec<_> = g.find(text).iter().map(|m| &text[m.range()]).collect();
        assert_eq!(found, ["Korea", "'s", "(AP)", "$", "Korea", "Korea", "'s"]);
        let opening = g.trie.as_ref().unwrap().opening;
        assert!(b"$'(Kk".iter().all(|&b| opening.contains(b)));
        assert!(!b".,-\" 5Aa".iter().any(|&b| opening.contains(b)));
        let g = Gazetteer::builder()
            .case_sensitive(true)
            .build([Entry::new("K", "X", ["Korea", "5G"])])
            .unwrap();
        let opening = g.trie.as_ref().unwrap().opening;
        assert!(b"K5".iter().all(|&b| opening.contains(b)));
        assert!(!b"k$".iter().any(|&b| opening.contains(b)));
        assert_eq!(g.find("korea Korea 5G 5g").len(), 2);
    }

    proptest! {
        #[test]
        fn sse2_and_swar_classes_agree(chunk in proptest::collection::vec(any::<u8>(), 64)) {
            let chunk: &[u8; 64] = chunk.as_slice().try_into().unwrap();
            prop_assert_eq!(super::classes_of(chunk), super::classes_swar(chunk));
        }

        /// The word starts of a block are the same with BMI2 and without.
        #[test]
        fn bmi2_and_baseline_word_starts_agree(
            text in proptest::collection::vec(
                prop::sample::select(&b"aZ9 \n\t.-'\x80\xff"[..]), 0..super::BLOCK + 200
            ),
            from in 0..200usize,
            before in any::<bool>(),
        ) {
            prop_assume!(super::has_bmi2());
            let from = from.min(text.len());
            let end = text.len().min(from + super::BLOCK);
            let mut chunks = vec![(0, 0); super::BLOCK / 64 + 1];
            super::block_classes(&text, from..end, &mut chunks, &super::Opening::new(*b"'."));
            let mut starts = (vec![0; super::BLOCK], vec![0; super::BLOCK]);
            let mut before = (before, before);
            let n = super::word_starts_baseline(from..end, &chunks, &mut before.0, &mut starts.0);
            // SAFETY: the CPU has BMI2 (assumed above).
            let m = unsafe {
                super::word_starts_bmi2(from..end, &chunks, &mut before.1, &mut starts.1)
            };
            prop_assert_eq!(&starts.0[..n], &starts.1[..m]);
            prop_assert_eq!(before.0, before.1);
        }

        /// With AVX2 the classes of a chunk are those of SWAR with the bytes outside a set
        /// of opening bytes closed one by one, for any bytes and any set.
        #[test]
        fn avx2_and_swar_classes_agree(
            chunk in proptest::collection::vec(any::<u8>(), 64),
            opening in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            prop_assume!(std::arch::is_x86_feature_detected!("avx2"));
            let chunk: &[u8; 64] = chunk.as_slice().try_into().unwrap();
            // Bytes of the chunk in the set too, so that some are.
            let opening = super::Opening::new(opening.iter().map(|&i| chunk[usize::from(i) % 64]));
            // SAFETY: the CPU has AVX2 (assumed above).
            let avx2 = unsafe { super::classes_avx2(chunk, &opening) };
            let (alphanumeric, white_space) = super::classes_swar(chunk);
            let closed = opening.close(chunk, 0, alphanumeric, white_space);
            // (Only these bits of the second class are read.)
            let read = alphanumeric & !(alphanumeric << 1) | !alphanumeric;
            prop_assert_eq!((avx2.0, avx2.1 & read), (alphanumeric, closed & read));
        }
    }
}
