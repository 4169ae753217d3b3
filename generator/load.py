"""Stage 1: YAML text to plain data, keeping the line and column of every node.

The loader composes PyYAML nodes and builds the data itself, so that nothing but the core
scalars (decimal integers, decimal fractions, true/false, null) ever becomes anything but a
string, and so that
duplicate keys, aliases, merge keys and foreign tags are reported instead of obeyed.

Where PyYAML has libyaml, libyaml composes the nodes (five times faster than PyYAML's own
scanner, most of the time of a run that finds nothing to do). Any text it refuses, and any text
with an alias (which it composes into a shared node, without the alias's position), is loaded
again by PyYAML's Python loader, so that every problem is reported exactly as that loader finds it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from generator.diagnostics import Diagnostic, SourcePosition, SpecError

PathKey = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
# A decimal fraction with a point, as PyYAML writes a float (`0.001`, `1.0e-07`); `1e3`, `.5`,
# `.inf` and `.nan` stay text.
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_PLAIN_STR = "tag:yaml.org,2002:str"


# The tag of a plain (unquoted, untagged) scalar, which `_scalar` resolves itself.
_PLAIN = "tag:aws-ml-contracts,2026:plain"


class _Resolver(BaseResolver):
    """Marks plain scalars for `_scalar`; quoted ones are strings, as in YAML."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return resolved


