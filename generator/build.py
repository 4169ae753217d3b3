"""Stage 3: checked spec data to the intermediate model."""

from __future__ import annotations

from typing import Any, Literal

from generator import naming
from generator.check import XML_PROTOCOLS, listed, path_shape
from generator.literals import clean_documentation, docstring_literal, literal
from generator.model import (
    ENUM_TYPE_HINT,
    INTEGER_WIDTH,
    LIST_TYPE_HINT,
    MAP_TYPE_HINT,
    SCALAR_TYPE_HINTS,
    STATUS_CODE,
    BlobShape,
    BooleanShape,
    Docs,
    DocumentShape,
    EnumShape,
    EnumValue,
    ErrorInfo,
    EventKindInfo,
    EventStreamInfo,
    FloatShape,
    IntegerShape,
    ListShape,
    MapShape,
    Member,
    Operation,
    Package,
    Paginator,
    RequestViolation,
    Service,
    Shape,
    StringShape,
    StructureShape,
    TimestampFormat,
    TimestampShape,
    Waiter,
    body_key,
    integer_range,
    module_name,
    status_code_range,
)
from generator.regex import (
    generation_pattern,
    length_bounds,
    matches_strategy,
    python_pattern,
    search_pattern,
    utf8_pattern,
)
from generator.runtime.checks import HOST_LABEL_CHARACTERS, MEMBER_SEPARATOR
from generator.runtime.xmlwire import NOT_IN_XML
from generator.violations import (
    Violation,
    input_constraints,
    member_violations,
    required_members,
    unknown_member_name,
)
from generator.xml_wire import build_xml_wire, shared_elements


def docs(text: str | None) -> Docs:
    cleaned = clean_documentation(text or "")
    return Docs(text=cleaned, docstring=docstring_literal(cleaned) if cleaned else "")


def _renamed_docs(
    text: str | None, what: str, name: str, python: str, resolved: dict[str, str]
) -> Docs:
    """The docs of a class, field or method, which say which spec name it stands for when
    `naming.resolve` renamed it."""
    note = naming.rename_note(what, name, python, resolved)
    return docs(f"{text}\n\n{note}" if text and note else text or note)


def build(data: dict[str, Any], spec_file: str) -> Service:
    """Builds the model of one checked spec."""
    service = data["service"]
    raw_shapes = data["shapes"]
    names = naming.spec_names(data)
    cyclic = cyclic_shapes(raw_shapes)
    wide = wide_structures(raw_shapes)
    outputs = frozenset(op["output"] for op in data["operations"].values() if "output" in op)
    # Text an XML body cannot hold is never drawn (the strategies' values are responses too).
    xml = service["protocol"] in (*XML_PROTOCOLS, "rest-xml")
    excluded = NOT_IN_XML if xml else ""
    shapes = tuple(
        _shape(
            name,
            raw_shapes,
            names,
            service["pattern_match"],
            cyclic,
            outputs,
            excluded,
            xml=xml,
            wide=name in wide,
        )
        for name in sorted(raw_shapes)
    )
    operations = tuple(
        _operation(name, operation, raw_shapes, names, service["pattern_match"], excluded)
        for name, operation in data["operations"].items()
    )
    data_shapes = _reachable(
        [name for op in operations for name in (op.input, op.output) if name], raw_shapes
    )
    return Service(
        package=naming.module_name(service["package"]),
        spec_file=spec_file,
        service_id=service["service_id"],
        botocore_name=botocore_name(service),
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
            name in cyclic for name in data_shapes if raw_shapes[name]["type"] == "structure"
        ),
        waiters=tuple(_waiter(name, waiter) for name, waiter in data.get("waiters", {}).items()),
        xml=build_xml_wire(service, data["operations"], raw_shapes, names.stems),
        query_compatible=service.get("query_compatible", False),
    )


def botocore_name(service: dict[str, Any]) -> str:
    """The service's name in botocore (`sagemaker-runtime`): the folder of the model the spec
    was imported from, or for a spec written by hand its package with `-` for `_` (botocore's
    names have no `_`; the importer makes the package so)."""
    model = service["provenance"].get("model")
    if model is not None:
        return str(model["file"]).split("/")[0]
    return str(service["package"]).replace("_", "-")


