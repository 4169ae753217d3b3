"""What every service's `strategies` module draws with: lazily built strategies, sized texts,
timestamps, violations of one rule, wire forms of responses and linked page sequences.

Each service's module holds the strategies its spec defines and the records (`Constraint`,
`OperationStrategies`) that name them; the machinery they share is here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from datetime import UTC, datetime, timedelta, timezone
from importlib import import_module
from typing import Any, Final, Generic, TypeVar

from hypothesis import strategies as st

from .errors import Rule
from .operations import path_steps
from .pagination import PageKeys, link_page
from .structures import Structure
from .timestamps import WireForms, to_epoch, to_iso8601

Params = dict[str, Any]
_T = TypeVar("_T")


class _Definition(Generic[_T]):
    """How to build a strategy; the strategy is built when first asked for, then kept."""

    __slots__ = ("_define", "_strategy")

    def __init__(self, define: Callable[[], st.SearchStrategy[_T]]) -> None:
        self._define = define
        self._strategy: st.SearchStrategy[_T] | None = None

    def strategy(self) -> st.SearchStrategy[_T]:
        if self._strategy is None:
            self._strategy = self._define()
        return self._strategy

    def __repr__(self) -> str:
        return "..."  # Hypothesis shows it; the definition's source can be 100 kB long


@st.composite
def _built(draw: st.DrawFn, definition: _Definition[_T]) -> _T:
    return draw(definition.strategy())


def lazily(define: Callable[[], st.SearchStrategy[_T]]) -> st.SearchStrategy[_T]:
    """The strategy `define()` returns, built when first drawn from, so that importing a
    strategies module builds none. (`st.deferred` would too, but costs three times as much to
    create, and Hypothesis warns when it shows one whose definition is long.)"""
    return _built(_Definition(define))


# botocore and most servers handle these instants; microseconds survive every wire form but
# RFC 7231 dates (epoch floats keep them up to 2106), whose members draw whole seconds.
TIMESTAMPS: Final = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
WHOLE_SECONDS: Final = TIMESTAMPS.map(lambda instant: instant.replace(microsecond=0))


def documents(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Documents: any JSON value, its text drawn from `alphabet` (null only inside containers:
    a null member is an absent one)."""
    return st.recursive(
        st.booleans()
        | st.integers(-(2**53), 2**53)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(alphabet, max_size=10),
        lambda children: st.lists(children | st.none(), max_size=3)
        | st.dictionaries(st.text(alphabet, max_size=10), children | st.none(), max_size=3),
        max_leaves=8,
    )


def sized(
    texts: st.SearchStrategy[str], min_size: int | None, max_size: int | None
) -> st.SearchStrategy[str]:
    """The `texts` that have an allowed length."""
    if min_size is None and max_size is None:
        return texts
    low, high = min_size or 0, max_size
    return texts.filter(lambda text: low <= len(text) and (high is None or len(text) <= high))


def padded(strategy: st.SearchStrategy[str], length: int) -> st.SearchStrategy[str]:
    """A valid value made too long by appending text, which keeps a `search` match."""
    return strategy.map(lambda text: text + "a" * (length - len(text)))


def one_element(pairs: tuple[tuple[str, str], ...]) -> Callable[[Params], Params]:
    """Each (member, list) pair that shares one XML element (S3's deprecated `Event` and its
    `Events`) as botocore reads that element back: one element both hold, or neither (botocore
    reads two such elements into the member as XML elements, not text)."""

    def agree(value: Params) -> Params:
        value = dict(value)
        for single, items in pairs:
            drawn = [value.pop(single)] if single in value else value.pop(items, [])
            if drawn:
                value[single], value[items] = drawn[0], drawn[:1]
        return value

    return agree


@dataclass(frozen=True, slots=True)
class Violation:
    """A request member that breaks `rule`: set to a draw of `value`, or removed (None)."""

    member: str
    rule: Rule
    value: st.SearchStrategy[Any] | None


@dataclass(frozen=True, slots=True)
class Constraint:
    """One rule of a request member or of a member, item, key or value inside one, as the
    conformance checker's boundary phase probes it: `low`/`high` bound a `length`, `min` or
    `max`; `values` are an `enum`'s values, or for a `pattern` a value that just misses it (none
    when no simple value does). `member` is the path as the validator writes it, with `[]` for
    any item, ` (key)` for any key and `[*]` for any value of a map (`things[].name`);
    `path` spells it out: `.` and a member's name, `[]`, ` (key)` or `[*]` each. `steps` give
    the path where `member` cannot spell it (a member's name holds `.`, `[` or a space)."""

    member: str
    rule: Rule
    _: KW_ONLY
    low: int | float | None = None
    high: int | float | None = None
    values: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        """The steps from the request to the value the rule is of."""
        return self.steps or path_steps(self.member)


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationStrategies:
    """The strategies of one operation, as `OPERATIONS[name].strategies` exposes them."""

    requests: Callable[[], st.SearchStrategy[Params]]
    """Valid keyword arguments of the boto3 method."""
    invalid_requests: Callable[[], st.SearchStrategy[tuple[Params, Rule]]]
    """Requests that break exactly one rule, with that rule."""
    responses: Callable[[], st.SearchStrategy[Params]]
    """Valid responses as boto3 returns them."""
    wire_responses: Callable[[], st.SearchStrategy[bytes]]
    """Valid response bodies as AWS may send them: JSON or XML with timestamps in every form of
    their format, or CBOR (smithy-rpc-v2-cbor) in every layout."""
    page_sequences: Callable[..., st.SearchStrategy[list[Params]]] = lambda **_: st.nothing()
    """Consistent chains of response pages linked by unique tokens; the last has none (none
    without a paginator)."""
    items: Callable[[], st.SearchStrategy[Any]] | None = None
    """Valid result-key items of the paginator, as boto3 returns them (None: no paginator)."""
    constraints: tuple[Constraint, ...]
    """The rules of the request's members and of what they hold, for boundary cases."""


