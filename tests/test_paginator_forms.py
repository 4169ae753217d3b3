"""Paginator forms beyond one result key and two tokens: `non_aggregate_keys`, in the spec, the
importer and the runtime, against botocore's own paginator fed the same page sequence."""

from __future__ import annotations

import asyncio
import base64
import copy
import importlib
import json
from typing import Any

import botocore.paginate
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.botocore_import import build_spec
from generator.load import load_file
from tests.botocore_model import service_model
from tests.helpers import PROJECT
from tests.paging import same_position
from tests.whole_services import load_services

everything = load_services(PROJECT / "tests" / "golden" / "out", "golden_pkg", ("everything",))[
    "everything"
]
paginators = importlib.import_module("golden_pkg.everything.paginators")
SPEC, _ = load_file(PROJECT / "tests" / "golden" / "everything.yaml")
PAGINATOR = SPEC.data["operations"]["ListEvents"]["paginator"]
PARAMS = {"from": "thing-1"}


class _Pages:
    """Serves `pages` by token: none for the first, `t<i>` for page i; each page but the last
    names the next."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = [
            {**page, **({"lastSeen": f"t{index + 1}"} if index + 1 < len(pages) else {})}
            for index, page in enumerate(pages)
        ]

    def __call__(self, **params: Any) -> dict[str, Any]:
        token = params.get("startingAfter")
        return copy.deepcopy(self.pages[0 if token is None else int(token[1:])])

    async def async_call(self, **params: Any) -> dict[str, Any]:
        return self(**params)


def _botocore_result(call: Any, config: dict[str, Any]) -> dict[str, Any]:
    model = service_model(SPEC.data).operation_model("ListEvents")
    paginator = botocore.paginate.Paginator(call, PAGINATOR, model)
    result: dict[str, Any] = paginator.paginate(
        **PARAMS, PaginationConfig=config
    ).build_full_result()
    return result


_PAGES = st.lists(
    st.fixed_dictionaries(
        {"events": st.lists(st.fixed_dictionaries({"n": st.integers(0, 9)}), max_size=3)},
        optional={
            "total": st.one_of(st.none(), st.integers(0, 99)),
            "window": st.dictionaries(st.sampled_from("ab"), st.sampled_from("xy"), max_size=2),
        },
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(pages=_PAGES, max_items=st.one_of(st.none(), st.integers(1, 8)), use_async=st.booleans())
def test_build_full_result_equals_botocores_with_non_aggregate_keys(
    pages: list[dict[str, Any]], max_items: int | None, use_async: bool
) -> None:
    config = {} if max_items is None else {"MaxItems": max_items}
    fake = _Pages(pages)
    theirs = _botocore_result(fake, config)
    if use_async:
        listing = paginators.list_events_async_paginator(fake.async_call)
        ours = asyncio.run(listing.paginate(**PARAMS, PaginationConfig=config).build_full_result())
    else:
        ours = (
            paginators.list_events_paginator(fake)
            .paginate(**PARAMS, PaginationConfig=config)
            .build_full_result()
        )
    assert same_position(ours.pop("lastSeen", None), theirs.pop("NextToken", None), "startingAfter")
    assert ours == theirs
    assert ours.keys() >= {"total", "window"}  # from the first page, None when it lacks them


def test_non_aggregate_keys_come_from_the_first_page_only() -> None:
    fake = _Pages([{"events": [{"n": 1}], "total": 5}, {"events": [{"n": 2}], "total": 7}])
    result = paginators.list_events_paginator(fake).paginate(**PARAMS).build_full_result()
    assert result == {"events": [{"n": 1}, {"n": 2}], "total": 5, "window": None}


def test_the_importer_keeps_non_aggregate_keys() -> None:
    spec = build_spec("eks", ["ListAssociatedAccessPolicies"])
    paginator = spec["operations"]["ListAssociatedAccessPolicies"]["paginator"]
    assert paginator["non_aggregate_keys"] == ["clusterName", "principalArn"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["missing"], "non_aggregate_keys 'missing' is not a member of ListEventsResponse"),
        (["events"], "non_aggregate_keys 'events' is the result key"),
    ],
)
def test_non_aggregate_keys_must_be_other_output_members(keys: list[str], message: str) -> None:
    from generator.check import check
    from generator.load import load_text

    text = (PROJECT / "tests" / "golden" / "everything.yaml").read_text(encoding="utf-8")
    edited = text.replace("non_aggregate_keys: [total, window]", f"non_aggregate_keys: {keys}")
    assert edited != text
    loaded, problems = load_text(edited, "everything.yaml")
    assert problems == []
    found = [problem.message for problem in check(loaded)]
    assert found == [message]


# ListRows has botocore's other forms: two tokens, an output token that is a path with an
# alternative read from the last row, result keys that are a path, a list, a number and text,
# more_results and a non-aggregate key that are paths.
ROWS = SPEC.data["operations"]["ListRows"]["paginator"]
_ROW = st.fixed_dictionaries(
    {"RowId": st.sampled_from(["x", "y"])}, optional={"value": st.integers(0, 9)}
)
_ROW_PAGE = st.fixed_dictionaries(
    {
        "Page": st.fixed_dictionaries(
            {"Rows": st.lists(_ROW, max_size=3)},
            optional={
                "Notes": st.lists(st.sampled_from(["a", "b"]), max_size=2),
                "Schema": st.dictionaries(st.sampled_from("kl"), st.sampled_from("xy"), max_size=1),
            },
        )
    },
    optional={
        "Count": st.integers(0, 5),
        "Log": st.text("ab", max_size=2),
        "Region": st.sampled_from(["eu", "us"]),
    },
)


@st.composite
def _row_pages(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Pages linked by `r<i>` through `Page.NextRow`, or, when the page has rows, through its
    last row's id alone (`Page.Rows[-1].RowId`), `Truncated` saying whether more follow; the
    last page may still name a token, which its `Truncated: false` overrides."""
    pages = draw(st.lists(_ROW_PAGE, min_size=1, max_size=4))
    for index, page in enumerate(pages):
        part = page["Page"]
        following = f"r{index + 1}"
        last = index + 1 == len(pages)
        if part["Rows"] and draw(st.booleans()):
            part["Rows"][-1]["RowId"] = following
        else:
            part["NextRow"] = following
        if draw(st.booleans()):
            part["NextColumn"] = f"c{index + 1}"
        if not last or draw(st.booleans()):
            part["Truncated"] = not last
    return pages


