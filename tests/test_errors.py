"""Typed service errors: one class per error shape of each spec, mapped from botocore's ClientError.

Real components: botocore's `ClientError` (built directly and raised by boto3 against moto's
Bedrock); the generated code itself never imports botocore.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st
from moto import mock_aws

from generated.bedrock import errors as bedrock_errors
from generated.cleanroomsml import errors as cleanroomsml_errors
from generated.errors import ContractError, PaginationError, ServiceError, to_service_error
from generator.model import StructureShape
from generator.pipeline import load_services
from tests.helpers import PROJECT
from tests.paging import client_error

ERROR_MODULES = {"bedrock": bedrock_errors, "cleanroomsml": cleanroomsml_errors}
SERVICES = {service.package: service for service in load_services(PROJECT / "specs")}


def _error_shapes(package: str) -> list[StructureShape]:
    return [
        shape
        for shape in SERVICES[package].shapes
        if isinstance(shape, StructureShape) and shape.error is not None
    ]


@pytest.mark.parametrize("package", sorted(ERROR_MODULES))
def test_one_class_per_error_shape_with_the_specs_code_status_and_fault(package: str) -> None:
    module = ERROR_MODULES[package]
    shapes = _error_shapes(package)
    assert shapes  # every spec declares errors
    assert sorted(module.ERRORS) == sorted(shape.error.code for shape in shapes if shape.error)
    for shape in shapes:
        assert shape.error is not None
        cls = getattr(module, shape.class_name)
        assert module.ERRORS[shape.error.code] is cls
        assert cls.__bases__ == (ServiceError,)
        declared = (shape.error.code, shape.error.http_status, shape.error.fault)
        assert declared == (cls.CODE, cls.HTTP_STATUS, cls.FAULT)
        assert cls.__doc__ == shape.docs.text
    # Every error an operation declares has its class.
    for operation in SERVICES[package].operations:
        assert set(operation.errors) <= set(module.ERRORS)


def test_the_five_error_shapes_of_the_issue_exist_where_the_specs_declare_them() -> None:
    common = {"ValidationException", "AccessDeniedException", "ThrottlingException"}
    assert set(bedrock_errors.ERRORS) == common | {"InternalServerException"}
    assert set(cleanroomsml_errors.ERRORS) == common | {"ResourceNotFoundException"}
    assert cleanroomsml_errors.ResourceNotFoundException.HTTP_STATUS == 404
    assert bedrock_errors.InternalServerException.FAULT == "server"


@pytest.mark.parametrize(
    ("module", "code"),
    [(module, code) for module in ERROR_MODULES.values() for code in sorted(module.ERRORS)],
)
def test_from_client_error_maps_every_declared_code_to_its_class(module: Any, code: str) -> None:
    error = client_error(code, message="it failed", request_id="abc-1", status=418)
    typed = module.from_client_error(error)
    assert type(typed) is module.ERRORS[code]
    assert isinstance(typed, ServiceError)
    assert isinstance(typed, ContractError)
    assert typed.code == code
    assert typed.message == "it failed"
    assert typed.request_id == "abc-1"
    assert typed.http_status == 418  # what the response says wins over the spec's status
    assert typed.operation == "ListTrainedModels"
    assert typed.resume_token is None
    assert typed.response is error.response
    assert str(typed) == f"{code}: it failed (request id abc-1)"


def test_an_undeclared_code_gives_the_generic_service_error() -> None:
    error = client_error("SlowDown", request_id=None, status=503)
    typed = bedrock_errors.from_client_error(error, resume_token="resume-here")
    assert type(typed) is ServiceError
    assert (typed.code, typed.http_status, typed.request_id) == ("SlowDown", 503, None)
    assert typed.resume_token == "resume-here"
    assert str(typed) == "SlowDown: Rate exceeded"


def test_without_a_status_in_the_response_the_specs_status_is_used() -> None:
    error = ClientError({"Error": {"Code": "ThrottlingException"}}, "ListCustomModels")
    typed = bedrock_errors.from_client_error(error)
    assert type(typed) is bedrock_errors.ThrottlingException
    assert (typed.http_status, typed.message, typed.request_id) == (429, "", None)


def test_the_same_code_is_a_different_class_in_each_service() -> None:
    error = client_error("ThrottlingException")
    from_bedrock = bedrock_errors.from_client_error(error)
    from_cleanrooms = cleanroomsml_errors.from_client_error(error)
    assert type(from_bedrock) is bedrock_errors.ThrottlingException
    assert type(from_cleanrooms) is cleanroomsml_errors.ThrottlingException
    assert not isinstance(from_bedrock, cleanroomsml_errors.ThrottlingException)


@pytest.mark.parametrize(
    "raw_code",
    [
        "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoljson#ValidationException",
        "com.amazonaws.bedrock#ValidationException:http://example",
    ],
)
def test_codes_with_a_namespace_or_a_type_uri_are_reduced_to_the_bare_code(raw_code: str) -> None:
    typed = bedrock_errors.from_client_error(client_error(raw_code))
    assert type(typed) is bedrock_errors.ValidationException
    assert typed.code == "ValidationException"


def test_client_errors_are_recognized_by_their_shape_not_their_class() -> None:
    class Lookalike(Exception):
        def __init__(self) -> None:
            super().__init__("aiobotocore or a stub")
            self.response = {
                "Error": {"Code": "AccessDeniedException", "Message": "no"},
                "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 403},
            }

    typed = cleanroomsml_errors.from_client_error(Lookalike())
    assert type(typed) is cleanroomsml_errors.AccessDeniedException
    assert (typed.request_id, typed.http_status) == ("r", 403)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("plain"),
        ConnectionError("down"),
        type("NoneResponse", (Exception,), {"response": None})(),
        type("NoError", (Exception,), {"response": {"ResponseMetadata": {}}})(),
        type("NoCode", (Exception,), {"response": {"Error": {"Message": "m"}}})(),
        type("IntCode", (Exception,), {"response": {"Error": {"Code": 500}}})(),
        type("ListError", (Exception,), {"response": {"Error": ["Code"]}})(),
    ],
)
def test_anything_else_is_a_type_error_and_not_converted(error: Exception) -> None:
    with pytest.raises(TypeError, match="not a botocore ClientError"):
        bedrock_errors.from_client_error(error)
    assert to_service_error(error, bedrock_errors.ERRORS) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(["Error", "Code", "Message", "ResponseMetadata", "RequestId", "x"]),
        children,
        max_size=4,
    ),
    max_leaves=12,
)


@given(response=json_values)
def test_any_response_attribute_gives_a_service_error_or_a_type_error(response: object) -> None:
    error = type("Shaped", (Exception,), {})()
    error.response = response  # type: ignore[attr-defined]
    try:
        typed = cleanroomsml_errors.from_client_error(error)
    except TypeError:
        assert not (
            isinstance(response, dict)
            and isinstance(response.get("Error"), dict)
            and isinstance(response["Error"].get("Code"), str)
        )
    else:
        assert isinstance(typed, ServiceError)
        assert isinstance(response, dict)
        assert typed.code == response["Error"]["Code"].split(":", 1)[0].rpartition("#")[2]
        assert typed.request_id is None or isinstance(typed.request_id, str)
        assert isinstance(typed.message, str)


def test_errors_from_moto_over_boto3_map_to_the_bedrock_classes() -> None:
    with mock_aws():
        client = boto3.client("bedrock", region_name="us-east-1")
        with pytest.raises(ClientError) as validation:
            client.list_custom_models(sortBy="CreationTime")  # moto: no sortOrder
        typed = bedrock_errors.from_client_error(validation.value)
        assert type(typed) is bedrock_errors.ValidationException
        assert typed.http_status == 400
        assert typed.request_id
        assert typed.operation == "ListCustomModels"
        assert "Input validation failed" in typed.message
        with pytest.raises(ClientError) as invalid_token:
            client.list_custom_models(nextToken="not-a-moto-token")
        unknown = bedrock_errors.from_client_error(invalid_token.value)
        assert type(unknown) is ServiceError
        assert unknown.code == "InvalidToken"


def test_pagination_and_service_errors_are_contract_errors() -> None:
    assert issubclass(ServiceError, ContractError)
    assert issubclass(PaginationError, ContractError)
    assert issubclass(PaginationError, RuntimeError)
    error = PaginationError("loop", operation="ListX", resume_token="t", cycle=("A", "A"))
    assert str(error) == "ListX: loop"
    assert (error.resume_token, error.cycle) == ("t", ("A", "A"))


def test_the_generated_errors_and_paginators_never_import_botocore() -> None:
    code = (
        "import sys\n"
        "import generated.bedrock, generated.cleanroomsml, generated.pagination\n"
        "import generated.bedrock.errors, generated.cleanroomsml.paginators\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('botocore', 'boto3')], 'botocore'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
