"""The golden record: tests/golden/everything.yaml uses every shape kind and feature of the spec
format (fullmatch.yaml the other `pattern_match`, jsonrpc.yaml the json protocol), and their committed generation (tests/golden/out/, `make golden`) is fresh, imports under
`-W error`, renames hostile names by the documented rules, keeps hostile text, and passes the
whole-service property run, against itself and against botocore (given a model made from the
spec). `make check` runs ruff, black and mypy --strict on it."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from generator.load import load_file
from generator.pipeline import generate, stale_files
from tests.botocore_model import service_model
from tests.helpers import PROJECT, field_docstrings
from tests.whole_services import (
    check_against_botocore,
    check_own_properties,
    import_under_warnings_as_errors,
    load_services,
    module_names,
)

SPECS = PROJECT / "tests" / "golden"
ROOT = SPECS / "out"
PACKAGE = "golden_pkg"
SERVICE = "everything"
EXAMPLES = 10


def _spec(service: str) -> dict[str, Any]:
    # The project's loader, not yaml.safe_load: `NO` and `ON` must stay text.
    loaded, problems = load_file(SPECS / f"{service}.yaml")
    assert problems == []
    data: dict[str, Any] = loaded.data
    return data


ALL_SPECS = {path.stem: _spec(path.stem) for path in sorted(SPECS.glob("*.yaml"))}
SPEC = ALL_SPECS[SERVICE]
ALL_OPERATIONS = [
    (service, name) for service, spec in ALL_SPECS.items() for name in spec["operations"]
]
SHAPES: dict[str, Any] = SPEC["shapes"]
OPERATIONS: dict[str, Any] = SPEC["operations"]


def _schema_enum(*path: str) -> set[str]:
    schema = json.loads((PROJECT / "generator" / "spec_schema.json").read_text())
    node = schema["$defs"]
    for key in path:
        node = node[key]
    return set(node["enum"])


def _members() -> Iterator[dict[str, Any]]:
    for shape in SHAPES.values():
        yield from shape.get("members", {}).values()


def _references(shape: dict[str, Any]) -> list[str]:
    return [
        *(member["shape"] for member in shape.get("members", {}).values()),
        *(shape[key] for key in ("member", "key", "value") if key in shape),
    ]


def _reaches_itself(name: str) -> bool:
    seen: set[str] = set()
    todo = _references(SHAPES[name])
    while todo:
        current = todo.pop()
        if current == name:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(_references(SHAPES[current]))
    return False


def _of_type(kind: str) -> list[dict[str, Any]]:
    return [shape for shape in SHAPES.values() if shape["type"] == kind]


def test_the_fixture_uses_every_shape_kind_and_feature() -> None:
    # Whatever the schema allows, by enumeration: a new kind or format fails this test.
    assert {shape["type"] for shape in SHAPES.values()} == _schema_enum(
        "shape", "properties", "type"
    )
    assert {
        shape["timestamp_format"] for shape in _of_type("timestamp") if "timestamp_format" in shape
    } == _schema_enum("timestampFormat")
    assert any("timestamp_format" not in shape for shape in _of_type("timestamp"))
    assert any("timestamp_format" in member for member in _members())
    assert {m["location"] for m in _members() if "location" in m} == _schema_enum(
        "member", "properties", "location"
    )
    errors = [shape["error"] for shape in _of_type("structure") if "error" in shape]
    assert {error["fault"] for error in errors} == _schema_enum(
        "structure", "properties", "error", "properties", "fault"
    )
    assert any("code" in error for error in errors)
    # Strings: lengths, patterns of each strategy source, enums that YAML 1.1 would change.
    strings = _of_type("string")
    assert any("min" in s and "max" in s and "pattern" in s for s in strings)
    assert any("\\p{" in s.get("pattern", "") for s in strings)
    assert any(s.get("pattern", "").startswith("^") and "(?!" in s["pattern"] for s in strings)
    assert any({"NO", "ON"} <= set(s.get("enum", ())) for s in strings)
    # Numbers: closed, half-open and open ranges; fractional bounds.
    for kind in ("integer", "long"):
        sides = {("min" in shape, "max" in shape) for shape in _of_type(kind)}
        assert {(True, True), (True, False)} <= sides, kind
    assert any("min" not in s and "max" not in s for s in _of_type("integer"))
    for kind in ("float", "double"):
        assert any(isinstance(s.get("min"), float) for s in _of_type(kind)), kind
    assert any("min" in s for s in _of_type("blob"))
    # Lists, maps, structures, unions, recursion, payloads.
    assert any(SHAPES[s["member"]]["type"] == "list" and "min" in s for s in _of_type("list"))
    maps = _of_type("map")
    assert any("pattern" in SHAPES[m["key"]] for m in maps)
    assert any(
        "enum" in SHAPES[m["key"]] and SHAPES[m["value"]]["type"] == "structure" for m in maps
    )
    unions = [name for name, shape in SHAPES.items() if shape.get("union")]
    assert any(_reaches_itself(name) for name in unions)
    assert any(
        _reaches_itself(name)
        for name, s in SHAPES.items()
        if s["type"] == "structure" and not s.get("union")
    )
    payloads = {
        SHAPES[s["members"][s["payload"]]["shape"]]["type"]
        for s in _of_type("structure")
        if "payload" in s
    }
    assert payloads == {"structure", "document", "blob", "string"}
    streams = [s for s in _of_type("structure") if s.get("event_stream")]
    assert streams
    assert any("error" in SHAPES[m["shape"]] for m in streams[0]["members"].values())
    members = [member for s in _of_type("structure") for member in s["members"].values()]
    assert any(member.get("event_payload") for member in members)
    # Members: idempotency tokens, deprecation with and without a message.
    assert any(member.get("idempotency_token") for member in _members())
    deprecated = [member for member in _members() if member.get("deprecated")]
    assert {"deprecated_message" in member for member in deprecated} == {True, False}
    # Operations: without output, without paginator, paginators with and without a limit key.
    assert any("output" not in operation for operation in OPERATIONS.values())
    assert any("output" in op and "paginator" not in op for op in OPERATIONS.values())
    paginators = [op["paginator"] for op in OPERATIONS.values() if "paginator" in op]
    assert {"limit_key" in paginator for paginator in paginators} == {True, False}
    # Services: each way of applying patterns.
    assert {spec["service"]["pattern_match"] for spec in ALL_SPECS.values()} == _schema_enum(
        "service", "properties", "pattern_match"
    )
    # Each protocol (jsonrpc.yaml: json), with an operation without input and an error without
    # an HTTP status.
    assert {spec["service"]["protocol"] for spec in ALL_SPECS.values()} == _schema_enum(
        "service", "properties", "protocol"
    )
    every_operation = [op for spec in ALL_SPECS.values() for op in spec["operations"].values()]
    assert any("input" not in operation for operation in every_operation)
    every_error = [
        shape["error"]
        for spec in ALL_SPECS.values()
        for shape in spec["shapes"].values()
        if "error" in shape
    ]
    assert any("http_status" not in error for error in every_error)


def test_committed_golden_record_equals_a_fresh_generation() -> None:
    assert stale_files(generate(SPECS, package=PACKAGE), ROOT / PACKAGE) == []


def test_every_module_imports_under_warnings_as_errors() -> None:
    for service in ALL_SPECS:
        assert f"{PACKAGE}.{service}.strategies" in module_names(ROOT, PACKAGE)
    assert import_under_warnings_as_errors(ROOT, PACKAGE) == ""


def test_a_service_without_enums_errors_or_paginators_imports_only_what_it_uses() -> None:
    spec = ALL_SPECS["fullmatch"]
    assert not any("enum" in shape or "error" in shape for shape in spec["shapes"].values())
    assert not any("paginator" in operation for operation in spec["operations"].values())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "F401",
            str(ROOT / PACKAGE / "fullmatch"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def _module(name: str) -> Any:
    return load_services(ROOT, PACKAGE, [name])[name]


def test_a_member_of_the_host_prefix_must_be_a_host_label() -> None:
    # "abc:def" has a match of ThingId's pattern, but botocore would not put it in a host name.
    operation = _module(SERVICE).OPERATIONS["ListEvents"]
    errors = _module("errors")
    with pytest.raises(errors.RequestValidationError) as caught:
        operation.validate_request({"from": "abc:def"})
    assert [(issue.path, issue.rule) for issue in caught.value.issues] == [("from", "host_label")]
    operation.validate_request({"from": "abc-def.g"})


def test_hostile_names_are_renamed_by_the_documented_rules() -> None:
    models = _module(f"{SERVICE}.models")
    names = [field.name for field in fields(models.Thing)]
    assert names[-6:] == ["from_", "class_", "match_", "type_", "field_2nd_place", "count"]
    assert {field.name for field in fields(models.None_)} == {"at", "kind", "detail"}
    request = {"from": "thing-1", "startingAfter": "t"}
    assert models.ListEventsRequest.from_dict(request).from_ == "thing-1"
    enums = _module(f"{SERVICE}.enums")
    assert {member.name: member.value for member in enums.Status} == {
        "ACTIVE": "ACTIVE",
        "NO": "NO",
        "ON": "ON",
        "OFF": "off",
        "YES": "yes",
        "IN_PROGRESS": "in-progress",
        "VALUE_2XX": "2xx",
        "FULL": "\uff26\uff35\uff2c\uff2c",
    }


def test_hostile_documentation_comes_back_unchanged() -> None:
    models = _module(f"{SERVICE}.models")
    service = _module(SERVICE)
    assert inspect.getdoc(service) == inspect.cleandoc(SPEC["service"]["documentation"])
    assert inspect.getdoc(models.Thing) == inspect.cleandoc(SHAPES["Thing"]["documentation"])
    for name, operation in service.OPERATIONS.items():
        expected = OPERATIONS[name].get("documentation", "")
        assert operation.documentation == inspect.cleandoc(expected)
    docs = field_docstrings(Path(inspect.getfile(models.Thing)), "Thing")
    assert docs["name"] == SHAPES["Thing"]["members"]["name"]["documentation"]
    # Deprecated members: the note ends the docstring, with the message when there is one.
    assert docs["old_name"] == "Deprecated."
    message = SHAPES["Thing"]["members"]["legacyId"]["deprecated_message"]
    assert docs["legacy_id"] == f"Deprecated. {message}"


_IDS = [f"{service}.{name}" for service, name in ALL_OPERATIONS]


@pytest.mark.parametrize(("service", "name"), ALL_OPERATIONS, ids=_IDS)
def test_operation_properties(service: str, name: str) -> None:
    check_own_properties(_module(service).OPERATIONS[name], examples=EXAMPLES)


@pytest.mark.parametrize(("service", "name"), ALL_OPERATIONS, ids=_IDS)
def test_operation_agrees_with_botocore(service: str, name: str) -> None:
    # botocore does not ship these services: their models are made from the specs.
    operation_model = service_model(ALL_SPECS[service]).operation_model(name)
    check_against_botocore(_module(service).OPERATIONS[name], operation_model, examples=EXAMPLES)


def test_stubs_conform() -> None:
    """The paginated operations' stubs serve what the conformance checker accepts."""
    stubs = _module(f"{SERVICE}.stubs")
    conformance = _module("conformance")
    clients: list[Any] = []

    # Stubs are drawn first, then checked: check_client runs Hypothesis itself, not nested.
    @settings(max_examples=3, database=None)
    @given(client=stubs.stub_clients(max_items=12))
    def collect(client: Any) -> None:
        clients.append(client)

    collect()
    assert len(clients) == 3
    for client in clients:
        assert sorted(client.listings) == ["ListEvents", "ListRows", "ListThings"]
        report = conformance.check_client(
            client, SERVICE, examples=3, max_pages=20, operations=list(client.listings)
        )
        assert report.violations == [], report
        assert set(report.cases) == {
            (operation, phase) for operation in client.listings for phase in conformance.PHASES
        }
        # Every constraint of the input counts, nested ones too, and every one was tried but
        # the tokens' (only the service issues them; a made-up one is refused as forged).
        for name in client.listings:
            constraints = {(c.member, c.rule) for c in _operation(name).strategies.constraints}
            exercised, total = report.coverage[name]
            assert total == len(constraints)
            assert {member for member, _ in constraints - exercised} <= {"nextToken"}
    nested = {c.member for c in _operation("ListEvents").strategies.constraints if len(c.path) > 1}
    assert nested == {"filter.andAll", "filter.orAll", "filter.equals.key", "filter.equals.value"}


