"""Property tests: the generated strategies against the generated validators and dataclasses,
and both against botocore where their checks overlap."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generated import bedrock, cleanroomsml
from generated.bedrock import strategies as bedrock_strategies
from generated.errors import RequestValidationError, ValidationIssue
from generated.operations import Operation

OPERATIONS: dict[str, Operation] = {**bedrock.OPERATIONS, **cleanroomsml.OPERATIONS}
NAMES = sorted(OPERATIONS)
_SESSION = botocore.session.get_session()
_MODELS = {
    "bedrock": _SESSION.get_service_model("bedrock"),
    "cleanroomsml": _SESSION.get_service_model("cleanroomsml"),
}


def _botocore_operation(name: str) -> Any:
    return _MODELS[OPERATIONS[name].service].operation_model(name)


def _issues(name: str, params: object) -> list[ValidationIssue]:
    try:
        OPERATIONS[name].validate_request(params)
    except RequestValidationError as error:
        return list(error.issues)
    return []


@pytest.mark.parametrize("name", NAMES)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_valid_requests_pass_ours_and_botocore_and_serialize(
    name: str, data: st.DataObject
) -> None:
    params = data.draw(OPERATIONS[name].strategies.requests())
    assert _issues(name, params) == []
    model = _botocore_operation(name)
    report = ParamValidator().validate(params, model.input_shape)
    assert not report.has_errors(), report.generate_report()
    request = create_serializer("rest-json").serialize_to_request(params, model)
    assert request["method"] == OPERATIONS[name].http_method


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_invalid_requests_report_exactly_their_rule(name: str, data: st.DataObject) -> None:
    params, rule = data.draw(OPERATIONS[name].strategies.invalid_requests())
    issues = _issues(name, params)
    assert [issue.rule for issue in issues] == [rule], issues


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_responses_are_conformant_and_round_trip(name: str, data: st.DataObject) -> None:
    operation = OPERATIONS[name]
    response = data.draw(operation.strategies.responses())
    assert operation.check_response(response) == []
    parsed = operation.response_type.from_dict(response)
    assert parsed.to_dict() == response
    assert operation.response_type.from_dict(parsed.to_dict()) == parsed
    assert operation.response_type.from_json(parsed.to_json()) == parsed


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_wire_responses_parse_as_botocore_parses_them(name: str, data: st.DataObject) -> None:
    operation = OPERATIONS[name]
    body = data.draw(operation.strategies.wire_responses())
    ours = operation.response_type.from_json(body)
    assert operation.check_response(json.loads(body)) == []
    parsed = create_parser("rest-json").parse(
        {"status_code": 200, "headers": {}, "body": body}, _botocore_operation(name).output_shape
    )
    parsed.pop("ResponseMetadata", None)
    assert operation.response_type.from_dict(parsed) == ours


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_page_sequences_are_linked_by_unique_tokens(name: str, data: st.DataObject) -> None:
    operation = OPERATIONS[name]
    assert operation.pagination is not None
    pages = data.draw(operation.strategies.page_sequences())
    tokens = [page.get(operation.pagination.output_token) for page in pages]
    assert tokens[-1] is None
    assert None not in tokens[:-1]
    assert len(set(tokens[:-1])) == len(tokens) - 1
    for page in pages:
        assert operation.check_response(page) == []


@given(st.from_type(bedrock.models.CustomModelSummary))
def test_from_type_uses_the_registered_strategies(
    summary: bedrock.models.CustomModelSummary,
) -> None:
    assert bedrock_strategies.STRATEGIES  # importing the module registered the strategies
    assert summary.creation_time.tzinfo is not None
    assert bedrock.models.CustomModelSummary.from_dict(summary.to_dict()) == summary


_JUNK = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.datetimes()


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_whatever_botocore_rejects_we_reject(name: str, data: st.DataObject) -> None:
    valid = data.draw(OPERATIONS[name].strategies.requests())
    junk = data.draw(st.dictionaries(st.sampled_from(sorted(valid) or ["maxResults"]), _JUNK))
    params = {**valid, **junk}
    try:
        report = ParamValidator().validate(params, _botocore_operation(name).input_shape)
    except Exception:
        assert _issues(name, params)
        return
    if report.has_errors():
        assert _issues(name, params), report.generate_report()
