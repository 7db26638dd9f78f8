"""lexiscan.spark: Spark local[2] gives the single-process result (marked `spark`, needs
Java), and the worker-side function works in processes forked after the parent built
its Rust pool, as Spark's Python workers are."""

import gzip
import itertools
import json
import multiprocessing
import os
import shutil
import sys
import warnings

import pytest

pa = pytest.importorskip("pyarrow")

import lexiscan  # noqa: E402
from lexiscan import _shipping  # noqa: E402

from conftest import ROOT, SHARED  # noqa: E402

ENTITY_COLUMNS = ["doc", "start", "end", "text", "label", "id", "canonical"]
QUANTITY_COLUMNS = ["doc", "start", "end", "text", "kind", "value", "upper", "unit", "si_value", "qualifier", "counted"]


def corpus():
    """400 Reuters articles when ../shared/data is here, else the bundled sample, one
    document per non-empty line; a null text at the end either way."""
    reuters = SHARED / "corpus_reuters21578.jsonl.gz"
    if reuters.exists():
        with gzip.open(reuters, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in itertools.islice(f, 400)]
        pairs = [(r["id"], r["text"]) for r in records]
    else:
        pairs = []
        with open(ROOT / "data" / "sample" / "sample.jsonl", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                pieces = [p for p in record["text"].split("\n") if p.strip()]
                pairs += [(f"{record['id']}:{i}", p) for i, p in enumerate(pieces)]
    return pairs + [("null-text", None)]


def one_process(pipeline, pairs):
    """Rows of Pipeline.to_arrow in this process, ``doc`` mapped to the ids."""
    entities, quantities = pipeline.to_arrow([t or "" for _, t in pairs])
    ids = [i for i, _ in pairs]

    def rows(table, columns):
        values = [table.column(c).to_pylist() for c in columns]
        values[0] = [ids[d] for d in values[0]]
        return sorted(zip(*values), key=repr)

    return rows(entities, ENTITY_COLUMNS), rows(quantities, QUANTITY_COLUMNS)


def spark_rows(df, columns):
    return sorted((tuple(r[c] for c in columns) for r in df.collect()), key=repr)


def _batches(pairs, size):
    ids, texts = zip(*pairs)
    table = pa.table({"id": pa.array(ids, pa.string()), "text": pa.array(texts, pa.string())})
    return table.to_batches(max_chunksize=size)


def _in_a_forked_child(args):
    """What a Spark Python worker does with one partition (runs in a forked process)."""
    from lexiscan import spark as lspark

    shipped, which, pairs, schema = args
    out = list(lspark._map_batches(iter(_batches(pairs, 16)), shipped, which, "text", "id", 2, schema))
    return [tuple(row.values()) for b in out for row in b.to_pylist()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_worker_function_in_processes_forked_after_the_pool_started():
    # No Spark needed: this is the function mapInArrow runs, in forked processes.
    p = lexiscan.Pipeline(lexiscan.Gazetteer.default(), lexiscan.Quantities())
    pairs = corpus()
    expected_e, _ = one_process(p, pairs)
    p.run(["Moscow"] * 8, threads=2)  # the parent's pool of two threads exists now
    entities, _ = _shipping.split(p)
    # As Spark asks for it: the id's type for doc, plain (not large) strings.
    plain = {pa.large_string(): pa.string(), pa.int64(): pa.int64(), pa.float64(): pa.float64()}
    fields = entities.to_arrow([])[0].schema
    schema = pa.schema([pa.field("doc", pa.string())] + [pa.field(f.name, plain[f.type]) for f in fields][1:])
    chunks = [pairs[i : i + 50] for i in range(0, len(pairs), 50)]
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a threaded process may deadlock; forking a
        # process whose Rust pool is running is exactly what this test is about.
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        with multiprocessing.get_context("fork").Pool(2) as pool:
            parts = pool.map(_in_a_forked_child, [(_shipping.Shipped(entities), 0, c, schema) for c in chunks])
    got = sorted((row for part in parts for row in part), key=repr)
    assert got == expected_e


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java: no `java` on PATH")
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    # Workers must run this interpreter (which has lexiscan); the loopback address
    # avoids Spark's warning about resolving the host name.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("lexiscan-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_local_gives_the_single_process_result(spark):
    from lexiscan import spark as lspark

    p = lexiscan.Pipeline(lexiscan.Gazetteer.default(), lexiscan.Quantities())
    pairs = corpus()
    expected_e, expected_q = one_process(p, pairs)
    df = spark.createDataFrame(pairs, "id string, text string")
    entities, quantities = lspark.mentions(df, p, id="id")
    assert entities.columns == ENTITY_COLUMNS and "si_unit" in quantities.columns
    assert spark_rows(entities, ENTITY_COLUMNS) == expected_e
    assert spark_rows(quantities, QUANTITY_COLUMNS) == expected_q
    # Two Rust threads inside each forked Python worker: the pool starts there.
    entities2, _ = lspark.mentions(df, p.gazetteer, id="id", threads=2)
    assert spark_rows(entities2, ENTITY_COLUMNS) == expected_e
    with pytest.raises(KeyError, match="no id column 'key'"):
        lspark.mentions(df, p, id="key")
