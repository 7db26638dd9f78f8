//! Reading one number: digit literals (separators, decimals, scientific forms, fractions)
//! and numbers written in words ("two hundred and five", "three quarters").

use super::doc::Doc;
use super::scan::Tk;
use super::tables::WordInfo;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumKind {
    Integer,
    Decimal,
    Fraction,
    Power,
    Ordinal,
}

/// What a number literal turned out to be when it is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotNumber {
    /// "1.2.3", "192.168.1.2", "24703L202".
    Code,
    /// "2024-12-01", "5/17/2018", "01.12.2024".
    Date,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Num {
    /// First token and one past the last token.
    pub s: usize,
    pub e: usize,
    pub value: f64,
    pub kind: NumKind,
    /// Written (partly) in words.
    pub words: bool,
    /// The digit count when the number is one plain digit run ("2024", not "2,024").
    pub bare: Option<usize>,
    pub not: Option<NotNumber>,
}

const VULGAR: &[(&str, f64)] = &[
    ("½", 0.5),
    ("⅓", 1.0 / 3.0),
    ("⅔", 2.0 / 3.0),
    ("¼", 0.25),
    ("¾", 0.75),
    ("⅕", 0.2),
    ("⅖", 0.4),
    ("⅗", 0.6),
    ("⅘", 0.8),
    ("⅙", 1.0 / 6.0),
    ("⅚", 5.0 / 6.0),
    ("⅐", 1.0 / 7.0),
    ("⅛", 0.125),
    ("⅜", 0.375),
    ("⅝", 0.625),
    ("⅞", 0.875),
    ("⅑", 1.0 / 9.0),
    ("⅒", 0.1),
];

const SUPERSCRIPTS: &[(&str, char)] = &[
    ("⁰", '0'),
    ("¹", '1'),
    ("²", '2'),
    ("³", '3'),
    ("⁴", '4'),
    ("⁵", '5'),
    ("⁶", '6'),
    ("⁷", '7'),
    ("⁸", '8'),
    ("⁹", '9'),
    ("⁻", '-'),
    ("⁺", '+'),
];

/// Powers of ten that an f64 holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The value of digit groups written one after the other, with an optional fraction
/// part, parsed without allocating.
fn digits_value(groups: &[&str], fraction: Option<&str>) -> f64 {
    // Up to 15 digits in all, the digits as one integer are below 2^53 and the divisor
    // is a power of ten, both exact in an f64: their quotient is the correctly rounded
    // value, the same that parsing the text gives.
    let frac = fraction.unwrap_or("");
    let mut mantissa = 0u64;
    let mut digits = 0;
    for g in groups.iter().chain([&frac]) {
        for b in g.bytes() {
            // Wrapping: past 15 digits, or with a byte that is no digit, the sum is not used.
            mantissa = mantissa
                .wrapping_mul(10)
                .wrapping_add(u64::from(b.wrapping_sub(b'0')));
            digits += if b.is_ascii_digit() { 1 } else { 100 };
        }
    }
    if (1..=15).contains(&digits) {
        return mantissa as f64 / EXACT_POWERS_OF_TEN[frac.len()];
    }
    let mut buf = [0u8; 96];
    let mut len = 0;
    let mut put = |s: &str| {
        for &b in s.as_bytes() {
            if len < buf.len() {
                buf[len] = b;
                len += 1;
            }
        }
    };
    for g in groups {
        put(g);
    }
    if let Some(f) = fraction {
        put(".");
        put(f);
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN)
}

/// A short list on the stack: the digit groups of one literal and their separators.
struct Groups<T: Copy + Default> {
    items: [T; MAX_GROUPS],
    len: usize,
}

impl<T: Copy + Default> Groups<T> {
    fn empty() -> Self {
        Groups {
            items: [T::default(); MAX_GROUPS],
            len: 0,
        }
    }

    fn new(first: T) -> Self {
        let mut g = Groups::empty();
        g.push(first);
        g
    }

    fn push(&mut self, x: T) {
        if self.len < MAX_GROUPS {
            self.items[self.len] = x;
            self.len += 1;
        }
    }

    fn len(&self) -> usize {
        self.len
    }
}

impl<T: Copy + Default> std::ops::Deref for Groups<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items[..self.len]
    }
}

/// The most digit groups one literal may have ("1,000,000,000,000,000" has 7).
const MAX_GROUPS: usize = 12;

/// Digit runs longer than this are identifiers (card numbers, hashes), not amounts.
const MAX_DIGITS: usize = 24;

pub(crate) fn vulgar(s: &str) -> Option<f64> {
    VULGAR.iter().find(|(v, _)| *v == s).map(|(_, x)| *x)
}

