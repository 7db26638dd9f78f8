//! One document being read: its tokens and the small helpers every grammar step uses.

use std::cell::Cell;

use super::number::Num;
use super::scan::{tokenize_marking, Tk, Token};
use super::tables::{Entry, Lexicon, Phrase, Target, WordInfo};
use super::Options;

/// The per-document vectors, kept between documents so short ones allocate nothing.
#[derive(Default)]
pub(crate) struct Buffers {
    pub toks: Vec<Token>,
    pub candidates: Vec<usize>,
    entries: Vec<Cell<u32>>,
}

impl Buffers {
    pub const fn new() -> Buffers {
        Buffers {
            toks: Vec::new(),
            candidates: Vec::new(),
            entries: Vec::new(),
        }
    }
}

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// The tokens where a reading may start, in order (see [`may_start`]): the grammar
    /// skips the rest without looking at them.
    pub candidates: Vec<usize>,
    pub lex: &'a Lexicon,
    pub opts: &'a Options,
    /// Whether an ambiguous "1,234" / "1.234" reads with a decimal comma: decided from
    /// the whole text when first asked, since most texts never ask.
    comma_decimal: Cell<Option<bool>>,
    /// The lexicon entry of each token, looked up when first asked for: the grammar
    /// asks about the same few tokens around each number many times.
    entries: Vec<Cell<u32>>,
    pub number_cache: [Cell<(usize, Option<Num>)>; 8],
    /// The text this one is a piece of, for the context read around a unit.
    pub whole: Whole<'a>,
}

/// The text a document is a piece of: a long text is read a few paragraphs at a time
/// (see `Quantities::find_in_pieces`).
#[derive(Clone, Copy)]
pub(crate) struct Whole<'a> {
    pub text: &'a str,
    /// Where the piece starts in it.
    pub start: usize,
    /// Whether its ambiguous literals have a decimal comma, when the whole decided it.
    pub comma: Option<bool>,
}

impl<'a> Whole<'a> {
    /// A text read all at once.
    pub fn of(text: &'a str) -> Whole<'a> {
        Whole {
            text,
            start: 0,
            comma: None,
        }
    }
}

/// What a text's literals say about its decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decimal {
    /// No literal that reads one way only.
    Unknown,
    /// "1.234,5" or "1.234.567", and no literal that needs a decimal point.
    Comma,
    /// "1,234.5" or "1,234,567": settles it.
    Point,
}

/// Marks in `Doc::entries`: not looked up yet, and looked up with no entry; other
/// values are entry ids plus 2.
const UNKNOWN: u32 = 0;
const NO_ENTRY: u32 = 1;