def _waiter(name: str, waiter: dict[str, Any]) -> Waiter:
    acceptors = tuple(
        "Acceptor("
        + ", ".join(
            literal(acceptor[key])
            for key in ("state", "matcher", "expected", "argument")
            if key in acceptor
        )
        + ")"
        for acceptor in waiter["acceptors"]
    )
    return Waiter(
        name_literal=literal(name),
        operation_literal=literal(waiter["operation"]),
        delay=waiter["delay"],
        max_attempts=waiter["max_attempts"],
        documentation_literal=literal(clean_documentation(waiter.get("documentation", ""))),
        acceptors=acceptors,
    )


def build_package(name: str, specs: str, services: tuple[Service, ...]) -> Package:
    """The model of the output package `name`, generated from the directory `specs`."""
    names = [service.full_name for service in services]
    listed = " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    text = (
        f"Typed contracts of the {listed} operations in the specs.\n\n"
        f"Generated by aws-ml-contracts. Each service package of `{name}` exposes `OPERATIONS`,\n"
        "a read-only mapping from the API operation name to its `Operation`."
    )
    return Package(name=name, specs=specs, services=services, docs=docs(text))


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


def cyclic_shapes(shapes: dict[str, Any]) -> frozenset[str]:
    """The shapes that hold themselves, at some depth: those of a strongly connected component
    of the reference graph with a cycle (Tarjan's algorithm, iterative: models nest deeper than
    Python's recursion limit would allow)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[str] = set()
    for root in sorted(shapes):
        if root in index:
            continue
        work = [(root, iter(shape_references(shapes[root])))]
        index[root] = lowest[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            name, pending = work[-1]
            child = next(pending, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[name])
                if lowest[name] == index[name]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == name:
                            break
                    if len(component) > 1 or name in shape_references(shapes[name]):
                        found.update(component)
            elif child not in index:
                index[child] = lowest[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(shape_references(shapes[child]))))
            elif child in on_stack:
                lowest[name] = min(lowest[name], index[child])
    return frozenset(found)


# A structure whose draws can hold this many members, its own and those of the structures it
# reaches (Security Hub's findings 2,819, their filters 100 or more), draws at most
# WIDE_OPTIONAL_AT_MOST optional members at a time: half of them would outgrow what Hypothesis
# draws in one test case.
WIDE_REACH = 100
WIDE_OPTIONAL_AT_MOST = 8


def wide_structures(shapes: dict[str, Any]) -> frozenset[str]:
    """The structures whose own members and those of the structures they reach number at
    least WIDE_REACH."""
    wide = set()
    for root, shape in shapes.items():
        if shape["type"] != "structure":
            continue
        seen = {root}
        pending = [root]
        while pending:
            for name in shape_references(shapes[pending.pop()]):
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
        if sum(len(shapes[name].get("members", ())) for name in seen) >= WIDE_REACH:
            wide.add(root)
    return frozenset(wide)


def shape_references(shape: dict[str, Any]) -> list[str]:
    """The shapes a shape holds: member shapes, a list's member, a map's key and value."""
    if shape["type"] == "list":
        return [shape["member"]]
    if shape["type"] == "map":
        return [shape["key"], shape["value"]]
    return [member["shape"] for member in shape.get("members", {}).values()]


def _operation(
    name: str,
    operation: dict[str, Any],
    shapes: dict[str, Any],
    names: naming.SpecNames,
    pattern_match: str,
    excluded: str,
) -> Operation:
    http = operation["http"]
    paginator = operation.get("paginator")
    # Every generated name of the operation derives from its method name (unique: resolved).
    snake = names.methods[name]
    output = operation.get("output")
    output_members = {} if output is None else shapes[output]["members"]
    return Operation(
        name=name,
        name_literal=literal(name),
        python_name=snake,
        docs=_renamed_docs(operation.get("documentation"), "operation", name, snake, names.methods),
        http_method=http["method"],
        http_uri=http["uri"],
        http_uri_literal=literal(http["uri"]),
        response_code=http.get("response_code", 200),
        input=operation.get("input"),
        output=output,
        errors=tuple(operation.get("errors", ())),
        validate_function=f"validate_{snake}_request",
        # Without input, the one way to break a request is a member it cannot have.
        violations=_violations(
            shapes.get(operation.get("input", ""), _NO_MEMBERS),
            shapes,
            names,
            pattern_match,
            excluded,
        ),
        constraints=_constraints(
            shapes.get(operation.get("input", ""), _NO_MEMBERS), shapes, pattern_match
        ),
        strategies_constant=f"{snake.upper()}_STRATEGIES",
        paginator_token_strategy=(
            ""
            if paginator is None
            else "st.tuples("
            + ", ".join(
                strategy(
                    path_shape(
                        shapes, operation["output"], token.split("||")[0].strip(), index=True
                    ),
                    shapes,
                    names,
                    excluded=excluded,
                )
                for token in listed(paginator["output_token"])
            )
            + ")"
        ),
        paginator_item_strategy=(
            ""
            if paginator is None
            else strategy(
                _item_shape(paginator, operation["output"], shapes),
                shapes,
                names,
                excluded=excluded,
            )
        ),
        check_response_function=f"check_{snake}_response",
        streams_output=output is not None
        and output_members.get(shapes[output].get("payload", ""), {}).get("shape") is not None
        and _stream_kind(output_members[shapes[output]["payload"]], shapes) is not None,
        paginator=(
            None if paginator is None else _paginator(paginator, operation, shapes, names, snake)
        ),
    )


_NO_MEMBERS: dict[str, Any] = {"type": "structure", "members": {}}


def _item_shape(paginator: dict[str, Any], output: str, shapes: dict[str, Any]) -> str:
    """The shape of the items of the paginator's (first) result key."""
    return str(shapes[path_shape(shapes, output, listed(paginator["result_key"])[0])]["member"])


