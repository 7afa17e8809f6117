"""Property-based run of the JSON API against its own OpenAPI document (schemathesis).

Every operation is called with generated valid and invalid input: no response may be a server
error, and every response must match the status codes and schemas the document declares.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from opencus.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request; inside a test that would
    close the connection holding the test's transaction (PostgreSQL). Django's test client
    disconnects the same receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db: None) -> None:
    """A small published catalogue, so that list and detail calls have something to return."""
    from tests.catalog.factories import ProgrammeServiceFactory

    ProgrammeServiceFactory.create_batch(3)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case: schemathesis.Case, catalogue: None) -> None:
    case.call_and_validate()
