//! Splits text into the tokens the quantity grammar reads: digit runs, letter runs,
//! whitespace runs and single other characters, each with its byte span.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tk {
    /// A run of whitespace with at most one line break (wrapped lines stay one sentence).
    Space,
    /// A run of whitespace with two or more line breaks: a paragraph break, which no
    /// quantity crosses.
    Break,
    /// A run of ASCII digits.
    Digits,
    /// A run of letters and marks (any script).
    Word,
    /// Any other single character: punctuation, symbols, superscripts, vulgar fractions.
    Sym,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Tk,
}

impl Token {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// ASCII byte classes, so the loops below do one table lookup per byte.
const OTHER: u8 = 0;
const DIGIT: u8 = 1;
const LETTER: u8 = 2;
const SPACE: u8 = 3;
const NON_ASCII: u8 = 4;

const CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b' ' | b'\t' | b'\n' | b'\r' => SPACE,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// Appends the tokens of `text` to `out` (which is cleared first).
pub(crate) fn tokenize(text: &str, out: &mut Vec<Token>) {
    tokenize_marking(text, out, &mut Vec::new(), |_, _, _| false, |_| false);
}

/// How many bytes the fast path classifies at once: one bit each in a `u64`.
const CHUNK: usize = 64;

/// The kind of the token that starts with each ASCII byte (spaces are refined by
/// counting line breaks); only ASCII bytes are looked up.
const ASCII_KIND: [Tk; 256] = {
    let mut t = [Tk::Sym; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match CLASS[b] {
            DIGIT => Tk::Digits,
            LETTER => Tk::Word,
            SPACE => Tk::Space,
            _ => Tk::Sym,
        };
        b += 1;
    }
    t
};

/// [`tokenize`], also listing in `marked` (cleared first), in order, the indices of the
/// tokens that are digit runs, periods right before a digit, ASCII words whose first
/// byte, last byte and length `word` accepts, or tokens of the character-by-character
/// path that `other` accepts.
///
/// ASCII text goes a chunk of bytes at a time: a pass over the chunk's 8-byte words
/// marks the bytes of each class and where the class changes (a symbol is always one
/// token), then the tokens are cut between the marks. The last token of a chunk may go
/// on in the next one, so the next chunk starts at it. Non-ASCII characters, and tokens
/// longer than a chunk, take the character-by-character path.
#[inline]
pub(crate) fn tokenize_marking(
    text: &str,
    out: &mut Vec<Token>,
    marked: &mut Vec<usize>,
    word: impl Fn(u8, u8, usize) -> bool,
    other: impl Fn(&Token) -> bool,
) {
    out.clear();
    marked.clear();
    let bytes = text.as_bytes();
    let slow = |out: &mut Vec<Token>, marked: &mut Vec<usize>, i: usize| {
        let token = slow_token(text, i);
        if other(&token) {
            marked.push(out.len());
        }
        out.push(token);
        token.end
    };

    let mut i = 0;
    // After a non-ASCII character, the next stretch goes character by character: in
    // text full of them, chunks would be classified again and again for a token or two.
    let mut slow_until = 0;
    let mut padded;
    while i < bytes.len() {
        if i < slow_until {
            i = slow(out, marked, i);
            continue;
        }
        let len = (bytes.len() - i).min(CHUNK);
        let block = match bytes[i..].first_chunk::<CHUNK>() {
            Some(chunk) => chunk,
            None => {
                // The end of the text, padded with symbols that are cut off below.
                padded = [0u8; CHUNK];
                padded[..len].copy_from_slice(&bytes[i..]);
                &padded
            }
        };
        let classes = Classes::of(block);
        // Only the ASCII prefix is cut here.
        let ascii = (classes.non_ascii.trailing_zeros() as usize).min(len);
        let mut starts = classes.starts();
        if ascii < CHUNK {
            starts &= (1u64 << ascii) - 1;
        }
        if ascii < len {
            slow_until = i + ascii + CHUNK / 2;
        }
        let ends_text = i + ascii == bytes.len();
        // The tokens cut from this chunk: all up to the end of the text, else all but
        // the last, which may go on past the chunk.
        let cut = match ends_text {
            true => starts,
            false => {
                starts
                    & u64::MAX
                        .checked_shr(starts.leading_zeros() + 1)
                        .unwrap_or(0)
            }
        };
        // A marked token's index is the number of tokens before it: those before the
        // chunk and those cut from it before its start. Few tokens are marked, so this
        // costs less than noting a bit for each token.
        let mut marks = classes.marked(block, starts, len, &word) & cut;
        while marks != 0 {
            let before = cut & ((1 << marks.trailing_zeros()) - 1);
            marked.push(out.len() + before.count_ones() as usize);
            marks &= marks - 1;
        }
        let first = out.len();
        // The token at byte `start`, which ends at byte `end`, both in this chunk.
        let token = |start: usize, end: usize| {
            // `start - i` is below CHUNK: the mask only spares the bounds check.
            let kind = ASCII_KIND[block[(start - i) & (CHUNK - 1)] as usize];
            Token { start, end, kind }
        };
        let mut start = i;
        let mut rest = starts & !1;
        // Extended from a counted range, so the vector is grown once per chunk rather
        // than checked once per token.
        out.extend((0..rest.count_ones()).map(|_| {
            let end = i + rest.trailing_zeros() as usize;
            let t = token(start, end);
            start = end;
            rest &= rest - 1;
            t
        }));
        if ends_text {
            out.push(token(start, bytes.len()));
        }
        // Paragraph breaks are rare: their kinds are set after the fact.
        let mut breaks = classes.breaks(starts) & cut;
        while breaks != 0 {
            let before = cut & ((1 << breaks.trailing_zeros()) - 1);
            out[first + before.count_ones() as usize].kind = Tk::Break;
            breaks &= breaks - 1;
        }
        if ends_text {
            break;
        }
        if start > i {
            // The last token may go on past the chunk: it starts the next one.
            i = start;
            continue;
        }
        i = slow(out, marked, i);
    }
}

/// The token at `i`, read character by character.
fn slow_token(text: &str, i: usize) -> Token {
    let (end, kind) = one_token(text, i);
    Token {
        start: i,
        end,
        kind,
    }
}

/// One bit per byte of a chunk for each class of [`CLASS`] but symbols, and for line
/// feeds.
#[derive(Default)]
struct Classes {
    digits: u64,
    letters: u64,
    spaces: u64,
    newlines: u64,
    /// Periods, which are symbols too: only marked, never a class.
    points: u64,
    non_ascii: u64,
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
const ONES: u64 = 0x0101_0101_0101_0101;
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
const HIGH: u64 = 0x8080_8080_8080_8080;

impl Classes {
    /// Sixteen bytes per compare with SSE2, a mask per class.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of(chunk: &[u8; CHUNK]) -> Classes {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it, and
        // every x86-64 target enables it.
        unsafe { classes_sse2(chunk) }
    }

