"""CBOR (RFC 8949) as Smithy RPC v2 bodies use it: the standard library only.

`encode` writes None, booleans, integers of CBOR's range (-2**64 to 2**64 - 1), floats, text,
bytes, lists and tuples, mappings and aware datetimes (tag 1 over epoch seconds, an integer
unless there are microseconds, as botocore writes them). How each item is laid out is asked of
a `CborForms`: the default, `PREFERRED`, is RFC 8949's preferred serialization (the shortest
argument and the shortest float that keeps the value, definite lengths); `ChosenForms` lets the
strategies draw the other forms a server may send.

`decode` reads one data item of either length form: integers, floats of each width, text, bytes,
arrays, maps, true, false, null and undefined (None, as botocore reads it), and tag 1 as an aware
UTC datetime. What RPC v2 bodies do not use (other tags, other simple values, map keys that are
containers, a key twice) and what is malformed (a truncated item, a reserved or misplaced
argument, text that is not UTF-8, bytes after the item) raises `ResponseParseError` naming the
path of the item in the data (`items[2].name`) and the byte offset.
"""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from .errors import ResponseParseError
from .timestamps import to_epoch

_UNSIGNED, _NEGATIVE, _BYTES, _TEXT, _ARRAY, _MAP, _TAG, _SIMPLE = range(8)
_INDEFINITE: Final = 31
_BREAK: Final = 0xFF
_EPOCH_TAG: Final = 1
# Argument sizes by additional information: 24 to 27 are followed by 1, 2, 4 or 8 bytes.
_ARGUMENT_BYTES: Final = {24: 1, 25: 2, 26: 4, 27: 8}
_SIMPLE_VALUES: Final = {20: False, 21: True, 22: None, 23: None}
_FLOAT_FORMATS: Final = {25: ">e", 26: ">f", 27: ">d"}
_LIMIT: Final = 2**64


class CborForms:
    """How `encode` lays out each item: RFC 8949's preferred serialization."""

    __slots__ = ()

    def argument_bytes(self, value: int) -> int:
        """Bytes after the initial byte for an argument (0: in the initial byte itself)."""
        if value < 24:
            return 0
        return next(size for size in (1, 2, 4, 8) if value < 1 << (8 * size))

    def float_format(self, value: float) -> str:
        """The struct format of a float: the shortest that keeps it (NaN and infinities: half)."""
        exact = struct.pack(">d", value)
        for form in (">e", ">f"):
            try:
                narrowed = struct.unpack(form, struct.pack(form, value))[0]
            except OverflowError:
                continue
            if math.isnan(value) or struct.pack(">d", narrowed) == exact:
                return form
        return ">d"

    def chunks(self, value: str | bytes) -> Sequence[str | bytes] | None:
        """The chunks of an indefinite-length string, or None for a definite length."""
        return None

    def indefinite(self, size: int) -> bool:
        """Whether an array or map of `size` items is written with an indefinite length."""
        return False

    def epoch(self, value: datetime) -> int | float:
        """The epoch seconds a tag 1 timestamp carries."""
        return to_epoch(value)


PREFERRED: Final = CborForms()
"""The forms `to_cbor` writes."""


class ChosenForms(CborForms):
    """Each layout picked by `choose` from those a decoder reads as the same value: wider
    arguments and floats, indefinite lengths (strings in up to four chunks), epoch seconds as a
    float. The strategies pass a `choose` that draws, so that wire responses take every form."""

    __slots__ = ("_choose",)

    def __init__(self, choose: Callable[[Sequence[Any]], Any]) -> None:
        self._choose = choose

    def argument_bytes(self, value: int) -> int:
        least = super().argument_bytes(value)
        return int(self._choose([size for size in (0, 1, 2, 4, 8) if size >= least]))

    def float_format(self, value: float) -> str:
        forms = (">e", ">f", ">d")
        return str(self._choose(forms[forms.index(super().float_format(value)) :]))

    def chunks(self, value: str | bytes) -> Sequence[str | bytes] | None:
        if not self._choose((False, True)):
            return None
        cuts = [0, len(value)]
        while len(cuts) < 5 and self._choose((False, True)):
            cuts.append(int(self._choose(range(len(value) + 1))))
        cuts.sort()
        return [value[start:end] for start, end in itertools.pairwise(cuts)]

    def indefinite(self, size: int) -> bool:
        return bool(self._choose((False, True)))

    def epoch(self, value: datetime) -> int | float:
        seconds = super().epoch(value)
        return float(seconds) if self._choose((False, True)) else seconds


