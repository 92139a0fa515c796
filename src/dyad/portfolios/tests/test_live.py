"""The portfolio's pages save in place: through htmx a save moves to the next page without a full
reload (HX-Location), a mistake comes back next to its field; the "Where you stand" panel shows the
engine's numbers for the page's requirement at a fixed query cost; edit forms keep a draft too; the
training chart's bars follow the hours."""

import json
import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dyad.portfolios import services
from dyad.portfolios.charts import BAR_MAX, area_chart
from dyad.portfolios.models import (
    Agreement,
    Education,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)
from dyad.portfolios.selectors import FACTS_QUERIES
from dyad.testing.factories import make_user

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TRAINING_POST = {
    "title": "Foundations of infant mental health",
    "date": "2025-03-01",
    "hours": "30",
    "minutes": "0",
    "imh_specific": "on",
    "areas": ["attachment_loss"],
}


def ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def ana(client):
    person = make_user(display_name="Ana Ruiz")
    client.force_login(person)
    return person


def location(response) -> dict:
    assert response.status_code == 200, response.status_code
    return json.loads(response["HX-Location"])


def text(response) -> str:
    return response.content.decode()


# -- saving through htmx --------------------------------------------------------------------------


def test_an_htmx_save_moves_to_the_list_in_place_and_says_saved(client, ana):
    response = client.post(reverse("portfolios:new_training"), TRAINING_POST, headers=HTMX)
    assert location(response) == {
        "path": reverse("portfolios:training_list"),
        "target": "#main",
        "select": "#main",
        "swap": "outerHTML",
    }
    assert Training.objects.get(owner=ana).minutes == 30 * 60
    listing = text(client.get(reverse("portfolios:training_list"), headers=HTMX))
    assert "Training added." in listing
    assert "Foundations of infant mental health" in listing


def test_without_javascript_the_same_save_redirects(client, ana):
    response = client.post(reverse("portfolios:new_training"), TRAINING_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:training_list")
    assert "HX-Location" not in response


def test_an_htmx_save_with_a_mistake_comes_back_with_the_error_beside_the_field(client, ana):
    post = {**TRAINING_POST, "title": "Kept as typed", "hours": "0", "minutes": "0"}
    response = client.post(reverse("portfolios:new_training"), post, headers=HTMX)
    assert response.status_code == 200  # htmx swaps a 200; the form replaces itself in #main
    assert "HX-Location" not in response
    html = text(response)
    assert 'id="id_minutes-errors"' in html
    assert "at least one minute" in html
    assert 'value="Kept as typed"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_minutes"', html)
    assert not Training.objects.exists()


def test_a_retried_htmx_save_adds_once(client, ana):
    post = {**TRAINING_POST, "key": str(uuid.uuid4())}
    for _ in range(3):
        location(client.post(reverse("portfolios:new_training"), post, headers=HTMX))
    assert Training.objects.filter(owner=ana).count() == 1


def test_every_other_form_answers_htmx_with_the_page_it_would_redirect_to(client, ana):
    training = services.add_training(owner=ana, title="Old", date=ago(10), minutes=60)
    provider = services.add_rsc_provider(owner=ana, actor=ana, name="Rosa Díaz")
    stated = services.add_stated_endorsement(
        provider=provider, actor=ana, category="IMHM-C", start=ago(4000)
    )
    membership = services.record_membership(
        owner=ana, actor=ana, association_name="GLAIMH", expires=ago(-300)
    )
    schedule = {
        "weekday": str(ago(0).weekday()),
        "date": ago(21).isoformat(),
        "end": ago(0).isoformat(),
        "minutes": "60",
        "format": "individual",
        "provider": str(provider.pk),
        "confirm": "1",
    }
    cases = [
        (
            reverse("portfolios:edit_training", args=[training.pk]),
            {**TRAINING_POST, "title": "New"},
            "training_list",
        ),
        (reverse("portfolios:rsc_schedule"), schedule, "rsc_session_list"),
        (
            reverse("portfolios:agreements"),
            {"document": "code_of_ethics", "key": str(uuid.uuid4())},
            "agreements",
        ),
        (
            reverse("portfolios:membership"),
            {"association_name": "Zero to Three", "expires": ago(-30).isoformat()},
            "membership",
        ),
        (reverse("portfolios:delete_membership", args=[membership.pk]), {}, "membership"),
        (reverse("portfolios:delete_stated_endorsement", args=[provider.pk, stated.pk]), {}, None),
        (reverse("portfolios:delete_training", args=[training.pk]), {}, "training_list"),
    ]
    for url, post, to in cases:
        expected = (
            reverse(f"portfolios:{to}")
            if to
            else reverse("portfolios:edit_provider", args=[provider.pk])
        )
        assert location(client.post(url, post, headers=HTMX))["path"] == expected, url
    assert not Training.objects.filter(owner=ana).exists()
    assert RscSession.objects.filter(owner=ana).count() == 4
    assert Agreement.objects.filter(owner=ana).count() == 1
    assert list(
        Membership.objects.filter(owner=ana).values_list("association_name", flat=True)
    ) == ["Zero to Three"]
    assert not StatedEndorsement.objects.filter(provider=provider).exists()


