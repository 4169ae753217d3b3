"""The whole pipeline: load -> check -> build -> render -> format -> write."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.build import build
from generator.check import check
from generator.diagnostics import Diagnostic, SourcePosition, SpecError
from generator.load import LoadedSpec, load_file
from generator.model import Service
from generator.render import GENERATED_MARKER, format_files, render_templates, runtime_files

# Spec file names reach generated headers and module names; keep them plain.
_SPEC_FILE_NAME = re.compile(r"[a-z][a-z0-9_]*\.yaml")


Timings = dict[str, float]
"""Seconds spent per stage (`load`, `check`, `build`, `render`, `format`, `write`)."""


@contextmanager
def stage(timings: Timings | None, name: str) -> Iterator[None]:
    """Adds the wall time of the block to `timings[name]` (nothing when `timings` is None)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def load_checked_specs(specs_dir: Path, timings: Timings | None = None) -> list[LoadedSpec]:
    """Loads and checks every spec in `specs_dir`; raises SpecError with all problems."""
    paths = sorted(specs_dir.glob("*.yaml"))
    if not paths:
        raise SpecError([_whole_file(str(specs_dir), "no *.yaml specs found")])
    problems: list[Diagnostic] = []
    specs: list[LoadedSpec] = []
    for path in paths:
        display = f"{specs_dir.name}/{path.name}"
        if not _SPEC_FILE_NAME.fullmatch(path.name):
            problems.append(_whole_file(display, "spec file names must match [a-z][a-z0-9_]*.yaml"))
            continue
        try:
            with stage(timings, "load"):
                spec, load_problems = load_file(path, display)
        except SpecError as error:
            problems.extend(error.diagnostics)
            continue
        problems.extend(load_problems)
        with stage(timings, "check"):
            problems.extend(check(spec))
        specs.append(spec)
    if problems:
        raise SpecError(problems)
    return specs


def load_services(specs_dir: Path, timings: Timings | None = None) -> tuple[Service, ...]:
    """Every spec in `specs_dir`, checked and built, sorted by package."""
    specs = load_checked_specs(specs_dir, timings)
    with stage(timings, "build"):
        services = [build(spec.data, spec.file) for spec in specs]
    owners: dict[str, str] = {}
    problems = []
    for service in services:
        if service.package in owners:
            problems.append(
                _whole_file(
                    service.spec_file,
                    f"service package {service.package!r} is also generated from "
                    f"{owners[service.package]}",
                )
            )
        owners[service.package] = service.spec_file
    if problems:
        raise SpecError(problems)
    return tuple(sorted(services, key=lambda service: service.package))


def _whole_file(file: str, message: str) -> Diagnostic:
    return Diagnostic(file=file, position=SourcePosition(line=1, column=1), message=message)


def generate(
    specs_dir: Path, *, timings: Timings | None = None, jobs: int | None = None
) -> dict[str, str]:
    """Every generated file's text, keyed by its path relative to the output directory.

    `timings`, when given, receives the seconds of each stage; `jobs` is the number of black
    processes (see `render.format_files`); the output is the same whatever it is.
    """
    services = load_services(specs_dir, timings)
    with stage(timings, "render"):
        files = render_templates(services)
    with stage(timings, "format"):
        return format_files(files, jobs=jobs) | runtime_files()


def stale_files(files: dict[str, str], out_dir: Path) -> list[str]:
    """Paths that differ from `files` on disk, are missing, or are on disk but not generated."""
    stale = [
        path
        for path, text in files.items()
        if not (out_dir / path).is_file() or (out_dir / path).read_bytes() != text.encode("utf-8")
    ]
    on_disk = (
        {
            p.relative_to(out_dir).as_posix()
            for p in out_dir.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        if out_dir.is_dir()
        else set()
    )
    stale.extend(sorted(on_disk - set(files)))
    return sorted(stale)


def write(files: dict[str, str], out_dir: Path) -> list[str]:
    """Writes the files that changed and removes generated files no longer produced.

    A file on disk that this generator did not write (it lacks the header) is never removed.
    """
    changed = stale_files(files, out_dir)
    for path in changed:
        target = out_dir / path
        if path in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path].encode("utf-8"))
        elif _is_generated(target):
            target.unlink()
    return changed


def _is_generated(path: Path) -> bool:
    if path.name == "py.typed":
        return True
    with path.open("rb") as stream:
        return stream.read(len(GENERATED_MARKER)) == GENERATED_MARKER
