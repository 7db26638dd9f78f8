"""lexiscan on Spark: mentions from a DataFrame's text column with ``mapInArrow``.

Needs ``pyspark`` (and Java): ``pip install "lexiscan[spark]"``.

>>> import lexiscan, lexiscan.spark
>>> df = spark.read.parquet("articles/")                                  # doctest: +SKIP
>>> p = lexiscan.Pipeline(lexiscan.Gazetteer.default(), lexiscan.Quantities())
>>> entities, quantities = lexiscan.spark.mentions(df, p, id="id")       # doctest: +SKIP
>>> entities.write.parquet("entities/")                                   # doctest: +SKIP

The matcher is broadcast once (``SparkContext.broadcast``) and unpickled through the
same per-process cache as ``lexiscan.dask``, so a Python worker builds it once. Spark
forks its Python workers from a daemon: lexiscan's Rust pool is created lazily, per
process, so a forked worker builds its own on first use.
"""

from __future__ import annotations

import functools
from typing import Any, Iterator, List, Optional, Tuple

from . import _shipping
from ._shipping import Shipped, cache_info, clear_cache

__all__ = ["cache_info", "clear_cache", "mentions", "task_threads"]


def task_threads(threads: Optional[int] = None) -> Optional[int]:
    """The Rust thread count for a call made here: ``threads`` if given; inside a Spark
    task, the cores the task was given (``spark.task.cpus``, 1 by default: Spark already
    runs one task per core); else None (lexiscan's default)."""
    if threads is not None:
        return threads
    try:
        from pyspark import TaskContext
    except ImportError:
        return None
    context = TaskContext.get()
    if context is None:
        return None
    try:
        return max(1, int(context.cpus()))
    except (AttributeError, TypeError, ValueError):  # pyspark < 3.3 has no cpus()
        return 1


def _empty_table(which: int) -> Any:
    from . import Pipeline

    return Pipeline().to_arrow([])[which]


def _map_batches(
    batches: Iterator[Any],
    shipped: Any,
    which: int,
    text: str,
    id: str,
    threads: Optional[int],
    schema: Any,
) -> Iterator[Any]:
    """The function ``mapInArrow`` runs on a worker: each Arrow batch of (id, text) →
    one batch of mentions (one Rust call), ``doc`` set to the row's id.

    ``shipped`` is a Spark Broadcast of a Shipped matcher, a Shipped, or None for an
    engine that is not configured. ``schema`` is the pyarrow schema Spark expects."""
    import pyarrow as pa

    if shipped is not None and not isinstance(shipped, Shipped):
        shipped = shipped.value  # a Broadcast: Spark unpickles it once per worker process
    n = threads if threads is not None else task_threads()
    for batch in batches:
        texts: List[str] = _shipping.texts_of(batch.column(text).to_pylist())
        if shipped is None:
            table = _empty_table(which)
        else:
            table = shipped.value.to_arrow(texts, threads=n)[which]
        ids = batch.column(id).take(table.column("doc").combine_chunks())
        table = table.set_column(0, pa.field("doc", ids.type), ids)
        # The core writes large_string; Spark wants the string types of its own schema.
        for out in table.cast(schema).to_batches():
            yield out


def _spark_schema(id_type: Any, which: int) -> Any:
    import pyarrow as pa
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    kinds = {pa.int64(): LongType(), pa.float64(): DoubleType(), pa.large_string(): StringType()}
    fields = [StructField("doc", id_type, True)]
    for f in _empty_table(which).schema:
        if f.name != "doc":
            fields.append(StructField(f.name, kinds[f.type], True))
    return StructType(fields)


def _arrow_schema(df: Any, schema: Any) -> Any:
    """The pyarrow schema Spark expects back from mapInArrow for ``schema``."""
    from pyspark.sql.pandas.types import to_arrow_schema

    conf = df.sparkSession.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    large = str(conf).lower() == "true"
    try:
        return to_arrow_schema(schema, prefers_large_types=large)
    except TypeError:  # older pyspark: no large types at all
        return to_arrow_schema(schema)


def mentions(
    df: Any,
    matcher: Any,
    *,
    id: str,
    text: str = "text",
    threads: Optional[int] = None,
) -> Tuple[Any, Any]:
    """(entities, quantities): two Spark DataFrames, one row per mention, from the texts
    in column ``text`` of ``df``.

    ``matcher`` is a Gazetteer, Quantities or Pipeline; the table of an engine it lacks
    has no rows. Columns are those of ``Pipeline.to_arrow``, except that ``doc`` holds
    the value of column ``id`` (required: Spark rows have no stable position; add one
    with ``pyspark.sql.functions.monotonically_increasing_id`` if needed). Offsets are
    code points; a null text has no mentions. Each table is its own ``mapInArrow`` that
    runs only its engine, one Rust call per Arrow batch; ``df.cache()`` first if reading
    the input twice is expensive. ``threads``: Rust threads per call (default: the
    task's ``spark.task.cpus``).
    """
    for name, role in ((text, "text"), (id, "id")):
        if name not in df.columns:
            raise KeyError(f"no {role} column {name!r} (columns: {df.columns})")
    context = df.sparkSession.sparkContext
    source = df.select(id, text) if id != text else df.select(text)
    id_type = df.schema[id].dataType
    out = []
    for which, pipeline in enumerate(_shipping.split(matcher)):
        schema = _spark_schema(id_type, which)
        shipped = context.broadcast(Shipped(pipeline)) if pipeline is not None else None
        fn = functools.partial(
            _map_batches,
            shipped=shipped,
            which=which,
            text=text,
            id=id,
            threads=threads,
            schema=_arrow_schema(df, schema),
        )
        out.append(source.mapInArrow(fn, schema))
    return out[0], out[1]