def _operation(name: str) -> Any:
    return _module(SERVICE).OPERATIONS[name]


def test_a_fake_that_accepts_everything_is_caught_inside_nested_structures() -> None:
    """The boundary phase probes the union filter of ListEvents and the key inside it."""
    stubs = _module(f"{SERVICE}.stubs")
    conformance = _module("conformance")

    class AcceptsEverything(stubs.StubClient):  # type: ignore[misc]
        def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
            return {"events": [], "ResponseMetadata": {"HTTPStatusCode": 200}}

    client = AcceptsEverything({"ListThings": [], "ListEvents": []})
    report = conformance.check_client(
        client, SERVICE, phases=["boundary"], operations=["ListEvents"]
    )
    found = {(v.path, v.rule): v for v in report.violations}
    assert {
        ("filter.andAll", "length"),
        ("filter.equals.key", "length"),
        ("filter.equals.key", "required"),
        ("filter.equals.value", "required"),
    } <= set(found)
    lengths = [v.request for v in report.violations if v.path == "filter.equals.key"]
    assert sorted(len(request["filter"]["equals"].get("key", "")) for request in lengths) == [
        0,  # required: left out
        0,  # one shorter than the minimum of 1
        101,  # one longer than the maximum of 100
    ]
    for request in lengths:  # in the smallest request around it
        assert set(request) == {"from", "filter"}
        assert set(request["filter"]) == {"equals"}
    exercised, total = report.coverage["ListEvents"]
    assert total == len(_operation("ListEvents").strategies.constraints) == 9
    assert ("filter.equals.key", "length") in exercised