def _paginator(
    paginator: dict[str, Any],
    spec: dict[str, Any],
    shapes: dict[str, Any],
    names: naming.SpecNames,
    snake: str,
) -> Paginator:
    limit_key = paginator.get("limit_key")
    input_members = shapes[spec["input"]]["members"]
    limit = {} if limit_key is None else shapes[input_members[limit_key]["shape"]]
    output = spec["output"]
    item = _item_shape(paginator, output, shapes)
    structure = shapes[item]["type"] == "structure"
    # `snake` is the method name: an identifier already, never a keyword or a leading digit.
    return Paginator(
        input_tokens=listed(paginator["input_token"]),
        output_tokens=listed(paginator["output_token"]),
        limit_key=limit_key,
        result_keys=listed(paginator["result_key"]),
        more_results=paginator.get("more_results"),
        non_aggregate_keys=tuple(paginator.get("non_aggregate_keys", ())),
        page_size_min=limit.get("min"),
        page_size_max=limit.get("max"),
        page_type=f"models.{names.classes[output]}",
        # Items of other shapes are handed over as they come (no spec has them today).
        item_type=f"models.{names.classes[item]}" if structure else "object",
        item_parser=f"models.{names.classes[item]}.from_dict" if structure else "keep_item",
        spec_constant=f"{snake.upper()}_PAGINATION",
        function=f"{snake}_paginator",
        async_function=f"{snake}_async_paginator",
    )


