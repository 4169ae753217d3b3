"""Stages 4 and 5: the model to Python source, through Jinja2 templates and black."""

from __future__ import annotations

import gc
import hashlib
import math
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator import black_form, layout
from generator.black_form import settle, unsettled_statements
from generator.diagnostics import ToolError
from generator.format_cache import FormatCache
from generator.literals import literal
from generator.model import Package, Service
from generator.output import GENERATED_MARKER

if TYPE_CHECKING:
    import black

# `templates/` at the root of the checkout, installed as this package (pyproject.toml maps it),
# so that editable and non-editable installs find the same templates.
TEMPLATES_PACKAGE = "generator.templates"
RUNTIME = Path(__file__).resolve().parent / "runtime"
# black's settings. black is imported only when a file is formatted (a tenth of a second, most
# of a run whose output is all in the format cache), so the cache key names them, not black.Mode:
# with black's version, they decide every field of the mode.
_BLACK_TARGET = "PY311"
_BLACK_LINE_LENGTH = layout.LINE_LENGTH
# Rendered once per module of a service's `_models` (`Service.model_modules`), and once per enum
# into `_enums`, each named after what it defines.
MODEL_MODULE_TEMPLATE = "service/_models/structures.py.jinja"
ENUM_MODULE_TEMPLATE = "service/_enums/enum.py.jinja"
# Templates that print black's own form (see `black_form`): their files go to black only when a
# spec's text makes a line of code too long. tests/test_black_form.py holds them to it.
SETTLED_TEMPLATES = frozenset(
    {
        "__init__.py.jinja",
        "service/__init__.py.jinja",
        "service/enums.py.jinja",
        "service/_enums/__init__.py.jinja",
        ENUM_MODULE_TEMPLATE,
        "service/errors.py.jinja",
        "service/models.py.jinja",
        "service/_models/__init__.py.jinja",
        MODEL_MODULE_TEMPLATE,
        "service/paginators.py.jinja",
        "service/patterns.py.jinja",
        "service/strategies.py.jinja",
        "service/stubs.py.jinja",
        "service/validators.py.jinja",
        "service/waiters.py.jinja",
        "service/wire_xml.py.jinja",
    }
)


@cache
def _black_mode() -> black.Mode:
    import black

    return black.Mode(
        target_versions={black.mode.TargetVersion[_BLACK_TARGET]}, line_length=_BLACK_LINE_LENGTH
    )


def _black_identity() -> str:
    return (
        f"black {version('black')} target_versions={{{_BLACK_TARGET}}} "
        f"line_length={_BLACK_LINE_LENGTH}"
    )


def format_cache(directory: Path) -> FormatCache:
    """The cache of this generator's black output under `directory`."""
    return FormatCache(directory, _black_identity())


def _settled_cache(cache: FormatCache) -> FormatCache:
    """The cache of settled files, by their rendered text, beside `cache`: keyed by black and by
    the source of `settle` and the layouts it uses, so that a change to either is never stale."""
    sources = b"".join(Path(module.__file__ or "").read_bytes() for module in (black_form, layout))
    settled_by = f"settle {hashlib.sha256(sources).hexdigest()} {_black_identity()}"
    return FormatCache(cache.directory, settled_by)


