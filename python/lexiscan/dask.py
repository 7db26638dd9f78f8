"""lexiscan on Dask: mentions from a ``dask.dataframe`` or a ``dask.bag``.

Needs ``dask[dataframe]`` (and ``distributed`` for a cluster): ``pip install "lexiscan[dask]"``.

>>> import dask.dataframe as dd, lexiscan, lexiscan.dask
>>> df = dd.read_parquet("articles/", columns=["id", "text"])          # doctest: +SKIP
>>> p = lexiscan.Pipeline(lexiscan.Gazetteer.default(), lexiscan.Quantities())
>>> entities, quantities = lexiscan.dask.mentions(df, p, id="id")    # doctest: +SKIP
>>> entities.to_parquet("entities/")                                    # doctest: +SKIP

The matcher reaches each worker once: with a ``distributed`` client it is scattered to
every worker (``broadcast=True``), and in any case it travels wrapped so that a worker
process that unpickles it again finds it in a small per-process cache instead of
rebuilding it (``cache_info()`` counts the builds). Each call on a worker runs on as many
Rust threads as the worker has task threads (``threads_per_worker``), so processes ×
threads does not oversubscribe the machine.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, List, Optional, Set, Tuple

import dask.bag as db
import dask.dataframe as dd
from dask.base import normalize_token

from . import _shipping
from ._lexiscan import Gazetteer, Quantities
from ._lexiscan import Pipeline as _BasePipeline
from ._shipping import Shipped, cache_info, clear_cache

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask without distributed: no workers to set up
    WorkerPlugin = object  # type: ignore[misc,assignment]

__all__ = ["RustThreads", "annotate", "cache_info", "clear_cache", "mentions", "worker_threads"]


@normalize_token.register((Gazetteer, Quantities, _BasePipeline))
def _tokenize(matcher: Any) -> Tuple[str, str]:
    # Dask hashes every task argument to name tasks; the default for an unknown object
    # is to pickle it. The specification's hash names a matcher in every process alike.
    return (type(matcher).__name__, _shipping.identity(matcher))


def worker_threads(threads: Optional[int] = None) -> Optional[int]:
    """The Rust thread count for a call made here: ``threads`` if given; inside a Dask
    worker, the worker's number of task threads (``threads_per_worker``); else None,
    which means lexiscan's default (``LEXISCAN_NUM_THREADS`` or all cores).

    Within one worker, concurrent tasks share one Rust pool of that size, so a worker
    never runs more busy threads than it was given."""
    if threads is not None:
        return threads
    try:
        from distributed import get_worker
    except ImportError:  # plain dask: the local schedulers share one pool per process
        return None
    try:
        return int(get_worker().state.nthreads)
    except (ValueError, AttributeError):  # not inside a worker task
        return None


class RustThreads(WorkerPlugin):
    """A worker plugin that sets ``LEXISCAN_NUM_THREADS`` to the worker's number of task
    threads, unless the worker's environment already sets it.

    Calls made through this module pass ``threads=`` anyway; this sizes everything
    else on the worker too, chiefly the parallel build of a gazetteer when it is
    unpickled there (otherwise a pool of all cores in every worker process).
    ``mentions`` and ``annotate`` register it on the current client; register it
    yourself (``client.register_plugin(RustThreads())``) for other lexiscan calls.
    It must run before the worker's first lexiscan call, which reads the variable once.
    """

    name = "lexiscan-rust-threads"

    def setup(self, worker: Any) -> None:
        os.environ.setdefault("LEXISCAN_NUM_THREADS", str(worker.state.nthreads))


_plugged: Set[str] = set()  # ids of the clients whose workers have the plugin


def _client(scatter: Optional[bool]) -> Any:
    """The current distributed client (None when there is none), with RustThreads
    registered on its workers."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        client = None
    if client is not None and client.asynchronous:
        client = None  # its calls would return coroutines: keep the in-task path
    if client is None and scatter:
        raise ValueError("scatter=True needs a running distributed.Client")
    if client is not None and client.id not in _plugged:
        # Workers that join later get the plugin from the scheduler.
        client.register_plugin(RustThreads())
        _plugged.add(client.id)
    return client


def _ship(shipped: Optional[Shipped], scatter: Optional[bool]) -> Any:
    """The task argument standing for ``shipped``: a Future of its broadcast copy when
    a distributed client is running (and scatter is not False), else the Shipped
    wrapper itself."""
    if shipped is None:
        return None
    client = _client(scatter)
    if client is None or scatter is False:
        return shipped
    # hash=True names the data by its token, the specification's hash (so Dask does
    # not pickle it to name it); the same matcher scattered again by a later call is
    # found in the workers' caches instead of being rebuilt.
    return client.scatter(shipped, broadcast=True, hash=True)


