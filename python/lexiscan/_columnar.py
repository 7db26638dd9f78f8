"""Columnar results: the Rust core fills Arrow buffers; this module wraps them in pyarrow
arrays without creating one Python object per mention. pyarrow, pandas and polars are
optional: each function imports what it needs and says how to install it."""

from __future__ import annotations

from typing import Any, Dict, Tuple


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{module} is needed for this; install it with `pip install {extra}`"
        ) from e


def _array(pa: Any, spec: Tuple[Any, ...]) -> Any:
    kind, rows, validity = spec[0], spec[1], spec[2]
    valid = pa.py_buffer(validity) if validity is not None else None
    if kind == "coded_large_string":
        # (codes, dictionary length, dictionary offsets, dictionary bytes): pyarrow
        # gathers each row's string from the dictionary, in C++.
        codes = pa.Array.from_buffers(pa.int32(), rows, [None, pa.py_buffer(spec[3])])
        offsets, data = pa.py_buffer(spec[5]), pa.py_buffer(spec[6])
        dictionary = pa.Array.from_buffers(pa.large_string(), spec[4], [None, offsets, data])
        return dictionary.take(codes)
    buffers = [pa.py_buffer(b) for b in spec[3:]]
    if kind == "int64":
        return pa.Array.from_buffers(pa.int64(), rows, [valid, *buffers])
    if kind == "float64":
        return pa.Array.from_buffers(pa.float64(), rows, [valid, *buffers])
    if kind == "large_string":
        return pa.Array.from_buffers(pa.large_string(), rows, [valid, *buffers])
    raise ValueError(f"unknown column kind {kind!r}")


def table(columns: Dict[str, Tuple[Any, ...]]) -> Any:
    """A pyarrow Table from the buffers of ``Pipeline._columns``."""
    pa = _require("pyarrow", "pyarrow")
    names = list(columns)
    return pa.table([_array(pa, columns[n]) for n in names], names=names)
