"""Names come from what the generated modules hold (generator/namespace.py); every one is tried."""

from __future__ import annotations

import dataclasses
import keyword
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.model import module_level_names
from generator.namespace import (
    BUILTIN_NAMES,
    class_body_names,
    generated_names,
    template_names,
)
from generator.pipeline import load_services
from tests.helpers import MINIMAL_SPEC, PROJECT, edit
from tests.hostile import generate_package, import_all_under_warnings_as_errors, load

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def test_template_names_are_imports_definitions_and_attributes_not_locals_docs_or_macros() -> None:
    text = '''{% macro check(depth) %}
size{{ depth }} = len(value)
{% endmacro %}
"""Docs: from os import path; class Example: ..."""
from typing import Any, Final{{ more }}
from .models import (Widget, Gadget as Thing)
import json
LIMIT: Final = 1
# a class of comments
def helper() -> None:
    local = 2

    def nested() -> None: ...
class Box:
    CODE: ClassVar[str] = "x"

    def from_dict(self) -> None:
        self.calls = []
'''
    assert template_names(text) == {
        "Any",
        "Final",
        "Widget",
        "Thing",
        "json",
        "LIMIT",
        "helper",
        "Box",
        "CODE",
        "from_dict",
        "calls",
    }


def test_module_level_names_are_what_the_module_binds_at_its_top() -> None:
    source = "import os.path\nfrom a import b as c\nX: int = 1\ny = 2\ndef f():\n    z = 3\nclass K: ...\n"
    assert module_level_names(source) == {"os", "c", "X", "y", "f", "K"}


def test_the_table_holds_what_a_hand_kept_list_missed() -> None:
    names = generated_names()
    assert {"Callable", "UTC", "ResponseParseError", "TypeAlias", "cast", "st"} <= names
    assert not {"issues", "value_", "build", "local"} & names  # locals of generated functions


def _spec_names(value: object) -> set[str]:
    """Every identifier the model holds: the names it gave spec-derived definitions."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(
            *(_spec_names(getattr(value, f.name)) for f in dataclasses.fields(value))
        )
    if isinstance(value, tuple | list | frozenset):
        return set().union(set(), *(_spec_names(item) for item in value))
    if isinstance(value, str) and _IDENTIFIER.fullmatch(value):
        return {value}
    return set()


@pytest.mark.parametrize(
    ("specs", "out"),
    [("specs", "generated"), ("tests/golden", "tests/golden/out/golden_pkg")],
)
def test_every_name_a_committed_tree_binds_is_the_specs_or_in_the_table(
    specs: str, out: str
) -> None:
    """The table is complete: a template or runtime name it cannot see fails here (the golden
    record uses every feature, so every conditional import and definition is in it)."""
    spec_names = _spec_names(load_services(PROJECT / specs))
    for path in sorted((PROJECT / out).rglob("*.py")):
        bound = module_level_names(path.read_text(encoding="utf-8"))
        assert bound - spec_names - generated_names() == set(), path


def _tried_names() -> tuple[list[str], list[str]]:
    """Shape names whose class name would be a reserved one, and reserved member names."""
    reserved = generated_names() | BUILTIN_NAMES
    # One of each group whose names agree but for case (`Fault`, `FAULT`): the rest would be
    # numbered (tests/test_naming_collisions.py), not moved off the reserved name.
    by_snake_case: dict[str, str] = {}
    for name in sorted(reserved):
        if name[:1].isupper() and naming.class_name(name) != name:
            by_snake_case.setdefault(naming.snake_case(name), name)
    classes = sorted(by_snake_case.values())
    members = sorted(
        name
        for name in generated_names() | BUILTIN_NAMES
        if name[:1].islower() and naming.snake_case(name) == name
    )
    return classes, members


def test_a_shape_or_member_named_like_anything_a_module_holds_is_renamed(tmp_path: Path) -> None:
    classes, members = _tried_names()
    assert {"UTC", "Callable", "ResponseParseError", "Exception"} <= set(classes)
    assert {"calls", "classmethod", "from_dict", "datetime", "errors", "filter", "str"} <= set(
        members
    )
    widget_members = "".join(
        f"      s{index}:\n        shape: {name}\n" for index, name in enumerate(classes)
    ) + "".join(f"      {name}:\n        shape: Name\n" for name in members)
    shapes = "".join(
        f"  {name}:\n    type: structure\n    members:\n      v:\n        shape: Name\n"
        for name in classes
    )
    spec = edit(MINIMAL_SPEC, "      active:\n        shape: Boolean\n", widget_members)
    spec = edit(spec, "  OwnerId:\n", shapes + "  OwnerId:\n")
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F", package],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    models = load(tmp_path, package, "widgets.models")
    from collections.abc import Mapping

    parsing = load(tmp_path, package, "parsing")
    widget = sys.modules[models.Widget.__module__]  # where the class is defined
    # What the module imports is still what it imported, Mapping too where it imports it.
    assert getattr(widget, "Mapping", Mapping) is Mapping
    assert widget.dataclass is dataclasses.dataclass
    assert widget.text is parsing.text
    assert models.UTC_.__name__ == "UTC_"
    assert models.Mapping_.__name__ == "Mapping_"
    # Renamed exactly where the class body would see the name; kept everywhere else.
    renamed = (
        class_body_names("service/_models/structures.py.jinja")
        | set(keyword.kwlist)
        | {"type", "self"}
    )
    fields = {field.name for field in dataclasses.fields(models.Widget)}
    assert {f"{name}_" if name in renamed else name for name in members} <= fields
    assert {"classmethod_", "from_dict_", "datetime_", "str_", "errors", "filter", "len"} <= fields
    assert {"text", "timestamp", "builder"} <= fields  # models.py's runtime names: unused there
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", package],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout
