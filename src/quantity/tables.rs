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

#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    pub units: Vec<Unit>,
    pub currencies: Vec<String>,
    pub phrases: Vec<Phrase>,
    /// Phrase ids by the lower-case text of their first token, longest phrase first.
    pub by_first: FxHashMap<Box<[u8]>, Vec<u32>>,
    pub words: FxHashMap<Box<[u8]>, WordInfo>,
    /// The lower-case text of the last token of every phrase (a filter for looking back).
    pub last_tokens: rustc_hash::FxHashSet<Box<[u8]>>,
    /// Units read as another unit where cue words are near ("5 degrees" by "thermostat").
    pub context_rules: Vec<ContextRule>,
    /// The shapes of the words that can start a number, and of their plurals.
    pub number_shapes: ShapeFilter,
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

/// A quick, exact-negative filter on a lower-case word: its first and last letters and
/// its length. Most words of running text fail it without a hash lookup.
#[derive(Clone, Debug)]
pub(crate) struct ShapeFilter(Vec<u32>);

impl ShapeFilter {
    fn new() -> Self {
        ShapeFilter(vec![0; 27 * 27])
    }

    fn slot(w: &[u8]) -> usize {
        let letter = |b: u8| {
            if b.is_ascii_lowercase() {
                (b - b'a') as usize
            } else {
                26
            }
        };
        letter(w[0]) * 27 + letter(w[w.len() - 1])
    }

    fn insert(&mut self, w: &[u8]) {
        if !w.is_empty() {
            self.0[Self::slot(w)] |= 1 << w.len().min(31);
        }
    }

    /// False when no inserted word has this shape, whatever the case of `w`.
    pub fn may_contain(&self, w: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
            return false;
        };
        let slot = Self::slot(&[first.to_ascii_lowercase(), last.to_ascii_lowercase()]);
        self.0[slot] & (1 << w.len().min(31)) != 0
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
            by_first: FxHashMap::default(),
            words: FxHashMap::default(),
            context_rules: Vec::new(),
            last_tokens: Default::default(),
            number_shapes: ShapeFilter::new(),
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
        for (w, info) in &lex.words {
            if info.starts_number() || info.negative {
                lex.number_shapes.insert(w);
                if info.ordinal.is_some() {
                    let mut plural = w.to_vec();
                    plural.push(b's');
                    lex.number_shapes.insert(&plural);
                }
            }
        }
        Ok(lex)
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
        self.words.entry(w.as_bytes().into()).or_default()
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
        let first: Box<[u8]> = tokens[0].lower.as_bytes().into();
        self.last_tokens
            .insert(tokens[tokens.len() - 1].lower.as_bytes().into());
        self.phrases.push(Phrase {
            tokens,
            target,
            weak,
        });
        let list = self.by_first.entry(first).or_default();
        if self.new_first {
            list.insert(0, id);
        } else {
            list.push(id);
        }
        // Longest first; among equals the earlier row first (the table's priority).
        let phrases = &self.phrases;
        list.sort_by_key(|&p| std::cmp::Reverse(phrases[p as usize].tokens.len()));
        Ok(())
    }
}
