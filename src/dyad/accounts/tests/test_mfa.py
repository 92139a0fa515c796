"""Staff must use TOTP; applicants need not."""

import pytest
from django.urls import reverse

from dyad.testing.factories import make_association, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "exam_scorer"])
def test_staff_without_mfa_are_sent_to_set_it_up(client, role):
    from dyad.testing.factories import PASSWORD

    association = make_association()
    user = make_staff(association, role, mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("associations:home", args=[association.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # allauth asks for the password again before an authenticator is added
    reauth = client.get(response["Location"], follow=True)
    assert "/accounts/reauthenticate/" in reauth.redirect_chain[-1][0]
    assert "Staff accounts need two-factor authentication" in reauth.content.decode()
    page = client.post(reauth.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))
    assert 'name="code"' in page.content.decode()  # the authenticator set-up form


def test_the_alliance_administrator_needs_mfa_too(client):
    client.force_login(make_user(is_alliance_admin=True))
    response = client.get(reverse("web:alliance"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_mfa_get_in(client):
    association = make_association()
    client.force_login(make_staff(association, "reviewer", mfa=True))
    assert client.get(reverse("associations:home", args=[association.slug])).status_code == 200


def test_applicants_are_not_asked_for_mfa(client):
    client.force_login(make_user())
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_staff_sign_in_asks_for_the_authenticator_code(client):
    association = make_association()
    user = make_staff(association, "coordinator", mfa=True)
    from dyad.testing.factories import PASSWORD, TOTP_SECRET

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert "/accounts/2fa/authenticate/" in response.redirect_chain[-1][0]
    assert not response.context["user"].is_authenticated
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert "Incorrect code" in wrong.content.decode()
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = list(yield_hotp_counters_from_time())[-1]
    value = format_hotp_value(hotp_value(TOTP_SECRET, counter))
    done = client.post("/accounts/2fa/authenticate/", {"code": value}, follow=True)
    assert done.context["user"].is_authenticated


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_goes_out_through_the_outbox(client, run_tasks):
    from django.core import mail

    from dyad.core.models import OutboundEmail

    user = make_user("forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(to=["forgetful@example.org"]).exists()
    run_tasks()
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
