"""The generator's own conformance property: for random valid specs, the generated package's
strategies produce requests its validators accept and responses its dataclasses round-trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import naming
from generator.botocore_import import dump_spec
from tests.hostile import generate_package, load

_WORD = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True)
_PATTERNS = ["[a-z]+", "[A-Za-z0-9][A-Za-z0-9._-]*", "\\S*", "[0-9a-f]{4}(-[0-9a-f]{4})*"]


@st.composite
def _string_shape(draw: st.DrawFn) -> dict[str, Any]:
    shape: dict[str, Any] = {"type": "string"}
    if draw(st.booleans()):
        shape["enum"] = draw(
            st.lists(
                st.text(st.characters(codec="utf-8"), min_size=1, max_size=8),
                min_size=1,
                max_size=4,
                unique=True,  # enum member names that agree are renamed (naming.resolve)
            ).filter(lambda values: all(naming.enum_member_name(v) for v in values))
        )
        return shape
    low = draw(st.integers(0, 3))
    if draw(st.booleans()):
        shape["min"] = low
    if draw(st.booleans()):
        shape["max"] = low + draw(st.integers(4, 40))
    if draw(st.booleans()):
        shape["pattern"] = draw(st.sampled_from(_PATTERNS))
    return shape


@st.composite
def _number_shape(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["integer", "long", "float", "double"]))
    shape: dict[str, Any] = {"type": kind}
    if kind in ("integer", "long"):
        low = draw(st.integers(-100, 100))
        bounds = {"min": low, "max": low + draw(st.integers(0, 1000))}
    else:
        low = draw(st.sampled_from([-1.5, 0.0, 1e-07, 0.5, 3]))
        bounds = {"min": low, "max": low + draw(st.sampled_from([0, 0.25, 1, 100.5]))}
    # Either bound may be left open (an integer's then falls back to the type's width).
    for key in ("min", "max"):
        if draw(st.booleans()):
            shape[key] = bounds[key]
    return shape


_SCALAR = st.one_of(
    _string_shape(),
    _number_shape(),
    st.just({"type": "boolean"}),
    st.just({"type": "timestamp", "timestamp_format": "iso8601"}),
    st.builds(
        lambda low, span: {"type": "blob", "min": low, "max": low + span},
        st.integers(0, 5),
        st.integers(0, 20),
    ),
    st.just({"type": "document"}),
)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid spec: scalar shapes, lists, nested structures, one paginated operation."""
    shapes: dict[str, Any] = {
        "Token": {"type": "string", "min": 1, "max": 64},
        "Limit": {"type": "integer", "min": 1, "max": 50},
        "MapKey": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z]+"},
    }
    for index, scalar in enumerate(draw(st.lists(_SCALAR, min_size=1, max_size=6))):
        shapes[f"Scalar{index}"] = scalar
    for index in range(draw(st.integers(1, 3))):
        names = draw(st.lists(_WORD, min_size=1, max_size=5, unique=True))
        members = {}
        for name in names:
            target = draw(st.sampled_from(sorted(shapes)))
            wrapper = draw(st.sampled_from(["none", "list", "map", "list of lists"]))
            if wrapper == "list of lists":
                shapes[f"{target}Rows{index}{name}"] = {"type": "list", "member": target}
                target = f"{target}Rows{index}{name}"
            if wrapper in ("list", "list of lists"):
                shapes[f"{target}List{index}{name}"] = {
                    "type": "list",
                    "member": target,
                    "max": draw(st.integers(1, 4)),
                }
                target = f"{target}List{index}{name}"
            elif wrapper == "map":
                shapes[f"{target}Map{index}{name}"] = {
                    "type": "map",
                    "key": "MapKey",
                    "value": target,
                    "max": draw(st.integers(1, 4)),
                }
                target = f"{target}Map{index}{name}"
            members[name] = {"shape": target}
        if draw(st.booleans()):  # a structure that holds a list of itself
            shapes[f"Node{index}List"] = {"type": "list", "member": f"Node{index}"}
            members["children"] = {"shape": f"Node{index}List"}
        if draw(st.booleans()):  # a union: exactly one member set
            shapes[f"Node{index}"] = {"type": "structure", "union": True, "members": members}
        else:
            shapes[f"Node{index}"] = {
                "type": "structure",
                "members": members,
                "required": draw(st.lists(st.sampled_from(sorted(members)), unique=True)),
            }
    item = draw(st.sampled_from(sorted(name for name in shapes if name.startswith("Node"))))
    shapes["Items"] = {"type": "list", "member": item}
    request_members = {
        name: {"shape": name, "location": "querystring", "location_name": name}
        for name in draw(
            st.lists(
                st.sampled_from(sorted(n for n in shapes if n.startswith("Scalar"))), unique=True
            )
        )
    }
    shapes["ListThingsRequest"] = {
        "type": "structure",
        "members": {
            **request_members,
            "nextToken": {
                "shape": "Token",
                "location": "querystring",
                "location_name": "nextToken",
            },
            "maxResults": {
                "shape": "Limit",
                "location": "querystring",
                "location_name": "maxResults",
            },
        },
    }
    shapes["ListThingsResponse"] = {
        "type": "structure",
        "members": {"nextToken": {"shape": "Token"}, "items": {"shape": "Items"}},
        "required": ["items"],
    }
    # An operation without output, whose input is its HTTP body (a payload) plus a token.
    shapes["PutThingRequest"] = {
        "type": "structure",
        "payload": "thing",
        "members": {
            "thing": {
                "shape": draw(
                    st.sampled_from([n for n in shapes if n.startswith("Node") and n[4:].isdigit()])
                )
            },
            "clientToken": {
                "shape": "Token",
                "location": "header",
                "location_name": "x-client-token",
                "idempotency_token": True,
            },
        },
        "required": ["thing", "clientToken"],
    }
    return {
        "format": 1,
        "service": {
            "package": "things",
            "service_id": "Things",
            "full_name": "Random Things",
            "api_version": "2026-01-01",
            "protocol": "rest-json",
            "pattern_match": draw(st.sampled_from(["search", "fullmatch"])),
            "provenance": {"source": "hypothesis", "botocore_version": "0"},
        },
        "operations": {
            "ListThings": {
                "http": {"method": "GET", "uri": "/things"},
                "input": "ListThingsRequest",
                "output": "ListThingsResponse",
                "paginator": {
                    "input_token": "nextToken",
                    "output_token": "nextToken",
                    "limit_key": "maxResults",
                    "result_key": "items",
                },
            },
            "PutThing": {"http": {"method": "PUT", "uri": "/thing"}, "input": "PutThingRequest"},
        },
        "shapes": shapes,
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=specs(), data=st.data())
def test_generated_strategies_satisfy_generated_validators_and_dataclasses(
    tmp_path_factory: Any, spec: dict[str, Any], data: st.DataObject
) -> None:
    tmp_path: Path = tmp_path_factory.mktemp("random")
    package = generate_package(tmp_path, dump_spec(spec), "things.yaml")
    registry = load(tmp_path, package, "things")
    operation = registry.OPERATIONS["ListThings"]
    strategies = operation.strategies
    for _ in range(3):
        params = data.draw(strategies.requests())
        operation.validate_request(params)
        params, rule = data.draw(strategies.invalid_requests())
        try:
            operation.validate_request(params)
        except ValueError as error:
            assert [issue.rule for issue in error.issues] == [rule]  # type: ignore[attr-defined]
        else:
            raise AssertionError(f"{params!r} should break {rule}")
        response = data.draw(strategies.responses())
        assert operation.check_response(response) == []
        parsed = operation.response_type.from_dict(response)
        assert parsed.to_dict() == response
        body = data.draw(strategies.wire_responses())
        assert operation.response_type.from_json(body) == operation.response_type.from_dict(
            operation.response_type.from_json(body).to_dict()
        )
        assert operation.check_response(json.loads(body)) == []
    put = registry.OPERATIONS["PutThing"]
    assert put.response_type is None
    request = data.draw(put.strategies.requests())
    put.validate_request(request)
    put.validate_request({key: value for key, value in request.items() if key != "clientToken"})
    request_type = put.request_type
    typed = request_type.from_dict(request)
    assert request_type.from_json(typed.to_json()).thing == typed.thing
    invalid, rule = data.draw(put.strategies.invalid_requests())
    try:
        put.validate_request(invalid)
    except ValueError as error:
        assert [issue.rule for issue in error.issues] == [rule]  # type: ignore[attr-defined]
    else:
        raise AssertionError(f"{invalid!r} should break {rule}")
