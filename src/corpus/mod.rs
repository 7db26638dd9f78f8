//! The corpus tool's engine: read documents (streaming, in bounded chunks), run both
//! engines on the shared pool, and write the results in input order, counting what it
//! saw for a summary. The command line (`lexiscan extract`) is a thin layer over
//! [`extract`].

pub mod read;
pub mod write;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;

pub use read::{
    expand_inputs, parse_line, Fields, InputFormat, Item, RawLine, Reader, Record, RecordError,
};
pub use write::{header, Output, OutputFormat};

use crate::quantity::Quantities;
use crate::Gazetteer;

/// What to do with a record that cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// Stop the run: nothing is written (a file output is not created).
    Fail,
    /// Report it, count it, and go on.
    Skip,
}

/// The engines and how to run them.
pub struct Job {
    pub gazetteer: Option<Arc<Gazetteer>>,
    pub quantities: Option<Quantities>,
    pub format: OutputFormat,
    pub threads: usize,
    pub on_error: OnError,
    /// Roughly how much text is read before a chunk is processed (bounds memory).
    pub chunk_bytes: usize,
}

/// What a run saw.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: usize,
    pub bytes: usize,
    pub seconds: f64,
    pub errors: Vec<String>,
    pub entities: usize,
    pub quantities: usize,
    pub per_label: HashMap<String, usize>,
    pub per_dimension: HashMap<String, usize>,
    /// (label, canonical) → mentions.
    pub per_entity: HashMap<(String, String), usize>,
}

impl Summary {
    fn add(&mut self, s: DocStats) {
        self.documents += 1;
        self.bytes += s.bytes;
        self.entities += s.entities.len();
        self.quantities += s.dimensions.len();
        for (label, canonical) in s.entities {
            *self.per_label.entry(label.clone()).or_default() += 1;
            *self.per_entity.entry((label, canonical)).or_default() += 1;
        }
        for d in s.dimensions {
            *self.per_dimension.entry(d).or_default() += 1;
        }
    }

    /// The summary as text, for stderr.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{} documents, {:.1} MB in {:.2} s ({:.1} MB/s); {} entities, {} quantities; {} errors\n",
            self.documents,
            self.bytes as f64 / 1e6,
            self.seconds,
            self.bytes as f64 / 1e6 / self.seconds.max(1e-9),
            self.entities,
            self.quantities,
            self.errors.len()
        );
        fn sorted(m: &HashMap<String, usize>) -> Vec<(&String, &usize)> {
            let mut v: Vec<(&String, &usize)> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v
        }
        if !self.per_label.is_empty() {
            out.push_str("entities per label:");
            for (k, n) in sorted(&self.per_label) {
                out.push_str(&format!(" {k} {n};"));
            }
            out.push('\n');
        }
        if !self.per_dimension.is_empty() {
            out.push_str("quantities per dimension (or kind):");
            for (k, n) in sorted(&self.per_dimension) {
                out.push_str(&format!(" {k} {n};"));
            }
            out.push('\n');
        }
        let mut top: Vec<(&(String, String), &usize)> = self.per_entity.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !top.is_empty() {
            out.push_str("most frequent entities:");
            for ((label, canonical), n) in top.into_iter().take(10) {
                out.push_str(&format!(" {canonical} ({label}) {n};"));
            }
            out.push('\n');
        }
        out
    }
}

#[derive(serde::Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    id: &'a str,
    canonical: &'a str,
}

/// A quantity as JSON output writes it: the fields of `Quantity` with code-point offsets.
#[derive(serde::Serialize)]
struct QuantityOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    kind: crate::quantity::Kind,
    value: f64,
    upper: Option<f64>,
    unit: Option<&'a str>,
    dimension: Option<&'a str>,
    si_value: Option<f64>,
    si_upper: Option<f64>,
    si_unit: Option<&'a str>,
    qualifier: Option<crate::quantity::Qualifier>,
    counted: Option<&'a str>,
}

struct DocStats {
    bytes: usize,
    entities: Vec<(String, String)>,
    dimensions: Vec<String>,
}

