"""Helpers for tests that run the generator on specs written by the test."""

from __future__ import annotations

import ast
import copy
import inspect
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.loaders import Loader

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


def field_docstrings(path: Path, class_name: str) -> dict[str, str]:
    """The docstring under each field of a class in a module's source, by field name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    (node,) = (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    pairs = zip(node.body, node.body[1:], strict=False)
    return {
        first.target.id: inspect.cleandoc(second.value.value)
        for first, second in pairs
        if isinstance(first, ast.AnnAssign)
        and isinstance(first.target, ast.Name)
        and isinstance(second, ast.Expr)
        and isinstance(second.value, ast.Constant)
        and isinstance(second.value.value, str)
    }


def edited_model(
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[dict[str, Any]], None],
    edited_service: str = "bedrock",
) -> None:
    """botocore's loader gives `edit`'s copy of the service's model for the rest of the test."""
    original = Loader.load_service_model

    def edited(self: Loader, service: str, kind: str, *args: Any) -> Any:
        data = original(self, service, kind, *args)
        if service == edited_service and kind == "service-2":
            data = copy.deepcopy(data)
            edit(data)
        return data

    monkeypatch.setattr(Loader, "load_service_model", edited)
