"""Background work of requirement sets (run by `db_worker`): the impact preview."""

from __future__ import annotations

import time

from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from dyad.associations.tenancy import run_in_scope

from . import impact, selectors, services
from .documents import as_requirement_set
from .models import ImpactRun

#: people read and assessed per batch (one round of queries for a whole batch)
BATCH = 500


@task()
def run_impact(run_id: int) -> int:
    """Assess every person of the association under the current set and the draft; record
    progress after each batch (the page polls it) and the changes at the end."""
    with scopes_disabled():  # only to find which association the run belongs to
        association_id = ImpactRun.objects.values_list("association_id", flat=True).get(pk=run_id)
    with run_in_scope(association_id) as association:
        run = ImpactRun.objects.select_related("draft").get(pk=run_id)
        if run.status == ImpactRun.Status.DONE:
            return 0
        return compute(run, association)


def compute(run: ImpactRun, association) -> int:
    """The run's work, in the association's scope; returns how many changes it found."""
    started = time.perf_counter()
    set_id, version = selectors.parse_reference(run.against)
    current = selectors.published_set(set_id, version)
    draft = as_requirement_set(run.draft.document)
    categories = impact.changed_categories(current, draft)
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.RUNNING)
    try:
        total, batches = impact.people_of(association, BATCH)
        run.total = total
        ImpactRun.objects.filter(pk=run.pk).update(total=total)

        def progress(done: int) -> None:
            ImpactRun.objects.filter(pk=run.pk).update(done=done)

        changes = (
            impact.impact(batches, current, draft, timezone.localdate(), progress)
            if categories
            else []
        )
    except Exception:
        ImpactRun.objects.filter(pk=run.pk).update(
            status=ImpactRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    services.finish_impact(
        run,
        {"categories": categories, "changes": [c.to_dict() for c in changes]},
        time.perf_counter() - started,
    )
    return len(changes)