impl Doc<'_> {
    /// A number starting at token `i`, if one does.
    pub fn number(&self, i: usize) -> Option<Num> {
        // The grammar asks for the number at the same few tokens several times.
        let slot = &self.number_cache[i % self.number_cache.len()];
        let (at, cached) = slot.get();
        if at == i {
            return cached;
        }
        let mut num = self.read_number(i);
        // "1e999", "0e759": not a value any unit can hold.
        if let Some(n) = num.as_mut() {
            if !n.value.is_finite() && n.not.is_none() {
                n.not = Some(NotNumber::Code);
            }
        }
        slot.set((i, num));
        num
    }

    fn read_number(&self, i: usize) -> Option<Num> {
        match self.kind(i)? {
            Tk::Digits => Some(self.digit_number(i)),
            Tk::Word => self.word_number(i),
            Tk::Sym => {
                let s = self.s(i);
                if let Some(v) = vulgar(s) {
                    return Some(Num {
                        s: i,
                        e: i + 1,
                        value: v,
                        kind: NumKind::Fraction,
                        words: false,
                        bare: None,
                        not: None,
                    });
                }
                // ".25": a decimal without its leading zero.
                let lone_point = s == "."
                    && self.is(i + 1, Tk::Digits)
                    && self.glued(i, i + 1)
                    && (i == 0
                        || !matches!(self.toks[i - 1].kind, Tk::Digits | Tk::Word)
                        || !self.glued(i - 1, i));
                if lone_point {
                    let digits = self.s(i + 1);
                    let value: f64 = format!("0.{digits}").parse().ok()?;
                    let mut num = Num {
                        s: i,
                        e: i + 2,
                        value,
                        kind: NumKind::Decimal,
                        words: false,
                        bare: None,
                        not: None,
                    };
                    self.extend_literal(&mut num);
                    return Some(num);
                }
                None
            }
            _ => None,
        }
    }

    fn digit_number(&self, i: usize) -> Num {
        let mut num = Num {
            s: i,
            e: i + 1,
            value: 0.0,
            kind: NumKind::Integer,
            words: false,
            bare: None,
            not: None,
        };
        if self.s(i).len() > MAX_DIGITS {
            num.not = Some(NotNumber::Code);
            return num;
        }
        // Dates written with one separator twice: 2024-12-01, 5/17/2018, 01.12.2024.
        if let Some(e) = self.numeric_date(i) {
            num.e = e;
            num.not = Some(NotNumber::Date);
            return num;
        }
        let (value, e, kind, not) = self.literal(i);
        num.value = value;
        num.e = e;
        num.kind = kind;
        num.not = not;
        if e == i + 1 {
            num.bare = Some(self.s(i).len());
        }
        if num.not.is_none() {
            self.extend_literal(&mut num);
        }
        num
    }

    /// Three digit runs joined by the same separator, read as a date.
    fn numeric_date(&self, i: usize) -> Option<usize> {
        let sep = self.s(i + 1);
        if !matches!(sep, "-" | "/" | ".") || !self.is(i + 1, Tk::Sym) {
            return None;
        }
        let chain = self.glued(i, i + 1)
            && self.is(i + 2, Tk::Digits)
            && self.glued(i + 1, i + 2)
            && self.is_sym(i + 3, &[sep])
            && self.glued(i + 2, i + 3)
            && self.is(i + 4, Tk::Digits)
            && self.glued(i + 3, i + 4);
        if !chain {
            return None;
        }
        let parts = [self.s(i), self.s(i + 2), self.s(i + 4)];
        let lens = parts.map(str::len);
        let plausible = match lens {
            [4, 1..=2, 1..=2] => true,
            [1..=2, 1..=2, 4] | [1..=2, 1..=2, 2] => sep != "." || lens[2] == 4,
            _ => false,
        };
        // "192.168.1.2" has a fourth part: not a date.
        let more =
            self.is_sym(i + 5, &[sep]) && self.glued(i + 4, i + 5) && self.is(i + 6, Tk::Digits);
        (plausible && !more).then_some(i + 5)
    }

    /// Reads a digit literal with separators and a decimal part: value, end token, kind.
    fn literal(&self, i: usize) -> (f64, usize, NumKind, Option<NotNumber>) {
        // Collect digit groups joined by one-character separators, glued.
        let mut parts: Groups<usize> = Groups::new(i);
        let mut seps: Groups<&str> = Groups::empty();
        let mut j = i;
        // No number has more groups than this; the bound keeps "1,1,1,…" linear.
        while parts.len() < MAX_GROUPS {
            let sep_ok = match self.kind(j + 1) {
                Some(Tk::Sym) => matches!(self.s(j + 1), "," | "." | "'" | "’"),
                Some(Tk::Space) => {
                    matches!(
                        self.s(j + 1),
                        " " | "\u{a0}" | "\u{2009}" | "\u{202f}" | "\u{2007}"
                    ) && self.s(j + 2.min(self.n() - 1)).len() == 3
                        && self.s(parts[0]).len() <= 3
                        && seps
                            .iter()
                            .all(|s| s.trim().is_empty() || s.chars().all(char::is_whitespace))
                }
                _ => false,
            };
            if !sep_ok
                || !self.is(j + 2, Tk::Digits)
                || !self.glued(j + 1, j + 2)
                || !self.glued(j, j + 1)
            {
                break;
            }
            // A space-separated group must be exactly three digits and not the start of a
            // decimal that belongs to a new number ("50 50.5").
            seps.push(self.s(j + 1));
            parts.push(j + 2);
            j += 2;
        }
        if parts.len() == 1 {
            // The common case: one plain digit run.
            let v = digits_value(&[self.s(i)], None);
            return (v, i + 1, NumKind::Integer, None);
        }
        let mut texts: Groups<&str> = Groups::empty();
        for &p in parts.iter() {
            texts.push(self.s(p));
        }
        self.interpret(i, &texts, &seps)
    }

    /// Chooses the reading of a run of digit groups and separators. Unambiguous forms are
    /// read as written in either convention; ambiguous ones by the document's convention.
    fn interpret(
        &self,
        i: usize,
        parts: &[&str],
        seps: &[&str],
    ) -> (f64, usize, NumKind, Option<NotNumber>) {
        let end_of = |k: usize| i + 2 * k + 1; // token after part k
        let n = parts.len();
        if n == 1 {
            return (
                digits_value(&parts[..1], None),
                end_of(0),
                NumKind::Integer,
                None,
            );
        }
        let is_space = |s: &str| s.chars().all(char::is_whitespace);
        let grouping = |sep: &str, from: usize, to: usize| -> bool {
            // parts[from..=to] joined by `sep` form a grouped integer: 1-3 leading
            // digits then groups of 3 (or the Indian 2-digit groups before the last 3).
            parts[from].len() <= 3
                && (from + 1..=to)
                    .all(|k| seps[k - 1] == sep || (is_space(sep) && is_space(seps[k - 1])))
                && (parts[to].len() == 3)
                && {
                    let mids = &parts[from + 1..to];
                    mids.iter().all(|p| p.len() == 3)
                        || (sep == "," && mids.iter().all(|p| p.len() == 2))
                }
        };
        let dots = seps.iter().filter(|s| **s == ".").count();
        let commas = seps.iter().filter(|s| **s == ",").count();
        let (group_sep, dec_sep) = if self.comma_decimal() {
            (".", ",")
        } else {
            (",", ".")
        };

        // Mixed separators: the last one is the decimal mark if the rest groups properly.
        if dots > 0 && commas > 0 {
            let last = seps[n - 2];
            let other = if last == "." { "," } else { "." };
            if n >= 3 && seps[..n - 2].iter().all(|s| *s == other) && grouping(other, 0, n - 2) {
                let v = digits_value(&parts[..n - 1], Some(parts[n - 1]));
                return (v, end_of(n - 1), NumKind::Decimal, None);
            }
            // Otherwise take the longest grouped prefix.
            return self.prefix_reading(i, parts, seps, group_sep, dec_sep);
        }
        // One kind of separator only.
        let sep = seps[0];
        let all_same = seps
            .iter()
            .all(|s| *s == sep || (is_space(sep) && is_space(s)));
        if all_same
            && grouping(sep, 0, n - 1)
            && (n > 2 || sep != dec_sep || is_space(sep) || sep == "'" || sep == "’")
        {
            return (
                digits_value(parts, None),
                end_of(n - 1),
                NumKind::Integer,
                None,
            );
        }
        // "22,24,26,31" is a list: a literal right after ", " or "," is one of its items.
        let in_list = i >= 2
            && self.is_sym(i - 1, &[","])
            && self.glued(i - 1, i)
            && self.is(i - 2, Tk::Digits);
        if n == 2 && (sep == "." || sep == ",") && !in_list {
            // One separator that cannot group ("6.02", "1,5"): a decimal mark.
            let v = digits_value(&parts[..1], Some(parts[1]));
            return (v, end_of(1), NumKind::Decimal, None);
        }
        if sep == "." && dots >= 2 && all_same {
            // "1.2.3", "192.168.1.2": versions and addresses.
            return (
                f64::NAN,
                end_of(n - 1),
                NumKind::Integer,
                Some(NotNumber::Code),
            );
        }
        self.prefix_reading(i, parts, seps, group_sep, dec_sep)
    }

    /// The longest prefix that reads as a grouped integer with an optional decimal part.
    fn prefix_reading(
        &self,
        i: usize,
        parts: &[&str],
        seps: &[&str],
        group_sep: &str,
        dec_sep: &str,
    ) -> (f64, usize, NumKind, Option<NotNumber>) {
        let mut k = 0;
        let is_group_sep =
            |s: &str| s == group_sep || s == "'" || s == "’" || s.chars().all(char::is_whitespace);
        while k + 1 < parts.len()
            && is_group_sep(seps[k])
            && parts[k + 1].len() == 3
            && parts[0].len() <= 3
        {
            k += 1;
        }
        if k + 1 < parts.len() && seps[k] == dec_sep {
            // A decimal mark followed by one more group, unless more groups follow with
            // the same mark ("22,24,26" is a list, not a decimal).
            let listy = k + 2 < parts.len() && seps[k + 1] == dec_sep;
            if !listy {
                let v = digits_value(&parts[..=k], Some(parts[k + 1]));
                return (v, i + 2 * (k + 1) + 1, NumKind::Decimal, None);
            }
        }
        (
            digits_value(&parts[..=k], None),
            i + 2 * k + 1,
            NumKind::Integer,
            None,
        )
    }

    /// Scientific forms, powers and fractions that follow a literal.
    fn extend_literal(&self, num: &mut Num) {
        let e = num.e;
        // 6.022e23, 1.2E-5
        if self.is(e, Tk::Word) && matches!(self.s(e), "e" | "E") && self.glued(e - 1, e) {
            let mut k = e + 1;
            let mut sign = 1.0;
            if self.is_sym(k, &["+", "-", "−"]) && self.glued(k - 1, k) {
                if self.s(k) != "+" {
                    sign = -1.0;
                }
                k += 1;
            }
            if self.is(k, Tk::Digits) && self.glued(k - 1, k) && self.s(k).len() <= 3 {
                let exp: f64 = self.s(k).parse().unwrap_or(0.0);
                num.value *= 10f64.powf(sign * exp);
                num.kind = NumKind::Power;
                num.e = k + 1;
                num.bare = None;
                return;
            }
        }
        // 1.1^23, 2.5^-1
        if self.is_sym(e, &["^"]) && self.glued(e - 1, e) {
            if let Some((exp, k)) = self.exponent(e + 1) {
                num.value = num.value.signum() * num.value.abs().powf(exp);
                num.kind = NumKind::Power;
                num.e = k;
                num.bare = None;
                return;
            }
        }
        // 10⁻³
        if self.s(e - 1) == "10" && self.glued(e - 1, e) {
            if let Some((exp, k)) = self.superscript(e) {
                num.value = 10f64.powf(exp);
                num.kind = NumKind::Power;
                num.e = k;
                num.bare = None;
                return;
            }
        }
        // 6.02 × 10^23, 1.3x10^6, 6.02 x 10⁻³
        let mut k = e;
        if self.is(k, Tk::Space) {
            k += 1;
        }
        let times = self.is_sym(k, &["×", "*", "·"])
            || (self.is(k, Tk::Word) && matches!(self.s(k), "x" | "X"));
        if times {
            let mut m = k + 1;
            if self.is(m, Tk::Space) {
                m += 1;
            }
            if self.is(m, Tk::Digits) && self.s(m) == "10" {
                let exp = if self.is_sym(m + 1, &["^"]) && self.glued(m, m + 1) {
                    self.exponent(m + 2)
                } else if self.glued(m, m + 1) {
                    self.superscript(m + 1)
                } else {
                    None
                };
                if let Some((exp, end)) = exp {
                    num.value *= 10f64.powf(exp);
                    num.kind = NumKind::Power;
                    num.e = end;
                    num.bare = None;
                    return;
                }
            }
        }
        if num.kind != NumKind::Integer {
            return;
        }
        // Fractions: 3/4, 1 / 4, and mixed numbers: 2 1/2, 2½.
        if let Some((v, end)) = self.slash_fraction(num.s, e) {
            num.e = end;
            num.bare = None;
            // "9/11", "3/15": a month and a day, unless the denominator is one that
            // fractions use (halves, thirds, … tenths, sixteenths, hundredths).
            let den: f64 = self.s(end - 1).parse().unwrap_or(0.0);
            let numer = v * den;
            let usual = matches!(den as u32, 2..=10 | 12 | 16 | 32 | 64 | 100 | 1000);
            if !usual
                && (1.0..=12.0).contains(&numer)
                && (1.0..=31.0).contains(&den)
                && !matches!(self.kind(end), Some(Tk::Word | Tk::Digits))
            {
                num.not = Some(NotNumber::Date);
                return;
            }
            num.value = v;
            num.kind = NumKind::Fraction;
            return;
        }
        let mut k = e;
        let spaced = self.is(k, Tk::Space) && !self.s(k).contains('\n');
        if spaced {
            k += 1;
        }
        if let Some(v) = self
            .kind(k)
            .filter(|t| *t == Tk::Sym)
            .and_then(|_| vulgar(self.s(k)))
        {
            num.value += v;
            num.e = k + 1;
            num.kind = NumKind::Fraction;
            num.bare = None;
            return;
        }
        if spaced && self.is(k, Tk::Digits) {
            if let Some((v, end)) = self.slash_fraction(k, k + 1) {
                if v < 1.0 {
                    num.value += v;
                    num.e = end;
                    num.kind = NumKind::Fraction;
                    num.bare = None;
                }
            }
        }
    }

    /// `a/b` where token `a` is the numerator digits and `after` the token after it.
    fn slash_fraction(&self, a: usize, after: usize) -> Option<(f64, usize)> {
        let mut k = after;
        let spaced = self.is(k, Tk::Space) && self.s(k) == " ";
        if spaced {
            k += 1;
        }
        if !self.is_sym(k, &["/", "⁄"]) || (!spaced && !self.glued(k - 1, k)) {
            return None;
        }
        let mut d = k + 1;
        if spaced {
            if !(self.is(d, Tk::Space) && self.s(d) == " ") {
                return None;
            }
            d += 1;
        } else if !self.glued(k, d) {
            return None;
        }
        if !self.is(d, Tk::Digits) || self.s(a).len() > 6 || self.s(d).len() > 6 {
            return None;
        }
        // A second slash makes a date ("5/17/2018").
        if self.is_sym(d + 1, &["/"]) {
            return None;
        }
        let den: f64 = self.s(d).parse().ok()?;
        let numer: f64 = self.s(a).parse().ok()?;
        // "12/2024" is a month and a year.
        if self.s(d).len() == 4 && numer <= 12.0 {
            return None;
        }
        (den != 0.0).then(|| (numer / den, d + 1))
    }

    /// An exponent after `^`: signs then digits; each minus flips the sign ("--23" is 23).
    fn exponent(&self, mut k: usize) -> Option<(f64, usize)> {
        let mut sign = 1.0;
        while self.is_sym(k, &["+", "-", "−"]) {
            if self.s(k) != "+" {
                sign = -sign;
            }
            k += 1;
        }
        (self.is(k, Tk::Digits) && self.s(k).len() <= 3)
            .then(|| (sign * self.s(k).parse::<f64>().unwrap_or(0.0), k + 1))
    }

    /// Superscript digits (with an optional sign) starting at token `k`.
    fn superscript(&self, mut k: usize) -> Option<(f64, usize)> {
        let mut s = String::new();
        while self.is(k, Tk::Sym) && (s.is_empty() || self.glued(k - 1, k)) {
            match SUPERSCRIPTS.iter().find(|(sup, _)| *sup == self.s(k)) {
                Some((_, c)) => s.push(*c),
                None => break,
            }
            k += 1;
        }
        let v: f64 = s.parse().ok()?;
        Some((v, k))
    }

    /// Whether token `i` is an article that no number word follows ("a company"): no
    /// number starts there, and a test of the next word's shape says so without the
    /// lookup and the reading. (Most articles of running text are such.)
    pub fn lone_article(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        let article_only = w.article
            && !w.negative
            && !w.point
            && w.cardinal.is_none()
            && w.scale.is_none()
            && w.multiplier.is_none()
            && w.ordinal.is_none()
            && w.denominator.is_none();
        if !article_only {
            return false;
        }
        // What `WordReader::read` takes after the article: the next word, which goes on
        // the number only with one of the roles of `after_article_shapes`, or "and" then
        // a word (left to the reader).
        match WordReader::new(self, i).next_word(i) {
            None => true,
            Some((_, true, _)) => false,
            Some((n, false, _)) => {
                let t = self.toks[n];
                !self
                    .lex
                    .after_article_shapes
                    .may_contain(&self.text.as_bytes()[t.start..t.end])
            }
        }
    }

    /// A number written in words starting at token `i`.
    pub fn word_number(&self, i: usize) -> Option<Num> {
        let first = self.word(i)?;
        if !first.starts_number() {
            return None;
        }
        WordReader::new(self, i).read()
    }
}