def test_a_streamed_payloads_length_is_probed_with_bytes_that_every_case_sends_whole() -> None:
    """PutThumbnail's image is a streaming blob payload of at most 64 bytes. botocore checks no
    blob's length and sends a seekable stream from where it stands, so the boundary cases hold
    the payload as bytes: 0 and 64 accepted, 65 refused, each case's bytes sent whole (a stream
    drawn once would reach the service empty from the second case built on it)."""
    stubs = _module(f"{SERVICE}.stubs")
    conformance = _module("conformance")
    received: list[tuple[bytes, bytes]] = []  # (what was sent, what the validator judged)

    class AcceptsEverything(stubs.StubClient):  # type: ignore[misc]
        def _stream(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
            image = params.get("image", b"")
            if isinstance(image, bytes):
                received.append((image, image))
            else:  # as botocore sends a stream: from where it stands
                received.append((image.read(), image.getvalue()))
            return {"ResponseMetadata": {"HTTPStatusCode": 200}}

    report = conformance.check_client(
        AcceptsEverything({}, {"PutThumbnail": {}}),
        SERVICE,
        phases=["boundary"],
        operations=["PutThumbnail"],
    )
    lengths = [
        (case.valid, case.request["image"])
        for case in conformance.boundary_cases(_operation("PutThumbnail"))
        if case.constraint == ("image", "length")
    ]
    assert lengths == [(True, b""), (True, b"a" * 64), (False, b"a" * 65)]
    assert len(received) > len(lengths)
    assert all(sent == judged for sent, judged in received)
    (violation,) = [v for v in report.violations if (v.path, v.rule) == ("image", "length")]
    assert violation.request["image"] == b"a" * 65
    exercised, total = report.coverage["PutThumbnail"]
    assert ("image", "length") in exercised
    assert total == len(_operation("PutThumbnail").strategies.constraints)


def test_boundary_cases_reach_every_constraint_and_are_what_they_mean() -> None:
    """Every operation of the golden service (strings, integers, longs, lists, maps, required
    members, at the top and nested in structures, lists of lists, maps' keys and values, a
    recursive union and a recursive tree): every constraint is probed, and each case is valid or
    breaks its constraint where it says, by the validator, in the smallest valid request that
    holds that place (no optional member left that the place does not need)."""
    conformance = _module("conformance")
    service = _module(SERVICE)
    errors = _module("errors")
    probed: set[str] = set()
    for operation in service.OPERATIONS.values():
        constraints = {(c.member, c.rule) for c in operation.strategies.constraints}
        cases = conformance.boundary_cases(operation)
        assert {case.constraint for case in cases} == constraints, operation.name
        for (member, rule), valid, request, path in cases:
            probed.add(rule)
            try:
                operation.validate_request(request)
            except errors.RequestValidationError as error:
                assert not valid, (operation.name, member, rule, request)
                assert (path, rule) in {(i.path, i.rule) for i in error.issues}
            else:
                assert valid, (operation.name, member, rule, request)
                extra = [n for n in _optional_members(operation, request) if n not in path]
                assert extra == [], (operation.name, member, rule, path, request)
    assert probed == {"required", "length", "min", "max", "pattern", "enum"}
    # A list's and a map's sizes: min, max, min-1, max+1 items.
    search = service.OPERATIONS["Search"]
    sizes = [
        (valid, len(request[member]))
        for (member, rule), valid, request, _ in conformance.boundary_cases(search)
        if rule == "length" and member in ("weights", "tags")
    ]
    assert sizes == [
        *((True, 1), (True, 3), (False, 0), (False, 4)),  # weights, a list of 1 to 3
        *((True, 1), (True, 5), (False, 0), (False, 6)),  # tags, a map of 1 to 5
    ]
    # Nested ones: inside a structure, a list of lists, a map's keys and values, a union; each
    # member of each shape at its shallowest place (so a recursive shape is entered once).
    members = [c.member for c in search.strategies.constraints]
    assert list(dict.fromkeys(members)) == [
        *("query", "clientToken", "weights", "tags", "metrics", "pageLimit", "filter.andAll"),
        *("filter.orAll", "tree.value", "tree.children", "weights[]", "tags (key)", "tags[*]"),
        *("metrics (key)", "filter.equals.key", "filter.equals.value", "weights[][]"),
        "metrics[*].value",
    ]
    sized = {
        member: [(valid, len(_at(request, path))) for (_, rule), valid, request, path in cases]
        for member in ("filter.andAll", "tree.children", "weights[]")
        for cases in [
            [
                case
                for case in conformance.boundary_cases(search)
                if case.constraint == (member, "length")
            ]
        ]
    }
    assert sized == {
        "filter.andAll": [(True, 2), (True, 3), (False, 1), (False, 4)],
        "tree.children": [(True, 0), (True, 3), (False, 4)],
        "weights[]": [(True, 2), (True, 4), (False, 1), (False, 5)],
    }
    (missing,) = [
        case.request
        for case in conformance.boundary_cases(search)
        if case.constraint == ("metrics[*].value", "required")
    ]
    assert len(missing["metrics"]) == 1
    assert list(missing["metrics"].values()) == [{}]
    put_thing = service.OPERATIONS["PutThing"]
    statuses = [
        case.request
        for case in conformance.boundary_cases(put_thing)
        if case.constraint == ("thing.status", "enum")
    ]
    assert [request["thing"]["status"] for request in statuses] == [
        *SHAPES["Status"]["enum"],
        "NotAnEnumValue",
    ]
    assert all(set(request) == {"thingId", "thing"} for request in statuses)
    assert all(set(request["thing"]) == {"name", "status"} for request in statuses)


_MEMBER_NAMES = {name for shape in SHAPES.values() for name in shape.get("members", ())}


def _optional_members(operation: Any, request: Any) -> set[str]:
    """The structure members anywhere in `request` whose removal leaves it valid (by name: the
    golden spec's member names are not its maps' keys)."""
    found: set[str] = set()

    def walk(value: Any, rebuild: Any) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, lambda new, i=index: rebuild([*value[:i], new, *value[i + 1 :]]))
        elif isinstance(value, dict):
            for key, item in value.items():
                fewer = {k: v for k, v in value.items() if k != key}
                try:
                    operation.validate_request(rebuild(fewer))
                except ValueError:
                    pass
                else:
                    if key in _MEMBER_NAMES:
                        found.add(key)
                walk(item, lambda new, k=key: rebuild({**value, k: new}))

    walk(request, lambda new: new)
    return found


