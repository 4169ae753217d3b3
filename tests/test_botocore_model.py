"""tests/botocore_model.py inverts the importer: whole Bedrock and Clean Rooms ML, imported
(`import-botocore --all`) and made back into botocore models, say what botocore's own models say
of every operation and shape: unions, documents, payloads, tokens and timestamp formats too."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.model import OperationModel, Shape

from generator.botocore_import import build_spec
from tests.botocore_model import service_model

# What a spec records of a shape's own traits (botocore_import's _SHAPE_KEYS and "error").
_TRAITS = ("min", "max", "pattern", "enum", "timestampFormat", "union", "document", "payload")
_ERROR_TRAITS = ("code", "httpStatusCode", "senderFault")


def _shape(shape: Shape) -> dict[str, Any]:
    members = getattr(shape, "members", {})
    return {
        "type": shape.type_name,
        "traits": {key: shape.metadata[key] for key in _TRAITS if key in shape.metadata},
        "error": {
            key: value
            for key, value in shape.metadata.get("error", {}).items()
            if key in _ERROR_TRAITS
        },
        "required": shape.required_members,
        "members": {
            name: (member.name, dict(member.serialization)) for name, member in members.items()
        },
        "children": [
            getattr(shape, key).name for key in ("member", "key", "value") if hasattr(shape, key)
        ],
    }


def _operation(operation: OperationModel) -> dict[str, Any]:
    return {
        "http": dict(operation.http),
        "input": operation.input_shape.name,
        "output": operation.output_shape.name if operation.output_shape else None,
        "errors": [error.name for error in operation.error_shapes],
        "idempotent": operation.idempotent_members,
    }


@pytest.mark.parametrize("service", ["bedrock", "cleanroomsml"])
def test_imported_specs_make_botocores_models_back(service: str) -> None:
    spec = build_spec(service, notes=[])
    ours = service_model(spec)
    theirs = botocore.session.get_session().get_service_model(service)
    assert ours.metadata["protocol"] == theirs.metadata["protocol"]
    for name in spec["operations"]:
        assert _operation(ours.operation_model(name)) == _operation(theirs.operation_model(name))
    for name in spec["shapes"]:
        assert _shape(ours.shape_for(name)) == _shape(theirs.shape_for(name)), name
