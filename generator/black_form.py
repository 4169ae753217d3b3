"""What black would still do to text that templates print in black's own form.

A settled template (see `render.SETTLED_TEMPLATES`) prints code as black lays it out, literals in
black's quotes (`literals.literal`) and documentation black leaves alone
(`literals.docstring_literal`). What depends on the spec's text rather than the template is
settled here: where a docstring's closing quotes go, and how a statement that names are too long
for one line splits, both as black decides (`settle`). A line `settle` has no rule for is left
too long, which `needs_black` reports, so that black lays out only such files.
tests/test_black_form.py checks that black leaves every settled file unchanged.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.layout import LINE_LENGTH, call

_QUOTES = '"""'
# A line that is one string literal, or a dict entry of two (and a comma): black cannot split
# it, so leaves it long.
_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_STRING_LINE = re.compile(rf"\s*(?:\w+=)?{_STRING}(?:: {_STRING})?,?")
# A line of one name or attribute (a key, a keyword, `lambda:` or the operator black split the
# line before ahead of it): nothing black could split at.
_NAME_LINE = re.compile(
    rf"\s*(?:{_STRING}: |\w+=|(?:not in|in|is not|is|and|or|[<>=!]=|[<>]) )?(?:lambda: )?"
    r"\w+(?:\.\w+)*,?"
)
# The lines of a split `from ... import (`: its head, and an imported name with its alias
# (`A as A,`), which black leaves however long.
_IMPORT_LINE = re.compile(r"\s*(?:from [\w.]+ import \(|\w+ as \w+,)")
# `target = function(` (or `return function(`, or `function(`), the first line of a split call.
_CALL_HEAD = re.compile(r"( *)(?:[\w.]+ = |return )?([\w.]+\()")
# A line that starts a triple-quoted string (or ends one).
_STRING_START = re.compile(r'^[ \t]*"""', re.MULTILINE)
# black leaves a docstring alone when a line of it ends in a backslash.
_BACKSLASH_NEWLINE = re.compile(r"\\\s*$")


@dataclass(frozen=True, slots=True)
class _Span:
    """The lines `first` to `last` (inclusive) of a triple-quoted string statement."""

    first: int
    last: int
    docstring: bool  # the first statement of its block or module, as black tells docstrings


