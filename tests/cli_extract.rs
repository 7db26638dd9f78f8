//! `lexiscan extract` and `lexiscan gazetteer` run as a user would: the binary in
//! temporary directories, every input format and error, order under parallelism, gzip in
//! and out, stdin and stdout, exit codes and the summary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use flate2::write::GzEncoder;
use serde_json::Value;

fn lexiscan(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexiscan"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn with_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lexiscan"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn corpus(n: usize) -> String {
    (0..n)
        .map(|i| serde_json::json!({"id": format!("d{i}"), "text": format!("Paris sent over {} soldiers and ${i}.5m to North Korea.", 100 + i), "source": "test"}).to_string() + "\n")
        .collect()
}

#[test]
fn jsonl_in_jsonl_out_in_order_one_line_per_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), corpus(500)).unwrap();
    let out = lexiscan(
        &["extract", "c.jsonl", "--threads", "2", "--keep", "source"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 500);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d["id"], format!("d{i}"));
        assert_eq!(d["source"], "test");
        let ids: Vec<&str> = d["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"country:KP"), "{d}");
        let q = &d["quantities"].as_array().unwrap();
        assert_eq!(q[0]["qualifier"], "over");
        assert_eq!(q[0]["value"], (100 + i) as f64);
        assert_eq!(q[1]["kind"], "money");
        // Code-point offsets into the text.
        let text = format!(
            "Paris sent over {} soldiers and ${i}.5m to North Korea.",
            100 + i
        );
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (
            q[0]["start"].as_u64().unwrap() as usize,
            q[0]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            q[0]["text"].as_str().unwrap()
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("500 documents"), "{stderr}");
    assert!(stderr.contains("North Korea (COUNTRY) 500"), "{stderr}");
}

#[test]
fn one_thread_equals_two_threads_and_gzip_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(corpus(300).as_bytes()).unwrap();
    std::fs::write(dir.path().join("c.jsonl.gz"), gz.finish().unwrap()).unwrap();
    let one = lexiscan(
        &[
            "extract",
            "c.jsonl.gz",
            "--threads",
            "1",
            "-o",
            "one.jsonl",
            "-q",
        ],
        dir.path(),
    );
    let two = lexiscan(
        &[
            "extract",
            "c.jsonl.gz",
            "--threads",
            "2",
            "-o",
            "two.jsonl.gz",
            "-q",
        ],
        dir.path(),
    );
    assert!(one.status.success() && two.status.success());
    let a = std::fs::read(dir.path().join("one.jsonl")).unwrap();
    let mut b = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(dir.path().join("two.jsonl.gz")).unwrap(),
        ),
        &mut b,
    )
    .unwrap();
    assert_eq!(a, b);
    assert_eq!(jsonl(&a).len(), 300);
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
}

#[test]
fn text_files_lines_directories_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(
        dir.path().join("docs/b.txt"),
        "Berlin has 3.7 million people.",
    )
    .unwrap();
    std::fs::write(dir.path().join("docs/a.txt"), "Moscow is 2,500 km away.").unwrap();
    let out = lexiscan(&["extract", "docs", "-q"], dir.path());
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["id"].as_str().unwrap().ends_with("a.txt"));
    assert_eq!(docs[0]["quantities"][0]["unit"], "kilometer");
    std::fs::write(
        dir.path().join("l.txt"),
        "Paris\nno names here\nTokyo, 5 km\n",
    )
    .unwrap();
    let out = lexiscan(&["extract", "--format", "lines", "l.txt", "-q"], dir.path());
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1]["entities"].as_array().unwrap().len(), 0);
    assert_eq!(docs[2]["id"], "l.txt:3");
    let out = with_stdin(&["extract", "-q"], dir.path(), b"{\"text\": \"Rome\"}\n");
    assert_eq!(jsonl(&out.stdout)[0]["entities"][0]["text"], "Rome");
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"text\": \"Oslo\"}\n").unwrap();
    let out = with_stdin(&["extract", "-q"], dir.path(), &gz.finish().unwrap());
    assert_eq!(
        jsonl(&out.stdout)[0]["entities"][0]["text"],
        "Oslo",
        "gzip on stdin"
    );
    let out = with_stdin(
        &["extract", "-", "-q"],
        dir.path(),
        "plain text about Madrid".as_bytes(),
    );
    assert_eq!(jsonl(&out.stdout)[0]["entities"][0]["text"], "Madrid");
    let out = with_stdin(
        &[
            "extract",
            "-q",
            "--text-field",
            "body.text",
            "--id-field",
            "meta.id",
        ],
        dir.path(),
        b"{\"meta\": {\"id\": 7}, \"body\": {\"text\": \"Lima\"}}\n",
    );
    let doc = &jsonl(&out.stdout)[0];
    assert_eq!(
        (doc["id"].as_i64(), doc["entities"][0]["text"].as_str()),
        (Some(7), Some("Lima"))
    );
}

