"""The portfolio's home page: where the signed-in person stands, with the numbers, what is missing
and where to add it; each work entry's IMH practice criteria; training hours per area."""

import re

import pytest
from django.urls import reverse

from dyad.portfolios import services
from dyad.portfolios.models import RscSession, Training
from dyad.testing.factories import make_user
from dyad.testing.portfolios import ago, nearly_ifs

pytestmark = pytest.mark.django_db

HOME = "/portfolio/"


def area_row(html: str, name: str) -> tuple[str, str]:
    """The hours and the IMH-specific hours the area table shows for one area."""
    found = re.search(
        re.escape(name) + r'</th><td class="text-end">([^<]*)</td><td class="text-end">([^<]*)<',
        html,
    )
    assert found, f"no row for {name}"
    return found.groups()


def page(client, user, query=""):
    client.force_login(user)
    response = client.get(HOME + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_at_portfolio_and_named_home():
    assert reverse("portfolios:home") == HOME


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_empty_portfolio_says_what_to_do_first(client):
    html = page(client, make_user())
    assert "Your portfolio is empty" in html
    assert "Add education" in html and "Add training" in html
    assert reverse("portfolios:export") in html
    assert reverse("portfolios:import") in html  # or bring a portfolio file
    assert "IFS" not in html  # no categories on an empty portfolio


def test_each_category_shows_its_status_and_numbers(client):
    ana = make_user()
    nearly_ifs(ana)
    html = page(client, ana)
    assert "Infant Family Specialist" in html and "Early Childhood Family Specialist" in html
    # RS/C: 20 of 24 hours, the rate of the last year closes the gap
    assert "RS/C received" in html
    assert "20 of 24 RS/C hours" in html and "4 to go" in html
    assert "at the present rate" in html
    assert "on track" in html
    # IFA needs nothing a portfolio can still add: only the references of an application
    assert "ready to apply" in html
    assert "Highest category met:" in html
    assert "Nearest to reach:" in html
    # an overview table leads to each category's card
    assert 'href="#cat-IFS"' in html and 'id="cat-IFS"' in html
    assert "IMH-E at a glance" in html


def test_a_standard_can_be_chosen(client):
    ana = make_user()
    nearly_ifs(ana)
    html = page(client, ana, "?standard=ECMH-E")
    assert "Early Childhood Family Specialist" in html
    assert "Infant Family Specialist<" not in html and "cat-IFS" not in html
    # an unknown standard shows both
    assert "cat-IFS" in page(client, ana, "?standard=nonsense")


def test_each_missing_piece_links_to_the_form_that_fills_it(client):
    ana = make_user()
    services.add_education(owner=ana, level="bachelor", completed=ago(400))
    html = page(client, ana)
    for text in (
        "Add training",
        "Add work experience",
        "Log an RS/C session",
        "Add an RS/C provider",
        "Sign the agreements",
        "Record a membership",
    ):
        assert text in html
    assert f'href="{reverse("portfolios:new_training")}"' in html
    assert f'href="{reverse("portfolios:new_rsc_session")}"' in html


def test_a_met_rule_has_no_link_to_fill_it(client):
    ana = make_user()
    nearly_ifs(ana, rsc_hours=30)
    html = page(client, ana, "?standard=IMH-E")
    assert "Sign the agreements" not in html
    assert "Record a membership" not in html


def test_each_work_entry_says_whether_it_is_imh_practice_and_why(client):
    ana = make_user()
    nearly_ifs(ana)
    html = page(client, ana)
    assert "Home visitor, Lakeside Families" in html
    assert "not IMH practice" in html  # prevention, not stated relationship-focused
    assert "works with both the child and a parent or primary caregiver" in html
    assert "includes at least one named IMH service" in html
    assert "20 RS/C sessions are recorded about this work" in html
    assert "Both take part: the young child and a parent or primary caregiver" in html
    assert "Your discipline, license and setting never count against you." in html

    ben = make_user()
    services.add_work_experience(
        owner=ben,
        role="Infant mental health therapist",
        start=ago(800),
        hours_per_week=30,
        paid=True,
        kind="intervention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
        services=["relationship_based_therapy"],
        relationship_focused=True,
        addresses_attachment_loss=True,
    )
    html = page(client, ben)
    assert "counts as IMH practice" in html
    assert "as you state it" in html


def test_training_hours_per_knowledge_area_as_a_table(client):
    ana = make_user()
    nearly_ifs(ana, training_hours=31)
    services.add_training(
        owner=ana, title="Culture", date=ago(30), minutes=90, areas=["cultural_competence"]
    )
    html = page(client, ana)
    assert "Training hours per knowledge area" in html
    assert area_row(html, "Attachment, separation, trauma, grief and loss") == ("31", "31")
    assert area_row(html, "Cultural competence") == ("1.5", "0")
    assert area_row(html, "Disorders of infancy and early childhood") == ("0", "0")


def test_the_page_speaks_spanish(client):
    ana = make_user()
    nearly_ifs(ana)
    client.force_login(ana)
    html = client.get(HOME, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Especialista" in html  # the category names come translated


def test_future_entries_are_not_counted_in_the_area_table(client):
    ana = make_user()
    services.add_education(owner=ana, level="bachelor", completed=ago(400))
    services.add_training(
        owner=ana, title="Next month", date=ago(-30), minutes=600, areas=["disorders"]
    )
    html = page(client, ana)
    assert area_row(html, "Disorders of infancy and early childhood") == ("0", "0")


@pytest.mark.parametrize("entries", [5, 2000])
def test_the_page_costs_the_same_queries_at_5_and_2000_entries(
    client, django_assert_max_num_queries, entries
):
    ana = make_user()
    work = nearly_ifs(ana, rsc_hours=1)
    provider = RscSession.objects.get(owner=ana).provider
    # Thousands of rows through the services would take minutes; the rows are the same.
    Training.objects.bulk_create(
        Training(
            owner=ana,
            title=f"T{i}",
            date=ago(i % 700),
            minutes=60,
            imh_specific=bool(i % 2),
            areas=["family_dynamics"],
        )
        for i in range(entries // 2)
    )
    RscSession.objects.bulk_create(
        RscSession(
            owner=ana,
            date=ago(i % 700),
            minutes=60,
            format="individual",
            provider=provider,
            work=work,
        )
        for i in range(entries - entries // 2)
    )
    client.force_login(ana)
    with django_assert_max_num_queries(15):
        response = client.get(HOME)
    assert response.status_code == 200
    assert "Infant Family Specialist" in response.content.decode()


def test_the_dashboard_leads_an_applicant_to_their_portfolio(client):
    client.force_login(make_user())
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Your portfolio" in html
    assert f'href="{HOME}"' in html


def test_a_long_list_of_evidence_is_cut_to_ten_with_a_count(client):
    ana = make_user()
    nearly_ifs(ana, rsc_hours=12)
    html = page(client, ana, "?standard=IMH-E")
    assert "and 2 more)" in html


def test_the_dashboard_says_where_the_applicant_stands(client):
    ana = make_user()
    nearly_ifs(ana)
    client.force_login(ana)
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Highest category met: IFA · Infant Family Associate." in html
    assert "Nearest to reach: IFS · Infant Family Specialist (met by" in html
    assert "Highest category met: ECFA · Early Childhood Family Associate." in html
