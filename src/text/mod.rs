//! Text normalisation for matching: canonical caseless folding, whitespace collapsing,
//! apostrophe unification and optional accent folding, with a map from every position of
//! the folded text back to the original text.
//!
//! Names and texts go through the same [`fold_into`] function, so they agree by
//! construction. See DESIGN.md ("Normalisation and the offset map") for the rules.

mod chars;
mod code_points;
mod offsets;
#[cfg(target_arch = "x86_64")]
pub(crate) mod sse2;
pub(crate) mod swar;

pub use chars::{is_word_char, needs_word_boundary, writes_without_spaces};
pub use code_points::{char_offsets, CodePoints};
pub use offsets::OffsetMap;

use icu_casemap::CaseMapper;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// How text and names are normalised before they are compared.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct FoldOptions {
    /// Keep case distinctions (skip Unicode case folding). Everything else still applies.
    pub case_sensitive: bool,
    /// Decompose and drop nonspacing marks, so "Sao Paulo" matches "São Paulo".
    pub fold_accents: bool,
}

/// A text after folding, with the map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded text, as UTF-8 bytes.
    pub bytes: Vec<u8>,
    /// Maps positions in `bytes` back to byte offsets of the original text.
    pub map: OffsetMap,
    /// Folded positions where a whole-word match may start: unit edges (not whitespace)
    /// where the original characters on either side do not form the inside of a word.
    /// A superset of the valid starts; the matcher still checks each match exactly.
    pub word_starts: Vec<usize>,
    scratch: Scratch,
}

#[derive(Debug, Default, Clone)]
struct Scratch {
    decomposed: String,
    folded: String,
}

impl Folded {
    pub fn new() -> Folded {
        Folded::default()
    }
}

/// Folds `name` the way texts are folded, without keeping the offset map.
/// Leading and trailing whitespace is dropped; inner whitespace runs become one space.
pub fn fold_name(name: &str, options: FoldOptions) -> Vec<u8> {
    let mut folded = Folded::new();
    fold_into(name, options, &mut folded);
    // Trim after folding: a lone accent next to a space folds away with `fold_accents`.
    let bytes = &folded.bytes;
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |k| k + 1);
    bytes[start..end].to_vec()
}

/// Folds `text` into `out` (reusing its buffers), recording the offset map.
///
/// The text is cut into units: a run of whitespace (which becomes one space), or a
/// base character with the combining marks that follow it (folded together, because
/// canonical ordering may reorder marks inside it). A match may start or end only at the
/// edge of a unit, so it never splits a character, its folded expansion, or a base
/// character from its accents.
pub fn fold_into(text: &str, options: FoldOptions, out: &mut Folded) {
    out.bytes.clear();
    out.bytes.reserve(text.len());
    out.map.clear();
    out.word_starts.clear();
    let bytes = text.as_bytes();
    // The class of the last original character before the current position:
    // (is a word character, belongs to a script written without spaces).
    let mut prev_word = false;
    let mut prev_no_space = false;
    let mut i = 0;
    while i < bytes.len() {
        // Every unit starts at a known offset pair (an ASCII run then keeps its delta,
        // marking only where it collapses whitespace).
        out.map.mark(out.bytes.len(), i);
        let run = ascii_run(text, i);
        if run > 0 {
            fold_ascii(
                &bytes[i..i + run],
                i,
                options,
                out,
                &mut prev_word,
                &mut prev_no_space,
            );
            i += run;
        }
        if i >= bytes.len() {
            break;
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        let end = if c.is_whitespace() {
            whitespace_run_end(text, i)
        } else {
            segment_end(text, i + c.len_utf8())
        };
        let start = out.bytes.len();
        if c.is_whitespace() {
            out.bytes.push(b' ');
            (prev_word, prev_no_space) = (false, false);
        } else {
            let (word, no_space) = (is_word_char(c), writes_without_spaces(c));
            let inside_word = word && prev_word && !no_space && !prev_no_space;
            let last = text[i..end]
                .chars()
                .next_back()
                .expect("a segment is not empty");
            (prev_word, prev_no_space) = (is_word_char(last), writes_without_spaces(last));
            fold_segment(&text[i..end], options, &mut out.scratch);
            if !inside_word && out.word_starts.last() != Some(&start) {
                out.word_starts.push(start);
            }
            if out.scratch.folded.is_empty() {
                out.map.mark_empty(start, i, end);
            }
            out.bytes.extend_from_slice(out.scratch.folded.as_bytes());
            if out.scratch.folded.chars().nth(1).is_some() {
                out.map.add_unit(start, out.bytes.len());
            }
        }
        i = end;
    }
    out.map.mark(out.bytes.len(), bytes.len());
}

const fn is_ascii_white_space(b: u8) -> bool {
    // Unicode White_Space within ASCII: TAB, LF, VT, FF, CR and SPACE.
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The length of the ASCII run at `i` that the fast path may fold byte for byte: it stops
/// before the first non-ASCII byte, and before the whitespace run that ends there (it may
/// go on: NBSP) or the base character of a combining sequence (an accent follows).
fn ascii_run(text: &str, i: usize) -> usize {
    let rest = &text.as_bytes()[i..];
    let n = ascii_prefix_len(rest);
    if n == rest.len() || n == 0 {
        return n;
    }
    if is_ascii_white_space(rest[n - 1]) {
        n - rest[..n]
            .iter()
            .rev()
            .take_while(|&&b| is_ascii_white_space(b))
            .count()
    } else if starts_with_mark(&text[i + n..]) {
        n - 1
    } else {
        n
    }
}

/// The number of leading ASCII bytes, eight at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGH != 0 {
            return n + (word & HIGH).trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// Byte classes for the ASCII fast path: bit 0 marks a word character, bit 1 any
/// character that is not whitespace.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [2u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = 3;
        } else if is_ascii_white_space(b as u8) {
            table[b] = 0;
        }
        b += 1;
    }
    table
};

