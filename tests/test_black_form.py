"""Settled templates print black's form; black is the judge of every rule that claims so."""

from __future__ import annotations

import keyword
from pathlib import Path

import black
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.black_form import needs_black, settle, unsettled_statements
from generator.literals import docstring_literal, literal
from generator.pipeline import load_package
from generator.render import (
    SETTLED_TEMPLATES,
    format_files,
    plan,
    render_templates,
    settled_paths,
)
from tests.helpers import MINIMAL_SPEC, edit
from tests.hostile import generate_package

_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=100)
_ROOT = Path(__file__).resolve().parent.parent
# Short enough that no literal is too long for its line: layout is the filters' business.
_WORDS = st.text(max_size=3)


def _black(source: str) -> str:
    return black.format_str(source, mode=_MODE)


@given(st.text(max_size=8) | st.tuples(_WORDS) | st.tuples(_WORDS, _WORDS, _WORDS))
@example("'")
@example('"')
@example("it's \"quoted\" twice ''")
@example('"""')
def test_literals_take_the_quotes_black_settles_on(value: str | tuple[str, ...]) -> None:
    source = f"x = {literal(value)}\n"
    assert _black(source) == source


# Where a docstring stands decides what black does to it: only the first statement of a module
# or block is a docstring to black; a string after a field is left as it is.
_PLACES = {
    "module": "{doc}\n\nx = 1\n",
    "class": "class C:\n    {doc}\n\n    x = 1\n",
    "method": "class C:\n    def f(self) -> None:\n        {doc}\n",
    "field": "class C:\n    x: int\n    {doc}\n",
}
_DOC_LINE = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=110)


@given(st.lists(_DOC_LINE, min_size=1, max_size=4), st.sampled_from(sorted(_PLACES)))
@example(["short", "x" * 97], "class")
@example(["short", "x" * 90], "method")
@example(["short", "x" * 96], "field")
@example(["a \\", "b" * 99], "class")
@example(['"starts with a quote', "two"], "class")
def test_settle_lays_docstrings_out_as_black_does(lines: list[str], place: str) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    source = _PLACES[place].format(doc=docstring_literal(text))
    assert settle(source) == _black(source)


@pytest.mark.parametrize("length", [20, 40, 70])
def test_a_facades_long_import_is_split_as_black_splits_it(length: int) -> None:
    # models.py's TYPE_CHECKING imports: black splits one at its parentheses, and leaves the
    # lines long when a name and its alias alone are too long for a line.
    name = "C" + "x" * length
    source = f"if TYPE_CHECKING:\n    from ._models.{'m' * length} import {name} as {name}\n"
    settled = settle(source)
    assert settled == _black(source)
    assert not needs_black(settled)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = f(" + "a, " * 40 + ")", True),
        ("    " + literal("p" * 120) + ",", False),
        ("# " + "c" * 120, False),
        ('"""' + "d" * 120 + '"""', False),
        ("x = " + literal("s" * 120), True),
        ("x = 1", False),
        (" " * 16 + "not in _" + "M" * 90, False),  # an operand alone on its line
        (" " * 16 + "not in _" + "M" * 90 + "[0]", True),
    ],
)
def test_only_too_long_code_needs_black(line: str, expected: bool) -> None:
    assert needs_black(f"{line}\n") is expected


def test_long_lines_inside_a_docstring_are_not_code() -> None:
    source = 'def f() -> None:\n    """first\n' + "w" * 120 + '\n    last"""\n'
    assert not needs_black(source)
    assert needs_black(source + "y = g(" + "b, " * 40 + ")\n")


@pytest.mark.parametrize(
    ("specs", "package"),
    [(_ROOT / "specs", "generated"), (_ROOT / "tests" / "golden", "golden_pkg")],
)
def test_settled_templates_print_what_black_keeps(specs: Path, package: str) -> None:
    model = load_package(specs, package)
    rendered = render_templates(model)
    settled = settled_paths(model)
    # Each settled template prints a file of the golden record; the committed specs use some.
    printed = {output.template for output in plan(model, sorted(SETTLED_TEMPLATES))}
    assert printed == SETTLED_TEMPLATES if package == "golden_pkg" else printed < SETTLED_TEMPLATES
    # Every Python file is settled, and none needs black: a cold run never imports it.
    assert settled == {path for path in rendered if path.endswith(".py")}
    for path in sorted(settled):
        text = settle(rendered[path])
        assert not needs_black(text), path
        assert _black(text) == text, path


