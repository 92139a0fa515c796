"""allauth's mail is about the person's account: it goes out marked cross-tenant, with a reason."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.test import RequestFactory
from django.urls import reverse

from dyad.core.models import OutboundEmail
from dyad.testing.factories import make_user

pytestmark = pytest.mark.django_db


def only_row():
    row = OutboundEmail.objects.get()
    assert row.association is None
    return row


def test_sign_up_verification_mail_is_marked_cross_tenant(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-42", "password2": "a-long-pass-42"},
    )
    assert response.status_code == 302
    row = only_row()
    assert row.to == ["new@example.org"]
    assert "email_confirmation" in row.cross_tenant_reason


def test_password_reset_mail_is_marked_cross_tenant(client):
    make_user("forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    row = only_row()
    assert "password_reset_key" in row.cross_tenant_reason
    assert "not an association" in row.cross_tenant_reason


def test_mfa_notice_is_marked_cross_tenant(settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    user = make_user("staff@example.org")
    request = RequestFactory().get("/accounts/2fa/")
    with context.request_context(request):  # as allauth's middleware does for each request
        get_adapter(request).send_notification_mail("mfa/email/totp_activated", user)
    row = only_row()
    assert row.to == ["staff@example.org"]
    assert "totp_activated" in row.cross_tenant_reason
