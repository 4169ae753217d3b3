"""The botocore importer, the committed specs it wrote, and drift detection."""

from __future__ import annotations

import copy
import gzip
import importlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest
import yaml
from botocore.loaders import Loader

from generator.botocore_import import (
    HEADER,
    BotocoreImportError,
    UnsupportedFeatureError,
    UnsupportedShapeError,
    build_spec,
    dump_spec,
    html_to_text,
    import_service,
    model_loader,
    operation_names,
)
from generator.check import check
from generator.drift import compare, drift_for_spec
from generator.load import load_text
from tests.helpers import edit, edited_model, run_generator
from tests.whole_services import check_operation, generate_package, load_services

PROJECT = Path(__file__).resolve().parent.parent
SPECS = {
    "bedrock": ("bedrock", ["ListCustomModels", "ListModelCustomizationJobs"]),
    "cleanroomsml": (
        "cleanroomsml",
        ["ListTrainedModels", "ListTrainedModelVersions", "ListTrainedModelInferenceJobs"],
    ),
}


def committed(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (PROJECT / "specs" / f"{name}.yaml").read_text(encoding="utf-8")
    )
    return data


def botocore_shapes(service: str) -> dict[str, Any]:
    shapes: dict[str, Any] = Loader().load_service_model(service, "service-2")["shapes"]
    return shapes


def reachable(spec: dict[str, Any], roots: list[str]) -> list[str]:
    found: list[str] = []
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.append(name)
        shape = spec["shapes"][name]
        pending.extend(member["shape"] for member in shape.get("members", {}).values())
        if "member" in shape:
            pending.append(shape["member"])
    return sorted(found)


# --- the committed specs ---


@pytest.mark.parametrize("name", sorted(SPECS))
def test_committed_spec_is_a_fresh_import_byte_for_byte(name: str) -> None:
    service, operations = SPECS[name]
    text = (PROJECT / "specs" / f"{name}.yaml").read_text(encoding="utf-8")
    assert text == import_service(service, operations)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_emitted_yaml_round_trips(name: str) -> None:
    service, operations = SPECS[name]
    data = build_spec(service, operations)
    text = dump_spec(data)
    assert yaml.safe_load(text) == data
    loaded, problems = load_text(text, f"{name}.yaml")
    assert problems == []
    assert loaded.data == data


@pytest.mark.parametrize("name", sorted(SPECS))
def test_layout_header_and_quoted_versions(name: str) -> None:
    text = (PROJECT / "specs" / f"{name}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] + "\n" == HEADER
    assert lines[1] == "format: 1"
    assert list(yaml.safe_load(text)) == ["format", "service", "operations", "shapes"]
    api_version = committed(name)["service"]["api_version"]
    assert f"  api_version: '{api_version}'" in lines
    assert f"    botocore_version: '{botocore.__version__}'" in lines


def test_ambiguous_strings_stay_strings() -> None:
    tricky = ["NO", "ON", "yes", "off", "~", "null", "true", "010", "1:20", "2024-01-01", "1e3"]
    data = {"format": 1, "values": tricky, "text": "first line\n\n- item\n- other", "n": 7}
    text = dump_spec(data)
    assert yaml.safe_load(text) == data
    loaded, problems = load_text(text, "tricky.yaml")
    assert problems == []
    assert loaded.data == data
    assert "text: |-\n" in text


def test_maxresults_limits() -> None:
    assert committed("bedrock")["shapes"]["MaxResults"] == {
        "type": "integer",
        "min": 1,
        "max": 1000,
    }
    assert committed("cleanroomsml")["shapes"]["MaxResults"] == {
        "type": "integer",
        "min": 1,
        "max": 100,
    }


@pytest.mark.parametrize("name", sorted(SPECS))
def test_required_members_of_output_structures_are_botocores(name: str) -> None:
    spec = committed(name)
    model = botocore_shapes(SPECS[name][0])
    outputs = reachable(spec, [operation["output"] for operation in spec["operations"].values()])
    structures = [shape for shape in outputs if spec["shapes"][shape]["type"] == "structure"]
    assert structures
    for shape in structures:
        assert spec["shapes"][shape].get("required", []) == model[shape].get("required", []), shape


def test_required_members_named_facts() -> None:
    bedrock = committed("bedrock")["shapes"]
    assert "required" not in bedrock["ListCustomModelsResponse"]
    assert "required" not in bedrock["ListModelCustomizationJobsResponse"]
    assert bedrock["CustomModelSummary"]["required"] == [
        "modelArn",
        "modelName",
        "creationTime",
        "baseModelArn",
        "baseModelName",
    ]
    summary = committed("cleanroomsml")["shapes"]["TrainedModelSummary"]
    assert summary["required"] == botocore_shapes("cleanroomsml")["TrainedModelSummary"]["required"]
    assert "trainedModelArn" in summary["required"]


def test_namestring_pattern_is_verbatim() -> None:
    pattern = committed("cleanroomsml")["shapes"]["NameString"]["pattern"]
    assert "(?!" in pattern
    assert "\\uD800" in pattern
    assert pattern == botocore_shapes("cleanroomsml")["NameString"]["pattern"]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_enums_equal_botocore_in_order(name: str) -> None:
    shapes = committed(name)["shapes"]
    model = botocore_shapes(SPECS[name][0])
    enums = {shape: data["enum"] for shape, data in shapes.items() if "enum" in data}
    assert enums
    assert enums == {shape: model[shape]["enum"] for shape in enums}


# --- importer errors ---


def test_unknown_operation() -> None:
    with pytest.raises(BotocoreImportError) as caught:
        import_service("bedrock", ["ListCustomModel"])
    assert str(caught.value) == (
        "botocore service bedrock has no operation 'ListCustomModel'"
        " (did you mean ListCustomModels or GetCustomModel or DeleteCustomModel?)"
    )


def test_unknown_service() -> None:
    with pytest.raises(BotocoreImportError) as caught:
        import_service("bedrok")
    assert str(caught.value) == (
        f"botocore {botocore.__version__} has no service 'bedrok'"
        " (did you mean bedrock or bedrock-agent?)"
    )


def test_operations_given_twice_or_none() -> None:
    with pytest.raises(BotocoreImportError, match="more than once: ListCustomModels"):
        import_service("bedrock", ["ListCustomModels", "ListCustomModels"])
    with pytest.raises(BotocoreImportError, match="no operations"):
        import_service("bedrock", [])


def test_a_shape_type_format_1_lacks_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, lambda data: data["shapes"]["MaxResults"].update(type="bigInteger"))
    with pytest.raises(UnsupportedShapeError) as caught:
        import_service("bedrock", ["ListCustomModels"])
    assert (caught.value.shape_name, caught.value.kind) == ("MaxResults", "bigInteger")
    assert str(caught.value) == (
        "service bedrock: shape MaxResults is of type 'bigInteger',"
        " which spec format 1 has no type for"
    )


