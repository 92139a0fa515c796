"""Reminders need no cron: an invitation sent leaves one reminder run waiting in the worker's
queue a day later, and each run queues the next."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dyad.applications.tasks import send_reminders

from .conftest import name_rater

pytestmark = pytest.mark.django_db


def waiting_runs():
    return list(
        DBTaskResult.objects.filter(
            task_path=send_reminders.module_path, status=TaskResultStatus.READY
        )
    )


def test_an_invitation_queues_one_reminder_run_a_day_later(
    application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        name_rater(application, email="one@example.org")
        name_rater(application, email="two@example.org")
    [run] = waiting_runs()  # two invitations, one run
    assert run.run_after > timezone.now() + timedelta(hours=23)


def test_each_run_queues_the_next(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        name_rater(application)
    send_reminders.call()
    runs = waiting_runs()
    assert len(runs) == 2  # the first (not run by a worker here) and the next
    assert max(r.run_after for r in runs) > timezone.now() + timedelta(hours=23)