# The statements models.py prints, with names of any length: settle splits each long one as
# black does (or leaves it for black, which then changes nothing settle did).
_IDENTIFIER = st.from_regex(r"[a-z][a-z_]{0,70}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
)
_CLASS = st.from_regex(r"[A-Z][A-Za-z]{0,70}", fullmatch=True)
_STATEMENTS = (
    "def f(value: object) -> None:\n    {a} = {b} if type({b}) is str or {b} is None else {c}({b}, {d})\n",
    "def f(value: object) -> None:\n    {a} = {b}.get({b}, {b}) if type({b}) is str else {c}({B}, {b}, {d}, True)\n",
    "{A}: Final[dict[str, {B}]] = {{member.value: member for member in {B}}}\n",
    "def f(value: object) -> None:\n    if value:\n        result[{d}] = [{c}(item1, wire) for item1 in value.{a}]\n",
    "def f(value: object) -> None:\n    result[{d}] = {{key1: {c}(item1) if wire else item1 for key1, item1 in value.{a}.items()}}\n",
    "class C:\n    {a}: {B} | None = None\n    {b}: tuple[{B}, ...] | None = None\n    {c}: {B}\n",
    "def {c}(value: {B}, wire: bool) -> dict[str, Any]:\n    pass\n",
    "def {c}(data: object) -> {B}:\n    pass\n",
    "from ..{a} import {b}, {c}, {B}\n",
    "def f(value: object) -> None:\n    result[{d}] = {c}(value.{a}, wire)\n    result[{d}] = value.{a}\n",
    "class C:\n    def f(self) -> str:\n        return json.dumps({c}(self, True), ensure_ascii=False)\n",
    "def f(data: object) -> None:\n    instance.{a} = {c}(data.get({d}), {d}, True)\n    {A}: Final = builder({B})\n",
    "class C:\n    def {c}(cls, data: str | bytes, {b}: str | None = None) -> {B}:\n        pass\n",
    "def {c}(value: object, *, {b}: int = 1, {a}: bool = True) -> None:\n    pass\n",
    "def f(elements: list[Any]) -> None:\n    result[{d}] = {c}(elements[-1])\n    result[{d}] = {c}(list(elements[-1]))\n",
)


@given(
    st.sampled_from(_STATEMENTS),
    st.fixed_dictionaries(
        {"a": _IDENTIFIER, "b": _IDENTIFIER, "c": _IDENTIFIER, "d": _IDENTIFIER, "B": _CLASS}
    ),
)
def test_settle_splits_long_statements_as_black_does(statement: str, names: dict[str, str]) -> None:
    source = statement.format(A=names["a"].upper(), **(names | {"d": literal(names["d"])}))
    assert settle(source) == _black(source)
    assert not needs_black(settle(source))


# Strategies print nested calls (arguments, keywords, tuples, dicts, `.map(...)` trailers,
# lambdas) in statements and in the items of displays black has exploded.
_ATOMS = (
    _IDENTIFIER | st.text("ab '\"\\", max_size=60).map(literal) | st.integers(-5, 10**6).map(str)
)


