//! A compact byte trie for whole-word walks, built in linear time from sorted keys.
//!
//! A whole-word search walks the trie from each word start and reports every key that
//! begins there; each step of such a walk is a dependent memory access, so the layout
//! aims at about one cache miss per step (and fewer along unbranched stretches):
//!
//! - the root is a direct table: child offset for each first byte (or [`NONE`]);
//! - every other node is a record in one byte array, emitted children first (post-order),
//!   so a parent knows its children's offsets when it is written, and a node's last
//!   child sits just before it. A record is a header byte, the key's value when the node
//!   ends a key, then its edges:
//!
//! ```text
//! header: FINAL (0x80) | kind (0x7F)
//! [value: u32 LE, if FINAL]
//! kind 0           leaf: nothing more
//! kind 1..=LINEAR  n edges: n labels (ascending), then n child offsets (u32 LE)
//! kind DENSE       256 child offsets (u32 LE, NONE when absent), one per byte
//! kind CHAIN       len (u8, >= 2), len label bytes, one child offset (u32 LE)
//! ```
//!
//! A chain stands for a run of single-child nodes none of which (after the first) ends a
//! key: most of a large name set is such runs (the tail of a name once it differs from
//! every other), and a walk compares the whole run with the text at once.

use crate::error::{Error, ErrorKind, Result};

/// No child.
const NONE: u32 = u32::MAX;
const FINAL: u8 = 0x80;
const KIND: u8 = 0x7F;
const LEAF: u8 = 0;
/// Up to this many edges, labels are scanned linearly; above, the node is a direct table.
const LINEAR: usize = 16;
/// The same for the nodes one byte below the root (few, and on most walks).
const DEPTH1_LINEAR: usize = 4;
const DENSE: u8 = 0x7E;
const CHAIN: u8 = 0x7F;
/// The longest chain in one record (longer runs are chains of chains).
const MAX_CHAIN: usize = u8::MAX as usize;

/// The offsets where a trie's records start (see [`ByteTrie::from_parts`]).
pub(super) struct Records(Vec<u64>);

impl Records {
    pub(super) fn contains(&self, node: u32) -> bool {
        let p = node as usize;
        self.0.get(p / 64).is_some_and(|w| w & (1 << (p % 64)) != 0)
    }
}

/// A set of byte strings, each with a `u32` value.
#[derive(Clone)]
pub(super) struct ByteTrie {
    /// The node reached from the root by each byte.
    root: Box<[u32; 256]>,
    /// The other nodes, as records (see the module documentation).
    data: Vec<u8>,
}

#[inline(always)]
fn read_u32(data: &[u8], at: usize) -> u32 {
    let bytes: [u8; 4] = data[at..at + 4].try_into().expect("four bytes");
    u32::from_le_bytes(bytes)
}

