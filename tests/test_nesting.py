"""The runtime's bounds on big draws (generator/runtime/nesting.py), and which structures the
generator draws a few optional members of at a time (build.wide_structures)."""

from __future__ import annotations

from typing import Any

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from generator.build import WIDE_REACH, wide_structures
from generator.runtime.nesting import WIDE_BUDGET, nested

_OPTIONAL = {f"m{index}": st.integers() for index in range(10)}
_SOME = nested({"id": st.just("x")}, optional=_OPTIONAL, at_most=3)


@settings(max_examples=50, deadline=None, database=None)
@given(_SOME)
def test_a_draw_holds_the_required_members_and_at_most_that_many_optional_ones(
    drawn: dict[str, Any],
) -> None:
    assert drawn["id"] == "x"
    assert set(drawn) - {"id"} <= set(_OPTIONAL)
    assert len(drawn) - 1 <= 3


def test_every_optional_member_is_drawn_and_as_many_as_allowed_at_once() -> None:
    for name in _OPTIONAL:
        assert name in find(_SOME, lambda drawn: name in drawn)  # noqa: B023 (used at once)
    assert len(find(_SOME, lambda drawn: len(drawn) == 4)) == 4


# Each optional member holds 51 values: a test case's budget lasts ceil(WIDE_BUDGET / 51) of them.
_HEAVY_OPTIONAL = {
    f"m{index}": st.lists(st.integers(), min_size=50, max_size=50) for index in range(10)
}
_HEAVY = nested({}, optional=_HEAVY_OPTIONAL, at_most=10)
_HEAVY_PICKS = -(-WIDE_BUDGET // 51)


@settings(max_examples=50, deadline=None, database=None)
@given(st.lists(_HEAVY, min_size=5, max_size=5))
def test_a_test_case_stops_drawing_optional_members_once_its_budget_is_spent(
    drawn: list[dict[str, Any]],
) -> None:
    assert sum(map(len, drawn)) <= _HEAVY_PICKS


def test_the_budget_is_reached_and_each_test_case_starts_it_afresh() -> None:
    unshrunk = settings(phases=[Phase.generate], database=None)
    five = st.lists(_HEAVY, min_size=5, max_size=5)
    find(five, lambda drawn: sum(map(len, drawn)) == _HEAVY_PICKS, settings=unshrunk)
    # Had that test case's spent budget carried over, nothing after it could draw a member.
    assert find(_HEAVY, lambda drawn: len(drawn) > 0, settings=unshrunk)


def _structure(members: int, *, holding: str | None = None) -> dict[str, Any]:
    fields = {f"m{index}": {"shape": "Text"} for index in range(members)}
    if holding is not None:
        fields["inner"] = {"shape": holding}
    return {"type": "structure", "members": fields}


def test_a_structure_is_wide_when_it_and_what_it_reaches_hold_enough_members() -> None:
    shapes = {
        "Text": {"type": "string"},
        "Big": _structure(WIDE_REACH),
        "Small": _structure(WIDE_REACH - 2),
        "Holder": _structure(1, holding="Big"),
        "Listed": {"type": "list", "member": "Small"},
        "HoldsSmall": _structure(1, holding="Listed"),  # 1 + inner + 98 members
        "Cycle": _structure(WIDE_REACH // 2, holding="Cycle"),
    }
    assert wide_structures(shapes) == {"Big", "Holder", "HoldsSmall"}
