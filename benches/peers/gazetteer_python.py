"""lexiscan from Python against the Python libraries people use for the same job.

The job: find every name of a gazetteer in news text (Reuters-21578), case-insensitive,
whole words only, longest non-overlapping matches, with code-point offsets and the label;
texts in, Python objects out. Each engine is configured as close to that as it allows; how,
and what differs, is written with each engine (`ENGINES` in gazetteer_python.py).

Gazetteers: `small` (gazetteer_small.tsv, 16,688 mostly English names), `cities15k`
(gazetteer_cities15k.tsv.gz, 333,087 city and country names: the one RESEARCH.md's peer
figures were measured with), `large` (gazetteer_large.tsv.gz, 1,507,730 multilingual names)
and a size sweep `sweep-10k`, `sweep-100k`, `sweep-1M` sampled from the large one the way
benches/gazetteer.rs `sample_entries` does (every n-th entry, whole entries, until the count
of names is reached). Sampled names are written to a TSV that every engine, lexiscan
included, reads: all of them see exactly the same names.

How a measurement runs: each (engine, gazetteer) pair runs in a fresh Python subprocess,
so that its build time and peak memory are its own.
- build_s: from the TSV file on disk to a ready engine, reading and parsing the file
  included (lexiscan parses it in Rust, the peers in Python).
- search_s: best of `repeat` runs over the documents, Python objects (or the Arrow table)
  out; an engine that has spent less than `min_seconds` searching after those runs more,
  up to 30 (on a shared machine a 50 ms search is easily caught in a busy moment; a 500 ms
  one averages over it). MB/s counts UTF-8 bytes of text, 10^6 bytes to the MB.
- peak_rss_mb: the subprocess's peak RSS (VmHWM, 10^6 bytes): interpreter, documents, the
  names the peers read in Python, the engine and one search's results.
- workers = 2: after the build the subprocess forks two worker processes, each with its
  own (copy-on-write) engine and half of the documents (split at the middle byte); search_s
  is the wall time until both are done, peak_rss_mb the larger worker's max RSS (pages
  shared with the parent after the fork count in full). The row named "lexiscan (Match
  objects, 2 threads)" is one process instead: `find_batch(threads=2)`.
- Slow engines run on an evenly spaced sample of the documents, big gazetteers too; those
  rows say sampled. Engines whose build would blow the time budget at a size are not run
  there; the reason goes into the JSON's meta (`skipped`) and the report's table.

Run it once per virtual environment (the peers live in .venv-peers, never in lexiscan's
.venv); it measures whichever engines import there and writes one JSON file:

    .venv/bin/python       benches/peers/gazetteer_python.py --out benches/peers/results/gazetteer-lexiscan.json
    .venv-peers/bin/python benches/peers/gazetteer_python.py --out benches/peers/results/gazetteer-peers.json

`--quick` runs a reduced plan (a few hundred documents, the small gazetteers) to check
that everything works; `--gazetteers` and `--only` narrow the plan further.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.metadata
import importlib.util
import json
import multiprocessing
import os
import pathlib
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from runinfo import cpu_model, git_commit

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
CORPUS = SHARED / "corpus_reuters21578.jsonl.gz"
CORPUS_NAME = "reuters21578"

Names = List[Tuple[str, str]]  # (name, label)


# --- reading the data ---------------------------------------------------------------


def read_corpus(path: pathlib.Path) -> List[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def sample_docs(texts: List[str], docs: int) -> List[str]:
    """`docs` documents spread evenly over the corpus (all of them for 0): a fixed choice,
    the same for every engine, and less biased than the first N (the corpus is in date
    order)."""
    if docs <= 0 or docs >= len(texts):
        return texts
    return [texts[i * len(texts) // docs] for i in range(docs)]


def open_text(path: pathlib.Path) -> Any:
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")


def read_rows(path: pathlib.Path) -> List[List[str]]:
    """The TSV's rows (header skipped), fields trimmed as lexiscan's loader trims them;
    rows without an alias are left out, as lexiscan reports them instead of loading them."""
    rows = []
    with open_text(path) as f:
        next(f)
        for line in f:
            parts = [p.strip() for p in line.rstrip("\n").split("\t")]
            if len(parts) >= 3 and parts[0] and parts[2]:
                rows.append(parts)
    return rows


def read_names(path: pathlib.Path) -> Names:
    return [(row[2], row[0]) for row in read_rows(path)]


def write_sweep_sample(source: pathlib.Path, names: int, out: pathlib.Path) -> int:
    """Every n-th entry of `source` (rows grouped by id, in file order), whole entries, until
    `names` names: benches/gazetteer.rs `sample_entries`, so the Rust and Python sweeps take
    the same kind of sample. Writes a TSV with the source's columns; returns its row count."""
    entries: Dict[str, List[List[str]]] = {}
    for row in read_rows(source):
        key = row[3] if len(row) > 3 and row[3] else f"{row[0]}:{row[1]}"
        entries.setdefault(key, []).append(row)
    groups = list(entries.values())
    total = sum(len(g) for g in groups)
    step = max(total // names, 1)
    count = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("label\tcanonical\talias\tid\n")
        for group in groups[::step]:
            if count >= names:
                break
            for row in group:
                f.write("\t".join((row + [""] * 4)[:4]) + "\n")
            count += len(group)
    return count


# --- the engines ----------------------------------------------------------------------


def whole_word(text: str, s: int, e: int) -> bool:
    return (s == 0 or not text[s - 1].isalnum()) and (e >= len(text) or not text[e].isalnum())


def search_lowered(texts: List[str], matches: Callable[[str], Any]) -> List[List[Tuple[int, int, str]]]:
    """Lower-cases each text, runs `matches` (giving (start, end, label)) and keeps whole words."""
    result = []
    for text in texts:
        low = text.lower()
        result.append([(s, e, label) for s, e, label in matches(low) if whole_word(low, s, e)])
    return result


def lower_patterns(names: Names) -> Tuple[List[str], List[str]]:
    """Distinct lower-cased names and, for each, the label of its first occurrence."""
    seen: Dict[str, str] = {}
    for name, label in names:
        seen.setdefault(name.lower(), label)
    return list(seen), list(seen.values())


def leftmost_longest(spans: List[Tuple[int, int, Any]]) -> List[Tuple[int, int, Any]]:
    """Non-overlapping spans, leftmost first and the longest at each start: the overlap
    rule lexiscan applies, for engines that report every match."""
    spans.sort(key=lambda m: (m[0], -m[1]))
    out = []
    last = -1
    for m in spans:
        if m[0] >= last:
            out.append(m)
            last = m[1]
    return out


def build_lexiscan(path: pathlib.Path) -> Any:
    import lexiscan

    return lexiscan.Gazetteer.from_tsv(path)


def build_lexiscan_pipeline(path: pathlib.Path) -> Any:
    import lexiscan

    return lexiscan.Pipeline(lexiscan.Gazetteer.from_tsv(path))


def build_pyahocorasick(path: pathlib.Path) -> Any:
    import ahocorasick

    a = ahocorasick.Automaton()
    for name, label in zip(*lower_patterns(read_names(path))):
        a.add_word(name, (len(name), label))
    a.make_automaton()
    return a


def search_pyahocorasick(a: Any, texts: List[str]) -> Any:
    return search_lowered(texts, lambda low: ((end - n + 1, end + 1, label) for end, (n, label) in a.iter_long(low)))


def build_ahocorasick_rs(path: pathlib.Path) -> Any:
    import ahocorasick_rs

    patterns, labels = lower_patterns(read_names(path))
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), labels


