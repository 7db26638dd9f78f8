"""lexiscan from Python against the Python libraries people use for the same job.

The job: find every name of a gazetteer in news text, case-insensitive, whole words only,
longest non-overlapping matches, with code-point offsets and the label; texts in, Python
objects out. Each engine is configured as close to that as it allows:

- lexiscan: `Gazetteer.from_tsv` (Unicode case folding, whole words in any script);
  results as `Match` objects (`find_batch`) or as an Arrow table (`Pipeline.to_arrow`).
- pyahocorasick, ahocorasick_rs, daachorse: patterns lower-cased with `str.lower`, text
  lower-cased, leftmost-longest search, then a whole-word filter on `str.isalnum` around
  each match (these libraries have no word boundaries; filtering after choosing the
  longest match loses some valid matches, which favours them on speed).
- flashtext: `KeywordProcessor(case_sensitive=False)`, which has its own word boundaries.

Run it once per environment (the peers live in their own virtual environment, never in
lexiscan's) and it measures whichever engines import:

    .venv/bin/python benches/peers/gazetteer_python.py --gazetteer small --out a.json
    .venv-peers/bin/python benches/peers/gazetteer_python.py --gazetteer small --out b.json

Throughput is UTF-8 megabytes of text per second of search (best of `--repeat` runs), on
one thread unless the engine name says otherwise; build time is separate.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import platform
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
GAZETTEERS = {"small": "gazetteer_small.tsv", "large": "gazetteer_large.tsv.gz"}


def read_corpus(path: pathlib.Path, docs: int) -> List[str]:
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if docs and len(texts) >= docs:
                break
    return texts


def read_names(path: pathlib.Path) -> List[Tuple[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    names = []
    with opener(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2].strip():
                names.append((parts[2], parts[0]))
    return names


def whole_word(text: str, s: int, e: int) -> bool:
    return (s == 0 or not text[s - 1].isalnum()) and (e >= len(text) or not text[e].isalnum())


def search_lowered(texts: List[str], matches: Callable[[str], Any]) -> List[List[Tuple[int, int, str]]]:
    """Lower-cases each text, runs `matches` (giving (start, end, label)) and keeps whole words."""
    result = []
    for text in texts:
        low = text.lower()
        result.append([(s, e, label) for s, e, label in matches(low) if whole_word(low, s, e)])
    return result


def lower_patterns(names: List[Tuple[str, str]]) -> Tuple[List[str], List[str]]:
    seen: Dict[str, str] = {}
    for name, label in names:
        seen.setdefault(name.lower(), label)
    return list(seen), list(seen.values())


def engines(names: List[Tuple[str, str]], gazetteer_path: pathlib.Path) -> Dict[str, Tuple[Callable[[], Any], Callable[[Any, List[str]], Any]]]:
    """name → (build, search) for every engine that imports here."""
    out: Dict[str, Tuple[Callable[[], Any], Callable[[Any, List[str]], Any]]] = {}
    try:
        import lexiscan

        build = lambda: lexiscan.Gazetteer.from_tsv(gazetteer_path)  # noqa: E731
        out["lexiscan (Match objects)"] = (build, lambda g, texts: g.find_batch(texts, threads=1))
        out["lexiscan (Arrow table)"] = (lambda: lexiscan.Pipeline(build()), lambda p, texts: p.to_arrow(texts, threads=1))
        out["lexiscan (Match objects, 2 threads)"] = (build, lambda g, texts: g.find_batch(texts, threads=2))
    except ImportError:
        pass
    try:
        import ahocorasick

        def build_pyac() -> Any:
            a = ahocorasick.Automaton()
            for name, label in zip(*lower_patterns(names)):
                a.add_word(name, (len(name), label))
            a.make_automaton()
            return a

        def search_pyac(a: Any, texts: List[str]) -> Any:
            return search_lowered(texts, lambda low: ((end - n + 1, end + 1, label) for end, (n, label) in a.iter_long(low)))

        out["pyahocorasick"] = (build_pyac, search_pyac)
    except ImportError:
        pass
    try:
        import ahocorasick_rs

        def build_acrs() -> Any:
            patterns, labels = lower_patterns(names)
            return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), labels

        def search_acrs(built: Any, texts: List[str]) -> Any:
            ac, labels = built
            return search_lowered(texts, lambda low: ((s, e, labels[i]) for i, s, e in ac.find_matches_as_indexes(low)))

        out["ahocorasick_rs"] = (build_acrs, search_acrs)
    except ImportError:
        pass
    try:
        import daachorse

        def build_daac() -> Any:
            patterns, labels = lower_patterns(names)
            pma = daachorse.CharwiseDoubleArrayAhoCorasick(patterns, match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST)
            return pma, labels

        def search_daac(built: Any, texts: List[str]) -> Any:
            pma, labels = built
            return search_lowered(texts, lambda low: ((s, e, labels[i]) for s, e, i in pma.find(low)))

        out["daachorse"] = (build_daac, search_daac)
    except ImportError:
        pass
    try:
        from flashtext import KeywordProcessor

        def build_flash() -> Any:
            kp = KeywordProcessor(case_sensitive=False)
            for name, label in names:
                kp.add_keyword(name, label)
            return kp

        def search_flash(kp: Any, texts: List[str]) -> Any:
            return [kp.extract_keywords(t, span_info=True) for t in texts]

        out["flashtext"] = (build_flash, search_flash)
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer", choices=sorted(GAZETTEERS), default="small")
    ap.add_argument("--corpus", default=str(SHARED / "corpus_reuters21578.jsonl.gz"))
    ap.add_argument("--docs", type=int, default=0, help="first N documents only (0 = all)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated engine name prefixes")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    gazetteer_path = SHARED / GAZETTEERS[args.gazetteer]
    if not gazetteer_path.exists():
        sys.exit(f"{gazetteer_path} is not here: this benchmark needs ../shared/data")
    texts = read_corpus(pathlib.Path(args.corpus), args.docs)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    names = read_names(gazetteer_path)
    results = []
    for name, (build, search) in engines(names, gazetteer_path).items():
        if args.only and not any(name.startswith(p) for p in args.only.split(",")):
            continue
        t0 = time.perf_counter()
        built = build()
        build_s = time.perf_counter() - t0
        best = float("inf")
        mentions = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            found = search(built, texts)
            best = min(best, time.perf_counter() - t0)
        if isinstance(found, tuple):  # the Arrow pair
            mentions = found[0].num_rows
        else:
            mentions = sum(len(f) for f in found)
        row = {
            "engine": name,
            "gazetteer": args.gazetteer,
            "names": len(names),
            "docs": len(texts),
            "megabytes": round(megabytes, 3),
            "build_s": round(build_s, 3),
            "search_s": round(best, 4),
            "mb_per_s": round(megabytes / best, 3),
            "mentions": mentions,
        }
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.out:
        meta = {"python": platform.python_version(), "machine": platform.machine(), "date": time.strftime("%Y-%m-%d")}
        pathlib.Path(args.out).write_text(json.dumps({"meta": meta, "results": results}, indent=1))


if __name__ == "__main__":
    main()
