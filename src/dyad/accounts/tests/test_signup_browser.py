"""Sign-up, email verification and sign-in, in a real browser."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_email_then_sign_in(page, run_tasks, axe_check):
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    axe_check(page)
    page.get_by_label("Email").fill("new.applicant@example.org")
    page.locator("#id_password1").fill("a long enough passphrase 42")
    page.get_by_label("Password (again)").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    axe_check(page)

    run_tasks()  # the worker delivers the verification email from the outbox
    assert [m.to for m in mail.outbox] == [["new.applicant@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    page.goto("/accounts/" + link.split("/accounts/", 1)[1])
    axe_check(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("new.applicant@example.org")
    page.get_by_label("Password").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name=re.compile("Welcome")).wait_for()
    assert "Read the definitions" in page.content()
    axe_check(page)


def test_staff_sign_in_asks_for_the_authenticator_code(page, axe_check):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from dyad.testing.factories import PASSWORD, TOTP_SECRET, make_association, make_staff

    alpha = make_association("alpha")
    user = make_staff(alpha, "coordinator", mfa=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").wait_for()
    axe_check(page)
    counter = list(yield_hotp_counters_from_time())[-1]
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(TOTP_SECRET, counter)))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/a/alpha/")
    assert page.get_by_role("heading", name="Association alpha").is_visible()


def test_signing_up_twice_with_one_email_says_so(page, run_tasks):
    from dyad.testing.factories import make_user

    make_user("taken@example.org")
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("taken@example.org")
    page.locator("#id_password1").fill("a long enough passphrase 42")
    page.get_by_label("Password (again)").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Sign Up").click()
    # allauth does not reveal that the account exists; it sends a notice to that address
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    run_tasks()
    assert mail.outbox and mail.outbox[0].to == ["taken@example.org"]
