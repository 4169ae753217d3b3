"""Values that break exactly one rule of a shape, decided at build time.

`invalid_requests()` replaces one member of a valid request with one of these values. Each
candidate is checked here against the other rules of its shape (with Python's `re`, by the
spec's matching rule), so that the validator must report exactly the intended rule; a rule no
candidate can break alone (a pattern every string matches, like `\\S*` under `search`) is left out.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from generator.model import INTEGER_WIDTH, integer_range
from generator.regex import python_pattern
from generator.runtime.operations import ITEM, KEY, VALUE, path_steps

# Characters tried, repeated, as values that should not match a pattern.
_PATTERN_BREAKERS = ("!", " ", "\t", "~", "-", ".", "é", "a", "0", "A", "\u3042")
# Python constructs whose match depends on what follows the matched text: appending filler to a
# matching value may break the match, so a too-long value is not built by padding.
_END_SENSITIVE = re.compile(r"\$|\\Z|\\b|\\B|\(\?=|\(\?!")
UNKNOWN_MEMBER = "unknownParameter"
# A lone surrogate: text Python holds but UTF-8 cannot encode, so boto3 could not send it.
_UNENCODABLE = "\udcff"


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One way to break one member: the rule and the value (or how to build it)."""

    member: str
    rule: str
    value: Any  # a literal value, or None with `drop`/`pad_to`/`expression`
    drop: bool = False  # remove the member (rule `required`)
    pad_to: int | None = None  # a valid value padded to this length (rule `length`)
    expression: str | None = None  # source of the value, when no literal can write it


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    """One rule of one member: its bounds (`length`, `min`, `max`), its values (`enum`) or a
    value that just misses it (`pattern`; none when no candidate breaks the pattern alone).
    `member` is the path as the validator writes it, `[]` for any item, ` (key)` for any key,
    `[*]` for any value of a map (`things[].name`); `steps` spell it out where `member` cannot
    (`operations.path_steps`)."""

    member: str
    rule: str
    low: int | float | None = None
    high: int | float | None = None
    values: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


def _matches(pattern: re.Pattern[str], value: str, rule: str) -> bool:
    return (pattern.search(value) if rule == "search" else pattern.fullmatch(value)) is not None


def string_violations(member: str, shape: dict[str, Any], pattern_match: str) -> list[Violation]:
    lo, hi, text = shape.get("min", 0), shape.get("max"), shape.get("pattern")
    pattern = re.compile(python_pattern(text)) if text is not None else None
    found = [Violation(member=member, rule="type", value=1)]
    if lo > 0 and (pattern is None or _matches(pattern, "", pattern_match)):
        found.append(Violation(member=member, rule="length", value=""))
    if hi is not None and (
        pattern is None or (pattern_match == "search" and not _END_SENSITIVE.search(text or ""))
    ):
        found.append(Violation(member=member, rule="length", value=None, pad_to=hi + 1))
    encoding = _encoding_breaker(lo, hi, pattern, pattern_match)
    if encoding is not None:
        found.append(Violation(member=member, rule="encoding", value=encoding))
    if pattern is not None:
        for length in sorted({max(lo, 1), lo + 1}):
            if hi is not None and length > hi:
                continue
            for char in _PATTERN_BREAKERS:
                if not _matches(pattern, char * length, pattern_match):
                    found.append(Violation(member=member, rule="pattern", value=char * length))
                    break
            else:
                continue
            break
    return found


def _encoding_breaker(
    lo: int, hi: int | None, pattern: re.Pattern[str] | None, pattern_match: str
) -> str | None:
    """Text of an allowed length, matching the pattern, that holds a lone surrogate."""
    for length in sorted({max(lo, 1), lo + 1}):
        if hi is not None and length > hi:
            continue
        candidates = [_UNENCODABLE * length]
        for char in _PATTERN_BREAKERS:
            filler = char * (length - 1)
            candidates += [filler + _UNENCODABLE, _UNENCODABLE + filler]
        for candidate in candidates:
            if pattern is None or _matches(pattern, candidate, pattern_match):
                return candidate
    return None


def enum_violations(member: str, values: list[str]) -> list[Violation]:
    unknown = "NotA" + "".join(values)[:20] + "Value"
    return [
        Violation(member=member, rule="type", value=1),
        Violation(member=member, rule="enum", value=unknown),
    ]


def host_label_violations(
    member: str, shape: dict[str, Any], pattern_match: str
) -> list[Violation]:
    """A value the host prefix cannot hold that meets every rule of the shape, when `_` does."""
    low, high, text = max(shape.get("min", 0), 1), shape.get("max"), shape.get("pattern")
    value = "_" * low
    if "enum" in shape or (high is not None and low > high):
        return []
    if text is not None and not _matches(re.compile(python_pattern(text)), value, pattern_match):
        return []
    return [Violation(member=member, rule="host_label", value=value)]


def integer_violations(member: str, shape: dict[str, Any]) -> list[Violation]:
    found = [
        Violation(member=member, rule="type", value=True),
        Violation(member=member, rule="type", value="1"),
    ]
    low, high = integer_range(shape)
    found.append(Violation(member=member, rule="min", value=low - 1))
    found.append(Violation(member=member, rule="max", value=high + 1))
    return found


def float_violations(member: str, shape: dict[str, Any]) -> list[Violation]:
    found = [
        Violation(member=member, rule="type", value=True),
        Violation(member=member, rule="type", value="1.5"),
    ]
    if "min" in shape:
        found.append(Violation(member=member, rule="min", value=shape["min"] - 1))
    if "max" in shape:
        found.append(Violation(member=member, rule="max", value=shape["max"] + 1))
    return found


