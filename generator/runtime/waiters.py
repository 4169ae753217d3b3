"""Waiters: call an operation until its response reaches a success state, as botocore waits.

`<service>.WAITERS[name](call)` wraps a boto3 client method, a fake or a stub, and
`WAITERS[name].async_waiter(call)` an async one (aiobotocore-style). `wait(**params,
WaiterConfig={"Delay": ..., "MaxAttempts": ...})` validates the request and the config (a
`RequestValidationError` before any call), then calls `call(**params)` until an acceptor decides:

- Each response (or, when the call raises botocore's `ClientError`, its parsed error response)
  is given to the acceptors in order; the first that matches sets the state. `path` compares
  the value of its JMESPath expression with `expected`, `pathAll` / `pathAny` require every /
  some element of a non-empty list to equal it, `status` compares
  `ResponseMetadata.HTTPStatusCode`, `error` the error code (`expected: true`: any error;
  `false`: no error). Path matchers never match an error response. Equality is Python's, as in
  botocore (`expression.search(response) == expected`).
- `success` returns the last response. `failure` raises `WaiterFailureError`, and so does an
  error response no acceptor matched (its `service_error` is the typed error). `retry`, or no
  match, sleeps `Delay` seconds and calls again; after `MaxAttempts` calls,
  `WaiterAttemptsExceededError`. Both are `WaiterError`s with `attempts` and `last_response`.
- Any other exception of the call propagates unchanged, and so does an expression's type error
  (`length` of a missing member), as `ResponseParseError`, where botocore raises jmespath's.

`sleep` (default `time.sleep`, or `asyncio.sleep` for the async waiter) is injectable, so that
tests need not wait. Expressions are compiled on first use (see the `expressions` module for the
subset of JMESPath the models use).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Final, Literal

from .checks import config_entries
from .errors import (
    RequestValidationError,
    ResponseParseError,
    ServiceError,
    ValidationIssue,
    WaiterAttemptsExceededError,
    WaiterFailureError,
    to_service_error,
)
from .expressions import ExpressionTypeError, compile_expression

if TYPE_CHECKING:
    from .operations import Operation

WaiterCall = Callable[..., Mapping[str, Any]]
"""What a waiter calls: the request's keyword arguments in, the response dict out."""
AsyncWaiterCall = Callable[..., Awaitable[Mapping[str, Any]]]
"""What an async waiter calls and awaits."""
Sleep = Callable[[float], object]
AsyncSleep = Callable[[float], Awaitable[object]]

State = Literal["success", "failure", "retry"]
Matcher = Literal["path", "pathAll", "pathAny", "status", "error"]

_CONFIG_KEYS: Final = ("Delay", "MaxAttempts")


def _is_error(response: Mapping[str, Any]) -> bool:
    """botocore's `is_valid_waiter_error`: an `Error` mapping with a `Code`."""
    error = response.get("Error")
    return isinstance(error, dict) and "Code" in error


@dataclass(frozen=True, slots=True)
class Acceptor:
    """One acceptor of a waiter: the state it sets when `matcher` matches `expected`."""

    state: State
    matcher: Matcher
    expected: object
    argument: str | None = None
    """The JMESPath expression of the path matchers."""

    def matches(self, response: Mapping[str, Any]) -> bool:
        """Whether this acceptor matches `response`, as botocore's matcher functions decide."""
        if self.matcher == "status":
            return bool(response.get("ResponseMetadata", {}).get("HTTPStatusCode") == self.expected)
        if self.matcher == "error":
            if self.expected is True:
                return "Error" in response and "Code" in response["Error"]
            if self.expected is False:
                return "Error" not in response
            return bool(response.get("Error", {}).get("Code", "") == self.expected)
        if _is_error(response):
            return False
        assert self.argument is not None  # the spec requires it of path matchers
        try:
            result = compile_expression(self.argument)(response)
        except ExpressionTypeError as error:
            raise ResponseParseError("", f"{self.argument!r}: {error}") from error
        if self.matcher == "path":
            return bool(result == self.expected)
        if not isinstance(result, list) or not result:
            return False
        if self.matcher == "pathAll":
            return all(element == self.expected for element in result)
        return any(element == self.expected for element in result)

    @property
    def explanation(self) -> str:
        if self.matcher in ("status", "error"):
            what = "HTTP status" if self.matcher == "status" else "error code"
            return f"{self.state} on {what} {self.expected!r}"
        quantifier = {"path": "", "pathAll": "every element of ", "pathAny": "an element of "}
        return f"{self.state} on {quantifier[self.matcher]}{self.argument!r} == {self.expected!r}"


@dataclass(frozen=True, slots=True, kw_only=True)
class WaiterSpec:
    """Everything a waiter knows, from the spec; `WAITERS[name]`. Call it with a client method
    for a `Waiter`; `async_waiter(call)` gives an `AsyncWaiter`."""

    name: str
    operation: Operation
    delay: int
    """Seconds between attempts, unless `WaiterConfig.Delay` says otherwise."""
    max_attempts: int
    acceptors: tuple[Acceptor, ...]
    documentation: str = ""

    def __call__(
        self, call: WaiterCall, *, sleep: Sleep = time.sleep, strict_enums: bool = True
    ) -> Waiter:
        """A waiter over `call`, e.g. `client.describe_thing`."""
        return Waiter(self, call, sleep=sleep, strict_enums=strict_enums)

    def async_waiter(
        self, call: AsyncWaiterCall, *, sleep: AsyncSleep | None = None, strict_enums: bool = True
    ) -> AsyncWaiter:
        """A waiter over an async `call`; `sleep` defaults to `asyncio.sleep`."""
        return AsyncWaiter(self, call, sleep=sleep, strict_enums=strict_enums)


