//! Eight bytes at a time in a `u64` ("SIMD within a register"): the byte classes the
//! ASCII fast paths need, without a branch or a table lookup per byte.
//!
//! Each test returns a mask with the high bit (0x80) of every byte that passes. The
//! range tests add to bytes with the high bit cleared, so no byte carries into the next.

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of `bytes` from `at`, little-endian (the first byte lowest), zero past
/// the end.
#[inline(always)]
pub(crate) fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut eight = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            eight[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(eight)
        }
    }
}

/// Bytes of `x` in `lo..=hi` (both below 0x80), among the ASCII bytes.
#[inline(always)]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !HIGHS;
    let above_lo = low.wrapping_add(u64::from(0x80 - lo) * ONES);
    let above_hi = low.wrapping_add(u64::from(0x7F - hi) * ONES);
    above_lo & !above_hi & !x & HIGHS
}

/// ASCII upper-case letters.
#[inline(always)]
pub(crate) fn upper(x: u64) -> u64 {
    in_range(x, b'A', b'Z')
}

/// ASCII letters and digits.
#[inline(always)]
pub(crate) fn alphanumeric(x: u64) -> u64 {
    in_range(x, b'0', b'9') | in_range(x, b'a', b'z') | upper(x)
}

/// ASCII characters with Unicode's White_Space property: TAB, LF, VT, FF, CR, SPACE.
#[inline(always)]
pub(crate) fn white_space(x: u64) -> u64 {
    in_range(x, b'\t', b'\r') | in_range(x, b' ', b' ')
}

/// Whether JSON must escape `b` in a string: a control character, '"' or '\\' (what
/// [`json_escaped`] tests eight bytes at a time).
#[inline(always)]
pub(crate) fn is_json_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Bytes that JSON must escape in a string: control characters, '"' and '\\'.
#[inline(always)]
pub(crate) fn json_escaped(x: u64) -> u64 {
    in_range(x, 0x00, 0x1F) | in_range(x, b'"', b'"') | in_range(x, b'\\', b'\\')
}

/// A mask of whole bytes (0xFF) from a mask of high bits.
#[inline(always)]
pub(crate) fn widen(mask: u64) -> u64 {
    (mask >> 7) * 0xFF
}

/// Asks the CPU to start loading the cache line at `p`, for a read a little later (a
/// hint: it does nothing where the target has no such instruction). A reference passes
/// as a pointer.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is part of the x86-64 baseline; a prefetch reads nothing and never
        // faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each test, on every byte value in every lane, agrees with the scalar definition.
    #[test]
    fn classes_agree_with_the_scalar_definitions() {
        type Pair = (fn(u64) -> u64, fn(u8) -> bool);
        let tests: [Pair; 4] = [
            (upper, |b| b.is_ascii_uppercase()),
            (json_escaped, |b| b < 0x20 || b == b'"' || b == b'\\'),
            (alphanumeric, |b| b.is_ascii_alphanumeric()),
            (white_space, |b| {
                matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
            }),
        ];
        for (swar, scalar) in tests {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    // Neighbours that could carry or borrow into the lane.
                    for fill in [0x00u8, 0x7F, 0x80, 0xFF] {
                        let mut bytes = [fill; 8];
                        bytes[lane] = b;
                        let mask = swar(u64::from_le_bytes(bytes));
                        let flagged = (mask >> (8 * lane)) & 0xFF == 0x80;
                        assert_eq!(flagged, scalar(b), "{b:#x} in lane {lane}");
                    }
                }
            }
        }
    }

    #[test]
    fn loads_pad_with_zeros() {
        assert_eq!(load8(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load8(b"abc", 3), 0);
        assert_eq!(load8(b"abc", 9), 0);
        assert_eq!(widen(0x80 << 8), 0xFF << 8);
    }
}
