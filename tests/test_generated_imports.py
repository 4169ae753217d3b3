"""Every generated module imports cleanly with warnings as errors."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys

import pytest

from generator.pipeline import load_services
from tests.helpers import PROJECT

MODULES = sorted(
    ".".join(path.relative_to(PROJECT).with_suffix("").parts).removesuffix(".__init__")
    for path in (PROJECT / "generated").rglob("*.py")
)


def test_every_generated_module_imports_under_warnings_as_errors() -> None:
    assert "generated.bedrock.enums" in MODULES
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, *MODULES],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_operations_registry_lists_the_five_operations() -> None:
    from generated import bedrock, cleanroomsml

    assert list(bedrock.OPERATIONS) == ["ListCustomModels", "ListModelCustomizationJobs"]
    assert list(cleanroomsml.OPERATIONS) == [
        "ListTrainedModels",
        "ListTrainedModelVersions",
        "ListTrainedModelInferenceJobs",
    ]
    operation = bedrock.OPERATIONS["ListCustomModels"]
    assert operation.python_name == "list_custom_models"
    assert operation.http_method == "GET"
    assert operation.http_uri == "/custom-models"
    assert operation.pagination is not None
    assert operation.pagination.result_key == "modelSummaries"
    assert "custom models" in operation.documentation
    assert cleanroomsml.OPERATIONS["ListTrainedModelVersions"].python_name == (
        "list_trained_model_versions"
    )


def test_each_operation_names_the_functions_the_generator_defines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(PROJECT / "tests" / "golden" / "out"))
    for specs, package in (("specs", "generated"), ("tests/golden", "golden_pkg")):
        for service in load_services(PROJECT / specs):
            records = importlib.import_module(f"{package}.{service.package}").OPERATIONS
            for built in service.operations:
                record = records[built.name]
                assert record.validate_request_name == built.validate_function
                assert record.check_response_name == built.check_response_function
                paginator = built.paginator
                assert record.paginator_name == (paginator and paginator.function)
                assert record.async_paginator_name == (paginator and paginator.async_function)


def test_the_hypothesis_floor_make_test_runs_is_the_one_declared() -> None:
    (floor,) = re.findall(r"^HYPOTHESIS_FLOOR := (\S+)$", (PROJECT / "Makefile").read_text(), re.M)
    requirement = f"hypothesis>={floor}"
    assert requirement in (PROJECT / "README.md").read_text(encoding="utf-8")
    for path in (PROJECT / "generated").glob("*/strategies.py"):
        module = ast.parse(path.read_text(encoding="utf-8"))
        assert f"Needs {requirement} " in (ast.get_docstring(module) or ""), path
