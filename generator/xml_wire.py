"""What a query, ec2 or rest-xml service's `wire_xml` module holds: one reader and filler per
structure, list and map (and in query and ec2 a form writer), each as botocore's parsers and
serializers treat the shape.

Readers turn XML elements into the data `from_dict` takes; fillers add a `to_dict` value's
elements under an element; form writers add a request's form fields. The element and field
names come from the spec's `xml_name`, `flattened`, `member_name`, `key_name` and `value_name`;
in rest-xml, a member bound to the HTTP message (a header, the status) is not in the body, an
`xml_attribute` member is an attribute of its structure's element, and a `flattened` member's
list repeats in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.layout import found_condition
from generator.literals import literal

# The runtime's `xmlwire` reader of each scalar kind's text.
_READERS = {
    "string": "text",
    "blob": "text",
    "integer": "integer",
    "long": "integer",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "timestamp": "timestamp",
}
# The method of `timestamps.WireForms` that writes each format; query's default is ISO-8601.
_FORMS = {"iso8601": "iso8601", "unixTimestamp": "unix_timestamp", "rfc822": "rfc822"}
_DEFAULT_FORMAT = "iso8601"
# Sources of the form keys of a list's items and a map entry's parts.
_ITEM_KEY = 'f"{base}.{index}"'
_EC2_ITEM_KEY = 'f"{key}.{index}"'
_ENTRY_KEY = 'f"{base}.{index}." + '


def member_tag(member_name: str, member: dict[str, Any], shapes: dict[str, Any]) -> str:
    """A member's element name: a flattened list's items are named by the list."""
    shape = shapes[member["shape"]]
    flattened = shape.get("flattened") or member.get("flattened")
    if shape["type"] == "list" and flattened and "member_name" in shape:
        return str(shape["member_name"])
    return str(member.get("xml_name", member_name))


def element_groups(shape: dict[str, Any], shapes: dict[str, Any]) -> dict[str, list[str]]:
    """The elements of a structure that more than one of its body members is written as."""
    groups: dict[str, list[str]] = {}
    for member_name, member in shape.get("members", {}).items():
        if "location" not in member and not member.get("xml_attribute"):
            groups.setdefault(member_tag(member_name, member, shapes), []).append(member_name)
    return {tag: members for tag, members in groups.items() if len(members) > 1}


def shared_element(
    members: list[str], shape: dict[str, Any], shapes: dict[str, Any]
) -> tuple[str, str] | None:
    """(the member, the list) of two members that share one element as S3's deprecated
    `Event` and its `Events` do: a member and a flattened list of items of its shape; None
    for any other group."""
    if len(members) != 2:
        return None
    for single, items in (members, members[::-1]):
        member = shape["members"][items]
        listed = shapes[member["shape"]]
        flattened = listed.get("flattened") or member.get("flattened")
        if (
            listed["type"] == "list"
            and flattened
            and listed["member"] == shape["members"][single]["shape"]
        ):
            return single, items
    return None


def shared_elements(shape: dict[str, Any], shapes: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Every (member, list) pair of the structure that shares one element (`shared_element`)."""
    return tuple(
        pair
        for group in element_groups(shape, shapes).values()
        if (pair := shared_element(group, shape, shapes)) is not None
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class XmlStructure:
    """The `wire_xml` functions of one structure, as models.py calls them."""

    read: str
    fill: str
    form: str  # query and ec2 only
    tag_literal: str  # the root element's name when the structure is written alone


@dataclass(frozen=True, slots=True, kw_only=True)
class XmlWire:
    namespace_literal: str  # the responses' XML namespace, or None
    query: bool  # requests are form fields (query, ec2), not XML bodies (rest-xml)
    structures: dict[str, XmlStructure]
    result_wrappers: dict[str, str]  # literal of each operation's result wrapper, or None
    definitions: tuple[str, ...]  # source of every function, in shape order
    function_names: tuple[str, ...]  # the names they define


def build_xml_wire(
    service: dict[str, Any],
    operations: dict[str, Any],
    shapes: dict[str, Any],
    names: dict[str, str],
) -> XmlWire | None:
    """The XML forms of a query, ec2 or rest-xml service (`names`: each shape's stem, which
    names its functions); None for other protocols."""
    protocol = service["protocol"]
    if protocol not in ("query", "ec2", "rest-xml"):
        return None
    query = protocol != "rest-xml"
    emit = _Emitter(shapes, names, ec2=protocol == "ec2", query=query)
    definitions: list[str] = []
    structures: dict[str, XmlStructure] = {}
    for name in sorted(shapes):
        shape = shapes[name]
        if shape["type"] == "structure":
            structures[name] = XmlStructure(
                read=f"read_{names[name]}",
                fill=f"fill_{names[name]}",
                form=f"form_{names[name]}",
                tag_literal=literal(name),
            )
            definitions += emit.structure(name, shape)
        elif shape["type"] == "list":
            definitions += emit.sequence(name, shape)
        elif shape["type"] == "map":
            definitions += emit.mapping(name, shape)
    return XmlWire(
        namespace_literal=literal(service.get("xml_namespace")),
        query=query,
        structures=structures,
        result_wrappers={
            name: literal(operation.get("result_wrapper")) for name, operation in operations.items()
        },
        definitions=tuple(definitions),
        function_names=tuple(
            f"{role}_{names[name]}"
            for name in sorted(shapes)
            if shapes[name]["type"] in ("structure", "list", "map")
            for role in (
                ("read", "fill", "form")[: 3 if query else 2]
                if shapes[name]["type"] == "structure"
                else ("read", "write", "form")[: 3 if query else 2]
            )
        ),
    )


class _Emitter:
    def __init__(
        self, shapes: dict[str, Any], names: dict[str, str], *, ec2: bool, query: bool
    ) -> None:
        self.shapes = shapes
        self.names = names
        self.ec2 = ec2
        self.query = query

    def _form_name(self, member_name: str, member: dict[str, Any]) -> str:
        """A member's form field: ec2 sends its `query_name`, else its `xml_name` capitalized
        (botocore's EC2Serializer), query its `xml_name`; else the member's name."""
        if self.ec2 and "query_name" in member:
            return str(member["query_name"])
        if "xml_name" not in member:
            return member_name
        xml_name = str(member["xml_name"])
        return xml_name[:1].upper() + xml_name[1:] if self.ec2 else xml_name

    def _kind(self, name: str) -> str:
        return str(self.shapes[name]["type"])

    def read(self, name: str, elements: str, one: str, flattened: bool = False) -> str:
        """The data of shape `name` from `elements` (its list of elements) or `one` (its
        element): lists and maps flattened in place (or by the member, `flattened`) read
        every element, others the last."""
        kind, shape = self._kind(name), self.shapes[name]
        if kind in ("list", "map"):
            items = elements if shape.get("flattened") or flattened else f"list({one})"
            return f"read_{self.names[name]}({items})"
        if kind == "structure":
            return f"read_{self.names[name]}({one})"
        return f"xmlwire.{_READERS[kind]}({one})"

    def write(self, name: str, parent: str, tag: str, value: str, format_: str | None) -> str:
        """The statement that writes `value` of shape `name` as `tag` elements under `parent`."""
        kind = self._kind(name)
        if kind in ("list", "map"):
            return f"write_{self.names[name]}({parent}, {tag}, {value}, wire)"
        if kind == "structure":
            return (
                f"fill_{self.names[name]}(ElementTree.SubElement({parent}, {tag}), {value}, wire)"
            )
        return f"xmlwire.write_text({parent}, {tag}, {self._scalar(name, value, format_, 'wire')})"

    def form(self, name: str, key: str, value: str, format_: str | None) -> str:
        """The statement that adds the form fields of `value` of shape `name` under `key`."""
        kind = self._kind(name)
        if kind in ("list", "map", "structure"):
            return f"form_{self.names[name]}(fields, {key}, {value})"
        return f"xmlwire.form_text(fields, {key}, {self._scalar(name, value, format_, 'timestamps.WIRE')})"

    def _scalar(self, name: str, value: str, format_: str | None, wire: str) -> str:
        """A scalar as written: timestamps in their format (the member's, else the shape's)."""
        shape = self.shapes[name]
        if shape["type"] != "timestamp":
            return value
        chosen = format_ or shape.get("timestamp_format", _DEFAULT_FORMAT)
        return f"{wire}.{_FORMS[chosen]}({value})"

    def _attribute_key(self, shape: dict[str, Any], member: dict[str, Any]) -> str:
        """An attribute member's key in ElementTree: `{uri}local` when its `prefix:` is
        declared by the member's or its structure's namespace (S3's `xsi:type`)."""
        prefix, _, local = str(member["xml_name"]).rpartition(":")
        for namespace in (member.get("xml_namespace"), shape.get("xml_namespace")):
            if prefix and namespace and namespace.get("prefix") == prefix:
                return f"{{{namespace['uri']}}}{local}"
        return str(member["xml_name"])

    def structure(self, name: str, shape: dict[str, Any]) -> list[str]:
        snake = self.names[name]
        # In rest-xml a member bound to the HTTP message travels beside the body.
        members = {
            member_name: member
            for member_name, member in shape["members"].items()
            if "location" not in member
        }
        elements = {
            key: member for key, member in members.items() if not member.get("xml_attribute")
        }
        # A structure without members reads no children (ruff: an unused `found`).
        reads = ["    found = xmlwire.children(element)"] if elements else []
        reads.append("    result: dict[str, Any] = {}")
        fills: list[str] = []
        # A member that shares its element with a list is written by the list when it is set.
        written_by = dict(shared_elements(shape, self.shapes))
        forms = ['    prefix = f"{key}." if key else ""'] if members else []
        for member_name, member in members.items():
            tag = literal(member_tag(member_name, member, self.shapes))
            key = literal(self._form_name(member_name, member))
            member_literal = literal(member_name)
            format_ = member.get("timestamp_format")
            if member.get("xml_attribute"):
                # The parser has dropped the attribute's namespace, as botocore's does.
                local = literal(str(member["xml_name"]).rpartition(":")[2])
                found, source, value = "attribute", f"element.get({local})", "attribute"
                write = f"element.set({literal(self._attribute_key(shape, member))}, item)"
            elif member.get("flattened") and not self.shapes[member["shape"]].get("flattened"):
                # The list's items repeat in place, named as the member's elements.
                found, source = "elements", f"found.get({tag})"
                value = self.read(member["shape"], "elements", "elements[-1]", flattened=True)
                item = self.shapes[member["shape"]]["member"]
                write = (
                    "for entry in item:\n"
                    f"            {self.write(item, 'element', tag, 'entry', None)}"
                )
            else:
                found, source = "elements", f"found.get({tag})"
                value = self.read(member["shape"], "elements", "elements[-1]")
                write = self.write(member["shape"], "element", tag, "item", format_)
            reads += [
                found_condition(found, source, 4),
                f"        result[{member_literal}] = {value}",
            ]
            fill = found_condition("item", f"value.get({member_literal})", 4)
            if member_name in written_by:
                fill = f"{fill[:-1]} and {literal(written_by[member_name])} not in value:"
            fills += [fill, f"        {write}"]
            forms += [
                found_condition("item", f"value.get({member_literal})", 4),
                f"        {self.form(member['shape'], f'prefix + {key}', 'item', format_)}",
            ]
        reads.append("    return result")
        fills.append("    return element")
        functions = [
            f"def read_{snake}(element: ElementTree.Element) -> dict[str, Any]:\n"
            + "\n".join(reads),
            f"def fill_{snake}(element: ElementTree.Element, value: Mapping[str, Any], wire: timestamps.WireForms)"
            " -> ElementTree.Element:\n" + "\n".join(fills),
        ]
        if self.query:
            functions.append(
                f"def form_{snake}(fields: dict[str, str], key: str, value: Mapping[str, Any])"
                " -> None:\n" + "\n".join(forms or ["    return"])
            )
        return functions

    def sequence(self, name: str, shape: dict[str, Any]) -> list[str]:
        snake, item = self.names[name], shape["member"]
        item_name = literal(shape.get("member_name", "member"))
        read = self.read(item, "[item]", "item")
        if shape.get("flattened"):
            writes = [
                f"    for entry in value:\n        {self.write(item, 'parent', 'tag', 'entry', None)}"
            ]
            if "member_name" in shape:
                base = f'".".join([*key.split(".")[:-1], {item_name}])'
            else:
                base = "key"
        else:
            writes = [
                "    container = ElementTree.SubElement(parent, tag)",
                f"    for entry in value:\n        {self.write(item, 'container', item_name, 'entry', None)}",
            ]
            base = f'f"{{key}}." + {item_name}'
        if self.ec2:  # every list is `Key.1`, `Key.2`, ...; an empty one sends nothing
            form = (
                f"def form_{snake}(fields: dict[str, str], key: str, value: list[Any]) -> None:\n"
                "    for index, entry in enumerate(value, 1):\n"
                f"        {self.form(item, _EC2_ITEM_KEY, 'entry', None)}"
            )
        else:
            form = (
                f"def form_{snake}(fields: dict[str, str], key: str, value: list[Any]) -> None:\n"
                "    if not value:  # the query protocol sends an empty list as an empty field\n"
                '        fields[key] = ""\n'
                "        return\n"
                f"    base = {base}\n"
                "    for index, entry in enumerate(value, 1):\n"
                f"        {self.form(item, _ITEM_KEY, 'entry', None)}"
            )
        return [
            f"def read_{snake}(items: list[ElementTree.Element]) -> list[Any]:\n"
            f"    return [{read} for item in items]",
            f"def write_{snake}(parent: ElementTree.Element, tag: str, value: list[Any], wire: timestamps.WireForms)"
            " -> None:\n" + "\n".join(writes),
            form,
        ][: 3 if self.query else 2]

    def mapping(self, name: str, shape: dict[str, Any]) -> list[str]:
        snake, value_shape = self.names[name], shape["value"]
        key_name = literal(shape.get("key_name", "key"))
        value_name = literal(shape.get("value_name", "value"))
        read = self.read(value_shape, "[value]", "value")
        if shape.get("flattened"):
            container, base = "parent", "key"
            entry = "ElementTree.SubElement(parent, tag)"
        else:
            container, base = "ElementTree.SubElement(parent, tag)", 'f"{key}.entry"'
            entry = 'ElementTree.SubElement(container, "entry")'
        return [
            f"def read_{snake}(entries: list[ElementTree.Element]) -> dict[str, Any]:\n"
            "    result: dict[str, Any] = {}\n"
            "    for each in entries:\n"
            f"        key, value = xmlwire.entry(each, {key_name}, {value_name})\n"
            f"        result[xmlwire.text(key)] = {read}\n"
            "    return result",
            f"def write_{snake}(parent: ElementTree.Element, tag: str, value: Mapping[str, Any],"
            " wire: timestamps.WireForms) -> None:\n"
            f"    container = {container}\n"
            "    for name, item in value.items():\n"
            f"        entry = {entry.replace('parent', 'container')}\n"
            f"        xmlwire.write_text(entry, {key_name}, name)\n"
            f"        {self.write(value_shape, 'entry', value_name, 'item', None)}",
            f"def form_{snake}(fields: dict[str, str], key: str, value: Mapping[str, Any])"
            " -> None:\n"
            f"    base = {base}\n"
            "    for index, (name, item) in enumerate(value.items(), 1):\n"
            f'        xmlwire.form_text(fields, f"{{base}}.{{index}}." + {key_name}, name)\n'
            f"        {self.form(value_shape, _ENTRY_KEY + value_name, 'item', None)}",
        ][: 3 if self.query else 2]
