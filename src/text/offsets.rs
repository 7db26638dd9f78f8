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
    /// Whether some folded position stands for several original offsets.
    several: bool,
}

impl OffsetMap {
    pub(crate) fn clear(&mut self) {
        self.breaks.clear();
        self.units.clear();
        self.delta = 0;
        self.several = false;
    }

    /// Records that folded position `folded` corresponds to original offset `original`.
    pub(crate) fn mark(&mut self, folded: usize, original: usize) {
        let delta = original as isize - folded as isize;
        if delta != self.delta {
            self.delta = delta;
            self.several |= self.breaks.last().is_some_and(|&(f, _)| f == folded);
            self.breaks.push((folded, original));
        }
    }

    /// Records a unit that folded to nothing (e.g. a lone accent when accents are folded):
    /// folded position `folded` then corresponds to both `start` and `end` of it.
    pub(crate) fn mark_empty(&mut self, folded: usize, start: usize, end: usize) {
        self.breaks.push((folded, start));
        self.breaks.push((folded, end));
        self.several = true;
        self.delta = end as isize - folded as isize;
    }

    pub(crate) fn add_unit(&mut self, start: usize, end: usize) {
        self.units.push((start, end));
    }

    /// Every original offset that folded position `folded` (a unit edge) stands for, in
    /// order: one, unless units that folded to nothing sit there.
    pub fn originals(&self, folded: usize) -> impl Iterator<Item = usize> + '_ {
        // One search: the breakpoints at `folded` (usually none) follow those before it.
        let lo = self.breaks.partition_point(|&(f, _)| f < folded);
        let hi = lo
            + self.breaks[lo..]
                .iter()
                .take_while(|&&(f, _)| f == folded)
                .count();
        // No breakpoint at `folded`: the ones before it are those at or before it.
        let single = (lo == hi).then(|| self.through(lo, folded));
        let mut last = None;
        self.breaks[lo..hi]
            .iter()
            .map(|&(_, o)| o)
            .chain(single)
            .filter(move |&o| last.replace(o) != Some(o))
    }

    /// Whether every folded position stands for one original offset (its
    /// [`to_original`](OffsetMap::to_original)): no unit folded to nothing.
    pub fn one_original_each(&self) -> bool {
        !self.several
    }

    /// The original byte offset of folded position `folded` (a unit edge); after any
    /// units that folded to nothing at that position.
    pub fn to_original(&self, folded: usize) -> usize {
        self.through(self.breaks.partition_point(|&(f, _)| f <= folded), folded)
    }

    /// Folded position `folded` mapped through breakpoint `k - 1`, the last one at or
    /// before it (`k` = 0: none, the offsets are equal).
    fn through(&self, k: usize, folded: usize) -> usize {
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
