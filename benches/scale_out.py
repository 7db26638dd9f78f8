"""What going through Dask costs: a local cluster of 2 worker processes vs one process.

    PYTHONPATH=python python benches/scale_out.py [--runs 5] [--corpus PATH] > result.json

Needs dask[dataframe], distributed, pandas, pyarrow and lexiscan. Reads Reuters-21578 from
../shared/data (or --corpus, JSONL with "id" and "text", gzip allowed), runs the built-in
gazetteer and the quantity extractor (or --gazetteer PATH), and prints one JSON object.

Compared, in the same process, with runs interleaved so that a noisy machine slows both
sides alike (the median of the per-run ratios is the figure to quote):

- one process: ``Pipeline.to_pandas`` (the same output as the Dask path), ``to_arrow``
  and ``run`` on ``--threads`` Rust threads (default: all cores);
- Dask, texts in memory: ``dd.from_pandas(...)`` → ``lexiscan.dask.mentions`` →
  ``dask.compute`` of both tables back to the client as pandas, on
  ``LocalCluster(n_workers=--workers, threads_per_worker=--threads-per-worker)``;
- Dask, Parquet: the workers read the texts from a Parquet dataset and write the
  mentions to Parquet; the one-process side reads and writes with pyarrow (``to_arrow``,
  ``doc`` mapped to the ids), its quickest route.

Cluster start and the first run (which ships and builds the matcher on each worker) are
reported apart from the timed runs. Besides wall time, it reports the CPU seconds of all
the processes involved (client, scheduler, workers), which a shared machine's other load
disturbs less: the CPU overhead is the engine's own cost.
"""

import argparse
import gzip
import json
import os
import pathlib
import platform
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "data" / "corpus_reuters21578.jsonl.gz"


