//! Reading gazetteer entries from TSV, CSV and JSONL files (optionally gzip-compressed).
//!
//! - TSV/CSV: a header with the columns `label`, `canonical`, `alias` and optionally `id`,
//!   `priority` and `case_sensitive` (true/false: this alias matches only with its exact
//!   case); any other column becomes a string in the entry's `meta`. One row per
//!   alias; rows are grouped into entries by `id`, or by `label` + `canonical` when there
//!   is no id (the id is then `label:canonical`). The canonical name is always a name.
//!   TSV has no quoting: a field ends at the next tab.
//! - JSONL: one entry per line, `{"id", "label", "names": [...], "meta": {...},
//!   "priority": n, "case_sensitive_names": [...]}`; all but `label` and `names` are
//!   optional. Blank lines are ignored.
//!
//! A bad row is an error naming the file and line; with [`LoadOptions::skip_bad_rows`] it
//! is skipped instead and reported in [`Loaded::skipped`].

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::{Entry, Meta};
use crate::error::{Error, ErrorKind, Location, Result};

/// The layout of an entries file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Tsv,
    Csv,
    Jsonl,
}

impl Format {
    /// Guesses the format from a file name (`.tsv`, `.tab`, `.csv`, `.jsonl`, `.ndjson`,
    /// each optionally followed by `.gz`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "tsv" | "tab" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Skip malformed rows (reporting them in [`Loaded::skipped`]) instead of failing.
    pub skip_bad_rows: bool,
    /// The format; guessed from the file name when `None`.
    pub format: Option<Format>,
}

/// Entries read from a file, and the rows that were skipped (when asked to skip).
#[derive(Debug, Default)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub skipped: Vec<Error>,
}

/// Reads all entries of a file, failing on the first bad row.
pub fn load_entries(path: impl AsRef<Path>) -> Result<Vec<Entry>> {
    Ok(load_entries_with(path, &LoadOptions::default())?.entries)
}

/// Reads all entries of a file with options.
pub fn load_entries_with(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Loaded> {
    let path = path.as_ref();
    let format = match options.format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => {
            return Err(Error::new(
                ErrorKind::Parse,
                format!(
                    "{}: cannot tell the format from the file name; use .tsv, .csv or .jsonl (optionally .gz)",
                    path.display()
                ),
            ))
        }
    };
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    read_entries(
        open_maybe_gzip(file).map_err(|e| Error::io(path, e))?,
        format,
        path,
        options,
    )
}

/// Wraps a reader so that gzip input (recognised by its magic bytes) is decompressed.
pub fn open_maybe_gzip(
    file: impl Read + Send + 'static,
) -> std::io::Result<Box<dyn BufRead + Send>> {
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let is_gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

/// Reads entries from any reader; `source` names it in error messages.
pub fn read_entries(
    reader: impl BufRead,
    format: Format,
    source: impl Into<PathBuf>,
    options: &LoadOptions,
) -> Result<Loaded> {
    let source = source.into();
    let mut sink = Sink {
        options,
        skipped: Vec::new(),
    };
    let entries = match format {
        Format::Jsonl => read_jsonl(reader, &source, &mut sink)?,
        Format::Tsv => read_table(reader, b'\t', &source, &mut sink)?,
        Format::Csv => read_table(reader, b',', &source, &mut sink)?,
    };
    Ok(Loaded {
        entries,
        skipped: sink.skipped,
    })
}

/// Where row errors go: returned at once, or collected when skipping.
struct Sink<'a> {
    options: &'a LoadOptions,
    skipped: Vec<Error>,
}

impl Sink<'_> {
    fn bad_row(&mut self, err: Error) -> Result<()> {
        if self.options.skip_bad_rows {
            self.skipped.push(err);
            Ok(())
        } else {
            Err(err)
        }
    }
}

fn read_error(source: &Path, line: u64, err: std::io::Error) -> Error {
    let message = format!(
        "{}: read error after line {line}: {err} (a truncated or corrupt gzip file?)",
        source.display()
    );
    Error::with_source(ErrorKind::Io, message, err)
}

fn read_jsonl(mut reader: impl BufRead, source: &Path, sink: &mut Sink) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut first_line_of_id: FxHashMap<String, u64> = FxHashMap::default();
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut saw_content = false;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| read_error(source, line, e))?;
        if n == 0 {
            break;
        }
        line += 1;
        let at = Location {
            file: source.to_path_buf(),
            line,
        };
        let parsed = std::str::from_utf8(&buf)
            .map_err(|e| Error::parse(&at, format_args!("invalid UTF-8: {e}")))
            .and_then(|s| {
                let s = s.trim_start_matches('\u{feff}').trim();
                if s.is_empty() {
                    Ok(None)
                } else {
                    saw_content = true;
                    entry_from_json(s, &at).map(Some)
                }
            });
        match parsed {
            Ok(None) => {}
            Ok(Some(entry)) => match first_line_of_id.get(&entry.id) {
                Some(&first) => {
                    let msg = format!("duplicate id {:?} (first on line {first})", entry.id);
                    sink.bad_row(Error::parse(&at, msg))?;
                }
                None => {
                    first_line_of_id.insert(entry.id.clone(), line);
                    entries.push(entry);
                }
            },
            Err(e) => sink.bad_row(e)?,
        }
    }
    if !saw_content {
        let at = Location {
            file: source.to_path_buf(),
            line: 1,
        };
        return Err(Error::parse(
            &at,
            "empty file: expected one JSON entry per line",
        ));
    }
    Ok(entries)
}

