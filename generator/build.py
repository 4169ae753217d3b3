"""Stage 3: checked spec data to the intermediate model."""

from __future__ import annotations

from typing import Any

from generator import naming
from generator.literals import clean_documentation, docstring_literal, literal
from generator.model import (
    INTEGER_WIDTH,
    BlobShape,
    BooleanShape,
    Docs,
    DocumentShape,
    EnumShape,
    EnumValue,
    ErrorInfo,
    FloatShape,
    IntegerShape,
    ListShape,
    MapShape,
    Member,
    Operation,
    PaginationFlavour,
    Paginator,
    RequestViolation,
    Service,
    Shape,
    StringShape,
    StructureShape,
    TimestampShape,
    integer_range,
)
from generator.regex import (
    generation_pattern,
    matches_strategy,
    python_pattern,
    search_pattern,
    utf8_pattern,
)
from generator.violations import Violation, member_violations, unknown_member_name


def docs(text: str | None) -> Docs:
    cleaned = clean_documentation(text or "")
    return Docs(text=cleaned, docstring=docstring_literal(cleaned) if cleaned else "")


def build(data: dict[str, Any], spec_file: str) -> Service:
    """Builds the model of one checked spec."""
    service = data["service"]
    raw_shapes = data["shapes"]
    shapes = tuple(
        _shape(name, raw_shapes[name], raw_shapes, service["pattern_match"])
        for name in sorted(raw_shapes)
    )
    operations = tuple(
        _operation(name, operation, raw_shapes, service["pattern_match"])
        for name, operation in data["operations"].items()
    )
    data_shapes = _reachable(
        [name for op in operations for name in (op.input, op.output) if name], raw_shapes
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
        data_shapes=data_shapes,
        recursive=any(
            name in _reachable(shape_references(raw_shapes[name]), raw_shapes)
            for name in data_shapes
            if raw_shapes[name]["type"] == "structure"
        ),
    )


def _reachable(roots: list[str], shapes: dict[str, Any]) -> frozenset[str]:
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending.extend(shape_references(shapes[name]))
    return frozenset(seen)


def shape_references(shape: dict[str, Any]) -> list[str]:
    """The shapes a shape holds: member shapes, a list's member, a map's key and value."""
    if shape["type"] == "list":
        return [shape["member"]]
    if shape["type"] == "map":
        return [shape["key"], shape["value"]]
    return [member["shape"] for member in shape.get("members", {}).values()]


def _operation(
    name: str, operation: dict[str, Any], shapes: dict[str, Any], pattern_match: str
) -> Operation:
    http = operation["http"]
    paginator = operation.get("paginator")
    # Every generated name of the operation derives from its checked-unique method name.
    snake = naming.method_name(name)
    output = operation.get("output")
    output_members = {} if output is None else shapes[output]["members"]
    return Operation(
        name=name,
        name_literal=literal(name),
        python_name=naming.method_name(name),
        docs=docs(operation.get("documentation")),
        http_method=http["method"],
        http_uri=http["uri"],
        http_uri_literal=literal(http["uri"]),
        response_code=http.get("response_code", 200),
        input=operation["input"],
        output=output,
        errors=tuple(operation.get("errors", ())),
        validate_function=f"validate_{snake}_request",
        violations=_violations(shapes[operation["input"]], shapes, pattern_match),
        strategies_constant=f"{snake.upper()}_STRATEGIES",
        paginator_token_strategy=(
            ""
            if paginator is None
            else strategy(output_members[paginator["output_token"]]["shape"], shapes)
        ),
        paginator_item_strategy=(
            ""
            if paginator is None
            else strategy(
                shapes[output_members[paginator["result_key"]]["shape"]]["member"], shapes
            )
        ),
        check_response_function=f"check_{snake}_response",
        paginator=(
            None
            if paginator is None
            else _paginator(name, paginator, operation, output_members, shapes)
        ),
    )


