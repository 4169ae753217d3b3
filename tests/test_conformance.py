"""Conformance checking of implementations (moto's Bedrock, the generated stubs) and the stub
client for users' own property tests."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws
from moto.server import ThreadedMotoServer

from generated import bedrock, cleanroomsml
from generated.bedrock.stubs import StubClient, stub_clients
from generated.cleanroomsml.stubs import stub_clients as cleanroomsml_stub_clients
from generated.conformance import ConformanceSetupError, check_client
from generated.errors import ContractError, ServiceError
from tests.helpers import MINIMAL_SPEC, PROJECT, edit
from tests.hostile import generate_package, load

ACCOUNT = "123456789012"


def _create_models(client: Any, count: int) -> None:
    # moto's create_model_customization_job creates the job and its custom model.
    for index in range(count):
        client.create_model_customization_job(
            jobName=f"job-{index}",
            customModelName=f"model-{index}",
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/bedrock",
            baseModelIdentifier="amazon.titan-text-express-v1",
            trainingDataConfig={"s3Uri": "s3://bucket/train"},
            outputDataConfig={"s3Uri": "s3://bucket/out"},
            hyperParameters={"epochCount": "1"},
        )


@mock_aws
def test_moto_bedrock_breaks_the_contract_and_the_checker_says_where() -> None:
    client = boto3.client("bedrock", region_name="us-east-1")
    _create_models(client, 3)
    # Valid requests only: a client that validates its requests itself can run these.
    report = check_client(client, "bedrock", examples=8, phases=["positive"])
    assert report.requests >= 16  # 8 per operation, and each failing case shrunk and re-sent
    assert report.pages >= 2
    found = {(v.operation, v.path.split("[")[0], v.rule) for v in report.violations}
    # moto's summaries carry ARNs that are not in the model's ARN format, and timestamps
    # without a zone (boto3 parses moto's zone-less text into naive datetimes).
    assert ("ListCustomModels", "modelSummaries", "pattern") in found, report
    assert ("ListCustomModels", "modelSummaries", "timestamp") in found, report
    assert ("ListModelCustomizationJobs", "modelCustomizationJobSummaries", "pattern") in found
    assert ("ListModelCustomizationJobs", "modelCustomizationJobSummaries", "timestamp") in found
    # And moto refuses `sortBy` without `sortOrder`, which the model allows.
    rejected = [v.request for v in report.violations if v.rule == "rejected"]
    assert rejected, report
    assert all("sortBy" in request and "sortOrder" not in request for request in rejected)
    for violation in report.violations:
        assert violation.message.startswith(violation.path), violation
    assert "violation(s)" in str(report)


def test_generated_stubs_conform() -> None:
    """The positive control: a stub that serves only valid data has no violations."""
    clients: list[tuple[Any, str]] = []

    # Stubs are drawn first, then checked: check_client runs Hypothesis itself, not nested.
    @settings(max_examples=3, database=None)
    @given(
        bedrock_client=stub_clients(max_items=12),
        cleanrooms_client=cleanroomsml_stub_clients(max_items=12),
    )
    def collect(bedrock_client: StubClient, cleanrooms_client: Any) -> None:
        clients.extend(((bedrock_client, "bedrock"), (cleanrooms_client, "cleanroomsml")))

    collect()
    assert len(clients) == 6
    for client, service in clients:
        report = check_client(client, service, examples=3, max_pages=20)
        assert report.violations == [], report
        assert report.requests > 3 * len(client.listings)


@pytest.mark.parametrize(
    "clients", [stub_clients(), cleanroomsml_stub_clients()], ids=["bedrock", "cleanroomsml"]
)
def test_default_stubs_pass_every_health_check(clients: st.SearchStrategy[Any]) -> None:
    """What a user writes, `@given(client=stub_clients())`, with no health check suppressed."""

    @settings(max_examples=20, suppress_health_check=(), database=None)
    @given(client=clients)
    def use(client: Any) -> None:
        assert all(len(items) <= 25 for items in client.listings.values())

    use()


@given(client=stub_clients(max_items=30), page_size=st.integers(1, 12))
def test_stub_serves_its_listing_through_our_paginator(client: StubClient, page_size: int) -> None:
    paginator = bedrock.OPERATIONS["ListCustomModels"].paginator
    assert paginator is not None
    listing = paginator(client.list_custom_models).paginate(
        PaginationConfig={"PageSize": page_size}
    )
    names = [summary.model_name for summary in listing.items()]
    assert names == [item["modelName"] for item in client.listings["ListCustomModels"]]
    sizes = [len(call[1]) for call in client.calls]
    assert all(size <= 2 for size in sizes)  # maxResults, and nextToken after the first page
    expected_calls = max(1, -(-len(names) // page_size))
    assert len(client.calls) == expected_calls
    assert all(params["maxResults"] == page_size for _, params in client.calls)


@given(client=cleanroomsml_stub_clients())
def test_stub_validates_every_request_like_aws(client: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        client.list_trained_models(membershipIdentifier="not-a-uuid", maxResults=500)
    assert raised.value.code == "ValidationException"
    assert isinstance(raised.value, cleanroomsml.errors.ValidationException)
    assert "maxResults" in str(raised.value)
    with pytest.raises(ServiceError):
        client.list_trained_models(
            membershipIdentifier="0123abcd-0123-4567-89ab-0123456789ab", nextToken="forged"
        )
    assert [name for name, _ in client.calls] == ["ListTrainedModels", "ListTrainedModels"]


def _command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generated.conformance", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """moto_server on a loopback port, with two custom models and jobs: its endpoint."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(reset, timeout=30) as answer:
            assert answer.status == 200
        client = boto3.client(
            "bedrock",
            region_name="us-east-1",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        _create_models(client, 2)
        yield endpoint
    finally:
        server.stop()


_TESTING = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "PATH": ""}