/// Folds a run of ASCII text: letters to lower case (unless case-sensitive), each
/// whitespace run to one space, recording the word starts, in one pass without a branch
/// per byte except for the (rare) second byte of a whitespace run.
fn fold_ascii(
    run: &[u8],
    original: usize,
    options: FoldOptions,
    out: &mut Folded,
    prev_word: &mut bool,
    prev_no_space: &mut bool,
) {
    let Some(&first) = run.first() else { return };
    let fold = if options.case_sensitive {
        &ASCII_FOLD_CASE_SENSITIVE
    } else {
        &ASCII_FOLD
    };
    // The first byte follows whatever came before the run (maybe a script written
    // without spaces, or a unit that folded to nothing and already left a start here).
    let at = out.bytes.len();
    let class = ASCII_CLASS[first as usize];
    if class & 2 != 0
        && (!(class & 1 == 1 && *prev_word) || *prev_no_space)
        && out.word_starts.last() != Some(&at)
    {
        out.word_starts.push(at);
    }
    // Capacity for the whole run up front: the pushes below never reallocate.
    out.bytes.reserve(run.len());
    out.word_starts.reserve(run.len());
    out.bytes.push(fold[first as usize]);
    let mut prev = class;
    let mut in_blank_run = false;
    let mut k = 1;
    while k < run.len() {
        // Eight bytes at once when none of them is whitespace after whitespace (nothing
        // to drop): the usual case in prose.
        if !in_blank_run && k + 8 <= run.len() {
            let x = swar::load8(run, k);
            let blank = swar::white_space(x);
            let blank_before = blank << 8 | u64::from(prev & 2 == 0) << 7;
            if blank & blank_before == 0 {
                let mut folded = x & !swar::widen(blank) | (blank >> 2); // 0x80 >> 2 = b' '
                if !options.case_sensitive {
                    folded |= swar::upper(x) >> 2; // + 0x20: to lower case
                }
                let position = out.bytes.len();
                out.bytes.extend_from_slice(&folded.to_le_bytes());
                let word = swar::alphanumeric(x);
                let word_before = word << 8 | u64::from(prev & 1) << 7;
                let word_starts = !blank & !(word & word_before) & swar::HIGHS;
                // Every lane writes the next free slot, and only starts advance past it:
                // no branch on how many starts there are (a loop over them mispredicts).
                let free = out.word_starts.spare_capacity_mut();
                let mut n = 0;
                for lane in 0..8 {
                    free[n].write(position + lane);
                    n += (word_starts >> (8 * lane + 7)) as usize & 1;
                }
                let len = out.word_starts.len() + n;
                // SAFETY: the first `n` free slots were written just above (the capacity
                // reserved for the run leaves at least 8 while 8 bytes remain).
                unsafe { out.word_starts.set_len(len) };
                prev = ASCII_CLASS[run[k + 7] as usize];
                k += 8;
                continue;
            }
        }
        let b = run[k];
        k += 1;
        let class = ASCII_CLASS[b as usize];
        if (class | prev) & 2 == 0 {
            in_blank_run = true; // whitespace after whitespace: dropped
            continue;
        }
        if in_blank_run {
            out.map.mark(out.bytes.len(), original + k - 1);
            in_blank_run = false;
        }
        if class & 2 != 0 && class & prev & 1 == 0 {
            out.word_starts.push(out.bytes.len());
        }
        out.bytes.push(fold[b as usize]);
        prev = class;
    }
    if in_blank_run {
        out.map.mark(out.bytes.len(), original + run.len());
    }
    (*prev_word, *prev_no_space) = (prev & 1 == 1, false);
}

