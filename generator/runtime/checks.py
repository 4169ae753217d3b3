"""What every generated validator shares: the check functions of unconstrained kinds, the
factories of strings', enums' and operations' checks, the `Issues` a check adds to, and the
messages.

A check takes the value, the path of its parent (`prefix`) and its own part of the path
(`name`: `"maxResults"`, `"[0]"`), and appends what it finds to `issues`; the path is joined only
when there is something to report. Each message is built by one function, called only when a
rule is broken, so a valid request pays nothing for the text.
"""

from __future__ import annotations

import base64
import re
import sys
from collections.abc import Callable, Mapping
from types import FunctionType
from typing import ClassVar, Final, Protocol

from .errors import RequestValidationError, Rule, ValidationIssue, new_issue


class Issues(list[ValidationIssue]):
    """Where a check adds what it finds, and what it checks by (class attributes, so that a
    check takes no flags and creating one sets none): the issues of a request, which checks
    enum values (`strict_enums`) and reads blobs as boto3 takes them."""

    __slots__ = ()
    strict_enums: ClassVar[bool] = True
    # blobs as the wire sends them, sparse nulls allowed, naive datetimes refused
    response: ClassVar[bool] = False


class LenientIssues(Issues):
    """A request's, which lets enum values newer than the spec through."""

    __slots__ = ()
    strict_enums = False


class ResponseIssues(Issues):
    """A response's, checked strictly."""

    __slots__ = ()
    response = True


Check = Callable[[object, str, str, Issues], None]
"""A check function of a shape: value, prefix, name, issues."""
# Members boto3 adds to every response; they are not part of the contract.
BOTO3_RESPONSE_EXTRAS: Final = frozenset({"ResponseMetadata"})

_ENCODING_PROBLEM: Final = "{} holds a lone surrogate, which UTF-8 cannot encode"
# The size `blob_size` gives text that UTF-8 cannot encode.
UNENCODABLE: Final = -1
# What botocore lets a member of the host prefix hold (`HOST_PREFIX_RE`), one or more of them.
HOST_LABEL_CHARACTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."


def is_host_label(text: str) -> bool:
    """Whether `text` may stand in a host prefix: nothing is left once its characters are
    stripped from both ends."""
    return bool(text) and not text.strip(HOST_LABEL_CHARACTERS)


def show(value: object) -> str:
    """A short, printable form of an offending value for messages."""
    try:
        text = ascii(value) if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    except Exception:  # nested too deeply to print, or a __repr__ that fails
        text = f"{type(value).__name__} (unprintable)"
    return text if len(text) <= 80 else text[:77] + "..."


def config_entries(
    name: str, config: object, keys: tuple[str, ...], issues: list[ValidationIssue]
) -> Mapping[str, object]:
    """The entries of a `PaginationConfig` or `WaiterConfig` (None: none), with an issue for a
    value that is not a mapping (then no entries) and for each key not in `keys`."""
    if config is None:
        return {}
    if not isinstance(config, Mapping):
        issues.append(
            ValidationIssue(
                name, "type", f"{name}: expected a mapping, got {type(config).__name__}"
            )
        )
        return {}
    for key in config:
        if key not in keys:
            issues.append(
                ValidationIssue(
                    f"{name}.{key}", "unknown", f"{name}.{key}: not one of {', '.join(keys)}"
                )
            )
    return config


