"""The conformance checker's phases (boundary, positive, negative, pagination), its findings and
their reproducers, against moto's Bedrock in process, the generated stubs and broken fakes."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from generated import bedrock, cleanroomsml, monitor
from generated.bedrock.stubs import StubClient
from generated.cleanroomsml.stubs import stub_clients as cleanroomsml_stub_clients
from generated.conformance import (
    PHASES,
    ConformanceSetupError,
    Report,
    Violation,
    boundary_cases,
    check_client,
    cli_line,
    replay,
)
from generated.errors import RequestValidationError
from tests.helpers import MINIMAL_SPEC, edit
from tests.hostile import generate_package, load
from tests.test_conformance import _create_models

CUSTOM_MODELS = bedrock.OPERATIONS["ListCustomModels"]
JOBS = bedrock.OPERATIONS["ListModelCustomizationJobs"]


@pytest.fixture
def moto_bedrock() -> Iterator[Any]:
    """moto's Bedrock in process, three models and jobs, botocore's own validation off."""
    with mock_aws():
        client = boto3.client(
            "bedrock", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        _create_models(client, 3)
        yield client


def _found(report: Report, phase: str) -> set[tuple[str, str, str]]:
    return {(v.operation, v.path, v.rule) for v in report.violations if v.phase == phase}


def test_boundary_cases_are_the_edges_of_each_constraint_always_the_same() -> None:
    cases = boundary_cases(CUSTOM_MODELS)
    assert cases == boundary_cases(CUSTOM_MODELS)
    by_constraint: dict[tuple[str, str], list[tuple[bool, dict[str, Any]]]] = {}
    for constraint, valid, request, _ in cases:
        by_constraint.setdefault(constraint, []).append((valid, request))
    assert by_constraint[("maxResults", "min")] == [
        (True, {"maxResults": 1}),
        (False, {"maxResults": 0}),
    ]
    assert by_constraint[("maxResults", "max")] == [
        (True, {"maxResults": 1000}),
        (False, {"maxResults": 1001}),
    ]
    assert by_constraint[("sortOrder", "enum")] == [
        (True, {"sortOrder": "Ascending"}),
        (True, {"sortOrder": "Descending"}),
        (False, {"sortOrder": "NotAnEnumValue"}),
    ]
    lengths = [
        len(request["nameContains"]) for _, request in by_constraint[("nameContains", "length")]
    ]
    assert lengths == [1, 63, 0, 64]
    assert [valid for valid, _ in by_constraint[("nameContains", "pattern")]] == [True, False]
    # Only the service issues tokens: no made-up valid token is sent, only invalid ones.
    assert [valid for valid, _ in by_constraint[("nextToken", "length")]] == [False, False]
    # Each case is what it means to be, by the contract's own validator; top-level members
    # are probed where they are named.
    for (member, rule), valid, request, path in cases:
        assert path == member
        try:
            CUSTOM_MODELS.validate_request(request)
        except RequestValidationError as error:
            assert not valid
            assert (member, rule) in [(issue.path, issue.rule) for issue in error.issues]
        else:
            assert valid


def test_boundary_cases_leave_out_each_required_member() -> None:
    operation = cleanroomsml.OPERATIONS["ListTrainedModels"]
    cases = boundary_cases(operation)
    required = [case.request for case in cases if case.constraint[1] == "required"]
    assert required == [{}]
    (base,) = {
        json.dumps(case.request) for case in cases if case.constraint[1] == "min" and case.valid
    }
    assert "membershipIdentifier" in json.loads(base)


def test_moto_accepts_out_of_range_values_the_boundary_phase_finds(moto_bedrock: Any) -> None:
    report = check_client(moto_bedrock, "bedrock", phases=["boundary"])
    found = _found(report, "boundary")
    # What moto 5's Bedrock accepts and AWS refuses: each edge just past a limit.
    for operation in ("ListCustomModels", "ListModelCustomizationJobs"):
        assert (operation, "maxResults", "min") in found
        assert (operation, "maxResults", "max") in found
        assert (operation, "nameContains", "length") in found
        assert (operation, "nameContains", "pattern") in found
        assert (operation, "sortOrder", "enum") in found
        # And an empty token is refused with an error the operation does not declare.
        assert (operation, "nextToken", "undeclared-error") in found
        # `sortBy` without `sortOrder` is refused, though the model allows it.
        assert (operation, "", "rejected") in found
    assert ("ListModelCustomizationJobs", "statusEquals", "enum") in found
    assert ("ListCustomModels", "modelStatus", "enum") in found
    # Its answers break the response model too: ARNs off the model's format, naive timestamps.
    assert ("ListCustomModels", "modelSummaries[0].modelArn", "pattern") in found
    assert ("ListCustomModels", "modelSummaries[0].creationTime", "timestamp") in found
    (too_many,) = [
        v
        for v in report.violations
        if v.operation == "ListCustomModels" and v.rule == "max" and v.path == "maxResults"
    ]
    assert too_many.request == {"maxResults": 1001}
    assert too_many.boto3 == "client.list_custom_models(maxResults=1001)"
    assert too_many.cli == "aws bedrock list-custom-models --max-results 1001"
    assert too_many.message.startswith("the service accepted a request the spec refuses: ")
    exercised, total = report.coverage["ListCustomModels"]
    assert total == len(CUSTOM_MODELS.strategies.constraints) == 12
    assert ("maxResults", "max") in exercised
    assert ("sortBy", "enum") in exercised
    assert set(report.cases) == {
        ("ListCustomModels", "boundary"),
        ("ListModelCustomizationJobs", "boundary"),
    }


@pytest.mark.parametrize(
    ("operation", "request_", "path", "rule"),
    [
        (CUSTOM_MODELS, {"maxResults": 0}, "maxResults", "min"),
        (CUSTOM_MODELS, {"maxResults": 1001}, "maxResults", "max"),
        (CUSTOM_MODELS, {"maxResults": 5000}, "maxResults", "max"),
        (CUSTOM_MODELS, {"sortOrder": "Sideways"}, "sortOrder", "enum"),
        (JOBS, {"statusEquals": "Bogus"}, "statusEquals", "enum"),
        (CUSTOM_MODELS, {"nameContains": "a" * 500}, "nameContains", "length"),
    ],
)
def test_the_values_of_the_issue_are_accepted_by_moto(
    moto_bedrock: Any, operation: Any, request_: dict[str, Any], path: str, rule: str
) -> None:
    """Sent exactly, as `--replay` sends a report's cases."""
    finding = {"operation": operation.name, "phase": "negative", "path": path, "rule": rule}
    report = replay(moto_bedrock, "bedrock", [{**finding, "request": request_}])
    assert [(v.path, v.rule, v.request) for v in report.violations] == [(path, rule, request_)]