/// Reads a number in words left to right, keeping what a fraction or a decimal needs.
struct WordReader<'d, 'a> {
    doc: &'d Doc<'a>,
    start: usize,
    /// Sum of completed scale groups ("two thousand" in "two thousand and five").
    total: f64,
    /// The group being built ("five" in "two thousand and five").
    group: f64,
    /// What the words since the last hundred, scale or "and" add up to.
    segment: f64,
    segment_words: usize,
    largest_scale: f64,
    /// The last scale word read ("million" in "two million and a half").
    last_scale: f64,
    last: Class,
    /// The value before the last "and", and the token before that "and".
    before_and: Option<(f64, usize)>,
    /// One past the last token taken.
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    None,
    Unit,
    Teen,
    Ten,
    Hundred,
    Scale,
    Article,
    Half,
}

impl<'d, 'a> WordReader<'d, 'a> {
    fn new(doc: &'d Doc<'a>, start: usize) -> Self {
        WordReader {
            doc,
            start,
            total: 0.0,
            group: 0.0,
            segment: 0.0,
            segment_words: 0,
            largest_scale: 1.0,
            last_scale: 1.0,
            last: Class::None,
            before_and: None,
            end: start,
        }
    }

    fn value(&self) -> f64 {
        self.total + self.group
    }