def unencodable(text: str) -> bool:
    """Whether UTF-8 cannot encode `text` (it holds a lone surrogate): boto3 could not send it."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def blob_size(value: object, response: bool) -> int | None:
    """The size in bytes of a blob, or None when it is none: bytes and bytearray, or text, which
    is UTF-8 in a request (boto3 encodes it; `UNENCODABLE` if it cannot) and base64 in a
    response (the wire form)."""
    if isinstance(value, bytes | bytearray):
        return len(value)
    if not isinstance(value, str):
        return None
    if not response:
        return UNENCODABLE if unencodable(value) else len(value.encode())
    try:
        return len(base64.b64decode(value, validate=True))
    except ValueError:  # not base64
        return None


def json_problem(value: object) -> tuple[Rule, str] | None:
    """The rule `value` breaks as a JSON value and why, or None: finite numbers, string keys,
    no cycles, text UTF-8 can encode."""
    open_containers: set[int] = set()
    pending: list[tuple[object, bool]] = [(value, False)]
    while pending:
        item, leaving = pending.pop()
        if leaving:
            open_containers.discard(id(item))
        elif isinstance(item, str):
            if not item.isascii() and unencodable(item):
                return "encoding", _ENCODING_PROBLEM.format(show(item))
        elif item is None or isinstance(item, bool | int):
            continue
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return "type", f"{item!r} is not a JSON number"
        elif isinstance(item, list | dict):
            if id(item) in open_containers:
                return "type", "a document cannot contain itself"
            open_containers.add(id(item))
            pending.append((item, True))
            if isinstance(item, list):
                pending.extend((member, False) for member in item)
                continue
            for key, member in item.items():
                if not isinstance(key, str):
                    return "type", f"document keys must be strings, not {type(key).__name__}"
                pending.append((key, False))
                pending.append((member, False))
        else:
            return "type", f"{show(item)} is not a JSON value"
    return None


# The messages, one per rule. `path` is where the value is; the message starts with it.


def wrong_type(path: str, expected: str, value: object) -> ValidationIssue:
    return new_issue(path, "type", f"{path}: expected {expected}, got {show(value)}")


def encoding(path: str, text: object) -> ValidationIssue:
    return new_issue(path, "encoding", f"{path}: {_ENCODING_PROBLEM.format(show(text))}")


def too_short(path: str, length: int, minimum: int) -> ValidationIssue:
    return new_issue(
        path, "length", f"{path}: length {length} is less than the minimum length {minimum}"
    )


def too_long(path: str, length: int, maximum: int) -> ValidationIssue:
    return new_issue(
        path, "length", f"{path}: length {length} is greater than the maximum length {maximum}"
    )


def no_match(path: str, value: object, pattern: str) -> ValidationIssue:
    return new_issue(
        path, "pattern", f"{path}: {show(value)} does not match the pattern {pattern!r}"
    )


def not_in_enum(path: str, value: object, expected: str) -> ValidationIssue:
    return new_issue(path, "enum", f"{path}: {show(value)} is not one of {expected}")


def below_minimum(path: str, value: float, minimum: float) -> ValidationIssue:
    return new_issue(path, "min", f"{path}: {value} is less than the minimum {minimum}")


def above_maximum(path: str, value: float, maximum: float) -> ValidationIssue:
    return new_issue(path, "max", f"{path}: {value} is greater than the maximum {maximum}")


def too_small(path: str, size: int, minimum: int) -> ValidationIssue:
    """A blob of fewer bytes than the minimum length."""
    return new_issue(
        path, "length", f"{path}: {size} bytes is less than the minimum length {minimum}"
    )


def too_large(path: str, size: int, maximum: int) -> ValidationIssue:
    """A blob of more bytes than the maximum length."""
    return new_issue(
        path, "length", f"{path}: {size} bytes is greater than the maximum length {maximum}"
    )


def too_few(path: str, count: int, unit: str, minimum: int) -> ValidationIssue:
    """A list (`unit` "items") or map ("entries") smaller than its minimum."""
    return new_issue(path, "length", f"{path}: {count} {unit} is less than the minimum {minimum}")


def too_many(path: str, count: int, unit: str, maximum: int) -> ValidationIssue:
    """A list (`unit` "items") or map ("entries") larger than its maximum."""
    return new_issue(
        path, "length", f"{path}: {count} {unit} is greater than the maximum {maximum}"
    )


def not_json(path: str, problem: tuple[Rule, str]) -> ValidationIssue:
    """A document that is not a JSON value; `problem` is what `json_problem` found."""
    return new_issue(path, problem[0], f"{path}: {problem[1]}")


def not_a_timestamp(path: str, value: object) -> ValidationIssue:
    return new_issue(
        path,
        "timestamp",
        f"{path}: {show(value)} is not a timestamp: expected an aware datetime, ISO-8601 text "
        "with a zone, or epoch seconds",
    )


def no_time_zone(path: str, value: object) -> ValidationIssue:
    return new_issue(path, "timestamp", f"{path}: {show(value)} has no time zone")


def not_a_host_label(path: str, value: object) -> ValidationIssue:
    return new_issue(
        path,
        "host_label",
        f"{path}: {show(value)} is not a host label: one or more ASCII letters, digits, '-'"
        " and '.'",
    )


def missing(path: str) -> ValidationIssue:
    return new_issue(path, "required", f"{path}: required member is missing")


def unknown(path: str, valid: str) -> ValidationIssue:
    """A member the structure does not have; `valid` lists the ones it has."""
    return new_issue(path, "unknown", f"{path}: unknown parameter; valid parameters are: {valid}")


MEMBER_SEPARATOR: Final = ", "


def members(names: str) -> frozenset[str]:
    """The member names of a structure, from the text that lists them (`"a, b"`) in messages."""
    return frozenset(names.split(MEMBER_SEPARATOR))


def unknown_members(
    value: Mapping[str, object],
    prefix: str,
    issues: Issues,
    valid: str,
    names: frozenset[str] | None = None,
) -> None:
    """Adds an issue for each member of `value` that is not one of `names`, which `valid` lists
    (the names it splits into, unless given)."""
    known = members(valid) if names is None else names
    issues.extend(unknown(f"{prefix}{key}", valid) for key in value if key not in known)


def no_input(path: str) -> ValidationIssue:
    """A member in the request of an operation without input."""
    return new_issue(path, "unknown", f"{path}: unknown parameter; this operation has no input")


def no_output(path: str) -> ValidationIssue:
    """A member in the response of an operation without output."""
    return new_issue(path, "unknown", f"{path}: unknown member; this operation has no output")


def not_one_member(path: str, chosen: int) -> ValidationIssue:
    """A union with no member or several set."""
    return new_issue(path, "union", f"{path}: exactly one member must be set, not {chosen}")


def not_a_request(value: object) -> ValidationIssue:
    return new_issue("", "type", f"request: expected a dict of parameters, got {show(value)}")


def not_a_response(value: object) -> ValidationIssue:
    return new_issue("", "type", f"response: expected a dict, got {show(value)}")


def string_check(
    low: int = 0,
    high: int | None = None,
    pattern: Callable[[], re.Pattern[str]] | None = None,
    *,
    shown: Callable[[], str] | None = None,
    fullmatch: bool = False,
) -> Check:
    """The check function of a string shape: a string of `low` to `high` characters that the
    regex `pattern` gives matches (by `search`, or `fullmatch`; the regex is read on first use,
    so that it compiles then), encodable. `shown` gives the pattern text a message shows where
    it is not the regex's own."""
    most = sys.maxsize if high is None else high
    compiled: re.Pattern[str] | None = None
    search: Callable[[str], object] | None = None

    def first(value: str) -> object:
        """The first match: reads the regex, which then matches directly."""
        nonlocal compiled, search
        assert pattern is not None
        compiled = pattern()
        search = compiled.fullmatch if fullmatch else compiled.search
        return search(value)

    if pattern is not None:
        search = first

    def check(value: object, prefix: str, name: str, issues: Issues) -> None:
        if not isinstance(value, str):
            issues.append(wrong_type(prefix + name, "a string", value))
            return
        length = len(value)
        if length < low:
            issues.append(too_short(prefix + name, length, low))
        if length > most:
            issues.append(too_long(prefix + name, length, most))
        if search is not None and search(value) is None:
            assert compiled is not None  # `first` read it
            text = shown() if shown is not None else compiled.pattern
            issues.append(no_match(prefix + name, value, text))
        if not value.isascii() and unencodable(value):
            issues.append(encoding(prefix + name, value))

    return check