def test_an_event_stream_that_is_a_json_response_is_its_body() -> None:
    shapes = build_spec("kinesis", ["SubscribeToShard"])["shapes"]
    assert shapes["SubscribeToShardOutput"]["payload"] == "EventStream"
    assert "required" not in shapes["SubscribeToShardEventStream"]  # one event a message
    response = build_spec("logs", ["StartLiveTail"])["shapes"]["StartLiveTailResponse"]
    # botocore's parser sets the stream in every response.
    assert (response["payload"], response["required"]) == ("responseStream", ["responseStream"])


def test_an_event_stream_beside_other_members_of_a_json_response_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Those members would travel in the `initial-response` event, which format 1 does not read.
    edited_model(
        monkeypatch,
        lambda data: data["shapes"]["StartLiveTailResponse"]["members"].update(
            other={"shape": "LogGroupName"}
        ),
        "logs",
    )
    with pytest.raises(UnsupportedFeatureError) as caught:
        import_service("logs", ["StartLiveTail"])
    assert str(caught.value) == (
        "service logs: shape StartLiveTailResponse member responseStream: member"
        " 'responseStream' is an event stream, which must be the payload"
    )


def test_blob_payloads_and_event_streams_are_imported() -> None:
    spec = build_spec("bedrock-runtime", ["InvokeModel", "ConverseStream"])
    shapes = spec["shapes"]
    assert shapes["InvokeModelRequest"]["payload"] == "body"
    assert shapes[shapes["InvokeModelRequest"]["members"]["body"]["shape"]]["type"] == "blob"
    assert shapes["ConverseStreamResponse"]["payload"] == "stream"
    assert shapes["ConverseStreamOutput"]["event_stream"] is True
    assert shapes["MessageStartEvent"]["event"] is True
    streaming = build_spec("sagemaker-runtime", ["InvokeEndpointWithResponseStream"])["shapes"]
    assert streaming["PayloadPart"]["members"]["Bytes"]["event_payload"] is True


def test_an_enum_on_a_member_is_a_shape_of_its_own(tmp_path: Path) -> None:
    # botocore merges a member's traits into its shape: the member is an enum string.
    spec = build_spec("apigatewayv2", ["ExportApi"])
    members = spec["shapes"]["ExportApiRequest"]["members"]
    model = botocore.session.get_session().get_service_model("apigatewayv2")
    theirs = model.operation_model("ExportApi").input_shape.members
    for name in ("OutputType", "Specification"):
        assert members[name]["shape"] == f"ExportApiRequest{name}"
        shape = spec["shapes"][f"ExportApiRequest{name}"]
        assert shape == {"type": "string", "enum": theirs[name].enum}
    assert "enum" not in botocore_shapes("apigatewayv2")["__string"]
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "apigatewayv2.yaml").write_text(
        import_service("apigatewayv2", ["ExportApi"]), encoding="utf-8"
    )
    generate_package(tmp_path / "specs", tmp_path, "generated_member_enum")
    operation = load_services(tmp_path, "generated_member_enum", ["apigatewayv2"])[
        "apigatewayv2"
    ].OPERATIONS["ExportApi"]
    check_operation("apigatewayv2", operation, examples=5)
    request = {"ApiId": "a", "Specification": "OAS30", "OutputType": "YAML"}
    operation.validate_request(request)
    errors = importlib.import_module("generated_member_enum.errors")
    with pytest.raises(errors.RequestValidationError, match="OutputType: 'XML' is not one of"):
        operation.validate_request({**request, "OutputType": "XML"})


