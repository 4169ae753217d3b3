"""The subset of JMESPath that botocore's waiter and paginator models use, evaluated as the
`jmespath` library evaluates it (botocore's own evaluator), without depending on it.

The subset is what occurs across every service of the pinned botocore (README, "Waiters"):
fields and subexpressions (`a.b`), flatten projections (`a[]`, `a[].b`), value projections
(`a.*.b`), filter projections (`a[?b == 'x']`), indexes (`a[-1]`), `length(...)`, the
comparators `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, `!`, parentheses, raw strings
(`'x'`) and JSON literals (`` `0` ``). Anything else (pipes, slices, multi-selects, `@`, quoted
identifiers, other functions) is refused by `compile_expression` with an `ExpressionError`
naming the position, so that an importer can say why it leaves a model out.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NoReturn

Evaluate = Callable[[Any], Any]


class ExpressionError(ValueError):
    """An expression outside the subset, or not JMESPath at all."""

    def __init__(self, expression: str, position: int, reason: str) -> None:
        self.expression = expression
        self.position = position
        self.reason = reason
        super().__init__(f"{expression!r} at {position}: {reason}")


class ExpressionTypeError(TypeError):
    """What `jmespath` raises as a type error: `length` of a value that has none, or an
    ordering comparison of text with a number."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    value: Any
    start: int


# jmespath's binding powers for the tokens of the subset (jmespath/parser.py).
_BINDING_POWER: Final = {
    "eof": 0,
    "identifier": 0,
    "literal": 0,
    "number": 0,
    "rbracket": 0,
    "rparen": 0,
    "or": 2,
    "and": 3,
    "eq": 5,
    "ne": 5,
    "lt": 5,
    "lte": 5,
    "gt": 5,
    "gte": 5,
    "flatten": 9,
    "star": 20,
    "filter": 21,
    "dot": 40,
    "not": 45,
    "lbracket": 55,
    "lparen": 60,
}
_PROJECTION_STOP: Final = 10
_SIMPLE: Final = {".": "dot", "*": "star", "]": "rbracket", "(": "lparen", ")": "rparen"}
_TWO: Final = {"||": "or", "&&": "and", "==": "eq", "!=": "ne", "<=": "lte", ">=": "gte"}
_ONE: Final = {"<": "lt", ">": "gt", "!": "not"}
_IDENTIFIER_START: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENTIFIER: Final = _IDENTIFIER_START | frozenset("0123456789")
_FUNCTIONS: Final = ("length",)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        pair = text[index : index + 2]
        if char in " \t\n\r":
            index += 1
        elif char in _SIMPLE:
            tokens.append(_Token(_SIMPLE[char], char, index))
            index += 1
        elif char in _IDENTIFIER_START:
            end = index + 1
            while end < len(text) and text[end] in _IDENTIFIER:
                end += 1
            tokens.append(_Token("identifier", text[index:end], index))
            index = end
        elif pair in ("[]", "[?"):
            tokens.append(_Token("flatten" if pair == "[]" else "filter", pair, index))
            index += 2
        elif char == "[":
            tokens.append(_Token("lbracket", char, index))
            index += 1
        elif char.isdigit() or (char == "-" and text[index + 1 : index + 2].isdigit()):
            end = index + 1
            while end < len(text) and text[end].isdigit():
                end += 1
            tokens.append(_Token("number", int(text[index:end]), index))
            index = end
        elif char in "'`":
            end = index + 1
            while end < len(text) and text[end] != char:
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                raise ExpressionError(text, index, f"unterminated {char}...{char} literal")
            body = text[index + 1 : end].replace(f"\\{char}", char)
            if char == "'":
                tokens.append(_Token("literal", body, index))
            else:
                try:
                    tokens.append(_Token("literal", json.loads(body), index))
                except ValueError:
                    raise ExpressionError(text, index, "a literal that is not JSON") from None
            index = end + 1
        elif pair in _TWO:
            tokens.append(_Token(_TWO[pair], pair, index))
            index += 2
        elif char in _ONE:
            tokens.append(_Token(_ONE[char], char, index))
            index += 1
        else:
            raise ExpressionError(text, index, f"{char!r} is not in the subset")
    tokens.append(_Token("eof", "", len(text)))
    return tokens