    fn num(&self, value: f64, kind: NumKind, end: usize) -> Num {
        Num {
            s: self.start,
            e: end,
            value,
            kind,
            words: true,
            bare: None,
            not: None,
        }
    }

    /// The next word after token `k`, joined by a space, a line break, a hyphen or
    /// "and": its index and whether "and" joined it.
    fn next_word(&self, k: usize) -> Option<(usize, bool, bool)> {
        let d = self.doc;
        let mut j = k + 1;
        let mut hyphen = false;
        if d.is_sym(j, &["-", "‐"]) && d.glued(k, j) {
            j += 1;
            hyphen = true;
        } else if d.is(j, Tk::Space) {
            j += 1;
            if d.is_sym(j, &["-"]) && d.is(j + 1, Tk::Space) {
                j += 2;
                hyphen = true;
            }
        }
        if !d.is(j, Tk::Word) {
            return None;
        }
        if d.lower_is(j, "and") {
            let w = d.next(j)?;
            return d.is(w, Tk::Word).then_some((w, true, false));
        }
        Some((j, false, hyphen))
    }

    fn read(mut self) -> Option<Num> {
        let d = self.doc;
        let mut k = self.start;
        let mut and = false;
        let mut hyphen = false;
        while let Some(info) = d.word(k) {
            match self.take(k, info, and, hyphen) {
                Step::Continue => {}
                Step::Stop => break,
                Step::Done(num) => return Some(self.scaled(num)),
                Step::Final(num) => return Some(num),
            }
            self.end = k + 1;
            let Some((n, by_and, by_hyphen)) = self.next_word(k) else {
                break;
            };
            if by_and {
                self.before_and = Some((self.value(), self.end));
            }
            and = by_and;
            hyphen = by_hyphen;
            k = n;
        }
        // "thousands of people", "billions": a plural scale alone is vague, not a number.
        let vague = self.end == self.start + 1
            && matches!(self.last, Class::Hundred | Class::Scale)
            && d.s(self.start).ends_with(['s', 'S']);
        match self.last {
            Class::None | Class::Article => None,
            _ if vague => None,
            Class::Half => Some(self.scaled(self.num(0.5, NumKind::Fraction, self.end))),
            _ => Some(self.num(self.value(), NumKind::Integer, self.end)),
        }
    }