@pytest.mark.parametrize("service", ["bedrock-runtime", "bedrock-agent-runtime"])
def test_the_streaming_services_import_whole(service: str) -> None:
    notes: list[str] = []
    spec = build_spec(service, None, notes=notes)
    assert "left_out" not in spec
    assert set(spec["operations"]) == set(operation_names(service))


def test_paginator_with_several_result_keys_is_imported() -> None:
    paginator = build_spec("devops-guru", ["ListInsights"])["operations"]["ListInsights"]
    assert paginator["paginator"]["result_key"] == ["ProactiveInsights", "ReactiveInsights"]


def test_paginator_whose_items_are_no_list_is_refused() -> None:
    with pytest.raises(UnsupportedFeatureError, match="result_key items is a map"):
        import_service("apigateway", ["GetUsage"])


def test_with_notes_such_a_paginator_is_left_out_and_told() -> None:
    notes: list[str] = []
    spec = build_spec("devops-guru", ["ListAnomalousLogGroups"], notes=notes)
    assert "paginator" not in spec["operations"]["ListAnomalousLogGroups"]
    assert notes == [
        "operation ListAnomalousLogGroups paginator: result_key InsightId is a string; spec format"
        " 1 pages through lists only (botocore counts a map's keys or a text's characters as"
        " items, and keeps only the first page's in build_full_result); the paginator is left out"
    ]


# --- whole services: the kinds the five operations do not use ---


def test_whole_services_import_every_kind() -> None:
    notes: list[str] = []
    bedrock = build_spec("bedrock", None, notes=notes)
    cleanroomsml = build_spec("cleanroomsml", None, notes=notes)
    assert notes == []
    shapes = bedrock["shapes"]
    assert shapes["FilterValue"] == {"type": "document"}
    assert shapes["ModelCustomizationHyperParameters"] == {
        "type": "map",
        "key": "String",
        "value": "String",
    }
    assert shapes["AcknowledgementFormDataBody"] == {"type": "blob", "min": 10, "max": 16384}
    assert shapes["RFTLearningRate"] == {"type": "float", "min": 1e-07, "max": 0.001}
    assert shapes["NonNegativeLong"]["min"] == 0
    assert shapes["NonNegativeLong"]["type"] == "long"
    assert shapes["RetrievalFilter"]["union"] is True
    workflow = shapes["StartAutomatedReasoningPolicyBuildWorkflowRequest"]
    assert workflow["payload"] == "sourceContent"
    assert workflow["members"]["clientRequestToken"] == {
        "shape": "IdempotencyToken",
        "location": "header",
        "location_name": "x-amz-client-token",
        "idempotency_token": True,
        "documentation": workflow["members"]["clientRequestToken"]["documentation"],
    }
    deprecated = shapes["EvaluationSummary"]["members"]["modelIdentifiers"]
    assert deprecated["deprecated"] is True
    assert deprecated["deprecated_message"].startswith("Inference identifiers should be")
    cancel = cleanroomsml["operations"]["CancelTrainedModel"]
    assert "output" not in cancel
    assert cleanroomsml["shapes"]["GetMLInputChannelResponseNumberOfRecordsLong"] == {
        "type": "long",
        "min": 0,
        "max": 100000000000,
    }
    text = dump_spec(bedrock)
    loaded, problems = load_text(text, "bedrock.yaml")
    assert problems == []
    assert loaded.data == bedrock


# --- documentation ---


def test_html_to_text() -> None:
    html = (
        "<p>Lists <code>things</code>, see <a href='https://x'>the guide</a>.</p> "
        "<p>Values:</p><ul><li><p><b>A</b> &amp; B</p></li> <li>C\n  &lt;D&gt;</li></ul>"
        "<p>  </p><p/><p>End <i>here</i>.</p>"
    )
    assert html_to_text(html) == (
        "Lists things, see the guide.\n\nValues:\n\n- A & B\n- C <D>\n\nEnd here."
    )
    assert html_to_text("<p> </p>") == ""


# --- drift ---


def test_drift_of_identical_data_is_empty() -> None:
    for name in SPECS:
        spec = committed(name)
        assert compare(spec, copy.deepcopy(spec)) == []


@pytest.mark.parametrize("name", sorted(SPECS))
def test_committed_specs_do_not_drift(name: str) -> None:
    assert drift_for_spec(committed(name)) == []


