"""Problems found in a spec, each with the place it was found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class SourcePosition:
    line: int
    column: int


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Diagnostic:
    """One problem, printed as `file:line:col: message` like a compiler's."""

    file: str
    position: SourcePosition
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.position.line}:{self.position.column}: {self.message}"


class SpecError(Exception):
    """Raised by the pipeline when a spec has problems; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ToolError(Exception):
    """The generator cannot do its job at all (no templates, no specs, a bad output name).

    The command line prints it as one line and exits 2; unlike SpecError it has no position.
    """
