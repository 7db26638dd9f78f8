//! The corpus tool's engine: read documents (streaming, in blocks of a few hundred kB,
//! with a bounded number in flight), parse them, run both engines, serialise and count
//! on worker threads, and write the results in input order, counting what it saw for a
//! summary. The command line (`lexiscan extract`) is a thin layer over
//! [`extract`].

mod emit;
mod jsonl;
pub mod read;
mod tally;
pub mod write;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

pub use read::{expand_inputs, Block, Fields, InputFormat, Lines, Reader, Record, RecordError};
pub use write::{header, Output, OutputFormat};

use crate::quantity::Quantities;
use crate::Gazetteer;
use emit::{Mentions, Sink};
use tally::Tally;

/// What to do with a record that cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// Stop the run at the first bad record: a file output is not created (stdout
    /// keeps what was streamed before it, in whole blocks).
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
    /// Roughly how much input may be read ahead of the output (bounds memory). The
    /// input goes to the workers in blocks of a fraction of it, small enough to keep
    /// every thread busy to the end.
    pub chunk_bytes: usize,
}

/// How many blocks a job of `threads` and `chunk_bytes` (see [`Job`]) keeps in flight,
/// and about how large each is: a few hundred kB, enough work to amortise a handoff,
/// small enough that the last ones finish together. Four per thread in flight bound the
/// memory.
pub fn blocks(threads: usize, chunk_bytes: usize) -> (usize, usize) {
    let window = 4 * threads.max(1);
    let block = (chunk_bytes / window).clamp(16 << 10, 256 << 10);
    (window, block)
}

/// What a run saw.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: usize,
    /// The documents' text, in bytes (what the throughput counts).
    pub bytes: usize,
    /// The input read so far, in bytes as read after any decompression: JSON lines or
    /// whole files, for a progress bar over files of known size.
    pub input_bytes: usize,
    pub seconds: f64,
    pub errors: Vec<String>,
    pub entities: usize,
    pub quantities: usize,
    /// The per-name counts below are filled when the run ends (progress reports
    /// leave them empty).
    pub per_label: HashMap<String, usize>,
    pub per_dimension: HashMap<String, usize>,
    /// (label, canonical) → mentions.
    pub per_entity: HashMap<(String, String), usize>,
}

