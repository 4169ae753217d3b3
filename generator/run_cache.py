"""The whole output of a run, by its inputs: a run whose inputs did not change is answered
without loading, checking, building, rendering or formatting anything. And the specs that passed
`check`, by their bytes: a run after one spec changed checks that spec alone.

The key covers everything the output depends on: each spec file's name and bytes, the package
name, the name of the specs directory (generated headers cite it), every file of the generator
and of its templates, the versions of the libraries that shape the output (Jinja2, black,
PyYAML), and Python's version with its Unicode database (pattern translation reads it).
Generation is deterministic, so one key always means one output; only runs that succeeded are
kept, so a spec with problems is always loaded and reported. Entries live beside the format
cache's (`FormatCache`, section `runs`) and share its guarantees: written atomically, and an
entry that does not match its checksum is a miss and is written again.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from functools import cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from generator.format_cache import FormatCache

# The libraries whose versions can change the output of the same inputs.
_SHAPING_LIBRARIES = ("black", "Jinja2", "PyYAML")


@cache
def generator_identity() -> str:
    """The sha256 of the generator's own files and of what else shapes its output."""
    digest = hashlib.sha256()
    for line in (
        f"python {sys.version} unicode {unicodedata.unidata_version}",
        *(f"{name} {version(name)}" for name in _SHAPING_LIBRARIES),
    ):
        digest.update(f"{line}\n".encode())
    for root in _source_roots():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _source_roots() -> tuple[Path, ...]:
    """The generator package's directory and its templates' (mapped from templates/)."""
    roots = []
    for package in ("generator", "generator.templates"):
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(f"{package} is not installed as a package")
        roots.append(Path(next(iter(spec.submodule_search_locations))))
    return tuple(roots)


class RunCache:
    """Outputs of `generate` by the specs in a directory and the package they are generated as."""

    def __init__(self, directory: Path) -> None:
        self._entries = FormatCache(directory, generator_identity(), section="runs")

    @property
    def unwritable(self) -> str | None:
        return self._entries.unwritable

    @staticmethod
    def inputs(specs_dir: Path, package: str) -> str | None:
        """The key text of a run, or None when the specs cannot be read (the run reports it)."""
        try:
            paths = sorted(specs_dir.glob("*.yaml"))
            specs = [(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths]
        except OSError:
            return None
        # json.dumps escapes every name, so that no name can pass for another part of the key.
        return json.dumps([package, specs_dir.resolve().name, specs])

    def get(self, inputs: str) -> dict[str, str] | None:
        """The output of the run with `inputs`, or None when there is no sound entry for it."""
        text = self._entries.get(inputs)
        # The entry's checksum stands for its text: what it holds is what `put` wrote.
        files: dict[str, str] | None = None if text is None else json.loads(text)
        return files

    def put(self, inputs: str, files: dict[str, str]) -> None:
        """Keeps `files` as the output of the run with `inputs`; never raises OSError."""
        self._entries.put(inputs, json.dumps(files, ensure_ascii=False))


class CheckedSpecs:
    """The specs that passed `check`, by their bytes, for this generator (`generator_identity`).

    `check` reads nothing but the spec, so a spec whose bytes passed once passes again; a spec
    with problems is never kept, and is checked (and reported) on every run.
    """

    _PASSED = "passed"

    def __init__(self, directory: Path) -> None:
        self._entries = FormatCache(directory, generator_identity(), section="checked")

    @property
    def unwritable(self) -> str | None:
        return self._entries.unwritable

    def passed(self, spec: bytes) -> bool:
        return self._entries.get(_digest(spec)) == self._PASSED

    def add(self, spec: bytes) -> None:
        """Keeps `spec` as one that passed; never raises OSError."""
        self._entries.put(_digest(spec), self._PASSED)


def _digest(spec: bytes) -> str:
    return hashlib.sha256(spec).hexdigest()
