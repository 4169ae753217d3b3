"""`models` and `enums` create each class on first use: the facades' TYPE_CHECKING imports are
the runtime's table, the first use of an operation imports the modules of what it reaches and no
other, and the classes behave as the dataclasses and enums the README documents."""

from __future__ import annotations

import ast
import calendar
import copy
import dataclasses
import importlib
import json
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generated.bedrock import enums, models
from generator.model import EVENT_STREAMS, SHARED_MODELS, module_name
from generator.pipeline import generate
from generator.runtime.lazy import lazy_attributes
from generator.runtime.timestamps import to_epoch
from tests.helpers import MINIMAL_SPEC, PROJECT, edit

GOLDEN = PROJECT / "tests" / "golden" / "out"
TREES = [(PROJECT, "generated"), (GOLDEN, "golden_pkg")]


def _declared(path: Path) -> dict[str, str]:
    """The names a facade's `if TYPE_CHECKING:` block imports, and the module of each."""
    (block,) = (
        node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    declared: dict[str, str] = {}
    for statement in block.body:
        if isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                assert alias.asname == alias.name  # re-exported as itself
                declared[alias.name] = f"{statement.module}"
    return declared


@pytest.mark.parametrize(("root", "package"), TREES, ids=[package for _, package in TREES])
def test_what_type_checkers_see_is_what_the_facades_load(root: Path, package: str) -> None:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    for service_init in sorted((root / package).glob("*/__init__.py")):
        service = f"{package}.{service_init.parent.name}"
        for facade, kind in (("models", "_models"), ("enums", "_enums")):
            module = importlib.import_module(f"{service}.{facade}")
            declared = _declared(service_init.parent / f"{facade}.py")
            defined = {
                path.stem
                for path in (service_init.parent / kind).glob("*.py")
                if path.stem not in ("__init__", SHARED_MODELS, EVENT_STREAMS)  # no class there
            }
            assert {source.removeprefix(f"{kind}.") for source in declared.values()} == defined
            public = {name for name in dir(module) if not name.startswith("_")}
            assert set(declared) == public - {"TYPE_CHECKING", "annotations", "lazy_attributes"}
            for name, source in declared.items():
                value = getattr(module, name)
                assert value is getattr(importlib.import_module(f"{service}.{source}"), name)
                assert value.__module__ == f"{service}.{source}"
                assert isinstance(value, type)
                if facade == "models":
                    assert dataclasses.is_dataclass(value)
            with pytest.raises(AttributeError, match="no attribute 'Nonexistent'"):
                _ = module.Nonexistent


def _table(path: Path) -> set[str]:
    """The names a facade's `lazy_attributes` call reads from `_models` (or `_enums`)."""
    (table,) = (
        node.args[2]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "lazy_attributes"
    )
    assert isinstance(table, ast.Dict)
    return {ast.literal_eval(key) for key in table.keys if key is not None}


_ON_MAIN = json.loads(
    (PROJECT / "tests" / "fixtures" / "models_names_on_main.json").read_text(encoding="utf-8")
)["models"]


@pytest.mark.parametrize("service", sorted(_ON_MAIN))
def test_models_gives_every_name_it_defined_before_it_loaded_lazily(service: str) -> None:
    package, folder_name = service.split(".")
    root = {tree_package: tree for tree, tree_package in TREES}[package]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    folder = root / package / folder_name
    before = set(_ON_MAIN[service])
    public = {name for name in before if not name.startswith("_")}
    # Strategies write wire JSON with the dump functions; the streams' specs sat beside them.
    read = {name for name in before if name.startswith("_dump_") or name.endswith("_EVENTS")}
    table = _table(folder / "models.py")
    assert public | read <= table
    # Operations added to the record since then bring only names of the same two kinds.
    assert all(not name.startswith("_") or name.startswith("_dump_") for name in table - before)
    assert public <= set(_declared(folder / "models.py"))
    namespace: dict[str, object] = {}
    for imported in sorted(public | read):
        exec(f"from {service}.models import {imported}", namespace)
        assert namespace[imported] is getattr(
            importlib.import_module(f"{service}.models"), imported
        )
    # The rest (parse functions, enums' tables) moved beside what they serve; each structure's
    # builder is its class's `_builder` (`structures.parses`).
    moved = set[str]()
    for kind in ("_models", "_enums"):
        for path in sorted((folder / kind).glob("*.py")):
            moved |= set(vars(importlib.import_module(f"{service}.{kind}.{path.stem}")))
    builders = {name for name in before if name.endswith("_BUILDER")}
    assert before - public - read - builders <= moved
    models = importlib.import_module(f"{service}.models")
    classes = [getattr(models, name) for name in sorted(public)]
    built = [cls for cls in classes if isinstance(cls, type) and hasattr(cls, "_builder")]
    assert len(built) >= len(builders)
    for cls in built:
        assert type(cls._builder()).__slots__ == cls.__slots__


def _loaded(statements: str) -> list[str]:
    """The modules a fresh interpreter holds after `statements`."""
    program = f"import json, sys\n{statements}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", program],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


_PAGE = {"modelSummaries": []}


