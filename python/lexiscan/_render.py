"""HTML for a Doc: the text, HTML-escaped, with entities and quantities highlighted and
labelled. Spans may overlap (an entity inside a money amount), so the text is cut at
every span boundary and each piece is marked with every span that covers it."""

from __future__ import annotations

import html
from typing import Any, List, Tuple

_STYLE = (
    "<style>"
    ".lexiscan-doc{line-height:2.1;white-space:pre-wrap;font-family:sans-serif}"
    ".lexiscan-doc .ent{background:#ffe08a;border-radius:3px;padding:1px 2px}"
    ".lexiscan-doc .qty{border-bottom:3px solid #3b82f6}"
    ".lexiscan-doc .tag{font-size:0.7em;font-weight:bold;margin-left:3px;"
    "vertical-align:super;color:#444}"
    "</style>"
)


def _spans(doc: Any) -> List[Tuple[int, int, str, str]]:
    spans = []
    for m in doc.entities:
        spans.append((m.start, m.end, "ent", m.label))
    for q in doc.quantities:
        tag = q.kind if q.unit is None else f"{q.kind} {q.unit}"
        if q.qualifier:
            tag = f"{q.qualifier} {tag}"
        spans.append((q.start, q.end, "qty", tag))
    return spans


def render(doc: Any) -> str:
    """The HTML of a Doc (what a notebook shows for it)."""
    text = doc.text
    spans = _spans(doc)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = [_STYLE, '<div class="lexiscan-doc">']
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        for start, end, cls, tag in sorted(covering, key=lambda sp: (sp[0], -sp[1])):
            piece = f'<span class="{cls}" title="{html.escape(tag)}">{piece}'
        for start, end, cls, tag in sorted(covering, key=lambda sp: (sp[0], -sp[1]), reverse=True):
            label = f'<span class="tag">{html.escape(tag)}</span>' if b == end else ""
            piece = f"{piece}{label}</span>"
        out.append(piece)
    out.append("</div>")
    return "".join(out)
