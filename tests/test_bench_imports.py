"""benchmarks/imports.py (`make bench`'s import-time section) times what it says it times."""

from __future__ import annotations

from benchmarks import imports

_IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       276 |       3884 |   generated
import time:      2790 |      14687 |   generated.operations
import time:        90 |         90 | json.decoder
import time:     59275 |      59275 | generated.bedrock.validators
"""


def test_importtime_lines_give_the_package_modules_by_own_time() -> None:
    assert imports._importtime(_IMPORTTIME, "generated") == [
        ("generated.bedrock.validators", 0.059275),
        ("generated.operations", 0.00279),
        ("generated", 0.000276),
    ]


def test_the_section_times_every_step_and_sees_what_each_first_use_imports() -> None:
    results = imports.measure_tree(imports.COMMITTED, runs=1)
    assert set(results.times) == {row.label for row in imports.ROWS}
    # The first two rows are timed in the `validate`, `parse` and `wire` interpreter of each run.
    assert [len(results.times[row.label]) for row in imports.ROWS] == [3, 3, 1, 1, 1, 1, 1]
    assert all(seconds > 0 for times in results.times.values() for seconds in times)
    validated = [name for name, _ in results.modules["validate"]]
    parsed = [name for name, _ in results.modules["parse"]]
    drawn = [name for name, _ in results.modules["strategies"]]
    # Loaded through importlib.import_module, which `-X importtime` logs only when routed.
    assert "generated.bedrock.validators" in validated
    assert "generated.bedrock.models" not in validated
    assert "generated.bedrock.models" in parsed
    assert "generated.bedrock._models.list_custom_models_response" in parsed
    assert "generated.bedrock._models.list_model_customization_jobs_response" not in parsed
    wired = [name for name, _ in results.modules["wire"]]
    assert "generated.bedrock._models.list_custom_models_response" in wired
    assert "generated.bedrock.strategies" in drawn
    assert "generated.bedrock.models" not in drawn
    text = imports.render([results])
    assert all(row.label in text for row in imports.ROWS)
    assert "`make generate-all` builds them" in text