    /// "three quarters billion", "two thirds of a million", "half a dozen".
    fn scaled(&self, mut num: Num) -> Num {
        let d = self.doc;
        let Some(mut k) = d.next(num.e - 1) else {
            return num;
        };
        let mut of = false;
        if d.lower_is(k, "of") {
            let Some(n) = d.next(k) else { return num };
            k = n;
            of = true;
        }
        if d.word(k).is_some_and(|w| w.article) {
            let Some(n) = d.next(k) else { return num };
            k = n;
        } else if of {
            return num;
        }
        if let Some(w) = d.word(k) {
            if let Some(s) = w
                .scale
                .filter(|s| *s > 100.0)
                .or(w.multiplier.filter(|_| !w.multiplier_weak))
            {
                num.value *= s;
                num.e = k + 1;
            }
        }
        num
    }

    fn take(&mut self, k: usize, info: WordInfo, and: bool, hyphen: bool) -> Step {
        let d = self.doc;
        if and && (info.article || info.cardinal.is_some_and(|v| v < 10.0)) {
            if let Step::Final(num) = self.and_fraction(k) {
                return Step::Final(num);
            }
            // "one and two" are two numbers.
            if matches!(self.last, Class::Unit | Class::Teen | Class::Ten) {
                return Step::Stop;
            }
        }
        if let Some(v) = info.cardinal {
            let class = if v < 10.0 {
                Class::Unit
            } else if v < 20.0 {
                Class::Teen
            } else {
                Class::Ten
            };
            // "one twenty-fifth", "three twenty firsts", "one hundred thirty-fifths": a
            // tens word and an ordinal after a numerator make one denominator.
            if class == Class::Ten && !and && self.last != Class::None {
                if let Some((n, _, hyphen_next)) = self.next_word(k) {
                    if let Some(w) = d.word(n) {
                        let unit_ordinal = w
                            .ordinal
                            .or(w.denominator)
                            .filter(|u| *u < 10.0 && *u > 2.0 || (*u == 1.0));
                        if let Some(u) =
                            unit_ordinal.filter(|_| hyphen_next || w.denominator.is_some())
                        {
                            let numer = if self.last == Class::Article {
                                1.0
                            } else {
                                self.value()
                            };
                            return Step::Done(self.num(numer / (v + u), NumKind::Fraction, n + 1));
                        }
                    }
                }
            }
            let fits = match self.last {
                Class::None | Class::Hundred | Class::Scale => true,
                Class::Ten => class == Class::Unit && !and,
                // "one two three" are three numbers.
                Class::Unit | Class::Teen | Class::Article | Class::Half => false,
            };
            if !fits {
                return Step::Stop;
            }
            if and || !matches!(self.last, Class::Ten) {
                self.segment = 0.0;
                self.segment_words = 0;
            }
            self.group += v;
            self.segment += v;
            self.segment_words += 1;
            self.last = class;
            return Step::Continue;
        }
        if let Some(s) = info.scale {
            if s == 100.0 {
                if !matches!(
                    self.last,
                    Class::None | Class::Unit | Class::Teen | Class::Ten | Class::Article
                ) {
                    return Step::Stop;
                }
                self.group = self.group.max(1.0) * 100.0;
            } else {
                if matches!(self.last, Class::Half) {
                    return Step::Done(self.num(0.5 * s, NumKind::Fraction, k + 1));
                }
                if self.last == Class::Scale && s <= self.largest_scale {
                    return Step::Stop;
                }
                if s > self.largest_scale {
                    self.total = (self.total
                        + self
                            .group
                            .max(if self.last == Class::Scale { 0.0 } else { 1.0 }))
                        * s;
                    self.largest_scale = s;
                } else {
                    self.total += self.group.max(1.0) * s;
                }
                self.group = 0.0;
            }
            self.segment = 0.0;
            self.segment_words = 0;
            if s != 100.0 {
                self.last_scale = s;
            }
            self.last = if s == 100.0 {
                Class::Hundred
            } else {
                Class::Scale
            };
            return Step::Continue;
        }
        if let Some(m) = info.multiplier {
            if info.multiplier_weak || matches!(self.last, Class::None | Class::Scale) {
                return Step::Stop;
            }
            if self.last == Class::Half {
                return Step::Done(self.num(0.5 * m, NumKind::Integer, k + 1));
            }
            let seg = if self.last == Class::Article {
                1.0
            } else {
                self.segment
            };
            self.group = self.group - self.segment + seg * m;
            self.segment = 0.0;
            self.last = Class::Scale;
            return Step::Done(self.num(self.value(), NumKind::Integer, k + 1));
        }
        if info.point
            && matches!(
                self.last,
                Class::Unit | Class::Teen | Class::Ten | Class::Hundred | Class::Scale
            )
        {
            return match self.decimal_digits(k) {
                Some((frac, end)) => {
                    Step::Done(self.num(self.value() + frac, NumKind::Decimal, end))
                }
                None => Step::Stop,
            };
        }
        if info.article {
            return match self.last {
                Class::None => {
                    self.last = Class::Article;
                    Step::Continue
                }
                Class::Half => Step::Continue,
                _ => Step::Stop,
            };
        }
        let den = info.denominator.or(info.ordinal);
        if let Some(den) = den {
            let plural_or_half = info.denominator.is_some();
            return match self.last {
                // "half", but not "second": an ordinal that is also a denominator.
                Class::None if den == 2.0 && info.ordinal.is_none() => {
                    // "the first half", "the second half": a part of a period, not 0.5.
                    let after_ordinal = d.prev(k).is_some_and(|p| {
                        d.word(p)
                            .is_some_and(|w| w.ordinal.is_some() || w.pronoun_before)
                    });
                    if after_ordinal
                        && !d.next(k).is_some_and(|n| {
                            d.word(n).is_some_and(|w| w.article || w.scale.is_some())
                        })
                    {
                        return Step::Stop;
                    }
                    self.last = Class::Half;
                    Step::Continue
                }
                Class::None => {
                    if info.ordinal.is_some() {
                        Step::Done(self.num(den, NumKind::Ordinal, k + 1))
                    } else {
                        // "quarter" alone is not a number ("the first quarter"), but
                        // "quarter million" is.
                        match d
                            .next(k)
                            .and_then(|n| d.word(n))
                            .and_then(|w| w.scale)
                            .filter(|s| *s > 100.0)
                        {
                            Some(_) => Step::Done(self.num(1.0 / den, NumKind::Fraction, k + 1)),
                            None => Step::Stop,
                        }
                    }
                }
                Class::Article => {
                    // "a third of", "a fifth", but "a third term" is an ordinal.
                    let next_is_word = d.next(k).is_some_and(|n| {
                        d.is(n, Tk::Word)
                            && !d.lower_is(n, "of")
                            && d.word(n).and_then(|w| w.scale).is_none()
                    });
                    if plural_or_half || (den >= 3.0 && !next_is_word) {
                        Step::Done(self.num(1.0 / den, NumKind::Fraction, k + 1))
                    } else {
                        Step::Stop
                    }
                }
                Class::Ten
                    if hyphen
                        && info.ordinal.is_some()
                        && den < 10.0
                        && self.total == 0.0
                        && self.segment_words == 1 =>
                {
                    // "twenty-first" alone is an ordinal; "three twenty-firsts" is handled
                    // by the caller seeing a plural.
                    Step::Done(self.num(self.group + den, NumKind::Ordinal, k + 1))
                }
                Class::Half | Class::Hundred | Class::Scale if !plural_or_half => Step::Stop,
                _ => {
                    if !plural_or_half && self.value() != 1.0 && den != 2.0 && den != 4.0 {
                        // "two third" is unusual; "first second" is not a fraction.
                        if info.ordinal.is_some() && self.value() > 1.0 {
                            return Step::Stop;
                        }
                    }
                    Step::Done(self.num(self.value() / den, NumKind::Fraction, k + 1))
                }
            };
        }
        Step::Stop
    }

