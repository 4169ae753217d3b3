"""Blob payloads and event streams, as boto3 hands them over; botocore is never imported.

A blob payload (a blob member that is the whole HTTP body) is a stream in a response: boto3
returns a `botocore.response.StreamingBody`, which the dataclasses keep as it is (anything with
`read()`), and `BytesBody` is the same kind of object over bytes in memory. In a request boto3
takes bytes, text or a file-like object.

An event stream member holds an `EventStream`: an iterator that parses each event boto3's
EventStream yields (`{"chunk": {...}}`) into the event's dataclass when it is reached, and raises
an error event as the service's typed error. On the wire an event stream is a sequence of
`application/vnd.amazon.eventstream` messages (prelude, headers, payload, CRC-32 checksums),
which `encode_message` writes and `decode_messages` reads.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Generic, Protocol, TypeVar
from xml.etree.ElementTree import Element

from .checks import Check, Issues, too_large, too_small, unencodable, wrong_type
from .errors import ResponseParseError, ServiceError, ValidationIssue, new_issue, to_service_error
from .parsing import missing
from .parsing import wrong_type as wrong_parse_type

_Event = TypeVar("_Event")

JSON_CONTENT_TYPE = "application/json"
BLOB_CONTENT_TYPE = "application/octet-stream"
XML_CONTENT_TYPE = "text/xml"
_INITIAL_RESPONSE: Mapping[str, str] = {
    ":message-type": "event",
    ":event-type": "initial-response",
    ":content-type": JSON_CONTENT_TYPE,
}


class Readable(Protocol):
    """What a blob payload holds: a `StreamingBody`, a file object, a `BytesBody`."""

    def read(self, amt: int | None = ..., /) -> bytes: ...


class BytesBody:
    """A stream over bytes in memory with the methods of botocore's `StreamingBody` (`read`,
    `iter_chunks`, `iter_lines`, `close`) and of a seekable file. Two bodies of the same bytes are
    equal, wherever each has been read to."""

    __slots__ = ("_data", "_position", "closed")

    def __init__(self, data: bytes = b"") -> None:
        self._data = bytes(data)
        self._position = 0
        self.closed = False

    def read(self, amt: int | None = None, /) -> bytes:
        end = len(self._data) if amt is None or amt < 0 else self._position + amt
        chunk = self._data[self._position : end]
        self._position += len(chunk)
        return chunk

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0, /) -> int:
        base = (0, self._position, len(self._data))[whence]
        self._position = max(base + offset, 0)
        return self._position

    def tell(self) -> int:
        return self._position

    def iter_chunks(self, chunk_size: int = 1024) -> Iterator[bytes]:
        while chunk := self.read(chunk_size):
            yield chunk

    def iter_lines(self, chunk_size: int = 1024, keepends: bool = False) -> Iterator[bytes]:
        pending = b""
        for chunk in self.iter_chunks(chunk_size):
            lines = (pending + chunk).splitlines(True)
            for line in lines[:-1]:
                yield line if keepends else line.splitlines()[0]
            pending = lines[-1]
        if pending:
            yield pending if keepends else pending.splitlines()[0]

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_chunks()

    def close(self) -> None:
        self.closed = True

    def getvalue(self) -> bytes:
        """Every byte of the body, however much was read."""
        return self._data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BytesBody) and other._data == self._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BytesBody({len(self._data)} bytes)"


def readable(value: object) -> bool:
    return callable(getattr(value, "read", None))


def _known_length(value: object) -> bool:
    """Whether boto3 can tell the size of a file-like object without reading it."""
    seekable = getattr(value, "seekable", None)
    if callable(seekable):
        return bool(seekable())
    return callable(getattr(value, "seek", None)) and callable(getattr(value, "tell", None))


def check_body(
    value: object,
    path: str,
    issues: list[ValidationIssue],
    minimum: int | None,
    maximum: int | None,
    requires_length: bool,
) -> None:
    """A blob payload of a request or a response: bytes, text (UTF-8, which boto3 encodes) or a
    file-like object, whose size is not checked (reading it would consume it); with
    `requires_length`, a file-like object must be seekable (boto3 must send its length)."""
    if isinstance(value, str):
        if unencodable(value):
            issues.append(new_issue(path, "encoding", f"{path}: text UTF-8 cannot encode"))
            return
        size = len(value.encode())
    elif isinstance(value, bytes | bytearray):
        size = len(value)
    elif isinstance(value, BytesBody):
        size = len(value.getvalue())
    elif readable(value):
        if requires_length and not _known_length(value):
            issues.append(wrong_type(path, "a seekable file-like object (of known length)", value))
        return
    else:
        issues.append(wrong_type(path, "bytes, bytearray, text or a file-like object", value))
        return
    if minimum is not None and size < minimum:
        issues.append(too_small(path, size, minimum))
    elif maximum is not None and size > maximum:
        issues.append(too_large(path, size, maximum))


def body(value: object, path: str, required: bool = False) -> Readable:
    """A blob payload as the dataclasses hold it: a stream (bytes and text are wrapped)."""
    if readable(value):
        return value  # type: ignore[return-value]
    if isinstance(value, bytes | bytearray):
        return BytesBody(bytes(value))
    if isinstance(value, str) and not unencodable(value):
        return BytesBody(value.encode())
    if value is None and required:
        raise missing(path)
    raise wrong_parse_type(path, "a stream, bytes or text", value)


def body_bytes(value: Readable) -> bytes:
    """The bytes of a blob payload: all of a `BytesBody`, what is left of another stream (which
    reading consumes)."""
    if isinstance(value, BytesBody):
        return value.getvalue()
    data = value.read()
    return data.encode() if isinstance(data, str) else bytes(data)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventKind:
    """One event member of an event stream: how to parse its value and write it on the wire."""

    parse: Callable[[object], Any]
    dump: Callable[[Any, Any], dict[str, Any]]  # (event, WireForms) -> the wire dict
    payload: str | None = None  # the member that is the message payload (`event_payload`)
    payload_blob: bool = False  # that member is a blob: the payload is its bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class EventStreamSpec:
    """The members of an event stream union: events by member name, and the error events, each
    the error code of the service's error class it raises."""

    events: Mapping[str, EventKind]
    errors: Mapping[str, str]
    errors_module: str  # the service's errors module, imported when an error event arrives
    # awsJson: the stream opens with an `initial-response` event of the response's other members
    # (none: format 1 takes such a stream only as the response's one member).
    initial_response: bool = False
    # rest-xml: structure payloads are XML, read and written by the functions of the service's
    # `wire_xml` module named here by member (its event's payload structure, the event itself
    # when it has no payload member, or its error).
    xml_module: str | None = None
    xml_stems: Mapping[str, str] = field(default_factory=dict)


