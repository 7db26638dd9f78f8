//! Python bindings (pyo3), built by maturin as `lexiscan._lexiscan`.
//!
//! Only the module skeleton lives here for now; the Python API (Gazetteer, Quantities,
//! Pipeline) is issue 4. The core crate has no pyo3 in it, so `cargo test` never needs
//! libpython.

use pyo3::prelude::*;

#[pymodule]
fn _lexiscan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
