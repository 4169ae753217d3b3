"""Whole Bedrock and Clean Rooms ML, imported from botocore and generated: the checks that
`make test-all` runs on every operation and tests/test_whole_services.py on a sample.

    python -m tests.whole_services [--out build/all] [--package generated_all] [--examples N]
        [--sample N]

reads the package `make generate-all` wrote (OUT/PACKAGE), imports every module under
`-W error`, and runs the bounded property check of `check_operation` on every operation (or on a
deterministic sample of N). Exit status 1 on any failure, with every failure listed.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib
import io
import json
import struct
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from inspect import signature
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore.session
from botocore.handlers import generate_idempotent_uuid
from botocore.model import ServiceModel, StructureShape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.botocore_import import import_service
from generator.pipeline import generate, write
from generator.runtime import cbor
from generator.runtime.expressions import compile_expression

SERVICES = ("bedrock", "cleanroomsml")
PACKAGE = "generated_all"


def import_specs(specs_dir: Path) -> list[str]:
    """Writes the whole-service specs, as `import-botocore SERVICE --all` does; returns notes."""
    specs_dir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    for service in SERVICES:
        text = import_service(service, None, notes=notes)
        (specs_dir / f"{service}.yaml").write_text(text, encoding="utf-8")
    return notes


def generate_package(specs_dir: Path, root: Path, package: str = PACKAGE) -> None:
    write(generate(specs_dir, package=package), root / package)


def module_names(root: Path, package: str = PACKAGE) -> list[str]:
    return sorted(
        ".".join((package, *path.relative_to(root / package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in (root / package).rglob("*.py")
    )


def import_under_warnings_as_errors(
    root: Path, package: str = PACKAGE, modules: Sequence[str] | None = None
) -> str:
    """Imports every module of the package (or `modules`) in a fresh interpreter with
    `-W error`; returns stderr on failure."""
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    names = module_names(root, package) if modules is None else modules
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, *names],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return "" if result.returncode == 0 else result.stderr


def load_services(
    root: Path, package: str = PACKAGE, services: Sequence[str] = SERVICES
) -> dict[str, ModuleType]:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return {service: importlib.import_module(f"{package}.{service}") for service in services}


def operations(services: dict[str, ModuleType]) -> list[tuple[str, Any]]:
    """(service, operation) for every operation, sorted by service and name."""
    return [
        (service, module.OPERATIONS[name])
        for service, module in sorted(services.items())
        for name in sorted(module.OPERATIONS)
    ]


def sample(items: Sequence[Any], count: int) -> list[Any]:
    """`count` items spread evenly over `items`, always the same ones."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(index * step)] for index in range(count)]


def _issues(operation: Any, params: object) -> list[Any]:
    try:
        operation.validate_request(params)
    except ValueError as error:
        return list(error.issues)  # type: ignore[attr-defined]
    return []


_JUNK = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.binary(max_size=5)
    | st.datetimes()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)


# botocore's shape of a structure without members: what an operation without input takes.
_NO_MEMBERS = StructureShape("NoInput", {"type": "structure", "members": {}})
CBOR = "smithy-rpc-v2-cbor"
# The wire body of an operation without output, in JSON and in CBOR.
_EMPTY_BODIES = (b"{}", cbor.encode({}))


def from_wire(operation: Any, body: bytes, beside: Mapping[str, Any] | None = None) -> Any:
    """The operation's response parsed from its wire body: by `from_xml` in a query or ec2
    service, and in rest-xml with the members `beside` the body (from headers) but for a stream
    or string payload; by `from_cbor` where the service speaks CBOR (its dataclasses have it),
    else by `from_json`, which takes the members `beside` the body where it has any."""
    wrapper = result_wrapper(operation)
    from_xml = getattr(operation.response_type, "from_xml", None)
    if from_xml is not None and "members" in signature(from_xml).parameters:
        return from_xml(body, beside)
    if from_xml is not None:
        return from_xml(body, wrapper)
    parse = getattr(operation.response_type, "from_cbor", None)
    if parse is None and beside is not None and takes_members(operation.response_type):
        return operation.response_type.from_json(body, beside)
    return (parse or operation.response_type.from_json)(body)