def search_ahocorasick_rs(built: Any, texts: List[str]) -> Any:
    ac, labels = built
    return search_lowered(texts, lambda low: ((s, e, labels[i]) for i, s, e in ac.find_matches_as_indexes(low)))


def build_daachorse(path: pathlib.Path) -> Any:
    import daachorse

    patterns, labels = lower_patterns(read_names(path))
    return daachorse.CharwiseDoubleArrayAhoCorasick(patterns, match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST), labels


def search_daachorse(built: Any, texts: List[str]) -> Any:
    pma, labels = built
    return search_lowered(texts, lambda low: ((s, e, labels[i]) for s, e, i in pma.find(low)))


def build_flashtext(path: pathlib.Path) -> Any:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for name, label in read_names(path):
        kp.add_keyword(name, label)
    return kp


def search_flashtext(kp: Any, texts: List[str]) -> Any:
    return [kp.extract_keywords(t, span_info=True) for t in texts]


def build_spacy(path: pathlib.Path) -> Any:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    # One pattern per distinct lower-cased name, under its first label, like the automata;
    # the names keep their case so that the tokenizer splits them as it splits the text.
    first: Dict[str, Tuple[str, str]] = {}
    for name, label in read_names(path):
        first.setdefault(name.lower(), (name, label))
    by_label: Dict[str, List[str]] = {}
    for name, label in first.values():
        by_label.setdefault(label, []).append(name)
    for label, names in by_label.items():
        matcher.add(label, list(nlp.tokenizer.pipe(names)))
    return nlp, matcher


