"""Adds operations of a botocore model to a spec file, as text, leaving its lines as they are.

`merge_operations` imports the operations asked for as `import-botocore` does and inserts into
the file's text each new operation, and each shape they reach that the file lacks, written as
the importer writes them. Each goes before the first entry of its section whose name sorts after
its own (at the end of the section when none does), so that a sorted section stays sorted;
nothing else in the file changes.

What the file already has must say what the model says: its service section, the operations
asked for that it has, and the shapes the new operations reach that it has are compared as
`drift` compares them (documentation aside), and any difference is an error that lists it: the
spec is older or newer than the model, and re-importing it is the way. An operation asked for
that the file has, the same as in the model, is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from botocore.loaders import Loader

from generator.botocore_import import (
    BotocoreImportError,
    build_spec,
    dump_yaml,
    operation_names,
    operation_shapes,
    refuse_unless_checked,
)
from generator.build import shape_references
from generator.check import check
from generator.diagnostics import SpecError
from generator.drift import compare, recorded_service
from generator.load import LoadedSpec, load_text

_SECTIONS = ("operations", "shapes")


def merge_operations(
    text: str,
    file: str,
    service: str,
    operations: Sequence[str] | None,
    *,
    loader: Loader,
    notes: list[str] | None = None,
) -> tuple[str, list[str]]:
    """The text of spec `file` with `operations` of `service` added (None: all it lacks).

    Returns the new text and the operations asked for that the file already had. `notes` is
    `build_spec`'s: with a list, paginators format 1 cannot express are left out and told there.
    Raises SpecError if the file is not a valid spec, BotocoreImportError if the merge cannot be
    made.
    """
    loaded, problems = load_text(text, file)
    problems += check(loaded)
    if problems:
        raise SpecError(problems)
    spec: dict[str, Any] = loaded.data
    recorded = recorded_service(spec)
    if recorded is not None and recorded != service:
        raise BotocoreImportError(
            f"{file} was imported from botocore service {recorded}, not {service}"
        )
    names = operation_names(service, loader) if operations is None else list(operations)
    model = build_spec(service, names, notes=notes, loader=loader)
    names = [name for name in names if name in model["operations"]]  # the rest left out, told
    kept = [name for name in names if name in spec["operations"]]
    added = {
        "operations": sorted(name for name in names if name not in spec["operations"]),
        "shapes": [],
    }
    reached = _reached(model, added["operations"])
    shared = [name for name in reached if name in spec["shapes"]]
    added["shapes"] = [name for name in reached if name not in spec["shapes"]]
    differences = compare(_part(spec, kept, shared), _part(model, kept, shared))
    if differences:
        raise BotocoreImportError(
            f"{file} differs from botocore's model of {service} where the merge meets it:"
            f" {'; '.join(differences)}; re-import the spec (`drift` lists every difference)"
        )
    if not added["operations"]:
        return text, kept
    slots = {section: _slots(list(spec[section]), added[section]) for section in _SECTIONS}
    merged = dict(spec)
    for section in _SECTIONS:
        order = _merged_order(list(spec[section]), slots[section])
        values = {**spec[section], **{name: model[section][name] for name in added[section]}}
        merged[section] = {name: values[name] for name in order}
    refuse_unless_checked(service, merged)
    result = _insert(text, loaded, slots, model)
    try:
        readback, problems = load_text(result, file)
        same = readback.data == merged and _orders(readback.data) == _orders(merged)
    except SpecError:  # the insertion broke the YAML
        same = False
    if problems or not same:
        raise BotocoreImportError(
            f"{file}: the new entries cannot be inserted into its text, whose layout is not the"
            " importer's (block mappings indented by two spaces); re-import it"
        )
    return result, kept


def _reached(model: Mapping[str, Any], operations: Sequence[str]) -> list[str]:
    """The shapes `operations` reach in `model`, sorted."""
    found: set[str] = set()
    pending = [name for name in operations for name in operation_shapes(model["operations"][name])]
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending.extend(shape_references(model["shapes"][name]))
    return sorted(found)


def _part(
    spec: Mapping[str, Any], operations: Sequence[str], shapes: Sequence[str]
) -> dict[str, Any]:
    return {
        "service": spec["service"],
        "operations": {name: spec["operations"][name] for name in operations},
        "shapes": {name: spec["shapes"][name] for name in shapes},
    }


def _slots(existing: Sequence[str], new: Sequence[str]) -> dict[str | None, list[str]]:
    """For each existing entry (None: the section's end), the new entries that go before it."""
    slots: dict[str | None, list[str]] = {}
    for name in sorted(new):
        slot = next((entry for entry in existing if entry > name), None)
        slots.setdefault(slot, []).append(name)
    return slots


def _merged_order(existing: Sequence[str], slots: Mapping[str | None, list[str]]) -> list[str]:
    order: list[str] = []
    for entry in existing:
        order += [*slots.get(entry, []), entry]
    return order + slots.get(None, [])


def _orders(spec: Mapping[str, Any]) -> list[list[str]]:
    return [list(spec), *(list(spec[section]) for section in _SECTIONS)]


def _insert(
    text: str,
    loaded: LoadedSpec,
    slots: Mapping[str, Mapping[str | None, list[str]]],
    model: Mapping[str, Any],
) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    top = list(loaded.data)
    inserts: dict[int, list[str]] = {}
    for section in _SECTIONS:
        start = loaded.key_position((section,)).line  # the entries begin on the next line
        following = top[top.index(section) + 1 :]
        end = loaded.key_position((following[0],)).line - 1 if following else len(lines)
        for slot, names in slots[section].items():
            at = end if slot is None else loaded.key_position((section, slot)).line - 1
            # Comments and blank lines just above an entry (or the next section) stay with it.
            while at > start and (
                not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")
            ):
                at -= 1
            for name in names:
                entry = dump_yaml({section: {name: model[section][name]}})
                inserts.setdefault(at, []).append(entry.split("\n", 1)[1])
    out: list[str] = []
    for index, line in enumerate([*lines, ""]):
        out += inserts.get(index, [])
        out.append(line)
    return "".join(out)