def test_the_first_parse_imports_the_modules_of_what_it_reaches_only() -> None:
    operation = "generated.bedrock.OPERATIONS['ListCustomModels']"
    loaded = _loaded(
        f"import generated.bedrock\n{operation}.response_type.from_dict({_PAGE!r})\n"
        f"{operation}.response_type.from_json({json.dumps(_PAGE)!r})"
    )
    shapes = [name for name in loaded if name.startswith(("generated.bedrock._",))]
    assert shapes == [
        "generated.bedrock._enums",
        "generated.bedrock._enums.customization_type",
        "generated.bedrock._enums.model_status",
        "generated.bedrock._models",
        "generated.bedrock._models.list_custom_models_response",  # with the summaries it alone holds
    ]
    # What the runtime would import for timestamps in rarer forms, and strategies.
    assert not {"email.utils", "calendar", "socket", "hypothesis"} & set(loaded)
    validated = _loaded(f"import generated.bedrock\n{operation}.validate_request({{}})")
    assert not [name for name in validated if name.startswith("generated.bedrock._")]
    assert not {"email.utils", "calendar", "socket"} & set(validated)


def test_the_event_streams_specs_load_with_the_first_structure_that_streams() -> None:
    every = "golden_pkg.everything"
    setup = f"sys.path.insert(0, {str(GOLDEN)!r})\nfrom {every} import models\n"
    listed = _loaded(f"{setup}models.ListThingsResponse.from_dict({{'things': []}})")
    assert f"{every}._models.{EVENT_STREAMS}" not in listed
    streamed = _loaded(f"{setup}models.WatchThingsResponse.from_dict({{'events': []}})")
    assert f"{every}._models.{EVENT_STREAMS}" in streamed
    assert f"{every}._models.heartbeat" in streamed  # an event, which the spec parses


def test_the_classes_behave_as_frozen_slotted_keyword_only_dataclasses() -> None:
    summary = models.CustomModelSummary.from_dict(
        {
            "modelArn": "arn",
            "modelName": "name",
            "creationTime": datetime(2026, 12, 1, tzinfo=UTC),
            "baseModelArn": "base",
            "baseModelName": "base name",
            "modelStatus": "Active",
        }
    )
    page = models.ListCustomModelsResponse(model_summaries=(summary,), next_token="t")
    assert dataclasses.is_dataclass(page)
    assert [field.name for field in dataclasses.fields(page)] == ["next_token", "model_summaries"]
    assert page.__match_args__ == ()  # every field is keyword-only
    assert dataclasses.replace(page, next_token=None).next_token is None
    assert dataclasses.asdict(page)["model_summaries"][0]["model_name"] == "name"
    assert page == models.ListCustomModelsResponse.from_dict(page.to_dict())
    assert hash(page) == hash(copy.deepcopy(page))
    assert repr(summary).startswith("CustomModelSummary(model_arn='arn', ")
    assert summary.model_status is enums.ModelStatus.ACTIVE
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.model_name = "other"  # type: ignore[misc]
    assert not hasattr(summary, "__dict__")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(page, protocol)) == page
    assert pickle.loads(pickle.dumps(enums.ModelStatus.ACTIVE)) is enums.ModelStatus.ACTIVE


def test_the_facades_import_in_the_order_of_their_modules(tmp_path: Path) -> None:
    # The spec sorts `MLStatus` before `MemberKind`; isort sorts `ml_status` after `member_kind`.
    spec = edit(
        MINIMAL_SPEC,
        "        shape: Color\n        location:",
        "        shape: MLStatus\n        location:",
    )
    spec = edit(
        spec,
        "        shape: Color\n      createdAt:",
        "        shape: MemberKind\n      createdAt:",
    )
    spec = edit(spec, "  Color:\n", "  MLStatus:\n    type: string\n    enum: [A]\n  MemberKind:\n")
    (tmp_path / "widgets.yaml").write_text(spec, encoding="utf-8")
    files = generate(tmp_path, package="generated")
    assert "from ._enums.member_kind" in files["widgets/enums.py"]
    for path in ("widgets/enums.py", "widgets/models.py"):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--select", "I", "--stdin-filename", path, "-"],
            input=files[path],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout


def test_a_module_named_like_a_keyword_is_renamed() -> None:
    assert module_name("from") == "from_"
    assert module_name("none") == "none"  # `None` is a keyword, `none` is not


_ZONES = st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))


@given(st.datetimes(timezones=_ZONES | st.just(UTC)))
def test_epoch_seconds_are_calendar_timegm(value: datetime) -> None:
    try:
        instant = value.astimezone(UTC)
    except OverflowError:
        return  # no instant: to_epoch is never given one (to_utc refuses it)
    seconds = calendar.timegm(instant.timetuple())
    expected = (seconds * 10**6 + value.microsecond) / 10**6 if value.microsecond else seconds
    assert to_epoch(value) == expected
    assert type(to_epoch(value)) is type(expected)


def test_lazy_attributes_import_on_the_first_read_and_keep_what_they_found() -> None:
    module = ModuleType("facade_under_test")
    sys.modules[module.__name__] = module
    try:
        getattr_, dir_ = lazy_attributes(module.__name__, "json", {"JSONDecoder": "decoder"})
        assert "JSONDecoder" not in vars(module)
        assert "JSONDecoder" in dir_()
        assert getattr_("JSONDecoder") is json.decoder.JSONDecoder
        assert vars(module)["JSONDecoder"] is json.decoder.JSONDecoder  # no call the next time
        with pytest.raises(AttributeError, match="'facade_under_test' has no attribute 'loads'"):
            getattr_("loads")
    finally:
        del sys.modules[module.__name__]
