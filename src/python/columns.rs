//! Columnar results: one row per mention, built as raw Arrow buffers (native-endian
//! values, validity bitmaps, 64-bit string offsets) so that a large batch becomes a
//! table without one Python object per mention. The buffers stay where Rust made them,
//! owned by a [`Buffers`] object; `lexiscan._columnar` wraps them in pyarrow arrays
//! without copying them (`pyarrow.foreign_buffer`, which keeps the owner alive).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// One column being filled.
pub(crate) enum Column {
    Int(Vec<i64>),
    Float {
        values: Vec<f64>,
        valid: Validity,
    },
    Str(Strings),
    /// Strings given by the table's codes (one per row) into a dictionary of values: a
    /// gazetteer's label, id and canonical name repeat over many rows, and copying each
    /// value once into the dictionary, then each row's from there, beats reading every
    /// row's entry from a large gazetteer's memory. The table has plain strings.
    Coded(Strings),
}

/// Arrow strings: 64-bit offsets, the bytes, the validity.
pub(crate) struct Strings {
    offsets: Vec<i64>,
    data: Vec<u8>,
    valid: Validity,
}

impl Strings {
    fn new() -> Strings {
        Strings {
            offsets: vec![0],
            data: Vec::new(),
            valid: Validity::default(),
        }
    }

    pub(crate) fn push(&mut self, v: Option<&str>) {
        self.data.extend_from_slice(v.unwrap_or("").as_bytes());
        self.offsets.push(self.data.len() as i64);
        self.valid.push(v.is_some());
    }

    /// The values `codes` pick from `self`, in order (all valid).
    fn gather(&self, codes: &[i32]) -> Strings {
        // Each value is copied as 16 bytes from its start (most labels, ids and names
        // are shorter), the rest after: no call to copy a few bytes. So the dictionary
        // is read up to 16 bytes past a value's start, and the output is written up to
        // 16 bytes past its end.
        let mut source = Vec::with_capacity(self.data.len() + 16);
        source.extend_from_slice(&self.data);
        source.resize(self.data.len() + 16, 0);
        let span = |code: i32| {
            let code = code as usize;
            (self.offsets[code] as usize, self.offsets[code + 1] as usize)
        };
        let bytes: usize = codes.iter().map(|&c| span(c)).map(|(a, b)| b - a).sum();
        let mut data: Vec<u8> = Vec::with_capacity(bytes + 16);
        let mut offsets = Vec::with_capacity(codes.len() + 1);
        offsets.push(0);
        let mut len = 0;
        for &code in codes {
            let (start, end) = span(code);
            let value = &source[start..end + 16];
            let n = end - start;
            // SAFETY: `len + n <= bytes` (the values' total), so the 16 bytes written at
            // `len` and the rest of the value after them lie within `bytes + 16` of
            // capacity; `value` holds `n + 16` bytes; the two do not overlap.
            unsafe {
                let to = data.as_mut_ptr().add(len);
                std::ptr::copy_nonoverlapping(value.as_ptr(), to, 16);
                if n > 16 {
                    std::ptr::copy_nonoverlapping(value.as_ptr().add(16), to.add(16), n - 16);
                }
            }
            len += n;
            offsets.push(len as i64);
        }
        // SAFETY: every byte below `len` was written above.
        unsafe { data.set_len(len) };
        Strings {
            offsets,
            data,
            valid: Validity {
                len: codes.len(),
                ..Validity::default()
            },
        }
    }

