//! The map from positions in a folded text back to byte offsets in the original.

/// Maps folded byte positions to original byte offsets.
///
/// Folding mostly keeps lengths (ASCII text folds byte for byte), so instead of one entry
/// per byte the map stores breakpoints where the difference between the two offsets
/// changes, and the folded ranges that came from one unit and may not be split.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// (folded, original) pairs, sorted; a position maps through the last pair at or before it.
    breaks: Vec<(usize, usize)>,
    /// The difference `original - folded` in force after the last breakpoint.
    delta: isize,
    /// Folded ranges `(start, end)` of units whose folding has more than one character:
    /// positions strictly inside them are not unit edges.
    units: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub(crate) fn clear(&mut self) {
        self.breaks.clear();
        self.units.clear();
        self.delta = 0;
    }

    /// Records that folded position `folded` corresponds to original offset `original`.
    /// When a unit folded to nothing (a dropped accent), the later original offset wins,
    /// so a match ends after the dropped characters rather than before them.
    pub(crate) fn mark(&mut self, folded: usize, original: usize) {
        let delta = original as isize - folded as isize;
        if delta == self.delta {
            return;
        }
        self.delta = delta;
        match self.breaks.last_mut() {
            Some(last) if last.0 == folded => last.1 = original,
            _ => self.breaks.push((folded, original)),
        }
    }

    pub(crate) fn add_unit(&mut self, start: usize, end: usize) {
        self.units.push((start, end));
    }

    /// The original byte offset of folded position `folded` (a unit edge).
    pub fn to_original(&self, folded: usize) -> usize {
        let k = self.breaks.partition_point(|&(f, _)| f <= folded);
        match k {
            0 => folded,
            _ => {
                let (f, o) = self.breaks[k - 1];
                o + (folded - f)
            }
        }
    }

    /// Whether a match may start or end at folded position `folded`.
    pub fn is_boundary(&self, folded: usize) -> bool {
        let k = self.units.partition_point(|&(start, _)| start < folded);
        k == 0 || self.units[k - 1].1 <= folded
    }
}
