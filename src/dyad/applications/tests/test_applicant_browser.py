"""Applying in a real browser, at desktop and phone width, with the accessibility check on each
page: start (Dyad suggests IFS), name three raters, pay with the fake provider, submit, read the
timeline. The raters answer through the service here: their pages are another module's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.applications.models import Reference
from dyad.testing.factories import make_association, make_user
from dyad.testing.portfolios import nearly_ifs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
SHOTS = Path("/tmp/shots/applicant")
RATERS = [
    ("Helen Marsh", "helen@example.org", "an RS/C provider"),
    ("Carmen Diaz", "carmen@example.org", "a supervisor"),
    ("Sam Osei", "sam@example.org", "a colleague"),
]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_start_name_raters_pay_submit_and_read_the_timeline(
    page, sign_in_as, axe_check, settings, width
):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    make_association(
        "lakes", name="Lakes Association", standards=["IMH-E"], application_fee=Decimal("75.00")
    )
    person = make_user(display_name="Ana Ruiz")
    nearly_ifs(person, rsc_hours=30)
    sign_in_as(person)

    page.goto("/dashboard/")
    page.get_by_role("link", name="Start an application").click()
    page.get_by_role("heading", name="Start an application").wait_for()
    suggestion = page.locator("#suggestion").inner_text()
    assert "You meet every requirement of IFS · Infant Family Specialist" in suggestion
    assert page.get_by_role("combobox", name="Category").input_value() == "IFS"
    assert "application fee 75.00 USD" in page.locator("main").inner_text()
    axe_check(page)
    shot(page, f"start-{width}")
    association = page.get_by_role("combobox", name="Association")
    association.select_option(label="Lakes Association (IMH-E)")
    page.get_by_role("button", name="Start the application").click()

    page.get_by_role("heading", name="What is asked now").wait_for()
    assert "75.00 USD: due." in page.locator("#fee").inner_text()
    assert "Still missing: References." in page.locator("#not-ready").inner_text()
    assert page.get_by_role("button", name="Submit the application").count() == 0
    axe_check(page)
    shot(page, f"started-{width}")

    for name, email, role in RATERS:
        page.get_by_label("Their name").fill(name)
        page.get_by_label("Their email").fill(email)
        page.get_by_role("combobox", name="They are").select_option(label=role)
        page.get_by_role("button", name="Name this rater").click()
        page.get_by_text(f"{name} is named as a rater.").wait_for()
    listed = page.locator("#reference-list").inner_text()
    assert all(name in listed for name, _e, _r in RATERS)
    assert listed.count("requested") == 3

    with scopes_disabled():
        references = list(Reference.objects.filter(application__applicant=person))
    for reference in references:
        services.record_reference_answer(reference=reference, status="rated")
    page.reload()
    assert page.locator("#reference-list").inner_text().count("rated") == 3

    page.get_by_role("button", name="Pay 75.00 USD").click()
    page.get_by_text("Thank you. The fee is paid.").wait_for()
    assert "75.00 USD: paid." in page.locator("#fee").inner_text()
    shot(page, f"ready-{width}")
    axe_check(page)

    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application is submitted.").wait_for()
    page.get_by_role("heading", name="What you submitted").wait_for()
    assert "(snapshot 1)" in page.locator("#submitted-on").inner_text()
    timeline = page.locator("#timeline li").all_inner_texts()
    assert len(timeline) == 9
    assert timeline[0].endswith("Application for IFS started")
    assert sum("Reference requested from" in line for line in timeline) == 3
    assert sum("A reference was received" in line for line in timeline) == 3
    assert timeline[-2].endswith("Fee recorded: paid")
    assert timeline[-1].endswith("Application submitted (snapshot 1)")
    assert "Who acts next\nThe association" in page.locator("#summary").inner_text()
    axe_check(page)
    shot(page, f"submitted-{width}")

    page.get_by_role("link", name="Your applications").first.click()
    page.get_by_role("heading", name="Your applications").wait_for()
    assert "IFS · Lakes Association" in page.locator("#applications").inner_text()
    axe_check(page)
    shot(page, f"list-{width}")


def test_withdrawing_in_the_browser_asks_first(page, sign_in_as, axe_check):
    association = make_association("hills", name="Hills Association")
    person = sign_in_as(make_user())
    application = services.start_application(
        applicant=person, association=association, category="IFA"
    )
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("link", name="Withdraw this application").click()
    page.get_by_role("heading", name="Withdraw your IFA application with Hills Association?")
    axe_check(page)
    page.get_by_label("Why are you withdrawing? (optional)").fill("Changed jobs")
    page.get_by_role("button", name="Yes, withdraw it").click()
    page.get_by_text("Your application is withdrawn.").wait_for()
    assert "withdrawn" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Withdraw this application").count() == 0
