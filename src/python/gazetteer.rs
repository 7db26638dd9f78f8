//! `lexiscan.Gazetteer` and `lexiscan.Match`.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::{
    batch_list, guarded, json_to_py, list, plain_pyclass, substring, thread_count, to_py_err,
    Objects, Text, Texts, Utf8,
};
use crate::gazetteer::load::{load_entries_with, Format, LoadOptions};
use crate::gazetteer::Match;
use crate::text::swar::prefetch;
use crate::text::CodePoints;
use crate::{Entry, Error, ErrorKind, Gazetteer, Overlaps};

/// A compiled list of names to find in text.
///
/// Gazetteer(entries, *, case_sensitive=False, whole_words=True, overlaps="longest",
/// fold_accents=False)
///
/// `entries` is an iterable of dicts with "id", "label", "names" (a list of str, or one
/// str) and optionally "meta" (a JSON-like dict), "priority" (int) and
/// "case_sensitive_names" (names matched with their exact case). Matching is
/// case-insensitive by Unicode canonical caseless matching, on whole words, with the
/// longest match kept where matches overlap ("all" keeps every match, "first" the
/// highest-priority entry).
#[pyclass(frozen, name = "Gazetteer", module = "lexiscan._lexiscan")]
pub(crate) struct PyGazetteer {
    pub(crate) inner: Arc<Gazetteer>,
}

fn entry_error(i: usize, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidEntry, format!("entries[{i}]: {message}"))
}

fn str_field(d: &Bound<'_, PyAny>, i: usize, key: &str) -> Result<String, Error> {
    let value = d
        .get_item(key)
        .map_err(|_| entry_error(i, format!("missing {key:?}")))?;
    if let Ok(s) = value.extract::<String>() {
        return Ok(s);
    }
    if let Ok(n) = value.extract::<i64>() {
        return Ok(n.to_string());
    }
    Err(entry_error(i, format!("{key:?} must be a str")))
}

fn names_field(
    d: &Bound<'_, PyAny>,
    i: usize,
    key: &str,
    required: bool,
) -> Result<Vec<String>, Error> {
    let value = match d.get_item(key) {
        Ok(v) if !v.is_none() => v,
        _ if required => return Err(entry_error(i, format!("missing {key:?}"))),
        _ => return Ok(Vec::new()),
    };
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(vec![s.to_string()]);
    }
    value
        .extract::<Vec<String>>()
        .map_err(|_| entry_error(i, format!("{key:?} must be a list of str")))
}

/// Converts Python entry dicts to entries, naming the entry and field of any problem.
fn extract_entries(py: Python<'_>, entries: &Bound<'_, PyAny>) -> PyResult<Vec<Entry>> {
    let json = py.import("json")?;
    let mut out = Vec::new();
    for (i, item) in entries.try_iter()?.enumerate() {
        let d = item?;
        let entry = (|| -> Result<Entry, Error> {
            let id = str_field(&d, i, "id")?;
            let label = str_field(&d, i, "label")?;
            let names = names_field(&d, i, "names", true)?;
            let mut entry = Entry::new(id, label, names);
            entry.case_sensitive_names = names_field(&d, i, "case_sensitive_names", false)?;
            if let Ok(p) = d.get_item("priority") {
                if !p.is_none() {
                    entry.priority = p
                        .extract()
                        .map_err(|_| entry_error(i, "\"priority\" must be an int"))?;
                }
            }
            if let Ok(meta) = d.get_item("meta") {
                if !meta.is_none() {
                    let text: String = json
                        .call_method1("dumps", (meta,))
                        .and_then(|t| t.extract())
                        .map_err(|e| entry_error(i, format!("\"meta\" is not JSON: {e}")))?;
                    entry.meta = serde_json::from_str(&text)
                        .map_err(|_| entry_error(i, "\"meta\" must be a dict"))?;
                }
            }
            Ok(entry)
        })()
        .map_err(|e| to_py_err(py, e))?;
        out.push(entry);
    }
    Ok(out)
}