class _RaisedEvent(Exception):
    """What a service's error event carries, shaped as botocore's ClientError: `response`."""

    def __init__(self, response: dict[str, Any]) -> None:
        super().__init__(response["Error"]["Code"])
        self.response = response


class EventStream(Generic[_Event]):
    """The events of a stream, each parsed when iteration reaches it (an iterator, once).

    `raw` is what the stream was made from: boto3's EventStream, a list of event dicts, or the
    decoded wire messages. An event member the spec does not know (a newer one) is skipped; an
    error event raises the service's typed error, as does a botocore `ClientError` raised while
    iterating (botocore raises error events as `EventStreamError`).
    """

    __slots__ = ("_iterator", "_spec", "raw")

    def __init__(self, raw: Iterable[Any], spec: EventStreamSpec) -> None:
        self.raw = raw
        self._spec = spec
        self._iterator: Iterator[Any] | None = None

    def __iter__(self) -> EventStream[_Event]:
        return self

    def __next__(self) -> _Event:
        return self._next()[1]

    def items(self) -> Iterator[tuple[str, _Event]]:
        """The rest of the events with their member names."""
        while True:
            try:
                yield self._next()
            except StopIteration:
                return

    def _next(self) -> tuple[str, _Event]:
        if self._iterator is None:
            self._iterator = iter(self.raw)
        while True:
            try:
                event = next(self._iterator)
            except StopIteration:
                raise
            except Exception as error:
                typed = to_service_error(error, self._error_classes())
                if typed is None:
                    raise
                if typed.code in self._spec.errors:  # botocore names it by its member
                    typed = self._error(typed.code, {"message": typed.message})
                raise typed from error
            if not isinstance(event, Mapping):
                raise wrong_parse_type("", "an event (an object of one member)", event)
            for name, value in event.items():
                kind = self._spec.events.get(name)
                if kind is not None:
                    try:
                        return name, kind.parse(value)
                    except ResponseParseError as error:
                        raise error.under(name) from None
                if name in self._spec.errors:
                    raise self._error(name, value)

    def _error_classes(self) -> Mapping[str, type[ServiceError]]:
        """The service's error classes by code, and by member name (botocore's
        `EventStreamError` and the wire's `:exception-type` name an error event so)."""
        classes: Mapping[str, type[ServiceError]] = import_module(self._spec.errors_module).ERRORS
        by_member = {
            name: classes[code] for name, code in self._spec.errors.items() if code in classes
        }
        return {**classes, **by_member}

    def _error(self, name: str, value: object) -> ServiceError:
        details = value if isinstance(value, Mapping) else {}
        message = details.get("message", details.get("Message", ""))
        code = self._spec.errors[name]
        response = {"Error": {"Code": code, "Message": str(message)}, **dict(details)}
        typed = to_service_error(_RaisedEvent(response), self._error_classes())
        assert typed is not None
        return typed

    def close(self) -> None:
        """Closes what the stream reads from, when it can be closed."""
        close = getattr(self.raw, "close", None)
        if callable(close):
            close()

    def to_wire(self, wire: Any) -> bytes:
        """The stream's events as wire messages (reading `raw`, which a live stream consumes)."""
        opening = encode_message(_INITIAL_RESPONSE, b"{}") if self._spec.initial_response else b""
        return opening + b"".join(encode_event(event, self._spec, wire) for event in self.raw)

    def __repr__(self) -> str:
        return f"EventStream({self.raw!r})"


