"""Every conversion of a spec name into a Python name, in one place.

Spec names are data: they are normalized (NFKC, as Python itself does for identifiers), reduced
to identifier characters, and moved off keywords, soft keywords, builtins, and every name the
generated modules hold besides the spec's (read from the runtime and the templates by
generator/namespace.py, never listed by hand) by appending `_`. Class names avoid every builtin;
other names the builtin types, which type hints name.

Spec names that agree after conversion (shapes `boolean` and `Boolean`, members `nextToken` and
`NextToken`, enum values `invalid_request` and `INVALID_REQUEST`) are renamed, one namespace at
a time (`spec_names`: the shapes' classes; the snake-case stem of each shape's functions and
constants, taken from its class name; the operations' methods; each structure's fields; each
enum's members). Among the names of one conversion, the one that is its conversion exactly keeps
it (`Boolean`, `INVALID_REQUEST`), else the first in code-point order (`NextToken`: upper case
sorts first). Each other one, in code-point order, gets the conversion with `_` and the first
number from 2 on that is no spec name's conversion, no reserved name and no earlier rename's
(`Boolean_2`, `next_token_2`). So a name that agrees with no other keeps its conversion whatever
the model adds, and a rename says in its docstring which spec name it stands for (an enum
member's value is the spec's). Only Python identifiers change: dict keys, wire names and error
codes are the spec's.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator import namespace
from generator.render import RUNTIME

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"\W+", re.ASCII)

# Soft keywords of every Python the package supports, not only the running one.
_SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})


_KEYWORDS = frozenset({*keyword.kwlist, *_SOFT_KEYWORDS, "self", "cls"})


@cache
def _reserved_in(template: str) -> frozenset[str]:
    """Names a spec-derived member of a class the template defines must not take."""
    return _KEYWORDS | namespace.class_body_names(template)


@cache
def _reserved_classes() -> frozenset[str]:
    """Class names are module-level names: not any builtin, nor any name a module holds."""
    return _KEYWORDS | namespace.generated_names() | namespace.BUILTIN_NAMES


@cache
def _reserved_packages() -> frozenset[str]:
    """Service packages sit beside the runtime's modules and the package's own names."""
    runtime_modules = {path.stem for path in RUNTIME.glob("*.py")}
    return _KEYWORDS | namespace.module_names("__init__.py.jinja") | runtime_modules


def _ascii_words(name: str) -> str:
    """NFKC-normalizes and replaces every run of non-identifier characters with `_`."""
    normalized = unicodedata.normalize("NFKC", name)
    ascii_only = normalized.encode("ascii", "ignore").decode("ascii")
    return _NOT_IDENTIFIER.sub("_", ascii_only).strip("_")


def _safe(identifier: str, fallback: str, reserved: frozenset[str]) -> str:
    if not identifier:
        return fallback
    if identifier[0].isdigit():
        identifier = f"{fallback}_{identifier}"
    if identifier in reserved or identifier.startswith("_"):
        return f"{identifier}_"
    return identifier


def snake_case(name: str) -> str:
    """`creationTimeBefore` -> `creation_time_before`; `ListCustomModels` -> `list_custom_models`."""
    words = _ascii_words(name)
    return re.sub("_+", "_", _WORD_BOUNDARY.sub("_", words)).lower()


def field_name(member: str) -> str:
    """A dataclass field or keyword argument for a structure member."""
    return _safe(snake_case(member), "field", _reserved_in("service/_models/structures.py.jinja"))


def method_name(operation: str) -> str:
    """The boto3 method name of an operation (`ListCustomModels` -> `list_custom_models`)."""
    return _safe(snake_case(operation), "operation", _reserved_in("service/stubs.py.jinja"))


def class_name(shape: str) -> str:
    """A class name for a shape, keeping the model's own capitalization."""
    words = _ascii_words(shape)
    pascal = "".join(part[:1].upper() + part[1:] for part in words.split("_"))
    return _safe(pascal, "Shape", _reserved_classes())


def enum_member_name(value: str) -> str:
    """`InProgress` -> `IN_PROGRESS`; `application/json` -> `APPLICATION_JSON`."""
    return _safe(snake_case(value).upper(), "VALUE", _reserved_in("service/_enums/enum.py.jinja"))


def module_name(package: str) -> str:
    return _safe(package, "service", _reserved_packages())


def resolve(
    names: Iterable[str], convert: Callable[[str], str], reserved: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The Python name of each of `names` (one namespace): its conversion, or for the names
    that agree after conversion with one that keeps it, the conversion with a number (see the
    module's docstring). `reserved` are names no rename may take (conversions avoid them
    already)."""
    converted = {name: convert(name) for name in sorted(set(names))}
    groups: dict[str, list[str]] = defaultdict(list)
    for name, python in converted.items():
        groups[python].append(name)
    resolved: dict[str, str] = {}
    for python, group in groups.items():
        resolved[python if python in group else group[0]] = python
    taken = set(groups) | reserved
    for name in sorted(set(converted) - set(resolved)):
        stem, number = converted[name].rstrip("_"), 2
        while f"{stem}_{number}" in taken:
            number += 1
        resolved[name] = f"{stem}_{number}"
        taken.add(resolved[name])
    return resolved


def rename_note(what: str, name: str, python: str, resolved: Mapping[str, str]) -> str:
    """What a class, field or method `resolve` renamed says of itself (the spec name it stands
    for, and which one holds its conversion); "" for one it did not rename."""
    convert = {"shape": class_name, "member": field_name, "operation": method_name}[what]
    usual = convert(name)
    if python == usual:
        return ""
    holder = next(key for key, value in resolved.items() if value == usual)
    return f"{python} stands for the spec's {what} {name!r}: {usual} is the {what} {holder!r}."


@dataclass(frozen=True, slots=True)
class SpecNames:
    """The Python names of one spec's names, each namespace resolved (`resolve`)."""

    classes: dict[str, str]  # shape -> class name
    stems: dict[str, str]  # shape -> snake-case stem of its functions, constants and modules
    methods: dict[str, str]  # operation -> method name
    fields: dict[str, dict[str, str]]  # structure -> member -> field name
    enum_members: dict[str, dict[str, str]]  # enum shape -> value -> member name


def spec_names(data: Mapping[str, Any]) -> SpecNames:
    """Resolves every namespace of a checked spec's names."""
    shapes: Mapping[str, Any] = data["shapes"]
    classes = resolve(shapes, class_name, _reserved_classes())
    return SpecNames(
        classes=classes,
        stems=resolve(shapes, lambda shape: snake_case(classes[shape])),
        methods=resolve(data["operations"], method_name, _reserved_in("service/stubs.py.jinja")),
        fields={
            name: resolve(
                shape["members"], field_name, _reserved_in("service/_models/structures.py.jinja")
            )
            for name, shape in shapes.items()
            if shape["type"] == "structure"
        },
        enum_members={
            name: resolve(
                shape["enum"], enum_member_name, _reserved_in("service/_enums/enum.py.jinja")
            )
            for name, shape in shapes.items()
            if shape.get("enum")
        },
    )
