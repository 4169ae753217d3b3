"""The whole pipeline: load -> check -> build -> render -> format -> write."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from generator.build import build, build_package
from generator.check import check
from generator.diagnostics import Diagnostic, SourcePosition, SpecError, ToolError
from generator.format_cache import FormatCache
from generator.load import LoadedSpec, load_file
from generator.model import Package, Service
from generator.output import Timings, stage
from generator.output import package_name as package_name
from generator.output import stale_files as stale_files
from generator.output import write as write
from generator.render import (
    format_files,
    render_templates,
    runtime_files,
    settled_paths,
)
from generator.run_cache import CheckedSpecs

# Spec file names reach generated headers and module names; keep them plain.
_SPEC_FILE_NAME = re.compile(r"[a-z][a-z0-9_]*\.yaml")
# The output package's name is ASCII, so that it reaches docstrings and literals as it is.
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def load_checked_specs(
    specs_dir: Path, timings: Timings | None = None, checked: CheckedSpecs | None = None
) -> list[LoadedSpec]:
    """Loads and checks every spec in `specs_dir`; raises SpecError with all problems.

    Problems name each file by `specs_dir` as given (`../x/specs/bedrock.yaml`); ToolError when
    there is no spec at all. A spec `checked` holds is not checked again; one that passes is
    added to it.
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
            problems.extend(_checked(spec, path, load_problems, checked))
        specs.append(spec)
    if problems:
        raise SpecError(problems)
    return specs


def _checked(
    spec: LoadedSpec, path: Path, load_problems: list[Diagnostic], checked: CheckedSpecs | None
) -> list[Diagnostic]:
    """`check`'s problems of the spec, none when `checked` holds its bytes."""
    if checked is None or load_problems:
        return check(spec)
    data = path.read_bytes()
    if checked.passed(data):
        return []
    problems = check(spec)
    if not problems:
        checked.add(data)
    return problems


def load_services(
    specs_dir: Path, timings: Timings | None = None, checked: CheckedSpecs | None = None
) -> tuple[Service, ...]:
    """Every spec in `specs_dir`, checked (see `load_checked_specs`) and built, sorted by
    package."""
    specs = load_checked_specs(specs_dir, timings, checked)
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


def load_package(
    specs_dir: Path, name: str, timings: Timings | None = None, checked: CheckedSpecs | None = None
) -> Package:
    """The output package `name` of every spec in `specs_dir`; ToolError for a bad name."""
    if not _PACKAGE_NAME.fullmatch(name) or keyword.iskeyword(name):
        raise ToolError(
            f"the package name {name!r} (the last component of --out) is not a Python identifier"
            " of ASCII letters, digits and _, or is a keyword"
        )
    services = load_services(specs_dir, timings, checked)
    with stage(timings, "build"):
        return build_package(name, specs_dir.resolve().name, services)


def _whole_file(file: str, message: str) -> Diagnostic:
    return Diagnostic(file=file, position=SourcePosition(line=1, column=1), message=message)


def generate(
    specs_dir: Path,
    *,
    package: str,
    timings: Timings | None = None,
    jobs: int | None = None,
    cache: FormatCache | None = None,
    checked: CheckedSpecs | None = None,
) -> dict[str, str]:
    """Every file of the package `package`, keyed by its path relative to the output directory.

    `package` is the name the output is imported by (see `package_name`); `timings`, when given,
    receives the seconds of each stage; `jobs` is the number of black processes and `cache` the
    cache of black's output (see `render.format_files`), `checked` the specs that passed `check`;
    the output is the same whatever they are.
    """
    model = load_package(specs_dir, package, timings, checked)
    with stage(timings, "render"):
        files = render_templates(model, cache)
    with stage(timings, "format"):
        settled = settled_paths(model)
        return format_files(files, jobs=jobs, cache=cache, settled=settled) | runtime_files(model)
