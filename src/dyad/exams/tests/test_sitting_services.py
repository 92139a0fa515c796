"""The sitting and builder verbs on their own: a frozen form refuses changes at the model too,
the autosave refuses what does not belong to the sitting, breaks are capped, an abandoned sitting
is handed in when staff look at the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.exams import builder_services, sitting_services
from dyad.exams.models import FrozenForm, Item, Sitting

from .sitting_cast import items_of, open_window, published_form, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def form(alpha):
    return published_form(alpha["association"], alpha["coordinator"])


@pytest.fixture
def sitting(form, alpha):
    return started(open_window(form, alpha["coordinator"]), alpha["coordinator"])


def save(sitting, item, seq, choice=None, text=""):
    return sitting_services.save_answer(
        sitting_id=sitting.pk,
        candidate_id=sitting.candidate_id,
        item_id=item.pk,
        choice=choice,
        text=text,
        seq=seq,
    )


def test_a_frozen_form_refuses_changes_even_past_the_services(sitting, form):
    item = items_of(form)[0]
    with scopes_disabled():
        form.refresh_from_db()
        assert form.frozen_at is not None
        item.stem = "Changed behind the services' back"
        with pytest.raises(FrozenForm):
            item.save()
        with pytest.raises(FrozenForm):
            item.delete()
        form.title = "Renamed"
        with pytest.raises(FrozenForm):
            form.save()
        assert Item.objects.get(pk=item.pk).stem != item.stem


def test_a_choice_for_a_written_item_is_refused(sitting, form):
    written = next(i for i in items_of(form) if i.kind == Item.Kind.WRITTEN)
    assert save(sitting, written, 1, choice=0).reason == "invalid"
    assert save(sitting, written, 2, text="Words").ok


def test_no_save_while_on_a_break_and_breaks_are_capped(form, alpha):
    sitting = started(open_window(form, alpha["coordinator"]), alpha["coordinator"], breaks=True)
    with scope(association=alpha["association"]):
        paused = sitting_services.take_break(sitting=sitting, actor=sitting.candidate)
    assert save(paused, items_of(form)[0], 1, choice=0).reason == "paused"
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(paused_at=timezone.now() - timedelta(hours=2))
    with scope(association=alpha["association"]):
        back = sitting_services.end_break(sitting=sitting, actor=sitting.candidate)
        assert back.break_seconds == sitting_services.BREAK_MINUTES * 60
        with pytest.raises(builder_services.ExamError, match="used all of your break time"):
            sitting_services.take_break(sitting=back, actor=sitting.candidate)
    assert (back.ends_at - sitting.ends_at) == timedelta(minutes=sitting_services.BREAK_MINUTES)


def test_an_abandoned_sitting_is_handed_in_when_staff_look_at_the_window(client, sitting, alpha):
    save(sitting, items_of(sitting.window.form)[0], 1, choice=1)
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(ends_at=timezone.now() - timedelta(minutes=5))
    client.force_login(alpha["coordinator"])
    page = client.get(reverse("exams:window", args=["alpha", sitting.window_id]))
    assert "submitted" in page.content.decode()
    with scopes_disabled():
        assert Sitting.objects.get(pk=sitting.pk).submitted_at is not None


def test_inviting_again_changes_only_the_accommodations_and_sends_nothing_more(form, alpha):
    from dyad.core.models import OutboundEmail

    from .sitting_cast import exam_application

    window = open_window(form, alpha["coordinator"])
    application = exam_application(alpha["association"])
    with scope(association=alpha["association"]):
        first = builder_services.invite(
            window=window, application=application, actor=alpha["coordinator"]
        )
        again = builder_services.invite(
            window=window, application=application, actor=alpha["coordinator"], breaks=True
        )
    assert first.pk == again.pk and again.breaks
    with scopes_disabled():
        assert OutboundEmail.objects.filter(to=[application.applicant.email]).count() == 1


def test_a_window_does_not_let_a_sitting_start_before_it_opens(form, alpha):
    from .sitting_cast import invited

    now = timezone.now()
    window = open_window(
        form, alpha["coordinator"], opens=now + timedelta(days=1), closes=now + timedelta(days=2)
    )
    sitting = invited(window, alpha["coordinator"])
    with (
        scope(association=alpha["association"]),
        pytest.raises(builder_services.ExamError, match="not opened yet"),
    ):
        sitting_services.start_sitting(sitting=sitting, actor=sitting.candidate)


def test_a_started_sitting_is_handed_in_by_the_worker_when_its_time_is_up(
    form, alpha, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from dyad.exams.sitting_tasks import hand_in_when_time_is_up

    window = open_window(form, alpha["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        sitting = started(window, alpha["coordinator"])

    with scopes_disabled():
        queued = DBTaskResult.objects.get(task_path=hand_in_when_time_is_up.module_path)
    assert queued.args_kwargs["args"] == [sitting.pk]
    assert queued.run_after >= sitting.ends_at + sitting_services.GRACE
    assert hand_in_when_time_is_up.call(sitting.pk) == "not yet"  # queued again for later
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(
            ends_at=timezone.now() - sitting_services.GRACE - timedelta(seconds=1)
        )
    assert hand_in_when_time_is_up.call(sitting.pk) == "handed in"
    assert hand_in_when_time_is_up.call(sitting.pk) == "nothing to do"
    with scopes_disabled():
        assert Sitting.objects.get(pk=sitting.pk).state != "started"
