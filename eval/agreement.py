"""Where lexiscan's gazetteer matches and a pyahocorasick baseline disagree, and why.

    .venv/bin/python eval/agreement.py     # prints markdown, writes eval/results/agreement.json

One command, two interpreters: lexiscan lives in .venv and pyahocorasick in .venv-peers, so this
script (run from .venv) starts itself in .venv-peers with `--side peer`, which writes the
baseline's matches to a temporary file; then it runs lexiscan and compares.

Same gazetteer (../shared/data/gazetteer_small.tsv) and corpora (Reuters-21578, World Factbook,
all documents). The baseline is benches/peers/gazetteer_python.py's: names lower-cased with
str.lower, text lower-cased, `iter_long` (leftmost-longest), then only matches whose neighbours
are not `str.isalnum()` are kept. Its label set for a match is every label of the names that
lower-case to it. lexiscan: `Gazetteer.from_tsv` with its defaults (Unicode case folding, whole
words, longest); label set = the labels of its candidates.

A disagreement is a (start, end) found by one side only, or found by both with other label sets.
Each gets the first class whose test holds (eval/README.md, "Agreement", argues each rule):
unicode (str.lower lengthens a character before the match so the baseline's offsets drift; or
the text or a name changes differently under full case folding and NFD than under str.lower, or
U+2019 = '), whitespace (the match crosses a line break or a run of spaces), boundary (the two
word-character rules decide this span differently), knock-on (overlaps a disagreement of the
other side that one of the first three rules explains), overlap (both sides accept the span, and
the other side took an overlapping candidate that comes first in leftmost-longest order),
unexplained.

Reuters-21578 is licensed for research only: the results file gives, for its examples, the
document id, offsets and the matched name, never the text around them.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import pathlib
import subprocess
import sys
import tempfile
import time
import unicodedata
from typing import Dict, Iterator, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
GAZETTEER = SHARED / "gazetteer_small.tsv"
CORPORA = {"reuters21578": "corpus_reuters21578.jsonl.gz", "factbook": "corpus_factbook.jsonl.gz",
           "us_addresses": "corpus_us_addresses.jsonl.gz"}  # the last only on request (--corpora)
DEFAULT_CORPORA = "reuters21578,factbook"
CONTEXT_ALLOWED = {"factbook", "us_addresses"}  # public domain; Reuters-21578 is research-only
OUT = ROOT / "eval" / "results" / "agreement.json"
PEER_PYTHON = ROOT / ".venv-peers" / "bin" / "python"
EXAMPLES = 5
SIDES = ["lexiscan", "peer", "labels", "offsets"]
CONTEXT = 30
# Scripts written without spaces, where lexiscan needs no word boundary (DESIGN.md, "Whole
# words"). unicodedata has no Script property, so these are the scripts' main blocks.
NO_SPACE_BLOCKS = [(0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x31F0, 0x31FF),
                   (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x3134F)]


def read_texts(name: str, docs: int) -> Iterator[Tuple[str, str]]:
    with gzip.open(SHARED / CORPORA[name], "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if docs and i >= docs:
                break
            d = json.loads(line)
            yield d["id"], d["text"]


def read_names() -> List[Tuple[str, str]]:
    """(alias, label) rows, alias untouched, as the peer benchmark reads them."""
    with open(GAZETTEER, encoding="utf-8") as f:
        next(f)
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [(r[2], r[0]) for r in rows if len(r) >= 3 and r[2].strip()]


# --- the baseline (runs in .venv-peers) -------------------------------------------------------

def run_peer(corpora: List[str], docs: int, out: pathlib.Path) -> None:
    """Writes, per document, every leftmost-longest match with whether the boundary filter kept it:
    the rejected ones are the evidence for the overlap class."""
    import ahocorasick

    labels: Dict[str, set] = collections.defaultdict(set)
    for name, label in read_names():
        labels[name.lower()].add(label)
    automaton = ahocorasick.Automaton()
    for name, label_set in labels.items():
        automaton.add_word(name, (len(name), "|".join(sorted(label_set))))
    automaton.make_automaton()
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for corpus in corpora:
            for doc_id, text in read_texts(corpus, docs):
                low = text.lower()
                raw = []
                for end, (n, label_set) in automaton.iter_long(low):
                    s, e = end - n + 1, end + 1
                    kept = (s == 0 or not low[s - 1].isalnum()) and (e >= len(low) or not low[e].isalnum())
                    raw.append([s, e, int(kept), label_set])
                f.write(json.dumps({"corpus": corpus, "id": doc_id, "raw": raw}) + "\n")


# --- lexiscan's rules, restated to explain the differences --------------------------------------

def fold(s: str) -> str:
    """lexiscan's name folding (DESIGN.md): trim, NFD(casefold(NFD)), whitespace runs → one space, ’ → '."""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFD", s.strip()).casefold())
    return " ".join(s.split()).replace("\u2019", "'")


def is_word(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat[0] in "LM" or cat == "Nd"


def no_space(c: str) -> bool:
    return any(a <= ord(c) <= b for a, b in NO_SPACE_BLOCKS)


def lexiscan_edges_ok(text: str, s: int, e: int) -> bool:
    def ok(inner: str, outer: str) -> bool:
        return not (is_word(inner) and is_word(outer) and not no_space(inner) and not no_space(outer))
    return (s == 0 or ok(text[s], text[s - 1])) and (e >= len(text) or ok(text[e - 1], text[e]))


def peer_edges_ok(text: str, s: int, e: int) -> bool:
    """The baseline's filter, on the lower-cased neighbours (the last or first code point of their
    lower-case forms, which is what it sees in text.lower())."""
    return (s == 0 or not text[s - 1].lower()[-1].isalnum()) and (e >= len(text) or not text[e].lower()[0].isalnum())


def describe(c: str) -> str:
    return f"U+{ord(c):04X} {unicodedata.category(c)}"


# --- comparison ---------------------------------------------------------------------------------

class Item:
    """One disagreement: side 'lexiscan' or 'peer' (found by that side only), 'labels' (same span,
    other label sets) or 'offsets' (same match, the baseline's offsets drifted). Offsets are into
    the text, except when `lowered_offsets` (a baseline match that maps to no span of the text)."""

    def __init__(self, side: str, s: int, e: int, labels: str, other_labels: str = "") -> None:
        self.side, self.s, self.e, self.labels, self.other_labels = side, s, e, labels, other_labels
        self.cls: Optional[str] = None
        self.detail = ""
        self.evidence = ""  # characters around the match: left out for Reuters-21578
        self.lowered_offsets = False


def lowered_offsets(text: str) -> Optional[Tuple[List[int], Dict[int, int]]]:
    """Maps offsets into text.lower() back to text: a start to its character, an end to the end of
    a character (missing when it falls inside one character's lower-case form, as in "i̇" from
    "İ"). None when str.lower keeps every character one code point long, so offsets agree."""
    if len(text.lower()) == len(text):  # str.lower never shortens a character
        return None
    starts: List[int] = []
    ends = {0: 0}
    for i, c in enumerate(text):
        starts.extend([i] * len(c.lower()))
        ends[len(starts)] = i + 1
    starts.append(len(text))
    return starts, ends


def explain(item: Item, text: str, peer_names: set, names_by_fold: Dict[str, set]) -> None:
    """The item's own cause, if one of the first rules holds (offsets are into `text`)."""
    s, e = item.s, item.e
    span = text[s:e]
    lowered = span.lower()
    if item.side == "labels":
        names = [n for n in names_by_fold.get(fold(span), ()) if n.lower() != lowered]
        if any(" ".join(n.split()).lower() == lowered for n in names):
            item.cls, item.detail = "whitespace", f"names differing only in blanks: {sorted(names)[:3]}"
        elif names:
            item.cls, item.detail = "unicode", f"names equal under case folding, not str.lower: {sorted(names)[:3]}"
        return
    if any(c.isspace() for c in span) and " ".join(span.split()) != span:
        item.cls, item.detail = "whitespace", "the name is split by a line break or several blanks"
        return
    lex_ok, peer_ok = lexiscan_edges_ok(text, s, e), peer_edges_ok(text, s, e)
    if (item.side == "lexiscan" and not lex_ok) or (item.side == "peer" and not peer_ok):
        # A side returned a match its own documented rule rejects: a bug, not a difference.
        item.cls, item.detail = "unexplained", f"{item.side} returned a match its own word rule rejects"
        return
    if lex_ok != peer_ok:
        edges = [text[i] for i in (s - 1, s, e - 1, e) if 0 <= i < len(text)]
        item.cls = "boundary"
        verdict = {True: "accepts", False: "rejects"}
        item.detail = f"lexiscan's word rule {verdict[lex_ok]} the edges, str.isalnum's {verdict[peer_ok]} them"
        item.evidence = "outside, first, last, outside: " + ", ".join(describe(c) for c in edges)
        return
    if item.side == "lexiscan" and lowered not in peer_names:
        spelt = sorted(names_by_fold.get(fold(span), ()))[:3]
        item.cls = "unicode"
        item.detail = f"no name lower-cases to this text; equal under lexiscan's folding: {spelt}"
        return
    if item.side == "peer" and fold(span) not in names_by_fold:
        item.cls, item.detail = "unicode", "no name folds to this text"


def ranks_first(winner: Tuple[int, ...], item: Item) -> bool:
    return winner[0] < item.s or (winner[0] == item.s and winner[1] > item.e)


def compare_doc(text: str, lex: Dict[Tuple[int, int], str], raw: List[list], peer_names: set,
                names_by_fold: Dict[str, set]) -> List[Item]:
    items = []
    mapping = lowered_offsets(text)
    peer: Dict[Tuple[int, int], Tuple[str, Tuple[int, int]]] = {}
    raw_spans = []  # (start, end, kept) in `text`, for the overlap rule
    for s, e, kept, labels in raw:
        os_, oe = (mapping[0][s], mapping[1].get(e)) if mapping else (s, e)
        if oe is None:  # the baseline's match ends inside one character's lower-case form
            if kept:
                item = Item("peer", s, e, labels)
                item.cls, item.lowered_offsets = "unicode", True
                item.detail = "the baseline's match ends inside the lower-case form of one character"
                items.append(item)
            raw_spans.append((os_, mapping[0][e] + 1 if mapping else e, kept))
            continue
        raw_spans.append((os_, oe, kept))
        if kept:
            peer[(os_, oe)] = (labels, (s, e))
    for (s, e), lab in lex.items():
        if (s, e) not in peer:
            items.append(Item("lexiscan", s, e, lab))
        elif peer[(s, e)][0] != lab:
            items.append(Item("labels", s, e, lab, peer[(s, e)][0]))
        elif peer[(s, e)][1] != (s, e):
            item = Item("offsets", s, e, lab)
            item.cls = "unicode"
            item.detail = "same match; the baseline reports it at {}–{}, as str.lower lengthens a character before it" \
                .format(*peer[(s, e)][1])
            items.append(item)
    items += [Item("peer", s, e, lab) for (s, e), (lab, _) in peer.items() if (s, e) not in lex]
    for item in items:
        if item.cls is None:
            explain(item, text, peer_names, names_by_fold)
    explained = [o for o in items if o.cls and o.cls != "unexplained" and not o.lowered_offsets]
    for item in items:
        if item.cls is not None or item.side == "labels":
            continue
        opposite = "peer" if item.side == "lexiscan" else "lexiscan"
        cause = next((o for o in explained if o.side == opposite and o.s < item.e and item.s < o.e), None)
        if cause:
            item.cls, item.detail = "knock-on", f"overlaps the {cause.cls} case {text[cause.s:cause.e]!r} found by {cause.side}"
    for item in items:
        if item.cls is not None or item.side == "labels":
            continue
        # Both sides accept this span on its own (the rules above did not fire), so it lost to an
        # overlapping candidate; that explains it only if the winner comes first in leftmost-longest
        # order (earlier start, or same start and longer). Otherwise one side has a bug.
        if item.side == "lexiscan":
            winner = next((r for r in raw_spans if r[0] < item.e and item.s < r[1]), None)
            if winner and ranks_first(winner, item):
                item.cls = "overlap"
                item.detail = f"the baseline's leftmost-longest took {text[winner[0]:winner[1]]!r} at {winner[0]}" \
                              + (", which its boundary filter then dropped" if not winner[2] else "")
                continue
        else:
            winner = next(((s, e, 1) for s, e in lex if s < item.e and item.s < e), None)
            if winner and ranks_first(winner, item):
                item.cls, item.detail = "overlap", f"lexiscan took the valid {text[winner[0]:winner[1]]!r} at {winner[0]}"
                continue
        item.cls = "unexplained"
        item.detail = f"overlapping winner {winner[:2]}" if winner else "no overlapping candidate on the other side"
    for item in items:
        if item.cls is None:  # a label-set difference no name explains
            item.cls, item.detail = "unexplained", f"lexiscan labels {item.labels}, baseline {item.other_labels}"
    return items


def run_lexiscan(corpora: List[str], docs: int) -> Iterator[Tuple[str, str, str, Dict[Tuple[int, int], str]]]:
    import lexiscan

    gazetteer = lexiscan.Gazetteer.from_tsv(GAZETTEER)
    for corpus in corpora:
        ids, texts = zip(*read_texts(corpus, docs))
        for doc_id, text, ms in zip(ids, texts, gazetteer.find_batch(list(texts), threads=1)):
            found = {(m.start, m.end): "|".join(sorted({c["label"] for c in m.candidates})) for m in ms}
            yield corpus, doc_id, text, found


def example(corpus: str, doc_id: str, text: str, item: Item) -> dict:
    out = {"doc": doc_id, "start": item.s, "end": item.e, "side": item.side,
           "name": (text.lower() if item.lowered_offsets else text)[item.s : item.e],
           "labels": item.labels, "detail": item.detail}
    if item.other_labels:
        out["baseline_labels"] = item.other_labels
    if corpus in CONTEXT_ALLOWED:
        out["evidence"] = item.evidence
        base = text.lower() if item.lowered_offsets else text
        out["context"] = base[max(0, item.s - CONTEXT) : item.e + CONTEXT].replace("\n", "⏎")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--side", choices=["all", "peer"], default="all")
    ap.add_argument("--corpora", default=DEFAULT_CORPORA, help=f"comma-separated, from {', '.join(CORPORA)}")
    ap.add_argument("--docs", type=int, default=0, help="first N documents of each corpus (0 = all)")
    ap.add_argument("--out", default="", help="--side peer: where to write the baseline's matches")
    ap.add_argument("--peer-python", default=str(PEER_PYTHON))
    args = ap.parse_args()
    corpora = args.corpora.split(",")
    if not GAZETTEER.exists():
        sys.exit(f"{GAZETTEER} is not here: this comparison needs ../shared/data")
    if args.side == "peer":
        run_peer(corpora, args.docs, pathlib.Path(args.out))
        return

    timing = {}
    with tempfile.TemporaryDirectory(prefix="lexiscan-agreement-") as tmp:
        peer_file = pathlib.Path(tmp) / "peer.jsonl.gz"
        t0 = time.perf_counter()
        subprocess.run([args.peer_python, __file__, "--side", "peer", "--out", str(peer_file),
                        "--corpora", args.corpora, "--docs", str(args.docs)], check=True)
        timing["baseline_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        names = read_names()
        peer_names = {n.lower() for n, _ in names}
        names_by_fold: Dict[str, set] = collections.defaultdict(set)
        for n, _ in names:
            names_by_fold[fold(n)].add(n)
        counts: Dict[str, collections.Counter] = {c: collections.Counter() for c in corpora}
        examples: Dict[str, Dict[str, list]] = {c: collections.defaultdict(list) for c in corpora}
        totals: Dict[str, collections.Counter] = {c: collections.Counter() for c in corpora}
        with gzip.open(peer_file, "rt", encoding="utf-8") as peer_lines:
            for (corpus, doc_id, text, lex), line in zip(run_lexiscan(corpora, args.docs), peer_lines):
                peer = json.loads(line)
                assert (peer["corpus"], peer["id"]) == (corpus, doc_id), "the two sides read different documents"
                totals[corpus].update(docs=1, lexiscan=len(lex), baseline=sum(r[2] for r in peer["raw"]))
                for item in compare_doc(text, lex, peer["raw"], peer_names, names_by_fold):
                    counts[corpus][item.cls] += 1
                    counts[corpus][f"{item.cls} ({item.side})"] += 1
                    kept = examples[corpus][f"{item.cls} ({item.side})"]
                    if item.cls == "unexplained" or len(kept) < EXAMPLES:
                        kept.append(example(corpus, doc_id, text, item))
        timing["lexiscan_and_compare_s"] = round(time.perf_counter() - t0, 1)

    results = {c: {"totals": dict(totals[c]), "classes": dict(counts[c]), "examples": examples[c]} for c in corpora}
    meta = {"gazetteer": GAZETTEER.name, "docs_per_corpus": args.docs or "all", "date": time.strftime("%Y-%m-%d"), **timing}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"meta": meta, "results": results}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\n(baseline {timing['baseline_s']} s, lexiscan + comparison {timing['lexiscan_and_compare_s']} s; "
          f"details in {OUT.relative_to(ROOT)})")


def markdown(results: dict) -> str:
    classes = ["unicode", "whitespace", "boundary", "overlap", "knock-on", "unexplained"]
    out = ["| corpus | docs | lexiscan matches | baseline matches | " + " | ".join(classes) + " |",
           "|" + "---|" * (4 + len(classes))]
    for corpus, r in results.items():
        t, c = r["totals"], r["classes"]
        cells = [f"{c.get(k, 0)} ({'/'.join(str(c.get(f'{k} ({side})', 0)) for side in SIDES)})" for k in classes]
        out.append(f"| {corpus} | {t.get('docs', 0)} | {t.get('lexiscan', 0)} | {t.get('baseline', 0)} | " + " | ".join(cells) + " |")
    out.append("\nCells: total (only lexiscan / only the baseline / same span, other labels / same match, drifted offsets).")
    for corpus, r in results.items():
        for cls, items in r["examples"].items():
            out.append(f"\n**{corpus}, {cls}**")
            for x in items[:EXAMPLES]:
                where = f"`{x['context']}`" if "context" in x else f"{x['doc']} {x['start']}–{x['end']}"
                evidence = f" ({x['evidence']})" if x.get("evidence") else ""
                out.append(f"- {x['side']}: {x['name']!r} ({x['labels']}) {where}: {x['detail']}{evidence}")
    return "\n".join(out)


if __name__ == "__main__":
    main()
