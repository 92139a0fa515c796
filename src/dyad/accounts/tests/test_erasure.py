"""Erasing a person: a pseudonym everywhere but the credential record; the log still reads."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.accounts.services import erase_person
from dyad.associations.services import add_staff_member
from dyad.core.errors import DyadError
from dyad.core.events import describe, history
from dyad.core.models import Event, OutboundEmail
from dyad.testing.factories import PASSWORD, make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha = make_association("alpha")
    ana = make_user("ana@example.org", mfa=True)
    ana.display_name, ana.first_name, ana.last_name = "Ana Ruiz", "Ana", "Ruiz"
    ana.save()
    EmailAddress.objects.create(user=ana, email="ana.ruiz@work.example.org", verified=True)
    coordinator = make_user(is_alliance_admin=True, is_staff=True, is_superuser=True, mfa=True)
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=alpha, user=make_user(), role="coordinator")
        add_staff_member(association=alpha, user=ana, role="reviewer", actor=coordinator)
    with scope(association=alpha):
        with transaction.atomic():
            send_mail("Welcome", "Dear Ana Ruiz, welcome.", None, ["ana@example.org"])
        with transaction.atomic():
            send_mail(
                "Review due",
                "Ana, your review is due.",
                None,
                ["office@alpha.example.org"],
                html_message="<p>Ana, your review is due.</p>",
            )
        OutboundEmail.objects.filter(subject="Review due").update(
            cc=["Ana Ruiz <Ana.Ruiz@work.example.org>"]
        )
        with transaction.atomic():
            send_mail("Other", "For someone else.", None, ["someone@example.org"])
    OutboundEmail.objects.filter(subject="Welcome").update(status="sent")
    endorsement = make_endorsement(alpha, "Ana Ruiz", holder=ana)
    return {"alpha": alpha, "ana": ana, "admin": coordinator, "endorsement": endorsement}


def erase(world, reason="asked to be forgotten"):
    return erase_person(user=world["ana"], actor=world["admin"], reason=reason)


def test_the_account_gets_a_pseudonym_is_deactivated_and_loses_its_second_factor(world, client):
    ana = world["ana"]
    assert Authenticator.objects.filter(user=ana).exists()
    erase(world)
    ana.refresh_from_db()
    assert ana.email == f"erased-{ana.pk}@invalid"
    assert ana.display_name == f"Erased person {ana.pk}"
    assert (ana.first_name, ana.last_name) == ("", "")
    assert ana.name == f"Erased person {ana.pk}"
    assert not ana.is_active and not ana.has_usable_password()
    assert not Authenticator.objects.filter(user=ana).exists()
    assert not client.login(email="ana@example.org", password=PASSWORD)


def test_allauth_keeps_only_the_pseudonym_address(world):
    erase(world)
    ana = world["ana"]
    rows = list(EmailAddress.objects.filter(user=ana).values_list("email", "verified", "primary"))
    assert rows == [(f"erased-{ana.pk}@invalid", False, True)]
    assert not EmailAddress.objects.filter(email__icontains="ana").exists()
    # the old addresses survive only as keyed digests (to read old events), never as text
    from dyad.accounts.models import ErasedAddress

    digests = list(ErasedAddress.objects.filter(user=ana).values_list("digest", flat=True))
    assert len(digests) == 2
    assert not any("@" in d or "ana" in d for d in digests)


def test_outbox_messages_to_the_person_lose_the_address_and_the_text(world):
    erase(world)
    pseudonym = f"erased-{world['ana'].pk}@invalid"
    welcome = OutboundEmail.objects.get(subject="Welcome")
    assert (welcome.to, welcome.body, welcome.status) == ([pseudonym], "", "sent")
    review = OutboundEmail.objects.get(subject="Review due")
    assert review.to == ["office@alpha.example.org"]
    assert review.cc == [pseudonym]
    assert (review.body, review.html) == ("", "")
    assert review.status == "withdrawn"  # not yet sent: it never will be
    other = OutboundEmail.objects.get(subject="Other")
    assert (other.to, other.body, other.status) == (
        ["someone@example.org"],
        "For someone else.",
        "queued",
    )


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_message_is_neither_delivered_nor_resent(world, run_tasks):
    from django.core import mail
    from django.core.management import call_command

    erase(world)
    call_command("resend_email", verbosity=0)
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Other"]
    assert OutboundEmail.objects.get(subject="Review due").status == "withdrawn"


def test_the_credential_record_keeps_the_holders_name(world):
    erase(world)
    with scopes_disabled():
        world["endorsement"].refresh_from_db()
    assert world["endorsement"].holder_name == "Ana Ruiz"
    assert world["endorsement"].holder == world["ana"]


def test_the_event_log_reads_with_the_pseudonym_after_erasure(world, client):
    coordinator = make_user(mfa=True)
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=world["alpha"], user=coordinator, role="coordinator")
    client.force_login(coordinator)
    before = client.get(reverse("associations:home", args=["alpha"])).content.decode()
    assert "Ana Ruiz was given the role reviewer" in before
    erase(world)
    after = client.get(reverse("associations:home", args=["alpha"])).content.decode()
    pk = world["ana"].pk
    assert f"Erased person {pk} was given the role reviewer" in after
    assert "Ana Ruiz" not in after and "ana@example.org" not in after


def test_the_erasure_is_an_event_with_who_and_why(world):
    erase(world, reason="GDPR request 2026-118")
    with scopes_disabled():  # a person's own events belong to no association
        events = history(world["ana"])
    assert [e.verb for e in events] == ["person.erased"]
    event = events[0]
    assert (event.actor, event.reason) == (world["admin"], "GDPR request 2026-118")
    assert describe(event) == f"The personal data of Erased person {world['ana'].pk} was erased"
    assert "ana" not in str(event.data).lower()


def test_erasing_twice_changes_nothing(world):
    first = erase(world)
    with scopes_disabled():
        events = Event.objects.count()
    outbox = list(OutboundEmail.objects.order_by("pk").values())
    second = erase(world, reason="again")
    assert (second.email, second.display_name) == (first.email, first.display_name)
    with scopes_disabled():
        assert Event.objects.count() == events
    assert list(OutboundEmail.objects.order_by("pk").values()) == outbox


def test_a_reason_is_required(world):
    with pytest.raises(DyadError) as caught:
        erase(world, reason="  ")
    assert caught.value.field == "reason"
    world["ana"].refresh_from_db()
    assert world["ana"].email == "ana@example.org"


def test_the_user_admin_asks_why_then_erases(world, client):
    client.force_login(world["admin"])
    url = reverse("admin:accounts_user_changelist")
    form = {"action": "erase", ACTION_CHECKBOX_NAME: [world["ana"].pk]}
    asked = client.post(url, form).content.decode()
    assert "Reason (kept in the event log)" in asked and "Ana Ruiz" in asked
    refused = client.post(url, {**form, "apply": "1"}).content.decode()
    assert "Say why, for the record." in refused
    world["ana"].refresh_from_db()
    assert world["ana"].email == "ana@example.org"  # no reason: nothing erased
    done = client.post(url, {**form, "apply": "1", "reason": "asked"}, follow=True)
    assert "1 person erased." in done.content.decode()
    world["ana"].refresh_from_db()
    assert world["ana"].is_erased


def test_old_events_that_hold_the_persons_email_read_as_the_pseudonym_after_erasure(
    world, client, django_assert_max_num_queries
):
    """Events written before ids were stored keep the address itself (the log is append-only)."""
    from dyad.core.events import record_event

    alpha = world["alpha"]
    with transaction.atomic(), scope(association=alpha):
        for email in ("ana.ruiz@work.example.org", "lee@example.org"):
            record_event(
                subject=alpha, verb="staff.role_granted", to_state="reviewer", data={"user": email}
            )
    coordinator = make_user(mfa=True)
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=alpha, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    url = reverse("associations:home", args=["alpha"])
    before = client.get(url).content.decode()
    assert "ana.ruiz@work.example.org was given the role reviewer" in before
    erase(world)
    with django_assert_max_num_queries(12):
        after = client.get(url).content.decode()
    assert f"Erased person {world['ana'].pk} was given the role reviewer" in after
    assert "ana.ruiz@work.example.org" not in after
    assert "lee@example.org was given the role reviewer" in after  # not erased: as it is


def test_a_signed_in_session_of_the_person_ends_with_the_erasure(world, client):
    client.force_login(world["ana"])
    assert client.get(reverse("associations:home", args=["alpha"])).status_code == 200
    erase(world)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_erased_person_holds_no_staff_role_and_each_association_records_the_end(world, client):
    from dyad.associations.models import StaffMembership

    beta = make_association("beta")
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=beta, user=world["ana"], role="exam_scorer")
    erase(world, reason="asked to be forgotten")
    with scopes_disabled():
        assert not StaffMembership.objects.filter(user=world["ana"]).exists()
        ended = Event.objects.filter(verb="staff.role_removed").order_by("association__slug")
        assert [(e.association.slug, e.from_state, e.reason) for e in ended] == [
            ("alpha", "reviewer", "asked to be forgotten"),
            ("beta", "exam_scorer", "asked to be forgotten"),
        ]
    coordinator = make_user(mfa=True)
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=world["alpha"], user=coordinator, role="coordinator")
    client.force_login(coordinator)
    html = client.get(reverse("associations:home", args=["alpha"])).content.decode()
    pk = world["ana"].pk
    assert f"Erased person {pk} no longer has the role reviewer" in html
    staff_table = html[html.index("<table") : html.index("</table>")]
    assert "Erased person" not in staff_table
