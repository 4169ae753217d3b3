"""Waiters: the JMESPath subset against the `jmespath` library, the runtime against botocore's own
`Waiter` on the same responses, and the golden record's generated waiters against fakes."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import importlib
from collections.abc import Mapping
from typing import Any

import jmespath
import pytest
from botocore.exceptions import ClientError, WaiterError
from botocore.loaders import Loader, create_loader
from botocore.waiter import NormalizedOperationMethod, SingleWaiterConfig, Waiter
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.botocore_import import UnsupportedFeatureError, build_spec, import_service
from generator.drift import compare
from generator.runtime.expressions import ExpressionError, ExpressionTypeError, compile_expression
from tests.helpers import PROJECT
from tests.whole_services import generate_package, load_services

everything = load_services(PROJECT / "tests" / "golden" / "out", "golden_pkg", ("everything",))[
    "everything"
]
errors = importlib.import_module("golden_pkg.errors")
waiters_runtime = importlib.import_module("golden_pkg.waiters")
WAITERS = everything.WAITERS
THING_ERRORS = importlib.import_module("golden_pkg.everything.errors")


def _model_arguments() -> list[str]:
    """Every acceptor argument of every waiter model of the installed botocore."""
    loader = create_loader()
    found: set[str] = set()
    for service in loader.list_available_services("waiters-2"):
        model = loader.load_service_model(service, "waiters-2")
        for waiter in model["waiters"].values():
            found.update(a["argument"] for a in waiter["acceptors"] if "argument" in a)
    return sorted(found)


MODEL_ARGUMENTS = _model_arguments()


def _paginator_expressions() -> list[str]:
    """Every path expression (not a plain member name) of every paginator model of botocore."""
    loader = create_loader()
    found: set[str] = set()
    for service in loader.list_available_services("paginators-1"):
        for paginator in loader.load_service_model(service, "paginators-1")["pagination"].values():
            for key in ("input_token", "output_token", "result_key", "more_results"):
                values = paginator.get(key, [])
                found.update(
                    value
                    for value in ([values] if isinstance(values, str) else values)
                    if not value.isidentifier()
                )
            found.update(key for key in paginator.get("non_aggregate_keys", ()) if "." in key)
    return sorted(found)


PAGINATOR_EXPRESSIONS = _paginator_expressions()


def _search(evaluate: Any, value: Any) -> Any:
    try:
        return evaluate(value)
    except ExpressionTypeError:
        return "type error"


def _jmespath(text: str, value: Any) -> Any:
    try:
        return jmespath.search(text, value)
    except (jmespath.exceptions.JMESPathTypeError, TypeError):
        return "type error"


def test_every_waiter_argument_and_paginator_path_of_botocore_is_in_the_subset() -> None:
    assert len(MODEL_ARGUMENTS) > 150
    assert "NextMarker || Contents[-1].Key" in PAGINATOR_EXPRESSIONS
    for text in MODEL_ARGUMENTS + PAGINATOR_EXPRESSIONS:
        compile_expression(text)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("a | b", 2, "'|' is not in the subset"),
        ("a[0:2]", 3, "':' is not in the subset"),
        ("a[*].b", 1, "only [] projections"),
        ("@.a", 0, "'@' is not in the subset"),
        ('"quoted"', 0, "'\"' is not in the subset"),
        ("max(a)", 0, "the function max() is not in the subset"),
        ("{a: b}", 0, "'{' is not in the subset"),
        ("a ||", 4, "incomplete expression"),
        ("`{bad`", 0, "a literal that is not JSON"),
        ("'open", 0, "unterminated"),
        ("a b", 2, "unexpected 'b'"),
    ],
)
def test_expressions_outside_the_subset_are_refused_with_the_position(
    text: str, position: int, reason: str
) -> None:
    with pytest.raises(ExpressionError) as raised:
        compile_expression(text)
    assert raised.value.position == position
    assert reason in raised.value.reason


_KEYS = st.sampled_from(["status", "State", "Status", "items", "a", "b", "deployments", "x"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from(["", "ACTIVE", "DISABLED", "ENABLE_FAILED", "off", "last", "x"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


def _shaped(text: str) -> st.SearchStrategy[Any]:
    """Values built from the expression's own names, so that its paths often exist."""
    identifiers = sorted(
        {
            token["value"]
            for token in jmespath.lexer.Lexer().tokenize(text)
            if token["type"] == "unquoted_identifier"
        }
    )
    keys = st.sampled_from(identifiers or ["a"])
    return st.recursive(
        _SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=16,
    )


