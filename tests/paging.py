"""Fake clients, valid items and botocore's own paginator, for the paginator and error tests.

A plain module (no fixtures): the fakes are scripted, stateless apart from the calls they record,
and serve deep copies so that nothing a paginator does to a page can leak into the next one.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import botocore.paginate
import botocore.session
from botocore.exceptions import ClientError

from generated import bedrock, cleanroomsml
from generated.operations import Operation

ACCOUNT = "123456789012"
MEMBERSHIP = "0123abcd-0123-4567-89ab-0123456789ab"
COLLABORATION = "fedcba98-7654-3210-fedc-ba9876543210"
_CLEANROOMS = f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:membership/{MEMBERSHIP}"
TRAINED_MODEL_ARN = f"{_CLEANROOMS}/trained-model/model-0"
WHEN = "2024-05-06T07:08:09Z"

OPERATIONS: dict[str, Operation] = {**bedrock.OPERATIONS, **cleanroomsml.OPERATIONS}
SERVICE_OF = {
    **dict.fromkeys(bedrock.OPERATIONS, "bedrock"),
    **dict.fromkeys(cleanroomsml.OPERATIONS, "cleanroomsml"),
}
# The members every request to the operation needs, valid by the spec.
REQUIRED_PARAMS: dict[str, dict[str, Any]] = {
    "ListCustomModels": {},
    "ListModelCustomizationJobs": {},
    "ListTrainedModels": {"membershipIdentifier": MEMBERSHIP},
    "ListTrainedModelVersions": {
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
    },
    "ListTrainedModelInferenceJobs": {"membershipIdentifier": MEMBERSHIP},
}


def _custom_model(index: int) -> dict[str, Any]:
    return {
        "modelArn": f"arn:aws:bedrock:us-east-1:{ACCOUNT}:custom-model/amazon.titan/{index:012d}",
        "modelName": f"model{index}",
        "creationTime": WHEN,
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan",
        "baseModelName": "amazon.titan",
    }


def _customization_job(index: int) -> dict[str, Any]:
    return {
        "jobArn": f"arn:aws:bedrock:us-east-1:{ACCOUNT}:model-customization-job/amazon.titan/{index:012d}",
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan",
        "jobName": f"job{index}",
        "status": "Completed",
        "creationTime": WHEN,
    }


def _trained_model(index: int) -> dict[str, Any]:
    return {
        "createTime": WHEN,
        "updateTime": WHEN,
        "trainedModelArn": f"{_CLEANROOMS}/trained-model/model-{index}",
        "name": f"model-{index}",
        "membershipIdentifier": MEMBERSHIP,
        "collaborationIdentifier": COLLABORATION,
        "status": "ACTIVE",
        "configuredModelAlgorithmAssociationArn": (
            f"{_CLEANROOMS}/configured-model-algorithm-association/cmaa-{index}"
        ),
    }


def _inference_job(index: int) -> dict[str, Any]:
    return {
        "trainedModelInferenceJobArn": f"{_CLEANROOMS}/trained-model-inference-job/job-{index}",
        "membershipIdentifier": MEMBERSHIP,
        "trainedModelArn": TRAINED_MODEL_ARN,
        "collaborationIdentifier": COLLABORATION,
        "status": "ACTIVE",
        "outputConfiguration": {"members": [{"accountId": ACCOUNT}]},
        "name": f"job-{index}",
        "createTime": WHEN,
        "updateTime": WHEN,
    }


# A valid result-key item of each operation, distinct per index.
ITEM: dict[str, Callable[[int], dict[str, Any]]] = {
    "ListCustomModels": _custom_model,
    "ListModelCustomizationJobs": _customization_job,
    "ListTrainedModels": _trained_model,
    "ListTrainedModelVersions": _trained_model,
    "ListTrainedModelInferenceJobs": _inference_job,
}


def result_key(operation: str) -> str:
    pagination = OPERATIONS[operation].pagination
    assert pagination is not None
    return pagination.result_key


def chain(
    pages: Sequence[Sequence[Any]],
    key: str,
    *,
    tokens: Sequence[str] | None = None,
    last_token: str | None = None,
    token_key: str = "nextToken",
) -> dict[str | None, dict[str, Any]]:
    """Responses by request token: page 0 for no token, page i+1 for `tokens[i]`.

    Page i returns `tokens[i]` (default `t1`, `t2`, ...); the last page returns `last_token`,
    which makes a cycle when it is one of `tokens`.
    """
    links = list(tokens) if tokens is not None else [f"t{i + 1}" for i in range(len(pages) - 1)]
    assert len(links) == len(pages) - 1
    responses: dict[str | None, dict[str, Any]] = {}
    for index, items in enumerate(pages):
        page: dict[str, Any] = {key: list(items)}
        following = links[index] if index < len(links) else last_token
        if following is not None:
            page[token_key] = following
        responses[None if index == 0 else links[index - 1]] = page
    return responses


class FakeClient:
    """A client method over scripted responses; records every call's keyword arguments.

    `failures` maps a call index to the exception that call raises (once) instead.
    """

    def __init__(
        self,
        responses: Mapping[str | None, Mapping[str, Any]],
        *,
        failures: Mapping[int, BaseException] | None = None,
        token_key: str = "nextToken",
    ) -> None:
        self.responses = responses
        self.failures = dict(failures or {})
        self.token_key = token_key
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> dict[str, Any]:
        index = len(self.calls)
        self.calls.append(dict(params))
        failure = self.failures.pop(index, None)
        if failure is not None:
            raise failure
        response: Any = self.responses[params.get(self.token_key)]
        return copy.deepcopy(response)


class AsyncFakeClient:
    """The same, as a coroutine function (aiobotocore-style); yields to the loop on each call."""

    def __init__(self, fake: FakeClient) -> None:
        self.fake = fake

    async def __call__(self, **params: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        return self.fake(**params)


class EndlessClient:
    """A service that always has one more page, each with a new token."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.calls = 0

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls += 1
        return {self.key: [self.calls], "nextToken": f"page-{self.calls}"}