def _table(shipped: Optional[Shipped], which: int, texts: List[str], threads: Optional[int]) -> Any:
    """Entities (which=0) or quantities (which=1) of ``texts`` as a pyarrow Table whose
    ``doc`` column is the position in ``texts``."""
    from . import Pipeline

    if shipped is None:  # the engine is not configured: an empty table of the right shape
        return Pipeline().to_arrow([])[which]
    return shipped.value.to_arrow(texts, threads=worker_threads(threads))[which]


def _partition(
    part: Any, shipped: Optional[Shipped], which: int, text: str, id: Optional[str], threads: Optional[int]
) -> Any:
    """One partition (a pandas DataFrame) → one row per mention; ``doc`` holds the
    document's id (the ``id`` column, or the index when id is None)."""
    import pandas as pd

    column = part[text]
    missing = column.isna()
    texts = column.where(~missing, "").tolist() if missing.any() else column.tolist()
    out = _table(shipped, which, texts, threads).to_pandas()
    keys = part.index if id is None else part[id]
    # take() on the pandas object keeps its dtype (an extension dtype included), so the
    # meta computed from an empty partition matches every real partition.
    out["doc"] = pd.Series(keys.take(out["doc"].to_numpy()).array, index=out.index)
    return out


def _as_frame(df: Any, text: str) -> Any:
    if isinstance(df, dd.Series):
        return df.to_frame(name=text)
    if not isinstance(df, dd.DataFrame):
        raise TypeError(f"expected a dask DataFrame or Series, not {type(df).__name__}")
    return df


def mentions(
    df: Any,
    matcher: Any,
    *,
    text: str = "text",
    id: Optional[str] = None,
    threads: Optional[int] = None,
    scatter: Optional[bool] = None,
) -> Tuple[Any, Any]:
    """(entities, quantities): two lazy Dask DataFrames, one row per mention, from the
    texts in column ``text`` of ``df`` (a Dask DataFrame, or a Series of texts).

    ``matcher`` is a Gazetteer, Quantities or Pipeline; the table of an engine it lacks
    has no rows. Columns are those of ``Pipeline.to_arrow``, except that ``doc`` holds
    the document's id: the values of column ``id``, or the index when ``id`` is None.
    Offsets are code points. A missing text (None, NaN) has no mentions.

    Each table is one ``map_partitions`` that runs only its engine, one GIL-free Rust
    call per partition; computing both together (``dask.compute(entities, quantities)``
    or two ``to_parquet(..., compute=False)``) reads the input once.

    ``threads``: Rust threads per call (default: the worker's ``threads_per_worker``).
    ``scatter``: broadcast the matcher to the workers first (default: when a
    ``distributed`` client is running).
    """
    df = _as_frame(df, text)
    if text not in df.columns:
        raise KeyError(f"no text column {text!r} (columns: {list(df.columns)})")
    if id is not None and id not in df.columns:
        raise KeyError(f"no id column {id!r} (columns: {list(df.columns)})")
    columns = [text] if id is None or id == text else [id, text]
    df = df[columns]
    out = []
    for which, pipeline in enumerate(_shipping.split(matcher)):
        shipped = Shipped(pipeline) if pipeline is not None else None
        # The output's dtypes, from the same code on an empty partition.
        meta = _partition(df._meta, shipped, which, text, id, 1)
        arg = _ship(shipped, scatter)
        out.append(df.map_partitions(_partition, arg, which, text, id, threads, meta=meta))
    return out[0], out[1]


def _annotate_partition(
    items: Iterable[Any], shipped: Shipped, text: Optional[str], threads: Optional[int]
) -> List[Any]:
    items = list(items)
    if text is None:
        texts = _shipping.texts_of(items)
    else:
        texts = _shipping.texts_of([item.get(text) for item in items])
    docs = shipped.value.run(texts, threads=worker_threads(threads))
    out = []
    for item, doc in zip(items, docs):
        d = doc.to_dict()
        if text is None:
            out.append(d)
        else:
            out.append({**item, "entities": d["entities"], "quantities": d["quantities"]})
    return out


def annotate(
    bag: Any,
    matcher: Any,
    *,
    text: Optional[str] = None,
    threads: Optional[int] = None,
    scatter: Optional[bool] = None,
) -> Any:
    """A Dask Bag of results, one per item of ``bag``, in order, one Rust call per
    partition.

    Items are texts (``text=None``): each result is ``Doc.to_dict()`` (``text``,
    ``entities``, ``quantities``, mentions as dicts). Or records (dicts) whose text is
    the field ``text``: each result is a copy of the record with ``entities`` and
    ``quantities`` added. ``threads`` and ``scatter`` as for ``mentions``.
    """
    if not isinstance(bag, db.Bag):
        raise TypeError(f"expected a dask Bag, not {type(bag).__name__}")
    arg = _ship(Shipped(_shipping.as_pipeline(matcher)), scatter)
    return bag.map_partitions(_annotate_partition, arg, text, threads)