def _triple_quoted(lines: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    text = "\n".join(lines)
    index = 0  # the line of `position`
    position = 0
    after = -1  # the last line of the last span
    for found in _STRING_START.finditer(text):
        index += text.count("\n", position, found.start())
        position = found.start()
        if index <= after:
            continue  # the closing quotes of a span, on a line of their own
        stripped = lines[index].lstrip()
        last = index
        if len(stripped) < 2 * len(_QUOTES) or not stripped.endswith(_QUOTES):
            last = next(
                (end for end in range(index + 1, len(lines)) if lines[end].endswith(_QUOTES)),
                len(lines) - 1,
            )
        # The last line of code before it; comments are no statements.
        previous = next(
            (
                lines[before]
                for before in range(index - 1, -1, -1)
                if before == after
                or (lines[before].strip() and not lines[before].lstrip().startswith("#"))
            ),
            None,
        )
        first_of_block = previous is None or previous.rstrip().endswith(":")
        plain = not any(_BACKSLASH_NEWLINE.search(line) for line in lines[index:last])
        spans.append(_Span(index, last, first_of_block and plain))
        after = last
    return spans


def settle(text: str) -> str:
    """`text` with each docstring and each statement too long for its line laid out as black
    lays them out.

    black indents the lines of a docstring of several lines like its opening quotes (templates
    print them at the margin), and puts the closing quotes on a line of their own when they
    would make the last line too long. A string after other statements is no docstring to
    black, and stays as it is. Statements are split by `_folded`.
    """
    lines = text.split("\n")
    spans = _triple_quoted(lines)
    in_strings = {index for span in spans for index in range(span.first, span.last + 1)}
    for index in reversed(range(len(lines))):
        if index not in in_strings and _too_long(lines[index]):
            folded = _folded(lines[index])
            if folded is not None:
                lines[index : index + 1] = folded
    for span in reversed(_triple_quoted(lines)):
        if span.docstring and span.last > span.first:
            opening = lines[span.first]
            prefix = opening[: len(opening) - len(opening.lstrip())]
            body = lines[span.first : span.last + 1]
            body[-1] = body[-1][: -len(_QUOTES)]
            lines[span.first : span.last + 1] = _docstring_lines(body, prefix)
    return "\n".join(lines)


def _too_long(line: str) -> bool:
    """A line of code over black's length that black could still split: not a comment, nor a
    string or a name, nor the head of a call whose name alone is too long for parentheses to
    help."""
    return (
        len(line) > LINE_LENGTH
        and not line.lstrip().startswith("#")
        and not _STRING_LINE.fullmatch(line)
        and not _NAME_LINE.fullmatch(line)
        and not _IMPORT_LINE.fullmatch(line)
        and not _stranded_head(line)
    )


def _stranded_head(line: str) -> bool:
    match = _CALL_HEAD.fullmatch(line)
    return match is not None and len(match[1]) + 4 + len(match[2]) > LINE_LENGTH


def _folded(line: str) -> list[str] | None:
    """The one-line statement `line` split as black splits it, or None where no rule here
    knows how (black then lays the file out)."""
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    header = stripped.startswith(("def ", "class ")) and stripped.endswith(":")
    if stripped.endswith(","):
        # An item of an exploded display or call (a statement never ends so here).
        folded = _entry(stripped, indent)
    else:
        try:
            module = ast.parse(stripped + "\n    pass" if header else stripped)
        except SyntaxError:
            return None
        single = len(module.body) == 1
        folded = _statement(module.body[0], stripped, indent) if single else None
    if folded is None:
        return None
    lines = [" " * indent + part if part else part for part in folded.split("\n")]
    return lines if not any(_too_long(part) for part in lines) else None


def _source(text: str, node: ast.expr | ast.arg | ast.keyword | ast.alias) -> str:
    """The text of `node` of the one-line `text` (`ast.get_source_segment` splits the whole
    text into lines on every call; ast counts columns in UTF-8 bytes)."""
    return _encoded(text)[node.col_offset : node.end_col_offset].decode("utf-8")


@lru_cache(maxsize=4)
def _encoded(text: str) -> bytes:
    return text.encode("utf-8")


def _entry(text: str, indent: int) -> str | None:
    """An item of a display or call black has exploded, one per line (`key: value,`, an
    argument or a keyword argument), split as black splits it."""
    for source in (f"{{{text}}}", f"f({text})"):
        try:
            parsed = ast.parse(source, mode="eval").body
        except SyntaxError:
            continue
        if isinstance(parsed, ast.Dict) and len(parsed.keys) == 1 and parsed.keys[0]:
            value = parsed.values[0]
        elif isinstance(parsed, ast.Set) and len(parsed.elts) == 1:
            value = parsed.elts[0]
        elif isinstance(parsed, ast.Call) and len(parsed.keywords) == 1 and not parsed.args:
            value = parsed.keywords[0].value
        else:
            return None
        pieces = _pieces(value, source)
        if pieces is None:
            return None
        # What stands before the value on its line: a key, a keyword, nothing.
        start = _before(source, value)[len(source) - len(text) - 1 :]
        laid = _lay([start, *pieces], indent, ",")
        return None if laid is None else "\n".join(laid)
    return None


def _before(text: str, node: ast.expr) -> str:
    """The text of the line before `node`."""
    return _encoded(text)[: node.col_offset].decode("utf-8")


def _statement(node: ast.stmt, text: str, indent: int) -> str | None:
    if isinstance(node, ast.ImportFrom) and not text.endswith(")"):
        names = "".join(f"\n    {_source(text, alias)}," for alias in node.names)
        return f"{text[: text.index(' import ') + len(' import ')]}({names}\n)"
    if isinstance(node, ast.FunctionDef):
        return _definition(node, text, indent)
    if isinstance(node, ast.AnnAssign) and (
        node.value is None or indent + len(_before(text, node.value)) + 1 > LINE_LENGTH
    ):
        return _annotation(node, text)
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.Return | ast.Expr) and node.value:
        start = _before(text, node.value)
        plain = start == "" if isinstance(node, ast.Expr) else start.endswith(("= ", "return "))
        if plain and not (isinstance(node, ast.Assign) and len(node.targets) > 1):
            return _right_hand(start, node.value, text, indent)
    return None


