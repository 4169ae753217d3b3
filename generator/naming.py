"""Every conversion of a spec name into a Python name, in one place.

Spec names are data: they are normalized (NFKC, as Python itself does for identifiers), reduced
to identifier characters, and moved off keywords, soft keywords, builtins, and every name the
generated modules hold besides the spec's (read from the runtime and the templates by
generator/namespace.py, never listed by hand) by appending `_`. Class names avoid every builtin;
other names the builtin types, which type hints name. Collisions among spec names are not
resolved here; `check` reports them.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import cache

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
