"""Shared cast of the applications tests: applications ready for review, built through the
services; and for the rater and RS/C provider tests, an applicant of association alpha (of the
shared `two_associations`) with an application, a rater, and their link taken from the email."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.core.models import OutboundEmail
from dyad.testing.factories import make_user
from dyad.testing.portfolios import nearly_ifs


def three_raters_rated(application, applicant) -> None:
    """The applicant names three raters (an RS/C provider, a supervisor, a colleague), each of
    whom rates, through the services."""
    for n, role in enumerate(("rsc_provider", "supervisor", "colleague")):
        reference = services.request_reference(
            application=application,
            actor=applicant,
            name=f"Rater {n}",
            email=f"rater{n}@example.org",
            role=role,
        )
        services.record_reference_answer(reference=reference, status="rated")


def submit_ifs(association, coordinator, applicant=None):
    """An IFS application of a complete portfolio, three raters rated, fee paid, submitted."""
    applicant = applicant or make_user(display_name="Ana Applicant")
    nearly_ifs(applicant, rsc_hours=30)
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    three_raters_rated(application, applicant)
    if application.fee_status == "due":
        services.record_fee(application=application, actor=coordinator, status="paid")
    return services.submit_application(application=application, actor=applicant)


@pytest.fixture
def submit():
    return submit_ifs


LINK = re.compile(r"https?://[^/\s]+(/(r|rsc)/([a-z2-7]{24})/)")


def link_in(row: OutboundEmail) -> str:
    """The path of the link in a message (`/r/<token>/`)."""
    found = LINK.search(row.body)
    assert found, row.body
    return found.group(1)


def last_email_to(address: str) -> OutboundEmail:
    with scopes_disabled():
        return OutboundEmail.objects.filter(to=[address]).order_by("-pk").first()


def name_rater(application, *, email="rita@example.org", name="Rita Rater", language=None):
    reference = services.request_reference(
        application=application,
        actor=application.applicant,
        name=name,
        email=email,
        role="supervisor",
        language=language,
    )
    return reference, link_in(last_email_to(email))


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def application(two_associations):
    applicant = two_associations["applicant"]
    applicant.display_name = "Ana Applicant"
    applicant.save()
    return services.start_application(
        applicant=applicant, association=two_associations["alpha"]["association"], category="IFS"
    )


@pytest.fixture
def rater(application):
    """(reference, path of its link)"""
    return name_rater(application)
