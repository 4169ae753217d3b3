"""Strategies of structures that hold themselves (a search expression of search expressions),
drawn to a bounded depth and number.

A structure's optional members are drawn about half the time; when one of them holds the
structure again, in a list, each level draws more than one nested level on average, and draws
grow without bound until Hypothesis gives up on their size. `nested` bounds them as
`st.recursive` bounds its trees: a draw nests `MAX_NESTING` such structures with their optional
members, and deeper ones with their required members alone (which hold no cycle in a model
whose values can be written down). Nor does one test case draw more than `MAX_NESTED` of them
with their optional members: a response that holds many (Amplify UI Builder's components,
each a map of properties that are trees) would otherwise outgrow what Hypothesis draws.
"""

from __future__ import annotations

import threading
from typing import Any, Final

from hypothesis import strategies as st

MAX_NESTING: Final = 3
MAX_NESTED: Final = 12


class _Nesting(threading.local):
    depth: int = 0
    drawn: int = 0  # with their optional members, in the test case `case`
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
        _NESTING.case, _NESTING.drawn = case, 0
    full = level < MAX_NESTING and _NESTING.drawn < MAX_NESTED
    _NESTING.drawn += full
    _NESTING.depth = level + 1
    try:
        return draw(whole if full else required)
    finally:
        _NESTING.depth = level


def nested(
    members: dict[str, st.SearchStrategy[Any]], *, optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """`st.fixed_dictionaries(members, optional=optional)` of a structure that holds itself."""
    whole = st.fixed_dictionaries(members, optional=optional)
    return _bounded(whole, st.fixed_dictionaries(members))
