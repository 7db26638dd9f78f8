"""The exceptions lexiscan raises.

Every error is a ``LexiscanError``; the ones about bad input are also ``ValueError``.
A missing file is the built-in ``FileNotFoundError`` and other I/O problems ``OSError``.
"""


class LexiscanError(Exception):
    """Base class of lexiscan's errors (also raised, with "internal error", if the Rust
    core ever panics: a panic never crashes the interpreter)."""


class ParseError(LexiscanError, ValueError):
    """A malformed row or record in an input file; the message names file, line and field."""


class InvalidEntryError(LexiscanError, ValueError):
    """Entries that cannot make a gazetteer (a missing field, an empty name, a bad option)."""


class InvalidFileError(LexiscanError, ValueError):
    """A saved gazetteer that is corrupt, truncated, from another program or version."""


class BuildError(LexiscanError):
    """The matcher could not be built (for example, too large)."""