def events(value: object, spec: EventStreamSpec, path: str, required: bool = False) -> Any:
    """An event stream member as the dataclasses hold it."""
    if isinstance(value, EventStream):
        return value
    if value is None and required:
        raise missing(path)
    if isinstance(value, str | bytes | bytearray | Mapping) or not hasattr(value, "__iter__"):
        raise wrong_parse_type(path, "an event stream (an iterable of events)", value)
    return EventStream(value, spec)


def check_events(value: object, path: str, issues: Issues, check_event: Check) -> None:
    """An event stream member: an iterable of events; a list or tuple is checked event by event
    (other iterables are not read, which would consume them)."""
    if isinstance(value, list | tuple):
        for index, event in enumerate(value):
            check_event(event, path, f"[{index}]", issues)
    elif isinstance(value, str | bytes | bytearray | Mapping) or not hasattr(value, "__iter__"):
        issues.append(wrong_type(path, "an iterable of events", value))


def encode_event(event: Mapping[str, Any], spec: EventStreamSpec, wire: Any) -> bytes:
    """One event dict (`{"chunk": {...}}`) as the wire message the service sends."""
    ((name, value),) = event.items()
    if name in spec.errors:
        headers = {":message-type": "exception", ":exception-type": name}
        content_type, body = _structure_payload(value, name, spec, wire)
        return encode_message({**headers, ":content-type": content_type}, body)
    kind = spec.events[name]
    parsed = kind.parse(value)
    if kind.payload is not None and kind.payload_blob:
        content_type, body = BLOB_CONTENT_TYPE, kind.dump(parsed, None).get(kind.payload, b"")
    else:
        # XML is written from the boto3-shaped dict (the fillers format for the wire).
        dumped = kind.dump(parsed, None if spec.xml_module else wire)
        payload = dumped if kind.payload is None else dumped.get(kind.payload)
        content_type, body = _structure_payload(payload, name, spec, wire)
    headers = {":message-type": "event", ":event-type": name, ":content-type": content_type}
    return encode_message(headers, body)


def wire_events(data: str | bytes, spec: EventStreamSpec) -> Iterator[dict[str, Any]]:
    """The events of wire messages as boto3 yields them, decoded one message at a time; an
    error event is yielded as `{member: {...}}`, which `EventStream` raises as the typed error,
    and an error the spec does not declare is raised as botocore would (a `ClientError`-like)."""
    for headers, payload in decode_messages(data.encode() if isinstance(data, str) else data):
        kind_of_message = headers.get(":message-type")
        if kind_of_message == "event":
            name = str(headers.get(":event-type", ""))
            kind = spec.events.get(name)
            if kind is None:
                yield {}  # an event newer than the spec
            elif kind.payload is None:
                yield {name: _read_payload(payload, name, spec) if payload else {}}
            elif kind.payload_blob:
                yield {name: {kind.payload: payload}}
            else:
                yield {name: {kind.payload: _read_payload(payload, name, spec)}}
        elif kind_of_message == "exception":
            name = str(headers.get(":exception-type", ""))
            details = _read_payload(payload, name, spec) if payload else {}
            if name in spec.errors:
                yield {name: details}
                continue
            message = details.get("message", details.get("Message", ""))
            raise _RaisedEvent({"Error": {"Code": name, "Message": str(message)}})
        else:
            code, message = headers.get(":error-code", ""), headers.get(":error-message", "")
            raise _RaisedEvent({"Error": {"Code": str(code), "Message": str(message)}})


