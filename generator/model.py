"""The intermediate model: what `build` decides and the templates print.

Every Python name, type hint and literal the generated code contains is decided here (or in
`build`, which fills these classes); templates only loop over them. Literals are kept as source
text made with `repr()`, so spec text can never become code.
"""

from __future__ import annotations

import ast
import graphlib
import keyword
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from generator.layout import LINE_LENGTH, call
from generator.runtime.checks import MEMBER_SEPARATOR

if TYPE_CHECKING:
    from generator.xml_wire import XmlWire

PatternMatch = Literal["search", "fullmatch"]

_WORD = re.compile(r"\w+")
# A literal in generated source, as `literals.literal` writes it: its words name nothing.
_STRING_LITERAL = re.compile(r"""b?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def module_level_names(source: str, *, imports: bool = True) -> frozenset[str]:
    """Every name a Python module binds at its top level: definitions, assignments and (unless
    `imports` is false) imports."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import | ast.ImportFrom) and imports:
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return frozenset(names)


_DRAWING = (Path(__file__).parent / "runtime" / "drawing.py").read_text(encoding="utf-8")
DRAWING_NAMES = frozenset(
    name for name in module_level_names(_DRAWING, imports=False) if not name.startswith("_")
)
"""What the runtime's `drawing` module gives strategies.py."""

# The range of each integer kind's type, which closes a spec's range that leaves a side open.
INTEGER_WIDTH: dict[str, tuple[int, int]] = {
    "integer": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}


# The type hints of dataclass fields, by kind: scalars, and the forms of enums, lists and maps.
SCALAR_TYPE_HINTS: dict[str, str] = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "timestamp": "datetime",
    "blob": "bytes",
    "document": "JsonValue",
}
ENUM_TYPE_HINT = "{} | str"  # unknown enum values are kept as text (Smithy: accept new values)
LIST_TYPE_HINT = "tuple[{}, ...]"
MAP_TYPE_HINT = "Mapping[str, {}]"

TimestampFormat = Literal["iso8601", "unixTimestamp", "rfc822"]
# The method of the runtime's `timestamps.WireForms` that writes each format.
WIRE_FORMS: dict[str, str] = {
    "iso8601": "iso8601",
    "unixTimestamp": "unix_timestamp",
    "rfc822": "rfc822",
}

Presence = Literal["required", "optional", "item"]
"""How a value's parse treats None: a missing member, an unset one, or (a list's or a map's
item) a value of the wrong type."""


def _helper(function: str, value: str, path: str, presence: Presence) -> str:
    """A call of one of the runtime's parse helpers (generator/runtime/parsing.py)."""
    flag = ", True" if presence == "required" else ""
    return f"{function}({value}, {path}{flag})"


def _kept(test: str, value: str, presence: Presence, otherwise: str) -> str:
    """`value` where `test` says it is already what the field holds (or an unset optional
    member), else `otherwise`: a helper's call, which converts it or raises."""
    if presence == "optional":
        test = f"{test} or {value} is None"
    return f"{value} if {test} else {otherwise}"


def _converting(call: str, value: str, presence: Presence) -> str:
    """A helper's call that every value goes through but an unset optional member's."""
    return f"None if {value} is None else {call}" if presence == "optional" else call


class _Expressed:
    """A kind whose parse is one expression (`parsed`): the parse statement assigns it."""

    __slots__ = ()
    # What models.py imports from the runtime's parsing module where it writes a value of the
    # kind, and where it names its type (each kind's PARSING_NAMES: where it parses one).
    DUMP_NAMES: ClassVar[frozenset[str]] = frozenset()
    HINT_NAMES: ClassVar[frozenset[str]] = frozenset()

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        """models.py: the field's value of the raw `value`, as an expression."""
        raise NotImplementedError

    def parse(self, value: str, path: str, presence: Presence) -> str:
        """models.py: statements that turn the raw `value` into the field's value, in place."""
        return f"{value} = {self.parsed(value, path, presence)}"

    def sets(self, target: str, raw: str, path: str, presence: Presence) -> str:
        """models.py: statements that set `target` from the expression `raw`."""
        return f"value = {raw}\n{target} = {self.parsed('value', path, presence)}"


class _Converting(_Expressed):
    """A kind whose every value goes through its helper: a required member is one call."""

    __slots__ = ()

    def sets(self, target: str, raw: str, path: str, presence: Presence) -> str:
        if presence == "required":
            return f"{target} = {self.parsed(raw, path, presence)}"
        return _Expressed.sets(self, target, raw, path, presence)


def _nested(function: str, value: str, path: str, presence: Presence) -> str:
    """`value` parsed by the parse function of a structured shape; its errors gain `path`."""
    lines = (
        f"try:\n    {value} = {function}({value})\n"
        f"except ResponseParseError as error:\n    raise error.under({path}) from None"
    )
    if presence == "optional":
        return f"if {value} is not None:\n{_indented(lines, 4)}"
    return lines


def _nested_run(run: Sequence[tuple[Member, _Nested]]) -> str:
    """The `try` that parses a run of members of list, map and structure shapes (see
    `StructureShape.parse_statements`); the handler of a run of one names it by its literal."""
    if len(run) == 1:
        member, shape = run[0]
        body, name = member.nested_parse(shape), member.literal
    else:
        body = "\n".join(f"nested = {m.literal}\n{m.nested_parse(shape)}" for m, shape in run)
        name = "nested"
    return (
        f"try:\n{_indented(body, 4)}\n"
        f"except ResponseParseError as error:\n    raise error.under({name}) from None"
    )


class _Nested:
    """A list, map or structure: parsed by its one parse function, whose errors gain the path."""

    __slots__ = ()
    DUMP_NAMES: ClassVar[frozenset[str]] = frozenset()
    HINT_NAMES: ClassVar[frozenset[str]] = frozenset()
    parse_function: str

    def parse(self, value: str, path: str, presence: Presence) -> str:
        """models.py: statements that turn the raw `value` into the field's value, in place."""
        return _nested(self.parse_function, value, path, presence)


def _sparse_dump(dumped: str, item: str, sparse: bool) -> str:
    """The dump of an item of a list or map, which keeps a sparse one's None as None."""
    return f"None if {item} is None else {dumped}" if sparse and dumped != item else dumped


def _indented(lines: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in lines.split("\n"))


def _wire(expression: str, value: str, on_wire: bool = True) -> str:
    """A dump that differs on the wire (JSON) from boto3's dict; `on_wire`: it may be written
    there (a member beside the body is written to boto3's dict alone)."""
    return f"{expression} if wire else {value}" if on_wire else value


def isort_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names in the order ruff's isort wants them in a `from ... import` of one kind: natural
    (`a2` before `a10`) and case-insensitive."""

    def key(name: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
        parts = re.split(r"(\d+)", name)
        return tuple((1, int(p)) if p.isdigit() else (0, p.lower()) for p in parts if p), name

    return tuple(sorted(names, key=key))


def module_name(snake: str) -> str:
    """The module of `_models` or `_enums` named after a shape's snake-case name."""
    return f"{snake}_" if keyword.iskeyword(snake) else snake


