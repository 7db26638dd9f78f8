"""Precision and recall of the built-in gazetteer on re3d and GUM Wikinews, with every error classified.

    .venv/bin/python eval/entities.py            # prints markdown, writes eval/results/entities.json

What is scored (eval/README.md, "Entities", explains the choices):

- re3d: gold Location <- COUNTRY, CITY, SUBDIVISION, CONTINENT, REGION; Nationality <- NATIONALITY;
  Money <- CURRENCY, where a CURRENCY match inside a gold Money span is a hit ("$" in "$5 million":
  the gazetteer names the currency, the amount is the quantity extractor's job).
- GUM Wikinews: gold place mentions with a Wikipedia link, nested ones included, <- the same
  place labels as Location.

Spans are compared after dropping a leading article and a trailing possessive ("the United
States" = "United States", "Mecca's" = "Mecca"). Strict: same span (Money: inside). Lenient:
overlapping. A gold span is in scope when it is written as a name (title case); out-of-scope gold
spans of the scored type ("the city", unlinked places) are don't-care regions: a match on or
inside one is neither right nor wrong. "A, B" where B is itself a gold span ("Houston, Texas") is
cut to A, because GUM and re3d link the whole to A while a gazetteer names A and B separately.
"""

from __future__ import annotations

import collections
import json
import pathlib
import sys
import time
from dataclasses import dataclass, field
from typing import Collection, Dict, List, Optional

import lexiscan

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "eval" / "results" / "entities.json"

PLACE_LABELS = {"COUNTRY", "CITY", "SUBDIVISION", "CONTINENT", "REGION"}
# dataset -> gold type -> gazetteer labels that stand for it
SCORED = {
    "re3d": {"Location": PLACE_LABELS, "Nationality": {"NATIONALITY"}, "Money": {"CURRENCY"}},
    "gum_wikinews": {"place": PLACE_LABELS},
}
# Money spans are amounts; the gazetteer can only name the currency inside them.
CONTAINED_TYPES = {"Money"}
ARTICLES = ("the ", "a ", "an ")
POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")
# Lower-case words a title-case name may contain ("Bay of Bengal", "Trinidad and Tobago").
FUNCTION_WORDS = {"of", "the", "and", "in", "at", "on", "for", "upon", "de", "du", "des", "la", "le",
                  "el", "al", "da", "di", "do", "van", "von", "der", "den", "y", "&"}
TOP = 20
CONTEXT = 40


@dataclass
class Gold:
    type: str
    start: int
    end: int
    in_scope: bool


@dataclass
class Doc:
    id: str
    text: str
    gold: List[Gold] = field(default_factory=list)


@dataclass
class Span:
    """A gazetteer match with its compared (core) span."""

    start: int
    end: int
    text: str
    label: str
    labels: List[str]


def core(text: str, start: int, end: int) -> tuple:
    """The span without surrounding blanks, a leading article or a trailing possessive."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    low = text[start:end].lower()
    for article in ARTICLES:
        if low.startswith(article) and end - start > len(article):
            start += len(article)
            break
    for suffix in POSSESSIVES:
        if text[start:end].endswith(suffix) and end - start > len(suffix):
            end -= len(suffix)
            break
    return start, end


def is_name(s: str) -> bool:
    """Title case: every word starts with a capital, a digit or a symbol, except function words."""
    words = s.split()
    if not words or not any(c.isupper() for c in s):
        return False
    for w in words:
        first = next((c for c in w if c.isalpha()), None)
        if first is not None and first.islower() and w.lower().strip(",.") not in FUNCTION_WORDS:
            return False
    return True


def finish(doc: Doc, raw: List[Gold], scored_types: Collection[str]) -> Doc:
    """Cuts "A, B" appositions, decides the scope and drops duplicate spans."""
    same_type = collections.defaultdict(set)
    for g in raw:
        same_type[g.type].add((g.start, g.end))
    seen: Dict[tuple, Gold] = {}
    for g in raw:
        start, end = g.start, g.end
        if g.type in scored_types and g.type not in CONTAINED_TYPES:
            for s, e in same_type[g.type]:
                comma = doc.text.rfind(", ", start, s)
                if e == g.end and start < s and comma != -1 and doc.text[comma + 2 : s].strip() == "":
                    end = min(end, comma)
        start, end = core(doc.text, start, end)
        in_scope = g.in_scope and (g.type in CONTAINED_TYPES or is_name(doc.text[start:end]))
        key = (g.type, start, end)
        if key not in seen or in_scope:
            seen[key] = Gold(g.type, start, end, in_scope)
    doc.gold = list(seen.values())
    return doc


def load_re3d() -> List[Doc]:
    docs = []
    for line in open(SHARED / "re3d.jsonl", encoding="utf-8"):
        d = json.loads(line)
        raw = [Gold(e["type"], e["start"], e["end"], True) for e in d["entities"]]
        docs.append(finish(Doc(d["id"], d["text"]), raw, SCORED["re3d"]))
    return docs


def load_gum() -> List[Doc]:
    """Every GUM mention is gold of its etype (so a match on a person is an ambiguity error);
    only linked place mentions are in scope: unlinked places are don't-care regions."""
    docs = []
    for line in open(SHARED / "gum_wikinews.jsonl", encoding="utf-8"):
        d = json.loads(line)
        raw = [Gold(m["etype"], m["start"], m["end"], m["etype"] != "place" or m["identity"] is not None)
               for m in d["mentions"]]
        docs.append(finish(Doc(d["id"], d["text"]), raw, SCORED["gum_wikinews"]))
    return docs


def overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def inside(a, b) -> bool:
    return b.start <= a.start and a.end <= b.end


def same(a, b) -> bool:
    return a.start == b.start and a.end == b.end


def snippet(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT) : start].replace("\n", " ")
    right = text[end : end + CONTEXT].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def whole_name_labels(gazetteer: lexiscan.Gazetteer, name: str) -> Optional[List[str]]:
    """The labels of the gazetteer name that spells all of `name`, or None: is it an alias at all?"""
    for m in gazetteer.find(name):
        if m.start == 0 and m.end == len(name):
            return [c["label"] for c in m.candidates]
    return None


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(100 * p, 1), "R": round(100 * r, 1), "F1": round(100 * f, 1)}


def score_type(docs: List[Doc], found: List[List[Span]], gtype: str, labels: set,
               gazetteer: lexiscan.Gazetteer) -> dict:
    contained = gtype in CONTAINED_TYPES
    hit = inside if contained else same
    fp_classes: collections.Counter = collections.Counter()
    miss_classes: collections.Counter = collections.Counter()
    errors = []
    n: collections.Counter = collections.Counter()
    for doc, spans in zip(docs, found):
        gold = [g for g in doc.gold if g.type == gtype]
        scope = [g for g in gold if g.in_scope]
        others = [g for g in doc.gold if g.type != gtype]
        mine = [m for m in spans if m.label in labels]

        def error(kind: str, cls: str, s, detail: str = "") -> None:
            errors.append({"kind": kind, "class": cls, "doc": doc.id, "start": s.start, "end": s.end,
                           "text": doc.text[s.start : s.end], "detail": detail,
                           "context": snippet(doc.text, s.start, s.end)})

        for m in mine:
            if any(hit(m, g) for g in scope):
                n["tp_p"] += 1
            elif any(hit(m, g) or inside(m, g) for g in gold):
                n["ignored"] += 1  # on or inside an out-of-scope gold span of this type
                continue
            else:
                n["fp"] += 1
                other = next((g for g in others if same(m, g)), None)
                outer = next((g for g in others if inside(m, g)), None)
                if other:
                    cls, detail = "ambiguity", f"{m.label} on gold {other.type}"
                elif any(overlaps(m, g) for g in gold):
                    cls, detail = "boundary", ""
                elif not any(c.isupper() for c in m.text) and any(c.isalpha() for c in m.text):
                    cls, detail = "spurious: common word", "written in lower case"
                elif outer:
                    cls, detail = "spurious: in a longer name", f"inside gold {outer.type} {doc.text[outer.start:outer.end]!r}"
                else:
                    cls, detail = "spurious: not annotated", ""
                fp_classes[cls] += 1
                error("false positive", cls, m, f"{m.label} {m.text!r}" + (f"; {detail}" if detail else ""))
            n["lenient_tp_p"] += any(overlaps(m, g) for g in scope)
        n["matches"] += len(mine)
        n["gold_out_of_scope"] += len(gold) - len(scope)
        found_gold = [g for g in scope if any(hit(m, g) for m in mine)]
        for g in scope:
            n["gold"] += 1
            n["lenient_tp_r"] += any(overlaps(m, g) for m in mine)
            if g in found_gold:
                n["tp_r"] += 1
                continue
            name = doc.text[g.start : g.end]
            if contained:  # a Money span needs a currency name somewhere inside it, not to be one
                alone = [x.label for x in gazetteer.find(name) if x.label in labels] or None
            else:
                alone = whole_name_labels(gazetteer, name)
            wrong = next((m for m in spans if same(m, g) and m.label not in labels), None)
            outer = next((o for o in found_gold if inside(g, o) and not same(g, o)), None)
            edges = next((m for m in mine if overlaps(m, g)), None)
            if wrong and not contained:
                ranked = "mapped label among candidates" if set(wrong.labels) & labels else "mapped label absent"
                cls, detail = "label", f"found as {wrong.label} ({ranked})"
            elif outer:
                cls, detail = "nested", f"inside the found gold {doc.text[outer.start:outer.end]!r}"
            elif edges and not contained:
                cls, detail = "boundary", f"matched {edges.text!r} ({edges.label})"
            elif alone is None:
                cls, detail = "missing alias", ""
            else:
                cover = next((m for m in spans if overlaps(m, g)), None)
                why = f"hidden by the overlapping match {cover.text!r} ({cover.label})" if cover else "not found in context"
                cls, detail = "other", f"a name alone ({'/'.join(sorted(set(alone)))}); {why}"
            miss_classes[cls] += 1
            error("miss", cls, g, detail)
    strict = prf(n["tp_p"], n["matches"] - n["ignored"], n["tp_r"], n["gold"])
    lenient = prf(n["lenient_tp_p"], n["matches"] - n["ignored"], n["lenient_tp_r"], n["gold"])
    missing = collections.Counter(e["text"] for e in errors if e["class"] == "missing alias")
    fp_surfaces = collections.Counter((e["text"], e["class"]) for e in errors if e["kind"] == "false positive")
    return {
        "labels": sorted(labels),
        "counts": dict(n),
        "strict": strict,
        "lenient": lenient,
        "strict_recall_all_gold": round(100 * n["tp_r"] / (n["gold"] + n["gold_out_of_scope"]), 1)
        if n["gold"] + n["gold_out_of_scope"] else 0.0,
        "miss_classes": dict(miss_classes),
        "fp_classes": dict(fp_classes),
        "top_missing_aliases": missing.most_common(TOP),
        "top_false_positives": [[t, c, k] for (t, c), k in fp_surfaces.most_common(TOP)],
        "errors": errors,
    }