def takes_members(response_type: Any) -> bool:
    """Whether `from_json` of the type takes the members that travel beside the body."""
    return "members" in signature(response_type.from_json).parameters


def _single_floats(value: Any, shape: Any) -> Any:
    """`value` with each `float` member narrowed to 32 bits, as botocore's CBOR serializer
    writes them (`double` members keep 64)."""
    if shape.type_name == "float":
        return struct.unpack(">f", struct.pack(">f", value))[0]
    if shape.type_name == "structure" and isinstance(value, dict):
        return {
            key: _single_floats(item, shape.members[key]) if key in shape.members else item
            for key, item in value.items()
        }
    if shape.type_name == "list":
        return [_single_floats(item, shape.member) for item in value]
    if shape.type_name == "map":
        return {key: _single_floats(item, shape.value) for key, item in value.items()}
    return value


@functools.cache
def service_model(service: str) -> ServiceModel:
    """botocore's model of the service, loaded once per process."""
    return botocore.session.get_session().get_service_model(service)


def check_operation(service: str, operation: Any, *, examples: int) -> None:
    """Raises AssertionError (from Hypothesis, with the example) when the operation's generated
    code disagrees with itself (`check_own_properties`) or with botocore's model of `service`
    (`check_against_botocore`)."""
    model = service_model(service)
    check_own_properties(operation, examples=examples)
    check_against_botocore(operation, model.operation_model(operation.name), examples=examples)


def _bounded(examples: int) -> settings:
    # One property per run, as in tests/test_properties.py: drawing everything in one test case
    # would exceed Hypothesis' data budget for operations with large items.
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def check_own_properties(operation: Any, *, examples: int) -> None:
    """Raises AssertionError (from Hypothesis, with the example) when the operation's generated
    code disagrees with itself; needs no botocore model, so it runs on any spec:

    - valid requests pass its validator; every invalid request is reported with exactly the rule
      it breaks;
    - responses pass `check_response` and round-trip through `to_dict`/`from_dict` and
      `to_json`/`from_json` (and `to_xml`/`from_xml`, `to_cbor`/`from_cbor` where the service
      has them); wire responses parse, and round-trip through `to_dict`/`from_dict`;
    - a paginator walks a generated page sequence and yields every item.
    """
    strategies = operation.strategies
    bounded = _bounded(examples)

    @bounded
    @given(params=strategies.requests())
    def valid_requests(params: dict[str, Any]) -> None:
        assert _issues(operation, params) == []

    @bounded
    @given(case=strategies.invalid_requests())
    def invalid_requests(case: tuple[dict[str, Any], str]) -> None:
        invalid, rule = case
        assert [issue.rule for issue in _issues(operation, invalid)] == [rule]

    wrapper = result_wrapper(operation)

    @bounded
    @given(response=strategies.responses())
    def responses(response: dict[str, Any]) -> None:
        assert operation.check_response(response) == []
        if operation.response_type is None:
            assert response == {}
            return
        parsed = operation.response_type.from_dict(response)
        assert parsed.to_dict() == response
        field = stream_field(parsed)
        if field is None and takes_members(operation.response_type):
            # Some members travel beside the body: the body holds the others, which it gives
            # back (the response fills in only what the body lacks).
            assert operation.response_type.from_json(parsed.to_json(), response) == parsed
        elif field is None:
            assert operation.response_type.from_json(parsed.to_json()) == parsed
        else:  # the body is the stream alone; the other members travel in headers
            body = parsed.to_json()
            again = operation.response_type.from_json(body, _header_members(response))
            assert read_stream(again, field) == read_stream(parsed, field)
        if wrapper is not NOT_XML and hasattr(parsed, "to_xml"):
            # Read back to what was written: an empty flattened list or map has no element, so
            # it comes back absent (botocore's parser reads the same). A rest-xml body holds
            # no members from headers: they are given beside it.
            if "members" in signature(parsed.from_xml).parameters:
                xml = parsed.to_xml()
                assert operation.response_type.from_xml(xml, response).to_xml() == xml
            else:
                xml = parsed.to_xml(wrapper)
                assert operation.response_type.from_xml(xml, wrapper).to_xml(wrapper) == xml
        if hasattr(parsed, "to_cbor"):
            assert operation.response_type.from_cbor(parsed.to_cbor()) == parsed

    @bounded
    @given(body=strategies.wire_responses(), response=strategies.responses())
    def wire_responses(body: bytes, response: dict[str, Any]) -> None:
        if operation.response_type is None:
            assert body in _EMPTY_BODIES
            return
        # What the body lacks (the members from headers) comes from a drawn response.
        parsed = from_wire(operation, body, response)
        assert operation.response_type.from_dict(parsed.to_dict()) == parsed

    @bounded
    @given(body=strategies.wire_responses(), response=strategies.responses())
    def stream_wire_responses(body: bytes, response: dict[str, Any]) -> None:
        # The other members travel in headers: taken from a response (a stream reads once, so
        # it is compared with botocore's reading rather than parsed twice).
        parsed = operation.response_type.from_json(body, _header_members(response))
        read_stream(parsed, str(stream_field(parsed)))

    @bounded
    @given(params=strategies.requests(), data=st.data())
    def pagination(params: dict[str, Any], data: st.DataObject) -> None:
        _check_pagination(operation, data, params)

    streams = operation.response_type is not None and stream_field(operation.response_type)
    for prop in (
        valid_requests,
        invalid_requests,
        responses,
        stream_wire_responses if streams else wire_responses,
    ):
        prop()
    if operation.pagination is not None:
        pagination()