def _paginator(
    operation: str,
    paginator: dict[str, Any],
    spec: dict[str, Any],
    output_members: dict[str, Any],
    shapes: dict[str, Any],
) -> Paginator:
    limit_key = paginator.get("limit_key")
    input_members = shapes[spec["input"]]["members"]
    limit = {} if limit_key is None else shapes[input_members[limit_key]["shape"]]
    output = spec["output"]
    item = shapes[output_members[paginator["result_key"]]["shape"]]["member"]
    structure = shapes[item]["type"] == "structure"
    # From the method name: an identifier already, never a keyword or a leading digit.
    snake = naming.method_name(operation)
    return Paginator(
        input_token=paginator["input_token"],
        output_token=paginator["output_token"],
        limit_key=limit_key,
        result_key=paginator["result_key"],
        page_size_min=limit.get("min"),
        page_size_max=limit.get("max"),
        page_type=f"models.{naming.class_name(output)}",
        # Items of other shapes are handed over as they come (no spec has them today).
        item_type=f"models.{naming.class_name(item)}" if structure else "object",
        item_parser=f"models.{naming.class_name(item)}.from_dict" if structure else "keep_item",
        spec_constant=f"{snake.upper()}_PAGINATION",
        function=f"{snake}_paginator",
        async_function=f"{snake}_async_paginator",
    )


def pagination_flavours() -> tuple[PaginationFlavour, ...]:
    """The sync and async iterators of pagination.py, rendered from one template."""
    return (
        PaginationFlavour(
            prefix="",
            def_="def",
            await_="",
            for_="for",
            iterator="Iterator",
            iter_method="__iter__",
            call_type="PageCall",
        ),
        PaginationFlavour(
            prefix="Async",
            def_="async def",
            await_="await ",
            for_="async for",
            iterator="AsyncIterator",
            iter_method="__aiter__",
            call_type="AsyncPageCall",
        ),
    )