#[test]
fn tsv_and_csv_have_one_row_per_mention() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), corpus(10)).unwrap();
    for (format, sep) in [("tsv", '\t'), ("csv", ',')] {
        let out = lexiscan(
            &["extract", "c.jsonl", "--output-format", format, "-q"],
            dir.path(),
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with(&format!("doc{sep}type{sep}start")));
        // Per document: Paris, "$" (a currency entity), North Korea, and two quantities.
        assert_eq!(lines.len() - 1, 10 * 5, "{text}");
        assert!(lines[1].starts_with(&format!("d0{sep}entity")));
    }
}

#[test]
fn every_bad_record_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        b"{\"id\": 1, \"text\": \"Paris\"}\n{not json\n{\"id\": 3}\n{\"id\": 4, \"text\": 5}\n"
            .to_vec();
    bytes.extend_from_slice(
        b"{\"id\": 5, \"text\": \"bad \xff utf8\"}\n{\"id\": 6, \"text\": \"Oslo\"}\n",
    );
    std::fs::write(dir.path().join("bad.jsonl"), &bytes).unwrap();
    std::fs::write(dir.path().join("empty.jsonl"), b"").unwrap();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(corpus(200).as_bytes()).unwrap();
    let whole = gz.finish().unwrap();
    std::fs::write(dir.path().join("cut.jsonl.gz"), &whole[..whole.len() / 2]).unwrap();

    // fail: stop at the first error, exit 2, and leave no output file.
    let out = lexiscan(&["extract", "bad.jsonl", "-o", "out.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl:2: invalid JSON"));
    assert!(!dir.path().join("out.jsonl").exists());

    // skip: every good record is written, every bad one reported, exit 1.
    let out = lexiscan(
        &[
            "extract",
            "bad.jsonl",
            "empty.jsonl",
            "cut.jsonl.gz",
            "--on-error",
            "skip",
            "-o",
            "out.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "bad.jsonl:2: invalid JSON",
        "bad.jsonl:3: no field \"text\"",
        "bad.jsonl:4: field \"text\" is not a string",
        "bad.jsonl:5: invalid UTF-8",
        "empty.jsonl: empty file",
        "cut.jsonl.gz:",
        "truncated input",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
    }
    let docs = jsonl(&std::fs::read(dir.path().join("out.jsonl")).unwrap());
    let ids: Vec<String> = docs.iter().map(|d| d["id"].to_string()).collect();
    assert_eq!(&ids[..2], ["1", "6"]);
    // Every record of the truncated file before the cut is there, then one error.
    let from_cut = docs.len() - 2;
    assert!(from_cut > 0 && from_cut < 200, "{from_cut}");
    assert!(
        stderr.contains(&format!("{} documents", docs.len())),
        "{stderr}"
    );
    assert!(stderr.contains("errors"), "{stderr}");

    // A missing input fails before anything is read.
    let out = lexiscan(&["extract", "nope.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl: no such file"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), corpus(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lexiscan"))
        .args(["extract", "c.jsonl", "-q"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn gazetteer_build_then_extract_with_it_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.tsv"), "label\tcanonical\talias\tid\nFRUIT\tApple\tApple\tf:1\nFRUIT\tApple\tapples\tf:1\nCOMPANY\tApple\tApple\tc:1\n").unwrap();
    let out = lexiscan(&["gazetteer", "build", "n.tsv", "-o", "n.lxs"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lexiscan(&["gazetteer", "stats", "n.lxs"], dir.path());
    let stats = String::from_utf8_lossy(&out.stdout);
    assert!(
        stats.contains("entries\t2") && stats.contains("names shared by several entries\t1"),
        "{stats}"
    );
    std::fs::write(dir.path().join("t.txt"), "I ate apples from Apple.").unwrap();
    let out = lexiscan(
        &["extract", "t.txt", "-g", "n.lxs", "--no-quantities", "-q"],
        dir.path(),
    );
    let doc = &jsonl(&out.stdout)[0];
    let ids: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["f:1", "f:1"]);
    assert_eq!(doc["quantities"].as_array().unwrap().len(), 0);
}

#[test]
fn a_saved_gazetteer_keeps_its_options_alone_and_merges_with_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cities.tsv"),
        "label\tcanonical\talias\tid\nCITY\tZürich\tZürich\tc:zh\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fruit.tsv"),
        "label\tcanonical\talias\tid\nFRUIT\tApple\tApple\tf:1\n",
    )
    .unwrap();
    let built = lexiscan(
        &[
            "gazetteer",
            "build",
            "cities.tsv",
            "--fold-accents",
            "-o",
            "c.lxs",
        ],
        dir.path(),
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    std::fs::write(dir.path().join("t.txt"), "From Zurich with an apple.").unwrap();
    let ids = |gazetteers: &[&str]| -> Vec<String> {
        let mut args = vec!["extract", "t.txt", "--no-quantities", "-q"];
        for g in gazetteers {
            args.extend(["-g", g]);
        }
        let out = lexiscan(&args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jsonl(&out.stdout)[0]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Alone, it folds accents as it was built to: "Zurich" is Zürich.
    assert_eq!(ids(&["c.lxs"]), ["c:zh"]);
    // Merged with another file, its entries are built with the default options.
    assert_eq!(ids(&["c.lxs", "fruit.tsv"]), ["f:1"]);
    assert_eq!(ids(&["cities.tsv"]), Vec::<String>::new());
}
