"""The streams runtime (generator/runtime/streams.py): blob payload bodies, the lazy event
stream, and the event stream framing, checked against botocore's own decoder on the same bytes."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from botocore.eventstream import EventStreamBuffer
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime.errors import ResponseParseError, ServiceError, ValidationIssue
from generator.runtime.streams import (
    BytesBody,
    EventKind,
    EventStream,
    EventStreamSpec,
    check_body,
    decode_messages,
    encode_message,
    wire_events,
)
from tests.whole_services import load_services


class _Throttled(ServiceError):
    CODE = "ThrottlingException"


def _spec(module: str = __name__) -> EventStreamSpec:
    return EventStreamSpec(
        events={
            "chunk": EventKind(parse=lambda value: ("chunk", value), dump=lambda e, w: e[1]),
            "part": EventKind(
                parse=lambda value: ("part", value),
                dump=lambda e, w: e[1],
                payload="bytes",
                payload_blob=True,
            ),
        },
        errors={"throttlingException": "ThrottlingException"},
        errors_module=module,
    )


GOLDEN = Path(__file__).parent / "golden" / "out"
ERRORS = {"ThrottlingException": _Throttled}  # this module stands for a service's errors module


def test_a_bytes_body_reads_like_a_streaming_body() -> None:
    body = BytesBody(b"one\ntwo\nthree")
    assert body.read(4) == b"one\n"
    assert list(body.iter_lines()) == [b"two", b"three"]
    assert body.read() == b""
    body.seek(0)
    assert list(body.iter_chunks(5)) == [b"one\nt", b"wo\nth", b"ree"]
    assert body == BytesBody(b"one\ntwo\nthree") != BytesBody(b"other")


def _issues(value: object, requires_length: bool = False) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    check_body(value, "body", issues, 1, 4, requires_length)
    return issues


def test_a_body_is_bytes_text_or_a_file_like_object() -> None:
    assert _issues(b"ab") == _issues("ab") == _issues(io.BytesIO(b"ab" * 10)) == []
    assert [issue.rule for issue in _issues(b"")] == ["length"]
    assert [issue.rule for issue in _issues("abcde")] == ["length"]
    assert [issue.rule for issue in _issues(1)] == ["type"]
    assert [issue.rule for issue in _issues("a\udcff")] == ["encoding"]


def test_a_body_that_requires_its_length_is_a_seekable_file() -> None:
    class Pipe:
        def read(self, amt: int | None = None) -> bytes:
            return b""

    assert _issues(io.BytesIO(b"ab"), requires_length=True) == []
    assert [issue.rule for issue in _issues(Pipe(), requires_length=True)] == ["type"]
    assert _issues(Pipe()) == []


def test_an_event_stream_parses_each_event_when_it_is_reached() -> None:
    read: list[Any] = []

    def events() -> Any:
        for event in ({"chunk": {"a": 1}}, {"newer": {}}, {"chunk": {"a": 2}}):
            read.append(event)
            yield event

    stream: EventStream[Any] = EventStream(events(), _spec())
    assert read == []
    assert next(stream) == ("chunk", {"a": 1})
    assert len(read) == 1
    assert list(stream.items()) == [("chunk", ("chunk", {"a": 2}))]  # the newer event skipped


def test_an_error_event_raises_the_typed_error() -> None:
    raw = [{"chunk": {}}, {"throttlingException": {"message": "slow down"}}]
    stream: EventStream[Any] = EventStream(raw, _spec())
    next(stream)
    with pytest.raises(_Throttled, match="slow down") as caught:
        next(stream)
    assert caught.value.code == "ThrottlingException"


def test_botocores_event_stream_error_raises_the_typed_error() -> None:
    class EventStreamError(Exception):  # botocore's, as the package sees it: by its shape
        def __init__(self) -> None:
            super().__init__()
            self.response = {"Error": {"Code": "throttlingException", "Message": "slow"}}

    def raw() -> Any:
        yield {"chunk": {}}
        raise EventStreamError()

    with pytest.raises(_Throttled, match="slow") as caught:
        list(EventStream(raw(), _spec()))
    assert caught.value.code == "ThrottlingException"  # the error's code, not the member name


_HEADERS = st.dictionaries(
    st.text(st.characters(codec="ascii", exclude_characters="\x00"), min_size=1, max_size=8),
    st.text(max_size=20),
    max_size=4,
)


@settings(max_examples=50)
@given(messages=st.lists(st.tuples(_HEADERS, st.binary(max_size=50)), max_size=4))
def test_the_framing_is_the_one_botocore_decodes(
    messages: list[tuple[dict[str, str], bytes]],
) -> None:
    data = b"".join(encode_message(headers, payload) for headers, payload in messages)
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    theirs = [(message.headers, message.payload) for message in buffer]
    assert theirs == messages
    assert list(decode_messages(data)) == theirs


def test_corrupt_or_short_messages_are_parse_errors() -> None:
    message = encode_message({":event-type": "chunk"}, b"{}")
    corrupt = message[:-1] + bytes([message[-1] ^ 1])
    for data in (corrupt, message[:-3], message[:10]):
        with pytest.raises(ResponseParseError):
            list(decode_messages(data))


def test_wire_messages_decode_to_the_events_boto3_yields() -> None:
    def event(name: str, payload: bytes, content_type: str = "application/json") -> bytes:
        headers = {":message-type": "event", ":event-type": name, ":content-type": content_type}
        return encode_message(headers, payload)

    error = {":message-type": "exception", ":exception-type": "throttlingException"}
    data = (
        event("chunk", json.dumps({"a": 1}).encode())
        + event("part", b"\x00raw", "application/octet-stream")
        + encode_message(error, b'{"message": "slow"}')
    )
    decoded = wire_events(data, _spec())
    assert next(decoded) == {"chunk": {"a": 1}}
    assert next(decoded) == {"part": {"bytes": b"\x00raw"}}
    assert next(decoded) == {"throttlingException": {"message": "slow"}}
    undeclared = encode_message({":message-type": "error", ":error-code": "Boom"}, b"")
    with pytest.raises(ServiceError) as caught:
        list(EventStream(wire_events(undeclared, _spec()), _spec()))
    assert type(caught.value) is ServiceError
    assert caught.value.code == "Boom"


# --- the golden record's PutThumbnail (a blob payload) and WatchThings (an event stream) ---


def _golden(name: str = "") -> Any:
    module = "everything" + (f".{name}" if name else "")
    return load_services(GOLDEN, "golden_pkg", [module])[module]


def test_a_blob_payload_takes_bytes_or_a_seekable_file_and_gives_a_stream() -> None:
    put = _golden().OPERATIONS["PutThumbnail"]
    put.validate_request({"thingId": "abc", "image": b"png"})
    put.validate_request({"thingId": "abc", "image": io.BytesIO(b"png")})
    with pytest.raises(ValueError, match="greater than the maximum length 64") as caught:
        put.validate_request({"thingId": "abc", "image": b"x" * 65})
    assert [issue.rule for issue in caught.value.issues] == ["length"]  # type: ignore[attr-defined]
    response = put.response_type.from_dict({"image": b"png", "etag": "e"})
    assert response.image.read() == b"png"
    assert response.to_json() == b"png"
    assert put.response_type.from_json(b"raw").image.read() == b"raw"


def test_an_event_stream_member_yields_typed_events_and_raises_error_events() -> None:
    service = _golden()
    models, errors = service.models, service.errors
    watch = service.OPERATIONS["WatchThings"]
    raw = [
        {"changed": {"thingId": "abc", "at": 1700000000}},
        {"heartbeat": {"data": b"\x00"}},
        {"internalServerException": {"message": "down"}},
    ]
    assert watch.check_response({"events": raw}) == []
    assert [issue.rule for issue in watch.check_response({"events": [{"changed": {}}]})] == [
        "required"
    ]
    response = watch.response_type.from_dict({"events": raw})
    changed = next(response.events)
    assert isinstance(changed, models.ThingChanged)
    assert changed.thing_id == "abc"
    assert next(response.events) == models.Heartbeat(data=b"\x00")
    with pytest.raises(errors.InternalServerException, match="down"):
        next(response.events)
    # The wire form, decoded lazily, gives the same events.
    again = watch.response_type.from_json(watch.response_type.from_dict({"events": raw}).to_json())
    assert [type(event).__name__ for event in itertools.islice(again.events, 2)] == [
        "ThingChanged",
        "Heartbeat",
    ]


def test_stubs_serve_streams_afresh_and_validate_requests() -> None:
    stubs, service = _golden("stubs"), _golden()
    clients: list[Any] = []

    @settings(max_examples=5, database=None)
    @given(client=stubs.stub_clients(max_items=2))
    def collect(client: Any) -> None:
        clients.append(client)

    collect()
    for client in clients:
        first = client.put_thumbnail(thingId="abc", image=b"png")
        second = client.put_thumbnail(thingId="abc", image=io.BytesIO(b"png"))
        assert service.OPERATIONS["PutThumbnail"].check_response(first) == []
        if "image" in first:
            assert first["image"].read() == second["image"].read()
        watched = client.watch_things()
        assert service.OPERATIONS["WatchThings"].check_response(watched) == []
        with pytest.raises(service.errors.ValidationException):
            client.put_thumbnail(thingId="abc", image=1)


def test_from_json_takes_the_members_that_travel_in_headers() -> None:
    put = _golden().OPERATIONS["PutThumbnail"]
    response = put.response_type.from_json(b"png", {"etag": "e1"})
    assert response.etag == "e1"
    assert response.image.read() == b"png"
