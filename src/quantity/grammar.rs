//! Turns numbers into quantities: magnitudes, currencies, units, percentages, ranges,
//! qualifiers and counted nouns, and skips what is not a quantity (dates, years, times,
//! phone numbers, codes).

use super::dimension::{self, Exponents};
use super::doc::Doc;
use super::number::{vulgar, NotNumber, Num, NumKind};
use super::scan::Tk;
use super::tables::{Lexicon, Phrase, Target};
use super::{Kind, Qualifier, Quantity};

use std::borrow::Cow;

/// Units written one after the other as parts of one value ("6 ft 2 in", "1 h 30 min").
/// Metric units are not: "12 m 2 dm" are two lengths.
const MULTI_PART: &[(&str, &str)] = &[
    ("foot", "inch"),
    ("yard", "foot"),
    ("mile", "yard"),
    ("pound", "ounce"),
    ("stone", "pound"),
    ("hour", "minute"),
    ("minute", "second"),
    ("day", "hour"),
    ("week", "day"),
    ("year", "month"),
    ("degree", "arc-minute"),
    ("arc-minute", "arc-second"),
];

/// A unit as read: a table unit (its names borrowed from the lexicon: most readings
/// are dropped or copied into a [`Quantity`] once), or a compound of table units.
#[derive(Clone, Debug)]
struct UnitRef<'a> {
    id: Cow<'a, str>,
    dimension: Cow<'a, str>,
    exponents: Exponents,
    factor: Option<f64>,
    offset: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Percent {
    Plain,
    Point,
    Permille,
}

/// One value with what is written right after it.
#[derive(Clone, Debug)]
struct Core<'a> {
    s: usize,
    e: usize,
    num: Num,
    value: f64,
    magnitude: bool,
    currency: Option<u32>,
    percent: Option<Percent>,
    unit: Option<UnitRef<'a>>,
    /// Why this is not a quantity, when it is not one.
    not: Option<Kind>,
}

impl Core<'_> {
    fn plain(&self) -> bool {
        self.currency.is_none() && self.percent.is_none() && self.unit.is_none()
    }
}

fn is_currency(t: Target) -> bool {
    matches!(t, Target::Currency(_) | Target::Minor(..))
}

