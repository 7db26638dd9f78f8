"""lexiscan.dask on a real local cluster: same results as one process, the matcher
built once per worker, one Rust pool per worker sized to its threads, Parquet in and out.

The core runs on the bundled sample corpus (one document per non-empty line); the
Reuters test uses ../shared/data and skips without it."""

import gzip
import itertools
import json
import os
import pathlib
import subprocess
import sys

import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import dask.bag as db  # noqa: E402

import lexiscan  # noqa: E402
import lexiscan.dask as ld  # noqa: E402
from lexiscan import _shipping  # noqa: E402

from conftest import ROOT, shared  # noqa: E402


def bundled_corpus() -> "pd.DataFrame":
    """The sample corpus, one document per non-empty line: 167 short and long texts."""
    ids, texts = [], []
    with open(ROOT / "data" / "sample" / "sample.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for i, piece in enumerate(p for p in record["text"].split("\n") if p.strip()):
                ids.append(f"{record['id']}:{i}")
                texts.append(piece)
    return pd.DataFrame({"id": ids, "text": texts})


def rows(df, columns):
    """A frame's rows as plain tuples, in order (dtypes differ between the pandas
    string flavours dask and pyarrow produce; the values must not)."""
    return list(zip(*[[None if pd.isna(v) else v for v in df[c].tolist()] for c in columns]))


ENTITY_COLUMNS = ["doc", "start", "end", "text", "label", "id", "canonical"]
QUANTITY_COLUMNS = ["doc", "start", "end", "text", "kind", "value", "upper", "unit", "si_value", "qualifier", "counted"]


def one_process(pipeline, corpus):
    """What Pipeline.to_pandas gives in this process, ``doc`` mapped to the document ids."""
    entities, quantities = pipeline.to_pandas(corpus["text"].tolist())
    ids = corpus["id"].tolist()
    entities["doc"] = [ids[i] for i in entities["doc"]]
    quantities["doc"] = [ids[i] for i in quantities["doc"]]
    return entities, quantities


@pytest.fixture(scope="module")
def client():
    # One cluster for every test here (starting one costs seconds), stopped before the
    # other modules run. Dashboard on a free port: 8787 in use would be a warning, and
    # warnings are errors here.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def pipeline():
    return lexiscan.Pipeline(lexiscan.Gazetteer.default(), lexiscan.Quantities())


def test_the_cluster_gives_the_single_process_result(client, pipeline):
    corpus = bundled_corpus()
    expected_e, expected_q = one_process(pipeline, corpus)
    df = dd.from_pandas(corpus, npartitions=7)
    entities, quantities = ld.mentions(df, pipeline, id="id")
    got_e, got_q = dask.compute(entities, quantities)
    assert len(got_e) > 100 and len(got_q) > 100
    assert rows(got_e, ENTITY_COLUMNS) == rows(expected_e, ENTITY_COLUMNS)
    assert rows(got_q, QUANTITY_COLUMNS) == rows(expected_q, QUANTITY_COLUMNS)
    assert list(got_e.columns) == list(expected_e.columns)
    # Without an id column, ``doc`` is the index label.
    by_index, _ = ld.mentions(dd.from_pandas(corpus[["text"]], npartitions=3), pipeline.gazetteer)
    positions = by_index.compute()
    assert positions["doc"].tolist() == [corpus["id"].tolist().index(d) for d in got_e["doc"]]


def test_reuters_through_the_cluster_equals_one_process(client, pipeline):
    path = shared("corpus_reuters21578.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in itertools.islice(f, 400)]
    corpus = pd.DataFrame({"id": [r["id"] for r in records], "text": [r["text"] for r in records]})
    expected_e, expected_q = one_process(pipeline, corpus)
    got_e, got_q = dask.compute(*ld.mentions(dd.from_pandas(corpus, npartitions=8), pipeline, id="id"))
    assert rows(got_e, ENTITY_COLUMNS) == rows(expected_e, ENTITY_COLUMNS)
    assert rows(got_q, QUANTITY_COLUMNS) == rows(expected_q, QUANTITY_COLUMNS)


def _gazetteer(tag: str) -> "lexiscan.Gazetteer":
    # A gazetteer no other test ships, so its cache key counts only this test's builds.
    return lexiscan.Gazetteer(
        [{"id": "KP", "label": "COUNTRY", "names": ["North Korea"]}, {"id": tag, "label": "TAG", "names": [tag]}]
    )


@pytest.mark.parametrize("scatter", [True, False], ids=["scattered", "in-every-task"])
def test_the_matcher_is_built_once_per_worker(client, scatter):
    g = _gazetteer(f"marker{scatter}")
    key = _shipping.Shipped(lexiscan.Pipeline(gazetteer=g)).key
    corpus = pd.DataFrame({"id": range(240), "text": [f"North Korea {i}" for i in range(240)]})
    hits_before = sum(info["hits"] for info in client.run(ld.cache_info).values())
    entities, _ = ld.mentions(dd.from_pandas(corpus, npartitions=24), g, id="id", scatter=scatter)
    assert len(entities.compute()) == 240
    infos = client.run(ld.cache_info)
    builds = {w: info["builds_by_key"].get(key, 0) for w, info in infos.items()}
    assert sum(builds.values()) >= 1 and all(n <= 1 for n in builds.values()), builds
    if scatter:  # broadcast: every worker holds it, built once each
        assert set(builds.values()) == {1}, builds
    else:  # each of the 24 tasks unpickled it; all but the first per worker hit the cache
        hits = sum(info["hits"] for info in infos.values()) - hits_before
        assert hits + sum(builds.values()) >= 24, (hits, builds)
    # Again, with the same matcher: nothing is rebuilt anywhere.
    again, _ = ld.mentions(dd.from_pandas(corpus, npartitions=24), g, id="id", scatter=scatter)
    again.compute()
    after = {w: info["builds_by_key"].get(key, 0) for w, info in client.run(ld.cache_info).items()}
    assert all(n <= 1 for n in after.values()), after


def _lexiscan_threads() -> int:
    """Rust pool threads alive in this process (rayon names them lexiscan-N)."""
    tasks = pathlib.Path("/proc/self/task")
    return sum((t / "comm").read_text().startswith("lexiscan-") for t in tasks.iterdir())


@pytest.mark.skipif(not pathlib.Path("/proc/self/task").exists(), reason="counts threads through /proc (Linux)")
def test_each_worker_gets_a_pool_of_its_own_threads(client, pipeline):
    corpus = bundled_corpus()
    entities, quantities = ld.mentions(dd.from_pandas(corpus, npartitions=4), pipeline, id="id")
    dask.compute(entities, quantities)
    # threads_per_worker=1: calls and builds run serially on the task's thread, no pool
    # at all (by default each worker would start a pool of all cores: 2 x 2 threads).
    assert set(client.run(_lexiscan_threads).values()) == {0}
    assert set(client.run(os.getenv, "LEXISCAN_NUM_THREADS").values()) == {"1"}
    assert client.submit(ld.worker_threads, pure=False).result() == 1  # inside a task
    assert ld.worker_threads() is None and ld.worker_threads(3) == 3


@pytest.mark.skipif(not pathlib.Path("/proc/self/task").exists(), reason="counts threads through /proc (Linux)")
def test_a_worker_with_two_threads_gets_a_pool_of_two(pipeline):
    corpus = bundled_corpus()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster, set_as_default=False) as two:
        with two.as_current():
            entities, _ = ld.mentions(dd.from_pandas(corpus, npartitions=4), pipeline, id="id")
            entities.compute()
        assert list(two.run(_lexiscan_threads).values()) == [2]
        assert list(two.run(os.getenv, "LEXISCAN_NUM_THREADS").values()) == ["2"]


def test_parquet_in_and_out(client, pipeline, tmp_path):
    corpus = bundled_corpus()
    corpus.to_parquet(tmp_path / "articles.parquet")
    df = dd.read_parquet(tmp_path / "articles.parquet", columns=["id", "text"])
    entities, quantities = ld.mentions(df, pipeline, id="id")
    dask.compute(
        entities.to_parquet(tmp_path / "entities", compute=False),
        quantities.to_parquet(tmp_path / "quantities", compute=False),
    )
    expected_e, expected_q = one_process(pipeline, corpus)
    got_e = pd.read_parquet(tmp_path / "entities")
    got_q = pd.read_parquet(tmp_path / "quantities")
    assert rows(got_e, ENTITY_COLUMNS) == rows(expected_e, ENTITY_COLUMNS)
    assert rows(got_q, QUANTITY_COLUMNS) == rows(expected_q, QUANTITY_COLUMNS)


def test_bags_of_texts_and_of_records(client, pipeline):
    corpus = bundled_corpus()
    texts = corpus["text"].tolist()
    expected = [d.to_dict() for d in pipeline.run(texts)]
    assert ld.annotate(db.from_sequence(texts, npartitions=5), pipeline).compute() == expected
    records = [{"id": i, "body": t} for i, t in zip(corpus["id"], texts)]
    got = ld.annotate(db.from_sequence(records, npartitions=5), pipeline.gazetteer, text="body").compute()
    assert [r["id"] for r in got] == corpus["id"].tolist()
    assert [r["entities"] for r in got] == [d["entities"] for d in expected]
    assert all(r["quantities"] == [] and r["body"] == t for r, t in zip(got, texts))


def test_missing_texts_and_mistakes(pipeline):
    corpus = pd.DataFrame({"id": [1, 2, 3], "text": ["Moscow", None, "Paris, $5"]})
    df = dd.from_pandas(corpus, npartitions=2)
    entities, quantities = ld.mentions(df, pipeline, id="id", scatter=False)
    got_e, got_q = dask.compute(entities, quantities, scheduler="threads")
    assert got_e["text"].tolist() == ["Moscow", "Paris", "$"] and got_e["doc"].tolist() == [1, 3, 3]
    assert got_q["doc"].tolist() == [3]
    assert ld.mentions(df["text"], pipeline.quantities, scatter=False)[1].compute(scheduler="sync")["doc"].tolist() == [2]
    with pytest.raises(KeyError, match="no text column 'body'"):
        ld.mentions(df, pipeline, text="body")
    with pytest.raises(KeyError, match="no id column 'key'"):
        ld.mentions(df, pipeline, id="key")
    with pytest.raises(TypeError, match="Gazetteer, Quantities or Pipeline"):
        ld.mentions(df, "names.tsv")
    with pytest.raises(TypeError, match="dask Bag"):
        ld.annotate(["a text"], pipeline)


def test_scatter_needs_a_client(pipeline, monkeypatch):
    def no_client():
        raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "default_client", no_client)
    df = dd.from_pandas(pd.DataFrame({"text": ["Moscow"]}), npartitions=1)
    with pytest.raises(ValueError, match="scatter=True needs"):
        ld.mentions(df, pipeline, scatter=True)
    entities, _ = ld.mentions(df, pipeline)  # no client: the matcher rides in the tasks
    assert entities.compute(scheduler="sync")["text"].tolist() == ["Moscow"]


