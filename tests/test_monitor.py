"""The live-traffic monitor (generated.monitor) on boto3 clients and sessions against moto in
process, with the clients' own parameter validation off so that invalid requests reach moto."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from moto import mock_aws

from generated import monitor
from generated.errors import ContractError, RequestValidationError, ResponseValidationError
from generated.monitor import ContractWarning, Finding
from tests.helpers import PROJECT

NO_VALIDATION = Config(parameter_validation=False)
INVALID = {"maxResults": 5000, "sortOrder": "Sideways"}
INVALID_ISSUES = {("maxResults", "max"), ("sortOrder", "enum")}


@pytest.fixture
def bedrock() -> Iterator[Any]:
    """A Bedrock client of moto holding two custom models, which moto lists with ARNs outside
    the model's format and timestamps without a zone."""
    with mock_aws():
        client = boto3.client("bedrock", region_name="us-east-1", config=NO_VALIDATION)
        for index in range(2):
            client.create_model_customization_job(
                jobName=f"job-{index}",
                customModelName=f"model-{index}",
                roleArn="arn:aws:iam::123456789012:role/bedrock",
                baseModelIdentifier="amazon.titan-text-express-v1",
                trainingDataConfig={"s3Uri": "s3://bucket/train"},
                outputDataConfig={"s3Uri": "s3://bucket/out"},
                hyperParameters={"epochCount": "1"},
            )
        yield client


def _issues(findings: Sequence[Finding], direction: str) -> set[tuple[str, str]]:
    return {
        (finding.issue.path.split("[")[0], finding.issue.rule)
        for finding in findings
        if finding.direction == direction
    }


def test_a_callable_receives_the_findings_of_each_request_and_response(bedrock: Any) -> None:
    calls: list[Sequence[Finding]] = []
    monitor.install(bedrock, mode=calls.append)
    answer = bedrock.list_custom_models(**INVALID)
    # moto accepts what AWS refuses; the monitor says what, then what is wrong in the answer.
    assert len(answer["modelSummaries"]) == 2
    request, response = calls
    assert {(finding.issue.path, finding.issue.rule) for finding in request} == INVALID_ISSUES
    assert all(finding.data == INVALID for finding in request)
    assert {(finding.service, finding.operation) for finding in request} == {
        ("bedrock", "ListCustomModels")
    }
    assert _issues(response, "response") == {
        ("modelSummaries", "pattern"),
        ("modelSummaries", "timestamp"),
    }
    assert {finding.issue.path for finding in response} >= {
        "modelSummaries[1].modelArn",
        "modelSummaries[0].creationTime",
    }
    assert response[0].data is not None
    assert "modelSummaries" in response[0].data


def test_warn_issues_a_contract_warning_per_finding_naming_path_and_rule(bedrock: Any) -> None:
    monitor.install(bedrock)  # "warn" is the default
    with pytest.warns(ContractWarning) as record:
        bedrock.list_custom_models(**INVALID)
    messages = [str(warning.message) for warning in record]
    assert (
        "bedrock ListCustomModels request: maxResults: 5000 is greater than the maximum 1000 [max]"
        in messages
    )
    assert any(
        message.startswith("bedrock ListCustomModels response: modelSummaries[0].modelArn: ")
        and message.endswith(" [pattern]")
        for message in messages
    ), messages
    findings = [warning.message.finding for warning in record]  # type: ignore[union-attr]
    assert _issues(findings, "request") == INVALID_ISSUES
    assert len(findings) == 2 + 4  # two request issues; an ARN and a time of each model


def test_raise_refuses_an_invalid_request_before_it_is_sent(bedrock: Any) -> None:
    sent: list[str] = []
    bedrock.meta.events.register("before-send", lambda **kwargs: sent.append(kwargs["request"].url))
    monitor.install(bedrock, mode="raise")
    with pytest.raises(RequestValidationError) as raised:
        bedrock.list_custom_models(**INVALID)
    assert {(issue.path, issue.rule) for issue in raised.value.issues} == INVALID_ISSUES
    assert sent == []


def test_raise_raises_a_contract_error_for_a_response_moto_gets_wrong(bedrock: Any) -> None:
    monitor.install(bedrock, mode="raise")
    with pytest.raises(ResponseValidationError) as raised:
        bedrock.list_custom_models(maxResults=10)
    error = raised.value
    assert isinstance(error, ContractError)
    assert error.operation == "ListCustomModels"
    assert {issue.rule for issue in error.issues} == {"pattern", "timestamp"}
    assert str(error).startswith("ListCustomModels response breaks the contract (4 issue(s)):\n")


def test_a_valid_request_with_a_valid_answer_gives_no_finding() -> None:
    calls: list[Sequence[Finding]] = []
    with mock_aws():
        client = boto3.client("bedrock", region_name="us-east-1")
        monitor.install(client, mode=calls.append)
        assert (
            client.list_custom_models(maxResults=10, sortOrder="Ascending")["modelSummaries"] == []
        )
    assert calls == []


