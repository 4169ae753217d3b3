"""Paginators over any callable that takes a request's keyword arguments and returns its response.

`OPERATIONS[name].paginator(call)` wraps a boto3 client method, a fake or a stub;
`OPERATIONS[name].async_paginator(call)` wraps an async one (aiobotocore-style) for `async for`.
`paginate(**params, PaginationConfig={"MaxItems": ..., "PageSize": ..., "StartingToken": ...})`
validates the request, then gives a `PageIterator`: typed pages (`pages()`, or iterate it),
typed items (`items()`), the same raw (`raw_pages()`, `raw_items()`) for data the dataclasses
cannot parse, and `build_full_result()`. A page iterator is a cursor: each of these continues
where the previous one stopped.

Resume tokens. `resume_token` names the first item not yet returned, at every point: after a
page, after an item, after `MaxItems` cut a page, and after an exception ended the iteration. It
is None only when nothing is left. Passed back as `StartingToken`, it yields exactly the rest. It
is opaque to callers, and is standard base64 of the JSON object `{"<input token>": <the service
token of the page holding that item, or null for the first page>, "skip": <items of that page
already returned>}`, e.g. `{"nextToken": "abc", "skip": 2}`; botocore uses the same scheme with
`boto_truncate_amount`. A `StartingToken` that is not such a token (not base64, not UTF-8, not
JSON, other keys, a service token that is not non-empty text UTF-8 can encode, a `skip` that is
not a non-negative integer) is a `RequestValidationError` issue (rule `type`) at
`PaginationConfig.StartingToken`, raised before any call.

Forms. A paginator may have several input tokens, sent back from as many output tokens; output
tokens, result keys, `more_results` and non-aggregate keys may be paths (`Shards[-1].ShardId`,
`ResultSet.Rows`, `NextMarker || Contents[-1].Key`), evaluated as botocore evaluates them (the
package's `expressions` module). The first result key is the primary one: its items are the
pagination's items, counted by `MaxItems` and cut at a resume point; the others are aggregated
by `build_full_result` (lists joined, numbers added, text concatenated) and, on a page resumed
after some of its items, emptied as botocore empties them (numbers kept). With several input
tokens, a resume token holds each under its name.

Guards. A falsy `more_results`, or every output token missing or empty, ends the pagination. A token the service sent before in
the same pagination raises `PaginationError` naming the cycle (`'A' -> 'B' -> 'A'`); more than
`max_pages` requests (10_000 by default) raises it too. Tokens the service returns are sent back
as they are, never checked against the request's pattern or length.

Errors. A botocore `ClientError` raised by the callable becomes the service's typed error (see
its `errors` module) with `resume_token` set, raised from the original; any other exception
propagates unchanged, and `resume_token` still names the first item not yet returned.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Generic, Protocol, TypeVar

from .checks import config_entries
from .errors import (
    PaginationError,
    RequestValidationError,
    ResponseParseError,
    ServiceError,
    ValidationIssue,
    to_service_error,
)
from .expressions import compile_expression

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")
CallT = TypeVar("CallT")

PageCall = Callable[..., Mapping[str, Any]]
"""What a paginator calls: the request's keyword arguments in, the response dict out."""
AsyncPageCall = Callable[..., Awaitable[Mapping[str, Any]]]
"""What an async paginator calls and awaits."""

DEFAULT_MAX_PAGES: Final = 10_000
"""Requests one pagination may make before `PaginationError` stops it."""

_CONFIG_KEYS: Final = ("MaxItems", "PageSize", "StartingToken")
RESUME_TOKEN_SKIP_KEY: Final = "skip"
"""The key of the position within a page in resume tokens (no input token may use it)."""


def keep_item(item: Any) -> Any:
    """The parser of result-key items that are not structures: the item as it came."""
    return item