def blob_violations(member: str, shape: dict[str, Any]) -> list[Violation]:
    found = [
        Violation(member=member, rule="type", value=1),
        Violation(member=member, rule="encoding", value=_UNENCODABLE),
    ]
    if shape.get("min"):
        found.append(Violation(member=member, rule="length", value=b""))
    if "max" in shape:
        # Zero bytes, one more than allowed: built when drawn, as it may be megabytes.
        size = shape["max"] + 1
        found.append(
            Violation(member=member, rule="length", value=None, expression=f"bytes({size!r})")
        )
    return found


def member_violations(
    member: str, shape: dict[str, Any], required: bool, pattern_match: str, *, host_label: bool
) -> list[Violation]:
    kind = shape["type"]
    found: list[Violation] = []
    if required:
        found.append(Violation(member=member, rule="required", value=None, drop=True))
    if host_label:
        found.extend(host_label_violations(member, shape, pattern_match))
    if kind == "string" and "enum" in shape:
        found.extend(enum_violations(member, shape["enum"]))
    elif kind == "string":
        found.extend(string_violations(member, shape, pattern_match))
    elif kind in INTEGER_WIDTH:
        found.extend(integer_violations(member, shape))
    elif kind in ("float", "double"):
        found.extend(float_violations(member, shape))
    elif kind == "blob":
        found.extend(blob_violations(member, shape))
    elif kind == "document":
        # A set is no JSON value.
        found.append(Violation(member=member, rule="type", value=None, expression="{1, 2}"))
        found.append(Violation(member=member, rule="encoding", value={"key": _UNENCODABLE}))
    elif kind == "boolean":
        found.append(Violation(member=member, rule="type", value="true"))
    elif kind == "timestamp":
        found.append(Violation(member=member, rule="timestamp", value="not a timestamp"))
        found.append(Violation(member=member, rule="timestamp", value=True))
    else:  # lists, maps and structures
        found.append(Violation(member=member, rule="type", value="not a container"))
        if shape.get("union"):
            found.append(Violation(member=member, rule="union", value={}))
    return found


def member_constraints(
    member: str, shape: dict[str, Any], required: bool, pattern_match: str
) -> list[Constraint]:
    """The rules of one request member that the conformance checker's boundary phase probes."""
    kind, low, high = shape["type"], shape.get("min"), shape.get("max")
    found = [Constraint(member=member, rule="required")] if required else []
    if kind == "string" and "enum" in shape:
        found.append(Constraint(member=member, rule="enum", values=tuple(shape["enum"])))
    elif kind in INTEGER_WIDTH:
        low, high = integer_range(shape)
        found.append(Constraint(member=member, rule="min", low=low))
        found.append(Constraint(member=member, rule="max", high=high))
    elif kind in ("float", "double"):
        if low is not None:
            found.append(Constraint(member=member, rule="min", low=low))
        if high is not None:
            found.append(Constraint(member=member, rule="max", high=high))
    elif kind in ("string", "blob", "list", "map") and (low or high is not None):
        found.append(Constraint(member=member, rule="length", low=low or 0, high=high))
    if kind == "string" and "enum" not in shape and "pattern" in shape:
        misses = string_violations(member, shape, pattern_match)
        near = tuple(miss.value for miss in misses if miss.rule == "pattern")
        found.append(Constraint(member=member, rule="pattern", values=near))
    return found


def input_constraints(
    structure: dict[str, Any], shapes: dict[str, Any], pattern_match: str
) -> list[Constraint]:
    """The rules of every place of a request: its members, and the members, list items, map keys
    and values inside them, each member of each shape at its shallowest place only (breadth
    first, in member order). So a recursive shape is entered once, and a shape that many places
    share (QuickSight's visuals) is probed once, not at each of its thousands of places."""
    found: list[Constraint] = []
    places: deque[tuple[tuple[str, ...], str]] = deque([((), "")])
    seen: set[tuple[str, str]] = set()
    while places:
        steps, shape_name = places.popleft()
        shape = shapes[shape_name] if steps else structure
        kind = shape["type"]
        required = required_members(shape) if kind == "structure" else set()
        if kind == "structure":
            inside = [("." + name, member["shape"]) for name, member in shape["members"].items()]
        elif kind == "list":
            inside = [(ITEM, shape["member"])]
        elif kind == "map":
            inside = [(KEY, shape["key"]), (VALUE, shape["value"])]
        else:
            inside = []
        for step, member_shape in inside:
            if (shape_name, step) in seen:
                continue
            seen.add((shape_name, step))
            path = (*steps, step)
            required_here = step.startswith(".") and step[1:] in required
            for constraint in member_constraints(
                "".join(path)[1:], shapes[member_shape], required_here, pattern_match
            ):
                spelled = path_steps(constraint.member) == path
                found.append(replace(constraint, steps=() if spelled else path))
            places.append((path, member_shape))
    return found


def required_members(structure: dict[str, Any]) -> set[str]:
    """The required members a caller gives (botocore fills in idempotency tokens)."""
    members = structure["members"]
    return {
        name for name in structure.get("required", ()) if not members[name].get("idempotency_token")
    }


def unknown_member_name(members: list[str]) -> str:
    name = UNKNOWN_MEMBER
    while name in members:
        name += "X"
    return name