# `result_wrapper` of an operation of a service without XML forms.
NOT_XML = "not XML"


def result_wrapper(operation: Any) -> str | None:
    """The element of a query operation's response that holds its output; NOT_XML for an
    operation of another protocol (its service has no `wire_xml` module)."""
    try:
        wire_xml = importlib.import_module(f"{operation.module}.wire_xml")
    except ModuleNotFoundError:
        return NOT_XML
    wrapper: str | None = wire_xml.RESULT_WRAPPERS[operation.name]
    return wrapper


def query_form(operation: Any, params: dict[str, Any]) -> dict[str, str]:
    """The form fields our request's `to_query` writes, with the `Action` and `Version` every
    query request carries."""
    typed = operation.request_type
    api_version = importlib.import_module(operation.module).API_VERSION
    members = {} if typed is None else typed.from_dict(params).to_query()
    return {"Action": operation.name, "Version": api_version, **members}


def check_against_botocore(operation: Any, operation_model: Any, *, examples: int) -> None:
    """Raises AssertionError (from Hypothesis, with the example) when the operation's generated
    code disagrees with botocore's `operation_model`:

    - valid requests pass botocore's ParamValidator and the serializer of its protocol, whose
      JSON body holds what the request's `to_json` writes of the body members (timestamps in
      their formats), whose query form fields are what `to_query` writes, and whose CBOR body
      decodes (by our codec) to what the request's `to_cbor` writes (botocore narrows `float`
      members to 32 bits);
    - a request botocore rejects (valid ones with members replaced by junk) is rejected;
    - wire responses parse, by botocore's parser of the protocol, to what our `from_json` (or
      `from_xml`, `from_cbor`) gives as `to_dict`.
    """
    strategies = operation.strategies
    bounded = _bounded(examples)
    # What a botocore client of the service speaks (a cbor service with json among its
    # `protocols` speaks json).
    protocol = operation_model.service_model.resolved_protocol
    # The keys of the members the JSON body holds (those without an HTTP binding; in json every
    # one), renamed by their locationName: there the body botocore sends is what our `to_json`
    # writes. None for a payload, which is the body.
    shape = operation_model.input_shape
    body_members = (
        None
        if shape is not None and "payload" in shape.serialization
        else {
            member.serialization.get("name", name)
            for name, member in ({} if shape is None else shape.members).items()
            if "location" not in member.serialization
        }
    )

    text_request = _text_payload(shape)

    def filled(params: dict[str, Any]) -> dict[str, Any]:
        # What boto3 sends: its before-parameter-build handler fills idempotency tokens left out,
        # which a spec may list as required.
        sent = dict(params)
        generate_idempotent_uuid(sent, operation_model)
        return sent

    @bounded
    @given(params=strategies.requests())
    def valid_requests(params: dict[str, Any]) -> None:
        sent = filled(params)
        if shape is not None:  # as botocore's client, which validates nothing without input
            report = ParamValidator().validate(sent, shape)
            assert not report.has_errors(), report.generate_report()
        request = create_serializer(protocol).serialize_to_request(sent, operation_model)
        if protocol in ("query", "ec2"):
            # What urlencode sends of botocore's body: each value as `str` makes it.
            theirs = {key: str(value) for key, value in request["body"].items()}
            assert query_form(operation, sent) == theirs
        elif protocol == CBOR:
            typed = operation.request_type
            if typed is None:
                assert request["body"] == b""
            else:
                ours = cbor.decode(typed.from_dict(sent).to_cbor())
                assert cbor.decode(request["body"]) == _single_floats(ours, shape)
        elif text_request:  # the body is the string payload's text (none when unset)
            assert request["body"] == operation.request_type.from_dict(sent).to_json().encode()
        elif body_members is not None and protocol != "rest-xml":  # no XML wire forms yet
            typed = operation.request_type
            ours = {} if typed is None else json.loads(typed.from_dict(sent).to_json())
            body = {key: value for key, value in ours.items() if key in body_members}
            assert json.loads(request["body"] or b"{}") == body

    @bounded
    @given(params=strategies.requests(), data=st.data())
    def what_botocore_rejects(params: dict[str, Any], data: st.DataObject) -> None:
        junk = data.draw(st.dictionaries(st.sampled_from(sorted(params) or ["x"]), _JUNK))
        mixed = {**params, **junk}
        try:
            # Without input, botocore's client ignores every parameter; they are unknown members.
            report = ParamValidator().validate(filled(mixed), shape or _NO_MEMBERS)
            rejected = report.has_errors()
        except Exception:  # botocore crashes on some values; that is a rejection too
            rejected = True
        if rejected:
            assert _issues(operation, mixed)

    # The output member the response's HTTP status fills, if any: botocore reads it from the
    # status line, then from the body, where our wire JSON writes it.
    output = operation_model.output_shape
    status_member = next(
        (
            name
            for name, member in ({} if output is None else output.members).items()
            if member.serialization.get("location") == "statusCode"
        ),
        None,
    )

    output_payload = None if output is None else output.serialization.get("payload")

    def parsed_by_botocore(
        body: bytes, headers: dict[str, str], status: int = 200
    ) -> dict[str, Any]:
        streamed = operation_model.has_streaming_output or operation_model.has_event_stream_output
        theirs: dict[str, Any] = create_parser(protocol).parse(
            {
                "status_code": status,
                "headers": headers,
                # As botocore's endpoint hands a streaming body over: unread.
                "body": _RawStream(body) if streamed else body,
                "context": {"operation_name": operation_model.name},
            },
            operation_model.output_shape,
        )
        theirs.pop("ResponseMetadata", None)
        return theirs

    def text_headers(response: dict[str, Any]) -> dict[str, Any]:
        """The text members of a drawn response that travel in headers (or the URI)."""
        return {
            key: value
            for key, value in response.items()
            if isinstance(value, str) and output.members[key].serialization.get("location")
        }

    def wire_headers(headers: dict[str, Any]) -> dict[str, str]:
        """`headers` by their names on the wire."""
        return {output.members[key].serialization["name"]: value for key, value in headers.items()}

    @bounded
    @given(body=strategies.wire_responses(), response=strategies.responses())
    def wire_responses(body: bytes, response: dict[str, Any]) -> None:
        if operation.response_type is None:
            return
        # The members from headers (beside a payload, the status too) sent to both; a map of
        # headers is what botocore reads of those headers (every one, without a prefix).
        headers = text_headers(response)
        maps = {
            key: value
            for key, value in parsed_by_botocore(body, wire_headers(headers)).items()
            if output.members[key].serialization.get("location") == "headers"
        }
        beside = {**headers, **maps}
        if status_member:
            beside[status_member] = 200
        ours = from_wire(operation, body, beside)
        status = ours.to_dict().get(status_member, 200) if status_member else 200
        theirs = parsed_by_botocore(body, wire_headers(headers), status)
        if output_payload and not body.strip() and theirs.get(output_payload) == {}:
            del theirs[output_payload]  # botocore reads an empty body as an empty payload structure
        # botocore keeps a `null` payload as None, where boto3-shaped dicts leave it out.
        assert {key: value for key, value in theirs.items() if value is not None} == ours.to_dict()

    @bounded
    @given(body=strategies.wire_responses(), response=strategies.responses())
    def stream_wire_responses(body: bytes, response: dict[str, Any]) -> None:
        # The members besides the stream travel in headers: text ones, drawn, sent to both;
        # the status too (200, botocore's default).
        headers = text_headers(response)
        beside = {**headers, **({status_member: 200} if status_member else {})}
        ours = operation.response_type.from_json(body, beside)
        theirs = parsed_by_botocore(body, wire_headers(headers))
        # awsJson has no payload trait: its event stream member is the body.
        payload = output.serialization.get("payload", output.event_stream_name)
        assert {key: theirs[key] for key in beside} == beside
        assert _botocore_stream(theirs[payload]) == read_stream(ours, str(stream_field(ours)))

    streams = operation.response_type is not None and stream_field(operation.response_type)
    # botocore cannot send an event stream (its validator wants the union's dict; boto3 has no
    # bidirectional streams), so a request that is one is ours alone to judge.
    payload = None if shape is None else shape.serialization.get("payload")
    sends_events = payload is not None and shape.members[payload].serialization.get("eventstream")
    requests = () if sends_events else (valid_requests, what_botocore_rejects)
    wire = (stream_wire_responses if streams else wire_responses,)
    for prop in (*requests, *wire):
        prop()


