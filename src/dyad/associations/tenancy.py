"""Tenancy helpers: the one way into an association's scope for views, tasks, commands, imports
and URLs.

- `run_in_scope(association)`: a context manager (and decorator) entering
  `django_scopes.scope(association=...)`; `association_view` uses it for requests.
- `scoped_by("association_id")`: a decorator for tasks and imports whose association comes in as
  an argument (an instance, a pk or a slug).
- `AssociationCommand`: a management command with `--association SLUG`, run in that scope.
- `tenant_path(route, view, name=...)`: mounts a page under `a/<association slug>/`.

Working across associations on purpose (the admin site, the Alliance's pages) is
`dyad.core.scoping` (`ScopedAdminMixin`, `call_unscoped`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextlib import ContextDecorator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.urls import path
from django_scopes import scope

from .models import Association

TENANT_PREFIX = "a/<slug:slug>/"


def resolve_association(association: Association | int | str) -> Association:
    """An association from an instance, its pk or its slug (tasks get ids, commands slugs)."""
    if isinstance(association, Association):
        return association
    if isinstance(association, int):
        return Association.objects.get(pk=association)
    return Association.objects.get(slug=association)


class run_in_scope(ContextDecorator):  # lower case: used like a function, as scope() is
    """Run the block (or the decorated function) inside `scope(association=...)`: every query of
    tenant data sees that association only, and mail sent inside belongs to it.

        with run_in_scope(association):
            send_reminders()
    """

    def __init__(self, association: Association | int | str) -> None:
        self._given = association
        self._entered: list[Any] = []  # a stack: a decorated function may call itself

    def __enter__(self) -> Association:
        association = resolve_association(self._given)
        entered = scope(association=association)
        entered.__enter__()
        self._entered.append(entered)
        return association

    def __exit__(self, *exc_info: Any) -> None:
        self._entered.pop().__exit__(*exc_info)


def scoped_by(argument: str) -> Callable:
    """Decorate a task or import function so each call runs in the scope of the association given
    in `argument` (an instance, pk or slug), e.g. `@scoped_by("association_id")`."""

    def decorate(function: Callable) -> Callable:
        signature = inspect.signature(function)
        if argument not in signature.parameters:
            raise TypeError(f"{function.__qualname__} has no argument {argument!r}")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            with run_in_scope(bound.arguments[argument]):
                return function(*args, **kwargs)

        return wrapper

    return decorate


class AssociationCommand(BaseCommand):
    """A management command about one association: `--association SLUG` is required and
    `handle_in_scope(association, **options)` runs inside its scope."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("--association", required=True, help="the association's short name")

    def handle(self, *args: Any, **options: Any) -> Any:
        slug = options.pop("association")
        association = Association.objects.filter(slug=slug).first()
        if association is None:
            raise CommandError(f"No association with the short name {slug!r}.")
        with run_in_scope(association):
            return self.handle_in_scope(association, *args, **options)

    def handle_in_scope(self, association: Association, *args: Any, **options: Any) -> Any:
        raise NotImplementedError("AssociationCommand subclasses define handle_in_scope")


def tenant_path(route: str, view: Callable, name: str):
    """`path()` for an association's page: `tenant_path("settings/", view, name="settings")`
    serves `a/<slug>/settings/`; the view (an `association_view`) receives the association."""
    return path(TENANT_PREFIX + route, view, name=name)
