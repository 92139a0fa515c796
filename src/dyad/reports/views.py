"""The reports' pages: the coordinator's dashboard and workforce map under `a/<slug>/reports/`,
the Alliance's report across associations under `alliance/reports/`, and every figure as CSV,
every report as CSV and XLSX.

The figures are computed in a fixed number of queries (`figures.py`) and kept in the `reports`
cache (Redis, else the process's memory) under a version: the association's latest event (every
change to an application or an endorsement, and every exam result, records one), the day and
the language. So a page costs a few queries whatever the association's size, and the first one
after a change computes everything again.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dyad.associations.access import alliance_view, association_view
from dyad.associations.models import Association, StaffMembership
from dyad.core.models import Event
from dyad.standards.codes import CATEGORIES

from . import atlas, exports, figures, lists
from .charts import bar_chart
from .maps import workforce_map

COORDINATOR = StaffMembership.Role.COORDINATOR
#: bump when the figures or their templates change, so cached pages are made again
CODE_VERSION = "2"
CACHE_SECONDS = 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(association=None) -> str:
    """What the cached figures depend on: the latest event (one indexed query), the day, the
    language. The association's creation time tells apart two databases that reuse ids."""
    events = (
        Event.objects.all()
        if association is None
        else Event.objects.filter(association=association)
    )
    last = events.order_by("-id").values_list("id", "created_at").first()
    owner = f"{association.pk}.{association.created_at.timestamp()}" if association else "all"
    return ":".join(
        map(
            str,
            (
                "reports",
                CODE_VERSION,
                owner,
                last and last[0],
                last and last[1].timestamp(),
                timezone.localdate().isoformat(),
                get_language(),
            ),
        )
    )


def report_cache():
    return caches["reports" if "reports" in settings.CACHES else "default"]


def _cached(key: str, compute):
    cache = report_cache()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _whole_page(request, key: str, render_page) -> HttpResponse:
    """The whole page from the cache when this browser saw it at this version of the data.

    The page around the figures (the header's forms with their CSRF token, the language) is
    the same for one person in one browser, so it is kept under the version, the person, their
    CSRF cookie and the address. Not when a message waits to be shown, nor before the browser
    has its CSRF cookie: then the page is rendered as usual."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    pending = request.COOKIES.get("messages") or request.session.get("_messages")
    if not csrf or pending or settings.CSRF_USE_SESSIONS:
        return render_page()
    who = f"{request.user.pk}:{csrf}:{request.get_full_path()}"
    page_key = f"{key}:page:{hashlib.sha256(who.encode()).hexdigest()}"
    cache = report_cache()
    html = cache.get(page_key)
    if html is not None:
        return HttpResponse(html)
    response = render_page()
    if response.status_code == 200:
        cache.set(page_key, response.content, CACHE_SECONDS)
    return response


def _pipeline(association, **query) -> str:
    url = reverse("pipeline:list", args=[association.slug])
    return f"{url}?{urlencode(query)}" if query else url


def _list(association, kind: str, **query) -> str:
    """The list behind a figure (lists.py)."""
    url = reverse(f"reports:{kind}", args=[association.slug])
    return f"{url}?{urlencode({k: v for k, v in query.items() if v})}"


def association_figures(association) -> list[figures.Figure]:
    """The dashboard's figures, each linked to the list behind it."""
    credentials = reverse("credentials:staff_list", args=[association.slug])
    by_state, ball, months, categories, renewals, lapses, exams = figures.dashboard(association)
    return [
        by_state.with_links(
            _pipeline(association),
            _("All applications"),
            lambda state: _pipeline(association, state=state),
        ),
        ball.with_links(_pipeline(association), _("All applications")),
        months.with_links(
            _pipeline(association),
            _("All applications"),
            lambda month: _list(association, "applications", received=month),
        ),
        categories.with_links(
            credentials,
            _("All endorsements"),
            lambda code: _list(association, "endorsements", category=code, in_force="1"),
        ),
        renewals.with_links(
            credentials,
            _("All endorsements"),
            lambda month: _list(association, "endorsements", expires=month),
        ),
        lapses.with_links(
            credentials,
            _("All endorsements"),
            lambda month: _list(association, "endorsements", lapsed=month),
        ),
        exams.with_links(
            f"{reverse('exams:scoring_list', args=[association.slug])}?state=scored",
            _("All exam results"),
        ),
    ]


def _association_report(association, key: str = "") -> list[figures.Figure]:
    key = key or _version(association)
    return _cached(key + ":figures", lambda: association_figures(association))


def _charted(report: list[figures.Figure], csv_url) -> list[tuple]:
    """Each figure with its chart and the address of its CSV."""
    return [(figure, bar_chart(figure), csv_url(figure.slug)) for figure in report]


@require_GET
@association_view(COORDINATOR)
def dashboard(request, association):
    """Every figure with its chart, its table and its CSV; the report as CSV and XLSX."""
    key = _version(association)

    def body() -> str:
        return render_to_string(
            "reports/_figures.html",
            {
                "charted": _charted(
                    _association_report(association, key),
                    lambda slug: reverse("reports:figure_csv", args=[association.slug, slug]),
                ),
            },
        )

    return _whole_page(
        request,
        key,
        lambda: render(
            request,
            "reports/dashboard.html",
            {"association": association, "body": mark_safe(_cached(key + ":html", body))},
        ),
    )


@require_GET
@association_view(COORDINATOR)
def figure_csv(request, association, figure: str):
    for found in _association_report(association):
        if found.slug == figure:
            return _download(
                exports.figure_csv(found), "text/csv", f"{association.slug}-{figure}.csv"
            )
    raise Http404


