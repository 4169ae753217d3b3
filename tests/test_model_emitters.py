"""What the model's shape classes emit for models.py: parse statements, parse functions, dumps.

The emitted source is run here against the runtime's helpers, so each test checks behaviour, not
only text; the golden record checks the text in context.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import model, naming
from generator.build import cyclic_shapes, host_label_strategy
from generator.model import module_level_names
from generator.pipeline import load_services
from generator.runtime import checks, operations, parsing
from generator.runtime.drawing import Constraint
from generator.runtime.errors import ResponseParseError
from generator.violations import input_constraints
from tests.helpers import MINIMAL_SPEC, PROJECT, edit
from tests.hostile import generate_package, load

DOCS = model.Docs(text="", docstring="")
STRING = model.StringShape(
    name="Name",
    docs=DOCS,
    min_length=None,
    max_length=None,
    pattern=None,
    pattern_literal=None,
    pattern_constant=None,
    pattern_text_constant=None,
    pattern_text_literal=None,
    pattern_shown=None,
    search_constant=None,
    search_literal=None,
    validator_regex=None,
    matches_constant=None,
    matches_source=None,
    matches_import_pattern=False,
    check_function="check_string",
    check_defined=False,
)
STAMP = model.TimestampShape(name="Stamp", docs=DOCS, timestamp_format="iso8601")
NAMES = model.ListShape(
    name="Names",
    docs=DOCS,
    member="Name",
    member_type_hint="str",
    parse_function="_parse_names",
    type_hint="tuple[str, ...]",
    min_items=None,
    max_items=None,
    check_function="_check_names",
    check_defined=True,
    sparse=False,
)
TABLE = model.MapShape(
    name="Table",
    docs=DOCS,
    key="Name",
    value="Names",
    value_type_hint="tuple[str, ...]",
    parse_function="_parse_table",
    min_items=None,
    max_items=None,
    check_function="_check_table",
    check_defined=True,
    sparse=False,
)
SHAPES: dict[str, model.Shape] = {"Name": STRING, "Stamp": STAMP, "Names": NAMES, "Table": TABLE}


def _namespace() -> dict[str, Any]:
    namespace: dict[str, Any] = dict(vars(parsing))
    namespace["ResponseParseError"] = ResponseParseError
    for shape in (NAMES, TABLE):
        exec(shape.parse_definition(SHAPES), namespace)
    return namespace


def _run(statements: str, value: object) -> object:
    namespace = _namespace()
    exec(f"def check(value):\n{model._indented(statements, 4)}\n    return value", namespace)
    return namespace["check"](value)


@pytest.mark.parametrize(
    ("presence", "none"),
    [
        ("required", "required member is missing"),
        ("optional", None),
        ("item", "expected a string, got NoneType"),
    ],
)
def test_a_scalar_parse_treats_none_by_presence(presence: model.Presence, none: str | None) -> None:
    statements = STRING.parse("value", "'name'", presence)
    assert statements.startswith("value = value if type(value) is str")
    assert _run(statements, "x") == "x"
    if none is None:
        assert _run(statements, None) is None
    else:
        with pytest.raises(ResponseParseError, match=f"^name: {none}$"):
            _run(statements, None)
    with pytest.raises(ResponseParseError, match=r"^name: expected a string, got int$"):
        _run(statements, 3)


def test_a_list_and_a_map_have_one_parse_function_that_members_call() -> None:
    assert NAMES.parse("value", "'names'", "optional") == (
        "if value is not None:\n"
        "    try:\n"
        "        value = _parse_names(value)\n"
        "    except ResponseParseError as error:\n"
        "        raise error.under('names') from None"
    )
    namespace = _namespace()
    assert namespace["_parse_names"](["a", "b"]) == ("a", "b")
    assert namespace["_parse_table"]({"k": ("a",)}) == {"k": ("a",)}


def _member(name: str, shape: str, required: bool) -> model.Member:
    return model.Member(
        name=name,
        literal=repr(name),
        wire_literal=repr(name),
        field_name=name,
        shape=shape,
        required=required,
        idempotency_token=False,
        deprecated=False,
        location=None,
        location_name=None,
        timestamp_format=None,
        docs=DOCS,
        type_hint="",
        strategy="",
    )


def _parsed(statements: str, data: dict[str, Any]) -> dict[str, object]:
    """The fields `statements` (of a structure's parse function) set from `data`."""
    namespace = _namespace()
    exec(f"def parse(data, instance):\n{model._indented(statements, 4)}", namespace)
    instance = type("Instance", (), {})()
    namespace["parse"](data, instance)
    return vars(instance)


@pytest.mark.parametrize("alone", [True, False])
def test_a_run_of_nested_members_puts_the_member_being_parsed_on_the_path(alone: bool) -> None:
    run = [(_member("table", "Table", True), TABLE)]
    run += [] if alone else [(_member("names", "Names", False), NAMES)]
    statements = model._nested_run(run)
    assert statements.count("try:") == 1
    assert _parsed(statements, {"table": {"k": ["a"]}})["table"] == {"k": ("a",)}
    with pytest.raises(
        ResponseParseError, match=r"^table\['k'\]\[1\]: expected a string, got int$"
    ):
        _parsed(statements, {"table": {"k": ["a", 1]}})
    with pytest.raises(ResponseParseError, match=r"^table: expected an object with string keys"):
        _parsed(statements, {"table": {1: []}})
    with pytest.raises(ResponseParseError, match=r"^table: required member is missing$"):
        _parsed(statements, {})
    if not alone:
        assert _parsed(statements, {"table": {}})["names"] is None
        with pytest.raises(ResponseParseError, match=r"^names\[0\]: expected a string"):
            _parsed(statements, {"table": {}, "names": [1]})


def test_a_converting_member_sets_its_field_in_one_statement() -> None:
    member = model.Member(
        name="when",
        literal="'when'",
        wire_literal="'when'",
        field_name="when",
        shape="Stamp",
        required=True,
        idempotency_token=False,
        deprecated=False,
        location=None,
        location_name=None,
        timestamp_format=None,
        docs=DOCS,
        type_hint="datetime",
        strategy="",
    )
    assert member.parse(STAMP) == "instance.when = timestamp(data.get('when'), 'when', True)"
    assert STAMP.dump("value.when", SHAPES) == "wire.iso8601(value.when) if wire else value.when"
    # The member's own format (or its location's default) overrides the shape's.
    assert member.dump(SHAPES) == "wire.iso8601(value.when) if wire else value.when"
    header = dataclasses.replace(member, timestamp_format="rfc822")
    assert header.dump(SHAPES) == "wire.rfc822(value.when) if wire else value.when"
    # Beside the body, a member is written to boto3's dict alone (`dump_condition`).
    query = dataclasses.replace(member, location="querystring")
    assert query.dump_condition == "wire is None"
    assert query.dump(SHAPES) == "value.when"
    assert NAMES.dump("value.names", SHAPES) == "list(value.names)"
    assert (
        TABLE.dump("value.table", SHAPES)
        == "{key1: list(item1) for key1, item1 in value.table.items()}"
    )


@pytest.mark.parametrize(
    ("specs", "out"),
    [("specs", "generated"), ("tests/golden", "tests/golden/out/golden_pkg")],
)
def test_generated_models_define_one_parse_function_per_shape_and_no_helpers(
    specs: str, out: str
) -> None:
    for service in load_services(PROJECT / specs):
        directory = PROJECT / out / service.package / "_models"
        sources = {
            module.name: (directory / f"{module.name}.py").read_text(encoding="utf-8")
            for module in service.model_modules
        }
        assert {path.stem for path in directory.glob("*.py")} == {*sources, "__init__"}
        source = "\n".join(sources.values())
        functions = [
            node.name
            for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_parse_")
        ]
        expected = [shape.parse_function for shape in service.structures]
        expected += [shape.parse_function for shape in service.collections]
        assert sorted(functions) == sorted(expected)
        # Each structure's is its class's (`@parses`, which from_dict calls); each is used where a
        # member holds its shape, never inlined.
        for structure in service.structures:
            assert f"@parses({structure.class_name})\ndef {structure.parse_function}(" in source
        for collection in service.collections:
            name = collection.parse_function
            assert re.search(rf"\b{name}\b", source.replace(f"def {name}(", ""))
        # The helpers are imported from the runtime, not copied.
        helpers = {name for name in vars(parsing) if not name.startswith("__")}
        defined = {
            node.name
            for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef | ast.ClassDef)
        }
        assert not {name.lstrip("_") for name in defined} & helpers
        for module in service.model_modules:
            assert set(module.parsing_imports) <= module_level_names(sources[module.name])
        assert "Built through the slots" not in source


