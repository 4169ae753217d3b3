"""Conformance checking of any implementation of the operations: a boto3 client for an endpoint
(AWS, moto, a fake service), driven through every operation in four phases, with every way its
answers break the spec reported with a reproducer.

    report = check_client(client, SERVICE, examples=20, seed=1)
    print(report)

or from a shell: `python -m PACKAGE.conformance SERVICE --endpoint-url http://127.0.0.1:5000`, where
PACKAGE is this package (`--help` names it) and SERVICE one of its `SERVICES`.

Phases, run in this order by default (`phases=` / `--phases boundary,negative` choose):

- `boundary`: deterministic cases at and just past each rule of the request, from the spec's
  constraints of its members and of every member, item, key and value they hold: lengths and
  sizes min, max, min-1, max+1; ranges min, max, min-1, max+1; every enum value and one that is
  not; each required member missing; a pattern match and a near miss; each in the smallest valid
  request that holds the place probed. The package's own validator decides whether each case is
  valid: a valid one must be accepted, an invalid one refused.
- `positive`: generated valid requests (`strategies.requests()`), every page checked.
- `negative`: generated invalid requests (`strategies.invalid_requests()`, one rule broken each);
  the implementation must refuse each with an error the operation declares whose HTTP status is
  400 (`ValidationException` or its kin).
- `pagination`: `PageSize` honoured (no page longer than the limit asked), `MaxItems` honoured,
  tokens followed through empty pages, the listing read page by page equal to the same listing
  read in one page, no item lost or repeated.

Invalid requests must reach the implementation, so a botocore client must be made with
`Config(parameter_validation=False)`: given one that validates (asked of the client itself, which
sends nothing), `check_client` refuses to run the boundary and negative phases (`ValueError`)
rather than let botocore hide what the service would accept. The command makes its client so.

Violations have an operation, a phase, a path, a rule, a message, the request and its reproducers
(the boto3 call and the `aws` CLI line). Rules: those of `check_response` for responses
(`required`, `unknown`, `type`, `enum`, `length`, `pattern`, `min`, `max`, `timestamp`, `union`,
`encoding`); for an invalid request the service accepted, the rule it broke; `rejected` (a valid
request refused with a `ValidationException`), `undeclared-error` (an error code the operation
does not declare), `page-size`, `max-items`, `lost-item`, `repeated-item`, `pagination` (a token
cycle or a runaway pagination), `missing-method` and `exception` (anything else the client
raised). Generated failing cases are shrunk by Hypothesis to a minimal one that breaks the same
rule at the same path, then sent once more (`reproduced` says whether it failed again).

A client that cannot reach its service at all (the endpoint does not answer, credentials or the
region are missing) is not a violation of each request: `check_client` raises
`ConformanceSetupError` at the first such failure, and the command prints one line and exits 2.
Exit status: 0 clean, 1 violations, 2 the checks could not run.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import importlib
import itertools
import json
import re
import shlex
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from . import SERVICES
from .errors import (
    ContractError,
    PaginationError,
    RequestValidationError,
    ServiceError,
    ValidationIssue,
    to_service_error,
)
from .expressions import compile_expression
from .operations import ITEM, KEY, VALUE, Operation
from .streams import BytesBody

if TYPE_CHECKING:
    from hypothesis import settings as Settings
    from hypothesis.strategies import SearchStrategy

PHASES: Final = ("boundary", "positive", "negative", "pagination")
"""Every phase, in the order they run."""
_SENDS_INVALID: Final = frozenset(("boundary", "negative"))
# Methods whose requests travel in the URI and headers only, as text.
_BODILESS: Final = frozenset(("GET", "HEAD", "DELETE"))
# Page sizes the pagination phase reads a listing with, and the MaxItems it asks for.
_PAGE_SIZES: Final = (1, 2)
_MAX_ITEMS: Final = 2
_PAGINATION_PAGES: Final = 100
_DEFAULT_LARGEST_PAGE: Final = 1000
# New kinds of violation one generated phase looks for, each a search of `examples` cases.
_MAX_SEARCHES: Final = 8
# Valid requests drawn to find the simplest value of each member, and more to search for one that
# holds a nested member none of those hold.
_EXAMPLE_DRAWS: Final = 100
_HOLDER_DRAWS: Final = 500
# Characters of a reproducer shown in the text report (the JSON report has it whole).
_SHOWN: Final = 300
_NOT_AN_ENUM_VALUE: Final = "NotAnEnumValue"
# A member no operation has, which botocore's validation refuses (`_validates_itself`).
_UNKNOWN_MEMBER: Final = "contractProbe"
_FILLERS: Final = ("a", "0", "A", "-", "_", ".", " ")

# botocore's exceptions that mean no request can reach the service, whatever it would answer;
# recognized by class name so that the package never imports botocore.
_SETUP_ERRORS: Final = frozenset(
    (
        "EndpointConnectionError",
        "ConnectTimeoutError",
        "ProxyConnectionError",
        "SSLError",
        "NoCredentialsError",
        "PartialCredentialsError",
        "CredentialRetrievalError",
        "NoAuthTokenError",
        "TokenRetrievalError",
        "SSOError",
        "NoRegionError",
        "InvalidRegionError",
        "UnknownEndpointError",
        "EndpointResolutionError",
    )
)


class ConformanceSetupError(ContractError):
    """The checks cannot run: a request could not reach the service at all (the endpoint does
    not answer, credentials or the region are missing). `.error` is the client's exception."""

    def __init__(self, operation: str, error: BaseException) -> None:
        self.operation = operation
        self.error = error
        super().__init__(
            f"no request reaches the service ({operation}: {type(error).__name__}: {error})"
        )


def _is_setup_error(error: BaseException) -> bool:
    return any(cls.__name__ in _SETUP_ERRORS for cls in type(error).__mro__)


_FIRST_CAP: Final = re.compile("(.)([A-Z][a-z]+)")
_END_CAP: Final = re.compile("([a-z0-9])([A-Z])")


def _kebab(name: str) -> str:
    """botocore's CLI name of a member or operation: `maxResults` -> `max-results`."""
    return _END_CAP.sub(r"\1-\2", _FIRST_CAP.sub(r"\1-\2", name)).replace("_", "-").lower()