def _remove_enum_value(data: dict[str, Any]) -> None:
    data["shapes"]["SortOrder"]["enum"].remove("Descending")


def _change_max(data: dict[str, Any]) -> None:
    data["shapes"]["MaxResults"]["max"] = 500


def _drop_required(data: dict[str, Any]) -> None:
    data["shapes"]["CustomModelSummary"]["required"].remove("modelArn")


def _add_member(data: dict[str, Any]) -> None:
    data["shapes"]["ListCustomModelsResponse"]["members"]["foo"] = {"shape": "PaginationToken"}


def _change_pattern(data: dict[str, Any]) -> None:
    data["shapes"]["JobName"]["pattern"] = "[a-z]+"


def _remove_paginator(data: dict[str, Any]) -> None:
    del data["operations"]["ListModelCustomizationJobs"]["paginator"]


def _change_uri(data: dict[str, Any]) -> None:
    data["operations"]["ListCustomModels"]["http"]["uri"] = "/models"


def _add_error(data: dict[str, Any]) -> None:
    data["operations"]["ListCustomModels"]["errors"].append("ServiceQuotaExceededException")


def _change_type(data: dict[str, Any]) -> None:
    data["shapes"]["Boolean"] = {"type": "string"}


def _change_error_status(data: dict[str, Any]) -> None:
    data["shapes"]["ThrottlingException"]["error"]["http_status"] = 400


def _edit_documentation(data: dict[str, Any]) -> None:
    data["operations"]["ListCustomModels"]["documentation"] = "Other words."
    data["shapes"]["SortOrder"]["documentation"] = "Other words."
    data["service"]["documentation"] = "Other words."


# (side mutated, mutation, expected drift): `spec` stands for an outdated spec, `model` for a
# newer botocore, so every line reads from the spec's value to botocore's.
MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None], list[str]]] = [
    ("spec", _remove_enum_value, ["shape SortOrder: enum value 'Descending' added in botocore"]),
    (
        "model",
        _remove_enum_value,
        ["shape SortOrder: enum value 'Descending' removed from botocore"],
    ),
    ("model", _change_max, ["shape MaxResults: max 1000 -> 500"]),
    ("model", _drop_required, ["shape CustomModelSummary: member modelArn no longer required"]),
    ("spec", _drop_required, ["shape CustomModelSummary: member modelArn now required"]),
    (
        "model",
        _add_member,
        ["ListCustomModels: output member ListCustomModelsResponse.foo added in botocore"],
    ),
    (
        "spec",
        _add_member,
        ["ListCustomModels: output member ListCustomModelsResponse.foo removed from botocore"],
    ),
    (
        "model",
        _change_pattern,
        [
            "shape JobName: pattern changed: '[a-zA-Z0-9](-*[a-zA-Z0-9\\\\+\\\\-\\\\.])*'"
            " -> '[a-z]+'"
        ],
    ),
    ("model", _remove_paginator, ["ListModelCustomizationJobs: paginator removed from botocore"]),
    ("spec", _remove_paginator, ["ListModelCustomizationJobs: paginator added in botocore"]),
    (
        "model",
        _change_uri,
        ["ListCustomModels: http binding changed: uri '/custom-models' -> '/models'"],
    ),
    (
        "model",
        _add_error,
        ["ListCustomModels: error ServiceQuotaExceededException added in botocore"],
    ),
    ("model", _change_type, ["shape Boolean: type boolean -> string"]),
    ("model", _change_error_status, ["shape ThrottlingException: error http_status 429 -> 400"]),
    ("model", _edit_documentation, []),
]


@pytest.mark.parametrize(
    ("side", "mutate", "expected"),
    MUTATIONS,
    ids=[f"{side}-{mutate.__name__.lstrip('_')}" for side, mutate, _ in MUTATIONS],
)
def test_drift_line_per_mutation(
    side: str, mutate: Callable[[dict[str, Any]], None], expected: list[str]
) -> None:
    spec = committed("bedrock")
    model = copy.deepcopy(spec)
    mutate(spec if side == "spec" else model)
    assert compare(spec, model) == expected


def test_member_added_to_a_shared_structure_names_every_operation() -> None:
    spec = committed("cleanroomsml")
    model = copy.deepcopy(spec)
    model["shapes"]["TrainedModelSummary"]["members"]["owner"] = {"shape": "AccountId"}
    assert compare(spec, model) == [
        "ListTrainedModelVersions: output member TrainedModelSummary.owner added in botocore",
        "ListTrainedModels: output member TrainedModelSummary.owner added in botocore",
    ]


def test_operation_removed_from_botocore() -> None:
    spec = committed("cleanroomsml")
    model = copy.deepcopy(spec)
    del model["operations"]["ListTrainedModelVersions"]
    for shape in ("ListTrainedModelVersionsRequest", "ListTrainedModelVersionsResponse"):
        del model["shapes"][shape]
    assert compare(spec, model) == [
        "ListTrainedModelVersions: operation removed from botocore",
        "shape ListTrainedModelVersionsRequest removed from botocore",
        "shape ListTrainedModelVersionsResponse removed from botocore",
    ]