def test_a_schedule_preview_through_htmx_shows_the_dates_in_place(client, ana):
    provider = services.add_rsc_provider(owner=ana, actor=ana, name="Rosa Díaz")
    post = {
        "weekday": str(ago(0).weekday()),
        "date": ago(14).isoformat(),
        "end": ago(0).isoformat(),
        "minutes": "60",
        "format": "individual",
        "provider": str(provider.pk),
    }
    response = client.post(reverse("portfolios:rsc_schedule"), post, headers=HTMX)
    assert "HX-Location" not in response
    assert "This adds 3 sessions" in text(response)
    assert "data-autofocus" in text(response)  # focus moves to the dates
    assert not RscSession.objects.exists()


def test_the_entry_forms_post_through_htmx_into_main(client, ana):
    training = services.add_training(owner=ana, title="Old", date=ago(10), minutes=60)
    for url in (
        reverse("portfolios:new_training"),
        reverse("portfolios:edit_training", args=[training.pk]),
        reverse("portfolios:delete_training", args=[training.pk]),
        reverse("portfolios:rsc_schedule"),
        reverse("portfolios:agreements"),
        reverse("portfolios:membership"),
    ):
        html = text(client.get(url))
        assert f'hx-post="{url}" hx-target="#main" hx-select="#main" hx-swap="outerHTML"' in html


# -- the "Where you stand" panel ------------------------------------------------------------------