def _shape(
    name: str,
    shapes: dict[str, Any],
    names: naming.SpecNames,
    pattern_match: str,
    cyclic: frozenset[str],
    outputs: frozenset[str],
    excluded: str,
    *,
    xml: bool,
    wide: bool,
) -> Shape:
    """The model of shape `name`; `excluded`: characters its strategies never draw; `xml`: whether
    the service's bodies are XML; `wide`: a structure that reaches very many others."""
    shape = shapes[name]
    kind = shape["type"]
    class_name, snake = names.classes[name], names.stems[name]
    shape_docs = _renamed_docs(shape.get("documentation"), "shape", name, class_name, names.classes)
    if kind == "string" and "enum" in shape:
        members = names.enum_members[name]
        return EnumShape(
            name=name,
            class_name=class_name,
            docs=shape_docs,
            values=tuple(
                EnumValue(value=value, literal=literal(value), member_name=members[value])
                for value in shape["enum"]
            ),
            by_value_constant=f"_{snake.upper()}_BY_VALUE",
            module=module_name(snake),
            **_check(snake, "enum", True),
        )
    if kind == "string":
        return _string(name, snake, shape, shape_docs, pattern_match, excluded)
    if kind in INTEGER_WIDTH:
        low, high = integer_range(shape)
        return IntegerShape(
            name=name, docs=shape_docs, minimum=low, maximum=high, **_check(snake, kind, True)
        )
    if kind in ("float", "double"):
        return FloatShape(
            name=name,
            docs=shape_docs,
            minimum=shape.get("min"),
            maximum=shape.get("max"),
            **_check(snake, "float", "min" in shape or "max" in shape),
        )
    if kind == "blob":
        return BlobShape(
            name=name,
            docs=shape_docs,
            min_length=_lower_bound(shape),
            max_length=shape.get("max"),
            **_check(snake, kind, bool(_lower_bound(shape)) or "max" in shape),
        )
    if kind == "document":
        return DocumentShape(name=name, docs=shape_docs, **_check(snake, kind, False))
    if kind == "map":
        return MapShape(
            name=name,
            docs=shape_docs,
            key=shape["key"],
            value=shape["value"],
            value_type_hint=_item_type_hint(shape, shape["value"], shapes, names),
            sparse=bool(shape.get("sparse")),
            parse_function=parse_function(snake),
            min_items=_lower_bound(shape),
            max_items=shape.get("max"),
            **_check(snake, kind, True),
        )
    if kind == "boolean":
        return BooleanShape(name=name, docs=shape_docs)
    if kind == "timestamp":
        return TimestampShape(
            name=name,
            docs=shape_docs,
            timestamp_format=shape.get("timestamp_format", BODY_TIMESTAMP_FORMAT),
        )
    if kind == "list":
        return ListShape(
            name=name,
            docs=shape_docs,
            member=shape["member"],
            member_type_hint=_item_type_hint(shape, shape["member"], shapes, names),
            sparse=bool(shape.get("sparse")),
            parse_function=parse_function(snake),
            type_hint=type_hint(name, shapes, names),
            min_items=_lower_bound(shape),
            max_items=shape.get("max"),
            **_check(snake, kind, True),
        )
    if kind == "structure":
        return _structure(
            name,
            shape_docs,
            shapes,
            names,
            excluded,
            recursive=name in cyclic,
            optional_at_most=WIDE_OPTIONAL_AT_MOST if wide else None,
            output=name in outputs,
            xml=xml,
        )
    raise AssertionError(f"unchecked shape kind {kind!r}")


def _check(snake: str, kind: str, constrained: bool) -> dict[str, Any]:
    """The check function of a shape (`snake`: its stem): its own when it has constraints or
    parts, else the one its kind shares in the runtime (generator/runtime/checks.py:
    `check_<kind>`)."""
    if constrained:
        return {"check_function": check_function(snake), "check_defined": True}
    return {"check_function": f"check_{kind}", "check_defined": False}


def check_function(snake: str) -> str:
    """validators.py's check of a shape, from its stem (`naming.SpecNames.stems`: unique)."""
    return f"_check_{snake}"


def _string(
    name: str,
    snake: str,
    shape: dict[str, Any],
    shape_docs: Docs,
    pattern_match: str,
    excluded: str,
) -> StringShape:
    pattern = shape.get("pattern")
    python = None if pattern is None else python_pattern(pattern)
    constant = None if pattern is None else pattern_constant(snake)
    # A translated pattern is shown in messages as the spec wrote it, not as Python reads it.
    text_constant = None if python == pattern else f"{constant}_TEXT"
    searched = python if python is None or pattern_match != "search" else search_pattern(python)
    search_constant = f"{constant}_SEARCH" if searched and searched != python else None
    # A pattern with its length folded in is drawn where it is used (see `strategy`).
    folded = python is not None and generation_pattern(python, shape.get("min"), shape.get("max"))
    drawn = python is not None and not folded
    translated = matches_strategy(python, excluded) if python is not None and drawn else None
    # Else from_regex, of the pattern with no surrogates in its classes (generator/regex.py:
    # utf8_pattern): a pattern that has some needs a literal of its own.
    drawable = utf8_pattern(python) if python is not None and drawn and not translated else None
    from_constant = drawable is not None and drawable == python
    fallback = drawable and from_regex(str(constant) if from_constant else literal(drawable))
    validator_regex = search_constant or (constant if searched else None)
    return StringShape(
        name=name,
        docs=shape_docs,
        min_length=_lower_bound(shape),
        max_length=shape.get("max"),
        pattern=pattern,
        pattern_literal=None if python is None else literal(python),
        pattern_constant=constant,
        pattern_text_constant=text_constant,
        pattern_text_literal=None if text_constant is None else literal(pattern),
        # The spec's text where Python's differs, the whole pattern where a part is searched.
        pattern_shown=(
            f"patterns.{text_constant}"
            if text_constant
            else f"patterns.{constant}.pattern" if validator_regex != constant else None
        ),
        search_constant=search_constant,
        search_literal=None if search_constant is None else literal(searched),
        validator_regex=validator_regex,
        matches_constant=matches_constant(snake) if drawn else None,
        matches_source=translated or fallback,
        matches_import_pattern=from_constant,
        **_check(
            snake,
            "string",
            bool(_lower_bound(shape)) or "max" in shape or validator_regex is not None,
        ),
    )


