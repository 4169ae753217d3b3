"""Stage 2: the spec's JSON Schema, then the cross-reference checks no schema can express.

Every problem is collected; none stops the others. Cross-reference checks look only at the
operations and shapes that passed the schema, so one malformed shape cannot hide the rest.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from generator.diagnostics import Diagnostic
from generator.load import LoadedSpec, PathKey
from generator.model import STATUS_CODE, SUCCESS_STATUSES, body_key, status_code_range
from generator.regex import PatternError, python_pattern, shortest_match
from generator.runtime.expressions import ExpressionError, compile_expression
from generator.runtime.pagination import RESUME_TOKEN_SKIP_KEY
from generator.xml_wire import element_groups, shared_element

# The service keys of the RPC protocols (POST / with the operation named in a header or the
# path): what each must have; no other protocol may have them.
_RPC_SERVICE_KEYS: dict[str, tuple[str, ...]] = {
    "json": ("json_version", "target_prefix"),
    "smithy-rpc-v2-cbor": ("target_prefix",),
}
# The protocols of form-field requests and XML responses.
XML_PROTOCOLS = ("query", "ec2")
# The protocols whose bodies (query's responses, rest-xml's both ways) are XML.
_XML_BODY_PROTOCOLS = (*XML_PROTOCOLS, "rest-xml")
# The keys of lists and maps that only XML bodies and query form fields read.
_XML_SHAPE_KEYS = ("flattened", "member_name", "key_name", "value_name")
# The keys of rest-xml's request bodies: a structure's root element, a member's namespace and
# attribute, a member's list that repeats in place.
_REST_XML_SHAPE_KEYS = ("xml_name", "xml_namespace")
_REST_XML_MEMBER_KEYS = ("xml_attribute", "xml_namespace", "flattened")


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("generator").joinpath("spec_schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check(spec: LoadedSpec) -> list[Diagnostic]:
    """Returns every problem of the spec; an empty list means it can be built."""
    problems, invalid = _schema_problems(spec)
    data = spec.data
    if not isinstance(data, dict) or not all(
        isinstance(data.get(section), dict) for section in ("operations", "shapes")
    ):
        return problems
    checker = _CrossReferences(spec, invalid)
    checker.run()
    return problems + checker.problems + list(_surrogate_documentation(spec, data, ()))


def _surrogate_documentation(spec: LoadedSpec, value: Any, path: PathKey) -> Iterator[Diagnostic]:
    """CPython cannot create a class whose docstring holds a lone surrogate: refuse such text."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "documentation" and isinstance(item, str):
                surrogates = _SURROGATE.findall(item)
                if surrogates:
                    yield spec.diagnostic(
                        (*path, key),
                        f"documentation holds a lone surrogate (U+{ord(surrogates[0]):04X}), "
                        "which a Python docstring cannot carry",
                    )
            else:
                yield from _surrogate_documentation(spec, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _surrogate_documentation(spec, item, (*path, index))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _schema_problems(spec: LoadedSpec) -> tuple[list[Diagnostic], set[PathKey]]:
    problems: list[Diagnostic] = []
    invalid: set[PathKey] = set()
    for error in _schema_validator().iter_errors(spec.data):
        path: PathKey = tuple(error.absolute_path)
        invalid.add(path[:2])
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - allowed):
                problems.append(
                    spec.diagnostic(
                        (*path, key),
                        f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))}",
                        at_key=True,
                    )
                )
        else:
            problems.append(spec.diagnostic(path, _where(path) + error.message))
    return problems, invalid


def _where(path: PathKey) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") + ": "


_TOKEN_KINDS = ("string",)
"""What a pagination token may be (not S3's part numbers or DynamoDB's keys, yet)."""
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(-?[0-9]+)\])?")


def pattern_beyond_max(shape: Mapping[str, Any]) -> str | None:
    """Why no value of a string shape can be valid, when its pattern's shortest match is
    longer than its `max` (App Runner's 36-character UUID pattern on 32-character IDs)."""
    maximum = shape.get("max")
    shortest = shortest_match(python_pattern(shape["pattern"]))
    if not isinstance(maximum, int) or shortest <= maximum:
        return None
    return (
        f"matches no value of at most {maximum} characters (max): its shortest match has"
        f" {shortest}"
    )


