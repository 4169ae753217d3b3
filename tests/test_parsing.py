"""The models' parse helpers (generator/runtime/parsing.py), tested directly."""

from __future__ import annotations

import dataclasses
import enum
import math
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType

import pytest
from dateutil.tz import tzlocal
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime.errors import ResponseParseError
from generator.runtime.parsing import (
    blob,
    builder,
    decode,
    document,
    enum_member,
    guarded,
    integer,
    json_problem,
    mapping,
    missing,
    number,
    sequence,
    text,
    timestamp,
    wire_blob,
    wire_float,
    wrong_boolean,
    wrong_type,
)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    x: int
    label: str | None = None


def _built(x: int, label: str | None) -> Point:
    instance = builder(Point)()
    instance.x = x
    instance.label = label
    instance.__class__ = Point
    assert isinstance(instance, Point)
    return instance


def test_a_built_instance_is_an_ordinary_frozen_instance_of_the_class() -> None:
    point = _built(3, "a")
    assert type(point) is Point
    assert point == Point(x=3, label="a")
    assert hash(point) == hash(Point(x=3, label="a"))
    assert dataclasses.asdict(point) == {"x": 3, "label": "a"}
    assert dataclasses.replace(point, x=4) == Point(x=4, label="a")
    assert [field.name for field in dataclasses.fields(point)] == ["x", "label"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    assert not hasattr(point, "__dict__")


def test_the_twin_has_the_slots_of_the_class_and_no_guard() -> None:
    twin = builder(Point)
    assert twin.__slots__ == Point.__slots__  # type: ignore[attr-defined]
    instance = twin()
    instance.x = 1
    instance.x = 2  # the twin is not frozen: filling it is plain attribute stores
    assert instance.x == 2


def test_errors_name_the_path_and_what_was_expected() -> None:
    assert str(wrong_type("a.b", "a string", 3)) == "a.b: expected a string, got int"
    assert str(missing("a")) == "a: required member is missing"
    with pytest.raises(ResponseParseError, match=r"^<response>: expected an object, got list$"):
        mapping([])
    copied = mapping(MappingProxyType({"a": 1}))
    assert type(copied) is dict
    assert copied == {"a": 1}
    with pytest.raises(ResponseParseError, match="expected a list, got dict"):
        sequence({})
    assert sequence((1, 2)) == (1, 2)


class Colour(enum.StrEnum):
    RED = "red"


@pytest.mark.parametrize(
    ("helper", "good", "bad", "expected"),
    [
        (text, type("Text", (str,), {})("x"), 3, "a string"),
        (integer, type("Count", (int,), {})(3), True, "an integer"),
        (number, 3, False, "a number"),
        (blob, bytearray(b"ab"), 3, "bytes or base64 text"),
        (timestamp, 0, "yesterday", "a timestamp with a zone"),
    ],
)
def test_each_helper_takes_what_the_field_can_hold_and_refuses_the_rest(
    helper: object, good: object, bad: object, expected: str
) -> None:
    assert callable(helper)
    assert helper(good, "m") is not None
    with pytest.raises(ResponseParseError) as wrong:
        helper(bad, "m")
    assert str(wrong.value) == f"m: expected {expected}, got {type(bad).__name__}"
    # None: a missing member where the member is required, else (a list's item) a wrong type.
    with pytest.raises(ResponseParseError, match=r"^m: required member is missing$"):
        helper(None, "m", True)
    with pytest.raises(ResponseParseError, match=rf"^m\[0\]: expected {expected}, got NoneType$"):
        helper(None, "m[0]")


def test_enum_values_become_members_and_newer_values_stay_text() -> None:
    by_value = {member.value: member for member in Colour}
    assert enum_member(by_value, "red", "c") is Colour.RED
    newer = enum_member(by_value, "ultraviolet", "c")
    assert newer == "ultraviolet"
    assert type(newer) is str
    with pytest.raises(ResponseParseError, match="c: expected a string, got int"):
        enum_member(by_value, 1, "c")
    with pytest.raises(ResponseParseError, match="required member is missing"):
        enum_member(by_value, None, "c", True)


def test_booleans_are_only_true_and_false() -> None:
    cases = [
        ((1, "b"), "b: expected a boolean, got int"),
        ((None, "b", True), "b: required member is missing"),
        ((None, "b[0]"), r"b\[0\]: expected a boolean, got NoneType"),
    ]
    for arguments, message in cases:
        with pytest.raises(ResponseParseError, match=f"^{message}$"):
            wrong_boolean(*arguments)


def test_floats_take_ints_and_smithys_text_for_non_finite_values() -> None:
    assert number(2, "f") == 2
    assert math.isnan(number("NaN", "f"))
    assert number("Infinity", "f") == math.inf
    assert number("-Infinity", "f") == -math.inf
    with pytest.raises(ResponseParseError, match="expected a number, got str"):
        number("nan", "f")
    assert [wire_float(value) for value in (1.5, math.inf, -math.inf)] == [
        1.5,
        "Infinity",
        "-Infinity",
    ]
    assert wire_float(math.nan) == "NaN"


def test_blobs_are_bytes_or_base64_text() -> None:
    assert blob(b"\x00\xff", "b") == b"\x00\xff"
    assert type(blob(bytearray(b"a"), "b")) is bytes
    assert blob("AP8=", "b") == b"\x00\xff"
    assert wire_blob(b"\x00\xff") == "AP8="
    with pytest.raises(ResponseParseError, match=r"^b: expected bytes or base64 text, got str$"):
        blob("not base64!", "b")


@given(st.datetimes(timezones=st.none() | st.timezones()))
def test_timestamps_become_the_same_instant_in_utc(value: datetime) -> None:
    expected = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    parsed = timestamp(value, "t")
    assert parsed == expected
    assert parsed.tzinfo is UTC


class _Broken(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=30)


def test_timestamps_from_boto3_text_and_epoch_seconds_are_utc() -> None:
    instant = datetime(2024, 1, 15, 8, 30, tzinfo=UTC)
    same = instant.astimezone(timezone(timedelta(hours=5)))
    assert timestamp(instant, "t") is instant  # already what the field holds
    for value in (same, same.astimezone(tzlocal()), "2024-01-15T08:30:00Z", 1705307400):
        parsed = timestamp(value, "t")
        assert parsed == instant
        assert parsed.tzinfo is UTC
    with pytest.raises(ResponseParseError, match="expected a timestamp with a zone, got str"):
        timestamp("2024-01-15T08:30:00", "t")
    # A zone that breaks tzinfo's rules is refused, as datetime itself refuses it.
    with pytest.raises(
        ResponseParseError, match=r"^t: expected a timestamp with a zone, got datetime$"
    ):
        timestamp(instant.replace(tzinfo=_Broken()), "t")
    # Instants past the end of datetime's range in UTC cannot be represented.
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    with pytest.raises(
        ResponseParseError, match=r"^t: expected a timestamp with a zone, got datetime$"
    ):
        timestamp(late, "t")


def test_documents_are_json_values() -> None:
    assert document({"a": [1, None, "x"]}, "d") == {"a": [1, None, "x"]}
    assert document(None, "d[0]") is None  # JSON's null is a value
    with pytest.raises(ResponseParseError, match="required member is missing"):
        document(None, "d", True)
    cycle: list[object] = []
    cycle.append(cycle)
    problems = {
        "nan": (math.nan, "nan is not a JSON number"),
        "key": ({1: 2}, "document keys must be strings, not int"),
        "cycle": (cycle, "a document cannot contain itself"),
        "type": ({"a": {1, 2}}, "set is not a JSON type"),
    }
    for value, problem in problems.values():
        assert json_problem(value) == problem
        with pytest.raises(ResponseParseError, match=f"^d: {problem}$"):
            document(value, "d")
    shared = [1]
    assert json_problem([shared, shared]) is None  # the same list twice is no cycle


def test_wire_json_that_is_not_json_or_too_deep_is_a_parse_error() -> None:
    assert decode(b'{"a": 1}') == {"a": 1}
    with pytest.raises(ResponseParseError, match=r"^<response>: not JSON: "):
        decode("{")

    def deep(data: object) -> object:
        return deep(data)

    with pytest.raises(ResponseParseError, match="nested too deeply to parse"):
        guarded(deep, {})
    assert guarded(repr, [1, 2]) == "[1, 2]"