def _encodable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, Mapping):
        return all(_encodable(key) and _encodable(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_encodable(item) for item in value)
    return True


def _cli_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (list, tuple, Mapping)):
        return json.dumps(_to_json(value), separators=(",", ":"))
    return str(value)


def boto3_call(operation: Operation, request: Mapping[str, Any]) -> str:
    """The boto3 call that sends `request`: `client.list_custom_models(maxResults=1001)`."""
    arguments = ", ".join(f"{key}={value!r}" for key, value in request.items())
    return f"client.{operation.python_name}({arguments})"


def cli_line(service: str, operation: Operation, request: Mapping[str, Any]) -> str | None:
    """The `aws` CLI line that sends `request` (`aws bedrock list-custom-models --max-results
    1001`), or None for text UTF-8 cannot encode, which no shell line can hold. `service` is the
    CLI's name of the service (the service module's `BOTOCORE_NAME`: `sagemaker-runtime`)."""
    if not _encodable(request):
        return None
    words = ["aws", service, _kebab(operation.name)]
    for key, value in request.items():
        option = f"--{_kebab(key)}"
        if isinstance(value, bool):
            words.append(option if value else f"--no-{_kebab(key)}")
            continue
        text = _cli_value(value)
        # argparse would read a value starting with "-" as an option.
        words += [f"{option}={text}"] if text.startswith("-") else [option, text]
    return shlex.join(words)