def enum_check(*values: str) -> Check:
    """The check function of an enum of `values`: a string, one of them unless the issues let
    values newer than the spec through (`strict_enums`), encodable (so even then)."""
    allowed = frozenset(values)
    expected = ", ".join(map(repr, values))

    def check(value: object, prefix: str, name: str, issues: Issues) -> None:
        if not isinstance(value, str):
            issues.append(wrong_type(prefix + name, "a string", value))
        elif value not in allowed:
            if issues.strict_enums:
                issues.append(not_in_enum(prefix + name, value, expected))
            if not value.isascii() and unencodable(value):
                issues.append(encoding(prefix + name, value))

    return check


class RequestValidator(Protocol):
    """A service's `validate_<operation>_request` (see `request_validator`)."""

    def __call__(self, params: Mapping[str, object], *, strict_enums: bool = True) -> None: ...


def request_validator(operation: str, check: Check | None) -> RequestValidator:
    """The `validate_<operation>_request` of `operation` (an API name), whose input structure's
    check is `check` (None: the operation has no input). It raises `RequestValidationError` with
    every issue of the keyword arguments of the boto3 method; with `strict_enums=False`, enum
    values newer than the spec are let through."""

    def validate(params: Mapping[str, object], *, strict_enums: bool = True) -> None:
        issues = Issues() if strict_enums else LenientIssues()
        if not isinstance(params, dict):
            issues.append(not_a_request(params))
        elif check is None:
            issues.extend(no_input(f"{key}") for key in params)
        else:
            try:
                check(params, "", "", issues)
            except RecursionError:
                issues.append(too_deep("request"))
        if issues:
            raise RequestValidationError(operation, issues)

    validate.__doc__ = f"Raises `RequestValidationError` with every issue of a {operation} request."
    return validate


