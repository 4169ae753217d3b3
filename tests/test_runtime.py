"""The runtime (generator/runtime/) as ordinary modules: copied verbatim, and tested directly."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.pipeline import load_package
from generator.render import PROTOCOL_RUNTIME, RUNTIME, format_source, header, runtime_files
from generator.runtime.errors import RequestValidationError, ServiceError, ValidationIssue
from generator.runtime.pagination import (
    AsyncPaginator,
    PaginationSpec,
    Paginator,
    keep_item,
)
from tests.helpers import PROJECT

MODULES = sorted(path.name for path in RUNTIME.glob("*.py") if path.name != "__init__.py")


def test_every_runtime_module_is_copied_verbatim_under_the_generated_header() -> None:
    assert MODULES == [
        "cbor.py",
        "checks.py",
        "conformance.py",
        "drawing.py",
        "errors.py",
        "expressions.py",
        "from_type.py",
        "lazy.py",
        "monitor.py",
        "nesting.py",
        "operations.py",
        "pagination.py",
        "parsing.py",
        "pytest_plugin.py",
        "streams.py",
        "structures.py",
        "timestamps.py",
        "waiters.py",
        "xmlwire.py",
    ]
    # The golden record has a service of every protocol: it holds every module.
    files = runtime_files(load_package(PROJECT / "tests" / "golden", "golden_pkg"))
    assert sorted(files) == MODULES
    for name in MODULES:
        source = (RUNTIME / name).read_text(encoding="utf-8")
        expected = f"{header(f'generator/runtime/{name}')}\n{source}"
        assert files[name] == expected
        golden = PROJECT / "tests" / "golden" / "out" / "golden_pkg" / name
        assert golden.read_text(encoding="utf-8") == expected


def test_a_package_holds_only_the_wire_runtime_its_protocols_use() -> None:
    # Bedrock and Clean Rooms ML speak rest-json: neither CBOR nor XML.
    files = runtime_files(load_package(PROJECT / "specs", "generated"))
    assert sorted(files) == [name for name in MODULES if name not in PROTOCOL_RUNTIME]
    on_disk = sorted(path.name for path in (PROJECT / "generated").glob("*.py"))
    assert on_disk == sorted([*files, "__init__.py"])


@pytest.mark.parametrize("name", MODULES)
def test_black_leaves_the_copied_runtime_unchanged(name: str) -> None:
    """Generation skips black on the runtime; that is sound only while black would keep it."""
    text = f"{header(f'generator/runtime/{name}')}\n{(RUNTIME / name).read_text(encoding='utf-8')}"
    assert format_source(text) == text


def _validate(params: Mapping[str, object], *, strict_enums: bool = True) -> None:
    if not isinstance(params.get("owner", ""), str):
        raise RequestValidationError("ListThings", [])


def _spec() -> PaginationSpec[dict[str, Any], Any]:
    return PaginationSpec(
        operation="ListThings",
        input_tokens=("nextToken",),
        output_tokens=("nextToken",),
        limit_key="maxResults",
        page_size_min=1,
        page_size_max=100,
        result_keys=("things",),
        validate_request=_validate,
        parse_page=dict,
        parse_item=keep_item,
        errors={"ValidationException": ServiceError},
    )


class _Listing:
    """A service of `items` split into pages of the given sizes, linked by unique tokens."""

    def __init__(self, sizes: list[int]) -> None:
        self.pages: dict[str | None, dict[str, Any]] = {}
        start = 0
        for index, size in enumerate(sizes):
            token = None if index == 0 else f"t{index}"
            page: dict[str, Any] = {"things": list(range(start, start + size))}
            if index + 1 < len(sizes):
                page["nextToken"] = f"t{index + 1}"
            self.pages[token] = page
            start += size

    def __call__(self, **request: Any) -> dict[str, Any]:
        return dict(self.pages[request.get("nextToken")])

    async def call_async(self, **request: Any) -> dict[str, Any]:
        return self(**request)


@given(
    sizes=st.lists(st.integers(0, 4), min_size=1, max_size=5),
    max_items=st.none() | st.integers(1, 6),
)
def test_sync_and_async_paginations_agree_on_items_and_resume_tokens(
    sizes: list[int], max_items: int | None
) -> None:
    listing = _Listing(sizes)
    config = {} if max_items is None else {"MaxItems": max_items}
    sync_run = Paginator(listing, _spec()).paginate(PaginationConfig=config)
    sync_items = list(sync_run.items())

    async def run() -> tuple[list[Any], str | None]:
        pagination = AsyncPaginator(listing.call_async, _spec()).paginate(PaginationConfig=config)
        return [item async for item in pagination.items()], pagination.resume_token

    async_items, async_token = asyncio.run(run())
    total = sum(sizes)
    assert sync_items == async_items == list(range(min(total, max_items or total)))
    assert sync_run.resume_token == async_token
    if sync_run.resume_token is not None:
        rest = Paginator(listing, _spec()).paginate(
            PaginationConfig={"StartingToken": sync_run.resume_token}
        )
        assert sync_items + list(rest.items()) == list(range(total))


def _limit_required(params: Mapping[str, object], *, strict_enums: bool = True) -> None:
    if "maxResults" not in params:
        issue = ValidationIssue("maxResults", "required", "maxResults: required member is missing")
        raise RequestValidationError("ListThings", [issue])


def _required_limit_paginator() -> Paginator[dict[str, Any], Any]:
    spec = dataclasses.replace(_spec(), validate_request=_limit_required)
    return Paginator(_Listing([2, 1]), spec)


def test_a_required_limit_key_may_come_as_the_page_size() -> None:
    # As botocore's paginator, which sends PageSize as the limit key (Cognito's ListUserPools).
    items = _required_limit_paginator().paginate(PaginationConfig={"PageSize": 2}).items()
    assert len(list(items)) == 3


@pytest.mark.parametrize(
    ("config", "rules"),
    [
        (None, [("maxResults", "required")]),
        # Out of range: that is the page size's issue, and the request still lacks the member.
        ({"PageSize": 0}, [("maxResults", "required"), ("PaginationConfig.PageSize", "min")]),
    ],
)
def test_a_required_limit_key_without_a_valid_page_size_is_missing(
    config: dict[str, int] | None, rules: list[tuple[str, str]]
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        _required_limit_paginator().paginate(PaginationConfig=config)
    assert [(issue.path, issue.rule) for issue in raised.value.issues] == rules
