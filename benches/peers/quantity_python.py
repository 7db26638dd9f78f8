"""lexiscan's quantity extractor from Python against the Python quantity extractors people use.

The job: every number, amount of money, percentage and physical quantity in news text, with
its value and unit, texts in, Python objects out. Engines and configuration are those of
eval/quantity_predict.py (its adapters are imported, so speed and accuracy measure the
same thing):

- lexiscan: `Quantities()`, `find_batch(texts, threads=1)` giving Quantity objects; a
  separate row "lexiscan (2 threads)" uses `find_batch(threads=2)` in one process.
- quantulum3 (with its classifier), Recognizers-Text (its seven English models: number,
  ordinal, percentage, currency, dimension, temperature, age, each over the text) and
  Duckling (the Haskell library in-process through pyduckling-native-phihos; asked for its
  quantity dimensions and time): the adapter's `find`, i.e. the engine's own call plus the
  mapping to plain dicts and, for Recognizers-Text and Duckling, the merge of overlapping
  readings (a small share of their time).

Run it once per environment (the peers live in their own virtual environment, never in
lexiscan's); it measures whichever engines import there:

    .venv/bin/python benches/peers/quantity_python.py
    .venv-peers-quantity/bin/python benches/peers/quantity_python.py

Each measurement runs in a fresh subprocess, so peak memory (`peak_rss_mb`, the maximum
resident set of the process(es) that ran the engine, in 10^6 bytes, texts included) is
that engine's alone. `workers: 2` is two processes (multiprocessing, fork), each building
its own engine and taking half of the documents (split by bytes); `search_s` is wall time
from when both are built to when both are done. Throughput is UTF-8 megabytes (10^6
bytes) of text per second of search, best of `--repeat` runs; build time (construction
plus one warm-up call, which the peers need to compile their patterns or load their
classifier) is separate.

lexiscan runs over the whole corpus. The peers run at about 0.01-0.04 MB/s, so they read a
deterministic sample: the first documents of the corpus up to `--sample-kb` kilobytes,
once (`"sampled": true`, with `docs` and `megabytes` giving the sample's size). Results go
to benches/peers/results/quantity-<engine>.json as {"meta": {...}, "results": [rows]}.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import multiprocessing
import os
import pathlib
import platform
import resource
import shlex
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from runinfo import cpu_model, git_commit

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "eval"))

import quantity_predict  # noqa: E402  (the adapters)

ENGINES = ["lexiscan", "quantulum3", "recognizers", "duckling"]
IMPORTS = {"lexiscan": "lexiscan", "quantulum3": "quantulum3", "recognizers": "ms_recognizers_number_with_unit",
           "duckling": "duckling"}


def read_corpus(path: pathlib.Path, max_bytes: int, docs: int) -> List[str]:
    """The documents in corpus order: all, the first `docs`, or the first until `max_bytes`
    of UTF-8 text (0 = no limit)."""
    texts, size = [], 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            texts.append(text)
            size += len(text.encode("utf-8"))
            if (max_bytes and size >= max_bytes) or (docs and len(texts) >= docs):
                break
    return texts


def halves(texts: List[str]) -> Tuple[List[str], List[str]]:
    """Two contiguous halves with about the same number of bytes."""
    total = sum(len(t.encode("utf-8")) for t in texts)
    acc = 0
    for i, t in enumerate(texts):
        acc += len(t.encode("utf-8"))
        if acc >= total / 2:
            return texts[: i + 1], texts[i + 1:]
    return texts, []


def build(engine: str, threads: int = 1) -> Tuple[Any, Callable[[List[str]], Tuple[int, int]]]:
    """The engine and a search function giving (items, documents that raised)."""
    if engine == "lexiscan":
        import lexiscan

        q = lexiscan.Quantities()
        q.find("warm-up: 2 litres")

        def search_lexiscan(texts: List[str]) -> Tuple[int, int]:
            return sum(len(found) for found in q.find_batch(texts, threads=threads)), 0

        return q, search_lexiscan
    adapter = quantity_predict.ENGINES[engine]()  # builds and warms up

    def search_peer(texts: List[str]) -> Tuple[int, int]:
        items = errors = 0
        for text in texts:
            try:
                items += len(adapter.find(text))
            except Exception:  # a peer failing on one document loses that document only
                errors += 1
        return items, errors

    return adapter, search_peer


def version_of(engine: str, built: Any) -> str:
    if engine == "lexiscan":
        import lexiscan

        return str(lexiscan.__version__)
    return str(built.version())


def peak_rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss * 1024 / 1e6, 1)  # ru_maxrss is in KiB on Linux


def worker(engine: str, texts: List[str], repeat: int, barrier: Any, out: Any) -> None:
    t0 = time.perf_counter()
    built, search = build(engine)
    build_s = time.perf_counter() - t0
    runs = []
    for _ in range(repeat):
        barrier.wait()  # both engines built (and the previous run done) before the clock starts
        start = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes
        items, errors = search(texts)
        runs.append((start, time.monotonic()))
    out.put((build_s, runs, items, errors, version_of(engine, built)))


def measure(engine: str, mode: str, texts: List[str], repeat: int) -> Dict[str, Any]:
    """One measurement, in this (fresh) process. mode: "1", "2" (workers) or "threads"."""
    if mode == "2":
        ctx = multiprocessing.get_context("fork")
        barrier, out = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=worker, args=(engine, half, repeat, barrier, out)) for half in halves(texts)]
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        build_s = max(r[0] for r in results)
        search_s = min(max(r[1][i][1] for r in results) - min(r[1][i][0] for r in results) for i in range(repeat))
        items = sum(r[2] for r in results)
        errors = sum(r[3] for r in results)
        version = results[0][4]
        rss = peak_rss_mb(resource.RUSAGE_CHILDREN)
    else:
        t0 = time.perf_counter()
        built, search = build(engine, threads=2 if mode == "threads" else 1)
        build_s = time.perf_counter() - t0
        search_s = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            items, errors = search(texts)
            search_s = min(search_s, time.perf_counter() - t0)
        version = version_of(engine, built)
        rss = peak_rss_mb(resource.RUSAGE_SELF)
    return {"build_s": round(build_s, 3), "search_s": round(search_s, 4), "items": items, "errors": errors,
            "version": version, "peak_rss_mb": rss}


def run_child(args: argparse.Namespace, engine: str, mode: str, max_bytes: int, repeat: int) -> Optional[Dict[str, Any]]:
    cmd = [sys.executable, __file__, "--child", engine, "--mode", mode, "--corpus", args.corpus,
           "--max-bytes", str(max_bytes), "--repeat", str(repeat)]
    if args.docs:
        cmd += ["--docs", str(args.docs)]
    # stderr is kept and shown only on failure: an engine's warnings may quote the document,
    # and Reuters text is for research use only.
    # A fixed hash seed: quantulum3's output depends on set order (see eval/quantity_predict.py).
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if done.returncode != 0:
        print(f"{engine} ({mode}) failed with exit code {done.returncode}:\n{done.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def command_line(engine: str) -> str:
    """The command that measures this one engine again, relative to the repository root."""

    def short(path: str) -> str:
        rel = os.path.relpath(path, ROOT)
        return path if rel.startswith("..") else rel

    argv, skip = [], False
    for a in sys.argv[1:]:
        if skip:
            skip = False
        elif a == "--engines":
            skip = True
        elif not a.startswith("--engines="):
            argv.append(a)
    return " ".join(shlex.quote(a) for a in [short(sys.executable), short(str(pathlib.Path(__file__).resolve())),
                                             "--engines", engine, *argv])


def main() -> None:
    started = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(SHARED / "corpus_reuters21578.jsonl.gz"))
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated; those that do not import are skipped")
    ap.add_argument("--sample-kb", type=int, default=150, help="text read by the slow peers (kilobytes, 10^3 bytes)")
    ap.add_argument("--docs", type=int, default=0, help="lexiscan: first N documents only (0 = all)")
    ap.add_argument("--repeat", type=int, default=3, help="runs for lexiscan (best taken); sampled peers run once")
    ap.add_argument("--quick", action="store_true", help="reduced settings (20 KB sample, 2,000 documents, one run): check that it works")
    ap.add_argument("--out-dir", default=str(ROOT / "benches" / "peers" / "results"))
    ap.add_argument("--child", default="", help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="1", help=argparse.SUPPRESS)
    ap.add_argument("--max-bytes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.sample_kb, args.docs, args.repeat = 20, args.docs or 2000, 1
    corpus = pathlib.Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"{corpus} is not here: this benchmark needs ../shared/data")

    if args.child:  # one measurement, in its own process
        texts = read_corpus(corpus, args.max_bytes, args.docs)
        row = measure(args.child, args.mode, texts, args.repeat)
        row["docs"] = len(texts)
        row["megabytes"] = round(sum(len(t.encode("utf-8")) for t in texts) / 1e6, 4)
        print(json.dumps(row))
        return

    for engine in args.engines.split(","):
        try:
            __import__(IMPORTS[engine])
        except ImportError:
            continue
        t0 = time.perf_counter()
        sampled = engine != "lexiscan"
        max_bytes = args.sample_kb * 1000 if sampled else 0
        repeat = 1 if sampled else args.repeat
        modes = [("1", engine, 1), ("2", engine, 2)]
        if engine == "lexiscan":
            modes.append(("threads", "lexiscan (2 threads)", 1))
        rows = []
        for mode, name, workers in modes:
            r = run_child(args, engine, mode, max_bytes, repeat)
            if r is None:
                continue
            row = {"task": "quantity", "engine": name, "version": r["version"],
                   "corpus": corpus.name.split(".")[0].removeprefix("corpus_"),
                   "docs": r["docs"], "megabytes": r["megabytes"], "sampled": sampled, "workers": workers,
                   "build_s": r["build_s"], "peak_rss_mb": r["peak_rss_mb"], "search_s": r["search_s"],
                   "mb_per_s": round(r["megabytes"] / r["search_s"], 4),
                   "items": r["items"], "items_per_s": round(r["items"] / r["search_s"], 1),
                   "errors": r["errors"]}  # documents the engine raised on (counted as none found)
            rows.append(row)
            print(json.dumps(row), flush=True)
        if rows:
            package = {"recognizers": "ms-recognizers-text-number-with-unit"}.get(engine, engine)
            meta = {"task": "quantity", "python": platform.python_version(),
                    "implementation": platform.python_implementation(), "machine": platform.machine(),
                    "system": platform.system(), "cpu_model": cpu_model(), "cpus": os.cpu_count(),
                    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "git_commit": git_commit(), "command": command_line(engine),
                    "versions": {package: rows[0]["version"]},
                    "corpus": f"{corpus.name} ({rows[0]['docs']:,} documents{', sampled' if sampled else ''})",
                    "sample_kb": args.sample_kb if sampled else None, "repeat": repeat, "quick": args.quick,
                    "wall_s": round(time.perf_counter() - t0, 1)}
            out = pathlib.Path(args.out_dir) / f"quantity-{engine}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps({"meta": meta, "results": rows}, indent=1) + "\n", encoding="utf-8")
            print(f"{engine}: {len(rows)} rows, {meta['wall_s']} s -> {out}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
