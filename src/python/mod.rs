//! Python bindings (pyo3), built by maturin as `lexiscan._lexiscan`.
//!
//! Glue only: converting inputs to Rust data, releasing the GIL for the work, code-point
//! offsets, and mapping errors (and panics) to the exceptions of `lexiscan._errors`. The
//! core crate has no pyo3 in it, so `cargo test` never needs libpython.

mod columns;
mod gazetteer;
mod pipeline;
mod quantity;

use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pyclass::boolean_struct::True;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple, PyType};
use pyo3::{ffi, PyClass, PyClassInitializer};

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

/// A text of a batch call as UTF-8, and whether it is ASCII (which a Python `str` says
/// without its text being read).
#[derive(Clone, Copy)]
pub(crate) struct Text<'a> {
    pub(crate) str: &'a str,
    pub(crate) ascii: bool,
}

/// How many chunks per thread [`batch_pieces`] cuts a batch into: small enough that
/// what the caller does with the last chunk, after the search ends, is a small tail;
/// large enough that handing a chunk over costs nothing next to searching it.
const CHUNKS_PER_THREAD: usize = 16;

/// About how much text (bytes) one thread searches before its results are used: with
/// their results, well within the L2 cache of a core.
const SERIAL_PIECE_BYTES: usize = 1 << 17;

/// `search` over every piece of `texts` (consecutive texts) with the GIL released, on
/// the Rust pool (`threads` threads), and `consume` over each piece's first index and
/// result, in order, on the calling thread with the GIL. With more than one thread the
/// caller consumes the first pieces while the pool searches the later ones (chunks,
/// sixteen per thread, taken in order); with one, the texts are searched about 128 kB
/// at a time and each piece consumed right after, while its texts and results are in
/// cache. A panic in `search` becomes a `LexiscanError`; if `consume` fails, the pool
/// stops taking chunks and its error is returned.
pub(crate) fn batch_pieces<'t, R: Send>(
    py: Python<'_>,
    texts: &[Text<'t>],
    threads: usize,
    search: impl Fn(&[Text<'t>]) -> R + Sync + Send,
    mut consume: impl FnMut(usize, R) -> PyResult<()>,
) -> PyResult<()> {
    let chunk = texts.len().div_ceil(threads * CHUNKS_PER_THREAD).max(1);
    let pool = crate::parallel::pool(threads).filter(|_| texts.len() > chunk);
    let Some(pool) = pool else {
        for piece in serial_pieces(texts) {
            let first = piece.start;
            let found = py
                .detach(|| catch_unwind(AssertUnwindSafe(|| search(&texts[piece]))))
                .map_err(|panic| panic_error(py, panic))?;
            consume(first, found)?;
        }
        return Ok(());
    };
    let chunks = texts.len().div_ceil(chunk);
    let next_chunk = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        let (next_chunk, stop, search) = (&next_chunk, &stop, &search);
        scope.spawn(move || {
            // Every thread of the pool takes the next chunk until none are left (or the
            // caller has stopped): chunks finish roughly in order.
            pool.broadcast(|_| loop {
                let k = next_chunk.fetch_add(1, Ordering::Relaxed);
                if k >= chunks || stop.load(Ordering::Relaxed) {
                    return;
                }
                let range = k * chunk..texts.len().min((k + 1) * chunk);
                let found = catch_unwind(AssertUnwindSafe(|| search(&texts[range])));
                if done_tx.send((k, found)).is_err() {
                    return;
                }
            });
        });
        let mut early: Vec<Option<std::thread::Result<R>>> = (0..chunks).map(|_| None).collect();
        let mut done_rx = Some(done_rx);
        let mut fill = || {
            for k in 0..chunks {
                while early[k].is_none() {
                    // Waiting for the pool: without the GIL, so that other Python
                    // threads run meanwhile.
                    let rx = done_rx
                        .take()
                        .expect("the receiver is put back after each wait");
                    let (rx, got) = py.detach(move || {
                        let got = rx.recv();
                        (rx, got)
                    });
                    done_rx = Some(rx);
                    let (j, found) = got.map_err(|_| {
                        raise(
                            py,
                            "LexiscanError",
                            "internal error (please report it): the search stopped early".into(),
                        )
                    })?;
                    early[j] = Some(found);
                }
                let found = early[k].take().expect("waited for above");
                let found = found.map_err(|panic| panic_error(py, panic))?;
                consume(k * chunk, found)?;
            }
            PyResult::Ok(())
        };
        let filled = fill();
        if filled.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        filled
    })
}

