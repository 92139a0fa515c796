"""RS/C confirmation: the applicant sends the sessions logged with a provider to that provider,
who confirms, corrects or says "did not happen" on one page, by link or from their account. The
portfolio marks each session (an event in the applicant's history); a session that did not
happen no longer counts; the snapshot keeps what the providers said."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import invitation_status, invitations, services
from dyad.applications.models import RscConfirmation
from dyad.core.events import describe
from dyad.portfolios import services as portfolio
from dyad.portfolios.models import RscSession
from dyad.portfolios.selectors import portfolio_facts, portfolio_history
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor
from dyad.testing.portfolios import ago, nearly_ifs

from .conftest import last_email_to, link_in, three_raters_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside(application):
    """An outside provider with three sessions logged by the applicant."""
    owner = application.applicant
    provider = portfolio.add_rsc_provider(owner=owner, name="Olga Outside", degree="master")
    sessions = [
        portfolio.add_rsc_session(
            owner=owner, provider=provider, date=ago(10 * (n + 1)), minutes=60, format="individual"
        )
        for n in range(3)
    ]
    return provider, sessions


def ask(application, provider, email="olga@example.org"):
    confirmation = invitations.request_rsc_confirmation(
        application=application, actor=application.applicant, provider=provider, email=email
    )
    return confirmation, link_in(last_email_to(confirmation.email))


def answers_for(sessions, *rows):
    data = {}
    for session, (answer, date, minutes) in zip(sessions, rows, strict=True):
        data[f"s{session.pk}_answer"] = answer
        data[f"s{session.pk}_date"] = date.isoformat() if date else ""
        data[f"s{session.pk}_minutes"] = str(minutes) if minutes else ""
    return data


def test_the_provider_gets_an_email_with_a_link_to_their_sessions(client, application, outside):
    provider, sessions = outside
    _confirmation, path = ask(application, provider)
    row = last_email_to("olga@example.org")
    assert row.subject == "Ana Applicant asks you to confirm RS/C sessions"
    assert "logged 3 reflective supervision/consultation (RS/C) sessions with you" in row.body
    assert path.startswith("/rsc/")
    page = client.get(path).content.decode()
    assert "RS/C sessions Ana Applicant logged with you" in page
    for session in sessions:
        assert f'name="s{session.pk}_answer"' in page
    with scopes_disabled():
        assert RscConfirmation.objects.get().opened_at is not None


def test_confirm_correct_and_did_not_happen_on_one_page(client, application, outside):
    provider, sessions = outside
    _confirmation, path = ask(application, provider)
    right_day = ago(12)
    response = client.post(
        path,
        answers_for(
            sessions,
            ("confirmed", None, None),
            ("corrected", right_day, 45),
            ("not_held", None, None),
        ),
    )
    assert response.status_code == 302
    first, second, third = (RscSession.objects.get(pk=s.pk) for s in sessions)
    assert (first.confirmation, first.minutes) == ("confirmed", 60)
    assert (second.confirmation, second.date, second.minutes) == ("corrected", right_day, 45)
    assert third.confirmation == "not_held"
    assert all(s.confirmed_at for s in (first, second, third))
    # the applicant sees each answer in their history, in plain words
    texts = [describe(e) for e in portfolio_history(application.applicant)]
    assert "The RS/C provider confirmed a session" in texts
    assert "The RS/C provider corrected a session: date, minutes" in texts
    assert "The RS/C provider said a session did not happen" in texts
    # the applicant's list of sessions shows what the provider said
    client.force_login(application.applicant)
    listing = client.get(reverse("portfolios:rsc_session_list")).content.decode()
    assert "Confirmed by your provider" in listing
    assert "Corrected and confirmed by your provider" in listing
    assert "Your provider says this session did not happen: it does not count" in listing
    client.logout()
    # the session that did not happen no longer counts
    refs = {s.ref for s in portfolio_facts(application.applicant).rsc}
    assert f"rsc_session:{third.pk}" not in refs
    assert f"rsc_session:{first.pk}" in refs
    # the link is used up: a second send changes nothing
    again = client.post(path, answers_for(sessions, *[("not_held", None, None)] * 3))
    assert "Thank you: your answer is saved" in again.content.decode()
    assert RscSession.objects.get(pk=first.pk).confirmation == "confirmed"


def test_a_correction_needs_the_right_date_and_length_next_to_the_session(
    client, application, outside
):
    provider, sessions = outside
    _confirmation, path = ask(application, provider)
    data = answers_for(
        sessions,
        ("corrected", ago(3), None),
        ("confirmed", None, None),
        ("confirmed", None, None),
    )
    response = client.post(path, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give how many minutes it lasted." in page
    assert f'id="id_s{sessions[0].pk}_minutes-errors"' in page
    assert not RscSession.objects.exclude(confirmation="").exists()


def test_changing_a_confirmed_session_asks_the_provider_again(client, application, outside):
    provider, sessions = outside
    _confirmation, path = ask(application, provider)
    client.post(path, answers_for(sessions, *[("confirmed", None, None)] * 3))
    portfolio.change_rsc_session(session=sessions[0], actor=application.applicant, minutes=90)
    assert RscSession.objects.get(pk=sessions[0].pk).confirmation == ""
    assert RscSession.objects.get(pk=sessions[1].pk).confirmation == "confirmed"


def test_rsc_links_expire_and_tampered_ones_open_nothing(client, application, outside):
    provider, _sessions = outside
    confirmation, path = ask(application, provider)
    token = path.split("/")[2]
    wrong = "/rsc/" + token[:-1] + ("a" if token[-1] != "a" else "b") + "/"
    assert client.get(wrong).status_code == 404
    with scopes_disabled():
        RscConfirmation.objects.filter(pk=confirmation.pk).update(
            link_expires_at=timezone.now() - timedelta(seconds=1)
        )
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    # asking again sends a new link that works
    with scopes_disabled():
        RscConfirmation.objects.filter(pk=confirmation.pk).update(
            invited_at=timezone.now() - timedelta(days=31)
        )
    _again, new = ask(application, provider)
    assert new != path
    assert client.get(new).status_code == 200


def test_only_the_applicant_asks_and_only_about_their_own_provider(application, outside):
    provider, _sessions = outside
    stranger = make_user()
    with pytest.raises(services.ApplicationError):
        invitations.request_rsc_confirmation(
            application=application, actor=stranger, provider=provider, email="x@example.org"
        )
    theirs = portfolio.add_rsc_provider(owner=stranger, name="Somebody", degree="master")
    with pytest.raises(services.ApplicationError):
        invitations.request_rsc_confirmation(
            application=application,
            actor=application.applicant,
            provider=theirs,
            email="x@example.org",
        )


def test_a_provider_with_an_account_answers_from_their_rsc_page(client, application):
    nearly_ifs(application.applicant, rsc_hours=3)
    provider = application.applicant.rscprovider_entries.get()
    confirmation, _path = ask(application, provider)
    assert confirmation.email == provider.user.email
    body = last_email_to(provider.user.email).body
    assert f"“RS/C to confirm”: {settings.SITE_URL.rstrip('/')}/rsc/" in body
    client.force_login(provider.user)
    page = client.get("/rsc/").content.decode()
    assert "Ana Applicant" in page
    assert "Answer for 3 sessions" in page
    sessions = list(RscSession.objects.filter(provider=provider).order_by("date", "id"))
    response = client.post(
        f"/rsc/provider/{provider.pk}/", answers_for(sessions, *[("confirmed", None, None)] * 3)
    )
    assert response.status_code == 302
    assert set(RscSession.objects.values_list("confirmation", flat=True)) == {"confirmed"}
    assert "All answered" in client.get("/rsc/").content.decode()


def test_the_rsc_page_is_empty_for_someone_nobody_named(client):
    client.force_login(make_user())
    page = client.get("/rsc/").content.decode()
    assert "Nobody has named you as their RS/C provider yet" in page


def test_the_snapshot_keeps_what_the_providers_said(client, two_associations, application):
    applicant = application.applicant
    nearly_ifs(applicant, rsc_hours=30)
    provider = applicant.rscprovider_entries.get()
    sessions = list(RscSession.objects.filter(provider=provider).order_by("date", "id"))
    answers = [{"session": s.pk, "answer": "confirmed"} for s in sessions]
    answers[0] = {"session": sessions[0].pk, "answer": "not_held"}
    portfolio.confirm_rsc_sessions(provider=provider, answers=answers, actor=provider.user)
    three_raters_rated(application, applicant)
    if application.fee_status == "due":
        services.record_fee(
            application=application, actor=two_associations["alpha"]["coordinator"], status="paid"
        )
    services.submit_application(application=application, actor=applicant)
    with scopes_disabled():
        snapshot = application.snapshots.get()
    assert snapshot.rsc_confirmations[f"rsc_session:{sessions[0].pk}"] == "not_held"
    assert snapshot.rsc_confirmations[f"rsc_session:{sessions[1].pk}"] == "confirmed"
    assert len(snapshot.rsc_confirmations) == 30
    frozen_refs = {s["ref"] for s in snapshot.facts["rsc"]}
    assert f"rsc_session:{sessions[0].pk}" not in frozen_refs


def test_a_provider_who_has_not_answered_is_reminded_once_per_step(application, outside):
    from dyad.applications.tasks import send_reminders
    from dyad.core.models import OutboundEmail

    provider, _sessions = outside
    confirmation, path = ask(application, provider)
    with scopes_disabled():
        RscConfirmation.objects.filter(pk=confirmation.pk).update(
            invited_at=timezone.now() - timedelta(days=8)
        )
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0
    with scopes_disabled():
        reminder = OutboundEmail.objects.filter(to=["olga@example.org"]).order_by("-pk").first()
    assert reminder.subject == "Reminder: Ana Applicant asks you to confirm RS/C sessions"
    assert link_in(reminder) == path


def test_the_providers_invitation_shows_its_progress_and_link(client, application, outside):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    provider, sessions = outside
    _confirmation, path = ask(application, provider)
    request = RequestFactory().get("/")
    [shown] = invitation_status.rsc_confirmations_with_status(application, request)
    assert (shown.state, shown.kind, shown.link) == ("queued", "rsc", "http://testserver" + path)
    html = render_to_string("applications/_reference_status.html", {"invitation": shown})
    assert 'id="rsc-link-' in html
    assert "Link for Olga Outside" in html
    client.get(path)
    assert invitation_status.rsc_confirmations_with_status(application)[0].state == "opened"
    client.post(path, answers_for(sessions, *[("confirmed", None, None)] * 3))
    [shown] = invitation_status.rsc_confirmations_with_status(application, request)
    assert (shown.state, shown.link) == ("answered", None)


def test_erasing_the_applicant_removes_their_providers_confirmation_requests(
    application, outside, two_associations
):
    from dyad.accounts.services import erase_person

    provider, _sessions = outside
    ask(application, provider)
    erase_person(
        user=application.applicant, actor=two_associations["alliance_admin"], reason="asked"
    )
    with scopes_disabled():
        assert not RscConfirmation.objects.exists()


def test_the_applicant_asks_a_provider_from_the_application_page(client, application, outside):
    provider, _sessions = outside
    client.force_login(application.applicant)
    url = f"/applications/{application.pk}/"
    page = client.get(url).content.decode()
    assert "Olga Outside" in page
    assert "3 sessions · 3 not confirmed yet" in page
    ask_url = reverse("raters:ask_rsc", args=[application.pk, provider.pk])
    # no email: said beside the field, nothing sent
    response = client.post(ask_url, {"email": "", "language": "es"})
    assert response.status_code == 200
    assert f'id="rsc-email-{provider.pk}-errors"' in response.content.decode()
    assert "Give the provider&#x27;s email." in response.content.decode()
    response = client.post(ask_url, {"email": "olga@", "language": "es"})
    assert 'value="olga@"' in response.content.decode()  # kept as typed
    with scopes_disabled():
        assert not RscConfirmation.objects.exists()
    response = client.post(ask_url, {"email": "olga@example.org", "language": "es"})
    assert response.status_code == 302
    with scopes_disabled():
        assert RscConfirmation.objects.get().language == "es"
    page = client.get(url).content.decode()
    assert "queued" in page
    assert "Send it again" in page
    assert link_in(last_email_to("olga@example.org")) in page  # the link to copy


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_applicant_asks_their_provider(
    client, two_associations, application, outside, who, role
):
    provider, _sessions = outside
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.post(
        reverse("raters:ask_rsc", args=[application.pk, provider.pk]),
        {"email": "olga@example.org"},
    )
    with scopes_disabled():
        asked = RscConfirmation.objects.exists()
    if who == "applicant":
        assert (response.status_code, asked) == (302, True)
    elif user is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not asked
    else:
        assert (response.status_code, asked) == (404, False)


def test_a_provider_of_another_person_cannot_be_asked_through_my_application(client, application):
    stranger = make_user()
    theirs = portfolio.add_rsc_provider(owner=stranger, name="Somebody", degree="master")
    client.force_login(application.applicant)
    response = client.post(
        reverse("raters:ask_rsc", args=[application.pk, theirs.pk]), {"email": "x@example.org"}
    )
    assert response.status_code == 404


def test_the_portfolio_page_counts_a_session_that_did_not_happen_no_more_at_once(client):
    """The cached standing (portfolios.standing) is refreshed by the provider's answer."""
    ana = make_user()
    nearly_ifs(ana, rsc_hours=20)
    client.force_login(ana)
    home = "/portfolio/?standard=IMH-E"
    assert "20 of 24 RS/C hours" in client.get(home).content.decode()
    provider = ana.rscprovider_entries.get()
    first = RscSession.objects.filter(provider=provider).order_by("id").first()
    portfolio.confirm_rsc_sessions(
        provider=provider, answers=[{"session": first.pk, "answer": "not_held"}], actor=None
    )
    assert "19 of 24 RS/C hours" in client.get(home).content.decode()
