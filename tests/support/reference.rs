//! A brute-force reference matcher: slow, and written straight from the documented rules
//! (crate docs in src/lib.rs, DESIGN.md, issue 2) without reusing any of the crate's
//! matching or folding code.
//!
//! For every pair of unit edges (i, j) of the original text, it folds `text[i..j]` on its
//! own and compares the result with every folded name; it applies the whole-word rule to
//! the original characters at i and j; then it applies the overlap policy to the list of
//! all valid matches.
//!
//! - Folding (`ref_fold`): every run of White_Space becomes one space, then Unicode D145
//!   canonical caseless folding `NFD(casefold(NFD(s)))` (full case folding, not Turkic;
//!   only `NFD(s)` when case-sensitive), then with accent folding every nonspacing mark
//!   (Mn) is dropped, and U+2019 becomes U+0027. Names are trimmed of whitespace first.
//! - Unit edges: a match may start or end only at an original char boundary that is not
//!   between a character and a combining mark that follows it (a nonstarter: a character
//!   whose canonical decomposition begins with a non-zero combining class). A nonstarter
//!   directly after whitespace or at the start of the text has no base character; it
//!   starts a unit of its own.
//! - A match neither starts nor ends with whitespace (names are trimmed, and a whitespace
//!   run in the text matches a space inside a name only).
//! - Whole words: a word character is general category L*, M* or Nd; an edge needs a
//!   boundary only if the match's edge character and its outside neighbour are both word
//!   characters and neither has Script Han, Hiragana, Katakana, Thai, Lao, Khmer or
//!   Myanmar.
//! - Overlaps: `All` keeps every valid match, ordered by (start, end). `Longest` repeatedly
//!   takes, among the valid matches starting at or after the end of the previous pick, the
//!   leftmost, and of those the longest. `First` is the same but among the leftmost it takes
//!   the one whose best entry ranks first (higher priority, then added earlier); when that
//!   ties (one entry, several names), the longest.

use std::collections::BTreeMap;

use icu_casemap::CaseMapper;
use lexiscan::{Entry, EntryId, Options, Overlaps};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_script::{Script, UnicodeScript};

/// A match of the reference matcher: byte offsets and every entry, best first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefMatch {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<EntryId>,
}

/// Folds a string by the documented rules (see the module docs).
pub fn ref_fold(s: &str, case_sensitive: bool, fold_accents: bool) -> String {
    let mut collapsed = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                collapsed.push(' ');
            }
            in_space = true;
        } else {
            collapsed.push(c);
            in_space = false;
        }
    }
    let nfd: String = collapsed.nfd().collect();
    let folded: String = if case_sensitive {
        nfd
    } else {
        CaseMapper::new().fold_string(&nfd).nfd().collect()
    };
    folded
        .chars()
        .filter(|&c| !(fold_accents && c.general_category() == GeneralCategory::NonspacingMark))
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect()
}

/// Folds a name: [`ref_fold`], then trimmed of the spaces at its edges.
pub fn ref_fold_name(name: &str, case_sensitive: bool, fold_accents: bool) -> String {
    // Trimmed after folding: with `fold_accents` a lone mark before a space folds away
    // and leaves the space at the edge ("\u{1da00} ¡" names "¡").
    ref_fold(name, case_sensitive, fold_accents)
        .trim_matches(' ')
        .to_string()
}

/// General category L*, M* or Nd.
pub fn ref_is_word_char(c: char) -> bool {
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark
    ) || c.general_category() == GeneralCategory::DecimalNumber
}

/// Script written without spaces between words.
pub fn ref_writes_without_spaces(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
    )
}

/// Whether a match edge between `inside` and its neighbour `outside` would cut a word.
pub fn ref_cuts_word(inside: char, outside: char) -> bool {
    ref_is_word_char(inside)
        && ref_is_word_char(outside)
        && !ref_writes_without_spaces(inside)
        && !ref_writes_without_spaces(outside)
}

/// A character that belongs with the one before it: a combining mark (general category
/// M*), or one that canonical ordering may move behind the character before it.
pub fn ref_is_nonstarter(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
    ) || std::iter::once(c)
        .nfd()
        .next()
        .is_some_and(|d| canonical_combining_class(d) != 0)
}

/// Byte offsets where a match may start or end (see the module docs), in order.
pub fn unit_edges(text: &str) -> Vec<usize> {
    let mut edges = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let glued = ref_is_nonstarter(c) && prev.is_some_and(|p| !p.is_whitespace());
        if !glued {
            edges.push(i);
        }
        prev = Some(c);
    }
    edges.push(text.len());
    edges
}

