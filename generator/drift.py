"""Drift: what a spec says against what botocore's model says today, found as botocore finds it.

Both sides are plain format-1 data; the botocore side is a fresh `import_service` of the spec's
operations, so the comparison covers exactly what an import would write. Documentation is not
compared, and neither are the model keys in `botocore_import.IGNORED_KEYS`, which an import drops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import yaml
from botocore.loaders import Loader

from generator.botocore_import import (
    BotocoreImportError,
    import_service,
    model_loader,
    operation_names,
)
from generator.build import shape_references

_SOURCE = re.compile(r"botocore ([^/\s]+)/")
_SERVICE_KEYS = (
    "service_id",
    "full_name",
    "api_version",
    "protocol",
    "endpoint_prefix",
    "signing_name",
    "client_context_params",
    "json_version",
    "target_prefix",
    "query_compatible",
)
_MODEL_KEYS = ("file", "data")
_HTTP_KEYS = ("method", "uri", "response_code")
_MEMBER_KEYS = (
    "shape",
    "location",
    "location_name",
    "idempotency_token",
    "deprecated",
    "timestamp_format",
    "context_param",
    "host_label",
    "json_value",
)
# Where an operation's requests go, and how their bodies may be compressed: recorded, so
# compared like its HTTP binding.
_ENDPOINT_KEYS = (
    "host_prefix",
    "static_context_params",
    "operation_context_params",
    "endpoint_discovery",
    "endpoint_operation",
    "request_compression",
)
_ERROR_KEYS = ("code", "http_status", "fault")
# Shape keys compared by their own rules; every other key except `type` is compared as a value.
_SPECIAL_SHAPE_KEYS = frozenset(
    {"type", "documentation", "members", "required", "error", "enum", "pattern"}
)


def drift_for_spec(spec: Mapping[str, Any], loader: Loader | None = None) -> list[str]:
    """Drift of a loaded spec against the botocore model named in its provenance.

    The model is the one botocore loads today through `loader` (default: `model_loader()`).
    """
    service = recorded_service(spec)
    if service is None:
        source = spec["service"]["provenance"]["source"]
        return [f"provenance source {source!r} names no botocore model; cannot check drift"]
    operations = list(spec["operations"])
    try:
        loader = loader or model_loader()
        known = set(operation_names(service, loader))
        present = [name for name in operations if name in known]
        if not present:
            return sorted(f"{name}: operation removed from botocore" for name in operations)
        # What format 1 cannot express is left out of a spec, so it is of the model too (with why).
        model = yaml.safe_load(import_service(service, present, notes=[], loader=loader))
    except BotocoreImportError as error:
        return [f"botocore model cannot be imported: {error}"]
    return compare(spec, model)


def recorded_service(spec: Mapping[str, Any]) -> str | None:
    """The botocore service a spec was imported from, per its provenance (None: not imported)."""
    provenance = spec["service"]["provenance"]
    if "model" in provenance:
        service: str = provenance["model"]["file"].split("/")[0]
        return service
    match = _SOURCE.match(provenance["source"])
    return None if match is None else match.group(1)


def compare(spec: Mapping[str, Any], model: Mapping[str, Any]) -> list[str]:
    """Drift lines from `spec` to `model` (a fresh import of the same operations), sorted."""
    lines: set[str] = set()
    lines.update(_service(spec["service"], model["service"]))
    spec_operations: Mapping[str, Any] = spec["operations"]
    model_operations: Mapping[str, Any] = model["operations"]
    left_out: Mapping[str, str] = model.get("left_out", {}).get("operations", {})
    for name in spec_operations.keys() - model_operations.keys():
        if name in left_out:
            lines.add(f"{name}: operation can no longer be imported: {left_out[name]}")
        else:
            lines.add(f"{name}: operation removed from botocore")
    for name in model_operations.keys() - spec_operations.keys():
        lines.add(f"{name}: operation added in botocore")
    for name in spec_operations.keys() & model_operations.keys():
        lines.update(_operation(name, spec_operations[name], model_operations[name]))
    spec_shapes: Mapping[str, Any] = spec["shapes"]
    model_shapes: Mapping[str, Any] = model["shapes"]
    for name in spec_shapes.keys() - model_shapes.keys():
        lines.add(f"shape {name} removed from botocore")
    for name in model_shapes.keys() - spec_shapes.keys():
        lines.add(f"shape {name} added in botocore")
    users = _users(spec_operations, spec_shapes)
    for name in spec_shapes.keys() & model_shapes.keys():
        lines.update(
            _shape(name, spec_shapes[name], model_shapes[name], sorted(users.get(name, ())))
        )
    lines.update(_waiters(spec.get("waiters", {}), model.get("waiters", {})))
    return sorted(lines)


def _waiters(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[str]:
    for name in old.keys() - new.keys():
        yield f"waiter {name} removed from botocore"
    for name in new.keys() - old.keys():
        yield f"waiter {name} added in botocore"
    for name in old.keys() & new.keys():
        for key in sorted(old[name].keys() | new[name].keys()):
            if old[name].get(key) != new[name].get(key):
                yield f"waiter {name}: {key} changed"


def _service(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[str]:
    for key in _SERVICE_KEYS:
        if old.get(key) != new.get(key):
            yield f"service: {key} {_show(old.get(key))} -> {_show(new.get(key))}"
    # Which model file a spec came from is compared only when the spec records it.
    old_model = old.get("provenance", {}).get("model")
    new_model = new.get("provenance", {}).get("model", {})
    for key in _MODEL_KEYS if old_model is not None else ():
        if old_model.get(key) != new_model.get(key):
            before, after = _show(old_model.get(key)), _show(new_model.get(key))
            yield f"service: model {key} {before} -> {after}"


def _operation(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[str]:
    for key in _HTTP_KEYS:
        before, after = old["http"].get(key), new["http"].get(key)
        if before != after:
            yield f"{name}: http binding changed: {key} {_show(before)} -> {_show(after)}"
    for key in _ENDPOINT_KEYS:
        if old.get(key) != new.get(key):
            yield f"{name}: {key} {_show(old.get(key))} -> {_show(new.get(key))}"
    for role in ("input", "output"):
        if old.get(role) != new.get(role):
            yield f"{name}: {role} shape {old.get(role, 'none')} -> {new.get(role, 'none')}"
    old_errors: list[str] = old.get("errors", [])
    new_errors: list[str] = new.get("errors", [])
    yield from _added_removed(f"{name}: error", old_errors, new_errors)
    if old_errors != new_errors and set(old_errors) == set(new_errors):
        yield f"{name}: errors reordered: {', '.join(old_errors)} -> {', '.join(new_errors)}"
    old_paginator, new_paginator = old.get("paginator"), new.get("paginator")
    if old_paginator is None and new_paginator is not None:
        yield f"{name}: paginator added in botocore"
    elif old_paginator is not None and new_paginator is None:
        yield f"{name}: paginator removed from botocore"
    elif old_paginator is not None and new_paginator is not None:
        for key in sorted(old_paginator.keys() | new_paginator.keys()):
            before, after = old_paginator.get(key), new_paginator.get(key)
            if before != after:
                yield f"{name}: paginator {key} {_show(before)} -> {_show(after)}"


def _users(operations: Mapping[str, Any], shapes: Mapping[str, Any]) -> dict[str, set[str]]:
    """For each shape, the `Operation: role` prefixes of the operations that reach it."""
    users: dict[str, set[str]] = {}
    for name, operation in operations.items():
        roles = (
            ("input", [operation["input"]]),
            ("output", [operation["output"]] if "output" in operation else []),
            ("error", operation.get("errors", [])),
        )
        for role, roots in roles:
            pending = list(roots)
            seen: set[str] = set()
            while pending:
                shape_name = pending.pop()
                if shape_name in seen or shape_name not in shapes:
                    continue
                seen.add(shape_name)
                users.setdefault(shape_name, set()).add(f"{name}: {role}")
                pending.extend(shape_references(shapes[shape_name]))
    return users


def _shape(
    name: str, old: Mapping[str, Any], new: Mapping[str, Any], users: Sequence[str]
) -> Iterator[str]:
    where = f"shape {name}"
    if old["type"] != new["type"]:
        yield f"{where}: type {old['type']} -> {new['type']}"
        return
    for key in sorted((old.keys() | new.keys()) - _SPECIAL_SHAPE_KEYS):
        if old.get(key) != new.get(key):
            yield f"{where}: {key} {_show(old.get(key))} -> {_show(new.get(key))}"
    if old.get("pattern") != new.get("pattern"):
        yield f"{where}: pattern changed: {_show(old.get('pattern'))} -> {_show(new.get('pattern'))}"
    old_enum: list[str] = old.get("enum", [])
    new_enum: list[str] = new.get("enum", [])
    yield from _added_removed(f"{where}: enum value", old_enum, new_enum, show=repr)
    if old_enum != new_enum and set(old_enum) == set(new_enum):
        yield f"{where}: enum order changed"
    if old["type"] == "structure":
        yield from _structure(name, old, new, users)


def _structure(
    name: str, old: Mapping[str, Any], new: Mapping[str, Any], users: Sequence[str]
) -> Iterator[str]:
    where = f"shape {name}"
    old_members: Mapping[str, Any] = old["members"]
    new_members: Mapping[str, Any] = new["members"]
    # Added and removed members are told per operation, as that is where a caller meets them.
    prefixes = [f"{user} member {name}." for user in users] or [f"{where}: member "]
    for member in old_members.keys() - new_members.keys():
        yield from (f"{prefix}{member} removed from botocore" for prefix in prefixes)
    for member in new_members.keys() - old_members.keys():
        yield from (f"{prefix}{member} added in botocore" for prefix in prefixes)
    for member in old_members.keys() & new_members.keys():
        for key in _MEMBER_KEYS:
            before, after = old_members[member].get(key), new_members[member].get(key)
            if before != after:
                yield f"{where}: member {member} {key} {_show(before)} -> {_show(after)}"
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for member in old_required - new_required:
        yield f"{where}: member {member} no longer required"
    for member in new_required - old_required:
        yield f"{where}: member {member} now required"
    old_error, new_error = old.get("error"), new.get("error")
    if old_error is not None and new_error is None:
        yield f"{where}: no longer an error in botocore"
    elif old_error is None and new_error is not None:
        yield f"{where}: now an error in botocore"
    elif old_error is not None and new_error is not None:
        # An absent code means the shape name, so writing it out is no drift.
        old_error = {"code": name, **old_error}
        new_error = {"code": name, **new_error}
        for key in _ERROR_KEYS:
            if old_error.get(key) != new_error.get(key):
                yield f"{where}: error {key} {_show(old_error.get(key))} -> {_show(new_error.get(key))}"


def _added_removed(
    prefix: str, old: Sequence[str], new: Sequence[str], show: Callable[[str], str] = str
) -> Iterator[str]:
    for value in old:
        if value not in new:
            yield f"{prefix} {show(value)} removed from botocore"
    for value in new:
        if value not in old:
            yield f"{prefix} {show(value)} added in botocore"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(value)
    return str(value)
