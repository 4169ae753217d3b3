"""Exceptions and issue types shared by every generated service package."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

Rule = Literal[
    "required",
    "unknown",
    "type",
    "enum",
    "min",
    "max",
    "length",
    "pattern",
    "timestamp",
    "union",
    "encoding",
    "host_label",
]
"""The rule an issue breaks; `length` covers string lengths, blob sizes, list and map sizes;
`union` is a union with no member or several set; `encoding` is text UTF-8 cannot encode (a
lone surrogate), which boto3 could not send; `host_label` is a member the host prefix holds
that is not one or more ASCII letters, digits, `-` and `.` (botocore refuses to send it),
reported of a value its shape allows."""


class ContractError(Exception):
    """Base class of every exception the generated package raises on purpose."""


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One way a value breaks the contract: where, which rule, and in plain words."""

    path: str
    """Where, in boto3 parameter names: `maxResults`, `outputConfiguration.members[0].accountId`."""
    rule: Rule
    message: str
    """The path, the offending value and the limit, e.g. `maxResults: 5000 is greater than the maximum 1000`."""

    def __str__(self) -> str:
        return self.message


# A validator builds one issue per problem it finds. Setting the slots directly costs 40% less
# than the frozen dataclass's __init__, which goes through object.__setattr__ for each field.
_new_object = object.__new__
_set_path, _set_rule, _set_message = (
    vars(ValidationIssue)[name].__set__ for name in ("path", "rule", "message")
)


def new_issue(path: str, rule: Rule, message: str) -> ValidationIssue:
    """`ValidationIssue(path, rule, message)`, built faster."""
    issue: ValidationIssue = _new_object(ValidationIssue)
    _set_path(issue, path)
    _set_rule(issue, rule)
    _set_message(issue, message)
    return issue


def _issue_lines(issues: Sequence[ValidationIssue]) -> str:
    lines = "".join(f"\n  - {issue.message} [{issue.rule}]" for issue in issues)
    return f"({len(issues)} issue(s)):{lines}"


class RequestValidationError(ContractError, ValueError):
    """A request AWS would reject; `.issues` holds every problem found, not only the first."""

    def __init__(self, operation: str, issues: Sequence[ValidationIssue]) -> None:
        # Rejecting a request must stay cheap when nobody reads the error: the message is built
        # in __str__, and BaseException.__new__ has already set `args` (operation, issues).
        self.operation = operation
        self.issues: tuple[ValidationIssue, ...] = tuple(issues)

    def __str__(self) -> str:
        return f"invalid {self.operation} request {_issue_lines(self.issues)}"


class ResponseValidationError(ContractError, ValueError):
    """A response that breaks the contract (what `check_response` finds); `.issues` holds every
    problem found."""

    def __init__(self, operation: str, issues: Sequence[ValidationIssue]) -> None:
        self.operation = operation
        self.issues: tuple[ValidationIssue, ...] = tuple(issues)

    def __str__(self) -> str:
        return f"{self.operation} response breaks the contract {_issue_lines(self.issues)}"


class ResponseParseError(ContractError, ValueError):
    """A response that cannot be represented: a wrong type or a missing required member."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path or '<response>'}: {message}")

    def under(self, parent: str) -> ResponseParseError:
        """The same error, seen from the structure that holds `parent`."""
        if not self.path:
            return ResponseParseError(parent, self.message)
        separator = "" if self.path.startswith("[") else "."
        return ResponseParseError(f"{parent}{separator}{self.path}", self.message)


Fault = Literal["client", "server"]
"""Who is to blame for a service error, as the spec's error shapes record it."""


class ServiceError(ContractError):
    """An error response of an AWS service, typed by its code.

    Each service package's `errors` module subclasses it once per error shape the spec declares;
    its `from_client_error` maps botocore's `ClientError` to those classes by error code, and a
    code the spec does not declare gives a plain `ServiceError`.
    """

    CODE: ClassVar[str] = ""
    """The error code the class stands for; empty on the generic class."""
    HTTP_STATUS: ClassVar[int | None] = None
    """The HTTP status the spec declares for the error."""
    FAULT: ClassVar[Fault | None] = None
    """`client` or `server`, as the spec declares it."""

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
        operation: str | None = None,
        resume_token: str | None = None,
        response: Mapping[str, Any] | None = None,
    ) -> None:
        self.code: str = self.CODE if code is None else code
        self.message = message
        self.http_status: int | None = self.HTTP_STATUS if http_status is None else http_status
        """The HTTP status of the response when known, else the one the spec declares."""
        self.request_id = request_id
        """`ResponseMetadata.RequestId` of the response, when present."""
        self.operation = operation
        self.resume_token = resume_token
        """Set when raised by a paginator: `StartingToken` that resumes at the first item not yet
        returned."""
        self.response = response
        """The whole error response, as botocore parsed it."""
        suffix = "" if request_id is None else f" (request id {request_id})"
        super().__init__(f"{self.code or 'ServiceError'}: {message}{suffix}")