def listed(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A paginator key that is one name or a list of them, as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def path_shape(shapes: dict[str, Any], structure: str, path: str, *, index: bool = False) -> str:
    """The shape at `path` (`a.b`, and with `index` `a[-1].b`) from `structure`; ValueError
    saying where the path leaves the model."""
    shape = structure
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None or (match[2] is not None and not index):
            form = "member names and indexes" if index else "member names"
            raise ValueError(f"{path!r} is not a path of {form} joined by '.'")
        members = shapes.get(shape, {}).get("members")
        if members is None or match[1] not in members:
            raise ValueError(f"{match[1]!r} is not a member of {shape}")
        shape = members[match[1]]["shape"]
        if match[2] is not None:
            if shapes.get(shape, {}).get("type") != "list":
                raise ValueError(f"{path!r} indexes {shape}, which is not a list")
            shape = shapes[shape]["member"]
    return shape


class _CrossReferences:
    def __init__(self, spec: LoadedSpec, invalid: set[PathKey]) -> None:
        self.spec = spec
        self.invalid = invalid
        self.problems: list[Diagnostic] = []
        self.shapes: dict[str, Any] = {
            name: shape
            for name, shape in spec.data["shapes"].items()
            if ("shapes", name) not in invalid and isinstance(shape, dict)
        }
        self.all_shape_names = set(spec.data["shapes"])
        self.operations: dict[str, Any] = {
            name: operation
            for name, operation in spec.data["operations"].items()
            if ("operations", name) not in invalid and isinstance(operation, dict)
        }
        service = spec.data.get("service")
        self.service: dict[str, Any] = (
            service if isinstance(service, dict) and ("service",) not in invalid else {}
        )

    def report(self, path: PathKey, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.spec.diagnostic(path, message, at_key=at_key))

    def run(self) -> None:
        self.check_protocol()
        self.check_query_protocol()
        for name, shape in self.shapes.items():
            self.check_shape(name, shape)
        for name, operation in self.operations.items():
            self.check_operation(name, operation)
        self.check_status_codes()
        self.check_finite_values()
        self.check_error_codes()
        self.check_left_out()
        self.check_waiters()

    def check_left_out(self) -> None:
        """What an import left out is not in the spec as well."""
        left_out = self.spec.data.get("left_out")
        if not isinstance(left_out, dict):
            return
        for name in left_out.get("operations", {}):
            if name in self.spec.data["operations"]:
                self.report(
                    ("left_out", "operations", name),
                    f"operation {name!r} is left out and in operations",
                    at_key=True,
                )
        for name in left_out.get("paginators", {}):
            if "paginator" in self.operations.get(name, {}):
                self.report(
                    ("left_out", "paginators", name),
                    f"the paginator of {name!r} is left out and in the operation",
                    at_key=True,
                )
        for name in left_out.get("patterns", {}):
            shape = self.spec.data["shapes"].get(name)
            if not isinstance(shape, dict) or shape.get("type") != "string":
                problem = f"the pattern of {name!r} is left out, but it names no string shape"
            elif "pattern" in shape:
                problem = f"the pattern of {name!r} is left out and in the shape"
            else:
                continue
            self.report(("left_out", "patterns", name), problem, at_key=True)

    def check_protocol(self) -> None:
        """The service keys of an RPC protocol (json: X-Amz-Target and Content-Type name the
        operation and the version; smithy-rpc-v2-cbor: the path names the target prefix) are
        there exactly when the protocol has them (in every protocol), and the operations of an
        RPC protocol have no HTTP bindings."""
        protocol = str(self.service.get("protocol", ""))  # none when the section is invalid
        needed = _RPC_SERVICE_KEYS.get(protocol, ())
        for key in dict.fromkeys(key for keys in _RPC_SERVICE_KEYS.values() for key in keys):
            if key in needed and key not in self.service:
                self.report(("service",), f"a {protocol} service needs {key!r}", at_key=True)
            elif key not in needed and key in self.service:
                owners = " and ".join(
                    name for name, keys in _RPC_SERVICE_KEYS.items() if key in keys
                )
                self.report(("service", key), f"{key} is for {owners} services, not {protocol}")
        if protocol not in _RPC_SERVICE_KEYS:
            return
        for name, operation in self.operations.items():
            http = operation["http"]
            if (http["method"], http["uri"]) != ("POST", "/"):
                self.report(
                    ("operations", name, "http"),
                    f"a {protocol} operation is POST /, not {http['method']} {http['uri']}",
                )
        for name, shape in self.shapes.items():
            if shape["type"] != "structure":
                continue
            if "payload" in shape and not (protocol == "json" and self.json_event_body(shape)):
                self.report(
                    ("shapes", name, "payload"),
                    f"a {protocol} service has no payload members"
                    + (
                        ", but an event stream that is the only member"
                        if protocol == "json"
                        else ""
                    ),
                )
            for member_name, member in shape["members"].items():
                if "location" in member:
                    self.report(
                        ("shapes", name, "members", member_name, "location"),
                        f"a {protocol} service has no HTTP bindings: every member travels in the"
                        f" {'JSON' if protocol == 'json' else 'CBOR'} body, not the"
                        f" {member['location']}",
                    )

    def check_query_protocol(self) -> None:
        """The XML keys are there only in a query or rest-xml service; a query service sends
        every member as a form field of `POST /`: no HTTP bindings, payloads or documents (the
        form has no JSON)."""
        protocol = self.service.get("protocol")
        self.check_rest_xml(protocol)
        if protocol != "ec2":
            for name, shape in self.shapes.items():
                for member_name, member in shape.get("members", {}).items():
                    if "query_name" in member:
                        self.report(
                            ("shapes", name, "members", member_name, "query_name"),
                            f"query_name is for ec2 services, not {protocol}",
                        )
        if protocol not in _XML_BODY_PROTOCOLS:
            self.report_xml_keys(protocol)
        else:
            self.check_shared_elements()
        if protocol not in XML_PROTOCOLS:
            if "xml_namespace" in self.service:
                self.report(
                    ("service", "xml_namespace"),
                    f"xml_namespace is for query and ec2 services, not {protocol}",
                )
            for name, operation in self.operations.items():
                if "result_wrapper" in operation:
                    self.report(
                        ("operations", name, "result_wrapper"),
                        f"result_wrapper is for query and ec2 services, not {protocol}",
                    )
            return
        for name, operation in self.operations.items():
            http = operation["http"]
            if (http["method"], http["uri"]) != ("POST", "/"):
                self.report(
                    ("operations", name, "http"),
                    f"a {protocol} operation is POST /, not {http['method']} {http['uri']}",
                )
            if "result_wrapper" in operation and "output" not in operation:
                self.report(
                    ("operations", name, "result_wrapper"),
                    "an operation without output has no result_wrapper",
                )
        for name, shape in self.shapes.items():
            if shape["type"] == "document":
                self.report(("shapes", name, "type"), f"a {protocol} service has no documents")
            if shape["type"] != "structure":
                continue
            if "payload" in shape:
                self.report(
                    ("shapes", name, "payload"), f"a {protocol} service has no payload members"
                )
            for member_name, member in shape["members"].items():
                if "location" in member:
                    self.report(
                        ("shapes", name, "members", member_name, "location"),
                        f"a {protocol} service has no HTTP bindings: every member is a form field,"
                        f" not in the {member['location']}",
                    )

    def report_xml_keys(self, protocol: object) -> None:
        """Reports the XML keys of a service whose bodies are not XML."""
        owners = "query, ec2 and rest-xml"
        for name, shape in self.shapes.items():
            for key in _XML_SHAPE_KEYS:
                if key in shape:
                    self.report(
                        ("shapes", name, key), f"{key} is for {owners} services, not {protocol}"
                    )
            for member_name, member in shape.get("members", {}).items():
                if "xml_name" in member:
                    self.report(
                        ("shapes", name, "members", member_name, "xml_name"),
                        f"xml_name is for {owners} services, not {protocol}",
                    )

    def check_rest_xml(self, protocol: object) -> None:
        """rest-xml's own keys are there only in a rest-xml service; an XML attribute is a named
        string (botocore writes the value as the attribute's text), a flattened member a list."""
        for name, shape in self.shapes.items():
            keys: list[tuple[PathKey, str]] = [
                (("shapes", name, key), key) for key in _REST_XML_SHAPE_KEYS if key in shape
            ]
            for member_name, member in shape.get("members", {}).items():
                where = ("shapes", name, "members", member_name)
                keys += [((*where, key), key) for key in _REST_XML_MEMBER_KEYS if key in member]
                if protocol != "rest-xml":
                    continue
                if member.get("xml_attribute") and (
                    "xml_name" not in member or self.kind(member["shape"]) not in ("string", None)
                ):
                    self.report(
                        (*where, "xml_attribute"), "an XML attribute is a string with an xml_name"
                    )
                if member.get("flattened") and self.kind(member["shape"]) not in ("list", None):
                    self.report((*where, "flattened"), "a flattened member is a list")
            if protocol != "rest-xml":
                for path, key in keys:
                    self.report(path, f"{key} is for rest-xml services, not {protocol}")

    def string_map(self, name: str) -> bool:
        """`name` is a map of strings to strings (or its key or value shape does not exist,
        which is reported where they are named)."""
        shape = self.shapes[name]
        return shape["type"] == "map" and all(
            self.kind(shape[role]) in ("string", None) for role in ("key", "value")
        )

    def kind(self, name: str) -> str | None:
        shape = self.shapes.get(name)
        return None if shape is None else str(shape["type"])

    def reference(self, path: PathKey, name: str, expected: str | None = None) -> str | None:
        """Reports a missing (or wrong-kind) shape; returns its kind when it can be used."""
        if name not in self.all_shape_names:
            self.report(path, f"shape {name!r} does not exist")
            return None
        kind = self.kind(name)
        if expected is not None and kind is not None and kind != expected:
            self.report(path, f"shape {name!r} is a {kind}, expected a {expected}")
            return None
        return kind

    def check_shape(self, name: str, shape: dict[str, Any]) -> None:
        path: PathKey = ("shapes", name)
        kind = shape["type"]
        if "min" in shape and "max" in shape and shape["min"] > shape["max"]:
            self.report((*path, "min"), f"min {shape['min']} is greater than max {shape['max']}")
        if kind not in ("float", "double"):
            for key in ("min", "max"):
                if isinstance(shape.get(key), float):
                    self.report((*path, key), f"{key} of a {kind} must be a whole number")
        if kind == "list":
            self.reference((*path, "member"), shape["member"])
        elif kind == "map":
            key_kind = self.reference((*path, "key"), shape["key"])
            if key_kind is not None and key_kind != "string":
                self.report(
                    (*path, "key"),
                    f"map key shape {shape['key']!r} is a {key_kind}, expected a string",
                )
            self.reference((*path, "value"), shape["value"])
        elif kind == "string":
            self.check_string(path, shape)
        elif kind == "structure":
            self.check_structure(path, shape)

    def check_string(self, path: PathKey, shape: dict[str, Any]) -> None:
        if "pattern" in shape:
            try:
                # A warning (`[a||b]`, a set operation to a future `re`) fails under `-W error`.
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    re.compile(python_pattern(shape["pattern"]))
            except PatternError as error:
                self.report((*path, "pattern"), f"pattern cannot be translated: {error}")
            except (re.error, FutureWarning) as error:
                self.report((*path, "pattern"), f"pattern does not compile: {error}")
            else:
                unmatchable = pattern_beyond_max(shape)
                if unmatchable is not None:
                    self.report((*path, "pattern"), f"pattern {unmatchable}")
        seen: dict[str, int] = {}
        for index, value in enumerate(shape.get("enum", ())):
            if value == "":
                self.report((*path, "enum", index), "enum values must not be empty")
            elif value in seen:
                self.report(
                    (*path, "enum", index),
                    f"enum value {value!r} is repeated (first at index {seen[value]})",
                )
            else:
                seen[value] = index

    def check_shared_elements(self) -> None:
        """Members of a structure written as one XML element cannot be read back apart, but
        for a member and a flattened list of its shape (S3's deprecated `Event` and `Events`),
        which botocore reads one element into both."""
        for name, shape in self.shapes.items():
            members = shape.get("members", {}) if shape.get("type") == "structure" else {}
            if not all(member.get("shape") in self.shapes for member in members.values()):
                continue  # reported as a missing shape
            for tag, group in element_groups(shape, self.shapes).items():
                if shared_element(group, shape, self.shapes) is None:
                    self.report(
                        ("shapes", name, "members", group[-1]),
                        f"members {', '.join(map(repr, group))} are all written as the XML"
                        f" element {tag!r}, which cannot be read back apart",
                        at_key=True,
                    )

    def check_structure(self, path: PathKey, shape: dict[str, Any]) -> None:
        members: dict[str, Any] = shape["members"]
        for member_name, member in members.items():
            where: PathKey = (*path, "members", member_name)
            kind = self.reference((*where, "shape"), member["shape"])
            if member.get("idempotency_token") and kind not in (None, "string"):
                self.report(
                    (*where, "idempotency_token"),
                    f"an idempotency token must be a string, not a {kind}",
                )
            if "timestamp_format" in member and kind not in (None, "timestamp"):
                self.report(
                    (*where, "timestamp_format"),
                    f"timestamp_format on a member of a {kind} shape",
                )
            self.check_binding(where, member, kind)
            self.check_json_value(where, member, kind)
        self.check_body_keys(path, members)
        for index, required in enumerate(shape.get("required", ())):
            if required not in members:
                self.report(
                    (*path, "required", index), f"required member {required!r} is not a member"
                )
        if shape.get("union"):
            if "required" in shape:
                self.report(
                    (*path, "required"), "a union has no required members: exactly one is set"
                )
            if not members:
                self.report((*path, "members"), "a union needs at least one member")
        if "payload" in shape:
            self.check_payload(path, shape)
        self.check_streams(path, shape)

    def check_streams(self, path: PathKey, shape: dict[str, Any]) -> None:
        """Event streams: the stream is a structure of event and error structures, and only ever
        a payload; an `event_payload` member is a blob or structure, alone in its event."""
        members: dict[str, Any] = shape["members"]
        if shape.get("event_stream"):
            if "required" in shape:
                self.report((*path, "required"), "an event stream has no required members")
            if not members:
                self.report((*path, "members"), "an event stream needs at least one member")
            for member_name, member in members.items():
                if self.kind(member["shape"]) not in (None, "structure"):
                    self.report(
                        (*path, "members", member_name, "shape"),
                        f"an event stream's member {member_name!r} must be a structure",
                    )
        for member_name, member in members.items():
            where: PathKey = (*path, "members", member_name)
            stream = self.shapes.get(member["shape"], {}).get("event_stream")
            if stream and shape.get("payload") != member_name:
                self.report(
                    (*where, "shape"),
                    f"member {member_name!r} is an event stream, which must be the payload",
                )
            if member.get("event_payload"):
                if not shape.get("event"):
                    self.report(
                        (*where, "event_payload"), "event_payload on a member of a non-event"
                    )
                elif len(members) > 1:
                    self.report(
                        (*where, "event_payload"),
                        "an event with an event_payload member has no other members"
                        " (event headers are not supported)",
                    )
                if self.kind(member["shape"]) not in (None, "structure", "blob"):
                    self.report(
                        (*where, "event_payload"), "an event_payload is a blob or a structure"
                    )

    def json_event_body(self, shape: dict[str, Any]) -> bool:
        """Whether the structure's payload is an event stream, its only member: the body of an
        awsJson response, after the `initial-response` event of the other members (none)."""
        members: dict[str, Any] = shape["members"]
        target = self.shapes.get(members.get(shape["payload"], {}).get("shape", ""), {})
        return len(members) == 1 and bool(target.get("event_stream"))

    def check_body_keys(self, path: PathKey, members: dict[str, Any]) -> None:
        """A body member renamed by `location_name` takes a key that names no other member, so
        that a boto3 dict and a JSON body each name every member one way (models.py reads both)."""
        keys = {
            member_name: body_key(member_name, member) for member_name, member in members.items()
        }
        for member_name, key in keys.items():
            if key == member_name:
                continue
            others = [
                other for other in members if other != member_name and key in (other, keys[other])
            ]
            if others:
                self.report(
                    (*path, "members", member_name, "location_name"),
                    f"body key {key!r} of member {member_name!r} also names member {others[0]!r}",
                )

    def check_json_value(self, where: PathKey, member: dict[str, Any], kind: str | None) -> None:
        """JSON text is a string or a blob; in a header botocore reads `jsonvalue` as any JSON
        value instead, which format 1 does not express."""
        if not member.get("json_value"):
            return
        if kind not in (None, "string", "blob"):
            self.report((*where, "json_value"), f"json_value on a member of a {kind} shape")
        if member.get("location") == "header":
            self.report(
                (*where, "json_value"),
                "json_value on a header member (any JSON value in boto3) is not supported",
            )

    def check_binding(self, where: PathKey, member: dict[str, Any], kind: str | None) -> None:
        """A header, query string or URI binding names its place, but for a map of query
        parameters; a status code binding has none and holds an integer (where it may appear is
        `check_status_codes`')."""
        location = member.get("location")
        if location is None:
            return
        if location == "querystring" and "location_name" not in member:
            if kind not in (None, "map"):
                self.report(
                    (*where, "location"),
                    "a querystring member without a location_name is a map (its entries are"
                    f" the query parameters), not a {kind}",
                )
            return
        if location == "headers":
            if kind is not None and not self.string_map(member["shape"]):
                self.report(
                    (*where, "location"),
                    "a headers member is a map of strings (each header whose name starts with"
                    f" its location_name, or every header without one), not a {kind}",
                )
            return
        if location != STATUS_CODE:
            if "location_name" not in member:
                self.report(where, f"a member bound to the {location} needs a location_name")
            return
        if "location_name" in member:
            self.report(
                (*where, "location_name"),
                "a statusCode member has no location_name: the response's status is its place",
            )
        if kind not in (None, "integer", "long"):
            self.report((*where, "location"), f"a statusCode member is an integer, not a {kind}")
        elif kind is not None:
            low, high = status_code_range(self.shapes[member["shape"]])
            if low > high:
                self.report(
                    (*where, "location"),
                    f"the range of statusCode member's shape {member['shape']!r} holds no"
                    f" successful HTTP status ({SUCCESS_STATUSES[0]} to {SUCCESS_STATUSES[1]})",
                )

    def check_status_codes(self) -> None:
        """The HTTP status of a response fills at most one member of an operation's output:
        botocore's parsers read it for the output structure only, and no request has one."""
        outputs = {operation.get("output") for operation in self.operations.values()}
        inputs = {operation.get("input") for operation in self.operations.values()}
        for name, shape in self.shapes.items():
            if shape["type"] != "structure":
                continue
            bound = [
                member_name
                for member_name, member in shape["members"].items()
                if member.get("location") == STATUS_CODE
            ]
            for index, member_name in enumerate(bound):
                where: PathKey = ("shapes", name, "members", member_name, "location")
                if name in inputs or name not in outputs:
                    role = "an operation's input" if name in inputs else "no operation's output"
                    self.report(where, f"statusCode member {member_name!r} of {role} {name}")
                elif index:
                    self.report(
                        where, f"a second statusCode member of {name} (the first is {bound[0]!r})"
                    )

    def check_payload(self, path: PathKey, shape: dict[str, Any]) -> None:
        payload = shape["payload"]
        member = shape["members"].get(payload)
        if member is None:
            self.report((*path, "payload"), f"payload {payload!r} is not a member")
            return
        if "location" in member:
            self.report(
                (*path, "payload"),
                f"payload member {payload!r} is bound to the {member['location']}, not the body",
            )
        kind = self.kind(member["shape"])
        if kind not in (None, "structure", "document", "blob", "string"):
            self.report(
                (*path, "payload"),
                f"payload member {payload!r} is a {kind}; only structure, document, blob and"
                " string payloads are supported",
            )

    def check_operation(self, name: str, operation: dict[str, Any]) -> None:
        path: PathKey = ("operations", name)
        input_ok = "input" in operation and self.reference(
            (*path, "input"), operation["input"], "structure"
        )
        output_ok = "output" in operation and self.reference(
            (*path, "output"), operation["output"], "structure"
        )
        for role in ("input", "output"):
            if role in operation and self.shapes.get(operation[role], {}).get("union"):
                self.report((*path, role), f"{role} shape {operation[role]!r} is a union")
        for index, error in enumerate(operation.get("errors", ())):
            if self.reference((*path, "errors", index), error, "structure") and (
                "error" not in self.shapes[error]
            ):
                self.report((*path, "errors", index), f"shape {error!r} is not an error shape")
        inputs = self.shapes[operation["input"]]["members"] if input_ok else None
        if "input" not in operation:
            inputs = {}  # no member binds a URI label
        outputs = self.shapes[operation["output"]]["members"] if output_ok else None
        if inputs is not None:
            self.check_uri(path, operation, inputs)
            self.check_host_prefix(path, operation, inputs)
            for key in ("request_algorithm_member", "request_validation_mode_member"):
                member = operation.get("http_checksum", {}).get(key)
                if member is not None and member not in inputs:
                    self.report(
                        (*path, "http_checksum", key), f"the input has no member {member!r}"
                    )
        paginator = operation.get("paginator")
        if paginator is None:
            return
        pager: PathKey = (*path, "paginator")
        for role in ("input", "output"):
            if role not in operation:
                self.report(
                    pager, f"an operation without {role} cannot have a paginator", at_key=True
                )
                return
        names = listed(paginator.get("input_token", ()))
        for name in names:
            if name == RESUME_TOKEN_SKIP_KEY:
                self.report(
                    (*pager, "input_token"),
                    f"input_token {RESUME_TOKEN_SKIP_KEY!r} is reserved: resume tokens hold the "
                    "position within a page under that key, beside the input token",
                )
        output = operation["output"]
        tokens = listed(paginator.get("output_token", ()))
        if len(tokens) != len(names):
            self.report(
                (*pager, "output_token"),
                f"{len(tokens)} output tokens for {len(names)} input tokens",
            )
        if inputs is not None:
            for name in names:
                self.check_path(pager, "input_token", name, operation["input"], _TOKEN_KINDS)
            self.check_token(pager, "limit_key", paginator, inputs, operation["input"], "integer")
        if outputs is None:
            return
        for token in tokens:
            # Each alternative of `a || b` is where the token may be.
            for alternative in token.split("||"):
                self.check_path(
                    pager, "output_token", alternative.strip(), output, _TOKEN_KINDS, index=True
                )
        result_keys = listed(paginator.get("result_key", ()))
        for position, key in enumerate(result_keys):
            self.check_path(pager, "result_key", key, output, ("list",) if position == 0 else ())
        if "more_results" in paginator:
            self.check_path(pager, "more_results", paginator["more_results"], output, ("boolean",))
        for index, key in enumerate(paginator.get("non_aggregate_keys", ())):
            if key in result_keys:
                self.report(
                    (*pager, "non_aggregate_keys", index),
                    f"non_aggregate_keys {key!r} is the result key",
                )
            else:
                self.check_path(
                    (*pager, "non_aggregate_keys"), "non_aggregate_keys", key, output, (), at=index
                )

    def check_path(
        self,
        pager: PathKey,
        role: str,
        path: str,
        structure: str,
        kinds: tuple[str, ...],
        *,
        index: bool = False,
        at: int | None = None,
    ) -> None:
        """Reports a paginator key that is no path to a member of `structure` of one of `kinds`
        (any kind when empty)."""
        where: PathKey = (*pager, role) if at is None else (*pager, at)
        try:
            shape = path_shape(self.shapes, structure, path, index=index)
        except ValueError as error:
            self.report(where, f"{role} {error}")
            return
        kind = self.kind(shape)
        if kinds and kind is not None and kind not in kinds:
            expected = " or ".join(f"a {name}" for name in kinds)
            self.report(where, f"{role} {structure}.{path} is a {kind}, expected {expected}")

    def check_waiters(self) -> None:
        waiters = self.spec.data.get("waiters")
        if not isinstance(waiters, dict) or ("waiters",) in self.invalid:
            return
        for name, waiter in waiters.items():
            path: PathKey = ("waiters", name)
            if path in self.invalid:
                continue
            if waiter["operation"] not in self.spec.data["operations"]:
                self.report(
                    (*path, "operation"), f"operation {waiter['operation']!r} does not exist"
                )
            for index, acceptor in enumerate(waiter["acceptors"]):
                if "argument" not in acceptor:
                    continue
                try:
                    compile_expression(acceptor["argument"])
                except ExpressionError as error:
                    self.report(
                        (*path, "acceptors", index, "argument"),
                        f"argument {error}; waiters take the JMESPath subset of botocore's "
                        "waiter models (docs/spec-format.md)",
                    )

    def check_token(
        self,
        path: PathKey,
        key: str,
        paginator: dict[str, Any],
        members: dict[str, Any] | None,
        structure: str,
        kind: str,
    ) -> None:
        if key not in paginator or members is None:
            return
        member = paginator[key]
        if member not in members:
            self.report((*path, key), f"{key} {member!r} is not a member of {structure}")
            return
        actual = self.kind(members[member]["shape"])
        if actual is not None and actual != kind:
            self.report(
                (*path, key), f"{key} {structure}.{member} is a {actual}, expected a {kind}"
            )

    def check_host_prefix(
        self, path: PathKey, operation: dict[str, Any], inputs: dict[str, Any]
    ) -> None:
        """Every `{label}` of the host prefix names an input member marked `host_label`."""
        for label in re.findall(r"\{([^}]*)\}", operation.get("host_prefix", "")):
            if not inputs.get(label, {}).get("host_label"):
                self.report(
                    (*path, "host_prefix"),
                    f"host prefix label {{{label}}} is no host_label member of"
                    f" {operation['input']}",
                )

    def check_uri(self, path: PathKey, operation: dict[str, Any], inputs: dict[str, Any]) -> None:
        labels = re.findall(r"\{([^}+]+)\+?\}", operation["http"]["uri"])
        bound = {
            member.get("location_name", name): name
            for name, member in inputs.items()
            if member.get("location") == "uri"
        }
        for label in labels:
            if label not in bound:
                self.report((*path, "http", "uri"), f"URI label {{{label}}} has no uri member")
        for location_name, member_name in bound.items():
            if location_name not in labels:
                self.report(
                    ("shapes", operation["input"], "members", member_name, "location"),
                    f"uri member {member_name!r} is not a label of {operation['http']['uri']}",
                )

    def check_finite_values(self) -> None:
        """Every shape needs a finite value: no structure may require itself without end.

        A shape is finite when some value of it holds no other value of it: a scalar; a list or
        map allowed to be empty or with a finite member; a structure whose required members are
        all finite; a union with one finite member. Strategies and tests rely on it.
        """
        finite: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, shape in self.shapes.items():
                if name not in finite and self.can_be_finite(shape, finite):
                    finite.add(name)
                    changed = True
        for name in self.shapes:
            if name not in finite:
                self.report(
                    ("shapes", name),
                    f"shape {name!r} has no finite value: each one must contain another",
                    at_key=True,
                )

    def can_be_finite(self, shape: dict[str, Any], finite: set[str]) -> bool:
        def ok(name: str) -> bool:
            # Missing or malformed shapes have their own messages; they do not count here.
            return name in finite or name not in self.shapes

        kind = shape["type"]
        if kind == "list":
            return not shape.get("min") or ok(shape["member"])
        if kind == "map":
            return not shape.get("min") or (ok(shape["key"]) and ok(shape["value"]))
        if kind != "structure":
            return True
        members = shape["members"]
        if shape.get("union"):
            return any(ok(member["shape"]) for member in members.values())
        return all(
            ok(members[name]["shape"])
            for name in shape.get("required", ())
            if name in members and not members[name].get("idempotency_token")
        )

    def check_error_codes(self) -> None:
        """Error shapes have codes of their own (names that agree after conversion are renamed
        by `naming.spec_names`, not refused)."""
        codes: dict[str, str] = {}
        for name, shape in self.shapes.items():
            if "error" in shape:
                code = shape["error"].get("code", name)
                if code in codes:
                    self.report(
                        ("shapes", name, "error"),
                        f"error code {code!r} of {name!r} is also the code of {codes[code]!r}",
                    )
                codes.setdefault(code, name)
