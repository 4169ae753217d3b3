"""Whole Bedrock and Clean Rooms ML in `make test`: both services imported from botocore and
generated once per session into a temporary directory, every module imported under `-W error`,
mypy --strict on the package, and the property check of tests/whole_services.py on a
deterministic sample of operations (`make test-all` checks every operation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from botocore.loaders import Loader

from tests.whole_services import (
    PACKAGE,
    SERVICES,
    check_operation,
    generate_package,
    import_specs,
    import_under_warnings_as_errors,
    load_services,
    sample,
)

EXAMPLES = 5
# Operations that use what the five committed ones do not, then an even spread of the rest.
CHOSEN = [
    ("bedrock", "ExportAutomatedReasoningPolicyVersion"),  # output payload
    ("bedrock", "StartAutomatedReasoningPolicyBuildWorkflow"),  # union, input payload, header
    ("bedrock", "PutUseCaseForModelAccess"),  # blob
    ("bedrock", "CreateModelCustomizationJob"),  # map, idempotency token
    ("bedrock", "CreateEvaluationJob"),  # recursive union, documents, floats
    ("bedrock", "ListEnforcedGuardrailsConfiguration"),  # paginator without a limit key
    ("cleanroomsml", "DeleteTrainedModelOutput"),  # no output
    ("cleanroomsml", "GetMLInputChannel"),  # long, double
    ("cleanroomsml", "CreateTrainedModel"),  # maps with patterned keys
]


def _botocore_model(service: str) -> dict[str, Any]:
    model: dict[str, Any] = Loader().load_service_model(service, "service-2")
    return model


def _botocore_operations() -> list[tuple[str, str]]:
    return [
        (service, name)
        for service in SERVICES
        for name in sorted(_botocore_model(service)["operations"])
    ]


SAMPLED = CHOSEN + [item for item in sample(_botocore_operations(), 8) if item not in CHOSEN]


@pytest.fixture(scope="session")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("whole")
    notes = import_specs(root / "specs")
    assert notes == []  # no paginator of the two services is left out
    generate_package(root / "specs", root)
    return root


def _spec(root: Path, service: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "specs" / f"{service}.yaml").read_text())
    return data


def test_specs_hold_every_operation_and_paginator(whole: Path) -> None:
    for service in SERVICES:
        spec = _spec(whole, service)
        model = _botocore_model(service)
        paginators = Loader().load_service_model(service, "paginators-1")["pagination"]
        assert list(spec["operations"]) == list(model["operations"])
        assert {
            name for name, operation in spec["operations"].items() if "paginator" in operation
        } == set(paginators)


def test_specs_use_every_kind_the_five_operations_do_not(whole: Path) -> None:
    shapes = {
        name: shape
        for service in SERVICES
        for name, shape in _spec(whole, service)["shapes"].items()
    }
    kinds = {shape["type"] for shape in shapes.values()}
    assert {"map", "blob", "document", "long", "float", "double"} <= kinds
    structures = [shape for shape in shapes.values() if shape["type"] == "structure"]
    assert sum(bool(shape.get("union")) for shape in structures) == 37
    assert sum("payload" in shape for shape in structures) == 2
    members = [member for shape in structures for member in shape["members"].values()]
    assert any(member.get("idempotency_token") for member in members)
    assert any(member.get("deprecated") for member in members)
    assert any(member.get("location") == "header" for member in members)
    without_output = [
        name
        for name, operation in _spec(whole, "cleanroomsml")["operations"].items()
        if "output" not in operation
    ]
    assert "DeleteTrainedModelOutput" in without_output
    assert len(without_output) == 15


def test_every_module_imports_under_warnings_as_errors(whole: Path) -> None:
    assert import_under_warnings_as_errors(whole) == ""


def test_package_passes_mypy_strict(whole: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(whole / ".mypy"), PACKAGE],
        cwd=whole,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_operations_without_output_have_no_response_type(whole: Path) -> None:
    operation = load_services(whole)["cleanroomsml"].OPERATIONS["DeleteTrainedModelOutput"]
    assert operation.response_type is None
    assert operation.check_response({"ResponseMetadata": {}}) == []
    assert [issue.rule for issue in operation.check_response({"surprise": 1})] == ["unknown"]


@pytest.mark.parametrize(("service", "name"), SAMPLED, ids=[f"{s}.{n}" for s, n in SAMPLED])
def test_sampled_operation_properties(whole: Path, service: str, name: str) -> None:
    operation = load_services(whole)[service].OPERATIONS[name]
    check_operation(service, operation, examples=EXAMPLES)