impl ByteTrie {
    /// Builds the trie of `keys`, which must be sorted, distinct and non-empty; key `k` is
    /// reported with `values[k]`. Linear in the total length of the keys.
    pub(super) fn build(keys: &[&[u8]], values: &[u32]) -> Result<ByteTrie> {
        debug_assert_eq!(keys.len(), values.len());
        debug_assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "keys sorted, distinct"
        );
        debug_assert!(keys.iter().all(|k| !k.is_empty()), "no empty key");
        if keys.len() > NONE as usize {
            return Err(too_large());
        }
        let mut builder = Builder {
            keys,
            values,
            data: Vec::new(),
            edges: Vec::new(),
        };
        let mut root = Box::new([NONE; 256]);
        if !keys.is_empty() {
            builder.run(&mut root)?;
        }
        let mut data = builder.data;
        // Label scans read eight bytes at a time, past the end of the last record.
        data.extend_from_slice(&[0; 8]);
        data.shrink_to_fit();
        Ok(ByteTrie { root, data })
    }

    /// Heap memory in bytes.
    pub(super) fn memory(&self) -> usize {
        std::mem::size_of::<[u32; 256]>() + self.data.len()
    }

    /// The root table and the records, as a saved gazetteer stores them.
    pub(super) fn parts(&self) -> (&[u32; 256], &[u8]) {
        (&self.root, &self.data)
    }

    /// The trie of [`ByteTrie::parts`], read from a file: checked record by record, so
    /// that no walk can read out of place. Every record must be whole, of a known kind,
    /// with its values accepted by `value_ok` and each child an earlier record (children
    /// come first: no walk can loop), and the padding must follow the last. Returns the
    /// trie and which offsets start a record.
    pub(super) fn from_parts(
        root: Box<[u32; 256]>,
        data: Vec<u8>,
        value_ok: impl Fn(u32) -> bool,
    ) -> Result<(ByteTrie, Records)> {
        let invalid = |what: &str| Error::new(ErrorKind::InvalidFile, format!("the trie: {what}"));
        let body = data
            .len()
            .checked_sub(8)
            .ok_or_else(|| invalid("no padding"))?;
        let mut records = Records(vec![0; body.div_ceil(64)]);
        let u32_at = |at: usize| (at + 4 <= body).then(|| read_u32(&data, at));
        let mut p = 0;
        while p < body {
            let header = data[p];
            let mut q = p + 1;
            if header & FINAL != 0 {
                let value = u32_at(q).ok_or_else(|| invalid("a record is cut short"))?;
                if !value_ok(value) {
                    return Err(invalid("a value names no name"));
                }
                q += 4;
            }
            let (labels, children) = match header & KIND {
                LEAF => (0, 0),
                CHAIN => {
                    let len = usize::from(
                        *data
                            .get(q)
                            .filter(|&&n| n >= 2)
                            .ok_or_else(|| invalid("a chain is too short"))?,
                    );
                    (1 + len, 1)
                }
                DENSE => (0, 256),
                n if usize::from(n) <= LINEAR => (usize::from(n), usize::from(n)),
                _ => return Err(invalid("a record of no known kind")),
            };
            q += labels;
            for k in 0..children {
                let child = u32_at(q + 4 * k).ok_or_else(|| invalid("a record is cut short"))?;
                let dense_gap = header & KIND == DENSE && child == NONE;
                let earlier = child < p as u32 && records.contains(child);
                if !(dense_gap || earlier) {
                    return Err(invalid("a child is not an earlier record"));
                }
            }
            q += 4 * children;
            if q > body {
                return Err(invalid("a record is cut short"));
            }
            records.0[p / 64] |= 1 << (p % 64);
            p = q;
        }
        if root.iter().any(|&r| r != NONE && !records.contains(r)) {
            return Err(invalid("the root points to no record"));
        }
        Ok((ByteTrie { root, data }, records))
    }

    /// Walks `text` from its first byte and calls `report(len, value)` for every key that
    /// is a prefix of `text`, shortest first. (The search starts its walks with
    /// `Trie::start`; this whole walk is what the tests hold them to.)
    #[cfg(test)]
    pub(super) fn walk(&self, text: &[u8], report: impl FnMut(usize, u32)) {
        let Some(&first) = text.first() else { return };
        self.walk_from(self.root[first as usize], text, 1, report);
    }

    /// The node reached from the root by `prefix` (non-empty), if a record starts there:
    /// always for a key's leading ASCII alphanumeric run (no chain crosses its end), when
    /// some key starts with `prefix`.
    pub(super) fn node_after(&self, prefix: &[u8]) -> Option<u32> {
        let data = &self.data[..];
        let mut node = self.root[usize::from(*prefix.first()?)];
        let mut at = 1;
        while at < prefix.len() && node != NONE {
            let header = data[node as usize];
            let edges = node as usize + 1 + if header & FINAL != 0 { 4 } else { 0 };
            // (A chain that the prefix ends inside of is not followed.)
            (node, at) = step(data, header, edges, prefix[at], &mut Slice(prefix), at)?;
        }
        (node != NONE).then_some(node)
    }

    /// Walks on from `node`, reached by the first `at` bytes of `text` (see [`node_after`]),
    /// reporting like `walk` (the tests' whole walk) the keys that end there or further.
    ///
    /// [`node_after`]: ByteTrie::node_after
    #[inline]
    pub(super) fn walk_from(
        &self,
        node: u32,
        text: &[u8],
        at: usize,
        report: impl FnMut(usize, u32),
    ) {
        self.walk_in(node, &mut Slice(text), at, report);
    }

    /// [`ByteTrie::walk_from`] over any [`Haystack`]; each key found is reported with
    /// `text.end(len)`, where its `len` bytes end.
    #[inline]
    pub(super) fn walk_in(
        &self,
        mut node: u32,
        text: &mut impl Haystack,
        mut at: usize,
        mut report: impl FnMut(usize, u32),
    ) {
        let data = &self.data[..];
        while node != NONE {
            let mut p = node as usize;
            let header = data[p];
            p += 1;
            if header & FINAL != 0 {
                report(text.end(at), read_u32(data, p));
                p += 4;
            }
            let Some(byte) = text.byte(at) else { return };
            let Some(next) = step(data, header, p, byte, text, at) else {
                return;
            };
            (node, at) = next;
        }
    }

    /// The value of the key that ends at `node`, if one does.
    pub(super) fn value_at(&self, node: u32) -> Option<u32> {
        let p = node as usize;
        (self.data[p] & FINAL != 0).then(|| read_u32(&self.data, p + 1))
    }

    /// The step from `node`, reached by the first `at` bytes of `text`, to its child on
    /// the next bytes of `text`: the child and how many bytes lead to it, or `None` where
    /// no key goes on. (A walk that starts there reports no key that ends at `node`.)
    #[inline]
    pub(super) fn step_past(
        &self,
        node: u32,
        text: &mut impl Haystack,
        at: usize,
    ) -> Option<(u32, usize)> {
        let data = &self.data[..];
        let p = node as usize;
        let header = data[p];
        let edges = p + 1 + if header & FINAL != 0 { 4 } else { 0 };
        step(data, header, edges, text.byte(at)?, text, at)
    }

    /// The node reached from the root by `byte`.
    #[inline]
    pub(super) fn root(&self, byte: u8) -> u32 {
        self.root[usize::from(byte)]
    }
}

