"""Review: reviewers assigned without conflicts of interest (refused with the reason), each rule of
the snapshot judged, a recommendation, then the coordinator's decision; all from the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.applications import reviewing, services, states
from dyad.applications.models import Application, Assignment
from dyad.applications.services import ApplicationError
from dyad.associations.services import add_staff_member
from dyad.portfolios import services as portfolio
from dyad.portfolios.models import RscProvider
from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user
from dyad.testing.portfolios import ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    association = make_association("alpha", standards=["IMH-E"])
    return {
        "association": association,
        "coordinator": make_staff(association, "coordinator", display_name="Cora Coordinator"),
        "reviewer": make_staff(association, "reviewer", display_name="Rui Reviewer"),
    }


def test_assigning_the_first_reviewer_starts_the_review_and_twice_is_once(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    for _ in range(2):
        reviewing.assign_reviewer(
            application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
        )
    application.refresh_from_db()
    assert application.state == states.IN_REVIEW
    with scopes_disabled():
        assert Assignment.objects.filter(application=application).count() == 1


def test_a_reviewer_who_is_the_applicants_rsc_provider_is_refused(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    # the applicant's RS/C provider (a Dyad account) also reviews for the association
    provider = RscProvider.objects.get(owner=application.applicant).user
    with scopes_disabled():
        add_staff_member(association=alpha["association"], user=provider, role="reviewer")
    with pytest.raises(ApplicationError) as refused:
        reviewing.assign_reviewer(
            application=application, reviewer=provider, actor=alpha["coordinator"]
        )
    assert "RS/C providers" in refused.value.message
    assert refused.value.field == "reviewer"


def test_a_reviewer_who_gave_a_reference_is_refused(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    rater = make_staff(alpha["association"], "reviewer", email="rater1@example.org")
    with pytest.raises(ApplicationError, match="reference for this application"):
        reviewing.assign_reviewer(
            application=application, reviewer=rater, actor=alpha["coordinator"]
        )


def test_a_reviewer_who_shares_an_employer_is_refused_with_its_name(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    portfolio.add_work_experience(
        owner=alpha["reviewer"],
        role="Supervisor",
        employer="LAKESIDE  families.",
        start=ago(900),
        hours_per_week=20,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
    )
    with pytest.raises(ApplicationError, match="share an employer: Lakeside Families"):
        reviewing.assign_reviewer(
            application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
        )


def test_only_the_associations_reviewers_review_and_only_its_coordinator_assigns(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    outsider = make_staff(make_association(), "reviewer")
    with pytest.raises(ApplicationError, match="reviewer or coordinator of the association"):
        reviewing.assign_reviewer(
            application=application, reviewer=outsider, actor=alpha["coordinator"]
        )
    with pytest.raises(ApplicationError, match="Only a coordinator"):
        reviewing.assign_reviewer(
            application=application, reviewer=alpha["reviewer"], actor=alpha["reviewer"]
        )


def test_a_recommendation_needs_every_rule_judged(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    assignment = reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    reviewing.record_judgement(
        assignment=assignment, actor=alpha["reviewer"], rule="work", judgement="confirmed"
    )
    with pytest.raises(ApplicationError, match="Judge every requirement first: Education"):
        reviewing.recommend(
            assignment=assignment, actor=alpha["reviewer"], recommendation="endorse"
        )
    with pytest.raises(ApplicationError, match="Only the assigned reviewer"):
        reviewing.record_judgement(
            assignment=assignment, actor=alpha["coordinator"], rule="work", judgement="confirmed"
        )


def sign_in(client, user):
    client.force_login(user)
    return client


def test_the_whole_review_from_the_pages(client, alpha, submit):
    slug = alpha["association"].slug
    application = submit(alpha["association"], alpha["coordinator"])
    page = reverse("pipeline:application", args=[slug, application.pk])

    sign_in(client, alpha["coordinator"])
    html = client.get(page).content.decode()
    assert "What was submitted" in html and "Snapshot 1" in html
    assert "Training: Foundations of infant mental health" in html  # evidence described
    response = client.post(page, {"action": "assign", "reviewer": alpha["reviewer"].pk})
    assert response.status_code == 302

    sign_in(client, alpha["reviewer"])
    reviews = client.get(reverse("pipeline:reviews", args=[slug])).content.decode()
    assert "IFS application of Ana Applicant" in reviews
    with scopes_disabled():
        assignment = Assignment.objects.get(application=application)
    review = reverse("pipeline:review", args=[slug, assignment.pk])
    with scopes_disabled():
        rules = [f["rule"] for f in application.snapshots.get().assessment["findings"]]
    data = {f"judgement_{r}": "confirmed" for r in rules}
    data.update({f"comment_{r}": "" for r in rules})
    # recommend without choosing a recommendation: an error next to the field, judgements kept
    response = client.post(review, {**data, "action": "recommend", "recommendation": ""})
    assert "Choose a recommendation." in response.content.decode()
    response = client.post(
        review, {**data, "action": "recommend", "recommendation": "endorse", "comment": "Solid"}
    )
    assert response.status_code == 302

    sign_in(client, alpha["coordinator"])
    html = client.get(page).content.decode()
    assert "Rui Reviewer" in html and "endorse" in html and "Solid" in html
    response = client.post(page, {"action": "decide", "decision": "deny", "reason": ""})
    assert "Say why the application is denied." in response.content.decode()
    response = client.post(page, {"action": "decide", "decision": "endorse"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == states.ENDORSED
    html = client.get(page).content.decode()
    assert "Rui Reviewer recommended: endorse" in html
    assert f"Endorsed: endorsement {application.endorsement.number} granted" in html


def test_a_return_names_the_rules_to_address(client, alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    page = reverse("pipeline:application", args=[alpha["association"].slug, application.pk])
    sign_in(client, alpha["coordinator"])
    response = client.post(page, {"action": "decide", "decision": "return", "reason": "x"})
    assert "Tick what the applicant must address." in response.content.decode()
    client.post(page, {"action": "decide", "decision": "return", "rules": ["work"], "reason": "x"})
    application.refresh_from_db()
    assert application.state == states.RETURNED


def test_a_reviewer_can_declare_a_conflict(client, alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    assignment = reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    sign_in(client, alpha["reviewer"])
    url = reverse("pipeline:review", args=[alpha["association"].slug, assignment.pk])
    client.post(url, {"action": "conflict", "reason": "She is my neighbour"})
    with scopes_disabled():
        assignment.refresh_from_db()
    assert assignment.state == Assignment.State.CONFLICT
    sign_in(client, alpha["coordinator"])
    html = client.get(
        reverse("pipeline:application", args=[alpha["association"].slug, application.pk])
    ).content.decode()
    assert "Rui Reviewer declared a conflict: She is my neighbour" in html


def test_bulk_assignment_reports_refusals(client, alpha, submit):
    first = submit(alpha["association"], alpha["coordinator"])
    second = submit(alpha["association"], alpha["coordinator"])
    make_endorsement(make_association(), "Rui Reviewer", "IMHM-C", holder=alpha["reviewer"])
    portfolio.add_rsc_provider(owner=second.applicant, user=alpha["reviewer"], degree="master")
    sign_in(client, alpha["coordinator"])
    url = reverse("pipeline:list", args=[alpha["association"].slug])
    response = client.post(
        url, {"applications": [first.pk, second.pk], "reviewer": alpha["reviewer"].pk}, follow=True
    )
    html = response.content.decode()
    assert "assigned to 1 application(s)" in html
    assert f"#{second.pk}: The reviewer is one of the applicant" in html


def test_the_pipeline_filters_and_says_who_acts_next(client, alpha, submit):
    submitted = submit(alpha["association"], alpha["coordinator"])
    services.start_application(
        applicant=make_user(display_name="Sam Starter"),
        association=alpha["association"],
        category="IFA",
    )
    sign_in(client, alpha["coordinator"])
    url = reverse("pipeline:list", args=[alpha["association"].slug])
    html = client.get(url).content.decode()
    assert "Sam Starter" in html and "Ana Applicant" in html
    assert "the applicant" in html and "the coordinator" in html
    only = client.get(url, {"state": "submitted"}).content.decode()
    assert "Ana Applicant" in only and "Sam Starter" not in only
    assert submitted.pk


def _many(association, n: int, state: str = "started") -> None:
    users = User.objects.bulk_create(
        [User(email=f"bulk{n}-{i}@example.org", display_name=f"Bulk {i}") for i in range(n)]
    )
    with scopes_disabled():
        Application.objects.bulk_create(
            [
                Application(
                    association=association,
                    applicant=u,
                    category="IFS",
                    requirement_set="imh-e-baseline",
                    requirement_set_version=1,
                    state=state,
                )
                for u in users
            ]
        )


@pytest.mark.parametrize("n", [10, 1000])
@pytest.mark.parametrize("state", ["started", "in_review"])
def test_the_pipeline_costs_the_same_queries_at_10_and_1000(client, alpha, n, state):
    # in review, who acts next depends on the association's number of reviewers: read once
    _many(alpha["association"], n, state)
    sign_in(client, alpha["coordinator"])
    url = reverse("pipeline:list", args=[alpha["association"].slug])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 14, [q["sql"][:120] for q in queries]
