"""Every conversion of a spec name into a Python name, in one place.

Spec names are data: they are normalized (NFKC, as Python itself does for identifiers), reduced
to identifier characters, and moved off keywords, soft keywords, the builtins the generated code
uses, and dataclass/enum internals. Collisions are not resolved here; `check` reports them.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"\W+", re.ASCII)

# Names the generated modules import or define next to spec-derived names.
_GENERATED_NAMESPACE = frozenset(
    {
        "annotations",
        "dataclass",
        "datetime",
        "enum",
        "Enum",
        "StrEnum",
        "MappingProxyType",
        "Operation",
        "PaginationKeys",
        "models",
        "validators",
        "field",
        "re",
        "typing",
        "Any",
        "Final",
        "TypeAlias",
        # models.py: the type of document values, and the hook that makes from_type use strategies
        "JsonValue",
        "resolve_with_strategies",
        "Mapping",
        "Sequence",
        "OPERATIONS",
        "from_dict",
        # stubs.py: attributes of StubClient next to its operation methods
        "calls",
        "listings",
        "from_json",
        "to_dict",
        "to_json",
        # errors.py of each service
        "ClassVar",
        "ERRORS",
        "Fault",
        "ServiceError",
        "from_client_error",
        "to_service_error",
    }
)
# Soft keywords of every Python the package supports, not only the running one.
_SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})
# Builtins that appear in generated type hints; a field of that name would shadow them for mypy.
_HINT_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "object", "str", "tuple", "type"}
)
_RESERVED = frozenset(
    {*keyword.kwlist, *_SOFT_KEYWORDS, *_HINT_BUILTINS, *_GENERATED_NAMESPACE, "self", "cls"}
)


def _ascii_words(name: str) -> str:
    """NFKC-normalizes and replaces every run of non-identifier characters with `_`."""
    normalized = unicodedata.normalize("NFKC", name)
    ascii_only = normalized.encode("ascii", "ignore").decode("ascii")
    return _NOT_IDENTIFIER.sub("_", ascii_only).strip("_")


def _safe(identifier: str, fallback: str) -> str:
    if not identifier:
        return fallback
    if identifier[0].isdigit():
        identifier = f"{fallback}_{identifier}"
    if identifier in _RESERVED or identifier.startswith("_"):
        return f"{identifier}_"
    return identifier


def snake_case(name: str) -> str:
    """`creationTimeBefore` -> `creation_time_before`; `ListCustomModels` -> `list_custom_models`."""
    words = _ascii_words(name)
    return re.sub("_+", "_", _WORD_BOUNDARY.sub("_", words)).lower()


def field_name(member: str) -> str:
    """A dataclass field or keyword argument for a structure member."""
    return _safe(snake_case(member), "field")


def method_name(operation: str) -> str:
    """The boto3 method name of an operation (`ListCustomModels` -> `list_custom_models`)."""
    return _safe(snake_case(operation), "operation")


def class_name(shape: str) -> str:
    """A class name for a shape, keeping the model's own capitalization."""
    words = _ascii_words(shape)
    pascal = "".join(part[:1].upper() + part[1:] for part in words.split("_"))
    return _safe(pascal, "Shape")


def enum_member_name(value: str) -> str:
    """`InProgress` -> `IN_PROGRESS`; `application/json` -> `APPLICATION_JSON`."""
    return _safe(snake_case(value).upper(), "VALUE")


def module_name(package: str) -> str:
    return _safe(package, "service")
