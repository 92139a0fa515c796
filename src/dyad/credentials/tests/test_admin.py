"""The admin site shows endorsements and changes their state only through the services."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.testing.factories import make_association, make_endorsement

pytestmark = pytest.mark.django_db

Status = Endorsement.Status
CHANGELIST = reverse("admin:credentials_endorsement_changelist")


@pytest.fixture
def alpha():
    return make_association("alpha")


def stored(endorsement):
    with scopes_disabled():
        return Endorsement.objects.get(pk=endorsement.pk)


def days_ago(**days):
    """Dates of an endorsement so many days before today: `days_ago(expires=30, granted=900)`."""
    today = timezone.localdate()
    return {name: today - timedelta(days=n) for name, n in days.items()}


def act(client, action, endorsements, **form):
    data = {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in endorsements], **form}
    return client.post(CHANGELIST, data, follow=True)


def test_the_change_form_shows_the_record_without_fields_to_edit(admin_client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", county="Kent County", state="MI")
    url = reverse("admin:credentials_endorsement_change", args=[endorsement.pk])
    html = admin_client.get(url).content.decode()
    assert "Nia Thompson" in html and "Kent County" in html
    assert 'name="status"' not in html and 'name="expires"' not in html
    assert 'name="revocation_reason"' not in html and 'name="revoked_on"' not in html
    assert 'name="county"' not in html and 'name="state"' not in html
    admin_client.post(url, {"status": "revoked", "expires": "2030-01-01", "county": "Elsewhere"})
    assert stored(endorsement).status == Status.ACTIVE
    assert stored(endorsement).county == "Kent County"


def test_endorsements_cannot_be_added_or_deleted_in_the_admin(admin_client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson")
    assert admin_client.get(reverse("admin:credentials_endorsement_add")).status_code == 403
    url = reverse("admin:credentials_endorsement_delete", args=[endorsement.pk])
    assert admin_client.get(url).status_code == 403


def test_revoking_asks_why_then_records_who_and_why(admin_client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson")
    page = act(admin_client, "revoke", [endorsement]).content.decode()
    assert 'name="reason"' in page and endorsement.number in page
    assert stored(endorsement).status == Status.ACTIVE  # nothing happens before the reason

    page = act(admin_client, "revoke", [endorsement], apply="1", reason="ethics board").content
    assert "1 endorsement changed." in page.decode()
    assert stored(endorsement).status == Status.REVOKED
    with scopes_disabled():
        event = Event.objects.filter(verb="endorsement.revoked").get()
    assert (event.actor, event.reason, event.association) == (
        admin_client.person,
        "ethics board",
        alpha,
    )


def test_a_refused_change_is_reported_by_number_and_state(admin_client, alpha):
    revoked = make_endorsement(alpha, "Omar Haddad", status=Status.REVOKED)
    expired = make_endorsement(alpha, "Nia Thompson", **days_ago(expires=120, granted=1200))
    html = act(admin_client, "lapse", [revoked, expired], apply="1").content.decode()
    assert revoked.number in html and "revoked" in html
    assert "1 endorsement changed." in html
    assert (stored(revoked).status, stored(expired).status) == (Status.REVOKED, Status.LAPSED)


def test_lapsing_one_still_in_force_is_refused_with_the_day_it_stays_in_force_until(
    admin_client, alpha
):
    in_grace = make_endorsement(alpha, "Dana Reyes", **days_ago(expires=30, granted=1200))
    html = act(admin_client, "lapse", [in_grace], apply="1", reason="no renewal").content.decode()
    last_day = timezone.localdate() + timedelta(days=60)
    assert f"{in_grace.number} is still in force until {last_day.isoformat()}" in html
    assert "revoke it instead" in html
    assert "endorsement changed" not in html
    assert stored(in_grace).status == Status.ACTIVE
    with scopes_disabled():
        assert not Event.objects.filter(verb="endorsement.lapsed").exists()


def test_reinstating_takes_a_new_expiry_date_and_refuses_one_that_does_not_exist(
    admin_client, alpha
):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.LAPSED)
    html = act(
        admin_client, "reinstate", [endorsement], apply="1", expires="2028-02-30"
    ).content.decode()
    assert "a day that exists" in html
    assert stored(endorsement).status == Status.LAPSED

    renewed = timezone.localdate() + timedelta(days=365)
    act(admin_client, "reinstate", [endorsement], apply="1", expires=str(renewed), reason="paid")
    assert stored(endorsement).status == Status.ACTIVE
    assert stored(endorsement).expires == renewed


def test_people_who_are_not_admin_site_staff_are_sent_to_sign_in(client, two_associations):
    make_endorsement(two_associations["alpha"]["association"], "Nia Thompson")
    for who in ("coordinator", "reviewer", "exam_scorer"):
        client.force_login(two_associations["alpha"][who])
        response = client.get(CHANGELIST)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(two_associations["applicant"])
    assert client.get(CHANGELIST).status_code == 302
    client.logout()
    assert client.get(CHANGELIST).status_code == 302


def test_reinstating_an_active_endorsement_says_nothing_changed(admin_client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson")
    html = act(admin_client, "reinstate", [endorsement], apply="1").content.decode()
    assert f"{endorsement.number} was already active: nothing changed." in html
    assert "endorsement changed" not in html
    with scopes_disabled():
        assert not Event.objects.filter(verb="endorsement.reinstated").exists()


def test_the_list_says_which_endorsements_are_in_force_today(admin_client, alpha):
    today = timezone.localdate()
    make_endorsement(alpha, "Nia Thompson")
    make_endorsement(
        alpha,
        "Dana Reyes",
        granted=today - timedelta(days=500),
        expires=today - timedelta(days=91),
    )
    html = admin_client.get(CHANGELIST).content.decode()
    rows = {name: row for row in html.split("<tr") for name in ("Nia", "Dana") if name in row}
    assert 'alt="True"' in rows["Nia"]
    assert 'alt="False"' in rows["Dana"]