def import_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names of one `from ... import` in ruff's isort order: constants, classes, the rest."""
    listed = set(names)
    constants = {name for name in listed if len(name) > 1 and name.isupper()}
    classes = {name for name in listed - constants if name[:1].isupper()}
    return isort_order(constants) + isort_order(classes) + isort_order(listed - constants - classes)


def integer_range(shape: dict[str, Any]) -> tuple[int, int]:
    """The spec's range of an integer or long, closed by the type's width where it is open."""
    low, high = INTEGER_WIDTH[shape["type"]]
    return max(shape.get("min", low), low), min(shape.get("max", high), high)


def body_key(name: str, member: Mapping[str, Any]) -> str:
    """A member's key in a JSON body: the `location_name` of a member without an HTTP binding
    (botocore's serializers and parsers use it there), else its name."""
    key: str = name if "location" in member else member.get("location_name", name)
    return key


# The HTTP bindings of members that a JSON body does not hold.
OFF_BODY_LOCATIONS = ("uri", "querystring", "header", "headers")
# The location of a response member that holds the HTTP status code, and the statuses of the
# responses boto3 returns (botocore parses any status from 301 up as an error).
STATUS_CODE = "statusCode"
SUCCESS_STATUSES = (200, 299)


def status_code_range(shape: dict[str, Any]) -> tuple[int, int]:
    """The values a statusCode member of the integer `shape` holds in a response boto3 returns:
    the successful HTTP statuses in its range."""
    low, high = integer_range(shape)
    return max(low, SUCCESS_STATUSES[0]), min(high, SUCCESS_STATUSES[1])


class Checked:
    """How validators.py checks a value of a shape (each kind's class sets the ClassVars)."""

    __slots__ = ()
    # A kind whose whole check is a few lines and has no constraints prints them at each use,
    # with this macro of templates/service/validators.py.jinja: a call would cost more.
    INLINE_MACRO: ClassVar[str | None] = None

    def check_imports(self) -> frozenset[str]:
        """What validators.py imports from the runtime's checks for this shape."""
        raise NotImplementedError


class Inlined(Checked):
    """A kind checked where it is used (`INLINE_MACRO`)."""

    __slots__ = ()
    INLINE_MACRO: ClassVar[str]
    INLINE_IMPORTS: ClassVar[frozenset[str]]

    def check_imports(self) -> frozenset[str]:
        return self.INLINE_IMPORTS


class Called(Checked):
    """A kind checked by calling a function.

    A shape with constraints or parts has a check function of its own, which validators.py
    defines with the macro `CHECK_MACRO` names in templates/service/validators.py.jinja, and
    every member of the shape calls; the others share their kind's check in the runtime
    (generator/runtime/checks.py).
    """

    __slots__ = ()
    CHECK_MACRO: ClassVar[str]
    # Its check function is a runtime factory's (`string_check`), one statement, not a `def`.
    CHECK_BUILT: ClassVar[bool] = False
    check_function: str
    check_defined: bool  # validators.py defines `check_function`; else the runtime has it

    def check_imports(self) -> frozenset[str]:
        """What validators.py imports from the runtime's checks for this shape."""
        return self.emitted_imports() if self.check_defined else frozenset({self.check_function})

    def emitted_imports(self) -> frozenset[str]:
        """What the check function `CHECK_MACRO` emits uses from the runtime's checks."""
        raise AssertionError(f"{type(self).__name__} has no check of its own")

    def check_call(self, value: str, prefix: str, name: str, indent: int) -> str:
        """Source of the statement that checks `value` at the path `prefix + name` (sources),
        standing at `indent`."""
        arguments = (value, prefix, name, "issues")
        return call(f"{self.check_function}(", arguments, ")", indent)

    def check_header(self) -> str:
        """The `def` line(s) of the check function."""
        parameters = ("value: object", "prefix: str", "name: str", "issues: Issues")
        return call(f"def {self.check_function}(", parameters, ") -> None:", 0)