def clean(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def panel_status(html: str, category: str) -> str:
    match = re.search(rf'<li class="list-inline-item" data-category="{category}">(.*?)</li>', html)
    assert match, category
    return clean(match.group(1))


def panel_line(html: str, category: str) -> str:
    """The panel's line about the page's requirement that names `category`."""
    for names, line in re.findall(r'<li class="mb-1" data-categories="([^"]*)">(.*?)</li>', html):
        if category in names.split():
            return clean(line)
    raise AssertionError(category)


def test_the_panel_shows_the_pages_requirement_per_category_and_changes_after_a_save(client, ana):
    before = text(client.get(reverse("portfolios:training_list")))
    assert 'aria-live="polite"' in before
    assert "Where you stand for IMH-E" in before
    assert panel_status(before, "IFS") == "IFS not yet"
    line = panel_line(before, "IFS")
    assert line.startswith("✗ unmet · Specialized training (IFA, IFS,")
    assert "0 of 30 IMH-specific training hours; 30 to go" in line
    client.post(reverse("portfolios:new_training"), {**TRAINING_POST, "date": ago(5).isoformat()})
    after = panel_line(text(client.get(reverse("portfolios:training_list"))), "IFS")
    assert after.startswith("✓ met · Specialized training")
    assert "30 IMH-specific training hours; 30 needed" in after
    # the RS/C pages speak of RS/C
    rsc = text(client.get(reverse("portfolios:rsc_session_list")))
    line = panel_line(rsc, "IFS")
    assert "RS/C received" in line and "0 of 24 RS/C hours" in line and "24 to go" in line
    assert 'href="/portfolio/"' in rsc


def test_categories_asking_different_amounts_get_their_own_line(client, ana):
    html = text(client.get(reverse("portfolios:rsc_session_list")))
    lines = re.findall(r'<li class="mb-1" data-categories="([^"]*)">', html)
    assert len(lines) > 1  # IFA asks no RS/C hours that IFS asks, say
    named = [c for names in lines for c in names.split()]
    assert len(named) == len(set(named))  # each category on one line only


def test_the_panel_is_on_agreements_and_membership(client, ana):
    services.sign_agreement(
        owner=ana, actor=ana, document="code_of_ethics", signed=ago(0), key=uuid.uuid4()
    )
    agreements = panel_line(text(client.get(reverse("portfolios:agreements"))), "IFA")
    assert agreements.startswith("✗ unmet · Agreements")
    membership = panel_line(text(client.get(reverse("portfolios:membership"))), "IFA")
    assert membership.startswith("✗ unmet · Membership")


def bulk_fill(person, n: int) -> None:
    """`n` rows of every kind (the services would take minutes at this size; the rows are the
    same)."""
    provider = RscProvider.objects.create(owner=person, name="Rosa Díaz")
    RscProvider.objects.bulk_create(RscProvider(owner=person, name=f"Entry p{i}") for i in range(n))
    StatedEndorsement.objects.bulk_create(
        StatedEndorsement(provider=p, category="IMHM-C", start=ago(4000))
        for p in RscProvider.objects.filter(owner=person)
    )
    work = WorkExperience.objects.create(
        owner=person,
        start=ago(900),
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
        hours_per_week=40,
    )
    WorkExperience.objects.bulk_create(
        WorkExperience(
            owner=person,
            role=f"Entry w{i}",
            start=ago(900 + i),
            kind="prevention",
            participants="child_and_caregiver",
            min_months=0,
            max_months=36,
            hours_per_week=10,
        )
        for i in range(n)
    )
    Training.objects.bulk_create(
        Training(
            owner=person, title=f"Entry t{i}", date=ago(i % 700), minutes=60, areas=["disorders"]
        )
        for i in range(n)
    )
    RscSession.objects.bulk_create(
        RscSession(
            owner=person,
            date=ago(i % 700),
            minutes=60,
            format="individual",
            provider=provider,
            work=work,
        )
        for i in range(n)
    )
    Education.objects.bulk_create(
        Education(owner=person, level="bachelor", completed=ago(3000 + i), field=f"Entry e{i}")
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(owner=person, association_name=f"Entry m{i}", expires=ago(-i)) for i in range(n)
    )
    Agreement.objects.bulk_create(
        Agreement(owner=person, document="code_of_ethics", signed=ago(i % 700)) for i in range(n)
    )


PAGES = [
    *(f"portfolios:{k}_list" for k in ("training", "work", "rsc_session", "provider", "education")),
    "portfolios:agreements",
    "portfolios:membership",
]


def test_the_pages_with_the_panel_cost_the_same_queries_at_5_and_500_entries(client):
    small, large = make_user(), make_user()
    bulk_fill(small, 5)
    bulk_fill(large, 500)
    for name in PAGES:
        counts = []
        for person in (small, large):
            client.force_login(person)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name))
            assert response.status_code == 200
            assert "Where you stand for" in text(response)
            counts.append(len(queries))
        assert counts[0] == counts[1], (name, counts)
        assert counts[1] <= 6 + FACTS_QUERIES, (name, counts)


# -- drafts of edit forms -------------------------------------------------------------------------


def test_an_edit_forms_draft_is_kept_per_entry_restored_then_cleared_on_save(client, ana):
    first = services.add_training(owner=ana, title="First", date=ago(10), minutes=60)
    second = services.add_training(owner=ana, title="Second", date=ago(20), minutes=60)
    draft_url = reverse("portfolios:draft_edit_training", args=[first.pk])
    typed = {**TRAINING_POST, "title": "First, renamed", "draft_at": "1700000000000"}
    assert client.post(draft_url, typed).status_code == 204
    assert Training.objects.get(pk=first.pk).title == "First"  # a draft saves nothing
    html = text(client.get(reverse("portfolios:edit_training", args=[first.pk])))
    assert "We kept what you were typing last time." in html
    assert 'value="First, renamed"' in html
    assert 'data-draft-at="1700000000000"' in html
    assert f'data-draft="dyad-draft:{ana.pk}:training:{first.pk}"' in html
    # the other entry's form knows nothing of it
    other = text(client.get(reverse("portfolios:edit_training", args=[second.pk])))
    assert "First, renamed" not in other and "We kept what you were typing" not in other
    assert 'data-draft-at="0"' in other
    # back to what is saved
    fresh = text(client.get(reverse("portfolios:edit_training", args=[first.pk]) + "?fresh=1"))
    assert 'value="First"' in fresh and "First, renamed" not in fresh
    # a saved change clears the draft
    client.post(draft_url, typed)
    edit_url = reverse("portfolios:edit_training", args=[first.pk])
    location(client.post(edit_url, {**TRAINING_POST, "title": "First, renamed"}, headers=HTMX))
    assert Training.objects.get(pk=first.pk).title == "First, renamed"
    html = text(client.get(edit_url))
    assert "We kept what you were typing" not in html


