"""An applicant fills their portfolio in a real browser, at desktop and phone widths, with the
accessibility check on every page."""

import pytest

from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("device", WIDTHS)
def test_an_applicant_adds_training_work_and_an_rsc_session(page, sign_in_as, axe_check, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    sign_in_as(make_user(display_name="Ana Ruiz"))

    page.goto("/portfolio/training/new/")
    axe_check(page)
    # What is typed is kept as a draft: a reload brings it back.
    with page.expect_response("**/portfolio/training/new/draft/"):
        page.get_by_label("What was the training called?").fill("Foundations of IMH")
    page.reload()
    page.get_by_text("We kept what you were typing last time.").wait_for()
    assert page.get_by_label("What was the training called?").input_value() == "Foundations of IMH"
    axe_check(page)
    page.get_by_label("When did it take place?").fill("2025-03-01")
    page.get_by_label("Hours").fill("2")
    page.get_by_label("and minutes").fill("30")
    page.get_by_label("It was about infant or early childhood mental health").check()
    page.get_by_label("Attachment, separation, trauma, grief and loss").check()
    shot(page, f"entries-training-form-{device}")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training added.").wait_for()
    assert "2 h 30 min" in page.locator("#entries").inner_text()
    assert "Foundations of IMH" in page.locator("#entries").inner_text()
    axe_check(page)

    page.goto("/portfolio/work/new/")
    axe_check(page)
    page.get_by_label("What was your role?").fill("Home visitor")
    page.get_by_label("Who did you work for?").fill("Family Start")
    page.get_by_label("When did you start?").fill("2022-01-10")
    page.get_by_label("How many hours a week?").fill("40")
    page.get_by_label("Prevention: work with families").check()
    page.get_by_label("The child and a parent or caregiver, together").check()
    page.get_by_label("Age of the youngest children you served, in months").fill("0")
    page.get_by_label("Age of the oldest children you served, in months").fill("36")
    page.get_by_label("Developmental guidance").check()
    # A mistake first: more than 80 hours a week is shown next to the field, nothing lost.
    page.get_by_label("How many hours a week?").fill("81")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_hours_per_week-errors")
    error.wait_for()
    assert "from 0 to 80" in error.inner_text()
    assert page.get_by_label("Who did you work for?").input_value() == "Family Start"
    assert page.get_by_label("Developmental guidance").is_checked()
    shot(page, f"entries-work-error-{device}")
    axe_check(page)
    page.get_by_label("How many hours a week?").fill("40")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Work experience added.").wait_for()
    assert "Family Start" in page.locator("#entries").inner_text()

    page.goto("/portfolio/providers/new/")
    axe_check(page)
    page.get_by_label("Or their name, if they are not in Dyad").fill("Rosa Díaz")
    page.get_by_label("An endorsement they held (outside providers)").select_option("IMHM-C")
    page.get_by_label("Held from").fill("2015-05-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Provider added.").wait_for()
    assert "Rosa Díaz" in page.locator("#entries").inner_text()
    axe_check(page)

    page.goto("/portfolio/rsc-sessions/new/")
    axe_check(page)
    page.get_by_label("When was the session?").fill("2025-02-04")
    page.get_by_label("How long was it, in minutes?").fill("60")
    page.get_by_label("Individual", exact=True).check()
    page.get_by_label("Who gave it?").select_option(label="Rosa Díaz")
    page.get_by_label("Which of your work was it about?").select_option(index=1)
    shot(page, f"entries-session-form-{device}")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("RS/C session added.").wait_for()
    assert "with Rosa Díaz" in page.locator("#entries").inner_text()
    shot(page, f"entries-session-list-{device}")
    axe_check(page)

    # The next session starts from the last one's provider and duration.
    page.goto("/portfolio/rsc-sessions/new/")
    assert page.get_by_label("How long was it, in minutes?").input_value() == "60"
    selected = page.get_by_label("Who gave it?").locator("option:checked").inner_text()
    assert selected == "Rosa Díaz"

    # A weekly schedule: the dates are shown before anything is saved.
    page.goto("/portfolio/rsc-sessions/schedule/")
    page.get_by_label("Every").select_option(label="Tuesday")
    page.get_by_label("From").fill("2025-03-01")
    page.get_by_label("Until").fill("2025-03-31")
    page.get_by_role("button", name="Preview the dates").click()
    preview = page.locator("#preview")
    preview.wait_for()
    assert "This adds 4 sessions" in preview.inner_text()
    shot(page, f"entries-schedule-preview-{device}")
    axe_check(page)
    page.get_by_role("button", name="Add these sessions").click()
    page.get_by_text("4 RS/C sessions added.").wait_for()
    assert page.locator("#entries li").count() == 5


@pytest.mark.parametrize("device", WIDTHS)
def test_the_entry_pages_in_spanish_pass_the_accessibility_check(
    page, sign_in_as, axe_check, live_server, device
):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    sign_in_as(make_user(display_name="Ana Ruiz"))
    for name, url in (
        ("work", "/portfolio/work/new/"),
        ("agreements", "/portfolio/agreements/"),
        ("membership", "/portfolio/membership/"),
        ("education", "/portfolio/education/new/"),
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "es"
        axe_check(page)
        shot(page, f"entries-{name}-es-{device}")
