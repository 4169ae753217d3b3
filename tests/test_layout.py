"""generator/layout.py: every layout it prints is one black keeps, at any length."""

from __future__ import annotations

import keyword

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.black_form import needs_black
from generator.literals import literal
from generator.render import format_source

_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,40}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
)
_ARGUMENTS = st.lists(_NAMES, min_size=1, max_size=12)
_STRINGS = st.lists(st.text("abcXYZ_ '\"", max_size=30), max_size=12)
# Where a statement at each indentation is tried: in a function, and in an `if` in one.
_CONTEXT = {4: "def outer() -> None:\n", 8: "def outer() -> None:\n    if x:\n"}


def _kept(source: str) -> None:
    assert format_source(source) == source
    assert all(len(line) <= layout.LINE_LENGTH for line in source.splitlines() if '"' not in line)


def _at(indent: int, body: str) -> str:
    lines = "".join(f"{' ' * indent}{line}\n" for line in body.split("\n"))
    return f"{_CONTEXT[indent]}{lines}"


@settings(max_examples=60, deadline=None)
@given(_NAMES, _ARGUMENTS, st.sampled_from([4, 8]))
@example("f", ['"' + "a" * 120 + '"'], 4)  # one argument: no comma to split at
def test_calls_are_laid_out_as_black_keeps_them(
    function: str, arguments: list[str], indent: int
) -> None:
    _kept(_at(indent, layout.call(f"{function}(", arguments, ")", indent)))


@settings(max_examples=60, deadline=None)
@given(_NAMES, st.lists(_NAMES.map(lambda name: f"{name}: int"), min_size=1, max_size=8))
@example("f" * 60, ["data: object"])  # a lone parameter: black explodes it
def test_defs_are_laid_out_as_black_keeps_them(function: str, parameters: list[str]) -> None:
    _kept(f"{layout.call(f'def {function}(', parameters, ') -> None:', 0)}\n    pass\n")


@settings(max_examples=60, deadline=None)
@given(_NAMES, _ARGUMENTS, st.sampled_from([4, 8]))
def test_calls_in_calls_are_laid_out_as_black_keeps_them(
    function: str, arguments: list[str], indent: int
) -> None:
    _kept(_at(indent, layout.call_in_call("issues.append(", f"{function}(", arguments, indent)))


@settings(max_examples=60, deadline=None)
@given(
    _NAMES | st.from_regex(r"[a-z][a-z0-9_]{60,80}", fullmatch=True),
    _STRINGS,
    st.sampled_from(["frozenset", "f" * 40]),
)
def test_module_constants_are_laid_out_as_black_keeps_them(
    name: str, texts: list[str], function: str
) -> None:
    items = [f'"{text}"' if '"' not in text else repr(text) for text in texts]
    target = f"_{name.upper()}: Final"
    formatted = [format_source(f"{item}\n").strip() for item in items]
    _kept(layout.tuple_call(target, function, formatted) + "\n")
    joined = format_source(f"{', '.join(texts)!r}\n").strip()
    _kept(layout.assignment(target, joined) + "\n")


def test_each_form() -> None:
    assert layout.call("f(", ["a", "b"], ")", 0) == "f(a, b)"
    start = "f" * 30 + "("
    long = ["x" * 34, "y" * 34]  # 70 characters of arguments
    assert layout.call(start, long, ")", 0) == f"{start}\n    {long[0]}, {long[1]}\n)"
    assert layout.call("f(", [*long, "z" * 30], ")", 8) == (
        f"f(\n    {long[0]},\n    {long[1]},\n    {'z' * 30},\n)"
    )
    assert layout.tuple_call("A", "frozenset", ['"a"']) == 'A = frozenset(("a",))'
    assert layout.tuple_call("A", "frozenset", []) == "A = frozenset(())"
    assert layout.tuple_call("A" * 90, "frozenset", []) == f"{'A' * 90} = (\n    frozenset(())\n)"
    assert layout.assignment("A", '"' + "a" * 99 + '"') == 'A = (\n    "' + "a" * 99 + '"\n)'


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([("not value.keys()", "<="), ("key", "not in"), ("X.search(value)", "is")]),
    _NAMES.map(lambda name: f"_{name.upper()}_" * 3),
    st.sampled_from([4, 8]),
)
def test_conditions_are_laid_out_as_black_keeps_them(
    comparison: tuple[str, str], constant: str, indent: int
) -> None:
    left, operator = comparison
    line = layout.condition("if", left, operator, constant, indent)
    source = _at(indent, f"{line}\n    pass")
    assert format_source(source) == source
    if indent + 4 + len(f"{operator} {constant}") <= layout.LINE_LENGTH:  # else nothing can fit
        assert all(len(line) <= layout.LINE_LENGTH for line in source.splitlines())


@given(
    _NAMES,
    st.text("abcXYZ_'\"", max_size=90).map(literal),
    st.sampled_from([4, 8]),
    st.sampled_from(["None", "_MISSING"]),
)
def test_found_conditions_are_laid_out_as_black_keeps_them(
    target: str, key: str, indent: int, absent: str
) -> None:
    line = layout.found_condition(target, f"found.get({key})", indent, absent)
    source = f"{_CONTEXT[indent]}{line}\n{' ' * indent}    pass\n"
    if all(len(line) <= layout.LINE_LENGTH for line in source.splitlines()):
        assert format_source(source) == source
    else:  # an assignment too long for its own line: black splits it further
        assert needs_black(source)


# Constant names up to where even `NAME: (` no longer fits, which black then leaves long.
_CONSTANTS = st.from_regex(r"[A-Z][A-Z0-9_]{0,40}|[A-Z][A-Z0-9_]{60,96}", fullmatch=True)


@given(
    _CONSTANTS,
    st.sampled_from(["Final"]) | st.builds("{}[{}]".format, _NAMES, _NAMES),
    _NAMES,
)
def test_annotated_assignments_are_laid_out_as_black_keeps_them(
    name: str, annotation: str, function: str
) -> None:
    value = f"{function}(\n    lambda: st.one_of(\n        st.just(1),\n    )\n)\n"
    _kept(layout.annotated_assignment(value, name, annotation))
