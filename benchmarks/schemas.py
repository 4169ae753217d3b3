"""JSON Schema equivalents of the spec's structures, derived from the spec data.

Every constraint the generated validators enforce on requests becomes a keyword: `required`,
`additionalProperties: false`, `type`, `enum`, `minLength`/`maxLength` (code points in both),
`minimum`/`maximum`, `minItems`/`maxItems` and `pattern`. JSON Schema's `pattern` is unanchored
(ECMA-262 `search`), which is the spec's `pattern_match: search`. Timestamps are ISO-8601 text
with a zone designator (the same rule as `generated.timestamps`) or epoch numbers.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from benchmarks.specs import BenchmarkError, ServiceSpec

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
# fastjsonschema implements drafts 4, 6 and 7; every keyword used here means the same in 7.
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

ISO_8601_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


def json_schema(spec: ServiceSpec, shape_name: str, draft: str = DRAFT_2020_12) -> dict[str, Any]:
    """The JSON Schema of structure `shape_name`, every nested shape inlined."""
    if spec.pattern_match != "search":
        raise BenchmarkError(
            f"{spec.file}: pattern_match {spec.pattern_match!r} has no JSON Schema equivalent here"
        )
    schema = _shape_schema(spec, shape_name, ())
    return {"$schema": draft, **schema}


def with_draft(schema: dict[str, Any], draft: str) -> dict[str, Any]:
    """A copy of `schema` that declares `draft`."""
    result = copy.deepcopy(schema)
    result["$schema"] = draft
    return result


def _bounds(shape: Mapping[str, Any], low_keyword: str, high_keyword: str) -> dict[str, Any]:
    """The spec's `min` and `max`, where present, under JSON Schema's keywords for the kind."""
    keywords = {"min": low_keyword, "max": high_keyword}
    return {keywords[key]: shape[key] for key in ("min", "max") if key in shape}


def _shape_schema(spec: ServiceSpec, name: str, stack: tuple[str, ...]) -> dict[str, Any]:
    if name in stack:
        raise BenchmarkError(f"{spec.file}: shape {name} is recursive; inlining cannot express it")
    shape = spec.shape(name)
    kind = shape["type"]
    if kind == "structure":
        members = shape.get("members", {})
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {
                member: _shape_schema(spec, definition["shape"], (*stack, name))
                for member, definition in members.items()
            },
            "additionalProperties": False,
        }
        if shape.get("required"):
            schema["required"] = list(shape["required"])
        return schema
    if kind == "list":
        items = _shape_schema(spec, shape["member"], (*stack, name))
        return {"type": "array", "items": items, **_bounds(shape, "minItems", "maxItems")}
    if kind == "string":
        schema = {"type": "string", **_bounds(shape, "minLength", "maxLength")}
        if "enum" in shape:
            schema["enum"] = list(shape["enum"])
        if "pattern" in shape:
            schema["pattern"] = shape["pattern"]
        return schema
    if kind == "integer":
        return {"type": "integer", **_bounds(shape, "minimum", "maximum")}
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "timestamp":
        # `pattern` applies to strings only; numbers are epoch seconds.
        return {"type": ["string", "number"], "pattern": ISO_8601_PATTERN}
    raise BenchmarkError(f"{spec.file}: shape {name} has type {kind!r}, not handled here")