def client_error(
    code: str,
    *,
    message: str = "Rate exceeded",
    request_id: str | None = "req-123",
    status: int = 429,
    operation: str = "ListTrainedModels",
) -> ClientError:
    """A real botocore ClientError, shaped as botocore's parser builds it."""
    metadata: dict[str, Any] = {"HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}
    if request_id is not None:
        metadata["RequestId"] = request_id
    return ClientError(
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": metadata}, operation
    )


def token(data: object) -> str:
    """A StartingToken made by hand from the documented format."""
    return base64.b64encode(json.dumps(data).encode()).decode()


def decode(resume_token: str | None) -> object:
    """What a resume token (ours or botocore's) says, as a dict; None stays None."""
    if resume_token is None:
        return None
    return json.loads(base64.b64decode(resume_token))


def botocore_paginator(operation: str, call: Callable[..., Any]) -> botocore.paginate.Paginator:
    """botocore's own paginator of the operation, from its bundled models, over `call`."""
    session = botocore.session.get_session()
    service = SERVICE_OF[operation]
    model = session.get_service_model(service).operation_model(operation)
    config = session.get_paginator_model(service).get_paginator(operation)
    return botocore.paginate.Paginator(call, config, model)


def same_position(ours: str | None, theirs: str | None, input_token: str = "nextToken") -> bool:
    """Whether our resume token and botocore's name the same item (`skip` = `boto_truncate_amount`,
    a missing amount or a null service token meaning 0 or the first page)."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    mine, botos = decode(ours), decode(theirs)
    assert isinstance(mine, dict)
    assert isinstance(botos, dict)
    return mine == {
        input_token: botos.get(input_token),
        "skip": botos.get("boto_truncate_amount", 0),
    }
