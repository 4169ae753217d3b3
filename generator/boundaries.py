"""Patterns with `\\b` rewritten without it, for generation.

`st.from_regex` draws a pattern with `\\b` as if it were not there and then rejects each value
whose boundaries fail: `ip-((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)-?\\b){4}\\..*` (SageMaker's node host
names) loses seven draws in eight, as the dash is needed between octets and forbidden before the
dot. Whether a `\\b` holds depends only on whether the characters beside it are word characters;
`resolved` splits the items beside each boundary into alternatives until that is known on both
sides (an optional item present or absent, a branch by branch, a small repeat count by count),
keeps the alternatives whose boundaries all hold and drops the boundaries: the pattern above
becomes `ip-OCTET-OCTET-OCTET-OCTET\\..*`, with the same whole matches.
"""

from __future__ import annotations

import re

# The parser `re` itself uses; typeshed has no stubs for it.
import re._constants as _constants  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
from dataclasses import dataclass, field
from typing import Any

Node = tuple[Any, Any]

_WORD = "word"
_OTHER = "other"  # a non-word character, or the start or end of the text
_MAX_SPLITS = 64  # each one a level of recursion, too
_MAX_UNROLLED = 8  # repeat counts split one by one, at most
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)


def resolved(pattern: str) -> list[str] | None:
    """Patterns whose whole matches together are those of `pattern`, none with a `\\b`; None
    when `pattern` has none, or when the characters beside one are not known (nor made known by
    splitting). An anchor at an alternative's edge is dropped: whole matches need none."""
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None
    nodes = list(tree)
    if tree.state.flags & ~re.UNICODE or not _supported(nodes) or not _has_boundary(nodes):
        return None
    work = _Work()
    if not _resolve(nodes, work):
        return None
    unique = dict.fromkeys("".join(map(_source, _unanchored(nodes))) for nodes in work.alternatives)
    return list(unique) or None


def _unanchored(nodes: list[Node]) -> list[Node]:
    while nodes and nodes[0][0] is _constants.AT and nodes[0][1] in _BEGINNINGS:
        nodes = nodes[1:]
    while nodes and nodes[-1][0] is _constants.AT and nodes[-1][1] in _ENDS:
        nodes = nodes[:-1]
    return nodes


def _supported(nodes: list[Node]) -> bool:
    """Whether every node is one `_source` writes back: no lookaround, group reference or
    flag (groups are written as non-capturing ones)."""
    for opcode, argument in nodes:
        if opcode not in _NODES or (opcode is _constants.AT and argument not in _ANCHORS):
            return False
        if opcode is _constants.IN and not all(map(_known_class_item, argument)):
            return False
        if opcode is _constants.SUBPATTERN and (argument[1] or argument[2]):
            return False
        if not all(_supported(list(part)) for part in _parts(opcode, argument)):
            return False
    return True


def _known_class_item(item: Node) -> bool:
    opcode, argument = item
    return opcode in _CLASS_ITEMS and (
        opcode is not _constants.CATEGORY or argument in _CATEGORY_TEXT
    )


def _has_boundary(nodes: list[Node]) -> bool:
    for opcode, argument in nodes:
        if opcode is _constants.AT and argument is _constants.AT_BOUNDARY:
            return True
        if any(_has_boundary(list(part)) for part in _parts(opcode, argument)):
            return True
    return False


def _parts(opcode: Any, argument: Any) -> list[Any]:
    """The node lists inside a node."""
    if opcode is _constants.SUBPATTERN:
        return [argument[3]]
    if opcode is _constants.BRANCH:
        return list(argument[1])
    if opcode in _REPEATS:
        return [argument[2]]
    return []


@dataclass
class _Work:
    """What resolving a pattern has found, and how many splits it made (bounded: a repeat of
    what may be empty can be split without end)."""

    alternatives: list[list[Node]] = field(default_factory=list)
    splits: int = 0


def _resolve(nodes: list[Node], work: _Work) -> bool:
    """Adds to the work's alternatives those of `nodes` whose boundaries hold, boundaries
    dropped; False when one cannot be decided."""
    for index, (opcode, argument) in enumerate(nodes):
        if opcode is not _constants.AT:
            if _has_boundary([(opcode, argument)]):
                return _resolve_split(_split(nodes, index, 0), work)
            continue
        if argument is not _constants.AT_BOUNDARY:
            continue
        before, after = _side(nodes, index, -1), _side(nodes, index, 1)
        for side, step in ((before, -1), (after, 1)):
            if isinstance(side, int):
                return _resolve_split(_split(nodes, side, step), work)
        if (before == _WORD) == (after == _WORD):
            return True  # the boundary fails: this alternative matches nothing
    work.alternatives.append([node for node in nodes if node != _BOUNDARY])
    return True


