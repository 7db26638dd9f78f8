//! Pass 2 of the ASCII search (`ascii.rs`): which word starts may begin a name.
//!
//! Every word start is tested, without a branch on what the word is: a letter or digit
//! by the first-word filter on the head of its word ([`Head`], [`Bloom`]); anything else
//! passes, as pass 1 kept only those that begin a name. The starts that pass are written
//! out with their hashes, in order. This is run on every word start (one every six bytes
//! of news text, three in four rejected), so it is kept to a few dozen instructions
//! each.

use super::first_words::{Bloom, Head};
use crate::text::swar::load8;

/// What pass 2 tests each word start against.
pub(super) struct Filter<'a> {
    /// The first-word filter.
    pub(super) bloom: Bloom<'a>,
    /// OR-ed into each byte of a word (0x20 to search without case).
    pub(super) case: u8,
}

impl Filter<'_> {
    /// Writes the `starts` (each its offset in `text` times 16 plus the length of its run
    /// of letters and digits up to nine) that pass to the front of `passed`, each with the
    /// hash of its head, and returns how many passed. `passed` holds at least as many
    /// as `starts`.
    pub(super) fn run(&self, text: &[u8], starts: &[usize], passed: &mut [(usize, u64)]) -> usize {
        #[cfg(target_arch = "x86_64")]
        if super::ascii::has_bmi2() {
            // SAFETY: the CPU has BMI1 and BMI2.
            return unsafe { self.run_bmi2(text, starts, passed) };
        }
        self.run_baseline(text, starts, passed)
    }

    /// [`Filter::run`] for CPUs with BMI2 (x86-64 since 2013-2015): the same code, with
    /// shifts by a register that need not be `cl` and a multiply into any two
    /// registers (`shlx`, `shrx`, `mulx`), a tenth fewer instructions. (Not inlined into the
    /// search, nor is the other: in a function of its own the loop keeps what it needs
    /// in registers.)
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "bmi1,bmi2")]
    #[inline(never)]
    pub(super) fn run_bmi2(
        &self,
        text: &[u8],
        starts: &[usize],
        passed: &mut [(usize, u64)],
    ) -> usize {
        self.run_inline(text, starts, passed)
    }

    /// [`Filter::run`] with the target's baseline instructions.
    #[inline(never)]
    pub(super) fn run_baseline(
        &self,
        text: &[u8],
        starts: &[usize],
        passed: &mut [(usize, u64)],
    ) -> usize {
        self.run_inline(text, starts, passed)
    }

    #[inline(always)]
    fn run_inline(&self, text: &[u8], starts: &[usize], passed: &mut [(usize, u64)]) -> usize {
        let passed = &mut passed[..starts.len()];
        let Filter { bloom, case } = *self;
        let mut kept = 0;
        let mut test = |start: usize, eight: u64| {
            let run = start & 15;
            let hash = Head::new(eight, run, case).hash;
            // Without a branch (a branch on whether the word starts with a letter or
            // digit is mispredicted often). A start that is not a letter or digit (an
            // empty head) passes: pass 1 kept only those some name begins with, and
            // from any other, pass 3 would walk from no node and find nothing.
            let pass = bloom.may_start(hash) | (run == 0);
            // SAFETY: `kept` is at most the index of this start in `starts`, whose length
            // `passed` has: at most one is kept per start. (No bounds check on a store
            // made for every start.)
            *unsafe { passed.get_unchecked_mut(kept) } = (start, hash);
            kept += usize::from(pass);
        };
        // The starts whose first eight bytes are all in the text (they are in order) take
        // one load without a bounds check, the last few the checked load.
        let whole = starts.partition_point(|&s| (s >> 4) + 8 <= text.len());
        for &start in &starts[..whole] {
            let at = start >> 4;
            // SAFETY: `at + 8 <= text.len()` for the starts before `whole`.
            let eight = unsafe { text.as_ptr().add(at).cast::<u64>().read_unaligned() };
            test(start, u64::from_le(eight));
        }
        for &start in &starts[whole..] {
            test(start, load8(text, start >> 4));
        }
        kept
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use proptest::prelude::*;

    use super::Filter;
    use crate::{Entry, Gazetteer};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The filter keeps the same starts, with the same hashes, with BMI2 and without,
        /// for any starts in order and run lengths, up to the text's end.
        #[test]
        fn bmi2_and_baseline_filters_agree(
            names in proptest::collection::vec("[abAB1 .-]{1,12}", 1..8),
            text in "[abAB1 .\\-\n]{1,200}",
            picks in proptest::collection::vec((any::<prop::sample::Index>(), 0..10usize), 0..80),
            case_sensitive in any::<bool>(),
        ) {
            prop_assume!(crate::gazetteer::ascii::has_bmi2());
            let names = names.into_iter().filter(|n| !n.trim().is_empty());
            let Ok(g) = Gazetteer::builder()
                .case_sensitive(case_sensitive)
                .build([Entry::new("X", "X", names)])
            else {
                return Ok(());
            };
            let Some(trie) = &g.trie else { return Ok(()) };
            let filter = Filter {
                bloom: trie.first_words.bloom(),
                case: if case_sensitive { 0 } else { 0x20 },
            };
            let text = text.as_bytes();
            let mut starts: Vec<usize> = picks
                .iter()
                .map(|(at, run)| at.index(text.len()) << 4 | run)
                .collect();
            starts.sort_unstable();
            let mut passed = (vec![(0, 0); starts.len()], vec![(0, 0); starts.len()]);
            let n = filter.run_baseline(text, &starts, &mut passed.0);
            // SAFETY: the CPU has BMI2 (assumed above).
            let m = unsafe { filter.run_bmi2(text, &starts, &mut passed.1) };
            prop_assert_eq!(&passed.0[..n], &passed.1[..m]);
        }
    }
}
