"""Helpers for tests that run the generator on specs written by the test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL_SPEC = (PROJECT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")


def run_generator(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def edit(text: str, old: str, new: str) -> str:
    """Replaces exactly one occurrence, so a fixture change cannot silently void a test."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
