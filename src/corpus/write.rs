//! Writing results: JSONL (one line per document) or TSV/CSV (one row per mention), to
//! stdout or to a file written under a temporary name and renamed only when the run
//! succeeds, gzip-compressed when the name ends in `.gz`.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;

/// The output layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Tsv,
    Csv,
}

/// The columns of TSV and CSV output, one row per mention.
pub const COLUMNS: [&str; 16] = [
    "doc",
    "type",
    "start",
    "end",
    "text",
    "label",
    "id",
    "kind",
    "value",
    "upper",
    "unit",
    "dimension",
    "si_value",
    "si_unit",
    "qualifier",
    "counted",
];

/// The destination of a run.
pub struct Output {
    writer: Option<Box<dyn Write + Send>>,
    /// (temporary, final) paths when writing a file.
    paths: Option<(PathBuf, PathBuf)>,
    gzip: Option<GzEncoder<std::io::BufWriter<std::fs::File>>>,
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            writer: Some(Box::new(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            ))),
            paths: None,
            gzip: None,
        }
    }

    /// A file, written as `<name>.tmp-<pid>` beside it until `finish`.
    pub fn file(path: &Path) -> std::io::Result<Output> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "output".into());
        let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&temp)?);
        let gz = name.ends_with(".gz");
        let mut out = Output {
            writer: None,
            paths: Some((temp, path.to_path_buf())),
            gzip: None,
        };
        if gz {
            out.gzip = Some(GzEncoder::new(file, flate2::Compression::fast()));
        } else {
            out.writer = Some(Box::new(file));
        }
        Ok(out)
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match (&mut self.gzip, &mut self.writer) {
            (Some(gz), _) => gz.write_all(bytes),
            (None, Some(w)) => w.write_all(bytes),
            (None, None) => Ok(()),
        }
    }

    /// Flushes, closes and renames the file into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        if let Some(gz) = self.gzip.take() {
            gz.finish()?.flush()?;
        }
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
        }
        if let Some((temp, path)) = self.paths.take() {
            std::fs::rename(&temp, &path)?;
        }
        Ok(())
    }

    /// Drops what was written (the temporary file is removed).
    pub fn abort(mut self) {
        self.gzip = None;
        self.writer = None;
        if let Some((temp, _)) = self.paths.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Never leave a temporary file behind (a panic, an early return).
        if let Some((temp, _)) = self.paths.take() {
            self.gzip = None;
            self.writer = None;
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// The header line of TSV or CSV output.
pub fn header(format: OutputFormat) -> Vec<u8> {
    let mut w = table_writer(format);
    let _ = w.write_record(COLUMNS);
    w.into_inner().unwrap_or_default()
}

pub(crate) fn table_writer(format: OutputFormat) -> csv::Writer<Vec<u8>> {
    let delimiter = if format == OutputFormat::Tsv {
        b'\t'
    } else {
        b','
    };
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_writer(Vec::new())
}
