"""Request validators: every constraint of every operation, alone and together, and robustness."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generated import bedrock, cleanroomsml
from generated.errors import RequestValidationError, ValidationIssue
from generated.operations import Operation

OPERATIONS: dict[str, Operation] = {**bedrock.OPERATIONS, **cleanroomsml.OPERATIONS}

MODEL_ARN = (
    "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1/abcdef123456"
)
FOUNDATION_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
MEMBERSHIP = "0123abcd-0123-4567-89ab-0123456789ab"
TRAINED_MODEL_ARN = (
    f"arn:aws:cleanrooms-ml:us-east-1:123456789012:membership/{MEMBERSHIP}/trained-model/m1"
)

VALID: dict[str, dict[str, Any]] = {
    "ListCustomModels": {
        "creationTimeBefore": datetime(2024, 1, 2, tzinfo=UTC),
        "creationTimeAfter": "2024-01-01T00:00:00Z",
        "nameContains": "my-model",
        "baseModelArnEquals": MODEL_ARN,
        "foundationModelArnEquals": FOUNDATION_ARN,
        "maxResults": 1000,
        "nextToken": "token",
        "sortBy": "CreationTime",
        "sortOrder": "Descending",
        "isOwned": True,
        "modelStatus": "Active",
    },
    "ListModelCustomizationJobs": {
        "creationTimeAfter": 1704067200,
        "creationTimeBefore": 1704153600.5,
        "statusEquals": "InProgress",
        "nameContains": "job-1",
        "maxResults": 1,
        "nextToken": "t",
        "sortBy": "CreationTime",
        "sortOrder": "Ascending",
    },
    "ListTrainedModels": {"membershipIdentifier": MEMBERSHIP, "maxResults": 100, "nextToken": "x"},
    "ListTrainedModelVersions": {
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "status": "ACTIVE",
        "maxResults": 1,
    },
    "ListTrainedModelInferenceJobs": {
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "trainedModelVersionIdentifier": MEMBERSHIP,
        "nextToken": "n" * 10240,
    },
}

UTC_MINUS_5 = timezone(timedelta(hours=-5))

# (operation, member, bad value, the rules expected at that member's path)
VIOLATIONS: list[tuple[str, str, object, set[str]]] = [
    ("ListCustomModels", "maxResults", 5000, {"max"}),
    ("ListCustomModels", "maxResults", 0, {"min"}),
    ("ListCustomModels", "maxResults", True, {"type"}),
    ("ListCustomModels", "maxResults", "10", {"type"}),
    ("ListCustomModels", "maxResults", 10.0, {"type"}),
    ("ListCustomModels", "sortOrder", "Sideways", {"enum"}),
    ("ListCustomModels", "sortOrder", 1, {"type"}),
    ("ListCustomModels", "nameContains", "a" * 500, {"length"}),
    ("ListCustomModels", "nameContains", "--!!--", {"pattern"}),
    ("ListCustomModels", "nameContains", "", {"length", "pattern"}),
    (
        "ListCustomModels",
        "baseModelArnEquals",
        "arn:aws:s3:::bucket/key/of/some/length",
        {"pattern"},
    ),
    ("ListCustomModels", "baseModelArnEquals", "arn:aws:bedrock", {"length", "pattern"}),
    ("ListCustomModels", "foundationModelArnEquals", "model", {"pattern"}),
    ("ListCustomModels", "nextToken", "", {"length"}),
    ("ListCustomModels", "nextToken", "x" * 2049, {"length"}),
    ("ListCustomModels", "isOwned", "true", {"type"}),
    ("ListCustomModels", "isOwned", 1, {"type"}),
    ("ListCustomModels", "modelStatus", "ACTIVE", {"enum"}),
    ("ListCustomModels", "creationTimeBefore", True, {"timestamp"}),
    ("ListCustomModels", "creationTimeBefore", date(2024, 1, 1), {"timestamp"}),
    ("ListCustomModels", "creationTimeBefore", "yesterday", {"timestamp"}),
    ("ListCustomModels", "creationTimeBefore", "2024-01-01T00:00:00", {"timestamp"}),
    ("ListCustomModels", "creationTimeBefore", float("nan"), {"timestamp"}),
    ("ListCustomModels", "creationTimeBefore", 10**20, {"timestamp"}),
    (
        "ListCustomModels",
        "creationTimeAfter",
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC_MINUS_5),
        {"timestamp"},
    ),
    ("ListModelCustomizationJobs", "statusEquals", "Running", {"enum"}),
    ("ListModelCustomizationJobs", "nameContains", "---", {"pattern"}),
    ("ListModelCustomizationJobs", "nameContains", "j" * 64, {"length"}),
    ("ListModelCustomizationJobs", "sortBy", "Name", {"enum"}),
    ("ListModelCustomizationJobs", "maxResults", 1001, {"max"}),
    ("ListTrainedModels", "maxResults", 101, {"max"}),
    ("ListTrainedModels", "membershipIdentifier", MEMBERSHIP.upper(), {"pattern"}),
    ("ListTrainedModels", "membershipIdentifier", MEMBERSHIP[:-1], {"length", "pattern"}),
    ("ListTrainedModels", "nextToken", "n" * 10241, {"length"}),
    ("ListTrainedModelVersions", "status", "active", {"enum"}),
    ("ListTrainedModelVersions", "trainedModelArn", "arn:aws:cleanrooms-ml:x", {"pattern"}),
    ("ListTrainedModelInferenceJobs", "trainedModelVersionIdentifier", 36 * "z", {"pattern"}),
]


def _issues(operation: str, params: object, **options: Any) -> list[ValidationIssue]:
    try:
        OPERATIONS[operation].validate_request(params, **options)
    except RequestValidationError as error:
        assert error.operation == operation
        return list(error.issues)
    return []


@pytest.mark.parametrize("operation", sorted(VALID))
def test_valid_requests_pass(operation: str) -> None:
    assert _issues(operation, VALID[operation]) == []
    members = {name: value for name, value in VALID[operation].items() if name != "nextToken"}
    assert _issues(operation, members) == []


@pytest.mark.parametrize(
    ("operation", "member", "value", "rules"),
    VIOLATIONS,
    ids=[
        f"{op}.{member}-{sorted(rules)}-{index}"
        for index, (op, member, _, rules) in enumerate(VIOLATIONS)
    ],
)
def test_each_violation_is_reported_at_its_path_with_its_rule(
    operation: str, member: str, value: object, rules: set[str]
) -> None:
    params = {**VALID[operation], member: value}
    issues = _issues(operation, params)
    assert {issue.path for issue in issues} == {member}
    assert {issue.rule for issue in issues} == rules
    for issue in issues:
        assert issue.message.startswith(f"{member}: ")


def test_message_names_the_value_and_the_limit() -> None:
    (issue,) = _issues("ListCustomModels", {"maxResults": 5000})
    assert issue.message == "maxResults: 5000 is greater than the maximum 1000"
    (issue,) = _issues("ListCustomModels", {"sortOrder": "Sideways"})
    assert issue.message == "sortOrder: 'Sideways' is not one of 'Ascending', 'Descending'"


def test_required_and_unknown_members() -> None:
    issues = _issues("ListTrainedModelVersions", {"maxResults": 5, "MaxResults": 5})
    assert [(i.path, i.rule) for i in issues] == [
        ("MaxResults", "unknown"),
        ("membershipIdentifier", "required"),
        ("trainedModelArn", "required"),
    ]
    assert "valid parameters are: nextToken, maxResults, membershipIdentifier" in issues[0].message


def test_every_problem_is_reported_at_once() -> None:
    params = {"maxResults": 5000, "sortOrder": "Sideways", "nameContains": "a" * 500, "isOwned": 1}
    with pytest.raises(RequestValidationError) as raised:
        bedrock.OPERATIONS["ListCustomModels"].validate_request(params)
    assert [(i.path, i.rule) for i in raised.value.issues] == [
        ("nameContains", "length"),
        ("maxResults", "max"),
        ("sortOrder", "enum"),
        ("isOwned", "type"),
    ]
    text = str(raised.value)
    assert all(issue.message in text for issue in raised.value.issues)
    assert isinstance(raised.value, ValueError)


def test_enum_strictness_can_be_relaxed_for_values_newer_than_the_spec() -> None:
    params = {"sortOrder": "Sideways"}
    assert _issues("ListCustomModels", params, strict_enums=False) == []
    assert [i.rule for i in _issues("ListCustomModels", {"sortOrder": 3}, strict_enums=False)] == [
        "type"
    ]


def test_text_utf8_cannot_encode_is_an_encoding_issue_and_botocore_could_not_send_it() -> None:
    from botocore.awsrequest import prepare_request_dict
    from botocore.serialize import create_serializer
    from botocore.session import get_session
    from botocore.validate import ParamValidator

    model = get_session().get_service_model("bedrock").operation_model("ListCustomModels")
    for params in ({"nameContains": "ab\udcff"}, {"nextToken": "\ud800"}):
        (issue,) = _issues("ListCustomModels", params)
        member = next(iter(params))
        assert (issue.path, issue.rule) == (member, "encoding")
        assert (
            issue.message
            == f"{member}: {params[member]!a} holds a lone surrogate, which UTF-8 cannot encode"
        )
        # botocore's own validator lets it through; sending it is what fails.
        assert not ParamValidator().validate(params, model.input_shape).has_errors()
        request = create_serializer("rest-json").serialize_to_request(params, model)
        with pytest.raises(UnicodeEncodeError):
            prepare_request_dict(request, endpoint_url="https://bedrock.us-east-1.amazonaws.com")
    # Enum values too, whether or not values newer than the spec are let through.
    rules = ["enum", "encoding"]
    assert [i.rule for i in _issues("ListCustomModels", {"sortOrder": "A\udcff"})] == rules
    unknown = _issues("ListCustomModels", {"sortOrder": "A\udcff"}, strict_enums=False)
    assert [i.rule for i in unknown] == ["encoding"]
    # Non-ASCII text UTF-8 can encode is fine.
    assert _issues("ListCustomModels", {"nameContains": "ab\u00e9\U0001f600"}) == []


def test_patterns_match_anywhere_as_the_spec_records() -> None:
    assert bedrock.PATTERN_MATCH == "search"
    # NameString-style lookahead patterns and Bedrock's JobName match anywhere in the value.
    assert _issues("ListModelCustomizationJobs", {"nameContains": "a" + "-" * 24 + "!"}) == []


def test_a_request_that_is_not_a_dict() -> None:
    (issue,) = _issues("ListCustomModels", [("maxResults", 1)])
    assert (issue.path, issue.rule) == ("", "type")


_ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary()
    | st.datetimes(timezones=st.none() | st.timezones())
    | st.dates()
    | st.builds(object),
    lambda children: st.lists(children) | st.dictionaries(st.text() | st.integers(), children),
    max_leaves=20,
)


@given(
    operation=st.sampled_from(sorted(OPERATIONS)),
    params=st.dictionaries(
        st.sampled_from(["maxResults", "nextToken", "sortOrder", "membershipIdentifier", "x"])
        | st.text(),
        _ANY_VALUE,
    )
    | _ANY_VALUE,
)
def test_any_input_raises_only_request_validation_error(operation: str, params: object) -> None:
    try:
        OPERATIONS[operation].validate_request(params)
    except RequestValidationError as error:
        assert error.issues
        assert all(issue.message.startswith(issue.path) for issue in error.issues)
