"""Requests and response pages, built deterministically (a fixed seed, fixed instants).

Valid requests set every member of the operation's input, with valid values. Invalid requests
break two rules: `maxResults: 0` (below the minimum; botocore checks minimums) and one rule
botocore does not check (an enum value or a pattern), so that every library must reject them and
the ones that report every issue have two to report.

Timestamps in requests are ISO-8601 text with `Z`: the one form that the generated validator,
botocore, JSON Schema and pydantic all accept as a timestamp, so that every library gets the
same dict.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

SEED = 20240501
ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
MEMBERSHIP = "3f2b6c1e-8d4a-4e7b-9c21-5a6d7e8f9012"
COLLABORATION = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
VERSION = "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f"
TRAINED_MODEL_ARN = (
    f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:membership/{MEMBERSHIP}"
    "/trained-model/7b3e9f2a-1c4d-4e8f-a6b5-0d9c8e7f6a5b"
)
FOUNDATION_MODEL_ARN = (
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k"
)
NEXT_TOKEN = "eyJleGNsdXNpdmVTdGFydEtleSI6IHsiaWQiOiAiY20tMDAwMTAwIn19"

VALID_REQUESTS: dict[str, dict[str, Any]] = {
    "ListCustomModels": {
        "creationTimeBefore": "2024-06-30T23:59:59Z",
        "creationTimeAfter": "2024-01-01T00:00:00Z",
        "nameContains": "titan-support-ft",
        "baseModelArnEquals": FOUNDATION_MODEL_ARN,
        "foundationModelArnEquals": FOUNDATION_MODEL_ARN,
        "maxResults": 100,
        "nextToken": NEXT_TOKEN,
        "sortBy": "CreationTime",
        "sortOrder": "Descending",
        "isOwned": True,
        "modelStatus": "Active",
    },
    "ListModelCustomizationJobs": {
        "creationTimeAfter": "2024-01-01T00:00:00Z",
        "creationTimeBefore": "2024-06-30T23:59:59Z",
        "statusEquals": "Completed",
        "nameContains": "support-ft-job",
        "maxResults": 100,
        "nextToken": NEXT_TOKEN,
        "sortBy": "CreationTime",
        "sortOrder": "Ascending",
    },
    "ListTrainedModels": {
        "nextToken": NEXT_TOKEN,
        "maxResults": 50,
        "membershipIdentifier": MEMBERSHIP,
    },
    "ListTrainedModelVersions": {
        "nextToken": NEXT_TOKEN,
        "maxResults": 50,
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "status": "ACTIVE",
    },
    "ListTrainedModelInferenceJobs": {
        "nextToken": NEXT_TOKEN,
        "maxResults": 50,
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "trainedModelVersionIdentifier": VERSION,
    },
}

# Each breaks `maxResults` (minimum 1) and one rule botocore does not check.
INVALID_CHANGES: dict[str, dict[str, Any]] = {
    "ListCustomModels": {"maxResults": 0, "sortOrder": "Sideways"},
    "ListModelCustomizationJobs": {"maxResults": 0, "statusEquals": "Running"},
    # Upper-case hex: 36 characters (botocore's length check passes), not the UUID pattern.
    "ListTrainedModels": {"maxResults": 0, "membershipIdentifier": MEMBERSHIP.upper()},
    "ListTrainedModelVersions": {"maxResults": 0, "status": "DELETED"},
    "ListTrainedModelInferenceJobs": {
        "maxResults": 0,
        "trainedModelVersionIdentifier": VERSION.upper(),
    },
}


def invalid_request(operation: str) -> dict[str, Any]:
    return {**VALID_REQUESTS[operation], **INVALID_CHANGES[operation]}


def describe_changes(operation: str) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in INVALID_CHANGES[operation].items())


# Valid values of every patterned string shape, for the ReDoS check's adversarial prefixes.
SHAPE_SAMPLES: dict[str, str] = {
    "AccountId": ACCOUNT,
    "CustomModelArn": (
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:custom-model/"
        "amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6"
    ),
    "CustomModelName": "titan-support-ft",
    "FoundationModelArn": FOUNDATION_MODEL_ARN,
    "JobName": "support-ft-job.v2",
    "ModelArn": FOUNDATION_MODEL_ARN,
    "ModelCustomizationJobArn": (
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:model-customization-job/"
        "amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6"
    ),
    "ModelName": "amazon.titan-text-express-v1",
    "NonBlankString": "Not authorized",
    "PaginationToken": NEXT_TOKEN,
    "ConfiguredModelAlgorithmAssociationArn": (
        f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:membership/{MEMBERSHIP}"
        "/configured-model-algorithm-association/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"
    ),
    "InferenceOutputConfigurationAcceptString": "application/json",
    "ModelTrainingDataChannelName": "training-data_v1.2",
    "NameString": "Nightly lookalike model",
    "ResourceDescription": "Lookalike model trained on the\tQ2 seed audience.\r\n",
    "TrainedModelArn": TRAINED_MODEL_ARN,
    "TrainedModelInferenceJobArn": (
        f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:membership/{MEMBERSHIP}"
        "/trained-model-inference-job/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    ),
    "UUID": MEMBERSHIP,
}


def _iso(instant: datetime) -> str:
    """ISO-8601 as AWS writes it: UTC, milliseconds, `Z`."""
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _hex12(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(12))


_BASE_INSTANT = datetime(2024, 1, 15, 8, 30, 0, tzinfo=UTC)
_FOUNDATION_MODELS = (
    "amazon.titan-text-express-v1:0:8k",
    "amazon.titan-text-lite-v1:0:4k",
    "meta.llama3-1-8b-instruct-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0:200k",
    "cohere.command-light-text-v14:7:4k",
)


def _custom_model(index: int, rng: random.Random) -> dict[str, Any]:
    base = _FOUNDATION_MODELS[index % len(_FOUNDATION_MODELS)]
    created = _BASE_INSTANT + timedelta(minutes=37 * index, milliseconds=rng.randrange(1000))
    return {
        "modelArn": (f"arn:aws:bedrock:us-east-1:{ACCOUNT}:custom-model/{base}/{_hex12(rng)}"),
        "modelName": f"support-assistant-ft-{index:05d}",
        "creationTime": _iso(created),
        "baseModelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{base}",
        "baseModelName": base.split(":")[0],
        "customizationType": rng.choice(["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"]),
        "ownerAccountId": ACCOUNT,
        "modelStatus": rng.choice(["Active", "Active", "Active", "Creating", "Failed"]),
    }


def _inference_job(index: int, rng: random.Random) -> dict[str, Any]:
    prefix = f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:membership/{MEMBERSHIP}"
    created = _BASE_INSTANT + timedelta(minutes=53 * index, milliseconds=rng.randrange(1000))
    updated = created + timedelta(seconds=rng.randrange(60, 7200), milliseconds=rng.randrange(1000))
    return {
        "trainedModelInferenceJobArn": f"{prefix}/trained-model-inference-job/{_uuid(rng)}",
        "configuredModelAlgorithmAssociationArn": (
            f"{prefix}/configured-model-algorithm-association/{_uuid(rng)}"
        ),
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "trainedModelVersionIdentifier": VERSION,
        "collaborationIdentifier": COLLABORATION,
        "status": rng.choice(["ACTIVE", "ACTIVE", "CREATE_IN_PROGRESS", "INACTIVE"]),
        "outputConfiguration": {
            "accept": "application/json",
            "members": [{"accountId": OTHER_ACCOUNT}],
        },
        "name": f"nightly-inference-{index:05d}",
        "description": f"Nightly lookalike scoring run {index} on the Q2 seed audience.",
        "metricsStatus": "PUBLISH_SUCCEEDED",
        "metricsStatusDetails": "Metrics published to CloudWatch.",
        "logsStatus": rng.choice(["PUBLISH_SUCCEEDED", "PUBLISH_FAILED"]),
        "logsStatusDetails": "Logs delivered.",
        "mlModelInferencePayerAccountId": ACCOUNT,
        "createTime": _iso(created),
        "updateTime": _iso(updated),
    }


# The operations whose response pages are parsed, with their result key and item builder.
PAGE_ITEMS: dict[str, tuple[str, Callable[[int, random.Random], dict[str, Any]]]] = {
    "ListCustomModels": ("modelSummaries", _custom_model),
    "ListTrainedModelInferenceJobs": ("trainedModelInferenceJobs", _inference_job),
}


def wire_page(operation: str, items: int) -> bytes:
    """The JSON body AWS sends for a page of `items` items (not the last page)."""
    result_key, build = PAGE_ITEMS[operation]
    rng = random.Random(f"{SEED}-{operation}-{items}")
    page = {
        "nextToken": NEXT_TOKEN,
        result_key: [build(index, rng) for index in range(items)],
    }
    return json.dumps(page, separators=(",", ":")).encode("utf-8")


def response_metadata(operation: str, body: bytes) -> dict[str, Any]:
    """What boto3 adds to every response dict, as a real call returns it."""
    request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SEED}/{operation}/{len(body)}"))
    return {
        "RequestId": request_id,
        "HTTPStatusCode": 200,
        "HTTPHeaders": {
            "date": "Mon, 15 Jan 2024 08:30:00 GMT",
            "content-type": "application/json",
            "content-length": str(len(body)),
            "connection": "keep-alive",
            "x-amzn-requestid": request_id,
        },
        "RetryAttempts": 0,
    }
