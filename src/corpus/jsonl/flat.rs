//! A fast reading of the common record: one JSON object whose wanted fields are strings
//! (or unsigned integers) at its top level, beside any other fields made of strings,
//! plain numbers, `true`, `false`, `null`, arrays and objects (what a corpus of news
//! looks like).
//!
//! It answers only when it is sure serde_json would give the same values; anything
//! else (nesting, an escaped key, an exponent, a surrogate escape, any error) gets
//! `None`, and serde_json reads the record, so acceptance and error messages stay
//! serde_json's. Strings are scanned sixteen bytes at a time for the bytes that end a
//! plain run: serde_json's scan was a tenth of a corpus run.

use serde_json::Value;

use super::Node;
use crate::text::swar::is_json_escaped;

/// The value at every top-level path of `node`, or `None` when this reading cannot
/// vouch for the record (see the module docs).
pub(super) fn read(line: &str, node: &Node, slots: usize) -> Option<Vec<Option<Value>>> {
    // A nested path ("meta.body") is serde_json's to read: decided before reading.
    if node
        .children
        .iter()
        .any(|(_, child)| !child.children.is_empty())
    {
        return None;
    }
    let mut values = vec![None; slots];
    let mut scan = Scan { line, at: 0 };
    scan.white_space();
    scan.expect(b'{')?;
    scan.white_space();
    if scan.peek() == Some(b'}') {
        scan.at += 1;
    } else {
        loop {
            scan.expect(b'"')?;
            let key = scan.plain_key()?;
            scan.white_space();
            scan.expect(b':')?;
            scan.white_space();
            match node.children.iter().find(|(k, _)| k == key) {
                Some((_, child)) => child.fill_owned(scan.wanted_value()?, &mut values),
                None => scan.skip_value(SKIP_DEPTH)?,
            }
            scan.white_space();
            match scan.next()? {
                b',' => scan.white_space(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    scan.white_space();
    (scan.at == line.len()).then_some(values)
}

/// How deep an unwanted value may nest (serde_json stops at 128).
const SKIP_DEPTH: usize = 32;

struct Scan<'a> {
    line: &'a str,
    /// The next byte to read.
    at: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn white_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Where the next byte that ends a plain run of a string (a control character, '"'
    /// or '\\') is, from `at`; `None` when the line ends first.
    fn plain_end(&self) -> Option<usize> {
        let bytes = self.line.as_bytes();
        let mut at = self.at;
        while let Some(sixteen) = bytes.get(at..at + 16) {
            let special = specials(sixteen.try_into().expect("sixteen bytes"));
            if special != 0 {
                return Some(at + special.trailing_zeros() as usize);
            }
            at += 16;
        }
        bytes[at..]
            .iter()
            .position(|&b| is_json_escaped(b))
            .map(|i| at + i)
    }

    /// A key after its opening quote, without escapes (an escaped key is serde_json's
    /// to read).
    fn plain_key(&mut self) -> Option<&'a str> {
        let end = self.plain_end()?;
        if self.line.as_bytes()[end] != b'"' {
            return None;
        }
        let key = &self.line[self.at..end];
        self.at = end + 1;
        Some(key)
    }

    /// The rest of a string after its opening quote, decoded into `out` if given.
    fn string(&mut self, out: Option<&mut String>) -> Option<()> {
        let end = self.plain_end()?;
        self.string_from(end, out)
    }

    /// [`Scan::string`], where the first plain run is known to end at `end`.
    fn string_from(&mut self, mut end: usize, mut out: Option<&mut String>) -> Option<()> {
        loop {
            if let Some(out) = out.as_deref_mut() {
                // (The run is cut at ASCII bytes: always on character boundaries.)
                out.push_str(&self.line[self.at..end]);
            }
            self.at = end + 1;
            let c = match self.line.as_bytes()[end] {
                b'"' => return Some(()),
                b'\\' => self.escape()?,
                _ => return None, // a raw control character: serde_json's error
            };
            if let Some(out) = out.as_deref_mut() {
                out.push(c);
            }
            end = self.plain_end()?;
        }
    }

    /// The character an escape stands for, after its backslash; surrogates (pairs or
    /// lone, which serde_json rejects) are left to serde_json.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.line.get(self.at..self.at + 4)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                self.at += 4;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        })
    }

    /// A wanted value: a string, or a plain unsigned integer (a numeric id), which
    /// serde_json reads as the same `u64`.
    fn wanted_value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                // A string without escapes (an id) is allocated at its size; one with
                // them (a text) for the rest of the line, which it cannot outgrow: a news
                // text grew from empty through a dozen reallocations, each a copy.
                let end = self.plain_end()?;
                let capacity = match self.line.as_bytes()[end] {
                    b'"' => end - self.at,
                    _ => self.line.len() - self.at,
                };
                let mut text = String::with_capacity(capacity);
                self.string_from(end, Some(&mut text))?;
                Some(Value::String(text))
            }
            b'0'..=b'9' => {
                let from = self.at;
                self.skip_number()?;
                let literal = &self.line[from..self.at];
                let whole = literal.bytes().all(|b| b.is_ascii_digit());
                Some(Value::from(literal.parse::<u64>().ok().filter(|_| whole)?))
            }
            _ => None,
        }
    }

    /// A value that is not wanted: a string, `true`, `false`, `null`, a number without
    /// an exponent and with at most 17 digits (so that its value is in range however
    /// serde_json reads it), or an array or object of such values nested at most
    /// `depth` deep (well within serde_json's limit).
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        let rest = &self.line.as_bytes()[self.at..];
        match *rest.first()? {
            b'"' => {
                self.at += 1;
                self.string(None)
            }
            b't' if rest.starts_with(b"true") => self.skip(4),
            b'f' if rest.starts_with(b"false") => self.skip(5),
            b'n' if rest.starts_with(b"null") => self.skip(4),
            b'-' | b'0'..=b'9' => self.skip_number(),
            b'[' if depth > 0 => self.skip_list(b']', |scan| scan.skip_value(depth - 1)),
            b'{' if depth > 0 => self.skip_list(b'}', |scan| {
                scan.expect(b'"')?;
                scan.string(None)?;
                scan.white_space();
                scan.expect(b':')?;
                scan.white_space();
                scan.skip_value(depth - 1)
            }),
            _ => None,
        }
    }

    /// An array or object after its opening bracket: items read by `item`, separated
    /// by commas, up to `close`.
    fn skip_list(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.at += 1;
        self.white_space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Some(());
        }
        loop {
            item(self)?;
            self.white_space();
            match self.next()? {
                b',' => self.white_space(),
                b if b == close => return Some(()),
                _ => return None,
            }
        }
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        self.at += n;
        Some(())
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most 17 digits in all.
    fn skip_number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let whole = self.digits();
        if whole == 0 || (whole > 1 && self.line.as_bytes()[self.at - whole] == b'0') {
            return None;
        }
        let mut fraction = 0;
        if self.peek() == Some(b'.') {
            self.at += 1;
            fraction = self.digits();
            if fraction == 0 {
                return None;
            }
        }
        (whole + fraction <= 17 && !matches!(self.peek(), Some(b'e' | b'E'))).then_some(())
    }

    /// How many ASCII digits follow (now read).
    fn digits(&mut self) -> usize {
        let from = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - from
    }
}

