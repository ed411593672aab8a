"""A property-based fuzz of the REST API from its own OpenAPI schema (schemathesis), against a real server.

Every operation gets generated requests, valid and invalid by the schema; none may be answered with a 5xx,
and every answer must match what the schema documents for it. The operations are driven with Hypothesis
directly (`as_strategy`): schemathesis' pytest plugin does not run under this pytest version.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from conftest import copy_db, newsloom_server

# A schema-valid article can still be no article (an empty page, three words): that is a 422 with the reason,
# which is what 422 means, so the check that every schema-valid request gets a 2xx is left out.
EXAMPLES = 40
"""Generated requests per operation and generation mode: enough to find a crash, small enough for CI."""


@pytest.fixture(scope="module")
def api_schema(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    db = copy_db(corpus_db, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    with newsloom_server(db) as server:
        yield schemathesis.openapi.from_url(f"{server.base}/openapi.json")


OPERATIONS = ["POST /api/articles", "GET /api/stories", "GET /api/stories/{story_id}", "GET /api/articles/{article_id}",
              "GET /api/search", "GET /healthz"]  # fmt: skip


def test_the_schema_documents_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    found = {f"{op.method.upper()} {op.path}" for op in (result.ok() for result in api_schema.get_all_operations())}
    assert found == set(OPERATIONS)


CASES = [(label, schemathesis.GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, schemathesis.GenerationMode.NEGATIVE)
    for label in OPERATIONS
    if label != "GET /healthz"  # nothing to get wrong
]


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_no_request_gets_a_server_error(api_schema: schemathesis.BaseSchema, label: str, mode: schemathesis.GenerationMode) -> None:
    method, path = label.split(" ")
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def exercise(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    exercise()