    /// Eight bytes per step in a `u64` where SSE2 is not there.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn of(chunk: &[u8; CHUNK]) -> Classes {
        classes_swar(chunk)
    }

    /// Where tokens start: where the class changes, and at every symbol.
    #[inline]
    fn starts(&self) -> u64 {
        let symbols = !(self.digits | self.letters | self.spaces | self.non_ascii);
        let changes = |m: u64| m ^ (m << 1);
        changes(self.digits) | changes(self.letters) | changes(self.spaces) | symbols | 1
    }

    /// The chunk's bytes where a marked token would start (see [`tokenize_marking`]), at
    /// the token `starts` among the first `len` bytes of `block`: digits, periods before
    /// digits, and words that `word` accepts. (Only the bits at the starts of the tokens
    /// cut from this chunk are read.)
    #[inline]
    fn marked(
        &self,
        block: &[u8; CHUNK],
        starts: u64,
        len: usize,
        word: impl Fn(u8, u8, usize) -> bool,
    ) -> u64 {
        let mut marked = self.digits | (self.points & self.digits >> 1);
        let mut words = starts & self.letters;
        while words != 0 {
            let p = words.trailing_zeros() as usize;
            // A word ends where the next token starts; the chunk's last token has no
            // start after it (and is cut from the next chunk, unless it ends the text).
            let end = (p + 1 + (starts >> p >> 1).trailing_zeros() as usize).min(len);
            marked |= (word(block[p], block[end - 1], end - p) as u64) << p;
            words &= words - 1;
        }
        marked
    }

