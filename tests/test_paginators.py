"""Generated paginators, sync and async.

Real components: boto3 against moto's Bedrock (in-process with `mock_aws`, and over HTTP with a
`ThreadedMotoServer`), a real boto3 CleanRoomsML client behind botocore's `Stubber` (moto has no
CleanRoomsML), and botocore's own `Paginator` as the reference in differential tests. Scripted
fakes (tests/paging.py) drive the Hypothesis properties.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.exceptions import PaginationError as BotocorePaginationError
from botocore.stub import Stubber
from hypothesis import given
from hypothesis import strategies as st
from moto import mock_aws
from moto.server import ThreadedMotoServer

from generated import bedrock, cleanroomsml
from generated.bedrock import errors as bedrock_errors
from generated.bedrock import paginators as bedrock_paginators
from generated.cleanroomsml import errors as cleanroomsml_errors
from generated.cleanroomsml import paginators as cleanroomsml_paginators
from generated.errors import (
    ContractError,
    PaginationError,
    RequestValidationError,
    ResponseParseError,
    ServiceError,
)
from generated.pagination import DEFAULT_MAX_PAGES, AsyncPageIterator, AsyncPaginator, Paginator
from generator.model import IntegerShape
from generator.pipeline import load_services
from tests.helpers import PROJECT
from tests.paging import (
    ACCOUNT,
    ITEM,
    MEMBERSHIP,
    OPERATIONS,
    REQUIRED_PARAMS,
    AsyncFakeClient,
    EndlessClient,
    FakeClient,
    botocore_paginator,
    chain,
    client_error,
    decode,
    result_key,
    same_position,
    token,
)

MODELS = 7  # custom models (and their jobs) created in moto; page sizes run 1..MODELS + 1
LIST_TRAINED_MODELS = "ListTrainedModels"
TRAINED_MODELS = "trainedModels"
START = {"nextToken": None, "skip": 0}

# Item counts per page, as a server splits a listing (empty pages included).
page_splits = st.lists(st.integers(0, 4), min_size=1, max_size=6)


def numbered(split: list[int]) -> list[list[int]]:
    """Pages of consecutive integers with the given sizes."""
    counter = itertools.count()
    return [[next(counter) for _ in range(size)] for size in split]


def flatten(pages: list[list[Any]]) -> list[Any]:
    return [item for page in pages for item in page]


def typed_pages(operation: str, split: list[int]) -> list[list[dict[str, Any]]]:
    counter = itertools.count()
    return [[ITEM[operation](next(counter)) for _ in range(size)] for size in split]


def paginate(fake: Any, operation: str = LIST_TRAINED_MODELS, **config: Any) -> Any:
    paginator = OPERATIONS[operation].paginator
    assert paginator is not None
    return paginator(fake).paginate(**REQUIRED_PARAMS[operation], PaginationConfig=config)


# --- the registry ---------------------------------------------------------------------------


def test_every_operation_has_sync_and_async_paginator_factories_in_the_registry() -> None:
    assert (
        OPERATIONS["ListCustomModels"].paginator is bedrock_paginators.list_custom_models_paginator
    )
    assert (
        cleanroomsml.OPERATIONS["ListTrainedModelInferenceJobs"].async_paginator
        is cleanroomsml_paginators.list_trained_model_inference_jobs_async_paginator
    )
    for name, operation in OPERATIONS.items():
        assert operation.paginator is not None
        assert operation.async_paginator is not None
        sync = operation.paginator(FakeClient({}))
        assert isinstance(sync, Paginator)
        assert isinstance(
            operation.async_paginator(AsyncFakeClient(FakeClient({}))), AsyncPaginator
        )
        assert sync.spec.operation == name
        assert operation.pagination is not None
        assert sync.spec.result_keys == operation.pagination.result_keys
        assert sync.max_pages == DEFAULT_MAX_PAGES == 10_000


def test_page_size_ranges_are_the_limit_keys_integer_ranges_in_the_spec() -> None:
    for service in load_services(PROJECT / "specs"):
        shapes = service.shapes_by_name
        for operation in service.operations:
            assert operation.paginator is not None
            assert operation.paginator.limit_key is not None
            structure = shapes[operation.input]
            member = next(m for m in structure.members if m.name == operation.paginator.limit_key)
            limit = shapes[member.shape]
            assert isinstance(limit, IntegerShape)
            factory = OPERATIONS[operation.name].paginator
            assert factory is not None
            spec = factory(FakeClient({})).spec
            assert (spec.page_size_min, spec.page_size_max) == (limit.minimum, limit.maximum)
            assert limit.minimum is not None
            assert limit.maximum is not None
            params = REQUIRED_PARAMS[operation.name]
            fake = FakeClient({None: {operation.paginator.result_keys[0]: []}})
            for size in (limit.minimum, limit.maximum):
                list(factory(fake).paginate(**params, PaginationConfig={"PageSize": size}))
                assert fake.calls[-1] == {**params, operation.paginator.limit_key: size}
            for size, rule in ((limit.minimum - 1, "min"), (limit.maximum + 1, "max")):
                with pytest.raises(RequestValidationError) as caught:
                    factory(fake).paginate(**params, PaginationConfig={"PageSize": size})
                assert [(i.path, i.rule) for i in caught.value.issues] == [
                    ("PaginationConfig.PageSize", rule)
                ]


# --- moto: Bedrock for real -------------------------------------------------------------------


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
            hyperParameters={},
        )


def _check_every_page_size(client: Any, count: int) -> None:
    """Every page size 1..count+1, and every MaxItems cut resumed: each item exactly once."""
    listings = (
        ("ListCustomModels", client.list_custom_models, "model_name", "model"),
        ("ListModelCustomizationJobs", client.list_model_customization_jobs, "job_name", "job"),
    )
    for operation, method, field, prefix in listings:
        factory = OPERATIONS[operation].paginator
        assert factory is not None
        expected = [f"{prefix}-{index}" for index in range(count)]
        for size in range(1, count + 2):
            iterator = factory(method).paginate(PaginationConfig={"PageSize": size})
            pages = list(iterator.raw_pages())
            sizes = [len(page[result_key(operation)]) for page in pages]
            assert sizes == [size] * (count // size) + ([count % size] if count % size else [])
            assert iterator.resume_token is None
            typed = factory(method).paginate(PaginationConfig={"PageSize": size})
            assert [getattr(item, field) for item in typed.items()] == expected
            for cut in range(1, count + 1):
                first = factory(method).paginate(
                    PaginationConfig={"PageSize": size, "MaxItems": cut}
                )
                head = [getattr(item, field) for item in first.items()]
                if cut == count:
                    assert head == expected
                    assert first.resume_token is None
                    continue
                rest = factory(method).paginate(
                    PaginationConfig={"PageSize": size, "StartingToken": first.resume_token}
                )
                assert head + [getattr(item, field) for item in rest.items()] == expected


def test_bedrock_paginators_over_boto3_against_moto_in_process() -> None:
    with mock_aws():
        client = boto3.client("bedrock", region_name="us-east-1")
        _create_models(client, MODELS)
        _check_every_page_size(client, MODELS)

        # What moto returns breaks the contract: its ARNs lack the model's suffix (so they fail
        # the spec's patterns) and its timestamps are naive local text. `from_dict` follows
        # Smithy's output rule (no pattern checks, naive = UTC), so typed pages still parse; a
        # page that could not be parsed would still be reachable through `raw_pages()`.
        page = client.list_custom_models(maxResults=2)
        operation = OPERATIONS["ListCustomModels"]
        assert {issue.rule for issue in operation.check_response(page)} == {"pattern", "timestamp"}
        assert page["modelSummaries"][0]["creationTime"].tzinfo is None
        paginator = bedrock_paginators.list_custom_models_paginator(client.list_custom_models)
        first = next(iter(paginator.paginate(PaginationConfig={"PageSize": 2})))
        assert isinstance(first, bedrock.models.ListCustomModelsResponse)
        assert first.model_summaries is not None
        assert first.model_summaries[0].creation_time.utcoffset() is not None


def test_bedrock_paginator_over_http_against_a_threaded_moto_server() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        # The server shares moto's in-process state; start from an empty account.
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
        _create_models(client, MODELS)
        _check_every_page_size(client, MODELS)

        # moto rejects sortBy without sortOrder: a real ValidationException over HTTP.
        paginator = bedrock_paginators.list_custom_models_paginator(client.list_custom_models)
        with pytest.raises(bedrock_errors.ValidationException) as caught:
            list(paginator.paginate(sortBy="CreationTime"))
        assert caught.value.http_status == 400
        assert caught.value.request_id
        assert decode(caught.value.resume_token) == START

        # A service token moto did not issue: an error code the spec does not declare.
        bogus = token({"nextToken": "not-a-moto-token", "skip": 0})
        with pytest.raises(ServiceError) as unknown:
            list(paginator.paginate(PaginationConfig={"StartingToken": bogus}))
        assert type(unknown.value) is ServiceError
        assert unknown.value.code == "InvalidToken"
        assert decode(unknown.value.resume_token) == decode(bogus)
        client.close()
    finally:
        server.stop()


# --- CleanRoomsML: a real boto3 client behind botocore's Stubber -------------------------------


def test_cleanroomsml_paginators_over_a_stubbed_boto3_client() -> None:
    for operation in (
        "ListTrainedModels",
        "ListTrainedModelVersions",
        "ListTrainedModelInferenceJobs",
    ):
        client = boto3.client(
            "cleanroomsml",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        name = OPERATIONS[operation].python_name
        method = getattr(client, name)
        key = result_key(operation)
        params = REQUIRED_PARAMS[operation]
        items = [ITEM[operation](index) for index in range(5)]
        with Stubber(client) as stubber:
            # Stubber checks what we send (expected_params) and that pages fit botocore's model.
            stubber.add_response(
                name, {key: items[:2], "nextToken": "p2"}, {**params, "maxResults": 2}
            )
            stubber.add_client_error(
                name,
                "ThrottlingException",
                "Rate exceeded",
                429,
                expected_params={**params, "maxResults": 2, "nextToken": "p2"},
                response_meta={"RequestId": "req-7"},
            )
            stubber.add_response(
                name,
                {key: items[2:4], "nextToken": "p3"},
                {**params, "maxResults": 2, "nextToken": "p2"},
            )
            stubber.add_response(
                name, {key: items[4:]}, {**params, "maxResults": 2, "nextToken": "p3"}
            )
            factory = OPERATIONS[operation].paginator
            assert factory is not None
            iterator = factory(method).paginate(**params, PaginationConfig={"PageSize": 2})
            got = []
            with pytest.raises(cleanroomsml_errors.ThrottlingException) as caught:
                got.extend(iterator.items())
            assert caught.value.request_id == "req-7"
            assert caught.value.operation == operation
            assert decode(caught.value.resume_token) == {"nextToken": "p2", "skip": 0}
            rest = factory(method).paginate(
                **params,
                PaginationConfig={"PageSize": 2, "StartingToken": caught.value.resume_token},
            )
            got.extend(rest.items())
            parse = factory(method).spec.parse_item
            assert got == [parse(item) for item in items]
            stubber.assert_no_pending_responses()


# --- scripted fakes ---------------------------------------------------------------------------


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_typed_pages_items_and_raw_forms_of_every_operation(operation: str) -> None:
    key = result_key(operation)
    pages = typed_pages(operation, [2, 0, 3])
    responses = chain(pages, key)
    fake = FakeClient(responses)
    iterator = paginate(fake, operation)
    assert decode(iterator.resume_token) == START
    typed = list(iterator)
    response_type = OPERATIONS[operation].response_type
    assert typed == [response_type.from_dict(responses[link]) for link in (None, "t1", "t2")]
    assert iterator.resume_token is None
    assert [call.get("nextToken") for call in fake.calls] == [None, "t1", "t2"]
    assert all(call == {**REQUIRED_PARAMS[operation], **call} for call in fake.calls)
    items = list(paginate(FakeClient(responses), operation).items())
    models = {"bedrock": bedrock.models, "cleanroomsml": cleanroomsml.models}
    parsed = models[OPERATIONS[operation].service]  # the service's dataclasses, not copies
    assert all(type(item) is getattr(parsed, type(item).__name__) for item in items)
    assert items == [type(items[0]).from_dict(item) for item in flatten(pages)]
    raw = list(paginate(FakeClient(responses), operation).raw_items())
    assert raw == flatten(pages)


def test_max_items_cuts_a_page_and_the_resume_token_points_inside_it() -> None:
    pages = typed_pages(LIST_TRAINED_MODELS, [3, 3])
    iterator = paginate(FakeClient(chain(pages, TRAINED_MODELS)), MaxItems=4, PageSize=3)
    typed = list(iterator)
    assert [len(page.trained_models) for page in typed] == [3, 1]
    assert decode(iterator.resume_token) == {"nextToken": "t1", "skip": 1}
    fake = FakeClient(chain(pages, TRAINED_MODELS))
    rest = paginate(fake, StartingToken=iterator.resume_token, PageSize=3)
    assert list(rest.raw_items()) == pages[1][1:]
    assert fake.calls == [
        {**REQUIRED_PARAMS[LIST_TRAINED_MODELS], "nextToken": "t1", "maxResults": 3}
    ]


def test_resume_token_after_every_single_item() -> None:
    pages = numbered([2, 0, 3, 1])
    items = flatten(pages)
    iterator = paginate(FakeClient(chain(pages, TRAINED_MODELS)))
    for index, item in enumerate(iterator.raw_items()):
        assert item == items[index]
        if index + 1 == len(items):
            assert iterator.resume_token is None  # nothing left
            continue
        rest = paginate(
            FakeClient(chain(pages, TRAINED_MODELS)), StartingToken=iterator.resume_token
        )
        assert list(rest.raw_items()) == items[index + 1 :]
    assert iterator.resume_token is None


def test_a_page_iterator_is_a_cursor_each_view_continues_the_last() -> None:
    pages = numbered([3, 2, 2])
    fake = FakeClient(chain(pages, TRAINED_MODELS))
    iterator = paginate(fake)
    raw = iterator.raw_items()
    assert [next(raw), next(raw)] == [0, 1]
    del raw
    assert next(iter(iterator.raw_pages()))[TRAINED_MODELS] == [2]  # the rest of page 1
    assert iterator.build_full_result() == {TRAINED_MODELS: [3, 4, 5, 6]}
    assert iterator.resume_token is None
    assert list(iterator.raw_items()) == []


def test_max_items_counts_across_views_of_the_same_iterator() -> None:
    iterator = paginate(FakeClient(chain(numbered([3, 3]), TRAINED_MODELS)), MaxItems=5)
    items = iterator.raw_items()
    assert [next(items), next(items)] == [0, 1]
    del items
    assert list(iterator.raw_items()) == [2, 3, 4]
    assert decode(iterator.resume_token) == {"nextToken": "t1", "skip": 2}


def test_build_full_result_is_botocores_but_with_the_services_token_name() -> None:
    pages = numbered([2, 2, 2])
    ours = paginate(FakeClient(chain(pages, TRAINED_MODELS)), MaxItems=3).build_full_result()
    theirs = (
        botocore_paginator(LIST_TRAINED_MODELS, FakeClient(chain(pages, TRAINED_MODELS)))
        .paginate(**REQUIRED_PARAMS[LIST_TRAINED_MODELS], PaginationConfig={"MaxItems": 3})
        .build_full_result()
    )
    assert ours[TRAINED_MODELS] == theirs[TRAINED_MODELS] == [0, 1, 2]
    # botocore's bug: it writes the resume token under `NextToken`, not the service's `nextToken`.
    assert set(theirs) == {TRAINED_MODELS, "NextToken"}
    assert set(ours) == {TRAINED_MODELS, "nextToken"}
    assert same_position(ours["nextToken"], theirs["NextToken"])
    complete = paginate(FakeClient(chain(pages, TRAINED_MODELS))).build_full_result()
    assert complete == {TRAINED_MODELS: [0, 1, 2, 3, 4, 5]}


@pytest.mark.parametrize(
    ("last", "items"),
    [
        ({TRAINED_MODELS: [2]}, [1, 2]),
        ({TRAINED_MODELS: [2], "nextToken": ""}, [1, 2]),
        ({TRAINED_MODELS: [2], "nextToken": None}, [1, 2]),
        ({}, [1]),  # no result key either: an empty page
    ],
)
def test_missing_or_empty_output_token_ends_the_pagination(
    last: dict[str, Any], items: list[int]
) -> None:
    fake = FakeClient({None: {TRAINED_MODELS: [1], "nextToken": "a"}, "a": last})
    iterator = paginate(fake)
    assert list(iterator.raw_items()) == items
    assert len(fake.calls) == 2
    assert iterator.resume_token is None


def test_returned_tokens_are_sent_back_as_they_are_never_validated() -> None:
    # Longer than the 10240 characters CleanRoomsML's nextToken may have in a request, blanks too.
    odd = "  spaces, \t tabs and more than a request may send " * 250
    with pytest.raises(RequestValidationError) as caught:
        OPERATIONS[LIST_TRAINED_MODELS].validate_request(
            {**REQUIRED_PARAMS[LIST_TRAINED_MODELS], "nextToken": odd}
        )
    assert {issue.rule for issue in caught.value.issues} == {"length"}
    fake = FakeClient({None: {TRAINED_MODELS: [1], "nextToken": odd}, odd: {TRAINED_MODELS: [2]}})
    iterator = paginate(fake)
    assert list(iterator.raw_items()) == [1, 2]
    assert fake.calls[1]["nextToken"] == odd
    # A resume token holding it is accepted too.
    resumed = paginate(fake, StartingToken=token({"nextToken": odd, "skip": 0}))
    assert list(resumed.raw_items()) == [2]


def test_wrong_types_in_a_page_are_response_parse_errors_even_raw() -> None:
    bad_token = FakeClient({None: {TRAINED_MODELS: [1], "nextToken": 7}})
    with pytest.raises(ResponseParseError) as caught:
        list(paginate(bad_token).raw_pages())
    assert caught.value.path == "nextToken"
    bad_list = FakeClient({None: {TRAINED_MODELS: {"not": "a list"}}})
    with pytest.raises(ResponseParseError) as caught:
        list(paginate(bad_list).raw_pages())
    assert caught.value.path == TRAINED_MODELS
    not_a_dict = FakeClient({None: ["a", "list"]})
    with pytest.raises(ResponseParseError):
        list(paginate(not_a_dict).raw_pages())


def test_an_item_that_cannot_be_parsed_stops_items_at_it_and_raw_items_get_past_it() -> None:
    pages = typed_pages(LIST_TRAINED_MODELS, [2, 3])
    pages[1][1]["createTime"] = "yesterday"
    iterator = paginate(FakeClient(chain(pages, TRAINED_MODELS)))
    names = []
    with pytest.raises(ResponseParseError) as caught:
        names.extend(item.name for item in iterator.items())
    assert caught.value.path == "trainedModels[1].createTime"
    assert names == ["model-0", "model-1", "model-2"]
    assert decode(iterator.resume_token) == {"nextToken": "t1", "skip": 1}
    rest = paginate(FakeClient(chain(pages, TRAINED_MODELS)), StartingToken=iterator.resume_token)
    assert [item["name"] for item in rest.raw_items()] == ["model-3", "model-4"]
    # A typed page that cannot be parsed is not counted as returned either.
    again = paginate(FakeClient(chain(pages, TRAINED_MODELS)))
    with pytest.raises(ResponseParseError):
        list(again.pages())
    assert decode(again.resume_token) == {"nextToken": "t1", "skip": 0}


def test_a_client_error_becomes_the_typed_error_with_the_resume_token() -> None:
    pages = numbered([2, 2, 2])
    throttled = client_error("ThrottlingException")
    fake = FakeClient(chain(pages, TRAINED_MODELS), failures={2: throttled})
    iterator = paginate(fake)
    got: list[int] = []
    with pytest.raises(cleanroomsml_errors.ThrottlingException) as caught:
        got.extend(iterator.raw_items())
    error = caught.value
    assert error.__cause__ is throttled
    assert isinstance(error, ServiceError)
    assert isinstance(error, ContractError)
    assert (error.code, error.message, error.request_id, error.http_status) == (
        "ThrottlingException",
        "Rate exceeded",
        "req-123",
        429,
    )
    assert error.resume_token == iterator.resume_token
    assert decode(error.resume_token) == {"nextToken": "t2", "skip": 0}
    assert got == [0, 1, 2, 3]
    # The same iterator can go on too: it re-requests the page it failed on.
    assert list(iterator.raw_items()) == [4, 5]
    assert [call.get("nextToken") for call in fake.calls] == [None, "t1", "t2", "t2"]


def test_other_exceptions_propagate_unchanged_and_the_resume_token_still_holds() -> None:
    pages = numbered([3, 3])
    broken = ConnectionError("socket closed")
    iterator = paginate(FakeClient(chain(pages, TRAINED_MODELS), failures={1: broken}))
    items = iterator.raw_items()
    assert [next(items), next(items)] == [0, 1]
    assert decode(iterator.resume_token) == {"nextToken": None, "skip": 2}
    assert next(items) == 2
    with pytest.raises(ConnectionError) as caught:
        next(items)
    assert caught.value is broken
    assert caught.value.__cause__ is None
    assert decode(iterator.resume_token) == {"nextToken": "t1", "skip": 0}
    rest = paginate(FakeClient(chain(pages, TRAINED_MODELS)), StartingToken=iterator.resume_token)
    assert list(rest.raw_items()) == [3, 4, 5]


def test_an_error_object_that_is_not_shaped_like_a_client_error_is_not_converted() -> None:
    class Odd(Exception):
        def __init__(self) -> None:
            super().__init__("odd")
            self.response = {"Error": {"Message": "no code"}}

    odd = Odd()
    with pytest.raises(Odd) as caught:
        list(paginate(FakeClient({}, failures={0: odd})).raw_pages())
    assert caught.value is odd


def test_a_token_seen_before_raises_naming_the_cycle() -> None:
    pages = numbered([1, 1, 1, 1])
    fake = FakeClient(chain(pages, TRAINED_MODELS, tokens=["A", "B", "C"], last_token="B"))
    iterator = paginate(fake)
    got: list[int] = []
    with pytest.raises(PaginationError) as caught:
        got.extend(iterator.raw_items())
    assert caught.value.cycle == ("B", "C", "B")
    assert "'B' -> 'C' -> 'B'" in str(caught.value)
    assert got == [0, 1, 2, 3]
    assert [call.get("nextToken") for call in fake.calls] == [None, "A", "B", "C"]
    assert decode(caught.value.resume_token) == {"nextToken": "B", "skip": 0}
    # A StartingToken's own service token counts as seen.
    looping = FakeClient({"X": {TRAINED_MODELS: [9], "nextToken": "X"}})
    with pytest.raises(PaginationError) as again:
        list(paginate(looping, StartingToken=token({"nextToken": "X", "skip": 0})).raw_items())
    assert again.value.cycle == ("X", "X")


def test_the_page_cap_stops_runaway_paginations_and_can_be_resumed() -> None:
    endless = EndlessClient(TRAINED_MODELS)
    with pytest.raises(PaginationError) as caught:
        list(paginate(endless).raw_pages())
    assert endless.calls == DEFAULT_MAX_PAGES
    assert caught.value.cycle == ()
    assert decode(caught.value.resume_token) == {
        "nextToken": f"page-{DEFAULT_MAX_PAGES}",
        "skip": 0,
    }

    capped = EndlessClient(TRAINED_MODELS)
    factory = cleanroomsml_paginators.list_trained_models_paginator
    iterator = factory(capped, max_pages=3).paginate(**REQUIRED_PARAMS[LIST_TRAINED_MODELS])
    got: list[int] = []
    with pytest.raises(PaginationError, match="stopped after 3 pages") as stopped:
        got.extend(iterator.raw_items())
    assert got == [1, 2, 3]
    resumed = factory(capped, max_pages=2).paginate(
        **REQUIRED_PARAMS[LIST_TRAINED_MODELS],
        PaginationConfig={"StartingToken": stopped.value.resume_token},
    )
    with pytest.raises(PaginationError):
        got.extend(resumed.raw_items())
    assert got == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="max_pages"):
        factory(capped, max_pages=0)


def test_a_next_token_parameter_is_the_starting_point_unless_a_starting_token_is_given() -> None:
    pages = numbered([1, 1, 1])
    fake = FakeClient(chain(pages, TRAINED_MODELS))
    factory = cleanroomsml_paginators.list_trained_models_paginator
    from_param = factory(fake).paginate(membershipIdentifier=MEMBERSHIP, nextToken="t1")
    assert decode(from_param.resume_token) == {"nextToken": "t1", "skip": 0}
    assert list(from_param.raw_items()) == [1, 2]
    overridden = factory(fake).paginate(
        membershipIdentifier=MEMBERSHIP,
        nextToken="t1",
        PaginationConfig={"StartingToken": token({"nextToken": "t2", "skip": 0})},
    )
    assert list(overridden.raw_items()) == [2]


def test_a_skip_past_the_end_of_its_page_moves_on_to_the_next_page() -> None:
    pages = numbered([2, 2])
    resumed = paginate(
        FakeClient(chain(pages, TRAINED_MODELS)),
        StartingToken=token({"nextToken": None, "skip": 5}),
    )
    assert list(resumed.raw_items()) == [2, 3]


# --- validation of the request and its PaginationConfig ----------------------------------------


def test_request_and_pagination_config_issues_are_reported_together_before_any_call() -> None:
    fake = FakeClient({})
    factory = cleanroomsml_paginators.list_trained_models_paginator
    with pytest.raises(RequestValidationError) as caught:
        factory(fake).paginate(
            maxResults=0,
            PaginationConfig={
                "MaxItems": 0,
                "PageSize": True,
                "StartingToken": "%%%",
                "Bogus": 1,
            },
        )
    assert sorted((issue.path, issue.rule) for issue in caught.value.issues) == [
        ("PaginationConfig.Bogus", "unknown"),
        ("PaginationConfig.MaxItems", "min"),
        ("PaginationConfig.PageSize", "type"),
        ("PaginationConfig.StartingToken", "type"),
        ("maxResults", "min"),
        ("membershipIdentifier", "required"),
    ]
    assert caught.value.operation == LIST_TRAINED_MODELS
    assert fake.calls == []
    with pytest.raises(RequestValidationError) as not_a_mapping:
        factory(fake).paginate(membershipIdentifier=MEMBERSHIP, PaginationConfig=[1])
    assert [(i.path, i.rule) for i in not_a_mapping.value.issues] == [("PaginationConfig", "type")]
    with pytest.raises(RequestValidationError) as text_max:
        paginate(fake, MaxItems="3")
    assert [(i.path, i.rule) for i in text_max.value.issues] == [
        ("PaginationConfig.MaxItems", "type")
    ]


@pytest.mark.parametrize(
    "starting_token",
    [
        "",
        "not base64!",
        "e30",  # base64 without its padding
        token([]),
        token({}),
        token({"nextToken": "a"}),
        token({"nextToken": "a", "skip": 0, "extra": 1}),
        token({"NextToken": "a", "skip": 0}),
        token({"nextToken": "a", "boto_truncate_amount": 1}),
        token({"nextToken": 5, "skip": 0}),
        token({"nextToken": "", "skip": 0}),
        token({"nextToken": "a", "skip": -1}),
        token({"nextToken": "a", "skip": True}),
        token({"nextToken": "a", "skip": 1.5}),
        token({"nextToken": "a", "skip": "1"}),
        token({"nextToken": "a\udcff", "skip": 0}),  # boto3 could not send it
        token({"nextToken": "\ud800", "skip": 0}),
        token({"nextToken": None, "skip": float("nan")}),
        base64.b64encode(b'{"nextToken": null, "skip": ' + b"9" * 5000 + b"}").decode(),
        base64.b64encode(b'\xef\xbb\xbf{"nextToken": null, "skip": 0}').decode(),  # a BOM
        base64.b64encode('{"nextToken": "\u00e9", "skip": 0}'.encode("utf-16")).decode(),
        "bm90IGpzb24=",  # base64 of "not json"
        "/w==",  # base64 of a byte that is not UTF-8
        "ëé",
        5,
        ["a"],
    ],
)
def test_a_malformed_starting_token_is_a_request_validation_error(starting_token: object) -> None:
    fake = FakeClient({})
    with pytest.raises(RequestValidationError) as caught:
        paginate(fake, StartingToken=starting_token)
    assert [(i.path, i.rule) for i in caught.value.issues] == [
        ("PaginationConfig.StartingToken", "type")
    ]
    assert fake.calls == []


@given(
    starting_token=st.one_of(
        st.text(),
        st.binary().map(lambda data: base64.b64encode(data).decode()),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats()
            | st.text(max_size=5)
            | st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2)
            | st.text(st.characters(), max_size=5),
            lambda children: st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from(["nextToken", "skip", "x"]), children, max_size=3),
            max_leaves=8,
        ).map(token),
    )
)
def test_any_starting_token_is_valid_or_a_request_validation_error(starting_token: str) -> None:
    fake = FakeClient({})
    try:
        iterator = paginate(fake, StartingToken=starting_token)
    except RequestValidationError as error:
        assert [(i.path, i.rule) for i in error.issues] == [
            ("PaginationConfig.StartingToken", "type")
        ]
    else:
        assert decode(iterator.resume_token) == decode(starting_token)
        resumed = decode(starting_token)
        assert isinstance(resumed, dict)
        if resumed["nextToken"] is not None:
            resumed["nextToken"].encode()  # a token boto3 can send
    assert fake.calls == []


# --- differential: botocore's own paginator ----------------------------------------------------


@given(
    split=page_splits,
    max_items=st.none() | st.integers(1, 25),
    page_size=st.none() | st.integers(1, 100),
    resume_max_items=st.none() | st.integers(1, 25),
)
def test_same_items_calls_and_stopping_point_as_botocore(
    split: list[int], max_items: int | None, page_size: int | None, resume_max_items: int | None
) -> None:
    pages = numbered(split)
    params = REQUIRED_PARAMS[LIST_TRAINED_MODELS]
    ours_token: str | None = None
    theirs_token: str | None = None
    for round_max in (max_items, resume_max_items):
        config: dict[str, Any] = {"MaxItems": round_max, "PageSize": page_size}
        config = {key: value for key, value in config.items() if value is not None}
        ours_fake = FakeClient(chain(pages, TRAINED_MODELS))
        theirs_fake = FakeClient(chain(pages, TRAINED_MODELS))
        ours = paginate(ours_fake, **config, StartingToken=ours_token)
        theirs = botocore_paginator(LIST_TRAINED_MODELS, theirs_fake).paginate(
            **params, PaginationConfig={**config, "StartingToken": theirs_token}
        )
        assert [page[TRAINED_MODELS] for page in ours.raw_pages()] == [
            page[TRAINED_MODELS] for page in theirs
        ]
        assert ours_fake.calls == theirs_fake.calls
        assert same_position(ours.resume_token, theirs.resume_token)
        ours_token, theirs_token = ours.resume_token, theirs.resume_token
        if ours_token is None:
            break


def test_a_cycle_botocore_loops_on_forever_is_stopped_here() -> None:
    # Tokens A -> B -> A -> B ...: botocore only compares a token with the one before it.
    responses = chain(numbered([1, 1, 1]), TRAINED_MODELS, tokens=["A", "B"], last_token="A")
    theirs = botocore_paginator(LIST_TRAINED_MODELS, FakeClient(responses)).paginate(
        **REQUIRED_PARAMS[LIST_TRAINED_MODELS]
    )
    first_twelve = [page[TRAINED_MODELS][0] for page in itertools.islice(theirs, 12)]
    assert first_twelve == [0, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]  # and so on, forever
    ours = paginate(FakeClient(responses))
    got: list[int] = []
    with pytest.raises(PaginationError) as caught:
        got.extend(page[TRAINED_MODELS][0] for page in ours.raw_pages())
    assert got == first_twelve[:3]
    assert caught.value.cycle == ("A", "B", "A")


def test_a_token_repeated_at_once_stops_both_after_the_same_pages() -> None:
    responses = chain(numbered([1, 1]), TRAINED_MODELS, tokens=["A"], last_token="A")
    theirs_pages: list[int] = []
    theirs = botocore_paginator(LIST_TRAINED_MODELS, FakeClient(responses))
    with pytest.raises(BotocorePaginationError):
        theirs_pages.extend(
            page[TRAINED_MODELS][0]
            for page in theirs.paginate(**REQUIRED_PARAMS[LIST_TRAINED_MODELS])
        )
    ours_pages: list[int] = []
    with pytest.raises(PaginationError) as caught:
        ours_pages.extend(
            page[TRAINED_MODELS][0] for page in paginate(FakeClient(responses)).raw_pages()
        )
    assert ours_pages == theirs_pages == [0, 1]
    assert caught.value.cycle == ("A", "A")


# --- properties ---------------------------------------------------------------------------------


@given(
    operation=st.sampled_from(sorted(OPERATIONS)),
    split=page_splits,
    max_items=st.none() | st.integers(1, 25),
    page_size=st.none() | st.integers(1, 100),
)
def test_pages_concatenate_to_the_items(
    operation: str, split: list[int], max_items: int | None, page_size: int | None
) -> None:
    key = result_key(operation)
    pages = typed_pages(operation, split)
    expected = flatten(pages)[:max_items]
    config = {"MaxItems": max_items, "PageSize": page_size}
    config = {name: value for name, value in config.items() if value is not None}
    raw_pages = list(paginate(FakeClient(chain(pages, key)), operation, **config).raw_pages())
    assert flatten([page[key] for page in raw_pages]) == expected
    factory = OPERATIONS[operation].paginator
    assert factory is not None
    parse = factory(FakeClient({})).spec.parse_item
    typed = list(paginate(FakeClient(chain(pages, key)), operation, **config).items())
    assert typed == [parse(item) for item in expected]
    limited = FakeClient(chain(pages, key))
    list(paginate(limited, operation, **config).raw_pages())
    assert all(call.get("maxResults") == page_size for call in limited.calls)


interruptions = st.lists(
    st.tuples(st.sampled_from(["max_items", "break", "throttle"]), st.integers(0, 6)),
    max_size=6,
)


@given(split=page_splits, plan=interruptions)
def test_resuming_after_any_cut_or_throttling_yields_the_rest_exactly_once(
    split: list[int], plan: list[tuple[str, int]]
) -> None:
    pages = numbered(split)
    fake = FakeClient(chain(pages, TRAINED_MODELS))
    got: list[int] = []
    resume: str | None = token(START)
    for kind, amount in [*plan, ("finish", 0)]:
        config: dict[str, Any] = {"StartingToken": resume}
        if kind == "max_items":
            config["MaxItems"] = amount + 1
        if kind == "throttle":
            fake.failures[len(fake.calls) + amount % 2] = client_error("ThrottlingException")
        iterator = paginate(fake, **config)
        try:
            for item in iterator.raw_items():
                got.append(item)
                if kind == "break" and len(got) % (amount + 1) == 0:
                    break
        except cleanroomsml_errors.ThrottlingException as error:
            assert error.resume_token == iterator.resume_token
        fake.failures.clear()
        resume = iterator.resume_token
        if resume is None:
            break
    assert got == flatten(pages)


@given(length=st.integers(1, 8), data=st.data())
def test_cycles_of_any_length_are_detected(length: int, data: st.DataObject) -> None:
    back_to = data.draw(st.integers(0, length - 1))
    tokens = [f"T{index}" for index in range(length)]
    pages = numbered([1] * (length + 1))
    fake = FakeClient(chain(pages, TRAINED_MODELS, tokens=tokens, last_token=tokens[back_to]))
    got: list[int] = []
    with pytest.raises(PaginationError) as caught:
        got.extend(paginate(fake).raw_items())
    assert caught.value.cycle == (*tokens[back_to:], tokens[back_to])
    assert got == flatten(pages)
    assert len(fake.calls) == length + 1


# --- async --------------------------------------------------------------------------------------


async def collect(items: Any, into: list[Any]) -> None:
    """Appends every item of an async iterator, keeping those before an exception."""
    async for item in items:
        into.append(item)


def _async_paginate(fake: FakeClient, **config: Any) -> AsyncPageIterator[Any, Any]:
    factory = cleanroomsml.OPERATIONS[LIST_TRAINED_MODELS].async_paginator
    assert factory is not None
    return factory(AsyncFakeClient(fake)).paginate(
        **REQUIRED_PARAMS[LIST_TRAINED_MODELS], PaginationConfig=config
    )


def test_async_paginator_gives_typed_pages_items_and_full_result() -> None:
    pages = typed_pages(LIST_TRAINED_MODELS, [2, 0, 3])

    async def run() -> tuple[list[Any], list[Any], dict[str, Any], str | None]:
        typed = [page async for page in _async_paginate(FakeClient(chain(pages, TRAINED_MODELS)))]
        items = [
            item async for item in _async_paginate(FakeClient(chain(pages, TRAINED_MODELS))).items()
        ]
        cut = _async_paginate(FakeClient(chain(pages, TRAINED_MODELS)), MaxItems=3)
        return typed, items, await cut.build_full_result(), cut.resume_token

    typed, items, full, resume_token = asyncio.run(run())
    sync = list(paginate(FakeClient(chain(pages, TRAINED_MODELS))))
    assert typed == sync
    assert items == [item for page in sync for item in page.trained_models]
    assert full == {TRAINED_MODELS: flatten(pages)[:3], "nextToken": resume_token}
    assert decode(resume_token) == {"nextToken": "t2", "skip": 1}


def test_async_paginator_converts_client_errors_and_detects_cycles() -> None:
    pages = numbered([2, 2, 2])

    async def run() -> list[int]:
        fake = FakeClient(chain(pages, TRAINED_MODELS), failures={1: client_error("Throttling")})
        got: list[int] = []
        iterator = _async_paginate(fake)
        with pytest.raises(ServiceError) as caught:
            await collect(iterator.raw_items(), got)
        assert type(caught.value) is ServiceError  # a code the spec does not declare
        assert decode(caught.value.resume_token) == {"nextToken": "t1", "skip": 0}
        resumed = _async_paginate(fake, StartingToken=caught.value.resume_token)
        got.extend([item async for item in resumed.raw_items()])
        looping = chain(numbered([1, 1, 1]), TRAINED_MODELS, tokens=["A", "B"], last_token="A")
        with pytest.raises(PaginationError) as cycle:
            async for _ in _async_paginate(FakeClient(looping)).raw_pages():
                pass
        assert cycle.value.cycle == ("A", "B", "A")
        endless = EndlessClient(TRAINED_MODELS)
        factory = cleanroomsml_paginators.list_trained_models_async_paginator

        async def call(**params: Any) -> dict[str, Any]:
            return endless(**params)

        capped = factory(call, max_pages=4).paginate(membershipIdentifier=MEMBERSHIP)
        with pytest.raises(PaginationError):
            async for _ in capped.raw_pages():
                pass
        assert endless.calls == 4
        return got

    assert asyncio.run(run()) == flatten(pages)


def test_async_paginator_validates_before_any_call() -> None:
    fake = FakeClient({})
    with pytest.raises(RequestValidationError):
        _async_paginate(fake, PageSize=101)
    assert fake.calls == []


@given(split=page_splits, plan=interruptions)
def test_async_and_sync_paginators_agree_under_interruptions(
    split: list[int], plan: list[tuple[str, int]]
) -> None:
    pages = numbered(split)

    def config_of(kind: str, amount: int, resume: str | None) -> dict[str, Any]:
        return {
            "StartingToken": resume,
            **({"MaxItems": amount + 1} if kind == "max_items" else {}),
        }

    def sync_run() -> list[object]:
        fake = FakeClient(chain(pages, TRAINED_MODELS))
        events: list[object] = []
        resume: str | None = token(START)
        for kind, amount in [*plan, ("finish", 0)]:
            if kind == "throttle":
                fake.failures[len(fake.calls)] = client_error("ThrottlingException")
            iterator = paginate(fake, **config_of(kind, amount, resume))
            try:
                for item in iterator.raw_items():
                    events.append(item)
                    if kind == "break" and item % (amount + 1) == 0:
                        break
            except ServiceError as error:
                events.append(error.code)
            fake.failures.clear()
            resume = iterator.resume_token
            events.append(decode(resume))
            if resume is None:
                break
        return events

    async def async_run() -> list[object]:
        fake = FakeClient(chain(pages, TRAINED_MODELS))
        events: list[object] = []
        resume: str | None = token(START)
        for kind, amount in [*plan, ("finish", 0)]:
            if kind == "throttle":
                fake.failures[len(fake.calls)] = client_error("ThrottlingException")
            iterator = _async_paginate(fake, **config_of(kind, amount, resume))
            try:
                async for item in iterator.raw_items():
                    events.append(item)
                    if kind == "break" and item % (amount + 1) == 0:
                        break
            except ServiceError as error:
                events.append(error.code)
            fake.failures.clear()
            resume = iterator.resume_token
            events.append(decode(resume))
            if resume is None:
                break
        return events

    events = sync_run()
    assert asyncio.run(async_run()) == events
    assert [event for event in events if isinstance(event, int)] == flatten(pages)