fn build(
    py: Python<'_>,
    entries: Vec<Entry>,
    case_sensitive: bool,
    whole_words: bool,
    overlaps: &str,
    fold_accents: bool,
) -> PyResult<PyGazetteer> {
    let overlaps: Overlaps = overlaps.parse().map_err(|e| to_py_err(py, e))?;
    let gazetteer = py
        .detach(|| {
            Gazetteer::builder()
                .case_sensitive(case_sensitive)
                .whole_words(whole_words)
                .overlaps(overlaps)
                .fold_accents(fold_accents)
                .build(entries)
        })
        .map_err(|e| to_py_err(py, e))?;
    Ok(PyGazetteer {
        inner: Arc::new(gazetteer),
    })
}

fn from_file(
    py: Python<'_>,
    path: PathBuf,
    format: Format,
    options: (bool, bool, &str, bool),
) -> PyResult<PyGazetteer> {
    let load = LoadOptions {
        format: Some(format),
        ..LoadOptions::default()
    };
    let entries = py
        .detach(|| load_entries_with(&path, &load))
        .map_err(|e| to_py_err(py, e))?
        .entries;
    build(py, entries, options.0, options.1, options.2, options.3)
}

/// Where a match is in its text, in code points, and which name matched: what a `Match`
/// needs besides its document and gazetteer. Computed with the GIL released.
pub(crate) struct Span {
    start: usize,
    end: usize,
    name: u32,
}

/// The spans of the matches of one text.
pub(crate) fn spans(text: Text<'_>, found: &[Match]) -> Vec<Span> {
    let mut code_points = CodePoints::known(text.str, text.ascii);
    found
        .iter()
        .map(|m| {
            let (start, end) = code_points.span(m.range());
            Span {
                start,
                end,
                name: m.name,
            }
        })
        .collect()
}

impl PyGazetteer {
    /// The `Match` objects of the spans found in `doc`, made by `objects`.
    pub(crate) fn matches<'a, 'py>(
        &'a self,
        doc: &'a Bound<'py, PyString>,
        spans: &'a [Span],
        objects: &'a Objects<'py, PyMatch>,
    ) -> impl ExactSizeIterator<Item = PyResult<Bound<'py, PyMatch>>> + 'a {
        spans.iter().map(|s| {
            objects.make(PyMatch {
                start: s.start,
                end: s.end,
                doc: doc.clone().unbind(),
                name: s.name,
                gazetteer: self.inner.clone(),
            })
        })
    }
}

#[pymethods]
impl PyGazetteer {
    #[new]
    #[pyo3(signature = (entries, *, case_sensitive=false, whole_words=true, overlaps="longest", fold_accents=false))]
    fn new(
        py: Python<'_>,
        entries: &Bound<'_, PyAny>,
        case_sensitive: bool,
        whole_words: bool,
        overlaps: &str,
        fold_accents: bool,
    ) -> PyResult<Self> {
        let entries = extract_entries(py, entries)?;
        build(
            py,
            entries,
            case_sensitive,
            whole_words,
            overlaps,
            fold_accents,
        )
    }

    /// The built-in world gazetteer: countries, nationalities, regions, subdivisions,
    /// currencies and large cities, with English names.
    #[staticmethod]
    #[pyo3(signature = (*, case_sensitive=false, whole_words=true, overlaps="longest", fold_accents=false))]
    fn default(
        py: Python<'_>,
        case_sensitive: bool,
        whole_words: bool,
        overlaps: &str,
        fold_accents: bool,
    ) -> PyResult<Self> {
        build(
            py,
            Gazetteer::default_entries(),
            case_sensitive,
            whole_words,
            overlaps,
            fold_accents,
        )
    }

    /// Entries from a TSV file (`label, canonical, alias[, id, priority, case_sensitive]`
    /// with a header row; extra columns become metadata), gzip allowed.
    #[staticmethod]
    #[pyo3(signature = (path, *, case_sensitive=false, whole_words=true, overlaps="longest", fold_accents=false))]
    fn from_tsv(
        py: Python<'_>,
        path: PathBuf,
        case_sensitive: bool,
        whole_words: bool,
        overlaps: &str,
        fold_accents: bool,
    ) -> PyResult<Self> {
        from_file(
            py,
            path,
            Format::Tsv,
            (case_sensitive, whole_words, overlaps, fold_accents),
        )
    }