def _lower_bound(shape: dict[str, Any]) -> int | None:
    """The least length, size or number of items the validators check for: None for none, or
    for a minimum of 0, which no length is below."""
    return shape.get("min") or None


def parse_function(snake: str) -> str:
    """models.py: the function that parses a value of a structure, list or map, from the
    shape's stem (`naming.SpecNames.stems`: unique)."""
    return f"_parse_{snake}"


def type_hint(shape_name: str, shapes: dict[str, Any], names: naming.SpecNames) -> str:
    """The Python type of a value of the shape in the dataclasses."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "string" and "enum" in shape:
        return ENUM_TYPE_HINT.format(names.classes[shape_name])
    if kind == "list":
        return LIST_TYPE_HINT.format(_item_type_hint(shape, shape["member"], shapes, names))
    if kind == "map":
        return MAP_TYPE_HINT.format(_item_type_hint(shape, shape["value"], shapes, names))
    if kind == "structure":
        return names.classes[shape_name]
    return SCALAR_TYPE_HINTS[kind]


def _item_type_hint(
    collection: dict[str, Any], item: str, shapes: dict[str, Any], names: naming.SpecNames
) -> str:
    """A list's or map's items; a `sparse` one's may be None (responses may hold nulls)."""
    hint = type_hint(item, shapes, names)
    return f"{hint} | None" if collection.get("sparse") else hint


def _structure(
    name: str,
    shape_docs: Docs,
    shapes: dict[str, Any],
    names: naming.SpecNames,
    excluded: str,
    *,
    recursive: bool,
    output: bool,
    xml: bool,
    optional_at_most: int | None,
) -> StructureShape:
    shape = shapes[name]
    required = set(shape.get("required", ()))
    error = shape.get("error")
    # Every generated name of the structure derives from its stem (unique: resolved).
    snake = names.stems[name]
    fields = names.fields[name]
    payload = shape.get("payload")
    text = payload is not None and shapes[shape["members"][payload]["shape"]]["type"] == "string"
    members = tuple(
        _member(
            member_name,
            fields,
            member,
            # An event's payload is always there: it is its message's payload (empty or not).
            member_name in required or bool(member.get("event_payload")),
            shapes,
            names,
            excluded,
            _stream_kind(member, shapes) if member_name == payload else None,
            body_text=text and member_name == payload,
            # botocore reads an output's string payload from every body, empty or not.
            always_returned=text and output and member_name == payload,
            xml=xml,
        )
        for member_name, member in shape["members"].items()
    )
    return StructureShape(
        name=name,
        class_name=names.classes[name],
        docs=shape_docs,
        check_function=check_function(snake),
        check_defined=True,
        parse_function=parse_function(snake),
        dump_function=f"_dump_{snake}",
        strategy_constant=strategy_constant(snake),
        members_constant=f"_{snake.upper()}_MEMBERS",
        names_constant=f"_{snake.upper()}_NAMES",
        members_text=MEMBER_SEPARATOR.join(shape["members"]),
        members=members,
        # An event stream holds one event at a time: a union of its events.
        union=bool(shape.get("union") or shape.get("event_stream")),
        recursive=recursive,
        optional_at_most=optional_at_most,
        event_stream=(
            _event_stream(snake, shape, shapes, names, xml) if shape.get("event_stream") else None
        ),
        payload=next((member for member in members if member.name == payload), None),
        shared_elements_literal=(
            literal(pairs) if xml and (pairs := shared_elements(shape, shapes)) else None
        ),
        error=(
            None
            if error is None
            else ErrorInfo(
                code=error.get("code", name),
                code_literal=literal(error.get("code", name)),
                http_status=error.get("http_status"),
                fault=error["fault"],
            )
        ),
    )


def _stream_kind(
    member: dict[str, Any], shapes: dict[str, Any]
) -> Literal["body", "events"] | None:
    """What a payload member is when it is a stream: a blob ("body": boto3 takes bytes or a
    file-like object and returns a StreamingBody) or an event stream ("events")."""
    target = shapes[member["shape"]]
    if target["type"] == "blob":
        return "body"
    return "events" if target.get("event_stream") else None


