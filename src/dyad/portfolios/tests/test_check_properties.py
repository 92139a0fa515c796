"""The public page answers every file with a plan or a clear error (hypothesis)."""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.standards.tests.schema_strategies import damaged_documents, json_values, schema_documents

pytestmark = pytest.mark.django_db


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(schema_documents(), damaged_documents(), json_values))
def test_the_page_answers_any_json_with_a_plan_or_a_clear_error(document):
    cache.clear()  # every example is a first visit, not the 21st within the rate limit
    data = json.dumps(document).encode()
    upload = SimpleUploadedFile("p.json", data, content_type="application/json")
    response = Client().post(
        reverse("portfolios:check"), {"portfolio": upload, "as_of": "2026-06-30"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Results for" in html) != ('id="id_portfolio-errors"' in html)