    /// "twenty and three fifths", "one and a half": after "and", a numerator (a single
    /// digit word or "a") and a denominator, added to the value before "and".
    fn and_fraction(&mut self, k: usize) -> Step {
        let d = self.doc;
        let Some(info) = d.word(k) else {
            return Step::Stop;
        };
        let numer = if info.article {
            1.0
        } else {
            info.cardinal.unwrap_or(0.0)
        };
        let Some(n) = d.next(k) else {
            return Step::Stop;
        };
        let Some(w) = d.word(n) else {
            return Step::Stop;
        };
        let Some(den) = w.denominator.or(w.ordinal.filter(|_| numer == 1.0)) else {
            return Step::Stop;
        };
        if numer <= 0.0 {
            return Step::Stop;
        }
        let frac = numer / den;
        // "one billion and a half million": the fraction of the scale after it;
        // "two million and a half": of the scale before it; "twenty and three fifths": of one.
        let after = d.next(n).and_then(|m| {
            d.word(m)
                .and_then(|x| x.scale)
                .filter(|s| *s > 100.0)
                .map(|s| (s, m))
        });
        let (value, end) = match after {
            Some((s, m)) if self.last == Class::Scale => (self.value() + frac * s, m + 1),
            // "five and a half million"
            Some((s, m)) => ((self.value() + frac) * s, m + 1),
            None if self.last == Class::Scale => (self.value() + frac * self.last_scale, n + 1),
            None => (self.value() + frac, n + 1),
        };
        Step::Final(self.num(value, NumKind::Fraction, end))
    }

