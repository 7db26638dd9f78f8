"""Shared fixtures: the case tables of the Rust tests and ../shared/data when present."""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def read_jsonl(path: pathlib.Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def quantity_cases() -> list:
    return read_jsonl(ROOT / "tests" / "data" / "quantity_cases.jsonl")


@pytest.fixture(scope="session")
def gazetteer_cases() -> list:
    return read_jsonl(ROOT / "tests" / "data" / "gazetteer_cases.jsonl")


def shared(name: str) -> pathlib.Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is not part of a fresh clone)")
    return path
