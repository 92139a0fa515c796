"""In a real browser, at desktop and phone widths: a save updates the page in place (no full
reload) with the "Where you stand" panel showing the change; a mistake puts focus on its field;
what is typed survives a lost connection and is gone once saved; the training chart is drawn."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from dyad.portfolios import services
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = ARTIFACTS / "live"  # screenshots to look at, at both widths


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def stored(page, key: str):
    value = page.evaluate("key => window.localStorage.getItem(key)", key)
    return json.loads(value) if value else None


@pytest.mark.parametrize("device", WIDTHS)
def test_a_save_updates_the_page_in_place_and_the_panel_says_what_moved(
    page, sign_in_as, axe_check, device
):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    sign_in_as(make_user(display_name="Ana Ruiz"))
    page.goto("/portfolio/training/")
    panel = page.locator("#standing")
    ifs = panel.locator('[data-categories~="IFS"]')
    assert "0 of 30 IMH-specific training hours" in ifs.inner_text()
    axe_check(page)
    shot(page, f"training-list-empty-{device}")

    page.get_by_role("link", name="Add training").click()
    page.get_by_label("What was the training called?").wait_for()
    page.evaluate("window.dyadMarker = 'still here'")  # gone if the page reloads
    # A screen reader announces words put into a live region already on the page: record it.
    page.evaluate(
        """() => new MutationObserver(records => {
            for (const r of records) {
                if (r.target.id === 'standing' && r.target.isConnected && r.addedNodes.length) {
                    window.dyadAnnounced = r.target.innerText;
                }
            }
        }).observe(document.body, {childList: true, subtree: true})"""
    )
    page.get_by_label("What was the training called?").fill("Foundations of IMH")
    page.get_by_label("When did it take place?").fill(ago(30).isoformat())
    page.get_by_label("Hours").fill("30")
    page.get_by_label("It was about infant or early childhood mental health").check()
    page.get_by_label("Attachment, separation, trauma, grief and loss").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training added.").wait_for()
    assert page.url.endswith("/portfolio/training/")
    assert page.evaluate("window.dyadMarker") == "still here"
    page.wait_for_function("() => (window.dyadAnnounced || '').includes('30 needed')")
    assert page.title().startswith("Training")
    assert "✓ met" in ifs.inner_text()
    assert "30 IMH-specific training hours; 30 needed" in ifs.inner_text()
    page.wait_for_function("() => document.activeElement.id === 'main'")
    axe_check(page)
    shot(page, f"training-list-saved-{device}")

    # A mistake: the error is next to its field, focus on it, what was typed kept, no reload.
    page.goto("/portfolio/work/new/")
    page.evaluate("window.dyadMarker = 'still here'")
    page.get_by_label("What was your role?").fill("Home visitor")
    page.get_by_label("Who did you work for?").fill("Family Start")
    page.get_by_role("button", name="Save").click()
    page.locator("#id_start-errors").wait_for()
    assert page.evaluate("window.dyadMarker") == "still here"
    page.wait_for_function("() => document.activeElement.id === 'id_start'")  # the first in error
    assert page.get_by_label("What was your role?").input_value() == "Home visitor"
    assert page.get_by_label("Who did you work for?").input_value() == "Family Start"
    axe_check(page)
    shot(page, f"work-form-errors-{device}")

    # Back goes to the page before, as after a real navigation.
    page.goto("/portfolio/training/")
    page.get_by_role("link", name="Change").first.click()
    page.get_by_label("What was the training called?").wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training saved.").wait_for()
    page.go_back()
    page.get_by_label("What was the training called?").wait_for()


@pytest.mark.parametrize("device", WIDTHS)
def test_what_is_typed_survives_a_lost_connection_and_is_gone_once_saved(
    page, sign_in_as, axe_check, device
):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    ana = sign_in_as(make_user(display_name="Ana Ruiz"))
    row = services.add_training(owner=ana, title="Saved title", date=ago(20), minutes=60)
    url = f"/portfolio/training/{row.pk}/"
    key = f"dyad-draft:{ana.pk}:training:{row.pk}"
    context = page.context

    page.goto(url)
    context.set_offline(True)
    page.get_by_label("What was the training called?").fill("Typed while offline")
    page.get_by_label("Hours").fill("3")
    page.wait_for_function(
        "key => (localStorage.getItem(key) || '').includes('Typed while offline')", arg=key
    )
    draft = stored(page, key)
    assert "csrfmiddlewaretoken" not in draft["fields"]
    assert set(draft["fields"]) >= {"title", "hours", "key"}
    page.close()  # the tab is closed before the connection comes back

    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    title = page.get_by_label("What was the training called?")
    assert title.input_value() == "Typed while offline"
    assert page.get_by_label("Hours").input_value() == "3"
    notice = page.locator("[data-draft-notice]")
    assert notice.is_visible()
    assert "We brought back what you typed on this device." in notice.inner_text()
    axe_check(page)
    shot(page, f"training-edit-restored-{device}")

    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training saved.").wait_for()
    assert stored(page, key) is None
    page.goto(url)
    assert page.get_by_label("What was the training called?").input_value() == (
        "Typed while offline"
    )
    assert not page.locator("[data-draft-notice]").is_visible()
    assert not page.get_by_text("We kept what you were typing").count()

    # A new form too; and "start with an empty form" forgets the copy.
    page.goto("/portfolio/education/new/")
    context.set_offline(True)
    page.get_by_label("Field of study").fill("Nursing")
    new_key = f"dyad-draft:{ana.pk}:education:new"
    page.wait_for_function(
        "key => (localStorage.getItem(key) || '').includes('Nursing')", arg=new_key
    )
    context.set_offline(False)
    page.reload()
    assert page.get_by_label("Field of study").input_value() == "Nursing"
    page.locator("[data-draft-notice]").get_by_role("link").click()
    page.wait_for_url("**/education/new/?fresh=1")
    assert page.get_by_label("Field of study").input_value() == ""
    assert stored(page, new_key) is None
    page.reload()
    assert page.get_by_label("Field of study").input_value() == ""


@pytest.mark.parametrize("device", WIDTHS)
def test_the_home_page_draws_training_hours_per_area(page, sign_in_as, axe_check, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    ana = sign_in_as(make_user(display_name="Ana Ruiz"))
    services.add_education(owner=ana, level="bachelor", completed=ago(400))
    services.add_training(
        owner=ana,
        title="Foundations",
        date=ago(30),
        minutes=30 * 60,
        imh_specific=True,
        areas=["attachment_loss", "relationship_focused_practice"],
    )
    services.add_training(
        owner=ana,
        title="Culture",
        date=ago(30),
        minutes=12 * 60,
        areas=["cultural_competence", "child_family_centered_practice"],
    )
    page.goto("/portfolio/")
    chart = page.locator("svg.area-chart")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box["width"] <= WIDTHS[device]  # it fits the screen
    assert box["width"] > 300
    axe_check(page)
    page.locator("#areas-heading").scroll_into_view_if_needed()
    page.locator("section", has=page.locator("#areas-heading")).screenshot(
        path=str(SHOTS / f"home-chart-{device}.png")
    )


@pytest.mark.parametrize("device", WIDTHS)
def test_every_changed_page_passes_the_accessibility_check(page, sign_in_as, axe_check, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    ana = sign_in_as(make_user(display_name="Ana Ruiz"))
    training = services.add_training(owner=ana, title="Old notes", date=ago(20), minutes=60)
    provider = services.add_rsc_provider(owner=ana, actor=ana, name="Rosa Díaz")
    services.record_membership(owner=ana, actor=ana, association_name="GLAIMH", expires=ago(-90))
    for name, url in (
        ("education-list", "/portfolio/education/"),
        ("work-list", "/portfolio/work/"),
        ("sessions-list", "/portfolio/rsc-sessions/"),
        ("providers-list", "/portfolio/providers/"),
        ("provider-edit", f"/portfolio/providers/{provider.pk}/"),
        ("agreements", "/portfolio/agreements/"),
        ("membership", "/portfolio/membership/"),
        ("training-delete", f"/portfolio/training/{training.pk}/delete/"),
    ):
        page.goto(url)
        page.locator("h1").wait_for()
        axe_check(page)
        shot(page, f"{name}-{device}")

    # The removal, confirmed, happens in place too.
    page.evaluate("window.dyadMarker = 'still here'")
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("Training removed.").wait_for()
    assert page.evaluate("window.dyadMarker") == "still here"
    assert page.url.endswith("/portfolio/training/")
    assert "Nothing here yet." in page.locator("#entries").inner_text()
    axe_check(page)

    # The schedule's preview comes in place, with focus on the dates.
    page.goto("/portfolio/rsc-sessions/schedule/")
    page.get_by_label("Every").select_option(str(ago(0).weekday()))
    page.get_by_label("From").fill(ago(14).isoformat())
    page.get_by_label("Until").fill(ago(0).isoformat())
    page.get_by_label("How long is each session, in minutes?").fill("60")
    page.get_by_label("Individual", exact=True).check()
    page.get_by_label("Who gave it?").select_option(label="Rosa Díaz")
    page.get_by_role("button", name="Preview the dates").click()
    page.locator("#preview").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'preview-title'")
    axe_check(page)
    shot(page, f"schedule-preview-{device}")


def test_signing_out_forgets_the_copies_kept_in_the_browser(page, sign_in_as):
    ana = sign_in_as(make_user(display_name="Ana Ruiz"))
    page.goto("/portfolio/education/new/")
    page.get_by_label("Field of study").fill("Nursing")
    key = f"dyad-draft:{ana.pk}:education:new"
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=key)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/portfolio/" not in url)
    assert stored(page, key) is None


def test_a_double_click_on_save_adds_one_entry(page, sign_in_as):
    from dyad.portfolios.models import Training

    ana = sign_in_as(make_user(display_name="Ana Ruiz"))
    page.goto("/portfolio/training/new/")
    page.get_by_label("What was the training called?").fill("Clicked twice")
    page.get_by_label("When did it take place?").fill(ago(3).isoformat())
    page.get_by_label("Hours").fill("2")
    page.get_by_role("button", name="Save").dblclick()
    page.get_by_text("Training added.").wait_for()
    page.wait_for_load_state("networkidle")
    assert Training.objects.filter(owner=ana, title="Clicked twice").count() == 1
    assert page.locator("#entries li").count() == 1
