"""The committed specs as plain data (`spec.data` of the loader), and walks over their shapes."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generated.operations import Operation
from generator.naming import module_name
from generator.pipeline import load_checked_specs

SPECS_DIR = Path(__file__).resolve().parent.parent / "specs"

Shape = Mapping[str, Any]


class BenchmarkError(Exception):
    """A benchmark cannot be run honestly: the message says which and why."""


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """One checked spec: its file, package and raw data."""

    file: str
    data: Mapping[str, Any]

    @property
    def package(self) -> str:
        package: str = self.data["service"]["package"]
        return package

    @property
    def service_id(self) -> str:
        service_id: str = self.data["service"]["service_id"]
        return service_id

    @property
    def pattern_match(self) -> str:
        rule: str = self.data["service"]["pattern_match"]
        return rule

    @property
    def operations(self) -> Mapping[str, Mapping[str, Any]]:
        operations: Mapping[str, Mapping[str, Any]] = self.data["operations"]
        return operations

    @property
    def shapes(self) -> Mapping[str, Shape]:
        shapes: Mapping[str, Shape] = self.data["shapes"]
        return shapes

    def shape(self, name: str) -> Shape:
        return self.shapes[name]

    def input_shape(self, operation: str) -> str:
        name: str = self.operations[operation]["input"]
        return name

    def output_shape(self, operation: str) -> str:
        name: str = self.operations[operation]["output"]
        return name


def load_specs(specs_dir: Path = SPECS_DIR) -> dict[str, ServiceSpec]:
    """Every checked spec, keyed by package (`bedrock`, `cleanroomsml`)."""
    specs = [ServiceSpec(file=spec.file, data=spec.data) for spec in load_checked_specs(specs_dir)]
    return {spec.package: spec for spec in specs}


def generated_operations(spec: ServiceSpec) -> Mapping[str, Operation]:
    """The `OPERATIONS` registry of the generated package of `spec`."""
    module = importlib.import_module(f"generated.{module_name(spec.package)}")
    operations: Mapping[str, Operation] = module.OPERATIONS
    return operations


def spec_of(specs: Mapping[str, ServiceSpec], operation: str) -> ServiceSpec:
    """The spec that defines `operation`."""
    for spec in specs.values():
        if operation in spec.operations:
            return spec
    raise BenchmarkError(f"no spec defines the operation {operation}")


@dataclass(frozen=True, slots=True)
class MemberSite:
    """Where a shape is used: an operation's request or response, and the path to the member."""

    operation: str
    direction: str  # "request" or "response"
    path: tuple[str | int, ...]  # member names and list indexes from the top-level structure

    def describe(self) -> str:
        text = ""
        for step in self.path:
            if isinstance(step, int):
                text += f"[{step}]"
            else:
                text += f".{step}" if text else step
        return f"{self.operation} {self.direction} {text}"

    def document(self, value: object) -> dict[str, Any]:
        """The smallest document that puts `value` at this path (other members left out)."""
        inner: object = value
        for step in reversed(self.path):
            inner = [inner] if isinstance(step, int) else {step: inner}
        if not isinstance(inner, dict):
            raise BenchmarkError(f"{self.describe()}: the path does not start at a member")
        return inner


def _walk(
    spec: ServiceSpec, shape_name: str, path: tuple[str | int, ...], seen: frozenset[str]
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    shape = spec.shape(shape_name)
    if shape_name in seen:
        return
    if shape["type"] == "structure":
        for member, definition in shape.get("members", {}).items():
            member_path = (*path, member)
            yield definition["shape"], member_path
            yield from _walk(spec, definition["shape"], member_path, seen | {shape_name})
    elif shape["type"] == "list":
        item_path = (*path, 0)
        yield shape["member"], item_path
        yield from _walk(spec, shape["member"], item_path, seen | {shape_name})


def first_site(spec: ServiceSpec, shape_name: str) -> MemberSite | None:
    """The first member of shape `shape_name`: requests before responses, operations in order."""
    for direction in ("request", "response"):
        for operation, definition in spec.operations.items():
            top = definition["input" if direction == "request" else "output"]
            for used, path in _walk(spec, top, (), frozenset()):
                if used == shape_name:
                    return MemberSite(operation=operation, direction=direction, path=path)
    return None
