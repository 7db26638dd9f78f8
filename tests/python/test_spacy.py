"""The spaCy components on spacy.blank("en") (no model to download): spans, entities
with spaCy's overlap rules, one Rust call per nlp.pipe batch, saving and loading."""

import doctest
import importlib
import importlib.metadata
import sys

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc, DocBin  # noqa: E402

import lexiscan  # noqa: E402
import lexiscan.spacy_component as component  # noqa: E402

from conftest import ROOT  # noqa: E402

ENTRIES = [
    {"id": "KP", "label": "COUNTRY", "names": ["North Korea"]},
    {"id": "KR", "label": "COUNTRY", "names": ["South Korea", "Korea"]},
    {"id": "PY", "label": "CITY", "names": ["Pyongyang"]},
]
TEXT = "North Korea fired 2 missiles from Pyongyang, over 300 km, said South Korea."


@pytest.fixture
def names_tsv(tmp_path):
    path = tmp_path / "names.tsv"
    lines = ["label\tcanonical\talias\tid"]
    for e in ENTRIES:
        lines += [f"{e['label']}\t{e['names'][0]}\t{n}\t{e['id']}" for n in e["names"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def spans(doc, key):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[key]]


def test_the_examples_in_the_module_docs_run():
    assert doctest.testmod(component).failed == 0


def test_every_match_in_the_span_group_and_entities_by_spacy_rules(names_tsv):
    nlp = spacy.blank("en")
    nlp.add_pipe("lexiscan_gazetteer", config={"gazetteer": str(names_tsv), "annotate_ents": True})
    doc = nlp(TEXT)
    # overlaps="all": "Korea" inside "North Korea" and "South Korea" is a match too.
    assert spans(doc, "lexiscan_gazetteer") == [
        ("North Korea", "COUNTRY", "KP"),
        ("Korea", "COUNTRY", "KR"),
        ("Pyongyang", "CITY", "PY"),
        ("South Korea", "COUNTRY", "KR"),
        ("Korea", "COUNTRY", "KR"),
    ]
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("North Korea", "KP"), ("Pyongyang", "PY"), ("South Korea", "KR")]
    expected = spacy.util.filter_spans(list(doc.spans["lexiscan_gazetteer"]))
    assert list(doc.ents) == expected
    # The spans are the matches lexiscan finds, in code points.
    found = lexiscan.Gazetteer.from_tsv(names_tsv, overlaps="all").find(TEXT)
    assert [(s.start_char, s.end_char) for s in doc.spans["lexiscan_gazetteer"]] == [(m.start, m.end) for m in found]


def test_existing_entities_are_kept_or_replaced_as_the_filter_says(names_tsv):
    def run(ents_filter):
        nlp = spacy.blank("en")
        config = {"gazetteer": str(names_tsv), "annotate_ents": True}
        if ents_filter:
            config["ents_filter"] = {"@misc": ents_filter}
        nlp.add_pipe("lexiscan_gazetteer", config=config)
        doc = nlp.make_doc(TEXT)
        doc.ents = [doc.char_span(0, 5, label="PERSON")]  # "North", from an earlier model
        return [(e.text, e.label_) for e in nlp.get_pipe("lexiscan_gazetteer")(doc).ents][0]

    assert run(None) == ("North Korea", "COUNTRY")  # longest first, as filter_spans
    assert run("spacy.prioritize_existing_ents_filter.v1") == ("North", "PERSON")
    assert run("spacy.prioritize_new_ents_filter.v1") == ("North Korea", "COUNTRY")


def test_quantities_component_labels_and_fields():
    nlp = spacy.blank("en")
    nlp.add_pipe("lexiscan_quantities", config={"annotate_ents": True})
    doc = nlp(TEXT)
    assert spans(doc, "lexiscan_quantities") == [("2", "CARDINAL", ""), ("300 km", "QUANTITY", "")]
    km = doc.spans["lexiscan_quantities"][1]._.lexiscan_quantity
    assert (km["value"], km["unit"], km["si_value"], km["qualifier"]) == (300.0, "kilometer", 300000.0, "over")
    assert [e.label_ for e in doc.ents] == ["CARDINAL", "QUANTITY"]
    money_only = spacy.blank("en")
    money_only.add_pipe("lexiscan_quantities", config={"kinds": ["money"], "spans_key": "money"})
    assert spans(money_only("5 km for $5"), "money") == [("$5", "MONEY", "")]
    # The fields travel with the Doc (they live in user_data).
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again.spans["lexiscan_quantities"][1]._.lexiscan_quantity == km
    via_docbin = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert via_docbin.spans["lexiscan_quantities"][1]._.lexiscan_quantity == km
    assert [(e.text, e.label_) for e in via_docbin.ents] == [(e.text, e.label_) for e in doc.ents]


