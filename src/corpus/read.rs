//! Reading documents from files, directories and stdin: JSONL records, whole text files
//! or one document per line, gzip or not. The reader only decompresses and cuts the input
//! into blocks of whole lines (the one serial step); the workers parse the records. Every
//! record or problem comes out in input order, with its file and line, so nothing is lost
//! silently.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::jsonl::Paths;
use crate::gazetteer::load::open_maybe_gzip;

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// By file name: `.jsonl`/`.ndjson` (optionally `.gz`) are JSONL, anything else is one
    /// text per file; stdin is JSONL if it starts with `{`.
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// A whole file is one document.
    Text,
    /// Every line is one document.
    Lines,
}

/// One document to process.
#[derive(Clone, Debug)]
pub struct Record {
    /// The file it came from ("-" for stdin) and its line (1-based; 1 for a whole file).
    pub source: Arc<str>,
    pub line: usize,
    pub id: serde_json::Value,
    pub text: String,
    /// Fields carried through to the output (`--keep`).
    pub keep: Vec<(String, serde_json::Value)>,
}

/// A record that could not be read, or a file-level problem.
#[derive(Clone, Debug)]
pub struct RecordError {
    pub source: Arc<str>,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// What the reader hands to the workers, in input order.
#[derive(Debug)]
pub enum Block {
    /// Whole lines of a JSONL or lines file, parsed by the workers (`Lines::records`).
    Lines(Lines),
    /// A whole text file.
    Record(Record),
    /// A file that cannot be opened or read on.
    Error(RecordError),
}

/// Consecutive whole lines of one file, as read (each ends in `\n`, but perhaps the
/// file's last).
#[derive(Debug)]
pub struct Lines {
    pub source: Arc<str>,
    /// The line number of the first line.
    pub first_line: usize,
    pub format: InputFormat,
    pub bytes: Vec<u8>,
}

impl Lines {
    /// Every line with its number, without its line ending.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let bytes = &self.bytes[..];
        let mut starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
        let mut start = starts.next();
        let lines = std::iter::from_fn(move || {
            let from = start.filter(|&s| s < bytes.len())?;
            start = starts.next();
            Some(&bytes[from..start.map_or(bytes.len(), |end| end - 1)])
        });
        lines.zip(self.first_line..).map(|(line, n)| {
            let mut end = line.len();
            while end > 0 && line[end - 1] == b'\r' {
                end -= 1;
            }
            (n, &line[..end])
        })
    }

    /// Every record in these lines, or why it cannot be read: a JSONL record per line
    /// that is not blank, or a document per line.
    pub(crate) fn records<'a>(
        &'a self,
        fields: &'a Fields,
        paths: &'a Paths,
    ) -> impl Iterator<Item = Result<Record, RecordError>> + 'a {
        self.lines().filter_map(move |(line, bytes)| {
            let err = |message: String| RecordError {
                source: self.source.clone(),
                line: Some(line),
                message,
            };
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    return Some(Err(err(format!(
                        "invalid UTF-8 at byte {}",
                        e.valid_up_to()
                    ))))
                }
            };
            if self.format == InputFormat::Lines {
                return Some(Ok(Record {
                    source: self.source.clone(),
                    line,
                    id: serde_json::Value::String(format!("{}:{line}", self.source)),
                    text: text.to_string(),
                    keep: Vec::new(),
                }));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            Some(parse_record(text, &self.source, line, fields, paths).map_err(err))
        })
    }
}

/// A JSONL record: the text and id at their dotted paths, the kept fields.
fn parse_record(
    json: &str,
    source: &Arc<str>,
    line: usize,
    fields: &Fields,
    paths: &Paths,
) -> Result<Record, String> {
    // The slots, in the order `Fields::paths` gives them: text, id, then the kept ones.
    let mut values = paths
        .read(json)
        .map_err(|e| format!("invalid JSON: {e}"))?
        .into_iter();
    let text = match values.next().flatten() {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(format!("field {:?} is not a string", fields.text)),
        None => return Err(format!("no field {:?}", fields.text)),
    };
    let id = match values.next().flatten() {
        Some(v) if !v.is_null() => v,
        _ => serde_json::Value::String(format!("{source}:{line}")),
    };
    let keep = fields
        .keep
        .iter()
        .zip(values)
        .map(|(k, v)| (k.clone(), v.unwrap_or(serde_json::Value::Null)))
        .collect();
    Ok(Record {
        source: source.clone(),
        line,
        id,
        text,
        keep,
    })
}