def test_a_change_elsewhere_gives_the_edit_form_another_base_for_the_browsers_copy(client, ana):
    row = services.add_training(owner=ana, title="First", date=ago(10), minutes=60)
    url = reverse("portfolios:edit_training", args=[row.pk])
    base = re.search(r'data-draft-base="(\w+)"', text(client.get(url))).group(1)
    assert re.search(r'data-draft-base="(\w+)"', text(client.get(url))).group(1) == base
    services.change_training(training=row, actor=ana, title="Changed on the phone")
    assert re.search(r'data-draft-base="(\w+)"', text(client.get(url))).group(1) != base
    new = text(client.get(reverse("portfolios:new_training")))
    assert 'data-draft-base="new"' in new


# -- the training chart ---------------------------------------------------------------------------


def test_the_charts_bars_follow_the_hours():
    chart = area_chart(
        [
            {"name": "A", "hours": 40.0, "imh": 10.0},
            {"name": "B", "hours": 10.0, "imh": 10.0},
            {"name": "C", "hours": 0.0, "imh": 0.0},
        ]
    )
    a, b, c = chart.bars
    assert a.width == BAR_MAX  # the largest area fills the bar
    assert b.width == BAR_MAX / 4
    assert a.imh_width == b.imh_width == BAR_MAX / 4
    assert c.width == c.imh_width == 0
    assert len({bar.bar_y for bar in chart.bars}) == 3  # one row each
    assert area_chart([{"name": "A", "hours": 0.0, "imh": 0.0}]).empty


def test_a_long_area_name_is_fitted_to_the_chart_not_cut(client):
    from django.template.loader import render_to_string

    long_name = "Práctica centrada en el bebé o niño pequeño y en la familia"
    chart = area_chart([{"name": long_name, "hours": 3.0, "imh": 1.0}])
    svg = render_to_string("portfolios/_area_chart.html", {"chart": chart})
    assert f'textLength="{chart.width}" lengthAdjust="spacingAndGlyphs">{long_name}<' in svg
    short = render_to_string(
        "portfolios/_area_chart.html", {"chart": area_chart([{"name": "A", "hours": 1, "imh": 0}])}
    )
    assert "textLength" not in short


def test_the_home_page_draws_the_chart_from_the_portfolio_beside_the_table(client, ana):
    services.add_education(owner=ana, level="bachelor", completed=ago(400))
    services.add_training(owner=ana, title="T1", date=ago(30), minutes=600, areas=["disorders"])
    services.add_training(
        owner=ana,
        title="T2",
        date=ago(30),
        minutes=300,
        imh_specific=True,
        areas=["cultural_competence", "disorders"],
    )
    html = text(client.get("/portfolio/"))
    svg = re.search(r"<svg class=\"area-chart\".*?</svg>", html, re.S).group(0)
    assert 'aria-hidden="true"' in svg and "style=" not in svg
    widths = {
        area: float(w)
        for area, w in re.findall(
            r'data-area="([^"]+)">\s*<text[^>]*>[^<]*</text>\s*<rect[^>]*width="([\d.]+)"', svg
        )
    }
    assert widths["Disorders of infancy and early childhood"] == BAR_MAX  # 15 hours
    assert widths["Cultural competence"] == pytest.approx(BAR_MAX / 3, abs=0.1)  # 5 hours
    assert widths["Family relationships and dynamics"] == 0
    assert "<table" in html  # the accessible version stays
