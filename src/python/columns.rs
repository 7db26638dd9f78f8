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
    Str {
        offsets: Vec<i64>,
        data: Vec<u8>,
        valid: Validity,
    },
}

/// An Arrow validity bitmap (bit i set = row i is not null).
#[derive(Default)]
pub(crate) struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    fn push(&mut self, valid: bool) {
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

impl Column {
    pub fn int() -> Column {
        Column::Int(Vec::new())
    }

    pub fn float() -> Column {
        Column::Float {
            values: Vec::new(),
            valid: Validity::default(),
        }
    }

    pub fn string() -> Column {
        Column::Str {
            offsets: vec![0],
            data: Vec::new(),
            valid: Validity::default(),
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
        if let Column::Str {
            offsets,
            data,
            valid,
        } = self
        {
            data.extend_from_slice(v.unwrap_or("").as_bytes());
            offsets.push(data.len() as i64);
            valid.push(v.is_some());
        }
    }

    fn to_py<'py>(&self, py: Python<'py>, rows: usize) -> PyResult<Bound<'py, PyTuple>> {
        let bytes_of = |v: &[u8]| PyBytes::new(py, v);
        // Little-endian words copied eight bytes at a time (a flattening iterator goes
        // byte by byte).
        let le64 = |v: &mut dyn Iterator<Item = [u8; 8]>| -> Vec<u8> {
            let mut buf = Vec::with_capacity(8 * v.size_hint().0);
            v.for_each(|word| buf.extend_from_slice(&word));
            buf
        };
        let validity = |valid: &Validity| -> Option<Bound<'py, PyBytes>> {
            (valid.nulls > 0).then(|| bytes_of(&valid.bits))
        };
        match self {
            Column::Int(values) => {
                let buf = le64(&mut values.iter().map(|v| v.to_le_bytes()));
                ("int64", rows, py.None(), bytes_of(&buf)).into_pyobject(py)
            }
            Column::Float { values, valid } => {
                let buf = le64(&mut values.iter().map(|v| v.to_le_bytes()));
                ("float64", rows, validity(valid), bytes_of(&buf)).into_pyobject(py)
            }
            Column::Str {
                offsets,
                data,
                valid,
            } => {
                let offs = le64(&mut offsets.iter().map(|v| v.to_le_bytes()));
                (
                    "large_string",
                    rows,
                    validity(valid),
                    bytes_of(&offs),
                    bytes_of(data),
                )
                    .into_pyobject(py)
            }
        }
    }
}

/// A column's name and how to make it empty.
pub(crate) type ColumnSpec = (&'static str, fn() -> Column);

/// Named columns in order.
pub(crate) struct Table {
    pub names: Vec<&'static str>,
    pub columns: Vec<Column>,
    pub rows: usize,
}

impl Table {
    pub fn new(spec: &[ColumnSpec]) -> Table {
        Table {
            names: spec.iter().map(|(n, _)| *n).collect(),
            columns: spec.iter().map(|(_, make)| make()).collect(),
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
