"""The output loads lazily: importing a package or a service costs only its `__init__`; modules,
classes and strategies load on first use, resolve to what an eager import gives, and stay visible
to `dir()` and `mypy --strict`."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import PROJECT

GOLDEN = PROJECT / "tests" / "golden" / "out"
# (directory on sys.path, package): the committed package and the golden record.
TREES = [(PROJECT, "generated"), (GOLDEN, "golden_pkg")]
TREE_IDS = [package for _, package in TREES]


def _service_modules(root: Path, package: str) -> dict[str, list[str]]:
    """Each service package of a tree and the modules its directory holds."""
    return {
        path.parent.name: sorted(
            module.stem for module in path.parent.glob("*.py") if module.stem != "__init__"
        )
        for path in sorted((root / package).glob("*/__init__.py"))
    }


def _loaded_after(root: Path, statements: str) -> list[str]:
    """The modules of the tree's packages that a fresh interpreter holds after `statements`."""
    program = f"import json, sys\n{statements}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", program],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_importing_the_package_and_every_service_imports_no_submodule(
    root: Path, package: str
) -> None:
    services = _service_modules(root, package)
    imports = "\n".join(f"import {package}.{service}" for service in services)
    loaded = [name for name in _loaded_after(root, imports) if name.startswith(f"{package}.")]
    # The runtime the OPERATIONS records need, and nothing of any service but its __init__.
    assert sorted(loaded) == sorted(
        [f"{package}.{service}" for service in services] + [f"{package}.operations"]
    )
    assert "hypothesis" not in _loaded_after(root, imports)


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_importing_strategies_imports_neither_models_nor_validators(
    root: Path, package: str
) -> None:
    for service in _service_modules(root, package):
        loaded = _loaded_after(root, f"import {package}.{service}.strategies")
        assert f"{package}.{service}.strategies" in loaded
        for module in ("models", "_models", "validators", "paginators", "enums", "_enums", "stubs"):
            assert f"{package}.{service}.{module}" not in loaded, module


def _fresh(root: Path, package: str) -> ModuleType:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module(package)


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_every_submodule_resolves_by_attribute_and_is_listed(root: Path, package: str) -> None:
    top = _fresh(root, package)
    services = _service_modules(root, package)
    assert set(services) == set(top.SERVICES)
    assert set(top.SERVICES) <= set(dir(top))
    for service, modules in services.items():
        module = getattr(top, service)
        assert module is importlib.import_module(f"{package}.{service}")
        assert set(modules) <= set(dir(module))
        assert {"OPERATIONS", "SERVICE_ID"} <= set(dir(module))
        for name in modules:
            assert getattr(module, name) is importlib.import_module(f"{package}.{service}.{name}")
        with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
            _ = module.nonexistent
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        _ = top.nonexistent


def _operations(root: Path, package: str) -> list[tuple[str, Any]]:
    top = _fresh(root, package)
    return [
        (service, operation)
        for service in top.SERVICES
        for operation in importlib.import_module(f"{package}.{service}").OPERATIONS.values()
    ]


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_every_operation_attribute_is_the_object_its_module_defines(
    root: Path, package: str
) -> None:
    for service, operation in _operations(root, package):
        models = importlib.import_module(f"{package}.{service}.models")
        validators = importlib.import_module(f"{package}.{service}.validators")
        paginators = importlib.import_module(f"{package}.{service}.paginators")
        if operation.request_type is not None:  # None: an operation without input
            assert operation.request_type is getattr(models, operation.request_type.__name__)
            assert dataclasses.is_dataclass(operation.request_type)
        if operation.response_type is not None:
            assert operation.response_type is getattr(models, operation.response_type.__name__)
        python_name = operation.python_name
        assert operation.validate_request is vars(validators)[f"validate_{python_name}_request"]
        assert operation.check_response is vars(validators)[f"check_{python_name}_response"]
        if operation.pagination is None:
            assert operation.paginator is operation.async_paginator is None
        else:
            assert operation.paginator is vars(paginators)[f"{python_name}_paginator"]
            assert operation.async_paginator is vars(paginators)[f"{python_name}_async_paginator"]
        assert operation.strategies_module == f"{package}.{service}.strategies"
        strategies = importlib.import_module(operation.strategies_module)
        assert operation.strategies is strategies.STRATEGIES[operation.name]


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_every_dataclass_has_a_strategy_to_register(root: Path, package: str) -> None:
    top = _fresh(root, package)
    for service in top.SERVICES:
        models = importlib.import_module(f"{package}.{service}.models")
        strategies = importlib.import_module(f"{package}.{service}.strategies")
        classes = {
            name
            for name in dir(models)
            if isinstance(value := getattr(models, name), type) and dataclasses.is_dataclass(value)
            # Defined in the service's `_models`, not the runtime's (imported there).
            and value.__module__.startswith(f"{package}.{service}._models.")
        }
        assert classes == set(strategies._DICTS_OF_CLASS)


