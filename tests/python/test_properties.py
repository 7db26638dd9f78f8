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