def _annotation(node: ast.AnnAssign, text: str) -> str | None:
    """A field or constant whose annotation does not leave room for its value: black splits
    the annotation, at its subscript's brackets or in parentheses it adds."""
    annotation = node.annotation
    target = _before(text, annotation)
    value = "" if node.value is None else f" = {_source(text, node.value)}"
    if isinstance(annotation, ast.Subscript):
        head = f"{target}{_source(text, annotation.value)}["
        body, close = _source(text, annotation.slice), "]"
    else:
        head, body, close = f"{target}(", _source(text, annotation), ")"
    return f"{head}\n    {body}\n{close}{value}"


def _right_hand(start: str, value: ast.expr, text: str, indent: int) -> str | None:
    """`start` + `value`, split as black splits the right-hand side of a statement."""
    if isinstance(value, ast.IfExp):
        # A conditional expression has two delimiters: black wraps it in parentheses.
        body = _source(text, value)
        if indent + 4 + len(body) > LINE_LENGTH:
            lines = []
            parts = (value.body, value.test, value.orelse)
            for word, part in zip(("", "if ", "else "), parts, strict=True):
                line = word + _source(text, part)
                if indent + 4 + len(line) > LINE_LENGTH:
                    line = _right_hand(word, part, text, indent + 4) or line
                lines.append(line.replace("\n", "\n    "))
            body = "\n    ".join(lines)
        return f"{start}(\n    {body}\n)"
    if isinstance(value, ast.ListComp | ast.SetComp | ast.DictComp):
        source = _source(text, value)
        body = source[1:-1]
        if indent + 4 + len(body) > LINE_LENGTH:
            body = _comprehension(value, text)
        return f"{start}{source[0]}\n    {body}\n{source[-1]}"
    if isinstance(value, ast.Call):
        return _call(start, value, text, indent)
    if isinstance(value, ast.Name | ast.Attribute | ast.Constant) and start:
        # Nothing to split at but the parentheses black adds, when the value then fits.
        body = _source(text, value)
        return f"{start}(\n    {body}\n)" if indent + 4 + len(body) <= LINE_LENGTH else None
    return None


def _comprehension(value: ast.ListComp | ast.SetComp | ast.DictComp, text: str) -> str:
    """The body of a comprehension split before each `for` and `if`, as black does."""
    if isinstance(value, ast.DictComp):
        parts = [f"{_source(text, value.key)}: {_source(text, value.value)}"]
    else:
        parts = [_source(text, value.elt)]
    for generator in value.generators:
        parts.append(f"for {_source(text, generator.target)} in {_source(text, generator.iter)}")
        parts.extend(f"if {_source(text, condition)}" for condition in generator.ifs)
    return "\n    ".join(parts)


def _call(start: str, value: ast.Call, text: str, indent: int) -> str | None:
    """A call that is the whole right-hand side (after `start`), split as black splits it."""
    pieces = _pieces(value, text)
    if pieces is None:
        return None
    split = _lay([start, *pieces], indent, "")
    if split is not None and indent + len(split[0]) <= LINE_LENGTH:
        return "\n".join(split)
    if start.endswith(("= ", "return ")):
        # No room for the call's bracket: black puts the call in parentheses of its own, when
        # the target has brackets, or else when everything then fits.
        inner = _lay(pieces, indent + 4, "")
        bracketed = any(bracket in start for bracket in "([{")
        if inner is not None and (
            bracketed or all(indent + 4 + len(line) <= LINE_LENGTH for line in inner)
        ):
            return start + "(\n" + "\n".join("    " + line for line in inner) + "\n)"
    return None if split is None else "\n".join(split)


@dataclass(frozen=True, slots=True)
class _Group:
    """A pair of brackets and the items between them, comma-separated."""

    opening: str
    items: tuple[tuple[_Piece, ...], ...]
    closing: str
    atom: bool  # a tuple, list, set or dict display, which black explodes once split
    one_tuple: bool
    text: str = field(init=False)  # on one line: `_lay` asks for it again at every depth

    def __post_init__(self) -> None:
        items = ", ".join(_flat(item) for item in self.items)
        trailer = "," if self.one_tuple else ""
        object.__setattr__(self, "text", f"{self.opening}{items}{trailer}{self.closing}")


@dataclass(frozen=True, slots=True)
class _Opaque:
    """An expression with operators or a subscript black would split at: left whole, or left
    to black."""

    text: str


_Piece = str | _Group | _Opaque


def _flat(pieces: tuple[_Piece, ...] | list[_Piece]) -> str:
    return "".join(piece if isinstance(piece, str) else piece.text for piece in pieces)