def test_conformance_command_against_moto_server(moto_server: str, tmp_path: Path) -> None:
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    result = _command(
        "bedrock",
        "--endpoint-url",
        moto_server,
        "--examples",
        "3",
        "--json",
        str(report),
        "--junit-xml",
        str(junit),
        env=_TESTING,
    )
    assert result.returncode == 1, result.stderr
    assert re.match(r"\d+ request\(s\), \d+ page\(s\), \d+ violation\(s\)\n", result.stdout)
    assert "pattern:" in result.stdout
    data = json.loads(report.read_text("utf-8"))
    assert data["phases"] == ["boundary", "positive", "negative", "pagination"]
    violations = data["violations"]
    found = {(v["operation"], v["phase"], v["path"], v["rule"]) for v in violations}
    # The command's client does not validate: moto's acceptance of maxResults=1001 shows.
    assert ("ListCustomModels", "boundary", "maxResults", "max") in found
    assert ("ListCustomModels", "boundary", "sortOrder", "enum") in found
    for violation in violations:
        assert set(violation) == {
            "operation",
            "phase",
            "path",
            "rule",
            "message",
            "request",
            "boto3",
            "cli",
            "reproduced",
        }
    too_many = next(v for v in violations if v["rule"] == "max" and v["phase"] == "boundary")
    assert too_many["cli"].startswith("aws bedrock list-")
    assert too_many["cli"].endswith(" --max-results 1001")
    for operation in bedrock.OPERATIONS.values():
        coverage = data["coverage"][operation.name]
        assert coverage["total"] == len(operation.strategies.constraints)
        assert all(
            tuple(pair) in {(c.member, c.rule) for c in operation.strategies.constraints}
            for pair in coverage["exercised"]
        )
        assert ["maxResults", "max"] in coverage["exercised"]
    # JUnit XML: a test case per operation and phase, a failure per violation.
    root = ElementTree.parse(junit).getroot()
    assert root.tag == "testsuites"
    (suite,) = root
    cases = {(case.get("classname"), case.get("name")): case for case in suite.iter("testcase")}
    assert set(cases) == {
        (f"bedrock.{operation}", phase)
        for operation in bedrock.OPERATIONS
        for phase in ("boundary", "positive", "negative", "pagination")
    }
    assert sum(len(case.findall("failure")) for case in cases.values()) == len(violations)
    assert int(suite.get("failures") or 0) == sum(
        bool(case.findall("failure")) for case in cases.values()
    )
    assert cases[("bedrock.ListCustomModels", "pagination")].findall("failure") == []
    # --replay sends exactly those cases again: the same findings.
    again = tmp_path / "again.json"
    replayed = _command(
        "bedrock",
        "--endpoint-url",
        moto_server,
        "--replay",
        str(report),
        "--json",
        str(again),
        env=_TESTING,
    )
    assert replayed.returncode == 1, replayed.stderr
    refound = json.loads(again.read_text("utf-8"))["violations"]

    def kinds(found: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
        # A response finding shows for every item of the page: `modelSummaries[]`.
        return {
            (v["operation"], v["phase"], re.sub(r"\[\d+\]", "[]", v["path"]), v["rule"])
            for v in found
        }

    assert kinds(refound) == kinds(violations)


def test_a_clean_run_exits_0(moto_server: str) -> None:
    """moto paginates as the contract says: the pagination phase alone finds nothing."""
    result = _command(
        "bedrock", "--endpoint-url", moto_server, "--phases", "pagination", env=_TESTING
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 violation(s)" in result.stdout.splitlines()[0]


def test_a_report_that_cannot_be_read_is_exit_2(tmp_path: Path) -> None:
    result = _command("bedrock", "--replay", str(tmp_path / "missing.json"), env=_TESTING)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("python -m generated.conformance: error: no report to replay: ")


def test_an_unknown_phase_is_exit_2(moto_server: str) -> None:
    result = _command(
        "bedrock", "--endpoint-url", moto_server, "--phases", "sideways", env=_TESTING
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "python -m generated.conformance: error: unknown phase(s) sideways; expected "
        "boundary, positive, negative, pagination"
    ]


def test_a_client_without_an_operations_method_is_a_violation(tmp_path: Path) -> None:
    """A spec whose one operation has no paginator: its stubs have no method for it."""
    spec = edit(
        MINIMAL_SPEC,
        "    paginator:\n      input_token: nextToken\n      output_token: nextToken\n"
        "      limit_key: maxResults\n      result_key: widgets\n",
        "",
    )
    package = generate_package(tmp_path, spec)
    conformance = load(tmp_path, package, "conformance")
    stubs = load(tmp_path, package, "widgets.stubs")
    clients: list[Any] = []

    @settings(max_examples=1, database=None)
    @given(client=stubs.stub_clients())
    def collect(client: Any) -> None:
        clients.append(client)

    collect()
    report = conformance.check_client(clients[0], "widgets", examples=2)
    assert [(v.operation, v.rule) for v in report.violations] == [("ListWidgets", "missing-method")]
    assert report.violations[0].message == "the client has no method list_widgets"
    assert report.requests == 0


def test_only_the_missing_method_is_reported_when_others_exist() -> None:
    clients: list[StubClient] = []

    @settings(max_examples=1, database=None)
    @given(client=stub_clients(max_items=3))
    def collect(client: StubClient) -> None:
        clients.append(client)

    collect()

    class OneMethod:
        list_custom_models = clients[0].list_custom_models

    report = check_client(OneMethod(), "bedrock", examples=2, phases=["positive"])
    assert [(v.operation, v.rule) for v in report.violations] == [
        ("ListModelCustomizationJobs", "missing-method")
    ]
    assert report.requests == 2
    assert list(report.coverage) == ["ListCustomModels"]
    # In JUnit XML, the operation without a method is a failed test case.
    root = ElementTree.fromstring(report.to_junit_xml())
    failed = [
        (case.get("classname"), case.get("name"))
        for case in root.iter("testcase")
        if case.findall("failure")
    ]
    assert failed == [("bedrock.ListModelCustomizationJobs", "positive")]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_unreachable_endpoint_is_one_setup_error_after_one_request() -> None:
    client = boto3.client(
        "bedrock",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{_closed_port()}",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}, parameter_validation=False),
    )
    sent: list[object] = []
    client.meta.events.register("before-send", lambda **_: sent.append(1))
    with pytest.raises(ConformanceSetupError) as raised:
        check_client(client, "bedrock", examples=5)
    assert isinstance(raised.value, ContractError)
    assert isinstance(raised.value.error, EndpointConnectionError)
    assert raised.value.__cause__ is raised.value.error
    assert raised.value.operation == "ListCustomModels"
    assert len(sent) == 1  # the first request; nothing after it


# Nothing of the machine's own AWS set-up may reach the command.
_NO_AWS_SETUP = {
    "PATH": "",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_MAX_ATTEMPTS": "1",
}


@pytest.mark.parametrize(
    ("credentials", "error"),
    [
        (
            {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
            "EndpointConnectionError",
        ),
        ({}, "NoCredentialsError"),
    ],
    ids=["dead-endpoint", "no-credentials"],
)
def test_the_command_says_why_no_check_can_run_in_one_line_and_exits_2(
    credentials: dict[str, str], error: str
) -> None:
    result = _command(
        "bedrock",
        "--endpoint-url",
        f"http://127.0.0.1:{_closed_port()}",
        env={**_NO_AWS_SETUP, **credentials},
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("python -m generated.conformance: error: no request reaches the service")
    assert f"ListCustomModels: {error}: " in line


def test_a_client_that_cannot_be_made_is_one_line_and_exit_2() -> None:
    result = _command(
        "bedrock",
        "--endpoint-url",
        "not-a-url",
        env={**_NO_AWS_SETUP, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "python -m generated.conformance: error: no client: ValueError: Invalid endpoint: not-a-url"
    ]
