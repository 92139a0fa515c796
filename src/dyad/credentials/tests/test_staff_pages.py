"""Coordinators' pages for their association's endorsements: find, revoke, reinstate, correct."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement, grace_days
from dyad.testing.factories import make_endorsement
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db


def detail_url(number="AL-1", slug="alpha"):
    return reverse("credentials:staff_detail", kwargs={"slug": slug, "number": number})


def list_url(slug="alpha"):
    return reverse("credentials:staff_list", kwargs={"slug": slug})


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def endorsement(alpha):
    return make_endorsement(alpha["association"], "Nia Thompson", "IMHS", number="AL-1")


@pytest.fixture
def coordinator(client, alpha):
    client.force_login(alpha["coordinator"])
    return client


def fresh(endorsement):
    with scopes_disabled():
        return Endorsement.objects.get(pk=endorsement.pk)


def events(endorsement, verb):
    with scopes_disabled():
        return Event.objects.filter(subject_id=str(endorsement.pk), verb=verb).count()


def test_revoking_needs_a_reason_shown_next_to_the_field(coordinator, endorsement):
    response = coordinator.post(detail_url(), {"action": "revoke", "revoke-reason": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_revoke-reason-errors"' in html
    assert fresh(endorsement).status == "active"


def test_revoking_shows_on_the_verification_page_with_the_reason(client, coordinator, endorsement):
    response = coordinator.post(
        detail_url(), {"action": "revoke", "revoke-reason": "Licence withdrawn by the state"}
    )
    assert response.status_code == 302
    assert fresh(endorsement).status == "revoked"
    public = client.get(reverse("credentials:verify", kwargs={"number": "AL-1"}))
    assert "Reason: Licence withdrawn by the state" in public.content.decode()


def test_two_clicks_revoke_once(coordinator, endorsement):
    for _ in range(2):
        coordinator.post(detail_url(), {"action": "revoke", "revoke-reason": "Error"})
    assert events(endorsement, "endorsement.revoked") == 1


def test_reinstating_puts_it_back_in_force(coordinator, endorsement):
    coordinator.post(detail_url(), {"action": "revoke", "revoke-reason": "Error"})
    response = coordinator.post(
        detail_url(), {"action": "reinstate", "reinstate-reason": "Checked again"}
    )
    assert response.status_code == 302
    assert fresh(endorsement).status == "active"
    page = coordinator.get(detail_url()).content.decode()
    assert "Active until" in page
    assert "reinstated" in page


def test_reinstating_after_the_grace_period_asks_for_a_new_expiry_date(coordinator, alpha):
    old = timezone.localdate() - timedelta(days=grace_days()["IMHS"] + 40)
    endorsement = make_endorsement(
        alpha["association"], "Old Lapse", "IMHS", number="AL-2", status="lapsed", expires=old
    )
    response = coordinator.post(
        detail_url("AL-2"), {"action": "reinstate", "reinstate-reason": "Renewed late"}
    )
    html = response.content.decode()
    assert 'id="id_reinstate-expires-errors"' in html
    assert "give a new expiry date" in html
    assert fresh(endorsement).status == "lapsed"
    new = (timezone.localdate() + timedelta(days=365)).isoformat()
    coordinator.post(
        detail_url("AL-2"),
        {"action": "reinstate", "reinstate-reason": "Renewed late", "reinstate-expires": new},
    )
    assert fresh(endorsement).status == "active"


def test_correcting_the_name_reissues_and_keeps_what_was_typed_on_error(coordinator, endorsement):
    response = coordinator.post(
        detail_url(), {"action": "correct", "correct-holder_name": "Nia R. Thompson"}
    )
    html = response.content.decode()
    assert 'id="id_correct-reason-errors"' in html
    assert 'value="Nia R. Thompson"' in html
    assert fresh(endorsement).holder_name == "Nia Thompson"
    for _ in range(2):
        coordinator.post(
            detail_url(),
            {
                "action": "correct",
                "correct-holder_name": "Nia R. Thompson",
                "correct-reason": "Middle initial missing",
            },
        )
    assert fresh(endorsement).holder_name == "Nia R. Thompson"
    assert events(endorsement, "endorsement.corrected") == 1
    page = coordinator.get(detail_url()).content.decode()
    assert "corrected and reissued" in page
    assert "Middle initial missing" in page  # staff see the reason; the public page does not


def test_an_unknown_action_is_404(coordinator, endorsement):
    assert coordinator.post(detail_url(), {"action": "delete"}).status_code == 404


def test_the_list_finds_by_name_or_number_and_says_what_to_do_when_empty(coordinator, alpha):
    make_endorsement(alpha["association"], "Nia Thompson", number="AL-1")
    make_endorsement(alpha["association"], "Omar Haddad", number="AL-2")
    html = coordinator.get(list_url(), {"q": "nia"}).content.decode()
    assert "Nia Thompson" in html and "Omar Haddad" not in html
    html = coordinator.get(list_url(), {"q": "AL-2"}).content.decode()
    assert "Omar Haddad" in html and "Nia Thompson" not in html
    assert "No endorsement matches" in coordinator.get(list_url(), {"q": "zzz"}).content.decode()


def test_an_association_with_no_endorsements_says_so(coordinator):
    assert "has granted no endorsement yet" in coordinator.get(list_url()).content.decode()


@pytest.mark.parametrize("count", [2, 60])
def test_the_lists_query_count_does_not_grow(
    coordinator, alpha, count, django_assert_max_num_queries
):
    for n in range(count):
        make_endorsement(alpha["association"], f"Person {n:03d}", number=f"AL-{n}")
    with django_assert_max_num_queries(8):
        response = coordinator.get(list_url())
    assert response.content.decode().count("/a/alpha/credentials/AL-") == min(count, 50)


@pytest.mark.parametrize("page", ["list", "detail"])
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_associations_coordinators_see_its_endorsement_pages(
    client, two_associations, endorsement, page, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(list_url() if page == "list" else detail_url())
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_associations_coordinators_can_revoke(
    client, two_associations, endorsement, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    client.post(detail_url(), {"action": "revoke", "revoke-reason": "Taken over"})
    allowed = who == "alpha" and role == "coordinator"
    assert fresh(endorsement).status == ("revoked" if allowed else "active")


def test_another_associations_endorsement_is_404_from_your_own_pages(client, two_associations):
    make_endorsement(two_associations["beta"]["association"], "Omar", number="BE-1")
    client.force_login(two_associations["alpha"]["coordinator"])
    assert client.get(detail_url("BE-1")).status_code == 404
    response = client.post(detail_url("BE-1"), {"action": "revoke", "revoke-reason": "x"})
    assert response.status_code == 404


def test_the_credential_pages_render_nothing_the_csp_forbids(client, two_associations):
    from dyad.core.tests.test_csp import problems

    holder = two_associations["applicant"]
    make_endorsement(two_associations["alpha"]["association"], "Nia", number="AL-1", holder=holder)
    client.force_login(two_associations["alpha"]["coordinator"])
    pages = [list_url(), detail_url(), "/verify/AL-1", "/verify/NOPE"]
    for url in pages:
        assert not problems(client.get(url)), url
    client.force_login(holder)
    assert not problems(client.get(reverse("credentials:mine")))