def test_drift_for_spec_with_an_operation_botocore_lacks() -> None:
    spec = committed("bedrock")
    spec["operations"]["ListCustomModelz"] = copy.deepcopy(spec["operations"]["ListCustomModels"])
    assert drift_for_spec(spec) == ["ListCustomModelz: operation removed from botocore"]


def test_drift_for_spec_needs_botocore_provenance() -> None:
    spec = committed("bedrock")
    spec["service"]["provenance"]["source"] = "hand-written"
    del spec["service"]["provenance"]["model"]
    assert drift_for_spec(spec) == [
        "provenance source 'hand-written' names no botocore model; cannot check drift"
    ]


# --- refusals in the words of the model (issue 12) ---

# (service, operations, the whole message): one per kind of refusal that used
# to be a traceback or a message in spec-format terms.
REFUSALS: list[tuple[str, list[str], str]] = [
    (
        "taxsettings",
        ["ListTaxExemptions"],
        "service taxsettings: operation ListTaxExemptions paginator: result_key"
        " taxExemptionDetailsMap is a map; spec format 1 pages through lists only (botocore"
        " counts a map's keys or a text's characters as items, and keeps only the first page's"
        " in build_full_result)",
    ),
    # What `check` refuses is refused by the importer, named by the shape it is about.
    (
        "workspaces-thin-client",
        ["CreateEnvironment"],
        "service workspaces-thin-client: shape EnvironmentName: pattern cannot be translated:"
        " \\p{IsAlphabetic} needs the Unicode property Alphabetic, which Python's unicodedata"
        " does not provide",
    ),
]


@pytest.mark.parametrize(
    ("service", "operations", "message"), REFUSALS, ids=[service for service, _, _ in REFUSALS]
)
def test_refusals_say_what_the_model_uses(
    service: str, operations: list[str], message: str
) -> None:
    with pytest.raises(BotocoreImportError) as caught:
        build_spec(service, operations)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("protocols", "chosen"),
    [
        (["query", "smithy-rpc-v2-cbor"], "smithy-rpc-v2-cbor"),
        (["ec2", "query"], "query"),
        (["query", "smithy-rpc-v2-cbor", "json"], "json"),
    ],
)
def test_the_protocol_is_botocores_choice_among_the_models(
    monkeypatch: pytest.MonkeyPatch, protocols: list[str], chosen: str
) -> None:
    # botocore's priority (json, rest-json, rest-xml, smithy-rpc-v2-cbor, query, ec2), not the
    # order of the model's list.
    def edit(data: dict[str, Any]) -> None:
        data["metadata"].update(protocols=protocols, protocol=protocols[0], jsonVersion="1.0")

    edited_model(monkeypatch, edit, "partnercentral-revenue-measurement")
    spec = build_spec("partnercentral-revenue-measurement", ["ListTagsForResource"])
    assert spec["service"]["protocol"] == chosen


def test_an_unknown_metadata_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, lambda data: data["metadata"].update(newTrait={}))
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock", ["ListCustomModels"])
    assert str(caught.value) == (
        "service bedrock: metadata has 'newTrait', which spec format 1 does not support"
    )


def test_aws_query_compatible_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "query_compatible" not in build_spec("bedrock", ["ListCustomModels"])["service"]
    edited_model(monkeypatch, lambda data: data["metadata"].update(awsQueryCompatible={}))
    assert build_spec("bedrock", ["ListCustomModels"])["service"]["query_compatible"] is True


def test_an_xml_namespace_is_refused_outside_json(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, lambda data: data["metadata"].update(xmlNamespace={"uri": "x"}))
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock", ["ListCustomModels"])
    assert str(caught.value) == (
        "service bedrock: metadata has 'xmlNamespace' (an XML namespace), which spec format 1"
        " does not support"
    )


def test_an_error_listed_twice_is_listed_once() -> None:
    errors = build_spec("appsync", ["CreateApiKey"])["operations"]["CreateApiKey"]["errors"]
    assert errors.count("LimitExceededException") == 1
    assert errors == list(dict.fromkeys(errors))
    raw = Loader().load_service_model("appsync", "service-2")["operations"]["CreateApiKey"]
    assert [error["shape"] for error in raw["errors"]].count("LimitExceededException") == 2


def test_a_sensitive_document_is_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    # `sensitive` is ignored on every shape, documents included.
    edited_model(monkeypatch, lambda data: data["shapes"]["FilterValue"].update(sensitive=True))
    notes: list[str] = []
    assert build_spec("bedrock", None, notes=notes)["shapes"]["FilterValue"] == {"type": "document"}


def test_what_check_refuses_never_comes_out_of_the_importer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, lambda data: data["shapes"]["JobName"].update(pattern="[z-a]"))
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock", ["ListModelCustomizationJobs"])
    assert str(caught.value) == (
        "service bedrock: shape JobName: pattern does not compile: bad character range z-a"
        " at position 1"
    )