/// The folded names of a gazetteer, each with its entries best first.
pub fn ref_names(
    entries: &[Entry],
    case_sensitive: bool,
    fold_accents: bool,
) -> BTreeMap<String, Vec<EntryId>> {
    let mut names: BTreeMap<String, Vec<EntryId>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        for name in &entry.names {
            let list = names
                .entry(ref_fold_name(name, case_sensitive, fold_accents))
                .or_default();
            if !list.contains(&(index as EntryId)) {
                list.push(index as EntryId);
            }
        }
    }
    for list in names.values_mut() {
        // Higher priority first, then insertion order.
        list.sort_by_key(|&e| (std::cmp::Reverse(entries[e as usize].priority), e));
    }
    names
}

/// Every span of `text` whose folding equals a folded name, ignoring the whole-word rule
/// and overlaps: the part of the reference that depends on the folding options only.
pub fn ref_spans(
    entries: &[Entry],
    case_sensitive: bool,
    fold_accents: bool,
    text: &str,
) -> Vec<RefMatch> {
    let names = ref_names(entries, case_sensitive, fold_accents);
    let edges = unit_edges(text);
    let mut spans = Vec::new();
    for (k, &i) in edges.iter().enumerate() {
        if text[i..].chars().next().map_or(true, char::is_whitespace) {
            continue;
        }
        for &j in &edges[k + 1..] {
            if text[..j]
                .chars()
                .next_back()
                .map_or(true, char::is_whitespace)
            {
                continue;
            }
            if let Some(candidates) =
                names.get(&ref_fold(&text[i..j], case_sensitive, fold_accents))
            {
                spans.push(RefMatch {
                    start: i,
                    end: j,
                    candidates: candidates.clone(),
                });
            }
        }
    }
    spans
}

/// Whether `text[start..end]` neither starts nor ends inside a word.
pub fn ref_is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let span = &text[start..end];
    let cut_before = match (span.chars().next(), text[..start].chars().next_back()) {
        (Some(inside), Some(outside)) => ref_cuts_word(inside, outside),
        _ => false,
    };
    let cut_after = match (span.chars().next_back(), text[end..].chars().next()) {
        (Some(inside), Some(outside)) => ref_cuts_word(inside, outside),
        _ => false,
    };
    !cut_before && !cut_after
}

/// Applies the whole-word rule and the overlap policy to the spans of [`ref_spans`].
pub fn ref_select(
    entries: &[Entry],
    spans: &[RefMatch],
    options: Options,
    text: &str,
) -> Vec<RefMatch> {
    let mut valid: Vec<RefMatch> = spans
        .iter()
        .filter(|m| !options.whole_words || ref_is_whole_word(text, m.start, m.end))
        .cloned()
        .collect();
    valid.sort();
    if options.overlaps == Overlaps::All {
        return valid;
    }
    // How good an entry is for `First`: higher priority, then added earlier.
    let rank = |m: &RefMatch| {
        let best = m.candidates[0];
        (std::cmp::Reverse(entries[best as usize].priority), best)
    };
    let mut chosen = Vec::new();
    let mut from = 0;
    // The leftmost start at or after the end of the previous pick.
    while let Some(leftmost) = valid.iter().map(|m| m.start).filter(|&s| s >= from).min() {
        let here = valid.iter().filter(|m| m.start == leftmost);
        let pick = match options.overlaps {
            Overlaps::First => here.min_by_key(|m| (rank(m), std::cmp::Reverse(m.end))),
            _ => here.max_by_key(|m| m.end),
        }
        .expect("at least one match starts at the leftmost start")
        .clone();
        from = pick.end;
        chosen.push(pick);
    }
    chosen
}

/// The reference matcher: every match of `entries` in `text` under `options`.
pub fn reference_find(entries: &[Entry], options: Options, text: &str) -> Vec<RefMatch> {
    let spans = ref_spans(entries, options.case_sensitive, options.fold_accents, text);
    ref_select(entries, &spans, options, text)
}

/// Every combination of options: case_sensitive × fold_accents × whole_words × overlaps.
pub fn all_options() -> Vec<Options> {
    let mut all = Vec::new();
    for case_sensitive in [false, true] {
        for fold_accents in [false, true] {
            for whole_words in [true, false] {
                for overlaps in [Overlaps::Longest, Overlaps::All, Overlaps::First] {
                    all.push(Options {
                        case_sensitive,
                        fold_accents,
                        whole_words,
                        overlaps,
                    });
                }
            }
        }
    }
    all
}
