//! Python bindings (pyo3), built by maturin as `lexiscan._lexiscan`.
//!
//! Glue only: converting inputs to Rust data, releasing the GIL for the work, code-point
//! offsets, and mapping errors (and panics) to the exceptions of `lexiscan._errors`. The
//! core crate has no pyo3 in it, so `cargo test` never needs libpython.

mod columns;
mod gazetteer;
mod pipeline;
mod quantity;

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};

use crate::{Error, ErrorKind};

#[pymodule]
fn _lexiscan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<gazetteer::PyGazetteer>()?;
    m.add_class::<gazetteer::PyMatch>()?;
    m.add_class::<quantity::PyQuantities>()?;
    m.add_class::<quantity::PyQuantity>()?;
    m.add_class::<pipeline::PyPipeline>()?;
    m.add_class::<pipeline::PyDoc>()?;
    Ok(())
}

/// The exception class `name` of `lexiscan._errors` (the hierarchy lives in Python so
/// that, e.g., `ParseError` is both a `LexiscanError` and a `ValueError`).
fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    Ok(py
        .import("lexiscan._errors")?
        .getattr(name)?
        .cast_into::<PyType>()?)
}

fn raise(py: Python<'_>, class: &str, message: String) -> PyErr {
    match error_class(py, class) {
        Ok(ty) => PyErr::from_type(ty, message),
        Err(e) => e,
    }
}

/// Maps a lexiscan error to its Python exception: a missing file is
/// `FileNotFoundError`, other I/O errors `OSError`, the rest the `LexiscanError` classes.
pub(crate) fn to_py_err(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    match e.kind() {
        ErrorKind::Io => match e.io_error().map(|io| io.kind()) {
            Some(std::io::ErrorKind::NotFound) => PyFileNotFoundError::new_err(message),
            Some(std::io::ErrorKind::PermissionDenied) => PyPermissionError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        ErrorKind::Parse => raise(py, "ParseError", message),
        ErrorKind::InvalidEntry => raise(py, "InvalidEntryError", message),
        ErrorKind::InvalidFile => raise(py, "InvalidFileError", message),
        _ => raise(py, "BuildError", message),
    }
}

/// Runs `f`, turning a panic into a `LexiscanError` instead of a crash.
pub(crate) fn guarded<T>(py: Python<'_>, f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| panic_error(py, panic))
}

/// `f` over every text on the Rust pool (`threads` threads), with the GIL released; a
/// panic becomes a `LexiscanError` instead of a crash.
pub(crate) fn batch<R: Send>(
    py: Python<'_>,
    texts: &[String],
    threads: usize,
    f: impl Fn(&str) -> R + Sync + Send,
) -> PyResult<Vec<R>> {
    py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            crate::parallel::map_with(threads, texts, |t| f(t))
        }))
    })
    .map_err(|panic| panic_error(py, panic))
}

fn panic_error(py: Python<'_>, panic: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    raise(
        py,
        "LexiscanError",
        format!("internal error (please report it): {what}"),
    )
}

/// Copies a sequence of Python strings into Rust strings, naming a bad item.
pub(crate) fn extract_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be a sequence of str, not a single str",
        ));
    }
    let mut out = Vec::new();
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let s = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "texts[{i}] is {}, not str",
                item.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        out.push(s.to_cow()?.into_owned());
    }
    Ok(out)
}

/// The thread count for a batch call: `threads` if given, else `LEXISCAN_NUM_THREADS`
/// or all cores.
pub(crate) fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(pyo3::exceptions::PyValueError::new_err(
            "threads must be at least 1",
        )),
        Some(n) => Ok(n),
        None => Ok(crate::parallel::num_threads()),
    }
}

/// Code-point offsets for sorted-or-not byte offsets into `text`.
pub(crate) fn code_points(text: &str, bytes: impl IntoIterator<Item = usize>) -> Vec<usize> {
    crate::text::char_offsets(text, bytes)
}

/// A JSON value as a Python object (through the `json` module: metadata is small and
/// read rarely, so plain is better than clever).
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    py.import("json")?.call_method1("loads", (text,))
}
