"""What every service's models.py parses and dumps with: one definition of each helper.

The generated parse functions check each value's type inline where the check is one comparison
(the value is already what the field holds) and call a helper here only for the rest: the
conversions (enum members, UTC timestamps, base64, non-finite floats) and the errors. Helpers
named after a kind take the raw value and its path, and return the field's value or raise
`ResponseParseError`; with `required`, None is a missing member rather than a wrong type.

Instances are built through `builder` (see there): a frozen dataclass's `__init__` sets each
field through `object.__setattr__`, which costs more than every check of the parse.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any, NoReturn, TypeAlias, TypeVar, cast

from .errors import ResponseParseError
from .timestamps import from_rfc7231, to_utc

_Parsed = TypeVar("_Parsed")
_Member = TypeVar("_Member", bound=Enum)

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A JSON value: what a document member holds."""

# Smithy's JSON form of the floats JSON has no numbers for.
_NON_FINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
_DAY = timedelta(days=1)  # a zone's offset is less than this, either way


def builder(cls: type) -> Callable[[], Any]:
    """A twin of the slotted class `cls`: the same slots, and none of the frozen guard.

    A parse function sets each slot of a twin instance with plain attribute stores (the fastest
    way Python has to fill an object), then assigns `cls` to its `__class__`: the layouts are the
    same, so the object is from then on an ordinary, frozen instance of `cls`.
    """
    twin: Callable[[], Any] = type(
        f"{cls.__name__}Builder",
        cls.__bases__,  # Python compares the bases' layouts too
        {"__slots__": cls.__dict__["__slots__"], "__module__": cls.__module__},
    )
    return twin


def wrong_type(path: str, expected: str, value: object) -> ResponseParseError:
    return ResponseParseError(path, f"expected {expected}, got {type(value).__name__}")


def missing(path: str) -> ResponseParseError:
    return ResponseParseError(path, "required member is missing")


def _none(path: str, expected: str, required: bool) -> ResponseParseError:
    return missing(path) if required else wrong_type(path, expected, None)


def mapping(data: object, path: str = "") -> dict[Any, Any]:
    """An object that is not a dict: a copy of a Mapping, or an error."""
    if not isinstance(data, Mapping):
        raise wrong_type(path, "an object", data)
    return dict(data)


def sequence(data: object, path: str = "") -> list[Any] | tuple[Any, ...]:
    """A list that is not a list: a tuple as it is, or an error."""
    if not isinstance(data, list | tuple):
        raise wrong_type(path, "a list", data)
    return data


def text(value: object, path: str, required: bool = False) -> str:
    """A string that is not exactly a str: a subclass of it, or an error."""
    if value is None:
        raise _none(path, "a string", required)
    if not isinstance(value, str):
        raise wrong_type(path, "a string", value)
    return value


def enum_member(
    by_value: Mapping[str, _Member], value: object, path: str, required: bool = False
) -> _Member | str:
    """The member of an enum, or the text of a value newer than the spec (Smithy: accept it)."""
    string = text(value, path, required)
    return by_value.get(string, string)


def integer(value: object, path: str, required: bool = False) -> int:
    """An integer that is not exactly an int: a subclass other than bool, or an error."""
    if value is None:
        raise _none(path, "an integer", required)
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(path, "an integer", value)
    return value


def wrong_boolean(value: object, path: str, required: bool = False) -> NoReturn:
    """Raises the error of a value that is neither True nor False."""
    if value is None:
        raise _none(path, "a boolean", required)
    raise wrong_type(path, "a boolean", value)


def number(value: object, path: str, required: bool = False) -> float:
    """A float or double that is not exactly a float: an int, a non-finite's text, or an error."""
    if value is None:
        raise _none(path, "a number", required)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    raise wrong_type(path, "a number", value)


