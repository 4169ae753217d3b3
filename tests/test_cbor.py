"""The runtime's CBOR codec (generator/runtime/cbor.py): RFC 8949's appendix A, round trips in
every form it can write, botocore's RpcV2CBOR parser and serializer on the same data, and
malformed input refused with the path of the item."""

from __future__ import annotations

import contextlib
import math
import struct
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.model import ShapeResolver
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import RpcV2CBORSerializer
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime.cbor import PREFERRED, ChosenForms, decode, encode
from generator.runtime.errors import ResponseParseError

NAN = float("nan")
INF = float("inf")
WHEN = datetime(2013, 3, 21, 20, 4, tzinfo=UTC)

# RFC 8949 appendix A, every example whose item RPC v2 bodies can hold: the value, its encoding,
# and whether it is the preferred serialization (what `encode` writes).
APPENDIX_A: list[tuple[object, str, bool]] = [
    (0, "00", True),
    (1, "01", True),
    (10, "0a", True),
    (23, "17", True),
    (24, "1818", True),
    (25, "1819", True),
    (100, "1864", True),
    (1000, "1903e8", True),
    (1000000, "1a000f4240", True),
    (1000000000000, "1b000000e8d4a51000", True),
    (18446744073709551615, "1bffffffffffffffff", True),
    (-18446744073709551616, "3bffffffffffffffff", True),
    (-1, "20", True),
    (-10, "29", True),
    (-100, "3863", True),
    (-1000, "3903e7", True),
    (0.0, "f90000", True),
    (-0.0, "f98000", True),
    (1.0, "f93c00", True),
    (1.1, "fb3ff199999999999a", True),
    (1.5, "f93e00", True),
    (65504.0, "f97bff", True),
    (100000.0, "fa47c35000", True),
    (3.4028234663852886e38, "fa7f7fffff", True),
    (1.0e300, "fb7e37e43c8800759c", True),
    (5.960464477539063e-8, "f90001", True),
    (0.00006103515625, "f90400", True),
    (-4.0, "f9c400", True),
    (-4.1, "fbc010666666666666", True),
    (INF, "f97c00", True),
    (NAN, "f97e00", True),
    (-INF, "f9fc00", True),
    (INF, "fa7f800000", False),
    (NAN, "fa7fc00000", False),
    (-INF, "faff800000", False),
    (INF, "fb7ff0000000000000", False),
    (NAN, "fb7ff8000000000000", False),
    (-INF, "fbfff0000000000000", False),
    (False, "f4", True),
    (True, "f5", True),
    (None, "f6", True),
    (None, "f7", False),  # undefined, which botocore reads as None too
    (WHEN, "c11a514b67b0", True),
    (WHEN.replace(microsecond=500000), "c1fb41d452d9ec200000", True),
    (b"", "40", True),
    (b"\x01\x02\x03\x04", "4401020304", True),
    ("", "60", True),
    ("a", "6161", True),
    ("IETF", "6449455446", True),
    ('"\\', "62225c", True),
    ("\u00fc", "62c3bc", True),
    ("\u6c34", "63e6b0b4", True),
    ("\U00010151", "64f0908591", True),
    ([], "80", True),
    ([1, 2, 3], "83010203", True),
    ([1, [2, 3], [4, 5]], "8301820203820405", True),
    (list(range(1, 26)), "98190102030405060708090a0b0c0d0e0f101112131415161718181819", True),
    ({}, "a0", True),
    ({1: 2, 3: 4}, "a201020304", True),
    ({"a": 1, "b": [2, 3]}, "a26161016162820203", True),
    (["a", {"b": "c"}], "826161a161626163", True),
    (
        {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"},
        "a56161614161626142616361436164614461656145",
        True,
    ),
    (b"\x01\x02\x03\x04\x05", "5f42010243030405ff", False),
    ("streaming", "7f657374726561646d696e67ff", False),
    ([], "9fff", False),
    ([1, [2, 3], [4, 5]], "9f018202039f0405ffff", False),
    ([1, [2, 3], [4, 5]], "9f01820203820405ff", False),
    ([1, [2, 3], [4, 5]], "83018202039f0405ff", False),
    ([1, [2, 3], [4, 5]], "83019f0203ff820405", False),
    (list(range(1, 26)), "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", False),
    ({"a": 1, "b": [2, 3]}, "bf61610161629f0203ffff", False),
    (["a", {"b": "c"}], "826161bf61626163ff", False),
    ({"Fun": True, "Amt": -2}, "bf6346756ef563416d7421ff", False),
]

# The other examples of appendix A: bignums (tags 2, 3), tags 0, 23, 24 and 32, and simple
# values, none of which RPC v2 uses; botocore refuses every one of them too.
APPENDIX_A_REFUSED: list[tuple[str, str]] = [
    ("c249010000000000000000", "tag 2 is not supported"),
    ("c349010000000000000000", "tag 3 is not supported"),
    ("c074323031332d30332d32315432303a30343a30305a", "tag 0 is not supported"),
    ("d74401020304", "tag 23 is not supported"),
    ("d818456449455446", "tag 24 is not supported"),
    ("d82076687474703a2f2f7777772e6578616d706c652e636f6d", "tag 32 is not supported"),
    ("f0", "simple value 16 is not supported"),
    ("f8ff", "simple value 24 is not supported"),
]


def _same(ours: object, theirs: object) -> bool:
    """Equal, with NaN equal to NaN and 0.0 told from -0.0."""
    if isinstance(ours, float) and isinstance(theirs, float):
        return struct.pack(">d", ours) == struct.pack(">d", theirs) or (
            math.isnan(ours) and math.isnan(theirs)
        )
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(_same, ours, theirs))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(_same(ours[k], theirs[k]) for k in ours)
    return type(ours) is type(theirs) and ours == theirs


