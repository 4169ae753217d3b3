"""Spec text reaches generated code only as literals that give the same text back."""

from __future__ import annotations

import ast
import inspect

import black
from hypothesis import example, given
from hypothesis import strategies as st

from generator.literals import clean_documentation, docstring_literal, literal

_MODE = black.Mode(line_length=100)


def _docstring_after_black(text: str) -> str | None:
    source = f"class C:\n    {docstring_literal(text)}\n\n    x = 1\n"
    formatted = black.format_str(source, mode=_MODE)
    namespace: dict[str, object] = {}
    exec(compile(formatted, "<generated>", "exec"), namespace)
    return inspect.getdoc(namespace["C"])


@given(st.text())
@example('He said "hi"')
@example("first\n  second\n\tthird\n   \n    fourth   ")
@example('"""; import os; """')
@example("ends with a backslash \\")
@example("  leading\n\n  indented\n\ntrailing  \n")
@example("\r\x0b\x0c\x85\u2028\u2029\x00{{ x }}{% if %}\\N{BULLET}")
@example("\n\nblank edges\n\n")
@example("'''")
def test_docstring_survives_black_and_cleandoc(text: str) -> None:
    literal = docstring_literal(text)
    assert ast.literal_eval(literal) is not None
    assert _docstring_after_black(text) == clean_documentation(text)


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3).map(tuple)
    | st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _has_float(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_float(item) for item in value)
    return isinstance(value, float)


@given(_VALUES)
@example("plain")
@example("it's")
@example('say "hi"')
@example("both ' and \"")
@example(("one",))
@example({"key": "\udcff"})
@example(b"")
@example(b"it's")
def test_literal_is_ascii_gives_the_value_back_and_is_kept_by_black(value: object) -> None:
    source = literal(value)
    assert source.isascii()
    assert ast.literal_eval(source) == value
    assert type(ast.literal_eval(source)) is type(value)
    statement = f"x = {source}\n"
    if len(statement) <= 100 and not isinstance(value, tuple) and not _has_float(value):
        # black normalizes quotes (and float spellings and tuple layouts, not literal's concern)
        assert black.format_str(statement, mode=_MODE) == statement


def test_literal_writes_plain_text_in_double_quotes() -> None:
    assert literal("plain") == '"plain"'
    assert literal("it's") == '"it\'s"'
    assert literal(("a", 1)) == '("a", 1)'
    assert literal(("a",)) == '("a",)'
    assert literal(()) == "()"
