"""The hand-written floor, what an engineer writes for one operation with nothing generated.

Validators of the five requests: straight-line checks of each member, every problem reported.
They hold the spec's rules (types, lengths, ranges, enums, patterns searched as the specs'
`pattern_match: search` says, text encodable as UTF-8, timestamps as datetimes, epoch numbers
or ISO-8601 text with a zone) and no more; issue 13 asks the generated validators to stay within 1.2x of them.

Unchecked `from_dict`s of the two pages the parsing section times: the same dataclasses built
through their constructors from a dict trusted to be right (enum members, UTC datetimes), the
bound issue 13 measures the checked parse against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from generated.bedrock.enums import CustomizationType, ModelStatus
from generated.bedrock.models import CustomModelSummary, ListCustomModelsResponse
from generated.cleanroomsml.enums import LogsStatus, MetricsStatus, TrainedModelInferenceJobStatus
from generated.cleanroomsml.models import (
    InferenceOutputConfiguration,
    InferenceReceiverMember,
    ListTrainedModelInferenceJobsResponse,
    TrainedModelInferenceJobSummary,
)

Validator = Callable[[Mapping[str, Any]], None]


class FloorInvalid(Exception):
    """Every problem the hand-written validator found, as `(member, message)` pairs."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(issues)} issue(s): {issues[0][0]}: {issues[0][1]}")
        self.issues = issues


