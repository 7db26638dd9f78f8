"""Prints the markdown table of benches/peers/results/*.json (written by
gazetteer_python.py), with each engine's speed relative to lexiscan's Match objects on the
same gazetteer: `python benches/peers/report.py`."""

import json
import pathlib

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def main() -> None:
    rows = []
    metas = set()
    for path in sorted(RESULTS.glob("gazetteer-*.json")):
        data = json.loads(path.read_text())
        metas.add(json.dumps(data["meta"], sort_keys=True))
        rows.extend(data["results"])
    base = {r["gazetteer"]: r["mb_per_s"] for r in rows if r["engine"] == "lexiscan (Match objects)"}
    print("| gazetteer | names | docs (MB) | engine | build s | MB/s | mentions | lexiscan objects / engine |")
    print("|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r["gazetteer"] != "small", -r["mb_per_s"])):
        ratio = base.get(r["gazetteer"], 0) / r["mb_per_s"] if r["mb_per_s"] else 0
        print(
            f"| {r['gazetteer']} | {r['names']:,} | {r['docs']:,} ({r['megabytes']:.1f}) | {r['engine']} | "
            f"{r['build_s']:.2f} | {r['mb_per_s']:.1f} | {r['mentions']:,} | {ratio:.2f}× |"
        )
    for m in sorted(metas):
        print(f"\n{m}")


if __name__ == "__main__":
    main()