def _resolve_split(split: list[list[Node]] | None, work: _Work) -> bool:
    work.splits += 1
    if split is None or work.splits > _MAX_SPLITS:
        return False
    return all(_resolve(each, work) for each in split)


def _side(nodes: list[Node], index: int, step: int) -> str | int:
    """What stands beside the boundary at `index` (before it for `step` -1, after for 1): a
    word character, another one or an edge of the text, or the index of the node to split
    until that is known."""
    kinds: set[str] = set()
    unsure: int | None = None  # the nearest node that may be empty, or starts either way
    position = index + step
    while 0 <= position < len(nodes):
        opcode, argument = nodes[position]
        if opcode is _constants.AT and argument is not _constants.AT_BOUNDARY:
            if argument not in (_BEGINNINGS if step < 0 else _ENDS):
                return position  # not split: the pattern is left to from_regex
            break  # the edge of the text
        found, empty = _edge(nodes[position], step)
        kinds |= found
        if unsure is None and (empty or len(found) > 1):
            unsure = position
        if not empty:
            break
        position += step
    if position < 0 or position >= len(nodes) or nodes[position][0] is _constants.AT:
        kinds.add(_OTHER)  # the walk reached the edge of the text
    if len(kinds) == 1:
        return kinds.pop()
    assert unsure is not None  # a node that is neither empty nor mixed ends the walk
    return unsure


def _edge(node: Node, step: int) -> tuple[set[str], bool]:
    """Whether the matches of `node` that are not empty end (`step` -1) or start (1) with a
    word character or another, and whether a match may be empty."""
    opcode, argument = node
    if opcode is _constants.LITERAL:
        return {_kind(chr(argument))}, False
    if opcode is _constants.IN:
        return _class_kinds(list(argument)), False
    if opcode in _REPEATS:
        low, _high, body = argument
        kinds, empty = _sequence_edge(list(body), step)
        return kinds, empty or low == 0
    if opcode is _constants.SUBPATTERN:
        return _sequence_edge(list(argument[3]), step)
    if opcode is _constants.BRANCH:
        edges = [_sequence_edge(list(branch), step) for branch in argument[1]]
        return set().union(*(kinds for kinds, _empty in edges)), any(e for _k, e in edges)
    if opcode is _constants.AT:
        return set(), True
    return {_WORD, _OTHER}, False


def _sequence_edge(nodes: list[Node], step: int) -> tuple[set[str], bool]:
    kinds: set[str] = set()
    for node in nodes if step > 0 else reversed(nodes):
        found, empty = _edge(node, step)
        kinds |= found
        if not empty:
            return kinds, False
    return kinds, True


def _kind(char: str) -> str:
    return _WORD if re.fullmatch(r"\w", char) else _OTHER


_CLASS_LIMIT = 512  # characters of a class looked at one by one


def _class_kinds(items: list[Node]) -> set[str]:
    kinds: set[str] = set()
    for opcode, argument in items:
        if opcode is _constants.LITERAL:
            kinds.add(_kind(chr(argument)))
        elif opcode is _constants.RANGE and argument[1] - argument[0] < _CLASS_LIMIT:
            kinds.update(_kind(chr(code)) for code in range(argument[0], argument[1] + 1))
        elif opcode is _constants.CATEGORY and argument in _WORD_CATEGORIES:
            kinds.add(_WORD)
        elif opcode is _constants.CATEGORY and argument is _constants.CATEGORY_SPACE:
            kinds.add(_OTHER)
        else:
            return {_WORD, _OTHER}
    return kinds


_WORD_CATEGORIES = (_constants.CATEGORY_DIGIT, _constants.CATEGORY_WORD)


