"""Strategies of structures that hold themselves (a search expression of search expressions),
or very many others (Security Hub's findings), drawn to a bounded depth, number and width.

A structure's optional members are drawn about half the time; when one of them holds the
structure again, in a list, each level draws more than one nested level on average, and draws
grow without bound until Hypothesis gives up on their size. `nested` bounds them as
`st.recursive` bounds its trees: a draw nests `MAX_NESTING` such structures with their optional
members, and deeper ones with their required members alone (which hold no cycle in a model
whose values can be written down). Nor does one test case draw more than `MAX_NESTED` of them
with their optional members: a response that holds many (Amplify UI Builder's components,
each a map of properties that are trees) would otherwise outgrow what Hypothesis draws. A
structure that reaches very many others draws a few of its optional members at a time
(`at_most`): half of the hundreds a finding's resource details hold would be too many. And
such structures stop drawing optional members once the test case holds `WIDE_BUDGET` values
they drew: a route's legs each hold a dozen required lists of steps, spans and tolls, so a
few optional members of each leg of each route are still too many. Wide structures count
towards the depth and the number as self-holding ones do: three levels down, or past the
twelfth, they too draw their required members alone.
"""

from __future__ import annotations

import threading
from typing import Any, Final

from hypothesis import strategies as st

MAX_NESTING: Final = 3
MAX_NESTED: Final = 12
WIDE_BUDGET: Final = 200


class _Nesting(threading.local):
    depth: int = 0
    drawn: int = 0  # with their optional members, in the test case `case`
    spent: int = 0  # values in the optional members wide structures drew in `case`
    case: object = None


_NESTING: Final = _Nesting()


def depth() -> int:
    """How many structures that hold themselves the draw under way is inside."""
    return _NESTING.depth


@st.composite
def _bounded(
    draw: st.DrawFn,
    whole: st.SearchStrategy[dict[str, Any]],
    required: st.SearchStrategy[dict[str, Any]],
) -> dict[str, Any]:
    level = _NESTING.depth
    # A composite's `draw` is its test case's: a new one starts the count afresh.
    case = getattr(draw, "__self__", None)
    if level == 0 and (case is None or case is not _NESTING.case):
        _NESTING.case, _NESTING.drawn, _NESTING.spent = case, 0, 0
    full = level < MAX_NESTING and _NESTING.drawn < MAX_NESTED
    _NESTING.drawn += full
    _NESTING.depth = level + 1
    try:
        return draw(whole if full else required)
    finally:
        _NESTING.depth = level


@st.composite
def _some(
    draw: st.DrawFn,
    required: st.SearchStrategy[dict[str, Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    at_most: int,
) -> dict[str, Any]:
    """The required members and up to `at_most` of the optional ones, while the test case's
    budget lasts."""
    drawn = draw(required)
    for name in draw(st.lists(st.sampled_from(tuple(optional)), max_size=at_most, unique=True)):
        if _NESTING.spent >= WIDE_BUDGET:
            break
        before = _NESTING.spent
        drawn[name] = value = draw(optional[name])
        # What the value's own wide structures spent lies within it: count it once.
        _NESTING.spent = before + _values(value)
    return drawn


def _values(value: object) -> int:
    """How many values a drawn value holds, itself included."""
    if isinstance(value, dict):
        return 1 + sum(map(_values, value.values()))
    if isinstance(value, list):
        return 1 + sum(map(_values, value))
    return 1


def nested(
    members: dict[str, st.SearchStrategy[Any]],
    *,
    optional: dict[str, st.SearchStrategy[Any]] | None = None,
    at_most: int | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """`st.fixed_dictionaries(members, optional=optional)` of a structure that holds itself or
    very many others; with `at_most`, no more optional members than that in one draw."""
    required = st.fixed_dictionaries(members)
    if at_most is None or not optional:
        return _bounded(st.fixed_dictionaries(members, optional=optional or {}), required)
    return _bounded(_some(required, optional, at_most), required)