def _text_payload(shape: Any) -> bool:
    """Whether botocore's structure `shape` (or None) has a string payload: the HTTP body is
    its text."""
    payload = None if shape is None else shape.serialization.get("payload")
    return payload is not None and shape.members[payload].type_name == "string"


def _header_members(response: dict[str, Any]) -> dict[str, Any]:
    """The members of a streaming response besides the stream (a body or a list of events)."""
    return {
        key: value
        for key, value in response.items()
        if not callable(getattr(value, "read", None)) and not isinstance(value, list)
    }


def stream_field(parsed: Any) -> str | None:
    """The field of a parsed response that is a stream (a blob payload or an event stream)."""
    for field in dataclasses.fields(parsed):
        if str(field.type).startswith(("Readable", "EventStream[")):
            return field.name
    return None


def read_stream(parsed: Any, field: str) -> Any:
    """The stream of a parsed response read into a value that compares: a body's bytes, an
    event stream's (member, event) pairs and the code of the error event that ended it. An
    unset stream is an empty one: on the wire both are an empty body."""
    value = getattr(parsed, field)
    if value is None:
        hint = next(str(each.type) for each in dataclasses.fields(parsed) if each.name == field)
        return ([], None) if hint.startswith("EventStream[") else b""
    return _our_stream(value)


