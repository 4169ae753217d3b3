"""The base classes of every dataclass a service's `models` defines, and `define`, which gives
each class its generated parse and dump functions.

The methods every structure has are written once here rather than printed into each class:
`from_dict` and `to_dict` on all, `from_json` and `to_json` on those whose wire JSON is the
whole structure. A structure with a payload member, or with members that travel beside its
body, prints the forms of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, cast

from .from_type import resolve_with_strategies
from .parsing import decode, guarded
from .timestamps import WIRE, WireForms


class Structure:
    """What every dataclass of a service's `models` has: its parse and dump functions (which
    `define` gives it) and the methods that call them."""

    __slots__ = ()
    _parse: ClassVar[Callable[[object], Any]]
    _dump: ClassVar[Callable[[Any, WireForms | None], dict[str, Any]]]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parses the dict boto3 returns, or decoded wire JSON."""
        return cast(Self, cls._parse(data))

    def to_dict(self) -> dict[str, Any]:
        """The dict boto3 would return: wire names, datetimes, enum values as text."""
        return type(self)._dump(self, None)


class JsonStructure(Structure):
    """A structure whose wire JSON is the whole of it (it has no payload member)."""

    __slots__ = ()

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Parses wire JSON."""
        return cast(Self, cls._parse(decode(data)))

    def to_json(self) -> str:
        """Wire JSON, each timestamp in its format (epoch seconds unless the spec says otherwise)."""
        return json.dumps(type(self)._dump(self, WIRE), ensure_ascii=False)


def define(
    cls: type[Structure],
    parse: Callable[[object], Any],
    dump: Callable[[Any, WireForms | None], dict[str, Any]],
    module: str,
    *,
    recursive: bool = False,
) -> None:
    """Gives `cls`, defined in the `_models` module `module`, its parse and dump functions
    (`recursive`: its data may nest too deeply to parse), and makes `st.from_type(cls)` draw
    from the service's strategies (see from_type.py)."""
    cls._parse = (lambda data: guarded(parse, data)) if recursive else parse
    cls._dump = dump
    resolve_with_strategies(module.rsplit(".", 2)[0] + ".strategies", (cls,))
