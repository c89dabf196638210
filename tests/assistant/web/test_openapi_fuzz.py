"""A short schemathesis run in the test suite (benchmarks/fuzz.py runs >= 1,000 cases): no server
error and no response that contradicts the OpenAPI document, admin API included."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assistant import create_app
from index.embedder import HashingEmbedder

KEY = "fuzz-sleutel"


@pytest.fixture(scope="module")
def api_schema(hashing_index_dir, tmp_path_factory):
    app = create_app({"TESTING": True, "INDEX_DIR": str(hashing_index_dir), "RATE_LIMIT": "off", "ADMIN_KEY": KEY,
                      "DATA_DIR": str(tmp_path_factory.mktemp("fuzz-data")), "EMBEDDER": HashingEmbedder()})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_api_keeps_to_its_openapi_document(api_schema):
    tested = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/admin/reindex":
            continue  # a rebuild per case would only add minutes; test_admin covers it
        # Random bytes are never a valid regulation: the schema cannot say so, the server answers 400.
        excluded = [positive_data_acceptance] if operation.path == "/api/admin/import" else []

        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, excluded_checks=excluded)

        check()
        tested.append(operation.path)
    assert "/api/chat/stream" in tested and "/api/admin/import" in tested