class DrawnForms(WireForms):
    """Each timestamp in a drawn form of its wire format, as AWS may send it."""

    __slots__ = ("_draw",)

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def iso8601(self, value: datetime) -> str:
        form = self._draw(st.sampled_from(("utc", "offset", "nanoseconds")))
        if form == "offset":
            zone = timezone(timedelta(minutes=self._draw(st.integers(-12 * 60, 14 * 60))))
            return value.astimezone(zone).isoformat()
        if form == "nanoseconds":
            return to_iso8601(value.replace(microsecond=0))[:-1] + f".{value.microsecond:06d}123Z"
        return to_iso8601(value)

    def unix_timestamp(self, value: datetime) -> int | float:
        seconds = to_epoch(value)
        return float(seconds) if self._draw(st.booleans()) else seconds  # `1.0e9` or `1000000000`


def concat(*parts: str | st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Texts of the parts one after another, a text part standing for itself: a pattern's
    sequence, as generator/regex.py translates it."""
    drawn = (st.just(part) if isinstance(part, str) else part for part in parts)
    return st.tuples(*drawn).map("".join)


def repeat(item: st.SearchStrategy[str], low: int, high: int | None) -> st.SearchStrategy[str]:
    """From `low` to `high` (None: any number of) texts of `item` one after another: a pattern's
    repeated group."""
    return st.lists(item, min_size=low, max_size=high).map("".join)


def run(
    alphabet: str | st.SearchStrategy[str], low: int, high: int | None
) -> st.SearchStrategy[str]:
    """From `low` to `high` (None: any number of) characters of `alphabet`: a pattern's
    repeated character class."""
    return st.text(alphabet, min_size=low, max_size=high)


def wire_json(
    models: str,
    responses: st.SearchStrategy[Params],
    class_name: str,
    payload: str | None = None,
    raw: bool = False,
) -> st.SearchStrategy[bytes]:
    """Wire JSON of the responses, as the dump function of the `models` module's class writes
    its wire form, each timestamp drawn in a form of its format; with a `payload`, the body is
    that member alone (`null` when unset), and a `raw` payload's body is its bytes or its text
    in UTF-8 (none when unset)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        cls: type[Structure] = getattr(import_module(models), class_name)
        response = cls.from_dict(draw(responses))
        wire = cls._dump(response, DrawnForms(draw))
        body: Any = wire.get(payload) if payload is not None else wire
        if raw:  # a blob or string payload, or an event stream: the body as it is
            return body.encode("utf-8") if isinstance(body, str) else body or b""
        return json.dumps(body).encode("utf-8")

    return build()


def event_sequences(
    events: st.SearchStrategy[Params], errors: st.SearchStrategy[Params]
) -> st.SearchStrategy[list[Params]]:
    """Event streams as boto3 yields them: a few events, then at times an error event (which
    ends a stream)."""
    ending = st.lists(errors, max_size=1) if not errors.is_empty else st.just([])
    return st.tuples(st.lists(events, max_size=3), ending).map(lambda parts: parts[0] + parts[1])


def with_violation(
    requests: st.SearchStrategy[Params], violations: tuple[Violation, ...]
) -> st.SearchStrategy[tuple[Params, Rule]]:
    """Requests that break one of the `violations`' rules, with that rule."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Params, Rule]:
        params = draw(requests)
        violation = draw(st.sampled_from(violations))
        if violation.value is None:
            params.pop(violation.member, None)
        else:
            params[violation.member] = draw(violation.value)
        return params, violation.rule

    return build()


def pages(
    responses: st.SearchStrategy[Params],
    tokens: st.SearchStrategy[tuple[Any, ...]],
    keys: PageKeys | None,
    item: st.SearchStrategy[Any],
    *,
    max_pages: int = 3,
    max_items_per_page: int = 3,
) -> st.SearchStrategy[list[Params]]:
    """Pages linked by unique tokens (the first of each truthy, as a paginator needs it),
    placed where a paginator of `keys` reads them; the last page has none."""
    assert keys is not None  # only paginated operations have page sequences
    # A token read from the last item (`Shards[-1].ShardId`) needs an item on the page.
    fewest = 1 if any("[" in token for token in keys.output_tokens) else 0

    @st.composite
    def build(draw: st.DrawFn) -> list[Params]:
        count = draw(st.integers(1, max_pages))
        links = draw(
            st.lists(
                tokens.filter(lambda link: bool(link[0])),
                min_size=count - 1,
                max_size=count - 1,
                unique_by=repr,
            )
        )
        drawn = []
        for index in range(count):
            last = index == count - 1
            items = draw(
                st.lists(item, min_size=0 if last else fewest, max_size=max_items_per_page)
            )
            drawn.append(link_page(keys, draw(responses), items, None if last else links[index]))
        return drawn

    return build()