/// How much of the next text [`prefetched`] asks for.
const PREFETCH_BYTES: usize = 1024;

/// The texts of `piece` with their indexes, the start of each one's next asked of the
/// CPU as it is handed out (it is searched next). Each Python string lies somewhere else
/// in memory, so the hardware prefetcher, which follows a stream of reads, would wait
/// for the first lines of each (an average news text is a dozen lines).
pub(crate) fn prefetched<'a, 't>(
    piece: &'a [Text<'t>],
) -> impl Iterator<Item = (usize, Text<'t>)> + 'a {
    piece.iter().enumerate().map(move |(i, &t)| {
        if let Some(next) = piece.get(i + 1) {
            let bytes = next.str.as_bytes();
            for line in bytes[..bytes.len().min(PREFETCH_BYTES)].chunks(64) {
                crate::text::swar::prefetch(line.as_ptr());
            }
        }
        (i, t)
    })
}

/// `texts` cut into consecutive ranges of about [`SERIAL_PIECE_BYTES`] of text each (a
/// longer text is a range of its own).
fn serial_pieces<'a>(texts: &'a [Text<'_>]) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start == texts.len() {
            return None;
        }
        let mut end = start + 1;
        let mut bytes = texts[start].str.len();
        while end < texts.len() && bytes + texts[end].str.len() <= SERIAL_PIECE_BYTES {
            bytes += texts[end].str.len();
            end += 1;
        }
        let piece = start..end;
        start = end;
        Some(piece)
    })
}

/// `search` over every text (as [`batch_pieces`] runs it), and `make` over the results,
/// in order and with the GIL, into a list: with more than one thread the objects of the
/// first texts are made while the pool searches the later ones (making them needs the
/// GIL, so they used to be a serial tail after the search). `make` is given the text's
/// index, its result and the next text's result (to prefetch). The cyclic garbage
/// collector is paused for the batch ([`GcPaused`]).
pub(crate) fn batch_list<'py, 't, R: Send, T>(
    py: Python<'py>,
    texts: &[Text<'t>],
    threads: usize,
    search: impl Fn(Text<'t>) -> R + Sync + Send,
    mut make: impl FnMut(usize, R, Option<&R>) -> PyResult<Bound<'py, T>>,
) -> PyResult<Bound<'py, PyList>> {
    let _paused = GcPaused::new(py)?;
    let mut list = Filling::new(py, texts.len())?;
    batch_pieces(
        py,
        texts,
        threads,
        |piece| {
            prefetched(piece)
                .map(|(_, t)| search(t))
                .collect::<Vec<R>>()
        },
        |first, results| {
            let mut results = results.into_iter().enumerate().peekable();
            while let Some((i, r)) = results.next() {
                let next = results.peek().map(|(_, r)| r);
                list.push(make(first + i, r, next)?);
            }
            Ok(())
        },
    )?;
    list.finish()
}

/// A Python list of known length being filled in order.
struct Filling<'py> {
    list: Bound<'py, PyList>,
    len: usize,
    filled: usize,
}

impl<'py> Filling<'py> {
    fn new(py: Python<'py>, len: usize) -> PyResult<Filling<'py>> {
        // SAFETY: we are attached to the interpreter; PyList_New returns a new list of
        // `len` empty slots, or null with an exception set.
        let list = unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyList_New(len as ffi::Py_ssize_t))?
                .cast_into_unchecked::<PyList>()
        };
        Ok(Filling {
            list,
            len,
            filled: 0,
        })
    }

    fn push<T>(&mut self, item: Bound<'py, T>) {
        if self.filled < self.len {
            // SAFETY: `filled` < `len`, and PyList_SetItem takes over the reference (it
            // fails only for an index out of range).
            unsafe {
                ffi::PyList_SetItem(
                    self.list.as_ptr(),
                    self.filled as ffi::Py_ssize_t,
                    item.into_ptr(),
                )
            };
            self.filled += 1;
        }
    }

    /// The list, once every slot is filled (a list with empty slots must not reach
    /// Python).
    fn finish(self) -> PyResult<Bound<'py, PyList>> {
        if self.filled < self.len {
            return Err(raise(
                self.list.py(),
                "LexiscanError",
                "internal error (please report it): a result list came out short".into(),
            ));
        }
        Ok(self.list)
    }
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

