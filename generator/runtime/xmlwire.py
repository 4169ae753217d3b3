"""The XML and form-field wire forms of query services, for their `wire_xml` modules.

XML is read with the standard library's expat, refusing what defusedxml refuses: any document
type declaration (so no entity can be declared, let alone expanded) and external references.
Element names are matched without their namespace, as botocore's parsers match them. Reading
gives the data `from_dict` takes (text, numbers, booleans; timestamps and blobs as text), so the
dataclasses parse it with their own rules; writing takes what `to_dict` gives.

Form fields are what a query request sends: `Prefix.Member`, `Prefix.member.1`,
`Prefix.entry.1.key`, each value as botocore's query serializer writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from xml.etree.ElementTree import Element, SubElement, TreeBuilder, tostring
from xml.parsers import expat

from .errors import ResponseParseError
from .parsing import wire_blob, wire_float

NOT_IN_XML: Final = "".join(
    [*(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"), "\ufffe", "\uffff"]
)
"""The characters XML 1.0 cannot hold, not even as character references (with the surrogates,
which no UTF-8 text has)."""
_NOT_IN_XML = re.compile(f"[{re.escape(NOT_IN_XML)}\ud800-\udfff]")


class _Refused(Exception):
    """A document type declaration or an external entity: the document is refused."""


def _refuse(*_: object) -> None:
    raise _Refused


def _refuse_reference(*_: object) -> int:
    raise _Refused


def _local(name: str) -> str:
    """An element or attribute name without its namespace (expat writes `uri}name`)."""
    return name.rpartition("}")[2]


def root(data: str | bytes, result_wrapper: str | None = None) -> Element:
    """The root element of an XML document; with `result_wrapper`, that child of the root
    (a query response's `<OperationResult>`; an empty element when the root has none)."""
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_reference
    parser.StartElementHandler = lambda name, attributes: builder.start(
        _local(name), {_local(key): value for key, value in attributes.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_local(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        document = builder.close()
    except _Refused:
        raise ResponseParseError("", "XML with a document type declaration is refused") from None
    except (expat.ExpatError, AssertionError) as error:  # AssertionError: TreeBuilder, no root
        raise ResponseParseError("", f"not XML: {error}") from None
    if result_wrapper is None:
        return document
    found = children(document).get(result_wrapper)
    return Element(result_wrapper) if found is None else found[-1]


def payload_root(data: str | bytes) -> Element | None:
    """The root element of a payload structure's body; None for an empty body (the member
    unset: a service sends no body for it, and botocore reads one as an empty structure)."""
    return None if not data.strip() else root(data)


def children(element: Element) -> dict[str, list[Element]]:
    """The element's children by name, in document order."""
    found: dict[str, list[Element]] = {}
    for child in element:
        found.setdefault(child.tag, []).append(child)
    return found


def text(element: Element) -> str:
    """An element's text; an empty element is empty text."""
    return element.text or ""


def integer(element: Element) -> int | str:
    """An integer's text as an int; text that is none is kept, for `from_dict` to refuse."""
    value = text(element)
    try:
        return int(value)
    except ValueError:
        return value


def number(element: Element) -> float | str:
    """A float's text as a float (`NaN`, `Infinity` and `-Infinity` included), as botocore reads
    it; text that is none is kept, for `from_dict` to refuse."""
    value = text(element)
    try:
        return float(value)
    except ValueError:
        return value


def boolean(element: Element) -> bool | str:
    """`true` or `false`; other text is kept, for `from_dict` to refuse."""
    value = text(element)
    return {"true": True, "false": False}.get(value, value)


def timestamp(element: Element) -> float | str:
    """A timestamp's text: epoch seconds as a number, other forms as text (`from_dict` reads
    ISO-8601 and RFC 7231 dates)."""
    value = text(element)
    try:
        return float(value)
    except ValueError:
        return value


def entry(element: Element, key_name: str, value_name: str) -> tuple[Element, Element]:
    """The key and value elements of a map entry."""
    found = children(element)
    key, value = found.get(key_name), found.get(value_name)
    if key is None or value is None:
        raise ResponseParseError("", f"a map entry without <{key_name}> and <{value_name}>")
    return key[-1], value[-1]


def document(element: Element, result_wrapper: str | None, namespace: str | None) -> str:
    """The XML text of `element`; with `result_wrapper`, the query response that holds it:
    `<OperationResponse><OperationResult>...</OperationResult><ResponseMetadata>...`."""
    if result_wrapper is None:
        return _carriage_returns(tostring(element, encoding="unicode"))
    response = Element(f"{result_wrapper.removesuffix('Result')}Response")
    if namespace is not None:
        response.set("xmlns", namespace)
    element.tag = result_wrapper
    response.append(element)
    metadata = SubElement(response, "ResponseMetadata")
    SubElement(metadata, "RequestId").text = "00000000-0000-0000-0000-000000000000"
    return _carriage_returns(tostring(response, encoding="unicode"))


def _carriage_returns(xml: str) -> str:
    """A `\r` as a character reference: a parser reads a literal one as a line break, `\n`."""
    return xml.replace("\r", "&#13;")


def write_text(parent: Element, tag: str, value: object) -> None:
    """A scalar as an element: booleans as `true`/`false`, floats as botocore writes them."""
    if isinstance(value, bool):
        written = "true" if value else "false"
    elif isinstance(value, float):
        written = str(wire_float(value))
    elif isinstance(value, bytes):
        written = wire_blob(value)
    else:
        written = str(value)
    if _NOT_IN_XML.search(written):
        raise ValueError(f"<{tag}>: {written!r} has characters XML 1.0 cannot hold")
    SubElement(parent, tag).text = written


def form_text(fields: dict[str, str], key: str, value: object) -> None:
    """A scalar as a form field: booleans as `true`/`false`, blobs in base64, non-finite floats
    as Smithy's text, everything else as `str` makes it (what urlencode sends of botocore's)."""
    if isinstance(value, bool):
        fields[key] = "true" if value else "false"
    elif isinstance(value, float):
        fields[key] = str(wire_float(value))
    elif isinstance(value, bytes):
        fields[key] = wire_blob(value)
    else:
        fields[key] = str(value)


def error_response(body: str | bytes, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """An XML error body as botocore's parsers give it (`ClientError.response`): the `Error`
    element's children as text (inside `Errors` in ec2), and the request id under
    `ResponseMetadata`. S3's body is the `Error` element itself, whose request ids botocore
    takes from the `headers` (lower-case names), not from the body."""
    document = root(body)
    found = children(document)
    if document.tag == "Error":
        error = {
            name: _as_text(elements[-1])
            for name, elements in found.items()
            if name not in ("RequestId", "HostId")
        }
        return {"Error": error, "ResponseMetadata": _s3_metadata(headers or {})}
    errors = found.get("Errors")
    if errors is not None:
        found = {**found, **children(errors[-1])}
        del found["Errors"]
    # ec2 names it `RequestID`, query `RequestId`.
    request_id = found.get("RequestId") or found.get("RequestID")
    result: dict[str, Any] = {
        name: _as_text(elements[-1])
        for name, elements in found.items()
        if name not in ("RequestId", "RequestID")
    }
    if request_id is not None:
        result["ResponseMetadata"] = {"RequestId": text(request_id[-1])}
    return result


def _s3_metadata(headers: Mapping[str, str]) -> dict[str, str]:
    if "x-amzn-requestid" in headers:
        return {"RequestId": headers["x-amzn-requestid"]}
    if "x-amz-request-id" in headers:
        return {"RequestId": headers["x-amz-request-id"], "HostId": headers.get("x-amz-id-2", "")}
    return {}


def _as_text(element: Element) -> Any:
    """An element as botocore's `_replace_nodes` makes it: text, or a dict of its children."""
    if len(element) == 0:
        return element.text
    return {name: _as_text(elements[-1]) for name, elements in children(element).items()}