def _bare_code(code: str) -> str:
    """`aws.protocols#ThrottlingException:http://...` -> `ThrottlingException`."""
    return code.split(":", 1)[0].rpartition("#")[2]


def to_service_error(
    error: object,
    classes: Mapping[str, type[ServiceError]],
    *,
    operation: str | None = None,
    resume_token: str | None = None,
    query_compatible: bool = False,
) -> ServiceError | None:
    """The typed form of a botocore `ClientError`, or None if `error` is not one.

    botocore is not imported: an error is a `ClientError` when its `response` attribute is a
    mapping whose `Error.Code` is text. The code picks the class in `classes`; an unknown code
    gives a plain `ServiceError`. `operation` is used when the error does not name one.

    For a `query_compatible` service (awsQueryCompatible), an error may name its query-protocol
    code in the x-amzn-query-error header: botocore then puts that code in `Error.Code` (which
    stays the error's `code`) and the protocol's in `Error.QueryErrorCode`; when the classes
    have no class of the first, the class is the second's, as botocore's clients choose (SQS's
    error shapes record no query code).
    """
    response = getattr(error, "response", None)
    if not isinstance(response, Mapping):
        return None
    details = response.get("Error")
    if not isinstance(details, Mapping) or not isinstance(details.get("Code"), str):
        return None
    code = _bare_code(details["Code"])
    error_class = classes.get(code)
    protocol_code = details.get("QueryErrorCode")
    if error_class is None and query_compatible and isinstance(protocol_code, str):
        error_class = classes.get(_bare_code(protocol_code))
    message = details.get("Message")
    metadata = response.get("ResponseMetadata")
    if not isinstance(metadata, Mapping):
        metadata = {}
    request_id = metadata.get("RequestId")
    status = metadata.get("HTTPStatusCode")
    named = getattr(error, "operation_name", None)
    return (error_class or ServiceError)(
        message if isinstance(message, str) else "",
        code=code,
        http_status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        request_id=request_id if isinstance(request_id, str) and request_id else None,
        operation=named if isinstance(named, str) else operation,
        resume_token=resume_token,
        response=response,
    )


class PaginationError(ContractError, RuntimeError):
    """A pagination that cannot go on: the service sent a token again, or too many pages."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        resume_token: str | None,
        cycle: tuple[object, ...] = (),
    ) -> None:
        self.operation = operation
        self.resume_token = resume_token
        """`StartingToken` that resumes at the first item not yet returned."""
        self.cycle = cycle
        """The tokens of a cycle, first and last the same (`("A", "B", "A")`; with several
        input tokens, a tuple of them each); empty otherwise."""
        super().__init__(f"{operation}: {message}")


class WaiterError(ContractError, RuntimeError):
    """A wait that ended without reaching a success state (botocore's `WaiterError`)."""

    def __init__(
        self,
        message: str,
        *,
        name: str,
        attempts: int,
        last_response: Mapping[str, Any],
        service_error: ServiceError | None = None,
    ) -> None:
        self.name = name
        """The waiter's name, e.g. `ModelReady`."""
        self.attempts = attempts
        """The calls made, the last included."""
        self.last_response = last_response
        """The last response (an error response as botocore parses it)."""
        self.service_error = service_error
        """The typed error when the last response was an error response."""
        super().__init__(f"waiter {name} failed after {attempts} attempt(s): {message}")


class WaiterFailureError(WaiterError):
    """A failure acceptor matched, or the service answered with an error no acceptor matched."""


class WaiterAttemptsExceededError(WaiterError):
    """`MaxAttempts` calls were made and none reached a success or failure state."""
