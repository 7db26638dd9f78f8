"""Hypothesis over arbitrary Unicode: spans slice back, batches equal single calls."""

from hypothesis import given, settings
from hypothesis import strategies as st

import lexiscan

G = lexiscan.Gazetteer(
    [
        {"id": "a", "label": "X", "names": ["straße", "東京", "e\u0301cole", "Σίσυφος", "a b"]},
        {"id": "b", "label": "Y", "names": ["🙂 face", "ab", "München"]},
    ]
)
# Every match, overlapping ones too, over the same names and a few that overlap them.
G_ALL = lexiscan.Gazetteer(
    [
        {"id": "a", "label": "X", "names": ["straße", "東京", "e\u0301cole", "Σίσυφος", "a b"]},
        {"id": "b", "label": "Y", "names": ["🙂 face", "ab", "München"]},
        {"id": "c", "label": "Z", "names": ["東京都", "b 🙂", "face 12", "STRASSE 東京"]},
    ],
    overlaps="all",
)
Q = lexiscan.Quantities(include_non_quantities=True)
PARTS = st.sampled_from(["STRASSE", "東京都", "école", "ΣΊΣΥΦΟΣ", "a\nb", "🙂 face", "AB", "MÜNCHEN", "12", "$3.5m", "½", " ", "\u0301", "km", "°C"])
TEXTS = st.one_of(st.text(max_size=80), st.lists(st.one_of(PARTS, st.text(max_size=4)), max_size=12).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_span_slices_back(text):
    for m in G.find(text):
        assert text[m.start : m.end] == m.text
    for q in Q.find(text):
        assert text[q.start : q.end] == q.text


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, max_size=8))
def test_find_batch_equals_find(texts):
    assert G.find_batch(texts) == [G.find(t) for t in texts]
    assert Q.find_batch(texts, threads=2) == [Q.find(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_overlapping_spans_slice_back(text):
    for m in G_ALL.find(text):
        assert text[m.start : m.end] == m.text


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, max_size=8))
def test_pipeline_docs_equal_find(texts):
    docs = lexiscan.Pipeline(G_ALL, Q).run(texts)
    assert [(d.text, len(d)) for d in docs] == [(t, len(t)) for t in texts]
    assert [d.entities for d in docs] == [G_ALL.find(t) for t in texts]
    assert [d.quantities for d in docs] == [Q.find(t) for t in texts]