/// The texts of a batch call: the Python strings (a `Match` slices its text out of its
/// document's) and their UTF-8, which the pool reads without copying it again.
pub(crate) struct Texts<'py> {
    pub(crate) strings: Vec<Bound<'py, PyString>>,
    utf8: Vec<Utf8<'py>>,
}

impl<'py> Texts<'py> {
    /// Takes a sequence of Python strings, naming a bad item.
    pub(crate) fn extract(texts: &Bound<'py, PyAny>) -> PyResult<Self> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be a sequence of str, not a single str",
            ));
        }
        // (A list's or tuple's length, for the room: asking any other object for its
        // length could be costly, a lazy frame's for one.)
        let n = if texts.is_instance_of::<PyList>() || texts.is_instance_of::<PyTuple>() {
            texts.len()?
        } else {
            0
        };
        let (mut strings, mut utf8) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let is_ascii = IsAscii::new(texts.py())?;
        let list = texts.cast::<PyList>().ok();
        for (i, item) in texts.try_iter()?.enumerate() {
            if let Some(list) = list {
                prefetch_item(list, i + PREFETCH_ITEMS);
            }
            let item = item?;
            let s = item.cast_into::<PyString>().map_err(|e| {
                PyTypeError::new_err(format!(
                    "texts[{i}] is {}, not str",
                    e.into_inner()
                        .get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?;
            utf8.push(Utf8::with(&s, &is_ascii)?);
            strings.push(s);
        }
        Ok(Texts { strings, utf8 })
    }

    /// The texts as UTF-8.
    pub(crate) fn texts(&self) -> PyResult<Vec<Text<'_>>> {
        self.utf8.iter().map(Utf8::text).collect()
    }
}

/// How many items ahead [`Texts::extract`] asks the CPU for a list's strings.
const PREFETCH_ITEMS: usize = 8;

/// Asks the CPU for the object at `list[i]`, if any, without reading it: a column's
/// strings lie all over memory, and each is read in turn.
fn prefetch_item(list: &Bound<'_, PyList>, i: usize) {
    if i < list.len() {
        // SAFETY: `i` is in range; the item is borrowed, not read, and the list is
        // not changed while the GIL is held by this thread.
        let item = unsafe { ffi::PyList_GetItem(list.as_ptr(), i as ffi::Py_ssize_t) };
        crate::text::swar::prefetch(item);
    }
}

/// `str.isascii`, looked up once for a batch of texts: called as a method, looked up on
/// each string, it cost 270 instructions a text, called as a function 180. (Always
/// `str`'s own: the search trusts the answer, and a subclass may override the method.)
struct IsAscii<'py>(Bound<'py, PyAny>);

