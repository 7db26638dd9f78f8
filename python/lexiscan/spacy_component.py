"""spaCy pipeline components: ``lexiscan_gazetteer`` and ``lexiscan_quantities``.

Needs spaCy 3: ``pip install "lexiscan[spacy]"``. The factories are registered through
the ``spacy_factories`` entry point, so ``nlp.add_pipe("lexiscan_gazetteer")`` works
once lexiscan is installed, without importing this module:

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("lexiscan_gazetteer", config={"annotate_ents": True})
>>> _ = nlp.add_pipe("lexiscan_quantities", config={"annotate_ents": True})
>>> doc = nlp("Kim flew to Moscow with over $5m in cash.")
>>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["lexiscan_gazetteer"]]
[('Moscow', 'CITY', 'geonames:524901'), ('$', 'CURRENCY', 'currency:USD')]
>>> [(s.text, s.label_, s._.lexiscan_quantity["value"]) for s in doc.spans["lexiscan_quantities"]]
[('$5m', 'MONEY', 5000000.0)]
>>> [(e.text, e.label_) for e in doc.ents]  # the longer of overlapping matches wins
[('Moscow', 'CITY'), ('$5m', 'MONEY')]

Every match goes to ``doc.spans[spans_key]`` (a span group may overlap); with
``annotate_ents`` the matches are also merged into ``doc.ents`` by ``ents_filter``,
spaCy's own rules (by default ``spacy.first_longest_spans_filter.v1``: longest first,
then earliest, existing entities included). Match offsets are widened to whole tokens
(``Doc.char_span(..., alignment_mode="expand")``). ``nlp.pipe`` makes one GIL-free Rust
call per batch.

This module is not named ``spacy`` so that, inside and outside the package,
``import spacy`` always means spaCy itself.
"""

# No `from __future__ import annotations`: spaCy validates a factory's configuration
# against the annotations of its signature, which must be real types.

import pathlib
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_chain_spans, minibatch

from ._lexiscan import Gazetteer, Quantities

__all__ = ["GazetteerComponent", "QuantitiesComponent", "make_gazetteer", "make_quantities"]

SpansFilter = Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]]

# Quantity kinds as the entity labels spaCy's English models use (OntoNotes), so that
# lexiscan's spans sit beside a model's; kinds without an OntoNotes label are upper-cased.
QUANTITY_LABELS = {
    "number": "CARDINAL",
    "ordinal": "ORDINAL",
    "money": "MONEY",
    "percent": "PERCENT",
    "quantity": "QUANTITY",
    "date": "DATE",
    "year": "DATE",
    "time": "TIME",
}

if not Span.has_extension("lexiscan_quantity"):
    # The quantity's fields (value, unit, SI value, qualifier...) as a dict; stored in
    # doc.user_data, so it survives Doc.to_bytes / DocBin.
    Span.set_extension("lexiscan_quantity", default=None)


