//! The number and unit extractor: finds numbers, money, percentages and physical
//! quantities in running text and says what they mean.
//!
//! ```
//! use lexiscan::quantity::{Kind, Qualifier, Quantities};
//!
//! let q = Quantities::new();
//! let found = q.find("Over 10,000 soldiers were sent; it cost $1.2bn and 5 km/h.");
//! assert_eq!(found[0].value, 10_000.0);
//! assert_eq!(found[0].qualifier, Some(Qualifier::Over));
//! assert_eq!(found[0].counted.as_deref(), Some("soldiers"));
//! assert_eq!(found[1].kind, Kind::Money);
//! assert_eq!(found[1].value, 1.2e9);
//! assert_eq!(found[2].unit.as_deref(), Some("kilometer-per-hour"));
//! ```
//!
//! Dates, years, clock times, phone numbers, versions and codes are recognised and
//! skipped; [`QuantitiesBuilder::include_non_quantities`] returns them with their own
//! [`Kind`]. DESIGN.md describes the grammar and its rules for ambiguous units.

mod dimension;
mod doc;
mod grammar;
mod number;
mod scan;
mod tables;

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

pub use tables::{CurrencyDef, UnitDef};

use crate::error::{Error, ErrorKind, Result};
use tables::Lexicon;

/// Texts longer than this are read in pieces of at least this many bytes, cut at
/// paragraph breaks (see `Quantities::find_in_pieces`).
const SEGMENT: usize = 1 << 18;

/// What a quantity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A plain number ("10,000", "two thirds"), possibly counting something.
    Number,
    /// "21st", "third".
    Ordinal,
    /// "45%", "3 percentage points".
    Percent,
    /// "$1.2bn", "300 USD"; the unit is the currency code.
    Money,
    /// A physical quantity with a unit ("25 °C", "10-20 km").
    Quantity,
    /// Skipped unless asked for: "June 5, 2024", "2024-12-01".
    Date,
    /// Skipped unless asked for: "in 2024", "the 1990s".
    Year,
    /// Skipped unless asked for: "5 pm", "17:30".
    Time,
    /// Skipped unless asked for: "555-1234".
    Phone,
    /// Skipped unless asked for: "F-16", "Section 427", "1.2.3", "Boeing 737".
    Code,
}

impl Kind {
    /// Whether the kind is a quantity (returned by default) rather than a skipped form.
    pub fn is_quantity(self) -> bool {
        matches!(
            self,
            Kind::Number | Kind::Ordinal | Kind::Percent | Kind::Money | Kind::Quantity
        )
    }

    /// The lower-case name used in JSON and Python.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Ordinal => "ordinal",
            Kind::Percent => "percent",
            Kind::Money => "money",
            Kind::Quantity => "quantity",
            Kind::Date => "date",
            Kind::Year => "year",
            Kind::Time => "time",
            Kind::Phone => "phone",
            Kind::Code => "code",
        }
    }
}

/// How a value is qualified: "over 10,000", "at least 5", "about 650".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Over,
    Under,
    AtLeast,
    AtMost,
    Approx,
}

impl Qualifier {
    pub(crate) fn from_name(s: &str) -> Option<Qualifier> {
        Some(match s {
            "over" => Qualifier::Over,
            "under" => Qualifier::Under,
            "at_least" => Qualifier::AtLeast,
            "at_most" => Qualifier::AtMost,
            "approx" => Qualifier::Approx,
            _ => return None,
        })
    }

    /// The lower-case name used in JSON and Python.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Over => "over",
            Qualifier::Under => "under",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Approx => "approx",
        }
    }
}

/// Which mark separates decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DecimalMark {
    /// Unambiguous literals are read as written ("1.234,56" and "1,234.56" are both
    /// 1234.56); ambiguous ones ("1,234", "1.234") follow the document: a decimal comma
    /// if it has a literal that only reads that way and none that only reads the other.
    #[default]
    Auto,
    /// "1,234" is 1234 and "1.5" is one and a half.
    Point,
    /// "1.234" is 1234 and "1,5" is one and a half.
    Comma,
}