def _head(out: bytearray, major: int, value: int, forms: CborForms) -> None:
    size = forms.argument_bytes(value)
    if size == 0:
        out.append(major << 5 | value)
    else:
        out.append(major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[size])
        out += value.to_bytes(size, "big")


def _string(out: bytearray, value: str | bytes, forms: CborForms) -> None:
    major = _TEXT if isinstance(value, str) else _BYTES
    chunks = forms.chunks(value)
    if chunks is None:
        data = value.encode("utf-8") if isinstance(value, str) else value
        _head(out, major, len(data), forms)
        out += data
        return
    out.append(major << 5 | _INDEFINITE)
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        _head(out, major, len(data), forms)
        out += data
    out.append(_BREAK)


def _encode(out: bytearray, value: object, forms: CborForms) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True or value is False:
        out.append(0xF5 if value else 0xF4)
    elif isinstance(value, int):
        if not -_LIMIT <= value < _LIMIT:
            raise ValueError(f"{value} is outside CBOR's integers (-2**64 to 2**64 - 1)")
        if value >= 0:
            _head(out, _UNSIGNED, value, forms)
        else:
            _head(out, _NEGATIVE, -1 - value, forms)
    elif isinstance(value, float):
        form = forms.float_format(value)
        out.append(_SIMPLE << 5 | {">e": 25, ">f": 26, ">d": 27}[form])
        out += struct.pack(form, value)
    elif isinstance(value, str | bytes | bytearray):
        _string(out, bytes(value) if isinstance(value, bytearray) else value, forms)
    elif isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a timestamp needs a zone")
        _head(out, _TAG, _EPOCH_TAG, forms)
        _encode(out, forms.epoch(value), forms)
    elif isinstance(value, list | tuple):
        indefinite = _open(out, _ARRAY, len(value), forms)
        for item in value:
            _encode(out, item, forms)
        if indefinite:
            out.append(_BREAK)
    elif isinstance(value, Mapping):
        indefinite = _open(out, _MAP, len(value), forms)
        for key, item in value.items():
            _encode(out, key, forms)
            _encode(out, item, forms)
        if indefinite:
            out.append(_BREAK)
    else:
        raise TypeError(f"{type(value).__name__} has no CBOR form")


def _open(out: bytearray, major: int, size: int, forms: CborForms) -> bool:
    """Writes the head of an array or map; True if it has an indefinite length."""
    if forms.indefinite(size):
        out.append(major << 5 | _INDEFINITE)
        return True
    _head(out, major, size, forms)
    return False


def encode(value: object, forms: CborForms = PREFERRED) -> bytes:
    """The CBOR of `value`; TypeError or ValueError if it has none (see the module)."""
    out = bytearray()
    _encode(out, value, forms)
    return bytes(out)