def timestamp(value: object, path: str, required: bool = False) -> datetime:
    """An aware UTC datetime of an instant: from a datetime, ISO-8601 or RFC 7231 text, or epoch
    seconds (botocore's parsers take every form whatever the member's format says)."""
    if type(value) is datetime:
        zone = value.tzinfo
        if zone is UTC:
            return value
        # boto3's datetimes are in dateutil's tzlocal(), which astimezone(UTC) converts at half
        # again the cost of asking the zone its offset (directly: datetime.utcoffset() costs
        # twice that), shifting by it and putting the date and time under UTC.
        offset = None if zone is None else zone.utcoffset(value)
        if type(offset) is timedelta and -_DAY < offset < _DAY:  # else: what to_utc says
            try:
                shifted = value - offset if offset else value
            except OverflowError:
                _wrong_timestamp(value, path, required)
            return datetime.combine(shifted, shifted.time(), UTC)
    parsed = to_utc(value)
    if parsed is None and isinstance(value, str):
        parsed = from_rfc7231(value)  # the form of headers, and of members that ask for it
    return parsed or _wrong_timestamp(value, path, required)


def _wrong_timestamp(value: object, path: str, required: bool) -> NoReturn:
    if value is None:
        raise _none(path, "a timestamp with a zone", required)
    raise wrong_type(path, "a timestamp with a zone", value)


def blob(value: object, path: str, required: bool = False) -> bytes:
    """Bytes as boto3 hands them over, or the base64 text JSON carries them as."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise ResponseParseError(path, "expected bytes or base64 text, got str") from None
    if value is None:
        raise _none(path, "bytes or base64 text", required)
    raise wrong_type(path, "bytes or base64 text", value)


def wire_float(value: float) -> float | str:
    """A float as JSON carries it: non-finite ones as Smithy's text."""
    if value == value and value not in (float("inf"), float("-inf")):
        return value
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def wire_blob(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def decode(data: str | bytes) -> object:
    """Wire JSON as Python data; text that is not JSON is a parse error."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ResponseParseError("", f"not JSON: {error}") from None


def decode_text(data: str | bytes) -> str:
    """The text of a body that is a string payload; bytes that are not UTF-8 are a parse
    error."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ResponseParseError("", f"not UTF-8 text: {error}") from None


def with_members(body: object, members: Mapping[str, Any] | None) -> object:
    """A decoded JSON body with the members that travel beside it (from headers, the URI, the
    status line), boto3-shaped; what the body holds stays, and a body that is not an object is
    left for the parser to report."""
    if not members or type(body) is not dict:
        return body
    return {**members, **body}


def too_deep() -> ResponseParseError:
    """Data nested deeper than Python's recursion limit lets a parse go."""
    return ResponseParseError("", "nested too deeply to parse")


def guarded(parse: Callable[[object], _Parsed], data: object) -> _Parsed:
    """Recursive structures parse as deep as the data goes; too deep is a parse error."""
    try:
        return parse(data)
    except RecursionError:
        raise too_deep() from None


def json_problem(value: object) -> str | None:
    """Why `value` is not a JSON value, or None: finite numbers, string keys, no cycles."""
    open_containers: set[int] = set()
    pending: list[tuple[object, bool]] = [(value, False)]
    while pending:
        item, leaving = pending.pop()
        if leaving:
            open_containers.discard(id(item))
        elif item is None or isinstance(item, str | bool | int):
            continue
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return f"{item!r} is not a JSON number"
        elif isinstance(item, list | dict):
            if id(item) in open_containers:
                return "a document cannot contain itself"
            open_containers.add(id(item))
            pending.append((item, True))
            if isinstance(item, list):
                pending.extend((member, False) for member in item)
                continue
            for key, member in item.items():
                if not isinstance(key, str):
                    return f"document keys must be strings, not {type(key).__name__}"
                pending.append((member, False))
        else:
            return f"{type(item).__name__} is not a JSON type"
    return None


def document(value: object, path: str, required: bool = False) -> JsonValue:
    """Any JSON value, as it is."""
    if value is None and required:
        raise missing(path)
    problem = json_problem(value)
    if problem is not None:
        raise ResponseParseError(path, problem)
    return cast(JsonValue, value)