/// Extraction options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub decimal: DecimalMark,
    /// Read units, currencies and percentages (default). When off, only numbers are
    /// returned and a number glued to letters ("180ml") is not one.
    pub units: bool,
    /// Also return dates, years, times, phone numbers and codes, with their own kinds.
    pub include_non_quantities: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            decimal: DecimalMark::Auto,
            units: true,
            include_non_quantities: false,
        }
    }
}

/// One number or quantity found in text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Byte offsets into the text; `end` is exclusive.
    pub start: usize,
    pub end: usize,
    /// The text of the span. A qualifier and a counted noun are not part of it; the
    /// words of a range ("between 5 and 10 kg") are.
    pub text: String,
    pub kind: Kind,
    /// The value, with magnitudes applied ("$1.2bn" → 1.2e9); for money, in the major
    /// unit ("50 cents" → 0.5).
    pub value: f64,
    /// The upper end of a range.
    pub upper: Option<f64>,
    /// The canonical unit id ("kilometer", "kilometer-per-hour"), the currency code for
    /// money, "percent" for percentages.
    pub unit: Option<String>,
    /// "length", "speed", "currency", "ratio" …
    pub dimension: Option<String>,
    /// The value in SI units, where the unit converts.
    pub si_value: Option<f64>,
    pub si_upper: Option<f64>,
    /// "m", "m/s", "K", "kg/m³" …
    pub si_unit: Option<String>,
    pub qualifier: Option<Qualifier>,
    /// The noun a plain number counts ("soldiers").
    pub counted: Option<String>,
}

impl Quantity {
    /// The byte range of the span.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The extractor: English rules, the built-in unit and currency tables, and options.
/// Cheap to clone; `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Quantities {
    lexicon: Arc<Lexicon>,
    options: Options,
}

impl Default for Quantities {
    fn default() -> Self {
        Quantities::new()
    }
}

fn builtin() -> Arc<Lexicon> {
    static LEXICON: OnceLock<Arc<Lexicon>> = OnceLock::new();
    LEXICON
        .get_or_init(|| {
            Arc::new(Lexicon::builtin().expect("the built-in quantity tables are valid (tested)"))
        })
        .clone()
}

impl Quantities {
    /// The extractor with the built-in tables and default options.
    pub fn new() -> Quantities {
        Quantities {
            lexicon: builtin(),
            options: Options::default(),
        }
    }