    fn append(&mut self, other: &Strings) {
        let base = self.data.len() as i64;
        self.offsets
            .extend(other.offsets[1..].iter().map(|&o| o + base));
        self.data.extend_from_slice(&other.data);
        self.valid.append(&other.valid);
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

    fn is_valid(&self, row: usize) -> bool {
        self.nulls == 0 || self.bits[row / 8] >> (row % 8) & 1 == 1
    }

    fn append(&mut self, other: &Validity) {
        if self.nulls == 0 && other.nulls == 0 {
            self.len += other.len;
            return;
        }
        for row in 0..other.len {
            self.push(other.is_valid(row));
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Int,
    Float,
    Str,
    Coded,
}

impl Column {
    fn new(kind: Kind) -> Column {
        match kind {
            Kind::Int => Column::Int(Vec::new()),
            Kind::Float => Column::Float {
                values: Vec::new(),
                valid: Validity::default(),
            },
            Kind::Str => Column::Str(Strings::new()),
            Kind::Coded => Column::Coded(Strings::new()),
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

    /// Adds `v` to a coded column's dictionary.
    pub fn push_value(&mut self, v: &str) {
        if let Column::Coded(dictionary) = self {
            dictionary.push(Some(v));
        }
    }

    /// Appends `other`'s rows (a coded column's values are the table's business).
    fn append(&mut self, other: &Column) {
        match (self, other) {
            (Column::Int(a), Column::Int(b)) => a.extend_from_slice(b),
            (
                Column::Float { values, valid },
                Column::Float {
                    values: more,
                    valid: more_valid,
                },
            ) => {
                values.extend_from_slice(more);
                valid.append(more_valid);
            }
            (Column::Str(a), Column::Str(b)) => a.append(b),
            _ => {}
        }
    }

    /// (kind, rows, validity, buffers...) as `lexiscan._columnar` reads it, each buffer
    /// an (address, length in bytes) pair in memory that `owner` keeps.
    fn to_py<'py>(&self, py: Python<'py>, rows: usize) -> PyResult<Bound<'py, PyTuple>> {
        let validity = |valid: &Validity| (valid.nulls > 0).then(|| buffer(&valid.bits));
        match self {
            Column::Int(values) => {
                ("int64", rows, None::<(usize, usize)>, buffer(values)).into_pyobject(py)
            }
            Column::Float { values, valid } => {
                ("float64", rows, validity(valid), buffer(values)).into_pyobject(py)
            }
            Column::Str(s) => (
                "large_string",
                rows,
                validity(&s.valid),
                buffer(&s.offsets),
                buffer(&s.data),
            )
                .into_pyobject(py),
            Column::Coded(_) => unreachable!("gathered by Table::into_py"),
        }
    }
}

/// A slice's address and length in bytes.
fn buffer<T>(values: &[T]) -> (usize, usize) {
    (values.as_ptr() as usize, std::mem::size_of_val(values))
}

/// A column's name and what it holds.
pub(crate) type ColumnSpec = (&'static str, Kind);

/// Named columns in order, and the codes of its coded columns (one per row, shared by
/// all of them).
pub(crate) struct Table {
    pub names: Vec<&'static str>,
    pub columns: Vec<Column>,
    pub codes: Vec<i32>,
    pub rows: usize,
}

impl Table {
    pub fn new(spec: &[ColumnSpec]) -> Table {
        Table {
            names: spec.iter().map(|(n, _)| *n).collect(),
            columns: spec.iter().map(|&(_, kind)| Column::new(kind)).collect(),
            codes: Vec::new(),
            rows: 0,
        }
    }

    /// Appends the rows of `piece` (a table of the same columns whose coded columns'
    /// dictionaries are left empty, its documents numbered from 0 in the first column),
    /// each code turned into this table's by `code` (which may add to the dictionaries),
    /// the documents numbered from `first`.
    pub fn append(
        &mut self,
        piece: &Table,
        first: i64,
        mut code: impl FnMut(i32, &mut [Column]) -> i32,
    ) {
        debug_assert_eq!(self.names.first(), Some(&"doc"));
        for (i, (column, more)) in self.columns.iter_mut().zip(&piece.columns).enumerate() {
            match (column, more) {
                (Column::Int(a), Column::Int(b)) if i == 0 => {
                    a.extend(b.iter().map(|&d| d + first))
                }
                (column, more) => column.append(more),
            }
        }
        for &c in &piece.codes {
            let c = code(c, &mut self.columns);
            self.codes.push(c);
        }
        self.rows += piece.rows;
    }

    /// A dict of column name -> buffers tuple (see `lexiscan._columnar`), in order, and
    /// the object that owns the buffers. Coded columns become plain strings first, with
    /// the GIL released.
    pub fn into_py(mut self, py: Python<'_>) -> PyResult<(Bound<'_, PyDict>, Bound<'_, Buffers>)> {
        py.detach(|| {
            for column in &mut self.columns {
                if let Column::Coded(dictionary) = column {
                    *column = Column::Str(dictionary.gather(&self.codes));
                }
            }
        });
        let d = PyDict::new(py);
        for (name, column) in self.names.iter().zip(&self.columns) {
            d.set_item(name, column.to_py(py, self.rows)?)?;
        }
        // (Moving the table moves none of its buffers: their addresses stay valid.)
        Ok((d, Bound::new(py, Buffers { _table: self })?))
    }
}

/// The owner of a table's buffers, kept alive by the pyarrow arrays made from them.
#[pyclass(frozen, module = "lexiscan._lexiscan")]
pub(crate) struct Buffers {
    _table: Table,
}