def _at(request: dict[str, Any], path: str) -> Any:
    """The value at a validator's path of plain names and indexes (`filter.andAll`, `weights[0]`)."""
    value: Any = request
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        value = value[name] if name else value[int(index)]
    return value


def _depth(node: dict[str, Any]) -> int:
    return 1 + max((_depth(child) for child in node.get("children", [])), default=0)


@settings(max_examples=200, deadline=None, database=None)
@given(st.data())
def test_a_structure_that_holds_itself_is_drawn_to_a_bounded_depth(data: st.DataObject) -> None:
    """TreeNode's children are TreeNodes: past `_MAX_NESTING` levels a draw gets its required
    members alone, so that its size is bounded; up to there, nodes have children."""
    strategies, nesting = _module(f"{SERVICE}.strategies"), _module("nesting")
    tree = data.draw(strategies.TREE_NODE_DICTS)
    assert _depth(tree) <= nesting.MAX_NESTING + 1
    assert nesting.depth() == 0  # the draw unwound the depth it counted


def _with_children(node: dict[str, Any]) -> int:
    """How many nodes of the tree have their optional member (drawn whole)."""
    children = node.get("children")
    return (children is not None) + sum(_with_children(child) for child in children or ())


@settings(max_examples=100, deadline=None, database=None)
@given(st.data())
def test_a_test_case_draws_a_bounded_number_of_such_structures_whole(data: st.DataObject) -> None:
    strategies, nesting = _module(f"{SERVICE}.strategies"), _module("nesting")
    trees = [data.draw(strategies.TREE_NODE_DICTS) for _ in range(4)]
    assert sum(_with_children(tree) for tree in trees) <= nesting.MAX_NESTED


def test_each_test_case_starts_the_count_afresh() -> None:
    strategies, nesting = _module(f"{SERVICE}.strategies"), _module("nesting")
    forest = st.lists(strategies.TREE_NODE_DICTS, min_size=40, max_size=40)
    unshrunk = settings(phases=[Phase.generate], database=None)
    # 40 trees spend the count: the roots past MAX_NESTED get their required members alone.
    spent = find(forest, lambda trees: True, settings=unshrunk)
    assert not any("children" in tree for tree in spent[nesting.MAX_NESTED :])
    fresh = find(strategies.TREE_NODE_DICTS, lambda tree: "children" in tree, settings=unshrunk)
    assert "children" in fresh


def test_a_structure_that_holds_itself_reaches_the_nesting_bound() -> None:
    strategies, nesting = _module(f"{SERVICE}.strategies"), _module("nesting")
    deepest = find(strategies.TREE_NODE_DICTS, lambda tree: _depth(tree) > nesting.MAX_NESTING)
    assert _depth(deepest) == nesting.MAX_NESTING + 1
