"""Applications ready for review, built through the services."""

from __future__ import annotations

import pytest

from dyad.applications import services
from dyad.testing.factories import make_user
from dyad.testing.portfolios import nearly_ifs


def submit_ifs(association, coordinator, applicant=None):
    """An IFS application of a complete portfolio, three raters rated, fee paid, submitted."""
    applicant = applicant or make_user(display_name="Ana Applicant")
    nearly_ifs(applicant, rsc_hours=30)
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    for n, role in enumerate(("rsc_provider", "supervisor", "colleague")):
        reference = services.request_reference(
            application=application,
            actor=applicant,
            name=f"Rater {n}",
            email=f"rater{n}@example.org",
            role=role,
        )
        services.record_reference_answer(reference=reference, status="rated")
    if application.fee_status == "due":
        services.record_fee(application=application, actor=coordinator, status="paid")
    return services.submit_application(application=application, actor=applicant)


@pytest.fixture
def submit():
    return submit_ifs
