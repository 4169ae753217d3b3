"""The description of one API operation, as exposed by each service's `OPERATIONS` mapping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from .errors import ValidationIssue
from .pagination import AsyncPaginatorFactory, PaginatorFactory


@dataclass(frozen=True, slots=True, kw_only=True)
class PaginationKeys:
    """The members a paginator reads and writes, named as on the wire."""

    input_token: str
    output_token: str
    limit_key: str | None
    result_key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One API operation of a service and everything generated for it."""

    name: str
    """The API operation name, e.g. `ListCustomModels`."""
    python_name: str
    """The boto3 client method name, e.g. `list_custom_models`."""
    service: str
    """The generated package of the service, e.g. `bedrock`."""
    documentation: str
    http_method: str
    http_uri: str
    errors: tuple[str, ...]
    """The error codes the operation declares, in model order."""
    pagination: PaginationKeys | None
    request_type: type[Any]
    """The request dataclass; `request_type.from_dict(params)` types boto3 keyword arguments."""
    response_type: type[Any] | None
    """The response dataclass; `response_type.from_dict(response)` parses what boto3 returns.
    None for an operation without output (boto3 returns only `ResponseMetadata`)."""
    validate_request: Callable[..., None]
    """`validate_request(params, *, strict_enums=True)` raises `RequestValidationError`."""
    check_response: Callable[[object], list[ValidationIssue]]
    """Every way a response breaks the spec, as issues with path and rule."""
    paginator: PaginatorFactory | None
    """`paginator(call, *, max_pages=10_000, strict_enums=True)`: a `Paginator` over `call`, a
    boto3 client method or any callable taking the request's keyword arguments and returning the
    response dict (see the package's `pagination` module); None without a paginator."""
    async_paginator: AsyncPaginatorFactory | None
    """The same over an async callable (aiobotocore-style), for `async for`."""
    strategies_module: str
    """The module of the operation's Hypothesis strategies, imported on first use."""

    @property
    def strategies(self) -> Any:
        """The `OperationStrategies` of this operation: `requests()`, `invalid_requests()`,
        `responses()`, `wire_responses()` and `page_sequences()`. Needs hypothesis."""
        return import_module(self.strategies_module).STRATEGIES[self.name]
