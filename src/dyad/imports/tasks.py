"""Big imports in the worker (`make worker`): the dry run and the apply of a file of
`services.big()` rows or more, each in its association's scope."""

from __future__ import annotations

from django_tasks import task

from dyad.associations.tenancy import scoped_by

from . import services


@task()
@scoped_by("association_id")
def check_import_task(import_id: int, association_id: int) -> str:
    return services.check_import(import_id).state


@task()
@scoped_by("association_id")
def run_import_task(import_id: int, association_id: int) -> str:
    return services.run_import(import_id).state
