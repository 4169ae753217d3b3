"""A botocore `ServiceModel` made from a format-1 spec: the key mapping of
generator/botocore_import.py run backwards, so that a spec botocore does not ship (the golden
record) gets the differential checks of tests/whole_services.py too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import ServiceModel

# Format-1 key -> botocore key, where they differ only in spelling.
_MEMBER_KEYS = {
    "shape": "shape",
    "location": "location",
    "location_name": "locationName",
    "idempotency_token": "idempotencyToken",
    "deprecated": "deprecated",
    "deprecated_message": "deprecatedMessage",
    "timestamp_format": "timestampFormat",
    "documentation": "documentation",
    "host_label": "hostLabel",
    "xml_name": "locationName",
    "query_name": "queryName",
    "event_payload": "eventpayload",
    "json_value": "jsonvalue",
    "flattened": "flattened",
    "xml_attribute": "xmlAttribute",
    "xml_namespace": "xmlNamespace",
}
_SHAPE_KEYS = {
    "type": "type",
    "min": "min",
    "max": "max",
    "pattern": "pattern",
    "enum": "enum",
    "timestamp_format": "timestampFormat",
    "required": "required",
    "union": "union",
    "payload": "payload",
    "sparse": "sparse",
    "documentation": "documentation",
    "flattened": "flattened",
    "streaming": "streaming",
    "requires_length": "requiresLength",
    "event_stream": "eventstream",
    "event": "event",
    "xml_name": "locationName",
    "xml_namespace": "xmlNamespace",
}
# The names of a query list's or map's XML items: the locationName of their shape reference.
_ITEM_NAMES = {"member": "member_name", "key": "key_name", "value": "value_name"}


def service_model(spec: Mapping[str, Any]) -> ServiceModel:
    service = spec["service"]
    metadata = {
        "apiVersion": service["api_version"],
        "protocol": service["protocol"],
        "serviceId": service["service_id"],
        "serviceFullName": service["full_name"],
        "endpointPrefix": service.get("endpoint_prefix", service["package"]),
        "signingName": service.get("signing_name", service["package"]),
        "signatureVersion": "v4",
    }
    if "json_version" in service:
        metadata["jsonVersion"] = service["json_version"]
    if "target_prefix" in service:  # json and smithy-rpc-v2-cbor
        metadata["targetPrefix"] = service["target_prefix"]
    if "xml_namespace" in service:
        metadata["xmlNamespace"] = service["xml_namespace"]
    if service.get("query_compatible"):
        metadata["awsQueryCompatible"] = {}
    return ServiceModel(
        {
            "metadata": metadata,
            "operations": {
                name: _operation(name, operation) for name, operation in spec["operations"].items()
            },
            "shapes": {name: _shape(shape) for name, shape in spec["shapes"].items()},
        },
        service_name=service["package"],
    )


def _operation(name: str, operation: Mapping[str, Any]) -> dict[str, Any]:
    http = operation["http"]
    result: dict[str, Any] = {
        "name": name,
        "http": {
            "method": http["method"],
            "requestUri": http["uri"],
            "responseCode": http.get("response_code", 200),
        },
        "errors": [{"shape": error} for error in operation.get("errors", [])],
    }
    for role in ("input", "output"):
        if role in operation:
            result[role] = {"shape": operation[role]}
    if "result_wrapper" in operation:
        result["output"]["resultWrapper"] = operation["result_wrapper"]
    if "host_prefix" in operation:
        result["endpoint"] = {"hostPrefix": operation["host_prefix"]}
    if "static_context_params" in operation:
        result["staticContextParams"] = {
            key: {"value": value} for key, value in operation["static_context_params"].items()
        }
    if "operation_context_params" in operation:
        result["operationContextParams"] = {
            key: {"path": path} for key, path in operation["operation_context_params"].items()
        }
    if "endpoint_discovery" in operation:
        required = operation["endpoint_discovery"] == "required"
        result["endpointdiscovery"] = {"required": True} if required else {}
    if operation.get("endpoint_operation"):
        result["endpointoperation"] = True
    if "request_compression" in operation:
        result["requestcompression"] = {"encodings": list(operation["request_compression"])}
    return result


def _member(member: Mapping[str, Any]) -> dict[str, Any]:
    result = {_MEMBER_KEYS[key]: value for key, value in member.items() if key != "context_param"}
    if "context_param" in member:
        result["contextParam"] = {"name": member["context_param"]}
    return result


def _shape(shape: Mapping[str, Any]) -> dict[str, Any]:
    if shape["type"] == "document":
        return {"type": "structure", "members": {}, "document": True}
    result = {_SHAPE_KEYS[key]: value for key, value in shape.items() if key in _SHAPE_KEYS}
    if "members" in shape:
        result["members"] = {name: _member(member) for name, member in shape["members"].items()}
    for key in ("member", "key", "value"):
        if key in shape:
            result[key] = {"shape": shape[key]}
            if _ITEM_NAMES[key] in shape:
                result[key]["locationName"] = shape[_ITEM_NAMES[key]]
    if "error" in shape:
        error = shape["error"]
        result["exception"] = True
        result["error"] = {
            **({"code": error["code"]} if "code" in error else {}),
            **({"httpStatusCode": error["http_status"]} if "http_status" in error else {}),
            # As botocore's models write it: only client faults say so.
            **({"senderFault": True} if error["fault"] == "client" else {}),
        }
    return result