def search_spacy(built: Any, texts: List[str]) -> Any:
    nlp, matcher = built
    strings = nlp.vocab.strings
    result = []
    for doc in nlp.tokenizer.pipe(texts):
        # The matcher reports every (possibly overlapping) phrase, in token positions.
        spans = leftmost_longest([(s, e, i) for i, s, e in matcher(doc)])
        result.append([(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), strings[i]) for s, e, i in spans])
    return result


def build_hyperscan(path: pathlib.Path) -> Any:
    import hyperscan

    patterns, labels = lower_patterns(read_names(path))
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[p.encode("utf-8") for p in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST,
        literal=True,
    )
    return db, labels


def search_hyperscan(built: Any, texts: List[str]) -> Any:
    db, labels = built
    result = []
    for text in texts:
        data = text.encode("utf-8")
        hits: List[Tuple[int, int, int]] = []
        # Hyperscan calls back once per (pattern, end) with the leftmost start; the Python
        # call per match is part of what using it from Python costs.
        db.scan(data, match_event_handler=lambda i, s, e, flags, ctx: hits.append((s, e, i)))
        if len(data) != len(text):
            # Byte offsets to code points, only for the few documents that are not ASCII.
            char_at = [0] * (len(data) + 1)
            at = 0
            for k, ch in enumerate(text):
                char_at[at] = k
                at += len(ch.encode("utf-8"))
            char_at[at] = len(text)
            hits = [(char_at[s], char_at[e], i) for s, e, i in hits]
        # Whole words first, then leftmost-longest among them.
        found = leftmost_longest([h for h in hits if whole_word(text, h[0], h[1])])
        result.append([(s, e, labels[i]) for s, e, i in found])
    return result


@dataclass
class Engine:
    name: str
    module: str  # what to import: an engine is measured where this imports
    package: str  # its distribution, for the version
    build: Callable[[pathlib.Path], Any]
    search: Callable[[Any, List[str]], Any]
    doc: str  # how it is configured and what differs from the job: quoted in docs/benchmarks.md
    threads: int = 1  # >1: one process using that many threads (workers = threads)
    processes: bool = True  # also measured with two worker processes
    max_docs: int = 0  # slow: runs on at most this many documents (0 = no cap)
    max_names: int = 0  # build too slow or too big above this many names (0 = no cap)
    cap_reason: str = ""


SPACY_DOC = """`PhraseMatcher(nlp.vocab, attr="LOWER")` on `spacy.blank("en")` (tokenizer only, no
model): one pattern per distinct lower-cased name, tokenized by the same tokenizer, under
its label; every match reported, then leftmost-longest chosen in Python. Whole words are
spaCy tokens, which differ from the job's word boundaries: a name matches only where the
text is split into the same tokens as the name alone, so a line break or a double space
inside a name ("United States\\nof America") is a token of its own and the name is missed;
"Russia's" splits into "Russia" + "'s" (found), hyphenated words are split at the hyphen
like the others' non-alphanumeric boundary; Chinese, Japanese and Thai text is not
segmented, so such names are found only between spaces or punctuation. LOWER is Python's
`str.lower`. Slow: runs on a sample of the documents."""