class PageKeys(Protocol):
    """Where a page holds its items and the tokens of the next one (`PaginationSpec`, and the
    `pagination` of `OPERATIONS[name]`)."""

    @property
    def output_tokens(self) -> tuple[str, ...]: ...
    @property
    def result_keys(self) -> tuple[str, ...]: ...
    @property
    def more_results(self) -> str | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class PaginationSpec(Generic[PageT, ItemT]):
    """Everything a paginator knows of one operation, from the spec."""

    operation: str
    input_tokens: tuple[str, ...]
    """The request members the tokens of the next page go to, in order."""
    output_tokens: tuple[str, ...]
    """Where each input token's value is in a response: member names or paths."""
    limit_key: str | None
    page_size_min: int | None
    """The limit key's range, which `PageSize` must respect."""
    page_size_max: int | None
    result_keys: tuple[str, ...]
    """The result keys (member names or dotted paths); the first holds the items."""
    validate_request: Callable[..., None]
    parse_page: Callable[[Mapping[str, Any]], PageT]
    parse_item: Callable[[Mapping[str, Any]], ItemT]
    errors: Mapping[str, type[ServiceError]]
    """The service's typed errors by code."""
    more_results: str | None = None
    """Where a response says whether more pages follow; falsy ends the pagination."""
    non_aggregate_keys: tuple[str, ...] = ()
    """Output members (or dotted paths) `build_full_result` takes from the pagination's first
    response, as botocore does (absent ones as None)."""

    @property
    def resume_key(self) -> str:
        """The key of the resume token in `build_full_result`: the output token's name, or
        botocore's `NextToken` when it is a path or there are several."""
        token = self.output_tokens[0]
        return token if len(self.output_tokens) == 1 and _NAME.fullmatch(token) else "NextToken"


_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STEP: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(-?[0-9]+)\])?")


@lru_cache(maxsize=256)
def _steps(path: str) -> tuple[str | int, ...]:
    """The keys and indexes of a path (`a.b`, `a[-1].b`); of `a || b`, those of `a`."""
    steps: list[str | int] = []
    for part in path.split("||")[0].strip().split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise ValueError(f"{path!r} is not a path of member names and indexes")
        steps.append(match[1])
        if match[2] is not None:
            steps.append(int(match[2]))
    return tuple(steps)


def _search(expression: str, data: object) -> Any:
    return compile_expression(expression)(data)


def _replaced(data: Any, steps: tuple[str | int, ...], value: Any, *, remove: bool = False) -> Any:
    """A copy of `data` with `value` at `steps` (or nothing there, with `remove`), copying each
    container on the way and creating missing objects as botocore's `set_value_from_jmespath`."""
    step, rest = steps[0], steps[1:]
    if isinstance(step, int):
        if not isinstance(data, list) or not data:
            raise ValueError("a path indexes a list that is missing or empty")
        items = list(data)
        items[step] = value if not rest else _replaced(items[step], rest, value, remove=remove)
        return items
    members = dict(data) if isinstance(data, Mapping) else {}
    if rest:
        members[step] = _replaced(members.get(step), rest, value, remove=remove)
    elif remove:
        members.pop(step, None)
    else:
        members[step] = value
    return members


def link_page(
    keys: PageKeys, page: Mapping[str, Any], items: list[Any], tokens: tuple[Any, ...] | None
) -> dict[str, Any]:
    """`page` holding `items` under the primary result key and naming the next page's `tokens`
    (None: it is the last), as the paginator reads them: for stubs and page strategies. An output
    token that is a path with an index (`Shards[-1].ShardId`) is written into the last item, and
    `a || b` writes `a`."""
    linked: dict[str, Any] = _replaced(page, _steps(keys.result_keys[0]), items)
    for index, output_token in enumerate(keys.output_tokens):
        steps = _steps(output_token)
        token = None if tokens is None else tokens[index]
        if token is not None:
            linked = _replaced(linked, steps, token)
        elif not any(isinstance(step, int) for step in steps):
            linked = _replaced(linked, steps, None, remove=True)
    if keys.more_results is not None:
        linked = _replaced(linked, _steps(keys.more_results), tokens is not None)
    return linked


@dataclass(frozen=True, slots=True)
class _Position:
    """Where the first item not yet returned is: the page requested with `tokens` (each None:
    the first page), after `skip` of its items."""

    tokens: tuple[str | None, ...]
    skip: int