    /// The whitespace runs among the token `starts` that hold two line breaks or more:
    /// paragraph breaks. (Only the bits at the starts of the tokens cut from this chunk
    /// are read.)
    #[inline]
    fn breaks(&self, starts: u64) -> u64 {
        let newlines = self.newlines;
        // Most chunks have one line break or none, so no paragraph break. (Two bits set
        // is tested without a popcount, which baseline x86-64 lacks.)
        if newlines & newlines.wrapping_sub(1) == 0 {
            return 0;
        }
        let mut breaks = 0;
        let mut runs = starts & self.spaces;
        while runs != 0 {
            let p = runs.trailing_zeros();
            let rest = starts >> p >> 1;
            // The run's bytes: up to the next start, or to the end of the chunk.
            let run = match rest {
                0 => u64::MAX << p,
                _ => (u64::MAX >> (63 - rest.trailing_zeros())) << p,
            };
            let inside = newlines & run;
            breaks |= u64::from(inside & inside.wrapping_sub(1) != 0) << p;
            runs &= runs - 1;
        }
        breaks
    }
}

/// [`Classes::of`] with SSE2 compares (signed: a non-ASCII byte is negative, so it is in
/// no range of ASCII bytes).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classes_sse2(chunk: &[u8; CHUNK]) -> Classes {
    use crate::text::sse2::{bits, in_range, splat};
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_or_si128, _mm_set_epi64x};
    let mut c = Classes::default();
    for (k, sixteen) in chunk.chunks_exact(16).enumerate() {
        let lo = u64::from_le_bytes(sixteen[..8].try_into().unwrap_or_default());
        let hi = u64::from_le_bytes(sixteen[8..].try_into().unwrap_or_default());
        let x = _mm_set_epi64x(hi as i64, lo as i64);
        let newline = _mm_cmpeq_epi8(x, splat(b'\n'));
        let space = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, splat(b' ')), newline),
            _mm_or_si128(
                _mm_cmpeq_epi8(x, splat(b'\t')),
                _mm_cmpeq_epi8(x, splat(b'\r')),
            ),
        );
        let shift = 16 * k;
        c.digits |= bits(in_range(x, b'0', b'9')) << shift;
        c.letters |= bits(in_range(_mm_or_si128(x, splat(0x20)), b'a', b'z')) << shift;
        c.spaces |= bits(space) << shift;
        c.newlines |= bits(newline) << shift;
        c.points |= bits(_mm_cmpeq_epi8(x, splat(b'.'))) << shift;
        c.non_ascii |= bits(x) << shift;
    }
    c
}

/// [`Classes::of`] eight bytes at a time in a `u64` (SWAR): the path for targets
/// without SSE2, compiled everywhere so the tests can hold the two paths together.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
fn classes_swar(chunk: &[u8; CHUNK]) -> Classes {
    let mut c = Classes::default();
    for (k, word) in chunk.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let newline = equal(x, b'\n');
        let shift = 8 * k;
        c.digits |= bits(in_range(x, b'0', b'9')) << shift;
        c.letters |= bits(in_range(x | (ONES * 0x20), b'a', b'z')) << shift;
        c.spaces |= bits(equal(x, b' ') | newline | equal(x, b'\t') | equal(x, b'\r')) << shift;
        c.newlines |= bits(newline) << shift;
        c.points |= bits(equal(x, b'.')) << shift;
        c.non_ascii |= bits(x & HIGH) << shift;
    }
    c
}

/// The high bit of each byte of `x` that lies in `lo..=hi`. Exact for ASCII bytes; a
/// non-ASCII byte may disturb the bytes after it, which are never used.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x.wrapping_add(ONES * (0x80 - lo as u64));
    let above_hi = x.wrapping_add(ONES * (0x7f - hi as u64));
    at_least_lo & !above_hi & HIGH
}

/// The high bit of each byte of `x` equal to `b` (same caveat as [`in_range`]).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * b as u64);
    !y.wrapping_add(ONES * 0x7f) & HIGH
}