@pytest.mark.parametrize("specs", ["specs", "tests/golden"])
def test_a_structure_joins_the_module_of_the_one_module_that_holds_it(specs: str) -> None:
    for service in load_services(PROJECT / specs):
        shapes = service.shapes_by_name
        home = {
            shape.name: module.name
            for module in service.model_modules
            for shape in (*module.structures, *module.collections)
        }
        holders: dict[str, set[str]] = {name: set() for name in home.values()}
        for structure in service.structures:
            for member in structure.members:
                inner = shapes[member.shape]
                while isinstance(inner, model.ListShape | model.MapShape):
                    inner = shapes[
                        inner.member if isinstance(inner, model.ListShape) else inner.value
                    ]
                if (
                    isinstance(inner, model.StructureShape)
                    and home[inner.name] != home[structure.name]
                ):
                    holders[home[inner.name]].add(home[structure.name])
        streamed = {
            name
            for shape in service.structures
            if shape.event_stream is not None
            for name in (shape.name, *(event.shape for event in shape.event_stream.events))
        }
        for name, holding in holders.items():
            assert len(holding) != 1 or name in {home[name] for name in streamed}, name


def test_a_structure_two_modules_hold_keeps_its_own() -> None:
    (cleanroomsml,) = [s for s in load_services(PROJECT / "specs") if s.package == "cleanroomsml"]
    held = {
        module.name: {structure.name for structure in module.structures}
        for module in cleanroomsml.model_modules
    }
    # The pages of two operations hold the summary; the summary alone holds its channels.
    assert held["trained_model_summary"] == {
        "TrainedModelSummary",
        "IncrementalTrainingDataChannelOutput",
    }
    assert {"TrainedModelInferenceJobSummary", "InferenceOutputConfiguration"} <= held[
        "list_trained_model_inference_jobs_response"
    ]