@pytest.mark.parametrize(("value", "encoded", "preferred"), APPENDIX_A)
def test_appendix_a(value: object, encoded: str, preferred: bool) -> None:
    assert _same(decode(bytes.fromhex(encoded)), value)
    if preferred:
        assert encode(value).hex() == encoded


@pytest.mark.parametrize(("encoded", "message"), APPENDIX_A_REFUSED)
def test_appendix_a_items_rpc_v2_does_not_use_are_refused(encoded: str, message: str) -> None:
    with pytest.raises(ResponseParseError, match=f"malformed CBOR at byte 0: {message}$"):
        decode(bytes.fromhex(encoded))


def _botocore_reads(data: bytes) -> object:
    parser = RpcV2CBORParser()
    return parser.parse_data_item(parser.get_peekable_stream_from_bytes(data))


KEYS = st.text(max_size=4)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64 - 1)
    | st.floats()
    | st.text(max_size=8)
    | st.binary(max_size=8)
    # Instants whose epoch float keeps the microseconds.
    | st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)


def _drawn(data: st.DataObject) -> ChosenForms:
    return ChosenForms(lambda options: data.draw(st.sampled_from(options)))


@given(VALUES)
def test_values_round_trip_in_the_preferred_forms(value: object) -> None:
    assert encode(value, PREFERRED) == encode(value)
    assert _same(decode(encode(value)), value)


@given(VALUES, st.data())
def test_values_round_trip_in_every_form(value: object, data: st.DataObject) -> None:
    encoded = encode(value, _drawn(data))
    assert _same(decode(encoded), decode(encode(value)))


def _without_nulls_in_maps(value: object) -> object:
    # botocore drops a map entry whose value is null.
    if isinstance(value, list):
        return [_without_nulls_in_maps(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_nulls_in_maps(v) for k, v in value.items() if v is not None}
    return value


@given(VALUES, st.data())
def test_botocore_reads_what_we_write(value: object, data: st.DataObject) -> None:
    """In every form: botocore's RpcV2CBOR parser reads our encoding as our decoder does
    (botocore's datetimes are in its tzutc, equal as instants)."""
    encoded = encode(value, _drawn(data))
    theirs = _botocore_reads(encoded)
    ours = decode(encoded)
    assert _same(_normalized(theirs), _normalized(_without_nulls_in_maps(ours)))


def _normalized(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items()}
    return value


# A botocore model of one structure with a member of each type botocore's CBOR serializer writes.
_SHAPES = ShapeResolver(
    {
        "Top": {
            "type": "structure",
            "members": {
                "Long": {"shape": "Long"},
                "Double": {"shape": "Double"},
                "Float": {"shape": "Float"},
                "Text": {"shape": "Text"},
                "Blob": {"shape": "Blob"},
                "Flag": {"shape": "Flag"},
                "When": {"shape": "When"},
                "Items": {"shape": "Items"},
                "Table": {"shape": "Table"},
                "Nested": {"shape": "Top"},
            },
        },
        "Long": {"type": "long"},
        "Double": {"type": "double"},
        "Float": {"type": "float"},
        "Text": {"type": "string"},
        "Blob": {"type": "blob"},
        "Flag": {"type": "boolean"},
        "When": {"type": "timestamp"},
        "Items": {"type": "list", "member": {"shape": "Long"}},
        "Table": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "Top"}},
    }
)
_TOP = _SHAPES.get_shape_by_name("Top")
# Floats that the 4-byte form botocore writes for `float` members keeps exactly.
_SINGLES = st.floats(width=32)


