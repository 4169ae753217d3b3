"""`st.from_type` of a generated dataclass gives valid data whether or not the service's
`strategies` module was imported, while `models` needs nothing but the standard library.

Hypothesis resolves a type it has no strategy registered for by building it from its signature,
field by field (any text for a patterned string, naive datetimes, ...). Before it does, it reads
the class's `__signature__`. Each dataclass's `__signature__` is a hook that, when Hypothesis
reads it and the class has no strategy registered yet, imports the `strategies` module, has it
register the strategy of that class (`register_type`; one class at a time, so that the first
`from_type` builds one strategy, not the service's hundreds), and raises to stop the build from
the signature; Hypothesis' `from_type` catches it and resolves the type again, now to the
registered strategy. To anyone else (`inspect.signature`, `help`), and for subclasses, the hook
is None: the signature of `__init__`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import Any

from .errors import ContractError


class StrategiesRegistered(ContractError):
    """The `strategies` module registered the strategy of a dataclass while Hypothesis resolved
    it; resolving it again gives that strategy (`st.from_type` does so by itself)."""


class _SignatureHook:
    __slots__ = ("_strategies",)

    def __init__(self, strategies: str) -> None:
        self._strategies = strategies

    def __get__(self, instance: object, owner: type | None = None) -> None:
        if (
            owner is not None
            and owner.__dict__.get("__signature__") is self
            and _asked_by_hypothesis()
            and importlib.import_module(self._strategies).register_type(owner)
        ):
            raise StrategiesRegistered(
                f"{self._strategies} registered the strategy of {owner.__qualname__}; "
                "resolve the type again"
            )
        return None


def _asked_by_hypothesis() -> bool:
    # Frame 2 reads the attribute (frame 1 is `__get__`; getattr and hasattr add no frame).
    caller: str = sys._getframe(2).f_globals.get("__name__", "")
    return caller == "hypothesis" or caller.startswith("hypothesis.")


def resolve_with_strategies(strategies: str, classes: Iterable[Any]) -> None:
    """Makes Hypothesis resolve `classes` to the strategies that module `strategies` registers."""
    hook = _SignatureHook(strategies)
    for cls in classes:
        cls.__signature__ = hook
