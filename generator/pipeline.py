"""The whole pipeline: load -> check -> build -> render -> format -> write."""

from __future__ import annotations

import keyword
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.build import build, build_package
from generator.check import check
from generator.diagnostics import Diagnostic, SourcePosition, SpecError, ToolError
from generator.format_cache import FormatCache
from generator.load import LoadedSpec, load_file
from generator.model import Package, Service
from generator.render import (
    GENERATED_MARKER,
    format_files,
    render_templates,
    runtime_files,
    settled_paths,
)

# Spec file names reach generated headers and module names; keep them plain.
_SPEC_FILE_NAME = re.compile(r"[a-z][a-z0-9_]*\.yaml")
# The output package's name is ASCII, so that it reaches docstrings and literals as it is.
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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
    """Loads and checks every spec in `specs_dir`; raises SpecError with all problems.

    Problems name each file by `specs_dir` as given (`../x/specs/bedrock.yaml`); ToolError when
    there is no spec at all.
    """
    if not specs_dir.is_dir():
        raise ToolError(f"no specs: {specs_dir} is not a directory (give --specs DIR)")
    paths = sorted(specs_dir.glob("*.yaml"))
    if not paths:
        raise ToolError(f"no specs: {specs_dir} holds no *.yaml files (give --specs DIR)")
    problems: list[Diagnostic] = []
    specs: list[LoadedSpec] = []
    for path in paths:
        display = str(specs_dir / path.name)
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
    # Headers name a spec by its directory's own name, so that the output does not depend on
    # the path the specs were given by.
    source = specs_dir.resolve().name
    with stage(timings, "build"):
        services = [build(spec.data, f"{source}/{Path(spec.file).name}") for spec in specs]
    owners: dict[str, str] = {}
    problems = []
    for spec, service in zip(specs, services, strict=True):
        if service.package in owners:
            problems.append(
                _whole_file(
                    spec.file,
                    f"service package {service.package!r} is also generated from "
                    f"{owners[service.package]}",
                )
            )
        owners[service.package] = spec.file
    if problems:
        raise SpecError(problems)
    return tuple(sorted(services, key=lambda service: service.package))


def load_package(specs_dir: Path, name: str, timings: Timings | None = None) -> Package:
    """The output package `name` of every spec in `specs_dir`; ToolError for a bad name."""
    if not _PACKAGE_NAME.fullmatch(name) or keyword.iskeyword(name):
        raise ToolError(
            f"the package name {name!r} (the last component of --out) is not a Python identifier"
            " of ASCII letters, digits and _, or is a keyword"
        )
    services = load_services(specs_dir, timings)
    with stage(timings, "build"):
        return build_package(name, specs_dir.resolve().name, services)


def package_name(out_dir: Path) -> str:
    """The name a package written to `out_dir` is imported by: its last component."""
    return Path(os.path.abspath(out_dir)).name


def _whole_file(file: str, message: str) -> Diagnostic:
    return Diagnostic(file=file, position=SourcePosition(line=1, column=1), message=message)


def generate(
    specs_dir: Path,
    *,
    package: str,
    timings: Timings | None = None,
    jobs: int | None = None,
    cache: FormatCache | None = None,
) -> dict[str, str]:
    """Every file of the package `package`, keyed by its path relative to the output directory.

    `package` is the name the output is imported by (see `package_name`); `timings`, when given,
    receives the seconds of each stage; `jobs` is the number of black processes and `cache` the
    cache of black's output (see `render.format_files`); the output is the same whatever they are.
    """
    model = load_package(specs_dir, package, timings)
    with stage(timings, "render"):
        files = render_templates(model, cache)
    with stage(timings, "format"):
        settled = settled_paths(model)
        return format_files(files, jobs=jobs, cache=cache, settled=settled) | runtime_files()


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
