"""The Python API: objects, options, errors, pickling, threads, fork, columnar output."""

import concurrent.futures
import gc
import gzip
import html.parser
import os
import pickle
import sys

import pytest

import lexiscan

ENTRIES = [
    {"id": "GE", "label": "COUNTRY", "names": ["Georgia"], "meta": {"iso": "GE"}},
    {"id": "US-GA", "label": "SUBDIVISION", "names": ["Georgia"], "priority": -1},
    {"id": "KP", "label": "COUNTRY", "names": ["North Korea", "DPRK"]},
    {"id": "US", "label": "COUNTRY", "names": ["United States"], "case_sensitive_names": ["US"]},
]


@pytest.fixture(scope="module")
def g():
    return lexiscan.Gazetteer(ENTRIES)


def test_match_fields_and_code_point_offsets(g):
    text = "Émigrés from North\nKorea and Georgia; us and US"
    found = g.find(text)
    assert [(m.text, m.id) for m in found] == [("North\nKorea", "KP"), ("Georgia", "GE"), ("US", "US")]
    for m in found:
        assert text[m.start : m.end] == m.text
    georgia = found[1]
    assert georgia.label == "COUNTRY" and georgia.canonical == "Georgia"
    assert georgia.meta == {"iso": "GE"}
    assert [c["id"] for c in georgia.candidates] == ["GE", "US-GA"]
    d = georgia.to_dict()
    assert d["start"] == georgia.start and d["candidates"][1]["label"] == "SUBDIVISION"
    assert repr(georgia).startswith("Match(start=") and "'Georgia'" in repr(georgia)
    assert georgia == g.find(text)[1] and hash(georgia) == hash(g.find(text)[1])


def test_result_objects_outlive_their_text_and_skip_the_cycle_collector(g):
    import gc

    text = "".join(["Émigrés from ", "North Korea"])  # not a constant: dies with `del`
    m = g.find(text)[0]
    del text
    assert (m.start, m.end, m.text) == (13, 24, "North Korea")
    # Matches and quantities refer to nothing that refers back to them: a batch of many
    # is not walked by every collection that creating it triggers.
    assert not gc.is_tracked(m)
    assert not gc.is_tracked(lexiscan.Quantities().find("5 km")[0])


def test_result_objects_hold_and_release_their_references():
    # Matches, quantities and docs are allocated by hand: each holds one reference to its
    # text and class, gives them back when freed, and outlives the gazetteer it came from.
    g = lexiscan.Gazetteer(ENTRIES)
    q = lexiscan.Quantities()
    text = "".join(["North Korea and Georgia, ", "5 km away"])
    held = [text, q, lexiscan.Match, lexiscan.Quantity, lexiscan.Doc]

    def refs():
        return [sys.getrefcount(x) for x in held]

    before = refs()
    results = [g.find(text), g.find_batch([text] * 10), q.find_batch([text] * 10)]
    results.append(lexiscan.Pipeline(g, q).run([text] * 10))
    # A match holds its text, a doc too; a quantity holds a copy of its own text.
    matches, quantities, docs = 2 + 20 + 20, 10 + 10, 10
    more = [matches + docs, 0, matches, quantities, docs]
    assert [n - b for n, b in zip(refs(), before)] == more
    del g
    assert [m.label for m in results[1][9]] == ["COUNTRY", "COUNTRY"]
    assert results[3][9].entities[1].candidates[1]["id"] == "US-GA"
    del results
    assert refs() == before


def test_batches_pause_the_cycle_collector_and_restore_it(g):
    import gc

    texts = ["North Korea and Georgia, 5 km away"] * 3000
    q = lexiscan.Quantities()
    pipeline = lexiscan.Pipeline(g, q)
    calls = [lambda: g.find_batch(texts), lambda: q.find_batch(texts), lambda: pipeline.run(texts)]
    collections = []
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    try:
        for call in calls:
            del collections[:]
            found = call()
            assert len(found) == 3000
            # Thousands of result objects (a collection every 700 without the pause)
            # triggered at most the one collection that may follow re-enabling it.
            assert collections.count("start") <= 1 and gc.isenabled()
        gc.disable()
        for call in calls:
            call()
            assert not gc.isenabled()
    finally:
        gc.enable()
        gc.callbacks.pop()


def test_options_and_the_default_gazetteer():
    g = lexiscan.Gazetteer([{"id": "SP", "label": "CITY", "names": "São Paulo"}], fold_accents=True)
    assert [m.text for m in g.find("Sao Paulo and SAO PAULO")] == ["Sao Paulo", "SAO PAULO"]
    assert g.options["fold_accents"] is True
    world = lexiscan.Gazetteer.default()
    assert len(world) > 1000
    assert [m.id for m in world.find("He flew to Moscow.")] == ["geonames:524901"]


