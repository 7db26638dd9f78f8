"""lexiscan: find names and numbers in large amounts of text.

>>> import lexiscan
>>> g = lexiscan.Gazetteer.default()
>>> [m.text for m in g.find("Kim met Putin in Moscow.")]
['Moscow']
>>> q = lexiscan.Quantities()
>>> [(x.text, x.value, x.qualifier) for x in q.find("over 10,000 soldiers")]
[('10,000', 10000.0, 'over')]

``Gazetteer`` finds names from labelled lists; ``Quantities`` finds numbers, money,
percentages and physical quantities; ``Pipeline`` runs both over many texts and returns
``Doc`` objects, or columnar tables (``to_arrow``, ``to_pandas``, ``to_polars``) with one
row per mention. Offsets are code points: ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Tuple

from . import _columnar
from ._errors import (
    BuildError,
    InvalidEntryError,
    InvalidFileError,
    LexiscanError,
    ParseError,
)
from ._lexiscan import Doc, Gazetteer, Match, Quantities, Quantity, __version__
from ._lexiscan import Pipeline as _Pipeline
from ._render import render


class Pipeline(_Pipeline):
    """Runs a gazetteer and a quantity extractor (either may be None) over texts.

    ``run(texts)`` returns one ``Doc`` per text; ``to_arrow``, ``to_pandas`` and
    ``to_polars`` return a pair of tables (entities, quantities) with one row per
    mention and a ``doc`` column giving the text's index, built without one Python
    object per mention.
    """

    def to_arrow(self, texts: Iterable[str], threads: Optional[int] = None) -> Tuple[Any, Any]:
        """(entities, quantities) as two pyarrow Tables (needs ``pyarrow``)."""
        entities, quantities = self._columns(list(texts), threads)
        return _columnar.table(entities), _columnar.table(quantities)

    def to_pandas(self, texts: Iterable[str], threads: Optional[int] = None) -> Tuple[Any, Any]:
        """(entities, quantities) as two pandas DataFrames (needs ``pandas`` and ``pyarrow``)."""
        _columnar._require("pandas", "pandas")
        entities, quantities = self.to_arrow(texts, threads)
        return entities.to_pandas(), quantities.to_pandas()

    def to_polars(self, texts: Iterable[str], threads: Optional[int] = None) -> Tuple[Any, Any]:
        """(entities, quantities) as two Polars DataFrames (needs ``polars`` and ``pyarrow``)."""
        pl = _columnar._require("polars", "polars")
        entities, quantities = self.to_arrow(texts, threads)
        return pl.from_arrow(entities), pl.from_arrow(quantities)


__all__ = [
    "BuildError",
    "Doc",
    "Gazetteer",
    "InvalidEntryError",
    "InvalidFileError",
    "LexiscanError",
    "Match",
    "ParseError",
    "Pipeline",
    "Quantities",
    "Quantity",
    "__version__",
    "render",
]
