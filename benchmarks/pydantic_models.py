"""pydantic v2 equivalents of the spec's structures, built with `create_model` from the spec data.

Requests: strict models (`ConfigDict(strict=True, extra="forbid")`), wire member names as field
names (they are the boto3 keyword arguments), `StringConstraints(min_length, max_length,
pattern)`, `Literal[...]` for enums, `conint(ge, le, strict=True)`, list sizes as `Field(min_length,
max_length)`. Optional members default to None without accepting an explicit None (as botocore
and the generated validators). Patterns use `regex_engine="python-re"`: pydantic's default Rust
engine cannot compile the lookahead of Clean Rooms ML's NameString. Both engines search (an
unanchored match), as the spec's `pattern_match: search` means. Timestamps alone are lax
(`Field(strict=False)`): strict datetimes take only `datetime` objects, and the request carries
ISO-8601 text, which every library here is given.

Responses: lax models (pydantic's default mode: ISO-8601 text or datetimes to `datetime`),
snake_case fields with the wire name as alias (as the generated dataclasses), unknown members
ignored, enum values as plain `str` (output keeps values newer than the spec, as the generated
`from_dict` does), lists as tuples, frozen.

Responses, same objects: the lax models, except that they hand back what the generated
dataclasses hold: enum values as members of the generated enum classes when known and as `str`
when not (`EnumClass | str`, tried left to right), timestamps converted to UTC (an
`AfterValidator`; botocore's datetimes are in the host's local zone).
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    conint,
    create_model,
)

from benchmarks.specs import BenchmarkError, ServiceSpec
from generator.naming import class_name, field_name, module_name

REQUEST_CONFIG = ConfigDict(
    strict=True, extra="forbid", regex_engine="python-re", protected_namespaces=()
)
RESPONSE_CONFIG = ConfigDict(
    strict=False,
    extra="ignore",
    frozen=True,
    regex_engine="python-re",
    protected_namespaces=(),
)


def pattern_semantics() -> str:
    """`search` or `match`: how pydantic's python-re engine applies a pattern, tried live."""
    fields: dict[str, Any] = {"value": (Annotated[str, StringConstraints(pattern="b")], ...)}
    probe: type[BaseModel] = create_model("PatternProbe", __config__=REQUEST_CONFIG, **fields)
    try:
        probe.model_validate({"value": "ab"})
    except ValidationError:
        return "match (anchored at the start)"
    return "search (unanchored, as the spec's `pattern_match: search`)"


def request_model(spec: ServiceSpec, shape_name: str) -> type[BaseModel]:
    """The strict model of request structure `shape_name`."""
    return _RequestBuilder(spec).model(shape_name, ())


def response_model(
    spec: ServiceSpec, shape_name: str, *, same_objects: bool = False
) -> type[BaseModel]:
    """The lax model of response structure `shape_name`; see the module's docstring."""
    return _ResponseBuilder(spec, same_objects).model(shape_name, ())


def _in_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


class _RequestBuilder:
    def __init__(self, spec: ServiceSpec) -> None:
        self.spec = spec
        self.models: dict[str, type[BaseModel]] = {}

    def model(self, name: str, stack: tuple[str, ...]) -> type[BaseModel]:
        if name in self.models:
            return self.models[name]
        shape = self.spec.shape(name)
        required = set(shape.get("required", ()))
        fields: dict[str, Any] = {}
        for member, definition in shape.get("members", {}).items():
            annotation = self.annotation(definition["shape"], (*stack, name))
            fields[member] = (annotation, ...) if member in required else (annotation, None)
        model: type[BaseModel] = create_model(f"{name}Strict", __config__=REQUEST_CONFIG, **fields)
        self.models[name] = model
        return model

    def annotation(self, name: str, stack: tuple[str, ...]) -> Any:
        if name in stack:
            raise BenchmarkError(f"{self.spec.file}: shape {name} is recursive")
        shape = self.spec.shape(name)
        kind = shape["type"]
        if kind == "structure":
            return self.model(name, stack)
        if kind == "list":
            item = self.annotation(shape["member"], stack)
            return Annotated[
                list[item],  # type: ignore[valid-type]
                Field(min_length=shape.get("min"), max_length=shape.get("max")),
            ]
        if kind == "string":
            if "enum" in shape:
                return Literal[tuple(shape["enum"])]
            return Annotated[
                str,
                StringConstraints(
                    min_length=shape.get("min"),
                    max_length=shape.get("max"),
                    pattern=shape.get("pattern"),
                ),
            ]
        if kind == "integer":
            return conint(ge=shape.get("min"), le=shape.get("max"), strict=True)
        if kind == "boolean":
            return bool
        if kind == "timestamp":
            return Annotated[datetime, Field(strict=False)]
        raise BenchmarkError(f"{self.spec.file}: shape {name} has type {kind!r}")


class _ResponseBuilder:
    def __init__(self, spec: ServiceSpec, same_objects: bool) -> None:
        self.spec = spec
        self.same_objects = same_objects
        self.models: dict[str, type[BaseModel]] = {}
        self.enums = importlib.import_module(f"generated.{module_name(spec.package)}.enums")

    def model(self, name: str, stack: tuple[str, ...]) -> type[BaseModel]:
        if name in self.models:
            return self.models[name]
        shape = self.spec.shape(name)
        required = set(shape.get("required", ()))
        fields: dict[str, Any] = {}
        for member, definition in shape.get("members", {}).items():
            annotation = self.annotation(definition["shape"], (*stack, name))
            if member in required:
                fields[field_name(member)] = (annotation, Field(alias=member))
            else:
                fields[field_name(member)] = (annotation | None, Field(default=None, alias=member))
        suffix = "SameObjects" if self.same_objects else "Lax"
        model: type[BaseModel] = create_model(
            f"{name}{suffix}", __config__=RESPONSE_CONFIG, **fields
        )
        self.models[name] = model
        return model

    def annotation(self, name: str, stack: tuple[str, ...]) -> Any:
        if name in stack:
            raise BenchmarkError(f"{self.spec.file}: shape {name} is recursive")
        shape = self.spec.shape(name)
        kind = shape["type"]
        if kind == "structure":
            return self.model(name, stack)
        if kind == "list":
            item = self.annotation(shape["member"], stack)
            return tuple[item, ...]  # type: ignore[valid-type]
        if self.same_objects and kind == "string" and "enum" in shape:
            enum_class = getattr(self.enums, class_name(name))
            return Annotated[enum_class | str, Field(union_mode="left_to_right")]
        if self.same_objects and kind == "timestamp":
            return Annotated[datetime, AfterValidator(_in_utc)]
        simple: dict[str, type[object]] = {
            "string": str,
            "integer": int,
            "boolean": bool,
            "timestamp": datetime,
        }
        if kind in simple:
            return simple[kind]
        raise BenchmarkError(f"{self.spec.file}: shape {name} has type {kind!r}")
