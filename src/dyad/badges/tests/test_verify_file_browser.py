"""In a browser: anyone checks a credential file on /verify/file/, at desktop and phone width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.badges.services import issue_credential
from dyad.testing.factories import make_association, make_endorsement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("DYAD_SHOTS")  # a folder to keep screenshots in, when looking by eye


@pytest.fixture
def credential(db):
    alpha = make_association("alpha", name="Alpha Association")
    with scopes_disabled():
        return issue_credential(make_endorsement(alpha, "Nia Thompson", "IFS"))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_visitor_verifies_a_file_and_a_changed_one(page, credential, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/verify/file/")
    axe_check(page)
    page.get_by_label("Credential file").set_input_files(
        {
            "name": "nia.json",
            "mimeType": "application/json",
            "buffer": json.dumps(credential).encode(),
        }
    )
    page.get_by_role("button", name="Verify").click()
    result = page.locator("#verify-result")
    result.get_by_text("Valid credential").wait_for()
    assert "Nia Thompson" in result.inner_text()
    axe_check(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"verify-valid-{width}.png"), full_page=True)

    credential["validUntil"] = "2099-12-31T23:59:59Z"
    page.get_by_label("Or paste the credential").fill(json.dumps(credential))
    page.get_by_role("button", name="Verify").click()
    result.get_by_text("Not valid").wait_for()
    assert "changed after it was signed" in result.inner_text()
    axe_check(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"verify-tampered-{width}.png"), full_page=True)


def test_text_that_is_not_json_gets_its_message_next_to_the_box(page, db):
    page.goto("/verify/file/")
    box = page.get_by_label("Or paste the credential")
    box.fill("hello")
    box.press("Tab")
    page.keyboard.press("Enter")  # keyboard only: from the box to the button
    page.get_by_text("This is not JSON, so it cannot be a credential.").wait_for()
    assert page.get_by_label("Or paste the credential").input_value() == "hello"