def _config_number(
    config: Mapping[str, object],
    key: str,
    minimum: int,
    kinds: tuple[type[int | float], ...],
    issues: list[ValidationIssue],
) -> float | None:
    """`WaiterConfig[key]` when given and valid; an issue when given and not."""
    value = config.get(key)
    path = f"WaiterConfig.{key}"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        issues.append(ValidationIssue(path, "type", f"{path}: expected a number, got {value!r}"))
        return None
    if value < minimum:
        issues.append(
            ValidationIssue(path, "min", f"{path}: {value} is less than the minimum {minimum}")
        )
        return None
    return value


class _Attempts:
    """One wait's state, shared by the sync and async waiters; does no I/O."""

    def __init__(
        self, spec: WaiterSpec, params: dict[str, object], config: object, strict_enums: bool
    ) -> None:
        issues: list[ValidationIssue] = []
        try:
            spec.operation.validate_request(params, strict_enums=strict_enums)
        except RequestValidationError as error:
            issues.extend(error.issues)
        entries = config_entries("WaiterConfig", config, _CONFIG_KEYS, issues)
        delay = _config_number(entries, "Delay", 0, (int, float), issues)
        max_attempts = _config_number(entries, "MaxAttempts", 1, (int,), issues)
        if issues:
            raise RequestValidationError(spec.operation.name, issues)
        self.spec = spec
        self.delay = spec.delay if delay is None else delay
        self.max_attempts = spec.max_attempts if max_attempts is None else int(max_attempts)
        self.attempts = 0

    def caught(self, error: Exception) -> Mapping[str, Any]:
        """The parsed error response of a botocore `ClientError`, which acceptors see; any
        other exception is raised again."""
        typed = to_service_error(error, {})
        if typed is None or typed.response is None:
            raise error
        return typed.response

    def done(self, response: Mapping[str, Any], raised: Exception | None) -> bool:
        """Whether `response` (of the `ClientError` `raised`, if any) ends the wait in success;
        raises the wait's `WaiterError`."""
        self.attempts += 1
        for acceptor in self.spec.acceptors:
            if acceptor.matches(response):
                if acceptor.state == "success":
                    return True
                if acceptor.state == "failure":
                    raise self._error(WaiterFailureError, acceptor.explanation, response, raised)
                break
        else:
            if _is_error(response):
                error = response["Error"]
                reason = f"the service answered {error.get('Code')}: {error.get('Message', '')}"
                raise self._error(WaiterFailureError, reason, response, raised)
        if self.attempts >= self.max_attempts:
            raise self._error(WaiterAttemptsExceededError, "no attempts left", response, raised)
        return False

    def _error(
        self,
        kind: type[WaiterFailureError | WaiterAttemptsExceededError],
        reason: str,
        response: Mapping[str, Any],
        raised: Exception | None,
    ) -> WaiterFailureError | WaiterAttemptsExceededError:
        operation = self.spec.operation
        errors: Mapping[str, type[ServiceError]] = (
            {} if raised is None else import_module(f"{operation.module}.errors").ERRORS
        )
        error = kind(
            reason,
            name=self.spec.name,
            attempts=self.attempts,
            last_response=response,
            service_error=to_service_error(raised, errors, operation=operation.name),
        )
        error.__cause__ = raised
        return error


class Waiter:
    """Waits on one operation over `call` with the acceptors of `spec`."""

    def __init__(
        self, spec: WaiterSpec, call: WaiterCall, *, sleep: Sleep, strict_enums: bool
    ) -> None:
        self.spec = spec
        self._call = call
        self._sleep = sleep
        self.strict_enums = strict_enums

    def wait(
        self, *, WaiterConfig: Mapping[str, object] | None = None, **params: object
    ) -> Mapping[str, Any]:
        """Calls until success and returns the last response; raises `WaiterError`."""
        attempts = _Attempts(self.spec, params, WaiterConfig, self.strict_enums)
        while True:
            raised: Exception | None = None
            try:
                response = self._call(**params)
            except Exception as error:
                response, raised = attempts.caught(error), error
            if attempts.done(response, raised):
                return response
            self._sleep(attempts.delay)


class AsyncWaiter:
    """`Waiter` over an async callable; `await waiter.wait(...)`."""

    def __init__(
        self,
        spec: WaiterSpec,
        call: AsyncWaiterCall,
        *,
        sleep: AsyncSleep | None,
        strict_enums: bool,
    ) -> None:
        self.spec = spec
        self._call = call
        self._sleep = sleep
        self.strict_enums = strict_enums

    async def wait(
        self, *, WaiterConfig: Mapping[str, object] | None = None, **params: object
    ) -> Mapping[str, Any]:
        """As `Waiter.wait`."""
        attempts = _Attempts(self.spec, params, WaiterConfig, self.strict_enums)
        sleep = self._sleep
        if sleep is None:
            import asyncio  # only here: importing asyncio costs more than this whole module

            sleep = asyncio.sleep
        while True:
            raised: Exception | None = None
            try:
                response = await self._call(**params)
            except Exception as error:
                response, raised = attempts.caught(error), error
            if attempts.done(response, raised):
                return response
            await sleep(attempts.delay)