_ONE_AT_A_TIME = """
from dataclasses import dataclass

from hypothesis import given, settings, strategies as st

from generated.bedrock import models, strategies


@dataclass(frozen=True, slots=True, kw_only=True)
class Mine(models.DataProcessingDetails):
    pass


drawn = []


@settings(max_examples=5, database=None, derandomize=True)
@given(st.from_type(models.CustomModelSummary), st.from_type(Mine))
def draw(summary, mine):
    drawn.append((summary, mine))


draw()
assert all(type(summary) is models.CustomModelSummary for summary, _ in drawn)
assert all(type(mine) is Mine for _, mine in drawn)
print(sorted(strategies._REGISTERED))
"""


def test_from_type_registers_the_strategy_of_the_class_it_resolves_only() -> None:
    """Not the service's every dataclass, and not a subclass (built from its signature)."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _ONE_AT_A_TIME],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "['CustomModelSummary']"


_TYPED_USE = """
import generated
import golden_pkg
from generated import bedrock

page: type = generated.bedrock.models.ListCustomModelsResponse
bedrock.validators.validate_list_custom_models_request({})
names: list[str] = list(bedrock.strategies.STRATEGIES)
stub = bedrock.stubs.stub_clients()
errors = generated.cleanroomsml.errors.ERRORS
record = golden_pkg.everything.OPERATIONS
"""


def test_mypy_sees_every_lazily_loaded_name(tmp_path: Path) -> None:
    program = tmp_path / "uses.py"
    program.write_text(_TYPED_USE, encoding="utf-8")
    broken = tmp_path / "broken.py"
    broken.write_text("import generated\n\ngenerated.bedrock.modelz\n", encoding="utf-8")
    environment = {**os.environ, "MYPYPATH": str(GOLDEN)}
    results = [
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--cache-dir",
                str(tmp_path / "cache"),
                path,
            ],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
            env=environment,
            timeout=600,
        )
        for path in (str(program), str(broken))
    ]
    assert results[0].returncode == 0, results[0].stdout
    assert 'Module has no attribute "modelz"' in results[1].stdout, results[1].stdout


_PATTERNS_PROGRAM = """
import importlib, json, re, sys
patterns = importlib.import_module(sys.argv[1] + ".patterns")
def compiled():
    return sorted(name for name, value in vars(patterns).items() if isinstance(value, re.Pattern))
before = compiled()
importlib.import_module(sys.argv[1] + ".validators")
validators = compiled()
importlib.import_module(sys.argv[1] + ".strategies")
print(json.dumps([before, validators, compiled()]))
"""


def _strategies_pattern_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "patterns"
        for alias in node.names
    )


@pytest.mark.parametrize(("root", "package"), TREES, ids=TREE_IDS)
def test_patterns_compile_on_first_use_only(root: Path, package: str) -> None:
    for service in _service_modules(root, package):
        result = subprocess.run(
            [sys.executable, "-W", "error", "-c", _PATTERNS_PROGRAM, f"{package}.{service}"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        before, validators, after = json.loads(result.stdout)
        assert before == []
        # validators.py reads patterns at call time: importing it compiles none.
        assert validators == []
        # Importing strategies compiles what it imports for `from_regex`, and nothing else.
        assert after == _strategies_pattern_imports(root / package / service / "strategies.py")
        patterns = importlib.import_module(f"{_fresh(root, package).__name__}.{service}.patterns")
        sources = patterns._SOURCES
        assert set(sources) <= set(dir(patterns))
        for name, source in sources.items():
            compiled = getattr(patterns, name)
            assert compiled is getattr(patterns, name)
            assert compiled.pattern == source
        with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
            _ = patterns.nonexistent
