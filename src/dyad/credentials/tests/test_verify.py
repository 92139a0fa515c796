"""The public verification page: /verify/<number>."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement, grace_days
from dyad.credentials.services import (
    correct_endorsement,
    reinstate_endorsement,
    revoke_endorsement,
)
from dyad.testing.factories import make_association, make_endorsement

pytestmark = pytest.mark.django_db


def day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def text_of(response) -> str:
    """The page's words, without tags or repeated spaces, as a person reads them."""
    html = response.content.decode()
    html = re.sub(r"<(script|head)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(time|strong|span|a)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def verify(client, number):
    return client.get(reverse("credentials:verify", kwargs={"number": number}))


@pytest.fixture
def alpha():
    return make_association("alpha", name="Alpha Association for Infant Mental Health")


def test_an_active_credential_says_until_when(client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", "IMHS", number="AL-1")
    text = text_of(verify(client, "AL-1"))
    assert f"Active until {day(endorsement.expires)}." in text
    assert "Nia Thompson" in text
    assert "Infant Mental Health Specialist (IMHS), Infant Mental Health Endorsement®" in text
    assert "Alpha Association for Infant Mental Health" in text
    assert "In force" in text


def test_one_past_its_expiry_says_it_is_in_its_grace_period_and_until_when(client, alpha):
    today = timezone.localdate()
    expires = today - timedelta(days=10)
    make_endorsement(alpha, "Nia Thompson", "IMHS", number="AL-1", expires=expires)
    text = text_of(verify(client, "AL-1"))
    last_day = expires + timedelta(days=grace_days()["IMHS"])
    assert f"in its grace period since {day(expires + timedelta(days=1))}" in text
    assert f"still counts until {day(last_day)}" in text
    assert "In force" in text


def test_a_lapsed_one_says_on_which_day_it_lapsed(client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", "IFS", number="AL-1", status="lapsed")
    lapsed_on = endorsement.expires + timedelta(days=grace_days()["IFS"] + 1)
    text = text_of(verify(client, "AL-1"))
    assert f"Lapsed on {day(lapsed_on)}" in text
    assert "Not in force" in text


def test_one_whose_grace_period_ended_reads_as_lapsed_before_the_lapse_is_recorded(client, alpha):
    expires = timezone.localdate() - timedelta(days=grace_days()["IMHS"] + 5)
    make_endorsement(alpha, "Nia Thompson", "IMHS", number="AL-1", expires=expires)
    text = text_of(verify(client, "AL-1"))
    assert "Lapsed on" in text and "Not in force" in text


def test_a_revoked_one_says_when_and_why(client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", number="AL-1")
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Practice outside the code of ethics")
    text = text_of(verify(client, "AL-1"))
    today = timezone.localdate()
    assert f"Revoked on {day(today)}. Reason: Practice outside the code of ethics" in text
    assert "Not in force" in text


def test_the_history_lists_each_change_dated_in_plain_words(client, alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", "IMHS", number="AL-1")
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Granted in error")
        reinstate_endorsement(endorsement=endorsement, reason="Checked again")
        correct_endorsement(
            endorsement=endorsement, holder_name="Nia R. Thompson", reason="Middle initial"
        )
    text = text_of(verify(client, "AL-1"))
    today = day(timezone.localdate())
    assert f"{today}: Endorsement AL-1 (IMHS) granted, valid until" in text
    assert f"{today}: Endorsement AL-1 (IMHS) revoked: Granted in error" in text
    assert f"{today}: Endorsement AL-1 (IMHS) reinstated" in text
    assert f"{today}: Endorsement AL-1 (IMHS) corrected and reissued" in text
    # The reason for a correction stays with staff; the page shows the corrected name.
    assert "Middle initial" not in text
    assert "Nia R. Thompson" in text
    assert text.index("granted") < text.index("revoked:") < text.index("reinstated")


def test_it_links_to_the_check_of_a_credential_file(client, alpha):
    make_endorsement(alpha, "Nia Thompson", number="AL-1")
    assert 'href="/verify/file/"' in verify(client, "AL-1").content.decode()


def test_an_unknown_number_is_a_clear_404(client, alpha):
    response = verify(client, "NO-SUCH-1")
    assert response.status_code == 404
    text = text_of(response)
    assert "Credential not found" in text
    assert "No credential has the number NO-SUCH-1" in text


def test_a_number_with_a_slash_or_odd_characters_is_not_found(client, alpha):
    assert client.get("/verify/AL-1%3Cb%3E").status_code == 404
    assert client.get("/verify/..%2Fadmin").status_code == 404


def test_it_needs_no_sign_in_and_reads_across_associations(client, alpha):
    beta = make_association("beta")
    make_endorsement(beta, "Omar Haddad", number="BE-2")
    response = verify(client, "BE-2")
    assert response.status_code == 200
    assert "Omar Haddad" in response.content.decode()


def test_search_engines_are_asked_not_to_index_it(client, alpha):
    make_endorsement(alpha, "Nia Thompson", number="AL-1")
    assert '<meta name="robots" content="noindex">' in verify(client, "AL-1").content.decode()


def test_it_only_answers_reads(client, alpha):
    make_endorsement(alpha, "Nia Thompson", number="AL-1")
    url = reverse("credentials:verify", kwargs={"number": "AL-1"})
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("changes", [0, 12])
def test_the_query_count_does_not_grow_with_the_history(
    client, alpha, changes, django_assert_num_queries
):
    endorsement = make_endorsement(alpha, "Nia Thompson", number="AL-1")
    with scopes_disabled():
        for n in range(changes // 2):
            revoke_endorsement(endorsement=endorsement, reason=f"Reason {n}")
            reinstate_endorsement(endorsement=endorsement, reason="Checked")
    # The endorsement with its association, then its events.
    with django_assert_num_queries(2):
        response = verify(client, "AL-1")
    assert response.content.decode().count("reinstated") == changes // 2


def test_the_status_word_is_stored_only_as_the_services_leave_it(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", number="AL-1")
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Error")
        revoked = Endorsement.objects.get(pk=endorsement.pk)
        reinstate_endorsement(endorsement=endorsement, reason="Fixed")
        reinstated = Endorsement.objects.get(pk=endorsement.pk)
    assert (revoked.revoked_on, revoked.revocation_reason) == (timezone.localdate(), "Error")
    assert (reinstated.revoked_on, reinstated.revocation_reason) == (None, "")
