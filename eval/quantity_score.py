"""Score quantity predictions (from eval/quantity_predict.py) against the gold suites, every
engine with the same rules. Standard library only.

    python3 eval/quantity_score.py eval/results/pred-*.jsonl

prints markdown tables and writes eval/results/quantities.json (`--json` to move it).
P, R and F1 are percentages; a gold span and a prediction pair at most once; pairing is
greedy in gold order, each gold span taking the first unused prediction (in the engine's
output order) that qualifies, as the Rust tests do.

## Recognizers-Text English specs (recognizers_text_specs_en.jsonl), per model

The same projection and gold as tests/quantity_specs.rs, so lexiscan's strict F1 here is
the figure `cargo test --test quantity_specs -- --nocapture` prints:

- which predictions a model sees, by the common kind/dimension every adapter maps to:
  NumberModel: kind number (lexiscan and the peers that have a numbers-only mode ran in
  it on these sentences); CurrencyModel: money; DimensionModel: quantity whose dimension
  is neither temperature nor duration; TemperatureModel: quantity/temperature;
  PercentModel: percent; OrdinalModel: ordinal; AgeModel: dimension duration;
  NumberRangeModel: a prediction with an upper bound or a qualifier.
- gold value: the spec's `value` with a trailing "%" removed; in CurrencyModel, Cent,
  Pence and Penny are divided by 100 and Satoshi by 1e8 (the adapters give money in the
  major unit). Gold spans without a value (a unit named alone) are left out and counted
  ("no value"); NumberRangeModel's gold has none, so that model scores nothing.
- **strict**: same start, same end, same value (relative difference at most 1e-6).
- **value+unit**: the spans overlap (at least one shared character), the values are the
  same, and the units are equivalent after `unit_key` below. It credits a right reading
  whose boundaries differ (an engine that takes in "a share" or leaves out "US").

`unit_key` (the unit-name normalisation): empty for no unit; "percent" for any percent;
otherwise lower case, "_" and "-" as spaces, British spellings as American ("metre",
"litre"), then a table of equivalent names: for money, currency names, symbols and codes
to the ISO 4217 code ("Dollar", "$", "United States dollar" -> USD, "Pound", "£",
"pound sterling" -> GBP, "Franc" -> FRF, minor units "Cent" -> USD, "Pence"/"Penny" ->
GBP, the specs' other currency names to their codes); for quantities "C"/"degree
Celsius" -> celsius, "F" -> fahrenheit, "degree angle"/"degree temperature" -> degree,
"pound-mass" -> pound, "metric ton" -> tonne, "turn" -> revolution, "m" -> meter, "km"
-> kilometer, and the AgeModel's "Age" (of "age 87") -> year. Anything else is compared as the cleaned name. The table holds the names
that occur in the gold and in the engines' outputs on these suites.

## MeasEval train + trial (measeval.jsonl.gz)

As tests/quantity_measeval.rs: every prediction counts (no projection), against every
annotated quantity.

- **strict** span: same end, and same start or (the engine reported a qualifier, which
  lexiscan keeps out of the span, and the prediction starts later): MeasEval's spans
  include "above" in "above 2618 m". Only lexiscan reports qualifiers.
- **overlap** span: at least one shared character.
- **unit accuracy**: over the overlapping pairs, the unit is right when the gold has no
  unit and the prediction none, or the gold has one and the prediction has a unit and its
  text contains the gold unit string. MeasEval has no values, so the value+unit measure
  here is **overlap+unit** F1: an overlapping pair counts only if its unit is right.

## re3d Quantity and Money (re3d.jsonl)

The gold has spans and a type, no value and no unit, so only spans are scored: **strict**
(the MeasEval rule, as re3d's spans also include "more than") and **overlap**. Every
prediction counts: re3d marks every count ("two", "a", "dozens") and amount, and
numbers inside its other types (dates, document references, coordinates) are not
quantities, so reporting them is a false positive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import sys
import time
from collections import defaultdict
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SPEC_MODELS = ["NumberModel", "CurrencyModel", "DimensionModel", "TemperatureModel", "PercentModel",
               "OrdinalModel", "AgeModel", "NumberRangeModel"]
# Shown in the table; the JSON has every model. NumberRangeModel's gold has no values.
TABLE_MODELS = SPEC_MODELS[:7]

Pred = Dict[str, Any]


def same(a: float, b: float) -> bool:
    """Equal values, as tests/quantity_specs.rs compares them."""
    d = abs(a - b)
    return d <= 1e-9 * max(abs(a), abs(b), 1.0) or d <= 1e-6 * max(abs(a), abs(b))


def prf(tp: int, found: int, gold: int) -> Dict[str, Any]:
    p = tp / max(found, 1)
    r = tp / max(gold, 1)
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return {"tp": tp, "found": found, "gold": gold, "precision": round(100 * p, 2),
            "recall": round(100 * r, 2), "f1": round(100 * f1, 2)}


def pair(gold: List[Any], preds: List[Pred], ok: Callable[[Any, Pred], bool]) -> List[Tuple[Any, Pred]]:
    """Greedy one-to-one pairing: each gold item, in order, takes the first unused prediction."""
    used = [False] * len(preds)
    pairs = []
    for g in gold:
        for k, p in enumerate(preds):
            if not used[k] and ok(g, p):
                used[k] = True
                pairs.append((g, p))
                break
    return pairs


def overlaps(gs: int, ge: int, p: Pred) -> bool:
    return p["start"] < ge and gs < p["end"]


def strict_or_qualified(gs: int, ge: int, p: Pred) -> bool:
    return p["end"] == ge and (p["start"] == gs or (p.get("qualifier") is not None and p["start"] > gs))


# ---- unit names -------------------------------------------------------------------------

CURRENCIES = {
    "USD": ["$", "us$", "dollar", "dollars", "united states dollar", "us dollar", "cent", "cents"],
    "GBP": ["£", "pound", "pounds", "british pound", "pound sterling", "sterling", "pence", "penny"],
    "EUR": ["€", "euro", "euros"],
    "JPY": ["¥", "yen", "japanese yen"],
    "CNY": ["yuan", "chinese yuan", "renminbi"],
    "CAD": ["canadian dollar", "c$", "ca$"],
    "AUD": ["australian dollar", "a$"],
    "HKD": ["hong kong dollar", "hk$"],
    "NZD": ["new zealand dollar", "nz$"],
    "CHF": ["swiss franc"],
    "FRF": ["franc", "francs", "french franc"],
    "FIM": ["finnish markka", "markka"],
    "NLG": ["netherlands guilder", "dutch guilder", "guilder"],
    "ESP": ["peseta", "spanish peseta"],
    "INR": ["rupee", "indian rupee", "₹"],
    "LKR": ["sri lankan rupee"],
    "MXN": ["mexican peso"],
    "CUP": ["cuban peso"],
    "TRY": ["turkish lira"],
    "CRC": ["costa rican colón", "costa rican colon"],
    "GEL": ["georgian lari"],
    "LAK": ["lao kip"],
    "HUF": ["hungarian forint", "forint"],
    "ZAR": ["south african rand", "rand"],
    "BTC": ["bitcoin", "₿", "satoshi"],
}
CURRENCY_KEY = {name: code for code, names in CURRENCIES.items() for name in names + [code.lower()]}
UNIT_KEY = {
    "c": "celsius", "degree celsius": "celsius", "°c": "celsius",
    "f": "fahrenheit", "degree fahrenheit": "fahrenheit", "°f": "fahrenheit",
    "k": "kelvin",
    "degree angle": "degree", "degree temperature": "degree", "°": "degree",
    "pound mass": "pound", "lb": "pound",
    "metric ton": "tonne", "short ton": "ton",
    "turn": "revolution",
    "m": "meter", "km": "kilometer", "cm": "centimeter", "mm": "millimeter",
    # Recognizers-Text's AgeModel names the unit of "age 87" "Age": an age in years.
    "age": "year",
}


def unit_key(unit: Optional[str], kind: str) -> str:
    if kind == "percent":
        return "percent"
    if not unit:
        return ""
    u = " ".join(unit.strip().lower().replace("_", " ").replace("-", " ").split())
    u = u.replace("metre", "meter").replace("litre", "liter")
    if kind == "money":
        return CURRENCY_KEY.get(u, u)
    return UNIT_KEY.get(u, u)


# ---- gold -------------------------------------------------------------------------------

def spec_gold_value(model: str, g: Dict[str, Any]) -> Optional[float]:
    v = g.get("value")
    if not isinstance(v, str):
        return None
    try:
        x = float(v.rstrip("%"))
    except ValueError:
        return None
    if model == "CurrencyModel":
        if g.get("unit") in ("Cent", "Pence", "Penny"):
            x /= 100.0
        if g.get("unit") == "Satoshi":
            x *= 1e-8
    return x


def spec_sees(model: str, p: Pred) -> bool:
    kind, dim = p["kind"], p.get("dimension")
    return {
        "NumberModel": kind == "number",
        "CurrencyModel": kind == "money",
        "DimensionModel": kind == "quantity" and dim not in ("temperature", "duration"),
        "TemperatureModel": kind == "quantity" and dim == "temperature",
        "PercentModel": kind == "percent",
        "OrdinalModel": kind == "ordinal",
        "NumberRangeModel": p.get("upper") is not None or p.get("qualifier") is not None,
        "AgeModel": dim == "duration",
    }.get(model, False)


def load_gold(data: pathlib.Path) -> Dict[str, Dict[str, Dict[str, Any]]]:
    """suite -> id -> {"model"?, "gold": [...], "valueless"?}."""
    gold: Dict[str, Dict[str, Dict[str, Any]]] = {"specs": {}, "measeval": {}, "re3d": {}}
    with open(data / "recognizers_text_specs_en.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            model = row["model"]
            spans, valueless = [], 0
            for g in row["spans"]:
                v = spec_gold_value(model, g)
                if v is None:
                    valueless += 1
                else:
                    kind = "money" if model == "CurrencyModel" else "percent" if model == "PercentModel" else "quantity"
                    spans.append({"start": g["start"], "end": g["end"], "value": v, "unit": unit_key(g.get("unit"), kind)})
            gold["specs"][row["id"]] = {"model": model, "gold": spans, "valueless": valueless}
    with gzip.open(data / "measeval.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            gold["measeval"][row["id"]] = {"gold": [{"start": q["start"], "end": q["end"], "unit": q.get("unit") or ""}
                                                    for q in row["quantities"]]}
    with open(data / "re3d.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            gold["re3d"][row["id"]] = {"gold": [{"start": e["start"], "end": e["end"]} for e in row["entities"]
                                                if e["type"] in ("Quantity", "Money")]}
    return gold


# ---- scoring ----------------------------------------------------------------------------

def predicted_docs(gold: Dict[str, Dict[str, Any]], docs: Dict[str, Dict[str, Any]],
                   counter: Callable[[Dict[str, Any]], Dict[str, int]]
                   ) -> Iterator[Tuple[Dict[str, Any], Dict[str, Any], Dict[str, int]]]:
    """Each gold document with the engine's output for it and its counter (``counter(g)``),
    having counted it there: docs, gold spans, valueless gold spans (specs), documents the
    engine has no output for (skipped) and documents it failed on."""
    for doc_id, g in gold.items():
        c = counter(g)
        c["docs"] += 1
        c["valueless"] += g.get("valueless", 0)
        c["gold"] += len(g["gold"])
        doc = docs.get(doc_id)
        if doc is None:
            c["missing"] += 1
            continue
        c["errors"] += doc.get("error") is not None
        yield g, doc, c


def score_specs(gold: Dict[str, Dict[str, Any]], docs: Dict[str, Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    counts: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, doc, c in predicted_docs(gold, docs, lambda g: counts[g["model"]]):
        model = g["model"]
        preds = [p for p in doc["spans"] if spec_sees(model, p)]
        c["found"] += len(preds)
        c["strict"] += len(pair(g["gold"], preds, lambda gg, p: p["start"] == gg["start"] and p["end"] == gg["end"]
                                and same(p["value"], gg["value"])))
        c["value_unit"] += len(pair(g["gold"], preds, lambda gg, p: overlaps(gg["start"], gg["end"], p)
                                    and same(p["value"], gg["value"]) and unit_key(p.get("unit"), p["kind"]) == gg["unit"]))
    out = {}
    for model, c in counts.items():
        out[model] = {"docs": c["docs"], "errors": c["errors"], "missing_docs": c["missing"], "gold_without_value": c["valueless"],
                      "strict": prf(c["strict"], c["found"], c["gold"]),
                      "value_unit": prf(c["value_unit"], c["found"], c["gold"])}
    return out


def score_spans(gold: Dict[str, Dict[str, Any]], docs: Dict[str, Dict[str, Any]], units: bool) -> Dict[str, Any]:
    """MeasEval (units=True) and re3d: strict and overlapping spans, and for MeasEval units."""
    n: Dict[str, int] = defaultdict(int)
    for g, doc, _ in predicted_docs(gold, docs, lambda g: n):
        preds = doc["spans"]
        n["found"] += len(preds)
        n["strict"] += len(pair(g["gold"], preds, lambda gg, p: strict_or_qualified(gg["start"], gg["end"], p)))
        for gg, p in pair(g["gold"], preds, lambda gg, p: overlaps(gg["start"], gg["end"], p)):
            n["overlap"] += 1
            gunit = gg.get("unit", "").strip()
            if (not gunit and not p.get("unit")) or (gunit and p.get("unit") and gunit in p["text"]):
                n["unit_ok"] += 1
    out = {"docs": n["docs"], "errors": n["errors"], "missing_docs": n["missing"],
           "strict": prf(n["strict"], n["found"], n["gold"]),
           "overlap": prf(n["overlap"], n["found"], n["gold"])}
    if units:
        out["unit_accuracy"] = round(100 * n["unit_ok"] / max(n["overlap"], 1), 2)
        out["unit_pairs"] = n["overlap"]
        out["value_unit"] = prf(n["unit_ok"], n["found"], n["gold"])
    return out


def read_predictions(path: pathlib.Path) -> Tuple[str, str, Dict[str, Dict[str, Dict[str, Any]]]]:
    engine = version = ""
    by_suite: Dict[str, Dict[str, Dict[str, Any]]] = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            engine, version = row["engine"], row.get("version", "")
            by_suite[row["suite"]][row["id"]] = row
    return engine, version, by_suite


def fmt(m: Dict[str, Any]) -> str:
    return f"{m['precision']:.1f} | {m['recall']:.1f} | **{m['f1']:.1f}**"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("predictions", nargs="+", help="JSONL files written by eval/quantity_predict.py")
    ap.add_argument("--json", default=str(ROOT / "eval" / "results" / "quantities.json"))
    ap.add_argument("--data", default=str(SHARED))
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    if not data.exists():
        sys.exit(f"{data} is not here: the suites live in ../shared/data")
    gold = load_gold(data)
    rows: List[Dict[str, Any]] = []
    engines: List[Tuple[str, str]] = []
    for path in args.predictions:
        engine, version, by_suite = read_predictions(pathlib.Path(path))
        engines.append((engine, version))
        if "specs" in by_suite:
            for model, s in score_specs(gold["specs"], by_suite["specs"]).items():
                rows.append({"suite": "specs", "model": model, "engine": engine, "version": version, **s})
        if "measeval" in by_suite:
            rows.append({"suite": "measeval", "model": None, "engine": engine, "version": version,
                         **score_spans(gold["measeval"], by_suite["measeval"], units=True)})
        if "re3d" in by_suite:
            rows.append({"suite": "re3d", "model": None, "engine": engine, "version": version,
                         **score_spans(gold["re3d"], by_suite["re3d"], units=False)})

    def note(r: Dict[str, Any]) -> str:
        bits = []
        if r["errors"]:
            bits.append(f"{r['errors']} documents failed")
        if r["missing_docs"]:
            bits.append(f"{r['missing_docs']} of {r['docs']} documents not run")
        return "; ".join(bits)

    # lexiscan first, then the peers in the order given.
    rank = {e: (e != "lexiscan", i) for i, (e, _) in enumerate(engines)}
    rows.sort(key=lambda r: rank[r["engine"]])
    names = sorted(dict(engines), key=lambda e: rank[e])

    print("### Summary: F1 per suite and measure\n")
    print("| suite | measure | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    summary = [("specs " + m, "strict span+value", m, "strict") for m in TABLE_MODELS]
    summary += [("specs " + m, "overlap+value+unit", m, "value_unit") for m in TABLE_MODELS]
    summary += [("MeasEval", "strict span", "measeval", "strict"), ("MeasEval", "overlap span", "measeval", "overlap"),
                ("MeasEval", "overlap+unit", "measeval", "value_unit"), ("MeasEval", "unit accuracy", "measeval", "unit_accuracy"),
                ("re3d", "strict span", "re3d", "strict"), ("re3d", "overlap span", "re3d", "overlap")]
    for label, measure, key, field in summary:
        cells = []
        for e in names:
            hit = [r for r in rows if r["engine"] == e and (r["model"] == key or (r["model"] is None and r["suite"] == key))]
            if not hit or field not in hit[0]:
                cells.append("–")
            else:
                v = hit[0][field]
                cells.append(f"{v:.1f}" if isinstance(v, float) else f"{v['f1']:.1f}")
        print(f"| {label} | {measure} | " + " | ".join(cells) + " |")

    print("\n### Recognizers-Text English specs (strict = span + value; value+unit = overlap + value + unit)\n")
    print("| model | engine | strict P | R | F1 | value+unit P | R | F1 | notes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for model in TABLE_MODELS:
        for r in rows:
            if r["suite"] == "specs" and r["model"] == model:
                print(f"| {model} ({r['strict']['gold']} gold) | {r['engine']} | {fmt(r['strict'])} | {fmt(r['value_unit'])} | {note(r)} |")
    for suite, title, second in (("measeval", "MeasEval train + trial", "overlap+unit"), ("re3d", "re3d Quantity + Money", "")):
        if not any(r["suite"] == suite for r in rows):
            continue
        print(f"\n### {title}\n")
        if second:
            print("| engine | strict P | R | F1 | overlap P | R | F1 | unit accuracy | overlap+unit P | R | F1 | notes |")
            print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        else:
            print("| engine | strict P | R | F1 | overlap P | R | F1 | notes |")
            print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            if r["suite"] != suite:
                continue
            line = f"| {r['engine']} | {fmt(r['strict'])} | {fmt(r['overlap'])} |"
            if second:
                line += f" {r['unit_accuracy']:.1f} | {fmt(r['value_unit'])} |"
            print(line + f" {note(r)} |")
    meta = {"date": time.strftime("%Y-%m-%d"), "engines": dict(engines),
            "predictions": [str(p) for p in args.predictions], "data": str(data)}
    out = pathlib.Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "results": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n(wrote {out})", file=sys.stderr)


if __name__ == "__main__":
    main()
