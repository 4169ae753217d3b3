"""Stage 3: checked spec data to the intermediate model."""

from __future__ import annotations

from typing import Any

from generator import naming
from generator.literals import clean_documentation, docstring_literal
from generator.model import (
    BooleanShape,
    Docs,
    EnumShape,
    EnumValue,
    ErrorInfo,
    IntegerShape,
    ListShape,
    Member,
    Operation,
    Paginator,
    Service,
    Shape,
    StringShape,
    StructureShape,
    TimestampShape,
)


def docs(text: str | None) -> Docs:
    cleaned = clean_documentation(text or "")
    return Docs(text=cleaned, docstring=docstring_literal(cleaned) if cleaned else "")


def build(data: dict[str, Any], spec_file: str) -> Service:
    """Builds the model of one checked spec."""
    service = data["service"]
    raw_shapes = data["shapes"]
    shapes = tuple(_shape(name, raw_shapes[name], raw_shapes) for name in sorted(raw_shapes))
    operations = tuple(
        _operation(name, operation) for name, operation in data["operations"].items()
    )
    return Service(
        package=naming.module_name(service["package"]),
        spec_file=spec_file,
        service_id=service["service_id"],
        full_name=service["full_name"],
        api_version=service["api_version"],
        protocol=service["protocol"],
        pattern_match=service["pattern_match"],
        botocore_version=service["provenance"]["botocore_version"],
        source=service["provenance"]["source"],
        docs=docs(service.get("documentation")),
        operations=operations,
        shapes=shapes,
    )


def _operation(name: str, operation: dict[str, Any]) -> Operation:
    http = operation["http"]
    paginator = operation.get("paginator")
    return Operation(
        name=name,
        name_literal=repr(name),
        python_name=naming.method_name(name),
        docs=docs(operation.get("documentation")),
        http_method=http["method"],
        http_uri=http["uri"],
        http_uri_literal=repr(http["uri"]),
        response_code=http.get("response_code", 200),
        input=operation["input"],
        output=operation["output"],
        errors=tuple(operation.get("errors", ())),
        validate_function=f"validate_{naming.snake_case(name)}_request",
        check_response_function=f"check_{naming.snake_case(name)}_response",
        paginator=(
            None
            if paginator is None
            else Paginator(
                input_token=paginator["input_token"],
                output_token=paginator["output_token"],
                limit_key=paginator.get("limit_key"),
                result_key=paginator["result_key"],
            )
        ),
    )


def _shape(name: str, shape: dict[str, Any], shapes: dict[str, Any]) -> Shape:
    kind = shape["type"]
    shape_docs = docs(shape.get("documentation"))
    if kind == "string" and "enum" in shape:
        class_name = naming.class_name(name)
        return EnumShape(
            name=name,
            class_name=class_name,
            docs=shape_docs,
            values=tuple(
                EnumValue(
                    value=value, literal=repr(value), member_name=naming.enum_member_name(value)
                )
                for value in shape["enum"]
            ),
            values_constant=f"_{naming.snake_case(class_name).upper()}_VALUES",
            expected_constant=f"_{naming.snake_case(class_name).upper()}_EXPECTED",
            expected_text=", ".join(repr(value) for value in shape["enum"]),
            by_value_constant=f"_{naming.snake_case(class_name).upper()}_BY_VALUE",
        )
    if kind == "string":
        pattern = shape.get("pattern")
        return StringShape(
            name=name,
            docs=shape_docs,
            min_length=shape.get("min"),
            max_length=shape.get("max"),
            pattern=pattern,
            pattern_literal=None if pattern is None else repr(pattern),
            pattern_constant=(
                None if pattern is None else f"_{naming.snake_case(name).upper()}_PATTERN"
            ),
        )
    if kind == "integer":
        return IntegerShape(
            name=name, docs=shape_docs, minimum=shape.get("min"), maximum=shape.get("max")
        )
    if kind == "boolean":
        return BooleanShape(name=name, docs=shape_docs)
    if kind == "timestamp":
        return TimestampShape(
            name=name, docs=shape_docs, timestamp_format=shape.get("timestamp_format", "iso8601")
        )
    if kind == "list":
        return ListShape(
            name=name,
            docs=shape_docs,
            member=shape["member"],
            member_type_hint=type_hint(shape["member"], shapes),
            min_items=shape.get("min"),
            max_items=shape.get("max"),
        )
    if kind == "structure":
        return _structure(name, shape, shape_docs, shapes)
    raise AssertionError(f"unchecked shape kind {kind!r}")


def type_hint(shape_name: str, shapes: dict[str, Any]) -> str:
    """The Python type of a value of the shape in the dataclasses."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "string":
        # Unknown enum values are kept as text (Smithy: clients must accept new values).
        return f"{naming.class_name(shape_name)} | str" if "enum" in shape else "str"
    if kind == "list":
        return f"tuple[{type_hint(shape['member'], shapes)}, ...]"
    if kind == "structure":
        return naming.class_name(shape_name)
    return {"integer": "int", "boolean": "bool", "timestamp": "datetime"}[kind]


def _structure(
    name: str, shape: dict[str, Any], shape_docs: Docs, shapes: dict[str, Any]
) -> StructureShape:
    required = set(shape.get("required", ()))
    error = shape.get("error")
    snake = naming.snake_case(name)
    return StructureShape(
        name=name,
        class_name=naming.class_name(name),
        docs=shape_docs,
        check_function=f"_check_{snake}",
        parse_function=f"_parse_{snake}",
        dump_function=f"_dump_{snake}",
        members_constant=f"_{snake.upper()}_MEMBERS",
        members_text=", ".join(shape["members"]),
        members=tuple(
            Member(
                name=member_name,
                literal=repr(member_name),
                field_name=naming.field_name(member_name),
                local_name=f"m_{naming.field_name(member_name)}",
                shape=member["shape"],
                required=member_name in required,
                location=member.get("location"),
                location_name=member.get("location_name"),
                docs=docs(member.get("documentation")),
                type_hint=type_hint(member["shape"], shapes),
            )
            for member_name, member in shape["members"].items()
        ),
        error=(
            None
            if error is None
            else ErrorInfo(
                code=error.get("code", name),
                code_literal=repr(error.get("code", name)),
                http_status=error["http_status"],
                fault=error["fault"],
            )
        ),
    )
