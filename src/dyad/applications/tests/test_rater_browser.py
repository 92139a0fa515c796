"""The rater's form, the decline page, a link that opens nothing, the provider's RS/C page and
the association's view of the references, in a real browser at desktop and phone width, with
axe. Screenshots go to test-artifacts/raters/ (DYAD_SHOTS overrides) to be looked at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications import invitation_status, invitations
from dyad.applications.models import Reference
from dyad.portfolios import services as portfolio
from dyad.testing.browser import ARTIFACTS
from dyad.testing.portfolios import ago

from .conftest import last_email_to, link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DYAD_SHOTS", ARTIFACTS / "raters"))
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_rater_rates_on_a_phone_with_errors_beside_the_field(page, rater, axe_check):
    reference, path = rater
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Reference for Ana Applicant"
    no_sideways_scroll(page)
    axe_check(page)
    shot(page, "reference-390")
    # everything but one competency, then send: the missing one says so beside it
    groups = page.locator("fieldset.rating")
    assert groups.count() == 14
    for n in range(1, 14):
        groups.nth(n).get_by_label("4 Very good").check()
    page.get_by_label("Comments").fill("Warm and steady with families.")
    page.get_by_role("button", name="Send my reference").click()
    first = page.locator("fieldset.rating").first
    assert "Choose a rating" in first.inner_text()
    assert page.get_by_label("Comments").input_value() == "Warm and steady with families."
    assert page.locator("fieldset.rating").nth(5).get_by_label("4 Very good").is_checked()
    axe_check(page)
    shot(page, "reference-error-390")
    # the keyboard reaches the scale: focus a radio and move with the arrow keys
    first.get_by_label("1 Poor").focus()
    page.keyboard.press("ArrowRight")
    assert first.get_by_label("2 Fair").is_checked()
    page.get_by_role("button", name="Send my reference").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your answer is saved"
    axe_check(page)
    shot(page, "reference-thanks-390")
    with scopes_disabled():
        assert Reference.objects.get(pk=reference.pk).status == "rated"


def test_the_rater_form_at_desktop_width_and_the_decline_page(page, rater, axe_check):
    _reference, path = rater
    page.goto(path)
    shot(page, "reference-1280")
    page.get_by_role("link", name="I cannot give a reference").click()
    axe_check(page)
    page.set_viewport_size(PHONE)
    shot(page, "decline-390")
    page.get_by_label("Why do you decline? (optional)").fill("I changed jobs.")
    page.get_by_role("button", name="Decline").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your answer is saved"


def test_a_mistyped_link_says_what_to_do(page, rater, axe_check):
    _reference, path = rater
    page.set_viewport_size(PHONE)
    page.goto(path[:-3] + "aa/")
    assert page.get_by_role("heading", level=1).inner_text() == "We cannot find this link"
    axe_check(page)
    shot(page, "link-unknown-390")


def test_rsc_confirmation_by_link_on_a_phone(page, application, axe_check):
    owner = application.applicant
    provider = portfolio.add_rsc_provider(owner=owner, name="Olga Outside", degree="master")
    for n in range(2):
        portfolio.add_rsc_session(
            owner=owner, provider=provider, date=ago(7 * (n + 1)), minutes=60, format="individual"
        )
    confirmation = invitations.request_rsc_confirmation(
        application=application, actor=owner, provider=provider, email="olga@example.org"
    )
    path = link_in(last_email_to(confirmation.email))
    page.set_viewport_size(PHONE)
    page.goto(path)
    no_sideways_scroll(page)
    axe_check(page)
    shot(page, "rsc-390")
    cards = page.locator("fieldset.rsc-session")
    cards.nth(1).get_by_label("It happened, but the date or length is wrong").check()
    cards.nth(1).get_by_label("The right length, in minutes").fill("")
    page.get_by_role("button", name="Send my answer").click()
    second = page.locator("fieldset.rsc-session").nth(1)
    assert "Give how many minutes it lasted." in second.inner_text()
    axe_check(page)
    second.get_by_label("The right length, in minutes").fill("45")
    page.get_by_role("button", name="Send my answer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your answer is saved"


def test_the_coordinator_sees_progress_and_ratings(
    page, sign_in_as, two_associations, application, rater, axe_check
):
    _reference, path = rater
    page.goto(path)  # opened
    sign_in_as(two_associations["alpha"]["coordinator"])
    page.goto(reverse("raters:application_references", args=["alpha", application.pk]))
    assert "opened" in page.locator("main").inner_text()
    axe_check(page)
    shot(page, "staff-references-1280")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    shot(page, "staff-references-390")
    page.get_by_role("button", name="Renew the link (Rita Rater)").click()
    assert "A new link is on its way to the rater." in page.locator("main").inner_text()


def test_copy_the_link_puts_the_raters_link_on_the_clipboard(
    page, live_server, application, rater, axe_check
):
    """The include as the applicant's page shows it (that page is built elsewhere): put on a
    page of the site with its script, at phone width."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    _reference, path = rater
    request = RequestFactory().get("/", HTTP_HOST=live_server.url.split("//")[1])
    [status] = invitation_status.references_with_status(application, request)
    html = render_to_string("applications/_reference_status.html", {"invitation": status})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size(PHONE)
    page.goto(reverse("web:definitions"))
    page.evaluate(
        "html => { const main = document.querySelector('main');"
        " main.innerHTML = '<h1>Your references</h1>' + html; }",
        html,
    )
    page.add_script_tag(url="/static/dyad/copy-link.js")
    page.get_by_role("button", name="Copy the link").click()
    assert page.get_by_role("status").filter(has_text="Copied").count() == 1
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + path
    no_sideways_scroll(page)
    axe_check(page)
    shot(page, "reference-status-copy-390")


