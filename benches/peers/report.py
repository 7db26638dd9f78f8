"""Writes docs/benchmarks.md, docs/benchmarks-headline.md and the PNG plots in docs/ from
every benches/peers/results/*.json (written by gazetteer_python.py and by the quantity peer
benchmark), so that no figure is ever typed by hand:

    .venv-peers/bin/python benches/peers/report.py

Rows carry the keys task, engine, version, corpus, docs, megabytes, sampled, workers,
build_s, peak_rss_mb, search_s, mb_per_s, items, items_per_s, gazetteer, names; task is
"gazetteer" or "quantity". Quantity rows are optional: without them that part is left out.
Needs matplotlib for the plots (it is in .venv-peers); without it the markdown is still
written, without the plots.
"""

from __future__ import annotations

import argparse
import ast
import json
import pathlib
import re
import sys
from collections import defaultdict
from typing import Any, Dict, Iterable, List, Optional, Tuple

from runinfo import replace_section

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"
DOCS = ROOT / "docs"
# Written into the docs folder:
OUT = "benchmarks.md"
HEADLINE = "benchmarks-headline.md"
THROUGHPUT_PNG = "benchmarks-gazetteer-throughput.png"
QUANTITIES_PNG = "benchmarks-quantities.png"

# The gazetteers in the order the tables show them, with what they are.
GAZETTEERS = {
    "small": "`gazetteer_small.tsv`: countries, subdivisions, cities, currencies, nationalities, S&P 500 companies, US politicians; mostly English",
    "cities15k": "`gazetteer_cities15k.tsv.gz`: GeoNames cities over 15,000 people with all their alternate names, and countries (RESEARCH.md's peer figures)",
    "large": "`gazetteer_large.tsv.gz`: GeoNames places over 500 people with all alternate names, languages, subdivisions, countries and currencies in many scripts",
    "sweep-10k": "every n-th entry of the large gazetteer, about 10 k names",
    "sweep-100k": "every n-th entry of the large gazetteer, about 100 k names",
    "sweep-1M": "every n-th entry of the large gazetteer, about 1 M names",
}
HEADLINE_GAZETTEERS = ["small", "cities15k", "large"]
SWEEP = ["sweep-10k", "sweep-100k", "sweep-1M", "large"]  # the throughput-vs-size plot
REQUIREMENTS = {"gazetteer": "requirements-gazetteer.txt", "quantity": "requirements-quantity.txt"}


# --- reading --------------------------------------------------------------------------


def load(results: pathlib.Path) -> Tuple[List[Tuple[str, Dict[str, Any]]], List[Dict[str, Any]]]:
    """(file name, meta) per results file, and every row tagged with its file."""
    metas, rows = [], []
    for path in sorted(results.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        metas.append((path.name, data.get("meta", {})))
        for r in data.get("results", []):
            rows.append(dict(r, _file=path.name))
    return metas, rows


def is_lexiscan(r: Dict[str, Any]) -> bool:
    return r["engine"].startswith("lexiscan")


def threads(r: Dict[str, Any]) -> int:
    """The thread count in a row's engine name ("lexiscan (2 threads)"), 0 if none."""
    m = re.search(r"(\d+) threads", r["engine"])
    return int(m.group(1)) if m else 0


def cores(r: Dict[str, Any]) -> int:
    """Cores a row uses: its threads, or its worker processes. The name decides, because a
    thread row's `workers` may say 1 (one process) or 2 (two workers) depending on the script."""
    return threads(r) or r["workers"]


def reference(rows: Iterable[Dict[str, Any]], workers: int = 1) -> Optional[Dict[str, Any]]:
    """lexiscan's row to compare with: one process (or `workers` processes), Python objects
    out, as the peers return them (not an Arrow table, not its own thread pool)."""
    candidates = [r for r in rows if is_lexiscan(r) and r["workers"] == workers and not threads(r)
                  and not any(w in r["engine"].lower() for w in ("arrow", "table"))]
    return candidates[0] if candidates else None


def best_peer(rows: Iterable[Dict[str, Any]], workers: int = 1) -> Optional[Dict[str, Any]]:
    peers = [r for r in rows if not is_lexiscan(r) and cores(r) == workers and r.get("mb_per_s")]
    return max(peers, key=lambda r: r["mb_per_s"]) if peers else None


def engine_docs() -> Tuple[str, Dict[str, str]]:
    """The gazetteer benchmark's protocol (its module docstring) and each engine's
    configuration (its `doc`), from gazetteer_python.py itself."""
    sys.path.insert(0, str(HERE))
    try:
        import gazetteer_python as g

        return g.__doc__ or "", {e.name: e.doc for e in g.ENGINES}
    except Exception as e:  # the report must still come out
        print(f"gazetteer_python.py does not import ({e}): engine notes left out", file=sys.stderr)
        return "", {}
    finally:
        sys.path.pop(0)


def module_docstring(path: pathlib.Path) -> str:
    """A module's docstring without importing it (its engines may not import here)."""
    try:
        return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError):
        return ""