def _to_json(value: Any) -> Any:
    """A request as JSON data: timestamps and blobs tagged, so that `--replay` restores them."""
    if isinstance(value, datetime):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, bytes):
        return {"$blob": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Mapping):
        return {str(key): _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_to_json(item) for item in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {"$timestamp"}:
            return datetime.fromisoformat(value["$timestamp"])
        if value.keys() == {"$blob"}:
            return base64.b64decode(value["$blob"])
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One way an answer of the implementation breaks the spec, with how to reproduce it."""

    operation: str
    phase: str
    path: str
    rule: str
    message: str
    request: dict[str, Any]
    boto3: str
    """The boto3 call that sends the request."""
    cli: str | None
    """The `aws` CLI line that sends it (None: text UTF-8 cannot encode)."""
    reproduced: bool = True
    """False when a shrunk case did not fail again when sent once more."""

    def __str__(self) -> str:
        call = self.boto3 if len(self.boto3) <= _SHOWN else self.boto3[: _SHOWN - 3] + "..."
        return f"{self.operation} [{self.phase}]: {self.message} [{self.rule}] ({call})"

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "phase": self.phase,
            "path": self.path,
            "rule": self.rule,
            "message": self.message,
            "request": _to_json(self.request),
            "boto3": self.boto3,
            "cli": self.cli,
            "reproduced": self.reproduced,
        }


@dataclass(slots=True, kw_only=True)
class Report:
    """What one conformance run did and found."""

    service: str = ""
    phases: tuple[str, ...] = PHASES
    seed: int = 0
    requests: int = 0
    pages: int = 0
    unsent: int = 0
    """Invalid cases the client could not send (botocore could not serialize them)."""
    violations: list[Violation] = field(default_factory=list)
    error_codes: Counter[str] = field(default_factory=Counter)
    """Declared errors the service answered with (not violations), by code."""
    coverage: dict[str, tuple[set[tuple[str, str]], int]] = field(default_factory=dict)
    """By operation: the (path, rule) constraints the run tried, and how many there are."""
    cases: dict[tuple[str, str], float] = field(default_factory=dict)
    """Seconds spent, by (operation, phase) that ran."""

    @property
    def rules(self) -> Counter[str]:
        return Counter(violation.rule for violation in self.violations)

    def __str__(self) -> str:
        lines = [
            f"{self.requests} request(s), {self.pages} page(s), "
            f"{len(self.violations)} violation(s)"
        ]
        lines += [f"  {rule}: {count}" for rule, count in sorted(self.rules.items())]
        lines += [f"  - {violation}" for violation in self.violations[:50]]
        for operation, (exercised, total) in self.coverage.items():
            lines.append(f"coverage {operation}: {len(exercised)}/{total} constraints exercised")
        if self.unsent:
            lines.append(f"invalid cases the client could not send: {self.unsent}")
        if self.error_codes:
            codes = ", ".join(
                f"{code} x{count}" for code, count in sorted(self.error_codes.items())
            )
            lines.append(f"declared errors answered: {codes}")
        # Printed to terminals of any encoding: lone surrogates and the like escaped.
        return "\n".join(lines).encode("utf-8", "backslashreplace").decode("utf-8")

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "phases": list(self.phases),
            "seed": self.seed,
            "requests": self.requests,
            "pages": self.pages,
            "unsent": self.unsent,
            "violations": [violation.to_json() for violation in self.violations],
            "coverage": {
                operation: {"exercised": [list(pair) for pair in sorted(done)], "total": total}
                for operation, (done, total) in self.coverage.items()
            },
            "error_codes": dict(sorted(self.error_codes.items())),
        }

    def to_junit_xml(self) -> str:
        """JUnit XML: a test case per operation and phase run, a failure per violation."""
        suite = ElementTree.Element(
            "testsuite",
            name=f"conformance.{self.service}",
            tests=str(len(self.cases)),
            failures=str(
                sum(
                    any(v.operation == o and v.phase == p for v in self.violations)
                    for o, p in self.cases
                )
            ),
            errors="0",
            time=f"{sum(self.cases.values()):.3f}",
        )
        for (operation, phase), seconds in self.cases.items():
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=f"{self.service}.{operation}",
                name=phase,
                time=f"{seconds:.3f}",
            )
            for violation in self.violations:
                if violation.operation == operation and violation.phase == phase:
                    failure = ElementTree.SubElement(
                        case,
                        "failure",
                        message=_xml_text(f"{violation.path}: {violation.rule}"),
                        type=violation.rule,
                    )
                    failure.text = _xml_text(
                        f"{violation.message}\n{violation.boto3}\n{violation.cli or ''}"
                    )
        root = ElementTree.Element("testsuites")
        root.append(suite)
        ElementTree.indent(root)
        return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# XML 1.0 cannot hold these characters at all, even escaped.
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda found: ascii(found.group())[1:-1], text)


def _service(service: str) -> Any:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    return importlib.import_module(f".{service}", __package__)


def _botocore_name(service: str) -> str:
    """boto3's and the aws CLI's name of one of the package's services."""
    name: str = _service(service).BOTOCORE_NAME
    return name


def _issues(operation: Operation, request: Mapping[str, Any]) -> list[ValidationIssue]:
    """What the contract says is wrong with `request` (nothing: it is valid)."""
    try:
        operation.validate_request(dict(request))
    except RequestValidationError as error:
        return list(error.issues)
    return []


_INDEX: Final = re.compile(r"\[\d+\]")


def _kind(path: str, rule: str) -> tuple[str, str]:
    """What makes two violations the same: the path without list indexes, and the rule."""
    return _INDEX.sub("[]", path), rule


@dataclass(slots=True)
class _Sends:
    """Counts the requests a botocore client sends (its `before-send` event)."""

    count: int = 0

    def __call__(self, **_: Any) -> None:
        self.count += 1


@dataclass(slots=True, kw_only=True)
class _Run:
    """One operation's checks against one client method."""

    service: str
    operation: Operation
    call: Callable[..., Any]
    error_classes: Mapping[str, type[ServiceError]]
    report: Report
    max_pages: int
    sends: _Sends | None = None
    exercised: set[tuple[str, str]] = field(default_factory=set)

    def violation(
        self, phase: str, request: Mapping[str, Any], path: str, rule: str, message: str
    ) -> Violation:
        return Violation(
            operation=self.operation.name,
            phase=phase,
            path=path,
            rule=rule,
            message=message,
            request=dict(request),
            boto3=boto3_call(self.operation, request),
            cli=cli_line(_botocore_name(self.service), self.operation, request),
        )

    def typed(self, error: Exception) -> ServiceError | None:
        if isinstance(error, ServiceError):
            return error
        if _is_setup_error(error):
            raise ConformanceSetupError(self.operation.name, error) from error
        return to_service_error(error, self.error_classes, operation=self.operation.name)

    def valid(self, phase: str, request: Mapping[str, Any], *, paginate: bool) -> list[Violation]:
        """Sends a valid request (following its pages when `paginate`): what is wrong."""
        found: list[Violation] = []
        self.report.requests += 1
        try:
            if paginate and self.operation.paginator is not None:
                listing = self.operation.paginator(self.call).paginate(**request)
                pages: Iterable[Any] = itertools.islice(listing.raw_pages(), self.max_pages)
            else:
                pages = [self.call(**request)]
            for page in pages:
                self.report.pages += 1
                for issue in self.operation.check_response(page):
                    found.append(
                        self.violation(phase, request, issue.path, issue.rule, issue.message)
                    )
        except PaginationError as error:
            found.append(self.violation(phase, request, "", "pagination", str(error)))
        except Exception as error:  # every failure of the implementation is a finding
            failure = self.failure(phase, request, error)
            if failure is not None:
                found.append(failure)
        return found

    def failure(self, phase: str, request: Mapping[str, Any], error: Exception) -> Violation | None:
        """The violation of a valid request that raised `error`; None for a declared error."""
        typed = self.typed(error)
        if typed is None:
            message = f"{type(error).__name__}: {error}"
            return self.violation(phase, request, "", "exception", message)
        if typed.code == "ValidationException":
            message = f"a request the spec allows was rejected: {typed}"
            return self.violation(phase, request, "", "rejected", message)
        if typed.code not in self.operation.errors:
            message = f"{typed.code} is not declared: {typed}"
            return self.violation(phase, request, "", "undeclared-error", message)
        self.report.error_codes[typed.code] += 1
        return None

    def invalid(
        self,
        phase: str,
        request: Mapping[str, Any],
        broken: ValidationIssue,
        constraint: tuple[str, str] | None = None,
    ) -> list[Violation]:
        """Sends a request that breaks `broken`: the implementation must refuse it. Once it
        reached the service, `constraint` (by default `broken`'s path and rule) was exercised."""
        exercised = constraint or (broken.path, broken.rule)
        if broken.rule == "type" and self.operation.http_method in _BODILESS:
            # In the URI, 1 and "1" are the same text: the service cannot see this break.
            self.report.unsent += 1
            return []
        self.report.requests += 1
        sent = None if self.sends is None else self.sends.count
        try:
            self.call(**request)
        except Exception as error:
            typed = self.typed(error)
            if typed is None:
                if self.sends is not None and self.sends.count == sent:
                    # botocore failed to serialize it (a timestamp that is no timestamp, a
                    # member the model lacks): nothing reached the service.
                    self.report.unsent += 1
                    return []
                self.exercised.add(exercised)
                message = f"{type(error).__name__}: {error}"
                return [self.violation(phase, request, broken.path, "exception", message)]
            self.exercised.add(exercised)
            if typed.code not in self.operation.errors:
                message = f"{typed.code} is not declared: {typed}"
                return [self.violation(phase, request, broken.path, "undeclared-error", message)]
            refused = typed.code == "ValidationException" or 400 in (
                typed.http_status,
                getattr(self.error_classes.get(typed.code), "HTTP_STATUS", None),
            )
            if not refused:  # declared, but not a refusal of the request: not judged
                self.report.error_codes[typed.code] += 1
            return []
        self.exercised.add(exercised)
        message = f"the service accepted a request the spec refuses: {broken.message}"
        return [self.violation(phase, request, broken.path, broken.rule, message)]

    def case(
        self,
        phase: str,
        request: Mapping[str, Any],
        meant: tuple[str, str] | None = None,
        constraint: tuple[str, str] | None = None,
    ) -> list[Violation]:
        """Sends `request`, judged by the contract: refused if invalid (by the `meant` path and
        rule where it breaks it, which then exercised `constraint`), accepted if valid."""
        issues = _issues(self.operation, request)
        if issues:
            broken = [issue for issue in issues if (issue.path, issue.rule) == meant]
            if broken:
                return self.invalid(phase, request, broken[0], constraint)
            return self.invalid(phase, request, issues[0])
        return self.valid(phase, request, paginate=False)


def _examples(operation: Operation) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The simplest valid request of `operation` that Hypothesis generates (its required
    members only), and every request drawn; the same every run (derandomized), from
    `strategies.requests()`."""
    key = (operation.module, operation.name)
    if key in _EXAMPLES:
        return _EXAMPLES[key]
    from hypothesis import given

    requests: list[dict[str, Any]] = []

    @_drawing(_EXAMPLE_DRAWS)
    @given(operation.strategies.requests())
    def collect(request: dict[str, Any]) -> None:
        requests.append(_resendable(request))

    collect()
    base = min(requests, key=lambda request: (len(request), _size(request)), default={})
    _EXAMPLES[key] = base, requests
    return base, requests


_EXAMPLES: Final[dict[tuple[str, str], tuple[dict[str, Any], list[dict[str, Any]]]]] = {}


def _resendable(request: dict[str, Any]) -> dict[str, Any]:
    """`request` with a blob payload drawn as a stream held as its bytes, which boto3 sends as
    well (any blob may be bytes). The boundary and pagination phases send a request many times:
    a stream is read by the first send, and botocore sends a seekable one from where it stands
    (0 bytes the second time). A payload is a member of the request itself, never nested."""
    return {
        name: value.getvalue() if isinstance(value, BytesBody) else value
        for name, value in request.items()
    }


def _drawing(draws: int) -> Settings:
    """Hypothesis's settings of `draws` valid requests drawn, the same every run, not shrunk."""
    from hypothesis import HealthCheck, Phase, Verbosity, settings

    return settings(
        database=None,
        derandomize=True,
        max_examples=draws,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )


def _size(value: Any) -> tuple[int, str]:
    text = repr(value)
    return len(text), text


# Where a value is in a request: each step a ("member", name), ("item", index), ("key", key) or
# ("value", key) of the map that holds it.
_Location = tuple[tuple[str, Any], ...]


def _locations(value: Any, steps: Sequence[str]) -> Iterator[_Location]:
    """Every place in `value` that the constraint path `steps` names, in order."""
    if not steps:
        yield ()
        return
    step, rest = steps[0], steps[1:]
    if step == ITEM:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from ((("item", index), *place) for place in _locations(item, rest))
    elif step in (KEY, VALUE):
        if isinstance(value, dict):
            for key, item in value.items():
                if step == KEY:
                    yield (("key", key),)
                else:
                    yield from ((("value", key), *place) for place in _locations(item, rest))
    elif isinstance(value, dict) and step[1:] in value:
        yield from ((("member", step[1:]), *place) for place in _locations(value[step[1:]], rest))


def _at(value: Any, location: _Location) -> Any:
    for kind, key in location:
        value = key if kind == "key" else value[key]
    return value


def _replaced(value: Any, location: _Location, new: Any) -> Any:
    """A copy of `value` with `new` at `location` (a new key, for a key's location), or without
    the member there when `new` is `_ABSENT`; what is off the way is shared, not copied."""
    (kind, key), rest = location[0], location[1:]
    if kind == "item":
        items = list(value)
        items[key] = _replaced(items[key], rest, new) if rest else new
        return items
    if kind == "key":
        return {new if k == key else k: v for k, v in value.items()}
    if not rest and new is _ABSENT:
        return {k: v for k, v in value.items() if k != key}
    return {**value, key: _replaced(value[key], rest, new) if rest else new}


_ABSENT: Final = object()


def _path(location: _Location) -> str:
    """The path of `location` as the validators write it: `filters[0].name`, `tags['a']`."""
    text = ""
    for kind, key in location:
        if kind == "member":
            text = f"{text}.{key}" if text else key
        elif kind == "item":
            text += f"[{key}]"
        elif kind == "value":
            text += f"[{key!r}]"
        else:
            text += f" (key {key!r})"
    return text


def _frame(
    operation: Operation,
    base: dict[str, Any],
    requests: list[dict[str, Any]],
    steps: Sequence[str],
) -> tuple[dict[str, Any], _Location] | None:
    """The smallest valid request that holds the path `steps`, and where: the simplest request
    with the simplest drawn value of the path's member that holds it, and of that value only
    what the path needs (each structure on the way without its other optional members and with
    the simplest drawn value of each one left, each list and map with only the item or entry on
    the way), as far as the request stays valid. None when no request Hypothesis draws holds
    the path (a search of `_HOLDER_DRAWS` more, after the drawn ones; one found is added to
    `requests`)."""
    member = steps[0][1:]
    if len(steps) == 1:
        return dict(base), (("member", member),)
    found = [
        (_size(request[member]), request[member], place)
        for request in requests
        for place in itertools.islice(_locations(request, steps), 1)
    ]
    if not found:
        holder = _holder(operation, steps)
        if holder is None:
            return None
        requests.append(holder)  # the only values seen at that place, to build the cases of
        found = [((0, ""), holder[member], next(_locations(holder, steps)))]
    _, value, location = min(found, key=lambda candidate: candidate[0])
    frame: dict[str, Any] = {**base, member: value}
    for depth in range(1, len(location)):
        kind, key = location[depth]
        way = location[:depth]
        if kind == "member":
            for other in list(_at(frame, way)):
                if other == key:
                    continue
                fewer = {k: v for k, v in _at(frame, way).items() if k != other}
                frame = _if_valid(operation, frame, way, fewer)
                simplest = _simplest(requests, (*steps[:depth], "." + other))
                if other in _at(frame, way) and simplest is not _ABSENT:
                    frame = _if_valid(operation, frame, (*way, ("member", other)), simplest)
            continue
        container = _at(frame, way)
        one = [container[key]] if kind == "item" else {key: container[key]}
        smaller = _if_valid(operation, frame, way, one)
        if smaller is not frame and kind == "item":
            location = (*way, ("item", 0), *location[depth + 1 :])
        frame = smaller
        # The entry on the way at its simplest: the key for a value's place, the value for a key's.
        if kind == "value":
            simplest = _simplest(requests, (*steps[:depth], KEY))
            if simplest is not _ABSENT and simplest not in _at(frame, way):
                renamed = _if_valid(operation, frame, (*way, ("key", key)), simplest)
                if renamed is not frame:
                    frame, location = renamed, (*way, ("value", simplest), *location[depth + 1 :])
        elif kind == "key":
            simplest = _simplest(requests, (*steps[:depth], VALUE))
            if simplest is not _ABSENT:
                frame = _if_valid(operation, frame, (*way, ("value", key)), simplest)
    return frame, location


def _simplest(requests: list[dict[str, Any]], steps: Sequence[str], filled: bool = False) -> Any:
    """The simplest value at the path `steps` in `requests` (`filled`: not an empty list or
    map), or `_ABSENT`."""
    seen = [_at(request, place) for request in requests for place in _locations(request, steps)]
    if filled:
        seen = [value for value in seen if not (isinstance(value, (list, dict)) and not value)]
    return min(seen, key=_size) if seen else _ABSENT


def _holder(operation: Operation, steps: Sequence[str]) -> dict[str, Any] | None:
    """A valid request that holds the path `steps`, searched for (derandomized); None if
    Hypothesis found none in `_HOLDER_DRAWS`."""
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    try:
        found: dict[str, Any] = find(
            operation.strategies.requests(),
            lambda request: any(True for _ in _locations(request, steps)),
            settings=_drawing(_HOLDER_DRAWS),
        )
    except NoSuchExample:
        return None
    return found


def _if_valid(
    operation: Operation, request: dict[str, Any], location: _Location, value: Any
) -> dict[str, Any]:
    """`request` with `value` at `location` if that is a valid request, else `request`."""
    changed: dict[str, Any] = _replaced(request, location, value)
    return request if _issues(operation, changed) else changed


def _sized(value: Any, length: int) -> list[Any]:
    """Candidates of `length` built from a valid `value`, most likely to stay valid first."""
    if isinstance(value, str):
        if length >= len(value):
            return [value + filler * (length - len(value)) for filler in _FILLERS] + [
                filler * length for filler in _FILLERS
            ]
        return [value[:length]] + [filler * length for filler in _FILLERS]
    if isinstance(value, bytes):
        return [b"a" * length]
    if isinstance(value, list) and value:
        return [value[:1] * length]
    if isinstance(value, dict) and value:
        # Distinct keys made from the one given; the validator says if its key shape allows them.
        (key, item), *_ = value.items()
        return [{f"{key}{filler * index}": item for index in range(length)} for filler in _FILLERS]
    return []


class BoundaryCase(NamedTuple):
    """One case of the boundary phase."""

    constraint: tuple[str, str]
    """The constraint probed, as `(Constraint.member, Constraint.rule)`."""
    valid: bool
    """Whether the case means to be valid (else it means to break the constraint)."""
    request: dict[str, Any]
    path: str
    """Where in the request the constraint is probed, as validators write it (`tags['a']`)."""


def boundary_cases(operation: Operation) -> list[BoundaryCase]:
    """The boundary phase's cases of one operation, always the same: for each constraint of the
    request, nested ones too, cases at and just past its edges, each in the smallest valid
    request that holds the place probed (see `_frame`)."""
    base, drawn = _examples(operation)
    requests = list(drawn)  # and those `_frame` searches for
    tokens = () if operation.pagination is None else operation.pagination.input_tokens
    cases: list[BoundaryCase] = []
    frames: dict[tuple[str, ...], tuple[dict[str, Any], _Location] | None] = {}
    for constraint in operation.strategies.constraints:
        steps = constraint.path
        if steps not in frames:
            frames[steps] = _frame(operation, base, requests, steps)
        framed = frames[steps]
        if framed is None:
            continue  # no request drawn holds the place: nothing to probe it in
        frame, location = framed
        rule = constraint.rule
        # (meant to be valid, the values to try in turn) of each case of the constraint.
        tries: list[tuple[bool, list[Any]]] = []
        if rule == "required":
            tries.append((False, [_ABSENT]))
        elif rule == "enum":
            tries += [(True, [value]) for value in constraint.values]
            other = _NOT_AN_ENUM_VALUE
            tries.append((False, [other if other not in constraint.values else other + "X"]))
        elif rule in ("min", "max"):
            edge = constraint.low if rule == "min" else constraint.high
            assert edge is not None
            tries += [(True, [edge]), (False, [edge - 1 if rule == "min" else edge + 1])]
        elif rule == "pattern":
            simplest = _simplest(requests, steps)
            tries.append((True, [] if simplest is _ABSENT else [simplest]))
            tries += [(False, [miss]) for miss in constraint.values]
        elif rule == "length":
            # Built from the simplest value drawn there; a container's from one with an item.
            simplest = _simplest(requests, steps, filled=True)
            low, high = int(constraint.low or 0), constraint.high
            if simplest is not _ABSENT:
                edges = [low] + ([] if high is None else [int(high)])
                tries += [(True, _sized(simplest, edge)) for edge in edges]
                tries += [(False, _sized(simplest, low - 1))] if low > 0 else []
                tries += [] if high is None else [(False, _sized(simplest, int(high) + 1))]
        for valid, values in tries:
            if valid and len(steps) == 1 and constraint.member in tokens:
                continue  # only the service issues tokens: a made-up one is a forged token
            case = _case(operation, (constraint.member, rule), frame, location, valid, values)
            if case is not None:
                cases.append(case)
    return cases


def _case(
    operation: Operation,
    constraint: tuple[str, str],
    frame: dict[str, Any],
    location: _Location,
    valid: bool,
    values: list[Any],
) -> BoundaryCase | None:
    """The case of the first of `values` (at `location` in `frame`) that the contract judges as
    meant: valid, or invalid by the constraint alone; an invalid one breaking more if none does."""
    for value in values:
        # A key's place is named by the key: the value put there.
        place = (*location[:-1], ("key", value)) if location[-1][0] == "key" else location
        request = _replaced(frame, location, value)
        issues = [(issue.path, issue.rule) for issue in _issues(operation, request)]
        if issues == ([] if valid else [(_path(place), constraint[1])]):
            return BoundaryCase(constraint, valid, request, _path(place))
    if valid or not values:
        return None
    place = (*location[:-1], ("key", values[0])) if location[-1][0] == "key" else location
    return BoundaryCase(constraint, valid, _replaced(frame, location, values[0]), _path(place))


def check_client(
    client: Any,
    service: str,
    *,
    phases: Sequence[str] = PHASES,
    examples: int = 10,
    seed: int = 0,
    operations: Collection[str] | None = None,
    database: str | None = None,
    max_pages: int = 5,
) -> Report:
    """Runs `phases` (in the order of `PHASES`) against each operation of `client` (`operations`
    a subset, by API name): `examples` generated requests per generated phase, seeded by `seed`,
    following at most `max_pages` pages of each valid request. `database` is a directory for
    Hypothesis's example database, which then replays earlier failures first.

    Raises `ConformanceSetupError` if a request cannot reach the service at all, `ValueError`
    for an unknown service, phase or operation, or a botocore client that validates requests
    itself while the boundary or negative phase is to run."""
    package = _service(service)
    unknown = sorted(set(phases) - set(PHASES))
    if unknown:
        raise ValueError(f"unknown phase(s) {', '.join(unknown)}; expected {', '.join(PHASES)}")
    names = list(package.OPERATIONS) if operations is None else list(operations)
    missing = sorted(set(names) - set(package.OPERATIONS))
    if missing:
        raise ValueError(f"{service} has no operation {', '.join(missing)}")
    checked = [operation for name, operation in package.OPERATIONS.items() if name in names]
    if _SENDS_INVALID & set(phases) and _validates_itself(client, checked):
        raise ValueError(
            "the client validates requests itself, so invalid ones would never reach the "
            "service: make it with botocore.config.Config(parameter_validation=False), "
            "or run only the positive and pagination phases"
        )
    report = Report(service=service, phases=tuple(p for p in PHASES if p in phases), seed=seed)
    with _counting_sends(client) as sends:
        for operation in checked:
            name = operation.name
            run = _run_of(client, service, operation, report, max_pages, sends)
            if run is None:
                continue
            for phase in report.phases:
                if phase == "pagination" and operation.paginator is None:
                    continue
                started = time.perf_counter()
                report.violations += _PHASE_RUNNERS[phase](run, examples, seed, database)
                report.cases[(name, phase)] = time.perf_counter() - started
            constraints = {(c.member, c.rule) for c in operation.strategies.constraints}
            report.coverage[name] = (run.exercised & constraints, len(constraints))
    return report


@contextlib.contextmanager
def _counting_sends(client: Any) -> Iterator[_Sends | None]:
    """Counts what a botocore client sends while in the block (None: not a botocore client)."""
    events = getattr(getattr(client, "meta", None), "events", None)
    if not hasattr(events, "register_first"):
        yield None
        return
    sends = _Sends()
    # First, so that a handler answering in the service's place (moto's) cannot hide a send.
    events.register_first("before-send", sends)  # type: ignore[union-attr]
    try:
        yield sends
    finally:
        events.unregister("before-send", sends)  # type: ignore[union-attr]


def _run_of(
    client: Any,
    service: str,
    operation: Operation,
    report: Report,
    max_pages: int,
    sends: _Sends | None,
    phase: str | None = None,
) -> _Run | None:
    """The checks of `operation` against `client`; None (and a violation of `phase`, the
    first phase by default) when the client has no method for it."""
    call = getattr(client, operation.python_name, None)
    if not callable(call):
        phase = phase or (report.phases[0] if report.phases else "")
        report.cases[(operation.name, phase)] = 0.0  # a test case in JUnit XML, failed
        report.violations.append(
            Violation(
                operation=operation.name,
                phase=phase,
                path="",
                rule="missing-method",
                message=f"the client has no method {operation.python_name}",
                request={},
                boto3=f"client.{operation.python_name}()",
                cli=None,
            )
        )
        return None
    errors = importlib.import_module(".errors", operation.module).ERRORS
    return _Run(
        service=service,
        operation=operation,
        call=call,
        error_classes=errors,
        report=report,
        max_pages=max_pages,
        sends=sends,
    )


class _Passed(Exception):
    """Raised by the probe's `before-call` handler: botocore let the request through."""


def _stop(**_: Any) -> None:
    raise _Passed


def _validates_itself(client: Any, operations: Iterable[Operation]) -> bool:
    """Whether `client` is a botocore client that refuses invalid requests before sending them:
    botocore's own validation (on unless `Config(parameter_validation=False)` or the profile's
    `parameter_validation = false` turned it off; `client.meta.config` does not say which) or a
    handler that raises (a monitor in mode "raise"). Asked of the client itself: the first
    operation with input is called with a member it does not have, which a validating client
    refuses with botocore's `ParamValidationError`, and which one that does not validate
    passes on to its `before-call` event, where the probe's handler stops it. Nothing is sent."""
    events = getattr(getattr(client, "meta", None), "events", None)
    if not hasattr(events, "register_first"):
        return False
    for operation in operations:
        call = getattr(client, operation.python_name, None)
        if operation.request_type_name is None or not callable(call):
            continue
        probe = _UNKNOWN_MEMBER
        # A name that is no member of the input (the validator also reports the required
        # members missing from the probe: those do not matter).
        while (probe, "unknown") not in {(i.path, i.rule) for i in _issues(operation, {probe: 0})}:
            probe += "X"
        events.register_first("before-call", _stop)  # type: ignore[union-attr]
        try:
            call(**{probe: 0})
        except _Passed:
            return False
        except Exception as error:  # the serializer's failure, or a set-up error: no refusal
            return isinstance(error, RequestValidationError) or any(
                cls.__name__ == "ParamValidationError" for cls in type(error).__mro__
            )
        finally:
            events.unregister("before-call", _stop)  # type: ignore[union-attr]
        return False
    return False


def _boundary(run: _Run, examples: int, seed: int, database: str | None) -> list[Violation]:
    found: list[Violation] = []
    answered: set[tuple[str, str]] = set()  # kinds of wrong answers, reported once
    for constraint, valid, request, path in boundary_cases(run.operation):
        violations = run.case("boundary", request, (path, constraint[1]), constraint)
        if valid:
            run.exercised.add(constraint)
        for violation in violations:
            kind = _kind(violation.path, violation.rule)
            if not valid or kind not in answered:
                answered.add(kind)
                found.append(violation)
    return found


def _positive(run: _Run, examples: int, seed: int, database: str | None) -> list[Violation]:
    tokens = () if run.operation.pagination is None else run.operation.pagination.input_tokens

    def case(params: dict[str, Any]) -> list[Violation]:
        # Only the service issues tokens: a generated one is a forged token.
        request = {key: value for key, value in params.items() if key not in tokens}
        return run.valid("positive", request, paginate=True)

    return _search(
        run, "positive", run.operation.strategies.requests(), case, examples, seed, database
    )


def _negative(run: _Run, examples: int, seed: int, database: str | None) -> list[Violation]:
    tokens = () if run.operation.pagination is None else run.operation.pagination.input_tokens

    def case(drawn: tuple[dict[str, Any], str]) -> list[Violation]:
        params, rule = drawn
        issues = _issues(run.operation, params)
        broken = [issue for issue in issues if issue.rule == rule] or issues
        if not broken:
            return []
        # A forged token stays out unless it is what the case breaks.
        request = {
            key: value
            for key, value in params.items()
            if key not in tokens or any(issue.path == key for issue in broken)
        }
        return run.invalid("negative", request, broken[0])

    return _search(
        run, "negative", run.operation.strategies.invalid_requests(), case, examples, seed, database
    )


class _Found(Exception):
    """Raised inside Hypothesis's test so that it shrinks the case that failed."""


def _search(
    run: _Run,
    phase: str,
    strategy: SearchStrategy[Any],
    case: Callable[[Any], list[Violation]],
    examples: int,
    seed: int,
    database: str | None,
) -> list[Violation]:
    """Runs `examples` generated cases; each new kind of violation found is shrunk by Hypothesis
    to a minimal case with the same kind (path and rule), which is then sent once more."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis.database import DirectoryBasedExampleDatabase

    found: dict[tuple[str, str], Violation] = {}
    for _ in range(_MAX_SEARCHES):
        hunt = _Hunt(case=case, known=frozenset(found))
        test = hunt.function()
        # Hypothesis's hooks for parametrized tests: each search its own key in the database,
        # and the seed set as `@seed` sets it, without `@seed` turning the database off.
        test._hypothesis_internal_add_digest = (  # type: ignore[attr-defined]
            f"{run.service}.{run.operation.name}.{phase}.{sorted(found)}".encode()
        )
        test._hypothesis_internal_use_seed = seed  # type: ignore[attr-defined]
        search: Callable[[], None] = settings(
            max_examples=examples,
            database=None if database is None else DirectoryBasedExampleDatabase(database),
            deadline=None,
            phases=(
                [Phase.generate, Phase.shrink]
                if database is None
                else [Phase.reuse, Phase.generate, Phase.shrink]
            ),
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
            report_multiple_bugs=False,
        )(given(strategy)(test))
        try:
            search()
        except _Found:
            pass
        except Exception:  # Hypothesis's Flaky: the last failing case is still the finding
            if hunt.failing is None:
                raise
        if hunt.setup_error is not None:
            raise hunt.setup_error
        if hunt.failing is None or hunt.target is None:
            break
        drawn, violation = hunt.failing
        # Sent once more: a shrunk case that passes now was not the implementation's doing.
        again = {_kind(v.path, v.rule) for v in case(drawn)}
        found[hunt.target] = dataclasses.replace(violation, reproduced=hunt.target in again)
    return list(found.values())


@dataclass(slots=True)
class _Hunt:
    """One search for a kind of violation not `known` yet; the first kind found is the only
    one that counts as failing afterwards, so that Hypothesis shrinks to a case of it."""

    case: Callable[[Any], list[Violation]]
    known: frozenset[tuple[str, str]]
    target: tuple[str, str] | None = None
    failing: tuple[Any, Violation] | None = None
    setup_error: ConformanceSetupError | None = None

    def function(self) -> Callable[[Any], None]:
        """The test for Hypothesis: a plain function, which it can give a database key."""

        def test(drawn: Any) -> None:
            self.test(drawn)

        return test

    def test(self, drawn: Any) -> None:
        if self.setup_error is not None:
            return
        try:
            violations = self.case(drawn)
        except ConformanceSetupError as error:
            # Kept, not raised: Hypothesis would send the failing request again to report it.
            self.setup_error = error
            return
        for violation in violations:
            kind = _kind(violation.path, violation.rule)
            if kind in self.known or (self.target is not None and kind != self.target):
                continue
            self.target, self.failing = kind, (drawn, violation)
            raise _Found


def _pagination(run: _Run, examples: int, seed: int, database: str | None) -> list[Violation]:
    """Reads one listing in one page, page by page, and cut by `MaxItems`, and compares them."""
    operation, keys = run.operation, run.operation.pagination
    if keys is None or operation.paginator is None:
        return []
    base, _ = _examples(operation)
    found: list[Violation] = []
    answers: list[Any] = []

    def recording(**request: Any) -> Any:
        run.report.requests += 1
        answer = run.call(**request)
        run.report.pages += 1
        answers.append(answer)
        return answer

    def page_size(request: dict[str, Any], limit: int) -> None:
        for answer in answers:
            page = compile_expression(keys.result_key)(answer)
            if isinstance(page, list) and len(page) > limit:
                message = (
                    f"{keys.result_key}: {len(page)} items in a page asked for at most "
                    f"{keys.limit_key}={limit}"
                )
                found.append(
                    run.violation("pagination", request, str(keys.limit_key), "page-size", message)
                )
                return

    def listing(request: dict[str, Any], config: dict[str, Any]) -> list[Any] | None:
        """The items read with `config`, or None when the implementation failed."""
        del answers[:]
        paginator = operation.paginator(recording, max_pages=_PAGINATION_PAGES)  # type: ignore[misc]
        try:
            return list(paginator.paginate(**base, PaginationConfig=config).raw_items())
        except PaginationError as error:
            found.append(run.violation("pagination", request, "", "pagination", str(error)))
        except Exception as error:  # every failure of the implementation is a finding
            failure = run.failure("pagination", request, error)
            if failure is not None:
                found.append(failure)
        return None

    # One page, as long as the limit allows: what every other reading must equal.
    limit = keys.limit_key
    one_page = dict(base) if limit is None else {**base, limit: _largest_page(operation, limit)}
    largest: dict[str, Any] = {}
    if limit is not None:
        largest = {"PageSize": one_page[limit], "MaxItems": one_page[limit]}
    whole = listing(one_page, largest)
    if whole is None:
        return found
    complete = len(answers) == 1 and not any(
        compile_expression(token)(answers[0]) for token in keys.output_tokens
    )
    if limit is not None:
        page_size(one_page, one_page[limit])
    for size in () if limit is None else _PAGE_SIZES:
        request: dict[str, Any] = {**base, str(limit): size}
        items = listing(request, {"PageSize": size})
        if items is None:
            continue
        page_size(request, size)
        _repeats(run, request, keys.result_key, items, found)
        if complete:
            _compare(run, request, keys.result_key, whole, items, found)
    cut = listing(dict(base), {"MaxItems": _MAX_ITEMS})
    if cut is not None and len(cut) > _MAX_ITEMS:
        message = f"{keys.result_key}: {len(cut)} items read with MaxItems={_MAX_ITEMS}"
        found.append(run.violation("pagination", base, keys.result_key, "max-items", message))
    elif cut is not None and complete and cut != whole[:_MAX_ITEMS]:
        message = f"{keys.result_key}: MaxItems={_MAX_ITEMS} read other items than the first"
        found.append(run.violation("pagination", base, keys.result_key, "lost-item", message))
    return found


def _largest_page(operation: Operation, limit_key: str) -> int:
    """The largest page the spec lets a request ask for (the limit key's maximum)."""
    for constraint in operation.strategies.constraints:
        if constraint.path == ("." + limit_key,) and constraint.rule == "max":
            return int(constraint.high)
    return _DEFAULT_LARGEST_PAGE


def _identity(item: Any) -> str:
    return json.dumps(_to_json(item), sort_keys=True, default=repr)


def _repeats(
    run: _Run, request: dict[str, Any], result_key: str, items: list[Any], found: list[Violation]
) -> None:
    counts = Counter(_identity(item) for item in items)
    repeated = [text for text, count in counts.items() if count > 1]
    if repeated:
        message = (
            f"{result_key}: {len(repeated)} item(s) returned more than once, e.g. {repeated[0]}"
        )
        found.append(run.violation("pagination", request, result_key, "repeated-item", message))


def _compare(
    run: _Run,
    request: dict[str, Any],
    result_key: str,
    expected: list[Any],
    items: list[Any],
    found: list[Violation],
) -> None:
    seen = {_identity(item) for item in items}
    lost = [text for text in (_identity(item) for item in expected) if text not in seen]
    if lost:
        message = (
            f"{result_key}: {len(lost)} item(s) of the one-page listing missing when read page "
            f"by page, e.g. {lost[0]}"
        )
        found.append(run.violation("pagination", request, result_key, "lost-item", message))


_PHASE_RUNNERS: Final[dict[str, Callable[[_Run, int, int, str | None], list[Violation]]]] = {
    "boundary": _boundary,
    "positive": _positive,
    "negative": _negative,
    "pagination": _pagination,
}


def replay(
    client: Any, service: str, violations: Iterable[Mapping[str, Any]], *, max_pages: int = 5
) -> Report:
    """Sends once more exactly the failing cases of an earlier report (`Report.to_json()`'s
    `violations`) and judges them as their phase does; a pagination finding reruns that
    operation's pagination phase."""
    package = _service(service)
    report = Report(service=service, phases=())
    runs: dict[str, _Run] = {}
    paginated: set[str] = set()
    with _counting_sends(client) as sends:
        for finding in violations:
            name, phase = finding["operation"], finding["phase"]
            if name not in package.OPERATIONS or phase not in PHASES:
                raise ValueError(f"not a finding of {service}: {name} in phase {phase!r}")
            operation: Operation = package.OPERATIONS[name]
            if name not in runs:
                run = _run_of(client, service, operation, report, max_pages, sends, phase)
                if run is None:
                    continue
                runs[name] = run
            if phase == "pagination" and name in paginated:
                continue
            if phase == "pagination":
                paginated.add(name)
            started = time.perf_counter()
            report.violations += _replayed(runs[name], phase, finding)
            seconds = time.perf_counter() - started
            report.cases[(name, phase)] = report.cases.get((name, phase), 0.0) + seconds
    report.phases = tuple(phase for phase in PHASES if any(p == phase for _, p in report.cases))
    return report


def _replayed(run: _Run, phase: str, finding: Mapping[str, Any]) -> list[Violation]:
    if phase == "pagination":
        return _pagination(run, 0, 0, None)
    request = _from_json(finding["request"])
    if phase == "positive" and not _issues(run.operation, request):
        return run.valid(phase, request, paginate=True)
    return run.case(phase, request, (finding["path"], finding["rule"]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}.conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:5000 for moto_server")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"comma-separated, of {','.join(PHASES)} (default: all, in that order)",
    )
    parser.add_argument("--examples", type=int, default=10, help="generated cases per phase")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same run")
    parser.add_argument("--database", metavar="DIR", help="Hypothesis's example database")
    parser.add_argument("--max-pages", type=int, default=5)
    parser.add_argument("--operation", action="append", help="API name; repeatable")
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON")
    parser.add_argument("--junit-xml", metavar="PATH", help="write the report as JUnit XML")
    parser.add_argument(
        "--replay", metavar="PATH", help="re-run exactly the failing cases of a --json report"
    )
    args = parser.parse_args(argv)
    phases = [phase for phase in args.phases.split(",") if phase]
    previous = None
    if args.replay is not None:
        try:
            with open(args.replay, encoding="utf-8") as file:
                previous = json.load(file)["violations"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            parser.exit(2, f"{parser.prog}: error: no report to replay: {args.replay}: {error}\n")
    try:
        # boto3 is needed by this command only, not by the generated package.
        boto3: Any = importlib.import_module("boto3")
        config = importlib.import_module("botocore.config").Config(parameter_validation=False)
        client = boto3.client(
            _botocore_name(args.service),
            region_name=args.region,
            endpoint_url=args.endpoint_url,
            config=config,
        )
    except Exception as error:  # no client, so no check can run: a setup error too
        parser.exit(2, f"{parser.prog}: error: no client: {type(error).__name__}: {error}\n")
    try:
        if previous is not None:
            report = replay(client, args.service, previous, max_pages=args.max_pages)
        else:
            report = check_client(
                client,
                args.service,
                phases=phases,
                examples=args.examples,
                seed=args.seed,
                operations=args.operation,
                database=args.database,
                max_pages=args.max_pages,
            )
    except (ConformanceSetupError, ValueError) as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    print(report)
    if args.json is not None:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(report.to_json(), file, indent=2)
            file.write("\n")
    if args.junit_xml is not None:
        with open(args.junit_xml, "w", encoding="utf-8") as file:
            file.write(report.to_junit_xml())
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