/// Where the text and the id are in a JSONL record, and what to carry through.
#[derive(Clone, Debug)]
pub struct Fields {
    pub text: String,
    pub id: String,
    pub keep: Vec<String>,
}

impl Fields {
    /// What a record parser reads: the text, the id, then every kept field.
    pub(crate) fn paths(&self) -> Paths {
        Paths::new(
            [self.text.as_str(), self.id.as_str()]
                .into_iter()
                .chain(self.keep.iter().map(String::as_str)),
        )
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: "text".into(),
            id: "id".into(),
            keep: Vec::new(),
        }
    }
}

/// Reads the inputs in order. Directories are read recursively, files sorted by path.
pub struct Reader {
    pending: VecDeque<PathBuf>,
    current: Option<Open>,
    format: InputFormat,
    fields: Fields,
    /// Blocks read by [`Reader::read_ahead`], handed out first.
    ahead: VecDeque<Block>,
}

struct Open {
    source: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    format: InputFormat,
    /// The lines handed out so far.
    line: usize,
    /// The start of a line that did not fit in the last block.
    carry: Vec<u8>,
    /// A read error to report after the whole lines read before it.
    failed: Option<std::io::Error>,
    done: bool,
}

/// Every file under the given paths, in order ("-" stays "-").
pub fn expand_inputs(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() != "-" && p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn jsonl_name(name: &str) -> bool {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

impl Reader {
    /// Where the text, id and kept fields are in JSONL records.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn new(inputs: Vec<PathBuf>, format: InputFormat, fields: Fields) -> Reader {
        Reader {
            pending: inputs.into(),
            current: None,
            format,
            fields,
            ahead: VecDeque::new(),
        }
    }

    /// Reads up to `count` blocks of about `size` bytes now, to be handed out first by
    /// [`Reader::next_block`]: the caller can read (and decompress) while another thread
    /// builds the engines.
    pub fn read_ahead(&mut self, size: usize, count: usize) {
        for _ in 0..count {
            match self.read_block(size) {
                Some(block) => self.ahead.push_back(block),
                None => return,
            }
        }
    }

    fn open(&mut self, path: PathBuf) -> Result<Open, RecordError> {
        let name = path.display().to_string();
        let source: Arc<str> = name.clone().into();
        let err = |message: String| RecordError {
            source: source.clone(),
            line: None,
            message,
        };
        let mut reader: Box<dyn BufRead + Send> = if name == "-" {
            open_maybe_gzip(std::io::stdin()).map_err(|e| err(e.to_string()))?
        } else {
            let file = std::fs::File::open(&path).map_err(|e| err(e.to_string()))?;
            open_maybe_gzip(file).map_err(|e| err(e.to_string()))?
        };
        let format = match self.format {
            InputFormat::Auto if name == "-" => {
                let head = reader.fill_buf().map_err(|e| err(e.to_string()))?;
                let first = head.iter().find(|b| !b.is_ascii_whitespace());
                if first == Some(&b'{') {
                    InputFormat::Jsonl
                } else {
                    InputFormat::Text
                }
            }
            InputFormat::Auto if jsonl_name(&name) => InputFormat::Jsonl,
            InputFormat::Auto => InputFormat::Text,
            f => f,
        };
        Ok(Open {
            source,
            reader,
            format,
            line: 0,
            carry: Vec::new(),
            failed: None,
            done: false,
        })
    }
}

impl Open {
    /// The next block of about `size` bytes of whole lines (or the whole file).
    fn next_block(&mut self, size: usize) -> Option<Block> {
        if let Some(e) = self.failed.take() {
            return Some(self.error(Some(self.line + 1), read_error(&e)));
        }
        if self.done {
            return None;
        }
        if self.format == InputFormat::Text {
            self.done = true;
            return Some(self.whole_file());
        }
        // Room for the whole block up front: growing it while reading would copy it.
        let mut bytes = Vec::with_capacity(self.carry.len() + size.max(1 << 16));
        bytes.append(&mut self.carry);
        let end = loop {
            let want = size.saturating_sub(bytes.len()).max(1 << 16);
            bytes.reserve(want);
            let before = bytes.len();
            // `read_to_end` keeps what was read before an error.
            match (&mut self.reader).take(want as u64).read_to_end(&mut bytes) {
                Ok(n) if n < want => {
                    self.done = true;
                    break bytes.len();
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    self.failed = Some(e);
                    // The line being read when it failed is lost.
                    break memchr::memrchr(b'\n', &bytes).map_or(0, |at| at + 1);
                }
            }
            // Hand out whole lines only; a line longer than `size` makes a bigger block.
            if let Some(at) = memchr::memrchr(b'\n', &bytes[before..]) {
                break before + at + 1;
            }
        };
        if end < bytes.len() {
            self.carry = bytes[end..].to_vec();
            bytes.truncate(end);
        }
        if bytes.is_empty() {
            if self.line == 0 && self.failed.is_none() {
                return Some(self.error(None, "empty file (no records)".into()));
            }
            return self.next_block(size);
        }
        let first_line = self.line + 1;
        self.line += memchr::memchr_iter(b'\n', &bytes).count();
        if bytes.last() != Some(&b'\n') {
            self.line += 1;
        }
        Some(Block::Lines(Lines {
            source: self.source.clone(),
            first_line,
            format: self.format,
            bytes,
        }))
    }

    fn whole_file(&mut self) -> Block {
        let mut bytes = Vec::new();
        if let Err(e) = self.reader.read_to_end(&mut bytes) {
            return self.error(None, read_error(&e));
        }
        if bytes.is_empty() {
            return self.error(None, "empty file (no document)".into());
        }
        match String::from_utf8(bytes) {
            Ok(text) => Block::Record(Record {
                source: self.source.clone(),
                line: 1,
                id: serde_json::Value::String(self.source.to_string()),
                text,
                keep: Vec::new(),
            }),
            Err(e) => self.error(
                None,
                format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            ),
        }
    }

    fn error(&self, line: Option<usize>, message: String) -> Block {
        Block::Error(RecordError {
            source: self.source.clone(),
            line,
            message,
        })
    }
}

fn read_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "truncated input (the gzip stream ends early)".into(),
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
            format!("corrupt input: {e}")
        }
        _ => e.to_string(),
    }
}