/// The fields of a JSONL entry that lexiscan reads (others are ignored), each as found.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct Fields {
    label: Option<Value>,
    names: Option<Value>,
    id: Option<Value>,
    case_sensitive_names: Option<Value>,
    meta: Option<Value>,
    priority: Option<Value>,
}

impl Fields {
    /// The fields of a JSON line. An object is read straight into [`Fields`] first:
    /// building a map of the whole line cost 40 % more instructions reading the built-in
    /// gazetteer. A line that this refuses (a key twice, say) is read as a JSON value, which
    /// takes the last of repeated keys, or says what is wrong. (Not an array: serde
    /// would read one into the fields in order.)
    fn of(s: &str, at: &Location) -> Result<Fields> {
        if s.starts_with('{') {
            if let Ok(fields) = serde_json::from_str::<Fields>(s) {
                return Ok(fields);
            }
        }
        let value: Value = serde_json::from_str(s)
            .map_err(|e| Error::parse(at, format_args!("invalid JSON: {e}")))?;
        let Value::Object(mut object) = value else {
            return Err(Error::parse(at, "expected a JSON object"));
        };
        Ok(Fields {
            label: object.remove("label"),
            names: object.remove("names"),
            id: object.remove("id"),
            case_sensitive_names: object.remove("case_sensitive_names"),
            meta: object.remove("meta"),
            priority: object.remove("priority"),
        })
    }
}

fn entry_from_json(s: &str, at: &Location) -> Result<Entry> {
    let fields = Fields::of(s, at)?;
    let field_error = |field: &str, want: &str| {
        Error::parse(at, format_args!("field `{field}`: expected {want}"))
    };
    let label = match fields.label {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => return Err(field_error("label", "a non-empty string")),
    };
    let names: Vec<String> = match fields.names {
        Some(Value::Array(items)) if !items.is_empty() => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(field_error("names", "non-empty strings")),
            })
            .collect::<Result<_>>()?,
        _ => return Err(field_error("names", "a non-empty array of strings")),
    };
    let id = match fields.id {
        None | Some(Value::Null) => format!("{label}:{}", names[0]),
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(field_error("id", "a non-empty string")),
    };
    let case_sensitive_names: Vec<String> = match fields.case_sensitive_names {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(field_error("case_sensitive_names", "non-empty strings")),
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(field_error("case_sensitive_names", "an array of strings")),
    };
    let meta = match fields.meta {
        None | Some(Value::Null) => Meta::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(field_error("meta", "an object")),
    };
    let priority = match fields.priority {
        None | Some(Value::Null) => 0,
        Some(v) => v
            .as_i64()
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(|| field_error("priority", "a 32-bit integer"))?,
    };
    Ok(Entry {
        id,
        label,
        names: dedup(names),
        case_sensitive_names: dedup(case_sensitive_names),
        meta,
        priority,
    })
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Column positions of a TSV/CSV header.
struct Columns {
    label: usize,
    canonical: usize,
    alias: usize,
    id: Option<usize>,
    priority: Option<usize>,
    case_sensitive: Option<usize>,
    extra: Vec<(usize, String)>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord, at: &Location) -> Result<Columns> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let required = |name: &str| {
            find(name).ok_or_else(|| {
                Error::parse(
                    at,
                    format_args!(
                        "header has no `{name}` column (need label, canonical, alias[, id])"
                    ),
                )
            })
        };
        let (label, canonical, alias) = (
            required("label")?,
            required("canonical")?,
            required("alias")?,
        );
        let (id, priority, case_sensitive) = (find("id"), find("priority"), find("case_sensitive"));
        let known = [
            Some(label),
            Some(canonical),
            Some(alias),
            id,
            priority,
            case_sensitive,
        ];
        let extra = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)))
            .map(|(i, h)| (i, h.trim().to_string()))
            .collect();
        Ok(Columns {
            label,
            canonical,
            alias,
            id,
            priority,
            case_sensitive,
            extra,
        })
    }
}

