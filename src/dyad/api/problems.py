"""Errors as RFC 9457 problem details (`application/problem+json`): a status, a title, a detail a
person can act on and, when one field is at fault, its name. Every error the API gives goes
through here: domain errors, validation, 401/403/404, rate limits; never a 500 page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dyad.core.errors import DyadError

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/docs#problems"


class Problem(Exception):
    """An error to answer as a problem document."""

    def __init__(
        self, status: int, title: str, detail: str = "", field: str | None = None, **extra
    ):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.field = status, title, detail, field
        self.headers: dict[str, str] = {}
        #: more members of the problem document (e.g. `errors`, one per row)
        self.extra = extra


def response(status: int, title: str, detail: str = "", field: str | None = None, **extra):
    body = {"type": f"{TYPE_BASE}-{status}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if field:
        body["field"] = field
    body.update(extra)
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)


def not_found(what: str) -> Problem:
    return Problem(404, _("Not found"), what)


def install(api) -> None:
    """Register the handlers on the NinjaAPI `api`."""

    @api.exception_handler(Problem)
    def problem(request, exc: Problem):
        answer = response(exc.status, exc.title, exc.detail, exc.field, **exc.extra)
        for name, value in exc.headers.items():
            answer[name] = value
        return answer

    @api.exception_handler(DyadError)
    def domain_error(request, exc: DyadError):
        # The same errors the pages show next to a field, with the field's name.
        return response(400, _("The change cannot be made"), exc.message, exc.field)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        errors = []
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())]
            # loc is ("query", "size") or ("body", "payload", "county"): the field is the last.
            field = ".".join(location[2:] if location[:1] == ["body"] else location[1:])
            errors.append({"field": field or location[-1:], "detail": error.get("msg", "")})
        first = errors[0] if errors else {"field": None, "detail": ""}
        field = first["field"] if isinstance(first["field"], str) else None
        return response(
            422,
            _("The request has a field that is not valid"),
            f"{field}: {first['detail']}" if field else str(first["detail"]),
            field,
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        answer = response(
            401,
            _("An API key is needed"),
            _("Send an active key of the association as 'Authorization: Bearer <key>'."),
        )
        answer["WWW-Authenticate"] = "Bearer"
        return answer

    @api.exception_handler(Http404)
    def missing(request, exc):
        return response(404, _("Not found"), str(exc) or _("Nothing here has that name."))

    @api.exception_handler(PermissionDenied)
    def refused(request, exc):
        # e.g. a request whose client address cannot be told (the rate limit counts by it)
        return response(403, _("Refused"), str(exc))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return response(exc.status_code, str(exc))
