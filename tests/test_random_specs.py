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
                unique_by=naming.enum_member_name,
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


_SCALAR = st.one_of(
    _string_shape(),
    st.builds(
        lambda low, span: {"type": "integer", "min": low, "max": low + span},
        st.integers(-100, 100),
        st.integers(0, 1000),
    ),
    st.just({"type": "boolean"}),
    st.just({"type": "timestamp", "timestamp_format": "iso8601"}),
)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid spec: scalar shapes, lists, nested structures, one paginated operation."""
    shapes: dict[str, Any] = {
        "Token": {"type": "string", "min": 1, "max": 64},
        "Limit": {"type": "integer", "min": 1, "max": 50},
    }
    for index, scalar in enumerate(draw(st.lists(_SCALAR, min_size=1, max_size=6))):
        shapes[f"Scalar{index}"] = scalar
    for index in range(draw(st.integers(1, 3))):
        names = draw(st.lists(_WORD, min_size=1, max_size=5, unique_by=naming.field_name))
        members = {}
        for name in names:
            target = draw(st.sampled_from(sorted(shapes)))
            if draw(st.booleans()):
                shapes[f"{target}List{index}{name}"] = {
                    "type": "list",
                    "member": target,
                    "max": draw(st.integers(1, 4)),
                }
                target = f"{target}List{index}{name}"
            members[name] = {"shape": target}
        if draw(st.booleans()):  # a structure that holds a list of itself
            shapes[f"Node{index}List"] = {"type": "list", "member": f"Node{index}"}
            members["children"] = {"shape": f"Node{index}List"}
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
            }
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