def _pieces(node: ast.expr, text: str) -> tuple[_Piece, ...] | None:
    """`node` as text and bracket groups, for the expressions generated code holds."""
    if isinstance(node, ast.Name | ast.Constant | ast.JoinedStr):
        return (_source(text, node),)
    if isinstance(node, ast.Attribute):
        value = _pieces(node.value, text)
        return None if value is None else (*value, f".{node.attr}")
    if isinstance(node, ast.Call):
        function = _pieces(node.func, text)
        if function is None or any(isinstance(item, ast.Starred) for item in node.args):
            return None
        items: list[tuple[_Piece, ...]] = []
        for argument in node.args:
            item = _pieces(argument, text)
            if item is None:
                return None
            items.append(item)
        for keyword_argument in node.keywords:
            item = _pieces(keyword_argument.value, text)
            if keyword_argument.arg is None or item is None:
                return None
            items.append((f"{keyword_argument.arg}=", *item))
        return (*function, _Group("(", tuple(items), ")", False, False) if items else "()")
    if isinstance(node, ast.Lambda):
        body = _pieces(node.body, text)
        arguments = node.args
        if body is None or arguments.args or arguments.vararg or arguments.kwonlyargs:
            return None
        return ("lambda: ", *body)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        source = _source(text, node)
        if not node.elts:
            return (source,)
        elements = []
        for element in node.elts:
            item = _pieces(element, text)
            if item is None or source[0] not in "([{":
                return None
            elements.append(item)
        one_tuple = isinstance(node, ast.Tuple) and len(elements) == 1
        return (_Group(source[0], tuple(elements), source[-1], True, one_tuple),)
    if isinstance(node, ast.Dict):
        entries = []
        for key, entry in zip(node.keys, node.values, strict=True):
            item = _pieces(entry, text)
            if key is None or item is None:
                return None
            entries.append((f"{_source(text, key)}: ", *item))
        return (_Group("{", tuple(entries), "}", True, False),) if entries else ("{}",)
    if isinstance(
        node, ast.BinOp | ast.BoolOp | ast.Compare | ast.UnaryOp | ast.IfExp | ast.Subscript
    ):
        return (_Opaque(_source(text, node)),)
    return None


def _lay(pieces: list[_Piece] | tuple[_Piece, ...], indent: int, suffix: str) -> list[str] | None:
    """The lines of one expression (and `suffix`) standing at `indent`, as black's right-hand
    split makes them: at the last brackets whose head fits, trying the brackets before trailers
    that fit on the closing line; None where black would split otherwise. Lines past the first
    are relative to the first."""
    line = _flat(pieces) + suffix
    if indent + len(line) <= LINE_LENGTH:
        return [line]
    groups = [index for index, piece in enumerate(pieces) if isinstance(piece, _Group)]
    # Operators, or a chain of several method calls, are split at before brackets are.
    chained = sum(
        1
        for index, piece in enumerate(pieces)
        if isinstance(piece, str) and piece.startswith(".") and index and index - 1 in groups
    )
    if not groups and not any(isinstance(piece, _Opaque) for piece in pieces):
        return [line]  # nothing to split at: black leaves it as long as it is
    if not groups or chained > 1 or any(isinstance(piece, _Opaque) for piece in pieces):
        return None
    candidates = [groups[-1]]
    for index in reversed(groups[:-1]):
        # black tries these only while what follows the brackets fits on the closing line.
        group = pieces[index]
        assert isinstance(group, _Group)
        if indent + len(group.closing + _flat(pieces[index + 1 :]) + suffix) > LINE_LENGTH:
            break
        candidates.append(index)
    chosen = next(
        (index for index in candidates if indent + len(_head(pieces, index)) <= LINE_LENGTH),
        groups[-1],
    )
    head = _head(pieces, chosen)
    if indent + len(head) > LINE_LENGTH and any(
        isinstance(piece, _Group) for piece in pieces[:chosen]
    ):
        return None
    group = pieces[chosen]
    assert isinstance(group, _Group)
    body = _body(group, indent + 4)
    tail = group.closing + _flat(pieces[chosen + 1 :]) + suffix
    if body is None or indent + len(tail) > LINE_LENGTH:
        return None
    return [head, *("    " + line for line in body), tail]


def _head(pieces: list[_Piece] | tuple[_Piece, ...], index: int) -> str:
    group = pieces[index]
    assert isinstance(group, _Group)
    return _flat(pieces[:index]) + group.opening


