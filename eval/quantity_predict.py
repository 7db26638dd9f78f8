"""Run one quantity extractor over the evaluation suites and write its predictions as JSONL.

    .venv/bin/python eval/quantity_predict.py --engine lexiscan --out eval/results/quantity-pred-lexiscan.jsonl
    .venv-peers-quantity/bin/python eval/quantity_predict.py --engine quantulum3 --out eval/results/quantity-pred-quantulum3.jsonl

It runs in any virtual environment that has the engine it is asked for (lexiscan lives in
.venv, the peers in .venv-peers-quantity) and uses only the standard library besides the
engine. eval/quantity_score.py scores every engine's file with the same rules.

Suites (read from ../shared/data): `specs` (Recognizers-Text English test specs, one
document per sentence), `measeval` (MeasEval train + trial paragraphs), `re3d` (press
releases with Quantity and Money spans).

Output: one line per document,

    {"id", "suite", "engine", "version", "error": null or "ExceptionType: message",
     "spans": [{"start", "end", "text", "value", "upper", "unit", "kind", "dimension",
                "qualifier", "type"}]}

- start/end: code points into the document, end exclusive, so text[start:end] is the span.
- value: a float; `upper` the upper end of a range or null. Money is in the major unit
  ("50 cents" is 0.5), like the specs' gold after the scorer's conversion.
- unit: the engine's own unit name, unchanged (the scorer normalises names); null for
  plain numbers.
- kind: number | ordinal | percent | money | quantity, the common classes every adapter
  maps its engine's types to; dimension: for quantities, "temperature" and "duration"
  matter to the scorer (the specs' Temperature and Age models), any other name is kept
  for reading.
- qualifier: lexiscan's qualifier ("over", "approx", ...) or null; the other engines have
  no such field (they leave the words out of the span or put them into it).
- type: the engine's native type, for reading the mapping (e.g. "currency",
  "quantulum3:length", "duckling:distance").

A document whose engine call raises is written with no spans and the error; the scorer
counts them. Each adapter checks that text[start:end] is the surface the engine reported
(case-insensitively) and, when the engine's offsets do not point at it, looks for the
surface within 20 characters; the counts of moved and unplaceable spans go to stderr.

Adapters (facts from each project's docs and from its returned objects):

- lexiscan: `Quantities()` (code-point offsets, exclusive end; kinds as they are). For
  the specs' NumberModel sentences, `Quantities(units=False)`, as tests/quantity_specs.rs
  does (the Number model is about numbers, not "5 km").
- quantulum3: `parser.parse(text)` with its classifier. `span` is (start, end), exclusive,
  in str indices of the original text. `unit.entity.name` gives the class: "currency" is
  money, "dimensionless" a number (or a percent when the unit is a percentage), "time" a
  duration, "temperature" a temperature, anything else a quantity of that dimension. A
  range ("between 5 and 10 km", "12.8-13.0") comes back as the midpoint with an
  `uncertainty` of half the width; when the surface has no "±" / "+/-" it is turned back
  into value = mid - u, upper = mid + u. Minor currency units ("cent", "penny") are
  divided by 100. quantulum3 has no numbers-only mode: NumberModel sentences get its
  normal output.
- recognizers (Recognizers-Text for Python, packages ms-recognizers-text-*): one model
  object per type, built once, each run over the text: number, ordinal, percentage,
  currency, dimension, temperature, age. ModelResult has `start` and an inclusive `end`
  (end + 1 here) into the text after its preprocessing (lower-cased: `text` is lower
  case), `type_name`, and `resolution` with `value` as a string ("75000000", "5%") and
  `unit` ("Dollar", "Kilometer per hour", "C"). The models are separate, so one number
  comes back from several ("5 km" also as the number 5): overlapping results are merged,
  the longer kept, on equal length the one with a unit. Results without a value (a unit
  named alone, "convert to fahrenheit") are dropped, as the scorer drops such gold spans.
  Money in "Cent", "Pence", "Penny" is divided by 100, "Satoshi" by 1e8. Types:
  number -> number, ordinal -> ordinal, percentage -> percent, currency -> money,
  dimension -> quantity (dimension left empty: not temperature, not duration),
  temperature -> quantity/temperature, age -> quantity/duration. For NumberModel
  sentences only the number model runs.
- duckling: Facebook's Duckling (Haskell, v0.2.0.0) through its native Python binding
  `pyduckling-native-phihos` (no server, no HTTP), English (EN_US), reference time fixed at
  1970-01-01 UTC. `duckling.parse(text, context, dims, with_latent=False)` returns every
  reading of every dimension, overlapping ("3-4m" as a distance and as money); "latent"
  readings are dropped and overlapping ones merged as for Recognizers-Text. Offsets are code
  points. Intervals ("between 5 and 10 kg", "over 10,000") come as from/to: value, upper.
  Dims: number -> number, ordinal -> ordinal, amount-of-money -> money, distance / volume /
  quantity -> quantity, temperature -> quantity/temperature, duration -> quantity/duration;
  time is asked for too (Duckling then leaves out the numbers inside dates and years by
  itself) and its readings are dropped. Minor currency units ("cent") are divided by 100. For NumberModel
  sentences only the number dim is asked for. (The older PyPI package `duckling`, a JPype
  wrapper around the 2017 Clojure Duckling, is not used: see eval/README.md.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pathlib
import sys
import time
from importlib import metadata
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SUITES = ("specs", "measeval", "re3d")

Span = Dict[str, Any]


def read_suite(suite: str, data: pathlib.Path = SHARED) -> Iterator[Dict[str, Any]]:
    """The suite's documents as {"id", "text", "model" (specs only)}."""
    if suite == "specs":
        with open(data / "recognizers_text_specs_en.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield {"id": row["id"], "text": row["text"], "model": row["model"]}
    elif suite == "measeval":
        with gzip.open(data / "measeval.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield {"id": row["id"], "text": row["text"]}
    elif suite == "re3d":
        with open(data / "re3d.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield {"id": row["id"], "text": row["text"]}
    else:
        raise ValueError(f"unknown suite {suite!r}")


def span(start: int, end: int, text: str, value: float, kind: str, *, upper: Optional[float] = None,
         unit: Optional[str] = None, dimension: Optional[str] = None, qualifier: Optional[str] = None,
         type_: str = "") -> Span:
    return {"start": start, "end": end, "text": text, "value": value, "upper": upper, "unit": unit,
            "kind": kind, "dimension": dimension, "qualifier": qualifier, "type": type_}


def to_float(x: Any) -> Optional[float]:
    """A resolution value as a float: "75000000", "5%", 2.0; None when it is not a number."""
    if x is None:
        return None
    try:
        return float(str(x).strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None


class Alignment:
    """Checks that engine offsets point at the surface the engine reported, and repairs them.

    Engines that preprocess the text (lower-casing can change its length, e.g. "İ") or
    that count in other units can drift; the count of repairs is reported, never hidden.
    """

    def __init__(self) -> None:
        self.moved = 0
        self.unplaced = 0
        self.examples: List[str] = []

    @staticmethod
    def loose(s: str) -> str:
        # Engines report the surface of their cleaned text: lower case (Recognizers-Text),
        # ASCII dashes and "x" for "−", "–", "×" (quantulum3).
        return s.casefold().replace("\u2212", "-").replace("\u2013", "-").replace("\u00d7", "x")

    def place(self, text: str, start: int, end: int, surface: str) -> Tuple[int, int]:
        want = self.loose(surface)
        if self.loose(text[start:end]) == want or not surface:
            return start, end
        n = len(surface)
        best = None
        lo = max(0, start - 20)
        hi = min(len(text), start + 20 + n)
        for s in range(lo, hi - n + 1):
            if self.loose(text[s:s + n]) == want and (best is None or abs(s - start) < abs(best - start)):
                best = s
        if best is None:
            self.unplaced += 1
            note = "not placed"
        else:
            self.moved += 1
            note = f"moved to {best}"
        if len(self.examples) < 5:
            self.examples.append(f"{surface!r} at {start}:{end} is {text[start:end]!r}, {note}")
        return (start, end) if best is None else (best, best + n)


def merge_overlaps(spans: List[Span]) -> List[Span]:
    """One reading per stretch of text: the longest first, then one with a unit, then earliest.

    Used for engines whose separate models (or readings) each return the same number.
    """
    rank = {"money": 0, "quantity": 0, "percent": 1, "ordinal": 2, "number": 3}
    order = sorted(spans, key=lambda s: (-(s["end"] - s["start"]), rank.get(s["kind"], 4), s["start"]))
    kept: List[Span] = []
    for s in order:
        if all(s["end"] <= k["start"] or k["end"] <= s["start"] for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: (s["start"], s["end"]))


# Money as written in a minor unit is given in the major one (the scorer does the same to
# the specs' gold), so that every engine's value means the same thing.
MINOR_UNITS = {"cent": 0.01, "cents": 0.01, "pence": 0.01, "penny": 0.01, "satoshi": 1e-8}


class Engine:
    name = ""

    def __init__(self) -> None:
        self.align = Alignment()

    def version(self) -> str:
        return metadata.version(self.name)

    def find(self, text: str, numbers_only: bool = False) -> List[Span]:
        raise NotImplementedError


class Lexiscan(Engine):
    name = "lexiscan"

    def __init__(self) -> None:
        super().__init__()
        import lexiscan

        self.lexiscan = lexiscan
        self.full = lexiscan.Quantities()
        self.numbers = lexiscan.Quantities(units=False)

    def version(self) -> str:
        return str(self.lexiscan.__version__)

    def find(self, text: str, numbers_only: bool = False) -> List[Span]:
        q = self.numbers if numbers_only else self.full
        return [span(m.start, m.end, m.text, m.value, m.kind, upper=m.upper, unit=m.unit,
                     dimension=m.dimension, qualifier=m.qualifier, type_=m.kind)
                for m in q.find(text)]


class Quantulum3(Engine):
    name = "quantulum3"

    def __init__(self) -> None:
        super().__init__()
        from quantulum3 import parser

        self.parser = parser
        self.parser.parse("warm-up: 2 litres")  # loads units and the classifier once

    def find(self, text: str, numbers_only: bool = False) -> List[Span]:
        out = []
        for q in self.parser.parse(text):
            start, end = self.align.place(text, q.span[0], q.span[1], q.surface)
            unit = q.unit.name
            entity = q.unit.entity.name
            value, upper = float(q.value), None
            if q.uncertainty is not None and "±" not in q.surface and "+/-" not in q.surface:
                value, upper = value - q.uncertainty, value + q.uncertainty
            dimension = None
            if entity == "currency":
                kind = "money"
                factor = MINOR_UNITS.get(unit.lower(), 1.0)
                value, upper = value * factor, (None if upper is None else upper * factor)
            elif unit in ("percentage", "per cent", "percent"):
                kind = "percent"
            elif entity == "dimensionless":
                kind, unit = "number", None
            else:
                kind = "quantity"
                dimension = {"time": "duration"}.get(entity, entity)
            out.append(span(start, end, text[start:end], value, kind, upper=upper, unit=unit,
                            dimension=dimension, type_=f"quantulum3:{entity}"))
        return out


class Recognizers(Engine):
    name = "recognizers"

    def __init__(self) -> None:
        super().__init__()
        from ms_recognizers_number import NumberRecognizer
        from ms_recognizers_number_with_unit import NumberWithUnitRecognizer
        from ms_recognizers_text import Culture

        numbers = NumberRecognizer(Culture.English)
        units = NumberWithUnitRecognizer(Culture.English)
        # (model, kind, dimension); the helper functions recognize_*() build a new
        # recognizer on every call, so the models are taken once here.
        self.models = [
            (numbers.get_number_model(), "number", None),
            (numbers.get_ordinal_model(), "ordinal", None),
            (numbers.get_percentage_model(), "percent", None),
            (units.get_currency_model(), "money", None),
            (units.get_dimension_model(), "quantity", None),
            (units.get_temperature_model(), "quantity", "temperature"),
            (units.get_age_model(), "quantity", "duration"),
        ]
        self.find("warm-up: 2 litres, 5%, $3, the 2nd, 20 degrees celsius, 5 years old")

    def version(self) -> str:
        return metadata.version("ms-recognizers-text-number-with-unit")

    def find(self, text: str, numbers_only: bool = False) -> List[Span]:
        found = []
        for model, kind, dimension in self.models[:1] if numbers_only else self.models:
            for r in model.parse(text):
                res = r.resolution or {}
                value = to_float(res.get("value"))
                if value is None:
                    continue
                unit = res.get("unit")
                if kind == "money":
                    value *= MINOR_UNITS.get(str(unit).lower(), 1.0)
                if kind == "percent":
                    unit = "percent"  # implied by the model; lexiscan and quantulum3 name it too
                start, end = self.align.place(text, r.start, r.end + 1, r.text or "")
                found.append(span(start, end, text[start:end], value, kind, unit=unit,
                                  dimension=dimension, type_=r.type_name))
        return merge_overlaps(found)


class Duckling(Engine):
    name = "duckling"
    DIMS = {"number": ("number", None), "ordinal": ("ordinal", None),
            "amount-of-money": ("money", None), "distance": ("quantity", "length"),
            "volume": ("quantity", "volume"), "quantity": ("quantity", None),
            "temperature": ("quantity", "temperature"), "duration": ("quantity", "duration")}

    def __init__(self) -> None:
        super().__init__()
        import duckling

        self.duckling = duckling
        # Times are not quantities, but Duckling is asked for them too: it then leaves out
        # the numbers inside dates and years ("June 5, 2024", "in 1987") by itself. The time
        # readings are dropped (they take 60 % of its time; re3d strict F1 42 instead of 37).
        zones = duckling.load_time_zones("/usr/share/zoneinfo")
        ref_time = duckling.parse_ref_time(zones, "UTC", 0)
        locale = duckling.parse_locale("EN_US", duckling.default_locale_lang(duckling.parse_lang("EN")))
        self.context = duckling.Context(ref_time, locale)
        self.all_dims = duckling.parse_dimensions(list(self.DIMS) + ["time"])
        self.number_dims = duckling.parse_dimensions(["number"])
        self.find("warm-up: 2 litres, $3, the 2nd, 20 degrees, 5 km, 3 days")

    def version(self) -> str:
        return metadata.version("pyduckling-native-phihos")

    def find(self, text: str, numbers_only: bool = False) -> List[Span]:
        dims = self.number_dims if numbers_only else self.all_dims
        found = []
        for r in self.duckling.parse(text, self.context, dims, False):
            if r.get("latent") or r["dim"] not in self.DIMS:  # guesses; times
                continue
            v = r.get("value") or {}
            if v.get("type") == "interval":  # "between 5 and 10 km", "over 10,000"
                lo, hi = v.get("from") or {}, v.get("to") or {}
                value, upper = to_float(lo.get("value")), to_float(hi.get("value"))
                unit = lo.get("unit") or hi.get("unit")
                if value is None:  # "under 5": only an upper bound
                    value, upper = upper, None
            else:
                value, upper, unit = to_float(v.get("value")), None, v.get("unit")
            if value is None:
                continue
            # Offsets are code points, right; but the strings come back decoded as Latin-1
            # (mojibake for anything not ASCII: "Â£" for "£"), so they are repaired.
            unit = latin1_mojibake(unit)
            start, end = self.align.place(text, r["start"], r["end"], latin1_mojibake(r.get("body")) or "")
            kind, dimension = self.DIMS[r["dim"]]
            if kind == "money" and unit is not None:
                factor = MINOR_UNITS.get(str(unit).lower(), 1.0)
                value, upper = value * factor, (None if upper is None else upper * factor)
            found.append(span(start, end, text[start:end], value, kind, upper=upper,
                              unit=None if unit is None else str(unit), dimension=dimension,
                              type_=f"duckling:{r['dim']}"))
        return merge_overlaps(found)


def latin1_mojibake(s: Optional[str]) -> Optional[str]:
    """UTF-8 text that was decoded as Latin-1, decoded right ("Â£" -> "£")."""
    if s is None:
        return None
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


ENGINES: Dict[str, Callable[[], Engine]] = {
    "lexiscan": Lexiscan, "quantulum3": Quantulum3, "recognizers": Recognizers, "duckling": Duckling,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", choices=sorted(ENGINES), required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--suites", default=",".join(SUITES), help="comma-separated: " + ", ".join(SUITES))
    ap.add_argument("--sample", type=int, default=0, help="first N documents of each suite only (0 = all)")
    ap.add_argument("--data", default=str(SHARED))
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        # quantulum3's output depends on set order, which string hashing randomises per
        # process (7 of 313 MeasEval paragraphs change between two seeds): run again with
        # a fixed seed so that every run scores the same.
        os.execve(sys.executable, [sys.executable, *sys.argv], dict(os.environ, PYTHONHASHSEED="0"))
    data = pathlib.Path(args.data)
    if not data.exists():
        sys.exit(f"{data} is not here: the suites live in ../shared/data")
    t0 = time.perf_counter()
    engine = ENGINES[args.engine]()
    version = engine.version()
    print(f"{args.engine} {version}: ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for suite in args.suites.split(","):
            t0 = time.perf_counter()
            docs = errors = found = 0
            for doc in read_suite(suite, data):
                if args.sample and docs >= args.sample:
                    break
                docs += 1
                error = None
                try:
                    spans = engine.find(doc["text"], numbers_only=doc.get("model") == "NumberModel")
                except Exception as e:  # a peer failing on one input costs it that document only
                    spans, error = [], f"{type(e).__name__}: {e}"[:300]
                    errors += 1
                found += len(spans)
                f.write(json.dumps({"id": doc["id"], "suite": suite, "engine": args.engine, "version": version,
                                    "error": error, "spans": spans}, ensure_ascii=False) + "\n")
            print(f"{suite}: {docs} documents, {found} spans, {errors} errors, "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"offsets repaired: {engine.align.moved}, not placed: {engine.align.unplaced}", file=sys.stderr)
    for example in engine.align.examples:
        print(f"  {example}", file=sys.stderr)


if __name__ == "__main__":
    main()