def test_find_batch_equals_find_and_accepts_threads(g):
    texts = [f"{i} DPRK Georgia" if i % 2 else "nothing" for i in range(300)]
    one_by_one = [g.find(t) for t in texts]
    assert g.find_batch(texts) == one_by_one
    assert g.find_batch(texts, threads=1) == one_by_one
    assert g.find_batch(iter(texts), threads=3) == one_by_one
    with pytest.raises(ValueError):
        g.find_batch(texts, threads=0)
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        g.find_batch(["a", 1])
    with pytest.raises(TypeError, match="single str"):
        g.find_batch("a text")


def test_quantities_objects_and_options():
    q = lexiscan.Quantities()
    (x,) = q.find("over 10,000 soldiers")
    assert (x.text, x.kind, x.value, x.qualifier, x.counted) == ("10,000", "number", 10000.0, "over", "soldiers")
    assert x.unit is None and x.upper is None
    money = q.find("a $3–4m deal")[0]
    assert (money.kind, money.value, money.upper, money.unit) == ("money", 3e6, 4e6, "USD")
    km = q.find("12 km/h")[0]
    assert (km.unit, km.dimension, km.si_unit) == ("kilometer-per-hour", "speed", "m/s")
    assert km.to_dict()["si_value"] == pytest.approx(12 / 3.6)
    assert "kind='quantity'" in repr(km)
    assert q.find("in 2024") == []
    years = lexiscan.Quantities(include_non_quantities=True).find("in 2024")
    assert [(y.text, y.kind) for y in years] == [("2024", "year")]
    assert [x.kind for x in lexiscan.Quantities(kinds=["money"]).find("5 km and $5")] == ["money"]
    assert lexiscan.Quantities(decimal="comma").find("1,5 kg")[0].value == 1.5
    with pytest.raises(ValueError, match="decimal"):
        lexiscan.Quantities(decimal="dot")
    with pytest.raises(ValueError, match="unknown kind"):
        lexiscan.Quantities(kinds=["money", "weight"])
    texts = ["$5", "10 km", "nothing", "ünïcode 5 °C"]
    assert q.find_batch(texts) == [q.find(t) for t in texts]


def test_batches_on_several_threads_keep_the_order(g):
    # With more than one thread the objects of the first texts are made while the pool
    # searches the later ones, chunk by chunk: the results must still come in order.
    q = lexiscan.Quantities()
    p = lexiscan.Pipeline(gazetteer=g, quantities=q)
    texts = [f"{i} km from the DPRK" if i % 3 else "" for i in range(500)]

    def docs(threads):
        return [(d.text, d.entities, d.quantities) for d in p.run(texts, threads=threads)]

    serial = docs(1)
    assert [len(e) + len(n) for _, e, n in serial].count(2) == 333
    for threads in (2, 5):
        assert docs(threads) == serial
        assert q.find_batch(texts, threads=threads) == [n for _, _, n in serial]


def test_pipeline_docs_and_columns(g):
    p = lexiscan.Pipeline(gazetteer=g, quantities=lexiscan.Quantities())
    texts = ["DPRK sent over 10,000 troops", "Georgia: 5 km", "ничего"]
    docs = p.run(texts)
    assert [len(d.entities) for d in docs] == [1, 1, 0]
    assert docs[0].quantities[0].qualifier == "over"
    assert docs[1].to_dict()["quantities"][0]["unit"] == "kilometer"
    only_q = lexiscan.Pipeline(quantities=lexiscan.Quantities()).run(texts)
    assert only_q[0].entities == [] and len(only_q[0].quantities) == 1
    pa = pytest.importorskip("pyarrow")
    ents, qs = p.to_arrow(texts)
    assert isinstance(ents, pa.Table)
    assert ents.column("id").to_pylist() == ["KP", "GE"]
    assert ents.column("doc").to_pylist() == [0, 1]
    assert qs.column("unit").to_pylist() == [None, "kilometer"]
    assert qs.column("qualifier").to_pylist() == ["over", None]
    assert qs.column("si_value").to_pylist() == [None, 5000.0]
    pytest.importorskip("pandas")
    edf, qdf = p.to_pandas(texts)
    assert list(edf["text"]) == ["DPRK", "Georgia"]
    assert list(qdf["start"]) == [15, 9]
    pl = pytest.importorskip("polars")
    pe, pq = p.to_polars(texts)
    assert isinstance(pe, pl.DataFrame) and isinstance(pq, pl.DataFrame)
    assert pe["id"].to_list() == ["KP", "GE"] and pe["doc"].to_list() == [0, 1]
    assert pq["unit"].to_list() == [None, "kilometer"]
    assert pq["si_value"].to_list() == [None, 5000.0]


