"""The whole journey of issue 13 in a real browser, at desktop and phone widths: a new applicant
fills their portfolio through the forms and watches Infant Family Specialist change from missing
to met rule by rule, then downloads their portfolio file, and `dyad assess` gives the same result
for every rule the portfolio can hold.

The applicant signs up on allauth's page, confirms their email with the link the worker delivers
from the outbox and signs in; every entry is made through the forms. Only the RS/C provider, a
person Dyad endorsed, comes from the factories: her endorsement is Dyad's own record, not
something the applicant can enter."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dyad.cli import main as dyad_main
from dyad.core.models import OutboundEmail
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# The page names each requirement by its title (`rule.<id>` in the engine's messages).
RULES = {
    "Education": "education",
    "Work experience": "work",
    "Specialized training": "training",
    "RS/C received": "rsc_received",
    "References": "references",
    "Agreements": "agreements",
    "Membership": "membership",
}
PORTFOLIO_RULES = set(RULES.values()) - {"references"}  # references come with an application


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ifs_card(page):
    return page.locator("article", has=page.locator("#cat-IFS"))


def ifs_rules(page, axe_check) -> tuple[dict[str, bool], str]:
    """Open the portfolio's home page and read IFS's requirements: {rule: met?} and its badge."""
    page.goto("/portfolio/")
    page.get_by_role("heading", name="Your portfolio", exact=True).wait_for()
    axe_check(page)
    card = ifs_card(page)
    card.wait_for()
    seen = {}
    items = card.locator("details li")
    for i in range(items.count()):
        item = items.nth(i)
        title = item.locator("strong").first.text_content().strip()
        met = "finding-met" in item.locator("span").first.get_attribute("class")
        seen[RULES[title]] = met
    badge = card.locator("h3 .badge").text_content().strip()
    return seen, badge


def panel_says(page, category: str) -> str:
    """The "Where you stand" panel's line about the page's requirement for `category`."""
    return page.locator(f'#standing [data-categories~="{category}"]').inner_text()


def met(seen: dict[str, bool]) -> set[str]:
    return {rule for rule, ok in seen.items() if ok}


def sign_up(page, run_tasks, axe_check, email: str) -> None:
    """Create an account on the sign-up page, confirm the email with the link the worker
    delivered, and sign in."""
    password = "a long enough passphrase 42"
    page.goto("/accounts/signup/")
    axe_check(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    run_tasks()  # the worker delivers the verification email from the outbox
    (message,) = OutboundEmail.objects.filter(to=[email])
    assert message.status == OutboundEmail.Status.SENT
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name=re.compile("Welcome")).wait_for()


@pytest.mark.parametrize("device", WIDTHS)
def test_a_new_applicant_watches_ifs_met_rule_by_rule_and_the_file_agrees(
    page, run_tasks, axe_check, tmp_path, capsys, device
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[device], strict=True)))
    today = timezone.localdate()

    def days_ago(n: int) -> str:
        return (today - timedelta(days=n)).isoformat()

    mentor = make_user(display_name="Mia Mentor")
    make_endorsement(
        make_association(),
        "Mia Mentor",
        "IMHM-C",
        holder=mentor,
        granted=today - timedelta(days=2000),
        expires=today + timedelta(days=2 * 365),
    )
    sign_up(page, run_tasks, axe_check, f"ana.{device}@example.org")

    page.goto("/portfolio/")
    page.get_by_role("heading", name="Your portfolio is empty").wait_for()
    axe_check(page)

    # A bachelor's degree.
    page.goto("/portfolio/education/new/")
    axe_check(page)
    page.get_by_label("What did you earn?").select_option(label="Bachelor's degree")
    page.get_by_label("When did you complete it?").fill(days_ago(6 * 365))
    page.get_by_label("Field of study").fill("Nursing")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Education added.").wait_for()
    seen, badge = ifs_rules(page, axe_check)
    assert set(seen) == set(RULES.values())
    assert met(seen) == {"education"}
    assert badge == "not yet"
    shot(page, f"journey-1-education-{device}")

    # Two years and more of paid prevention work with infants and their parents.
    page.goto("/portfolio/work/new/")
    axe_check(page)
    page.get_by_label("What was your role?").fill("Home visitor")
    page.get_by_label("Who did you work for?").fill("Lakeside Families")
    page.get_by_label("When did you start?").fill(days_ago(800))
    page.get_by_label("How many hours a week?").fill("40")
    page.get_by_label("It was paid work").check()
    page.get_by_label("Prevention: work with families").check()
    page.get_by_label("The child and a parent or caregiver, together").check()
    page.get_by_label("Age of the youngest children you served, in months").fill("0")
    page.get_by_label("Age of the oldest children you served, in months").fill("36")
    page.get_by_label("Developmental guidance").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Work experience added.").wait_for()
    seen, _ = ifs_rules(page, axe_check)
    assert met(seen) == {"education", "work"}

    # Thirty hours of IMH-specific training.
    page.goto("/portfolio/training/new/")
    axe_check(page)
    page.get_by_label("What was the training called?").fill("Foundations of infant mental health")
    page.get_by_label("When did it take place?").fill(days_ago(200))
    page.get_by_label("Hours").fill("30")
    page.get_by_label("and minutes").fill("0")
    page.get_by_label("It was about infant or early childhood mental health").check()
    page.get_by_label("Attachment, separation, trauma, grief and loss").check()
    page.evaluate("window.journeyMarker = 'no reload'")  # a full page load would drop it
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training added.").wait_for()
    # Saved through htmx: the list came in place, the address moved, the panel says what moved.
    assert page.evaluate("window.journeyMarker") == "no reload"
    assert page.url.endswith("/portfolio/training/")
    assert "✓ met" in panel_says(page, "IFS")
    assert "30 IMH-specific training hours; 30 needed" in panel_says(page, "IFS")
    axe_check(page)
    seen, _ = ifs_rules(page, axe_check)
    assert met(seen) == {"education", "work", "training"}
    shot(page, f"journey-2-training-{device}")
    card = ifs_card(page)
    card.screenshot(path=str(ARTIFACTS / f"journey-2-training-{device}-ifs.png"))
    assert "RS/C received: 0 of 24 RS/C hours" in card.inner_text()
    assert card.get_by_role("link", name="Log an RS/C session").is_visible()

    # The provider Dyad endorsed, then 24 weekly hours of RS/C with her.
    page.goto("/portfolio/providers/new/")
    axe_check(page)
    page.get_by_label("Their email in Dyad").fill(mentor.email)
    page.get_by_label("Their highest degree").select_option(label="Master's degree")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Provider added.").wait_for()
    seen, _ = ifs_rules(page, axe_check)
    assert met(seen) == {"education", "work", "training"}  # a provider alone is no RS/C

    page.goto("/portfolio/rsc-sessions/schedule/")
    axe_check(page)
    page.get_by_label("Every").select_option(str(today.weekday()))
    page.get_by_label("From").fill(days_ago(23 * 7))
    page.get_by_label("Until").fill(today.isoformat())
    page.get_by_label("How long is each session, in minutes?").fill("60")
    page.get_by_label("Individual", exact=True).check()
    page.get_by_label("Who gave it?").select_option(label="Mia Mentor")
    page.get_by_label("Which of your work was it about?").select_option(index=1)
    page.get_by_role("button", name="Preview the dates").click()
    preview = page.locator("#preview")
    preview.wait_for()
    assert "This adds 24 sessions" in preview.inner_text()
    axe_check(page)
    shot(page, f"journey-3-schedule-{device}")
    page.evaluate("window.journeyMarker = 'no reload'")
    page.get_by_role("button", name="Add these sessions").click()
    page.get_by_text("24 RS/C sessions added.").wait_for()
    assert page.evaluate("window.journeyMarker") == "no reload"
    assert "✓ met" in panel_says(page, "IFS")
    assert "24 RS/C hours from qualified providers" in panel_says(page, "IFS")
    seen, _ = ifs_rules(page, axe_check)
    assert met(seen) == {"education", "work", "training", "rsc_received"}

    # The two agreements, read and signed: one is not enough.
    page.goto("/portfolio/agreements/")
    axe_check(page)
    for document, expected in (
        ("code_of_ethics", {"education", "work", "training", "rsc_received"}),
        ("endorsement_agreement", {"education", "work", "training", "rsc_received", "agreements"}),
    ):
        page.goto("/portfolio/agreements/")
        section = page.locator("section", has=page.locator(f"#{document}-title"))
        section.get_by_role("button", name="I have read it and I sign it").click()
        page.get_by_text("Signed. Thank you.").wait_for()
        assert "You signed this on" in page.locator(f"#{document}-status").inner_text()
        seen, _ = ifs_rules(page, axe_check)
        assert met(seen) == expected

    # A membership.
    page.goto("/portfolio/membership/")
    axe_check(page)
    page.get_by_label("Which association are you a member of?").fill("GLAIMH")
    page.get_by_label("When does your membership expire?").fill(
        (today + timedelta(days=300)).isoformat()
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Membership saved.").wait_for()
    seen, badge = ifs_rules(page, axe_check)
    assert met(seen) == PORTFOLIO_RULES
    assert seen["references"] is False
    assert badge == "ready to apply"
    assert "The rest comes with your application to an association:" in (
        ifs_card(page).inner_text()
    )
    shot(page, f"journey-4-ready-{device}")
    page.screenshot(path=str(ARTIFACTS / f"journey-4-ready-{device}-top.png"))

    # The file the page offers, assessed by the command line, says the same rule by rule.
    response = page.request.get("/portfolio/export.json")
    assert response.ok
    path = tmp_path / "portfolio.json"
    path.write_bytes(response.body())
    capsys.readouterr()
    argv = ["assess", str(path), "--category", "IFS", "--format", "json"]
    dyad_main([*argv, "--as-of", today.isoformat()])
    printed = json.loads(capsys.readouterr().out)
    assert printed["category"] == "IFS"
    statuses = {f["rule"]: f["status"] for f in printed["findings"]}
    assert set(statuses) == set(seen)
    for rule in PORTFOLIO_RULES:
        assert statuses[rule] == ("met" if seen[rule] else "unmet"), rule
    assert statuses["references"] != "met"
