"""Response dataclasses: boto3 dicts and wire JSON in, equal typed objects out."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from dateutil.tz import tzlocal, tzutc
from hypothesis import given
from hypothesis import strategies as st

from generated.bedrock import models as bedrock_models
from generated.bedrock.enums import CustomizationType, ModelStatus
from generated.cleanroomsml import models as cleanrooms_models
from generated.errors import ResponseParseError
from tests.helpers import PROJECT

INSTANT = datetime(2024, 5, 17, 12, 30, 45, 123456, tzinfo=UTC)
SUMMARY = {
    "modelArn": "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1/abcdef123456",
    "modelName": "my-model",
    "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
    "baseModelName": "amazon.titan",
    "customizationType": "FINE_TUNING",
    "modelStatus": "Active",
}


def _page(creation_time: object, **extra: object) -> dict[str, object]:
    return {"modelSummaries": [{**SUMMARY, "creationTime": creation_time, **extra}]}


@pytest.mark.parametrize(
    "creation_time",
    [
        INSTANT,
        INSTANT.astimezone(tzutc()),
        INSTANT.astimezone(tzlocal()),
        INSTANT.astimezone(timezone(timedelta(hours=-7))),
        "2024-05-17T12:30:45.123456Z",
        "2024-05-17T12:30:45.123456789Z",
        "2024-05-17T14:30:45.123456+02:00",
        "2024-05-17t12:30:45.123456z",
    ],
)
def test_every_form_of_an_instant_parses_to_the_same_object(creation_time: object) -> None:
    expected = bedrock_models.ListCustomModelsResponse.from_dict(_page(INSTANT))
    parsed = bedrock_models.ListCustomModelsResponse.from_dict(_page(creation_time))
    assert parsed == expected
    assert parsed.model_summaries is not None
    assert parsed.model_summaries[0].creation_time.tzinfo is UTC


def test_epoch_numbers_parse_as_utc() -> None:
    parsed = bedrock_models.ListCustomModelsResponse.from_dict(_page(1715949045))
    assert parsed.model_summaries is not None
    assert parsed.model_summaries[0].creation_time == datetime(2024, 5, 17, 12, 30, 45, tzinfo=UTC)


def test_fields_are_typed_frozen_and_keyword_only() -> None:
    page = bedrock_models.ListCustomModelsResponse.from_dict(_page(INSTANT))
    assert page.model_summaries is not None
    summary = page.model_summaries[0]
    assert summary.customization_type is CustomizationType.FINE_TUNING
    assert summary.model_status is ModelStatus.ACTIVE
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.model_name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        cleanrooms_models.InferenceReceiverMember("123456789012")  # type: ignore[call-arg]
    assert not hasattr(summary, "__dict__")


def test_unknown_enum_values_and_members_survive_or_are_ignored() -> None:
    data = _page(INSTANT, modelStatus="Archived", futureMember={"x": 1})
    page = bedrock_models.ListCustomModelsResponse.from_dict(data)
    assert page.model_summaries is not None
    assert page.model_summaries[0].model_status == "Archived"
    assert "futureMember" not in page.to_dict()["modelSummaries"][0]
    assert page.to_dict()["modelSummaries"][0]["modelStatus"] == "Archived"
    assert bedrock_models.ListCustomModelsResponse.from_json(page.to_json()) == page


def test_smithy_output_rule_lengths_ranges_and_patterns_are_not_enforced() -> None:
    data = _page(INSTANT, modelName="x" * 500, ownerAccountId="not-an-account")
    page = bedrock_models.ListCustomModelsResponse.from_dict(data)
    assert page.model_summaries is not None
    assert page.model_summaries[0].model_name == "x" * 500


def test_to_json_writes_utc_iso8601_with_z_and_round_trips() -> None:
    page = bedrock_models.ListCustomModelsResponse.from_dict(
        _page(INSTANT.astimezone(timezone(timedelta(hours=5))))
    )
    wire = json.loads(page.to_json())
    assert wire["modelSummaries"][0]["creationTime"] == "2024-05-17T12:30:45.123456Z"
    assert bedrock_models.ListCustomModelsResponse.from_json(page.to_json().encode()) == page
    assert bedrock_models.ListCustomModelsResponse.from_dict(page.to_dict()) == page


INFERENCE_JOB = {
    "trainedModelInferenceJobArn": "arn:aws:cleanrooms-ml:us-east-1:123456789012:membership/0123abcd-0123-4567-89ab-0123456789ab/trained-model-inference-job/j",
    "membershipIdentifier": "0123abcd-0123-4567-89ab-0123456789ab",
    "trainedModelArn": "arn:aws:cleanrooms-ml:us-east-1:123456789012:membership/0123abcd-0123-4567-89ab-0123456789ab/trained-model/m",
    "collaborationIdentifier": "0123abcd-0123-4567-89ab-0123456789ab",
    "status": "ACTIVE",
    "outputConfiguration": {"members": [{"accountId": "123456789012"}]},
    "name": "job",
    "createTime": "2024-05-17T12:30:45Z",
    "updateTime": "2024-05-17T12:30:45Z",
}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            {"trainedModelInferenceJobs": None},
            "trainedModelInferenceJobs",
            "required member is missing",
        ),
        (
            {"trainedModelInferenceJobs": {}},
            "trainedModelInferenceJobs",
            "expected a list, got dict",
        ),
        (
            {"trainedModelInferenceJobs": [INFERENCE_JOB, {**INFERENCE_JOB, "createTime": "noon"}]},
            "trainedModelInferenceJobs[1].createTime",
            "expected a timestamp with a zone, got str",
        ),
        (
            {
                "trainedModelInferenceJobs": [
                    {**INFERENCE_JOB, "outputConfiguration": {"members": [{"accountId": 1}]}}
                ]
            },
            "trainedModelInferenceJobs[0].outputConfiguration.members[0].accountId",
            "expected a string, got int",
        ),
        (
            {"trainedModelInferenceJobs": [{**INFERENCE_JOB, "createTime": "2024-05-17T12:30:45"}]},
            "trainedModelInferenceJobs[0].createTime",
            "expected a timestamp with a zone, got str",
        ),
        (
            {"nextToken": 7, "trainedModelInferenceJobs": []},
            "nextToken",
            "expected a string, got int",
        ),
    ],
)
def test_what_cannot_be_represented_raises_with_the_path(
    change: dict[str, object], path: str, message: str
) -> None:
    data = {"trainedModelInferenceJobs": [INFERENCE_JOB], **change}
    data = {key: value for key, value in data.items() if value is not None}
    with pytest.raises(ResponseParseError) as raised:
        cleanrooms_models.ListTrainedModelInferenceJobsResponse.from_dict(data)
    assert (raised.value.path, raised.value.message) == (path, message)
    assert str(raised.value) == f"{path}: {message}"


def test_nested_structures_parse_into_dataclasses() -> None:
    page = cleanrooms_models.ListTrainedModelInferenceJobsResponse.from_dict(
        {"trainedModelInferenceJobs": [INFERENCE_JOB], "ResponseMetadata": {"RequestId": "r"}}
    )
    (job,) = page.trained_model_inference_jobs
    assert job.output_configuration.members[0].account_id == "123456789012"
    assert isinstance(job.output_configuration.members, tuple)


def test_malformed_json_is_a_parse_error() -> None:
    with pytest.raises(ResponseParseError, match="not JSON"):
        cleanrooms_models.ListTrainedModelsResponse.from_json(b"{")
    with pytest.raises(ResponseParseError, match="expected an object, got list"):
        cleanrooms_models.ListTrainedModelsResponse.from_json(b"[]")


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.datetimes(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=25,
)
_KEYS = st.sampled_from(["trainedModels", "modelSummaries", "nextToken", "createTime", "name"])


@pytest.mark.parametrize(
    "response_type",
    [
        bedrock_models.ListCustomModelsResponse,
        bedrock_models.ListModelCustomizationJobsResponse,
        cleanrooms_models.ListTrainedModelsResponse,
        cleanrooms_models.ListTrainedModelInferenceJobsResponse,
    ],
)
@given(data=st.dictionaries(_KEYS | st.text(), _ANY) | _ANY)
def test_from_dict_raises_only_response_parse_error(response_type: Any, data: object) -> None:
    try:
        parsed = response_type.from_dict(data)
    except ResponseParseError as error:
        assert isinstance(error.path, str)
    else:
        assert response_type.from_dict(parsed.to_dict()) == parsed


# Run in a fresh interpreter: only hypothesis and a models module are imported, in either order.
_FROM_TYPE_PROGRAM = """
import inspect, sys
from dataclasses import dataclass
from datetime import UTC

