"""The base classes of every dataclass a service's `models` defines, and the decorators that
give each class its generated parse and dump functions (`parses`, `dumps`).

The methods every structure has are written once here rather than printed into each class:
`from_dict` and `to_dict` on all, `from_json` and `to_json` on those whose wire JSON is the
whole structure. A structure with a payload member, or with members that travel beside its
body, prints the forms of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, TypeVar

from .from_type import resolve_with_strategies
from .parsing import builder, decode, mapping, too_deep
from .timestamps import WIRE, WireForms


class Structure:
    """What every dataclass of a service's `models` has: its parse and dump functions (which
    `parses` and `dumps` give it) and the methods that call them."""

    __slots__ = ()
    _parse: ClassVar[Callable[[object], Any]]
    _dump: ClassVar[Callable[[Any, WireForms | None], dict[str, Any]]]
    _builder: ClassVar[Callable[[], Any]]  # the twin its parse function fills (parsing.builder)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parses the dict boto3 returns, or decoded wire JSON."""
        try:
            parsed: Self = cls._parse(data)  # Any: no cast, which would cost a call
        except RecursionError:  # a structure that holds itself, nested deeper than Python goes
            raise too_deep() from None
        return parsed

    def to_dict(self) -> dict[str, Any]:
        """The dict boto3 would return: wire names, datetimes, enum values as text."""
        return type(self)._dump(self, None)


class JsonStructure(Structure):
    """A structure whose wire JSON is the whole of it (it has no payload member)."""

    __slots__ = ()

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Parses wire JSON."""
        decoded = decode(data)
        return cls.from_dict(decoded if isinstance(decoded, dict) else mapping(decoded))

    def to_json(self) -> str:
        """Wire JSON, each timestamp in its format (epoch seconds unless the spec says otherwise)."""
        return json.dumps(type(self)._dump(self, WIRE), ensure_ascii=False)


_Parse = TypeVar("_Parse", bound=Callable[[object], Any])
_Dump = TypeVar("_Dump", bound=Callable[[Any, "WireForms | None"], dict[str, Any]])


def parses(cls: type[Structure]) -> Callable[[_Parse], _Parse]:
    """Decorates the parse function of `cls`, which its methods call; `st.from_type(cls)` then
    draws from the service's strategies (see from_type.py)."""

    def define(parse: _Parse) -> _Parse:
        cls._parse = parse
        cls._builder = builder(cls)
        resolve_with_strategies(cls.__module__.rsplit(".", 2)[0] + ".strategies", (cls,))
        return parse

    return define


def dumps(cls: type[Structure]) -> Callable[[_Dump], _Dump]:
    """Decorates the dump function of `cls`, which its methods call."""

    def define(dump: _Dump) -> _Dump:
        cls._dump = dump
        return dump

    return define