/// One step from the record with `header` whose edges start at `data[edges]`, on `byte`,
/// the byte of `text` at `at`: the next node (maybe [`NONE`]) and how many bytes of
/// `text` it was reached by; `None` where no key goes on.
#[inline(always)]
fn step(
    data: &[u8],
    header: u8,
    edges: usize,
    byte: u8,
    text: &mut impl Haystack,
    at: usize,
) -> Option<(u32, usize)> {
    let p = edges;
    match header & KIND {
        LEAF => None,
        CHAIN => {
            let len = data[p] as usize;
            let run = &data[p + 1..p + 1 + len];
            // Most walks leave at the first byte: test it before the rest.
            if run[0] != byte || !text.has_run(at + 1, &run[1..]) {
                return None;
            }
            Some((read_u32(data, p + 1 + len), at + len))
        }
        DENSE => Some((read_u32(data, p + 4 * byte as usize), at + 1)),
        n => {
            let n = n as usize;
            let i = find_label(data, p, n, byte)?;
            Some((read_u32(data, p + n + 4 * i), at + 1))
        }
    }
}

/// What a walk reads: the (folded) text from where the walk starts, asked for in
/// increasing positions, so it can be produced as the walk goes.
pub(super) trait Haystack {
    /// The byte at `at`, if the text goes on that far.
    fn byte(&mut self, at: usize) -> Option<u8>;
    /// Whether the bytes from `at` on are `run`.
    fn has_run(&mut self, at: usize, run: &[u8]) -> bool;
    /// Where the first `len` bytes end, in the offsets the caller wants reported.
    fn end(&self, len: usize) -> usize;
}

/// A text already folded: positions are its own.
struct Slice<'a>(&'a [u8]);

impl Haystack for Slice<'_> {
    #[inline(always)]
    fn byte(&mut self, at: usize) -> Option<u8> {
        self.0.get(at).copied()
    }

    #[inline(always)]
    fn has_run(&mut self, at: usize, run: &[u8]) -> bool {
        self.0.get(at..at + run.len()) == Some(run)
    }

    #[inline(always)]
    fn end(&self, len: usize) -> usize {
        len
    }
}