if sys.argv[1] == "models-first":
    from generated.bedrock import models
    assert "hypothesis" not in sys.modules, "models imported hypothesis"
    from hypothesis import given, settings, strategies as st
else:
    from hypothesis import given, settings, strategies as st
    from generated.bedrock import models
from generated.bedrock.validators import check_list_custom_models_response as check

STRATEGIES = "generated.bedrock.strategies"
inspect.signature(models.CustomModelSummary)  # not Hypothesis: nothing is imported
assert STRATEGIES not in sys.modules


@dataclass
class Mine:
    summary: models.CustomModelSummary


def summaries(value):
    if isinstance(value, models.ListCustomModelsResponse):
        return list(value.model_summaries or ())
    if isinstance(value, Mine):
        return [value.summary]
    if isinstance(value, list):
        return [item for element in value for item in summaries(element)]
    return [] if value is None else [value]


drawn = []
@settings(max_examples=40, database=None, derandomize=True)
@given(
    st.one_of(
        st.from_type(models.CustomModelSummary),
        st.from_type(models.ListCustomModelsResponse),
        st.from_type(list[models.CustomModelSummary]),
        st.from_type(models.CustomModelSummary | None),
        st.builds(Mine),
    )
)
def valid(value):
    found = summaries(value)
    drawn.extend(found)
    for summary in found:
        assert summary.creation_time.tzinfo is UTC, summary
        issues = check({"modelSummaries": [summary.to_dict()]})
        assert issues == [], issues


valid()
assert STRATEGIES in sys.modules
assert len(drawn) >= 20, len(drawn)
assert any(summary.customization_type is not None for summary in drawn)
print(len(drawn))
"""


@pytest.mark.parametrize("order", ["models-first", "hypothesis-first"])
def test_from_type_gives_valid_dataclasses_without_the_strategies_module_imported(
    order: str,
) -> None:
    """A pattern (`modelArn`), an enum (`customizationType`), a timestamp (`creationTime`) and a
    nested structure (the summaries in a page), drawn by `st.from_type` and `st.builds`."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _FROM_TYPE_PROGRAM, order],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
