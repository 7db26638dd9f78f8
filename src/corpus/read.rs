//! Reading documents from files, directories and stdin: JSONL records, whole text files
//! or one document per line, gzip or not. Every record or problem comes out as an item,
//! in input order, with its file and line, so nothing is lost silently.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

pub enum Item {
    Record(Record),
    /// A JSONL line not parsed yet: parsing happens in parallel ([`parse_line`]).
    Raw(RawLine),
    Error(RecordError),
}

/// One line of a JSONL file, as read.
#[derive(Clone, Debug)]
pub struct RawLine {
    pub source: Arc<str>,
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// Parses a JSONL line into a record: the text and id at their dotted paths, the kept
/// fields; every problem names the file and line.
pub fn parse_line(raw: RawLine, fields: &Fields) -> Result<Record, RecordError> {
    let RawLine {
        source,
        line,
        bytes,
    } = raw;
    let err = |message: String| RecordError {
        source: source.clone(),
        line: Some(line),
        message,
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let body = match lookup(&value, &fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(err(format!("field {:?} is not a string", fields.text))),
        None => return Err(err(format!("no field {:?}", fields.text))),
    };
    let id = match lookup(&value, &fields.id) {
        Some(v) if !v.is_null() => v.clone(),
        _ => serde_json::Value::String(format!("{source}:{line}")),
    };
    let keep = fields
        .keep
        .iter()
        .map(|k| {
            (
                k.clone(),
                lookup(&value, k)
                    .cloned()
                    .unwrap_or(serde_json::Value::Null),
            )
        })
        .collect();
    Ok(Record {
        source,
        line,
        id,
        text: body,
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
}

struct Open {
    source: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    format: InputFormat,
    line: usize,
    records: usize,
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
            records: 0,
            done: false,
        })
    }
}

/// A dotted path into a JSON object ("meta.body").
fn lookup<'v>(value: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

impl Open {
    fn next_item(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let err = |line: Option<usize>, message: String| {
            Item::Error(RecordError {
                source: self.source.clone(),
                line,
                message,
            })
        };
        if self.format == InputFormat::Text {
            self.done = true;
            let mut bytes = Vec::new();
            if let Err(e) = self.reader.read_to_end(&mut bytes) {
                return Some(err(None, read_error(&e)));
            }
            if bytes.is_empty() {
                return Some(err(None, "empty file (no document)".into()));
            }
            return Some(match String::from_utf8(bytes) {
                Ok(text) => Item::Record(Record {
                    source: self.source.clone(),
                    line: 1,
                    id: serde_json::Value::String(self.source.to_string()),
                    text,
                    keep: Vec::new(),
                }),
                Err(e) => err(
                    None,
                    format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                ),
            });
        }
        loop {
            let mut bytes = Vec::new();
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.done = true;
                    if self.records == 0 && self.line == 0 {
                        return Some(err(None, "empty file (no records)".into()));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(err(Some(self.line + 1), read_error(&e)));
                }
            }
            self.line += 1;
            let line = self.line;
            while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                bytes.pop();
            }
            if self.format == InputFormat::Lines {
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        return Some(err(
                            Some(line),
                            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                        ))
                    }
                };
                self.records += 1;
                return Some(Item::Record(Record {
                    source: self.source.clone(),
                    line,
                    id: serde_json::Value::String(format!("{}:{line}", self.source)),
                    text,
                    keep: Vec::new(),
                }));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.records += 1;
            return Some(Item::Raw(RawLine {
                source: self.source.clone(),
                line,
                bytes,
            }));
        }
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

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(open) = &mut self.current {
                if let Some(item) = open.next_item() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.pop_front()?;
            match self.open(path) {
                Ok(open) => self.current = Some(open),
                Err(e) => return Some(Item::Error(e)),
            }
        }
    }
}
