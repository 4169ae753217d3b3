"""The pytest plugin (generated.pytest_plugin), run with pytester against the generated stub
clients, a broken fake, moto's server and an endpoint that does not answer."""

from __future__ import annotations

import socket
import urllib.request
from typing import Any

import boto3
import pytest

pytest_plugins = ["pytester"]

CONFTEST = 'pytest_plugins = ["generated.pytest_plugin"]\n'
IDS = [
    "contract::bedrock::ListCustomModels",
    "contract::bedrock::ListModelCustomizationJobs",
    "contract::cleanroomsml::ListTrainedModels",
    "contract::cleanroomsml::ListTrainedModelVersions",
    "contract::cleanroomsml::ListTrainedModelInferenceJobs",
]


@pytest.fixture
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
    }.items():
        monkeypatch.setenv(name, value)


def _lines(*lines: str) -> list[str]:
    """fnmatch patterns of `lines`, where only `*` is a wildcard (`[0]` is text)."""
    return [line.replace("[", "[[]") for line in lines]


def _collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("contract::")]


def test_without_its_options_the_plugin_adds_no_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile("def test_mine(): pass\n")
    result = pytester.runpytest("--collect-only", "-q")
    assert _collected(result) == []
    assert result.outlines[0].endswith(".py::test_mine")


def test_one_test_per_operation_of_the_services_named(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest(
        "--collect-only", "-q", "--contract-service", "cleanroomsml", "--contract-service=bedrock"
    )
    # In the package's order, whatever the order named; a comma list names the same.
    assert _collected(result) == IDS
    again = pytester.runpytest("--collect-only", "-q", "--contract-service", "cleanroomsml,bedrock")
    assert _collected(again) == IDS
    only = pytester.runpytest("--collect-only", "-q", "--contract-service", "cleanroomsml")
    assert _collected(only) == IDS[2:]
    selected = pytester.runpytest(
        "--collect-only", "-q", "--contract-service=bedrock", "-k", "ListCustomModels"
    )
    assert _collected(selected) == IDS[:1]
    selected.stdout.fnmatch_lines(["1/2 tests collected (1 deselected)*"])


def test_an_unknown_service_or_no_examples_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest("--contract-service", "bedrock,s3")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--contract-service: unknown service s3; expected one of bedrock, cleanroomsml"]
    )
    result = pytester.runpytest("--contract-service", "bedrock", "--contract-examples", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--contract-examples: at least 1"])
    result = pytester.runpytest("--contract-service", "bedrock", "--contract-phases", "edge")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*--contract-phases: unknown phase edge; expected boundary, positive, negative, pagination"
        ]
    )