/// [`is_json_escaped`] (the bytes that end a plain run of a string) for sixteen bytes:
/// one bit per byte, the first lowest.
#[cfg(target_arch = "x86_64")]
fn specials(sixteen: &[u8; 16]) -> u32 {
    // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it.
    unsafe { specials_sse2(sixteen) }
}

#[cfg(not(target_arch = "x86_64"))]
fn specials(sixteen: &[u8; 16]) -> u32 {
    (sixteen.iter().enumerate()).fold(0, |bits, (i, &b)| bits | u32::from(is_json_escaped(b)) << i)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn specials_sse2(sixteen: &[u8; 16]) -> u32 {
    use crate::text::sse2::{bits, splat};
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_or_si128};
    // SAFETY: an unaligned load of sixteen bytes from a 16-byte array.
    let x = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
    // (Unsigned: x <= 0x1F exactly when min(x, 0x1F) == x.)
    let control = _mm_cmpeq_epi8(_mm_min_epu8(x, splat(0x1F)), x);
    let quote = _mm_cmpeq_epi8(x, splat(b'"'));
    let backslash = _mm_cmpeq_epi8(x, splat(b'\\'));
    bits(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
}

#[cfg(test)]
mod tests {
    #[test]
    fn sixteen_bytes_are_classified_as_one_by_one() {
        for b in 0..=255u8 {
            for lane in 0..16 {
                let mut sixteen = [b'a'; 16];
                sixteen[lane] = b;
                let expected = u32::from(super::is_json_escaped(b)) << lane;
                assert_eq!(super::specials(&sixteen), expected, "{b:#x} in lane {lane}");
            }
        }
    }
}