def description(docstring: str) -> List[str]:
    """A benchmark script's docstring as markdown: its title line and its usage paragraphs
    are left out (the commands are in "Reproduce")."""
    out = []
    for p in docstring.split("\n\n")[1:]:
        if not p.lstrip().startswith(("Run it once", ".venv", "`--quick`")):
            out += [p, ""]
    return out


# --- formatting -------------------------------------------------------------------------


def num(x: Optional[float], digits: int) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def rate(x: Optional[float]) -> str:
    """Throughputs: three significant figures are all the noise allows."""
    if x is None:
        return "–"
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def ratio(a: Optional[float], b: Optional[float]) -> str:
    if not a or not b:
        return "–"
    x = a / b
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def docs_cell(r: Dict[str, Any]) -> str:
    return f"{r['docs']:,} ({r['megabytes']:.3g} MB){', sample' if r['sampled'] else ''}"


def workers_cell(r: Dict[str, Any]) -> str:
    if threads(r):
        return f"{threads(r)} threads"
    return "1" if r["workers"] == 1 else f"{r['workers']} processes"


def table(header: List[str], lines: List[List[str]]) -> List[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return out


def order(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One process first, then two; fastest first within each."""
    return sorted(rows, key=lambda r: (cores(r) != 1, -(r.get("mb_per_s") or 0)))


# --- the headline -----------------------------------------------------------------------


def headline(gaz: Dict[str, List[Dict[str, Any]]], quant: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    """One line per job and number of cores: lexiscan's row against the fastest peer's."""
    lines = []

    def line(job: str, n_cores: str, r: Dict[str, Any], peer: Optional[Dict[str, Any]]) -> None:
        variant = r["engine"].replace("lexiscan", "").strip(" ()") or "lexiscan"
        lines.append([job, n_cores, f"{rate(r['mb_per_s'])} MB/s ({variant})",
                      f"{rate(peer['mb_per_s'])} MB/s ({peer['engine']})" if peer else "–",
                      ratio(r["mb_per_s"], peer["mb_per_s"] if peer else None)])

    for name in [g for g in HEADLINE_GAZETTEERS if g in gaz]:
        rows = gaz[name]
        ref = reference(rows) or rows[0]
        job = f"gazetteer {name}: {ref['names']:,} names; {docs_cell(ref)}"
        peer = best_peer(rows, 1)
        ours = [r for r in rows if is_lexiscan(r) and cores(r) == 1]
        # Python objects first (what the peers return), then the Arrow table.
        for r in sorted(ours, key=lambda r: "arrow" in r["engine"].lower()):
            line(job, "1", r, peer)
        # With two cores lexiscan's better way counts: two processes or its own two threads.
        both = [r for r in rows if is_lexiscan(r) and cores(r) == 2]
        if both:
            line(job, "2", max(both, key=lambda r: r["mb_per_s"]), best_peer(rows, 2))
    for corpus, rows in quant.items():
        one = reference(rows)
        if one:
            line(f"quantities: {corpus}; {docs_cell(one)}", "1", one, best_peer(rows, 1))
        both = [r for r in rows if is_lexiscan(r) and cores(r) == 2]
        if both and best_peer(rows, 2):
            two = max(both, key=lambda r: r["mb_per_s"])
            line(f"quantities: {corpus}; {docs_cell(two)}", "2", two, best_peer(rows, 2))
    return table(["job", "cores", "lexiscan", "fastest peer", "lexiscan ÷ peer"], lines)


# --- the plots ----------------------------------------------------------------------------


def plots(gaz: Dict[str, List[Dict[str, Any]]], quant: Dict[str, List[Dict[str, Any]]], docs: pathlib.Path) -> List[str]:
    """Draws the PNGs into `docs`; returns the names of those it wrote."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib here: plots not redrawn (run the report in .venv-peers)", file=sys.stderr)
        return []
    written = []
    sweep = [g for g in SWEEP if g in gaz]
    if sweep:
        fig, ax = plt.subplots(figsize=(10, 5))
        lines: Dict[str, List[Tuple[int, float]]] = defaultdict(list)
        for g in sweep:
            for r in gaz[g]:
                if r["workers"] == 1 or threads(r):
                    lines[r["engine"]].append((r["names"], r["mb_per_s"]))
        # Fixed colours, so that an engine keeps its colour from run to run: lexiscan in
        # solid blues and greens, the peers dashed.
        ours = iter(["tab:blue", "tab:cyan", "tab:green", "navy"])
        theirs = iter(["tab:red", "tab:orange", "tab:purple", "tab:brown", "tab:pink", "tab:gray", "tab:olive", "black"])
        for engine, points in sorted(lines.items(), key=lambda kv: (not is_lexiscan({"engine": kv[0]}), kv[0])):
            points.sort()
            mine = is_lexiscan({"engine": engine})
            ax.plot([p[0] for p in points], [p[1] for p in points], "-" if mine else "--", marker="o", label=engine,
                    color=next(ours if mine else theirs, None), linewidth=2.2 if mine else 1.4)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("names in the gazetteer (sampled from gazetteer_large.tsv.gz; log scale)")
        ax.set_ylabel("MB of text per second (log scale)")
        samples = sorted({(r["docs"], r["megabytes"]) for g in sweep for r in gaz[g]})
        ax.set_title("Gazetteer search from Python, Reuters-21578, one process\n"
                     f"({', '.join(f'{d:,} docs / {mb:.1f} MB' for d, mb in samples)})", fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(docs / THROUGHPUT_PNG, dpi=110, metadata={"Software": None})
        plt.close(fig)
        written.append(THROUGHPUT_PNG)
    if quant:
        bars = [(f"{r['engine']}" + (f" ({corpus})" if len(quant) > 1 else ""), r["items_per_s"])
                for corpus, rows in quant.items() for r in order(rows) if cores(r) == 1 and r.get("items_per_s")]
        if bars:
            fig, ax = plt.subplots(figsize=(8, 0.5 * len(bars) + 1.5))
            labels = [b[0] for b in bars][::-1]
            values = [b[1] for b in bars][::-1]
            colors = ["tab:blue" if l.startswith("lexiscan") else "tab:gray" for l in labels]
            ax.barh(labels, values, color=colors)
            ax.set_xscale("log")
            ax.set_xlim(min(values) / 2, max(values) * 4)  # room for the value labels
            ax.set_xlabel("quantities found per second, one process (log scale)")
            for y, v in enumerate(values):
                ax.text(v, y, f" {rate(v)}", va="center", fontsize=8)
            ax.set_title("Quantity extraction from Python", fontsize=10)
            ax.grid(True, axis="x", which="both", alpha=0.3)
            fig.tight_layout()
            fig.savefig(docs / QUANTITIES_PNG, dpi=110, metadata={"Software": None})
            plt.close(fig)
            written.append(QUANTITIES_PNG)
    return written


# --- the document ----------------------------------------------------------------------------


def machine_section(metas: List[Tuple[str, Dict[str, Any]]]) -> List[str]:
    lines = []
    for name, m in metas:
        versions = ", ".join(f"{k} {v}" for k, v in sorted(m.get("versions", {}).items()))
        cpu = f"{m.get('cpu_model', '?')} × {m.get('cpus', '?')}"
        wall = f"{m['wall_s'] / 60:.1f} min" if m.get("wall_s") else "–"
        lines.append([f"`{name}`", m.get("date", "?"), f"{m.get('system', '')} {m.get('machine', '')}, {cpu}".strip(),
                      f"Python {m.get('python', '?')}", m.get("git_commit", "–") or "–", versions or "–", wall])
    return table(["results file", "date", "machine", "Python", "lexiscan commit", "versions", "run time"], lines)


def commands(metas: List[Tuple[str, Dict[str, Any]]]) -> List[str]:
    """The commands that wrote the results, as each file recorded its own, preceded by the
    environments they ran in."""
    out = ["```sh", "# .venv is lexiscan's own environment, with lexiscan installed (make python-test builds it)"]
    made = set()
    for _, m in metas:
        venv = m.get("command", "").split("/")[0]
        task = m.get("task", "")
        req = REQUIREMENTS.get(task)
        if venv.startswith(".venv") and venv != ".venv" and req and (HERE / req).exists() and venv not in made:
            out.append(f"python3 -m venv {venv} && {venv}/bin/pip install -r benches/peers/{req}")
            made.add(venv)
    for _, m in metas:
        if m.get("command"):
            out.append(m["command"])
    out.append(".venv-peers/bin/python benches/peers/report.py")
    out.append("```")
    return out


def gazetteer_section(gaz: Dict[str, List[Dict[str, Any]]], skipped: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    out = []
    for name in [g for g in GAZETTEERS if g in gaz] + [g for g in gaz if g not in GAZETTEERS]:
        rows = order(gaz[name])
        out += ["", f"### {name}: {rows[0]['names']:,} names", "", GAZETTEERS.get(name, "") + ".", ""]
        lines = []
        for r in rows:
            # Compared with lexiscan's Match objects on as many processes; its thread row is not.
            same = None if threads(r) else reference(gaz[name], r["workers"])
            lines.append([r["engine"], r["version"], workers_cell(r), docs_cell(r), num(r["build_s"], 2),
                          num(r["peak_rss_mb"], 0), rate(r["mb_per_s"]), f"{r['items']:,}", rate(r["items_per_s"]),
                          ratio(same["mb_per_s"], r["mb_per_s"]) if same else "–"])
        for s in skipped.get(name, []):
            lines.append([s["engine"], "", "", s["reason"], "", "", "not run", "", "", ""])
        out += table(["engine", "version", "workers", "documents", "build s", "peak RSS MB", "MB/s", "mentions",
                      "mentions/s", "lexiscan ÷ engine"], lines)
        out += mention_note(gaz[name])
    return out


def mention_note(rows: List[Dict[str, Any]]) -> List[str]:
    """How far each engine's mention count is from lexiscan's on the same documents."""
    ref = reference(rows)
    if not ref:
        return []
    parts = []
    seen = set()
    for r in order(rows):
        if cores(r) != 1 or is_lexiscan(r) or r["docs"] != ref["docs"] or r["engine"] in seen:
            continue
        seen.add(r["engine"])
        diff = (r["items"] - ref["items"]) / ref["items"] * 100 if ref["items"] else 0
        parts.append(f"{r['engine']} {r['items']:,} ({diff:+.1f} %)")
    if not parts:
        return []
    return ["", f"Mentions on the same {ref['docs']:,} documents: lexiscan {ref['items']:,}; " + ", ".join(parts) + "."]


def quantity_section(quant: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    out = []
    for corpus, rows in quant.items():
        out += ["", f"### {corpus}", ""]
        # Documents an engine raised on, or gave up on part-way, when its benchmark counts them.
        problems = any(r.get("errors") or r.get("truncated") for r in rows)
        lines = []
        for r in order(rows):
            same = None if threads(r) else reference(rows, r["workers"])
            lines.append([r["engine"], r["version"], workers_cell(r), docs_cell(r), num(r["build_s"], 2),
                          num(r["peak_rss_mb"], 0), rate(r["mb_per_s"]), f"{r['items']:,}", rate(r["items_per_s"]),
                          ratio(same["mb_per_s"], r["mb_per_s"]) if same else "–"]
                         + ([f"{r.get('errors', 0) or 0:,} / {r.get('truncated', 0) or 0:,}"] if problems else []))
        out += table(["engine", "version", "workers", "documents", "build s", "peak RSS MB", "MB/s", "quantities",
                      "quantities/s", "lexiscan ÷ engine (MB/s)"]
                     + (["documents with errors / cut short"] if problems else []), lines)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=pathlib.Path, default=RESULTS, help="folder of results JSON files")
    ap.add_argument("--docs", type=pathlib.Path, default=DOCS, help="folder to write the markdown and PNGs into")
    ap.add_argument("--readme", default=str(ROOT / "README.md"),
                    help="README whose headline table (between its markers) is replaced; '' for none")
    args = ap.parse_args()
    metas, rows = load(args.results)
    if not rows:
        sys.exit(f"no results in {args.results}: run the benchmarks first")
    gaz: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    quant: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("task") == "gazetteer":
            gaz[r["gazetteer"]].append(r)
        elif r.get("task") == "quantity":
            quant[r["corpus"]].append(r)
    skipped: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for _, m in metas:
        for s in m.get("skipped", []):
            skipped[s["gazetteer"]].append(s)
    protocol, notes = engine_docs()
    head = headline(gaz, quant)
    pngs = plots(gaz, quant, args.docs)

    md = ["# Benchmarks: lexiscan from Python against the libraries people use", "",
          "Generated by `benches/peers/report.py` from `benches/peers/results/*.json`; every figure",
          "comes from those files. Do not edit by hand: re-run the benchmarks and the report.", "",
          "All runs are on the machine below, shared with other work and noisy: compare ratios within",
          "one run (lexiscan and its peers are measured one after the other in the same",
          "`make bench-peers`), not absolute figures across runs.", "",
          "## Reproduce", "", "`make bench-peers` runs all of it. The commands, as each results file recorded them:", ""]
    md += commands(metas)
    md += ["", "## Machine and versions", ""] + machine_section(metas)
    if any(m.get("quick") for _, m in metas):
        md += ["", "**Some results come from `--quick` runs (reduced settings): not for quoting.**"]
    md += ["", "## Headline", "",
           "lexiscan's throughput divided by the fastest peer's on the same job, same run, same",
           "documents (MB of text per second; above 1× lexiscan is faster). One process returns Python",
           "objects per mention, as the peers do; the Arrow line returns a table instead.", ""]
    md += head
    if gaz:
        md += ["", "## Gazetteers: find every name", ""]
        # The job, the gazetteers and the protocol, as gazetteer_python.py states them.
        md += description(protocol)
        if THROUGHPUT_PNG in pngs:
            md += ["", f"![throughput against gazetteer size]({THROUGHPUT_PNG})", "",
                   "Throughput against gazetteer size, one process (and lexiscan's two threads), on the",
                   "sweep sampled from the large gazetteer; the rightmost points are the whole of it. Engines",
                   "that stop short were not run at larger sizes (see the tables)."]
        md += ["", "The last column divides lexiscan's speed (Match objects, with the same number of",
               "processes) by the engine's: above 1× lexiscan is faster."]
        md += gazetteer_section(gaz, skipped)
        if notes:
            md += ["", "### How each engine is configured, and what differs", ""]
            for engine, doc in notes.items():
                md += [f"- **{engine}**: " + " ".join(doc.split())]
            md += ["", "Mention counts differ for those reasons. Most of the difference between lexiscan",
                   "and flashtext or hyperscan is the wire copy's line wrapping: lexiscan lets any run of",
                   "whitespace in the text match the space in a name, so \"New\\nYork\" or \"Saudi\\nArabia\" is",
                   "one mention, where the peers find \"York\" and \"Arabia\" alone, or, when both halves are",
                   "names (\"West\" and \"Chicago\" in the large gazetteer), two mentions instead of one, so a",
                   "peer can even report more mentions than lexiscan. The three automata then lose the",
                   "whole words hidden behind a longer match that is not a whole word (\"South America\"",
                   "inside \"South American\" hides both \"South\" and \"American\"). Beyond that: lexiscan folds Unicode case",
                   "(the peers use `str.lower`, hyperscan ASCII only) and treats every script's letters as",
                   "word characters (flashtext only `[A-Za-z0-9_]`); spaCy's words are its tokens;",
                   "pyahocorasick's `iter_long` does not always return the same leftmost-longest match",
                   "as the other two automata."]
    md += ["", "## Quantities: numbers, money and measurements", ""]
    if quant:
        md += description(module_docstring(HERE / "quantity_python.py"))
        if QUANTITIES_PNG in pngs:
            md += [f"![quantities per second]({QUANTITIES_PNG})", ""]
        md += quantity_section(quant)
    else:
        md += ["No quantity results in `benches/peers/results/` yet."]
    (args.docs / OUT).write_text("\n".join(md) + "\n", encoding="utf-8")
    (args.docs / HEADLINE).write_text("\n".join(
        ["<!-- generated by benches/peers/report.py from benches/peers/results/*.json; see docs/benchmarks.md -->"]
        + head) + "\n", encoding="utf-8")
    for name in [OUT, HEADLINE] + pngs:
        print(f"wrote {args.docs / name}", file=sys.stderr)
    if args.readme and replace_section(pathlib.Path(args.readme), README_START, README_END, head):
        print(f"updated the headline in {args.readme}", file=sys.stderr)


README_START = "<!-- headline: generated by benches/peers/report.py -->"
README_END = "<!-- end of headline -->"


if __name__ == "__main__":
    main()