def test_the_applicant_names_a_rater_and_follows_the_invitation_on_a_phone(
    page, sign_in_as, application, axe_check, run_tasks
):
    sign_in_as(application.applicant)
    page.set_viewport_size(PHONE)
    page.goto(reverse("applications:detail", args=[application.pk]))
    page.get_by_label("Their name").fill("Rosa Ruiz")
    page.get_by_label("Their email").fill("rosa@example.org")
    page.get_by_role("combobox", name="They are").select_option(label="a supervisor")
    page.get_by_role("combobox", name="Their language").select_option(label="español")
    page.get_by_role("button", name="Name this rater").click()
    page.get_by_text("Rosa Ruiz is named as a rater.").wait_for()
    listed = page.locator("#reference-list")
    assert "queued" in listed.inner_text()
    run_tasks()  # the worker delivers it
    page.reload()
    assert "sent" in page.locator("#reference-list").inner_text()
    link = page.get_by_label("Link for Rosa Ruiz").input_value()
    assert (
        link.split("/r/")[1].rstrip("/") == link_in(last_email_to("rosa@example.org")).split("/")[2]
    )
    no_sideways_scroll(page)
    axe_check(page)
    page.locator("#references").screenshot(path=str(SHOTS / "applicant-references-390.png"))


def test_the_applicant_asks_a_provider_to_confirm_on_a_phone(
    page, sign_in_as, application, axe_check
):
    owner = application.applicant
    provider = portfolio.add_rsc_provider(owner=owner, name="Olga Outside", degree="master")
    for n in range(2):
        portfolio.add_rsc_session(
            owner=owner, provider=provider, date=ago(7 * (n + 1)), minutes=60, format="individual"
        )
    sign_in_as(owner)
    page.set_viewport_size(PHONE)
    page.goto(reverse("applications:detail", args=[application.pk]) + "#rsc-confirmation")
    section = page.locator("#rsc-confirmation")
    assert "2 sessions · 2 not confirmed yet" in section.inner_text()
    section.get_by_role("button", name="Ask them to confirm (Olga Outside)").click()
    section = page.locator("#rsc-confirmation")
    assert "Give the provider's email." in section.inner_text()
    axe_check(page)
    section.get_by_label("Their email").fill("olga@example.org")
    section.get_by_role("button", name="Ask them to confirm (Olga Outside)").click()
    page.get_by_text("Olga Outside is asked to confirm your sessions.").wait_for()
    assert "queued" in page.locator("#rsc-confirmation").inner_text()
    no_sideways_scroll(page)
    axe_check(page)
    page.locator("#rsc-confirmation").screenshot(path=str(SHOTS / "applicant-rsc-390.png"))
