"""The cast of the rater and RS/C provider tests: an applicant of association alpha (of the
shared `two_associations`) with an application, a rater, and their link taken from the email."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.core.models import OutboundEmail

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