@require_GET
@association_view(COORDINATOR)
def report_file(request, association, kind: str):
    if kind not in ("csv", "xlsx"):
        raise Http404
    report = _association_report(association)
    name = f"{association.slug}-report"
    if kind == "xlsx":
        return _download(exports.report_xlsx(report), XLSX, f"{name}.xlsx")
    return _download(exports.report_csv(association.name, report), "text/csv", f"{name}.csv")


def _map_choice(request, association, key: str) -> tuple[str, str]:
    """The category and state asked for; by default every category, the association's state."""
    category = request.GET.get("category", "").strip().upper()
    if category not in CATEGORIES:
        category = ""
    state = request.GET.get("state", "").strip().upper()
    if state not in atlas.STATE_FIPS:
        state = _cached(f"{key}:state", lambda: figures.association_state(association))
    return state, category


def _map(association, state: str, category: str, key: str = ""):
    key = f"{key or _version(association)}:map:{state}:{category}"
    return _cached(key, lambda: workforce_map(figures.by_county(association, state, category)))


@require_GET
@association_view(COORDINATOR)
def county_map(request, association):
    """Endorsed people by county for the association's state, as a map and as a table."""
    key = _version(association)
    state, category = _map_choice(request, association, key)

    def body() -> str:
        drawn = _map(association, state, category, key)
        figure = drawn.figure.with_links(
            reverse("credentials:staff_list", args=[association.slug]),
            _("All endorsements"),
            lambda county: _list(
                association, "endorsements", county=county, category=category, in_force="1"
            ),
        )
        query = urlencode({k: v for k, v in (("state", state), ("category", category)) if v})
        return render_to_string(
            "reports/_map.html",
            {"association": association, "map": drawn, "figure": figure, "query": query},
        )

    return _whole_page(
        request,
        key,
        lambda: render(
            request,
            "reports/map.html",
            {
                "association": association,
                "body": mark_safe(_cached(f"{key}:map:{state}:{category}:html", body)),
                "categories": CATEGORIES,
                "category": category,
                "state": state,
                "states": sorted(atlas.STATE_FIPS),
            },
        ),
    )


@require_GET
@association_view(COORDINATOR)
def county_csv(request, association):
    return _county_table(request, association, "csv")


@require_GET
@association_view(COORDINATOR)
def county_xlsx(request, association):
    return _county_table(request, association, "xlsx")


def _county_table(request, association, kind: str):
    """The map's county table as a file, for the state and category chosen on the page."""
    key = _version(association)
    state, category = _map_choice(request, association, key)
    drawn = _map(association, state, category, key)
    name = f"{association.slug}-counties-{state or 'none'}{'-' + category if category else ''}"
    if kind == "xlsx":
        return _download(exports.report_xlsx([drawn.figure]), XLSX, f"{name}.xlsx")
    return _download(exports.figure_csv(drawn.figure), "text/csv", f"{name}.csv")


@require_GET
@association_view(COORDINATOR)
def endorsement_list(request, association):
    """The endorsements behind a figure (a category, a county, a month of renewals or lapses)."""
    return _list_page(request, association, "endorsements", lists.endorsements)


@require_GET
@association_view(COORDINATOR)
def application_list(request, association):
    """The applications behind a figure (a month of applications received, a category)."""
    return _list_page(request, association, "applications", lists.applications)


def _list_page(request, association, kind: str, choose):
    chosen = choose(association, request.GET)
    page = Paginator(chosen.rows, 50).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    return render(
        request,
        "reports/list.html",
        {"association": association, "chosen": chosen, "page": page, "kind": kind, "query": query},
    )


# -- the Alliance -------------------------------------------------------------------------------


def alliance_figures() -> list[figures.Figure]:
    """The same figures over every association (aggregates only), and the cycle times compared."""
    associations = list(Association.objects.order_by("name"))
    found = figures.stays(None)
    return [
        figures.cycle_comparison(associations, found),
        figures.by_association(associations),
        figures.by_state(None, found),
        figures.ball(None),
        figures.per_month(None),
        figures.by_category(None),
        figures.renewals(None),
        figures.lapses(None),
        figures.exam_results(None),
    ]


def _alliance_report(key: str = "") -> list[figures.Figure]:
    return _cached((key or _version(None)) + ":figures", alliance_figures)


@require_GET
@alliance_view
def alliance(request):
    key = _version(None)

    def body() -> str:
        return render_to_string(
            "reports/_figures.html",
            {
                "charted": _charted(
                    _alliance_report(key),
                    lambda slug: reverse("reports:alliance_figure_csv", args=[slug]),
                ),
            },
        )

    # The body is this app's own template, rendered (escaped) before it was cached.
    return _whole_page(
        request,
        key,
        lambda: render(
            request, "reports/alliance.html", {"body": mark_safe(_cached(key + ":html", body))}
        ),
    )


@require_GET
@alliance_view
def alliance_figure_csv(request, figure: str):
    for found in _alliance_report():
        if found.slug == figure:
            return _download(exports.figure_csv(found), "text/csv", f"alliance-{figure}.csv")
    raise Http404


@require_GET
@alliance_view
def alliance_report_file(request, kind: str):
    if kind not in ("csv", "xlsx"):
        raise Http404
    report = _alliance_report()
    if kind == "xlsx":
        return _download(exports.report_xlsx(report), XLSX, "alliance-report.xlsx")
    return _download(
        exports.report_csv(_("Alliance report"), report), "text/csv", "alliance-report.csv"
    )


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