def _pyrepr(value: object) -> str:
    """Source text of a literal: the one way spec values reach generated code."""
    if value is not None and not isinstance(value, str | int | bool | float):
        raise TypeError(f"pyrepr takes str, int, float, bool or None, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"pyrepr takes finite floats only, not {value!r}")
    return literal(value)


def _pytuple(values: Iterable[str]) -> str:
    items = tuple(values)
    for value in items:
        _pyrepr(value)
    return literal(items)


def _issue(builder: str, indent: int, *arguments: str) -> str:
    """`issues.append(builder(arguments))` standing at `indent`, laid out as black does."""
    return layout.call_in_call("issues.append(", f"{builder}(", arguments, indent)


def _tuple_call(target: str, function: str, values: Iterable[str]) -> str:
    """A module-level call of `function` with a tuple of spec strings, laid out as black does."""
    return layout.tuple_call(target, function, (_pyrepr(value) for value in values))


FILTERS: dict[str, Callable[..., str]] = {
    "pyrepr": _pyrepr,
    "pytuple": _pytuple,
    "call": layout.call,
    "annotated_assignment": layout.annotated_assignment,
    "condition": layout.condition,
    "found_condition": layout.found_condition,
    "issue": _issue,
    "assignment": layout.assignment,
    "tuple_call": _tuple_call,
}


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja2's compiled templates, kept between runs; an entry it cannot read is compiled again.

    Jinja2 writes entries atomically and checks each against its template's source, but lets a
    damaged one raise whatever unpickling it raises.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # any damage: unpickling and unmarshalling raise many kinds
            bucket.reset()


def environment(compiled: Path | None = None) -> jinja2.Environment:
    """The one Jinja2 environment; ToolError when the templates are not installed.

    `compiled` is a directory to keep compiled templates in (compiling them is most of the
    render stage); when it cannot be made, templates are compiled every time.
    """
    bytecode_cache = None
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode_cache = _CompiledTemplates(str(compiled))
        except OSError:
            pass
    try:
        loader = jinja2.PackageLoader(TEMPLATES_PACKAGE, ".")
    except (ImportError, ValueError) as error:
        raise ToolError(
            f"no templates: {TEMPLATES_PACKAGE} is not installed ({error}); "
            "install aws-ml-contracts with pip"
        ) from None
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(FILTERS)
    return env


def list_templates(env: jinja2.Environment) -> list[str]:
    """The templates `env` holds; ToolError when there are none (a wheel without its data)."""
    assert env.loader is not None  # environment() always sets one
    names = env.loader.list_templates()
    if not any(name.endswith(".jinja") for name in names):
        raise ToolError(f"no templates: {TEMPLATES_PACKAGE} holds no *.jinja files")
    return [name for name in names if name.endswith(".jinja")]


def template_source(env: jinja2.Environment, name: str) -> str:
    """The text of one template; ToolError when it is missing."""
    assert env.loader is not None
    try:
        source: str = env.loader.get_source(env, name)[0]
    except jinja2.TemplateNotFound:
        raise ToolError(f"no templates: {TEMPLATES_PACKAGE} holds no {name}") from None
    return source


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputFile:
    path: str  # relative to the output package directory, with `/` separators
    template: str
    context: dict[str, Any]


def header(source: str) -> str:
    return f"{GENERATED_MARKER.decode()} from {source}. DO NOT EDIT."


# The module of a query service's XML forms: only query services have one.
XML_TEMPLATE = "wire_xml.py.jinja"


def plan(package: Package, templates: list[str]) -> Iterator[OutputFile]:
    """Every file of the package and the template (of `templates`) and context that make it."""
    shared = {
        "header": header(f"the specs in {package.specs}/"),
        "package": package,
        "services": package.services,
    }
    per_service = sorted(name.removeprefix("service/") for name in templates if "/" in name)
    for template in sorted(name for name in templates if "/" not in name):
        yield OutputFile(path=template.removesuffix(".jinja"), template=template, context=shared)
    for service in package.services:
        context = {
            "header": header(service.spec_file),
            "package": package,
            "service": service,
            "shapes": service.shapes_by_name,
        }
        for template in per_service:
            if f"service/{template}" == MODEL_MODULE_TEMPLATE:
                for module in service.model_modules:
                    yield OutputFile(
                        path=f"{service.package}/_models/{module.name}.py",
                        template=MODEL_MODULE_TEMPLATE,
                        context={**context, "module": module},
                    )
                continue
            if f"service/{template}" == ENUM_MODULE_TEMPLATE:
                for enum in service.enums:
                    yield OutputFile(
                        path=f"{service.package}/_enums/{enum.module}.py",
                        template=ENUM_MODULE_TEMPLATE,
                        context={**context, "enum": enum},
                    )
                continue
            if template == XML_TEMPLATE and service.xml is None:
                continue
            yield OutputFile(
                path=f"{service.package}/{template.removesuffix('.jinja')}",
                template=f"service/{template}",
                context=context,
            )


def render(package: Package) -> dict[str, str]:
    """Renders and formats every output file; keys are paths relative to the package."""
    return format_files(render_templates(package), settled=settled_paths(package)) | runtime_files(
        package
    )


def settled_paths(package: Package) -> frozenset[str]:
    """The output files whose templates print black's form (`SETTLED_TEMPLATES`)."""
    return frozenset(output.path for output in plan(package, sorted(SETTLED_TEMPLATES)))


# The runtime modules of one protocol's wire forms: a package holds one when a service uses it.
PROTOCOL_RUNTIME: dict[str, Callable[[Service], bool]] = {
    "cbor.py": lambda service: service.cbor,
    "xmlwire.py": lambda service: service.xml is not None,
}


def runtime_files(package: Package) -> dict[str, str]:
    """The runtime modules the package uses, as the output holds them: each source under the
    generated header.

    They are ordinary modules, formatted in the repository, so black has nothing to do on them.
    """
    return {
        path.name: f"{header(f'generator/runtime/{path.name}')}\n{path.read_text(encoding='utf-8')}"
        for path in sorted(RUNTIME.glob("*.py"))
        if path.name != "__init__.py" and _uses_runtime(package, path.name)
    }


def _uses_runtime(package: Package, module: str) -> bool:
    uses = PROTOCOL_RUNTIME.get(module)
    return uses is None or any(uses(service) for service in package.services)


def render_templates(package: Package, cache: FormatCache | None = None) -> dict[str, str]:
    """Stage 4: every output file as the templates print it, before black.

    With a `cache`, the compiled templates are kept in its directory too.
    """
    env = environment(None if cache is None else cache.directory / "templates")
    return {
        output.path: env.get_template(output.template).render(output.context)
        for output in plan(package, list_templates(env))
    }


# Below this much Python source, formatting in one process is faster than starting others.
PARALLEL_FORMAT_THRESHOLD = 2_000_000  # characters


def format_files(
    files: dict[str, str],
    *,
    jobs: int | None = None,
    cache: FormatCache | None = None,
    settled: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Stage 5: black on every Python file, the others as they are; same keys, same order.

    The `settled` files are printed in black's form: they are settled (`black_form.settle`), and
    only their statements with a line of code too long go to black.

    Files are formatted independently, so the output is the same in one process or several.
    `jobs` is the number of processes; None picks one for small outputs and one per CPU for
    large ones (the whole-service packages, where black dominates the generation time).
    With a `cache` (see `format_cache`), only files it does not hold are formatted, and they
    are added to it; settled files are kept by their rendered text, so that a warm run neither
    settles nor formats them.
    """
    settled_cache = None if cache is None else _settled_cache(cache)
    rendered = files
    done: dict[str, str] = {}
    if settled_cache is not None:
        for path in settled:
            hit = settled_cache.get(rendered[path])
            if hit is not None:
                done[path] = hit
    files = {
        path: done[path] if path in done else settle(text) if path in settled else text
        for path, text in files.items()
    }
    # What black still lays out: each settled file's unsettled statements, other files whole.
    statements = {path: unsettled_statements(files[path]) for path in settled if path not in done}
    python = sorted(
        (
            path
            for path in files
            if path.endswith(".py") and path not in done and statements.get(path) != []
        ),
        key=lambda path: -len(files[path]),
    )
    cached: dict[str, str] = {}
    if cache is not None:
        for path in python:
            hit = cache.get(files[path])
            if hit is not None:
                cached[path] = hit
    misses = [path for path in python if path not in cached]
    formatted = _format_pieces({path: files[path] for path in misses}, statements, jobs)
    if cache is not None:
        for path, text in formatted.items():
            cache.put(files[path], text)
    formatted |= cached
    result = {path: formatted.get(path, text) for path, text in files.items()}
    if settled_cache is not None:
        for path in settled:
            if path not in done:
                settled_cache.put(rendered[path], result[path])
    return result


# A text black lays out: a file's statement by its first line, or a whole file (line -1).
_Piece = tuple[str, int]


def _format_pieces(
    python: dict[str, str], statements: dict[str, list[tuple[int, int]]], jobs: int | None
) -> dict[str, str]:
    """black on each text of `python`: on its `statements` (line ranges), where it has them,
    else on the whole text."""
    pieces: dict[_Piece, str] = {}
    for path, text in python.items():
        if path in statements:
            lines = text.split("\n")
            for first, last in statements[path]:
                pieces[path, first] = "\n".join(lines[first:last]) + "\n"
        else:
            pieces[path, -1] = text
    laid_out = _format_all(dict(sorted(pieces.items(), key=lambda item: -len(item[1]))), jobs)
    formatted: dict[str, str] = {}
    for path, text in python.items():
        if path not in statements:
            formatted[path] = laid_out[path, -1]
            continue
        lines = text.split("\n")
        for first, last in reversed(statements[path]):
            lines[first:last] = laid_out[path, first].removesuffix("\n").split("\n")
        formatted[path] = "\n".join(lines)
    return formatted


def _format_all(python: dict[_Piece, str], jobs: int | None) -> dict[_Piece, str]:
    """black on every text of `python`, whose keys come largest first."""
    if jobs is None:
        size = sum(len(text) for text in python.values())
        jobs = 1 if size < PARALLEL_FORMAT_THRESHOLD else (os.cpu_count() or 1)
    if jobs <= 1 or len(python) <= 1:
        formatted = {path: format_source(text) for path, text in python.items()}
    else:
        # One fresh process per file, largest first (so that no process is left with a big file
        # at the end): a process that ends frees black's garbage at once, where collecting it
        # would cost a third of the formatting time.
        _black_mode()  # imports black once, for every forked worker
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with context.Pool(min(jobs, len(python)), maxtasksperchild=1) as pool:
            texts = pool.map(_format_in_worker, list(python.values()), chunksize=1)
        formatted = dict(zip(python, texts, strict=True))
    return formatted


def _format_in_worker(text: str) -> str:
    """black in a process that ends after this one file: the collector never needs to run."""
    import black

    gc.disable()
    return black.format_str(text, mode=_black_mode())


def format_source(text: str) -> str:
    """black, with the cyclic garbage collector paused while it runs.

    black's syntax trees are full of reference cycles; collecting them as they are built more
    than doubles the time black takes on the large files of whole services.
    """
    import black

    mode = _black_mode()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return black.format_str(text, mode=mode)
    finally:
        if enabled:
            gc.enable()
            if len(text) > 200_000:
                gc.collect()
