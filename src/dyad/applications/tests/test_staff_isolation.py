"""Tenant isolation of the association's application pages: every page against every visitor,
on GET and POST. Only alpha's coordinator sees alpha's pipeline and applications; the reviews
list is for alpha's reviewers and coordinator; a review page only for the reviewer assigned."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications import reviewing, states
from dyad.applications.models import Application, Assignment
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(two_associations, submit):
    alpha = two_associations["alpha"]
    application = submit(alpha["association"], alpha["coordinator"])
    assignment = reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    return {"application": application, "assignment": assignment}


def pages(case):
    application, assignment = case["application"], case["assignment"]
    return {
        "pipeline": (reverse("pipeline:list", args=["alpha"]), {("alpha", "coordinator")}),
        "application": (
            reverse("pipeline:application", args=["alpha", application.pk]),
            {("alpha", "coordinator")},
        ),
        "reviews": (
            reverse("pipeline:reviews", args=["alpha"]),
            {("alpha", "coordinator"), ("alpha", "reviewer")},
        ),
        "review": (
            reverse("pipeline:review", args=["alpha", assignment.pk]),
            {("alpha", "reviewer")},
        ),
    }


@pytest.mark.parametrize("page", ["pipeline", "application", "reviews", "review"])
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_application_pages_matrix(client, two_associations, case, page, who, role):
    url, allowed = pages(case)[page]
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == (200 if (who, role) in allowed else 404)


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_but_alphas_coordinator_decides(client, two_associations, case, who, role):
    application = case["application"]
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    url = reverse("pipeline:application", args=["alpha", application.pk])
    response = client.post(url, {"action": "decide", "decision": "deny", "reason": "Taken"})
    with scopes_disabled():
        state = Application.objects.get(pk=application.pk).state
    if (who, role) == ("alpha", "coordinator"):
        assert response.status_code == 302 and state == states.DENIED
    else:
        assert response.status_code == 404 and state == states.IN_REVIEW


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_but_the_assigned_reviewer_recommends(client, two_associations, case, who, role):
    assignment = case["assignment"]
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    url = reverse("pipeline:review", args=["alpha", assignment.pk])
    response = client.post(url, {"action": "conflict", "reason": "Taken"})
    with scopes_disabled():
        state = Assignment.objects.get(pk=assignment.pk).state
    if (who, role) == ("alpha", "reviewer"):
        assert response.status_code == 302 and state == Assignment.State.CONFLICT
    else:
        assert response.status_code == 404 and state == Assignment.State.ASSIGNED


def test_betas_coordinator_cannot_reach_alphas_application_through_betas_address(
    client, two_associations, case
):
    client.force_login(two_associations["beta"]["coordinator"])
    url = reverse("pipeline:application", args=["beta", case["application"].pk])
    assert client.get(url).status_code == 404
