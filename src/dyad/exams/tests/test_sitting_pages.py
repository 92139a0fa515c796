"""The candidate's pages: their sittings, starting, the exam page (shuffled options, no answer
key), the autosave endpoint (3 queries or fewer, newer saves win, nobody else's sitting),
resuming where they were, submitting once."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.associations.models import StaffMembership
from dyad.core.models import OutboundEmail
from dyad.exams import builder_services, sitting_services
from dyad.exams.models import Answer, ExamForm, Item, Sitting
from dyad.testing.factories import make_user

from .sitting_cast import invited, items_of, open_window, published_form, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def form(alpha):
    return published_form(alpha["association"], alpha["coordinator"])


@pytest.fixture
def window(form, alpha):
    return open_window(form, alpha["coordinator"])


@pytest.fixture
def sitting(window, alpha):
    return started(window, alpha["coordinator"], make_user(display_name="Omar Candidate"))


def save(client, sitting, item, seq, **value):
    return client.post(
        reverse("exams:save", args=[sitting.pk]), {"item": item.pk, "seq": seq, **value}
    )


def answers(sitting) -> dict[int, Answer]:
    with scopes_disabled():
        return {a.item_id: a for a in Answer.objects.filter(sitting=sitting)}


def test_an_invited_candidate_sees_the_exam_in_their_list_and_gets_an_email(window, alpha):
    person = make_user(display_name="Omar Candidate", language="es")
    sitting = invited(window, alpha["coordinator"], person)
    with scopes_disabled():
        mail = OutboundEmail.objects.filter(to=[person.email]).get()
    assert "IMHS" in mail.subject
    assert "/exams/" in mail.body
    assert "Hola" in mail.body  # in the candidate's language
    from django.test import Client

    client = Client()
    client.force_login(person)
    page = client.get(reverse("exams:mine")).content.decode()
    assert "IMHS exam" in page
    assert reverse("exams:sitting", args=[sitting.pk]) in page


def test_with_no_sittings_the_list_says_what_comes(client):
    client.force_login(make_user())
    page = client.get(reverse("exams:mine")).content.decode()
    assert "No exams yet" in page


def test_starting_fixes_the_end_on_the_server_and_freezes_the_form(client, window, alpha):
    sitting = invited(window, alpha["coordinator"], extra_minutes=30)
    client.force_login(sitting.candidate)
    assert "Start the exam" in client.get(reverse("exams:sitting", args=[sitting.pk])).text
    before = timezone.now()
    client.post(reverse("exams:start", args=[sitting.pk]))
    client.post(reverse("exams:start", args=[sitting.pk]))  # twice: one start
    with scopes_disabled():
        sitting.refresh_from_db()
        form = ExamForm.objects.get(pk=window.form_id)
    assert sitting.state == "started"
    expected = before + timedelta(minutes=90 + 30)
    assert abs((sitting.ends_at - expected).total_seconds()) < 5
    assert form.frozen_at is not None


def test_the_exam_page_shows_options_in_the_sittings_order_and_never_the_answer_key(
    client, sitting, form
):
    client.force_login(sitting.candidate)
    response = client.get(reverse("exams:sitting", args=[sitting.pk]))
    page = response.content.decode()
    for item in items_of(form):
        if item.kind != Item.Kind.MC:
            assert "Names the relationship" not in page  # the rubric stays with scorers
            continue
        shown = re.findall(rf'name="q{item.pk}" id="q{item.pk}-o\d+" value="(\d+)"', page)
        assert [int(v) for v in shown] == sitting.option_orders[str(item.pk)]
        assert sorted(int(v) for v in shown) == list(range(len(item.options)))
    assert "correct" not in page.lower()
    assert "attachment_loss" not in page


def test_the_larger_text_accommodation_applies_its_class(client, window, alpha):
    sitting = started(window, alpha["coordinator"], large_text=True)
    client.force_login(sitting.candidate)
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    assert 'class="exam exam-large"' in page


def test_a_candidate_who_is_also_staff_without_two_factor_still_saves_answers(
    client, sitting, form, alpha
):
    """Staff must set up two-factor sign-in before any page; the autosave alone is left to
    answer, so an answer typed by a candidate who is also a reviewer somewhere is never lost
    to a redirect."""
    with scopes_disabled():
        StaffMembership.objects.create(
            association=alpha["association"], user=sitting.candidate, role="reviewer"
        )
    client.force_login(sitting.candidate)
    written = next(i for i in items_of(form) if i.kind == Item.Kind.WRITTEN)
    assert client.get(reverse("exams:mine")).status_code == 302  # to the two-factor setup
    answer = save(client, sitting, written, 1, text="The baby turns to her mother")
    assert answer.status_code == 200 and answer.json()["saved"]


def test_a_save_costs_three_queries_or_fewer_and_a_newer_save_wins(
    client, sitting, form, django_assert_max_num_queries
):
    client.force_login(sitting.candidate)
    written = next(i for i in items_of(form) if i.kind == Item.Kind.WRITTEN)
    # The save itself is one statement (the sitting, window and item checks are inside it)...
    with django_assert_max_num_queries(1):
        done = sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=sitting.candidate_id,
            item_id=written.pk,
            choice=None,
            text="The",
            seq=4,
        )
    assert done.ok
    # ...and the whole request adds only the session and the user (StaffMFAMiddleware leaves
    # the autosave alone: a redirect would lose the answer)
    with django_assert_max_num_queries(3) as counted:
        response = save(client, sitting, written, 5, text="The baby looks at")
    assert response.json() == {"saved": True, "seq": 5, "reason": ""}
    assert len([q for q in counted.captured_queries if "exams_" in q["sql"]]) == 1
    assert save(client, sitting, written, 9, text="The baby looks at her mother").json()["saved"]
    stale = save(client, sitting, written, 7, text="The baby")  # arrives late
    assert stale.json() == {"saved": False, "seq": 9, "reason": "stale"}
    assert answers(sitting)[written.pk].text == "The baby looks at her mother"


def test_an_mc_save_keeps_the_original_option_index(client, sitting, form):
    client.force_login(sitting.candidate)
    item = items_of(form)[0]
    assert save(client, sitting, item, 1, choice=2).json()["saved"]
    assert answers(sitting)[item.pk].choice == 2
    bad = save(client, sitting, item, 2, choice=3)  # only three options
    assert bad.status_code == 400
    assert answers(sitting)[item.pk].choice == 2


def test_nobody_saves_into_or_reads_another_persons_sitting(client, sitting, form, window, alpha):
    other = started(window, alpha["coordinator"])
    client.force_login(other.candidate)
    item = items_of(form)[0]
    response = save(client, sitting, item, 1, choice=0)
    assert response.status_code == 404
    assert answers(sitting) == {}
    for name in ("sitting",):
        assert client.get(reverse(f"exams:{name}", args=[sitting.pk])).status_code == 404
    for name in ("start", "submit", "break"):
        assert client.post(reverse(f"exams:{name}", args=[sitting.pk])).status_code == 404
    position = client.post(reverse("exams:position", args=[sitting.pk]), {"item": item.pk})
    assert position.status_code == 404
    client.logout()
    assert save(client, sitting, item, 1, choice=0).status_code == 403


def test_an_item_of_another_form_is_refused(client, sitting, alpha):
    other_form = published_form(alpha["association"], alpha["coordinator"], title="Other")
    client.force_login(sitting.candidate)
    response = save(client, sitting, items_of(other_form)[0], 1, choice=0)
    assert response.status_code == 400
    assert answers(sitting) == {}


def test_a_reopened_page_resumes_at_the_question_with_the_answers_and_flags(client, sitting, form):
    client.force_login(sitting.candidate)
    items = items_of(form)
    save(client, sitting, items[3], 3, text="Half an answer")
    client.post(
        reverse("exams:position", args=[sitting.pk]),
        {"item": items[3].pk, "flags": f"{items[1].pk}"},
    )
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    assert f'data-current="{items[3].pk}"' in page
    assert "Half an answer</textarea>" in page
    assert f'id="flag-{items[1].pk}" data-flag="{items[1].pk}" checked' in page


def test_the_page_counts_down_from_the_servers_end(client, sitting):
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(ends_at=timezone.now() + timedelta(minutes=10))
    client.force_login(sitting.candidate)
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    seconds = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 590 <= seconds <= 600


def test_a_double_submit_is_one_submission(client, sitting, monkeypatch):
    calls = []
    monkeypatch.setattr(sitting_services.scoring_services, "on_submitted", calls.append)
    client.force_login(sitting.candidate)
    url = reverse("exams:submit", args=[sitting.pk])
    client.post(url)
    client.post(url)
    with scopes_disabled():
        sitting.refresh_from_db()
        from dyad.core.models import Event

        submitted = Event.objects.filter(verb="exam.submitted", subject_id=str(sitting.pk))
        assert submitted.count() == 1
    assert sitting.state == "submitted"
    assert len(calls) == 1
    assert "Submitted on" in client.get(reverse("exams:sitting", args=[sitting.pk])).text
    item_save = client.post(
        reverse("exams:save", args=[sitting.pk]), {"item": 1, "seq": 99, "choice": 0}
    )
    assert item_save.json()["reason"] in ("closed", "invalid")


def test_time_running_out_refuses_saves_and_submits_on_the_next_visit(client, sitting, form):
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(
            ends_at=timezone.now() - sitting_services.GRACE - timedelta(seconds=1)
        )
    client.force_login(sitting.candidate)
    response = save(client, sitting, items_of(form)[0], 1, choice=0)
    assert response.status_code == 409
    assert response.json()["reason"] == "closed"
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    assert "Submitted on" in page
    with scopes_disabled():
        from dyad.core.models import Event

        event = Event.objects.get(verb="exam.submitted", subject_id=str(sitting.pk))
    assert event.data["automatic"] is True


def test_a_break_stops_the_clock_and_moves_the_end(client, window, alpha):
    sitting = started(window, alpha["coordinator"], breaks=True)
    client.force_login(sitting.candidate)
    url = reverse("exams:break", args=[sitting.pk])
    client.post(url, {"action": "pause"})
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(
            paused_at=timezone.now() - timedelta(minutes=5)
        )
    assert "You are on a break" in client.get(reverse("exams:sitting", args=[sitting.pk])).text
    client.post(url, {"action": "resume"})
    with scopes_disabled():
        after = Sitting.objects.get(pk=sitting.pk)
    assert after.paused_at is None
    assert 299 <= (after.ends_at - sitting.ends_at).total_seconds() <= 301
    assert after.break_seconds >= 299


def test_without_the_breaks_accommodation_there_is_no_break(client, sitting):
    client.force_login(sitting.candidate)
    client.post(reverse("exams:break", args=[sitting.pk]), {"action": "pause"})
    with scopes_disabled():
        sitting.refresh_from_db()
    assert sitting.paused_at is None
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    assert "Take a break" not in page


def test_the_save_answer_is_json_without_the_key(client, sitting, form):
    client.force_login(sitting.candidate)
    body = save(client, sitting, items_of(form)[0], 1, choice=0).content
    assert set(json.loads(body)) == {"saved", "seq", "reason"}


def test_the_dashboard_leads_the_candidate_to_their_exam(client, sitting):
    client.force_login(sitting.candidate)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("exams:sitting", args=[sitting.pk]) in page
    assert reverse("exams:mine") in page


def test_without_javascript_the_answers_are_saved_by_a_button(client, sitting, form):
    client.force_login(sitting.candidate)
    items = items_of(form)
    written = next(i for i in items if i.kind == Item.Kind.WRITTEN)
    page = client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode()
    assert "Save my answers" in page
    response = client.post(
        reverse("exams:save_all", args=[sitting.pk]),
        {f"q{items[0].pk}": "2", f"q{written.pk}": "42", f"q{items[1].pk}": "nine"},
    )
    assert response.status_code == 302
    saved = answers(sitting)
    assert saved[items[0].pk].choice == 2
    assert saved[written.pk].text == "42"  # a written answer of digits stays text
    assert items[1].pk not in saved


def test_the_list_of_sittings_costs_the_same_queries_at_two_sizes(
    client, form, alpha, django_assert_max_num_queries
):
    person = make_user()
    first = invited(open_window(form, alpha["coordinator"]), alpha["coordinator"], person)
    client.force_login(person)
    with django_assert_max_num_queries(6) as one:
        client.get(reverse("exams:mine"))
    for _ in range(4):
        other = published_form(alpha["association"], alpha["coordinator"], title="Another")
        with scope(association=alpha["association"]):
            builder_services.invite(
                window=open_window(other, alpha["coordinator"]),
                application=first.application,
                actor=alpha["coordinator"],
            )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("exams:mine")).content.decode()
    assert page.count("Another") == 4