def _structure_of(*members: str) -> dict[str, Any]:
    return {"type": "structure", "members": {name: {"shape": name} for name in members}}


def test_the_shapes_that_hold_themselves_are_those_on_a_cycle() -> None:
    shapes = {
        "Tree": _structure_of("Trees", "Leaf"),
        "Trees": {"type": "list", "member": "Tree"},
        "Leaf": _structure_of(),
        "Self": _structure_of("Self"),
        "Into": _structure_of("Self", "Tree"),  # reaches cycles, is on none
        "Pairs": {"type": "map", "key": "Leaf", "value": "Pair"},
        "Pair": _structure_of("Pairs"),
    }
    # A chain deeper than Python's recursion limit, ending in a cycle of two.
    chain = {f"C{index}": _structure_of(f"C{index + 1}") for index in range(5_000)}
    chain["C5000"] = _structure_of("C4999")
    assert cyclic_shapes(shapes | chain) == {
        "Tree",
        "Trees",
        "Self",
        "Pairs",
        "Pair",
        "C4999",
        "C5000",
    }


@pytest.mark.parametrize(
    "shape",
    [{"type": "string"}, {"type": "string", "min": 3, "max": 5}],  # S3's RequestRoute, bounded
)
def test_a_plain_host_label_member_draws_host_label_characters(shape: dict[str, Any]) -> None:
    names = naming.spec_names({"shapes": {"Label": shape}, "operations": {}})
    parts = host_label_strategy("Label", {"Label": shape}, names, excluded="")
    assert parts["host_label"] == "drawn"
    drawn = eval(parts["strategy"], {"st": st})  # the generator's own source
    low, high = shape.get("min", 1), shape.get("max", 1_000)

    @settings(max_examples=50, database=None)
    @given(drawn)
    def draws(text: str) -> None:
        assert checks.is_host_label(text), text
        assert low <= len(text) <= high

    draws()


def test_a_host_label_member_with_a_pattern_filters_its_draws() -> None:
    shape = {"type": "string", "pattern": "[a-z:]+"}
    names = naming.spec_names({"shapes": {"Label": shape}, "operations": {}})
    parts = host_label_strategy("Label", {"Label": shape}, names, excluded="")
    assert parts == {
        "strategy": "sized(LABEL_MATCHES, None, None).filter(is_host_label)",
        "host_label": "filtered",
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [("a", True), ("A-z.0", True), ("", False), ("a:b", False), (":", False), ("é", False)],
)
def test_is_host_label(text: str, label: bool) -> None:
    assert checks.is_host_label(text) is label