def test_the_negative_phase_shrinks_each_finding_and_keeps_its_rule(moto_bedrock: Any) -> None:
    report = check_client(moto_bedrock, "bedrock", phases=["negative"], examples=15, seed=1)
    assert report.violations, report
    assert {v.phase for v in report.violations} == {"negative"}
    kinds = [(v.operation, v.path, v.rule) for v in report.violations]
    assert len(kinds) == len(set(kinds))  # one shrunk case per kind of finding
    for violation in report.violations:
        operation = bedrock.OPERATIONS[violation.operation]
        with pytest.raises(RequestValidationError) as raised:
            operation.validate_request(violation.request)
        issues = {(i.path, i.rule) for i in raised.value.issues}
        if violation.rule == "undeclared-error":  # refused, but with an error not declared
            assert violation.path in {path for path, _ in issues}
        else:  # accepted: the rule it broke, still broken after shrinking
            assert (violation.path, violation.rule) in issues
        assert violation.reproduced
        # Shrunk: the broken member alone, or with the fewest others Hypothesis could keep.
        assert violation.path in violation.request
    assert report.unsent > 0  # text UTF-8 cannot encode, which botocore cannot send


def test_the_positive_phase_finds_the_response_breaks_and_the_rejection(moto_bedrock: Any) -> None:
    report = check_client(moto_bedrock, "bedrock", phases=["positive"], examples=8)
    found = _found(report, "positive")
    assert ("ListCustomModels", "modelSummaries[0].modelArn", "pattern") in found
    assert ("ListCustomModels", "modelSummaries[0].creationTime", "timestamp") in found
    (rejected,) = [
        v for v in report.violations if v.operation == "ListCustomModels" and v.rule == "rejected"
    ]
    assert "sortBy" in rejected.request
    assert "sortOrder" not in rejected.request


def test_moto_paginates_correctly(moto_bedrock: Any) -> None:
    report = check_client(moto_bedrock, "bedrock", phases=["pagination"])
    assert report.violations == []
    # Each operation: one page; 3 pages of 1; 2 pages of 2; one page cut by MaxItems.
    assert report.pages == 2 * (1 + 3 + 2 + 1)


