"""A pytest plugin: the conformance checker as one test per operation, and stub clients as
fixtures. Load it from the rootdir's conftest.py (pytest reads the options of plugins loaded
there) or with `-p PACKAGE.pytest_plugin`:

    pytest_plugins = ["PACKAGE.pytest_plugin"]

    $ pytest --contract-endpoint http://127.0.0.1:5000 --contract-service bedrock

`--contract-endpoint URL` checks boto3 clients of that endpoint (credentials and region come
from the environment, as for boto3); `--contract-service NAME` (repeatable, or a comma list;
default every service of the package) chooses the services, and given alone checks the clients
of the `contract_client` fixture: the stub clients, unless a conftest.py overrides it to return
yours. `--contract-phases` (a comma list; default every phase, in order) chooses the checker's
phases, and `--contract-examples N` is the number of generated requests per generated phase.
Without `--contract-endpoint` or `--contract-service` the plugin adds no test. Each operation is a test `contract::SERVICE::OPERATION`; the
checker runs once per service and session, and each test fails with its operation's
violations, each with the boto3 call that reproduces it.

Fixtures: `contract_stub_client(SERVICE)` returns a stub client of the service (its listings
drawn with a fixed seed, none of them empty), `contract_client(SERVICE)` the client the contract
tests check, `contract_report(SERVICE)` the conformance report of the session.
"""

from __future__ import annotations

import importlib
import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest

from . import SERVICES
from .conformance import PHASES, ConformanceSetupError, Report, Violation, check_client

_SELECTED = pytest.StashKey[tuple[str, ...]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", f"conformance of the {__package__} contracts")
    group.addoption(
        "--contract-endpoint",
        metavar="URL",
        help="check boto3 clients of this endpoint, one test per operation",
    )
    group.addoption(
        "--contract-service",
        action="append",
        default=[],
        metavar="NAME",
        help=f"services to check (repeatable or a comma list; default all: {', '.join(SERVICES)})",
    )
    group.addoption(
        "--contract-phases",
        default=",".join(PHASES),
        metavar="PHASES",
        help=f"the checker's phases, a comma list (default {','.join(PHASES)})",
    )
    group.addoption(
        "--contract-examples",
        type=int,
        default=10,
        metavar="N",
        help="generated requests per operation (default 10)",
    )


def pytest_configure(config: pytest.Config) -> None:
    named = [
        name.strip()
        for option in config.getoption("contract_service")
        for name in option.split(",")
        if name.strip()
    ]
    if unknown := [name for name in named if name not in SERVICES]:
        raise pytest.UsageError(
            f"--contract-service: unknown service {', '.join(unknown)};"
            f" expected one of {', '.join(SERVICES)}"
        )
    if config.getoption("contract_examples") < 1:
        raise pytest.UsageError("--contract-examples: at least 1")
    if unknown := [phase for phase in _phases(config) if phase not in PHASES]:
        raise pytest.UsageError(
            f"--contract-phases: unknown phase {', '.join(unknown)}; expected {', '.join(PHASES)}"
        )
    if named or config.getoption("contract_endpoint"):
        config.stash[_SELECTED] = tuple(name for name in SERVICES if name in named) or SERVICES


def _phases(config: pytest.Config) -> list[str]:
    option: str = config.getoption("contract_phases")
    return [phase.strip() for phase in option.split(",") if phase.strip()]


class _Service(pytest.Collector):
    """The contract tests of one service (`name`), one per operation."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return [
            _ContractTest.from_parent(
                self, name=operation, callobj=_contract_test(self.name, operation)
            )
            for operation in _service_module(self.name).OPERATIONS
        ]


class _ContractTest(pytest.Function):
    """The contract test of one operation."""

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        # Reports head the test with its node id; pytest's default is the function's name.
        path, line, _ = super().reportinfo()
        return path, line, self.nodeid


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    for service in config.stash.get(_SELECTED, ()):
        # Collected as pytest collects files, so that the reports count the tests.
        parent = _Service.from_parent(session, name=service, nodeid=f"contract::{service}")
        items.extend(session.genitems(parent))


def _contract_test(service: str, operation: str) -> Callable[..., None]:
    def test_contract(contract_report: Callable[[str], Report]) -> None:
        violations = [
            violation
            for violation in contract_report(service).violations
            if violation.operation == operation
        ]
        if violations:
            pytest.fail(_describe(service, operation, violations), pytrace=False)

    return test_contract


def _describe(service: str, operation: str, violations: list[Violation]) -> str:
    """The violations under the boto3 call that reproduces them, one call per request."""
    python_name = _service_module(service).OPERATIONS[operation].python_name
    lines = [f"{len(violations)} violation(s) of {service} {operation}:"]
    for call, found in itertools.groupby(
        violations,
        lambda violation: ", ".join(
            f"{name}={value!r}" for name, value in violation.request.items()
        ),
    ):
        lines.append(f"  client.{python_name}({call})")
        # A message may span lines (a server's HTML error page): keep them under their item.
        lines += [
            f"    - {violation.message} [{violation.rule}]".replace("\n", "\n      ")
            for violation in found
        ]
    return "\n".join(lines)


def _service_module(service: str) -> Any:
    return importlib.import_module(f".{service}", __package__)


def _stub_client(service: str) -> Any:
    """A stub client of `service`, the same in every run, whose listings all hold items."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    stubs = importlib.import_module(f".{service}.stubs", __package__)
    drawn: list[Any] = []

    @seed(0)
    @settings(
        max_examples=1,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(stubs.stub_clients().filter(lambda client: all(client.listings.values())))
    def draw(client: Any) -> None:
        drawn.append(client)

    draw()
    return drawn[-1]


@pytest.fixture
def contract_stub_client() -> Callable[[str], Any]:
    """`contract_stub_client(SERVICE)`: a fresh stub client of the service."""
    return _stub_client


@pytest.fixture(scope="session")
def contract_client(request: pytest.FixtureRequest) -> Callable[[str], Any]:
    """`contract_client(SERVICE)`: the client the contract tests check, a boto3 client of
    `--contract-endpoint` or else a stub client. Override it to check your own implementation."""
    endpoint = request.config.getoption("contract_endpoint")
    if endpoint is None:
        return _stub_client
    # boto3 is needed only to check an endpoint, not by the generated package. The client does
    # not validate, so that the boundary and negative phases reach the service.
    boto3: Any = importlib.import_module("boto3")
    config = importlib.import_module("botocore.config").Config(parameter_validation=False)
    return lambda service: boto3.client(
        _service_module(service).BOTOCORE_NAME, endpoint_url=endpoint, config=config
    )


@pytest.fixture(scope="session")
def contract_report(
    request: pytest.FixtureRequest, contract_client: Callable[[str], Any]
) -> Callable[[str], Report]:
    """`contract_report(SERVICE)`: the conformance report of the service, made once a session."""
    examples = request.config.getoption("contract_examples")
    phases = _phases(request.config)
    # A report, or why none could be made: then every test of the service fails with it.
    reports: dict[str, Report | str] = {}

    def report(service: str) -> Report:
        if service not in reports:
            try:
                client = contract_client(service)
            except Exception as error:  # no client (no region, say): no check can run
                reports[service] = f"no client of {service}: {type(error).__name__}: {error}"
            else:
                try:
                    reports[service] = check_client(
                        client, service, phases=phases, examples=examples
                    )
                except (ConformanceSetupError, ValueError) as error:
                    reports[service] = str(error)
        found = reports[service]
        if isinstance(found, str):
            pytest.fail(found, pytrace=False)
        return found

    return report