impl Reader {
    /// The next block: about `size` bytes of whole lines of a JSONL or lines file, a
    /// whole text file, or a problem; `None` at the end of the inputs. Blocks read
    /// ahead come first, whatever their size.
    pub fn next_block(&mut self, size: usize) -> Option<Block> {
        self.ahead.pop_front().or_else(|| self.read_block(size))
    }

    fn read_block(&mut self, size: usize) -> Option<Block> {
        loop {
            if let Some(open) = &mut self.current {
                if let Some(block) = open.next_block(size) {
                    return Some(block);
                }
                self.current = None;
            }
            let path = self.pending.pop_front()?;
            match self.open(path) {
                Ok(open) => self.current = Some(open),
                Err(e) => return Some(Block::Error(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_lose_their_endings() {
        let lines = |bytes: &[u8]| {
            let block = Lines {
                source: "f".into(),
                first_line: 7,
                format: InputFormat::Lines,
                bytes: bytes.to_vec(),
            };
            let found: Vec<(usize, String)> = block
                .lines()
                .map(|(n, l)| (n, String::from_utf8_lossy(l).into_owned()))
                .collect();
            found
        };
        let owned = |v: &[(usize, &str)]| -> Vec<(usize, String)> {
            v.iter().map(|(n, s)| (*n, s.to_string())).collect()
        };
        assert_eq!(lines(b""), owned(&[]));
        assert_eq!(lines(b"\n"), owned(&[(7, "")]));
        assert_eq!(lines(b"a\r\r\n\nb"), owned(&[(7, "a"), (8, ""), (9, "b")]));
        assert_eq!(lines(b"a\nb\n"), owned(&[(7, "a"), (8, "b")]));
    }

    #[test]
    fn blocks_read_ahead_come_first_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let lines: Vec<String> = (0..5000).map(|i| format!("line {i}\n")).collect();
        let mut paths = Vec::new();
        for name in ["a.txt", "b.txt"] {
            let path = dir.path().join(name);
            std::fs::write(&path, lines.concat()).unwrap();
            paths.push(path);
        }
        let read = |ahead: usize| {
            let mut reader = Reader::new(paths.clone(), InputFormat::Lines, Fields::default());
            reader.read_ahead(1 << 14, ahead);
            let mut seen = Vec::new();
            while let Some(block) = reader.next_block(1 << 16) {
                let Block::Lines(block) = block else {
                    panic!("{block:?}")
                };
                for (n, line) in block.lines() {
                    seen.push((block.source.to_string(), n, line.to_vec()));
                }
            }
            seen
        };
        let all = read(0);
        assert_eq!(all.len(), 10_000);
        assert_eq!(all[5000].1, 1, "the second file's lines start at 1");
        // Reading ahead into the second file, or past both, changes nothing.
        for ahead in [1, 3, 8, 100] {
            assert_eq!(read(ahead), all, "{ahead} blocks ahead");
        }
    }
}