class CountingGazetteer:
    """Stands in for the Gazetteer and counts the batch calls."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def find_batch(self, texts, threads=None):
        self.calls.append(len(texts))
        return self.inner.find_batch(texts, threads=threads)


def test_nlp_pipe_makes_one_rust_call_per_batch(names_tsv):
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("lexiscan_gazetteer", config={"gazetteer": str(names_tsv)})
    texts = [f"{i}: {TEXT}" if i % 3 else "nothing here" for i in range(10)]
    one_by_one = [spans(nlp(t), "lexiscan_gazetteer") for t in texts]
    counter = CountingGazetteer(pipe.gazetteer)
    pipe._gazetteer = counter
    batched = [spans(d, "lexiscan_gazetteer") for d in nlp.pipe(texts, batch_size=4)]
    assert batched == one_by_one
    assert counter.calls == [4, 4, 2]


def test_a_saved_pipeline_loads_without_the_original_file(names_tsv, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("lexiscan_gazetteer", config={"gazetteer": str(names_tsv), "annotate_ents": True, "threads": 1})
    nlp.add_pipe("lexiscan_quantities", config={"decimal": "comma", "spans_key": "q"})
    nlp.initialize()
    before = nlp(TEXT + " 3,5 kg")
    nlp.to_disk(tmp_path / "pipeline")
    names_tsv.unlink()  # the saved gazetteer.lxs must be what is loaded
    loaded = spacy.load(tmp_path / "pipeline")
    after = loaded(TEXT + " 3,5 kg")
    assert loaded.pipe_names == ["lexiscan_gazetteer", "lexiscan_quantities"]
    assert spans(after, "lexiscan_gazetteer") == spans(before, "lexiscan_gazetteer")
    assert spans(after, "q") == spans(before, "q") and after.spans["q"][-1]._.lexiscan_quantity["value"] == 3.5
    assert [(e.text, e.label_) for e in after.ents] == [(e.text, e.label_) for e in before.ents]
    assert loaded.get_pipe("lexiscan_gazetteer").threads == 1
    # The same through bytes.
    fresh = spacy.blank("en")
    fresh.add_pipe("lexiscan_gazetteer", config={"annotate_ents": True})
    fresh.add_pipe("lexiscan_quantities", config={"decimal": "comma", "spans_key": "q"})
    fresh.from_bytes(nlp.to_bytes())
    assert spans(fresh(TEXT), "lexiscan_gazetteer") == spans(before, "lexiscan_gazetteer")[:5]


def test_the_built_in_gazetteer_and_bad_paths(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("lexiscan_gazetteer", config={"overlaps": "longest"})
    assert spans(nlp("He flew to Moscow."), "lexiscan_gazetteer") == [("Moscow", "CITY", "geonames:524901")]
    bad = spacy.blank("en")
    bad.add_pipe("lexiscan_gazetteer", config={"gazetteer": str(tmp_path / "names.txt")})
    with pytest.raises(ValueError, match="expected a .lxs, .tsv"):
        bad.initialize()
    missing = spacy.blank("en")
    missing.add_pipe("lexiscan_gazetteer", config={"gazetteer": str(tmp_path / "missing.tsv")})
    with pytest.raises(FileNotFoundError):
        missing("text")
    with pytest.raises(TypeError, match="lexiscan.Gazetteer"):
        nlp.get_pipe("lexiscan_gazetteer").gazetteer = "names.tsv"


def test_factories_are_declared_as_entry_points():
    if sys.version_info < (3, 11):
        pytest.skip("reads pyproject.toml with tomllib (Python 3.11+)")
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["entry-points"]["spacy_factories"]
    assert set(declared) == {"lexiscan_gazetteer", "lexiscan_quantities"}
    for name, target in declared.items():
        module, attr = target.split(":")
        assert getattr(importlib.import_module(module), attr) is spacy.registry.factories.get(name)
    try:
        installed = importlib.metadata.entry_points(group="spacy_factories")
        importlib.metadata.distribution("lexiscan")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("lexiscan runs from the source tree here, not installed: no entry points to read")
    assert {ep.name: ep.value for ep in installed if ep.name.startswith("lexiscan_")} == declared


def test_spacy_finds_the_factories_through_the_entry_points(tmp_path):
    # A distribution that only declares pyproject's entry points: spaCy must find and
    # load the factories from them, with nothing importing lexiscan.spacy_component.
    if sys.version_info < (3, 11):
        pytest.skip("reads pyproject.toml with tomllib (Python 3.11+)")
    import os
    import subprocess
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["entry-points"]["spacy_factories"]
    info = tmp_path / "lexiscan_entry_points-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lexiscan-entry-points\nVersion: 0\n")
    lines = ["[spacy_factories]"] + [f"{k} = {v}" for k, v in declared.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('lexiscan_gazetteer')\n"
        "nlp.add_pipe('lexiscan_quantities')\n"
        "doc = nlp('Moscow paid $5m')\n"
        "print([s.text for s in doc.spans['lexiscan_gazetteer']], [s.text for s in doc.spans['lexiscan_quantities']])\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "['Moscow', '$'] ['$5m']"