HYPERSCAN_DOC = """python-hyperscan, block mode, the distinct lower-cased names compiled as
literals (`literal=True`) with `HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST`, scanning the UTF-8
bytes of the original text. Hyperscan reports every match with its leftmost start through a
Python callback; whole words (`str.isalnum` on either side) are kept first, then
leftmost-longest is chosen in Python (the same overlap rule as lexiscan, and unlike the
three automata it does not lose a whole word hidden behind a longer non-word match).
Caseless literal matching is ASCII-only: a non-ASCII capital in the text ("ÉCOSSE") does
not match its lower-case name; byte offsets are mapped back to code points for non-ASCII
documents. The build is slow and big at scale (145 s and 2.2 GB for 1 M names in
RESEARCH.md): not run above 400,000 names."""

AUTOMATON_DOC = """{what}: patterns lower-cased with `str.lower` (distinct, each with the label of its
first occurrence), text lower-cased, leftmost-longest search, then a whole-word filter on
`str.isalnum` around each match. These libraries have no word boundaries or case folding:
`str.lower` is not Unicode case folding ("STRASSE" does not find "straße"), and filtering
after choosing the longest match loses valid matches ("South America" inside "South
American" hides both "South" and "American"), which favours them on speed."""

ENGINES: List[Engine] = [
    Engine(
        "lexiscan (Match objects)", "lexiscan", "lexiscan", build_lexiscan,
        lambda g, texts: g.find_batch(texts, threads=1),
        """`Gazetteer.from_tsv(path)` with its defaults (Unicode case folding, whole words in
any script, longest non-overlapping matches); `find_batch(texts, threads=1)`, one `Match`
object per mention (code-point offsets, label, id).""",
    ),
    Engine(
        "lexiscan (Arrow table)", "lexiscan", "lexiscan", build_lexiscan_pipeline,
        lambda p, texts: p.to_arrow(texts, threads=1),
        """The same gazetteer in a `Pipeline`; `to_arrow(texts, threads=1)` returns a pyarrow
table with one row per mention and no Python object per mention.""",
        processes=False,
    ),
    Engine(
        "lexiscan (Match objects, 2 threads)", "lexiscan", "lexiscan", build_lexiscan,
        lambda g, texts: g.find_batch(texts, threads=2),
        """`find_batch(texts, threads=2)`: one process, the search on two threads of lexiscan's
Rust pool with the GIL released (workers = 2 in the tables).""",
        threads=2, processes=False,
    ),
    Engine("daachorse", "daachorse", "daachorse", build_daachorse, search_daachorse,
           AUTOMATON_DOC.format(what="`CharwiseDoubleArrayAhoCorasick(patterns, match_kind=MATCH_KIND_LEFTMOST_LONGEST)`")),
    Engine("ahocorasick_rs", "ahocorasick_rs", "ahocorasick_rs", build_ahocorasick_rs, search_ahocorasick_rs,
           AUTOMATON_DOC.format(what="`AhoCorasick(patterns, matchkind=MatchKind.LeftmostLongest)`, `find_matches_as_indexes`")),
    Engine("pyahocorasick", "ahocorasick", "pyahocorasick", build_pyahocorasick, search_pyahocorasick,
           AUTOMATON_DOC.format(what="`Automaton` with `add_word(name, (len, label))`, `iter_long`")),
    Engine(
        "flashtext", "flashtext", "flashtext", build_flashtext, search_flashtext,
        """`KeywordProcessor(case_sensitive=False)`, `add_keyword(name, label)` for every name,
`extract_keywords(text, span_info=True)`. Its own word boundaries: only `[A-Za-z0-9_]` are
word characters, so any other letter ends a word ("Bogot" would be found in "Bogotá", and
names anywhere inside Chinese text); it lower-cases the whole text, so offsets drift after
a character whose lower case is longer ("İ"); the longest name wins at each word start.""",
    ),
    Engine(
        "spaCy PhraseMatcher", "spacy", "spacy", build_spacy, search_spacy, SPACY_DOC,
        max_docs=1000, max_names=400_000,
        cap_reason="its build time and memory grow with the names (see its cities15k row): 1 M names would take minutes and several GB",
    ),
    Engine(
        "hyperscan", "hyperscan", "hyperscan", build_hyperscan, search_hyperscan, HYPERSCAN_DOC,
        max_names=400_000,
        cap_reason="its build grows to 145 s and 2.2 GB at 1 M names (RESEARCH.md; see its cities15k row), over the time budget",
    ),
]