class _Component:
    """What both components share: batching, spans, entities."""

    def __init__(
        self,
        name: str,
        spans_key: str,
        annotate_ents: bool,
        ents_filter: SpansFilter,
        threads: Optional[int],
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.annotate_ents = annotate_ents
        self.ents_filter = ents_filter
        self.threads = threads

    def _find(self, texts: List[str]) -> List[List[Any]]:
        raise NotImplementedError

    def _span(self, doc: Doc, found: Any) -> Optional[Span]:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        """Annotates one Doc."""
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotates Docs in batches of ``batch_size``: one Rust call per batch, run on
        the Rust pool with the GIL released."""
        for batch in minibatch(stream, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        for doc, found in zip(docs, self._find([d.text for d in docs])):
            spans = [s for s in (self._span(doc, f) for f in found) if s is not None]
            doc.spans[self.spans_key] = spans
            if self.annotate_ents:
                doc.ents = sorted(self.ents_filter(list(doc.ents), spans))

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *, nlp: Optional[Language] = None) -> None:
        """Nothing to train; ``nlp.initialize()`` calls this, which loads the data now
        rather than on the first document, so a bad path fails early."""


class GazetteerComponent(_Component):
    """Finds a gazetteer's names: one span per match in ``doc.spans[spans_key]``, label
    the entry's label, ``kb_id_`` the entry's id.

    ``gazetteer`` is a path (a saved ``.lxs``, or ``.tsv`` / ``.csv`` / ``.jsonl``,
    gzip allowed) or None for the built-in gazetteer; it is loaded on first use or by
    ``nlp.initialize()``, and ``to_disk`` saves the built gazetteer so that a saved
    pipeline does not need the original file. The options apply when building from
    names (not to a saved ``.lxs``, which keeps its own). ``overlaps`` defaults to
    ``"all"``: the span group gets every match and ``ents_filter`` decides the entities.
    """

    def __init__(
        self,
        name: str = "lexiscan_gazetteer",
        *,
        gazetteer: Optional[str] = None,
        case_sensitive: bool = False,
        whole_words: bool = True,
        overlaps: str = "all",
        fold_accents: bool = False,
        spans_key: str = "lexiscan_gazetteer",
        annotate_ents: bool = False,
        ents_filter: SpansFilter = filter_chain_spans,
        threads: Optional[int] = None,
    ) -> None:
        super().__init__(name, spans_key, annotate_ents, ents_filter, threads)
        self.source = gazetteer
        self.options: Dict[str, Any] = {
            "case_sensitive": case_sensitive,
            "whole_words": whole_words,
            "overlaps": overlaps,
            "fold_accents": fold_accents,
        }
        self._gazetteer: Optional[Gazetteer] = None

    @property
    def gazetteer(self) -> Gazetteer:
        """The Gazetteer (loaded from ``gazetteer=`` on first use); assignable."""
        if self._gazetteer is None:
            self._gazetteer = self._load()
        return self._gazetteer

    @gazetteer.setter
    def gazetteer(self, value: Gazetteer) -> None:
        if not isinstance(value, Gazetteer):
            raise TypeError(f"expected a lexiscan.Gazetteer, not {type(value).__name__}")
        self._gazetteer = value

    def _load(self) -> Gazetteer:
        if self.source is None:
            return Gazetteer.default(**self.options)
        path = pathlib.Path(self.source)
        name = path.name.lower()
        if name.endswith(".gz"):
            name = name[:-3]
        if name.endswith(".lxs"):
            return Gazetteer.load(path)
        if name.endswith(".tsv"):
            return Gazetteer.from_tsv(path, **self.options)
        if name.endswith(".csv"):
            return Gazetteer.from_csv(path, **self.options)
        if name.endswith(".jsonl"):
            return Gazetteer.from_jsonl(path, **self.options)
        raise ValueError(f"{self.source}: expected a .lxs, .tsv, .csv or .jsonl file (gzip allowed)")

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *, nlp: Optional[Language] = None) -> None:
        """Loads the gazetteer now (see the class docs)."""
        self.gazetteer

    def _find(self, texts: List[str]) -> List[List[Any]]:
        return self.gazetteer.find_batch(texts, threads=self.threads)

    def _span(self, doc: Doc, m: Any) -> Optional[Span]:
        return doc.char_span(m.start, m.end, label=m.label, kb_id=m.id, alignment_mode="expand")

    def to_disk(self, path: Union[str, pathlib.Path], *, exclude: Iterable[str] = ()) -> None:
        """Saves the gazetteer as ``path/gazetteer.lxs`` (the configuration is in the
        pipeline's config.cfg)."""
        path = pathlib.Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.gazetteer.save(path / "gazetteer.lxs")

    def from_disk(self, path: Union[str, pathlib.Path], *, exclude: Iterable[str] = ()) -> "GazetteerComponent":
        """Loads what ``to_disk`` saved."""
        self._gazetteer = Gazetteer.load(pathlib.Path(path) / "gazetteer.lxs")
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The gazetteer in its saved form (the bytes of a ``.lxs`` file)."""
        # __reduce__ gives exactly the saved form: (Gazetteer._from_bytes, (bytes,)).
        return bytes(self.gazetteer.__reduce__()[1][0])

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "GazetteerComponent":
        """Loads what ``to_bytes`` returned."""
        self._gazetteer = Gazetteer._from_bytes(data)
        return self


class QuantitiesComponent(_Component):
    """Finds numbers and quantities: one span per quantity in ``doc.spans[spans_key]``,
    labelled with ``QUANTITY_LABELS`` (MONEY, PERCENT, QUANTITY, CARDINAL, ORDINAL...),
    the quantity's fields as a dict in ``span._.lexiscan_quantity``. Options as for
    ``lexiscan.Quantities``; they are the whole state, kept in the pipeline's config."""

    def __init__(
        self,
        name: str = "lexiscan_quantities",
        *,
        decimal: str = "auto",
        units: bool = True,
        include_non_quantities: bool = False,
        kinds: Optional[List[str]] = None,
        spans_key: str = "lexiscan_quantities",
        annotate_ents: bool = False,
        ents_filter: SpansFilter = filter_chain_spans,
        threads: Optional[int] = None,
    ) -> None:
        super().__init__(name, spans_key, annotate_ents, ents_filter, threads)
        self.quantities = Quantities(
            decimal=decimal, units=units, include_non_quantities=include_non_quantities, kinds=kinds
        )

    def _find(self, texts: List[str]) -> List[List[Any]]:
        return self.quantities.find_batch(texts, threads=self.threads)

    def _span(self, doc: Doc, q: Any) -> Optional[Span]:
        label = QUANTITY_LABELS.get(q.kind, q.kind.upper())
        span = doc.char_span(q.start, q.end, label=label, alignment_mode="expand")
        if span is not None:
            span._.lexiscan_quantity = q.to_dict()
        return span


_ENTS_FILTER = {"@misc": "spacy.first_longest_spans_filter.v1"}


@Language.factory(
    "lexiscan_gazetteer",
    assigns=["doc.spans", "doc.ents"],
    default_config={
        "gazetteer": None,
        "case_sensitive": False,
        "whole_words": True,
        "overlaps": "all",
        "fold_accents": False,
        "spans_key": "lexiscan_gazetteer",
        "annotate_ents": False,
        "ents_filter": _ENTS_FILTER,
        "threads": None,
    },
)
def make_gazetteer(
    nlp: Language,
    name: str,
    gazetteer: Optional[str],
    case_sensitive: bool,
    whole_words: bool,
    overlaps: str,
    fold_accents: bool,
    spans_key: str,
    annotate_ents: bool,
    ents_filter: SpansFilter,
    threads: Optional[int],
) -> GazetteerComponent:
    """The ``lexiscan_gazetteer`` factory (see ``GazetteerComponent``)."""
    return GazetteerComponent(
        name,
        gazetteer=gazetteer,
        case_sensitive=case_sensitive,
        whole_words=whole_words,
        overlaps=overlaps,
        fold_accents=fold_accents,
        spans_key=spans_key,
        annotate_ents=annotate_ents,
        ents_filter=ents_filter,
        threads=threads,
    )


@Language.factory(
    "lexiscan_quantities",
    assigns=["doc.spans", "doc.ents"],
    default_config={
        "decimal": "auto",
        "units": True,
        "include_non_quantities": False,
        "kinds": None,
        "spans_key": "lexiscan_quantities",
        "annotate_ents": False,
        "ents_filter": _ENTS_FILTER,
        "threads": None,
    },
)
def make_quantities(
    nlp: Language,
    name: str,
    decimal: str,
    units: bool,
    include_non_quantities: bool,
    kinds: Optional[List[str]],
    spans_key: str,
    annotate_ents: bool,
    ents_filter: SpansFilter,
    threads: Optional[int],
) -> QuantitiesComponent:
    """The ``lexiscan_quantities`` factory (see ``QuantitiesComponent``)."""
    return QuantitiesComponent(
        name,
        decimal=decimal,
        units=units,
        include_non_quantities=include_non_quantities,
        kinds=kinds,
        spans_key=spans_key,
        annotate_ents=annotate_ents,
        ents_filter=ents_filter,
        threads=threads,
    )