/// The index of `byte` among the `n` (at most [`LINEAR`]) labels at `data[p..]`: eight
/// labels compared at once (a record is followed by at least eight readable bytes, its
/// offsets or the padding at the end).
#[inline(always)]
fn find_label(data: &[u8], p: usize, n: usize, byte: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut base = 0;
    loop {
        let word = u64::from_le_bytes(data[p + base..p + base + 8].try_into().expect("8 bytes"));
        // Zero bytes of `x` are labels equal to `byte`. The lowest flagged byte is always a
        // true zero (a borrow only flags bytes above a zero), so it is the first match.
        let x = word ^ (u64::from(byte) * ONES);
        let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
        if zeros != 0 {
            let i = base + (zeros.trailing_zeros() / 8) as usize;
            return (i < n).then_some(i);
        }
        base += 8;
        if base >= n {
            return None;
        }
    }
}

fn too_large() -> Error {
    Error::new(
        ErrorKind::Build,
        "cannot build the trie: more than 4 GiB of nodes",
    )
}

/// A node whose children are being emitted.
struct Frame {
    /// The keys below the node (the first may end at the node), all sharing `depth` bytes.
    lo: usize,
    hi: usize,
    depth: usize,
    /// The value of the key that ends at this node.
    key: Option<u32>,
    /// For a chain, where it ends (the depth of its only child).
    chain_end: Option<usize>,
    /// Whether the node's bytes are all ASCII letters or digits (it is inside the first
    /// word of its keys).
    in_first_word: bool,
    /// The first key not yet under an emitted child.
    next: usize,
    /// Where this node's edges begin in `Builder::edges`.
    edges: usize,
}

struct Builder<'k> {
    keys: &'k [&'k [u8]],
    values: &'k [u32],
    data: Vec<u8>,
    /// (label, child offset) of the finished children of the nodes on the stack.
    edges: Vec<(u8, u32)>,
}

impl Builder<'_> {
    /// A depth-first walk over the sorted keys with an explicit stack (names can be long):
    /// a node's children are the runs of keys with the same byte after the node's prefix.
    fn run(&mut self, root: &mut [u32; 256]) -> Result<()> {
        let mut stack = vec![Frame {
            lo: 0,
            hi: self.keys.len(),
            depth: 0,
            key: None,
            chain_end: None,
            in_first_word: true,
            next: 0,
            edges: 0,
        }];
        while let Some(top) = stack.last_mut() {
            if top.next < top.hi {
                // The next child: the keys with the same next byte.
                let (lo, depth) = (top.next, top.chain_end.unwrap_or(top.depth + 1));
                let hi = if top.chain_end.is_some() {
                    top.hi
                } else {
                    let byte = self.keys[lo][top.depth];
                    let d = top.depth;
                    lo + self.keys[lo..top.hi].partition_point(|k| k[d] <= byte)
                };
                top.next = hi;
                let in_first_word = top.in_first_word
                    && self.keys[lo][top.depth..depth]
                        .iter()
                        .all(u8::is_ascii_alphanumeric);
                let frame = self.frame(lo, hi, depth, in_first_word);
                stack.push(frame);
                continue;
            }
            let frame = stack.pop().expect("a frame");
            if stack.is_empty() {
                for &(byte, child) in &self.edges {
                    root[byte as usize] = child;
                }
                return Ok(());
            }
            let at = self.emit(&frame)?;
            self.edges.truncate(frame.edges);
            let parent = stack.last().expect("a parent");
            self.edges.push((self.keys[frame.lo][parent.depth], at));
        }
        Ok(())
    }

    /// The node at `depth` above `keys[lo..hi]`: whether it ends a key, and whether it
    /// starts a chain (one child, reached through nodes that end no key).
    fn frame(&self, lo: usize, hi: usize, depth: usize, in_first_word: bool) -> Frame {
        let keys = self.keys;
        let key = (keys[lo].len() == depth).then(|| self.values[lo]);
        let inner = lo + usize::from(key.is_some());
        let mut chain_end = None;
        if inner < hi && keys[inner][depth] == keys[hi - 1][depth] {
            let (a, b) = (keys[inner], keys[hi - 1]);
            let common = depth
                + a[depth..]
                    .iter()
                    .zip(&b[depth..])
                    .take_while(|(x, y)| x == y)
                    .count();
            // A chain ends where the first word of its keys (their leading ASCII
            // alphanumeric run) does, so that the node after a first word is a record.
            let mut end = common;
            if in_first_word {
                let rest = a[depth..common]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if rest > 0 {
                    end = depth + rest;
                }
            }
            if end - depth >= 2 {
                chain_end = Some(end);
            }
        }
        Frame {
            lo,
            hi,
            depth,
            key,
            chain_end,
            in_first_word,
            next: inner,
            edges: self.edges.len(),
        }
    }

    /// Writes the record of a finished node and returns its offset.
    fn emit(&mut self, frame: &Frame) -> Result<u32> {
        let edges = &self.edges[frame.edges..];
        let data = &mut self.data;
        let at;
        if let Some(end) = frame.chain_end {
            // Runs longer than a record holds: the tail first, as chains without a key.
            let run = &self.keys[frame.lo + usize::from(frame.key.is_some())][frame.depth..end];
            let mut child = edges[0].1;
            let mut len = run.len();
            while len > MAX_CHAIN {
                let piece = &run[len - MAX_CHAIN..len];
                let here = data.len();
                data.push(CHAIN);
                data.push(MAX_CHAIN as u8);
                data.extend_from_slice(piece);
                data.extend_from_slice(&child.to_le_bytes());
                child = offset(here)?;
                len -= MAX_CHAIN;
            }
            if len == 1 {
                // (Only when the run was cut: one byte left is an ordinary edge.)
                at = header(data, frame.key, 1);
                data.push(run[0]);
                data.extend_from_slice(&child.to_le_bytes());
            } else {
                at = header(data, frame.key, CHAIN);
                data.push(len as u8);
                data.extend_from_slice(&run[..len]);
                data.extend_from_slice(&child.to_le_bytes());
            }
        } else if edges.is_empty() {
            at = header(data, frame.key, LEAF);
        } else if edges.len() <= LINEAR && !(frame.depth == 1 && edges.len() > DEPTH1_LINEAR) {
            let n = edges.len();
            at = header(data, frame.key, n as u8);
            data.extend(edges.iter().map(|&(label, _)| label));
            for &(_, child) in edges {
                data.extend_from_slice(&child.to_le_bytes());
            }
        } else {
            let mut table = [NONE; 256];
            for &(label, child) in edges {
                table[label as usize] = child;
            }
            at = header(data, frame.key, DENSE);
            for child in table {
                data.extend_from_slice(&child.to_le_bytes());
            }
        }
        offset(at)
    }
}

