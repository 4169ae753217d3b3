"""Every service of the pinned botocore: imported whole, or refused in the words of its model.

The walk takes about 30 s of CPU, on two processes (`python -m tests.botocore_census` prints the
census with its time).
"""

from __future__ import annotations

import re
import time

from botocore.loaders import Loader

from tests.botocore_census import reason, report, walk

# What a refusal is about, right after the service it names.
_SUBJECT = re.compile(r"service (?P<service>[^:\s]+): (protocol|metadata|model|shape|operation) ")


def test_every_service_imports_whole_or_is_refused_clearly() -> None:
    start = time.perf_counter()
    outcomes = walk()
    print(report(outcomes, time.perf_counter() - start))
    assert [outcome.service for outcome in outcomes] == Loader().list_available_services(
        "service-2"
    )
    assert [(outcome.service, outcome.crash) for outcome in outcomes if outcome.crash] == []
    for outcome in outcomes:
        # A whole spec (which `build_spec` has run through `check`) or a refusal, never both.
        assert outcome.imported == (outcome.refusal is None), outcome
        if outcome.refusal is not None:
            subject = _SUBJECT.match(outcome.refusal)
            assert subject is not None, outcome.refusal
            assert subject["service"] == outcome.service
    imported = {outcome.service for outcome in outcomes if outcome.imported}
    assert {"bedrock", "cleanroomsml"} <= imported
    # json, and smithy-rpc-v2-cbor that botocore speaks json to.
    assert {"bedrock-data-automation-runtime", "transcribe"} <= imported


def test_census_groups_refusals_by_what_is_unsupported() -> None:
    assert reason(
        "service amp: shape ListScrapersRequest member filters is bound to location 'querystring'"
    ) == ("service …: shape … member … is bound to location 'querystring'")
    assert reason("service x: shape A member b travels in the JSON body as 'c'") == (
        "service …: shape … member … travels in the JSON body as '…'"
    )
    assert reason("service x: protocol 'json' (every operation is a POST)") == (
        "service …: protocol 'json' (every operation is a POST)"
    )