def _used(conditional: dict[str, bool], *always: str) -> frozenset[str]:
    return frozenset((*always, *(name for name, used in conditional.items() if used)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Docs:
    """Documentation text, and its safe form for a docstring body."""

    text: str
    docstring: str  # source text of a string literal, or "" when there is no text


@dataclass(frozen=True, slots=True, kw_only=True)
class StringShape(Called, _Expressed):
    name: str
    docs: Docs
    min_length: int | None
    max_length: int | None
    pattern: str | None
    pattern_literal: str | None  # repr() of the pattern for Python's re (see generator/regex.py)
    pattern_constant: str | None  # module-level name of the compiled regex
    # A pattern rewritten for Python (Unicode property escapes) is shown in messages as the spec
    # wrote it: patterns.py then holds the spec's text in this constant.
    pattern_text_constant: str | None
    pattern_text_literal: str | None
    # validators.py: the expression of the pattern text a message shows, where it is not the
    # text of the regex the check matches with (`validator_regex`)
    pattern_shown: str | None
    # Under `search`, the pattern without the trailing items that never decide whether there is
    # a match (generator/regex.py: search_pattern), when that is shorter.
    search_constant: str | None
    search_literal: str | None
    validator_regex: str | None  # what validators.py matches with; None: every string matches
    # strategies.py: a module-level strategy of whole matches and its source (None: the shape's
    # strategy folds its length into the pattern), translated from the pattern
    # (generator/regex.py: matches_strategy) or, where it cannot be, Hypothesis's from_regex:
    # of the compiled pattern (imported from patterns.py) unless its classes hold surrogates.
    matches_constant: str | None
    matches_source: str | None
    matches_import_pattern: bool
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "string"
    CHECK_BUILT: ClassVar[bool] = True
    kind: Literal["string"] = "string"

    def emitted_imports(self) -> frozenset[str]:
        return frozenset({"string_check"})

    def check_arguments(self, pattern_match: PatternMatch) -> tuple[str, ...]:
        """validators.py: the arguments of the shape's `string_check` (sources): its bounds, and
        the regex it matches with, read on first use, with the text a message shows where that
        is not the regex's own (the spec's, or the whole pattern a part of which is searched)."""
        arguments = [repr(self.min_length or 0)]
        if self.max_length is not None or self.validator_regex is not None:
            arguments.append(repr(self.max_length))
        if self.validator_regex is not None:
            arguments.append(f"lambda: patterns.{self.validator_regex}")
            if self.pattern_shown is not None:
                arguments.append(f"shown=lambda: {self.pattern_shown}")
            if pattern_match == "fullmatch":
                arguments.append("fullmatch=True")
        return tuple(arguments)

    PARSING_NAMES: ClassVar = frozenset({"text"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _kept(
            f"type({value}) is str", value, presence, _helper("text", value, path, presence)
        )

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumValue:
    value: str
    literal: str  # repr(value)
    member_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumShape(Called, _Expressed):
    name: str
    class_name: str
    docs: Docs
    values: tuple[EnumValue, ...]
    by_value_constant: str  # module-level dict from value to member, for parsers
    module: str  # the module of the service's `_enums` that defines the class
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "enum"
    CHECK_BUILT: ClassVar[bool] = True
    kind: Literal["enum"] = "enum"

    def emitted_imports(self) -> frozenset[str]:
        return frozenset({"enum_check"})

    PARSING_NAMES: ClassVar = frozenset({"enum_member"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        assert presence != "optional", "an unset member is `sets`'s to skip"
        table = self.by_value_constant
        slow = _helper("enum_member", f"{table}, {value}", path, presence)
        return f"{table}.get({value}, {value}) if type({value}) is str else {slow}"

    def sets(self, target: str, raw: str, path: str, presence: Presence) -> str:
        if presence == "optional":  # tests, not a helper's call, for a text and an unset member
            table = self.by_value_constant
            slow = call("value = enum_member(", (table, "value", path), ")", 8)
            return (
                f"value = {raw}\nif type(value) is str:\n    value = {table}.get(value, value)\n"
                f"elif value is not None:\n{_indented(slow, 4)}\n{target} = value"
            )
        return _Expressed.sets(self, target, raw, path, presence)

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return f"str({value})"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegerShape(Called, _Expressed):
    """`integer` (32-bit) and `long` (64-bit): the range is the spec's within the type's width."""

    name: str
    docs: Docs
    minimum: int
    maximum: int
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "integer"
    kind: Literal["integer"] = "integer"

    def emitted_imports(self) -> frozenset[str]:
        return frozenset({"wrong_type", "below_minimum", "above_maximum"})

    PARSING_NAMES: ClassVar = frozenset({"integer"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _kept(
            f"type({value}) is int", value, presence, _helper("integer", value, path, presence)
        )

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class FloatShape(Called, _Expressed):
    """`float` and `double`: ints and floats, never bools; NaN and infinities pass no range."""

    name: str
    docs: Docs
    minimum: float | None
    maximum: float | None
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "float"
    kind: Literal["float"] = "float"

    def emitted_imports(self) -> frozenset[str]:
        needed = {
            "below_minimum": self.minimum is not None,
            "above_maximum": self.maximum is not None,
        }
        return _used(needed, "wrong_type")

    PARSING_NAMES: ClassVar = frozenset({"number"})
    DUMP_NAMES: ClassVar = frozenset({"wire_float"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _kept(
            f"type({value}) is float", value, presence, _helper("number", value, path, presence)
        )

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return _wire(f"wire_float({value})", value, on_wire)


@dataclass(frozen=True, slots=True, kw_only=True)
class BlobShape(Called, _Converting):
    name: str
    docs: Docs
    min_length: int | None  # in bytes
    max_length: int | None
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "blob"
    kind: Literal["blob"] = "blob"

    def emitted_imports(self) -> frozenset[str]:
        needed = {
            "too_small": self.min_length is not None,
            "too_large": self.max_length is not None,
        }
        return _used(needed, "blob_size", "UNENCODABLE", "encoding", "wrong_type")

    PARSING_NAMES: ClassVar = frozenset({"blob"})
    DUMP_NAMES: ClassVar = frozenset({"wire_blob"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _converting(_helper("blob", value, path, presence), value, presence)

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return _wire(f"wire_blob({value})", value, on_wire)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentShape(Called, _Converting):
    """Any JSON value (Smithy's document type)."""

    name: str
    docs: Docs
    check_function: str
    check_defined: bool
    kind: Literal["document"] = "document"

    PARSING_NAMES: ClassVar = frozenset({"document"})
    HINT_NAMES: ClassVar = frozenset({"JsonValue"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _converting(_helper("document", value, path, presence), value, presence)

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class BooleanShape(Inlined, _Expressed):
    name: str
    docs: Docs
    INLINE_MACRO: ClassVar[str] = "boolean"
    INLINE_IMPORTS: ClassVar[frozenset[str]] = frozenset({"wrong_type"})
    kind: Literal["boolean"] = "boolean"

    PARSING_NAMES: ClassVar = frozenset({"wrong_boolean"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        test = f"{value} is True or {value} is False"
        return _kept(test, value, presence, _helper("wrong_boolean", value, path, presence))

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class TimestampShape(Inlined, _Converting):
    name: str
    docs: Docs
    timestamp_format: TimestampFormat  # on the wire, unless a member says otherwise
    INLINE_MACRO: ClassVar[str] = "timestamp"
    INLINE_IMPORTS: ClassVar[frozenset[str]] = frozenset({"not_a_timestamp", "no_time_zone"})
    kind: Literal["timestamp"] = "timestamp"

    PARSING_NAMES: ClassVar = frozenset({"timestamp"})

    def parsed(self, value: str, path: str, presence: Presence) -> str:
        return _converting(_helper("timestamp", value, path, presence), value, presence)

    def dump(
        self,
        value: str,
        shapes: Mapping[str, Shape],
        depth: int = 1,
        on_wire: bool = True,
        timestamp_format: TimestampFormat | None = None,
    ) -> str:
        method = WIRE_FORMS[timestamp_format or self.timestamp_format]
        return _wire(f"wire.{method}({value})", value, on_wire)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListShape(Called, _Nested):
    name: str
    docs: Docs
    member: str  # shape name
    member_type_hint: str
    sparse: bool  # a response's items may be null (None); a request's may not, as in botocore
    min_items: int | None
    max_items: int | None
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "list"
    parse_function: str  # models.py: the raw value to the tuple
    type_hint: str
    kind: Literal["list"] = "list"

    def emitted_imports(self) -> frozenset[str]:
        needed = {"too_few": self.min_items is not None, "too_many": self.max_items is not None}
        return _used(needed, "wrong_type")

    PARSING_NAMES: ClassVar = frozenset({"sequence"})

    def parse_definition(self, shapes: Mapping[str, Shape]) -> str:
        """models.py: the one parse function of the list, which every member of it calls."""
        presence: Presence = "optional" if self.sparse else "item"
        item = shapes[self.member].parse("item", 'f"[{index}]"', presence)
        return (
            f"def {self.parse_function}(data: object) -> {self.type_hint}:\n"
            "    data = data if type(data) is list else sequence(data)\n"
            f"    items: list[{self.member_type_hint}] = []\n"
            "    for index, item in enumerate(data):\n"
            f"{_indented(item, 8)}\n"
            "        items.append(item)\n"
            "    return tuple(items)"
        )

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        member = shapes[self.member]
        if member.kind in ("string", "integer", "boolean"):
            return f"list({value})"
        item = f"item{depth}"
        return f"[{_sparse_dump(member.dump(item, shapes, depth + 1, on_wire), item, self.sparse)} for {item} in {value}]"


@dataclass(frozen=True, slots=True, kw_only=True)
class MapShape(Called, _Nested):
    """String keys to values; dataclass fields are `Mapping[str, V]`, holding a fresh dict."""

    name: str
    docs: Docs
    key: str  # shape name, a string shape
    value: str  # shape name
    value_type_hint: str
    sparse: bool  # a response's values may be null (None); a request's may not, as in botocore
    min_items: int | None
    max_items: int | None
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "map"
    parse_function: str  # models.py: the raw value to a dict
    kind: Literal["map"] = "map"

    def emitted_imports(self) -> frozenset[str]:
        needed = {"too_few": self.min_items is not None, "too_many": self.max_items is not None}
        return _used(needed, "wrong_type")

    PARSING_NAMES: ClassVar = frozenset({"mapping", "wrong_type"})

    def parse_definition(self, shapes: Mapping[str, Shape]) -> str:
        """models.py: the one parse function of the map, which every member of it calls."""
        presence: Presence = "optional" if self.sparse else "item"
        item = shapes[self.value].parse("item", 'f"[{key!r}]"', presence)
        entries = f"dict[str, {self.value_type_hint}]"
        return (
            f"def {self.parse_function}(data: object) -> {entries}:\n"
            "    data = data if type(data) is dict else mapping(data)\n"
            f"    entries: {entries} = {{}}\n"
            "    for key, item in data.items():\n"
            "        if not isinstance(key, str):\n"
            '            raise wrong_type("", "an object with string keys", key)\n'
            f"{_indented(item, 8)}\n"
            "        entries[key] = item\n"
            "    return entries"
        )

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        item = shapes[self.value]
        if item.kind in ("string", "integer", "boolean", "document"):
            return f"dict({value})"
        key, entry = f"key{depth}", f"item{depth}"
        dumped = _sparse_dump(item.dump(entry, shapes, depth + 1, on_wire), entry, self.sparse)
        return f"{{{key}: {dumped} for {key}, {entry} in {value}.items()}}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    name: str  # wire and boto3 name
    literal: str  # repr(name)
    field_name: str
    shape: str
    required: bool  # for validators, dataclasses and strategies: idempotency tokens never are
    idempotency_token: bool  # boto3 fills it in when the caller leaves it out
    deprecated: bool
    location: str | None
    location_name: str | None
    # repr of the member's key in a JSON body: its `location_name` when that renames a body
    # member, else its name.
    wire_literal: str
    # A timestamp member's format on the wire when it is not its shape's (the member's own, or
    # its location's default); else None.
    timestamp_format: TimestampFormat | None
    docs: Docs
    type_hint: str  # of the dataclass field, without `| None`
    strategy: str  # strategies.py: source of a Hypothesis strategy of valid boto3-shaped values
    # A payload that is a stream: a blob payload ("body") or an event stream ("events"), whose
    # check, parse and dump are the runtime's `streams` module's rather than its shape's.
    stream: Literal["body", "events"] | None = None
    # A string payload: the HTTP body is its text (botocore reads an empty body as "").
    body_text: bool = False
    always_returned: bool = False  # boto3 puts it in every response, though not required
    # The host prefix holds it (validators check it is a host label): its strategy draws host
    # label characters ("drawn") or filters its pattern's or enum's draws ("filtered").
    host_label: Literal["drawn", "filtered"] | None = None
    stream_check: str = ""  # validators.py: the statement that checks `member`
    events_constant: str = ""  # in _models/_event_streams.py: the stream's EventStreamSpec

    @property
    def presence(self) -> Presence:
        return "required" if self.required else "optional"

    @property
    def in_body(self) -> bool:
        """Whether the member travels in a JSON body (to_json writes it), not in the URI, the
        query string or headers."""
        return self.location not in OFF_BODY_LOCATIONS

    @property
    def always_drawn(self) -> bool:
        """strategies.py draws it in every value: it is required, or it is the response's HTTP
        status or an output's string payload, which boto3 puts in every response."""
        return self.required or self.location == STATUS_CODE or self.always_returned

    def parse(self, shape: _Expressed) -> str:
        """models.py: statements that set the field on `instance` from the raw dict `data`."""
        return shape.sets(f"instance.{self.field_name}", self._raw, self.literal, self.presence)

    def nested_parse(self, shape: _Nested) -> str:
        """models.py: the statements of `parse` for a member of a list, map or structure shape,
        inside the `try` whose handler puts the member's name before the path of what the
        shape's parse function raises (`parse_statements`): so a missing one's path is empty."""
        target = f"instance.{self.field_name}"
        parsed = f"{shape.parse_function}(value)"
        if self.required:
            return f'value = {self._raw}\nif value is None:\n    raise missing("")\n{target} = {parsed}'
        one_line = f"{target} = None if value is None else {parsed}"
        if len(one_line) + 8 <= LINE_LENGTH:
            return f"value = {self._raw}\n{one_line}"
        return f"value = {self._raw}\nif value is not None:\n    value = {parsed}\n{target} = value"

    @property
    def _raw(self) -> str:
        """The expression of the member's raw value in `data`."""
        if self.wire_literal != self.literal:
            # from_dict takes boto3's names and from_json the body's; `check` keeps every body
            # key off the structure's other names, so either one names only this member.
            return f"data.get({self.literal}, data.get({self.wire_literal}))"
        return f"data.get({self.literal})"

    @property
    def dump_condition(self) -> str | None:
        """models.py: when the dump function writes the member (None: always). A member beside
        the body is written to boto3's dict only, never to the wire's."""
        conditions = [] if self.in_body else ["wire is None"]
        if not self.required:
            conditions.append(f"value.{self.field_name} is not None")
        return " and ".join(conditions) or None

    @property
    def dump_key(self) -> str:
        """models.py: the key the dump function writes the member under (boto3's or the wire's)."""
        if self.wire_literal == self.literal:
            return self.literal
        return f"{self.literal} if wire is None else {self.wire_literal}"

    def stream_parse(self) -> str:
        """models.py: statements that set the field of a stream member (`stream`)."""
        target = f"instance.{self.field_name}"
        if self.stream == "body":
            function = f"body(value, {self.literal}"
        else:
            function = f"events(value, {self.events_constant}, {self.literal}"
        if self.required:
            return f"value = data.get({self.literal})\n{target} = {function}, True)"
        return (
            f"value = data.get({self.literal})\n{target} = None if value is None else {function})"
        )

    def dump(self, shapes: Mapping[str, Shape]) -> str:
        """models.py: the expression of the field's boto3 or wire value."""
        value = f"value.{self.field_name}"
        if self.stream == "body":
            return _wire(f"body_bytes({value})", value)
        if self.stream == "events":
            return _wire(f"{value}.to_wire(wire)", f"{value}.raw")
        shape = shapes[self.shape]
        if isinstance(shape, TimestampShape):
            return shape.dump(
                value, shapes, on_wire=self.in_body, timestamp_format=self.timestamp_format
            )
        return shape.dump(value, shapes, on_wire=self.in_body)


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorInfo:
    code: str
    code_literal: str
    http_status: int | None  # json errors may have none
    fault: Literal["client", "server"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventKindInfo:
    """`_models/_event_streams.py`: one event member of a stream (the EventKind's fields)."""

    shape: str  # the event's structure
    member_literal: str
    parse_function: str
    dump_function: str
    payload_literal: str | None  # the member of the event that is the message payload
    payload_blob: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class EventStreamInfo:
    """`_models/_event_streams.py`: the EventStreamSpec of an event stream union."""

    constant: str
    events: tuple[EventKindInfo, ...]
    errors: tuple[tuple[str, str], ...]  # (member literal, error code literal)
    # XML payloads (rest-xml): (member literal, literal of the stem of its wire_xml functions)
    xml_stems: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StructureShape(Called, _Nested):
    name: str
    class_name: str
    docs: Docs
    members: tuple[Member, ...]
    error: ErrorInfo | None
    parse_function: str  # models.py: boto3 or wire dict to the dataclass
    dump_function: str  # models.py: the dataclass to a boto3 or wire dict
    strategy_constant: str  # strategies.py: valid boto3-shaped dicts of the structure
    members_constant: str  # validators.py: frozenset of the member names
    names_constant: str  # validators.py: the text that lists them, for "unknown" messages
    members_text: str  # that text (`checks.MEMBER_SEPARATOR` between the names)
    union: bool  # exactly one member is set
    recursive: bool  # holds itself, at some depth: its strategy bounds how deep
    payload: Member | None  # the member that is the whole HTTP body
    check_function: str
    check_defined: bool
    CHECK_MACRO: ClassVar[str] = "structure"
    event_stream: EventStreamInfo | None = None  # the union of an event stream's events
    # strategies.py: how many optional members a draw holds at most, in a structure that
    # reaches very many others (none: as many as Hypothesis draws)
    optional_at_most: int | None = None
    # strategies.py: repr of the (member, list) pairs that share one XML element, drawn as
    # botocore reads that element back; None when no members share one.
    shared_elements_literal: str | None = None
    kind: Literal["structure"] = "structure"

    @property
    def dicts_builder(self) -> str:
        """strategies.py: what builds its dicts from its members' strategies."""
        bounded = self.recursive or self.optional_at_most is not None
        return "nested" if bounded else "st.fixed_dictionaries"

    @property
    def body_form(self) -> Literal["json", "stream", "text"]:
        """What the HTTP body of the wire form is: JSON (of the members, or of a structure or
        document payload), a stream payload's bytes, or a string payload's text."""
        if self.payload is not None and self.payload.stream:
            return "stream"
        return "text" if self.payload is not None and self.payload.body_text else "json"

    @property
    def base_class(self) -> str:
        """The runtime's `structures` class models.py derives it from: the methods it inherits."""
        return "Structure" if self.payload else "JsonStructure"

    @property
    def own_json_forms(self) -> bool:
        """models.py prints its `from_json` (and, with a payload, its `to_json`): the base
        class's read and write the whole structure as its body."""
        return self.payload is not None or self.members_beside_body

    @property
    def members_split(self) -> bool:
        """Whether validators.py makes the members constant from the names text
        (`checks.members`): the names split back out of it."""
        names = [member.name for member in self.members]
        return bool(names) and self.members_text.split(MEMBER_SEPARATOR) == names

    @property
    def members_beside_body(self) -> bool:
        """from_json takes the members that travel beside a JSON body (from the URI, the query
        string, headers; with a payload, the status too), as the stream form does."""
        if self.payload is not None and self.payload.stream:
            return False
        return any(
            not member.in_body or (self.payload is not None and member.location == STATUS_CODE)
            for member in self.members
            if member is not self.payload
        )

    def parse_statements(self, shapes: Mapping[str, Shape]) -> str:
        """models.py: the statements of the parse function that set each field, in member
        order. Each run of members of list, map and structure shapes is parsed in one `try`,
        whose handler puts the name of the member being parsed (`nested`) before the path of
        the error its shape's parse function raises."""
        statements: list[str] = []
        run: list[tuple[Member, _Nested]] = []
        for member in self.members:
            shape = shapes[member.shape]
            if member.stream is None and isinstance(shape, _Nested):
                run.append((member, shape))
                continue
            if run:
                statements.append(_nested_run(run))
                run = []
            if member.stream is not None:
                statements.append(member.stream_parse())
            else:
                assert isinstance(shape, _Expressed)
                statements.append(member.parse(shape))
        if run:
            statements.append(_nested_run(run))
        return "\n".join(statements)

    def emitted_imports(self) -> frozenset[str]:
        host_labels = any(member.host_label is not None for member in self.members)
        needed = {
            "missing": any(member.required for member in self.members),
            "not_one_member": self.union,
            "is_host_label": host_labels,
            "not_a_host_label": host_labels,
        }
        needed["members"] = self.members_split
        return _used(needed, "wrong_type", "unknown_members")

    PARSING_NAMES: ClassVar = frozenset({"mapping"})

    def dump(
        self, value: str, shapes: Mapping[str, Shape], depth: int = 1, on_wire: bool = True
    ) -> str:
        return f"{self.dump_function}({value}, wire)"


Shape = (
    StringShape
    | EnumShape
    | IntegerShape
    | FloatShape
    | BooleanShape
    | TimestampShape
    | BlobShape
    | DocumentShape
    | ListShape
    | MapShape
    | StructureShape
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Paginator:
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]  # member names or paths, one per input token
    limit_key: str | None
    result_keys: tuple[str, ...]  # member names or dotted paths; the first holds the items
    more_results: str | None  # where a response says whether more pages follow
    non_aggregate_keys: tuple[str, ...]  # output members build_full_result takes from page one
    page_size_min: int | None  # the limit key's integer range, which PageSize must respect
    page_size_max: int | None
    page_type: str  # paginators.py: type of a parsed page (the output dataclass)
    item_type: str  # paginators.py: type of a parsed result-key item
    item_parser: str  # paginators.py: source of the function that parses one raw item
    spec_constant: str  # paginators.py: the PaginationSpec of the operation
    function: str  # paginators.py: the sync paginator factory
    async_function: str  # paginators.py: the async paginator factory


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiter:
    """One waiter of the spec's `waiters` section; every text field is a Python literal."""

    name_literal: str
    operation_literal: str
    delay: int
    max_attempts: int
    documentation_literal: str
    acceptors: tuple[str, ...]  # source of each `Acceptor(...)`, in order


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestViolation:
    """A change to a valid request that breaks exactly one rule (see generator/violations.py)."""

    member_literal: str
    rule_literal: str
    value_literal: str  # source of the value; unused when `drop` or `pad_to`
    drop: bool
    pad_to: int | None
    valid_strategy: str  # the member's valid strategy, which `pad_to` pads


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    name: str
    name_literal: str
    python_name: str
    docs: Docs
    http_method: str
    http_uri: str
    http_uri_literal: str
    response_code: int
    input: str | None  # None: the operation has no input (its request is `{}`)
    output: str | None  # None: the operation has no output (its response is `{}`)
    errors: tuple[str, ...]
    paginator: Paginator | None
    validate_function: str  # validators.py: raises RequestValidationError
    violations: tuple[RequestViolation, ...]
    constraints: tuple[str, ...]  # strategies.py: source of each Constraint of the input
    strategies_constant: str  # strategies.py: the OperationStrategies of the operation
    paginator_token_strategy: str  # strategies.py: tuples of output tokens ("" without a paginator)
    paginator_item_strategy: str  # strategies.py: result-key items ("" without a paginator)
    check_response_function: str  # validators.py: returns the issues of a response
    streams_output: bool = False  # the response's payload is a stream (stubs serve one)


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    package: str
    spec_file: str  # as shown in generated headers, relative to the project
    service_id: str
    botocore_name: str  # boto3.client's and the aws CLI's name of the service
    full_name: str
    api_version: str
    protocol: str
    pattern_match: PatternMatch
    botocore_version: str
    source: str
    docs: Docs
    operations: tuple[Operation, ...]
    shapes: tuple[Shape, ...]  # sorted by name
    data_shapes: frozenset[str]  # reachable from operation inputs and outputs (not errors)
    # Some data shape contains itself: validators and parsers recurse as deep as the data, and
    # catch RecursionError to report it like any other problem.
    recursive: bool
    waiters: tuple[Waiter, ...] = ()
    xml: XmlWire | None = None  # a query service's XML and form-field forms
    # awsQueryCompatible: errors may name their query-protocol code (see errors.to_service_error).
    query_compatible: bool = False

    @property
    def shapes_by_name(self) -> dict[str, Shape]:
        return {shape.name: shape for shape in self.shapes}

    @property
    def cbor(self) -> bool:
        """Its bodies are CBOR (smithy-rpc-v2-cbor): models gain `from_cbor`/`to_cbor`, and
        `wire_responses()` draws CBOR."""
        return self.protocol == "smithy-rpc-v2-cbor"

    @property
    def initial_response(self) -> bool:
        """Its response event streams open with an `initial-response` event (awsJson), which
        botocore's parser requires and reads the other members from."""
        return self.protocol == "json"

    @property
    def data_kinds(self) -> frozenset[str]:
        """The kinds of the shapes requests and responses hold."""
        return frozenset(shape.kind for shape in self.shapes if shape.name in self.data_shapes)

    @property
    def has_blobs(self) -> bool:
        return "blob" in self.data_kinds

    @property
    def has_documents(self) -> bool:
        return "document" in self.data_kinds

    @property
    def nested_structures(self) -> bool:
        """Whether a structure (not a union) is drawn by `nesting.nested`: it holds itself, or
        reaches very many others."""
        return any(
            structure.dicts_builder == "nested" and not structure.union
            for structure in self.structures
        )

    @property
    def has_floats(self) -> bool:
        return "float" in self.data_kinds

    @property
    def has_maps(self) -> bool:
        return "map" in self.data_kinds

    @property
    def has_timestamps(self) -> bool:
        return "timestamp" in self.data_kinds

    @property
    def shares_elements(self) -> bool:
        """Whether a structure's members share an XML element (`drawing.one_element`)."""
        return any(structure.shared_elements_literal for structure in self.structures)

    @property
    def filters_host_labels(self) -> bool:
        """Whether strategies.py filters a host label member's draws with `is_host_label`."""
        return any(
            member.host_label == "filtered"
            for structure in self.structures
            for member in structure.members
        )

    @property
    def collections(self) -> tuple[ListShape | MapShape, ...]:
        """The lists and maps of requests and responses: one parse function each in models.py."""
        return tuple(
            shape
            for shape in self.shapes
            if isinstance(shape, ListShape | MapShape) and shape.name in self.data_shapes
        )

    @property
    def model_modules(self) -> tuple[ModelModule, ...]:
        """The modules of `_models`, sorted by name: what `models` loads on first use."""
        return _model_modules(self)

    @property
    def stream_members(self) -> tuple[Member, ...]:
        """Members of data structures that are streams (blob payloads and event streams)."""
        return tuple(
            member for structure in self.structures for member in structure.members if member.stream
        )

    @property
    def stream_kinds(self) -> frozenset[str]:
        return frozenset(str(member.stream) for member in self.stream_members)

    @property
    def stream_check_imports(self) -> tuple[str, ...]:
        """What validators.py imports from the runtime's streams module."""
        kinds = self.stream_kinds
        return tuple(
            name
            for kind, name in (("body", "check_body"), ("events", "check_events"))
            if kind in kinds
        )

    @property
    def event_streams(self) -> tuple[EventStreamInfo, ...]:
        return tuple(
            structure.event_stream for structure in self.structures if structure.event_stream
        )

    @property
    def enums(self) -> tuple[EnumShape, ...]:
        return tuple(shape for shape in self.shapes if isinstance(shape, EnumShape))

    @property
    def enums_by_module(self) -> tuple[EnumShape, ...]:
        """The enums in the order of their modules, which enums.py imports in isort's order
        (`ml_input_channel_status` after `membership_...`, though `MLInput...` sorts first)."""
        order = {
            name: index for index, name in enumerate(isort_order(e.module for e in self.enums))
        }
        return tuple(sorted(self.enums, key=lambda enum: order[enum.module]))

    @property
    def structures(self) -> tuple[StructureShape, ...]:
        """Structures of requests and responses: the ones with dataclasses and validators."""
        return tuple(
            shape
            for shape in self.shapes
            if isinstance(shape, StructureShape) and shape.name in self.data_shapes
        )

    @property
    def errors(self) -> tuple[StructureShape, ...]:
        """Error structures: the ones with exception classes in errors.py."""
        return tuple(
            shape
            for shape in self.shapes
            if isinstance(shape, StructureShape) and shape.error is not None
        )

    @property
    def paginated_operations(self) -> tuple[Operation, ...]:
        return tuple(operation for operation in self.operations if operation.paginator)

    @property
    def streaming_operations(self) -> tuple[Operation, ...]:
        """The operations whose responses stream, which stubs serve (unless paginated)."""
        return tuple(
            operation
            for operation in self.operations
            if operation.streams_output and not operation.paginator
        )

    @property
    def pagination_imports(self) -> tuple[str, ...]:
        """What paginators.py imports from the shared pagination module, in isort order."""
        names = (
            "DEFAULT_MAX_PAGES",
            "AsyncPageCall",
            "AsyncPaginator",
            "PageCall",
            "PaginationSpec",
            "Paginator",
        )
        parsers = {
            operation.paginator.item_parser
            for operation in self.operations
            if operation.paginator is not None
        }
        return (*names, "keep_item") if "keep_item" in parsers else names

    @property
    def patterns(self) -> tuple[StringShape, ...]:
        return tuple(
            shape
            for shape in self.shapes
            if isinstance(shape, StringShape) and shape.pattern and shape.name in self.data_shapes
        )

    @property
    def checked_shapes(self) -> tuple[Shape, ...]:
        """The shapes of requests and responses validators.py defines a check function for."""
        return tuple(
            shape
            for shape in self.shapes
            if isinstance(shape, Called) and shape.check_defined and shape.name in self.data_shapes
        )

    @property
    def builds_checks(self) -> bool:
        """Whether validators.py binds functions the runtime's factories build (the operations'
        entry points, strings' and enums' checks), which `name_built` then names."""
        return bool(self.operations) or any(
            isinstance(shape, Called) and shape.CHECK_BUILT for shape in self.checked_shapes
        )

    @property
    def check_imports(self) -> tuple[str, ...]:
        """What validators.py imports from the runtime's checks, in isort order."""
        needed = {
            "Issues": bool(self.checked_shapes),  # the check functions' `issues` parameter
            "request_validator": bool(self.operations),
            "response_checker": bool(self.operations),
        }
        needed["name_built"] = self.builds_checks
        names = set(_used(needed))
        for shape in self.shapes:
            if shape.name in self.data_shapes:
                names |= shape.check_imports()
        return import_order(names)

    @property
    def checks_patterns(self) -> bool:
        """Whether validators.py reads patterns.py, at call time: a regex compiles on first use."""
        return any(shape.validator_regex for shape in self.patterns)

    @property
    def pattern_matches(self) -> tuple[StringShape, ...]:
        """The pattern shapes strategies.py defines a strategy of whole matches for."""
        return tuple(shape for shape in self.patterns if shape.matches_constant)

    @property
    def matches_aliases(self) -> dict[str, str]:
        """The whole-match strategies that are another's under a second name (`B = A`): many
        shapes share a pattern (every ARN of a kind), and strategies.py defines each once."""
        first: dict[str, str] = {}
        aliases: dict[str, str] = {}
        for shape in self.pattern_matches:
            assert shape.matches_constant is not None
            assert shape.matches_source is not None
            defined = first.setdefault(shape.matches_source, shape.matches_constant)
            if defined != shape.matches_constant:
                aliases[shape.matches_constant] = defined
        return aliases

    @property
    def strategy_pattern_imports(self) -> tuple[str, ...]:
        """What strategies.py imports from patterns.py: regexes left to `from_regex` as they are."""
        return isort_order(
            shape.pattern_constant
            for shape in self.pattern_matches
            if shape.pattern_constant and shape.matches_import_pattern
        )

    @property
    def drawing_imports(self) -> tuple[str, ...]:
        """What strategies.py imports from the runtime's `drawing`: the names its strategy
        sources use, and those its templates print for what the service has."""
        operations = self.operations
        violations = [violation for operation in operations for violation in operation.violations]
        sources = [
            *(shape.matches_source or "" for shape in self.pattern_matches),
            *(member.strategy for structure in self.structures for member in structure.members),
            *(operation.paginator_token_strategy for operation in operations),
            *(operation.paginator_item_strategy for operation in operations),
            *(violation.valid_strategy for violation in violations if violation.pad_to),
        ]
        code = _STRING_LITERAL.sub(" ", " ".join(sources))
        used = set(_WORD.findall(code)) & DRAWING_NAMES
        used |= {"OperationStrategies", "Params", "Violation", "with_violation"}
        structures = {structure.name: structure for structure in self.structures}
        printed = {
            "lazily": bool(self.structures or self.pattern_matches),
            "Constraint": any(operation.constraints for operation in operations),
            "padded": any(violation.pad_to is not None for violation in violations),
            "pages": bool(self.paginated_operations),
            "DrawnForms": self.xml is not None,
            "documents": self.has_documents,
            "one_element": self.shares_elements,
            # strategies.py draws XML bodies itself, and CBOR ones; other bodies are JSON.
            "wire_json": not self.cbor
            and any(
                operation.output
                and not (self.xml and structures[operation.output].body_form == "json")
                for operation in operations
            ),
        }
        used |= {name for name, prints in printed.items() if prints}
        return import_order(used)


SHARED_MODELS = "_collections"
"""The module of `_models` that holds the lists and maps of no structure."""
EVENT_STREAMS = "_event_streams"
"""The module of `_models` that holds the EventStreamSpec of each event stream."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelModule:
    """One module of a service's `_models` package, imported when one of its names is first used.

    It holds a structure, or the structures that contain one another, with the lists and maps
    that end in them; or (`SHARED_MODELS`) the lists and maps that hold no structure; or
    (`EVENT_STREAMS`) the event streams' specs, which name their events' functions. Modules
    import one another's names; as structures that contain one another share a module (and no
    event holds the structure whose stream it is), the imports form no cycle.
    """

    name: str
    structures: tuple[StructureShape, ...]
    collections: tuple[ListShape | MapShape, ...]
    parsing_imports: tuple[str, ...]  # from the runtime's parsing module, in isort order
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (relative module, names), in isort order
    parse_error: bool  # imports ResponseParseError: it parses a nested value
    timestamps: bool  # imports datetime: a type hint names it
    mappings: bool  # imports Mapping: a type hint, or a `members` parameter, names it
    json: bool = False  # imports json: a structure's to_json writes its JSON payload
    wire: bool = False  # imports WIRE: a to_json or to_xml of its own writes wire forms
    xml: frozenset[str] = frozenset()  # the runtime's XML helpers its structures' XML forms use
    streams: tuple[str, ...] = ()  # from the runtime's streams module, in isort order
    structures_imports: tuple[str, ...] = ()  # from the runtime's structures module
    event_streams: tuple[EventStreamInfo, ...] = ()


def _inline(name: str, shapes: Mapping[str, Shape]) -> Iterator[Shape]:
    """The shapes that a value of `name` writes out in place (its type hint, its dump): itself,
    and the items of a list or a map down to the first structure."""
    shape = shapes[name]
    yield shape
    if isinstance(shape, ListShape):
        yield from _inline(shape.member, shapes)
    elif isinstance(shape, MapShape):
        yield from _inline(shape.value, shapes)


def _model_modules(service: Service) -> tuple[ModelModule, ...]:
    shapes = service.shapes_by_name
    structures = {shape.name: shape for shape in service.structures}
    collections = {shape.name: shape for shape in service.collections}
    contained = {
        name: {
            inner.name
            for member in structure.members
            for inner in _inline(member.shape, shapes)
            if isinstance(inner, StructureShape)
        }
        for name, structure in structures.items()
    }
    reach: dict[str, set[str]] = {}
    for name in structures:
        seen: set[str] = set()
        pending = [name]
        while pending:
            for inner in contained[pending.pop()] - seen:
                seen.add(inner)
                pending.append(inner)
        reach[name] = seen
    owner: dict[str, str] = {}
    for name in sorted(structures):  # a structure's module is named after its group's first
        if name not in owner:
            group = {name} | {other for other in reach[name] if name in reach[other]}
            module = module_name(structures[name].parse_function.removeprefix("_parse_"))
            owner.update(dict.fromkeys(group, module))
    operations = service.operations
    roots = {name for o in operations for name in (o.input, o.output) if name is not None}
    homes = _homes(owner, contained, structures, roots)
    owner = {name: homes[module] for name, module in owner.items()}
    for name in collections:
        ends = [inner.name for inner in _inline(name, shapes) if isinstance(inner, StructureShape)]
        owner[name] = owner[ends[0]] if ends else SHARED_MODELS
    names = isort_order(set(owner.values()))
    assert len(names) == len({name.lower() for name in names}), names  # check.py's snake rule
    held: dict[str, tuple[list[StructureShape], list[ListShape | MapShape]]] = {
        name: ([], []) for name in names
    }
    for structure in structures.values():
        held[owner[structure.name]][0].append(structure)
    for collection in collections.values():
        held[owner[collection.name]][1].append(collection)
    modules = tuple(
        _model_module(name, tuple(held[name][0]), tuple(held[name][1]), owner, shapes, service)
        for name in names
    )
    streams = service.event_streams
    if not streams:
        return modules
    functions: dict[str, set[str]] = {}
    for stream in streams:
        for event in stream.events:
            functions.setdefault(f".{owner[event.shape]}", set()).update(
                (event.parse_function, event.dump_function)
            )
    events = ModelModule(
        name=EVENT_STREAMS,
        structures=(),
        collections=(),
        parsing_imports=(),
        imports=tuple(
            (module, import_order(functions[module])) for module in isort_order(functions)
        ),
        parse_error=False,
        timestamps=False,
        mappings=False,
        streams=("EventKind", "EventStreamSpec"),
        event_streams=streams,
    )
    by_name = {module.name: module for module in (*modules, events)}
    return tuple(by_name[name] for name in isort_order(by_name))


def _homes(
    owner: Mapping[str, str],
    contained: Mapping[str, set[str]],
    structures: Mapping[str, StructureShape],
    roots: Iterable[str],
) -> dict[str, str]:
    """The module each group's module joins: the one module that every group holding it joins,
    if there is one, as whoever loads it has loaded that module anyway (modules import one
    another's names), and the imports between the two go; else its own. The `roots` (the
    operations' requests and responses, which a first use loads alone) keep their own, and so
    do event streams' unions and events, which `_event_streams` imports from."""
    holders: dict[str, set[str]] = {module: set() for module in owner.values()}
    for name, inners in contained.items():
        for inner in inners:
            if owner[inner] != owner[name]:
                holders[owner[inner]].add(owner[name])
    kept = {
        owner[name]
        for shape in structures.values()
        if shape.event_stream is not None
        for name in (shape.name, *(event.shape for event in shape.event_stream.events))
    }
    kept |= {owner[name] for name in roots if name in owner}
    homes: dict[str, str] = {}
    # Holders first; the result does not depend on which order of them.
    for module in graphlib.TopologicalSorter(holders).static_order():
        joined = {homes[holder] for holder in holders[module]}
        homes[module] = joined.pop() if len(joined) == 1 and module not in kept else module
    return homes


def _model_module(
    name: str,
    structures: tuple[StructureShape, ...],
    collections: tuple[ListShape | MapShape, ...],
    owner: Mapping[str, str],
    shapes: Mapping[str, Shape],
    service: Service,
) -> ModelModule:
    members = [member for structure in structures for member in structure.members]
    # A stream member is parsed, dumped and typed by the runtime's streams module, not its shape.
    plain = [member for member in members if member.stream is None]
    parsed = [(shapes[member.shape], member.presence) for member in plain]
    parsed += [
        (shapes[c.member if isinstance(c, ListShape) else c.value], "item") for c in collections
    ]
    written = [shape for m in plain for shape in _inline(m.shape, shapes)]
    hinted = written + [
        shape
        for c in collections
        for shape in _inline(c.member if isinstance(c, ListShape) else c.value, shapes)
    ]
    helpers: set[str] = set().union(*(shape.PARSING_NAMES for shape in (*structures, *collections)))
    if any(s.body_form == "json" and s.own_json_forms for s in structures):
        helpers.add("decode")
    if any(s.body_form == "text" for s in structures):
        helpers.add("decode_text")
    if any(s.members_beside_body and s.payload is None for s in structures):
        helpers.add("with_members")
    # What the template prints of from_json and from_cbor guards recursive data itself.
    if service.recursive and any(s.own_json_forms or service.cbor for s in structures):
        helpers.add("guarded")
    used: set[tuple[str, str]] = set()  # (relative module, name)
    nested = False
    for shape, presence in parsed:
        if isinstance(shape, _Nested):
            nested = True
            used.add((f".{owner[shape.name]}", shape.parse_function))
            if presence == "required":
                helpers.add("missing")
        else:
            helpers |= shape.PARSING_NAMES
            if isinstance(shape, EnumShape):
                used.add((f".._enums.{shape.module}", shape.by_value_constant))
    for shape in written:
        helpers |= shape.DUMP_NAMES
        if isinstance(shape, StructureShape):
            used.add((f".{owner[shape.name]}", shape.dump_function))
    for shape in hinted:
        helpers |= shape.HINT_NAMES
        if isinstance(shape, StructureShape):
            used.add((f".{owner[shape.name]}", shape.class_name))
        elif isinstance(shape, EnumShape):
            used.add((f".._enums.{shape.module}", shape.class_name))
    streams: set[str] = set()
    for member in members:
        if member.stream == "body":
            streams |= {"Readable", "body", "body_bytes"}
        elif member.stream == "events":
            streams |= {"EventStream", "events", "wire_events"}  # a payload: from_json reads it
            used.add((f".{EVENT_STREAMS}", member.events_constant))
            stream = shapes[member.shape]
            assert isinstance(stream, StructureShape)
            assert stream.event_stream is not None
            for event in stream.event_stream.events:
                kind = shapes[event.shape]
                assert isinstance(kind, StructureShape)
                used.add((f".{owner[event.shape]}", kind.class_name))
    imports: dict[str, set[str]] = {}
    for module, imported in used:
        if module != f".{name}":
            imports.setdefault(module, set()).add(imported)
    return ModelModule(
        name=name,
        structures=structures,
        collections=collections,
        parsing_imports=import_order(helpers),
        # ruff's isort: `.._enums` (further) before `.` (closer), then by name.
        imports=tuple((module, import_order(imports[module])) for module in isort_order(imports)),
        parse_error=nested,
        timestamps=any(isinstance(shape, TimestampShape) for shape in hinted),
        mappings=any(isinstance(shape, MapShape) for shape in hinted)
        or any(_takes_members(structure, service.xml) for structure in structures),
        json=any(s.payload is not None and s.body_form == "json" for s in structures),
        wire=any(service.xml is not None or s.payload is not None for s in structures),
        xml=_xml_helpers(service.xml, structures),
        streams=import_order(streams),
        structures_imports=import_order(
            {*(s.base_class for s in structures), "dumps", "parses"} if structures else ()
        ),
    )


def _takes_members(structure: StructureShape, wire: XmlWire | None) -> bool:
    """Whether the structure's from_json or from_xml takes the members beside its body."""
    if (
        structure.payload is not None and structure.payload.stream
    ) or structure.members_beside_body:
        return True
    return wire is not None and not wire.query and structure.body_form == "json"


def _xml_helpers(wire: XmlWire | None, structures: Sequence[StructureShape]) -> frozenset[str]:
    """The names of the runtime's XML helpers the structures' XML forms use (rest-xml writes no
    XML of a stream or string payload, the whole body)."""
    if wire is None:
        return frozenset()
    roots = {
        "root" if wire.query or structure.payload is None else "payload_root"
        for structure in structures
        if wire.query or structure.body_form == "json"
    }
    return frozenset({"document", *roots} if roots else ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Package:
    """The output package: its import name (the last component of `--out`) and its services."""

    name: str
    specs: str  # the specs directory as shared headers name it (its own name, not its path)
    services: tuple[Service, ...]  # sorted by package
    docs: Docs
