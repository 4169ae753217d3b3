"""What black would still do to text that templates print in black's own form.

A settled template (see `render.SETTLED_TEMPLATES`) prints code as black lays it out, literals in
black's quotes (`literals.literal`) and documentation black leaves alone
(`literals.docstring_literal`). Two things depend on the spec's text rather than the template:
where a docstring's closing quotes go, which `settle` decides as black does, and whether a line of
code is too long, which `needs_black` reports, so that black lays out only such files.
tests/test_black_form.py checks that black leaves every settled file unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.layout import LINE_LENGTH

_QUOTES = '"""'
# A line that is one string literal, or a dict entry of two (and a comma): black cannot split
# it, so leaves it long.
_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_STRING_LINE = re.compile(rf"\s*{_STRING}(?:: {_STRING})?,?")
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
    previous: str | None = None  # the last line of code; comments are no statements
    index = 0
    while index < len(lines):
        stripped = lines[index].lstrip()
        if stripped.startswith(_QUOTES):
            last = index
            if len(stripped) < 2 * len(_QUOTES) or not stripped.endswith(_QUOTES):
                last = next(
                    (end for end in range(index + 1, len(lines)) if lines[end].endswith(_QUOTES)),
                    len(lines) - 1,
                )
            first_of_block = previous is None or previous.rstrip().endswith(":")
            plain = not any(_BACKSLASH_NEWLINE.search(line) for line in lines[index:last])
            spans.append(_Span(index, last, first_of_block and plain))
            previous = lines[last]
            index = last + 1
            continue
        if stripped and not stripped.startswith("#"):
            previous = lines[index]
        index += 1
    return spans


def settle(text: str) -> str:
    """`text` with each docstring laid out as black lays it out.

    black indents the lines of a docstring of several lines like its opening quotes (templates
    print them at the margin), and puts the closing quotes on a line of their own when they
    would make the last line too long. A string after other statements is no docstring to
    black, and stays as it is.
    """
    lines = text.split("\n")
    for span in reversed(_triple_quoted(lines)):
        if span.docstring and span.last > span.first:
            opening = lines[span.first]
            prefix = opening[: len(opening) - len(opening.lstrip())]
            body = lines[span.first : span.last + 1]
            body[-1] = body[-1][: -len(_QUOTES)]
            lines[span.first : span.last + 1] = _docstring_lines(body, prefix)
    return "\n".join(lines)


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
    lines = text.split("\n")
    in_strings = {
        index for span in _triple_quoted(lines) for index in range(span.first, span.last + 1)
    }
    return any(
        len(line) > LINE_LENGTH
        and index not in in_strings
        and not line.lstrip().startswith("#")
        and not _STRING_LINE.fullmatch(line)
        for index, line in enumerate(lines)
    )
