"""The scoring pages: who sees what (the isolation matrix), the blind scorer's page, the
coordinator's pages, the candidate's result, and their query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.associations.models import StaffMembership
from dyad.exams import scoring_services
from dyad.exams.models import Result
from dyad.testing.factories import make_staff, make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

from .scoring_cast import assignments, mine, scoring_world, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    """Alpha's form with two exam scorers (the cast's one and Scorer B), a sitting submitted by
    a candidate, scored by both (so a result exists), and a second one waiting for scores."""
    a = two_associations["alpha"]
    association, coordinator = a["association"], a["coordinator"]
    form, window, _none = scoring_world(association, coordinator, scorers=0)
    other = make_staff(association, StaffMembership.Role.EXAM_SCORER, display_name="Scorer B")
    candidate = make_user(display_name="Carla Candidate")
    done = submitted(window, coordinator, person=candidate)
    for scorer in (a["exam_scorer"], other):
        with scope(association=association):
            scoring_services.record_scores(
                sitting=done,
                scorer=scorer,
                scores={x.pk: ("3", "fine") for x in mine(done, scorer)},
            )
    waiting = submitted(window, coordinator)
    return {
        **two_associations,
        "form": form,
        "done": done,
        "waiting": waiting,
        "candidate": candidate,
        "other": other,
    }


def pages(w):
    slug = "alpha"
    return {
        # url: who may see it (who, role) or "candidate"
        reverse("exams:my_scoring", args=[slug]): {("alpha", "exam_scorer")},
        reverse("exams:score", args=[slug, w["waiting"].pk]): {("alpha", "exam_scorer")},
        reverse("exams:scoring_list", args=[slug]): {("alpha", "coordinator")},
        reverse("exams:scoring_detail", args=[slug, w["done"].pk]): {("alpha", "coordinator")},
        reverse("exams:psychometrics", args=[slug]): {("alpha", "coordinator")},
        reverse("exams:form_stats", args=[slug, w["form"].pk]): {("alpha", "coordinator")},
        reverse("exams:form_stats_csv", args=[slug, w["form"].pk]): {("alpha", "coordinator")},
        reverse("exams:result", args=[w["done"].pk]): {"candidate"},
    }


@pytest.mark.parametrize(
    ("who", "role"), [*VISITORS, ("candidate", None)], ids=[*VISITOR_IDS, "candidate"]
)
def test_scoring_pages_matrix(client, alpha, who, role):
    user = alpha["candidate"] if who == "candidate" else visitor(alpha, who, role)
    if user is not None:
        client.force_login(user)
    for url, allowed in pages(alpha).items():
        ok = (who, role) in allowed or (who == "candidate" and "candidate" in allowed)
        response = client.get(url)
        if who == "anonymous" and "candidate" in allowed:
            # the candidate's own pages ask a visitor to sign in first
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            continue
        assert response.status_code == (200 if ok else 404), (url, who, role)
        if ok and "stats.csv" not in url and who != "candidate":
            assert "Association beta" not in response.content.decode()


def test_a_scorer_sees_only_sittings_assigned_to_them(client, alpha):
    third = make_staff(alpha["alpha"]["association"], StaffMembership.Role.EXAM_SCORER)
    client.force_login(third)
    assert (
        client.get(reverse("exams:score", args=["alpha", alpha["waiting"].pk])).status_code == 404
    )
    page = client.get(reverse("exams:my_scoring", args=["alpha"])).content.decode()
    assert "Nothing to score yet" in page


def test_the_scorers_page_is_blind(client, alpha):
    waiting = alpha["waiting"]
    other = alpha["other"]
    with scope(association=waiting.association):
        scoring_services.record_scores(
            sitting=waiting,
            scorer=other,
            scores={x.pk: ("4", "B-NOTE-PRIVATE") for x in mine(waiting, other)},
        )
    client.force_login(alpha["alpha"]["exam_scorer"])
    html = client.get(reverse("exams:score", args=["alpha", waiting.pk])).content.decode()
    candidate = waiting.candidate
    # the case, the questions, the rubric and the responses are there...
    assert "Ana, 19, and her son Leo" in html
    assert "Written question 1" in html and "Names the relationship." in html
    assert "Answer one" in html and "Answer two" in html
    # ...never the candidate nor the other scorer's marks
    assert candidate.name not in html and candidate.email not in html
    assert "Scorer B" not in html and "B-NOTE-PRIVATE" not in html
    assert 'value="4"' not in html


def test_a_score_out_of_range_shows_its_message_next_to_the_field_and_keeps_the_rest(client, alpha):
    waiting = alpha["waiting"]
    scorer = alpha["alpha"]["exam_scorer"]
    own = mine(waiting, scorer)
    client.force_login(scorer)
    url = reverse("exams:score", args=["alpha", waiting.pk])
    response = client.post(
        url,
        {f"score_{own[0].pk}": "3", f"note_{own[0].pk}": "kept", f"score_{own[1].pk}": "9"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_score_{own[1].pk}-errors"' in html
    assert "Give a whole number from 0 to 4." in html
    assert 'value="3"' in html and "kept" in html  # what was typed comes back
    assert all(a.score is None for a in mine(waiting, scorer))  # nothing saved
    response = client.post(url, {f"score_{own[0].pk}": "3", f"score_{own[1].pk}": "2"})
    assert response.status_code == 302
    assert [a.score for a in mine(waiting, scorer)] == [3, 2]


def test_the_coordinator_sees_names_scores_and_the_result(client, alpha):
    client.force_login(alpha["alpha"]["coordinator"])
    html = client.get(reverse("exams:scoring_list", args=["alpha"])).content.decode()
    assert "Carla Candidate" in html and "passed" in html
    html = client.get(
        reverse("exams:scoring_detail", args=["alpha", alpha["done"].pk])
    ).content.decode()
    assert "Scorer B" in html and "Passed" in html
    assert "(fine)" in html  # the scorers' notes are for the coordinator


def test_the_coordinator_assigns_a_third_scorer_from_the_page(client, alpha):
    association = alpha["alpha"]["association"]
    waiting = alpha["waiting"]
    for scorer, value in ((alpha["alpha"]["exam_scorer"], "4"), (alpha["other"], "0")):
        with scope(association=association):
            scoring_services.record_scores(
                sitting=waiting,
                scorer=scorer,
                scores={x.pk: (value, "") for x in mine(waiting, scorer)},
            )
    # only two scorers, both on the pair: nobody was free to reconcile
    assert "third" not in {a.role for a in assignments(waiting)}
    third = make_staff(association, StaffMembership.Role.EXAM_SCORER, display_name="Scorer C")
    client.force_login(alpha["alpha"]["coordinator"])
    url = reverse("exams:scoring_detail", args=["alpha", waiting.pk])
    assert "needs a scorer" in client.get(url).content.decode()
    response = client.post(url, {"role": "third", "scorer": alpha["other"].pk})
    assert "already scores this response" in response.content.decode()
    response = client.post(url, {"role": "third", "scorer": third.pk})
    assert response.status_code == 302
    assert [a.scorer_id for a in assignments(waiting) if a.role == "third"] == [third.pk] * 2


def test_the_candidate_sees_the_result_with_feedback_and_never_the_key(client, alpha):
    client.force_login(alpha["candidate"])
    html = client.get(reverse("exams:result", args=[alpha["done"].pk])).content.decode()
    assert "You passed." in html
    assert "Attachment" in html  # an area of the items, with its share
    for text in ("Listen", "Their view of the baby", "The relationship", "Answer one", "key"):
        assert text not in html
    # the sitting still being scored has no result to show
    client.force_login(alpha["waiting"].candidate)
    assert client.get(reverse("exams:result", args=[alpha["waiting"].pk])).status_code == 404


def test_the_psychometrics_page_and_csv_show_the_numbers(client, alpha):
    client.force_login(alpha["alpha"]["coordinator"])
    html = client.get(
        reverse("exams:form_stats", args=["alpha", alpha["form"].pk])
    ).content.decode()
    assert 'class="item-chart"' in html and "mc-1" in html
    csv = client.get(
        reverse("exams:form_stats_csv", args=["alpha", alpha["form"].pk])
    ).content.decode()
    assert csv.splitlines()[0].startswith("section,name,difficulty")
    assert "written,w-1," in csv


@pytest.mark.parametrize("size", [2, 8])
def test_list_pages_cost_the_same_queries_at_two_sizes(
    client, two_associations, size, django_assert_max_num_queries
):
    a = two_associations["alpha"]
    association, coordinator = a["association"], a["coordinator"]
    _form, window, _none = scoring_world(association, coordinator, scorers=1)
    for _n in range(size):
        submitted(window, coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exams:scoring_list", args=["alpha"]))
    assert response.content.decode().count("needs a scorer") == 0
    client.force_login(a["exam_scorer"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("exams:my_scoring", args=["alpha"]))
    assert response.content.decode().count("Response set #") == size
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("exams:form_stats", args=["alpha", _form.pk]))
    assert response.status_code == 200


def test_nothing_is_decided_twice(alpha):
    with scopes_disabled():
        assert Result.objects.filter(sitting=alpha["done"]).count() == 1


def test_the_page_numbers_are_what_dyad_exam_stats_computes_from_the_same_rows(
    alpha, tmp_path, capsys
):
    """The staff page and the command share one computation: the rows the page reads from the
    database, written as SCORES.csv, give the command the same JSON."""
    import json

    from dyad.cli import main
    from dyad.exams import psychometrics

    with scopes_disabled():
        rows, _extra = psychometrics.form_rows(alpha["form"])
        found = psychometrics.form_stats(alpha["form"])
    path = tmp_path / "scores.csv"
    path.write_text(
        "candidate,item,kind,scorer,score,max_score\n"
        + "".join(
            f"{r.candidate},{r.item},{r.kind},{r.scorer},{r.score},{r.max_score}\n" for r in rows
        ),
        encoding="utf-8",
    )
    assert main(["exam", "stats", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == found.result
    assert [i["item"] for i in found.result["items"]] == ["mc-1", "mc-2", "mc-3"]


def test_the_csv_export_cannot_carry_a_formula(client, alpha):
    from dyad.accounts.models import User

    User.objects.filter(pk=alpha["other"].pk).update(display_name='=HYPERLINK("http://x")')
    client.force_login(alpha["alpha"]["coordinator"])
    response = client.get(reverse("exams:form_stats_csv", args=["alpha", alpha["form"].pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "scorer,'=HYPERLINK" in body.replace('"', "")
    assert "\nscorer,=" not in body and '\nscorer,"=' not in body