class _RowPages:
    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        token = params.get("startRow")
        return copy.deepcopy(self.pages[0 if token is None else int(token[1:])])

    async def async_call(self, **params: Any) -> dict[str, Any]:
        return self(**params)


def _rows_botocore(call: Any, config: dict[str, Any]) -> dict[str, Any]:
    model = service_model(SPEC.data).operation_model("ListRows")
    result: dict[str, Any] = (
        botocore.paginate.Paginator(call, ROWS, model)
        .paginate(PaginationConfig=config)
        .build_full_result()
    )
    return result


def _rows_ours(call: _RowPages, config: dict[str, Any], use_async: bool) -> dict[str, Any]:
    if use_async:
        listing = paginators.list_rows_async_paginator(call.async_call)
        result: dict[str, Any] = asyncio.run(
            listing.paginate(PaginationConfig=config).build_full_result()
        )
        return result
    return (
        paginators.list_rows_paginator(call).paginate(PaginationConfig=config).build_full_result()
    )


def _rows_position(token: str | None) -> tuple[Any, ...] | None:
    """What a resume token of ListRows names, in our form or botocore's."""
    if token is None:
        return None
    data = json.loads(base64.b64decode(token))
    skip = data.pop("skip", data.pop("boto_truncate_amount", 0))
    return (data, skip)


