"""The association's page of an application's references: each rater's progress and, once
answered, the scores in words and the comments; the same number of queries for 2 raters or 12."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications.models import Reference, ReferenceRating

from .conftest import name_rater
from .test_rater_form import full_rating

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_an_assigned_reviewer_reads_the_scores_in_words(client, alpha, submit):
    from dyad.applications import reviewing
    from dyad.testing.factories import make_staff

    application = submit(alpha["association"], alpha["coordinator"])
    assignment = reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    with scopes_disabled():
        reference = Reference.objects.filter(application=application).first()
        ReferenceRating.objects.create(
            reference=reference,
            scores={"value_relationships": "4", "value_confidentiality": "not_observed"},
            comments="Listens first.",
        )
    url = reverse("raters:application_references", args=["alpha", application.pk])
    client.force_login(make_staff(alpha["association"], "reviewer"))
    assert client.get(url).status_code == 404  # a reviewer not assigned to it
    client.force_login(alpha["reviewer"])
    review = client.get(reverse("pipeline:review", args=["alpha", assignment.pk]))
    assert f'href="{url}"' in review.content.decode()  # "What the raters said"
    page = client.get(url).content.decode()
    cell = '</dt><dd class="col-sm-4">'
    assert f"Puts relationships at the center of the work{cell}4 Very good" in page
    assert f"Keeps what families share private{cell}Not observed" in page
    assert "Listens first." in page
    assert "Send again" not in page  # reviewers see, coordinators act


def test_an_application_without_raters_says_so(client, alpha, application):
    client.force_login(alpha["coordinator"])
    page = client.get(
        reverse("raters:application_references", args=["alpha", application.pk])
    ).content.decode()
    assert "The applicant has not named any rater yet." in page


def test_the_page_takes_the_same_queries_for_2_or_12_raters(client, alpha, application):
    url = reverse("raters:application_references", args=["alpha", application.pk])
    client.force_login(alpha["coordinator"])
    for n in range(2):
        _reference, path = name_rater(application, email=f"r{n}@example.org")
        client.post(path, full_rating())
    few = queries_for(client, url)
    for n in range(2, 12):
        _reference, path = name_rater(application, email=f"r{n}@example.org")
        if n % 2:
            client.post(path, full_rating())
    assert queries_for(client, url) == few


def test_the_application_page_links_to_the_references(client, alpha, application, rater):
    client.force_login(alpha["coordinator"])
    page = client.get(reverse("pipeline:application", args=["alpha", application.pk]))
    url = reverse("raters:application_references", args=["alpha", application.pk])
    assert f'href="{url}"' in page.content.decode()
