"""A bounded schemathesis run over the demo data: every check, not only "no 5xx".

One test per operation of the OpenAPI schema; Hypothesis is derandomized (the same cases on every
run) and bounded (``MAX_EXAMPLES`` per operation).  Uploads are generated too: they meet the token
check (the upload flow itself is tested in test_uploads.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from kg.settings import Settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 25


def _operations() -> list[str]:
    """The operations' labels, from the schema alone (no data is opened to build it)."""
    spec = create_app(Settings(data_dir=Path("/nonexistent-yiju-data"))).openapi()
    return [f"{method.upper()} {path}" for path, methods in spec["paths"].items() for method in methods]


@pytest.fixture(scope="module")
def api_schema(demo_service: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(demo_service.settings, demo_service))


@pytest.mark.parametrize("label", _operations())
def test_every_operation_conforms_to_its_schema(api_schema: Any, label: str) -> None:
    method, path = label.split(" ", 1)
    operation = api_schema[path][method.lower()]
    calls = []

    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def run(case: Any) -> None:
        calls.append(case.call_and_validate(checks=CHECKS).status_code)

    run()
    assert calls, label