# --- the plan -------------------------------------------------------------------------


@dataclass
class Setting:
    """How one gazetteer is measured: the file (or the sweep size sampled from the large
    one), the documents (0 = all), best of how many runs, and the worker counts."""

    source: str
    sweep: int = 0
    docs: int = 0
    repeat: int = 2
    workers: Tuple[int, ...] = (1, 2)
    min_seconds: float = 2.0  # see search_s in the docstring at the top


# Sized so that the gazetteer part of `make bench-peers` (both environments) fits in about
# 12 minutes on the 2-core machine, even shared: every document for the two realistic
# gazetteers; an evenly spaced quarter of the corpus where 1 M+ names find a mention every
# dozen bytes and the builds take seconds; the sweep single-process only (it feeds the
# throughput-vs-size plot). spaCy and hyperscan have their own caps (ENGINES).
PLAN: Dict[str, Setting] = {
    "small": Setting("gazetteer_small.tsv", docs=0, repeat=3),
    "cities15k": Setting("gazetteer_cities15k.tsv.gz", docs=0, repeat=3),
    "large": Setting("gazetteer_large.tsv.gz", docs=5000, repeat=3),
    "sweep-10k": Setting("gazetteer_large.tsv.gz", sweep=10_000, docs=5000, repeat=2, workers=(1,)),
    "sweep-100k": Setting("gazetteer_large.tsv.gz", sweep=100_000, docs=5000, repeat=2, workers=(1,)),
    "sweep-1M": Setting("gazetteer_large.tsv.gz", sweep=1_000_000, docs=5000, repeat=2, workers=(1,)),
}

# --quick: the same code paths in about a minute per environment.
QUICK: Dict[str, Setting] = {
    "small": Setting("gazetteer_small.tsv", docs=500, repeat=1, min_seconds=0),
    "sweep-10k": Setting("gazetteer_large.tsv.gz", sweep=10_000, docs=500, repeat=1, min_seconds=0),
}
QUICK_MAX_DOCS = 100


# --- one measurement, in its own subprocess ----------------------------------------------

# Set before forking the workers, which inherit them.
_ENGINE: Optional[Engine] = None
_BUILT: Any = None
_HALVES: List[List[str]] = []


def count_items(found: Any) -> int:
    if isinstance(found, tuple):  # lexiscan's (entities, quantities) Arrow tables
        return int(found[0].num_rows)
    return sum(len(f) for f in found)