impl<'a> Doc<'a> {
    /// Every quantity in the document, in text order, in `out` (cleared first).
    pub fn extract(&self, out: &mut Vec<Quantity>) {
        out.clear();
        let mut floor = 0;
        let mut i = 0;
        let bytes = self.text.as_bytes();
        for &c in &self.candidates {
            // A reading may have taken this token already.
            if c < i {
                continue;
            }
            i = c;
            let t = self.toks[i];
            // Most tokens are spaces, punctuation and ordinary words: decide on the first
            // byte before any lookup.
            let candidate = match t.kind {
                Tk::Digits => true,
                Tk::Word => {
                    let first = bytes[t.start] | 0x20;
                    if matches!(first, b'h' | b'f' | b'w') {
                        if let Some(end) = self.url_end(i) {
                            i = end;
                            continue;
                        }
                    }
                    if first == b'p' {
                        if let Some((q, next)) = self.percent_of(i, floor) {
                            out.push(q);
                            floor = next;
                            i = next;
                            continue;
                        }
                    }
                    self.may_start_number(i) && !self.lone_article(i)
                }
                Tk::Sym => bytes[t.start] == b'.' || (t.len() > 1 && vulgar(self.s(i)).is_some()),
                Tk::Space | Tk::Break => false,
            };
            if candidate {
                if let Some(next) = self.read_at(i, floor, out) {
                    floor = next;
                    i = next.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
        self.carry_list_units(out);
    }

    /// "4.5, 6 and 13 kg", "2619.60, 2614.73, and 2614.71 m": plain numbers listed before
    /// a quantity share its unit.
    fn carry_list_units(&self, out: &mut [Quantity]) {
        for k in (1..out.len()).rev() {
            let (head, tail) = out.split_at_mut(k);
            let (prev, next) = (&mut head[k - 1], &tail[0]);
            if prev.end > next.start {
                continue;
            }
            let listable = prev.kind == Kind::Number
                && prev.counted.is_none()
                && prev.upper.is_none()
                && matches!(next.kind, Kind::Quantity | Kind::Percent)
                && next.upper.is_none();
            // Most neighbours fail on their kinds: look at the text between only then.
            if !listable {
                continue;
            }
            let between = &self.text[prev.end..next.start];
            let between = between.trim();
            let joins = [",", "and", "or", ", and", ", or", "to", "&"]
                .iter()
                .any(|j| between.eq_ignore_ascii_case(j));
            if !joins || between.contains('\n') {
                continue;
            }
            prev.kind = next.kind;
            prev.unit = next.unit.clone();
            prev.dimension = next.dimension.clone();
            prev.si_unit = next.si_unit.clone();
            prev.si_value = match (next.si_value, self.unit_factor(next)) {
                (Some(_), Some((factor, offset))) => Some(prev.value * factor + offset),
                _ => None,
            };
        }
    }

    /// The factor and offset of a quantity's unit (a table unit, or derived from its SI
    /// value when the unit is a compound).
    fn unit_factor(&self, q: &Quantity) -> Option<(f64, f64)> {
        let id = q.unit.as_deref()?;
        if let Some(u) = self.lex.units.iter().find(|u| u.id == id) {
            return u.factor.map(|f| (f, u.offset));
        }
        if q.kind == Kind::Percent {
            return Some((q.si_value? / q.value, 0.0));
        }
        (q.value != 0.0).then(|| (q.si_value.unwrap_or(0.0) / q.value, 0.0))
    }

    /// Addresses hold digits that are not numbers: "https://…", "www.…", "a@b.com".
    /// Returns the token after the address.
    fn url_end(&self, i: usize) -> Option<usize> {
        let after_space = i == 0
            || matches!(self.toks[i - 1].kind, Tk::Space | Tk::Break)
            || self.is_sym(i - 1, &["(", "<", "\"", "'"]);
        if !self.is(i, Tk::Word) || !after_space {
            return None;
        }
        let w = self.s(i);
        let scheme =
            matches!(w, "http" | "https" | "ftp" | "HTTP" | "HTTPS") && self.is_sym(i + 1, &[":"]);
        let www = w.eq_ignore_ascii_case("www") && self.is_sym(i + 1, &["."]);
        if !scheme && !www {
            return None;
        }
        let mut k = i;
        while k < self.n() && !matches!(self.toks[k].kind, Tk::Space | Tk::Break) {
            k += 1;
        }
        Some(k)
    }

    /// "percent of 10", "per cent of twenty-two": a percentage named before its number.
    fn percent_of(&self, i: usize, floor: usize) -> Option<(Quantity, usize)> {
        if !self.opts.units
            || !self.is(i, Tk::Word)
            || !self.s(i).get(..3)?.eq_ignore_ascii_case("per")
        {
            return None;
        }
        if self.prev(i).is_some_and(|p| {
            p >= floor
                && (self.is(p, Tk::Digits) || self.word(p).is_some_and(|w| w.starts_number()))
        }) {
            return None;
        }
        let (_, end) = self.phrase(i, |t| t == Target::Percent)?;
        let of = self.next(end - 1).filter(|&k| self.lower_is(k, "of"))?;
        let n = self.next(of)?;
        let num = self.number(n)?;
        if num.not.is_some()
            || num.kind == NumKind::Ordinal
            || self.counted(num.e, num.value).is_some()
            || self
                .after(num.e, |t| matches!(t, Target::Unit(_)) || is_currency(t))
                .is_some()
        {
            return None;
        }
        let core = Core {
            s: i,
            e: num.e,
            num,
            value: num.value,
            magnitude: false,
            currency: None,
            percent: Some(Percent::Plain),
            unit: None,
            not: None,
        };
        Some((self.quantity(&core, None, None, None), num.e))
    }

    /// "14 00 N", "33 15 E": degrees and minutes of a coordinate, as the Factbook writes
    /// them.
    fn coordinate_end(&self, num: &Num) -> Option<usize> {
        if num.words || num.bare? > 3 {
            return None;
        }
        let e = num.e;
        let minutes =
            self.is(e, Tk::Space) && self.is(e + 1, Tk::Digits) && self.s(e + 1).len() == 2;
        let hemisphere =
            self.is(e + 2, Tk::Space) && matches!(self.s(e + 3), "N" | "S" | "E" | "W");
        let ends =
            !matches!(self.kind(e + 4), Some(Tk::Word | Tk::Digits)) || !self.glued(e + 3, e + 4);
        (minutes && hemisphere && ends).then_some(e + 4)
    }

    /// "+1-222-2222", "+44 20 7946 0958": a phone number after a plus sign.
    fn phone_end(&self, s: usize) -> Option<usize> {
        if s == 0 || !self.is_sym(s - 1, &["+"]) || !self.glued(s - 1, s) {
            return None;
        }
        let mut k = s + 1;
        loop {
            let sep = self.is_sym(k, &["-", "/", ".", "(", ")"])
                || (self.is(k, Tk::Space) && self.s(k) == " ");
            if sep && self.is(k + 1, Tk::Digits) {
                k += 2;
            } else {
                break;
            }
        }
        Some(k)
    }

    /// What starts at token `i` (a number, possibly after "minus"): the quantity or the
    /// skipped non-quantity goes to `out` (see [`Doc::emit`]); returns the token to go on
    /// from. `floor` is the first token not used by an earlier result.
    fn read_at(&self, i: usize, floor: usize, out: &mut Vec<Quantity>) -> Option<usize> {
        let (num_at, negated) = match self.word(i) {
            Some(w) if w.negative && w.cardinal.is_none() => (self.next(i)?, true),
            _ => (i, false),
        };
        let num = self.number(num_at)?;
        if let Some(end) = self.coordinate_end(&num) {
            return Some(self.skip(out, num.s, end, Kind::Code, num.value));
        }
        if let Some(end) = self.phone_end(num.s).filter(|_| !num.words) {
            return Some(self.skip(out, num.s - 1, end, Kind::Phone, 0.0));
        }
        if let Some(not) = num.not {
            let kind = if not == NotNumber::Date {
                Kind::Date
            } else {
                Kind::Code
            };
            return Some(self.skip(out, num.s, num.e, kind, num.value));
        }
        // "the one you mentioned": a pronoun.
        if num.words
            && num.e == num.s + 1
            && self.lower_is(num.s, "one")
            && self
                .after(num.e, |t| matches!(t, Target::Unit(_)) || is_currency(t))
                .is_none()
        {
            if let Some(p) = self.prev(num.s) {
                if self.word(p).is_some_and(|w| w.pronoun_before) {
                    return Some(num.e);
                }
            }
        }
        if num.kind == NumKind::Ordinal || self.ordinal_suffix(&num).is_some() {
            return Some(self.ordinal(num, floor, out));
        }
        let mut core = self.core(num, floor, None);
        let mut start = core.s;
        if negated {
            core.value = -core.value;
            start = i;
        } else if let Some(sign) = self.sign_before(start, floor, &core) {
            core.value = -core.value;
            start = sign;
        }
        core.s = start;
        if !core.value.is_finite() {
            core.not = Some(Kind::Code);
        }
        if let Some(kind) = core.not {
            return Some(self.skip(out, core.s, core.e, kind, core.value));
        }
        // Labels: "Section 427", "Row 21", "No. 5", "Figs. 3 and 7–9".
        if core.plain() && !core.magnitude && !core.num.words && self.label_before(core.s) {
            let end = self.label_list_end(core.e);
            return Some(self.skip(out, core.s, end, Kind::Code, core.value));
        }
        // Ranges, lists of parts and fractions spoken with "over".
        let mut upper = None;
        let mut range_open = None;
        if let Some((lo, hi, e, open)) = self.range(&core, floor) {
            match hi.not {
                Some(kind) => return Some(self.skip(out, core.s, e, kind, core.value)),
                None => {
                    upper = Some(hi.value);
                    core.unit = core.unit.or(hi.unit);
                    core.currency = core.currency.or(hi.currency);
                    core.percent = core.percent.or(hi.percent);
                    core.value = lo;
                    core.e = e;
                    range_open = open;
                }
            }
        } else if let Some((v, e)) = self.spoken_fraction(&core) {
            core.value = v;
            core.e = e;
        }
        if let Some(open) = range_open {
            core.s = open;
        }
        // Asked for the qualifier and again for the counted noun: read once (`core.e`
        // does not move in between).
        let (e, qualifier_after) = (core.e, std::cell::OnceCell::new());
        let qualifier_after = || *qualifier_after.get_or_init(|| self.qualifier_after(e));
        let qualifier = match range_open {
            Some(_) => None,
            None => self
                .qualifier_before(core.s, floor)
                .or_else(|| qualifier_after().map(|(q, _)| q)),
        };
        if self.opts.units && core.plain() && !core.magnitude {
            if let Some((j, unit)) = self.age_before(core.s, floor) {
                let not = match upper {
                    None => self.not_a_quantity(&core, qualifier),
                    Some(_) => None,
                };
                // "age 87" is an age; "age 5 June" is still a date.
                if matches!(not, None | Some(Kind::Code)) {
                    core.unit = Some(self.unit_ref(unit));
                    core.s = j;
                }
            }
        }
        if core.plain() && !core.magnitude && upper.is_none() {
            if let Some(kind) = self.not_a_quantity(&core, qualifier) {
                let end = self.skip_extent(&core, kind);
                return Some(self.skip(out, core.s, end, kind, core.value));
            }
        }
        let counted = if core.plain() {
            // "1,000 or more people": the noun comes after the qualifier.
            let after_qualifier = qualifier_after().map_or(e, |(_, end)| end);
            self.counted(after_qualifier, core.value)
        } else {
            None
        };
        self.emit(out, self.quantity(&core, upper, qualifier, counted));
        Some(core.e)
    }

    fn ordinal_suffix(&self, num: &Num) -> Option<usize> {
        let e = num.e;
        if num.words
            || num.kind != NumKind::Integer
            || !self.is(e, Tk::Word)
            || !self.glued(e - 1, e)
        {
            return None;
        }
        let suffix = self.s(e).to_ascii_lowercase();
        let last = self.s(e - 1).as_bytes().last().copied().unwrap_or(b'0');
        let teen =
            self.s(e - 1).len() >= 2 && self.s(e - 1).as_bytes()[self.s(e - 1).len() - 2] == b'1';
        let expected = match (teen, last) {
            (false, b'1') => "st",
            (false, b'2') => "nd",
            (false, b'3') => "rd",
            _ => "th",
        };
        (suffix == expected).then_some(e + 1)
    }

    /// An ordinal ("21st", "third"), or a date when it names a day ("May 4th", "4th of July").
    fn ordinal(&self, mut num: Num, floor: usize, out: &mut Vec<Quantity>) -> usize {
        if let Some(e) = self.ordinal_suffix(&num) {
            num.e = e;
        }
        if num.kind != NumKind::Ordinal && num.words {
            // A fraction word alone ("half") is a number.
            self.emit(out, self.number_only(&num));
            return num.e;
        }
        let is_day = num.value <= 31.0
            && (self.month_before(num.s).is_some() || self.month_after(num.e).is_some());
        if is_day {
            let end = self.month_after(num.e).unwrap_or(num.e);
            let start = self
                .month_before(num.s)
                .filter(|&m| m >= floor)
                .unwrap_or(num.s);
            return self.skip(out, start, end, Kind::Date, num.value);
        }
        let q = Quantity {
            kind: Kind::Ordinal,
            ..self.bare(num.s, num.e, num.value)
        };
        self.emit(out, q);
        num.e
    }

    /// Adds a reading to `out` if it is returned: quantities always, skipped forms when
    /// asked for. (Readings are large: they go straight to `out` rather than back up
    /// through the callers.)
    fn emit(&self, out: &mut Vec<Quantity>, q: Quantity) {
        if self.opts.include_non_quantities || q.kind.is_quantity() {
            out.push(q);
        }
    }

    /// A skipped form from token `s` to `e`, added to `out` only if asked for (and only
    /// then built); the token to go on from, `e`.
    fn skip(&self, out: &mut Vec<Quantity>, s: usize, e: usize, kind: Kind, value: f64) -> usize {
        if self.opts.include_non_quantities || kind.is_quantity() {
            out.push(self.skipped(s, e, kind, value));
        }
        e
    }

    fn number_only(&self, num: &Num) -> Quantity {
        self.bare(num.s, num.e, num.value)
    }

    /// A plain number from token `s` to `e`, to fill in.
    fn bare(&self, s: usize, e: usize, value: f64) -> Quantity {
        let start = self.toks[s].start;
        let end = self.toks[e - 1].end;
        Quantity {
            start,
            end,
            text: self.text[start..end].to_string(),
            kind: Kind::Number,
            value,
            upper: None,
            unit: None,
            dimension: None,
            si_value: None,
            si_upper: None,
            si_unit: None,
            qualifier: None,
            counted: None,
        }
    }

    fn skipped(&self, s: usize, e: usize, kind: Kind, value: f64) -> Quantity {
        let mut q = self.bare(s, e, if value.is_finite() { value } else { 0.0 });
        q.kind = kind;
        q
    }

    /// The number with the magnitude, percent sign, currency or unit written after it,
    /// and a currency written before it.
    fn core(&self, num: Num, floor: usize, currency: Option<u32>) -> Core<'a> {
        let mut core = Core {
            s: num.s,
            e: num.e,
            num,
            value: num.value,
            magnitude: false,
            currency,
            percent: None,
            unit: None,
            not: None,
        };
        // Letters glued before the digits make a name or a code: "F-16", "COVID-19", "A4".
        if !num.words && self.code_before(num.s) {
            core.not = Some(Kind::Code);
            return core;
        }
        // "the 1990s": a decade, not 1990 seconds.
        if num.bare == Some(4)
            && self.is(num.e, Tk::Word)
            && self.glued(num.e - 1, num.e)
            && self.s(num.e) == "s"
        {
            core.not = Some(Kind::Year);
            core.e = num.e + 1;
            return core;
        }
        let units = self.opts.units;
        // A currency before the number: "$", "US$", "USD", "c $".
        if units {
            if let Some((j, p)) = self.phrase_before(num.s, 5, is_currency) {
                // Before a number only symbols and codes name a currency ("$", "US$",
                // "USD 300"), not words ("the dollars thousand"); weak ones only glued.
                let text = &self.text[self.toks[j].start..self.toks[num.s].start];
                let symbol_or_code = text
                    .chars()
                    .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
                    || text.trim().chars().all(|c| c.is_ascii_uppercase())
                    // "Rs 500", "Dh 20": a capitalised abbreviation.
                    || (text.trim().len() <= 3 && text.starts_with(|c: char| c.is_ascii_uppercase()));
                let glued = self.glued(num.s - 1, num.s) && !self.is(num.s - 1, Tk::Space);
                if j >= floor && symbol_or_code && (!p.weak || glued) {
                    match p.target {
                        Target::Currency(c) => {
                            core.currency = Some(c);
                            core.s = j;
                        }
                        Target::Minor(c, f) if f > 1.0 => {
                            core.currency = Some(c);
                            core.value *= f;
                            core.magnitude = true;
                            core.s = j;
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut p = num.e;
        // Magnitudes: "1.2 million", "3.5bn", "$3m", "three lakh crore", "3 dozen".
        while let Some((m, end)) = self.magnitude_at(p, &core) {
            core.value *= m;
            core.magnitude = true;
            core.e = end;
            p = end;
        }
        if core.magnitude && !core.num.words {
            self.magnitude_tail(&mut core);
            p = core.e;
        }
        // "10-K", "8-K", "13-D": form and model names.
        if self.is_sym(p, &["-"])
            && self.glued(p - 1, p)
            && self.glued(p, p + 1)
            && self.is(p + 1, Tk::Word)
            && self.s(p + 1).len() == 1
            && self.s(p + 1).chars().all(|c| c.is_ascii_uppercase())
        {
            core.not = Some(Kind::Code);
            core.e = p + 2;
            return core;
        }
        // "93.90 ± 0.15 Ma", "1.26±0.2‰": the tolerance is part of the span; the unit
        // after it belongs to the value.
        {
            let k = if self.is(p, Tk::Space) { p + 1 } else { p };
            let pm = if self.is_sym(k, &["±"]) {
                Some(k + 1)
            } else if self.is_sym(k, &["+"])
                && self.is_sym(k + 1, &["/"])
                && self.is_sym(k + 2, &["-"])
            {
                Some(k + 3)
            } else {
                None
            };
            if let Some(mut t) = pm {
                if self.is(t, Tk::Space) {
                    t += 1;
                }
                if let Some(tol) = self.number(t).filter(|n| n.not.is_none() && !n.words) {
                    core.e = tol.e;
                    p = tol.e;
                }
            }
        }
        if !units {
            if self.glued(p - 1, p) && self.is(p, Tk::Word) {
                core.not = Some(Kind::Code);
            }
            return core;
        }
        // Percent: "45%", "45 per cent", "3 percentage points".
        if let Some((pct, end)) = self.after(p, |t| {
            matches!(t, Target::Percent | Target::PercentPoint | Target::Permille)
        }) {
            core.percent = Some(match pct.target {
                Target::PercentPoint => Percent::Point,
                Target::Permille => Percent::Permille,
                _ => Percent::Plain,
            });
            core.e = end;
            return core;
        }
        // Currency or unit after the number. A symbol or code glued to the next number
        // is that number's prefix ("3 USD50", "1 $10"), and after a prefix currency a
        // symbol starts the next amount ("$ 20.00 $ 37.30").
        let cur = self.after(p, is_currency).filter(|(phrase, end)| {
            let next_amount = self.is(*end, Tk::Digits) && self.glued(end - 1, *end);
            let symbol = phrase
                .tokens
                .iter()
                .any(|t| t.lower.chars().all(|c| !c.is_alphanumeric()));
            let weak_ok = !phrase.weak || self.weak_unit_ok(p, *end, phrase);
            !next_amount && weak_ok && !(symbol && core.currency.is_some())
        });
        let unit = self.unit_after(p, &core, false);
        let pick_unit = match (&cur, &unit) {
            (None, None) => {
                // "87 yo", "87y/o": an age.
                if let Some((phrase, end)) = self
                    .after(p, |t| matches!(t, Target::AgeSuffix(_)))
                    .filter(|_| core.currency.is_none() && !core.magnitude)
                {
                    if let Target::AgeSuffix(id) = phrase.target {
                        core.unit = Some(self.unit_ref(id));
                        core.e = end;
                        return core;
                    }
                }
                if self.glued(p - 1, p) && self.is(p, Tk::Word) && core.currency.is_none() {
                    core.not = Some(Kind::Code);
                }
                return core;
            }
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some((_, ce)), Some((_, ue))) => {
                if ue != ce {
                    ue > ce
                } else {
                    // "25 pounds" is a weight; "361 million pounds" is money.
                    let pound = self.lower_is(p, "pound")
                        || self.lower_is(p, "pounds")
                        || self.next(p - 1).is_some_and(|k| {
                            self.lower_is(k, "pound") || self.lower_is(k, "pounds")
                        });
                    pound && !core.magnitude && core.currency.is_none()
                }
            }
        };
        if pick_unit && core.currency.is_none() {
            let (u, end) = unit.unwrap();
            core.unit = Some(u);
            core.e = end;
        } else if let Some((phrase, end)) = cur {
            match phrase.target {
                Target::Currency(c) if core.currency.is_none() || core.currency == Some(c) => {
                    core.currency = Some(c);
                    core.e = end;
                }
                Target::Minor(c, f) if core.currency.is_none() => {
                    core.currency = Some(c);
                    core.value *= f;
                    core.e = end;
                }
                _ => {}
            }
            // "75 USD million"
            if let Some((m, end)) = self.magnitude_at(core.e, &core).filter(|_| !core.magnitude) {
                core.value *= m;
                core.magnitude = true;
                core.e = end;
            }
            self.money_parts(&mut core);
        }
        if core.unit.is_some() {
            self.unit_parts(&mut core);
            // "five years old", "3 years of age", "a 5-year-old boy": an age.
            if core
                .unit
                .as_ref()
                .is_some_and(|u| u.dimension == "duration")
            {
                if let Some(end) = self.age_after(core.e) {
                    core.e = end;
                }
            }
        }
        // "24703m212": more letters or digits glued after the unit make a code.
        if core.e < self.n()
            && self.glued(core.e - 1, core.e)
            && matches!(self.kind(core.e), Some(Tk::Digits | Tk::Word))
            && core.unit.is_some()
        {
            core.not = Some(Kind::Code);
        }
        core
    }

    /// After digits and a scale word: "3 million and a half", "3 hundred and 21",
    /// "4 thousand 3 hundred", "6 crore and two hundred".
    fn magnitude_tail(&self, core: &mut Core) {
        let scale = core.value / core.num.value;
        // Only after a scale word ("3 hundred and 21"), never after "bn" or "m".
        let scale_word = self.word(core.e - 1).is_some_and(|w| w.scale.is_some());
        if !scale.is_finite() || scale < 100.0 || !scale_word || core.currency.is_some() {
            return;
        }
        let Some(mut k) = self.next(core.e - 1) else {
            return;
        };
        let and = self.lower_is(k, "and");
        if and {
            let Some(n) = self.next(k) else { return };
            k = n;
        }
        let Some(num) = self.number(k) else { return };
        if num.not.is_some() || num.kind == NumKind::Ordinal {
            return;
        }
        if num.kind == NumKind::Fraction && num.value < 1.0 && and {
            core.value += num.value * scale;
            core.e = num.e;
            return;
        }
        if num.kind != NumKind::Integer || num.value >= scale {
            return;
        }
        if self
            .after(num.e, |t| {
                !matches!(
                    t,
                    Target::Magnitude(_)
                        | Target::RangeJoin
                        | Target::FractionJoin
                        | Target::AgeAfter
                        | Target::AgeBefore(_)
                )
            })
            .is_some()
        {
            return;
        }
        // The part after must itself be complete: a scale word, or "and" then a number.
        let mut part = num.value;
        let mut end = num.e;
        if !num.words {
            if let Some(w) = self
                .next(num.e - 1)
                .and_then(|n| self.word(n).map(|w| (w, n)))
            {
                match w.0.scale {
                    Some(s2) if s2 < scale => {
                        part *= s2;
                        end = w.1 + 1;
                    }
                    // "3 hundred and 2 hundred" are two numbers.
                    Some(_) => return,
                    None if !and => return,
                    None => {}
                }
            } else if !and {
                return;
            }
        } else if !and && num.value >= 100.0 {
            // "6 crore two hundred" reads on.
        } else if !and {
            return;
        }
        core.value += part;
        core.e = end;
        let probe = core.clone();
        if end > probe.s && part >= 100.0 {
            // "4 thousand 3 hundred and 21"
            let mut rest = probe;
            rest.num.value = part;
            rest.value = part;
            self.magnitude_tail(&mut rest);
            core.value += rest.value - part;
            core.e = rest.e;
        }
    }

    /// A phrase after the number: glued, after one space, or after a hyphen ("3-inch",
    /// "12-cent"), or in brackets ("20 (kg)").
    fn after(&self, p: usize, accept: impl Fn(Target) -> bool + Copy) -> Option<(&Phrase, usize)> {
        if p >= self.n() {
            return None;
        }
        let mut starts: [(usize, u8); 4] = [(usize::MAX, 0); 4];
        let mut count = 0;
        let mut push = |x: (usize, u8)| {
            starts[count] = x;
            count += 1;
        };
        if self.glued(p - 1, p) && !matches!(self.kind(p), Some(Tk::Space | Tk::Break)) {
            push((p, 0));
        }
        if self.is(p, Tk::Space) {
            push((p + 1, 0));
        }
        // "3-inch", "12-cent", but "10-K" and "8-K" are form names.
        let one_letter = || self.is(p + 1, Tk::Word) && self.s(p + 1).chars().count() == 1;
        if self.is_sym(p, &["-", "‐"])
            && self.glued(p - 1, p)
            && self.glued(p, p + 1)
            && !one_letter()
        {
            push((p + 1, 0));
        }
        let open = if self.is(p, Tk::Space) { p + 1 } else { p };
        if self.is_sym(open, &["(", "[", "{", "<"]) {
            push((open + 1, 1));
        }
        for &(s, bracket) in &starts[..count] {
            if let Some((phrase, mut end)) = self.phrase(s, accept) {
                if bracket == 1 {
                    if !self.is_sym(end, &[")", "]", "}", ">"]) {
                        continue;
                    }
                    end += 1;
                }
                return Some((phrase, end));
            }
        }
        None
    }

    /// A magnitude after a number: a scale word, an abbreviation, or "dozen".
    fn magnitude_at(&self, p: usize, core: &Core) -> Option<(f64, usize)> {
        // Every magnitude is a word, glued or after one space or a hyphen.
        let k = if self.is(p, Tk::Space) || self.is_sym(p, &["-", "‐"]) {
            p + 1
        } else {
            p
        };
        if !self.is(k, Tk::Word) {
            return None;
        }
        // Scale and multiplier words: "2 million", "322 hundred", "3 dozens".
        if !core.num.words || core.magnitude {
            let k = if self.is(p, Tk::Space) { p + 1 } else { p };
            if let Some(w) = self.word(k) {
                let spaced = k != p;
                if let Some(s) = w.scale {
                    if spaced || !core.num.words {
                        return Some((s, k + 1));
                    }
                }
                if let Some(m) = w
                    .multiplier
                    .filter(|_| !w.multiplier_weak && spaced && !core.magnitude)
                {
                    return Some((m, k + 1));
                }
            }
        }
        let (phrase, end) = self.after(p, |t| matches!(t, Target::Magnitude(_)))?;
        let Target::Magnitude(m) = phrase.target else {
            return None;
        };
        if phrase.weak {
            let glued = !self.is(p, Tk::Space);
            let money = core.currency.is_some();
            let unit_follows = self
                .after(end, |t| matches!(t, Target::Unit(_)) || is_currency(t))
                .is_some();
            let unit_here = glued && self.unit_after(p, core, false).is_some();
            let ok = money || unit_follows || (glued && !unit_here && !self.glued(end - 1, end));
            if !ok {
                return None;
            }
        }
        // "5 k" after a spaced number is fine; letters glued after the magnitude are not.
        if end < self.n()
            && self.glued(end - 1, end)
            && matches!(self.kind(end), Some(Tk::Word | Tk::Digits))
        {
            return None;
        }
        Some((m, end))
    }

    /// A unit after the number, with compound parts ("km/h", "kg/cm³", "m²").
    fn unit_after(&self, p: usize, core: &Core, weak_ok: bool) -> Option<(UnitRef<'a>, usize)> {
        let (phrase, end) = self.after(p, |t| matches!(t, Target::Unit(_)))?;
        let Target::Unit(id) = phrase.target else {
            return None;
        };
        if phrase.weak && !weak_ok && !self.weak_unit_ok(p, end, phrase) {
            return None;
        }
        // "5 pm" is a time, not five picometres; "3 in 2020" is not inches.
        if self
            .after(p, |t| t == Target::TimeSuffix)
            .is_some_and(|(_, e)| e >= end)
            && core.num.value <= 24.0
        {
            return None;
        }
        let mut unit = self.unit_ref(id);
        let mut end = end;
        // Powers: "m²", "km2", "m^3".
        let power = if self.is_sym(end, &["²"]) && self.glued(end - 1, end) {
            Some((2, end + 1))
        } else if self.is_sym(end, &["³"]) && self.glued(end - 1, end) {
            Some((3, end + 1))
        } else if self.is_sym(end, &["^"])
            && self.glued(end - 1, end)
            && self.is(end + 1, Tk::Digits)
            && matches!(self.s(end + 1), "2" | "3")
        {
            Some((self.s(end + 1).parse().unwrap_or(1), end + 2))
        } else if self.is(end, Tk::Digits)
            && self.glued(end - 1, end)
            && matches!(self.s(end), "2" | "3")
            && unit.dimension == "length"
        {
            Some((self.s(end).parse().unwrap_or(1), end + 1))
        } else {
            None
        };
        if let Some((n, e)) = power {
            if unit.dimension == "length" {
                unit = power_unit(&unit, n);
                end = e;
            }
        }
        // Division: "km/h" (when not a listed form), "meters per millisecond".
        let mut k = end;
        let spaced = self.is(k, Tk::Space);
        if spaced {
            k += 1;
        }
        let per =
            (self.is_sym(k, &["/"]) && (spaced || self.glued(k - 1, k))) || self.lower_is(k, "per");
        if per && unit.dimension != "speed" {
            let mut d = k + 1;
            if self.is(d, Tk::Space) {
                d += 1;
            }
            if let Some((den, dend)) = self.phrase(d, |t| matches!(t, Target::Unit(_))) {
                if let Target::Unit(did) = den.target {
                    let mut den_unit = UnitRef {
                        offset: 0.0,
                        ..self.unit_ref(did)
                    };
                    let mut dend = dend;
                    if self.is_sym(dend, &["²", "³"])
                        && self.glued(dend - 1, dend)
                        && den_unit.dimension == "length"
                    {
                        den_unit = power_unit(&den_unit, if self.s(dend) == "²" { 2 } else { 3 });
                        dend += 1;
                    }
                    if den_unit.offset == 0.0 && unit.offset == 0.0 && !den.weak || self.glued(k, d)
                    {
                        unit = divide(&unit, &den_unit);
                        end = dend;
                    }
                }
            }
        }
        // "50 deg.", "5 in.": the period of an abbreviation is part of it, also where it
        // ends the sentence (English writes one period for both).
        if self.is_sym(end, &["."])
            && self.glued(end - 1, end)
            && self.word(end - 1).is_some_and(|w| w.abbreviation)
            && !(self.glued(end, end + 1)
                && matches!(self.kind(end + 1), Some(Tk::Word | Tk::Digits)))
        {
            end += 1;
        }
        Some((unit, end))
    }

    /// A table unit as read.
    fn unit_ref(&self, id: u32) -> UnitRef<'a> {
        let lex: &'a Lexicon = self.lex;
        let u = &lex.units[id as usize];
        UnitRef {
            id: Cow::Borrowed(&u.id),
            dimension: Cow::Borrowed(&u.dimension),
            exponents: u.exponents,
            factor: u.factor,
            offset: u.offset,
        }
    }

    /// An age word after a duration that ends before token `e` ("five years old", "3
    /// years of age", "a 5-year-old boy"), after one space or a glued hyphen: the token
    /// after it. "of age-related" is not an age.
    fn age_after(&self, e: usize) -> Option<usize> {
        let hyphen =
            self.is_sym(e, &["-", "‐"]) && self.glued(e.checked_sub(1)?, e) && self.glued(e, e + 1);
        if !self.is(e, Tk::Space) && !hyphen {
            return None;
        }
        let (_, end) = self.phrase(e + 1, |t| t == Target::AgeAfter)?;
        let joined = self.glued(end - 1, end)
            && (matches!(self.kind(end), Some(Tk::Word | Tk::Digits))
                || (self.is_sym(end, &["-", "‐"]) && self.glued(end, end + 1)));
        (!joined).then_some(end)
    }

    /// "age 87", "ages 5 to 10": a noun before a plain number that makes it an age. A
    /// capitalised "Age" only at a sentence start ("Ice Age 4" is a title).
    fn age_before(&self, s: usize, floor: usize) -> Option<(usize, u32)> {
        let (j, p) = self.phrase_before(s, 3, |t| matches!(t, Target::AgeBefore(_)))?;
        let Target::AgeBefore(unit) = p.target else {
            return None;
        };
        (j >= floor && (!self.is_capitalised(j) || self.sentence_start(j))).then_some((j, unit))
    }

    /// Whether a weak form after a number reads as the unit. The rules, in order:
    /// 1. glued to the number ("5m", "10s", "5in") — always;
    /// 2. followed by the end, a line break, punctuation, or a number with a unit
    ///    ("1 m 1 m", "12 m 2 dm") — always;
    /// 3. a symbol (one letter, or written with a capital: m, s, g, t, h, K, L, N) followed
    ///    by a lower-case word ("24 m thick", "5 s after") — yes: these letters are not
    ///    English words;
    /// 4. a word form ("in", "pm", "bar", "cup", "won", "rand") followed by a word — no:
    ///    "5 in April", "2 bar stools".
    fn weak_unit_ok(&self, p: usize, end: usize, phrase: &Phrase) -> bool {
        let symbol = phrase.tokens.len() == 1 && {
            let t = &phrase.tokens[0];
            t.lower.chars().count() == 1
                || t.exact
                    .as_deref()
                    .is_some_and(|e| e.chars().any(char::is_uppercase))
        };
        // A single capital letter glued to the number ("12V", "300K", "5A") still needs
        // support: wire quotes write bids and asks as "12450B 12550A".
        let capital = phrase.tokens.len() == 1
            && phrase.tokens[0]
                .exact
                .as_deref()
                .is_some_and(|e| e.len() == 1 && e.chars().all(|c| c.is_ascii_uppercase()));
        if !self.is(p, Tk::Space) && !capital {
            return true;
        }
        if symbol
            && self.is(end, Tk::Space)
            && self.is(end + 1, Tk::Word)
            && !self.is_capitalised(end + 1)
            && !(capital && !self.is(p, Tk::Space) && self.word(end + 1).is_some_and(|w| w.stop))
        {
            return true;
        }
        match self.kind(end) {
            None | Some(Tk::Break) => true,
            Some(Tk::Sym) => !matches!(self.s(end), "'" | "’" | "-"),
            Some(Tk::Space) => match self.kind(end + 1) {
                None | Some(Tk::Break) => true,
                Some(Tk::Sym) => !matches!(self.s(end + 1), "&"),
                // "1 m 1 m", "12 m 2 dm": a number with a unit of the same dimension.
                Some(Tk::Digits) => self.number(end + 1).is_some_and(|n| {
                    self.after(n.e, |t| matches!(t, Target::Unit(_)))
                        .is_some_and(|(next, _)| match (next.target, phrase.target) {
                            (Target::Unit(a), Target::Unit(b)) => {
                                self.lex.units[a as usize].dimension
                                    == self.lex.units[b as usize].dimension
                            }
                            _ => false,
                        })
                }),
                Some(Tk::Word) | Some(Tk::Space) => false,
            },
            _ => false,
        }
    }

    /// "6 ft 2 in", "1 h 30 min", "5 feet and 2 inches": a smaller unit of the same
    /// dimension added to the value, expressed in the first unit.
    fn unit_parts(&self, core: &mut Core) {
        let Some(unit) = core.unit.clone() else {
            return;
        };
        let Some(f1) = unit.factor else { return };
        let mut k = core.e;
        if self.is(k, Tk::Space) {
            k += 1;
        }
        if self.lower_is(k, "and") {
            let Some(n) = self.next(k) else { return };
            k = n;
        }
        if !self.is(k, Tk::Digits) && !self.word(k).is_some_and(|w| w.cardinal.is_some()) {
            return;
        }
        let Some(num) = self.number(k) else { return };
        if num.not.is_some() || num.kind == NumKind::Ordinal {
            return;
        }
        let probe = Core {
            s: num.s,
            e: num.e,
            num,
            value: num.value,
            magnitude: false,
            currency: None,
            percent: None,
            unit: None,
            not: None,
        };
        let Some((u2, end)) = self.unit_after(num.e, &probe, true) else {
            return;
        };
        let Some(f2) = u2.factor else { return };
        if MULTI_PART.contains(&(&*unit.id, &*u2.id)) {
            core.value += num.value * f2 / f1;
            core.e = end;
        }
    }

    /// "3 dollars 50 cents", "thirteen dollars forty five".
    fn money_parts(&self, core: &mut Core) {
        let Some(cur) = core.currency else { return };
        let mut k = core.e;
        if self.is(k, Tk::Space) {
            k += 1;
        }
        if self.lower_is(k, "and") {
            let Some(n) = self.next(k) else { return };
            k = n;
        }
        if !matches!(self.kind(k), Some(Tk::Digits | Tk::Word)) {
            return;
        }
        let Some(num) = self.number(k) else { return };
        if num.not.is_some() || num.kind != NumKind::Integer || num.value >= 100.0 {
            return;
        }
        match self.after(num.e, is_currency) {
            Some((p, end)) => {
                if let Target::Minor(c, f) = p.target {
                    if c == cur || self.lex.currencies[c as usize] == "USD" {
                        core.value += num.value * f;
                        core.e = end;
                    }
                }
            }
            None => {
                // A bare number of cents only at the end of a clause.
                let ends = match self.kind(num.e) {
                    None | Some(Tk::Break) => true,
                    Some(Tk::Sym) => matches!(self.s(num.e), "." | "," | ";" | "!" | "?"),
                    _ => false,
                };
                if ends && !core.magnitude && core.value.fract() == 0.0 {
                    core.value += num.value / 100.0;
                    core.e = num.e;
                }
            }
        }
    }

    /// A minus sign right before the number (or its currency): "-5", "−3.2", "- 20 °F",
    /// but not the hyphen of "F-16" or of a range "10 - 20".
    fn sign_before(&self, start: usize, floor: usize, core: &Core) -> Option<usize> {
        let j = start.checked_sub(1)?;
        if j < floor {
            return None;
        }
        let minus = |k: usize| self.is_sym(k, &["-", "−", "–"]);
        if minus(j) && self.glued(j, start) {
            let before_ok = j == 0
                || !self.glued(j - 1, j)
                || !matches!(self.toks[j - 1].kind, Tk::Word | Tk::Digits);
            let after_number = self.prev(j).is_some_and(|p| {
                self.is(p, Tk::Digits)
                    || self
                        .word(p)
                        .is_some_and(|w| w.cardinal.is_some() || w.scale.is_some())
            });
            return (before_ok && !after_number).then_some(j);
        }
        if self.is(j, Tk::Space) && j > 0 && minus(j - 1) && j > floor {
            let m = j - 1;
            let before_ok = (m == 0 || matches!(self.toks[m - 1].kind, Tk::Space | Tk::Break))
                && self.prev(m).map_or(true, |p| self.is(p, Tk::Word))
                && core.currency.is_none();
            let after_number = self.prev(m).is_some_and(|p| {
                self.is(p, Tk::Digits)
                    || self
                        .word(p)
                        .is_some_and(|w| w.cardinal.is_some() || w.scale.is_some())
                    || self
                        .phrase(p, |t| matches!(t, Target::Unit(_)) || is_currency(t))
                        .is_some()
            });
            return (before_ok && !after_number).then_some(m);
        }
        None
    }

    fn code_before(&self, s: usize) -> bool {
        if s == 0 {
            return false;
        }
        let j = s - 1;
        if self.glued(j, s) && self.is(j, Tk::Word) {
            // "USD115" is money, "A4" is a code.
            return self.phrase_before(s, 2, is_currency).is_none();
        }
        if self.glued(j, s)
            && self.is_sym(j, &["-", "‐", "#", "_", "/", "\\", "@"])
            && j > 0
            && self.glued(j - 1, j)
        {
            return self.is(j - 1, Tk::Word)
                || (self.is(j - 1, Tk::Digits)
                    && j >= 2
                    && self.glued(j - 2, j - 1)
                    && self.is(j - 2, Tk::Word));
        }
        self.is_sym(j, &["#"]) && self.glued(j, s)
    }

    /// "10-20 km", "10 to 20 km", "between 5 and 10 kg", "$3–4m". Returns the lower
    /// value, the upper reading, the end and the token of "between"/"from".
    fn range(
        &self,
        left: &Core<'a>,
        floor: usize,
    ) -> Option<(f64, Core<'a>, usize, Option<usize>)> {
        let open = self
            .prev(left.s)
            .filter(|&p| p >= floor && self.word(p).is_some_and(|w| w.range_open));
        let mut k = left.e;
        let spaced = self.is(k, Tk::Space);
        if spaced {
            k += 1;
        }
        let join = if let Some(o) = open {
            let word = self.s(o).to_ascii_lowercase();
            let expected = if word == "between" { "and" } else { "to" };
            if self.lower_is(k, expected) || (expected == "to" && self.is_sym(k, &["-", "–", "—"]))
            {
                Some(k + 1)
            } else {
                None
            }
        } else if self.is_sym(k, &["-", "–", "—", "‐"])
            || ((self.lower_is(k, "to") || self.lower_is(k, "through")) && left.plain())
        {
            Some(k + 1)
        } else {
            None
        }?;
        let mut r = join;
        if self.is(r, Tk::Space) {
            r += 1;
        }
        let hyphen = self.is_sym(k, &["-", "‐"]);
        let glued = hyphen && !spaced && self.glued(k, r) && self.glued(left.e - 1, k);
        let num = self.number(r)?;
        if num.not.is_some()
            || num.kind == NumKind::Ordinal
            || (hyphen && !glued && open.is_none())
            || (glued && (num.words || left.num.words))
        {
            return None;
        }
        // Years ("1990-95", "2012–13") and phone numbers ("555-1234") are not ranges.
        if glued && left.plain() && !left.magnitude {
            if let (Some(a), Some(b)) = (left.num.bare, num.bare) {
                let year = |v: f64| (1000.0..=2100.0).contains(&v);
                if a == 4 && year(left.value) && (b == 2 || (b == 4 && year(num.value))) {
                    let mut c = left.clone();
                    c.not = Some(Kind::Year);
                    return Some((left.value, c, num.e, None));
                }
                if a == 3 && b == 4 {
                    let mut c = left.clone();
                    c.not = Some(Kind::Phone);
                    let mut e = num.e;
                    if self.is_sym(e, &["-"]) && self.is(e + 1, Tk::Digits) {
                        e += 2;
                    }
                    return Some((left.value, c, e, None));
                }
            }
        }
        let right = self.core(num, r, left.currency);
        if right.not.is_some() || !right.value.is_finite() {
            return None;
        }
        let compatible = match (&left.unit, &right.unit) {
            (Some(a), Some(b)) => a.dimension == b.dimension,
            _ => true,
        } && (left.currency.is_none()
            || right.currency.is_none()
            || left.currency == right.currency)
            && (left.percent.is_none() || right.percent.is_some() || right.plain());
        // Money and physical quantities never make one range.
        let money_and_unit = (left.currency.is_some() && right.unit.is_some())
            || (left.unit.is_some() && right.currency.is_some());
        let kinds_match =
            !money_and_unit && (left.percent.is_none() || right.plain() || right.percent.is_some());
        if !compatible || !kinds_match {
            return None;
        }
        let mut lo = left.value;
        // "$3–4m": the magnitude of the upper end carries to the lower end.
        if right.magnitude
            && !left.magnitude
            && left.num.value <= right.num.value
            && right.num.value != 0.0
        {
            lo *= right.value / right.num.value;
        }
        Some((lo, right.clone(), right.e, open))
    }

    /// "one over three", "2000 over 3", "one out of three".
    fn spoken_fraction(&self, left: &Core) -> Option<(f64, usize)> {
        if !left.plain() || left.magnitude || left.num.kind != NumKind::Integer {
            return None;
        }
        let k = self.next(left.e - 1)?;
        let (_, end) = self.phrase(k, |t| t == Target::FractionJoin)?;
        let r = self.next(end - 1)?;
        let num = self.number(r)?;
        if num.not.is_some() || num.kind != NumKind::Integer || num.value == 0.0 {
            return None;
        }
        if self.lower_is(k, "out") && !left.num.words {
            return None;
        }
        let right = self.core(num, r, None);
        if !right.plain() || right.magnitude || self.counted(right.e, right.value).is_some() {
            return None;
        }
        Some((left.value / num.value, right.e))
    }

    fn qualifier_before(&self, s: usize, floor: usize) -> Option<Qualifier> {
        let (j, p) = self.phrase_before(s, 6, |t| matches!(t, Target::Qualifier(_)))?;
        if j < floor {
            return None;
        }
        // "traffic was up to 1.64 billion": "up" after a copula is a rise, not a limit.
        if self.lower_is(j, "up")
            && self
                .prev(j)
                .is_some_and(|w| self.word(w).is_some_and(|w| w.copula))
        {
            return None;
        }
        match p.target {
            Target::Qualifier(q) => Some(q),
            _ => None,
        }
    }

    fn qualifier_after(&self, e: usize) -> Option<(Qualifier, usize)> {
        let k = self.next(e.checked_sub(1)?)?;
        let (p, end) = self.phrase(k, |t| matches!(t, Target::QualifierAfter(_)))?;
        match p.target {
            Target::QualifierAfter(q) => Some((q, end)),
            _ => None,
        }
    }

    /// Dates, years, times, labels and codes among plain numbers.
    fn not_a_quantity(&self, core: &Core, qualifier: Option<Qualifier>) -> Option<Kind> {
        let num = &core.num;
        let v = core.value;
        // Clock times: "5 pm", "17:30", "5 o'clock".
        if num.kind == NumKind::Integer
            && v <= 24.0
            && self.after(core.e, |t| t == Target::TimeSuffix).is_some()
        {
            return Some(Kind::Time);
        }
        if !num.words
            && num.kind == NumKind::Integer
            && self.is_sym(core.e, &[":"])
            && self.glued(core.e - 1, core.e)
            && self.is(core.e + 1, Tk::Digits)
            && self.s(core.e + 1).len() == 2
        {
            return Some(Kind::Time);
        }
        // Days with a month: "June 5", "5 June", "June 5, 2024".
        if num.kind == NumKind::Integer
            && !num.words
            && (1.0..=31.0).contains(&v)
            && num.bare.is_some()
            && (self.month_before(core.s).is_some() || self.month_after(core.e).is_some())
        {
            return Some(Kind::Date);
        }
        // Years: "in 2024", "1990s", "June 2024".
        if let Some(4) = num.bare {
            let decade = self.is(core.e, Tk::Word)
                && self.glued(core.e - 1, core.e)
                && self.s(core.e) == "s";
            if decade {
                return Some(Kind::Year);
            }
            let after_symbol = self
                .prev(core.s)
                .is_some_and(|p| self.is_sym(p, &["$", "€", "£", "¥", "₹"]));
            if (1000.0..=2100.0).contains(&v) && qualifier.is_none() && !after_symbol {
                return Some(Kind::Year);
            }
        }
        if num.bare.is_some()
            && self.is(core.e, Tk::Word)
            && self.glued(core.e - 1, core.e)
            && self.s(core.e) == "s"
        {
            return Some(Kind::Year);
        }
        if num.bare.is_some() {
            if let Some(p) = self.prev(core.s) {
                // Model numbers after a name: "Boeing 737", "iOS 17".
                if num.bare.is_some_and(|d| d >= 2)
                    && self.is_capitalised(p)
                    && self.word(p).is_none()
                    && !self.sentence_start(p)
                    && self
                        .phrase(p, |t| matches!(t, Target::Unit(_)) || is_currency(t))
                        .is_none()
                    && self.counted(core.e, v).is_none()
                {
                    return Some(Kind::Code);
                }
            }
        }
        None
    }

    /// Whether a label word ("Section", "Figs.", "No.", "#") is right before token `s`.
    fn label_before(&self, s: usize) -> bool {
        let Some(p) = self.prev(s) else { return false };
        let p = if self.is_sym(p, &["."]) {
            self.prev(p).unwrap_or(p)
        } else {
            p
        };
        self.word(p).is_some_and(|w| w.marker) || (self.is_sym(p, &["#"]) && self.glued(p, s))
    }

    /// The end of a list of labels: "3, 6–9 and 12".
    fn label_list_end(&self, mut e: usize) -> usize {
        loop {
            let Some(k) = self.next(e - 1) else { return e };
            let joins = self.is_sym(k, &[",", "–", "-", "&"]) || self.lower_is(k, "and");
            let Some(n) = joins.then(|| self.next(k)).flatten() else {
                return e;
            };
            match self.number(n) {
                Some(num) if num.not.is_none() && !num.words && num.kind != NumKind::Ordinal => {
                    if self
                        .after(num.e, |t| {
                            !matches!(
                                t,
                                Target::RangeJoin
                                    | Target::FractionJoin
                                    | Target::AgeAfter
                                    | Target::AgeBefore(_)
                            )
                        })
                        .is_some()
                    {
                        return e;
                    }
                    e = num.e;
                }
                _ => return e,
            }
        }
    }

    fn sentence_start(&self, w: usize) -> bool {
        match self.prev(w) {
            None => true,
            Some(p) => self.is_sym(p, &[".", "!", "?", "\"", "“", ":", "(", "-", "—", "–"]),
        }
    }

    /// How far a skipped date or time reaches ("June 5, 2024", "5:30 p.m.").
    fn skip_extent(&self, core: &Core, kind: Kind) -> usize {
        let mut e = core.e;
        match kind {
            Kind::Time => {
                while self.is_sym(e, &[":", "."])
                    && self.is(e + 1, Tk::Digits)
                    && self.glued(e, e + 1)
                {
                    e += 2;
                }
                if let Some((_, end)) = self.after(e, |t| t == Target::TimeSuffix) {
                    e = end;
                }
            }
            Kind::Date => {
                if let Some(end) = self.month_after(e) {
                    e = end;
                }
                // ", 2024"
                let mut k = e;
                if self.is_sym(k, &[","]) {
                    k += 1;
                }
                if self.is(k, Tk::Space) {
                    k += 1;
                }
                if self.is(k, Tk::Digits) && self.s(k).len() == 4 {
                    e = k + 1;
                }
            }
            Kind::Year if self.is(e, Tk::Word) && self.glued(e - 1, e) && self.s(e) == "s" => {
                e += 1;
            }
            _ => {}
        }
        e
    }

    /// The token of a month name right before token `s` ("June 5", "Sept. 30").
    fn month_before(&self, s: usize) -> Option<usize> {
        let mut p = self.prev(s)?;
        if self.is_sym(p, &["."]) {
            p = p.checked_sub(1)?;
        }
        self.is_month(p).then_some(p)
    }

    /// One past a month name after the day ("5 June", "5th of June").
    fn month_after(&self, e: usize) -> Option<usize> {
        let mut k = self.next(e.checked_sub(1)?)?;
        if self.lower_is(k, "of") {
            k = self.next(k)?;
        }
        self.is_month(k).then_some(k + 1)
    }

    fn is_month(&self, k: usize) -> bool {
        if !self.word(k).is_some_and(|w| w.month) {
            return false;
        }
        // "may", "march" and abbreviations are months only when capitalised.
        let s = self.s(k);
        s.len() > 5 && !s.eq_ignore_ascii_case("march") || self.is_capitalised(k)
    }

    /// The counted noun after a plain number: "10,000 North Korean soldiers" → soldiers.
    fn counted(&self, e: usize, value: f64) -> Option<String> {
        let mut k = self.next(e.checked_sub(1)?)?;
        if !self.is(e, Tk::Space) {
            return None;
        }
        let mut lower_words = 0;
        for _ in 0..5 {
            if !self.is(k, Tk::Word) {
                return None;
            }
            let w = self.s(k);
            let info = self.word(k).unwrap_or_default();
            if info.stop || info.month || info.starts_number() || info.marker {
                return None;
            }
            if self.is_capitalised(k) {
                // Proper adjectives: "North Korean soldiers".
            } else {
                // Not capitalised, so the ending is already lower case.
                let plural = info.plural
                    || (w.len() > 3
                        && w.ends_with('s')
                        && !w.ends_with("ss")
                        && !w.ends_with("us")
                        && !w.ends_with("is"));
                if plural || (value == 1.0 && lower_words == 0) {
                    return Some(w.to_string());
                }
                lower_words += 1;
                if lower_words > 2 {
                    return None;
                }
            }
            k = self.next(k)?;
            if self.is_sym(k, &["-"]) {
                k = self.next(k)?;
            }
        }
        None
    }

    /// Builds the output for a reading.
    fn quantity(
        &self,
        core: &Core,
        upper: Option<f64>,
        qualifier: Option<Qualifier>,
        counted: Option<String>,
    ) -> Quantity {
        let mut q = self.bare(core.s, core.e, core.value);
        q.upper = upper;
        q.qualifier = qualifier;
        q.counted = counted;
        if let Some(c) = core.currency {
            q.kind = Kind::Money;
            q.unit = Some(self.lex.currencies[c as usize].clone());
            q.dimension = Some("currency".to_string());
        } else if let Some(p) = core.percent {
            q.kind = Kind::Percent;
            let (unit, scale) = match p {
                Percent::Plain => ("percent", 100.0),
                Percent::Point => ("percentage-point", 100.0),
                Percent::Permille => ("permille", 1000.0),
            };
            q.unit = Some(unit.to_string());
            q.dimension = Some("ratio".to_string());
            // Divided, not multiplied by 0.01: 95 / 100 is 0.95 exactly as a float can be.
            q.si_value = Some(core.value / scale);
            q.si_upper = upper.map(|u| u / scale);
            q.si_unit = Some("1".to_string());
        } else if let Some(u) = &core.unit {
            q.kind = Kind::Quantity;
            let mut u = u.clone();
            if let Some(other) = self.context_unit(core, &u) {
                u = other;
            }
            q.unit = Some(u.id.to_string());
            q.dimension = Some(u.dimension.to_string());
            if let Some(f) = u.factor {
                q.si_value = Some(core.value * f + u.offset);
                q.si_upper = upper.map(|x| x * f + u.offset);
                q.si_unit = dimension::si_unit(&u.dimension)
                    .map(str::to_string)
                    .or_else(|| Some(dimension::describe(u.exponents).1));
            }
        }
        q
    }

    /// The unit a context rule reads this unit as, if any (see `context` in the lexicon).
    fn context_unit(&self, core: &Core, unit: &UnitRef) -> Option<UnitRef<'a>> {
        let rule = self
            .lex
            .context_rules
            .iter()
            .find(|r| self.lex.units[r.from as usize].id == unit.id)?;
        // Eighty bytes either side, in the whole text when this is a piece of one.
        let (text, base) = (self.whole.text, self.whole.start);
        let lo = (base + self.toks[core.s].start).saturating_sub(80);
        let hi = (base + self.toks[core.e - 1].end + 80).min(text.len());
        let lo = (0..=lo)
            .rev()
            .find(|&b| text.is_char_boundary(b))
            .unwrap_or(0);
        let hi = (hi..=text.len())
            .find(|&b| text.is_char_boundary(b))
            .unwrap_or(text.len());
        let window = text[lo..hi].to_lowercase();
        let cued = rule.cues.iter().any(|c| window.contains(c.as_str()));
        if !cued || rule.against.iter().any(|a| window.contains(a.as_str())) {
            return None;
        }
        Some(self.unit_ref(rule.to))
    }
}

fn power_unit<'a>(u: &UnitRef<'a>, n: i8) -> UnitRef<'a> {
    let prefix = if n == 2 { "square-" } else { "cubic-" };
    let exponents = dimension::combine([0; 9], u.exponents, n);
    let (dimension, _) = dimension::describe(exponents);
    UnitRef {
        id: Cow::Owned(format!("{prefix}{}", u.id)),
        dimension: Cow::Owned(dimension),
        exponents,
        factor: u.factor.map(|f| f.powi(n as i32)),
        offset: 0.0,
    }
}

fn divide<'a>(a: &UnitRef<'a>, b: &UnitRef<'a>) -> UnitRef<'a> {
    let exponents = dimension::combine(a.exponents, b.exponents, -1);
    let (dimension, _) = dimension::describe(exponents);
    UnitRef {
        id: Cow::Owned(format!("{}-per-{}", a.id, b.id)),
        dimension: Cow::Owned(dimension),
        exponents,
        factor: match (a.factor, b.factor) {
            (Some(x), Some(y)) if y != 0.0 => Some(x / y),
            _ => None,
        },
        offset: 0.0,
    }
}