_NAME_CONTAINS_MODELS: Final = re.compile(r"([0-9a-zA-Z][_-]?){1,63}")
_NAME_CONTAINS_JOBS: Final = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*")
_FOUNDATION_MODEL_ARN: Final = re.compile(
    r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/[a-z0-9-]{1,63}[.]{1}"
    r"([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}"
)
_MODEL_ARN: Final = re.compile(
    r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/((imported)|"
    r"([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}))(([:][a-z0-9-]{1,63}){0,2})?/[a-z0-9]{12})|"
    r"(:foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}"
    r"([:][a-z0-9-]{1,63}){0,2}))"
)
_TOKEN: Final = re.compile(r"\S*")
_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TRAINED_MODEL_ARN: Final = re.compile(
    r"arn:aws[-a-z]*:cleanrooms-ml:[-a-z0-9]+:[0-9]{12}:membership/[0-9a-f]{8}-[0-9a-f]{4}-"
    r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/trained-model/[-a-zA-Z0-9_/.]+"
)
_MODEL_STATUSES: Final = frozenset(("Active", "Creating", "Failed"))
_JOB_STATUSES: Final = frozenset(("InProgress", "Completed", "Failed", "Stopping", "Stopped"))
_SORT_ORDERS: Final = frozenset(("Ascending", "Descending"))
_TRAINED_MODEL_STATUSES: Final = frozenset(
    (
        "CREATE_PENDING",
        "CREATE_IN_PROGRESS",
        "CREATE_FAILED",
        "ACTIVE",
        "DELETE_PENDING",
        "DELETE_IN_PROGRESS",
        "DELETE_FAILED",
        "INACTIVE",
        "CANCEL_PENDING",
        "CANCEL_IN_PROGRESS",
        "CANCEL_FAILED",
    )
)


def _text(
    issues: list[tuple[str, str]],
    params: Mapping[str, Any],
    name: str,
    low: int | None,
    high: int | None,
    pattern: re.Pattern[str] | None,
    required: bool = False,
) -> None:
    if name not in params:
        if required:
            issues.append((name, "missing"))
        return
    value = params[name]
    if not isinstance(value, str):
        issues.append((name, "not a string"))
        return
    if low is not None and len(value) < low:
        issues.append((name, f"shorter than {low}"))
    if high is not None and len(value) > high:
        issues.append((name, f"longer than {high}"))
    if pattern is not None and pattern.search(value) is None:
        issues.append((name, f"does not match {pattern.pattern}"))
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            issues.append((name, "not encodable as UTF-8"))


def _enum(
    issues: list[tuple[str, str]], params: Mapping[str, Any], name: str, values: frozenset[str]
) -> None:
    if name in params and (type(params[name]) is not str or params[name] not in values):
        issues.append((name, "not one of the enum's values"))


def _max_results(issues: list[tuple[str, str]], params: Mapping[str, Any], high: int) -> None:
    if "maxResults" not in params:
        return
    value = params["maxResults"]
    if not isinstance(value, int) or isinstance(value, bool):
        issues.append(("maxResults", "not an integer"))
    elif not 1 <= value <= high:
        issues.append(("maxResults", f"outside 1..{high}"))


def _timestamp(issues: list[tuple[str, str]], params: Mapping[str, Any], name: str) -> None:
    if name not in params:
        return
    value = params[name]
    if isinstance(value, datetime) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return
    if isinstance(value, str):
        try:
            if datetime.fromisoformat(value).tzinfo is not None:
                return
        except ValueError:
            pass
    issues.append((name, "not a timestamp"))


def _unknown(
    issues: list[tuple[str, str]], params: Mapping[str, Any], members: frozenset[str]
) -> None:
    issues.extend((name, "unknown member") for name in params.keys() - members)


_CUSTOM_MODELS_MEMBERS: Final = frozenset(
    (
        "creationTimeBefore",
        "creationTimeAfter",
        "nameContains",
        "baseModelArnEquals",
        "foundationModelArnEquals",
        "maxResults",
        "nextToken",
        "sortBy",
        "sortOrder",
        "isOwned",
        "modelStatus",
    )
)


def list_custom_models(params: Mapping[str, Any]) -> None:
    issues: list[tuple[str, str]] = []
    _timestamp(issues, params, "creationTimeBefore")
    _timestamp(issues, params, "creationTimeAfter")
    _text(issues, params, "nameContains", 1, 63, _NAME_CONTAINS_MODELS)
    _text(issues, params, "baseModelArnEquals", 20, 1011, _MODEL_ARN)
    _text(issues, params, "foundationModelArnEquals", None, None, _FOUNDATION_MODEL_ARN)
    _max_results(issues, params, 1000)
    _text(issues, params, "nextToken", 1, 2048, _TOKEN)
    _enum(issues, params, "sortBy", frozenset(("CreationTime",)))
    _enum(issues, params, "sortOrder", _SORT_ORDERS)
    if "isOwned" in params and not isinstance(params["isOwned"], bool):
        issues.append(("isOwned", "not a boolean"))
    _enum(issues, params, "modelStatus", _MODEL_STATUSES)
    _unknown(issues, params, _CUSTOM_MODELS_MEMBERS)
    if issues:
        raise FloorInvalid(issues)


_CUSTOMIZATION_JOBS_MEMBERS: Final = frozenset(
    (
        "creationTimeAfter",
        "creationTimeBefore",
        "statusEquals",
        "nameContains",
        "maxResults",
        "nextToken",
        "sortBy",
        "sortOrder",
    )
)


def list_model_customization_jobs(params: Mapping[str, Any]) -> None:
    issues: list[tuple[str, str]] = []
    _timestamp(issues, params, "creationTimeAfter")
    _timestamp(issues, params, "creationTimeBefore")
    _enum(issues, params, "statusEquals", _JOB_STATUSES)
    _text(issues, params, "nameContains", 1, 63, _NAME_CONTAINS_JOBS)
    _max_results(issues, params, 1000)
    _text(issues, params, "nextToken", 1, 2048, _TOKEN)
    _enum(issues, params, "sortBy", frozenset(("CreationTime",)))
    _enum(issues, params, "sortOrder", _SORT_ORDERS)
    _unknown(issues, params, _CUSTOMIZATION_JOBS_MEMBERS)
    if issues:
        raise FloorInvalid(issues)


_TRAINED_MODELS_MEMBERS: Final = frozenset(("nextToken", "maxResults", "membershipIdentifier"))


def list_trained_models(params: Mapping[str, Any]) -> None:
    issues: list[tuple[str, str]] = []
    _text(issues, params, "nextToken", 1, 10240, None)
    _max_results(issues, params, 100)
    _text(issues, params, "membershipIdentifier", 36, 36, _UUID, required=True)
    _unknown(issues, params, _TRAINED_MODELS_MEMBERS)
    if issues:
        raise FloorInvalid(issues)


_VERSIONS_MEMBERS: Final = frozenset(
    ("nextToken", "maxResults", "membershipIdentifier", "trainedModelArn", "status")
)


def list_trained_model_versions(params: Mapping[str, Any]) -> None:
    issues: list[tuple[str, str]] = []
    _text(issues, params, "nextToken", 1, 10240, None)
    _max_results(issues, params, 100)
    _text(issues, params, "membershipIdentifier", 36, 36, _UUID, required=True)
    _text(issues, params, "trainedModelArn", 20, 2048, _TRAINED_MODEL_ARN, required=True)
    _enum(issues, params, "status", _TRAINED_MODEL_STATUSES)
    _unknown(issues, params, _VERSIONS_MEMBERS)
    if issues:
        raise FloorInvalid(issues)


_INFERENCE_JOBS_MEMBERS: Final = frozenset(
    (
        "nextToken",
        "maxResults",
        "membershipIdentifier",
        "trainedModelArn",
        "trainedModelVersionIdentifier",
    )
)


def list_trained_model_inference_jobs(params: Mapping[str, Any]) -> None:
    issues: list[tuple[str, str]] = []
    _text(issues, params, "nextToken", 1, 10240, None)
    _max_results(issues, params, 100)
    _text(issues, params, "membershipIdentifier", 36, 36, _UUID, required=True)
    _text(issues, params, "trainedModelArn", 20, 2048, _TRAINED_MODEL_ARN)
    _text(issues, params, "trainedModelVersionIdentifier", 36, 36, _UUID)
    _unknown(issues, params, _INFERENCE_JOBS_MEMBERS)
    if issues:
        raise FloorInvalid(issues)


VALIDATORS: Final[dict[str, Validator]] = {
    "ListCustomModels": list_custom_models,
    "ListModelCustomizationJobs": list_model_customization_jobs,
    "ListTrainedModels": list_trained_models,
    "ListTrainedModelVersions": list_trained_model_versions,
    "ListTrainedModelInferenceJobs": list_trained_model_inference_jobs,
}


def _optional(kind: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else kind(value)


def custom_models_page(data: Mapping[str, Any]) -> ListCustomModelsResponse:
    summaries = data.get("modelSummaries")
    return ListCustomModelsResponse(
        next_token=data.get("nextToken"),
        model_summaries=(
            None
            if summaries is None
            else tuple(
                CustomModelSummary(
                    model_arn=item["modelArn"],
                    model_name=item["modelName"],
                    creation_time=item["creationTime"].astimezone(UTC),
                    base_model_arn=item["baseModelArn"],
                    base_model_name=item["baseModelName"],
                    customization_type=_optional(CustomizationType, item.get("customizationType")),
                    owner_account_id=item.get("ownerAccountId"),
                    model_status=_optional(ModelStatus, item.get("modelStatus")),
                )
                for item in summaries
            )
        ),
    )


def inference_jobs_page(data: Mapping[str, Any]) -> ListTrainedModelInferenceJobsResponse:
    return ListTrainedModelInferenceJobsResponse(
        next_token=data.get("nextToken"),
        trained_model_inference_jobs=tuple(
            TrainedModelInferenceJobSummary(
                trained_model_inference_job_arn=item["trainedModelInferenceJobArn"],
                configured_model_algorithm_association_arn=item.get(
                    "configuredModelAlgorithmAssociationArn"
                ),
                membership_identifier=item["membershipIdentifier"],
                trained_model_arn=item["trainedModelArn"],
                trained_model_version_identifier=item.get("trainedModelVersionIdentifier"),
                collaboration_identifier=item["collaborationIdentifier"],
                status=TrainedModelInferenceJobStatus(item["status"]),
                output_configuration=InferenceOutputConfiguration(
                    accept=item["outputConfiguration"].get("accept"),
                    members=tuple(
                        InferenceReceiverMember(account_id=member["accountId"])
                        for member in item["outputConfiguration"]["members"]
                    ),
                ),
                name=item["name"],
                description=item.get("description"),
                metrics_status=_optional(MetricsStatus, item.get("metricsStatus")),
                metrics_status_details=item.get("metricsStatusDetails"),
                logs_status=_optional(LogsStatus, item.get("logsStatus")),
                logs_status_details=item.get("logsStatusDetails"),
                ml_model_inference_payer_account_id=item.get("mlModelInferencePayerAccountId"),
                create_time=item["createTime"].astimezone(UTC),
                update_time=item["updateTime"].astimezone(UTC),
            )
            for item in data["trainedModelInferenceJobs"]
        ),
    )


UNCHECKED_PAGES: Final[dict[str, Callable[[Mapping[str, Any]], object]]] = {
    "ListCustomModels": custom_models_page,
    "ListTrainedModelInferenceJobs": inference_jobs_page,
}
