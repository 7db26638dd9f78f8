//! The data the grammar reads: units, currencies and English words, parsed from the TSV
//! files in `data/quantity/` (compiled into the crate) plus what users add at run time.

use rustc_hash::FxHashMap;

use super::dimension::{self, Exponents};
use super::scan::{tokenize, Tk};
use super::Qualifier;
use crate::error::{Error, ErrorKind, Result};

const UNITS_TSV: &str = include_str!("../../data/quantity/units.tsv");
const CURRENCIES_TSV: &str = include_str!("../../data/quantity/currencies.tsv");
const LEXICON_TSV: &str = include_str!("../../data/quantity/lexicon_en.tsv");

/// A unit users can add at run time (the built-in table has the same fields).
///
/// `forms` are the surface forms: a leading `=` makes a form case-sensitive, a trailing
/// `?` makes it weak (read only where the grammar supports it, e.g. glued to the digits).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDef {
    /// The canonical id, e.g. `"kilometer"`.
    pub id: String,
    /// One of the dimension names of the built-in table, e.g. `"length"`.
    pub dimension: String,
    /// How many SI units one of this unit is; `None` if it does not convert.
    pub factor: Option<f64>,
    /// Added after the factor (temperatures only).
    pub offset: f64,
    /// Surface forms, e.g. `["km", "kilometre", "kilometres"]`.
    pub forms: Vec<String>,
}

/// A currency users can add at run time.
#[derive(Clone, Debug, PartialEq)]
pub struct CurrencyDef {
    /// The ISO 4217 code (or another unique code), e.g. `"USD"`.
    pub code: String,
    /// Surface forms of the major unit, with the same flags as [`UnitDef::forms`].
    pub forms: Vec<String>,
    /// Minor units: their forms and their value in the major unit (`(["cent", "cents"], 0.01)`).
    pub minor: Vec<(Vec<String>, f64)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub id: String,
    pub dimension: String,
    pub exponents: Exponents,
    pub factor: Option<f64>,
    pub offset: f64,
}

/// What a phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Target {
    Unit(u32),
    Currency(u32),
    /// A currency unit worth a multiple of the currency: a minor unit ("cents", 0.01)
    /// or a multiple ("MUSD", 1e6).
    Minor(u32, f64),
    Magnitude(f64),
    Qualifier(Qualifier),
    QualifierAfter(Qualifier),
    Percent,
    PercentPoint,
    Permille,
    TimeSuffix,
    RangeJoin,
    FractionJoin,
    /// After a duration, makes it an age: "old", "of age" ("five years old").
    AgeAfter,
    /// After a plain number, an age in this unit: "yo", "y.o." ("87 yo").
    AgeSuffix(u32),
    /// Before a plain number, an age in this unit: "age", "aged" ("age 87").
    AgeBefore(u32),
}

#[derive(Clone, Debug)]
pub(crate) struct PhraseToken {
    pub lower: Box<str>,
    /// Whether text may put a space before this token: where the form has one, or
    /// around a symbol ("km / h", "° C", "US $"), but not inside "ft2" or after a single
    /// letter before a symbol ("A $5" is not Australian dollars).
    pub space_before: bool,
    /// Set when the form is case-sensitive.
    pub exact: Option<Box<str>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub tokens: Vec<PhraseToken>,
    pub target: Target,
    pub weak: bool,
}

/// A unit read as another where one of `cues` occurs near it and none of `against`.
#[derive(Clone, Debug)]
pub(crate) struct ContextRule {
    pub from: u32,
    pub to: u32,
    pub cues: Vec<String>,
    pub against: Vec<String>,
}