def _shape(name: str, shape: dict[str, Any], shapes: dict[str, Any], pattern_match: str) -> Shape:
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
                    value=value, literal=literal(value), member_name=naming.enum_member_name(value)
                )
                for value in shape["enum"]
            ),
            values_constant=f"_{naming.snake_case(class_name).upper()}_VALUES",
            expected_constant=f"_{naming.snake_case(class_name).upper()}_EXPECTED",
            expected_text=", ".join(repr(value) for value in shape["enum"]),
            by_value_constant=f"_{naming.snake_case(class_name).upper()}_BY_VALUE",
        )
    if kind == "string":
        return _string(name, shape, shape_docs, pattern_match)
    if kind in INTEGER_WIDTH:
        low, high = integer_range(shape)
        return IntegerShape(name=name, docs=shape_docs, minimum=low, maximum=high)
    if kind in ("float", "double"):
        return FloatShape(
            name=name, docs=shape_docs, minimum=shape.get("min"), maximum=shape.get("max")
        )
    if kind == "blob":
        return BlobShape(
            name=name, docs=shape_docs, min_length=shape.get("min"), max_length=shape.get("max")
        )
    if kind == "document":
        return DocumentShape(name=name, docs=shape_docs)
    if kind == "map":
        return MapShape(
            name=name,
            docs=shape_docs,
            key=shape["key"],
            value=shape["value"],
            value_type_hint=type_hint(shape["value"], shapes),
            min_items=shape.get("min"),
            max_items=shape.get("max"),
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


def _string(name: str, shape: dict[str, Any], shape_docs: Docs, pattern_match: str) -> StringShape:
    pattern = shape.get("pattern")
    python = None if pattern is None else python_pattern(pattern)
    constant = None if pattern is None else pattern_constant(name)
    # A translated pattern is shown in messages as the spec wrote it, not as Python reads it.
    text_constant = None if python == pattern else f"{constant}_TEXT"
    searched = python if python is None or pattern_match != "search" else search_pattern(python)
    search_constant = f"{constant}_SEARCH" if searched and searched != python else None
    # A pattern with its length folded in is drawn where it is used (see `strategy`).
    folded = python is not None and generation_pattern(python, shape.get("min"), shape.get("max"))
    drawn = python is not None and not folded
    translated = matches_strategy(python) if python is not None and drawn else None
    # Else from_regex, of the pattern with no surrogates in its classes (generator/regex.py:
    # utf8_pattern): a pattern that has some needs a literal of its own.
    drawable = utf8_pattern(python) if python is not None and drawn and not translated else None
    from_constant = drawable is not None and drawable == python
    fallback = drawable and from_regex(str(constant) if from_constant else literal(drawable))
    return StringShape(
        name=name,
        docs=shape_docs,
        min_length=shape.get("min"),
        max_length=shape.get("max"),
        pattern=pattern,
        pattern_literal=None if python is None else literal(python),
        pattern_constant=constant,
        pattern_text_constant=text_constant,
        pattern_text_literal=None if text_constant is None else literal(pattern),
        pattern_display=text_constant or (None if constant is None else f"{constant}.pattern"),
        search_constant=search_constant,
        search_literal=None if search_constant is None else literal(searched),
        validator_regex=search_constant or (constant if searched else None),
        matches_constant=matches_constant(name) if drawn else None,
        matches_source=translated or fallback,
        matches_import_pattern=from_constant,
    )


def type_hint(shape_name: str, shapes: dict[str, Any]) -> str:
    """The Python type of a value of the shape in the dataclasses."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "string":
        # Unknown enum values are kept as text (Smithy: clients must accept new values).
        return f"{naming.class_name(shape_name)} | str" if "enum" in shape else "str"
    if kind == "list":
        return f"tuple[{type_hint(shape['member'], shapes)}, ...]"
    if kind == "map":
        return f"Mapping[str, {type_hint(shape['value'], shapes)}]"
    if kind == "structure":
        return naming.class_name(shape_name)
    return {
        "integer": "int",
        "long": "int",
        "float": "float",
        "double": "float",
        "boolean": "bool",
        "timestamp": "datetime",
        "blob": "bytes",
        "document": "JsonValue",
    }[kind]


def _structure(
    name: str, shape: dict[str, Any], shape_docs: Docs, shapes: dict[str, Any]
) -> StructureShape:
    required = set(shape.get("required", ()))
    error = shape.get("error")
    # Every generated name of the structure derives from its checked-unique class name.
    snake = naming.snake_case(naming.class_name(name))
    members = tuple(
        _member(snake, index, member_name, member, member_name in required, shapes)
        for index, (member_name, member) in enumerate(shape["members"].items())
    )
    payload = shape.get("payload")
    return StructureShape(
        name=name,
        class_name=naming.class_name(name),
        docs=shape_docs,
        check_function=f"_check_{snake}",
        parse_function=f"_parse_{snake}",
        dump_function=f"_dump_{snake}",
        strategy_constant=strategy_constant(name),
        members_constant=f"_{snake.upper()}_MEMBERS",
        members_text=", ".join(shape["members"]),
        members_annotation="Final" if members else "Final[frozenset[str]]",
        members=members,
        union=bool(shape.get("union")),
        payload=next((member for member in members if member.name == payload), None),
        error=(
            None
            if error is None
            else ErrorInfo(
                code=error.get("code", name),
                code_literal=literal(error.get("code", name)),
                http_status=error["http_status"],
                fault=error["fault"],
            )
        ),
    )


def _member(
    snake: str,
    index: int,
    name: str,
    member: dict[str, Any],
    required: bool,
    shapes: dict[str, Any],
) -> Member:
    token = bool(member.get("idempotency_token"))
    deprecated = bool(member.get("deprecated"))
    text = member.get("documentation") or ""
    if deprecated:
        note = " ".join(("Deprecated.", member.get("deprecated_message", ""))).strip()
        text = f"{text}\n\n{note}" if text else note
    return Member(
        name=name,
        literal=literal(name),
        field_name=naming.field_name(name),
        local_name=f"m_{naming.field_name(name)}",
        # `__` cannot occur in a snake-case name, so class and field cannot blur.
        setter_constant=f"_{snake.upper()}__{naming.field_name(name).upper()}",
        shape=member["shape"],
        # boto3 fills an idempotency token in itself: the caller never has to give one.
        required=required and not token,
        idempotency_token=token,
        deprecated=deprecated,
        temp_prefix=f"v{index}_",
        location=member.get("location"),
        location_name=member.get("location_name"),
        docs=docs(text),
        type_hint=type_hint(member["shape"], shapes),
        strategy=strategy(member["shape"], shapes),
    )


# Lists in generated examples stay short unless the spec needs more; pages are built separately.
LIST_SIZE_CAP = 5


def strategy(shape_name: str, shapes: dict[str, Any]) -> str:
    """Source of a Hypothesis strategy of valid boto3-shaped values of the shape."""
    shape = shapes[shape_name]
    kind = shape["type"]
    lo, hi = shape.get("min"), shape.get("max")
    if kind == "string" and "enum" in shape:
        return f"st.sampled_from({literal(tuple(shape['enum']))})"
    if kind == "string" and "pattern" in shape:
        folded = generation_pattern(python_pattern(shape["pattern"]), lo, hi)
        if folded is not None:
            # Filtering by length would reject nearly every draw (see generator/regex.py).
            matches = matches_strategy(folded) or from_regex(literal(utf8_pattern(folded)))
            return f"_sized({matches}, {lo!r}, {hi!r})"
        return f"_sized({matches_constant(shape_name)}, {lo!r}, {hi!r})"
    if kind == "string":
        return f"st.text(_ALPHABET, min_size={lo or 0!r}, max_size={hi!r})"
    if kind in INTEGER_WIDTH:
        low, high = integer_range(shape)
        return f"st.integers(min_value={low!r}, max_value={high!r})"
    if kind in ("float", "double"):
        # Finite only: NaN never equals itself, so it could not round-trip through equality.
        return (
            f"st.floats(min_value={lo!r}, max_value={hi!r}, allow_nan=False, "
            "allow_infinity=False)"
        )
    if kind == "boolean":
        return "st.booleans()"
    if kind == "timestamp":
        return "_TIMESTAMPS"
    if kind == "blob":
        return f"st.binary(min_size={lo or 0!r}, max_size={hi!r})"
    if kind == "document":
        return "_DOCUMENTS"
    if kind == "list":
        item = strategy(shape["member"], shapes)
        return f"st.lists({item}, min_size={lo or 0!r}, max_size={_size_cap(lo, hi)!r})"
    if kind == "map":
        key, value = strategy(shape["key"], shapes), strategy(shape["value"], shapes)
        return (
            f"st.dictionaries({key}, {value}, min_size={lo or 0!r}, max_size={_size_cap(lo, hi)!r})"
        )
    return f"st.deferred(lambda: {strategy_constant(shape_name)})"


def _size_cap(lo: int | None, hi: int | None) -> int:
    return max(lo or 0, LIST_SIZE_CAP) if hi is None else min(hi, max(lo or 0, LIST_SIZE_CAP))


def pattern_constant(shape_name: str) -> str:
    return f"{naming.snake_case(naming.class_name(shape_name)).upper()}_PATTERN"


def matches_constant(shape_name: str) -> str:
    return f"{naming.snake_case(naming.class_name(shape_name)).upper()}_MATCHES"


def from_regex(regex: str) -> str:
    """Source of Hypothesis's strategy of whole matches of `regex` (source of a str or compiled
    pattern), for patterns `matches_strategy` cannot translate. Deferred: filtering a lazy
    from_regex builds it anew, up to a second for a large class, where the length filters of one
    deferred strategy share one build."""
    return f"st.deferred(lambda: st.from_regex({regex}, fullmatch=True, alphabet=_ALPHABET))"


def strategy_constant(shape_name: str) -> str:
    return f"{naming.snake_case(naming.class_name(shape_name)).upper()}_DICTS"


def _violations(
    structure: dict[str, Any], shapes: dict[str, Any], pattern_match: str
) -> tuple[RequestViolation, ...]:
    members = structure["members"]
    required = {
        name for name in structure.get("required", ()) if not members[name].get("idempotency_token")
    }
    found = [
        violation
        for name, member in members.items()
        for violation in member_violations(
            name, shapes[member["shape"]], name in required, pattern_match
        )
    ]
    found.append(
        Violation(member=unknown_member_name(list(members)), rule="unknown", value="unexpected")
    )
    return tuple(
        RequestViolation(
            member_literal=literal(violation.member),
            rule_literal=literal(violation.rule),
            value_literal=(
                literal(violation.value) if violation.expression is None else violation.expression
            ),
            drop=violation.drop,
            pad_to=violation.pad_to,
            valid_strategy=(
                strategy(members[violation.member]["shape"], shapes)
                if violation.member in members
                else "st.nothing()"
            ),
        )
        for violation in found
    )
