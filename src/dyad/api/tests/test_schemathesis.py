"""Schemathesis draws requests from the OpenAPI document for every endpoint (a bounded number
each): no answer is a 500 and every answer matches the document (status, content type, schema),
with a key of association A that may write, and without one."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from dyad.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

EXAMPLES = 12


@pytest.fixture
def lifted_limits(settings):
    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "api_public": {"address": "100000/m", "account": "100000/m"},
    }


@pytest.fixture
def connection_kept():
    """Requests go through the WSGI application itself, which closes the database connection
    when a request ends (and with it the test's transaction, on PostgreSQL); Django's test
    client disconnects that handler the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_document(case, api_world, lifted_limits, connection_kept):
    # Left out: "every schema-valid request is accepted". A cursor is opaque (a string the API
    # gave), so one the API never gave is schema-valid yet refused, with a 422 naming it.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_world['keys']['a_write']}"},
        excluded_checks=[positive_data_acceptance],
    )