class _Decoder:
    __slots__ = ("data", "offset")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def fail(self, path: str, message: str, at: int | None = None) -> ResponseParseError:
        where = self.offset if at is None else at
        return ResponseParseError(path, f"malformed CBOR at byte {where}: {message}")

    def take(self, size: int, path: str) -> bytes:
        end = self.offset + size
        if end > len(self.data):
            raise self.fail(path, f"{size} bytes expected, {len(self.data) - self.offset} left")
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def head(self, path: str) -> tuple[int, int, int]:
        """The major type, the additional information and the offset of the initial byte."""
        start = self.offset
        initial = self.take(1, path)[0]
        return initial >> 5, initial & 0x1F, start

    def argument(self, info: int, path: str, start: int) -> int:
        if info < 24:
            return info
        if info not in _ARGUMENT_BYTES:
            raise self.fail(path, f"additional information {info} is reserved here", start)
        return int.from_bytes(self.take(_ARGUMENT_BYTES[info], path), "big")

    def at_break(self) -> bool:
        if self.offset < len(self.data) and self.data[self.offset] == _BREAK:
            self.offset += 1
            return True
        return False

    def item(self, path: str) -> object:
        major, info, start = self.head(path)
        if major == _SIMPLE:
            return self.simple(info, path, start)
        if info == _INDEFINITE:
            if major in (_BYTES, _TEXT):
                return self.chunked(major, path, start)
            if major in (_ARRAY, _MAP):
                return self.container(major, None, path)
            raise self.fail(path, f"major type {major} has no indefinite length", start)
        value = self.argument(info, path, start)
        if major == _UNSIGNED:
            return value
        if major == _NEGATIVE:
            return -1 - value
        if major == _BYTES:
            return self.take(value, path)
        if major == _TEXT:
            return self.text(self.take(value, path), path, start)
        if major in (_ARRAY, _MAP):
            return self.container(major, value, path)
        return self.tagged(value, path, start)

    def simple(self, info: int, path: str, start: int) -> object:
        if info in _SIMPLE_VALUES:
            return _SIMPLE_VALUES[info]
        if info in _FLOAT_FORMATS:
            form = _FLOAT_FORMATS[info]
            value: float = struct.unpack(form, self.take(_ARGUMENT_BYTES[info], path))[0]
            return value
        if info == _INDEFINITE:
            raise self.fail(path, "a break outside an indefinite-length item", start)
        raise self.fail(path, f"simple value {info} is not supported", start)

    def text(self, data: bytes, path: str, start: int) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self.fail(path, f"text is not UTF-8 ({error.reason})", start) from None

    def chunked(self, major: int, path: str, start: int) -> str | bytes:
        chunks: list[bytes] = []
        while not self.at_break():
            chunk_major, info, chunk_start = self.head(path)
            if chunk_major != major or info == _INDEFINITE:
                raise self.fail(
                    path,
                    "a chunk of an indefinite-length string is not a definite string of its type",
                    chunk_start,
                )
            data = self.take(self.argument(info, path, chunk_start), path)
            if major == _TEXT:
                self.text(data, path, chunk_start)  # each chunk is whole UTF-8 (RFC 8949 3.2.3)
            chunks.append(data)
        joined = b"".join(chunks)
        return joined.decode("utf-8") if major == _TEXT else joined

    def container(self, major: int, size: int | None, path: str) -> object:
        if major == _ARRAY:
            items: list[object] = []
            while len(items) != size and not (size is None and self.at_break()):
                items.append(self.item(f"{path}[{len(items)}]"))
            return items
        result: dict[object, object] = {}
        count = 0
        while count != size and not (size is None and self.at_break()):
            key_start = self.offset
            key = self.item(f"{path} (key {count})")
            if isinstance(key, list | dict):
                raise self.fail(path, f"a map key is a {type(key).__name__}", key_start)
            if key in result:
                raise self.fail(path, f"the map has the key {key!r} twice", key_start)
            if isinstance(key, str):
                inner = f"{path}.{key}" if path else key
            else:
                inner = f"{path}[{key!r}]"
            result[key] = self.item(inner)
            count += 1
        return result

    def tagged(self, tag: int, path: str, start: int) -> datetime:
        if tag != _EPOCH_TAG:
            raise self.fail(path, f"tag {tag} is not supported", start)
        value = self.item(path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"tag 1 holds a {type(value).__name__}, not epoch seconds", start)
        try:
            return datetime.fromtimestamp(value, UTC)
        except (ValueError, OverflowError, OSError):
            raise self.fail(path, f"tag 1 holds {value!r}, which is no instant", start) from None


def decode(data: bytes | bytearray | memoryview) -> object:
    """The one data item `data` holds; ResponseParseError if it is malformed (see the module)."""
    decoder = _Decoder(bytes(data))
    try:
        value = decoder.item("")
    except RecursionError:
        raise ResponseParseError("", "malformed CBOR: nested too deeply to decode") from None
    if decoder.offset != len(decoder.data):
        raise decoder.fail("", f"{len(decoder.data) - decoder.offset} bytes after the data item")
    return value
