"""benchmarks/floor.py, the hand-written floor `make bench` times ours against, does the work
it is timed for: the verdicts and issue counts of ours, the objects ours builds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings

import generated.bedrock
import generated.cleanroomsml
from benchmarks import fixtures, floor
from generated.errors import RequestValidationError


def _ours(operation: str) -> Any:
    return {**generated.bedrock.OPERATIONS, **generated.cleanroomsml.OPERATIONS}[operation]


@pytest.mark.parametrize("operation", sorted(fixtures.VALID_REQUESTS))
def test_the_floor_accepts_the_valid_request_and_reports_each_issue_ours_does(
    operation: str,
) -> None:
    validate = floor.VALIDATORS[operation]
    validate(fixtures.VALID_REQUESTS[operation])
    invalid = fixtures.invalid_request(operation)
    with pytest.raises(floor.FloorInvalid) as theirs:
        validate(invalid)
    with pytest.raises(RequestValidationError) as ours:
        _ours(operation).validate_request(invalid)
    assert [member for member, _ in theirs.value.issues] == [
        issue.path for issue in ours.value.issues
    ]


def _off_utc(value: Any) -> Any:
    """The dict with its datetimes five hours west, as botocore's local ones may be."""
    if isinstance(value, dict):
        return {key: _off_utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_off_utc(item) for item in value]
    if isinstance(value, datetime):
        return value.astimezone(timezone(timedelta(hours=-5)))
    return value


@pytest.mark.parametrize("operation", sorted(fixtures.PAGE_ITEMS))
def test_the_unchecked_page_builds_the_objects_ours_does(operation: str) -> None:
    response_type = _ours(operation).response_type
    boto3_dict = _off_utc(response_type.from_json(fixtures.wire_page(operation, 3)).to_dict())
    ours = response_type.from_dict(boto3_dict)
    # The reprs show each value's type and time zone, which == does not compare.
    assert repr(floor.UNCHECKED_PAGES[operation](boto3_dict)) == repr(ours)


@pytest.mark.parametrize("operation", sorted(fixtures.VALID_REQUESTS))
def test_the_floor_agrees_with_ours_on_generated_requests(operation: str) -> None:
    validate, strategies = floor.VALIDATORS[operation], _ours(operation).strategies

    @settings(max_examples=100, deadline=None, database=None)
    @given(strategies.requests())
    def accepted(params: dict[str, Any]) -> None:
        validate(params)

    @settings(max_examples=100, deadline=None, database=None)
    @given(strategies.invalid_requests())
    def refused(invalid: tuple[dict[str, Any], object]) -> None:
        with pytest.raises(floor.FloorInvalid):
            validate(invalid[0])

    accepted()
    refused()
