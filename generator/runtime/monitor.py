"""Live traffic checked against the contract: every request a boto3 client sends is validated
(`validate_request`) and every response it parses is checked (`check_response`).

    monitor = install(boto3.client("bedrock"))               # or a boto3 / botocore Session
    monitor = install(client, mode="raise")                  # or a callable given the findings
    ...
    monitor.uninstall()

`install` registers botocore event handlers: `before-parameter-build` (registered last) sees the
parameters after every other handler has added its own, before botocore validates and sends them;
`after-call` sees each parsed response (error responses are not checked). Operations are
recognized by their service's `serviceId` (the service module's `SERVICE_ID`) and API operation
name; others pass unchecked. botocore is recognized by duck typing, never imported.

A client's handlers see that client only. A session's reach the clients it creates after
`install` (botocore copies a session's handlers into each client it makes), and `uninstall`
removes them from the session, not from those clients.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import SERVICES
from .errors import (
    RequestValidationError,
    ResponseValidationError,
    ValidationIssue,
)
from .operations import Operation

Direction = Literal["request", "response"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One way a request sent or a response received breaks the contract."""

    service: str
    """The service module's name (one of the package's `SERVICES`)."""
    operation: str
    direction: Direction
    issue: ValidationIssue
    data: Mapping[str, Any]
    """The request's parameters, or the response as botocore parsed it."""

    def __str__(self) -> str:
        return f"{self.service} {self.operation} {self.direction}: {self.issue} [{self.issue.rule}]"


class ContractWarning(UserWarning):
    """A request or response that breaks the contract, seen by a monitor in mode "warn"."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(str(finding))


Mode = Literal["warn", "raise"] | Callable[[Sequence[Finding]], object]


class Monitor:
    """The handlers one `install` registered; `uninstall()` removes them."""

    def __init__(self, events: Any, services: Mapping[str, str], mode: Mode) -> None:
        if not (mode in ("warn", "raise") or callable(mode)):
            raise ValueError(f"mode must be 'warn', 'raise' or a callable, not {mode!r}")
        self._events = events
        self._services = services
        self._mode = mode
        self._handlers = {
            "before-parameter-build": self._request,
            "after-call": self._response,
        }
        for event, handler in self._handlers.items():
            # Last, and for every operation: after the handlers botocore registered, so that the
            # parameters are those it will validate and send.
            events.register_last(event, handler)

    def uninstall(self) -> None:
        """Removes the handlers; calling it again does nothing."""
        for event, handler in self._handlers.items():
            self._events.unregister(event, handler)

    def _operation(self, model: Any) -> tuple[str, Operation] | None:
        service = self._services.get(str(model.service_model.service_id))
        if service is None:
            return None
        operation = _service_module(service).OPERATIONS.get(model.name)
        return None if operation is None else (service, operation)

    def _request(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if (found := self._operation(model)) is None:
            return
        service, operation = found
        try:
            operation.validate_request(params)
        except RequestValidationError as error:
            self._report(service, operation, "request", error.issues, params, error)

    def _response(self, http_response: Any, parsed: Any, model: Any, **_: Any) -> None:
        if getattr(http_response, "status_code", 200) >= 300:
            return  # an error response: botocore raises it, the spec has no shape for it
        if (found := self._operation(model)) is None:
            return
        service, operation = found
        if issues := operation.check_response(parsed):
            error = ResponseValidationError(operation.name, issues)
            self._report(service, operation, "response", issues, parsed, error)

    def _report(
        self,
        service: str,
        operation: Operation,
        direction: Direction,
        issues: Sequence[ValidationIssue],
        data: Mapping[str, Any],
        error: Exception,
    ) -> None:
        if self._mode == "raise":
            raise error
        findings = [
            Finding(
                service=service,
                operation=operation.name,
                direction=direction,
                issue=issue,
                data=data,
            )
            for issue in issues
        ]
        if self._mode == "warn":
            for finding in findings:
                # stacklevel 1: botocore's frames between here and the caller vary by version.
                warnings.warn(ContractWarning(finding), stacklevel=1)
        else:
            assert callable(self._mode)
            self._mode(findings)


def _service_module(service: str) -> Any:
    return importlib.import_module(f".{service}", __package__)


def install(client_or_session: Any, mode: Mode = "warn") -> Monitor:
    """Checks every request `client_or_session` sends and every response it parses.

    `mode`: "warn" issues a `ContractWarning` per finding, "raise" raises the
    `RequestValidationError` (before the request is sent) or `ResponseValidationError` (after the
    response is parsed), and a callable is given the findings of each request or response that
    has any. A client must be of one of the package's services."""
    by_id = {_service_module(service).SERVICE_ID: service for service in SERVICES}
    meta = getattr(client_or_session, "meta", None)
    if meta is not None and hasattr(meta, "events"):  # a botocore client (boto3's are too)
        service_id = str(meta.service_model.service_id)
        if service_id not in by_id:
            raise ValueError(
                f"the client's service {service_id!r} is not one of {', '.join(by_id) or 'none'}"
            )
        return Monitor(meta.events, {service_id: by_id[service_id]}, mode)
    if hasattr(client_or_session, "events"):  # a boto3 Session
        return Monitor(client_or_session.events, by_id, mode)
    if callable(get_component := getattr(client_or_session, "get_component", None)):
        return Monitor(get_component("event_emitter"), by_id, mode)  # a botocore Session
    raise TypeError(
        f"expected a boto3 or botocore client or session, not {type(client_or_session).__name__}"
    )