def _encode(input_tokens: tuple[str, ...], position: _Position) -> str:
    data = {
        **dict(zip(input_tokens, position.tokens, strict=True)),
        RESUME_TOKEN_SKIP_KEY: position.skip,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _decode(text: object, input_tokens: tuple[str, ...]) -> _Position:
    """The position a resume token names; ValueError with the reason if it is not one."""
    if not isinstance(text, str):
        raise ValueError(f"expected a resume token (text), got {type(text).__name__}")
    try:
        data = json.loads(base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8"))
    except (ValueError, RecursionError):
        raise ValueError("not a resume token: expected base64 of a UTF-8 JSON object") from None
    if not isinstance(data, dict) or data.keys() != {*input_tokens, RESUME_TOKEN_SKIP_KEY}:
        names = " and ".join(repr(name) for name in (*input_tokens, RESUME_TOKEN_SKIP_KEY))
        raise ValueError(f"not a resume token: expected the keys {names}")
    for name in input_tokens:
        _check_resumed(name, data[name])
    skip = data[RESUME_TOKEN_SKIP_KEY]
    if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
        raise ValueError("not a resume token: 'skip' must be a non-negative integer")
    return _Position(tuple(data[name] for name in input_tokens), skip)


def _check_resumed(name: str, token: object) -> None:
    """A service token of a resume token: null, or non-empty text UTF-8 can encode."""
    if token is None:
        return
    if not isinstance(token, str) or not token:
        raise ValueError(f"not a resume token: {name!r} must be null or non-empty text")
    if not token.isascii():
        try:
            token.encode()
        except UnicodeEncodeError:  # a lone surrogate: boto3 could not send the token
            raise ValueError(
                f"not a resume token: {name!r} holds a lone surrogate, which UTF-8 " "cannot encode"
            ) from None


def _short(tokens: tuple[Any, ...]) -> str:
    text = repr(tokens[0] if len(tokens) == 1 else tokens)
    return text if len(text) <= 40 else text[:37] + "..."


def _emptied(value: Any) -> Any:
    """A secondary result key of a page resumed after some of its items, as botocore leaves it:
    those items' lists and text were returned with them; numbers are the page's own."""
    if isinstance(value, list | tuple):
        return []
    if isinstance(value, str):
        return ""
    if isinstance(value, int | float):
        return value
    return None


def _merged(into: dict[str, Any], part: Mapping[str, Any]) -> None:
    """botocore's `merge_dicts`: objects merged key by key, anything else replaced."""
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merged(into[key], value)
        else:
            into[key] = value


@dataclass(frozen=True, slots=True, kw_only=True)
class _Chunk:
    """One response, with its result list cut to the items this pagination returns of it."""

    page: dict[str, Any]
    items: list[Any]
    tokens: tuple[Any, ...]
    """The service tokens the page was requested with."""
    skip: int
    """Items of the page before `items`."""
    end: _Position | None
    """Where the cursor stands once every item of the chunk is returned (None: nothing left)."""
    delivered: int
    """Items returned by the pagination before this chunk."""


class _Cursor(Generic[PageT, ItemT]):
    """The state of one pagination, shared by the sync and async iterators; does no I/O."""

    def __init__(
        self,
        spec: PaginationSpec[PageT, ItemT],
        params: dict[str, object],
        start: _Position,
        page_size: int | None,
        max_items: int | None,
        max_pages: int,
    ) -> None:
        self.spec = spec
        self.params = params
        self.position: _Position | None = start
        self.page_size = page_size
        self.max_items = max_items
        self.max_pages = max_pages
        self.delivered = 0
        self.pages = 0
        self.non_aggregate: dict[str, Any] | None = None  # from the first response
        self.chain: list[tuple[Any, ...]] = []  # the service tokens requested, in order
        self.seen: dict[str, int] = {}  # tokens (their repr) -> their last index in `chain`

    @property
    def resume_token(self) -> str | None:
        if self.position is None:
            return None
        return _encode(self.spec.input_tokens, self.position)

    def request(self, first: bool) -> dict[str, object] | None:
        """The keyword arguments of the next call, or None when the pagination is over."""
        position = self.position
        if position is None or (self.max_items is not None and self.delivered >= self.max_items):
            return None
        tokens = position.tokens
        requested = any(token is not None for token in tokens)
        key = repr(tokens)
        # The first request of an iteration may repeat the token it resumes from.
        if requested and key in self.seen and not first:
            cycle = (*self.chain[self.seen[key] :], tokens)
            links = cycle if len(tokens) > 1 else tuple(link[0] for link in cycle)
            raise PaginationError(
                "the service sent a token it had sent before, so the pages would repeat "
                f"forever: {' -> '.join(_short(link) for link in cycle)}",
                operation=self.spec.operation,
                resume_token=self.resume_token,
                cycle=links,
            )
        if self.pages >= self.max_pages:
            raise PaginationError(
                f"stopped after {self.pages} pages (max_pages); resume from `resume_token`",
                operation=self.spec.operation,
                resume_token=self.resume_token,
            )
        self.pages += 1
        if requested:
            self.seen[key] = len(self.chain)
            self.chain.append(tokens)
        request = dict(self.params)
        for name, token in zip(self.spec.input_tokens, tokens, strict=True):
            request.pop(name, None)
            if token is not None:
                request[name] = token
        if self.page_size is not None and self.spec.limit_key is not None:
            request[self.spec.limit_key] = self.page_size
        return request

    def _token(self, expression: str, response: Mapping[str, Any]) -> str | None:
        token = _search(expression, response)
        if not token:  # botocore treats an empty token as none
            return None
        if not isinstance(token, str):
            raise ResponseParseError(expression, f"expected a string, got {type(token).__name__}")
        return token

    def chunk(self, response: object) -> _Chunk:
        """The part of a response this pagination returns, and where it ends."""
        spec = self.spec
        position = self.position
        assert position is not None  # request() returned a request
        if not isinstance(response, Mapping):
            raise ResponseParseError("", f"expected an object, got {type(response).__name__}")
        primary = spec.result_keys[0]
        raw = _search(primary, response)
        if raw is None:
            raw = []
        elif not isinstance(raw, list | tuple):
            raise ResponseParseError(primary, f"expected a list, got {type(raw).__name__}")
        tokens = tuple(self._token(expression, response) for expression in spec.output_tokens)
        if self.non_aggregate is None:
            self.non_aggregate = {}
            for key in spec.non_aggregate_keys:
                self.non_aggregate = _replaced(
                    self.non_aggregate, _steps(key), _search(key, response)
                )
        more = spec.more_results is None or bool(_search(spec.more_results, response))
        items = list(raw[position.skip :])
        end = _Position(tokens, 0) if more and any(t is not None for t in tokens) else None
        page = dict(response)
        if position.skip:
            for key in spec.result_keys[1:]:
                if (value := _search(key, page)) is not None:
                    page = _replaced(page, _steps(key), _emptied(value))
        if self.max_items is not None and len(items) > self.max_items - self.delivered:
            items = items[: self.max_items - self.delivered]
            end = _Position(position.tokens, position.skip + len(items))
            page = _replaced(page, _steps(primary), items)
        elif position.skip:
            page = _replaced(page, _steps(primary), items)
        return _Chunk(
            page=page,
            items=items,
            tokens=position.tokens,
            skip=position.skip,
            end=end,
            delivered=self.delivered,
        )

    def typed_page(self, chunk: _Chunk) -> PageT:
        """The chunk's page, parsed; it counts as returned only once it parses."""
        page = self.spec.parse_page(chunk.page)
        self._page_taken(chunk)
        return page

    def raw_page(self, chunk: _Chunk) -> dict[str, Any]:
        self._page_taken(chunk)
        return chunk.page

    def typed_items(self, chunk: _Chunk) -> Iterator[ItemT]:
        """The chunk's items, parsed; each counts as returned once it parses."""
        for index, raw in enumerate(chunk.items):
            try:
                item = self.spec.parse_item(raw)
            except ResponseParseError as error:
                raise error.under(f"{self.spec.result_keys[0]}[{chunk.skip + index}]") from None
            self._item_taken(chunk, index)
            yield item
        self._page_taken(chunk)

    def raw_items(self, chunk: _Chunk) -> Iterator[Any]:
        for index, item in enumerate(chunk.items):
            self._item_taken(chunk, index)
            yield item
        self._page_taken(chunk)

    def full_result(self, pages: list[dict[str, Any]]) -> dict[str, Any]:
        """botocore's aggregate of `pages`: each result key's lists joined, numbers added and
        text concatenated (anything else as the first page has it), then the non-aggregate keys
        of the first response, and the resume token when items are left."""
        result: dict[str, Any] = {}
        for page in pages:
            for key in self.spec.result_keys:
                value = _search(key, page)
                if value is None:
                    continue
                so_far = _search(key, result)
                if so_far is None:
                    joined = list(value) if isinstance(value, list | tuple) else value
                elif isinstance(value, list | tuple):
                    joined = [*so_far, *value]
                elif isinstance(value, int | float | str):
                    joined = so_far + value
                else:
                    continue
                result = _replaced(result, _steps(key), joined)
        _merged(result, self.non_aggregate or {})
        if (resume_token := self.resume_token) is not None:
            result[self.spec.resume_key] = resume_token
        return result

    def _item_taken(self, chunk: _Chunk, index: int) -> None:
        self.delivered = chunk.delivered + index + 1
        if index + 1 == len(chunk.items):
            self.position = chunk.end
        else:
            self.position = _Position(chunk.tokens, chunk.skip + index + 1)

    def _page_taken(self, chunk: _Chunk) -> None:
        self.delivered = chunk.delivered + len(chunk.items)
        self.position = chunk.end

    def service_error(self, error: Exception) -> ServiceError | None:
        return to_service_error(
            error,
            self.spec.errors,
            operation=self.spec.operation,
            resume_token=self.resume_token,
        )


def _within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _start(
    spec: PaginationSpec[PageT, ItemT],
    params: dict[str, object],
    config: object,
    max_pages: int,
    strict_enums: bool,
) -> _Cursor[PageT, ItemT]:
    """Validates a request and its PaginationConfig; raises RequestValidationError."""
    config_issues: list[ValidationIssue] = []
    config = config_entries("PaginationConfig", config, _CONFIG_KEYS, config_issues)
    # The page size is sent as the limit key, which a request may then leave out even where it
    # is required (Cognito's ListUserPools), as botocore's paginator sends it.
    sent = params
    if spec.limit_key is not None and spec.limit_key not in params:
        size = config.get("PageSize")
        if type(size) is int and _within(size, spec.page_size_min, spec.page_size_max):
            sent = {**params, spec.limit_key: size}
    issues: list[ValidationIssue] = []
    try:
        spec.validate_request(sent, strict_enums=strict_enums)
    except RequestValidationError as error:
        issues.extend(error.issues)
    issues += config_issues
    max_items = config.get("MaxItems")
    if max_items is not None:
        if not isinstance(max_items, int) or isinstance(max_items, bool):
            issues.append(
                ValidationIssue(
                    "PaginationConfig.MaxItems",
                    "type",
                    f"PaginationConfig.MaxItems: expected an integer, got {max_items!r}",
                )
            )
        elif max_items < 1:
            issues.append(
                ValidationIssue(
                    "PaginationConfig.MaxItems",
                    "min",
                    f"PaginationConfig.MaxItems: {max_items} is less than the minimum 1",
                )
            )
    page_size = config.get("PageSize")
    if page_size is not None:
        if spec.limit_key is None:
            issues.append(
                ValidationIssue(
                    "PaginationConfig.PageSize",
                    "unknown",
                    f"PaginationConfig.PageSize: {spec.operation} has no limit key",
                )
            )
        elif not isinstance(page_size, int) or isinstance(page_size, bool):
            issues.append(
                ValidationIssue(
                    "PaginationConfig.PageSize",
                    "type",
                    f"PaginationConfig.PageSize: expected an integer, got {page_size!r}",
                )
            )
        else:
            if spec.page_size_min is not None and page_size < spec.page_size_min:
                issues.append(
                    ValidationIssue(
                        "PaginationConfig.PageSize",
                        "min",
                        f"PaginationConfig.PageSize: {page_size} is less than the minimum "
                        f"{spec.page_size_min} of {spec.limit_key}",
                    )
                )
            if spec.page_size_max is not None and page_size > spec.page_size_max:
                issues.append(
                    ValidationIssue(
                        "PaginationConfig.PageSize",
                        "max",
                        f"PaginationConfig.PageSize: {page_size} is greater than the maximum "
                        f"{spec.page_size_max} of {spec.limit_key}",
                    )
                )
    # Input tokens the request gives are where the first page starts.
    start = _Position(
        tuple(
            token if isinstance(token := params.get(name), str) else None
            for name in spec.input_tokens
        ),
        0,
    )
    starting_token = config.get("StartingToken")
    if starting_token is not None:
        try:
            start = _decode(starting_token, spec.input_tokens)
        except ValueError as error:
            issues.append(
                ValidationIssue(
                    "PaginationConfig.StartingToken",
                    "type",
                    f"PaginationConfig.StartingToken: {error}",
                )
            )
    if issues:
        raise RequestValidationError(spec.operation, issues)
    return _Cursor(
        spec,
        params,
        start,
        page_size if isinstance(page_size, int) else None,
        max_items if isinstance(max_items, int) else None,
        max_pages,
    )


class PaginatorFactory(Protocol):
    """`OPERATIONS[name].paginator`: a `Paginator` of the operation over `call`."""

    def __call__(
        self, call: PageCall, *, max_pages: int = ..., strict_enums: bool = ...
    ) -> Paginator[Any, Any]: ...


class AsyncPaginatorFactory(Protocol):
    """`OPERATIONS[name].async_paginator`: an `AsyncPaginator` of the operation over `call`."""

    def __call__(
        self, call: AsyncPageCall, *, max_pages: int = ..., strict_enums: bool = ...
    ) -> AsyncPaginator[Any, Any]: ...


class _Paginations(Generic[CallT, PageT, ItemT]):
    """What the sync and async paginators share: the callable, the spec and the settings."""

    def __init__(
        self,
        call: CallT,
        spec: PaginationSpec[PageT, ItemT],
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        strict_enums: bool = True,
    ) -> None:
        if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
            raise ValueError(f"max_pages must be a positive integer, not {max_pages!r}")
        self._call = call
        self.spec = spec
        self.max_pages = max_pages
        self.strict_enums = strict_enums

    def _cursor(self, params: dict[str, object], config: object) -> _Cursor[PageT, ItemT]:
        return _start(self.spec, params, config, self.max_pages, self.strict_enums)


class _Pagination(Generic[CallT, PageT, ItemT]):
    """What the sync and async page iterators share: the callable and the cursor."""

    def __init__(self, call: CallT, cursor: _Cursor[PageT, ItemT]) -> None:
        self._call = call
        self._cursor = cursor

    @property
    def resume_token(self) -> str | None:
        """`StartingToken` that resumes at the first item not yet returned; None when none is left."""
        return self._cursor.resume_token


class Paginator(_Paginations[PageCall, PageT, ItemT]):
    """Paginations of one operation over `call`; iterate them with `for`.

    `max_pages` caps the requests of one pagination; `strict_enums=False` lets enum values newer
    than the spec through request validation.
    """

    def paginate(
        self, *, PaginationConfig: Mapping[str, object] | None = None, **params: object
    ) -> PageIterator[PageT, ItemT]:
        """Validates the request, with `PaginationConfig`, and starts a pagination.

        Raises `RequestValidationError` with every issue, `PaginationConfig.*` ones included.
        """
        return PageIterator(self._call, self._cursor(params, PaginationConfig))


class PageIterator(_Pagination[PageCall, PageT, ItemT]):
    """One pagination: a cursor over the items of every page, consumed with `for`.

    Iterating it gives typed pages. `pages()`, `items()`, `raw_pages()`, `raw_items()` and
    `build_full_result()` each continue where the previous one stopped; use one at a time.
    """

    def __iter__(self) -> Iterator[PageT]:
        return self.pages()

    def _chunks(self) -> Iterator[_Chunk]:
        cursor = self._cursor
        first = True
        while (request := cursor.request(first)) is not None:
            first = False
            try:
                response = self._call(**request)
            except Exception as error:
                typed = cursor.service_error(error)
                if typed is None:
                    raise
                raise typed from error
            yield cursor.chunk(response)

    def pages(self) -> Iterator[PageT]:
        """Typed pages (`response_type.from_dict`), their result lists cut as `MaxItems` and
        `StartingToken` say. A page that cannot be parsed raises `ResponseParseError` and is not
        counted as returned."""
        for chunk in self._chunks():
            yield self._cursor.typed_page(chunk)

    def raw_pages(self) -> Iterator[dict[str, Any]]:
        """The response dicts as the callable returned them, result lists cut like `pages()`."""
        for chunk in self._chunks():
            yield self._cursor.raw_page(chunk)

    def items(self) -> Iterator[ItemT]:
        """The result-key items of every page, typed; an item that cannot be parsed raises
        `ResponseParseError` (path `resultKey[index]...`) and is not counted as returned."""
        for chunk in self._chunks():
            yield from self._cursor.typed_items(chunk)

    def raw_items(self) -> Iterator[Any]:
        """The result-key items of every page, as the callable returned them."""
        for chunk in self._chunks():
            yield from self._cursor.raw_items(chunk)

    def build_full_result(self) -> dict[str, Any]:
        """The aggregated result, as botocore builds it: the result keys' raw values across the
        pages (lists joined, numbers added, text concatenated), the non-aggregate keys of the
        first response, and the resume token when `MaxItems` left items behind, under the output
        token's name (botocore writes `NextToken` whatever the service calls its token; so does
        this for a path or several tokens)."""
        return self._cursor.full_result(list(self.raw_pages()))


class AsyncPaginator(_Paginations[AsyncPageCall, PageT, ItemT]):
    """`Paginator` over an async callable (aiobotocore-style); iterate with `async for`."""

    def paginate(
        self, *, PaginationConfig: Mapping[str, object] | None = None, **params: object
    ) -> AsyncPageIterator[PageT, ItemT]:
        """Validates the request, with `PaginationConfig`, and starts a pagination.

        Raises `RequestValidationError` with every issue, `PaginationConfig.*` ones included.
        """
        return AsyncPageIterator(self._call, self._cursor(params, PaginationConfig))


class AsyncPageIterator(_Pagination[AsyncPageCall, PageT, ItemT]):
    """`PageIterator` over an async callable: the same views, consumed with `async for`."""

    def __aiter__(self) -> AsyncIterator[PageT]:
        return self.pages()

    async def _chunks(self) -> AsyncIterator[_Chunk]:
        cursor = self._cursor
        first = True
        while (request := cursor.request(first)) is not None:
            first = False
            try:
                response = await self._call(**request)
            except Exception as error:
                typed = cursor.service_error(error)
                if typed is None:
                    raise
                raise typed from error
            yield cursor.chunk(response)

    async def pages(self) -> AsyncIterator[PageT]:
        """As `PageIterator.pages`."""
        async for chunk in self._chunks():
            yield self._cursor.typed_page(chunk)

    async def raw_pages(self) -> AsyncIterator[dict[str, Any]]:
        """As `PageIterator.raw_pages`."""
        async for chunk in self._chunks():
            yield self._cursor.raw_page(chunk)

    async def items(self) -> AsyncIterator[ItemT]:
        """As `PageIterator.items`."""
        async for chunk in self._chunks():
            for item in self._cursor.typed_items(chunk):
                yield item

    async def raw_items(self) -> AsyncIterator[Any]:
        """As `PageIterator.raw_items`."""
        async for chunk in self._chunks():
            for item in self._cursor.raw_items(chunk):
                yield item

    async def build_full_result(self) -> dict[str, Any]:
        """As `PageIterator.build_full_result`."""
        return self._cursor.full_result([page async for page in self.raw_pages()])