def _expressions(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    call = st.builds(
        lambda name, positional, named, mapped: f"st.{name}({', '.join(positional + named)})"
        + ('.map("".join)' if mapped else ""),
        _IDENTIFIER,
        st.lists(inner, max_size=4),
        st.lists(st.tuples(_IDENTIFIER, inner).map("=".join), max_size=3),
        st.booleans(),
    )
    entries = st.tuples(st.text("ab", max_size=20).map(literal), inner).map(": ".join)
    displays = st.lists(inner, min_size=2, max_size=4).map(", ".join).map("({})".format) | (
        st.lists(entries, min_size=1, max_size=3).map(lambda items: "{" + ", ".join(items) + "}")
    )
    wrapped = inner.map("({},)".format) | inner.map("lambda: {}".format)
    return st.one_of(_ATOMS, _ATOMS, call, displays, wrapped)


# One strategy that holds itself. `st.deferred(_expressions)` inside `_expressions` was one object
# only while Hypothesis's strategy cache kept it: once the tests before had filled the cache, each
# resolution built a fresh graph, the chain grew with every deeper draw, and Hypothesis's walk
# over it (is_cacheable) overflowed the stack.
_EXPRESSIONS: st.SearchStrategy[str] = st.deferred(lambda: _expressions(_EXPRESSIONS))
_CONTEXTS = (
    "{A}: Final[st.SearchStrategy[str]] = lazily(lambda: {e})\n",
    "{A}: st.SearchStrategy[Params] = lazily(\n    lambda: st.fixed_dictionaries(\n        {{\n            {d}: {e},\n        }},\n    )\n)\n",
    "{A} = (\n    {e},\n    Violation({d}, {d}, st.just({e})),\n)\n",
    "def f(value: object) -> None:\n    result[{d}] = {e}\n    return {e}\n",
)


@given(
    st.sampled_from(_CONTEXTS),
    _IDENTIFIER,
    st.text("ab", max_size=40).map(literal),
    _EXPRESSIONS,
)
def test_settle_splits_nested_calls_as_black_does(
    context: str, name: str, key: str, expression: str
) -> None:
    source = context.format(A=name.upper(), d=key, e=expression)
    _settled_or_left_to_black(source)


def _settled_or_left_to_black(source: str) -> None:
    """What settle leaves is black's form, unless it leaves a line too long for black."""
    settled = settle(source)
    if needs_black(settled):
        assert _black(settled) == _black(source)
    else:
        assert settled == _black(source)


def test_one_constraint_that_fits_is_printed_on_one_line_as_black_keeps_it(tmp_path: Path) -> None:
    """black joins a one-tuple that fits (its trailing comma is no magic one)."""
    spec = edit(
        MINIMAL_SPEC,
        "shapes:\n",
        "  GetColor:\n    http: {method: GET, uri: /color}\n    input: GetColorRequest\n"
        "shapes:\n  GetColorRequest:\n    type: structure\n    members:\n"
        "      colorOfTheWidgetNow: {shape: Color, location: querystring, location_name: color}\n",
    )
    package = generate_package(tmp_path, spec)  # asserts black keeps every settled file
    strategies = (tmp_path / package / "widgets" / "strategies.py").read_text(encoding="utf-8")
    assert (
        '    constraints=(Constraint("colorOfTheWidgetNow", "enum", values=("RED", "GREEN", "NO",'
        ' "ON")),),\n' in strategies
    )


# Top-level statements of each form a settled file holds, `{long}` a line settle leaves to black
# (operators it does not split), at any depth; black lays out only the statements that hold one.
_LONG = "value = first_function(alpha) + second_function(beta) + third_function(gamma) + d"
_TOP_LEVEL = (
    "{long}",
    "y = 1",
    "# a comment at the margin\nz = 2",
    "def f() -> int:\n    {long}\n    return value",
    "@decorator\ndef g() -> None:\n    if x:\n        {long}\n    else:\n        pass",
    'class C:\n    """Doc."""\n\n    def m(self) -> None:\n        {long}\n\n    def n(self) -> None:\n        pass',
    "try:\n    {long}\nexcept ValueError:\n    pass\nfinally:\n    pass",
    'X: Final = 1\n"""The constant\n' + "w" * 120 + '\nat the margin."""',
    "if TYPE_CHECKING:\n    from a import (\n        b as b,\n    )\n    {long}",
)


@given(st.lists(st.sampled_from(_TOP_LEVEL), min_size=1, max_size=8))
def test_black_lays_out_only_the_statements_settle_leaves_too_long(statements: list[str]) -> None:
    module = "\n\n\n".join(statements).replace("{long}", _LONG + " + " + "e" * 20) + "\n"
    laid_out = format_files({"m.py": module}, jobs=1, settled=frozenset({"m.py"}))["m.py"]
    assert laid_out == _black(module)
    assert bool(unsettled_statements(module)) is ("{long}" in "".join(statements))
