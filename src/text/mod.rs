//! Text normalisation for matching: canonical caseless folding, whitespace collapsing,
//! apostrophe unification and optional accent folding, with a map from every position of
//! the folded text back to the original text.
//!
//! Names and texts go through the same [`fold_into`] function, so they agree by
//! construction. See DESIGN.md ("Normalisation and the offset map") for the rules.

mod chars;
mod offsets;

pub use chars::{is_word_char, needs_word_boundary, writes_without_spaces};
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
        // Fast path: a run of ASCII that needs no decomposition. ASCII letters fold to
        // lower case, and a single ASCII whitespace byte becomes a space of the same length,
        // so the run keeps the offset delta it started with.
        out.map.mark(out.bytes.len(), i);
        while i < bytes.len() && bytes[i] < 0x80 {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied();
            if is_ascii_white_space(b) {
                if next.is_some_and(|n| is_ascii_white_space(n) || n >= 0x80) {
                    break; // a longer whitespace run, or whitespace then non-ASCII
                }
                out.bytes.push(b' ');
                (prev_word, prev_no_space) = (false, false);
            } else {
                if next.is_some_and(|n| n >= 0x80) && starts_with_mark(&text[i + 1..]) {
                    break; // the next character is an accent on this one
                }
                let word = b.is_ascii_alphanumeric();
                // (The last start may already be here: a unit that folded to nothing.)
                if (!(word && prev_word) || prev_no_space)
                    && out.word_starts.last() != Some(&out.bytes.len())
                {
                    out.word_starts.push(out.bytes.len());
                }
                (prev_word, prev_no_space) = (word, false);
                out.bytes.push(if options.case_sensitive {
                    b
                } else {
                    b.to_ascii_lowercase()
                });
            }
            i += 1;
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
        out.map.mark(out.bytes.len(), i);
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

fn is_ascii_white_space(b: u8) -> bool {
    // Unicode White_Space within ASCII: TAB, LF, VT, FF, CR and SPACE.
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
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

/// Converts byte offsets into `text` to code-point offsets (what Python's `str` indexes
/// and JSON output use). The offsets may come in any order; each must be a char boundary.
pub fn char_offsets(text: &str, byte_offsets: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let bytes: Vec<usize> = byte_offsets.into_iter().collect();
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&k| bytes[k]);
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut chars) = (0, 0);
    for k in order {
        // Count the characters between the previous offset and this one: code points
        // are the bytes that do not continue a UTF-8 sequence.
        let target = bytes[k];
        chars += text.as_bytes()[byte..target]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        byte = target;
        out[k] = chars;
    }
    out
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
    fn char_offsets_count_code_points() {
        let text = "é中a😀b";
        let bytes = [text.len(), 0, 2, 5, 6, 10];
        assert_eq!(char_offsets(text, bytes), [5, 0, 1, 2, 3, 4]);
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