/// The high bits of the 8 bytes of `m` as 8 bits, the first byte lowest.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn bits(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The end and kind of the token that starts at byte `i`, character by character.
/// The whitespace run at `i`: where it ends, and whether it breaks a paragraph.
fn spaces(text: &str, i: usize) -> (usize, Tk) {
    let mut newlines = 0;
    let end = space_end(text, i, &mut newlines);
    (end, if newlines >= 2 { Tk::Break } else { Tk::Space })
}

fn one_token(text: &str, mut i: usize) -> (usize, Tk) {
    let bytes = text.as_bytes();
    let class = CLASS[bytes[i] as usize];
    let kind = if class == DIGIT {
        while i < bytes.len() && CLASS[bytes[i] as usize] == DIGIT {
            i += 1;
        }
        Tk::Digits
    } else if class == LETTER {
        i += 1;
        i = word_end(text, i);
        Tk::Word
    } else if class == SPACE {
        let (end, kind) = spaces(text, i);
        i = end;
        kind
    } else if class == OTHER {
        i += 1;
        Tk::Sym
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        if c.is_whitespace() {
            let (end, kind) = spaces(text, i);
            i = end;
            kind
        } else if is_letter(c) {
            i += c.len_utf8();
            i = word_end(text, i);
            Tk::Word
        } else {
            i += c.len_utf8();
            Tk::Sym
        }
    };
    (i, kind)
}

fn is_letter(c: char) -> bool {
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark
    )
}

#[inline]
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class == LETTER {
            i += 1;
        } else if class != NON_ASCII {
            break;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_letter(c) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
    }
    i
}

/// Where a text may be cut into pieces read apart: the end of the first paragraph break
/// (a whitespace token with two newlines, a [`Tk::Break`]) that ends after `at_least`
/// bytes and before the end of the text. Every reading stops at a break, so the pieces
/// give the quantities the whole text gives. Only breaks of ASCII whitespace between two
/// other characters are taken: there the whitespace token is surely the run itself.
pub(crate) fn paragraph_cut(text: &str, at_least: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut from = at_least;
    while from < bytes.len() {
        let newline = from + memchr::memchr(b'\n', &bytes[from..])?;
        let start = bytes[..newline]
            .iter()
            .rposition(|&b| !blank(b))
            .map_or(0, |p| p + 1);
        let end = bytes[newline..]
            .iter()
            .position(|&b| !blank(b))
            .map_or(bytes.len(), |p| newline + p);
        let newlines = memchr::memchr_iter(b'\n', &bytes[start..end]).count();
        let whitespace = |c: Option<char>| c.is_some_and(char::is_whitespace);
        if newlines >= 2
            && start > 0
            && end < bytes.len()
            && end >= at_least
            && !whitespace(text[..start].chars().next_back())
            && !whitespace(text[end..].chars().next())
        {
            return Some(end);
        }
        from = end.max(newline + 1);
    }
    None
}

/// `text` cut at every [`paragraph_cut`] at least `at_least` bytes past the last: the
/// byte ranges of its pieces, in order, covering it.
pub(crate) fn pieces(
    text: &str,
    at_least: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
        let end = start + paragraph_cut(rest, at_least).unwrap_or(rest.len());
        let piece = start..end;
        start = end;
        Some(piece)
    })
}