/// Single-word roles.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    pub cardinal: Option<f64>,
    pub scale: Option<f64>,
    pub ordinal: Option<f64>,
    pub denominator: Option<f64>,
    pub multiplier: Option<f64>,
    pub multiplier_weak: bool,
    pub article: bool,
    pub point: bool,
    pub negative: bool,
    pub month: bool,
    pub weekday: bool,
    pub year_before: bool,
    pub marker: bool,
    pub pronoun_before: bool,
    pub range_open: bool,
    /// Ends the search for a counted noun.
    pub stop: bool,
    /// A plural noun without an -s ("people").
    pub plural: bool,
    /// A form of "to be" ("was up to 5" is a rise, not a limit).
    pub copula: bool,
    /// A unit abbreviation whose period is part of it ("deg.", "in."): a period glued
    /// after it belongs to the unit's span.
    pub abbreviation: bool,
}

impl WordInfo {
    /// Whether the word can start a number written in words.
    pub fn starts_number(&self) -> bool {
        self.cardinal.is_some()
            || self.scale.is_some()
            || self.ordinal.is_some()
            || self.denominator.is_some()
            || self.article
    }
}

/// Everything the grammar knows about one lower-case token text, so that each token of
/// a document is looked up once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Entry {
    /// Its roles as a word. The plural of an ordinal that is no word itself ("fifths")
    /// has the ordinal as its denominator.
    pub word: Option<WordInfo>,
    /// The ids of the phrases that start with it, longest first.
    pub first: Vec<u32>,
    /// Whether some phrase ends with it (a filter for looking back).
    pub last: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    pub units: Vec<Unit>,
    pub currencies: Vec<String>,
    pub phrases: Vec<Phrase>,
    /// Entries by lower-case token text: ids into `entries`.
    by_text: FxHashMap<Box<[u8]>, u32>,
    /// The same for the short ASCII texts, which are nearly all that text asks about.
    short_texts: ShortTexts,
    pub entries: Vec<Entry>,
    /// Units read as another unit where cue words are near ("5 degrees" by "thermostat").
    pub context_rules: Vec<ContextRule>,
    /// The shapes of the words that can start a number, and of their plurals.
    pub number_shapes: ShapeFilter,
    /// The shapes of the words that may go on a number after an article ("a hundred",
    /// "a dozen", "a third"): those of `number_shapes` and of the multipliers.
    pub after_article_shapes: ShapeFilter,
    /// The shapes of the words where the grammar may start reading: those of
    /// `number_shapes`, of the words that start an address, and of any word starting
    /// with "per" ("per cent of").
    pub start_shapes: ShapeFilter,
    new_first: bool,
}

/// Calls `f` with the lower-case bytes of `s`, without allocating for short ASCII words.
pub(crate) fn with_lower<R>(s: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    if s.len() <= 32 && s.is_ascii() {
        let mut buf = [0u8; 32];
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        f(b)
    } else {
        f(s.to_lowercase().as_bytes())
    }
}

/// A text of 1 to 15 ASCII bytes packed into one number, lower-cased, with its length
/// in the top byte; `None` for other texts.
#[inline]
fn short_key(text: &[u8]) -> Option<u128> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..text.len()].copy_from_slice(text);
    pack_key(u128::from_le_bytes(buf), text.len())
}

/// [`short_key`] of the `len` bytes in the low end of `x` (the rest zero).
#[inline]
fn pack_key(x: u128, len: usize) -> Option<u128> {
    const ONES: u128 = u128::MAX / 255;
    const HIGH: u128 = ONES * 0x80;
    if x & HIGH != 0 {
        return None;
    }
    // 0x80 in each byte from 'A' to 'Z' (no byte carries into the next: all are ASCII).
    let upper = x.wrapping_add(ONES * (0x80 - b'A' as u128))
        & !x.wrapping_add(ONES * (0x7f - b'Z' as u128))
        & HIGH;
    Some((x | upper >> 2) | (len as u128) << 120)
}

