//! `lexiscan.Quantities` and `lexiscan.Quantity`.

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::{
    batch_list, guarded, list, plain_pyclass, thread_count, to_py_err, Objects, Text, Texts, Utf8,
};
use crate::quantity::{DecimalMark, Quantities, Quantity};
use crate::text::CodePoints;

const KINDS: [&str; 10] = [
    "number", "ordinal", "percent", "money", "quantity", "date", "year", "time", "phone", "code",
];

/// The number and unit extractor (English rules, built-in units and currencies).
///
/// Quantities(*, decimal="auto", units=True, include_non_quantities=False, kinds=None)
///
/// `decimal`: "auto" (per document), "point" or "comma". `units=False` reads numbers
/// only. `include_non_quantities=True` also returns dates, years, times, phone numbers
/// and codes with their own kinds. `kinds` keeps only the kinds listed (e.g.
/// ["money", "percent"]).
#[pyclass(frozen, name = "Quantities", module = "lexiscan._lexiscan")]
pub(crate) struct PyQuantities {
    pub(crate) inner: Arc<Quantities>,
    decimal: String,
    units: bool,
    include_non_quantities: bool,
    kinds: Option<Vec<String>>,
}

impl PyQuantities {
    fn keep(&self, q: &Quantity) -> bool {
        match &self.kinds {
            Some(kinds) => kinds.iter().any(|k| k == q.kind.as_str()),
            None => true,
        }
    }

    /// The quantities of one text that the `kinds` filter keeps.
    pub(crate) fn extract(&self, text: &str) -> Vec<Quantity> {
        let mut found = self.inner.find(text);
        found.retain(|q| self.keep(q));
        found
    }

    /// The Python quantities of one text (byte offsets turned into code points).
    pub(crate) fn wrap(&self, text: Text<'_>, found: Vec<Quantity>) -> Vec<PyQuantity> {
        let mut code_points = CodePoints::known(text.str, text.ascii);
        found
            .into_iter()
            .map(|q| {
                let (start, end) = code_points.span(q.start..q.end);
                PyQuantity { start, end, q }
            })
            .collect()
    }
}

#[pymethods]
impl PyQuantities {
    #[new]
    #[pyo3(signature = (*, decimal="auto", units=true, include_non_quantities=false, kinds=None))]
    fn new(
        decimal: &str,
        units: bool,
        include_non_quantities: bool,
        kinds: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let mark = match decimal {
            "auto" => DecimalMark::Auto,
            "point" => DecimalMark::Point,
            "comma" => DecimalMark::Comma,
            other => {
                return Err(PyValueError::new_err(format!(
                    "decimal must be \"auto\", \"point\" or \"comma\", not {other:?}"
                )))
            }
        };
        if let Some(kinds) = &kinds {
            if let Some(bad) = kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
                return Err(PyValueError::new_err(format!(
                    "unknown kind {bad:?}; kinds are {}",
                    KINDS.join(", ")
                )));
            }
        }
        let inner = Quantities::builder()
            .decimal(mark)
            .units(units)
            .include_non_quantities(
                include_non_quantities
                    || kinds.as_ref().is_some_and(|k| {
                        k.iter().any(|k| {
                            !matches!(
                                k.as_str(),
                                "number" | "ordinal" | "percent" | "money" | "quantity"
                            )
                        })
                    }),
            )
            .build()
            .map_err(|e| Python::attach(|py| to_py_err(py, e)))?;
        Ok(PyQuantities {
            inner: Arc::new(inner),
            decimal: decimal.to_string(),
            units,
            include_non_quantities,
            kinds,
        })
    }

    /// Every number and quantity in `text`, in order, with code-point offsets.
    fn find<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
        let py = text.py();
        let utf8 = Utf8::of(text)?;
        let text = utf8.text()?;
        let found = guarded(py, || self.wrap(text, self.extract(text.str)))?;
        let objects = Objects::new(py);
        list(py, found.into_iter().map(|q| objects.make(q)))
    }

    /// `find` over many texts, in parallel on the Rust pool with the GIL released.
    #[pyo3(signature = (texts, threads=None))]
    fn find_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = Texts::extract(texts)?;
        let objects = Objects::new(py);
        // Offsets are converted on the pool too: only creating the Python objects needs
        // the GIL.
        batch_list(
            py,
            &texts.texts()?,
            thread_count(threads)?,
            |t| self.wrap(t, self.extract(t.str)),
            |_, found, _| list(py, found.into_iter().map(|q| objects.make(q))),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "Quantities(decimal='{}', units={}, include_non_quantities={}, kinds={})",
            self.decimal,
            if self.units { "True" } else { "False" },
            if self.include_non_quantities {
                "True"
            } else {
                "False"
            },
            match &self.kinds {
                Some(k) => format!(
                    "[{}]",
                    k.iter()
                        .map(|k| format!("'{k}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => "None".into(),
            }
        )
    }

    /// Pickles as its options; the tables are built in.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let restore = slf.get_type().getattr("_from_options")?;
        let args = (
            me.decimal.clone(),
            me.units,
            me.include_non_quantities,
            me.kinds.clone(),
        )
            .into_pyobject(py)?;
        Ok((restore, args))
    }

    #[staticmethod]
    fn _from_options(
        decimal: &str,
        units: bool,
        include_non_quantities: bool,
        kinds: Option<Vec<String>>,
    ) -> PyResult<Self> {
        PyQuantities::new(decimal, units, include_non_quantities, kinds)
    }

    /// A fingerprint of the options: equal extractors have equal fingerprints.
    fn fingerprint(&self) -> String {
        format!("{:08x}", crc32fast::hash(self.__repr__().as_bytes()))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyQuantities>() {
            Ok(o) => self.__repr__() == o.get().__repr__(),
            Err(_) => false,
        }
    }
}

