"""`import-botocore --merge FILE`: operations added to a spec, every line of it kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from generator.botocore_import import BotocoreImportError, import_service, model_loader
from generator.check import check
from generator.load import load_text
from generator.merge import merge_operations
from generator.pipeline import generate
from tests.helpers import PROJECT, edit, run_generator

BEDROCK = (PROJECT / "specs" / "bedrock.yaml").read_text(encoding="utf-8")


def merge(text: str, *operations: str) -> tuple[str, list[str]]:
    return merge_operations(
        text, "bedrock.yaml", "bedrock", list(operations), loader=model_loader()
    )


def only_inserted(before: str, after: str) -> bool:
    """Every line of `before` is in `after`, in order, and nothing else changed."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def test_merging_list_foundation_models_keeps_every_line(tmp_path: Path) -> None:
    merged, kept = merge(BEDROCK, "ListFoundationModels")
    assert kept == []
    assert only_inserted(BEDROCK, merged)
    assert len(merged.splitlines()) > len(BEDROCK.splitlines())
    # The same text as a fresh import of the three operations in sorted order.
    assert merged == import_service(
        "bedrock", ["ListCustomModels", "ListFoundationModels", "ListModelCustomizationJobs"]
    )
    loaded, problems = load_text(merged, "bedrock.yaml")
    assert problems + check(loaded) == []
    assert list(loaded.data["operations"]) == [
        "ListCustomModels",
        "ListFoundationModels",
        "ListModelCustomizationJobs",
    ]
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "bedrock.yaml").write_text(merged, encoding="utf-8")
    files = generate(specs, package="merged")
    assert "ListFoundationModels" in files["bedrock/__init__.py"]
    assert (
        "class FoundationModelSummary"
        in files["bedrock/_models/list_foundation_models_response.py"]
    )


def test_merging_an_operation_already_there_leaves_the_file_as_it_is() -> None:
    assert merge(BEDROCK, "ListCustomModels") == (BEDROCK, ["ListCustomModels"])


def test_a_shape_that_differs_from_the_model_is_an_error() -> None:
    older = edit(BEDROCK, "      http_status: 429\n", "      http_status: 400\n")
    with pytest.raises(BotocoreImportError) as caught:
        merge(older, "ListFoundationModels")
    assert str(caught.value) == (
        "bedrock.yaml differs from botocore's model of bedrock where the merge meets it:"
        " shape ThrottlingException: error http_status 400 -> 429; re-import the spec"
        " (`drift` lists every difference)"
    )


def test_an_operation_there_that_differs_from_the_model_is_an_error() -> None:
    older = edit(BEDROCK, "      uri: /custom-models\n", "      uri: /models\n")
    with pytest.raises(BotocoreImportError, match="http binding changed: uri '/models'"):
        merge(older, "ListCustomModels", "ListFoundationModels")


def test_documentation_edited_by_hand_is_no_difference() -> None:
    # ValidationException is an error of ListFoundationModels too: the file's shape is reused.
    edited = edit(
        BEDROCK,
        "    documentation: Input validation failed. Check your request parameters and retry the"
        " request.\n",
        "    documentation: Our own words.\n",
    )
    merged, _ = merge(edited, "ListFoundationModels")
    assert only_inserted(edited, merged)
    assert merged.count("  ValidationException:\n") == 1
    assert "    documentation: Our own words.\n" in merged


def test_comments_stay_with_the_entry_below_them() -> None:
    commented = edit(
        BEDROCK, "  ListModelCustomizationJobs:\n", "  # jobs\n  ListModelCustomizationJobs:\n"
    )
    merged, _ = merge(commented, "ListFoundationModels")
    assert only_inserted(commented, merged)
    lines = merged.splitlines()
    assert lines.index("  ListFoundationModels:") < lines.index("  # jobs")
    assert lines[lines.index("  # jobs") + 1] == "  ListModelCustomizationJobs:"


def test_a_spec_of_another_service_is_refused() -> None:
    cleanroomsml = (PROJECT / "specs" / "cleanroomsml.yaml").read_text(encoding="utf-8")
    with pytest.raises(BotocoreImportError) as caught:
        merge(cleanroomsml, "ListFoundationModels")
    assert str(caught.value) == (
        "bedrock.yaml was imported from botocore service cleanroomsml, not bedrock"
    )


def test_a_layout_other_than_the_importers_is_refused() -> None:
    data = yaml.safe_load(BEDROCK)
    four_spaces = yaml.safe_dump(data, sort_keys=False, indent=4, width=100)
    with pytest.raises(BotocoreImportError, match="layout is not the importer's"):
        merge(four_spaces, "ListFoundationModels")


def test_cli_merges_in_place(tmp_path: Path) -> None:
    spec = tmp_path / "bedrock.yaml"
    spec.write_text(BEDROCK, encoding="utf-8")
    result = run_generator(
        "import-botocore",
        "bedrock",
        "ListFoundationModels",
        "ListCustomModels",
        "--merge",
        str(spec),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"import-botocore: note: operation ListCustomModels is already in {spec}, as in the model\n"
    )
    assert spec.read_text(encoding="utf-8") == merge(BEDROCK, "ListFoundationModels")[0]
    refused = run_generator(
        "import-botocore", "bedrock", "ListFoundationModels", "--merge", str(spec), "--out", "x"
    )
    assert refused.returncode == 2
    assert "--merge writes FILE itself; it takes no --out" in refused.stderr