impl<'py> IsAscii<'py> {
    fn new(py: Python<'py>) -> PyResult<IsAscii<'py>> {
        Ok(IsAscii(
            py.get_type::<PyString>().getattr(intern!(py, "isascii"))?,
        ))
    }

    fn test(&self, s: &Bound<'py, PyString>) -> PyResult<bool> {
        // SAFETY: both are live objects; the call returns a new reference, or null with
        // an exception set; the argument list ends with a null pointer.
        let result = unsafe {
            Bound::from_owned_ptr_or_err(
                s.py(),
                ffi::PyObject_CallFunctionObjArgs(
                    self.0.as_ptr(),
                    s.as_ptr(),
                    std::ptr::null_mut::<ffi::PyObject>(),
                ),
            )?
        };
        Ok(result.is(&*pyo3::types::PyBool::new(s.py(), true)))
    }
}

/// A Python string's text as UTF-8. An ASCII string is read in place: CPython stores it
/// as its own UTF-8, so nothing is copied. Any other string is encoded into a new
/// `bytes`: asking CPython for its UTF-8 in place would cache a copy inside the string
/// for as long as it lives, and a column of texts would grow by that much.
pub(crate) enum Utf8<'py> {
    Ascii(Bound<'py, PyString>),
    Encoded(Bound<'py, PyBytes>),
}

impl<'py> Utf8<'py> {
    pub(crate) fn of(s: &Bound<'py, PyString>) -> PyResult<Self> {
        Self::with(s, &IsAscii::new(s.py())?)
    }

    /// [`Utf8::of`] for one of many strings.
    fn with(s: &Bound<'py, PyString>, is_ascii: &IsAscii<'py>) -> PyResult<Self> {
        Ok(if is_ascii.test(s)? {
            Utf8::Ascii(s.clone())
        } else {
            Utf8::Encoded(s.encode_utf8()?)
        })
    }

    /// The text and whether it is ASCII.
    pub(crate) fn text(&self) -> PyResult<Text<'_>> {
        Ok(Text {
            str: self.as_str()?,
            ascii: matches!(self, Utf8::Ascii(_)),
        })
    }

    pub(crate) fn as_str(&self) -> PyResult<&str> {
        match self {
            Utf8::Ascii(s) => s.to_str(),
            // An error cannot happen: Python's UTF-8 encoder writes valid UTF-8.
            Utf8::Encoded(b) => {
                std::str::from_utf8(b.as_bytes()).map_err(|e| PyValueError::new_err(e.to_string()))
            }
        }
    }
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

/// A `#[pyclass]` whose objects refer to nothing that could refer back to them (so the
/// cyclic garbage collector need not track them: untracking an object that is part of a
/// cycle would leak the cycle), made by [`Objects`]. `plain_pyclass!` implements it.
pub(crate) trait Plain:
    PyClass<Frozen = True> + Sync + Into<PyClassInitializer<Self>>
{
    /// Whether an object of the class is a header and the value, nothing else (checked
    /// once, by [`is_plain`]).
    fn is_plain(py: Python<'_>) -> bool;
}

macro_rules! plain_pyclass {
    ($($class:ty),*) => {$(
        impl $crate::python::Plain for $class {
            fn is_plain(py: pyo3::Python<'_>) -> bool {
                static PLAIN: pyo3::sync::PyOnceLock<bool> = pyo3::sync::PyOnceLock::new();
                *PLAIN.get_or_init(py, || $crate::python::is_plain::<$class>(py))
            }
        }
    )*};
}
pub(crate) use plain_pyclass;

/// Whether pyo3 lays out an object of `T` as the object header and the value right after
/// it, with nothing else to initialise (no borrow flag, dict or weak references): then
/// the object is exactly as large as that. (Only the value is not zero-sized, so it can
/// only be right after the header.) And whether it is a GC type, as pyo3 makes them all.
pub(crate) fn is_plain<T: PyClass>(py: Python<'_>) -> bool {
    let ty = T::type_object(py);
    let number = |name| ty.getattr(name).and_then(|n| n.extract::<usize>()).ok();
    number("__basicsize__") == Some(value_offset::<T>() + std::mem::size_of::<T>())
        && number("__itemsize__") == Some(0)
        && number("__flags__").is_some_and(|f| f & ffi::Py_TPFLAGS_HAVE_GC as usize != 0)
}

/// Where an object of a plain class keeps its value: right after the header.
const fn value_offset<T>() -> usize {
    std::mem::size_of::<ffi::PyObject>().next_multiple_of(std::mem::align_of::<T>())
}

/// Makes the objects of a [`Plain`] class, as `Bound::new` would but cheaper, and never
/// tracked by the cyclic garbage collector: a result list of many of them is then not
/// walked by every collection.
///
/// `Bound::new` goes through `object.__new__` (an argument tuple, a slot lookup, a check
/// for an instance dict), its allocation zeroes and tracks the object, and the object is
/// then untracked: half the cost of making a match. Here the object is allocated
/// untracked and the value written in place.
pub(crate) struct Objects<'py, T> {
    py: Python<'py>,
    /// The class, if it [is plain](Plain::is_plain); else pyo3 makes the objects.
    plain: Option<Bound<'py, PyType>>,
    value: PhantomData<T>,
}

impl<'py, T: Plain> Objects<'py, T> {
    pub(crate) fn new(py: Python<'py>) -> Self {
        Objects {
            py,
            plain: T::is_plain(py).then(|| T::type_object(py)),
            value: PhantomData,
        }
    }

    /// A new object holding `value`.
    #[inline]
    pub(crate) fn make(&self, value: T) -> PyResult<Bound<'py, T>> {
        let Some(ty) = &self.plain else {
            return self.make_by_pyo3(value);
        };
        // SAFETY: `ty` is T's type, a GC type (pyo3 gives every pyclass Py_TPFLAGS_HAVE_GC)
        // whose objects are the header and a T right after it (`is_plain`). We are
        // attached to the interpreter. PyObject_GC_New allocates such an object (as the
        // type's tp_alloc would, without zeroing and tracking it) and fills in the header,
        // with a reference to `ty` that pyo3's tp_dealloc gives back; writing the value
        // completes the object. It returns null with an exception set if out of memory.
        unsafe {
            let object = ffi::PyObject_GC_New::<ffi::PyObject>(ty.as_type_ptr());
            if object.is_null() {
                return Err(PyErr::fetch(self.py));
            }
            object
                .cast::<u8>()
                .add(value_offset::<T>())
                .cast::<T>()
                .write(value);
            Ok(Bound::from_owned_ptr(self.py, object).cast_into_unchecked())
        }
    }

    #[cold]
    fn make_by_pyo3(&self, value: T) -> PyResult<Bound<'py, T>> {
        let object = Bound::new(self.py, value)?;
        // SAFETY: `object` is a live object of a pyclass type (all have
        // Py_TPFLAGS_HAVE_GC), and we are attached to the interpreter.
        unsafe { ffi::PyObject_GC_UnTrack(object.as_ptr().cast()) };
        Ok(object)
    }
}