def _our_stream(value: Any) -> Any:
    if callable(getattr(value, "read", None)):
        return value.getvalue() if hasattr(value, "getvalue") else value.read()
    events: list[dict[str, Any]] = []
    error = None
    try:
        events.extend({name: event.to_dict()} for name, event in value.items())
    except Exception as raised:  # an error event: the service's typed error
        error = raised.code.lower()  # type: ignore[attr-defined]
    return events, error


def _botocore_stream(value: Any) -> Any:
    """What botocore parsed of a streaming member: the body's bytes (none when unset), or the
    events of its EventStream and the code of the `EventStreamError` an error event raised."""
    if value is None:
        return b""
    if callable(getattr(value, "read", None)):
        return value.read()
    events, error = [], None
    try:
        events.extend(value)
    except Exception as raised:
        # botocore names an error event by its member (`internalServerException`), we by its
        # error code (`InternalServerException`).
        error = raised.response["Error"]["Code"]  # type: ignore[attr-defined]
    return events, None if error is None else error.lower()


class _RawStream:
    """The raw body botocore's EventStream reads (a urllib3 response's `stream()`) and its
    StreamingBody wraps (`read`)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def stream(self) -> Any:
        yield self._data.read()

    def read(self, amt: int | None = None) -> bytes:
        return self._data.read(amt)


def _check_pagination(operation: Any, data: st.DataObject, params: dict[str, Any]) -> None:
    keys = operation.pagination
    pages: list[dict[str, Any]] = data.draw(operation.strategies.page_sequences(), label="pages")
    # Each page's tokens as the paginator reads them (an empty one is none).
    tokens = [
        tuple(compile_expression(token)(page) or None for token in keys.output_tokens)
        for page in pages
    ]

    def call(**request: Any) -> dict[str, Any]:
        sent = tuple(request.get(name) for name in keys.input_tokens)
        return pages[0 if sent == (None,) * len(sent) else tokens.index(sent) + 1]

    request = {
        key: value
        for key, value in params.items()
        if key not in (*keys.input_tokens, keys.limit_key)
    }
    # A required limit key (Cognito's ListUserPools) is given as the page size, as in boto3.
    config = None
    if keys.limit_key is not None and [
        (issue.path, issue.rule) for issue in _issues(operation, request)
    ] == [(keys.limit_key, "required")]:
        config = {"PageSize": params[keys.limit_key]}
    items = list(operation.paginator(call).paginate(PaginationConfig=config, **request).items())
    primary = compile_expression(keys.result_key)
    assert len(items) == sum(len(primary(page) or ()) for page in pages)


def check_operations(
    chosen: Sequence[tuple[str, Any]], *, examples: int, services: Mapping[str, str] | None = None
) -> list[str]:
    """`check_operation` on each (package, operation), the package's botocore service named by
    `services` (by default the package's name); a line per failing operation, each told on
    stderr as it fails."""
    failures: list[str] = []
    for package, operation in chosen:
        service = package if services is None else services[package]
        try:
            check_operation(service, operation, examples=examples)
        except Exception as error:  # report every operation, not only the first failure
            failures.append(f"{package}.{operation.name}: {type(error).__name__}: {error}")
            print(f"FAIL {package}.{operation.name}", file=sys.stderr)
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.whole_services", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/all"))
    parser.add_argument("--package", default=PACKAGE)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--sample", type=int, help="check N operations instead of all")
    parser.add_argument(
        "--services", default=",".join(SERVICES), help="botocore service names, comma-separated"
    )
    parser.add_argument(
        "--streaming", action="store_true", help="only the operations whose responses stream"
    )
    args = parser.parse_args(argv)
    root = args.out.resolve()
    if not (root / args.package / "__init__.py").is_file():
        print(f"{root / args.package} is missing; run `make generate-all`", file=sys.stderr)
        return 2
    start = time.perf_counter()
    failure = import_under_warnings_as_errors(root, args.package)
    if failure:
        print(f"import under -W error failed:\n{failure}", file=sys.stderr)
        return 1
    print(f"imported {len(module_names(root, args.package))} modules under -W error")
    # A service package is the botocore name with `-` as `_`; botocore's model needs the name.
    names = {name.replace("-", "_"): name for name in args.services.split(",")}
    chosen = [
        (names[service], operation)
        for service, operation in operations(load_services(root, args.package, list(names)))
    ]
    if args.streaming:
        chosen = [
            (service, operation)
            for service, operation in chosen
            if operation.response_type is not None and stream_field(operation.response_type)
        ]
    if args.sample is not None:
        chosen = sample(chosen, args.sample)
    failures = check_operations(chosen, examples=args.examples)
    seconds = time.perf_counter() - start
    print(
        f"checked {len(chosen) - len(failures)}/{len(chosen)} operations, "
        f"{args.examples} examples each, in {seconds:.0f}s"
    )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