    /// Spoken decimals after "point": "zero three" → .03, "seventy-one" → .71.
    fn decimal_digits(&self, point: usize) -> Option<(f64, usize)> {
        let d = self.doc;
        let mut digits = String::new();
        let mut k = d.next(point)?;
        let mut end = point;
        while let Some(v) = d.word(k).and_then(|w| w.cardinal) {
            if v < 10.0 {
                digits.push(char::from(b'0' + v as u8));
            } else {
                let mut s = (v as u32).to_string();
                // "seventy-one": a tens word and its unit make two digits.
                if v >= 20.0 && v % 10.0 == 0.0 {
                    let unit = (d.is_sym(k + 1, &["-"]) && d.glued(k, k + 1))
                        .then(|| d.word(k + 2))
                        .flatten();
                    if let Some(u) = unit
                        .and_then(|w| w.cardinal)
                        .filter(|u| *u < 10.0 && *u > 0.0)
                    {
                        s = (v as u32 + u as u32).to_string();
                        k += 2;
                    }
                }
                digits.push_str(&s);
                end = k + 1;
                break;
            }
            end = k + 1;
            match d.next(k) {
                Some(n) => k = n,
                None => break,
            }
        }
        if digits.is_empty() {
            return None;
        }
        let frac: f64 = format!("0.{digits}").parse().ok()?;
        Some((frac, end))
    }
}

