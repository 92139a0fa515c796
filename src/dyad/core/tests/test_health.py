"""The health check answers for load balancers without a session."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}