def test_the_stub_clients_pass_every_operation(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest(
        "-v", "--contract-service=bedrock,cleanroomsml", "--contract-examples=3"
    )
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines([f"{test_id} PASSED*" for test_id in IDS])


def test_the_stub_client_fixture(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile("""
        def test_stubs(contract_stub_client):
            client = contract_stub_client("bedrock")
            assert all(client.listings.values())
            assert client.listings == contract_stub_client("bedrock").listings  # a fixed seed
            page = client.list_custom_models(maxResults=1)
            assert page["modelSummaries"] == client.listings["ListCustomModels"][:1]
            assert client.calls == [("ListCustomModels", {"maxResults": 1})]
            assert set(contract_stub_client("cleanroomsml").listings) == {
                "ListTrainedModels", "ListTrainedModelVersions", "ListTrainedModelInferenceJobs"
            }
        """)
    pytester.runpytest().assert_outcomes(passed=1)


def test_each_test_fails_with_its_operations_violations_and_reproducers(
    pytester: pytest.Pytester,
) -> None:
    # A fake whose ListCustomModels answers with a model name of the wrong type, and whose
    # other operation raises: the conftest overrides the clients the tests check.
    pytester.makeconftest(CONFTEST + """
import pytest

MADE = []


class Fake:
    def list_model_customization_jobs(self, **params):
        raise RuntimeError("no jobs here\\nnor there")

    def list_custom_models(self, **params):
        return {"modelSummaries": [{"modelArn": "x", "modelName": 5, "creationTime": 0}]}


@pytest.fixture(scope="session")
def contract_client():
    def make(service):
        MADE.append(service)
        return Fake()
    return make


def pytest_sessionfinish(session):
    (session.config.rootpath / "made.txt").write_text(" ".join(MADE))
""")
    # The positive phase alone: the fake's own answers, not what it accepts.
    result = pytester.runpytest(
        "--contract-service=bedrock", "--contract-examples=2", "--contract-phases=positive"
    )
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        _lines(
            "*_ contract::bedrock::ListCustomModels _*",
            # Each kind of finding once (shrunk to its simplest request), under the call that
            # reproduces it.
            "5 violation(s) of bedrock ListCustomModels:",
            "  client.list_custom_models()",
            "    - modelSummaries[0].modelArn: length 1 is less than the minimum length 20 [length]",
            "    - modelSummaries[0].modelArn: 'x' does not match the pattern * [pattern]",
            "    - modelSummaries[0].modelName: expected a string, got int 5 [type]",
            "    - modelSummaries[0].baseModelArn: required member is missing [required]",
            "    - modelSummaries[0].baseModelName: required member is missing [required]",
            "FAILED contract::bedrock::ListCustomModels - Failed: 5 violation(s) of *",
        )
    )
    # A message of several lines stays under its item.
    result.stdout.fnmatch_lines(
        _lines(
            "*_ contract::bedrock::ListModelCustomizationJobs _*",
            "1 violation(s) of bedrock ListModelCustomizationJobs:",
            "  client.list_model_customization_jobs()",
            "    - RuntimeError: no jobs here",
            "      nor there [exception]",
        )
    )
    # The checker ran once for the service's two tests.
    assert (pytester.path / "made.txt").read_text() == "bedrock"


@pytest.mark.usefixtures("aws_environment")
def test_against_moto_server_the_tests_fail_where_moto_breaks_the_contract(
    pytester: pytest.Pytester, moto_server: str
) -> None:
    reset = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(reset, timeout=30) as answer:
        assert answer.status == 200
    client: Any = boto3.client("bedrock", endpoint_url=moto_server)
    client.create_model_customization_job(
        jobName="job-0",
        customModelName="model-0",
        roleArn="arn:aws:iam::123456789012:role/bedrock",
        baseModelIdentifier="amazon.titan-text-express-v1",
        trainingDataConfig={"s3Uri": "s3://bucket/train"},
        outputDataConfig={"s3Uri": "s3://bucket/out"},
        hyperParameters={"epochCount": "1"},
    )
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest(
        "-v",
        f"--contract-endpoint={moto_server}",
        "--contract-service=bedrock",
        "--contract-examples=3",
    )
    result.assert_outcomes(failed=2)
    # moto's ARNs are outside the model's formats, and its times have no zone.
    result.stdout.fnmatch_lines(
        _lines(
            "*_ contract::bedrock::ListCustomModels _*",
            "* violation(s) of bedrock ListCustomModels:",
            "  client.list_custom_models()",
            "    - modelSummaries[0].modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/"
            "model-0' does not match the pattern * [pattern]",
            "    - modelSummaries[0].creationTime: * has no time zone [timestamp]",
        )
    )
    result.stdout.fnmatch_lines(
        _lines(
            "*_ contract::bedrock::ListModelCustomizationJobs _*",
            "  client.list_model_customization_jobs()",
            "    - modelCustomizationJobSummaries[0].jobArn: * [pattern]",
            "    - modelCustomizationJobSummaries[0].creationTime: * has no time zone [timestamp]",
        )
    )
    # The boundary phase, through a client that does not validate: moto takes a maxResults
    # past the model's maximum.
    result = pytester.runpytest(
        f"--contract-endpoint={moto_server}",
        "--contract-service=bedrock",
        "--contract-phases=boundary",
        "-k",
        "ListCustomModels",
    )
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["  client.list_custom_models(maxResults=1001)", "    - *"])


@pytest.mark.usefixtures("aws_environment")
def test_an_endpoint_that_does_not_answer_fails_every_test_with_one_line(
    pytester: pytest.Pytester,
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    pytester.makeconftest(CONFTEST)
    # Every service of the package, by default.
    result = pytester.runpytest("-v", f"--contract-endpoint=http://127.0.0.1:{port}")
    result.assert_outcomes(failed=5)
    # The checker stopped at the first request of each service, and each test says so.
    first = ["ListCustomModels"] * 2 + ["ListTrainedModels"] * 3
    result.stdout.fnmatch_lines(
        [
            line
            for test_id, operation in zip(IDS, first, strict=True)
            for line in (
                f"*_ {test_id} _*",
                f"no request reaches the service ({operation}: EndpointConnectionError: *",
            )
        ]
    )
