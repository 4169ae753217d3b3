"""The runtime's `drawing` module, which every service's strategies module draws with, tested as
ordinary source."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime.drawing import (
    Violation,
    concat,
    lazily,
    padded,
    pages,
    repeat,
    run,
    sized,
    with_violation,
)
from generator.runtime.operations import PaginationKeys

_KEYS = PaginationKeys(
    input_tokens=("nextToken",),
    output_tokens=("nextToken",),
    limit_key=None,
    result_keys=("items",),
)
_BY_LAST_ITEM = PaginationKeys(
    input_tokens=("after",), output_tokens=("items[-1].id",), limit_key=None, result_keys=("items",)
)
_TOKENS = st.tuples(st.text("abc", min_size=1, max_size=3))
_RESPONSES = st.fixed_dictionaries({}, optional={"total": st.integers(0, 9)})


def test_a_lazy_strategy_is_defined_at_its_first_draw_and_only_then() -> None:
    calls: list[int] = []

    def define() -> st.SearchStrategy[int]:
        calls.append(1)
        return st.just(7)

    strategy = lazily(define)
    assert calls == []

    @settings(max_examples=5)
    @given(strategy)
    def draws(value: int) -> None:
        assert value == 7

    draws()
    assert calls == [1]


@given(sized(st.text("ab", max_size=9), 2, 4))
def test_sized_texts_have_an_allowed_length(text: str) -> None:
    assert 2 <= len(text) <= 4


@given(padded(st.text("ab", max_size=3), 10))
def test_a_padded_text_has_the_length_asked_for(text: str) -> None:
    assert len(text) == 10
    assert set(text) <= {"a", "b"}


@given(
    with_violation(
        st.fixed_dictionaries({"name": st.just("ok"), "size": st.just(1)}),
        (Violation("name", "type", st.just(5)), Violation("size", "required", None)),
    )
)
def test_a_violation_breaks_its_member_and_names_its_rule(
    drawn: tuple[dict[str, Any], str],
) -> None:
    params, rule = drawn
    if rule == "type":
        assert params == {"name": 5, "size": 1}
    else:
        assert (rule, params) == ("required", {"name": "ok"})


@given(pages(_RESPONSES, _TOKENS, _KEYS, st.integers(), max_pages=4))
def test_pages_are_linked_by_unique_tokens_and_the_last_has_none(
    drawn: list[dict[str, Any]],
) -> None:
    assert 1 <= len(drawn) <= 4
    tokens = [page["nextToken"] for page in drawn[:-1]]
    assert all(tokens)
    assert len(set(tokens)) == len(tokens)
    assert "nextToken" not in drawn[-1]
    assert all(len(page["items"]) <= 3 for page in drawn)


@given(pages(_RESPONSES, st.tuples(st.integers(1, 99)), _BY_LAST_ITEM, st.just({"id": 0})))
def test_a_token_read_from_the_last_item_puts_an_item_on_every_page_but_the_last(
    drawn: list[dict[str, Any]],
) -> None:
    for page in drawn[:-1]:
        assert page["items"]
        assert page["items"][-1]["id"] != 0


@given(concat("id-", run("0123456789", 2, 3), repeat(concat(".", run("ab", 1, 1)), 0, 2)))
@settings(max_examples=50)
def test_a_translated_pattern_draws_its_parts_one_after_another(text: str) -> None:
    # `id-[0-9]{2,3}(\.[ab]){0,2}`, as generator/regex.py translates it.
    assert re.fullmatch(r"id-[0-9]{2,3}(\.[ab]){0,2}", text)


@given(repeat(st.just("ab"), 2, None), run(st.sampled_from("xy"), 0, 1))
def test_repeats_and_runs_keep_their_bounds(repeated: str, ran: str) -> None:
    assert len(repeated) >= 4
    assert repeated == "ab" * (len(repeated) // 2)
    assert ran in ("", "x", "y")