@pytest.mark.parametrize("text", MODEL_ARGUMENTS + PAGINATOR_EXPRESSIONS)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_expressions_evaluate_as_jmespath_does(text: str, data: st.DataObject) -> None:
    value = data.draw(st.one_of(_shaped(text), _VALUES))
    assert _search(compile_expression(text), value) == _jmespath(text, value)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # jmespath's own rules, which Python's differ from.
        ("a == `1`", {"a": True}, False),
        ("a != `0`", {"a": False}, True),
        ("!a", {"a": 0}, False),
        ("a || b", {"a": [], "b": "x"}, "x"),
        ("a && b", {"a": {}, "b": "x"}, {}),
        ("a > `1`", {"a": [2]}, None),
        ("a[].b", {"a": [{"b": 1}, {"c": 2}, [{"b": 3}], 4]}, [1, 3]),
        ("a.*.b", {"a": {"x": {"b": 1}, "y": {"b": None}}}, [1]),
        ("a[?b == 'x'].c", {"a": [{"b": "x", "c": 1}, {"b": "y", "c": 2}]}, [1]),
        ("a[-1].b", {"a": [{"b": 1}, {"b": 2}]}, 2),
        ("a[5]", {"a": [1]}, None),
        ("a.b", {"a": "text"}, None),
    ],
)
def test_jmespath_rules(text: str, value: Any, expected: Any) -> None:
    assert compile_expression(text)(value) == expected == jmespath.search(text, value)


def test_type_errors_where_jmespath_raises_them() -> None:
    with pytest.raises(ExpressionTypeError, match="length"):
        compile_expression("length(a) == `0`")({})
    with pytest.raises(ExpressionTypeError, match="cannot order"):
        compile_expression("a > b")({"a": "x", "b": 1})


# Botocore's Waiter and ours, on the same responses.

_ERROR_CODES = ["ResourceNotFoundException", "InternalServerException", "Throttling"]
_ARGUMENTS = ["status", "things[].status", "length(things) > `1`", "things[-1].enabled"]
_EXPECTED = {
    "path": st.sampled_from(["ACTIVE", "off", True, False]),
    "pathAll": st.sampled_from(["ACTIVE", "off", True]),
    "pathAny": st.sampled_from(["ACTIVE", "off", True]),
    "status": st.sampled_from([200, 404, 500]),
    "error": st.one_of(st.booleans(), st.sampled_from(_ERROR_CODES)),
}


@st.composite
def _acceptors(draw: st.DrawFn) -> dict[str, Any]:
    matcher = draw(st.sampled_from(sorted(_EXPECTED)))
    acceptor = {
        "state": draw(st.sampled_from(["success", "failure", "retry"])),
        "matcher": matcher,
        "expected": draw(_EXPECTED[matcher]),
    }
    if matcher.startswith("path"):
        acceptor["argument"] = draw(st.sampled_from(_ARGUMENTS))
    return acceptor