def test_dask_names_a_matcher_by_its_specification(pipeline):
    import pickle

    g = pipeline.gazetteer
    assert dask.base.tokenize(g) == dask.base.tokenize(pickle.loads(pickle.dumps(g)))
    assert dask.base.tokenize(g) != dask.base.tokenize(_gazetteer("other"))
    assert dask.base.tokenize(pipeline) == dask.base.tokenize(pickle.loads(pickle.dumps(pipeline)))
    assert dask.base.tokenize(lexiscan.Quantities(decimal="comma")) != dask.base.tokenize(lexiscan.Quantities())
    # Dask asks the registered function, not pickle, for lexiscan's types.
    assert dask.base.normalize_token.dispatch(type(g)) is ld._tokenize
    shipped = _shipping.Shipped(pipeline)
    assert dask.base.tokenize(shipped) == dask.base.tokenize(_shipping.Shipped(pickle.loads(pickle.dumps(pipeline))))


def test_the_per_process_cache_builds_once_and_stays_small():
    import pickle

    _shipping.clear_cache()
    g = _gazetteer("cache")
    blob = pickle.dumps(_shipping.Shipped(g))
    first, second = pickle.loads(blob), pickle.loads(blob)
    assert first is second and first.value == g
    info = ld.cache_info()
    assert (info["builds"], info["hits"], info["entries"]) == (1, 1, 1)
    for i in range(_shipping.CACHE_SIZE + 2):
        pickle.loads(pickle.dumps(_shipping.Shipped(_gazetteer(f"evict{i}"))))
    assert ld.cache_info()["entries"] == _shipping.CACHE_SIZE
    _shipping.clear_cache()
    assert ld.cache_info() == {"builds": 0, "hits": 0, "entries": 0, "builds_by_key": {}}


def test_import_lexiscan_imports_no_engine():
    code = "import lexiscan, sys; print(sorted(m for m in ('dask', 'distributed', 'pyspark', 'spacy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "[]"
