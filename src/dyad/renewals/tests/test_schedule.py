"""The sweep runs every day with only the worker: one run waits in the queue for tomorrow just
after midnight; each run queues the next, and the command (which `make run` calls) queues one
when none waits."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dyad.renewals.tasks import RUN_AT, daily_sweep, next_run, schedule_sweep

pytestmark = pytest.mark.django_db


def waiting_runs():
    return list(
        DBTaskResult.objects.filter(
            task_path=daily_sweep.module_path, status=TaskResultStatus.READY
        )
    )


def test_the_next_run_is_tomorrow_just_after_midnight():
    now = timezone.localtime()
    run = timezone.localtime(next_run(now))
    assert run.date() == now.date() + timedelta(days=1)
    assert run.time() == RUN_AT
    late = timezone.make_aware(datetime.combine(now.date(), time(23, 59)))
    assert timezone.localtime(next_run(late)).date() == now.date() + timedelta(days=1)


def test_the_command_queues_one_run_however_often_it_is_called(capsys):
    call_command("renewals", "sweep")
    call_command("renewals", "sweep")
    [run] = waiting_runs()
    assert run.run_after == next_run()
    assert capsys.readouterr().out.count("total: 0") == 2


def test_a_dry_run_queues_nothing():
    call_command("renewals", "sweep", "--dry-run")
    assert waiting_runs() == []


def test_each_run_queues_the_next():
    assert schedule_sweep() is True
    assert schedule_sweep() is False  # one waits already
    daily_sweep.call()
    assert len(waiting_runs()) == 2  # the first (not taken by a worker here) and the next