def test_columns_equal_objects_on_many_texts(g):
    pa = pytest.importorskip("pyarrow")
    p = lexiscan.Pipeline(gazetteer=g, quantities=lexiscan.Quantities())
    # Nulls first appear at different rows (a bitmap is made at the first null), and
    # entries repeat (labels, ids and names are coded through a dictionary).
    texts = [f"Ünïcode {i}: Georgia paid ${i}.5m for {i} km, North Korea {i}%" for i in range(200)]
    texts += ["5 km " * k + "between 5 and 10 soldiers, DPRK" for k in range(12)]
    texts += ["", "Georgia", "DPRK DPRK Georgia"]
    # Over 128 kB of text, searched in several pieces on one thread and in chunks on
    # more, whose tables are joined: a column's first null comes in a later piece
    # ("upper" is never null in the first texts), the same entries in several pieces.
    texts = [f"between {i} and 10 soldiers left Georgia for DPRK" for i in range(4000)] + texts
    texts += texts[:3000]
    docs = p.run(texts, threads=1)
    for threads in (1, 2, 3):
        ents, qs = p.to_arrow(texts, threads=threads)
        for table, attr in [(ents, "entities"), (qs, "quantities")]:
            rows = [
                {"doc": i, **{k: v for k, v in x.to_dict().items() if k in table.column_names}}
                for i, d in enumerate(docs)
                for x in getattr(d, attr)
            ]
            assert table.to_pylist() == rows
    # The tables' memory is lexiscan's, kept alive by the tables alone.
    del p, docs
    gc.collect()
    assert ents.column("id").to_pylist()[:2] == ["GE", "KP"]
    assert qs.column("upper").to_pylist()[0] == 10.0
    assert ents.schema.field("label").type == pa.large_string()
    assert ents.schema.field("id").type == pa.large_string()
    assert qs.schema.field("unit").type == pa.large_string()
    assert ents.column_names == ["doc", "start", "end", "text", "label", "id", "canonical"]


def test_columns_copy_labels_ids_and_names_of_any_length():
    pytest.importorskip("pyarrow")
    # Values shorter and longer than 16 bytes, non-ASCII ones, an empty canonical name's
    # neighbours: each row's is copied out of a dictionary of the entries seen.
    entries = [
        {"id": "x" * 40, "label": "L", "names": ["Alpha", "Ärger " * 6]},
        {"id": "y", "label": "M" * 17, "names": ["Beta"]},
        {"id": "z" * 16, "label": "Ω" * 9, "names": ["Gamma"]},
    ]
    p = lexiscan.Pipeline(gazetteer=lexiscan.Gazetteer(entries))
    texts = [f"Gamma, Beta and Alpha {i}; " + "Ärger " * 6 for i in range(300)] + ["Beta"]
    ents, _ = p.to_arrow(texts)
    rows = [(i, m.label, m.id, m.canonical) for i, t in enumerate(texts) for m in p.gazetteer.find(t)]
    assert list(zip(*(ents.column(c).to_pylist() for c in ["doc", "label", "id", "canonical"]))) == rows
    assert {r[2] for r in rows} == {"x" * 40, "y", "z" * 16}


def test_pickle_round_trips(g):
    g2 = pickle.loads(pickle.dumps(g))
    assert g2 == g and g2.fingerprint() == g.fingerprint()
    assert g2.find("Georgia and DPRK") == g.find("Georgia and DPRK")
    q = lexiscan.Quantities(decimal="comma", kinds=["money"])
    q2 = pickle.loads(pickle.dumps(q))
    assert q2 == q and repr(q2) == repr(q)
    p = lexiscan.Pipeline(gazetteer=g, quantities=q)
    p2 = pickle.loads(pickle.dumps(p))
    assert type(p2) is lexiscan.Pipeline
    assert p2.run(["Georgia 5,5 USD"])[0].to_dict() == p.run(["Georgia 5,5 USD"])[0].to_dict()
    assert lexiscan.Pipeline(g).run(["x"])[0].quantities == []


def test_save_and_load(tmp_path, g):
    path = tmp_path / "g.lxs"
    g.save(path)
    assert lexiscan.Gazetteer.load(path) == g
    assert lexiscan.Gazetteer.load(str(path)).find("DPRK")[0].id == "KP"


