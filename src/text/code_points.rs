//! Byte offsets into UTF-8 text as code-point offsets: what Python's `str` indexes and
//! JSON output use.

use std::ops::Range;

/// Code-point offsets in one text, each counted on from the previous one: offsets that
/// come in text order (as the engines give them) cost one pass over the text in all,
/// with nothing collected, sorted or allocated; any other order is still right.
pub struct CodePoints<'a> {
    text: &'a [u8],
    /// One byte per code point: offsets need no counting (mentions can be a few bytes
    /// apart, and counting in such short runs costs more than checking the text once).
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::known(text, text.is_ascii())
    }

    /// [`CodePoints::new`] for a caller that knows whether `text` is ASCII (`ascii` must
    /// be `text.is_ascii()`).
    pub(crate) fn known(text: &'a str, ascii: bool) -> Self {
        debug_assert_eq!(ascii, text.is_ascii());
        CodePoints {
            text: text.as_bytes(),
            ascii,
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte offset `byte` (a character boundary).
    pub fn at(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        if byte >= self.byte {
            self.chars += count_chars(&self.text[self.byte..byte]);
        } else {
            self.chars -= count_chars(&self.text[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }

    /// The code-point range of the byte range `bytes` (on character boundaries); the
    /// next span is counted on from this one's start.
    pub fn span(&mut self, bytes: Range<usize>) -> (usize, usize) {
        let start = self.at(bytes.start);
        if self.ascii {
            return (start, bytes.end);
        }
        (start, start + count_chars(&self.text[bytes]))
    }
}

/// Converts byte offsets into `text` to code-point offsets. The offsets may come in any
/// order; each must be a char boundary.
pub fn char_offsets(text: &str, byte_offsets: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut code_points = CodePoints::new(text);
    byte_offsets
        .into_iter()
        .map(|b| code_points.at(b))
        .collect()
}

/// The code points in UTF-8 bytes: the bytes that do not continue a sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "é中a😀b";
        let bytes = [text.len(), 0, 2, 5, 6, 10];
        assert_eq!(char_offsets(text, bytes), [5, 0, 1, 2, 3, 4]);
        assert_eq!(char_offsets("abc", [3, 0, 2]), [3, 0, 2]);
    }
}