def _body(group: _Group, indent: int) -> list[str] | None:
    """The lines between a group's brackets once split there: on one line if they fit (a
    display of several items never), else one item per line with a trailing comma."""
    several = len(group.items) > 1
    whole = ", ".join(_flat(item) for item in group.items) + ("," if group.one_tuple else "")
    if not (group.atom and several) and indent + len(whole) <= LINE_LENGTH:
        return [whole]
    if not several and not group.one_tuple:
        return _lay(group.items[0], indent, "")
    lines: list[str] = []
    for item in group.items:
        laid = _lay(item, indent, ",")
        if laid is None:
            return None
        lines.extend(laid)
    return lines


def _definition(node: ast.FunctionDef, text: str, indent: int) -> str | None:
    """A `def` line split at its parameters, as black splits it."""
    arguments = node.args
    if arguments.vararg or arguments.posonlyargs or node.decorator_list:
        return None
    defaults: list[ast.expr | None] = [None] * len(arguments.args)
    defaults[len(defaults) - len(arguments.defaults) :] = arguments.defaults
    parameters = [
        _parameter(text, argument, default)
        for argument, default in zip(arguments.args, defaults, strict=True)
    ]
    if arguments.kwonlyargs:
        parameters += [
            "*",
            *(
                _parameter(text, argument, default)
                for argument, default in zip(
                    arguments.kwonlyargs, arguments.kw_defaults, strict=True
                )
            ),
        ]
    if arguments.kwarg:
        parameters.append(f"**{_source(text, arguments.kwarg)}")
    returns = "" if node.returns is None else f" -> {_source(text, node.returns)}"
    return call(f"def {node.name}(", parameters, f"){returns}:", indent)


def _parameter(text: str, argument: ast.arg, default: ast.expr | None) -> str:
    """A parameter with its annotation and default, as the line prints them."""
    end = argument if default is None else default
    return _encoded(text)[argument.col_offset : end.end_col_offset].decode("utf-8")


def _docstring_lines(body: list[str], prefix: str) -> list[str]:
    """The lines of a docstring of several lines as black prints them, closing quotes added;
    `body` is its lines without the closing quotes."""
    indent = min((len(line) - len(line.lstrip()) for line in body[1:] if line.strip()), default=0)
    laid_out = [body[0]]
    for index, line in enumerate(body[1:], start=1):
        rest = line[indent:].rstrip()
        laid_out.append(prefix + rest if rest or index == len(body) - 1 else "")
    if len(laid_out[-1]) + len(_QUOTES) > LINE_LENGTH and len(prefix) + len(_QUOTES) <= LINE_LENGTH:
        laid_out.append(prefix + _QUOTES)
    else:
        laid_out[-1] += _QUOTES
    return laid_out


def needs_black(text: str) -> bool:
    """Whether a line of code in `text` is too long: only black knows how it splits."""
    return bool(unsettled_statements(text))


# A line at the margin that goes on the statement before it, rather than starting one.
_CONTINUATIONS = ("else:", "elif ", "except", "finally:", ")", "]", "}", "#", " ", "\t")


def unsettled_statements(text: str) -> list[tuple[int, int]]:
    """The lines `[first, last)` of each top-level statement of `text` that holds a line of code
    too long: what black still has to lay out. black lays out a statement the same alone as
    among the others, so only these need it."""
    lines = text.split("\n")
    spans = _triple_quoted(lines)
    in_strings = {index for span in spans for index in range(span.first, span.last + 1)}
    too_long = [
        index for index, line in enumerate(lines) if _too_long(line) and index not in in_strings
    ]
    if not too_long:
        return []
    within = {index for span in spans for index in range(span.first + 1, span.last + 1)}
    starts: list[int] = []
    decorated = False  # a decorator and what it decorates are one statement
    for index, line in enumerate(lines):
        if not line or index in within or line.startswith(_CONTINUATIONS):
            continue
        if not decorated:
            starts.append(index)
        decorated = line.startswith("@")
    statements: list[tuple[int, int]] = []
    for index in too_long:
        position = bisect.bisect_right(starts, index)
        first = starts[position - 1] if position else 0
        if statements and statements[-1][0] == first:
            continue
        last = starts[position] if position < len(starts) else len(lines)
        # Blank lines and comments before the next statement are left as they are.
        while last > index + 1 and (not lines[last - 1].strip() or lines[last - 1][0] == "#"):
            last -= 1
        statements.append((first, last))
    return statements