def test_a_pattern_no_value_of_the_lengths_matches_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # App Runner's ServiceId: a 36-character UUID pattern on 32-character IDs.
    edited_model(monkeypatch, lambda data: data["shapes"]["JobName"].update(pattern="[a-f0-9]{64}"))
    notes: list[str] = []
    spec = build_spec("bedrock", ["ListModelCustomizationJobs"], notes=notes)
    assert spec["shapes"]["JobName"] == {"type": "string", "min": 1, "max": 63}
    why = "pattern '[a-f0-9]{64}' matches no value of at most 63 characters (max): its shortest match has 64"
    assert spec["left_out"] == {"patterns": {"JobName": why}}
    assert notes == [f"shape JobName: {why}; the pattern is left out"]


# --- where the model came from, and botocore's data path ---


def test_spec_records_its_model_file(tmp_path: Path) -> None:
    provenance = committed("bedrock")["service"]["provenance"]
    assert provenance == {
        "source": "botocore bedrock/2023-04-20/service-2.json.gz",
        "botocore_version": botocore.__version__,
        "model": {"file": "bedrock/2023-04-20/service-2.json.gz", "data": "builtin"},
    }


def test_a_spec_without_model_record_still_loads_checks_and_drifts() -> None:
    text = (PROJECT / "specs" / "bedrock.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = lines.index("    model:\n")
    old_text = "".join(lines[:start] + lines[start + 3 :])
    loaded, problems = load_text(old_text, "bedrock.yaml")
    assert problems == []
    assert check(loaded) == []
    assert "model" not in loaded.data["service"]["provenance"]
    assert drift_for_spec(loaded.data) == []


def bedrock_model() -> dict[str, Any]:
    path = Path(Loader.BUILTIN_DATA_PATH) / "bedrock" / "2023-04-20" / "service-2.json.gz"
    model: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return model


def write_model(directory: Path, service: str, model: dict[str, Any]) -> None:
    version = directory / service / model["metadata"]["apiVersion"]
    version.mkdir(parents=True)
    (version / "service-2.json").write_text(json.dumps(model), encoding="utf-8")


@pytest.fixture
def no_aws_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the test's own data path: no AWS_DATA_PATH and no AWS config file of the machine."""
    monkeypatch.delenv("AWS_DATA_PATH", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))


@pytest.mark.usefixtures("no_aws_config")
def test_a_service_only_on_aws_data_path_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_model(tmp_path / "models", "acme-models", bedrock_model())
    with pytest.raises(BotocoreImportError, match="has no service 'acme-models'"):
        import_service("acme-models", ["ListCustomModels"])
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "models"))
    text = import_service("acme-models", ["ListCustomModels"])
    spec = yaml.safe_load(text)
    assert spec["service"]["package"] == "acme_models"
    assert spec["service"]["provenance"]["model"] == {
        "file": "acme-models/2023-04-20/service-2.json",
        "data": "extra",
    }
    assert str(tmp_path) not in text
    loaded, problems = load_text(text, "acme.yaml")
    assert problems + check(loaded) == []


@pytest.mark.usefixtures("no_aws_config")
def test_data_path_directories_come_before_aws_data_path_and_botocore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("first", "second", "env"):
        model = bedrock_model()
        model["shapes"]["SortOrder"]["enum"].append(name.capitalize())
        write_model(tmp_path / name, "bedrock", model)
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "env"))

    def sort_orders(data_paths: list[str]) -> list[str]:
        spec = build_spec("bedrock", ["ListCustomModels"], loader=model_loader(data_paths))
        enum: list[str] = spec["shapes"]["SortOrder"]["enum"]
        return enum

    assert sort_orders([]) == ["Ascending", "Descending", "Env"]
    assert sort_orders([str(tmp_path / "second")]) == ["Ascending", "Descending", "Second"]
    both = os.pathsep.join([str(tmp_path / "first"), str(tmp_path / "second")])
    assert sort_orders([both]) == ["Ascending", "Descending", "First"]
    assert sort_orders([str(tmp_path / "second"), both]) == ["Ascending", "Descending", "Second"]
    monkeypatch.delenv("AWS_DATA_PATH")
    assert sort_orders([]) == ["Ascending", "Descending"]
    assert model_loader().search_paths == Loader().search_paths


@pytest.mark.usefixtures("no_aws_config")
def test_drift_against_an_overridden_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = bedrock_model()
    model["shapes"]["SortOrder"]["enum"].append("Random")
    write_model(tmp_path, "bedrock", model)
    spec = committed("bedrock")
    expected = [
        "service: model data 'builtin' -> 'extra'",
        "service: model file 'bedrock/2023-04-20/service-2.json.gz'"
        " -> 'bedrock/2023-04-20/service-2.json'",
        "shape SortOrder: enum value 'Random' added in botocore",
    ]
    assert drift_for_spec(spec, model_loader([str(tmp_path)])) == expected
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    assert drift_for_spec(spec) == expected


