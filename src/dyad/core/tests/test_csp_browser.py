"""In Chromium, under the real Content-Security-Policy and Permissions-Policy: the main pages and
their htmx exchanges (registry search, a portfolio upload, signing in) work, keep their styling and
make the browser report no violation. A screenshot of each, at desktop and phone width, is kept in
test-artifacts/csp/ for a person to look at."""

import json

import pytest

from dyad.standards.tests.builders import complete_imhs
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import (
    PASSWORD,
    make_association,
    make_endorsement,
    make_staff,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
# Chromium reports a refused script, style, image or frame, and an unknown or malformed
# Permissions-Policy entry, on the console.
WATCHED = ("content security policy", "permissions policy", "permissions-policy", "feature")


@pytest.fixture
def reports(page):
    """Every console message and page error, and the policy violations among them."""
    seen = {"console": [], "errors": [], "violations": []}

    def on_console(message):
        seen["console"].append(f"{message.type}: {message.text}")
        if any(word in message.text.lower() for word in WATCHED):
            seen["violations"].append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    # The DOM event as well, in case a violation is ever reported without a console line.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return seen


def shoot(page, name, width):
    folder = ARTIFACTS / "csp"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def assert_clean(page, reports):
    assert not reports["violations"], reports["violations"]
    assert not reports["errors"], reports["errors"]
    # Styling arrived: Bootstrap's and Dyad's style sheets apply (no refused stylesheet).
    styled = page.evaluate(
        "() => [getComputedStyle(document.body).margin,"
        " getComputedStyle(document.querySelector('.skip-link') || document.body).position]"
    )
    assert styled == ["0px", "absolute"], styled


@pytest.fixture
def world(db):
    alpha = make_association("alpha")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C")
    make_endorsement(alpha, "Chris Bell", "IMHS")
    return alpha


@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_the_registry_search(page, world, reports, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    shoot(page, "home", width)
    page.goto("/registry/")
    results = page.locator("#registry-results")
    results.get_by_text("Chris Bell").wait_for()
    page.get_by_label("Name, number or category").fill("nia")  # htmx, as the person types
    results.get_by_text("Chris Bell").wait_for(state="detached")
    assert "Nia Thompson" in results.inner_text()
    shoot(page, "registry-search", width)
    assert_clean(page, reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_portfolio_upload_through_htmx(page, world, reports, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(complete_imhs(exams=[])))
    page.goto("/eligibility/")
    page.get_by_label("Portfolio file").set_input_files(str(path))
    page.get_by_label("Assess as of").fill("2026-06-30")
    with page.expect_response("**/eligibility/") as answer:
        page.get_by_role("button", name="Check eligibility").click()
    assert answer.value.request.headers.get("hx-request") == "true"  # htmx made the request
    page.get_by_role("heading", name="Results for Test Person, as of 2026-06-30").wait_for()
    # The progress note is hidden again once the answer is in (dyad.css, not htmx's own style).
    # htmx takes its request class off a moment after the swap: wait for that, don't race it.
    page.locator("#check-progress").wait_for(state="hidden", timeout=5000)
    shoot(page, "eligibility-results", width)
    assert_clean(page, reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_signing_in(page, world, reports, width):
    page.set_viewport_size({"width": width, "height": 900})
    person = make_user()
    page.goto("/accounts/login/")
    shoot(page, "sign-in", width)
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_text("are not correct").wait_for()  # the form's own error, visible
    shoot(page, "sign-in-error", width)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    shoot(page, "dashboard", width)
    assert_clean(page, reports)


def test_the_admin_works_under_the_policy(page, world, reports, sign_in_as):
    sign_in_as(make_user(is_staff=True, is_superuser=True, is_alliance_admin=True, mfa=True))
    page.goto("/admin/credentials/endorsement/")
    page.get_by_role("row", name="Nia Thompson").get_by_role("checkbox").check()
    assert page.locator(".action-counter").inner_text().startswith("1 of 2")  # admin's script ran
    shoot(page, "admin", 1280)
    assert not reports["violations"], reports["violations"]
    assert not reports["errors"], reports["errors"]


def test_the_authenticator_set_up_shows_its_qr_code(page, world, reports, sign_in_as):
    sign_in_as(make_staff(world, "exam_scorer", mfa=False))
    page.goto("/a/alpha/")
    page.get_by_label("Password").fill(PASSWORD)  # allauth confirms the password first
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Authenticator code").wait_for()
    qr = page.locator("img[src^='data:']")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # img-src data: allowed
    shoot(page, "authenticator-set-up", 1280)
    assert_clean(page, reports)