    /// A builder for options and extra units or currencies.
    pub fn builder() -> QuantitiesBuilder {
        QuantitiesBuilder::default()
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Every quantity in `text`, in order, with byte offsets.
    pub fn find(&self, text: &str) -> Vec<Quantity> {
        self.find_in_pieces(text, SEGMENT)
    }

    /// [`Quantities::find`], reading a text longer than `segment` bytes in pieces of at
    /// least that many, cut at paragraph breaks (which no reading crosses): the tokens of
    /// a whole book would take some thirty times its size, and fall out of every cache.
    /// Whether an ambiguous "1.234" has a decimal comma is still decided by the whole
    /// text. Public for the tests, which hold the pieces to the whole.
    #[doc(hidden)]
    pub fn find_in_pieces(&self, text: &str, segment: usize) -> Vec<Quantity> {
        if scan::paragraph_cut(text, segment).is_none() {
            return self.find_in(text, doc::Whole::of(text));
        }
        let pieces: Vec<std::ops::Range<usize>> = scan::pieces(text, segment).collect();
        let comma = match self.options.decimal {
            DecimalMark::Auto => Some(self.decimal_comma_of(text, &pieces)),
            _ => None,
        };
        let mut found = Vec::new();
        for piece in pieces {
            let whole = doc::Whole {
                text,
                start: piece.start,
                comma,
            };
            let mut part = self.find_in(&text[piece.clone()], whole);
            for q in &mut part {
                q.start += piece.start;
                q.end += piece.start;
            }
            found.append(&mut part);
        }
        found
    }

    /// Whether a text cut into `pieces` writes decimal commas, as one document would
    /// decide it: a literal that only reads with a decimal point anywhere settles it.
    fn decimal_comma_of(&self, text: &str, pieces: &[std::ops::Range<usize>]) -> bool {
        let mut comma = false;
        for piece in pieces {
            let whole = doc::Whole {
                text,
                start: piece.start,
                comma: None,
            };
            match self.with_doc(&text[piece.clone()], whole, |doc| doc.decimal_evidence()) {
                doc::Decimal::Point => return false,
                doc::Decimal::Comma => comma = true,
                doc::Decimal::Unknown => {}
            }
        }
        comma
    }

    /// The quantities of `text`, a piece of `whole`.
    fn find_in(&self, text: &str, whole: doc::Whole) -> Vec<Quantity> {
        // The quantities' scratch vector is reused per thread, like the token buffers.
        thread_local!(static SCRATCH: std::cell::Cell<Vec<Quantity>> = const { std::cell::Cell::new(Vec::new()) });
        let mut scratch = SCRATCH.take();
        self.with_doc(text, whole, |doc| doc.extract(&mut scratch));
        // Collected into a vector of the exact size: growing one push by push would copy
        // these large structs a few times over.
        let mut found = Vec::with_capacity(scratch.len());
        found.append(&mut scratch);
        if scratch.capacity() <= 1 << 12 {
            SCRATCH.set(scratch);
        }
        found
    }

    /// Runs `f` on `text` read into tokens, in buffers reused per thread: most documents
    /// are short.
    fn with_doc<T>(&self, text: &str, whole: doc::Whole, f: impl FnOnce(&doc::Doc) -> T) -> T {
        thread_local!(static BUFFERS: std::cell::Cell<doc::Buffers> = const { std::cell::Cell::new(doc::Buffers::new()) });
        let doc = doc::Doc::new(text, whole, &self.lexicon, &self.options, BUFFERS.take());
        let result = f(&doc);
        let buffers = doc.into_buffers();
        if buffers.toks.capacity() <= 1 << 20 {
            BUFFERS.set(buffers);
        }
        result
    }

    /// [`Quantities::find`] over many texts on the shared pool (see [`crate::parallel`]).
    pub fn find_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<Quantity>> {
        crate::parallel::map(texts, |t| self.find(t.as_ref()))
    }
}

/// The number of tokens the extractor splits `text` into: the first pass of
/// [`Quantities::find`], exposed as the baseline of the benchmarks.
#[doc(hidden)]
pub fn token_count(text: &str) -> usize {
    let mut toks = Vec::new();
    scan::tokenize(text, &mut toks);
    toks.len()
}

/// Builds a [`Quantities`] with options and run-time units and currencies.
#[derive(Clone, Debug, Default)]
pub struct QuantitiesBuilder {
    options: Options,
    units: Vec<UnitDef>,
    currencies: Vec<CurrencyDef>,
}

impl QuantitiesBuilder {
    pub fn decimal(&mut self, mark: DecimalMark) -> &mut Self {
        self.options.decimal = mark;
        self
    }

    pub fn units(&mut self, yes: bool) -> &mut Self {
        self.options.units = yes;
        self
    }

    pub fn include_non_quantities(&mut self, yes: bool) -> &mut Self {
        self.options.include_non_quantities = yes;
        self
    }

    /// Adds a unit; its forms take priority over built-in forms of the same length.
    pub fn add_unit(&mut self, unit: UnitDef) -> &mut Self {
        self.units.push(unit);
        self
    }

    pub fn add_currency(&mut self, currency: CurrencyDef) -> &mut Self {
        self.currencies.push(currency);
        self
    }

    /// Builds the extractor; fails when an added unit names an unknown dimension or has
    /// an empty form.
    pub fn build(&self) -> Result<Quantities> {
        let lexicon = if self.units.is_empty() && self.currencies.is_empty() {
            builtin()
        } else {
            let mut lex = Lexicon::builtin()?;
            lex.prefer_new();
            for u in &self.units {
                lex.add_unit(u)
                    .map_err(|e| Error::new(ErrorKind::InvalidEntry, e))?;
            }
            for c in &self.currencies {
                lex.add_currency(c)
                    .map_err(|e| Error::new(ErrorKind::InvalidEntry, e))?;
            }
            Arc::new(lex)
        };
        Ok(Quantities {
            lexicon,
            options: self.options.clone(),
        })
    }
}