fn header(data: &mut Vec<u8>, key: Option<u32>, kind: u8) -> usize {
    let at = data.len();
    match key {
        Some(k) => {
            data.push(FINAL | kind);
            data.extend_from_slice(&k.to_le_bytes());
        }
        None => data.push(kind),
    }
    at
}

fn offset(at: usize) -> Result<u32> {
    u32::try_from(at)
        .ok()
        .filter(|&o| o != NONE)
        .ok_or_else(too_large)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(keys: &[&[u8]]) -> ByteTrie {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let values: Vec<u32> = (0..keys.len() as u32).collect();
        ByteTrie::build(&keys, &values).unwrap()
    }

    fn walk(trie: &ByteTrie, text: &[u8]) -> Vec<(usize, u32)> {
        let mut found = Vec::new();
        trie.walk(text, |len, key| found.push((len, key)));
        found
    }

    /// What a walk must report: every key that is a prefix of the text, shortest first.
    fn expected(keys: &[&[u8]], text: &[u8]) -> Vec<(usize, u32)> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let mut found: Vec<(usize, u32)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| text.starts_with(k))
            .map(|(i, k)| (k.len(), i as u32))
            .collect();
        found.sort_unstable();
        found
    }

    fn check(keys: &[&[u8]], texts: &[&[u8]]) {
        let trie = build(keys);
        for text in texts {
            assert_eq!(walk(&trie, text), expected(keys, text), "text {text:?}");
        }
    }

    #[test]
    fn the_empty_set_finds_nothing() {
        let trie = build(&[]);
        assert!(walk(&trie, b"anything").is_empty());
        assert!(walk(&trie, b"").is_empty());
    }

    #[test]
    fn prefix_walks() {
        check(
            &[b"new", b"new york", b"new york city", b"newark", b"york"],
            &[
                b"new york city hall",
                b"new york cit",
                b"new yorker",
                b"newark",
                b"newa",
                b"ne",
                b"",
                b"york",
                b"yorkshire",
                b"old york",
            ],
        );
    }

    #[test]
    fn shared_prefixes_and_branches() {
        check(
            &[b"abc", b"abd", b"abe", b"ab", b"b", b"bcdefgh", b"bcdefgx"],
            &[
                b"abcd", b"abd", b"abf", b"ab", b"a", b"bcdefgh", b"bcdefgx", b"bcdefg",
            ],
        );
    }

    #[test]
    fn a_name_of_one_byte() {
        check(&[b"x"], &[b"x", b"xy", b"y", b""]);
        check(&[b"x", b"xy"], &[b"x", b"xy", b"xyz", b"xz"]);
    }

    #[test]
    fn bytes_above_0x7f() {
        let keys: &[&[u8]] = &[
            "москва".as_bytes(),
            "моск".as_bytes(),
            "münchen".as_bytes(),
            "東京".as_bytes(),
            &[0xFF],
            &[0xFF, 0x80, 0x00],
            &[0x80],
        ];
        check(
            keys,
            &[
                "москва!".as_bytes(),
                "моска".as_bytes(),
                "münchener".as_bytes(),
                "東京都".as_bytes(),
                &[0xFF, 0x80, 0x00, 0x01],
                &[0xFF, 0x80],
                &[0x80, 0x80],
            ],
        );
    }

    #[test]
    fn fan_out_of_256_at_every_level() {
        let mut owned: Vec<Vec<u8>> = Vec::new();
        for a in 0..=255u8 {
            owned.push(vec![a]);
            owned.push(vec![7, a]);
            owned.push(vec![7, 7, a, 1, 2, 3]);
        }
        let keys: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let mut texts: Vec<Vec<u8>> = owned.clone();
        texts.extend((0..=255u8).map(|a| vec![7, 7, a, 1, 2]));
        texts.extend((0..=255u8).map(|a| vec![7, 7, a, 1, 2, 3, 4]));
        let texts: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
        check(&keys, &texts);
    }

    #[test]
    fn fan_outs_around_the_direct_table_threshold() {
        for n in [LINEAR - 1, LINEAR, LINEAR + 1] {
            let owned: Vec<Vec<u8>> = (0..n as u8).map(|b| vec![b'q', b * 3, b'z']).collect();
            let keys: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            let mut texts = owned.clone();
            texts.extend((0..=255u8).map(|b| vec![b'q', b, b'z']));
            let texts: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
            check(&keys, &texts);
        }
    }

    #[test]
    fn long_chains_are_split() {
        let long: Vec<u8> = (0..1000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let prefix = &long[..600];
        let other: Vec<u8> = long[..257].iter().copied().chain([b'!']).collect();
        let keys: &[&[u8]] = &[&long, prefix, &other, &long[..256]];
        let mut cut = long.clone();
        cut[999] = b'#';
        check(
            keys,
            &[&long, &long[..999], &cut, &other, &long[..257], prefix],
        );
    }

    #[test]
    fn keys_report_their_values() {
        let trie = build(&[b"b", b"a", b"c"]);
        assert_eq!(walk(&trie, b"a"), [(1, 0)]);
        assert_eq!(walk(&trie, b"c"), [(1, 2)]);
        let trie = ByteTrie::build(&[b"a", b"ab"], &[7, u32::MAX]).unwrap();
        assert_eq!(walk(&trie, b"abc"), [(1, 7), (2, u32::MAX)]);
    }

    proptest::proptest! {
        #[test]
        fn walks_find_exactly_the_prefix_keys(
            keys in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![0u8, 1, 2, b'a', 0x80, 0xFF]), 1..8),
                0..40,
            ),
            texts in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![0u8, 1, 2, b'a', 0x80, 0xFF]), 0..10),
                1..10,
            ),
        ) {
            let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
            let trie = build(&keys);
            for text in &texts {
                proptest::prop_assert_eq!(walk(&trie, text), expected(&keys, text));
            }
            // Every key walks to itself.
            for key in &keys {
                proptest::prop_assert!(walk(&trie, key).iter().any(|&(len, _)| len == key.len()));
            }
        }
    }
}
