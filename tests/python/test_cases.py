"""The Rust case tables re-run through Python, with code-point offsets."""

import math

import lexiscan


def test_gazetteer_case_table(gazetteer_cases):
    failures = []
    for case in gazetteer_cases:
        g = lexiscan.Gazetteer(case["entries"], **case.get("options", {}))
        found = g.find(case["text"])
        got = [(m.start, m.end, m.text, m.id) for m in found]
        want = [(e["start"], e["end"], e["text"], e["id"]) for e in case["expect"]]
        if got != want:
            failures.append(f"{case['name']}: want {want}, got {got}")
        for m, e in zip(found, case["expect"]):
            assert case["text"][m.start : m.end] == m.text
            if e.get("candidates") is not None:
                assert [c["id"] for c in m.candidates] == e["candidates"], case["name"]
    assert len(gazetteer_cases) >= 100
    assert not failures, "\n".join(failures)


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_quantity_case_table(quantity_cases):
    failures = []
    for case in quantity_cases:
        decimal = case.get("options", {}).get("decimal", "auto")
        found = lexiscan.Quantities(decimal=decimal).find(case["text"])
        want = case["expect"]
        if len(found) != len(want):
            failures.append(f"{case['text']!r}: want {len(want)} results, got {found}")
            continue
        for q, w in zip(found, want):
            assert case["text"][q.start : q.end] == q.text
            d = q.to_dict()
            for field, value in w.items():
                ok = _close(d[field], value) if isinstance(value, float) or (
                    isinstance(value, int) and not isinstance(value, bool) and isinstance(d[field], float)
                ) else d[field] == value
                if not ok:
                    failures.append(f"{case['text']!r} {q.text!r}: {field} want {value!r}, got {d[field]!r}")
    assert len(quantity_cases) >= 100
    assert not failures, "\n".join(failures)