def test_cli_reads_models_from_data_path(tmp_path: Path) -> None:
    models = tmp_path / "models"
    newer = bedrock_model()
    newer["shapes"]["SortOrder"]["enum"].append("Random")
    write_model(models, "bedrock", newer)
    write_model(models, "acme-models", bedrock_model())
    imported = run_generator(
        "import-botocore", "acme-models", "ListCustomModels", "--data-path", str(models)
    )
    assert imported.returncode == 0, imported.stderr
    assert "      file: acme-models/2023-04-20/service-2.json\n      data: extra\n" in (
        imported.stdout
    )
    drift = run_generator("drift", "--data-path", str(models))
    assert drift.returncode == 1, drift.stderr
    assert [line.split(": ", 1)[1] for line in drift.stdout.splitlines()] == [
        "service: model data 'builtin' -> 'extra'",
        "service: model file 'bedrock/2023-04-20/service-2.json.gz'"
        " -> 'bedrock/2023-04-20/service-2.json'",
        "shape SortOrder: enum value 'Random' added in botocore",
    ]


def test_cli_refusal_is_one_line_without_traceback() -> None:
    result = run_generator("import-botocore", "workspaces-thin-client", "GetDevice")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "import-botocore: service workspaces-thin-client: shape DeviceName: pattern cannot be"
        " translated: \\p{IsAlphabetic} needs the Unicode property Alphabetic, which Python's"
        " unicodedata does not provide\n"
    )


def test_the_model_record_is_checked() -> None:
    text = edit(
        (PROJECT / "specs" / "bedrock.yaml").read_text(encoding="utf-8"),
        "      data: builtin\n",
        "      data: elsewhere\n",
    )
    loaded, problems = load_text(text, "bedrock.yaml")
    assert [str(problem) for problem in problems + check(loaded)] == [
        "bedrock.yaml:17:13: service.provenance.model.data: 'elsewhere' is not one of"
        " ['builtin', 'extra']"
    ]


# --- granular import: what one operation reaches leaves out that operation (issue 16) ---


def test_all_leaves_out_an_operation_format_1_cannot_express_and_records_why() -> None:
    notes: list[str] = []
    spec = build_spec("iot-data", None, notes=notes)
    left_out = spec["left_out"]["operations"]
    why = (
        " member userProperties is a 'jsonvalue' header (boto3 takes and returns any JSON value"
        " for it, sent as base64 JSON text), which is not supported"
    )
    assert left_out == {
        "Publish": f"shape PublishRequest{why}",
        "SendDirectMessage": f"shape SendDirectMessageRequest{why}",
    }
    assert "GetThingShadow" in spec["operations"]
    assert "Publish" not in spec["operations"]
    assert set(spec["operations"]) | set(left_out) == set(operation_names("iot-data"))
    assert "PublishRequest" not in spec["shapes"]  # reached by left-out operations only
    assert f"operation Publish is left out: {left_out['Publish']}" in notes
    total = len(operation_names("iot-data"))
    assert notes[-1] == (
        f"{len(spec['operations'])} of {total} operations imported, {len(left_out)} left out"
    )
    # What the importer writes loads and checks like any spec.
    loaded, problems = load_text(dump_spec(spec), "iot-data.yaml")
    assert problems + check(loaded) == []
    assert loaded.data["left_out"] == spec["left_out"]


def test_a_problem_check_finds_in_a_shape_leaves_out_the_operations_that_reach_it() -> None:
    spec = build_spec("workspaces-thin-client", None, notes=[])
    reason = (
        "shape DeviceName: pattern cannot be translated: \\p{IsAlphabetic} needs the Unicode"
        " property Alphabetic, which Python's unicodedata does not provide"
    )
    assert spec["left_out"]["operations"]["GetDevice"] == reason
    assert all(
        member["shape"] != "DeviceName"
        for shape in spec["shapes"].values()
        for member in shape.get("members", {}).values()
    )
    assert "DeviceName" not in spec["shapes"]


def test_a_problem_check_finds_in_a_paginator_leaves_out_only_the_paginator() -> None:
    notes: list[str] = []
    spec = build_spec("glacier", None, notes=notes)
    reason = "operation ListJobs paginator: limit_key ListJobsInput.limit is a string, expected a integer"
    assert spec["left_out"]["paginators"]["ListJobs"] == reason
    assert "paginator" not in spec["operations"]["ListJobs"]
    assert f"{reason}; the paginator is left out" in notes


def test_naming_an_operation_format_1_cannot_express_is_still_an_error() -> None:
    with pytest.raises(UnsupportedFeatureError, match="is a 'jsonvalue' header"):
        build_spec("iot-data", ["GetThingShadow", "Publish"], notes=None)


def _with_unknown_protocol(data: dict[str, Any]) -> None:
    del data["metadata"]["protocols"]  # else botocore refuses it before the importer sees it
    data["metadata"]["protocol"] = "made-up"


