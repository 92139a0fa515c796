"""In a browser: the registry lists who is endorsed today, grace period included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dyad.credentials.models import Endorsement
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expired(association, name, days_ago):
    expires = timezone.localdate() - timedelta(days=days_ago)
    return make_endorsement(
        association, name, granted=expires - timedelta(days=365), expires=expires
    )


@pytest.fixture
def world(db):
    alpha = make_association("alpha")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C")
    expired(alpha, "Grace Kowalski", 30)
    expired(alpha, "Dana Reyes", 120)
    make_endorsement(alpha, "Chris Bell", status=Endorsement.Status.REVOKED)
    return alpha


@pytest.mark.parametrize("width", [1280, 390])
def test_the_registry_shows_only_endorsements_in_force(page, world, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/registry/")
    results = page.locator("#registry-results")
    results.get_by_text("Grace Kowalski").wait_for()
    text = results.inner_text()
    assert "Nia Thompson" in text
    assert "Dana Reyes" not in text and "Chris Bell" not in text
    assert "2 active endorsements" in text
    axe_check(page)
    page.get_by_label("Name, number or category").fill("dana")
    results.get_by_text("No active endorsement matches your search").wait_for()


def test_an_admin_revokes_an_endorsement_and_it_leaves_the_registry(page, world, sign_in_as):
    sign_in_as(make_user(is_staff=True, is_superuser=True, is_alliance_admin=True, mfa=True))
    page.goto("/admin/credentials/endorsement/")
    page.get_by_role("row", name="Nia Thompson").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("revoke")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Reason (kept in the endorsement's history)").fill("ethics board")
    page.get_by_role("button", name="Revoke the selected endorsements").click()
    page.get_by_text("1 endorsement changed.").wait_for()
    page.goto("/registry/")
    page.locator("#registry-results").get_by_text("Grace Kowalski").wait_for()
    assert "Nia Thompson" not in page.locator("#registry-results").inner_text()
