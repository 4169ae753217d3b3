"""The description of one API operation, as exposed by each service's `OPERATIONS` mapping."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from .errors import ValidationIssue
    from .pagination import AsyncPaginatorFactory, PaginatorFactory


# The steps of a constraint's path (`OPERATIONS[name].strategies.constraints`) into a list's
# item, a map's key and a map's value; a step into a structure's member is "." and its name.
ITEM: Final = "[]"
KEY: Final = " (key)"
VALUE: Final = "[*]"


def path_steps(path: str) -> tuple[str, ...]:
    """The steps a constraint's path spells (`tags[].key`: `.tags`, `[]`, `.key`), reading `.`,
    `[]`, `[*]` and ` (key)` as steps wherever they stand; where a member's name holds one of
    them (or a space), the constraint spells its steps out itself."""
    return tuple(re.findall(r"\[\]|\[\*\]| \(key\)|\.[^.[ ]*", "." + path))


@dataclass(frozen=True, slots=True, kw_only=True)
class PaginationKeys:
    """The members a paginator reads and writes, named as on the wire; output tokens, result
    keys and `more_results` may be paths (`ResultSet.Rows`), as in botocore's models."""

    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    limit_key: str | None
    result_keys: tuple[str, ...]
    """The first holds the items; the others are aggregated by `build_full_result`."""
    more_results: str | None = None

    @property
    def input_token(self) -> str:
        """The first input token (most paginators have one)."""
        return self.input_tokens[0]

    @property
    def output_token(self) -> str:
        """The first output token."""
        return self.output_tokens[0]

    @property
    def result_key(self) -> str:
        """The primary result key, whose items the paginator returns."""
        return self.result_keys[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One API operation of a service and everything generated for it.

    The record holds names; the classes and functions they name are looked up in the service's
    modules on first use (and then kept), so that `OPERATIONS` costs no import of `models`,
    `validators` or `paginators`.
    """

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
    pagination: PaginationKeys | None = None
    module: str
    """The service's package as imported (`__name__` of its `__init__`): where the names are."""
    request_type_name: str | None = None
    """`request_type` in the package's `models`; None for an operation without input."""
    response_type_name: str | None = None
    """`response_type` in `models`, or None."""
    _found: dict[tuple[str, str], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # The generator names each function after the operation's `python_name`.
    @property
    def validate_request_name(self) -> str:
        """`validate_request` in the package's `validators`."""
        return f"validate_{self.python_name}_request"

    @property
    def check_response_name(self) -> str:
        """`check_response` in `validators`."""
        return f"check_{self.python_name}_response"

    @property
    def paginator_name(self) -> str | None:
        """`paginator` in the package's `paginators`, or None."""
        return None if self.pagination is None else f"{self.python_name}_paginator"

    @property
    def async_paginator_name(self) -> str | None:
        """`async_paginator` in `paginators`, or None."""
        return None if self.pagination is None else f"{self.python_name}_async_paginator"

    def _find(self, submodule: str, name: str) -> Any:
        key = (submodule, name)
        try:
            return self._found[key]
        except KeyError:
            found = self._found[key] = getattr(import_module(f"{self.module}.{submodule}"), name)
            return found

    @property
    def request_type(self) -> type[Any] | None:
        """The request dataclass; `request_type.from_dict(params)` types boto3 keyword
        arguments. None for an operation without input (the boto3 method takes none)."""
        if self.request_type_name is None:
            return None
        found: type[Any] = self._find("models", self.request_type_name)
        return found

    @property
    def response_type(self) -> type[Any] | None:
        """The response dataclass; `response_type.from_dict(response)` parses what boto3
        returns. None for an operation without output (boto3 returns only
        `ResponseMetadata`)."""
        if self.response_type_name is None:
            return None
        found: type[Any] = self._find("models", self.response_type_name)
        return found

    @property
    def validate_request(self) -> Callable[..., None]:
        """`validate_request(params, *, strict_enums=True)` raises `RequestValidationError`."""
        found: Callable[..., None] = self._find("validators", self.validate_request_name)
        return found

    @property
    def check_response(self) -> Callable[[object], list[ValidationIssue]]:
        """Every way a response breaks the spec, as issues with path and rule."""
        found: Callable[[object], list[ValidationIssue]] = self._find(
            "validators", self.check_response_name
        )
        return found

    @property
    def paginator(self) -> PaginatorFactory | None:
        """`paginator(call, *, max_pages=10_000, strict_enums=True)`: a `Paginator` over `call`,
        a boto3 client method or any callable taking the request's keyword arguments and
        returning the response dict (see the package's `pagination` module); None without a
        paginator."""
        if self.paginator_name is None:
            return None
        found: PaginatorFactory = self._find("paginators", self.paginator_name)
        return found

    @property
    def async_paginator(self) -> AsyncPaginatorFactory | None:
        """The same over an async callable (aiobotocore-style), for `async for`."""
        if self.async_paginator_name is None:
            return None
        found: AsyncPaginatorFactory = self._find("paginators", self.async_paginator_name)
        return found

    @property
    def strategies_module(self) -> str:
        """The module of the operation's Hypothesis strategies, imported on first use."""
        return f"{self.module}.strategies"

    @property
    def strategies(self) -> Any:
        """The `OperationStrategies` of this operation: `requests()`, `invalid_requests()`,
        `responses()`, `wire_responses()` and `page_sequences()`. Needs hypothesis."""
        return import_module(self.strategies_module).STRATEGIES[self.name]