fn read_table(
    mut reader: impl BufRead,
    delimiter: u8,
    source: &Path,
    sink: &mut Sink,
) -> Result<Vec<Entry>> {
    // The whole file is read first so that errors can name exact lines: the csv crate's
    // own line numbers drift after blank lines and in CRLF files.
    let mut data = Vec::new();
    if let Err(e) = reader.read_to_end(&mut data) {
        return Err(read_error(source, lines_in(&data), e));
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(k, _)| k + 1),
        )
        .collect();
    // The csv crate's record positions may point at the line breaks before the record
    // (after blank lines, or at the LF of a CRLF): skip those first.
    let line_of = |byte: u64| {
        let mut at = byte as usize;
        while data.get(at).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            at += 1;
        }
        line_starts.partition_point(|&s| s <= at) as u64
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .flexible(true)
        .has_headers(false)
        .from_reader(data.as_slice());
    let mut records = csv.records();
    let header_at = Location {
        file: source.to_path_buf(),
        line: 1,
    };
    let header = match records.next() {
        None => {
            return Err(Error::parse(
                &header_at,
                "empty file: expected a header line",
            ))
        }
        Some(r) => r.map_err(|e| csv_error(source, e, &line_of))?,
    };
    let columns = Columns::from_header(&header, &header_at)?;

    let mut entries: Vec<Entry> = Vec::new();
    let mut entry_of_key: FxHashMap<String, usize> = FxHashMap::default();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                sink.bad_row(csv_error(source, e, &line_of))?;
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        let at = Location {
            file: source.to_path_buf(),
            line,
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let checked = check_fields(&record, header.len(), &at)
            .and_then(|()| add_row(&record, &columns, &at, &mut entries, &mut entry_of_key));
        if let Err(e) = checked {
            sink.bad_row(e)?;
        }
    }
    Ok(entries)
}

fn lines_in(data: &[u8]) -> u64 {
    data.iter().filter(|&&b| b == b'\n').count() as u64
}

/// A row with more fields than the header, or a field with a line break in it (an
/// unterminated quote that swallowed the following rows), is an error, not data.
fn check_fields(record: &csv::StringRecord, header_len: usize, at: &Location) -> Result<()> {
    if record.len() > header_len {
        return Err(Error::parse(
            at,
            format_args!("{} fields, but the header has {header_len}", record.len()),
        ));
    }
    if record.iter().any(|f| f.contains(['\n', '\r'])) {
        return Err(Error::parse(
            at,
            "a field contains a line break (an unterminated quote?)",
        ));
    }
    Ok(())
}

fn add_row(
    record: &csv::StringRecord,
    columns: &Columns,
    at: &Location,
    entries: &mut Vec<Entry>,
    entry_of_key: &mut FxHashMap<String, usize>,
) -> Result<()> {
    let field = |name: &str, i: usize| -> Result<&str> {
        let value = record
            .get(i)
            .ok_or_else(|| {
                Error::parse(
                    at,
                    format_args!("missing field `{name}` (column {})", i + 1),
                )
            })?
            .trim();
        if value.is_empty() {
            return Err(Error::parse(at, format_args!("field `{name}` is empty")));
        }
        Ok(value)
    };
    let label = field("label", columns.label)?;
    let canonical = field("canonical", columns.canonical)?;
    let alias = field("alias", columns.alias)?;
    let id = match columns.id {
        Some(i) => record.get(i).map(str::trim).filter(|s| !s.is_empty()),
        None => None,
    };
    let priority = match columns.priority.and_then(|i| record.get(i)).map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(p.parse::<i32>().map_err(|_| {
            Error::parse(
                at,
                format_args!("field `priority`: {p:?} is not an integer"),
            )
        })?),
    };
    let case_sensitive = match columns
        .case_sensitive
        .and_then(|i| record.get(i))
        .map(str::trim)
    {
        None | Some("") => false,
        Some(v) => parse_bool(v).ok_or_else(|| {
            Error::parse(
                at,
                format_args!("field `case_sensitive`: {v:?} is not true or false"),
            )
        })?,
    };
    let key = match id {
        Some(id) => id.to_string(),
        None => format!("{label}:{canonical}"),
    };
    let index = match entry_of_key.get(&key) {
        Some(&k) => {
            let entry = &entries[k];
            if entry.label != label {
                return Err(Error::parse(
                    at,
                    format_args!(
                        "id {key:?} has label {:?} on an earlier line and {label:?} here",
                        entry.label
                    ),
                ));
            }
            k
        }
        None => {
            entry_of_key.insert(key.clone(), entries.len());
            entries.push(Entry::new(key, label, [canonical]));
            entries.len() - 1
        }
    };
    let entry = &mut entries[index];
    let names = if case_sensitive {
        &mut entry.case_sensitive_names
    } else {
        &mut entry.names
    };
    if !names.iter().any(|n| n == alias) {
        names.push(alias.to_string());
    }
    if let Some(p) = priority {
        entry.priority = p;
    }
    for (i, name) in &columns.extra {
        if let Some(v) = record.get(*i).map(str::trim).filter(|v| !v.is_empty()) {
            entry
                .meta
                .entry(name.clone())
                .or_insert_with(|| Value::String(v.to_string()));
        }
    }
    Ok(())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn csv_error(source: &Path, err: csv::Error, line_of: &impl Fn(u64) -> u64) -> Error {
    let line = err.position().map_or(0, |p| line_of(p.byte()));
    let at = Location {
        file: source.to_path_buf(),
        line,
    };
    match err.kind() {
        csv::ErrorKind::Io(_) => {
            let message = format!(
                "{}: read error near line {line}: {err} (a truncated or corrupt gzip file?)",
                source.display()
            );
            Error::with_source(ErrorKind::Io, message, err)
        }
        csv::ErrorKind::Utf8 { .. } => Error::parse(&at, "invalid UTF-8"),
        _ => Error::parse(&at, err),
    }
}
