"""Conformance checking of any implementation of the operations: a boto3 client for an endpoint
(AWS, moto, a fake service), driven through every operation in four phases, with every way its
answers break the spec reported with a reproducer.

    report = check_client(client, SERVICE, examples=20, seed=1)
    print(report)

or from a shell: `python -m PACKAGE.conformance SERVICE --endpoint-url http://127.0.0.1:5000`, where
PACKAGE is this package (`--help` names it) and SERVICE one of its `SERVICES`.

Phases, run in this order by default (`phases=` / `--phases boundary,negative` choose):

- `boundary`: deterministic cases at and just past each rule of each request member, from the
  spec's constraints: lengths and sizes min, max, min-1, max+1; ranges min, max, min-1, max+1;
  every enum value and one that is not; each required member missing; a pattern match and a near
  miss. The package's own validator decides whether each case is valid: a valid one must be
  accepted, an invalid one refused.
- `positive`: generated valid requests (`strategies.requests()`), every page checked.
- `negative`: generated invalid requests (`strategies.invalid_requests()`, one rule broken each);
  the implementation must refuse each with an error the operation declares whose HTTP status is
  400 (`ValidationException` or its kin).
- `pagination`: `PageSize` honoured (no page longer than the limit asked), `MaxItems` honoured,
  tokens followed through empty pages, the listing read page by page equal to the same listing
  read in one page, no item lost or repeated.

Invalid requests must reach the implementation, so a botocore client must be made with
`Config(parameter_validation=False)`: given one that validates, `check_client` refuses to run
the boundary and negative phases (`ValueError`) rather than let botocore hide what the service
would accept. The command makes its client so.

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
from typing import TYPE_CHECKING, Any, Final

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
from .operations import Operation

if TYPE_CHECKING:
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
# Valid requests drawn to find the simplest value of each member.
_EXAMPLE_DRAWS: Final = 100
# Characters of a reproducer shown in the text report (the JSON report has it whole).
_SHOWN: Final = 300
_NOT_AN_ENUM_VALUE: Final = "NotAnEnumValue"
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
    1001`), or None for text UTF-8 cannot encode, which no shell line can hold."""
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
            cli=cli_line(self.service, self.operation, request),
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
        self, phase: str, request: Mapping[str, Any], broken: ValidationIssue
    ) -> list[Violation]:
        """Sends a request that breaks `broken`: the implementation must refuse it."""
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
                self.exercised.add((broken.path, broken.rule))
                message = f"{type(error).__name__}: {error}"
                return [self.violation(phase, request, broken.path, "exception", message)]
            self.exercised.add((broken.path, broken.rule))
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
        self.exercised.add((broken.path, broken.rule))
        message = f"the service accepted a request the spec refuses: {broken.message}"
        return [self.violation(phase, request, broken.path, broken.rule, message)]

    def case(
        self, phase: str, request: Mapping[str, Any], meant: tuple[str, str] | None = None
    ) -> list[Violation]:
        """Sends `request`, judged by the contract: refused if invalid (by the `meant` rule
        where it breaks it), accepted if valid."""
        issues = _issues(self.operation, request)
        if issues:
            broken = [issue for issue in issues if (issue.path, issue.rule) == meant]
            return self.invalid(phase, request, (broken or issues)[0])
        return self.valid(phase, request, paginate=False)


def _examples(operation: Operation) -> tuple[dict[str, Any], dict[str, Any]]:
    """The simplest valid request of `operation` that Hypothesis generates (its required
    members only), and for each member the shortest valid value seen; the same every run
    (derandomized), built from `strategies.requests()`."""
    key = (operation.module, operation.name)
    if key in _EXAMPLES:
        return _EXAMPLES[key]
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings

    requests: list[dict[str, Any]] = []

    @settings(
        database=None,
        derandomize=True,
        max_examples=_EXAMPLE_DRAWS,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(operation.strategies.requests())
    def collect(request: dict[str, Any]) -> None:
        requests.append(request)

    collect()

    def size(value: Any) -> tuple[int, str]:
        text = repr(value)
        return len(text), text

    base = min(requests, key=lambda request: (len(request), size(request)), default={})
    values: dict[str, Any] = {}
    for request in requests:
        for member, value in request.items():
            if isinstance(value, (list, dict)) and not value:
                continue  # a container's boundary cases are built from an item
            if member not in values or size(value) < size(values[member]):
                values[member] = value
    _EXAMPLES[key] = base, values
    return base, values


_EXAMPLES: Final[dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]] = {}


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