enum Step {
    Continue,
    Stop,
    /// The number is complete; a scale may still follow ("three quarters million").
    Done(Num),
    /// The number is complete.
    Final(Num),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::doc::Whole;
    use proptest::prelude::*;

    /// What `digits_value` stands for: the groups and fraction written out and parsed.
    fn parsed(groups: &[&str], fraction: Option<&str>) -> f64 {
        let mut text = groups.concat();
        if let Some(f) = fraction {
            text.push('.');
            text.push_str(f);
        }
        text.parse().unwrap_or(f64::NAN)
    }

    #[test]
    fn digits_value_edges() {
        for (groups, fraction) in [
            (&[][..], None),
            (&[][..], Some("5")),
            (&["12"][..], Some("")),
            (&["0"][..], Some("000000000000001")),
            (&["999999999999999"][..], None),
            (&["9999999999999999"][..], None),
            (&["1", "234", "567"][..], Some("891")),
        ] {
            let (fast, slow) = (digits_value(groups, fraction), parsed(groups, fraction));
            assert!(fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn no_number_starts_at_a_lone_article(
            words in proptest::collection::vec((prop_oneof![
                Just("a"), Just("A"), Just("an"), Just("and"), Just("half"), Just("third"),
                Just("thirds"), Just("dozen"), Just("score"), Just("hundred"), Just("million"),
                Just("twenty"), Just("first"), Just("point"), Just("minus"), Just("one"),
                Just("company"), Just("5"), Just("."), Just("of"),
            ], prop_oneof![Just(" "), Just(" "), Just("-"), Just(" - "), Just("\n")]), 0..12)
        ) {
            let text: String = words.iter().flat_map(|(w, sep)| [*w, *sep]).collect();
            let lex = crate::quantity::builtin();
            let opts = crate::quantity::Options::default();
            let doc = Doc::new(&text, Whole::of(&text), &lex, &opts, Default::default());
            for i in 0..doc.n() {
                if doc.lone_article(i) {
                    prop_assert!(doc.number(i).is_none(), "{:?} at token {}", text, i);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn digits_value_is_the_parsed_value(
            groups in proptest::collection::vec("[0-9]{1,6}", 0..4),
            fraction in proptest::option::of("[0-9]{0,9}"),
        ) {
            let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
            let fast = digits_value(&groups, fraction.as_deref());
            let slow = parsed(&groups, fraction.as_deref());
            prop_assert!(fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()));
        }
    }
}
