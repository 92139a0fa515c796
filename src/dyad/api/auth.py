"""Who calls the API: an association's key (`Authorization: Bearer dyad_...`), and the scope
the request then runs in. Public endpoints take no key and are rate limited per address."""

from __future__ import annotations

import functools
import inspect

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from dyad.associations.tenancy import run_in_scope
from dyad.core.ratelimit import consume

from . import services
from .problems import Problem


class KeyAuth(HttpBearer):
    """An active key of any association; the endpoint runs in that association's scope."""

    openapi_description = (
        "An API key of the association, made by a coordinator on its API keys page."
    )

    def authenticate(self, request, token):
        return services.authenticate(token)


def _refuse_unknown_query(endpoint):
    """A query parameter the endpoint does not take is a 422 naming it: a misspelt filter
    (`catgory=IFA`) must not quietly return everything."""
    known = set(inspect.signature(endpoint).parameters) - {"request"}

    def check(request):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise Problem(
                422,
                _("Unknown query parameter"),
                _("This endpoint takes no parameter %(name)r.") % {"name": unknown[0]},
                unknown[0],
            )

    return check


def keyed(write: bool = False):
    """Run the endpoint inside the key's association scope; `write` endpoints need a key that
    may write (403 otherwise). The endpoint receives `request.auth` as its key."""

    def decorate(endpoint):
        check = _refuse_unknown_query(endpoint)

        @functools.wraps(endpoint)
        def wrapper(request, *args, **kwargs):
            check(request)
            key = request.auth
            if write and not key.may_write:
                raise Problem(
                    403,
                    _("This key may only read"),
                    _("Ask a coordinator for a key that may read and write."),
                )
            with run_in_scope(key.association):
                return endpoint(request, *args, **kwargs)

        return wrapper

    return decorate


def public(endpoint):
    """Count the request against the `api_public` rate limit (429 with Retry-After past it)."""

    check = _refuse_unknown_query(endpoint)

    @functools.wraps(endpoint)
    def wrapper(request, *args, **kwargs):
        check(request)
        retry_after = consume(request, "api_public")
        if retry_after is not None:
            problem = Problem(
                429,
                _("Too many requests"),
                _("Try again in %(seconds)s seconds.") % {"seconds": retry_after},
            )
            problem.headers["Retry-After"] = str(retry_after)
            raise problem
        return endpoint(request, *args, **kwargs)

    return wrapper