@settings(deadline=None)  # the profile's examples (ci: 60)
@given(
    pages=_row_pages(),
    max_items=st.one_of(st.none(), st.integers(1, 6)),
    use_async=st.booleans(),
)
def test_every_other_form_gives_botocores_full_result_and_resumes_as_it_does(
    pages: list[dict[str, Any]], max_items: int | None, use_async: bool
) -> None:
    config = {} if max_items is None else {"MaxItems": max_items}
    ours, theirs = _rows_ours(_RowPages(pages), config, use_async), _rows_botocore(
        _RowPages(pages), config
    )
    mine, botos = ours.pop("NextToken", None), theirs.pop("NextToken", None)
    assert _rows_position(mine) == _rows_position(botos)
    assert ours == theirs
    if mine is None or botos is None:
        return
    # Resumed, botocore empties the secondary result keys of the first page it reads, which
    # loses them when the resume point is a page boundary; here they are emptied only when some
    # of that page's items were returned before.
    resumed = _rows_ours(_RowPages(pages), {"StartingToken": mine}, use_async)
    rest = _rows_botocore(_RowPages(pages), {"StartingToken": botos})
    position = _rows_position(mine)
    assert position is not None
    if position[1]:
        assert resumed == rest
    else:
        assert resumed.get("Page", {}).get("Rows") == rest.get("Page", {}).get("Rows")


def test_rows_of_every_page_are_the_items_typed_and_raw() -> None:
    pages = [
        {"Page": {"Rows": [{"RowId": "x"}], "NextRow": "r1", "Truncated": True}, "Count": 1},
        {"Page": {"Rows": [{"RowId": "y"}, {"RowId": "r2"}], "Truncated": True}, "Log": "a"},
        {"Page": {"Rows": [{"RowId": "z"}], "NextRow": "r9", "Truncated": False}, "Count": 2},
    ]
    fake = _RowPages(pages)
    typed = [row.row_id for row in paginators.list_rows_paginator(fake).paginate().items()]
    assert typed == ["x", "y", "r2", "z"]
    # The second page's token is its last row's id; the third's Truncated ends the listing.
    assert [call.get("startRow") for call in fake.calls] == [None, "r1", "r2"]
    result = paginators.list_rows_paginator(_RowPages(pages)).paginate().build_full_result()
    assert result == {
        "Page": {"Rows": [{"RowId": r} for r in ("x", "y", "r2", "z")], "Schema": None},
        "Count": 3,
        "Log": "a",
        "Region": None,
    }


def test_both_tokens_are_sent_back_and_kept_in_resume_tokens() -> None:
    pages = [
        {
            "Page": {
                "Rows": [{"RowId": "x"}, {"RowId": "y"}],
                "NextRow": "r1",
                "NextColumn": "c1",
                "Truncated": True,
            }
        },
        {"Page": {"Rows": [{"RowId": "z"}], "Truncated": False}},
    ]
    fake = _RowPages(pages)
    listing = paginators.list_rows_paginator(fake).paginate(
        startColumn="c0", PaginationConfig={"MaxItems": 2}
    )
    assert [row.row_id for row in listing.items()] == ["x", "y"]
    assert json.loads(base64.b64decode(listing.resume_token or "")) == {
        "startRow": "r1",
        "startColumn": "c1",
        "skip": 0,
    }
    rest = paginators.list_rows_paginator(fake).paginate(
        PaginationConfig={"StartingToken": listing.resume_token}
    )
    assert [row.row_id for row in rest.items()] == ["z"]
    assert fake.calls == [{"startColumn": "c0"}, {"startRow": "r1", "startColumn": "c1"}]


def test_a_resumed_page_empties_its_secondary_result_keys_as_botocore_does() -> None:
    page = {
        "Page": {"Rows": [{"RowId": "x"}, {"RowId": "y"}], "Notes": ["a"]},
        "Count": 4,
        "Log": "ab",
    }
    start = paginators.list_rows_paginator(_RowPages([page])).paginate(
        PaginationConfig={"MaxItems": 1}
    )
    assert start.build_full_result()["Page"]["Rows"] == [{"RowId": "x"}]
    token = start.resume_token
    rest = paginators.list_rows_paginator(_RowPages([page])).paginate(
        PaginationConfig={"StartingToken": token}
    )
    (resumed,) = rest.raw_pages()
    assert resumed == {"Page": {"Rows": [{"RowId": "y"}], "Notes": []}, "Count": 4, "Log": ""}