impl Summary {
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

/// Runs the job over `reader`, writing to `output`. `on_skip` and `progress` are told
/// about every skipped record and every processed block, on whichever thread writes it.
pub fn extract(
    job: &Job,
    mut reader: Reader,
    output: &mut Output,
    mut on_skip: impl FnMut(&RecordError) + Send,
    mut progress: impl FnMut(&Summary) + Send,
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut tally = Tally::default();
    if job.format != OutputFormat::Jsonl {
        output
            .write_all(&header(job.format))
            .map_err(RunError::Io)?;
    }
    let fields = reader.fields().clone();
    let paths = fields.paths();
    let (window, block) = blocks(job.threads, job.chunk_bytes);
    let blocks = std::iter::from_fn(|| reader.next_block(block));
    crate::parallel::ordered_stream(
        job.threads.max(1),
        window,
        blocks,
        |b| process_block(job, &fields, &paths, b),
        |done: Done| {
            for e in done.errors {
                if job.on_error == OnError::Fail {
                    return Err(RunError::Record(e));
                }
                on_skip(&e);
                summary.errors.push(e.to_string());
            }
            output.write_all(&done.bytes).map_err(RunError::Io)?;
            tally.add(done.tally);
            summary.documents = tally.documents;
            summary.bytes = tally.bytes;
            summary.input_bytes = tally.input;
            summary.entities = tally.entities;
            summary.quantities = tally.quantities;
            summary.seconds = started.elapsed().as_secs_f64();
            progress(&summary);
            Ok(())
        },
    )?;
    tally.resolve(job.gazetteer.as_deref(), &mut summary);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A processed block: its output, its counts, and the records that could not be read.
struct Done {
    bytes: Vec<u8>,
    tally: Tally,
    errors: Vec<RecordError>,
}

fn process_block(job: &Job, fields: &Fields, paths: &jsonl::Paths, block: Block) -> Done {
    let capacity = match &block {
        // JSON output is about twice the input with the engines on.
        Block::Lines(lines) => 2 * lines.bytes.len(),
        _ => 1 << 12,
    };
    let mut done = Done {
        bytes: Vec::new(),
        tally: Tally::default(),
        errors: Vec::new(),
    };
    let mut sink = Sink::new(job.format, capacity);
    match block {
        Block::Lines(lines) => {
            done.tally.input = lines.bytes.len();
            for record in lines.records(fields, paths) {
                match record {
                    Ok(r) => process(job, &r, &mut sink, &mut done.tally),
                    Err(e) => done.errors.push(e),
                }
            }
        }
        Block::Record(r) => {
            done.tally.input = r.text.len();
            process(job, &r, &mut sink, &mut done.tally)
        }
        Block::Error(e) => done.errors.push(e),
    }
    done.bytes = sink.into_bytes();
    done
}

/// Both engines over one record, serialised and counted.
fn process(job: &Job, r: &Record, sink: &mut Sink, tally: &mut Tally) {
    let text = r.text.as_str();
    let g = job.gazetteer.as_deref();
    let entities: Vec<_> = g
        .map(|g| {
            let found = g.find(text).into_iter();
            found.map(|m| (m, g.primary(&m))).collect()
        })
        .unwrap_or_default();
    let quantities = job
        .quantities
        .as_ref()
        .map(|q| q.find(text))
        .unwrap_or_default();
    let spans = entities
        .iter()
        .flat_map(|(m, _)| [m.start, m.end])
        .chain(quantities.iter().flat_map(|q| [q.start, q.end]));
    let offsets = crate::text::char_offsets(text, spans);
    if let Some(g) = g {
        let ids = entities.iter().map(|(m, _)| g.candidates(m)[0]);
        tally.document(text.len(), ids, &quantities);
    } else {
        tally.document(text.len(), std::iter::empty(), &quantities);
    }
    sink.write(
        &r.id,
        &r.keep,
        &Mentions {
            text,
            entities: &entities,
            quantities: &quantities,
            offsets: &offsets,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_text_and_input_and_the_progress_reaches_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let texts: Vec<String> = (0..20000)
            .map(|i| format!("Doc {i}: 5 km \\\"away\\\"."))
            .collect();
        let lines: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{{\"id\": {i}, \"text\": \"{t}\", \"other\": [1, 2]}}\n"))
            .collect();
        std::fs::write(&path, lines.concat()).unwrap();
        let size = std::fs::metadata(&path).unwrap().len() as usize;
        // The text as read, its escapes undone.
        let text_bytes: usize = texts.iter().map(|t| t.len() - 2).sum();
        for threads in [1, 2] {
            let job = Job {
                gazetteer: None,
                quantities: Some(Quantities::new()),
                format: OutputFormat::Jsonl,
                threads,
                on_error: OnError::Fail,
                // Small blocks: many progress reports.
                chunk_bytes: 64 << 10,
            };
            let reader = Reader::new(vec![path.clone()], InputFormat::Jsonl, Fields::default());
            let mut output = Output::file(&dir.path().join("out.jsonl")).unwrap();
            let mut reports = Vec::new();
            let summary = extract(
                &job,
                reader,
                &mut output,
                |_| {},
                |s| reports.push(s.input_bytes),
            )
            .unwrap();
            output.finish().unwrap();
            assert_eq!(summary.documents, texts.len());
            assert_eq!(summary.bytes, text_bytes);
            assert_eq!(summary.input_bytes, size);
            assert!(reports.len() > 3 && reports.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(reports.last(), Some(&size), "{threads} threads");
        }
    }
}