def events_constant(snake: str) -> str:
    """`_models/_event_streams.py`: the EventStreamSpec of an event stream union (its stem)."""
    return f"_{snake.upper()}_EVENTS"


def _event_stream(
    snake: str,
    shape: dict[str, Any],
    shapes: dict[str, Any],
    names: naming.SpecNames,
    xml: bool,
) -> EventStreamInfo:
    events, errors, xml_stems = [], [], []
    for member_name, member in shape["members"].items():
        target = shapes[member["shape"]]
        if "error" in target:
            errors.append(
                (literal(member_name), literal(target["error"].get("code", member["shape"])))
            )
            xml_stems.append((literal(member_name), literal(names.stems[member["shape"]])))
            continue
        payload = next(
            (key for key, part in target["members"].items() if part.get("event_payload")), None
        )
        payload_shape = member["shape"] if payload is None else target["members"][payload]["shape"]
        if shapes[payload_shape]["type"] == "structure":
            xml_stems.append((literal(member_name), literal(names.stems[payload_shape])))
        event = names.stems[member["shape"]]
        events.append(
            EventKindInfo(
                shape=member["shape"],
                member_literal=literal(member_name),
                parse_function=parse_function(event),
                dump_function=f"_dump_{event}",
                payload_literal=None if payload is None else literal(payload),
                payload_blob=(
                    payload is not None
                    and shapes[target["members"][payload]["shape"]]["type"] == "blob"
                ),
            )
        )
    return EventStreamInfo(
        constant=events_constant(snake),
        events=tuple(events),
        errors=tuple(errors),
        xml_stems=tuple(xml_stems) if xml else None,
    )


def _stream_member_parts(
    name: str,
    member: dict[str, Any],
    shapes: dict[str, Any],
    names: naming.SpecNames,
    stream: str,
    excluded: str,
) -> dict[str, str]:
    """A stream member's type hint, strategy and check (validators.py), from the runtime's
    `streams` module."""
    shape = shapes[member["shape"]]
    path = f"prefix + {literal(name)}"
    if stream == "body":
        lo, hi = shape.get("min"), shape.get("max")
        requires_length = bool(shape.get("requires_length"))
        return {
            "type_hint": "Readable",
            "strategy": f"st.binary(min_size={lo or 0!r}, max_size={hi!r}).map(BytesBody)",
            "stream_check": f"check_body(member, {path}, issues, {lo!r}, {hi!r}, {requires_length!r})",
        }
    events = [
        (event_name, part["shape"])
        for event_name, part in shape["members"].items()
        if "error" not in shapes[part["shape"]]
    ]
    errors = [
        f"st.fixed_dictionaries({{{literal(event_name)}: {strategy(part['shape'], shapes, names, excluded=excluded)}}})"
        for event_name, part in shape["members"].items()
        if "error" in shapes[part["shape"]]
    ]
    drawn = [
        f"st.fixed_dictionaries({{{literal(event_name)}: {strategy(event_shape, shapes, names, excluded=excluded)}}})"
        for event_name, event_shape in events
    ]
    hints = " | ".join(dict.fromkeys(names.classes[event_shape] for _, event_shape in events))
    return {
        "type_hint": f"EventStream[{hints or 'Any'}]",
        "strategy": (
            f"event_sequences(st.one_of({', '.join(drawn) or 'st.nothing()'}),"
            f" st.one_of({', '.join(errors) or 'st.nothing()'}))"
        ),
        "stream_check": (
            f"check_events(member, {path}, issues, {check_function(names.stems[member['shape']])})"
        ),
        "events_constant": events_constant(names.stems[member["shape"]]),
    }