def evaluate(name: str, docs: List[Doc], gazetteer: lexiscan.Gazetteer) -> Dict[str, dict]:
    found = []
    for doc, ms in zip(docs, gazetteer.find_batch([d.text for d in docs], threads=1)):
        spans = []
        for m in ms:
            s, e = core(doc.text, m.start, m.end)
            spans.append(Span(s, e, doc.text[s:e], m.label, [c["label"] for c in m.candidates]))
        found.append(spans)
    return {gtype: score_type(docs, found, gtype, labels, gazetteer) for gtype, labels in SCORED[name].items()}


def markdown(results: Dict[str, Dict[str, dict]]) -> str:
    out = ["| dataset | gold type | gold (out of scope) | matches (ignored) | strict P | R | F1 | lenient P | R | F1 |"
           " strict R, all gold | misses by class | false positives by class |", "|" + "---|" * 13]
    for ds, per_type in results.items():
        for gtype, r in per_type.items():
            c = r["counts"]
            fmt = lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda x: -x[1])) or "-"  # noqa: E731
            out.append(f"| {ds} | {gtype} | {c.get('gold', 0)} ({c.get('gold_out_of_scope', 0)}) | "
                       f"{c.get('matches', 0)} ({c.get('ignored', 0)}) | {r['strict']['P']} | {r['strict']['R']} | "
                       f"{r['strict']['F1']} | {r['lenient']['P']} | {r['lenient']['R']} | {r['lenient']['F1']} | "
                       f"{r['strict_recall_all_gold']} | "
                       f"{fmt(r['miss_classes'])} | {fmt(r['fp_classes'])} |")
    for ds, per_type in results.items():
        for gtype, r in per_type.items():
            out.append(f"\n**{ds} / {gtype}**: missing aliases: "
                       + (", ".join(f"{t} ({k})" for t, k in r["top_missing_aliases"]) or "none"))
            out.append(f"\n**{ds} / {gtype}**: false positives: "
                       + (", ".join(f"{t} [{c}] ({k})" for t, c, k in r["top_false_positives"]) or "none"))
    return "\n".join(out)


def main() -> None:
    if not SHARED.exists():
        sys.exit(f"{SHARED} is not here: this evaluation needs ../shared/data")
    t0 = time.perf_counter()
    gazetteer = lexiscan.Gazetteer.default()
    results = {"re3d": evaluate("re3d", load_re3d(), gazetteer),
               "gum_wikinews": evaluate("gum_wikinews", load_gum(), gazetteer)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {"lexiscan": lexiscan.__version__, "gazetteer": "Gazetteer.default()",
            "gazetteer_fingerprint": gazetteer.fingerprint(), "date": time.strftime("%Y-%m-%d"),
            "seconds": round(time.perf_counter() - t0, 2)}
    OUT.write_text(json.dumps({"meta": meta, "results": results}, indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(markdown(results))
    print(f"\n({meta['seconds']} s; details in {OUT.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