_THING = st.fixed_dictionaries(
    {}, optional={"status": st.sampled_from(["ACTIVE", "off"]), "enabled": st.booleans()}
)
_RESPONSES = st.one_of(
    st.fixed_dictionaries(
        {"ResponseMetadata": st.fixed_dictionaries({"HTTPStatusCode": st.just(200)})},
        optional={
            "things": st.lists(_THING, max_size=3),
            "status": st.sampled_from(["ACTIVE", "off", True]),
        },
    ),
    st.builds(
        lambda code, status: {
            "Error": {"Code": code, "Message": "no"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        st.sampled_from(_ERROR_CODES),
        st.sampled_from([404, 500]),
    ),
)


class _Script:
    """Serves the responses in order, raising botocore's ClientError for error responses."""

    def __init__(self, responses: list[dict[str, Any]]) -> None:
        self.responses = responses
        self.calls = 0

    def response(self) -> dict[str, Any]:
        response = copy.deepcopy(self.responses[min(self.calls, len(self.responses) - 1)])
        self.calls += 1
        if "Error" in response:
            raise ClientError(response, "ListThings")  # type: ignore[arg-type]
        return response

    def __call__(self, **params: Any) -> dict[str, Any]:
        return self.response()

    async def async_call(self, **params: Any) -> dict[str, Any]:
        return self.response()


def _botocore_outcome(config: dict[str, Any], responses: list[dict[str, Any]]) -> tuple[str, int]:
    script = _Script(responses)
    waiter = Waiter("Probe", SingleWaiterConfig(config), NormalizedOperationMethod(script))
    try:
        waiter.wait(WaiterConfig={"Delay": 0})
    except WaiterError as error:
        kind = "exhausted" if "Max attempts exceeded" in str(error) else "failure"
        return kind, script.calls
    except jmespath.exceptions.JMESPathTypeError:
        return "type error", script.calls
    return "success", script.calls


def _our_outcome(
    spec: Any, responses: list[dict[str, Any]], use_async: bool, **params: Any
) -> tuple[str, int]:
    script = _Script(responses)
    sleeps: list[float] = []
    errors = importlib.import_module(f"{spec.operation.module.rpartition('.')[0]}.errors")

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    try:
        if use_async:
            asyncio.run(spec.async_waiter(script.async_call, sleep=sleep).wait(**params))
        else:
            spec(script, sleep=sleeps.append).wait(**params)
        outcome = "success"
    except errors.WaiterAttemptsExceededError as error:
        assert error.attempts == script.calls
        outcome = "exhausted"
    except errors.WaiterFailureError as error:
        assert error.attempts == script.calls
        outcome = "failure"
    except errors.ResponseParseError:
        outcome = "type error"
    # A sleep between attempts, none after the last, as botocore.
    assert sleeps == [spec.delay] * (script.calls - 1)
    return outcome, script.calls


@settings(max_examples=300, deadline=None)
@given(
    acceptors=st.lists(_acceptors(), min_size=1, max_size=5),
    responses=st.lists(_RESPONSES, min_size=1, max_size=6),
    max_attempts=st.integers(1, 6),
    use_async=st.booleans(),
)
def test_our_waiter_decides_as_botocores_on_the_same_responses(
    acceptors: list[dict[str, Any]],
    responses: list[dict[str, Any]],
    max_attempts: int,
    use_async: bool,
) -> None:
    config = {"operation": "ListThings", "delay": 0, "maxAttempts": max_attempts}
    ours = dataclasses.replace(
        WAITERS["ThingsActive"],
        delay=0,
        max_attempts=max_attempts,
        acceptors=tuple(
            waiters_runtime.Acceptor(a["state"], a["matcher"], a["expected"], a.get("argument"))
            for a in acceptors
        ),
    )
    expected = _botocore_outcome({**config, "acceptors": acceptors}, responses)
    assert _our_outcome(ours, responses, use_async) == expected


def test_the_golden_record_waiters_match_botocores_model_of_the_spec() -> None:
    """Each generated waiter, run on response sequences of its own operation, decides as
    botocore's Waiter given the spec's waiter as a botocore waiter model."""
    spec_waiters = {
        "ThingsActive": [
            [{"things": [{"name": "a", "status": "ACTIVE"}], "ResponseMetadata": {}}],
            [{"things": [{"name": "a"}]}, {"things": [{"name": "a", "status": "off"}]}],
            [{"Error": {"Code": "InternalServerException"}}, {"things": []}] * 3,
            [{"things": [{"name": "b", "status": "NO"}, {"name": "last"}]}],
            [{"things": [], "ResponseMetadata": {"HTTPStatusCode": 429}}] * 50,
            [{"Error": {"Code": "ValidationException", "Message": "bad"}}],
        ],
        "PolicyDeleted": [
            [{"policy": {}}, {"Error": {"Code": "ResourceNotFoundException"}}],
            [{"policy": {}}] * 5,
            [{"Error": {"Code": "InternalServerException"}}],
        ],
    }
    for name, sequences in spec_waiters.items():
        spec = WAITERS[name]
        model = {
            "operation": spec.operation.name,
            "delay": 0,
            "maxAttempts": spec.max_attempts,
            "acceptors": [
                {
                    key: value
                    for key, value in dataclasses.asdict(acceptor).items()
                    if value is not None
                }
                for acceptor in spec.acceptors
            ],
        }
        fast = dataclasses.replace(spec, delay=0)
        params = {"thingId": "thing-1"} if name == "PolicyDeleted" else {}
        for responses in sequences:
            expected = _botocore_outcome(model, responses)
            for use_async in (False, True):
                assert _our_outcome(fast, responses, use_async, **params) == expected, responses


# The generated waiters against fakes.


def _thing(status: str) -> dict[str, Any]:
    return {"name": "n", "status": status}


def test_wait_returns_the_last_response_and_sleeps_the_configured_delay() -> None:
    script = _Script([{"things": [_thing("in-progress")]}] * 2 + [{"things": [_thing("ACTIVE")]}])
    sleeps: list[float] = []
    waiter = WAITERS["ThingsActive"](script, sleep=sleeps.append)
    assert waiter.wait(maxResults=10, WaiterConfig={"Delay": 1.5}) == {"things": [_thing("ACTIVE")]}
    assert sleeps == [1.5, 1.5]
    script = _Script([{"things": [_thing("in-progress")]}] * 2 + [{"things": [_thing("ACTIVE")]}])
    sleeps.clear()
    WAITERS["ThingsActive"](script, sleep=sleeps.append).wait()
    assert sleeps == [5, 5]  # the spec's delay


def test_attempts_run_out_with_the_spec_or_the_configured_maximum() -> None:
    pending = [{"things": [_thing("in-progress")]}]
    with pytest.raises(errors.WaiterAttemptsExceededError) as raised:
        WAITERS["ThingsActive"](_Script(pending), sleep=lambda _: None).wait()
    assert raised.value.attempts == 40
    assert raised.value.last_response == pending[0]
    assert isinstance(raised.value, errors.WaiterError)
    with pytest.raises(errors.WaiterAttemptsExceededError) as raised:
        WAITERS["ThingsActive"](_Script(pending), sleep=lambda _: None).wait(
            WaiterConfig={"MaxAttempts": 2}
        )
    assert raised.value.attempts == 2
    assert "ThingsActive" in str(raised.value)


def test_a_failure_state_raises_naming_the_acceptor() -> None:
    script = _Script([{"things": [_thing("ACTIVE"), _thing("off")]}])
    with pytest.raises(errors.WaiterFailureError, match="things\\[\\]\\.status") as raised:
        WAITERS["ThingsActive"](script, sleep=lambda _: None).wait()
    assert raised.value.attempts == 1
    assert raised.value.service_error is None


def test_an_error_no_acceptor_matches_fails_with_the_typed_error() -> None:
    script = _Script([{"Error": {"Code": "ValidationException", "Message": "bad"}}])
    with pytest.raises(errors.WaiterFailureError, match="ValidationException: bad") as raised:
        WAITERS["ThingsActive"](script, sleep=lambda _: None).wait()
    assert isinstance(raised.value.service_error, THING_ERRORS.ValidationException)
    assert isinstance(raised.value.__cause__, ClientError)


def test_error_matchers_accept_and_retry_errors() -> None:
    script = _Script([{"policy": {}}, {"Error": {"Code": "ResourceNotFoundException"}}])
    response = WAITERS["PolicyDeleted"](script, sleep=lambda _: None).wait(thingId="thing-1")
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(errors.WaiterFailureError) as raised:
        WAITERS["PolicyDeleted"](
            _Script([{"Error": {"Code": "InternalServerException"}}]), sleep=lambda _: None
        ).wait(thingId="thing-1")
    assert isinstance(raised.value.service_error, THING_ERRORS.InternalServerException)


def test_other_exceptions_and_expression_type_errors_propagate() -> None:
    def broken(**params: Any) -> dict[str, Any]:
        raise OSError("network down")

    with pytest.raises(OSError, match="network down"):
        WAITERS["ThingsActive"](broken).wait()
    spec = dataclasses.replace(
        WAITERS["ThingsActive"],
        acceptors=(waiters_runtime.Acceptor("success", "path", True, "length(missing) > `0`"),),
    )
    with pytest.raises(errors.ResponseParseError, match="length"):
        spec(_Script([{"things": []}])).wait()


def test_requests_and_waiter_config_are_validated_before_any_call() -> None:
    script = _Script([{"things": []}])
    with pytest.raises(errors.RequestValidationError) as raised:
        WAITERS["ThingsActive"](script).wait(
            maxResults=0,
            WaiterConfig={"Delay": -1, "MaxAttempts": True, "Other": 1},
        )
    assert {(issue.path, issue.rule) for issue in raised.value.issues} == {
        ("maxResults", "min"),
        ("WaiterConfig.Delay", "min"),
        ("WaiterConfig.MaxAttempts", "type"),
        ("WaiterConfig.Other", "unknown"),
    }
    with pytest.raises(errors.RequestValidationError, match="expected a mapping"):
        WAITERS["ThingsActive"](script).wait(WaiterConfig=[])  # type: ignore[arg-type]
    assert script.calls == 0


def test_async_waiter_awaits_the_call_and_the_injected_sleep() -> None:
    script = _Script([{"things": [_thing("in-progress")]}, {"things": [_thing("ACTIVE")]}])
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def main() -> Mapping[str, Any]:
        waiter = WAITERS["ThingsActive"].async_waiter(script.async_call, sleep=sleep)
        result: Mapping[str, Any] = await waiter.wait(WaiterConfig={"Delay": 2})
        return result

    assert asyncio.run(main()) == {"things": [_thing("ACTIVE")]}
    assert sleeps == [2]


def test_async_waiter_sleeps_with_asyncio_by_default() -> None:
    script = _Script([{"policy": {}}, {"Error": {"Code": "ResourceNotFoundException"}}])
    waiter = WAITERS["PolicyDeleted"].async_waiter(script.async_call)
    asyncio.run(waiter.wait(thingId="thing-1"))  # delay 0: asyncio.sleep(0)
    assert script.calls == 2


def test_every_service_has_a_waiters_mapping() -> None:
    from generated import bedrock

    assert dict(bedrock.WAITERS) == {}
    assert sorted(WAITERS) == ["PolicyDeleted", "ThingsActive"]
    assert WAITERS["ThingsActive"].documentation.startswith("Waits until every thing")


# A rest-json service with waiters (EKS, which imports whole), imported and generated, against
# botocore's own waiter model and Waiter.

EKS_MODEL = create_loader().load_service_model("eks", "waiters-2")
EKS_OPERATIONS = sorted({waiter["operation"] for waiter in EKS_MODEL["waiters"].values()})


@pytest.fixture(scope="module")
def eks(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("eks")
    (root / "specs").mkdir()
    (root / "specs" / "eks.yaml").write_text(import_service("eks", EKS_OPERATIONS))
    generate_package(root / "specs", root / "out", "eks_pkg")
    return load_services(root / "out", "eks_pkg", ("eks",))["eks"]


def test_the_import_keeps_every_waiter_of_the_operations_as_botocore_has_it() -> None:
    spec = build_spec("eks", EKS_OPERATIONS)
    assert len(spec["waiters"]) == len(EKS_MODEL["waiters"]) == 9
    for name, waiter in EKS_MODEL["waiters"].items():
        assert spec["waiters"][name] == {
            **({"documentation": waiter["description"]} if "description" in waiter else {}),
            "operation": waiter["operation"],
            "delay": waiter["delay"],
            "max_attempts": waiter["maxAttempts"],
            "acceptors": waiter["acceptors"],
        }
    # Only the waiters of the operations imported.
    assert list(build_spec("eks", ["DescribeAddon"])["waiters"]) == ["AddonActive", "AddonDeleted"]
    assert "waiters" not in build_spec("eks", ["ListClusters"])


def _eks_responses(operation: Any) -> st.SearchStrategy[dict[str, Any]]:
    errors = st.builds(
        lambda code, status: {
            "Error": {"Code": code, "Message": "m"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        st.sampled_from(["ResourceNotFoundException", "ServerException"]),
        st.sampled_from([404, 500]),
    )
    return st.one_of(operation.strategies.responses(), errors)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_generated_eks_waiters_decide_as_botocores_waiters(eks: Any, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(EKS_MODEL["waiters"])))
    spec = dataclasses.replace(eks.WAITERS[name], delay=0)
    responses = data.draw(st.lists(_eks_responses(spec.operation), min_size=1, max_size=5))
    max_attempts = data.draw(st.integers(1, 5))
    botocore_config = {**EKS_MODEL["waiters"][name], "delay": 0, "maxAttempts": max_attempts}
    ours = dataclasses.replace(spec, max_attempts=max_attempts)
    params = data.draw(spec.operation.strategies.requests())
    assert _our_outcome(ours, responses, False, **params) == _botocore_outcome(
        botocore_config, responses
    )


def test_a_waiter_outside_the_subset_is_refused_or_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = Loader.load_service_model

    def edited(self: Loader, service: str, kind: str, *args: Any) -> Any:
        data = original(self, service, kind, *args)
        if service == "eks" and kind == "waiters-2":
            data = copy.deepcopy(data)
            data["waiters"]["AddonActive"]["acceptors"][0]["argument"] = "addon | status"
        return data

    monkeypatch.setattr(Loader, "load_service_model", edited)
    message = (
        "service eks: waiter AddonActive acceptor 0: argument 'addon | status' at 6: '|' is not"
        " in the subset; the spec takes the JMESPath subset of botocore's waiter models"
    )
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("eks", ["DescribeAddon"])
    assert str(caught.value) == message
    notes: list[str] = []
    assert list(build_spec("eks", ["DescribeAddon"], notes=notes)["waiters"]) == ["AddonDeleted"]
    assert notes == [message.removeprefix("service eks: ") + "; the waiter is left out"]


def test_drift_names_waiters_added_removed_and_changed() -> None:
    spec = build_spec("eks", ["DescribeAddon"])
    model = copy.deepcopy(spec)
    model["waiters"]["AddonActive"]["delay"] = 99
    model["waiters"]["AddonReady"] = model["waiters"].pop("AddonDeleted")
    assert compare(spec, model) == [
        "waiter AddonActive: delay changed",
        "waiter AddonDeleted removed from botocore",
        "waiter AddonReady added in botocore",
    ]
    assert compare(spec, spec) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'argument: "things[].status", expected: ACTIVE',
            'argument: "things | status", expected: ACTIVE',
            "argument 'things | status' at 7: '|' is not in the subset; waiters take the JMESPath"
            " subset of botocore's waiter models (docs/spec-format.md)",
        ),
        ("operation: GetThingPolicy", "operation: GetThing", "operation 'GetThing' does not exist"),
        (
            "{state: retry, matcher: status, expected: 429}",
            "{state: retry, matcher: status, expected: 429, argument: status}",
            "waiters.ThingsActive.acceptors[4]: {'state': 'retry', 'matcher': 'status', 'expected':"
            " 429, 'argument': 'status'} should not be valid under {'required': ['argument']}",
        ),
    ],
)
def test_a_bad_waiter_is_a_located_spec_error(old: str, new: str, message: str) -> None:
    from generator.check import check
    from generator.load import load_text

    text = (PROJECT / "tests" / "golden" / "everything.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    edited = text.replace(old, new)
    loaded, problems = load_text(edited, "everything.yaml")
    assert problems == []
    found = check(loaded)
    assert [problem.message for problem in found] == [message]
    line = next(number for number, row in enumerate(edited.split("\n"), 1) if new in row)
    assert found[0].position.line == line
