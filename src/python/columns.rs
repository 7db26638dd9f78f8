//! Columnar results: one row per mention, built as raw Arrow buffers (little-endian
//! values, validity bitmaps, 64-bit string offsets) so that a large batch becomes a
//! table without one Python object per mention. `lexiscan._columnar` turns the buffers
//! into pyarrow arrays.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

/// One column being filled.
pub(crate) enum Column {
    Int(Vec<i64>),
    Float {
        values: Vec<f64>,
        valid: Validity,
    },
    Str(Strings),
    /// Strings given as a code per row into a dictionary of values: a gazetteer's
    /// label, id and canonical name repeat over many rows, and copying each value once
    /// (pyarrow then gathers them) beats reading every row's entry from a large
    /// gazetteer's memory. The table still has plain strings.
    Coded {
        codes: Vec<i32>,
        dictionary: Strings,
    },
}

/// Arrow strings: 64-bit offsets, the bytes, the validity.
pub(crate) struct Strings {
    offsets: Vec<i64>,
    data: Vec<u8>,
    valid: Validity,
}

impl Strings {
    fn with_capacity(rows: usize, bytes: usize) -> Strings {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Strings {
            offsets,
            data: Vec::with_capacity(bytes),
            valid: Validity::default(),
        }
    }

    fn push(&mut self, v: Option<&str>) {
        self.data.extend_from_slice(v.unwrap_or("").as_bytes());
        self.offsets.push(self.data.len() as i64);
        self.valid.push(v.is_some());
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// An Arrow validity bitmap (bit i set = row i is not null), made only once a null
/// comes: most columns have none, and then Arrow needs no bitmap at all.
#[derive(Default)]
pub(crate) struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    /// (Inlined: most pushes are of a valid row in a column without nulls, one add.)
    #[inline]
    fn push(&mut self, valid: bool) {
        if valid && self.nulls == 0 {
            self.len += 1;
            return;
        }
        self.push_with_bits(valid);
    }

    #[cold]
    fn push_with_bits(&mut self, valid: bool) {
        if self.nulls == 0 {
            // The first null: every row before it was valid.
            self.bits = vec![0xff; self.len.div_ceil(8)];
            if self.len % 8 != 0 {
                self.bits[self.len / 8] = (1 << (self.len % 8)) - 1;
            }
        }
        if self.len % 8 == 0 {
            self.bits.push(0);
        }
        if valid {
            self.bits[self.len / 8] |= 1 << (self.len % 8);
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }
}

/// What a column holds.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Int,
    Float,
    /// Strings, with room for this many bytes of them.
    Str(usize),
    Coded,
}

impl Column {
    fn with_capacity(kind: Kind, rows: usize) -> Column {
        match kind {
            Kind::Int => Column::Int(Vec::with_capacity(rows)),
            Kind::Float => Column::Float {
                values: Vec::with_capacity(rows),
                valid: Validity::default(),
            },
            Kind::Str(bytes) => Column::Str(Strings::with_capacity(rows, bytes)),
            Kind::Coded => Column::Coded {
                codes: Vec::with_capacity(rows),
                dictionary: Strings::with_capacity(0, 0),
            },
        }
    }

    pub fn push_int(&mut self, v: i64) {
        if let Column::Int(values) = self {
            values.push(v);
        }
    }

    pub fn push_float(&mut self, v: Option<f64>) {
        if let Column::Float { values, valid } = self {
            values.push(v.unwrap_or(0.0));
            valid.push(v.is_some());
        }
    }

    pub fn push_str(&mut self, v: Option<&str>) {
        if let Column::Str(strings) = self {
            strings.push(v);
        }
    }

    /// A row of a coded column: the code of a value already in its dictionary.
    pub fn push_code(&mut self, code: i32) {
        if let Column::Coded { codes, .. } = self {
            codes.push(code);
        }
    }

    /// Adds a value to a coded column's dictionary; returns its code.
    pub fn add_to_dictionary(&mut self, v: &str) -> i32 {
        match self {
            Column::Coded { dictionary, .. } => {
                dictionary.push(Some(v));
                dictionary.len() as i32 - 1
            }
            _ => 0,
        }
    }

    fn to_py<'py>(&self, py: Python<'py>, rows: usize) -> PyResult<Bound<'py, PyTuple>> {
        let validity = |valid: &Validity| -> Option<Bound<'py, PyBytes>> {
            (valid.nulls > 0).then(|| PyBytes::new(py, &valid.bits))
        };
        match self {
            Column::Int(values) => {
                ("int64", rows, py.None(), le_bytes(py, values)).into_pyobject(py)
            }
            Column::Float { values, valid } => {
                ("float64", rows, validity(valid), le_bytes(py, values)).into_pyobject(py)
            }
            Column::Str(s) => (
                "large_string",
                rows,
                validity(&s.valid),
                le_bytes(py, &s.offsets),
                PyBytes::new(py, &s.data),
            )
                .into_pyobject(py),
            Column::Coded { codes, dictionary } => (
                "coded_large_string",
                rows,
                py.None(),
                le_bytes(py, codes),
                dictionary.len(),
                le_bytes(py, &dictionary.offsets),
                PyBytes::new(py, &dictionary.data),
            )
                .into_pyobject(py),
        }
    }
}

/// The numbers of Arrow buffers (i32, i64, f64): no padding, and any of their bytes may
/// be read as a `u8`.
trait Number: Copy {
    /// The number with its bytes in little-endian order (itself on such a machine).
    fn to_le(self) -> Self;
}

impl Number for i32 {
    fn to_le(self) -> Self {
        i32::to_le(self)
    }
}

impl Number for i64 {
    fn to_le(self) -> Self {
        i64::to_le(self)
    }
}

impl Number for f64 {
    fn to_le(self) -> Self {
        f64::from_bits(self.to_bits().to_le())
    }
}

/// `values` as little-endian bytes in a Python `bytes`: on a little-endian machine their
/// memory as it is, in one copy (a loop writing each value cost as much as the copy
/// again, and the bytes were zeroed first).
fn le_bytes<'py, T: Number>(py: Python<'py>, values: &[T]) -> Bound<'py, PyBytes> {
    let swapped: Vec<T>;
    let values = if cfg!(target_endian = "big") {
        swapped = values.iter().map(|&v| v.to_le()).collect();
        &swapped[..]
    } else {
        values
    };
    // SAFETY: the slice covers exactly the values' memory, and `Number`s have no padding.
    let bytes = unsafe {
        std::slice::from_raw_parts(values.as_ptr().cast::<u8>(), std::mem::size_of_val(values))
    };
    PyBytes::new(py, bytes)
}

/// A column's name and what it holds.
pub(crate) type ColumnSpec = (&'static str, Kind);

/// Named columns in order.
pub(crate) struct Table {
    pub names: Vec<&'static str>,
    pub columns: Vec<Column>,
    pub rows: usize,
}

impl Table {
    /// Empty columns with room for `rows` rows (string bytes grow as they come).
    pub fn with_capacity(spec: &[ColumnSpec], rows: usize) -> Table {
        Table {
            names: spec.iter().map(|(n, _)| *n).collect(),
            columns: spec
                .iter()
                .map(|&(_, kind)| Column::with_capacity(kind, rows))
                .collect(),
            rows: 0,
        }
    }

    /// A dict of column name → buffers tuple (see `lexiscan._columnar`), in order.
    pub fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, column) in self.names.iter().zip(&self.columns) {
            d.set_item(name, column.to_py(py, self.rows)?)?;
        }
        Ok(d)
    }
}