/// ASCII folded for matching: letters to lower case, whitespace to a space.
const ASCII_FOLD: [u8; 128] = ascii_fold_table(true);
const ASCII_FOLD_CASE_SENSITIVE: [u8; 128] = ascii_fold_table(false);

/// How each ASCII byte folds: whitespace to a space (and only whitespace), letters to
/// lower case unless `case_sensitive`. For searches that fold ASCII text as they go.
pub(crate) fn ascii_folding(case_sensitive: bool) -> &'static [u8; 128] {
    if case_sensitive {
        &ASCII_FOLD_CASE_SENSITIVE
    } else {
        &ASCII_FOLD
    }
}

const fn ascii_fold_table(lower: bool) -> [u8; 128] {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if is_ascii_white_space(byte) {
            b' '
        } else if lower {
            byte.to_ascii_lowercase()
        } else {
            byte
        };
        b += 1;
    }
    table
}

fn whitespace_run_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(k, _)| start + k)
}

/// The end of the combining sequence whose base character ends at `from`.
fn segment_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || !joins_previous(c))
        .map_or(text.len(), |(k, _)| from + k)
}

fn starts_with_mark(s: &str) -> bool {
    s.chars().next().is_some_and(joins_previous)
}

/// A character that belongs with the one before it: a combining mark (general category
/// M*: accents, Indic vowel signs, Thai vowels), or a character that canonical ordering
/// may move (its decomposition begins with a non-zero combining class, e.g. U+0F73).
fn joins_previous(c: char) -> bool {
    if (c as u32) < 0x300 {
        return false;
    }
    if c.general_category_group() == GeneralCategoryGroup::Mark {
        return true;
    }
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.is_some_and(|d| canonical_combining_class(d) != 0)
}

