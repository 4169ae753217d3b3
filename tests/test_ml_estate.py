"""The ML estate's sample inside `make test`: a SageMaker subset (the json protocol) imported from
botocore, generated into a temporary directory, imported under `-W error`, `mypy --strict`, and
the property run of tests/ml_estate.py on each operation (`make test-ml-estate` runs every
operation of every service)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from moto import mock_aws

from tests.helpers import edited_model
from tests.ml_estate import (
    PACKAGE,
    Imported,
    census,
    import_estate,
    mypy_strict,
)
from tests.whole_services import (
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
)

EXAMPLES = 5
# What the json protocol's SageMaker uses: a paginator with non-aggregate keys (Search), ones
# with a limit key, a waiter's operation, an operation without output, timestamps as epoch
# seconds, big nested structures and maps; the list operations are moto's too.
SAGEMAKER = [
    "Search",
    "ListTrainingJobs",
    "ListModels",
    "ListEndpoints",
    "ListExperiments",
    "DescribeEndpoint",
    "DeleteModel",
    "CreateTrainingJob",
    "AddTags",
]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Imported]]:
    root = tmp_path_factory.mktemp("ml-estate")
    imported = import_estate(root / "specs", ("sagemaker",), SAGEMAKER)
    generate_package(root / "specs", root, PACKAGE)
    return root, imported


def test_the_sample_imports_with_its_paginators_and_waiters(
    estate: tuple[Path, list[Imported]],
) -> None:
    _, imported = estate
    (sagemaker,) = imported
    assert (sagemaker.package, sagemaker.operations, sagemaker.paginators) == ("sagemaker", 9, 5)
    assert sagemaker.left_out == {} == sagemaker.paginators_left_out
    assert sagemaker.waiters == 2  # DescribeEndpoint's EndpointDeleted and EndpointInService
    assert census(imported).splitlines()[0] == (
        "sagemaker: 9 operations imported (whole), 5 paginators, 2 waiters"
    )
    search = load_services(estate[0], PACKAGE, ("sagemaker",))["sagemaker"].OPERATIONS["Search"]
    assert search.pagination is not None
    assert search.pagination.result_keys == ("Results",)


def test_a_refusal_is_listed_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown_protocol(data: dict[str, Any]) -> None:
        del data["metadata"]["protocols"]  # else botocore refuses it before the importer
        data["metadata"]["protocol"] = "made-up"

    edited_model(monkeypatch, unknown_protocol, "translate")
    (refused,) = import_estate(tmp_path, ("translate",))
    assert refused.package == ""
    assert census([refused]) == (
        "translate: refused: service translate: protocol 'made-up' is not supported; spec format"
        " 1 covers rest-json, json, rest-xml, query, ec2 and smithy-rpc-v2-cbor"
    )


def test_every_module_imports_under_warnings_as_errors(
    estate: tuple[Path, list[Imported]],
) -> None:
    assert import_under_warnings_as_errors(estate[0], PACKAGE) == ""


def test_the_package_passes_mypy_strict(estate: tuple[Path, list[Imported]]) -> None:
    assert mypy_strict(estate[0]) == ""


# Search's results hold every SageMaker resource: its property run is make test-ml-estate's.
@pytest.mark.parametrize("name", [name for name in SAGEMAKER if name != "Search"])
def test_operation_properties(estate: tuple[Path, list[Imported]], name: str) -> None:
    operation = load_services(estate[0], PACKAGE, ("sagemaker",))["sagemaker"].OPERATIONS[name]
    check_operation("sagemaker", operation, examples=EXAMPLES)


# The SageMaker operations of the sample that moto 5.2.5 implements, which the checker runs.
MOTO = ["ListModels", "ListTrainingJobs", "ListEndpoints", "ListExperiments"]


@mock_aws
def test_moto_sagemaker_breaks_the_contract_phase_by_phase(
    estate: tuple[Path, list[Imported]],
) -> None:
    load_services(estate[0], PACKAGE, ("sagemaker",))
    conformance = importlib.import_module(f"{PACKAGE}.conformance")
    client = boto3.client(
        "sagemaker", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    for index in range(3):
        client.create_model(
            ModelName=f"model-{index}",
            ExecutionRoleArn="arn:aws:iam::123456789012:role/sagemaker",
            PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"},
        )
        client.create_experiment(ExperimentName=f"experiment-{index}")
    report = conformance.check_client(client, "sagemaker", examples=3, operations=MOTO)
    found = {(v.phase, v.operation, v.path, v.rule) for v in report.violations}
    by_phase = {phase: {f[1:] for f in found if f[0] == phase} for phase in conformance.PHASES}
    # Boundary: moto accepts what the model refuses (MaxResults 0 everywhere and 101 but in
    # ListTrainingJobs, enum values that are none, names too long or off their pattern)...
    assert {
        *((name, "MaxResults", "min") for name in MOTO),
        *((name, "MaxResults", "max") for name in MOTO if name != "ListTrainingJobs"),
        ("ListModels", "SortBy", "enum"),
        ("ListModels", "SortOrder", "enum"),
        ("ListEndpoints", "StatusEquals", "enum"),
        ("ListExperiments", "SortBy", "enum"),
        ("ListTrainingJobs", "WarmPoolStatusEquals", "enum"),
        ("ListModels", "NameContains", "length"),
        ("ListModels", "NameContains", "pattern"),
        ("ListTrainingJobs", "TrainingPlanArnEquals", "pattern"),
        ("ListModels", "NextToken", "length"),
    } <= by_phase["boundary"]
    # ... answers the limit with a ValidationException, an error SageMaker's operations do not
    # declare, as it answers forged tokens (InvalidToken too), and refuses a StatusEquals the
    # model allows ('Deleting').
    assert {
        ("ListTrainingJobs", "MaxResults", "undeclared-error"),
        ("ListTrainingJobs", "NextToken", "undeclared-error"),
        ("ListExperiments", "NextToken", "undeclared-error"),
        ("ListTrainingJobs", "", "rejected"),
    } <= by_phase["boundary"]
    rejected = [v.request for v in report.violations if v.rule == "rejected"]
    assert {"StatusEquals": "Deleting"}.items() <= rejected[0].items()
    # Positive: every answer moto gives a valid request passes check_response.
    assert by_phase["positive"] == set()
    # Negative: generated invalid requests it accepts: timestamps that are none, a number for
    # a name.
    assert {
        ("ListModels", "CreationTimeAfter", "timestamp"),
        ("ListEndpoints", "SortBy", "type"),
    } <= by_phase["negative"]
    # Pagination: ListModels ignores MaxResults (PageSize 1 and 2 read three models a page).
    assert by_phase["pagination"] == {("ListModels", "MaxResults", "page-size")}