// A quantity holds Rust data only.
plain_pyclass!(PyQuantity);

/// One number or quantity: `start` and `end` are code-point offsets (end exclusive),
/// `kind` is "number", "ordinal", "percent", "money" or "quantity" (or, when asked, "date",
/// "year", "time", "phone", "code"); `value` has magnitudes applied ("$1.2bn" → 1.2e9);
/// `upper` is a range's upper end; `unit` a canonical id ("kilometer"), an ISO code for
/// money or "percent"; `si_value`/`si_unit` the value in SI units where it converts;
/// `qualifier` one of "over", "under", "at_least", "at_most", "approx"; `counted` the noun
/// a plain number counts.
#[pyclass(frozen, name = "Quantity", module = "lexiscan._lexiscan")]
pub(crate) struct PyQuantity {
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    pub(crate) q: Quantity,
}

#[pymethods]
impl PyQuantity {
    #[getter]
    fn text(&self) -> &str {
        &self.q.text
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.q.kind.as_str()
    }
    #[getter]
    fn value(&self) -> f64 {
        self.q.value
    }
    #[getter]
    fn upper(&self) -> Option<f64> {
        self.q.upper
    }
    #[getter]
    fn unit(&self) -> Option<&str> {
        self.q.unit.as_deref()
    }
    #[getter]
    fn dimension(&self) -> Option<&str> {
        self.q.dimension.as_deref()
    }
    #[getter]
    fn si_value(&self) -> Option<f64> {
        self.q.si_value
    }
    #[getter]
    fn si_upper(&self) -> Option<f64> {
        self.q.si_upper
    }
    #[getter]
    fn si_unit(&self) -> Option<&str> {
        self.q.si_unit.as_deref()
    }
    #[getter]
    fn qualifier(&self) -> Option<&'static str> {
        self.q.qualifier.map(|q| q.as_str())
    }
    #[getter]
    fn counted(&self) -> Option<&str> {
        self.q.counted.as_deref()
    }

    /// The quantity as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("text", self.text())?;
        d.set_item("kind", self.kind())?;
        d.set_item("value", self.value())?;
        d.set_item("upper", self.upper())?;
        d.set_item("unit", self.unit())?;
        d.set_item("dimension", self.dimension())?;
        d.set_item("si_value", self.si_value())?;
        d.set_item("si_upper", self.si_upper())?;
        d.set_item("si_unit", self.si_unit())?;
        d.set_item("qualifier", self.qualifier())?;
        d.set_item("counted", self.counted())?;
        Ok(d)
    }

    fn __repr__(&self) -> PyResult<String> {
        Python::attach(|py| {
            let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
            let mut s = format!(
                "Quantity(start={}, end={}, text={}, kind={}, value={}",
                self.start,
                self.end,
                r(&self.q.text)?,
                r(self.kind())?,
                py_float(self.q.value)
            );
            if let Some(u) = self.q.upper {
                s.push_str(&format!(", upper={}", py_float(u)));
            }
            if let Some(u) = &self.q.unit {
                s.push_str(&format!(", unit={}", r(u)?));
            }
            if let Some(q) = self.q.qualifier {
                s.push_str(&format!(", qualifier={}", r(q.as_str())?));
            }
            if let Some(c) = &self.q.counted {
                s.push_str(&format!(", counted={}", r(c)?));
            }
            s.push(')');
            Ok(s)
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyQuantity>() {
            Ok(o) => self.start == o.get().start && self.end == o.get().end && self.q == o.get().q,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.start, self.end, &self.q.text, self.q.value.to_bits()).hash(&mut h);
        h.finish()
    }
}

/// A float written as Python writes it ("3.0", not "3").
fn py_float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}
