//! The lexiscan command-line tool.
//!
//! - `lexiscan extract`: both engines over a corpus (files, directories, stdin; JSONL,
//!   text, lines; gzip), in parallel, results in input order as JSONL, TSV or CSV.
//! - `lexiscan gazetteer build|stats`: compile names once; describe a gazetteer.
//! - `lexiscan find` / `lexiscan quantities`: quick TSV views of one engine.

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
    /// Extract entities and quantities from a corpus: one output line per input document,
    /// in input order (JSONL), or one row per mention (TSV/CSV).
    Extract(ExtractArgs),
    /// Build or describe a gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Compile entries (TSV/CSV/JSONL files, gzip allowed) into one saved gazetteer.
    Build {
        /// Entries files.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// The saved gazetteer to write.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        case_sensitive: bool,
        #[arg(long)]
        fold_accents: bool,
    },
    /// Entries, names, labels and names shared by several entries after folding.
    Stats {
        /// A saved gazetteer or an entries file.
        file: PathBuf,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum FormatArg {
    Auto,
    Jsonl,
    Text,
    Lines,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum OutputFormatArg {
    Jsonl,
    Tsv,
    Csv,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum OnErrorArg {
    Fail,
    Skip,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or directories; '-' or nothing reads stdin.
    inputs: Vec<PathBuf>,
    /// TSV/CSV/JSONL entries or a saved gazetteer (repeatable). Default: the built-in world
    /// gazetteer. A saved gazetteer given alone keeps the options it was built with (one
    /// build); several files are merged with the default options.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
    #[arg(long)]
    no_gazetteer: bool,
    #[arg(long)]
    no_quantities: bool,
    /// JSONL records, whole text files, or one document per line.
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// JSONL: the field holding the text (a dotted path such as body.text).
    #[arg(long, default_value = "text")]
    text_field: String,
    /// JSONL: the field holding the document id (default: file:line).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL input fields to carry into the output (repeatable).
    #[arg(long)]
    keep: Vec<String>,
    /// Output file (default stdout); written under a temporary name, renamed on success;
    /// gzip when it ends in .gz.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "jsonl")]
    output_format: OutputFormatArg,
    /// Threads (default LEXISCAN_NUM_THREADS or all cores; 1 = serial).
    #[arg(long)]
    threads: Option<usize>,
    /// A bad record: stop with file:line (fail), or report, count and go on (skip).
    #[arg(long, value_enum, default_value = "fail")]
    on_error: OnErrorArg,
    /// Show a progress bar on stderr even when it is not a terminal.
    #[arg(long)]
    progress: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
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
    /// Default: the built-in world gazetteer. A saved gazetteer given alone keeps the
    /// options it was built with unless options are given here.
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
        Command::Extract(args) => return extract(args),
        Command::Gazetteer(cmd) => gazetteer_command(cmd),
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
    // A saved gazetteer given alone, with no option that changes matching, is used as it
    // was saved (with its own options): one build. Several files are merged into one.
    let no_options = !args.case_sensitive
        && !args.fold_accents
        && !args.no_whole_words
        && args.overlaps == Overlaps::default();
    let saved = args
        .gazetteer
        .iter()
        .map(|path| is_saved_gazetteer(path))
        .collect::<Result<Vec<bool>>>()?;
    if let ([path], [true]) = (args.gazetteer.as_slice(), saved.as_slice()) {
        if no_options {
            return Ok(Gazetteer::load(path)?);
        }
    }
    let mut entries = Vec::new();
    for (path, saved) in args.gazetteer.iter().zip(saved) {
        if saved {
            entries.extend(Gazetteer::load_saved_entries(path)?);
        } else {
            entries.extend(load_entries(path)?);
        }
    }
    Ok(builder.build(entries)?)
}

/// Whether the file starts like a saved gazetteer (else it is an entries file).
fn is_saved_gazetteer(path: &std::path::Path) -> Result<bool> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Gazetteer::is_saved_gazetteer(&head))
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

/// The result of a scoped thread; its panic goes on in the caller.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Roughly how much input may be read ahead of the output.
const CHUNK_BYTES: usize = 8 << 20;

/// Exit codes: 0 everything read, 1 some records skipped, 2 failure.
fn extract(args: ExtractArgs) -> ExitCode {
    use lexiscan::corpus::{
        self, Fields, InputFormat, Job, OnError, Output, OutputFormat, Reader, RunError,
    };
    let started = std::time::Instant::now();
    let fail = |message: String| {
        eprintln!("lexiscan: {message}");
        ExitCode::from(2)
    };
    let threads = match args.threads {
        Some(0) => return fail("--threads must be at least 1".into()),
        Some(n) => n,
        None => lexiscan::parallel::num_threads(),
    };
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let inputs = match corpus::expand_inputs(&inputs) {
        Ok(i) => i,
        Err(e) => return fail(e.to_string()),
    };
    for p in &inputs {
        if p.as_os_str() != "-" && !p.exists() {
            return fail(format!("{}: no such file or directory", p.display()));
        }
    }
    let known_size: u64 = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.to_string_lossy().ends_with(".gz"))
        .filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
        .sum();
    let sized = inputs
        .iter()
        .all(|p| p.as_os_str() != "-" && !p.to_string_lossy().ends_with(".gz"));
    let format = match args.format {
        FormatArg::Auto => InputFormat::Auto,
        FormatArg::Jsonl => InputFormat::Jsonl,
        FormatArg::Text => InputFormat::Text,
        FormatArg::Lines => InputFormat::Lines,
    };
    let fields = Fields {
        text: args.text_field.clone(),
        id: args.id_field.clone(),
        keep: args.keep.clone(),
    };
    let mut reader = Reader::new(inputs, format, fields);
    // The two engines are built side by side while the first blocks are read: each takes
    // milliseconds on one core, and at a hundred MB/s that is a noticeable share of a run.
    let (window, block) = corpus::blocks(threads, CHUNK_BYTES);
    let (gazetteer, quantities) = std::thread::scope(|scope| {
        let quantities =
            scope.spawn(|| (!args.no_quantities).then(lexiscan::quantity::Quantities::new));
        let gazetteer = scope.spawn(|| {
            if args.no_gazetteer {
                return Ok(None);
            }
            let find_args = FindArgs {
                inputs: Vec::new(),
                gazetteer: args.gazetteer.clone(),
                case_sensitive: false,
                fold_accents: false,
                no_whole_words: false,
                overlaps: Overlaps::Longest,
            };
            build_gazetteer(&find_args)
                .map(|g| Some(std::sync::Arc::new(g)))
                .map_err(|e| e.to_string())
        });
        reader.read_ahead(block, window);
        (join(gazetteer), join(quantities))
    });
    let gazetteer = match gazetteer {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    let job = Job {
        gazetteer,
        quantities,
        format: match args.output_format {
            OutputFormatArg::Jsonl => OutputFormat::Jsonl,
            OutputFormatArg::Tsv => OutputFormat::Tsv,
            OutputFormatArg::Csv => OutputFormat::Csv,
        },
        threads,
        on_error: if args.on_error == OnErrorArg::Skip {
            OnError::Skip
        } else {
            OnError::Fail
        },
        chunk_bytes: CHUNK_BYTES,
    };
    let mut output = match &args.output {
        Some(path) => match Output::file(path) {
            Ok(o) => o,
            Err(e) => return fail(format!("{}: {e}", path.display())),
        },
        None => Output::stdout(),
    };
    use std::io::IsTerminal;
    let show_progress = !args.quiet && (args.progress || std::io::stderr().is_terminal());
    let bar = show_progress.then(|| {
        let bar = if sized {
            indicatif::ProgressBar::new(known_size)
        } else {
            indicatif::ProgressBar::new_spinner()
        };
        let template = if sized {
            "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
        } else {
            "{spinner} {bytes} {binary_bytes_per_sec} {msg}"
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar
    });
    let result = corpus::extract(
        &job,
        reader,
        &mut output,
        |e| {
            if let Some(b) = &bar {
                b.suspend(|| eprintln!("lexiscan: skipped {e}"));
            } else {
                eprintln!("lexiscan: skipped {e}");
            }
        },
        |s| {
            if let Some(b) = &bar {
                b.set_position(s.input_bytes as u64);
                b.set_message(format!("{} documents", s.documents));
            }
        },
    );
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    // The process ends next: freeing the gazetteer's many small allocations one by one
    // would only delay the exit.
    std::mem::forget(job);
    match result {
        Ok(mut summary) => {
            if let Err(e) = output.finish() {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
                return fail(format!("writing the output: {e}"));
            }
            if !args.quiet {
                // The whole run, building the engines and reading ahead included.
                summary.seconds = started.elapsed().as_secs_f64();
                eprint!("{}", summary.report());
            }
            if summary.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(RunError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            output.abort();
            ExitCode::SUCCESS
        }
        Err(e) => {
            output.abort();
            let what = if args.output.is_some() {
                "no output file was written; "
            } else {
                ""
            };
            fail(format!(
                "{e} ({what}--on-error skip reports bad records and goes on)"
            ))
        }
    }
}

fn gazetteer_command(cmd: GazetteerCommand) -> Result<()> {
    match cmd {
        GazetteerCommand::Build {
            sources,
            output,
            case_sensitive,
            fold_accents,
        } => {
            let mut entries = Vec::new();
            for path in &sources {
                entries.extend(load_entries(path)?);
            }
            let g = Gazetteer::builder()
                .case_sensitive(case_sensitive)
                .fold_accents(fold_accents)
                .build(entries)?;
            g.save(&output)?;
            eprintln!(
                "lexiscan: wrote {} ({} entries, {} distinct names)",
                output.display(),
                g.entries().len(),
                g.distinct_names()
            );
            Ok(())
        }
        GazetteerCommand::Stats { file } => {
            let head = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let g = if Gazetteer::is_saved_gazetteer(&head) {
                Gazetteer::from_bytes(&head)?
            } else {
                Gazetteer::new(load_entries(&file)?)?
            };
            let mut labels: std::collections::BTreeMap<&str, usize> = Default::default();
            let mut names = 0;
            for e in g.entries() {
                *labels.entry(e.label.as_str()).or_default() += 1;
                names += e.names.len();
            }
            // Names that fold to the same form in several entries ("Georgia").
            let fold = g.options().fold_options();
            let mut by_folded: std::collections::HashMap<
                Vec<u8>,
                (String, std::collections::BTreeSet<usize>),
            > = Default::default();
            for (i, e) in g.entries().iter().enumerate() {
                for n in &e.names {
                    by_folded
                        .entry(lexiscan::text::fold_name(n, fold))
                        .or_insert_with(|| (n.clone(), Default::default()))
                        .1
                        .insert(i);
                }
            }
            let mut shared: Vec<(String, usize)> = by_folded
                .into_values()
                .filter(|(_, ids)| ids.len() > 1)
                .map(|(n, ids)| (n, ids.len()))
                .collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            println!("entries\t{}", g.entries().len());
            println!("names\t{names}");
            println!("distinct names after folding\t{}", g.distinct_names());
            println!("names shared by several entries\t{}", shared.len());
            for (label, n) in labels {
                println!("label {label}\t{n}");
            }
            for (name, count) in shared.iter().take(10) {
                println!("shared {name:?}\t{count} entries");
            }
            Ok(())
        }
    }
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
