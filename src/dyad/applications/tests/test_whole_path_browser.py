"""Issue 14's whole path in one real browser, from start to decision: the applicant starts an IFS
application and names three raters; two of them rate through the link in their email, on a page
with no session (the third answers through the service, to keep the test short); the applicant
asks their RS/C provider to confirm, who does so by the link in their email; the applicant pays
with the fake provider and submits; the coordinator assigns a reviewer, the reviewer judges each
rule and recommends endorse, the coordinator endorses; the applicant sees the endorsement on
their page. axe on the main pages; a failure leaves a screenshot in test-artifacts/. Run on
PostgreSQL too: `DATABASE_URL=postgres://... pytest this file`."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.applications.models import Reference
from dyad.portfolios.models import RscSession
from dyad.testing.factories import make_association, make_staff, make_user
from dyad.testing.portfolios import nearly_ifs

from .conftest import last_email_to, link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATERS = [
    ("Helen Marsh", "helen@raters.example.org", "an RS/C provider"),
    ("Carmen Diaz", "carmen@raters.example.org", "a supervisor"),
    ("Sam Osei", "sam@raters.example.org", "a colleague"),
]


def as_visitor(page) -> None:
    """No session: what a rater or a provider without an account has when they open a link."""
    page.context.clear_cookies()


def rate_by_link(page, axe_check, path: str, *, check: bool) -> None:
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Reference for Ana Ruiz"
    if check:
        axe_check(page)
    groups = page.locator("fieldset.rating")
    assert groups.count() == 14
    for n in range(groups.count()):
        groups.nth(n).get_by_label("4 Very good").check()
    page.get_by_label("Comments").fill("Warm and steady with families.")
    page.get_by_role("button", name="Send my reference").click()
    page.get_by_role("heading", level=1, name="Thank you: your answer is saved").wait_for()


def test_from_start_to_decision(page, sign_in_as, axe_check, settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    association = make_association(
        "lakes", name="Lakes Association", standards=["IMH-E"], application_fee=Decimal("75.00")
    )
    coordinator = make_staff(association, "coordinator", display_name="Cora Coordinator")
    reviewer = make_staff(association, "reviewer", display_name="Rui Reviewer")
    applicant = make_user(display_name="Ana Ruiz")
    nearly_ifs(applicant, rsc_hours=30)  # with Mia Mentor, a Dyad member, as RS/C provider

    # the applicant starts an IFS application
    sign_in_as(applicant)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Start an application").click()
    page.get_by_role("heading", name="Start an application").wait_for()
    assert page.get_by_role("combobox", name="Category").input_value() == "IFS"
    page.get_by_role("combobox", name="Association").select_option(
        label="Lakes Association (IMH-E)"
    )
    page.get_by_role("button", name="Start the application").click()
    page.get_by_role("heading", name="What is asked now").wait_for()
    application_path = urlsplit(page.url).path
    axe_check(page)

    # names three raters
    for name, email, role in RATERS:
        page.get_by_label("Their name").fill(name)
        page.get_by_label("Their email").fill(email)
        page.get_by_role("combobox", name="They are").select_option(label=role)
        page.get_by_role("button", name="Name this rater").click()
        page.get_by_text(f"{name} is named as a rater.").wait_for()
    assert page.locator("#reference-list").inner_text().count("requested") == 3

    # asks the RS/C provider to confirm the sessions
    section = page.locator("#rsc-confirmation")
    assert "30 sessions · 30 not confirmed yet" in section.inner_text()
    section.get_by_role("button", name="Ask them to confirm (Mia Mentor)").click()
    page.get_by_text("Mia Mentor is asked to confirm your sessions.").wait_for()
    axe_check(page)

    # two raters answer through their emailed link, with no session; the third by the service
    as_visitor(page)
    for n, (_name, email, _role) in enumerate(RATERS[:2]):
        rate_by_link(page, axe_check, link_in(last_email_to(email)), check=n == 0)
    with scopes_disabled():
        third = Reference.objects.get(application__applicant=applicant, email=RATERS[2][1])
    services.record_reference_answer(reference=third, status="rated")

    # the provider confirms by the link in their email, with no session
    with scopes_disabled():
        provider_email = RscSession.objects.filter(owner=applicant).first().provider.user.email
    rsc_path = link_in(last_email_to(provider_email))
    assert rsc_path.startswith("/rsc/")
    page.goto(rsc_path)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "RS/C sessions Ana Ruiz logged with you"
    )
    axe_check(page)
    answers = page.get_by_label("It happened as logged").all()
    assert len(answers) == 30
    for answer in answers:
        answer.check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_role("heading", level=1, name="Thank you: your answer is saved").wait_for()
    with scopes_disabled():
        sessions = RscSession.objects.filter(owner=applicant)
        assert {s.confirmation for s in sessions} == {"confirmed"}

    # the applicant sees the answers, pays and submits
    sign_in_as(applicant)
    page.goto(application_path)
    assert page.locator("#reference-list").inner_text().count("rated") == 3
    assert "all answered" in page.locator("#rsc-confirmation").inner_text()
    page.get_by_role("button", name="Pay 75.00 USD").click()
    page.get_by_text("Thank you. The fee is paid.").wait_for()
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application is submitted.").wait_for()
    assert "(snapshot 1)" in page.locator("#submitted-on").inner_text()
    axe_check(page)

    # the coordinator assigns a reviewer
    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto("/a/lakes/applications/")
    axe_check(page)
    page.get_by_role("link", name="Ana Ruiz").click()
    page.get_by_text("Snapshot 1, frozen on").wait_for()
    page.get_by_role("combobox", name="Reviewer").select_option(label="Rui Reviewer")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.get_by_text("Rui Reviewer assigned.").wait_for()
    axe_check(page)

    # the reviewer judges each rule and recommends endorse
    page.context.clear_cookies()
    sign_in_as(reviewer)
    page.goto("/a/lakes/reviews/")
    page.get_by_role("link", name="IFS application of Ana Ruiz").click()
    page.get_by_role("button", name="Save", exact=True).wait_for()
    axe_check(page)
    judgements = page.locator("select[name^=judgement_]").all()
    assert judgements
    for select in judgements:
        select.select_option("confirmed")
    page.get_by_label("Your recommendation").select_option("endorse")
    page.get_by_role("button", name="Send the recommendation").click()
    page.get_by_text("Recommendation sent to the coordinator.").wait_for()

    # the coordinator endorses
    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto("/a/lakes/applications/")
    page.get_by_role("link", name="Ana Ruiz").click()
    page.get_by_text("Rui Reviewer recommended: endorse").wait_for()
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Endorsed: endorsement LAKES-").first.wait_for()
    axe_check(page)

    # the applicant sees it
    page.context.clear_cookies()
    sign_in_as(applicant)
    page.goto(application_path)
    assert page.get_by_role("heading", level=1).inner_text().endswith(" endorsed")
    endorsement = page.locator("#endorsement").inner_text()
    assert endorsement.startswith("Number LAKES-"), endorsement
    axe_check(page)