    /// Entries from a CSV file with the same columns as `from_tsv`, gzip allowed.
    #[staticmethod]
    #[pyo3(signature = (path, *, case_sensitive=false, whole_words=true, overlaps="longest", fold_accents=false))]
    fn from_csv(
        py: Python<'_>,
        path: PathBuf,
        case_sensitive: bool,
        whole_words: bool,
        overlaps: &str,
        fold_accents: bool,
    ) -> PyResult<Self> {
        from_file(
            py,
            path,
            Format::Csv,
            (case_sensitive, whole_words, overlaps, fold_accents),
        )
    }

    /// Entries from a JSONL file, one `{"id", "label", "names", "meta"}` object per line,
    /// gzip allowed.
    #[staticmethod]
    #[pyo3(signature = (path, *, case_sensitive=false, whole_words=true, overlaps="longest", fold_accents=false))]
    fn from_jsonl(
        py: Python<'_>,
        path: PathBuf,
        case_sensitive: bool,
        whole_words: bool,
        overlaps: &str,
        fold_accents: bool,
    ) -> PyResult<Self> {
        from_file(
            py,
            path,
            Format::Jsonl,
            (case_sensitive, whole_words, overlaps, fold_accents),
        )
    }

    /// Saves the gazetteer (its options and entries, checksummed) to `path`; the file is
    /// written under a temporary name and renamed, so it is never left half written.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let inner = self.inner.clone();
        py.detach(|| inner.save(&path))
            .map_err(|e| to_py_err(py, e))
    }

    /// Loads a gazetteer saved with `save`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let g = py
            .detach(|| Gazetteer::load(&path))
            .map_err(|e| to_py_err(py, e))?;
        Ok(PyGazetteer { inner: Arc::new(g) })
    }

    /// Every mention in `text`, in order, as `Match` objects with code-point offsets
    /// (`text[m.start:m.end] == m.text`).
    fn find<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
        let utf8 = Utf8::of(text)?;
        let utf8 = utf8.text()?;
        let py = text.py();
        let spans = guarded(py, || {
            spans(utf8, &self.inner.find_known(utf8.str, utf8.ascii))
        })?;
        list(py, self.matches(text, &spans, &Objects::new(py)))
    }

    /// `find` over many texts, in parallel on the Rust pool with the GIL released.
    /// `threads` defaults to LEXISCAN_NUM_THREADS or all cores; 1 runs serially.
    #[pyo3(signature = (texts, threads=None))]
    fn find_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = texts.py();
        let texts = Texts::extract(texts)?;
        let objects = Objects::new(py);
        let docs = &texts.strings;
        // Code points are counted on the pool too: only creating the Python objects
        // needs the GIL.
        batch_list(
            py,
            &texts.texts()?,
            thread_count(threads)?,
            |t| spans(t, &self.inner.find_known(t.str, t.ascii)),
            |i, spans, next| {
                // The search has since read other texts: fetch the next document's header
                // (each match refers to it) and spans while this one's matches are made.
                if let (Some(doc), Some(next)) = (docs.get(i + 1), next) {
                    prefetch(doc.as_ptr());
                    prefetch(next.as_ptr());
                }
                list(py, self.matches(&docs[i], &spans, &objects))
            },
        )
    }

    /// The number of entries.
    fn __len__(&self) -> usize {
        self.inner.entries().len()
    }

    /// The entries, as dicts.
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in self.inner.entries() {
            list.append(entry_dict(py, e)?)?;
        }
        Ok(list)
    }

    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let o = self.inner.options();
        let d = PyDict::new(py);
        d.set_item("case_sensitive", o.case_sensitive)?;
        d.set_item("whole_words", o.whole_words)?;
        d.set_item("overlaps", format!("{:?}", o.overlaps).to_lowercase())?;
        d.set_item("fold_accents", o.fold_accents)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Gazetteer({} entries, {} distinct names)",
            self.inner.entries().len(),
            self.inner.distinct_names()
        )
    }

    /// Pickles as its saved form (options, entries and, for whole-word search, the
    /// built index, so that unpickling a large gazetteer does not build it again).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let bytes = PyBytes::new(py, &slf.get().inner.to_bytes());
        let restore = slf.get_type().getattr("_from_bytes")?;
        Ok((restore, PyTuple::new(py, [bytes])?))
    }

    #[staticmethod]
    fn _from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let g = py
            .detach(|| Gazetteer::from_bytes(data))
            .map_err(|e| to_py_err(py, e))?;
        Ok(PyGazetteer { inner: Arc::new(g) })
    }

    /// A fingerprint of the specification (options and entries): equal gazetteers have
    /// equal fingerprints. Used by `__dask_tokenize__` and worker caches.
    fn fingerprint(&self) -> String {
        format!("{:08x}", crc32fast::hash(&self.inner.specification()))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyGazetteer>() {
            Ok(o) => {
                Arc::ptr_eq(&self.inner, &o.get().inner)
                    || self.inner.specification() == o.get().inner.specification()
            }
            Err(_) => false,
        }
    }
}

