//! The corpus tool's engine: read documents (streaming, in bounded chunks), run both
//! engines on the shared pool, and write the results in input order, counting what it
//! saw for a summary. The command line (`lexiscan extract`) is a thin layer over
//! [`extract`].

pub mod read;
pub mod write;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Map, Value};

pub use read::{expand_inputs, Fields, InputFormat, Item, Reader, Record, RecordError};
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
    let mut chunk: Vec<Record> = Vec::new();
    let mut chunk_bytes = 0;
    let mut items = reader.peekable();
    loop {
        let item = items.next();
        let end = item.is_none();
        match item {
            Some(Item::Record(r)) => {
                chunk_bytes += r.text.len();
                chunk.push(r);
            }
            Some(Item::Error(e)) => match job.on_error {
                OnError::Fail => return Err(RunError::Record(e)),
                OnError::Skip => {
                    on_skip(&e);
                    summary.errors.push(e.to_string());
                }
            },
            None => {}
        }
        if (end && !chunk.is_empty()) || chunk_bytes >= job.chunk_bytes || chunk.len() >= 4096 {
            let done = crate::parallel::map_with(job.threads, &chunk, |r| process(job, r));
            for (bytes, stats) in done {
                output.write_all(&bytes).map_err(RunError::Io)?;
                summary.add(stats);
            }
            chunk.clear();
            chunk_bytes = 0;
            summary.seconds = started.elapsed().as_secs_f64();
            progress(&summary);
        }
        if end {
            break;
        }
    }
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
            let mut doc = Map::new();
            doc.insert("id".into(), r.id.clone());
            for (k, v) in &r.keep {
                doc.insert(k.clone(), v.clone());
            }
            let ents: Vec<Value> = entities
                .iter()
                .zip(eoff.chunks(2))
                .filter_map(|(m, cp)| {
                    let e = g?.primary(m);
                    Some(json!({"start": cp[0], "end": cp[1], "text": &text[m.range()], "label": e.label, "id": e.id, "canonical": e.canonical()}))
                })
                .collect();
            let qs: Vec<Value> = quantities
                .iter()
                .zip(qoff.chunks(2))
                .map(|(q, cp)| {
                    let mut v = serde_json::to_value(q).unwrap_or(Value::Null);
                    v["start"] = json!(cp[0]);
                    v["end"] = json!(cp[1]);
                    v
                })
                .collect();
            doc.insert("entities".into(), Value::Array(ents));
            doc.insert("quantities".into(), Value::Array(qs));
            let mut line = serde_json::to_vec(&Value::Object(doc)).unwrap_or_default();
            line.push(b'\n');
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
