//! The crate's error type.

use std::fmt;
use std::path::PathBuf;

/// An error from building, loading or saving a gazetteer.
///
/// Messages name where the problem is (file, line, field) so that bad input can be fixed
/// without guessing. Match on [`Error::kind`] to react to a class of error.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The class of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed (including a missing file).
    Io,
    /// An input row or record is malformed: the message names file, line and field.
    Parse,
    /// The entries cannot make a gazetteer (e.g. a name that is empty after folding).
    InvalidEntry,
    /// A saved gazetteer is corrupt, truncated, from another program or another format version.
    InvalidFile,
    /// The automaton could not be built (e.g. too large).
    Build,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error {
            kind,
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    pub(crate) fn io(path: &std::path::Path, err: std::io::Error) -> Error {
        let message = format!("{}: {}", path.display(), err);
        Error::with_source(ErrorKind::Io, message, err)
    }

    pub(crate) fn parse(path: &Location, message: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Parse, format!("{path}: {message}"))
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The underlying I/O error, if this error came from one (e.g. to tell a missing file).
    pub fn io_error(&self) -> Option<&std::io::Error> {
        self.source.as_ref()?.downcast_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e.as_ref() as &(dyn std::error::Error + 'static))
    }
}

/// A place in an input: a file (or a label such as `<memory>`) and a 1-based line.
#[derive(Clone, Debug)]
pub(crate) struct Location {
    pub file: PathBuf,
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