def _split(nodes: list[Node], index: int, step: int) -> list[list[Node]] | None:
    """`nodes` as alternatives that together match what they match, the node at `index` taken
    apart: a branch by branch, a group by its body, a repeat by its count. An unbounded repeat
    beside a boundary (before it for `step` -1, after for 1) is empty or one more, the one on
    the boundary's side; one that holds a boundary (`step` 0) is not split."""
    opcode, argument = nodes[index]
    head, tail = nodes[:index], nodes[index + 1 :]
    if opcode is _constants.BRANCH:
        return [head + list(branch) + tail for branch in argument[1]]
    if opcode is _constants.SUBPATTERN and not argument[1] and not argument[2]:
        return [head + list(argument[3]) + tail]
    if opcode not in _REPEATS:
        return None
    low, high, body = argument
    items = list(body)
    if high == _constants.MAXREPEAT:
        if step == 0:
            return None
        rest = (opcode, (max(low - 1, 0), high, body))
        more = [*head, rest, *items, *tail] if step < 0 else [*head, *items, rest, *tail]
        return ([head + tail] if low == 0 else []) + [more]
    if high - low > _MAX_UNROLLED or high > _MAX_UNROLLED:
        return None
    return [head + items * count + tail for count in range(low, high + 1)]


def _source(node: Node) -> str:
    """Pattern text of a node (groups as non-capturing ones)."""
    opcode, argument = node
    if opcode is _constants.LITERAL:
        return re.escape(chr(argument))
    if opcode is _constants.NOT_LITERAL:
        return f"[^{_class_char(argument)}]"
    if opcode is _constants.ANY:
        return "."
    if opcode is _constants.IN:
        return f"[{''.join(_class_item(item) for item in argument)}]"
    if opcode is _constants.SUBPATTERN:
        return f"(?:{''.join(_source(item) for item in argument[3])})"
    if opcode is _constants.BRANCH:
        branches = ("".join(_source(item) for item in branch) for branch in argument[1])
        return f"(?:{'|'.join(branches)})"
    if opcode in _REPEATS:
        low, high, body = argument
        upper = "" if high == _constants.MAXREPEAT else str(high)
        lazy = "?" if opcode is _constants.MIN_REPEAT else ""
        items = list(body)
        text = "".join(map(_source, items))
        # One character needs no group (and `regex._length_folded` reads it as an atom).
        atom = len(items) == 1 and items[0][0] in _ONE_CHARACTER
        return f"{text if atom else f'(?:{text})'}{{{low},{upper}}}{lazy}"
    if opcode is _constants.AT:
        return _ANCHORS[argument]
    raise ValueError(f"no pattern text for {opcode}")


_BOUNDARY: Node = (_constants.AT, _constants.AT_BOUNDARY)
_BEGINNINGS = (_constants.AT_BEGINNING, _constants.AT_BEGINNING_STRING)
_ENDS = (_constants.AT_END, _constants.AT_END_STRING)
_NODES = (
    _constants.LITERAL,
    _constants.NOT_LITERAL,
    _constants.ANY,
    _constants.IN,
    _constants.SUBPATTERN,
    _constants.BRANCH,
    *_REPEATS,
    _constants.AT,
)
_ONE_CHARACTER = (_constants.LITERAL, _constants.NOT_LITERAL, _constants.ANY, _constants.IN)
_CLASS_ITEMS = (_constants.NEGATE, _constants.LITERAL, _constants.RANGE, _constants.CATEGORY)
_ANCHORS = {
    _constants.AT_BEGINNING: "^",
    _constants.AT_BEGINNING_STRING: r"\A",
    _constants.AT_END: "$",
    _constants.AT_END_STRING: r"\Z",
    _constants.AT_BOUNDARY: r"\b",
    _constants.AT_NON_BOUNDARY: r"\B",
}
_CATEGORY_TEXT = {
    _constants.CATEGORY_DIGIT: r"\d",
    _constants.CATEGORY_NOT_DIGIT: r"\D",
    _constants.CATEGORY_SPACE: r"\s",
    _constants.CATEGORY_NOT_SPACE: r"\S",
    _constants.CATEGORY_WORD: r"\w",
    _constants.CATEGORY_NOT_WORD: r"\W",
}


def _class_char(code: int) -> str:
    char = chr(code)
    return f"\\{char}" if char in "\\]^-[" else char


def _class_item(item: Node) -> str:
    opcode, argument = item
    if opcode is _constants.NEGATE:
        return "^"
    if opcode is _constants.LITERAL:
        return _class_char(argument)
    if opcode is _constants.RANGE:
        return f"{_class_char(argument[0])}-{_class_char(argument[1])}"
    if opcode is _constants.CATEGORY:
        return _CATEGORY_TEXT[argument]
    raise ValueError(f"no class text for {opcode}")