def _member(
    name: str,
    fields: dict[str, str],
    member: dict[str, Any],
    required: bool,
    shapes: dict[str, Any],
    names: naming.SpecNames,
    excluded: str,
    stream: Literal["body", "events"] | None = None,
    *,
    body_text: bool = False,
    always_returned: bool = False,
    xml: bool,
) -> Member:
    token = bool(member.get("idempotency_token"))
    shape = shapes[member["shape"]]
    timestamp_format = _member_timestamp_format(member, shape)
    # An empty flattened list is no element at all, which botocore reads as no member: in XML,
    # a required one holds an item.
    flattened = (
        xml and shape["type"] == "list" and (shape.get("flattened") or member.get("flattened"))
    )
    deprecated = bool(member.get("deprecated"))
    text = member.get("documentation") or ""
    parts: dict[str, Any] = {
        "type_hint": type_hint(member["shape"], shapes, names),
        "strategy": (
            _status_code_strategy(shapes[member["shape"]])
            if member.get("location") == STATUS_CODE
            else strategy(
                member["shape"],
                shapes,
                names,
                timestamp_format,
                excluded=excluded,
                least_items=1 if flattened and required else 0,
            )
        ),
    }
    if member.get("host_label"):
        parts.update(host_label_strategy(member["shape"], shapes, names, excluded))
    if stream is not None:
        parts.update(
            stream=stream, **_stream_member_parts(name, member, shapes, names, stream, excluded)
        )
    if deprecated:
        note = " ".join(("Deprecated.", member.get("deprecated_message", ""))).strip()
        text = f"{text}\n\n{note}" if text else note
    return Member(
        name=name,
        literal=literal(name),
        field_name=fields[name],
        shape=member["shape"],
        # boto3 fills an idempotency token in itself: the caller never has to give one.
        required=required and not token,
        idempotency_token=token,
        deprecated=deprecated,
        location=member.get("location"),
        location_name=member.get("location_name"),
        wire_literal=literal(body_key(name, member)),
        timestamp_format=timestamp_format,
        docs=_renamed_docs(text, "member", name, fields[name], fields),
        body_text=body_text,
        always_returned=always_returned,
        **parts,
    )


def host_label_strategy(
    shape_name: str, shapes: dict[str, Any], names: naming.SpecNames, excluded: str
) -> dict[str, str]:
    """The strategy of a member the host prefix holds, and how it keeps to host labels: a plain
    string draws their characters; a pattern's or enum's draws are filtered."""
    shape = shapes[shape_name]
    if "pattern" in shape or "enum" in shape:
        drawn = strategy(shape_name, shapes, names, excluded=excluded)
        return {"strategy": f"{drawn}.filter(is_host_label)", "host_label": "filtered"}
    low = max(shape.get("min", 0), 1)
    return {
        "strategy": (
            f"st.text({literal(HOST_LABEL_CHARACTERS)}, min_size={low!r},"
            f" max_size={shape.get('max')!r})"
        ),
        "host_label": "drawn",
    }


def _status_code_strategy(shape: dict[str, Any]) -> str:
    """A statusCode member holds the status of a successful response (boto3 raises on others)."""
    low, high = status_code_range(shape)
    return f"st.integers(min_value={low!r}, max_value={high!r})"


# The formats of timestamps no spec names one for, as botocore's serializers write them: JSON
# bodies (json and rest-json alike: both serializers inherit `unixtimestamp`), and the HTTP
# bindings of rest-json.
BODY_TIMESTAMP_FORMAT: TimestampFormat = "unixTimestamp"
LOCATION_TIMESTAMP_FORMATS: dict[str, TimestampFormat] = {
    "header": "rfc822",
    "querystring": "iso8601",
    "uri": "iso8601",
}


def _member_timestamp_format(
    member: dict[str, Any], shape: dict[str, Any]
) -> TimestampFormat | None:
    """The member's wire format when it is not its shape's: the member's own, else (a shape
    without one) its location's default; None for other members."""
    if shape["type"] != "timestamp":
        return None
    own: TimestampFormat | None = member.get("timestamp_format")
    if own is None and "timestamp_format" not in shape:
        own = LOCATION_TIMESTAMP_FORMATS.get(member.get("location", ""))
    return None if own == shape.get("timestamp_format", BODY_TIMESTAMP_FORMAT) else own


# Lists in generated examples stay short unless the spec needs more; pages are built separately.
LIST_SIZE_CAP = 5