/// The cyclic garbage collector, paused while a batch's objects are made (and enabled
/// again on drop, if it was enabled).
///
/// Making an object of a collected type counts towards the next collection even when
/// the object is never tracked ([`Objects`]), so a batch of 100,000 matches
/// would trigger hundreds of collections, some of them over the whole heap (every module
/// and object of a notebook): 10-15 % of `find_batch` over Reuters. The objects made in
/// a batch are in no cycle, so pausing misses nothing. On one thread the interpreter is
/// held throughout, so no other Python code runs while it is paused; on more
/// ([`batch_list`]) other Python threads run while the caller waits for the pool, with
/// the collector paused until the batch returns (re-enabling it between chunks let it
/// collect a dozen times a batch).
struct GcPaused<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPaused<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPaused<'py>> {
        let gc = py.import("gc")?;
        if !gc.call_method0("isenabled")?.is_truthy()? {
            return Ok(GcPaused { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(GcPaused { gc: Some(gc) })
    }
}

impl Drop for GcPaused<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            if let Err(e) = gc.call_method0("enable") {
                e.write_unraisable(gc.py(), None);
            }
        }
    }
}

/// A list of the objects `items` makes (objects of a `#[pyclass]`, lists, ...).
pub(crate) fn list<'py, T>(
    py: Python<'py>,
    items: impl ExactSizeIterator<Item = PyResult<Bound<'py, T>>>,
) -> PyResult<Bound<'py, PyList>> {
    let len = items.len();
    let mut list = Filling::new(py, len)?;
    for item in items.take(len) {
        list.push(item?);
    }
    list.finish()
}

/// `s[start:end]`, in code points.
pub(crate) fn substring<'py>(
    s: &Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyString>> {
    // SAFETY: `s` is a live str and we are attached to the interpreter; CPython clamps
    // offsets past the end, and a null result (with an exception set) becomes an error.
    unsafe {
        Bound::from_owned_ptr_or_err(
            s.py(),
            pyo3::ffi::PyUnicode_Substring(s.as_ptr(), start as isize, end as isize),
        )
        .map(|o| o.cast_into_unchecked())
    }
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