def boundary_cases(operation: Operation) -> list[tuple[tuple[str, str], bool, dict[str, Any]]]:
    """The boundary phase's cases of one operation, always the same: for each constraint
    `(member, rule)`, whether the case means to be valid, and the request."""
    base, examples = _examples(operation)
    tokens = () if operation.pagination is None else operation.pagination.input_tokens

    cases: list[tuple[tuple[str, str], bool, dict[str, Any]]] = []

    def add(constraint: tuple[str, str], valid: bool, values: Iterable[Any]) -> None:
        """The first of `values` the contract judges as meant (valid, or invalid by the rule)."""
        member = constraint[0]
        if valid and member in tokens:
            return  # only the service issues tokens: a made-up one is a forged token
        candidates = list(values)
        for value in candidates:
            request = {**base, member: value}
            issues = _issues(operation, request)
            if (not issues) if valid else [(i.path, i.rule) for i in issues] == [constraint]:
                cases.append((constraint, valid, request))
                return
        if not valid and candidates:
            cases.append((constraint, valid, {**base, member: candidates[0]}))

    for constraint in operation.strategies.constraints:
        member, rule = constraint.member, constraint.rule
        key = (member, rule)
        if rule == "required":
            cases.append((key, False, {k: v for k, v in base.items() if k != member}))
        elif rule == "enum":
            for value in constraint.values:
                add(key, True, [value])
            other = _NOT_AN_ENUM_VALUE
            add(key, False, [other if other not in constraint.values else other + "X"])
        elif rule in ("min", "max"):
            edge = constraint.low if rule == "min" else constraint.high
            past = edge - 1 if rule == "min" else edge + 1
            add(key, True, [edge])
            add(key, False, [past])
        elif rule == "length":
            value = examples.get(member)
            if value is None:
                continue
            edges = [constraint.low] + ([] if constraint.high is None else [constraint.high])
            for edge in edges:
                add(key, True, _sized(value, edge))
            if constraint.low > 0:
                add(key, False, _sized(value, constraint.low - 1))
            if constraint.high is not None:
                add(key, False, _sized(value, constraint.high + 1))
        elif rule == "pattern":
            value = examples.get(member)
            if value is not None:
                add(key, True, [value])
            for miss in constraint.values:
                add(key, False, [miss])
    return cases


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
    if _SENDS_INVALID & set(phases) and _validates_itself(client):
        raise ValueError(
            "the client validates requests itself, so invalid ones would never reach the "
            "service: make it with botocore.config.Config(parameter_validation=False), "
            "or run only the positive and pagination phases"
        )
    report = Report(service=service, phases=tuple(p for p in PHASES if p in phases), seed=seed)
    with _counting_sends(client) as sends:
        for name, operation in package.OPERATIONS.items():
            if name not in names:
                continue
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


def _validates_itself(client: Any) -> bool:
    """Whether `client` is a botocore client that validates requests before sending them.
    `client.meta.config.parameter_validation` does not say (botocore leaves it True whatever
    the client was made with); the serializer botocore wraps in its validator does."""
    serializer = getattr(client, "_serializer", None)
    return type(serializer).__name__ == "ParamValidationDecorator"


def _boundary(run: _Run, examples: int, seed: int, database: str | None) -> list[Violation]:
    found: list[Violation] = []
    answered: set[tuple[str, str]] = set()  # kinds of wrong answers, reported once
    for constraint, valid, request in boundary_cases(run.operation):
        violations = run.case("boundary", request, constraint)
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
        if constraint.member == limit_key and constraint.rule == "max":
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
            args.service, region_name=args.region, endpoint_url=args.endpoint_url, config=config
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
