"""What every results file records about the run (the CPU and the lexiscan commit), and
how a report reaches the README."""

from __future__ import annotations

import pathlib
import platform
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def git_commit() -> str:
    """The short commit, marked when tracked files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return ""


def replace_section(readme: pathlib.Path, start_marker: str, end_marker: str, lines: list) -> bool:
    """Replaces what lies between the README's two markers with `lines`, so the README
    never shows figures typed by hand. False when the markers are absent."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        return False
    section = "\n".join([start_marker] + lines + [end_marker])
    readme.write_text(text[:start] + section + text[end + len(end_marker):], encoding="utf-8")
    return True