def test_same_seed_same_findings(moto_bedrock: Any) -> None:
    def run() -> list[tuple[str, str, str, dict[str, Any]]]:
        report = check_client(moto_bedrock, "bedrock", phases=["negative"], examples=6, seed=7)
        # Not the messages: they hold moto's random request ids.
        return [(v.operation, v.path, v.rule, v.request) for v in report.violations]

    assert run() == run()


def _made_with(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    if how == "profile":  # the profile's switch, which botocore's Config never shows
        config = tmp_path / "config"
        config.write_text("[default]\nparameter_validation = false\n", encoding="utf-8")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
        return boto3.session.Session().client("bedrock", region_name="us-east-1")
    if how == "default":
        return boto3.client("bedrock", region_name="us-east-1")
    client = boto3.client(
        "bedrock", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    if how == "raising-monitor":  # refuses invalid requests before botocore sees them
        monitor.install(client, mode="raise")
    return client


@pytest.mark.parametrize(
    ("how", "validates"),
    [("default", True), ("config", False), ("profile", False), ("raising-monitor", True)],
)
def test_whether_a_client_validates_is_asked_of_the_client_and_nothing_is_sent(
    how: str, validates: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with mock_aws():
        client = _made_with(how, tmp_path, monkeypatch)
        sent: list[object] = []
        client.meta.events.register_first("before-send", lambda **_: sent.append(1))
        run = ["boundary"]
        if validates:
            with pytest.raises(ValueError, match="parameter_validation=False"):
                check_client(client, "bedrock", phases=run, operations=["ListCustomModels"])
            assert sent == []  # refused before any request
            # Valid requests only: any client runs them.
            assert check_client(client, "bedrock", phases=["pagination"]).violations == []
        else:
            report = check_client(client, "bedrock", phases=run, operations=["ListCustomModels"])
            # Invalid cases reached moto, which accepted them.
            assert ("maxResults", "max") in {(v.path, v.rule) for v in report.violations}
            assert len(sent) == report.requests


@pytest.mark.parametrize("validates", [True, False])
def test_a_client_is_asked_whether_it_validates_with_an_operation_that_requires_members(
    validates: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cleanroomsml operation requires members, which the probe (an unknown member alone)
    lacks too: the client is asked all the same, nothing sent. One that does not validate then
    sends the first case, to an endpoint that does not answer."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    client = boto3.client(
        "cleanroomsml",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{port}",
        config=Config(retries={"total_max_attempts": 1}, parameter_validation=validates),
    )
    sent: list[object] = []
    client.meta.events.register_first("before-send", lambda **_: sent.append(1))
    first = next(iter(cleanroomsml.OPERATIONS.values()))
    with pytest.raises(RequestValidationError, match="required"):
        first.validate_request({})
    expected = (
        pytest.raises(ValueError, match="parameter_validation=False")
        if validates
        else pytest.raises(ConformanceSetupError, match="no request reaches the service")
    )
    with expected:
        check_client(client, "cleanroomsml", phases=["boundary"])
    assert len(sent) == (0 if validates else 1)


def test_unknown_phases_and_operations_are_refused(moto_bedrock: Any) -> None:
    with pytest.raises(ValueError, match="unknown phase"):
        check_client(moto_bedrock, "bedrock", phases=["sideways"])
    with pytest.raises(ValueError, match="no operation ListWidgets"):
        check_client(moto_bedrock, "bedrock", operations=["ListWidgets"])


def test_operations_restricts_the_run(moto_bedrock: Any) -> None:
    report = check_client(
        moto_bedrock, "bedrock", phases=["boundary"], operations=["ListModelCustomizationJobs"]
    )
    assert {v.operation for v in report.violations} == {"ListModelCustomizationJobs"}
    assert list(report.coverage) == ["ListModelCustomizationJobs"]


def test_cli_lines_follow_the_aws_cli() -> None:
    stamp = {"creationTimeBefore": datetime(2024, 1, 2, 3, 4, 5)}
    assert cli_line("bedrock", CUSTOM_MODELS, stamp) == (
        "aws bedrock list-custom-models --creation-time-before 2024-01-02T03:04:05"
    )
    assert cli_line("bedrock", CUSTOM_MODELS, {"isOwned": False, "baseModelArnEquals": "-x"}) == (
        "aws bedrock list-custom-models --no-is-owned --base-model-arn-equals=-x"
    )
    assert cli_line("bedrock", CUSTOM_MODELS, {"nameContains": "a b'"}) == (
        "aws bedrock list-custom-models --name-contains 'a b'\"'\"''"
    )
    assert cli_line("bedrock", CUSTOM_MODELS, {"nameContains": "a\udcff"}) is None


# Stub clients and fakes built on them: a listing of distinct valid items per operation.


def _listings(size: int) -> dict[str, list[dict[str, Any]]]:
    drawn: list[dict[str, list[dict[str, Any]]]] = []
    strategies = bedrock.strategies.STRATEGIES

    @settings(
        max_examples=1, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(
        st.fixed_dictionaries(
            {
                name: st.lists(
                    strategies[name].items(),  # type: ignore[misc]
                    min_size=size,
                    max_size=size,
                    unique_by=lambda item: json.dumps(item, sort_keys=True, default=str),
                )
                for name in ("ListCustomModels", "ListModelCustomizationJobs")
            }
        )
    )
    def draw(listings: dict[str, list[dict[str, Any]]]) -> None:
        drawn.append(listings)

    draw()
    return drawn[-1]


class IgnoresMaxResults(StubClient):
    """Serves pages of its default size whatever `maxResults` asks."""

    def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        return super()._serve(name, {k: v for k, v in params.items() if k != "maxResults"})


class RepeatsAnItem(StubClient):
    """Starts each page after the first with the last item of the page before."""

    def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        page = super()._serve(name, params)
        token = params.get("nextToken")
        if token is not None:
            key = bedrock.OPERATIONS[name].pagination.result_key  # type: ignore[union-attr]
            start = int(token.removeprefix("stub-"))
            page[key] = [self.listings[name][start - 1], *page[key][1:]]
        return page


class AcceptsEverything(StubClient):
    """Answers every request, valid or not, with an empty page."""

    def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        key = bedrock.OPERATIONS[name].pagination.result_key  # type: ignore[union-attr]
        return {key: [], "ResponseMetadata": {"HTTPStatusCode": 200}}


class EmptyPagesBetween(StubClient):
    """Serves an empty page, with a token, before each page of items."""

    def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        token = params.get("nextToken")
        if token is None or not token.startswith("empty-"):
            following = "empty-" + (token or "")
            return {bedrock.OPERATIONS[name].pagination.result_key: [], "nextToken": following}  # type: ignore[union-attr]
        rest = token.removeprefix("empty-")
        request = {k: v for k, v in params.items() if k != "nextToken"}
        return super()._serve(name, {**request, **({"nextToken": rest} if rest else {})})


def test_the_stubs_pass_every_phase() -> None:
    client = StubClient(_listings(5))
    report = check_client(client, "bedrock", examples=5)
    assert report.violations == [], report
    assert set(report.cases) == {(o, p) for o in bedrock.OPERATIONS for p in PHASES}
    for operation in bedrock.OPERATIONS.values():
        exercised, total = report.coverage[operation.name]
        assert total == len(operation.strategies.constraints)
        # All but the token's pattern: only the service issues tokens, and no simple value
        # misses the pattern.
        unexercised = {(c.member, c.rule) for c in operation.strategies.constraints} - exercised
        assert unexercised == {("nextToken", "pattern")}


def test_the_cleanroomsml_stubs_pass_every_phase() -> None:
    clients: list[Any] = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(cleanroomsml_stub_clients(max_items=6))
    def collect(client: Any) -> None:
        clients.append(client)

    collect()
    report = check_client(clients[-1], "cleanroomsml", examples=3)
    assert report.violations == [], report


def test_tokens_are_followed_through_empty_pages() -> None:
    report = check_client(EmptyPagesBetween(_listings(5)), "bedrock", phases=["pagination"])
    assert report.violations == [], report


@pytest.mark.parametrize(
    ("fake", "rules"),
    [
        # Ignoring maxResults is accepting maxResults=0 and 1001 too.
        (
            IgnoresMaxResults,
            {("pagination", "page-size"), ("boundary", "min"), ("boundary", "max")},
        ),
        (RepeatsAnItem, {("pagination", "repeated-item"), ("pagination", "lost-item")}),
    ],
)
def test_a_broken_pagination_is_caught_by_the_pagination_phase(
    fake: type[StubClient], rules: set[tuple[str, str]]
) -> None:
    client = fake(_listings(12))
    report = check_client(client, "bedrock", examples=3)
    for operation in bedrock.OPERATIONS:
        found = {(v.phase, v.rule) for v in report.violations if v.operation == operation}
        assert found == rules, report


def test_a_fake_that_accepts_everything_is_caught_by_boundary_and_negative() -> None:
    report = check_client(AcceptsEverything(_listings(3)), "bedrock", examples=10)
    phases = {v.phase for v in report.violations}
    assert phases == {"boundary", "negative"}, report
    accepted = {(v.path, v.rule) for v in report.violations if v.phase == "boundary"}
    for constraint in CUSTOM_MODELS.strategies.constraints:
        if constraint.rule != "pattern" or constraint.values:
            assert (
                constraint.member,
                constraint.rule,
            ) in accepted or constraint.member == "nextToken"
    assert all(v.message.startswith("the service accepted") for v in report.violations)


def test_a_shrunk_positive_case_is_minimal() -> None:
    """A fake that breaks its answer only when a name filter is given: the request Hypothesis
    shrinks to is that filter alone, at its simplest."""
    listings = _listings(2)

    class BadWithFilter(StubClient):
        def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
            page = super()._serve(name, params)
            if "nameContains" in params:
                page["unexpected"] = 1
            return page

    report = check_client(BadWithFilter(listings), "bedrock", phases=["positive"], examples=20)
    by_operation = {v.operation: v for v in report.violations}
    assert set(by_operation) == {"ListCustomModels", "ListModelCustomizationJobs"}
    for violation in by_operation.values():
        assert violation.rule == "unknown"
        assert violation.request["nameContains"] == "0"  # the simplest name
        assert violation.reproduced


def test_the_example_database_is_used_when_given(tmp_path: Path) -> None:
    database = tmp_path / "examples"
    first = check_client(
        AcceptsEverything(_listings(1)),
        "bedrock",
        phases=["negative"],
        examples=5,
        database=str(database),
    )
    assert first.violations
    assert any(database.rglob("*"))  # Hypothesis saved the failing examples


def test_a_violation_is_readable() -> None:
    violation = Violation(
        operation="ListCustomModels",
        phase="boundary",
        path="maxResults",
        rule="max",
        message="accepted",
        request={"maxResults": 1001},
        boto3="client.list_custom_models(maxResults=1001)",
        cli="aws bedrock list-custom-models --max-results 1001",
    )
    assert str(violation) == (
        "ListCustomModels [boundary]: accepted [max] (client.list_custom_models(maxResults=1001))"
    )


def test_a_finding_that_does_not_fail_again_says_so() -> None:
    """A fake whose first answer alone is broken: Hypothesis cannot shrink or replay it, and the
    case sent once more passes, so the finding is kept with `reproduced` False."""
    listings = _listings(1)

    class BrokenOnce(StubClient):
        def _serve(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
            page = super()._serve(name, params)
            if len(self.calls) == 1:
                page["unexpected"] = 1
            return page

    report = check_client(
        BrokenOnce(listings), "bedrock", phases=["positive"], operations=["ListCustomModels"]
    )
    (violation,) = report.violations
    assert (violation.rule, violation.reproduced) == ("unknown", False)
    assert violation.to_json()["reproduced"] is False


def test_a_place_no_drawn_request_holds_is_searched_for(tmp_path: Path) -> None:
    """A string six optional structures deep, which none of the requests drawn first holds:
    the boundary phase searches for a request that does, and probes it there."""
    spec = edit(MINIMAL_SPEC, "      method: GET\n", "      method: POST\n")
    spec = edit(
        spec,
        "  ListWidgetsResponse:\n",
        "      deep:\n        shape: Deep1\n  ListWidgetsResponse:\n",
    )
    chain = "".join(
        f"  Deep{level}:\n    type: structure\n    members:\n      next:\n"
        f"        shape: Deep{level + 1}\n"
        for level in range(1, 6)
    )
    chain += "  Deep6:\n    type: structure\n    members:\n      name:\n        shape: Name\n"
    package = generate_package(tmp_path, edit(spec, "  OwnerId:\n", chain + "  OwnerId:\n"))
    conformance = load(tmp_path, package, "conformance")
    operation = load(tmp_path, package, "widgets").OPERATIONS["ListWidgets"]
    path = "deep" + ".next" * 5 + ".name"
    assert [
        (c.rule, c.low, c.high) for c in operation.strategies.constraints if c.member == path
    ] == [
        ("length", 1, 63),
        ("pattern", None, None),
    ]
    cases = conformance.boundary_cases(operation)
    assert {case.constraint for case in cases} == {
        (c.member, c.rule) for c in operation.strategies.constraints
    }
    deep = [case for case in cases if case.path == path]
    assert [(case.constraint[1], case.valid) for case in deep] == [
        *(("length", True), ("length", True), ("length", False), ("length", False)),
        *(("pattern", True), ("pattern", False)),
    ]
    for case in deep:  # nothing but the owner and the chain to the name
        assert set(case.request) == {"ownerId", "deep"}
        assert json.dumps(case.request["deep"]).count("{") == 6
