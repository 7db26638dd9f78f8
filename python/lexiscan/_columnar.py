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


def _array(pa: Any, spec: Tuple[Any, ...], owner: Any) -> Any:
    def buffer(address_and_size: Any) -> Any:
        if address_and_size is None:
            return None
        address, size = address_and_size
        # The memory is lexiscan's, kept alive by `owner` as long as pyarrow uses it.
        return pa.foreign_buffer(address, size, base=owner)

    kind, rows, validity = spec[0], spec[1], buffer(spec[2])
    buffers = [buffer(b) for b in spec[3:]]
    if kind == "int64":
        return pa.Array.from_buffers(pa.int64(), rows, [validity, *buffers])
    if kind == "float64":
        return pa.Array.from_buffers(pa.float64(), rows, [validity, *buffers])
    if kind == "large_string":
        return pa.Array.from_buffers(pa.large_string(), rows, [validity, *buffers])
    raise ValueError(f"unknown column kind {kind!r}")


def table(columns: Tuple[Dict[str, Tuple[Any, ...]], Any]) -> Any:
    """A pyarrow Table from one table of ``Pipeline._columns``: the buffers of each column
    and the object that owns them."""
    pa = _require("pyarrow", "pyarrow")
    specs, owner = columns
    names = list(specs)
    return pa.table([_array(pa, specs[n], owner) for n in names], names=names)