fn entry_dict<'py>(py: Python<'py>, e: &Entry) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", &e.id)?;
    d.set_item("label", &e.label)?;
    d.set_item("names", &e.names)?;
    d.set_item("canonical", e.canonical())?;
    d.set_item(
        "meta",
        json_to_py(py, &serde_json::Value::Object(e.meta.clone()))?,
    )?;
    d.set_item("priority", e.priority)?;
    Ok(d)
}

// A match refers to its text and gazetteer, neither of which can refer to it.
plain_pyclass!(PyMatch);

/// One mention: `start` and `end` are code-point offsets into the text (end exclusive),
/// so `text[m.start:m.end] == m.text`. `label`, `id`, `canonical` and `meta` are those of
/// the primary entry; `candidates` lists every entry with this name. Like `re.Match`, a
/// match keeps the string it was found in alive (`text` is sliced from it when read).
#[pyclass(frozen, name = "Match", module = "lexiscan._lexiscan")]
pub(crate) struct PyMatch {
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    /// The text the match was found in: `text` is sliced out of it when asked for, so
    /// that making a match copies no text.
    doc: Py<PyString>,
    name: u32,
    gazetteer: Arc<Gazetteer>,
}

impl PyMatch {
    fn raw(&self) -> Match {
        // Entries are looked up by name alone.
        Match {
            start: 0,
            end: 0,
            name: self.name,
        }
    }

    fn primary(&self) -> &Entry {
        self.gazetteer.primary(&self.raw())
    }

    fn ids(&self) -> Vec<&str> {
        self.gazetteer
            .candidates(&self.raw())
            .iter()
            .map(|&i| self.gazetteer.entry(i).id.as_str())
            .collect()
    }
}

#[pymethods]
impl PyMatch {
    #[getter]
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        substring(self.doc.bind(py), self.start, self.end)
    }

    #[getter]
    fn label(&self) -> &str {
        &self.primary().label
    }

    #[getter]
    fn id(&self) -> &str {
        &self.primary().id
    }

    #[getter]
    fn canonical(&self) -> &str {
        self.primary().canonical()
    }

    #[getter]
    fn meta<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::Value::Object(self.primary().meta.clone()))
    }

    /// Every entry with this name, primary first, as dicts.
    #[getter]
    fn candidates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for &id in self.gazetteer.candidates(&self.raw()) {
            list.append(entry_dict(py, self.gazetteer.entry(id))?)?;
        }
        Ok(list)
    }

    /// The match as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("text", self.text(py)?)?;
        d.set_item("label", self.label())?;
        d.set_item("id", self.id())?;
        d.set_item("canonical", self.canonical())?;
        d.set_item("meta", self.meta(py)?)?;
        d.set_item("candidates", self.candidates(py)?)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        Ok(format!(
            "Match(start={}, end={}, text={}, label={}, id={})",
            self.start,
            self.end,
            self.text(py)?.repr()?,
            r(self.label())?,
            r(self.id())?
        ))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<PyMatch>() {
            Ok(o) => {
                let o = o.get();
                Ok(
                    (self.start, self.end, self.ids()) == (o.start, o.end, o.ids())
                        && self.text(py)?.as_any().eq(o.text(py)?)?,
                )
            }
            Err(_) => Ok(false),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        use std::hash::{Hash, Hasher};
        let text = self.text(py)?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.start, self.end, &*text.to_cow()?, self.id()).hash(&mut h);
        Ok(h.finish())
    }
}
