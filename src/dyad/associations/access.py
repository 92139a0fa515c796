"""Entering an association's pages (role check, 404 for outsiders, the tenant scope) and the
Alliance's pages (Alliance administrators only, across associations on purpose)."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from dyad.core.scoping import call_unscoped

from .models import Association, StaffMembership
from .tenancy import run_in_scope

ALL_ROLES = tuple(StaffMembership.Role.values)


def association_view(*roles: str):
    """Decorate a view taking `slug`: only staff with one of `roles` (any role by default) get
    in; everyone else, signed in or not, gets 404 so no association's pages leak. The view runs
    inside `scope(association=...)`, so an unscoped query of tenant data fails loudly."""
    allowed = set(roles or ALL_ROLES)

    def decorate(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            association = get_object_or_404(Association, slug=slug)
            user = request.user
            if not user.is_authenticated:
                raise Http404
            with scopes_disabled():
                held = set(
                    StaffMembership.objects.filter(association=association, user=user).values_list(
                        "role", flat=True
                    )
                )
            if not held & allowed:
                raise Http404
            request.association = association
            request.roles = held
            with run_in_scope(association):
                return view(request, association, *args, **kwargs)

        return wrapper

    return decorate


def alliance_view(view):
    """Decorate a view of the Alliance's own pages (aggregate figures of every association):
    Alliance administrators only; everyone else, signed in or not, gets 404. The view runs with
    scopes disabled on purpose, since its figures span associations: it must show no people."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_alliance_admin):
            raise Http404
        return call_unscoped(view, request, *args, **kwargs)

    return wrapper
