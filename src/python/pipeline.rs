//! `lexiscan.Pipeline` (both engines over many texts) and `lexiscan.Doc`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::columns::{ColumnSpec, Kind, Table};
use super::gazetteer::{spans, PyGazetteer, PyMatch};
use super::quantity::{PyQuantities, PyQuantity};
use super::{
    batch_list, batch_pieces, plain_pyclass, prefetched, substring, thread_count, Objects, Text,
    Texts,
};
use crate::gazetteer::{EntryId, Match};
use crate::quantity::Quantity;
use crate::text::CodePoints;

/// The columns of `to_arrow`'s entities.
const ENTITIES: &[ColumnSpec] = &[
    ("doc", Kind::Int),
    ("start", Kind::Int),
    ("end", Kind::Int),
    ("text", Kind::Str),
    ("label", Kind::Coded),
    ("id", Kind::Coded),
    ("canonical", Kind::Coded),
];

/// The columns of `to_arrow`'s quantities.
const QUANTITIES: &[ColumnSpec] = &[
    ("doc", Kind::Int),
    ("start", Kind::Int),
    ("end", Kind::Int),
    ("text", Kind::Str),
    ("kind", Kind::Str),
    ("value", Kind::Float),
    ("upper", Kind::Float),
    ("unit", Kind::Str),
    ("dimension", Kind::Str),
    ("si_value", Kind::Float),
    ("si_upper", Kind::Float),
    ("si_unit", Kind::Str),
    ("qualifier", Kind::Str),
    ("counted", Kind::Str),
];

/// Each entry's code in the label, id and canonical dictionaries of a table, numbered as
/// the entries are met. The codes are kept in pages of [`ENTRY_PAGE`] entries, made when
/// one of their entries is met: a batch meets few of a large gazetteer's entries, and
/// setting a code for each of millions up front would cost a short batch more than its
/// search.
struct EntryCodes {
    pages: Vec<Option<Box<[i32; ENTRY_PAGE]>>>,
    distinct: i32,
}

const ENTRY_PAGE: usize = 1024;

impl EntryCodes {
    fn new(entries: usize) -> EntryCodes {
        EntryCodes {
            pages: vec![None; entries.div_ceil(ENTRY_PAGE)],
            distinct: 0,
        }
    }

    /// The code of entry `entry`, and whether it was met just now.
    fn code(&mut self, entry: usize) -> (i32, bool) {
        let page = self.pages[entry / ENTRY_PAGE].get_or_insert_with(|| Box::new([-1; ENTRY_PAGE]));
        let code = &mut page[entry % ENTRY_PAGE];
        if *code >= 0 {
            return (*code, false);
        }
        *code = self.distinct;
        self.distinct += 1;
        (*code, true)
    }
}

/// Runs a gazetteer and a quantity extractor (either may be None) over texts.
///
/// Pipeline(gazetteer=None, quantities=None)
#[pyclass(frozen, subclass, name = "Pipeline", module = "lexiscan._lexiscan")]
pub(crate) struct PyPipeline {
    #[pyo3(get)]
    gazetteer: Option<Py<PyGazetteer>>,
    #[pyo3(get)]
    quantities: Option<Py<PyQuantities>>,
}

impl PyPipeline {
    /// Both engines over a text.
    fn engines(&self) -> impl Fn(Text<'_>) -> (Vec<Match>, Vec<Quantity>) + Sync + Send + '_ {
        let g = self.gazetteer.as_ref().map(|g| g.get());
        let q = self.quantities.as_ref().map(|q| q.get());
        move |t| {
            let entities = g
                .map(|g| g.inner.find_known(t.str, t.ascii))
                .unwrap_or_default();
            let quantities = q.map(|q| q.extract(t.str)).unwrap_or_default();
            (entities, quantities)
        }
    }
}

#[pymethods]
impl PyPipeline {
    #[new]
    #[pyo3(signature = (gazetteer=None, quantities=None))]
    fn new(gazetteer: Option<Py<PyGazetteer>>, quantities: Option<Py<PyQuantities>>) -> Self {
        PyPipeline {
            gazetteer,
            quantities,
        }
    }

    /// Both engines over `texts`: a list of `Doc`, one per text, in order.
    #[pyo3(signature = (texts, threads=None))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = Texts::extract(texts)?;
        let q = self.quantities.as_ref().map(|q| q.get());
        let engines = self.engines();
        let (matches, numbers, docs) = (Objects::new(py), Objects::new(py), Objects::new(py));
        batch_list(
            py,
            &texts.texts()?,
            thread_count(threads)?,
            |t| {
                let (entities, quantities) = engines(t);
                (
                    spans(t, &entities),
                    q.map(|q| q.wrap(t, quantities)).unwrap_or_default(),
                )
            },
            |i, (entities, quantities), _| {
                let text = &texts.strings[i];
                let entities = match &self.gazetteer {
                    Some(g) => unbind(g.get().matches(text, &entities, &matches))?,
                    None => Vec::new(),
                };
                let quantities = unbind(quantities.into_iter().map(|q| numbers.make(q)))?;
                docs.make(PyDoc {
                    text: text.clone().unbind(),
                    entities,
                    quantities,
                })
            },
        )
    }