def test_shapes_that_share_a_pattern_share_its_strategy(tmp_path: Path) -> None:
    spec = edit(
        MINIMAL_SPEC,
        "      active:\n        shape: Boolean\n",
        "      active:\n        shape: Boolean\n      parent:\n        shape: ParentId\n",
    )
    spec = edit(
        spec,
        "  OwnerId:\n",
        "  ParentId:\n    type: string\n    min: 12\n    max: 12\n    pattern: '[0-9]{12}'\n"
        "  OwnerId:\n",
    )
    package = generate_package(tmp_path, spec)
    source = (tmp_path / package / "widgets" / "strategies.py").read_text(encoding="utf-8")
    assert "\nPARENT_ID_MATCHES: Final = OWNER_ID_MATCHES\n" in source
    strategies = load(tmp_path, package, "widgets.strategies")
    assert strategies.PARENT_ID_MATCHES is strategies.OWNER_ID_MATCHES

    @settings(max_examples=20)
    @given(strategies.WIDGET_DICTS)
    def drawn(widget: dict[str, Any]) -> None:
        assert re.fullmatch("[0-9]{12}", widget.get("parent", "0" * 12))

    drawn()


_STEPS = st.lists(
    st.one_of(
        st.sampled_from(["[]", "[*]", " (key)"]),
        st.text(st.sampled_from("ab.[] (key)*"), min_size=1, max_size=6).map(".{}".format),
    ),
    min_size=1,
    max_size=5,
).filter(lambda steps: steps[0].startswith("."))


@given(_STEPS)
def test_a_constraint_gives_its_steps_where_its_path_does_not_spell_them(
    steps: list[str],
) -> None:
    path = "".join(steps)[1:]
    names = [step[1:] for step in steps if step.startswith(".")]
    # A path spells its steps exactly when no member's name holds a step's mark.
    plain = not any(mark in name for name in names for mark in (".", "[", " ")) and all(names)
    spelled = operations.path_steps(path) == tuple(steps)
    assert spelled or not plain
    written = Constraint(path, "required", steps=() if spelled else tuple(steps))
    assert written.path == tuple(steps)


def test_the_generator_writes_steps_only_for_a_path_that_cannot_spell_them() -> None:
    shapes = {
        "Inner": _structure_of("plain", "odd.name"),
        "Inners": {"type": "list", "member": "Inner"},
        "plain": {"type": "string", "min": 1},
        "odd.name": {"type": "string", "min": 1},
    }
    request = {"type": "structure", "members": {"items": {"shape": "Inners"}}}
    found = {c.member: c.steps for c in input_constraints(request, shapes, "search")}
    assert found == {
        "items[].plain": (),
        "items[].odd.name": (".items", "[]", ".odd.name"),
    }


def test_strategies_import_no_drawing_name_that_only_a_literal_holds(tmp_path: Path) -> None:
    # Enum values named like the runtime's drawing helpers: text, not uses of them.
    names = ", ".join(sorted(model.DRAWING_NAMES - {"Params"}))
    package = generate_package(
        tmp_path, edit(MINIMAL_SPEC, "enum: [RED, GREEN, NO, ON]", f"enum: [{names}]")
    )
    strategies = (tmp_path / package / "widgets" / "strategies.py").read_text(encoding="utf-8")
    imported = next(
        node
        for node in ast.parse(strategies).body
        if isinstance(node, ast.ImportFrom) and node.module == "drawing"
    )
    used = {node.id for node in ast.walk(ast.parse(strategies)) if isinstance(node, ast.Name)}
    assert {alias.name for alias in imported.names} <= used


def test_a_request_or_response_keeps_its_module_though_one_other_holds_it() -> None:
    owner = {"Page": "page", "Item": "item", "Job": "job"}
    contained = {"Page": {"Item"}, "Item": set(), "Job": {"Item"}}
    # `Item` is held by `page` alone once `Job` holds nothing: it joins `page`, unless it is an
    # operation's response itself, which `response_type` loads alone.
    alone = {**contained, "Job": set()}
    assert model._homes(owner, alone, {}, ())["item"] == "page"
    assert model._homes(owner, alone, {}, ("Item",))["item"] == "item"
    assert model._homes(owner, contained, {}, ())["item"] == "item"  # two modules hold it