def peak_rss_mb() -> float:
    """This process's peak RSS in MB. VmHWM, not getrusage's ru_maxrss: on Linux a process
    started by subprocess inherits in ru_maxrss the RSS its parent had when it forked (the
    driver's, holding the corpus and the sweep's 1.5 M rows), while VmHWM starts afresh at
    exec. A forked worker's VmHWM starts at the RSS it shares with its parent."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux


def split_halves(texts: List[str]) -> List[List[str]]:
    sizes = [len(t.encode("utf-8")) for t in texts]
    half, at, acc = sum(sizes) / 2, 0, 0
    while at < len(texts) and acc + sizes[at] <= half:
        acc += sizes[at]
        at += 1
    return [texts[:at], texts[at:]]


def _worker(conn: Any, half: int) -> None:
    assert _ENGINE is not None
    while conn.recv():
        found = _ENGINE.search(_BUILT, _HALVES[half])
        conn.send((count_items(found), peak_rss_mb()))
        # Freed outside the timing, as in the one-process measurement; then "ready".
        del found
        conn.send(None)
    conn.close()


MAX_RUNS = 30


def runs(spec: Dict[str, Any]) -> Iterator[int]:
    """The runs of one measurement: `repeat` of them, then more until `min_seconds` have
    passed since the first began, at most MAX_RUNS (the caller times each run)."""
    start = time.perf_counter()
    for n in range(MAX_RUNS):
        if n >= spec["repeat"] and time.perf_counter() - start >= spec.get("min_seconds", 0):
            return
        yield n


def measure(spec: Dict[str, Any]) -> None:
    """Builds one engine on one gazetteer and searches; prints one JSON row per worker count."""
    global _ENGINE, _BUILT, _HALVES
    engine = next(e for e in ENGINES if e.name == spec["engine"])
    texts = json.loads(pathlib.Path(spec["texts"]).read_text(encoding="utf-8"))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    built = engine.build(pathlib.Path(spec["path"]))
    build_s = time.perf_counter() - t0

    def row(workers: int, search_s: float, items: int, rss: float) -> None:
        print(json.dumps({
            "task": "gazetteer",
            "engine": engine.name,
            "version": importlib.metadata.version(engine.package),
            "corpus": CORPUS_NAME,
            "docs": len(texts),
            "megabytes": round(megabytes, 3),
            "sampled": spec["sampled"],
            "workers": workers,
            "build_s": round(build_s, 3),
            "peak_rss_mb": round(rss, 1),
            "search_s": round(search_s, 4),
            "mb_per_s": round(megabytes / search_s, 3),
            "items": items,
            "items_per_s": round(items / search_s, 1),
            "gazetteer": spec["gazetteer"],
            "names": spec["names"],
        }), flush=True)

    # One untimed call on a few documents: lazy imports (pyarrow) and first-call caches
    # are not what the search costs.
    engine.search(built, texts[:20])
    best, items = float("inf"), 0
    for _ in runs(spec):
        t0 = time.perf_counter()
        found = engine.search(built, texts)
        best = min(best, time.perf_counter() - t0)
        items = count_items(found)
        del found  # the next run should not pay for freeing this one's results
    row(engine.threads, best, items, peak_rss_mb())

    if 2 in spec["workers"] and engine.processes:
        _ENGINE, _BUILT, _HALVES = engine, built, split_halves(texts)
        ctx = multiprocessing.get_context("fork")
        conns, procs = [], []
        for half in (0, 1):
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(theirs, half))
            proc.start()
            conns.append(ours)
            procs.append(proc)
        best, items, rss = float("inf"), 0, 0.0
        for _ in runs(spec):
            t0 = time.perf_counter()
            for c in conns:
                c.send(True)
            answers = [c.recv() for c in conns]
            best = min(best, time.perf_counter() - t0)
            for c in conns:
                c.recv()  # the worker has freed its results
            items = sum(a[0] for a in answers)
            rss = max(rss, *(a[1] for a in answers))
        for c in conns:
            c.send(False)
        for p in procs:
            p.join()
        row(2, best, items, rss)


# --- the driver ---------------------------------------------------------------------------


def command_line() -> str:
    """This run's command, relative to the repository root, for docs/benchmarks.md."""

    def short(path: str) -> str:
        rel = os.path.relpath(path, ROOT)
        return path if rel.startswith("..") else rel

    return " ".join(shlex.quote(a) for a in [short(sys.executable), short(str(pathlib.Path(__file__).resolve())), *sys.argv[1:]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="the JSON file to write")
    ap.add_argument("--quick", action="store_true", help="reduced settings: check that everything works")
    ap.add_argument("--gazetteers", default="", help="comma-separated subset of: " + ", ".join(PLAN))
    ap.add_argument("--only", default="", help="comma-separated engine name prefixes")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one measurement, in a subprocess
    args = ap.parse_args()
    if args.measure:
        measure(json.loads(args.measure))
        return
    if not args.out:
        ap.error("--out is required")
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here: this benchmark needs ../shared/data")
    started = time.perf_counter()
    plan = QUICK if args.quick else PLAN
    if args.gazetteers:
        plan = {k: plan[k] for k in args.gazetteers.split(",")}
    engines = [
        e for e in ENGINES
        if importlib.util.find_spec(e.module) is not None
        and (not args.only or any(e.name.startswith(p) for p in args.only.split(",")))
    ]
    if not engines:
        sys.exit("no engine imports in this environment")
    corpus = read_corpus(CORPUS)
    results: List[Dict[str, Any]] = []
    skipped: List[Dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="lexiscan-bench-") as tmp_dir:
        tmp = pathlib.Path(tmp_dir)
        text_files: Dict[int, Tuple[pathlib.Path, bool]] = {}

        def texts_file(docs: int) -> Tuple[pathlib.Path, bool]:
            # The documents go to a JSON list once per sample size: each subprocess reads it
            # in a fraction of the time it takes to decompress and parse the corpus.
            if docs not in text_files:
                texts = sample_docs(corpus, docs)
                path = tmp / f"texts-{docs}.json"
                path.write_text(json.dumps(texts), encoding="utf-8")
                text_files[docs] = (path, len(texts) < len(corpus))
            return text_files[docs]

        for gazetteer, setting in plan.items():
            source = SHARED / setting.source
            if setting.sweep:
                path = tmp / f"{gazetteer}.tsv"
                names = write_sweep_sample(source, setting.sweep, path)
            else:
                path = source
                names = len(read_rows(source))
            for engine in engines:
                if engine.max_names and names > engine.max_names:
                    skipped.append({"engine": engine.name, "gazetteer": gazetteer, "names": names,
                                    "reason": f"not run above {engine.max_names:,} names: {engine.cap_reason}"})
                    continue
                docs = setting.docs
                if args.quick:
                    docs = min(docs or QUICK_MAX_DOCS, QUICK_MAX_DOCS) if engine.max_docs else docs
                elif engine.max_docs:
                    docs = min(docs or engine.max_docs, engine.max_docs)
                texts, sampled = texts_file(docs)
                spec = {"engine": engine.name, "gazetteer": gazetteer, "path": str(path), "names": names,
                        "texts": str(texts), "sampled": sampled, "repeat": setting.repeat,
                        "min_seconds": setting.min_seconds,
                        "workers": list(setting.workers)}
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, __file__, "--measure", json.dumps(spec)],
                                      capture_output=True, text=True)
                if proc.returncode != 0:
                    # A failed engine (say, killed for memory) is reported and the run goes on.
                    print(f"{engine.name} on {gazetteer} failed:\n{proc.stderr}", file=sys.stderr)
                    skipped.append({"engine": engine.name, "gazetteer": gazetteer, "names": names,
                                    "reason": f"failed (exit code {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}"})
                    continue
                for line in proc.stdout.splitlines():
                    r = json.loads(line)
                    results.append(r)
                    print(f"{gazetteer:>10} {r['engine']:<36} w{r['workers']} build {r['build_s']:7.2f} s  "
                          f"{r['mb_per_s']:7.2f} MB/s  {r['items']:>8,} items  {r['peak_rss_mb']:7.0f} MB"
                          f"{'  (sampled)' if r['sampled'] else ''}", flush=True)
                print(f"{'':>10} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr, flush=True)
    versions = {}
    for e in engines:
        versions[e.package] = importlib.metadata.version(e.package)
    meta = {
        "task": "gazetteer",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "system": platform.system(),
        "cpu_model": cpu_model(),
        "cpus": os.cpu_count(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "git_commit": git_commit(),
        "command": command_line(),
        "versions": versions,
        "corpus": f"{CORPUS.name} ({len(corpus):,} documents)",
        "plan": {k: {"source": s.source, "sweep_names": s.sweep, "docs": s.docs or len(corpus),
                     "repeat": s.repeat, "min_seconds": s.min_seconds, "workers": list(s.workers)}
                 for k, s in plan.items()},
        "quick": args.quick,
        "skipped": skipped,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(results)} rows, {len(skipped)} skipped, {meta['wall_s']} s -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