/// Entry ids by [`short_key`]: open addressing with linear probing, at most half full,
/// so a lookup is a multiply and one or two compares of whole keys. A small Bloom
/// filter in front answers most texts that are no entry without touching the table,
/// which is larger than the fastest cache.
#[derive(Clone, Debug, Default)]
struct ShortTexts {
    /// Keys and their ids side by side (one cache line for both). A zero key marks an
    /// empty slot (no key is zero: its length byte is not).
    slots: Vec<(u128, u32)>,
    len: usize,
    /// Two bits per key in one word of [`FILTER_WORDS`].
    filter: Vec<u64>,
}

const FILTER_WORDS: usize = 512;

impl ShortTexts {
    #[inline]
    fn hash(key: u128) -> u64 {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        (lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        (h >> 32) as usize & (self.slots.len() - 1)
    }

    /// The filter word and its two bits for a hash.
    #[inline]
    fn filter_bits(h: u64) -> (usize, u64) {
        let word = (h >> 55) as usize % FILTER_WORDS;
        (word, 1 << (h & 63) | 1 << ((h >> 6) & 63))
    }

    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let h = Self::hash(key);
        let (word, bits) = Self::filter_bits(h);
        if self.filter[word] & bits != bits {
            return None;
        }
        let mut at = self.slot(h);
        loop {
            match self.slots[at] {
                (k, id) if k == key => return Some(id),
                (0, _) => return None,
                _ => at = (at + 1) & (self.slots.len() - 1),
            }
        }
    }

    fn insert(&mut self, key: u128, id: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            let size = (2 * (self.len + 1)).next_power_of_two().max(64);
            self.slots = vec![(0, 0); size];
            self.len = 0;
            for (k, v) in old.into_iter().filter(|&(k, _)| k != 0) {
                self.insert(k, v);
            }
        }
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_WORDS];
        }
        let h = Self::hash(key);
        let (word, bits) = Self::filter_bits(h);
        self.filter[word] |= bits;
        let mut at = self.slot(h);
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & (self.slots.len() - 1);
        }
        if self.slots[at].0 == 0 {
            self.len += 1;
        }
        self.slots[at] = (key, id);
    }
}

/// A quick filter on words by their first, second and last letters and their length, in
/// any case: it may let words through that are not in it, never the other way round.
/// Most words of running text fail it without a hash lookup.
#[derive(Clone, Debug)]
pub(crate) struct ShapeFilter {
    /// A bit per length (up to 31) by first and last letter.
    lengths: Vec<u32>,
    /// A bit per second letter by first letter: "shares" and "prices" have the shapes of
    /// "sixths" and "pounds" but no number word starts like them. (A one-letter word is
    /// its own second letter.)
    pairs: [u32; 32],
}

impl ShapeFilter {
    fn new() -> Self {
        ShapeFilter {
            lengths: vec![0; 32 * 32],
            pairs: [0; 32],
        }
    }

    /// A letter's slot, with the case bit dropped (other bytes share slots with letters,
    /// which only lets more words through).
    #[inline]
    fn letter(b: u8) -> usize {
        ((b | 0x20) & 31) as usize
    }

    #[inline]
    fn slot(first: u8, last: u8) -> usize {
        Self::letter(first) << 5 | Self::letter(last)
    }

    fn insert(&mut self, w: &[u8]) {
        if let (Some(&first), Some(&last)) = (w.first(), w.last()) {
            self.lengths[Self::slot(first, last)] |= 1 << w.len().min(31);
            self.pairs[Self::letter(first)] |= 1 << Self::letter(w[1.min(w.len() - 1)]);
        }
    }

    /// Lets through every word that starts with `prefix` (of two bytes or more).
    fn insert_prefix(&mut self, prefix: &[u8]) {
        let (first, second) = (prefix[0], prefix[1]);
        for last in 0..32 {
            self.lengths[Self::slot(first, last)] |= u32::MAX << prefix.len();
        }
        self.pairs[Self::letter(first)] |= 1 << Self::letter(second);
    }

