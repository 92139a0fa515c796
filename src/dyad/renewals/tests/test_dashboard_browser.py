"""A coordinator follows renewals in a real browser, at desktop and phone width, with the
accessibility check: the dashboard's groups and filters, then the renewal settings, where a bad
value is named next to its field and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dyad.renewals.sweep import sweep
from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
SHOTS = Path("/tmp/shots/renew-sweep")


def endorse(association, name: str, days_past_expiry: int):
    person = make_user(display_name=name)
    today = timezone.localdate()
    return make_endorsement(
        association, name, holder=person, expires=today - timedelta(days=days_past_expiry)
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_follows_renewals_and_sets_the_schedule(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("alpha", name="Alpha Association")
    endorse(association, "Dora Due", 0)
    endorse(association, "Gina Grace", 40)
    endorse(association, "Greta Grace", 80)
    endorse(association, "Lars Lapsed", 95)
    sweep()
    sign_in_as(make_staff(association, "coordinator"))
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/a/alpha/")
    page.get_by_role("link", name="Renewals", exact=True).click()
    page.get_by_role("heading", name="Renewals", exact=True).wait_for()
    page.locator("#rows").get_by_text("Dora Due").wait_for()
    page.locator("#rows").get_by_text("reminder on the expiry day").wait_for()
    axe_check(page)
    page.screenshot(path=str(SHOTS / f"dashboard-due-{width}.png"), full_page=True)

    page.get_by_role("link", name="In grace 2").click()
    page.locator("#rows").get_by_text("Gina Grace").wait_for()
    page.get_by_label("Name or number").fill("greta")
    page.get_by_role("button", name="Filter").click()
    page.locator("#rows").get_by_text("Greta Grace").wait_for()
    assert page.locator("#rows").get_by_text("Gina Grace").count() == 0
    page.locator("#rows").get_by_text("11 days left of grace").wait_for()
    axe_check(page)
    page.screenshot(path=str(SHOTS / f"dashboard-grace-{width}.png"), full_page=True)

    page.get_by_role("link", name="Lapsed 1").click()
    page.locator("#rows").get_by_text("Lars Lapsed").wait_for()

    page.get_by_role("link", name="Renewal settings").click()
    assert page.get_by_label("Share of renewals drawn for audit (%)").input_value() == "10"
    page.get_by_label("on one date a year for everyone").check()
    page.get_by_label("Month of the yearly renewal date").select_option(label="June")
    page.get_by_label("Day of the yearly renewal date").fill("30")
    page.get_by_label("Reminders before expiry (days before)").fill("60, 14, soon")
    page.get_by_role("button", name="Save").click()
    page.locator("#id_reminder_days-errors").get_by_text(
        "Write whole numbers of days separated by commas"
    ).wait_for()
    assert page.get_by_label("Day of the yearly renewal date").input_value() == "30"
    axe_check(page)
    page.screenshot(path=str(SHOTS / f"settings-error-{width}.png"), full_page=True)
    page.get_by_label("Reminders before expiry (days before)").fill("60, 14, 0")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Renewal settings saved.").wait_for()
    page.get_by_role("link", name="Renewal settings").click()
    assert page.get_by_label("Reminders before expiry (days before)").input_value() == "60, 14, 0"
    assert page.get_by_label("on one date a year for everyone").is_checked()