def test_page_sequences_and_stubs_link_pages_where_the_paginator_reads_them() -> None:
    from golden_pkg.everything.stubs import StubClient
    from golden_pkg.pagination import link_page

    keys = everything.OPERATIONS["ListRows"].pagination
    assert keys is not None
    linked = link_page(keys, {"Page": {"Schema": {"k": "x"}}}, [{"RowId": "x"}], ("r1", "c1"))
    assert linked == {
        "Page": {
            "Schema": {"k": "x"},
            "Rows": [{"RowId": "x"}],
            "NextRow": "r1",
            "NextColumn": "c1",
            "Truncated": True,
        }
    }
    last = link_page(keys, linked, [], None)
    assert last == {"Page": {"Schema": {"k": "x"}, "Rows": [], "Truncated": False}}
    stub = StubClient({"ListRows": [{"RowId": f"row-{index}"} for index in range(5)]})
    listing = paginators.list_rows_paginator(stub.list_rows).paginate(
        PaginationConfig={"PageSize": 2}
    )
    assert [row.row_id for row in listing.items()] == [f"row-{index}" for index in range(5)]
    assert len(stub.calls) == 3


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("result_key: [Page.Rows,", "result_key: [Page.Rowz,"),
            "result_key 'Rowz' is not a member of RowPage",
        ),
        (
            ("result_key: [Page.Rows, Page.Notes, Count, Log]", "result_key: [Count, Page.Rows]"),
            "result_key ListRowsResponse.Count is a integer, expected a list",
        ),
        (
            ("more_results: Page.Truncated", "more_results: Log"),
            "more_results ListRowsResponse.Log is a string, expected a boolean",
        ),
        (
            ("|| Page.Rows[-1].RowId", "|| Count[-1].RowId"),
            "output_token 'Count[-1].RowId' indexes Offset, which is not a list",
        ),
        (
            ("input_token: [startRow, startColumn]", "input_token: startRow"),
            "2 output tokens for 1 input tokens",
        ),
        (
            ("non_aggregate_keys: [Page.Schema,", 'non_aggregate_keys: ["Page[0]",'),
            "non_aggregate_keys 'Page[0]' is not a path of member names joined by '.'",
        ),
    ],
)
def test_paths_of_the_other_forms_must_lead_to_members_of_their_kind(
    edit: tuple[str, str], message: str
) -> None:
    from generator.check import check
    from generator.load import load_text

    text = (PROJECT / "tests" / "golden" / "everything.yaml").read_text(encoding="utf-8")
    edited = text.replace(*edit)
    assert edited != text
    loaded, problems = load_text(edited, "everything.yaml")
    assert problems == []
    assert [problem.message for problem in check(loaded)] == [message]


@pytest.mark.parametrize(
    ("service", "operation", "expected"),
    [
        (
            "kinesis",
            "DescribeStream",
            {
                "input_token": "ExclusiveStartShardId",
                "limit_key": "Limit",
                "more_results": "StreamDescription.HasMoreShards",
                "output_token": "StreamDescription.Shards[-1].ShardId",
                "result_key": "StreamDescription.Shards",
            },
        ),
        (
            "logs",
            "FilterLogEvents",
            {
                "input_token": "nextToken",
                "limit_key": "limit",
                "output_token": "nextToken",
                "result_key": ["events", "searchedLogStreams"],
            },
        ),
        (
            "datapipeline",
            "ListPipelines",
            {
                "input_token": "marker",
                "more_results": "hasMoreResults",
                "output_token": "marker",
                "result_key": "pipelineIdList",
            },
        ),
    ],
)
def test_the_importer_keeps_the_other_forms(
    service: str, operation: str, expected: dict[str, Any]
) -> None:
    paginator = build_spec(service, [operation])["operations"][operation]["paginator"]
    assert {
        key: value for key, value in paginator.items() if key != "non_aggregate_keys"
    } == expected


def test_the_importer_leaves_out_a_paginator_whose_items_are_not_a_list() -> None:
    with pytest.raises(
        Exception, match="result_key items is a map; spec format 1 pages through lists only"
    ):
        build_spec("apigateway", ["GetUsage"])
