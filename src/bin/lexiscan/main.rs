//! The lexiscan command-line tool.
//!
//! `lexiscan find` prints every gazetteer mention in text files or JSONL corpora as TSV;
//! `lexiscan quantities` prints every number and quantity. (The full corpus tool,
//! `lexiscan extract`, is tracked in issue 5.)

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lexiscan::gazetteer::load::{load_entries, open_maybe_gzip};
use lexiscan::{Gazetteer, Overlaps};

#[derive(Parser)]
#[command(
    name = "lexiscan",
    version,
    about = "Find names and numbers in lots of text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every gazetteer mention as TSV: doc, start, end (code points), text, label, id.
    Find(FindArgs),
    /// Print every number and quantity as TSV: doc, start, end (code points), text, kind,
    /// value, upper, unit, dimension, si_value, si_unit, qualifier, counted.
    Quantities(QuantityArgs),
}

#[derive(clap::Args)]
struct QuantityArgs {
    /// Text files, or JSONL files (.jsonl, .jsonl.gz) with "id" and "text" fields.
    /// Nothing or '-' reads plain text from stdin.
    inputs: Vec<PathBuf>,
    /// The decimal mark: auto (per document), point or comma.
    #[arg(long, default_value = "auto")]
    decimal: String,
    /// Also print dates, years, times, phone numbers and codes, with their kinds.
    #[arg(long)]
    all: bool,
}

#[derive(clap::Args)]
struct FindArgs {
    /// Text files, or JSONL files (.jsonl, .jsonl.gz) with "id" and "text" fields.
    /// Nothing or '-' reads plain text from stdin.
    inputs: Vec<PathBuf>,
    /// An entries file (TSV/CSV/JSONL, optionally .gz) or a saved gazetteer; repeatable.
    /// Default: the built-in world gazetteer.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
    #[arg(long)]
    case_sensitive: bool,
    #[arg(long)]
    fold_accents: bool,
    /// Also match inside words.
    #[arg(long)]
    no_whole_words: bool,
    /// longest, all or first.
    #[arg(long, default_value = "longest")]
    overlaps: Overlaps,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Find(args) => find(args),
        Command::Quantities(args) => quantities(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lexiscan: {e}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn build_gazetteer(args: &FindArgs) -> Result<Gazetteer> {
    let mut builder = Gazetteer::builder();
    builder
        .case_sensitive(args.case_sensitive)
        .fold_accents(args.fold_accents)
        .whole_words(!args.no_whole_words)
        .overlaps(args.overlaps);
    if args.gazetteer.is_empty() {
        return Ok(builder.build(Gazetteer::default_entries())?);
    }
    let mut entries = Vec::new();
    for path in &args.gazetteer {
        let head = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if Gazetteer::is_saved_gazetteer(&head) {
            entries.extend(Gazetteer::from_bytes(&head)?.entries().iter().cloned());
        } else {
            entries.extend(load_entries(path)?);
        }
    }
    Ok(builder.build(entries)?)
}

fn find(args: FindArgs) -> Result<()> {
    let gazetteer = build_gazetteer(&args)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(out, "doc\tstart\tend\ttext\tlabel\tid")?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    for path in &inputs {
        for (doc, text) in read_documents(path)? {
            let found = gazetteer.find(&text);
            let offsets =
                lexiscan::text::char_offsets(&text, found.iter().flat_map(|m| [m.start, m.end]));
            for (m, pair) in found.iter().zip(offsets.chunks(2)) {
                let entry = gazetteer.primary(m);
                let mention = text[m.range()].replace(['\t', '\n', '\r'], " ");
                writeln!(
                    out,
                    "{doc}\t{}\t{}\t{mention}\t{}\t{}",
                    pair[0], pair[1], entry.label, entry.id
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn quantities(args: QuantityArgs) -> Result<()> {
    use lexiscan::quantity::{DecimalMark, Quantities};
    let decimal = match args.decimal.as_str() {
        "auto" => DecimalMark::Auto,
        "point" => DecimalMark::Point,
        "comma" => DecimalMark::Comma,
        other => {
            return Err(format!("--decimal: expected auto, point or comma, not {other:?}").into())
        }
    };
    let extractor = Quantities::builder()
        .decimal(decimal)
        .include_non_quantities(args.all)
        .build()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(out, "doc\tstart\tend\ttext\tkind\tvalue\tupper\tunit\tdimension\tsi_value\tsi_unit\tqualifier\tcounted")?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for path in &inputs {
        for (doc, text) in read_documents(path)? {
            let found = extractor.find(&text);
            let offsets =
                lexiscan::text::char_offsets(&text, found.iter().flat_map(|q| [q.start, q.end]));
            for (q, pair) in found.iter().zip(offsets.chunks(2)) {
                let surface = q.text.replace(['\t', '\n', '\r'], " ");
                writeln!(
                    out,
                    "{doc}\t{}\t{}\t{surface}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    pair[0],
                    pair[1],
                    q.kind.as_str(),
                    q.value,
                    opt(q.upper),
                    q.unit.as_deref().unwrap_or(""),
                    q.dimension.as_deref().unwrap_or(""),
                    opt(q.si_value),
                    q.si_unit.as_deref().unwrap_or(""),
                    q.qualifier.map(|x| x.as_str()).unwrap_or(""),
                    q.counted.as_deref().unwrap_or(""),
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Reads (document id, text) pairs: one per JSONL line, or one per text file.
fn read_documents(path: &PathBuf) -> Result<Vec<(String, String)>> {
    let name = path.display().to_string();
    if name == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        return Ok(vec![("-".into(), text)]);
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
    let mut reader = open_maybe_gzip(file)?;
    if !(name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")) {
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .map_err(|e| format!("{name}: {e}"))?;
        return Ok(vec![(name, text)]);
    }
    let mut docs = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{name}:{}: {e}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("{name}:{}: invalid JSON: {e}", i + 1))?;
        let text = value["text"]
            .as_str()
            .ok_or_else(|| format!("{name}:{}: no string field `text`", i + 1))?;
        let id = match &value["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("{name}:{}", i + 1),
            other => other.to_string(),
        };
        docs.push((id, text.to_string()));
    }
    Ok(docs)
}