def test_what_is_about_the_service_still_refuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, _with_unknown_protocol)
    with pytest.raises(UnsupportedFeatureError, match=r"^service bedrock: protocol 'made-up'"):
        build_spec("bedrock", None, notes=[])


def test_an_unknown_protocol_is_refused_with_the_protocols_format_1_covers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, _with_unknown_protocol)
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock", ["ListCustomModels"])
    assert str(caught.value) == (
        "service bedrock: protocol 'made-up' is not supported; spec format 1 covers rest-json,"
        " json, rest-xml, query, ec2 and smithy-rpc-v2-cbor"
    )


def test_a_protocol_botocore_does_not_speak_is_refused_in_its_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, lambda data: data["metadata"].update(protocols=["made-up"]))
    with pytest.raises(UnsupportedFeatureError, match=r"^service bedrock: protocol: none that"):
        build_spec("bedrock", ["ListCustomModels"])


def _with_unknown_trait(data: dict[str, Any]) -> None:
    members = data["shapes"]["ListCustomModelsRequest"]["members"]
    members["sortBy"]["madeUpTrait"] = True


def test_leaving_out_every_operation_refuses_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, _with_unknown_trait)
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock", ["ListCustomModels"], notes=[])
    assert str(caught.value) == (
        "service bedrock: every operation is left out; operation ListCustomModels: shape"
        " ListCustomModelsRequest member sortBy has 'madeUpTrait', which spec format 1 does not"
        " support"
    )


def test_drift_tells_an_operation_the_import_now_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, _with_unknown_trait)
    lines = drift_for_spec(committed("bedrock"))
    assert (
        "ListCustomModels: operation can no longer be imported: shape ListCustomModelsRequest"
        " member sortBy has 'madeUpTrait', which spec format 1 does not support"
    ) in lines
    assert [line for line in lines if "operation removed" in line] == []


def test_cli_all_writes_what_it_left_out_and_tells_it(tmp_path: Path) -> None:
    out = tmp_path / "iot-data.yaml"
    result = run_generator("import-botocore", "iot-data", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    told = result.stderr.splitlines()
    for name, why in spec["left_out"]["operations"].items():
        assert f"import-botocore: note: operation {name} is left out: {why}" in told
    assert told[-1].startswith("import-botocore: note: ")
    assert told[-1].endswith(f"operations imported, {len(spec['left_out']['operations'])} left out")


# --- endpoint features, recorded (issue 16): no effect on validation ---


def test_host_prefixes_and_static_context_parameters_are_recorded_on_the_operation() -> None:
    spec = build_spec("neptune-graph", ["CancelQuery"])
    operation = spec["operations"]["CancelQuery"]
    assert operation["host_prefix"] == "{graphIdentifier}."
    assert operation["static_context_params"] == {"ApiType": "DataPlane"}
    member = spec["shapes"]["CancelQueryInput"]["members"]["graphIdentifier"]
    assert member["host_label"] is True


def test_context_parameters_are_recorded_on_the_member() -> None:
    spec = build_spec("sesv2", ["SendBulkEmail"])
    member = spec["shapes"]["SendBulkEmailRequest"]["members"]["EndpointId"]
    assert member["context_param"] == "EndpointId"


def _with_client_context_params(data: dict[str, Any]) -> None:
    data["clientContextParams"] = {
        "UseArnRegion": {"documentation": "<p>Use the ARN's region.</p>", "type": "boolean"}
    }


def test_client_context_parameters_are_recorded_on_the_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, _with_client_context_params)
    service = build_spec("bedrock", ["ListCustomModels"])["service"]
    assert service["client_context_params"] == {
        "UseArnRegion": {"type": "boolean", "documentation": "Use the ARN's region."}
    }


def _with_odd_static_context_param(data: dict[str, Any]) -> None:
    data["operations"]["ListCustomModels"]["staticContextParams"] = {"Region": {"value": 3}}


def test_a_static_context_parameter_spec_format_1_cannot_record_leaves_out_its_operation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edited_model(monkeypatch, _with_odd_static_context_param)
    spec = build_spec("bedrock", ["ListCustomModels", "GetCustomModel"], notes=[])
    assert spec["left_out"]["operations"] == {
        "ListCustomModels": "operation ListCustomModels has staticContextParams Region"
        " {'value': 3}; spec format 1 records a string or boolean value"
    }


def _with_host_prefix(data: dict[str, Any]) -> None:
    data["operations"]["ListCustomModels"]["endpoint"] = {"hostPrefix": "models."}
    data["operations"]["ListCustomModels"]["staticContextParams"] = {"Plane": {"value": "data"}}


def test_drift_tells_recorded_endpoint_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    edited_model(monkeypatch, _with_host_prefix)
    assert drift_for_spec(committed("bedrock")) == [
        "ListCustomModels: host_prefix none -> 'models.'",
        "ListCustomModels: static_context_params none -> {'Plane': 'data'}",
    ]