#[inline]
fn space_end(text: &str, mut i: usize, newlines: &mut u32) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            *newlines += 1;
            i += 1;
        } else if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
        } else if b < 0x80 {
            break;
        } else {
            let c = text[i..].chars().next().unwrap_or('x');
            if c.is_whitespace() {
                if c == '\u{2029}' {
                    *newlines += 2;
                }
                i += c.len_utf8();
            } else {
                break;
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn texts_are_cut_after_paragraph_breaks_of_ascii_whitespace_only() {
        assert_eq!(paragraph_cut("one\n\ntwo", 0), Some(5));
        assert_eq!(paragraph_cut("a\r\n\r\nb\n\nc", 0), Some(5));
        assert_eq!(paragraph_cut("a\n\nb\n \nc", 5), Some(7));
        // One newline is no break; nothing after the last break; no cut at the end.
        assert_eq!(paragraph_cut("one\ntwo\nthree", 0), None);
        assert_eq!(paragraph_cut("one\n\ntwo", 6), None);
        assert_eq!(paragraph_cut("one\n\n", 0), None);
        // Other whitespace beside the run would join its token: not there.
        assert_eq!(paragraph_cut("one\u{a0}\n\ntwo", 0), None);
        assert_eq!(paragraph_cut("one\n\n\u{3000}two\n\nthree", 0), Some(13));
    }

    /// The tokenizer one character at a time: what the chunked path must agree with.
    fn reference(text: &str) -> Vec<(usize, usize, Tk)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let (end, kind) = one_token(text, i);
            out.push((i, end, kind));
            i = end;
        }
        out
    }

    /// Some words, by their first and last bytes and length, for the marks.
    fn some_words(first: u8, last: u8, len: usize) -> bool {
        (usize::from(first) + usize::from(last) + len) % 3 == 0
    }

    /// The marks [`tokenize_marking`] must set, token by token.
    fn marked(text: &str, t: &Token) -> bool {
        let b = text.as_bytes();
        match t.kind {
            Tk::Digits => true,
            Tk::Sym => b[t.start] == b'.' && b.get(t.end).is_some_and(u8::is_ascii_digit),
            Tk::Word => some_words(b[t.start], b[t.end - 1], t.len()),
            Tk::Space | Tk::Break => false,
        }
    }

    fn fast(text: &str) -> Vec<(usize, usize, Tk)> {
        let mut toks = Vec::new();
        let mut marks = Vec::new();
        tokenize_marking(text, &mut toks, &mut marks, some_words, |t| marked(text, t));
        let expected: Vec<usize> = (0..toks.len())
            .filter(|&k| marked(text, &toks[k]))
            .collect();
        assert_eq!(marks, expected);
        toks.iter().map(|t| (t.start, t.end, t.kind)).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn chunked_tokens_match_the_reference(
            parts in proptest::collection::vec(prop_oneof![
                Just("a".to_string()), Just("Word".to_string()), Just("1".to_string()),
                Just("2024".to_string()), Just(" ".to_string()), Just("\n".to_string()),
                Just("\n\n".to_string()), Just("\r\n".to_string()), Just("\t".to_string()),
                Just(".".to_string()), Just(",".to_string()), Just("$".to_string()),
                Just("é".to_string()), Just("½".to_string()), Just("\u{a0}".to_string()),
                Just("\u{2029}".to_string()), Just("°".to_string()), Just("\u{301}".to_string()),
                Just("x".repeat(70)), Just(" ".repeat(65)), Just("9".repeat(64)),
                Just("\u{c}".to_string()), Just("中文".to_string()),
                r"[a-zA-Z0-9 .,\n\t\r@\[`{/:]{0,90}", r"[\x00-\x7f]{0,70}", ".{0,8}",
            ], 0..40)
        ) {
            let text = parts.concat();
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }

    #[cfg(target_arch = "x86_64")]
    proptest! {
        #[test]
        fn sse2_and_swar_classes_agree(chunk in proptest::collection::vec(any::<u8>(), CHUNK)) {
            let chunk: &[u8; CHUNK] = chunk.as_slice().try_into().unwrap();
            let (a, b) = (Classes::of(chunk), classes_swar(chunk));
            // The SWAR masks are exact up to the first non-ASCII byte, all the tokenizer uses.
            let ascii = match a.non_ascii.trailing_zeros() {
                64 => u64::MAX,
                n => (1u64 << n) - 1,
            };
            prop_assert_eq!(a.non_ascii, b.non_ascii);
            for (x, y) in [(a.digits, b.digits), (a.letters, b.letters), (a.spaces, b.spaces), (a.newlines, b.newlines), (a.points, b.points)] {
                prop_assert_eq!(x & ascii, y & ascii);
            }
        }
    }

    #[test]
    fn splits_digits_words_symbols_and_spaces() {
        let text = "$1.2bn in\n\n5½ °C";
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let got: Vec<(&str, Tk)> = toks
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("$", Tk::Sym),
                ("1", Tk::Digits),
                (".", Tk::Sym),
                ("2", Tk::Digits),
                ("bn", Tk::Word),
                (" ", Tk::Space),
                ("in", Tk::Word),
                ("\n\n", Tk::Break),
                ("5", Tk::Digits),
                ("½", Tk::Sym),
                (" ", Tk::Space),
                ("°", Tk::Sym),
                ("C", Tk::Word),
            ]
        );
    }
}
