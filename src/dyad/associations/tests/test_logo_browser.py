"""A coordinator puts a logo on the certificates from the settings page, in a real browser at
desktop and phone width, with the accessibility check: a renamed SVG is refused next to the
field, a PNG is kept."""

from __future__ import annotations

import pytest

from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_association, make_staff
from dyad.testing.files import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_puts_a_logo_on_the_certificates(
    page, sign_in_as, axe_check, settings, tmp_path, width
):
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("alpha", name="Alpha Association")
    sign_in_as(make_staff(association, "coordinator"))
    page.goto("/a/alpha/settings/")
    page.get_by_text("No logo yet").wait_for()
    field = page.get_by_label("Logo", exact=True)
    field.set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": b"<svg xmlns='x'></svg>"}
    )
    page.get_by_role("button", name="Save the logo").click()
    page.locator("#id_logo-errors").get_by_text(
        "logo.png: A logo must be a PNG or JPEG picture."
    ).wait_for()
    axe_check(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"logo-refused-{width}.png"), full_page=True)
    page.get_by_label("Logo", exact=True).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png(300, 120)}
    )
    page.get_by_role("button", name="Save the logo").click()
    page.get_by_text("Logo saved.").wait_for()
    page.get_by_text("Certificates print your logo.").wait_for()
    axe_check(page)
    page.screenshot(path=str(ARTIFACTS / f"logo-saved-{width}.png"), full_page=True)