def test_uninstall_removes_the_handlers(bedrock: Any) -> None:
    calls: list[Sequence[Finding]] = []
    installed = monitor.install(bedrock, mode=calls.append)
    installed.uninstall()
    installed.uninstall()  # a second time does nothing
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bedrock.list_custom_models(**INVALID)
    assert calls == []


def test_uninstalling_one_monitor_leaves_another(bedrock: Any) -> None:
    first: list[Sequence[Finding]] = []
    second: list[Sequence[Finding]] = []
    monitor.install(bedrock, mode=first.append).uninstall()
    monitor.install(bedrock, mode=second.append)
    bedrock.list_custom_models(**INVALID)
    assert first == []
    assert len(second) == 2


def test_paginated_pages_are_checked_each() -> None:
    calls: list[Sequence[Finding]] = []
    with mock_aws():
        client = boto3.client("cleanroomsml", region_name="us-east-1", config=NO_VALIDATION)
        monitor.install(client, mode=calls.append)
        pages = client.get_paginator("list_trained_models").paginate(
            membershipIdentifier="not-a-uuid", PaginationConfig={"PageSize": 0}
        )
        with pytest.raises(ClientError):
            list(pages)  # moto has no such membership
    # The request broke two rules; the error response is botocore's to raise, not checked.
    assert _issues(calls[0], "request") == {
        ("membershipIdentifier", "length"),
        ("membershipIdentifier", "pattern"),
        ("maxResults", "min"),
    }
    assert len(calls) == 1


@pytest.mark.parametrize("kind", ["boto3", "botocore"])
def test_a_session_reaches_the_clients_it_creates_after_install(kind: str) -> None:
    calls: list[Sequence[Finding]] = []
    with mock_aws():
        if kind == "boto3":
            session: Any = boto3.Session(region_name="us-east-1")
            make_client = session.client
        else:
            session = botocore.session.get_session()
            session.set_config_variable("region", "us-east-1")
            make_client = session.create_client
        installed = monitor.install(session, mode=calls.append)
        make_client("bedrock", config=NO_VALIDATION).list_custom_models(maxResults=0)
        with pytest.raises(ClientError):  # moto has not implemented it
            make_client("cleanroomsml", config=NO_VALIDATION).list_trained_models(
                membershipIdentifier="0" * 36, maxResults=0
            )
        # Services the package does not cover pass unchecked.
        make_client("sts").get_caller_identity()
        installed.uninstall()
        make_client("bedrock", config=NO_VALIDATION).list_custom_models(maxResults=0)
    assert [(call[0].service, call[0].operation, call[0].issue.rule) for call in calls] == [
        ("bedrock", "ListCustomModels", "min"),
        ("cleanroomsml", "ListTrainedModels", "min"),
    ]


def test_operations_outside_the_spec_pass_unchecked(bedrock: Any) -> None:
    calls: list[Sequence[Finding]] = []
    monitor.install(bedrock, mode=calls.append)
    bedrock.get_model_invocation_logging_configuration()
    assert calls == []


def test_botocore_validation_still_runs_after_the_monitor_in_warn_mode() -> None:
    with mock_aws():
        client = boto3.client("bedrock", region_name="us-east-1")
        monitor.install(client)
        with (
            pytest.warns(
                ContractWarning, match=r"maxResults: 0 is less than the minimum 1 \[min\]"
            ),
            pytest.raises(ParamValidationError),
        ):
            client.list_custom_models(maxResults=0)


def test_what_install_refuses() -> None:
    with mock_aws():
        sts = boto3.client("sts", region_name="us-east-1")
        with pytest.raises(ValueError, match="the client's service 'STS' is not one of Bedrock"):
            monitor.install(sts)
        with pytest.raises(ValueError, match="mode must be 'warn', 'raise' or a callable"):
            monitor.install(boto3.client("bedrock", region_name="us-east-1"), mode="log")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a boto3 or botocore client or session, not int"):
        monitor.install(42)


def test_the_monitor_recognizes_botocore_by_duck_typing_and_never_imports_it() -> None:
    # Nor does the package import pytest: only its pytest_plugin module needs it.
    program = """
import sys
from types import SimpleNamespace
import generated.bedrock, generated.conformance
from generated import monitor

class Emitter:
    def __init__(self):
        self.handlers = {}
    def register_last(self, event, handler):
        self.handlers[event] = handler
    def unregister(self, event, handler):
        del self.handlers[event]

events = Emitter()
client = SimpleNamespace(meta=SimpleNamespace(events=events, service_model=SimpleNamespace(service_id="Bedrock")))
found = []
installed = monitor.install(client, mode=found.extend)
model = SimpleNamespace(name="ListCustomModels", service_model=client.meta.service_model)
events.handlers["before-parameter-build"](params={"maxResults": 0}, model=model, context={})
installed.uninstall()
assert events.handlers == {}, events.handlers
assert [finding.issue.rule for finding in found] == ["min"], found
assert not {"botocore", "boto3", "pytest"} & set(sys.modules), sys.modules
"""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", program],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