    /// The raw columns of `to_arrow`: (entities, quantities), each a dict of column name
    /// to Arrow buffers and the object that owns them. Use `to_arrow`, `to_pandas` or
    /// `to_polars` instead.
    #[pyo3(signature = (texts, threads=None))]
    fn _columns<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let texts = Texts::extract(texts)?;
        let texts = texts.texts()?;
        let engines = self.engines();
        let gazetteer = self.gazetteer.as_ref().map(|g| &*g.get().inner);
        let (mut entities, mut quantities) = (Table::new(ENTITIES), Table::new(QUANTITIES));
        let mut codes = EntryCodes::new(gazetteer.map_or(0, |g| g.entries().len()));
        batch_pieces(
            py,
            &texts,
            thread_count(threads)?,
            // The rows of each piece are made on the thread that searched it, while its
            // texts are in cache, each entity coded by its entry's index.
            |piece| {
                let (mut e, mut q) = (Table::new(ENTITIES), Table::new(QUANTITIES));
                for (doc, t) in prefetched(piece) {
                    let (found, numbers) = engines(t);
                    let doc = doc as i64;
                    if let Some(g) = gazetteer {
                        let mut code_points = CodePoints::known(t.str, t.ascii);
                        for m in &found {
                            let (start, end) = code_points.span(m.range());
                            let c = &mut e.columns;
                            c[0].push_int(doc);
                            c[1].push_int(start as i64);
                            c[2].push_int(end as i64);
                            c[3].push_str(Some(&t.str[m.range()]));
                            e.codes.push(g.candidates(m)[0] as i32);
                            e.rows += 1;
                        }
                    }
                    let mut code_points = CodePoints::known(t.str, t.ascii);
                    for x in &numbers {
                        let (start, end) = code_points.span(x.start..x.end);
                        let c = &mut q.columns;
                        c[0].push_int(doc);
                        c[1].push_int(start as i64);
                        c[2].push_int(end as i64);
                        c[3].push_str(Some(&x.text));
                        c[4].push_str(Some(x.kind.as_str()));
                        c[5].push_float(Some(x.value));
                        c[6].push_float(x.upper);
                        c[7].push_str(x.unit.as_deref());
                        c[8].push_str(x.dimension.as_deref());
                        c[9].push_float(x.si_value);
                        c[10].push_float(x.si_upper);
                        c[11].push_str(x.si_unit.as_deref());
                        c[12].push_str(x.qualifier.map(|q| q.as_str()));
                        c[13].push_str(x.counted.as_deref());
                        q.rows += 1;
                    }
                }
                (e, q)
            },
            |first, (e, q)| {
                entities.append(&e, first as i64, |entry, c| {
                    let (code, new) = codes.code(entry as usize);
                    if let (true, Some(g)) = (new, gazetteer) {
                        let entry = g.entry(entry as EntryId);
                        c[4].push_value(&entry.label);
                        c[5].push_value(&entry.id);
                        c[6].push_value(entry.canonical());
                    }
                    code
                });
                quantities.append(&q, first as i64, |c, _| c);
                Ok(())
            },
        )?;
        (entities.into_py(py)?, quantities.into_py(py)?).into_pyobject(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let g = match &self.gazetteer {
            Some(g) => g.bind(py).repr()?.to_string(),
            None => "None".into(),
        };
        let q = match &self.quantities {
            Some(q) => q.bind(py).repr()?.to_string(),
            None => "None".into(),
        };
        Ok(format!("Pipeline(gazetteer={g}, quantities={q})"))
    }

    /// Pickles as its gazetteer and extractor (each pickles its specification).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let args = (
            me.gazetteer.as_ref().map(|g| g.clone_ref(py)),
            me.quantities.as_ref().map(|q| q.clone_ref(py)),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }
}

// A Doc refers to its text and results only, none of which can refer to it.
plain_pyclass!(PyDoc);

/// One text with what the pipeline found in it: `entities` (Match) and `quantities`
/// (Quantity), offsets in code points. In a notebook it displays as the text with both
/// highlighted (`lexiscan.render(doc)` gives the HTML).
#[pyclass(frozen, name = "Doc", module = "lexiscan._lexiscan")]
pub(crate) struct PyDoc {
    /// The text as given (its matches slice their text out of it).
    text: Py<PyString>,
    entities: Vec<Py<PyMatch>>,
    quantities: Vec<Py<PyQuantity>>,
}

/// New Python objects, to be held by Rust.
fn unbind<'py, T>(objects: impl Iterator<Item = PyResult<Bound<'py, T>>>) -> PyResult<Vec<Py<T>>> {
    objects.map(|o| Ok(o?.unbind())).collect()
}

#[pymethods]
impl PyDoc {
    // A plain str even when a subclass of str was given (no docstring: as before).
    #[getter]
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let text = self.text.bind(py);
        substring(text, 0, text.len()?)
    }

    #[getter]
    fn entities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.entities.iter().map(|m| m.bind(py)))
    }

    #[getter]
    fn quantities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.quantities.iter().map(|q| q.bind(py)))
    }

    /// The document as a plain dict (its entities and quantities as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", self.text(py)?)?;
        let e = PyList::empty(py);
        for m in &self.entities {
            e.append(m.bind(py).call_method0("to_dict")?)?;
        }
        let q = PyList::empty(py);
        for x in &self.quantities {
            q.append(x.bind(py).call_method0("to_dict")?)?;
        }
        d.set_item("entities", e)?;
        d.set_item("quantities", q)?;
        Ok(d)
    }

    /// HTML for notebooks: the text, escaped, with entities and quantities highlighted.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py()
            .import("lexiscan")?
            .call_method1("render", (slf,))?
            .extract()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = self.text.bind(py);
        let preview = substring(text, 0, 40)?.repr()?;
        let ellipsis = if text.len()? > 40 { "…" } else { "" };
        Ok(format!(
            "Doc(text={preview}{ellipsis}, entities={}, quantities={})",
            self.entities.len(),
            self.quantities.len()
        ))
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.text.bind(py).len()
    }
}