impl<'a> Doc<'a> {
    /// `text` is the piece of `whole.text` at `whole.start` (all of it, for most texts).
    pub fn new(
        text: &'a str,
        whole: Whole<'a>,
        lex: &'a Lexicon,
        opts: &'a Options,
        buffers: Buffers,
    ) -> Doc<'a> {
        let Buffers {
            mut toks,
            mut candidates,
            mut entries,
        } = buffers;
        tokenize_marking(
            text,
            &mut toks,
            &mut candidates,
            |first, last, len| lex.start_shapes.may_contain_shape(first, last, len),
            |t| may_start(text.as_bytes(), t, lex),
        );
        entries.clear();
        entries.resize(toks.len(), Cell::new(UNKNOWN));
        Doc {
            text,
            toks,
            candidates,
            lex,
            opts,
            comma_decimal: Cell::new(whole.comma),
            whole,
            entries,
            number_cache: std::array::from_fn(|_| Cell::new((usize::MAX, None))),
        }
    }

    pub fn into_buffers(self) -> Buffers {
        Buffers {
            toks: self.toks,
            candidates: self.candidates,
            entries: self.entries,
        }
    }

    /// Whether an ambiguous "1,234" / "1.234" reads with a decimal comma.
    pub fn comma_decimal(&self) -> bool {
        if let Some(known) = self.comma_decimal.get() {
            return known;
        }
        let comma = match self.opts.decimal {
            super::DecimalMark::Point => false,
            super::DecimalMark::Comma => true,
            super::DecimalMark::Auto => self.decimal_evidence() == Decimal::Comma,
        };
        self.comma_decimal.set(Some(comma));
        comma
    }

    /// What the text's literals say about its decimal mark (the tokens' reading of
    /// `writes_decimal_comma`, the tests' reference): a separator follows a digit run, so the digit runs (all of
    /// them candidates) lead to every literal it looks at, without a search of the text
    /// for each period and comma.
    pub fn decimal_evidence(&self) -> Decimal {
        let mark = |k: usize| match self.is_sym(k, &["."]) || self.is_sym(k, &[","]) {
            true => Some(self.text.as_bytes()[self.toks[k].start]),
            false => None,
        };
        let group = |k: usize| self.is(k, Tk::Digits) && self.toks[k].len() == 3;
        let mut european = false;
        for &c in &self.candidates {
            if self.toks[c].kind != Tk::Digits {
                continue;
            }
            // d SEP ddd, then the other mark and a digit ("1.234,5"), or the same mark
            // and another group ("1.234.567").
            let Some(sep) = mark(c + 1).filter(|_| group(c + 2)) else {
                continue;
            };
            let after = mark(c + 3);
            let other = if sep == b'.' { b',' } else { b'.' };
            if (after == Some(other) && self.is(c + 4, Tk::Digits))
                || (after == Some(sep) && group(c + 4))
            {
                if sep == b'.' {
                    european = true;
                } else {
                    // One literal that only reads with a decimal point settles it.
                    return Decimal::Point;
                }
            }
        }
        if european {
            Decimal::Comma
        } else {
            Decimal::Unknown
        }
    }

    pub fn n(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` ("" past the end).
    pub fn s(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.start..t.end],
            None => "",
        }
    }

    pub fn kind(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is(&self, i: usize, kind: Tk) -> bool {
        self.kind(i) == Some(kind)
    }

    #[inline]
    pub fn is_sym(&self, i: usize, chars: &[&str]) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        if t.kind != Tk::Sym {
            return false;
        }
        let s = &self.text.as_bytes()[t.start..t.end];
        // Most symbols are one ASCII byte: compare bytes, not strings.
        chars.iter().any(|c| c.as_bytes() == s)
    }

    /// Whether token `j` starts exactly where token `i` ends.
    pub fn glued(&self, i: usize, j: usize) -> bool {
        j < self.toks.len() && i < j && self.toks[i].end == self.toks[j].start
    }

    /// The next token after `i` that is not a space (a paragraph break stops it).
    pub fn next(&self, i: usize) -> Option<usize> {
        let j = i + 1;
        match self.kind(j)? {
            Tk::Space => (self.kind(j + 1).is_some_and(|k| k != Tk::Break)).then_some(j + 1),
            Tk::Break => None,
            _ => Some(j),
        }
    }

    /// The previous token before `i` that is not a space.
    pub fn prev(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        match self.toks[j].kind {
            Tk::Space => {
                let k = j.checked_sub(1)?;
                (self.toks[k].kind != Tk::Break).then_some(k)
            }
            Tk::Break => None,
            _ => Some(j),
        }
    }

    /// The roles of a word token ("fifths" is the plural of the ordinal "fifth").
    pub fn word(&self, i: usize) -> Option<WordInfo> {
        let t = self.toks.get(i)?;
        if t.kind != Tk::Word || t.len() > 16 {
            return None;
        }
        self.entry(i)?.word
    }

    /// The lexicon entry of token `i`'s lower-case text.
    #[inline]
    fn entry(&self, i: usize) -> Option<&'a Entry> {
        let mut id = self.entries[i].get();
        if id == UNKNOWN {
            id = self.look_up(i);
        }
        let lex: &'a Lexicon = self.lex;
        (id != NO_ENTRY).then(|| &lex.entries[(id - 2) as usize])
    }

    /// [`Doc::entry`]'s first lookup of a token, kept out of line: three calls in four
    /// find the answer noted, and should not pay for the registers a lookup needs.
    #[inline(never)]
    fn look_up(&self, i: usize) -> u32 {
        let t = self.toks[i];
        let id = self
            .lex
            .entry_id(self.text, t.start..t.end)
            .map_or(NO_ENTRY, |e| e + 2);
        self.entries[i].set(id);
        id
    }

    /// Whether token `i` may start a number in words (a quick test before [`Doc::word`]).
    pub fn may_start_number(&self, i: usize) -> bool {
        let t = self.toks[i];
        t.kind == Tk::Word
            && self
                .lex
                .number_shapes
                .may_contain(&self.text.as_bytes()[t.start..t.end])
            && self
                .word(i)
                .is_some_and(|w| w.starts_number() || w.negative)
    }

    pub fn lower_is(&self, i: usize, word: &str) -> bool {
        i < self.n() && self.s(i).eq_ignore_ascii_case(word)
    }

    pub fn is_capitalised(&self, i: usize) -> bool {
        self.is(i, Tk::Word) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The longest phrase starting at token `i` whose target `accept` takes: its id and
    /// the token after its end.
    pub fn phrase(&self, i: usize, accept: impl Fn(Target) -> bool) -> Option<(&'a Phrase, usize)> {
        let t = self.toks.get(i)?;
        if matches!(t.kind, Tk::Space | Tk::Break) {
            return None;
        }
        self.entry(i)?
            .first
            .iter()
            .map(|&p| &self.lex.phrases[p as usize])
            .filter(|p| accept(p.target))
            .find_map(|p| self.phrase_end(i, p).map(|e| (p, e)))
    }

    fn phrase_end(&self, i: usize, p: &Phrase) -> Option<usize> {
        let mut j = i;
        for (k, pt) in p.tokens.iter().enumerate() {
            if k > 0 {
                // "sq. km", "deg. C": a period after an abbreviation inside a form.
                if self.is(j - 1, Tk::Word) && self.is_sym(j, &["."]) && &*pt.lower != "." {
                    j += 1;
                }
                if self.is(j, Tk::Space) {
                    if !pt.space_before {
                        return None;
                    }
                    j += 1;
                }
            }
            let t = self.toks.get(j)?;
            let s = &self.text[t.start..t.end];
            let ok = match &pt.exact {
                Some(exact) => s == &**exact,
                // The first token is the one whose entry lists the phrase: its lower case
                // is already known to match.
                None if k == 0 => true,
                None => {
                    if s.is_ascii() {
                        s.eq_ignore_ascii_case(&pt.lower)
                    } else {
                        s.to_lowercase() == *pt.lower
                    }
                }
            };
            if !ok {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// A phrase of `accept`'s kind that ends right before token `end` (spaces allowed
    /// between): its first token and the phrase. Looks back at most `reach` tokens.
    pub fn phrase_before(
        &self,
        end: usize,
        reach: usize,
        accept: impl Fn(Target) -> bool + Copy,
    ) -> Option<(usize, &'a Phrase)> {
        let stop = if self.is(end.checked_sub(1)?, Tk::Space) {
            end - 1
        } else {
            end
        };
        // Most numbers follow a word that ends no phrase: one lookup settles it.
        let last = stop.checked_sub(1)?;
        if last >= self.n() || !self.entry(last).is_some_and(|e| e.last) {
            return None;
        }
        let lo = end.saturating_sub(reach);
        // The earliest start is the longest phrase ("HK $" before "$").
        (lo..stop).find_map(|j| match self.phrase(j, accept) {
            Some((p, e)) if e == stop || e == end => Some((j, p)),
            _ => None,
        })
    }
}

/// Whether the grammar may read something at token `t`: a superset of the tests at the
/// top of [`Doc::extract`] that needs no lookup. Digits, a period before digits
/// (".25"), a non-ASCII symbol (a vulgar fraction), a word of the shape of a number
/// word, and the words that start an address or "per cent of". The tokenizer marks
/// ASCII tokens by the same rule from its byte classes; this is the rule for the tokens
/// it reads character by character, and the reference the tests hold it to.
#[inline]
fn may_start(text: &[u8], t: &Token, lex: &Lexicon) -> bool {
    let (first, last) = (text[t.start], text[t.end - 1]);
    let word = lex.start_shapes.may_contain_shape(first, last, t.len());
    let before_digit = text.get(t.end).is_some_and(u8::is_ascii_digit);
    let symbol = ((first == b'.') & before_digit) | (t.len() > 1);
    (t.kind == Tk::Digits) | ((t.kind == Tk::Word) & word) | ((t.kind == Tk::Sym) & symbol)
}

/// Whether a text writes numbers the European way: it has a literal that can only be
/// read with a decimal comma ("1.234,56", "1.234.567") and none that can only be read
/// with a decimal point ("1,234.56", "1,234,567"). The reference for
/// [`Doc::decimal_evidence`], which reads the same from the tokens.
#[cfg(test)]
fn writes_decimal_comma(text: &str) -> bool {
    let b = text.as_bytes();
    let mut european = false;
    for at in memchr::memchr2_iter(b'.', b',', b) {
        // b[at] is a separator; look for d SEP ddd followed by the other mark and a
        // digit ("1.234,5"), or by the same mark and another group ("1.234.567").
        if at == 0 || !b[at - 1].is_ascii_digit() || at + 4 > b.len() {
            continue;
        }
        let sep = b[at];
        let group = b[at + 1..at + 4].iter().all(u8::is_ascii_digit)
            && b.get(at + 4).map_or(true, |c| !c.is_ascii_digit());
        if !group {
            continue;
        }
        let after = b.get(at + 4).copied();
        let other = if sep == b'.' { b',' } else { b'.' };
        let digit_after = b.get(at + 5).is_some_and(u8::is_ascii_digit);
        let next_group = b.len() > at + 7
            && b[at + 5..at + 8].iter().all(u8::is_ascii_digit)
            && b.get(at + 8).map_or(true, |c| !c.is_ascii_digit());
        if (after == Some(other) && digit_after) || (after == Some(sep) && next_group) {
            if sep == b'.' {
                european = true;
            } else {
                // One literal that only reads with a decimal point settles it: most
                // English texts stop at their first "1,234,567" or "1,234.5".
                return false;
            }
        }
    }
    european
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn candidates_are_the_tokens_where_a_reading_may_start(
            parts in proptest::collection::vec(prop_oneof![
                Just("a".to_string()), Just("an".to_string()), Just("five".to_string()),
                Just("percent".to_string()), Just("www".to_string()), Just("Third".to_string()),
                Just("shares".to_string()), Just("1987".to_string()), Just(".25".to_string()),
                Just(". ".to_string()), Just(" ".to_string()), Just("\n\n".to_string()),
                Just("½".to_string()), Just("é".to_string()), Just("x".repeat(70)),
                r"[a-zA-Z0-9 .,\n]{0,80}", ".{0,6}",
            ], 0..40)
        ) {
            let text = parts.concat();
            let lex = crate::quantity::builtin();
            let opts = Options::default();
            let doc = Doc::new(&text, Whole::of(&text), &lex, &opts, Buffers::new());
            let expected: Vec<usize> = (0..doc.n())
                .filter(|&k| may_start(text.as_bytes(), &doc.toks[k], &lex))
                .collect();
            prop_assert_eq!(&doc.candidates, &expected);
        }

        #[test]
        fn the_tokens_write_a_decimal_comma_as_the_text_does(
            parts in proptest::collection::vec(prop_oneof![
                Just("1.234"), Just("1,234"), Just(".567"), Just(",567"), Just(".5"), Just(",5"),
                Just("12"), Just("5678"), Just("."), Just(","), Just(" "), Just("a"), Just("é"),
                Just("½"), Just("\n"),
            ], 0..30)
        ) {
            let text = parts.concat();
            let lex = crate::quantity::builtin();
            let opts = Options::default();
            let doc = Doc::new(&text, Whole::of(&text), &lex, &opts, Buffers::new());
            prop_assert_eq!(doc.decimal_evidence() == Decimal::Comma, writes_decimal_comma(&text), "{:?}", text);
        }
    }
}
