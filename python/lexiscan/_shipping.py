"""Sending a matcher to worker processes without rebuilding it for every task.

A Gazetteer pickles as its saved form: its specification and, for whole-word search, its
built index, which loads several times faster than a build but still costs a
million-name gazetteer half a second (one that matches inside words is rebuilt: seconds).
Engines such as Dask and Spark may unpickle a task's
arguments once per task, so the matcher travels inside a ``Shipped`` wrapper whose
unpickling first looks in a small per-process cache keyed by a hash of the specification:
each process builds a given matcher once, however many tasks carry it.

Shared by ``lexiscan.dask`` and ``lexiscan.spark``; imports no third-party package.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._lexiscan import Gazetteer, Quantities
from ._lexiscan import Pipeline as _BasePipeline

# A few matchers per process: enough for a job that uses two or three gazetteers, small
# enough that a worker does not keep stale million-name gazetteers alive.
CACHE_SIZE = 4

_lock = threading.Lock()
_cache: "OrderedDict[str, Shipped]" = OrderedDict()
_stats = {"builds": 0, "hits": 0}
_builds_by_key: Dict[str, int] = {}


def as_pipeline(matcher: Any) -> Any:
    """``matcher`` (a Gazetteer, Quantities or Pipeline) as a ``lexiscan.Pipeline``."""
    from . import Pipeline  # the Python subclass, which has to_arrow

    if isinstance(matcher, Pipeline):
        return matcher
    if isinstance(matcher, _BasePipeline):
        return Pipeline(matcher.gazetteer, matcher.quantities)
    if isinstance(matcher, Gazetteer):
        return Pipeline(gazetteer=matcher)
    if isinstance(matcher, Quantities):
        return Pipeline(quantities=matcher)
    raise TypeError(
        f"expected a lexiscan Gazetteer, Quantities or Pipeline, not {type(matcher).__name__}"
    )


def split(matcher: Any) -> Tuple[Optional[Any], Optional[Any]]:
    """(a Pipeline with only the gazetteer, one with only the quantities); None for a
    missing engine. Each output table then runs only the engine it needs."""
    from . import Pipeline

    p = as_pipeline(matcher)
    entities = Pipeline(gazetteer=p.gazetteer) if p.gazetteer is not None else None
    quantities = Pipeline(quantities=p.quantities) if p.quantities is not None else None
    return entities, quantities


def identity(matcher: Any) -> str:
    """A hash of the matcher's pickled specification: equal matchers, equal identities,
    in every process. SHA-256, not a 32-bit checksum: a collision would hand a task
    another matcher from the cache and silently give wrong results."""
    return _key_of(pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL))


def _key_of(payload: bytes) -> str:
    return "lexiscan-" + hashlib.sha256(payload).hexdigest()[:32]


class Shipped:
    """A matcher wrapped for travel: pickles as (key, specification bytes); unpickling
    returns the cached copy for that key when this process has one. ``value`` is the
    matcher."""

    __slots__ = ("key", "payload", "value")

    def __init__(self, value: Any, payload: Optional[bytes] = None, key: Optional[str] = None) -> None:
        if payload is None:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.value = value
        self.payload = payload
        self.key = key if key is not None else _key_of(payload)

    def __reduce__(self) -> Tuple[Any, Tuple[str, bytes]]:
        return (_restore, (self.key, self.payload))

    def __dask_tokenize__(self) -> str:
        # Dask hashes task arguments; without this it would pickle the payload to do so.
        return self.key

    def __repr__(self) -> str:
        return f"Shipped({self.key}, {self.value!r})"


def _restore(key: str, payload: bytes) -> Shipped:
    """Unpickles a Shipped: the cached one for ``key``, or builds and caches it."""
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            _stats["hits"] += 1
            return found
        # Built under the lock: two tasks of one worker unpickling the same matcher at
        # once must not both pay for the build; builds are rare, so waiting is cheap.
        shipped = Shipped(pickle.loads(payload), payload, key)
        _stats["builds"] += 1
        _builds_by_key[key] = _builds_by_key.get(key, 0) + 1
        _cache[key] = shipped
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return shipped


def cache_info() -> Dict[str, Any]:
    """This process's matcher cache: ``builds`` (cache misses: matchers rebuilt from their
    specification), ``hits``, ``entries`` and ``builds_by_key`` (key of ``Shipped``)."""
    with _lock:
        return {
            "builds": _stats["builds"],
            "hits": _stats["hits"],
            "entries": len(_cache),
            "builds_by_key": dict(_builds_by_key),
        }


def clear_cache() -> None:
    """Empties this process's matcher cache and resets its counters."""
    with _lock:
        _cache.clear()
        _builds_by_key.clear()
        _stats["builds"] = _stats["hits"] = 0


def texts_of(values: Sequence[Any]) -> List[str]:
    """A list of texts with missing values (None, NaN, pandas NA) read as empty texts:
    a null text has no mentions; any other non-string is left for the Rust side to
    report by position."""
    out = []
    for v in values:
        if v is None or (not isinstance(v, str) and _is_missing(v)):
            out.append("")
        else:
            out.append(v)
    return out


def _is_missing(v: Any) -> bool:
    if isinstance(v, float):
        return v != v  # NaN, pandas' and numpy's missing float, is not equal to itself
    return type(v).__name__ == "NAType"  # pandas.NA, without importing pandas
