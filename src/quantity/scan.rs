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
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let class = CLASS[b as usize];
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
            let mut newlines = 0;
            i = space_end(text, i, &mut newlines);
            if newlines >= 2 {
                Tk::Break
            } else {
                Tk::Space
            }
        } else if class == OTHER {
            i += 1;
            Tk::Sym
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_whitespace() {
                let mut newlines = 0;
                i = space_end(text, i, &mut newlines);
                if newlines >= 2 {
                    Tk::Break
                } else {
                    Tk::Space
                }
            } else if is_letter(c) {
                i += c.len_utf8();
                i = word_end(text, i);
                Tk::Word
            } else {
                i += c.len_utf8();
                Tk::Sym
            }
        };
        out.push(Token {
            start,
            end: i,
            kind,
        });
    }
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
