"""The generated package says what its spec says: read back from the package, compared with the
spec's own data (loaded here, not through the generator's model), so a template that drops or
changes anything fails here."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generated.errors import RequestValidationError
from generator.check import listed
from tests.helpers import PROJECT

SPECS = {
    path.stem: yaml.safe_load(path.read_text())
    for path in sorted((PROJECT / "specs").glob("*.yaml"))
}


def _module(service: str, name: str) -> ModuleType:
    return importlib.import_module(f"generated.{service}.{name}")


def _data_shapes(spec: dict[str, Any]) -> set[str]:
    """Shapes reachable from operation inputs and outputs (error shapes are not data)."""
    pending = [name for op in spec["operations"].values() for name in (op["input"], op["output"])]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            shape = spec["shapes"][name]
            pending += [member["shape"] for member in shape.get("members", {}).values()]
            pending += [shape["member"]] if shape["type"] == "list" else []
    return seen


def _structures(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        name: spec["shapes"][name]
        for name in sorted(_data_shapes(spec))
        if spec["shapes"][name]["type"] == "structure"
    }


def _expected_type(spec: dict[str, Any], shape_name: str) -> str:
    shape = spec["shapes"][shape_name]
    kind = shape["type"]
    if kind == "string":
        return f"{shape_name} | str" if "enum" in shape else "str"
    if kind == "list":
        return f"tuple[{_expected_type(spec, shape['member'])}, ...]"
    if kind == "structure":
        return shape_name
    return {"integer": "int", "boolean": "bool", "timestamp": "datetime"}[kind]


def _field_docstrings(module: ModuleType, class_name: str) -> dict[str, str]:
    """Attribute docstrings (a string statement right after a field) from the module source."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text())
    (node,) = (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    docs: dict[str, str] = {}
    for previous, statement in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
    return docs


@pytest.mark.parametrize("service", sorted(SPECS))
def test_structures_fields_types_required_flags_and_docs(service: str) -> None:
    spec = SPECS[service]
    models = _module(service, "models")
    for name, shape in _structures(spec).items():
        cls = getattr(models, name)
        fields = dataclasses.fields(cls)
        wire_names = list(shape["members"])
        assert len(fields) == len(wire_names), name
        assert all(field.kw_only for field in fields)
        hints = typing.get_type_hints(cls)  # in the namespace of the module defining it
        docs = _field_docstrings(importlib.import_module(cls.__module__), name)
        for field, member_name in zip(fields, wire_names, strict=True):
            member = shape["members"][member_name]
            required = member_name in shape.get("required", ())
            has_default = field.default is not dataclasses.MISSING
            assert has_default is not required, (name, member_name)
            expected = _expected_type(spec, member["shape"])
            shown = str(hints[field.name]).replace("<class '", "").replace("'>", "")
            # Without the modules' names: `typing.`, `datetime.`, `generated.bedrock._enums.x.`
            shown = re.sub(r"\b(?:[a-z_]\w*\.)+", "", shown)
            expected_shown = expected if required else f"{expected} | None"
            assert shown == expected_shown, (name, member_name)
            if "documentation" in member:
                assert docs[field.name] == inspect.cleandoc(member["documentation"])
        if "documentation" in shape:
            assert inspect.getdoc(cls) == inspect.cleandoc(shape["documentation"])


@pytest.mark.parametrize("service", sorted(SPECS))
def test_enums_and_patterns(service: str) -> None:
    spec = SPECS[service]
    enums = _module(service, "enums")
    patterns = _module(service, "patterns")
    values = [getattr(patterns, name) for name in dir(patterns)]  # compiled on first access
    compiled = {value.pattern for value in values if isinstance(value, re.Pattern)}
    for name, shape in spec["shapes"].items():
        if "enum" in shape:
            assert [member.value for member in getattr(enums, name)] == shape["enum"]
        if "pattern" in shape and name in _data_shapes(spec):
            assert shape["pattern"] in compiled, name
    assert spec["service"]["pattern_match"] == patterns.PATTERN_MATCH


@pytest.mark.parametrize("service", sorted(SPECS))
def test_operations_registry(service: str) -> None:
    spec = SPECS[service]
    registry = importlib.import_module(f"generated.{service}").OPERATIONS
    assert list(registry) == list(spec["operations"])
    for name, operation in spec["operations"].items():
        generated = registry[name]
        assert (generated.http_method, generated.http_uri) == (
            operation["http"]["method"],
            operation["http"]["uri"],
        )
        assert list(generated.errors) == operation.get("errors", [])
        assert generated.documentation == inspect.cleandoc(operation.get("documentation", ""))
        assert generated.request_type.__name__ == operation["input"]
        assert generated.response_type.__name__ == operation["output"]
        pagination = operation.get("paginator")
        assert (generated.pagination is None) == (pagination is None)
        if pagination is not None:
            assert dataclasses.asdict(generated.pagination) == {
                "input_tokens": listed(pagination["input_token"]),
                "output_tokens": listed(pagination["output_token"]),
                "limit_key": pagination.get("limit_key"),
                "result_keys": listed(pagination["result_key"]),
                "more_results": pagination.get("more_results"),
            }


def _rules(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    registry = importlib.import_module(f"generated.{service}").OPERATIONS
    try:
        registry[operation].validate_request(params)
    except RequestValidationError as error:
        return [(issue.path, issue.rule) for issue in error.issues]
    return []


@pytest.mark.parametrize("service", sorted(SPECS))
def test_request_limits_are_the_specs(service: str) -> None:
    """Ranges and lengths of every request member, probed at both sides of each limit."""
    spec = SPECS[service]
    probed = 0
    for name, operation in spec["operations"].items():
        request = spec["shapes"][operation["input"]]
        base = dict.fromkeys(request.get("required", ()), "0123abcd-0123-4567-89ab-0123456789ab")
        if name == "ListTrainedModelVersions":
            base["trainedModelArn"] = (
                "arn:aws:cleanrooms-ml:us-east-1:123456789012:membership/"
                "0123abcd-0123-4567-89ab-0123456789ab/trained-model/m"
            )
        assert _rules(service, name, base) == []
        for member_name, member in request["members"].items():
            shape = spec["shapes"][member["shape"]]
            if shape["type"] == "integer":
                low, high = shape["min"], shape["max"]
                assert _rules(service, name, {**base, member_name: low}) == []
                assert _rules(service, name, {**base, member_name: high}) == []
                assert _rules(service, name, {**base, member_name: low - 1}) == [
                    (member_name, "min")
                ]
                assert _rules(service, name, {**base, member_name: high + 1}) == [
                    (member_name, "max")
                ]
                probed += 1
            elif shape["type"] == "string" and "pattern" not in shape and "enum" not in shape:
                longest = "a" * shape["max"]
                assert _rules(service, name, {**base, member_name: longest}) == []
                too_long = {**base, member_name: longest + "a"}
                assert _rules(service, name, too_long) == [(member_name, "length")]
                probed += 1
    assert probed >= len(spec["operations"])
