//! Sixteen bytes compared at once with SSE2, part of the x86-64 baseline: the shared
//! pieces of the byte classifiers of the quantity tokenizer and the ASCII search (each a
//! `#[target_feature(enable = "sse2")]` function, from which these are safe to call and
//! are inlined).

use std::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_set1_epi8,
};

/// `b` in every lane.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn splat(b: u8) -> __m128i {
    _mm_set1_epi8(b as i8)
}

/// All ones in the lanes of `x` from `lo` to `hi`. The compares are signed: a non-ASCII
/// byte is negative, so it is in no range of ASCII bytes.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn in_range(x: __m128i, lo: u8, hi: u8) -> __m128i {
    _mm_and_si128(
        _mm_cmpgt_epi8(x, splat(lo - 1)),
        _mm_cmplt_epi8(x, splat(hi + 1)),
    )
}

/// One bit per lane, set where the lane's high bit is, the first lane lowest.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn bits(lanes: __m128i) -> u64 {
    u64::from(_mm_movemask_epi8(lanes) as u16)
}