class _Composer(Composer):
    """Refuses aliases as they are met, so an alias bomb never expands."""

    alias_positions: list[SourcePosition]

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        parser: Parser = self  # type: ignore[assignment]  # the loader mixes both in
        if parser.check_event(AliasEvent):
            event = parser.get_event()  # type: ignore[no-untyped-call]
            self.alias_positions.append(_position(event.start_mark))
            return ScalarNode(_PLAIN_STR, "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


class _Loader(Reader, Scanner, Parser, _Composer, _Resolver):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Resolver.__init__(self)
        self.alias_positions = []


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _LibyamlLoader(CParser, _Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Resolver.__init__(self)


def _for_libyaml(text: str) -> bool:
    """False for text with a character libyaml reads otherwise than PyYAML's scanner: a tab, or
    a byte order mark past the start (the tests set the two loaders against each other)."""
    return "\t" not in text and "\ufeff" not in text[1:]


class _SharedNode(Exception):
    """libyaml composed an alias: the same node stands at two places."""


def _position(mark: Any) -> SourcePosition:
    return SourcePosition(line=mark.line + 1, column=mark.column + 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedSpec:
    """A spec's plain data with the source position of every value, keyed by its path."""

    file: str
    data: Any
    positions: dict[PathKey, SourcePosition] = field(repr=False)

    def position(self, path: PathKey) -> SourcePosition:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, SourcePosition(line=1, column=1))

    def key_position(self, path: PathKey) -> SourcePosition:
        """The position of the mapping key that names `path` (falls back to the value)."""
        return self.positions.get((*path, _KEY), self.position(path))

    def diagnostic(self, path: PathKey, message: str, *, at_key: bool = False) -> Diagnostic:
        where = self.key_position(path) if at_key else self.position(path)
        return Diagnostic(file=self.file, position=where, message=message)


# A path element that cannot collide with a real key: marks the position of a key, not a value.
_KEY = "\x00key"


def load_text(text: str, file: str) -> tuple[LoadedSpec, list[Diagnostic]]:
    """Parses `text`; returns the data and every problem found (duplicate keys, aliases, tags).

    Raises SpecError only when the text cannot be parsed as YAML at all.
    """
    if yaml.__with_libyaml__ and _for_libyaml(text):
        loader = _LibyamlLoader(text)
        try:
            root = loader.get_single_node()
            positions: dict[PathKey, SourcePosition] = {}
            problems: list[Diagnostic] = []
            data = None if root is None else _build(root, (), positions, problems, file, set())
            return LoadedSpec(file=file, data=data, positions=positions), problems
        except (yaml.YAMLError, _SharedNode):
            pass
        finally:
            loader.dispose()
    return _load_with_python(text, file)


def _load_with_python(text: str, file: str) -> tuple[LoadedSpec, list[Diagnostic]]:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        # Raised for the first character YAML does not allow, before any mark exists.
        line_start = text.rfind("\n", 0, error.position) + 1
        where = SourcePosition(
            line=text.count("\n", 0, error.position) + 1, column=error.position - line_start + 1
        )
        message = f"character {chr(error.character)!r} is not allowed in YAML"
        raise SpecError([Diagnostic(file=file, position=where, message=message)]) from None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _position(mark) if mark is not None else SourcePosition(line=1, column=1)
        problem = error.problem or "invalid YAML"
        raise SpecError([Diagnostic(file=file, position=where, message=problem)]) from None
    except yaml.YAMLError as error:
        raise SpecError(
            [Diagnostic(file=file, position=SourcePosition(line=1, column=1), message=str(error))]
        ) from None
    finally:
        loader.dispose()
    problems = [
        Diagnostic(file=file, position=where, message="aliases are not allowed in specs")
        for where in loader.alias_positions
    ]
    positions: dict[PathKey, SourcePosition] = {}
    data = None if root is None else _build(root, (), positions, problems, file, None)
    return LoadedSpec(file=file, data=data, positions=positions), problems


def load_file(path: Path, display_name: str | None = None) -> tuple[LoadedSpec, list[Diagnostic]]:
    return load_text(path.read_text(encoding="utf-8"), display_name or str(path))


def _build(
    node: Node,
    path: PathKey,
    positions: dict[PathKey, SourcePosition],
    problems: list[Diagnostic],
    file: str,
    seen: set[int] | None,
) -> Any:
    """The data of `node`; `seen` (the ids of the nodes built so far) when libyaml composed it."""
    _first_sight(node, seen)
    where = _position(node.start_mark)
    positions[path] = where
    if node.tag not in _CORE_TAGS and node.tag != _PLAIN:
        problems.append(
            Diagnostic(file=file, position=where, message=f"tag {node.tag} is not allowed")
        )
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, where, problems, file)
    if isinstance(node, SequenceNode):
        return [
            _build(item, (*path, index), positions, problems, file, seen)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        return _mapping(node, path, positions, problems, file, seen)
    raise AssertionError(f"unknown YAML node {node!r}")


def _first_sight(node: Node, seen: set[int] | None) -> None:
    if seen is not None:
        if id(node) in seen:
            raise _SharedNode
        seen.add(id(node))


def _mapping(
    node: MappingNode,
    path: PathKey,
    positions: dict[PathKey, SourcePosition],
    problems: list[Diagnostic],
    file: str,
    seen: set[int] | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        _first_sight(key_node, seen)
        key_where = _position(key_node.start_mark)
        if key_node.tag == "tag:yaml.org,2002:merge" or (
            # A plain scalar: style None from PyYAML, "" from libyaml.
            isinstance(key_node, ScalarNode)
            and key_node.value == "<<"
            and not key_node.style
        ):
            problems.append(
                Diagnostic(file=file, position=key_where, message="merge keys (<<) are not allowed")
            )
            continue
        if not isinstance(key_node, ScalarNode):
            problems.append(
                Diagnostic(file=file, position=key_where, message="mapping keys must be scalars")
            )
            continue
        key = key_node.value
        if key in result:
            first = positions[(*path, key, _KEY)]
            problems.append(
                Diagnostic(
                    file=file,
                    position=key_where,
                    message=f"duplicate key {key!r} (first defined at line {first.line})",
                )
            )
            continue
        positions[(*path, key, _KEY)] = key_where
        result[key] = _build(value_node, (*path, key), positions, problems, file, seen)
    return result


def _scalar(node: ScalarNode, where: SourcePosition, problems: list[Diagnostic], file: str) -> Any:
    text = node.value
    tag = _implicit_tag(text) if node.tag == _PLAIN else node.tag
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:int" and _INT.fullmatch(text):
        return int(text)
    if tag == "tag:yaml.org,2002:float" and _FLOAT.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            return number
        problems.append(Diagnostic(file=file, position=where, message=f"{text} overflows a float"))
        return None
    if tag == "tag:yaml.org,2002:bool" and text in ("true", "false"):
        return text == "true"
    if tag == "tag:yaml.org,2002:null" and text in ("null", "~", ""):
        return None
    problems.append(Diagnostic(file=file, position=where, message=f"{text!r} is not a valid {tag}"))
    return None


def _implicit_tag(text: str) -> str:
    if _INT.fullmatch(text):
        return "tag:yaml.org,2002:int"
    if _FLOAT.fullmatch(text):
        return "tag:yaml.org,2002:float"
    if text in ("true", "false"):
        return "tag:yaml.org,2002:bool"
    if text in ("null", "~", ""):
        return "tag:yaml.org,2002:null"
    return _PLAIN_STR