def response_checker(check: Check | None) -> Callable[[object], list[ValidationIssue]]:
    """A service's `check_<operation>_response`, by the check of the operation's output
    structure (None: the operation has no output): see `response_issues`."""

    def check_response(data: object) -> list[ValidationIssue]:
        """Every way a response breaks the spec (strictly, unlike `from_dict`)."""
        return response_issues(check, data)

    return check_response


def name_built(namespace: dict[str, object]) -> None:
    """Names each function the factories here built that a module's `namespace` binds (its
    `globals()`) after that binding, in that module, as a `def` would be named: so that it
    pickles (by reference) and reprs and tracebacks name it."""
    module = namespace["__name__"]
    for name, value in namespace.items():
        if isinstance(value, FunctionType) and value.__module__ == __name__:
            value.__name__ = value.__qualname__ = name
            value.__module__ = str(module)


def response_issues(check: Check | None, data: object) -> Issues:
    """Every way `data`, a response as boto3 returns it, breaks the spec (strictly: every enum
    value), by the check of the operation's output structure (None: the operation has no
    output)."""
    issues = ResponseIssues()
    if not isinstance(data, dict):
        issues.append(not_a_response(data))
    elif check is None:
        issues.extend(no_output(f"{key}") for key in data if key not in BOTO3_RESPONSE_EXTRAS)
    else:
        body = {key: value for key, value in data.items() if key not in BOTO3_RESPONSE_EXTRAS}
        try:
            check(body, "", "", issues)
        except RecursionError:
            issues.append(too_deep("response"))
    return issues


def too_deep(what: str) -> ValidationIssue:
    """A request or response (`what`) nested deeper than Python's recursion limit."""
    return new_issue("", "type", f"{what}: nested too deeply to check")


# The checks of kinds without constraints that are more than a type check (a plain string also
# needs its encoding checked): every shape of the kind shares one. Booleans and timestamps are
# checked where they are used (see templates/service/validators.py.jinja).
check_string: Final = string_check()


def check_float(value: object, prefix: str, name: str, issues: Issues) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        issues.append(wrong_type(prefix + name, "a number", value))


def check_blob(value: object, prefix: str, name: str, issues: Issues) -> None:
    size = blob_size(value, issues.response)
    if size == UNENCODABLE:
        issues.append(encoding(prefix + name, value))
    elif size is None:
        issues.append(wrong_type(prefix + name, "bytes, bytearray or text", value))


def check_document(value: object, prefix: str, name: str, issues: Issues) -> None:
    problem = json_problem(value)
    if problem is not None:
        issues.append(not_json(prefix + name, problem))
