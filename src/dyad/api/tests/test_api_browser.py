"""In a real browser: the API's docs page loads everything from the site itself (no outside
address, nothing the Content-Security-Policy blocks) and lists the endpoints; a coordinator
makes a key, copies its secret, then revokes it, and adds a webhook, at desktop and phone width
with the accessibility check."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.testing.factories import make_association, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
SHOTS = Path("/tmp/shots/api")


def _size(page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))


def _shot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_docs_page_loads_nothing_from_outside(page, live_server, width):
    _size(page, width)
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto("/api/v1/docs")
    page.get_by_role("heading", name="Dyad API").first.wait_for()
    page.get_by_text("/api/v1/verify/{number}").first.wait_for()
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert [p for p in problems if "Content Security Policy" in p] == []
    _shot(page, f"docs-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_makes_a_key_and_a_webhook(page, sign_in_as, axe_check, width):
    _size(page, width)
    association = make_association("alpha", name="Alpha Association")
    sign_in_as(make_staff(association, "coordinator"))
    page.goto("/a/alpha/")
    page.get_by_role("link", name="API keys and webhooks").click()
    page.get_by_text("The association has no API key yet.").wait_for()
    page.get_by_label("Name").fill("Membership CRM")
    page.get_by_label("Read and update contact details").check()
    page.get_by_role("button", name="Create the key").click()
    secret = page.get_by_label("Secret").input_value()
    assert secret.startswith("dyad_")
    page.get_by_text("it is shown only once").wait_for()
    axe_check(page)
    _shot(page, f"keys-{width}")
    page.get_by_role("button", name="Revoke Membership CRM").click()
    page.get_by_text("Revoked on").wait_for()
    page.get_by_role("link", name="Webhooks").first.click()
    page.get_by_role("button", name="Add the webhook").click()
    page.get_by_text("This field is required.").first.wait_for()
    page.get_by_label("Address (URL)").fill("https://crm.example.org/dyad")
    page.get_by_label("An endorsement is revoked").check()
    page.get_by_role("button", name="Add the webhook").click()
    page.get_by_role("heading", name="Delivery log").wait_for()
    axe_check(page)
    _shot(page, f"webhook-{width}")