def _structure_payload(
    value: Any, name: str, spec: EventStreamSpec, wire: Any
) -> tuple[str, bytes]:
    """The content type and bytes of the structure payload of event (or error) `name`."""
    if spec.xml_module is None:
        return JSON_CONTENT_TYPE, json.dumps(value).encode()
    if value is None:
        return XML_CONTENT_TYPE, b""
    fill = getattr(import_module(spec.xml_module), f"fill_{spec.xml_stems[name]}")
    xmlwire = import_module(".xmlwire", __package__)
    return XML_CONTENT_TYPE, xmlwire.document(fill(Element(name), value, wire), None, None).encode()


def _read_payload(payload: bytes, name: str, spec: EventStreamSpec) -> Any:
    """The structure payload of event (or error) `name`, boto3-shaped; in rest-xml an error
    the spec does not declare has no shape to read, and an empty body is an empty structure
    (as botocore reads both)."""
    if spec.xml_module is None:
        try:
            return json.loads(payload)
        except ValueError as error:
            raise ResponseParseError(name, f"event payload is not JSON: {error}") from None
    stem = spec.xml_stems.get(name)
    if stem is None or not payload.strip():
        return {}
    xmlwire = import_module(".xmlwire", __package__)
    try:
        element = xmlwire.root(payload)
    except ResponseParseError as error:
        raise error.under(name) from None
    return getattr(import_module(spec.xml_module), f"read_{stem}")(element)


_STRING_HEADER = 7
# The value layouts of the other header types: (struct format, or None for length-prefixed).
_HEADER_TYPES: Mapping[int, str | None] = {
    0: "",  # true
    1: "",  # false
    2: ">b",
    3: ">h",
    4: ">i",
    5: ">q",
    6: None,  # bytes
    7: None,  # string
    8: ">q",  # timestamp, milliseconds
    9: "16s",  # uuid
}


def encode_message(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One `application/vnd.amazon.eventstream` message with string headers."""
    encoded = b""
    for name, value in headers.items():
        key, text = name.encode(), value.encode()
        encoded += struct.pack(">B", len(key)) + key
        encoded += struct.pack(">BH", _STRING_HEADER, len(text)) + text
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack(">II", total, len(encoded))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    message = prelude + encoded + payload
    return message + struct.pack(">I", zlib.crc32(message))


def decode_messages(data: bytes) -> Iterator[tuple[dict[str, object], bytes]]:
    """The (headers, payload) of each message in `data`, checksums checked; a message that is
    cut short or corrupt is a `ResponseParseError`."""
    offset = 0
    while offset < len(data):
        if len(data) - offset < 16:
            raise ResponseParseError("", "event stream message cut short")
        total, headers_length, prelude_crc = struct.unpack_from(">III", data, offset)
        message = data[offset : offset + total]
        if (
            total < 16 + headers_length
            or len(message) < total
            or zlib.crc32(message[:8]) != prelude_crc
            or zlib.crc32(message[:-4]) != struct.unpack(">I", message[-4:])[0]
        ):
            raise ResponseParseError("", "event stream message cut short or corrupt")
        headers = _headers(message[12 : 12 + headers_length])
        yield headers, message[12 + headers_length : -4]
        offset += total


def _headers(data: bytes) -> dict[str, object]:
    headers: dict[str, object] = {}
    offset = 0
    try:
        while offset < len(data):
            (length,) = struct.unpack_from(">B", data, offset)
            name = data[offset + 1 : offset + 1 + length].decode()
            offset += 1 + length
            (kind,) = struct.unpack_from(">B", data, offset)
            offset += 1
            layout = _HEADER_TYPES[kind]
            value: object
            if layout is None:
                (size,) = struct.unpack_from(">H", data, offset)
                raw = data[offset + 2 : offset + 2 + size]
                value = raw.decode() if kind == _STRING_HEADER else raw
                offset += 2 + size
            elif layout:
                (value,) = struct.unpack_from(layout, data, offset)
                offset += struct.calcsize(layout)
            else:
                value = kind == 0
            headers[name] = value
    except (KeyError, struct.error, UnicodeDecodeError):
        raise ResponseParseError("", "event stream message has corrupt headers") from None
    return headers