    /// False when no inserted word has this shape, whatever the case of `w`.
    pub fn may_contain(&self, w: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
            return false;
        };
        let second = w[1.min(w.len() - 1)];
        self.may_contain_shape(first, last, w.len())
            && self.pairs[Self::letter(first)] & (1 << Self::letter(second)) != 0
    }

    /// [`ShapeFilter::may_contain`] on the first and last letters and the length only,
    /// without branches: the tokenizer asks it of every word, where a test of the second
    /// letter costs more than it saves.
    #[inline]
    pub fn may_contain_shape(&self, first: u8, last: u8, len: usize) -> bool {
        self.lengths[Self::slot(first, last)] & (1 << len.min(31)) != 0
    }
}

fn table_error(table: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parse, format!("{table}:{line}: {message}"))
}

fn parse_factor(s: &str) -> Option<f64> {
    match s.split_once('/') {
        Some((a, b)) => Some(a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?),
        None => s.trim().parse().ok(),
    }
}

/// Rows of a TSV table with its header skipped: (line number, fields).
fn rows(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(n, l)| (n + 1, l.split('\t').collect()))
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            units: Vec::new(),
            currencies: Vec::new(),
            phrases: Vec::new(),
            by_text: FxHashMap::default(),
            short_texts: ShortTexts::default(),
            entries: Vec::new(),
            context_rules: Vec::new(),
            number_shapes: ShapeFilter::new(),
            after_article_shapes: ShapeFilter::new(),
            start_shapes: ShapeFilter::new(),
            new_first: false,
        }
    }
}