def test_errors_name_their_cause(tmp_path):
    with pytest.raises(FileNotFoundError):
        lexiscan.Gazetteer.from_tsv(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("label\tcanonical\talias\nCITY\tParis\tParis\nCITY\tonly two\n", encoding="utf-8")
    with pytest.raises(lexiscan.ParseError, match="bad.tsv:3") as info:
        lexiscan.Gazetteer.from_tsv(bad)
    assert isinstance(info.value, ValueError) and isinstance(info.value, lexiscan.LexiscanError)
    with pytest.raises(lexiscan.InvalidEntryError, match=r"entries\[1\]: missing \"label\""):
        lexiscan.Gazetteer([{"id": "a", "label": "X", "names": ["a"]}, {"id": "b", "names": ["b"]}])
    with pytest.raises(lexiscan.InvalidEntryError, match="overlap"):
        lexiscan.Gazetteer([], overlaps="most")
    junk = tmp_path / "junk.lxs"
    junk.write_bytes(b"not a gazetteer")
    with pytest.raises(lexiscan.InvalidFileError):
        lexiscan.Gazetteer.load(junk)


def test_gzip_jsonl_loading(tmp_path):
    path = tmp_path / "names.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write('{"id": "x", "label": "CITY", "names": ["Xanadu"], "meta": {"pop": 3}}\n')
    g = lexiscan.Gazetteer.from_jsonl(path)
    assert g.find("to Xanadu")[0].meta == {"pop": 3}


def test_many_python_threads_at_once(g):
    texts = ["Georgia and DPRK " * 50] * 20
    expected = g.find_batch(texts)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: g.find_batch(texts, threads=2), range(16)))
    assert all(r == expected for r in results)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_the_child_of_a_fork_still_works(g):
    texts = ["Georgia and DPRK"] * 64
    expected = [[m.id for m in ms] for ms in g.find_batch(texts, threads=2)]  # pool exists now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            got = [[m.id for m in ms] for ms in g.find_batch(texts, threads=2)]
            os.write(write, b"ok" if got == expected else b"bad")
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 16) == b"ok" and status == 0


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.classes = []
        self.titles = []
        self.in_tag = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("class") == "tag":
            self.in_tag += 1
        elif tag == "span":
            self.classes.append(a.get("class"))
            self.titles.append(a.get("title"))

    def handle_endtag(self, tag):
        pass

    def handle_data(self, data):
        if self.in_tag:
            self.in_tag -= 1
        elif not data.startswith(".lexiscan-doc"):
            self.text.append(data)


def test_html_rendering_escapes_and_labels(g):
    p = lexiscan.Pipeline(g, lexiscan.Quantities())
    doc = p.run(["<b>DPRK</b> & Georgia spent $5m"])[0]
    page = lexiscan.render(doc)
    assert page == doc._repr_html_()
    assert "<b>DPRK" not in page and "&lt;b&gt;" in page
    parsed = _Collector()
    parsed.feed(page)
    assert "".join(parsed.text) == doc.text
    assert parsed.classes.count("ent") == 2 and parsed.classes.count("qty") == 1
    assert "COUNTRY" in parsed.titles and "money USD" in parsed.titles


def test_help_is_useful():
    for obj in [lexiscan.Gazetteer, lexiscan.Quantities, lexiscan.Pipeline, lexiscan.Match, lexiscan.Quantity, lexiscan.Doc]:
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert "code-point offsets" in lexiscan.Gazetteer.find.__doc__
    assert lexiscan.__version__


def test_no_rust_panic_reaches_python_as_a_crash():
    # Arbitrary, hostile text never raises anything but returns a list.
    q = lexiscan.Quantities(include_non_quantities=True)
    for text in ["\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "1" * 100000, "½" * 1000, "\x00" * 10]:
        assert isinstance(q.find(text), list)
    assert sys.getrefcount(q) > 0


def test_ascii_texts_are_read_in_place_and_others_encoded(g):
    class Lying(str):
        def isascii(self) -> bool:  # a subclass may say anything: results stay right
            return True

    q = lexiscan.Quantities()
    texts = ["Georgia paid $5m", "Géorgie: Georgia paid €5m", Lying("Ünïcode Georgia 5 km")]
    for t in texts:
        assert [(m.start, m.end, m.text) for m in g.find(t)] == [
            (m.start, m.end, t[m.start : m.end]) for m in g.find(str(t))
        ]
        assert [m.text for m in g.find(t)] == ["Georgia"]
        assert q.find(t) == q.find(str(t))
    assert g.find_batch(texts) == [g.find(t) for t in texts]
    assert q.find_batch(texts) == [q.find(t) for t in texts]
    # A string that has no UTF-8 (a lone surrogate) is refused, as before.
    for call in [lambda: g.find("\ud800 Georgia"), lambda: q.find("\ud800 5 km"), lambda: g.find_batch(["x", "\ud800"])]:
        with pytest.raises(UnicodeEncodeError):
            call()