/// A failed run: the first error, with what was counted until then.
#[derive(Debug)]
pub enum RunError {
    /// A record could not be read and the job says `Fail`.
    Record(RecordError),
    /// Writing failed (a closed pipe is `std::io::ErrorKind::BrokenPipe`).
    Io(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Record(e) => write!(f, "{e}"),
            RunError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Runs the job over `reader`, writing to `output`. `on_error` and `progress` are told
/// about every skipped record and every processed chunk.
pub fn extract(
    job: &Job,
    reader: Reader,
    output: &mut Output,
    mut on_skip: impl FnMut(&RecordError),
    mut progress: impl FnMut(&Summary),
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut summary = Summary::default();
    if job.format != OutputFormat::Jsonl {
        output
            .write_all(&header(job.format))
            .map_err(RunError::Io)?;
    }
    let fields = reader.fields().clone();
    let limit = job.chunk_bytes;
    std::thread::scope(|scope| {
        // Reading (decompression, splitting lines) runs beside the work, at most two
        // chunks ahead, which bounds memory.
        let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
        scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            for item in reader {
                bytes += match &item {
                    Item::Record(r) => r.text.len(),
                    Item::Raw(r) => r.bytes.len(),
                    Item::Error(_) => 0,
                };
                chunk.push(item);
                if bytes >= limit || chunk.len() >= 4096 {
                    if chunks_tx.send(std::mem::take(&mut chunk)).is_err() {
                        return; // the work stopped
                    }
                    bytes = 0;
                }
            }
            if !chunk.is_empty() {
                let _ = chunks_tx.send(chunk);
            }
        });
        // Writing runs beside the work too.
        let (out_tx, out_rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(2);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            for batch in out_rx {
                for bytes in batch {
                    output.write_all(&bytes)?;
                }
            }
            Ok(())
        });
        let worked = (|| -> Result<(), RunError> {
            for items in chunks_rx {
                // Parsing, both engines and serialising run in parallel; results keep
                // the input order.
                let done = crate::parallel::map_with(job.threads, &items, |item| match item {
                    Item::Record(r) => Ok(process(job, r)),
                    Item::Raw(raw) => parse_line(raw.clone(), &fields).map(|r| process(job, &r)),
                    Item::Error(e) => Err(e.clone()),
                });
                let mut batch = Vec::with_capacity(done.len());
                for result in done {
                    match result {
                        Ok((bytes, stats)) => {
                            batch.push(bytes);
                            summary.add(stats);
                        }
                        Err(e) if job.on_error == OnError::Fail => return Err(RunError::Record(e)),
                        Err(e) => {
                            on_skip(&e);
                            summary.errors.push(e.to_string());
                        }
                    }
                }
                if out_tx.send(batch).is_err() {
                    break; // the writer failed: its error is reported below
                }
                summary.seconds = started.elapsed().as_secs_f64();
                progress(&summary);
            }
            Ok(())
        })();
        drop(out_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")));
        worked?;
        written.map_err(RunError::Io)
    })?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Both engines over one record, serialised.
fn process(job: &Job, r: &Record) -> (Vec<u8>, DocStats) {
    let text = &r.text;
    let entities = job
        .gazetteer
        .as_ref()
        .map(|g| g.find(text))
        .unwrap_or_default();
    let quantities = job
        .quantities
        .as_ref()
        .map(|q| q.find(text))
        .unwrap_or_default();
    let offsets = crate::text::char_offsets(
        text,
        entities
            .iter()
            .flat_map(|m| [m.start, m.end])
            .chain(quantities.iter().flat_map(|q| [q.start, q.end])),
    );
    let (eoff, qoff) = offsets.split_at(entities.len() * 2);
    let mut stats = DocStats {
        bytes: text.len(),
        entities: Vec::with_capacity(entities.len()),
        dimensions: Vec::with_capacity(quantities.len()),
    };
    let g = job.gazetteer.as_deref();
    for m in &entities {
        let e = g.map(|g| g.primary(m));
        if let Some(e) = e {
            stats
                .entities
                .push((e.label.clone(), e.canonical().to_string()));
        }
    }
    for q in &quantities {
        stats.dimensions.push(
            q.dimension
                .clone()
                .unwrap_or_else(|| q.kind.as_str().to_string()),
        );
    }
    let bytes = match job.format {
        OutputFormat::Jsonl => {
            // Written field by field (no intermediate JSON tree): this is the hot path.
            let mut line = Vec::with_capacity(64 + 160 * (entities.len() + quantities.len()));
            line.extend_from_slice(b"{\"id\":");
            let _ = serde_json::to_writer(&mut line, &r.id);
            for (k, v) in &r.keep {
                line.push(b',');
                let _ = serde_json::to_writer(&mut line, k);
                line.push(b':');
                let _ = serde_json::to_writer(&mut line, v);
            }
            line.extend_from_slice(b",\"entities\":[");
            let mut first = true;
            for (m, cp) in entities.iter().zip(eoff.chunks(2)) {
                let Some(e) = g.map(|g| g.primary(m)) else {
                    continue;
                };
                if !first {
                    line.push(b',');
                }
                first = false;
                let out = EntityOut {
                    start: cp[0],
                    end: cp[1],
                    text: &text[m.range()],
                    label: &e.label,
                    id: &e.id,
                    canonical: e.canonical(),
                };
                let _ = serde_json::to_writer(&mut line, &out);
            }
            line.extend_from_slice(b"],\"quantities\":[");
            for (k, (q, cp)) in quantities.iter().zip(qoff.chunks(2)).enumerate() {
                if k > 0 {
                    line.push(b',');
                }
                let out = QuantityOut {
                    start: cp[0],
                    end: cp[1],
                    text: &q.text,
                    kind: q.kind,
                    value: q.value,
                    upper: q.upper,
                    unit: q.unit.as_deref(),
                    dimension: q.dimension.as_deref(),
                    si_value: q.si_value,
                    si_upper: q.si_upper,
                    si_unit: q.si_unit.as_deref(),
                    qualifier: q.qualifier,
                    counted: q.counted.as_deref(),
                };
                let _ = serde_json::to_writer(&mut line, &out);
            }
            line.extend_from_slice(b"]}\n");
            line
        }
        format => {
            let mut w = write::table_writer(format);
            let id = match &r.id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            for (m, cp) in entities.iter().zip(eoff.chunks(2)) {
                if let Some(e) = g.map(|g| g.primary(m)) {
                    let _ = w.write_record([
                        id.as_str(),
                        "entity",
                        &cp[0].to_string(),
                        &cp[1].to_string(),
                        &text[m.range()],
                        &e.label,
                        &e.id,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]);
                }
            }
            for (q, cp) in quantities.iter().zip(qoff.chunks(2)) {
                let _ = w.write_record([
                    id.as_str(),
                    "quantity",
                    &cp[0].to_string(),
                    &cp[1].to_string(),
                    &q.text,
                    "",
                    "",
                    q.kind.as_str(),
                    &q.value.to_string(),
                    &num(q.upper),
                    q.unit.as_deref().unwrap_or(""),
                    q.dimension.as_deref().unwrap_or(""),
                    &num(q.si_value),
                    q.si_unit.as_deref().unwrap_or(""),
                    q.qualifier.map(|x| x.as_str()).unwrap_or(""),
                    q.counted.as_deref().unwrap_or(""),
                ]);
            }
            w.into_inner().unwrap_or_default()
        }
    };
    (bytes, stats)
}
