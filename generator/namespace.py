"""The names generated modules hold besides the spec's, read from the modules that hold them.

Spec-derived names share a namespace with what each generated module imports and defines: the
runtime (generator/runtime/, copied verbatim) and the templates. Rather than keep a list of those
names by hand, this module reads them from the sources: every name the runtime binds at module
level, and every name a template imports, defines (`def`, `class`, a module-level assignment) or
sets on `self` (and the imports a template prints from the model). `naming` moves spec names
off them.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from functools import cache

from generator.model import (
    ENUM_TYPE_HINT,
    LIST_TYPE_HINT,
    MAP_TYPE_HINT,
    SCALAR_TYPE_HINTS,
    module_level_names,
)
from generator.render import (
    MODEL_MODULE_TEMPLATE,
    RUNTIME,
    environment,
    list_templates,
    template_source,
)

# Macros print statements into function bodies; docstrings hold examples, not definitions.
_MACRO = re.compile(r"\{%-?\s*macro\b.*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL)
_DOCSTRING = re.compile(r'"""(?:\\.|[^\\])*?"""', re.DOTALL)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_IMPORT = re.compile(r"(?:from[ \t]+[.\w]+[ \t]+)?import[ \t]+(?:\(([^)]*)\)|([^#\n]*))")
_DEFINITION = re.compile(r"(?:async[ \t]+def|def|class)[ \t]+(\w+)")
_ASSIGNMENT = re.compile(r"(\w+)[ \t]*(?::[^=\n]*)?=(?!=)")
_ANNOTATION = re.compile(r"\w+[ \t]*:")
_ATTRIBUTE = re.compile(r"\bself\.(\w+)[ \t]*(?::[^=\n]*)?=(?!=)")
_NAME = re.compile(r"[A-Za-z_]\w*")

BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
"""A module-level name of one of these would shadow the builtin in code that uses it."""
BUILTIN_TYPES = frozenset(
    name for name in BUILTIN_NAMES if name.islower() and isinstance(getattr(builtins, name), type)
)
"""The builtins a type hint can name; a field of that name would shadow it in its class body."""


def template_names(text: str) -> frozenset[str]:
    """The names a template imports, defines or sets on `self`, outside its Jinja tags, macros
    and docstrings."""
    plain = _plain(text)
    names: set[str] = set()
    for match in _IMPORT.finditer(plain):
        for item in (match.group(1) or match.group(2)).split(","):
            if words := item.split():
                names.add(words[-1].split(".")[0])
    for body, indent, in_class in _lines(plain):
        # Module-level definitions, and the methods and attributes of classes; not locals.
        at_top = indent == 0 or (in_class and indent == 4)
        if at_top and (binding := _DEFINITION.match(body) or _ASSIGNMENT.match(body)):
            names.add(binding.group(1))
        names.update(_ATTRIBUTE.findall(body))
    return frozenset(name for name in names if _NAME.fullmatch(name))


def class_level_names(text: str) -> frozenset[str]:
    """The names a template's class-level lines use (decorators, annotations, signatures,
    defaults), which resolve in the class body, where a field of that name would shadow them."""
    names: set[str] = set()
    for body, indent, in_class in _lines(_plain(text)):
        if in_class and indent == 4 and not body.startswith("#"):
            if _DEFINITION.match(body):
                used = body.partition("(")[2]  # the signature, not the method's own name
            elif binding := _ASSIGNMENT.match(body) or _ANNOTATION.match(body):
                used = body[binding.end() :]
            else:
                used = body
            names.update(_NAME.findall(used))
    return frozenset(names)


def _plain(text: str) -> str:
    """A template's text without its Jinja tags, macros and docstrings."""
    return _JINJA.sub(" ", _DOCSTRING.sub(" ", _MACRO.sub(" ", text)))


def _lines(plain: str) -> Iterator[tuple[str, int, bool]]:
    """Each line as (text without indentation, indentation, whether a class body holds it)."""
    in_class = False
    for line in plain.splitlines():
        body = line.lstrip()
        indent = len(line) - len(body)
        if indent == 0 and body:
            in_class = body.startswith("class ")
        yield body, indent, in_class


@cache
def _template(name: str) -> str:
    return template_source(environment(), name)


_HINT_NAMES = frozenset(
    _NAME.findall(
        " ".join([*SCALAR_TYPE_HINTS.values(), ENUM_TYPE_HINT, LIST_TYPE_HINT, MAP_TYPE_HINT])
    )
)


@cache
def module_names(template: str) -> frozenset[str]:
    """The names the module of one template holds besides the spec's. (The imports models.py
    prints from the model are of runtime names, which `generated_names` reads from the runtime,
    and its class bodies do not use them.)"""
    return template_names(_template(template))


@cache
def inherited_names() -> frozenset[str]:
    """The attributes every dataclass of `models` inherits from the base classes in the runtime's
    `structures` module (`from_dict`, `to_json`, ...): a field of that name would hide one."""
    names: set[str] = set()
    for node in ast.parse((RUNTIME / "structures.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
    return frozenset(names)


@cache
def generated_names() -> frozenset[str]:
    """Every name the runtime and the templates put next to spec-derived names: what a class
    name (a module-level name wherever it is defined or imported) must not be."""
    names: set[str] = set()
    for path in sorted(RUNTIME.glob("*.py")):
        names |= module_level_names(path.read_text(encoding="utf-8"))
    for template in list_templates(environment()):
        names |= module_names(template)
    return frozenset(names | inherited_names())


@cache
def class_body_names(template: str) -> frozenset[str]:
    """What a field or method of a class the template defines must not be: the module's names
    and its classes' attributes, which the class body sees, and the builtins named by the type
    hints there, and the builtins the class-level lines use (decorators, annotations)."""
    class_level = class_level_names(_template(template))
    names = module_names(template) | (BUILTIN_TYPES & _HINT_NAMES) | (BUILTIN_NAMES & class_level)
    return names | inherited_names() if template == MODEL_MODULE_TEMPLATE else names
