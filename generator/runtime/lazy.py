"""Module attributes defined in other modules, imported when first read (PEP 562).

A service's `models` and `enums` name hundreds of classes; each is defined in a small module of
`_models` or `_enums`, which the first read of one of its names imports, so that the first use
of an operation creates the classes it reaches, not the service's every one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(
    module: str, package: str, defined_in: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of the module named `module`, whose attributes named in
    `defined_in` are read from the module of `package` named there (once: the first read
    stores the value in `module`, where later reads find it without a call)."""
    namespace = sys.modules[module].__dict__

    def __getattr__(name: str) -> Any:
        try:
            source = defined_in[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        value = namespace[name] = getattr(import_module(f"{package}.{source}"), name)
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *defined_in})

    return __getattr__, __dir__