def read_corpus(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    ids, texts = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            ids.append(str(record.get("id", len(ids))))
            texts.append(record["text"])
    return ids, texts


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(times):
    return {"runs_s": [round(t, 4) for t in times], "best_s": round(min(times), 4), "median_s": round(statistics.median(times), 4)}


def ratio(dask_times, plain_times):
    """Overhead of the Dask side, per interleaved run pair and of the best runs."""
    per_run = [d / p - 1 for d, p in zip(dask_times, plain_times)]
    return {
        "per_run_pct": [round(100 * r, 1) for r in per_run],
        "median_pct": round(100 * statistics.median(per_run), 1),
        "best_vs_best_pct": round(100 * (min(dask_times) / min(plain_times) - 1), 1),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(REUTERS))
    ap.add_argument("--gazetteer", help="a names file (.tsv/.csv/.jsonl/.lxs); default: the built-in one")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads-per-worker", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="Rust threads of the one-process side")
    ap.add_argument("--partitions", type=int, default=0, help="default: one per worker (8.7 MB of Reuters each)")
    ap.add_argument("--repeat", type=int, default=1, help="the corpus this many times over (distinct ids)")
    args = ap.parse_args()

    import warnings

    import dask
    import dask.dataframe as dd
    import distributed
    import pandas as pd
    import pyarrow.parquet as pq

    import lexiscan
    import lexiscan.dask as ld

    if not pathlib.Path(args.corpus).exists():
        sys.exit(f"{args.corpus} is not here (pass --corpus)")
    ids, texts = read_corpus(args.corpus)
    ids = [f"{i}/{n}" if args.repeat > 1 else i for n in range(args.repeat) for i in ids]
    texts = texts * args.repeat
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    if args.gazetteer is None:
        g = lexiscan.Gazetteer.default()
    else:
        suffix = pathlib.Path(args.gazetteer).name.lower().replace(".gz", "").rsplit(".", 1)[-1]
        load = {"tsv": lexiscan.Gazetteer.from_tsv, "csv": lexiscan.Gazetteer.from_csv,
                "jsonl": lexiscan.Gazetteer.from_jsonl, "lxs": lexiscan.Gazetteer.load}[suffix]
        g = load(args.gazetteer)
    p = lexiscan.Pipeline(g, lexiscan.Quantities())
    partitions = args.partitions or args.workers
    corpus = pd.DataFrame({"id": ids, "text": texts})
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="lexiscan-scale-"))
    dd.from_pandas(corpus, npartitions=partitions).to_parquet(tmp / "in", write_index=False)

    def plain_parquet(out):
        # The quickest one-process route: Arrow in, Arrow out, no pandas.
        table = pq.read_table(tmp / "in", columns=["id", "text"])
        e, q = p.to_arrow(table.column("text").to_pylist(), threads=args.threads)
        ids = table.column("id")
        pq.write_table(e.set_column(0, "doc", ids.take(e.column("doc"))), out / "e.parquet")
        pq.write_table(q.set_column(0, "doc", ids.take(q.column("doc"))), out / "q.parquet")

    # The in-memory variant ships the texts inside the graph: that is what it measures.
    warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
    results = {}
    start = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=args.workers, threads_per_worker=args.threads_per_worker, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        results["cluster_start_s"] = round(time.perf_counter() - start, 2)
        df = dd.from_pandas(corpus, npartitions=partitions)

        def dask_memory():
            dask.compute(*ld.mentions(df, p, id="id"))

        def dask_parquet(out):
            e, q = ld.mentions(dd.read_parquet(tmp / "in", columns=["id", "text"]), p, id="id")
            dask.compute(e.to_parquet(out / "e", compute=False), q.to_parquet(out / "q", compute=False))

        def cpu_seconds():
            # User + system time of every process involved (a process's time includes
            # its Rust threads): this machine is shared, and CPU time is what other
            # tenants disturb least.
            def total(t):
                return t[0] + t[1]

            workers = sum(total(t) for t in client.run(os.times).values())
            return total(os.times()) + total(client.run_on_scheduler(os.times)) + workers

        def measure(key, fn):
            before = cpu_seconds()
            runs[key].append(timed(fn))
            cpu[key].append(cpu_seconds() - before)

        results["first_dask_run_s"] = round(timed(dask_memory), 3)
        names = ["to_pandas", "to_arrow", "run", "dask_memory", "plain_parquet", "dask_parquet"]
        runs = {k: [] for k in names}
        cpu = {k: [] for k in names}
        for i in range(args.runs):
            # Interleaved, so that a burst of load from elsewhere hits both sides.
            measure("to_pandas", lambda: p.to_pandas(texts, threads=args.threads))
            measure("dask_memory", dask_memory)
            measure("to_arrow", lambda: p.to_arrow(texts, threads=args.threads))
            measure("run", lambda: p.run(texts, threads=args.threads))
            out = tmp / f"out{i}"
            out.mkdir()
            measure("plain_parquet", lambda: plain_parquet(out))
            measure("dask_parquet", lambda: dask_parquet(out))
        builds = client.run(ld.cache_info)
        loads = os.getloadavg()

    results.update(
        {
            "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
            "machine": {
                "cores": os.cpu_count(),
                "cpu": platform.processor() or platform.machine(),
                "load_average_at_end_1_5_15m": [round(x, 2) for x in loads],
                "python": platform.python_version(),
                "dask": dask.__version__,
                "distributed": distributed.__version__,
                "lexiscan": lexiscan.__version__,
            },
            "corpus": {"path": args.corpus, "documents": len(texts), "megabytes": round(megabytes, 2)},
            "gazetteer": {"entries": len(g), "source": args.gazetteer or "built-in"},
            "cluster": {"workers": args.workers, "threads_per_worker": args.threads_per_worker, "partitions": partitions},
            "one_process_threads": args.threads,
            "times": {k: summary(v) for k, v in runs.items()},
            "cpu_seconds": {k: summary(v) for k, v in cpu.items()},
            "mb_per_s_best": {k: round(megabytes / min(v), 1) for k, v in runs.items()},
            "overhead": {
                "dask_memory_vs_to_pandas": ratio(runs["dask_memory"], runs["to_pandas"]),
                "dask_memory_vs_to_arrow": ratio(runs["dask_memory"], runs["to_arrow"]),
                "dask_memory_vs_run": ratio(runs["dask_memory"], runs["run"]),
                "dask_parquet_vs_plain_parquet": ratio(runs["dask_parquet"], runs["plain_parquet"]),
            },
            "cpu_overhead": {
                "dask_memory_vs_to_pandas": ratio(cpu["dask_memory"], cpu["to_pandas"]),
                "dask_parquet_vs_plain_parquet": ratio(cpu["dask_parquet"], cpu["plain_parquet"]),
            },
            # Two matchers (a gazetteer-only and a quantities-only pipeline), built once each.
            "matcher_builds_per_worker": {w: info["builds_by_key"] for w, info in builds.items()},
        }
    )
    shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":  # Dask spawns its workers: they re-import this file
    main()
