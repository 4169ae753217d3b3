"""Source laid out as black lays it out, so that black keeps the rendered lines.

Templates print the statements whose length depends on spec names (calls with long constant
names, tuples of member names) through these, rather than leaving black to rewrite them.
"""

from __future__ import annotations

from collections.abc import Iterable

LINE_LENGTH = 100  # black's, as generator/render.py runs it


def call(start: str, arguments: Iterable[str], end: str, indent: int) -> str:
    """`start` + the arguments + `end` laid out as black lays out a call or `def` that stands
    at `indent`: on one line if it fits, else the arguments on one line of their own, else one
    per line with a trailing comma. Continuation lines are indented relative to the statement."""
    listed = tuple(arguments)
    items = ", ".join(listed)
    if indent + len(start) + len(items) + len(end) <= LINE_LENGTH:
        return f"{start}{items}{end}"
    # black gives a `def` split around one parameter a trailing comma, which explodes it.
    lone_parameter = start.startswith("def ") and len(listed) == 1
    # One argument has no comma to split at: it stays on its line however long (a def's aside).
    lone_argument = len(listed) == 1 and not lone_parameter
    if lone_argument or (indent + 4 + len(items) <= LINE_LENGTH and not lone_parameter):
        return f"{start}\n    {items}\n{end}"
    lines = "".join(f"\n    {argument}," for argument in listed)
    return f"{start}{lines}\n{end}"


def call_in_call(outer: str, inner: str, arguments: Iterable[str], indent: int) -> str:
    """`outer(inner(arguments))` (`outer` and `inner` end with their `(`), laid out as black
    does: on one line if it fits, else the inner call on lines of its own."""
    listed = tuple(arguments)
    whole = f"{outer}{inner}{', '.join(listed)}))"
    if indent + len(whole) <= LINE_LENGTH:
        return whole
    body = call(inner, listed, ")", indent + 4).replace("\n", "\n    ")
    return f"{outer}\n    {body}\n)"


def assignment(target: str, value: str) -> str:
    """`target = value` at the top of a module, `target` annotated (`X: Final`); black puts a
    value that does not fit in parentheses on a line of its own (even when it is still too long
    there: for an annotated target; a bare name keeps such a line whole)."""
    line = f"{target} = {value}"
    return line if len(line) <= LINE_LENGTH else f"{target} = (\n    {value}\n)"


def tuple_call(target: str, function: str, items: Iterable[str]) -> str:
    """`target = function((items))` at the top of a module, as black lays it out: split at the
    call's bracket when `target = function(` fits, else the call in parentheses of its own."""
    listed = tuple(items)
    values = f"({', '.join(listed)}{',' if len(listed) == 1 else ''})"
    line = f"{target} = {function}({values})"
    if len(line) <= LINE_LENGTH:
        return line
    if len(f"{target} = {function}(") <= LINE_LENGTH:
        return f"{target} = {_tuple_call_split(function, listed, values, 0)}"
    call = f"{function}({values})"
    if 4 + len(call) > LINE_LENGTH:
        call = _tuple_call_split(function, listed, values, 4).replace("\n", "\n    ")
    return f"{target} = (\n    {call}\n)"


def _tuple_call_split(function: str, listed: tuple[str, ...], values: str, indent: int) -> str:
    """`function(values)` standing at `indent`, split at its bracket as black splits it."""
    if not listed or indent + 4 + len(values) <= LINE_LENGTH:
        return f"{function}(\n    {values}\n)"
    lines = "".join(f"        {item},\n" for item in listed)
    return f"{function}(\n    (\n{lines}    )\n)"


def condition(keyword: str, left: str, operator: str, right: str, indent: int) -> str:
    """`keyword left operator right:` (an `if` of one comparison) standing at `indent`, laid out
    as black does: on one line if it fits, else in parentheses, split before the operator."""
    line = f"{keyword} {left} {operator} {right}:"
    if indent + len(line) <= LINE_LENGTH:
        return line
    return f"{keyword} (\n    {left}\n    {operator} {right}\n):"


def found_condition(target: str, value: str, indent: int, absent: str = "None") -> str:
    """`if (target := value) is not absent:` standing at `indent`, laid out as black does: the
    assignment on a line of its own when the `if` is too long."""
    line = f"if ({target} := {value}) is not {absent}:"
    if indent + len(line) <= LINE_LENGTH:
        return " " * indent + line
    margin = " " * indent
    return f"{margin}if (\n{margin}    {target} := {value}\n{margin}) is not {absent}:"


def annotated_assignment(value: str, name: str, annotation: str) -> str:
    """`name: annotation = value` at the top of a module, where `value` spans lines (its first
    opens a bracket the last closes), laid out as black does when the first line is too long:
    the value in parentheses if that line then fits, else the annotation split at its
    subscript's bracket if that line fits, else the annotation in parentheses."""
    value = value.rstrip("\n")
    target = f"{name}: {annotation} = "
    if len(target) + value.index("\n") <= LINE_LENGTH:
        return f"{target}{value}\n"
    if len(target) + 1 <= LINE_LENGTH:
        indented = value.replace("\n", "\n    ")
        return f"{target}(\n    {indented}\n)\n"
    generic, bracket, argument = annotation.partition("[")
    if bracket and len(f"{name}: {generic}[") <= LINE_LENGTH:
        return f"{name}: {generic}[\n    {argument.removesuffix(']')}\n] = {value}\n"
    return f"{name}: (\n    {annotation}\n) = {value}\n"
