"""Source text for spec literals: the only way spec text enters generated code.

Plain values go through `literal()`: `repr()` with every non-ASCII character escaped (Python's
`ascii()`), so that no reader, editor or linter meets a character that looks like another
(a right quotation mark for `'`, an en dash for `-`) and the source stays ASCII; strings take the
quotes black settles on, so that black has nothing to change. Docstrings need more: black re-indents them and strips
trailing whitespace, and readers see them through `inspect.cleandoc`. Documentation is therefore
normalized with `inspect.cleandoc` once (`clean_documentation`), and `docstring_literal` escapes
every character black would touch or that could end the literal or the line, so that
`inspect.getdoc` of the formatted code gives back exactly the normalized text.
"""

from __future__ import annotations

import inspect

# Characters Python or editors treat as line breaks; a comment or string must never hold one.
_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def literal(value: object) -> str:
    """Source text of a literal value (str, bytes, int, float, bool, None, or tuples, lists and
    dicts of them): ASCII, in black's quotes."""
    if isinstance(value, str):
        return _string_literal(value)
    if isinstance(value, tuple):
        items = ", ".join(literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return f"[{', '.join(literal(item) for item in value)}]"
    if isinstance(value, bytes):
        text = ascii(value)
        # black's double quotes, where they need no more escapes than the single ones.
        return f'b"{text[2:-1]}"' if text.startswith("b'") and '"' not in text else text
    if isinstance(value, dict):
        return f"{{{', '.join(f'{literal(key)}: {literal(item)}' for key, item in value.items())}}}"
    return ascii(value)


def _string_literal(text: str) -> str:
    """`ascii(text)` in the quotes black prefers: double, unless they need more escapes."""
    if '"' in text and text.count('"') > text.count("'"):
        return ascii(text)
    return '"' + "".join('\\"' if char == '"' else ascii(char)[1:-1] for char in text) + '"'


def clean_documentation(text: str) -> str:
    """The documentation as `inspect.getdoc` will show it: no blank edges, no common indent."""
    return inspect.cleandoc(text)


def _escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def docstring_literal(text: str) -> str:
    """A triple-quoted literal whose `inspect.getdoc` value is `clean_documentation(text)`."""
    escaped_lines = []
    for number, line in enumerate(clean_documentation(text).split("\n")):
        body = []
        for index, char in enumerate(line):
            if char == "\\":
                body.append("\\\\")
            elif char == '"' and (
                index + 1 == len(line) or line[index + 1] == '"' or index == number == 0
            ):
                # Never two quotes in a row, never one after the opener or before the closer;
                # `\x22` rather than `\"` because black pads a docstring that starts or ends in
                # a quote character.
                body.append("\\x22")
            elif char in _LINE_BREAKS or not char.isascii() or not char.isprintable():
                body.append(_escape_char(char))
            else:
                body.append(char)
        # Trailing blanks would be stripped by black; leading ones are indentation and stay.
        end = len(line)
        while end and line[end - 1] == " ":
            end -= 1
            body[end] = "\\x20"
        escaped_lines.append("".join(body))
    return '"""' + "\n".join(escaped_lines) + '"""'
