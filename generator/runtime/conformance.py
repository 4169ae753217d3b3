"""Conformance checking of any implementation of the operations: a boto3 client for an endpoint
(AWS, moto, a fake service), driven with generated valid requests through every operation and its
paginator, with every way its answers break the spec reported.

    report = check_client(boto3.client(SERVICE, endpoint_url=...), SERVICE, examples=20)
    print(report)

or from a shell: `python -m PACKAGE.conformance SERVICE --endpoint-url http://127.0.0.1:5000`, where
PACKAGE is this package (`--help` names it) and SERVICE one of its `SERVICES`.

Violations have a path and a rule: the rules of `check_response` for responses (`required`,
`unknown`, `type`, `enum`, `length`, `pattern`, `min`, `max`, `timestamp`, `union`,
`encoding`), and `rejected` (the service refused a request the spec allows with a
`ValidationException`), `undeclared-error` (an error code the operation does not declare),
`pagination` (a token cycle or a runaway pagination), `missing-method` (the client has no method
for the operation) and `exception` (anything else the client raised). Requests come from the
operation's `strategies.requests()`, so this module needs hypothesis.

A client that cannot reach its service at all (the endpoint does not answer, credentials or the
region are missing) is not a violation of each request: `check_client` raises
`ConformanceSetupError` at the first such failure, and the command prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from . import SERVICES
from .errors import ContractError, PaginationError, ServiceError, to_service_error
from .operations import Operation

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One way an answer of the implementation breaks the spec."""

    operation: str
    request: dict[str, Any]
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.message} [{self.rule}] (request {self.request!r})"


@dataclass(slots=True, kw_only=True)
class Report:
    """What one conformance run did and found."""

    requests: int = 0
    pages: int = 0
    violations: list[Violation] = field(default_factory=list)
    error_codes: Counter[str] = field(default_factory=Counter)
    """Declared errors the service answered with (not violations), by code."""

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
        if self.error_codes:
            codes = ", ".join(
                f"{code} x{count}" for code, count in sorted(self.error_codes.items())
            )
            lines.append(f"declared errors answered: {codes}")
        return "\n".join(lines)


def _service(service: str) -> Any:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    return importlib.import_module(f".{service}", __package__)


def _exercise(
    call: Any,
    operation: Operation,
    params: dict[str, Any],
    error_classes: Mapping[str, type[ServiceError]],
    max_pages: int,
    report: Report,
) -> None:
    def violation(path: str, rule: str, message: str) -> None:
        report.violations.append(
            Violation(
                operation=operation.name, request=params, path=path, rule=rule, message=message
            )
        )

    report.requests += 1
    try:
        if operation.paginator is None:
            pages: Any = [call(**params)]
        else:
            pages = operation.paginator(call).paginate(**params).raw_pages()
        for page in itertools.islice(pages, max_pages):
            report.pages += 1
            for issue in operation.check_response(page):
                violation(issue.path, issue.rule, issue.message)
    except ServiceError as error:
        _service_error(error, operation, violation, report)
    except PaginationError as error:
        violation("", "pagination", str(error))
    except Exception as error:  # every failure of the implementation is a finding
        if _is_setup_error(error):
            raise ConformanceSetupError(operation.name, error) from error
        typed = to_service_error(error, error_classes, operation=operation.name)
        if typed is not None:
            _service_error(typed, operation, violation, report)
        else:
            violation("", "exception", f"{type(error).__name__}: {error}")


def _service_error(
    error: ServiceError, operation: Operation, violation: Any, report: Report
) -> None:
    if error.code == "ValidationException":
        violation("", "rejected", f"a request the spec allows was rejected: {error}")
    elif error.code not in operation.errors:
        violation("", "undeclared-error", f"{error.code} is not declared: {error}")
    else:
        report.error_codes[error.code] += 1


def check_client(
    client: Any,
    service: str,
    *,
    examples: int = 10,
    only: Sequence[str] = (),
    max_pages: int = 5,
    seed: int = 0,
) -> Report:
    """Drives `examples` generated valid requests through each operation (`only` a subset) of
    `client`, following at most `max_pages` pages each, and reports every violation.

    Raises `ConformanceSetupError` if a request cannot reach the service at all."""
    package = _service(service)
    error_classes = importlib.import_module(".errors", package.__name__).ERRORS
    report = Report()
    for name, operation in package.OPERATIONS.items():
        if only and name not in only:
            continue
        call = getattr(client, operation.python_name, None)
        if callable(call):
            _drive(call, operation, error_classes, examples, max_pages, seed, report)
        else:
            report.violations.append(
                Violation(
                    operation=name,
                    request={},
                    path="",
                    rule="missing-method",
                    message=f"the client has no method {operation.python_name}",
                )
            )
    return report


def _drive(
    call: Any,
    operation: Operation,
    error_classes: Mapping[str, type[ServiceError]],
    examples: int,
    max_pages: int,
    seed: int,
    report: Report,
) -> None:
    """Runs `examples` generated requests of one operation; Hypothesis only generates here."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    setup_errors: list[ConformanceSetupError] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def drive(data: st.DataObject) -> None:
        params = data.draw(operation.strategies.requests(), label="request")
        if setup_errors:
            return  # after the draw: Hypothesis needs each run to draw alike
        if operation.pagination is not None:
            # Only the service issues tokens: a generated one is a forged token.
            params.pop(operation.pagination.input_token, None)
        try:
            _exercise(call, operation, params, error_classes, max_pages, report)
        except ConformanceSetupError as error:
            # Kept, not raised: Hypothesis would send the failing request again to report it.
            setup_errors.append(error)

    drive()
    if setup_errors:
        raise setup_errors[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}.conformance", description=__doc__
    )
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:5000 for moto_server")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--max-pages", type=int, default=5)
    parser.add_argument("--operation", action="append", default=[], help="repeatable")
    args = parser.parse_args(argv)
    try:
        # boto3 is needed by this command only, not by the generated package.
        boto3: Any = importlib.import_module("boto3")
        client = boto3.client(args.service, region_name=args.region, endpoint_url=args.endpoint_url)
    except Exception as error:  # no client, so no check can run: a setup error too
        parser.exit(2, f"{parser.prog}: error: no client: {type(error).__name__}: {error}\n")
    try:
        report = check_client(
            client,
            args.service,
            examples=args.examples,
            only=args.operation,
            max_pages=args.max_pages,
        )
    except ConformanceSetupError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    print(report)
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