def strategy(
    shape_name: str,
    shapes: dict[str, Any],
    names: naming.SpecNames,
    timestamp_format: str | None = None,
    *,
    excluded: str,
    least_items: int = 0,
) -> str:
    """Source of a Hypothesis strategy of valid boto3-shaped values of the shape (a timestamp
    member's own `timestamp_format` decides which instants survive the wire), whose text holds
    none of the `excluded` characters; a list holds at least `least_items` items."""
    shape = shapes[shape_name]
    kind = shape["type"]
    lo, hi = shape.get("min"), shape.get("max")
    if kind == "string" and "enum" in shape:
        return f"st.sampled_from({literal(tuple(shape['enum']))})"
    if kind == "string" and "pattern" in shape:
        python = python_pattern(shape["pattern"])
        folded = generation_pattern(python, lo, hi)
        lo, hi = length_bounds(python, lo, hi)
        if folded is not None:
            # Filtering by length would reject nearly every draw (see generator/regex.py).
            matches = matches_strategy(folded, excluded) or from_regex(
                literal(utf8_pattern(folded))
            )
            return f"sized({matches}, {lo!r}, {hi!r})"
        return f"sized({matches_constant(names.stems[shape_name])}, {lo!r}, {hi!r})"
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
        rfc822 = (timestamp_format or shape.get("timestamp_format")) == "rfc822"
        return "WHOLE_SECONDS" if rfc822 else "TIMESTAMPS"
    if kind == "blob":
        return f"st.binary(min_size={lo or 0!r}, max_size={hi!r})"
    if kind == "document":
        return "_DOCUMENTS"
    if kind == "list":
        item = strategy(shape["member"], shapes, names, excluded=excluded)
        lo = max(lo or 0, least_items)
        return f"st.lists({item}, min_size={lo!r}, max_size={_size_cap(lo, hi)!r})"
    if kind == "map":
        key = strategy(shape["key"], shapes, names, excluded=excluded)
        value = strategy(shape["value"], shapes, names, excluded=excluded)
        return (
            f"st.dictionaries({key}, {value}, min_size={lo or 0!r}, max_size={_size_cap(lo, hi)!r})"
        )
    return f"st.deferred(lambda: {strategy_constant(names.stems[shape_name])})"


def _size_cap(lo: int | None, hi: int | None) -> int:
    return max(lo or 0, LIST_SIZE_CAP) if hi is None else min(hi, max(lo or 0, LIST_SIZE_CAP))


def pattern_constant(snake: str) -> str:
    return f"{snake.upper()}_PATTERN"


def matches_constant(snake: str) -> str:
    return f"{snake.upper()}_MATCHES"


def from_regex(regex: str) -> str:
    """Source of Hypothesis's strategy of whole matches of `regex` (source of a str or compiled
    pattern), for patterns `matches_strategy` cannot translate. Deferred: filtering a lazy
    from_regex builds it anew, up to a second for a large class, where the length filters of one
    deferred strategy share one build."""
    return f"st.deferred(lambda: st.from_regex({regex}, fullmatch=True, alphabet=_ALPHABET))"


def strategy_constant(snake: str) -> str:
    return f"{snake.upper()}_DICTS"


def _constraints(
    structure: dict[str, Any], shapes: dict[str, Any], pattern_match: str
) -> tuple[str, ...]:
    """Source of each `Constraint(...)` of a request's members and theirs, in member order."""
    found = []
    for constraint in input_constraints(structure, shapes, pattern_match):
        fields = [literal(constraint.member), literal(constraint.rule)]
        fields += [] if constraint.low is None else [f"low={literal(constraint.low)}"]
        fields += [] if constraint.high is None else [f"high={literal(constraint.high)}"]
        fields += [f"values={literal(constraint.values)}"] if constraint.values else []
        fields += [f"steps={literal(constraint.steps)}"] if constraint.steps else []
        found.append(f"Constraint({', '.join(fields)})")
    return tuple(found)


def _valid_strategy(
    member: dict[str, Any] | None, shapes: dict[str, Any], names: naming.SpecNames, excluded: str
) -> str:
    """Source of the valid values of a request member (none for a member it does not have)."""
    if member is None:
        return "st.nothing()"
    if member.get("host_label"):
        return host_label_strategy(member["shape"], shapes, names, excluded)["strategy"]
    return strategy(member["shape"], shapes, names, excluded=excluded)


def _violations(
    structure: dict[str, Any],
    shapes: dict[str, Any],
    names: naming.SpecNames,
    pattern_match: str,
    excluded: str,
) -> tuple[RequestViolation, ...]:
    members = structure["members"]
    required = required_members(structure)
    found = [
        violation
        for name, member in members.items()
        for violation in member_violations(
            name,
            shapes[member["shape"]],
            name in required,
            pattern_match,
            host_label=bool(member.get("host_label")),
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
            valid_strategy=_valid_strategy(members.get(violation.member), shapes, names, excluded),
        )
        for violation in found
    )