/// Canonical caseless folding of one segment: NFD(casefold(NFD(s))), then the options.
fn fold_segment(segment: &str, options: FoldOptions, scratch: &mut Scratch) {
    scratch.decomposed.clear();
    scratch.decomposed.extend(segment.nfd());
    let source: &str = if options.case_sensitive {
        &scratch.decomposed
    } else {
        let cased = CaseMapper::new().fold_string(&scratch.decomposed);
        scratch.folded.clear();
        scratch.folded.extend(cased.nfd());
        std::mem::swap(&mut scratch.decomposed, &mut scratch.folded);
        &scratch.decomposed
    };
    scratch.folded.clear();
    for c in source.chars() {
        if options.fold_accents && c.general_category() == GeneralCategory::NonspacingMark {
            continue;
        }
        // U+2019 (right single quotation mark) is the typographic apostrophe.
        scratch.folded.push(if c == '\u{2019}' { '\'' } else { c });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        String::from_utf8(fold_name(s, FoldOptions::default())).unwrap()
    }

    #[test]
    fn canonical_caseless_examples() {
        assert_eq!(fold("STRASSE"), fold("straße"));
        assert_eq!(fold("ΣΊΣΥΦΟΣ"), fold("Σίσυφος"));
        assert_eq!(fold("\u{212A}"), "k"); // Kelvin sign
        assert_eq!(fold("\u{e9}"), fold("e\u{301}"));
        assert_ne!(fold("İstanbul"), fold("Istanbul"));
        assert_eq!(fold("Kim  Jong\n\tUn"), "kim jong un");
        assert_eq!(fold("Russia\u{2019}s"), "russia's");
    }

    #[test]
    fn ascii_runs_next_to_other_text() {
        // Whitespace runs that go on past the ASCII run, accents on the last ASCII letter,
        // blank runs inside the run: the fast path must agree with the general one.
        assert_eq!(fold("a  \u{a0}b"), "a b");
        assert_eq!(fold("a \u{a0} \tb"), "a b");
        assert_eq!(fold("Cafe\u{301} X"), "cafe\u{301} x");
        assert_eq!(fold("x \u{301}y"), "x \u{301}y");
        let text = "Ab  cd\n\n e\u{a0}\u{a0}F. ";
        let mut f = Folded::new();
        fold_into(text, FoldOptions::default(), &mut f);
        assert_eq!(f.bytes, b"ab cd e f. ");
        assert_eq!(f.word_starts, [0, 3, 6, 8, 9]);
        assert_eq!(f.map.to_original(3), 4);
        assert_eq!(f.map.to_original(6), 9);
        assert_eq!(f.map.to_original(8), 14);
        assert_eq!(f.map.to_original(11), text.len());
    }

    proptest::proptest! {
        /// ASCII text folds to what a byte-at-a-time reading of the rules gives, through
        /// the eight-byte steps and the fallback alike.
        #[test]
        fn ascii_folding_follows_the_rules(
            text in "[aZ9 \n\t.,'-]{0,40}",
            case_sensitive: bool,
        ) {
            let options = FoldOptions { case_sensitive, ..Default::default() };
            let (mut bytes, mut starts, mut originals) = (Vec::new(), Vec::new(), Vec::new());
            for (i, b) in text.bytes().enumerate() {
                let blank = is_ascii_white_space(b);
                if blank && bytes.last() == Some(&b' ') {
                    continue;
                }
                let before_is_word = bytes.last().is_some_and(u8::is_ascii_alphanumeric);
                let inside_word = b.is_ascii_alphanumeric() && before_is_word;
                if !blank && !inside_word {
                    starts.push(bytes.len());
                }
                originals.push(i);
                bytes.push(match b {
                    _ if blank => b' ',
                    _ if case_sensitive => b,
                    _ => b.to_ascii_lowercase(),
                });
            }
            let mut folded = Folded::new();
            fold_into(&text, options, &mut folded);
            proptest::prop_assert_eq!(&folded.bytes, &bytes);
            proptest::prop_assert_eq!(&folded.word_starts, &starts);
            for (j, &o) in originals.iter().enumerate() {
                proptest::prop_assert_eq!(folded.map.to_original(j), o, "position {}", j);
            }
            proptest::prop_assert_eq!(folded.map.to_original(bytes.len()), text.len());
        }
    }

    #[test]
    fn accent_folding() {
        let o = FoldOptions {
            fold_accents: true,
            ..Default::default()
        };
        assert_eq!(fold_name("São Paulo", o), b"sao paulo");
        assert_eq!(fold_name("İstanbul", o), b"istanbul");
    }

    #[test]
    fn case_sensitive_keeps_case_but_normalises() {
        let o = FoldOptions {
            case_sensitive: true,
            ..Default::default()
        };
        assert_eq!(fold_name("Caf\u{e9}", o), "Cafe\u{301}".as_bytes());
    }

    #[test]
    fn offsets_map_back_through_expansions_and_whitespace() {
        let text = "Maß  X\u{e9}y";
        let mut f = Folded::new();
        fold_into(text, FoldOptions::default(), &mut f);
        assert_eq!(f.bytes, "mass xe\u{301}y".as_bytes());
        // "ss" is one unit: its middle is not a boundary.
        assert!(!f.map.is_boundary(3));
        assert!(f.map.is_boundary(4));
        assert_eq!(f.map.to_original(4), 4); // after ß (2 bytes in the original)
        assert_eq!(f.map.to_original(5), 6); // after the two spaces
        assert_eq!(f.map.to_original(6), 7); // after X
        assert!(!f.map.is_boundary(7)); // between e and its accent
        assert_eq!(f.map.to_original(9), 9); // after é (2 bytes folded to 3)
        assert_eq!(f.map.to_original(10), 10);
    }
}
