"""Working across tenants on purpose, in one place: the admin site and the Alliance's pages.

django-scopes makes every query of tenant data fail outside a scope. Some places read across
associations by design; they go through here so `scopes_disabled()` is not scattered:

- `ScopedAdminMixin` for the admin of a scoped model (Alliance staff list and edit every
  association's rows);
- `call_unscoped(view, ...)` runs a view and renders its response with scopes disabled (a
  TemplateResponse evaluates querysets while rendering, after the view has returned).

Entering one association's scope is `dyad.associations.tenancy.run_in_scope`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django_scopes import scopes_disabled


def call_unscoped(view: Callable, *args: Any, **kwargs: Any):
    """Call `view` and render its response while scopes are disabled."""
    with scopes_disabled():
        response = view(*args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    return response


class ScopedAdminMixin:
    """For the admin of a scoped model: each admin page runs with scopes disabled, rendering
    included. Changes still go through services where the model's admin says so."""

    def get_queryset(self, request):
        with scopes_disabled():
            return super().get_queryset(request)

    def changelist_view(self, request, extra_context=None):
        return call_unscoped(super().changelist_view, request, extra_context=extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return call_unscoped(
            super().changeform_view, request, object_id, form_url, extra_context=extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        return call_unscoped(super().delete_view, request, object_id, extra_context=extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return call_unscoped(super().history_view, request, object_id, extra_context=extra_context)