def _is_false(value: Any) -> bool:
    # Equality on purpose, as jmespath: 0 is true, False and the empty containers are not.
    return value == "" or value == [] or value == {} or value is None or value is False


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equals(left: Any, right: Any) -> bool:
    # jmespath: 0 and 1 never equal False and True, unlike Python.
    if _is_number(left) and left in (0, 1):
        return not isinstance(right, bool) and bool(left == right)
    if _is_number(right) and right in (0, 1):
        return not isinstance(left, bool) and bool(left == right)
    return bool(left == right)


_ORDER: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def _identity(value: Any) -> Any:
    return value


def _field(name: str) -> Evaluate:
    def evaluate(value: Any) -> Any:
        try:
            return value.get(name)
        except AttributeError:
            return None

    return evaluate


def _chain(left: Evaluate, right: Evaluate) -> Evaluate:
    return lambda value: right(left(value))


def _project(base: Evaluate, right: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        return [result for item in items if (result := right(item)) is not None]

    return evaluate


def _project_values(base: Evaluate, right: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        try:
            items = base(value).values()
        except AttributeError:
            return None
        return [result for item in items if (result := right(item)) is not None]

    return evaluate


def _flatten(base: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        merged: list[Any] = []
        for item in items:
            if isinstance(item, list):
                merged.extend(item)
            else:
                merged.append(item)
        return merged

    return evaluate


def _filter(base: Evaluate, right: Evaluate, condition: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        return [
            result
            for item in items
            if not _is_false(condition(item)) and (result := right(item)) is not None
        ]

    return evaluate


def _index(base: Evaluate, position: int) -> Evaluate:
    def evaluate(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        try:
            return items[position]
        except IndexError:
            return None

    return evaluate


def _compare(kind: str, left: Evaluate, right: Evaluate) -> Evaluate:
    if kind == "eq":
        return lambda value: _equals(left(value), right(value))
    if kind == "ne":
        return lambda value: not _equals(left(value), right(value))
    order = _ORDER[kind]

    def evaluate(value: Any) -> Any:
        first, second = left(value), right(value)
        if not all(_is_number(side) or isinstance(side, str) for side in (first, second)):
            return None
        try:
            return order(first, second)
        except TypeError:
            raise ExpressionTypeError(
                f"cannot order {type(first).__name__} against {type(second).__name__}"
            ) from None

    return evaluate


def _or(left: Evaluate, right: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        matched = left(value)
        return right(value) if _is_false(matched) else matched

    return evaluate


def _and(left: Evaluate, right: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        matched = left(value)
        return matched if _is_false(matched) else right(value)

    return evaluate


def _not(operand: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        result = operand(value)
        if _is_number(result) and result == 0:  # jmespath: !0 is false
            return False
        return not result

    return evaluate


def _length(argument: Evaluate) -> Evaluate:
    def evaluate(value: Any) -> Any:
        result = argument(value)
        # jmespath checks the exact type: string, array or object.
        if type(result) not in (str, list, dict):
            raise ExpressionTypeError(
                f"length() takes a string, an array or an object, not {type(result).__name__}"
            )
        return len(result)

    return evaluate


class _Parser:
    """jmespath's Pratt parser, cut to the tokens of the subset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0

    def parse(self) -> Evaluate:
        result = self.expression(0)
        if self.current.kind != "eof":
            self.fail(self.current, f"unexpected {self.current.value!r}")
        return result

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, token: _Token, reason: str) -> NoReturn:
        if token.kind == "eof":
            reason = "incomplete expression"
        raise ExpressionError(self.text, token.start, reason)

    def take(self, kind: str) -> _Token:
        token = self.current
        if token.kind != kind:
            self.fail(token, f"expected {kind}, got {token.value!r}")
        self.index += 1
        return token

    def expression(self, binding_power: int) -> Evaluate:
        token = self.current
        self.index += 1
        left = self.nud(token)
        while binding_power < _BINDING_POWER[self.current.kind]:
            token = self.current
            self.index += 1
            left = self.led(token, left)
        return left

    def nud(self, token: _Token) -> Evaluate:
        if token.kind == "literal":
            constant = token.value
            return lambda value: constant
        if token.kind == "identifier":
            if self.current.kind == "lparen":
                return self.function(token)
            return _field(token.value)
        if token.kind == "lparen":
            inner = self.expression(0)
            self.take("rparen")
            return inner
        if token.kind == "not":
            return _not(self.expression(_BINDING_POWER["not"]))
        self.fail(token, f"{token.value!r} is not in the subset at the start of an operand")

    def function(self, name: _Token) -> Evaluate:
        if name.value not in _FUNCTIONS:
            self.fail(name, f"the function {name.value}() is not in the subset (only length())")
        self.take("lparen")
        argument = self.expression(0)
        self.take("rparen")
        return _length(argument)

    def led(self, token: _Token, left: Evaluate) -> Evaluate:
        kind = token.kind
        if kind == "dot":
            if self.current.kind == "star":
                self.index += 1
                return _project_values(left, self.projection_rhs(_BINDING_POWER["dot"]))
            return _chain(left, self.dot_rhs(_BINDING_POWER["dot"]))
        if kind == "flatten":
            return _project(_flatten(left), self.projection_rhs(_BINDING_POWER["flatten"]))
        if kind == "filter":
            condition = self.expression(0)
            self.take("rbracket")
            right = (
                _identity
                if self.current.kind == "flatten"
                else self.projection_rhs(_BINDING_POWER["filter"])
            )
            return _filter(left, right, condition)
        if kind == "lbracket":
            if self.current.kind != "number" or self.tokens[self.index + 1].kind != "rbracket":
                self.fail(
                    token, "only [] projections, [?...] filters and [n] indexes are in the subset"
                )
            position = self.take("number").value
            self.take("rbracket")
            return _index(left, position)
        if kind in ("eq", "ne", "lt", "lte", "gt", "gte"):
            return _compare(kind, left, self.expression(_BINDING_POWER[kind]))
        if kind == "or":
            return _or(left, self.expression(_BINDING_POWER["or"]))
        if kind == "and":
            return _and(left, self.expression(_BINDING_POWER["and"]))
        self.fail(token, f"{token.value!r} is not in the subset here")

    def projection_rhs(self, binding_power: int) -> Evaluate:
        kind = self.current.kind
        if _BINDING_POWER[kind] < _PROJECTION_STOP:
            return _identity
        if kind in ("lbracket", "filter"):
            return self.expression(binding_power)
        if kind == "dot":
            self.index += 1
            return self.dot_rhs(binding_power)
        self.fail(self.current, f"{self.current.value!r} cannot follow a projection")

    def dot_rhs(self, binding_power: int) -> Evaluate:
        if self.current.kind not in ("identifier", "star"):
            self.fail(self.current, "expected a field name after '.'")
        if self.current.kind == "star":
            self.index += 1
            return _project_values(_identity, self.projection_rhs(_BINDING_POWER["star"]))
        return self.expression(binding_power)


@lru_cache(maxsize=512)
def compile_expression(text: str) -> Evaluate:
    """A function that evaluates `text` on a value as `jmespath.search(text, value)` does.

    Raises `ExpressionError` for an expression outside the subset; the function raises
    `ExpressionTypeError` where jmespath raises a type error.
    """
    return _Parser(text).parse()
