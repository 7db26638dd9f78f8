"""lexiscan: find names and numbers in large amounts of text.

The Python API (Gazetteer, Quantities, Pipeline) is being built; see issue 4.
"""

from ._lexiscan import __version__

__all__ = ["__version__"]