def _tops(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    nested = st.just({}) if depth == 0 else st.deferred(lambda: _tops(depth - 1))
    return st.fixed_dictionaries(
        {},
        optional={
            "Long": st.integers(-(2**63), 2**63 - 1),
            "Double": st.floats(),
            "Float": _SINGLES,
            "Text": st.text(max_size=8),
            "Blob": st.binary(max_size=8),
            "Flag": st.booleans(),
            "When": st.datetimes(
                min_value=datetime(1970, 1, 2),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(UTC),
            ),
            "Items": st.lists(st.integers(-(2**63), 2**63 - 1), max_size=3),
            "Table": st.dictionaries(st.text(max_size=3), nested, max_size=2),
            "Nested": nested,
        },
    )


@given(_tops(2))
def test_we_read_what_botocore_writes(params: dict[str, Any]) -> None:
    body = bytearray()
    RpcV2CBORSerializer()._serialize_data_item(body, params, _TOP)
    assert _same(_normalized(decode(bytes(body))), params)


def _path_of(data: bytes) -> tuple[str, str]:
    with pytest.raises(ResponseParseError) as raised:
        decode(data)
    return raised.value.path, raised.value.message


def test_malformed_input_names_the_path_and_the_byte() -> None:
    good = encode({"items": [{"name": "a"}, {"name": "bc"}]})
    # Cut inside the second item's name.
    assert _path_of(good[:-1]) == (
        "items[1].name",
        f"malformed CBOR at byte {len(good) - 2}: 2 bytes expected, 1 left",
    )
    assert _path_of(b"") == ("", "malformed CBOR at byte 0: 1 bytes expected, 0 left")
    assert _path_of(encode(1) + b"\x00") == (
        "",
        "malformed CBOR at byte 1: 1 bytes after the data item",
    )
    assert _path_of(bytes.fromhex("a1616182") + b"\x1c") == (
        "a[0]",
        "malformed CBOR at byte 4: additional information 28 is reserved here",
    )
    assert _path_of(bytes.fromhex("a16161") + b"\x62\xc3\x28") == (
        "a",
        "malformed CBOR at byte 3: text is not UTF-8 (invalid continuation byte)",
    )
    # A chunk of UTF-8 text split inside a character: each chunk must be whole.
    assert _path_of(bytes.fromhex("7f61c361bcff")) == (
        "",
        "malformed CBOR at byte 1: text is not UTF-8 (unexpected end of data)",
    )
    assert _path_of(bytes.fromhex("5f6161ff")) == (
        "",
        "malformed CBOR at byte 1: a chunk of an indefinite-length string is not a definite"
        " string of its type",
    )
    assert _path_of(bytes.fromhex("a2616101616102")) == (
        "",
        "malformed CBOR at byte 4: the map has the key 'a' twice",
    )
    assert _path_of(bytes.fromhex("a1800a")) == (
        "",
        "malformed CBOR at byte 1: a map key is a list",
    )
    assert _path_of(bytes.fromhex("a20102ff")) == (
        " (key 1)",
        "malformed CBOR at byte 3: a break outside an indefinite-length item",
    )
    assert _path_of(bytes.fromhex("1f")) == (
        "",
        "malformed CBOR at byte 0: major type 0 has no indefinite length",
    )
    assert _path_of(bytes.fromhex("c16161")) == (
        "",
        "malformed CBOR at byte 0: tag 1 holds a str, not epoch seconds",
    )
    assert _path_of(bytes.fromhex("c1fb7ff0000000000000")) == (
        "",
        "malformed CBOR at byte 0: tag 1 holds inf, which is no instant",
    )
    assert _path_of(b"\x81" * 100_000 + b"\x00")[1] == "malformed CBOR: nested too deeply to decode"


@given(VALUES, st.data())
def test_every_cut_of_a_valid_item_is_refused(value: object, data: st.DataObject) -> None:
    encoded = encode(value, _drawn(data))
    cut = data.draw(st.integers(0, len(encoded) - 1))
    with pytest.raises(ResponseParseError, match=r"malformed CBOR"):
        decode(encoded[:cut])


@given(st.binary(max_size=40))
def test_any_bytes_decode_or_raise_a_parse_error(data: bytes) -> None:
    with contextlib.suppress(ResponseParseError):
        decode(data)


def test_what_has_no_cbor_form_is_refused() -> None:
    with pytest.raises(ValueError, match=r"outside CBOR's integers"):
        encode(2**64)
    with pytest.raises(ValueError, match="a timestamp needs a zone"):
        encode(datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="set has no CBOR form"):
        encode({1})


def test_any_bytes_like_body_decodes() -> None:
    body = b"\x83\x01\x02\x03"
    assert decode(memoryview(body)) == decode(bytearray(body)) == decode(body) == [1, 2, 3]
