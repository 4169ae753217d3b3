"""Paginator forms beyond one result key and two tokens: `non_aggregate_keys`, in the spec, the
importer and the runtime, against botocore's own paginator fed the same page sequence."""

from __future__ import annotations

import asyncio
import copy
import importlib
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
