//! Fuzz target: arbitrary text through the quantity extractor under every option
//! combination (decimal mark × units on/off × non-quantities on/off).
//!
//! Input layout: one control byte (bits 0-1 the decimal mark, bit 2 numbers only, bit 3
//! non-quantities), then the text, made valid UTF-8 with `from_utf8_lossy`.
//!
//! Asserts: no panic; every result has start < end <= text.len() on char boundaries and
//! slices back to its `text`; results are in order and do not overlap; values are never
//! NaN; an SI value exists only with an SI unit; a range's upper end exists only with a
//! lower one; with non-quantities off, every kind is a quantity kind.

#![no_main]

use lexiscan::quantity::{DecimalMark, Quantities};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let mut builder = Quantities::builder();
    builder
        .decimal(match control & 3 {
            1 => DecimalMark::Point,
            2 => DecimalMark::Comma,
            _ => DecimalMark::Auto,
        })
        .units(control & 4 == 0)
        .include_non_quantities(control & 8 != 0);
    let q = builder.build().expect("built-in tables");
    let found = q.find(&text);
    let mut last_end = 0;
    for m in &found {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(&text[m.start..m.end], m.text);
        assert!(m.start >= last_end, "overlap: {found:?}");
        last_end = m.end;
        assert!(!m.value.is_nan(), "{m:?}");
        assert!(m.si_value.is_none() || m.si_unit.is_some(), "{m:?}");
        if control & 8 == 0 {
            assert!(m.kind.is_quantity(), "{m:?}");
        }
        if control & 4 != 0 {
            assert!(m.unit.is_none(), "numbers only, yet a unit: {m:?}");
        }
    }
});