impl Lexicon {
    /// The built-in English tables.
    pub fn builtin() -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        for (line, f) in rows(UNITS_TSV) {
            if f.len() < 5 {
                return Err(table_error("units.tsv", line, "expected 5 fields"));
            }
            let factor = if f[2].trim().is_empty() {
                None
            } else {
                Some(
                    parse_factor(f[2])
                        .ok_or_else(|| table_error("units.tsv", line, "bad factor"))?,
                )
            };
            let offset = parse_factor(f[3]).unwrap_or(0.0);
            let def = UnitDef {
                id: f[0].to_string(),
                dimension: f[1].to_string(),
                factor,
                offset,
                forms: f[4].split('|').map(str::to_string).collect(),
            };
            lex.add_unit(&def)
                .map_err(|e| table_error("units.tsv", line, e))?;
        }
        for (line, f) in rows(CURRENCIES_TSV) {
            if f.len() < 4 {
                return Err(table_error("currencies.tsv", line, "expected 4 fields"));
            }
            let mut minor = Vec::new();
            for part in f[2].split(';').filter(|p| !p.trim().is_empty()) {
                let (forms, factor) = part
                    .rsplit_once(':')
                    .and_then(|(forms, x)| Some((forms, parse_factor(x)?)))
                    .ok_or_else(|| table_error("currencies.tsv", line, "bad minor unit"))?;
                minor.push((forms.split('|').map(str::to_string).collect(), factor));
            }
            let def = CurrencyDef {
                code: f[0].to_string(),
                forms: f[3].split('|').map(str::to_string).collect(),
                minor,
            };
            lex.add_currency(&def)
                .map_err(|e| table_error("currencies.tsv", line, e))?;
        }
        lex.add_lexicon(LEXICON_TSV)?;
        let mut plurals = Vec::new();
        let mut multipliers = Vec::new();
        for (w, &id) in &lex.by_text {
            let Some(info) = lex.entries[id as usize].word else {
                continue;
            };
            if info.starts_number() || info.negative {
                lex.number_shapes.insert(w);
            }
            if info.multiplier.is_some() {
                multipliers.push(w.clone());
            }
            if let Some(ordinal) = info.ordinal {
                let mut plural = w.to_vec();
                plural.push(b's');
                if info.starts_number() || info.negative {
                    lex.number_shapes.insert(&plural);
                }
                plurals.push((plural, ordinal));
            }
        }
        lex.after_article_shapes = lex.number_shapes.clone();
        for w in &multipliers {
            lex.after_article_shapes.insert(w);
        }
        lex.start_shapes = lex.number_shapes.clone();
        for scheme in ["http", "https", "ftp", "www"] {
            lex.start_shapes.insert(scheme.as_bytes());
        }
        lex.start_shapes.insert_prefix(b"per");
        // After every word is in: a plural that is a word itself keeps its own roles.
        for (plural, ordinal) in plurals {
            let entry = lex.entry_mut(&plural);
            if entry.word.is_none() {
                entry.word = Some(WordInfo {
                    denominator: Some(ordinal),
                    ..WordInfo::default()
                });
            }
        }
        Ok(lex)
    }

    /// The entry id of the text of `token` in `text`, in any case.
    #[inline]
    pub fn entry_id(&self, text: &str, token: std::ops::Range<usize>) -> Option<u32> {
        let bytes = text.as_bytes();
        let len = token.len();
        // Most tokens have 16 bytes of text from their start: one load, no copy.
        let key = match bytes.get(token.start..token.start + 16) {
            Some(window) if (1..16).contains(&len) => {
                let all = u128::from_le_bytes(window.try_into().unwrap_or_default());
                pack_key(all & ((1u128 << (8 * len)) - 1), len)
            }
            _ => short_key(&bytes[token.clone()]),
        };
        match key {
            Some(key) => self.short_texts.get(key),
            None => with_lower(&text[token], |w| self.by_text.get(w).copied()),
        }
    }

    fn entry_mut(&mut self, lower: &[u8]) -> &mut Entry {
        let entries = &mut self.entries;
        let short_texts = &mut self.short_texts;
        let id = *self.by_text.entry(lower.into()).or_insert_with(|| {
            entries.push(Entry::default());
            let id = (entries.len() - 1) as u32;
            if let Some(key) = short_key(lower) {
                short_texts.insert(key, id);
            }
            id
        });
        &mut self.entries[id as usize]
    }

    pub fn add_unit(&mut self, def: &UnitDef) -> std::result::Result<(), String> {
        let exponents = dimension::exponents(&def.dimension).ok_or_else(|| {
            format!(
                "unknown dimension {:?} for unit {:?}",
                def.dimension, def.id
            )
        })?;
        if def.id.trim().is_empty() {
            return Err("a unit needs an id".into());
        }
        let id = self.units.len() as u32;
        self.units.push(Unit {
            id: def.id.clone(),
            dimension: def.dimension.clone(),
            exponents,
            factor: def.factor,
            offset: def.offset,
        });
        for form in def.forms.iter().filter(|f| !f.trim().is_empty()) {
            self.add_phrase(form, Target::Unit(id))?;
        }
        Ok(())
    }

    pub fn add_currency(&mut self, def: &CurrencyDef) -> std::result::Result<(), String> {
        if def.code.trim().is_empty() {
            return Err("a currency needs a code".into());
        }
        let id = self.currencies.len() as u32;
        self.currencies.push(def.code.clone());
        for form in &def.forms {
            self.add_phrase(form, Target::Currency(id))?;
        }
        for (forms, factor) in &def.minor {
            for form in forms {
                self.add_phrase(form, Target::Minor(id, *factor))?;
            }
        }
        // "30 MUSD", "MEUR 120": finance writes millions as M before the code.
        let code = def.code.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            self.add_phrase(&format!("=M{code}"), Target::Minor(id, 1e6))?;
        }
        Ok(())
    }

    fn add_lexicon(&mut self, tsv: &str) -> Result<()> {
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (role, phrase) = (f[0], f.get(1).copied().unwrap_or(""));
            let value = f.get(2).copied().unwrap_or("");
            let num = || {
                parse_factor(value).ok_or_else(|| table_error("lexicon_en.tsv", n + 1, "bad value"))
            };
            let bad = |e: String| table_error("lexicon_en.tsv", n + 1, e);
            let word = phrase
                .trim_start_matches('=')
                .trim_end_matches('?')
                .to_lowercase();
            match role {
                "cardinal" | "zero" => self.word(&word).cardinal = Some(num()?),
                "scale" => self.word(&word).scale = Some(num()?),
                "ordinal" => self.word(&word).ordinal = Some(num()?),
                "denominator" => self.word(&word).denominator = Some(num()?),
                "multiplier" => {
                    let w = self.word(&word);
                    w.multiplier = Some(num()?);
                    w.multiplier_weak = phrase.ends_with('?');
                }
                "article" => self.word(&word).article = true,
                "point" => self.word(&word).point = true,
                "negative" => self.word(&word).negative = true,
                "month" => self.word(&word).month = true,
                "weekday" => self.word(&word).weekday = true,
                "year_before" => self.word(&word).year_before = true,
                "marker" => self.word(&word).marker = true,
                "pronoun_before" => self.word(&word).pronoun_before = true,
                "range_open" => self.word(&word).range_open = true,
                "stop" => self.word(&word).stop = true,
                "plural" => self.word(&word).plural = true,
                "copula" => self.word(&word).copula = true,
                "abbreviation" => self.word(&word).abbreviation = true,
                "magnitude" => self
                    .add_phrase(phrase, Target::Magnitude(num()?))
                    .map_err(bad)?,
                "qualifier" | "qualifier_after" => {
                    let q = Qualifier::from_name(value)
                        .ok_or_else(|| bad(format!("unknown qualifier {value:?}")))?;
                    let target = if role == "qualifier" {
                        Target::Qualifier(q)
                    } else {
                        Target::QualifierAfter(q)
                    };
                    self.add_phrase(phrase, target).map_err(bad)?
                }
                "percent" => self.add_phrase(phrase, Target::Percent).map_err(bad)?,
                "percent_point" => self.add_phrase(phrase, Target::PercentPoint).map_err(bad)?,
                "permille" => self.add_phrase(phrase, Target::Permille).map_err(bad)?,
                "time_suffix" => self.add_phrase(phrase, Target::TimeSuffix).map_err(bad)?,
                "range_join" => self.add_phrase(phrase, Target::RangeJoin).map_err(bad)?,
                "fraction_join" => self.add_phrase(phrase, Target::FractionJoin).map_err(bad)?,
                "age_after" => self.add_phrase(phrase, Target::AgeAfter).map_err(bad)?,
                "age_suffix" | "age_before" => {
                    let unit = self
                        .units
                        .iter()
                        .position(|u| u.id == value && u.dimension == "duration")
                        .ok_or_else(|| bad(format!("{role} names no duration unit: {value:?}")))?
                        as u32;
                    let target = if role == "age_suffix" {
                        Target::AgeSuffix(unit)
                    } else {
                        Target::AgeBefore(unit)
                    };
                    self.add_phrase(phrase, target).map_err(bad)?
                }
                "context" => {
                    let mut parts = value.split(';');
                    let (to, cues, against) = (
                        parts.next().unwrap_or(""),
                        parts.next().unwrap_or(""),
                        parts.next().unwrap_or(""),
                    );
                    let unit =
                        |id: &str| self.units.iter().position(|u| u.id == id).map(|i| i as u32);
                    let (Some(from), Some(to)) = (unit(phrase), unit(to)) else {
                        return Err(bad(format!(
                            "context rule names an unknown unit: {phrase:?} or {to:?}"
                        )));
                    };
                    let list = |s: &str| {
                        s.split(',')
                            .filter(|c| !c.is_empty())
                            .map(str::to_string)
                            .collect()
                    };
                    self.context_rules.push(ContextRule {
                        from,
                        to,
                        cues: list(cues),
                        against: list(against),
                    });
                }
                _ if n == 0 => {}
                other => return Err(bad(format!("unknown role {other:?}"))),
            }
        }
        Ok(())
    }

    /// From now on, a new form goes before the existing forms of the same length.
    pub fn prefer_new(&mut self) {
        self.new_first = true;
    }

    fn word(&mut self, w: &str) -> &mut WordInfo {
        self.entry_mut(w.as_bytes())
            .word
            .get_or_insert_with(WordInfo::default)
    }

    /// Adds one surface form. Forms are split into tokens like text is; whitespace
    /// between tokens is optional when matching.
    fn add_phrase(&mut self, form: &str, target: Target) -> std::result::Result<(), String> {
        let mut body = form.trim();
        let exact = body.starts_with('=') && body.len() > 1;
        if exact {
            body = &body[1..];
        }
        let weak = body.ends_with('?') && body.len() > 1;
        if weak {
            body = &body[..body.len() - 1];
        }
        let mut toks = Vec::new();
        tokenize(body, &mut toks);
        let mut tokens: Vec<PhraseToken> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            if matches!(t.kind, Tk::Space | Tk::Break) {
                continue;
            }
            let s = &body[t.start..t.end];
            let prev = k.checked_sub(1).map(|p| toks[p]);
            let space_before = match prev {
                None => false,
                Some(p) if matches!(p.kind, Tk::Space | Tk::Break) => true,
                Some(p) => {
                    let one_letter_word = p.kind == Tk::Word && p.end - p.start == 1;
                    (t.kind == Tk::Sym || p.kind == Tk::Sym) && !one_letter_word
                }
            };
            tokens.push(PhraseToken {
                lower: s.to_lowercase().into(),
                space_before,
                exact: exact.then(|| s.into()),
            });
        }
        if tokens.is_empty() {
            return Err(format!("empty form {form:?}"));
        }
        let id = self.phrases.len() as u32;
        let first = tokens[0].lower.clone();
        self.entry_mut(tokens[tokens.len() - 1].lower.as_bytes())
            .last = true;
        self.phrases.push(Phrase {
            tokens,
            target,
            weak,
        });
        let new_first = self.new_first;
        let mut list = std::mem::take(&mut self.entry_mut(first.as_bytes()).first);
        if new_first {
            list.insert(0, id);
        } else {
            list.push(id);
        }
        // Longest first; among equals the earlier row first (the table's priority).
        let phrases = &self.phrases;
        list.sort_by_key(|&p| std::cmp::Reverse(phrases[p as usize].tokens.len()));
        self.entry_mut(first.as_bytes()).first = list;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks `text` up as a whole document of one token.
    fn id(lex: &Lexicon, text: &str) -> Option<u32> {
        lex.entry_id(text, 0..text.len())
    }

    #[test]
    fn short_texts_agree_with_the_map_in_any_case() {
        let lex = Lexicon::builtin().unwrap();
        for (text, &want) in &lex.by_text {
            let text = std::str::from_utf8(text).unwrap();
            assert_eq!(id(&lex, text), Some(want), "{text:?}");
            // (Only ASCII: "µ" upper-cases to a Greek capital that lower-cases to "μ".)
            if text.is_ascii() {
                assert_eq!(id(&lex, &text.to_uppercase()), Some(want), "{text:?}");
            }
            // Inside a longer text, where the key is read from a window past the token.
            let padded = format!("{text} and more text after it");
            assert_eq!(lex.entry_id(&padded, 0..text.len()), Some(want), "{text:?}");
        }
        for miss in ["qzx", "Xylophones", &"x".repeat(15), &"x".repeat(40)] {
            assert_eq!(id(&lex, miss), None, "{miss:?}");
        }
    }

    #[test]
    fn plurals_of_ordinals_are_denominators() {
        let lex = Lexicon::builtin().unwrap();
        let word = |w: &str| id(&lex, w).and_then(|i| lex.entries[i as usize].word);
        assert_eq!(word("fifth").and_then(|w| w.ordinal), Some(5.0));
        assert_eq!(word("Fifths").and_then(|w| w.denominator), Some(5.0));
        assert!(word("fifths").is_some_and(|w| w.ordinal.is_none()));
    }
}
