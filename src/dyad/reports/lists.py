"""The lists behind the figures, for the association's coordinators: the endorsements (or the
applications) a figure counted, 50 a page, each linking to its own page. Where the pipeline's
or the credentials' own lists filter the same way (state, category), the figures link there;
these lists cover the rest: a month of grants, of renewals due, of lapses, of applications
received, a county, a category in force.

Each filter is read from the address and checked (a bad value is ignored, never a 500); the
queries are one per list plus the page's count, whatever the association's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.credentials.models import Endorsement, county_key
from dyad.standards.codes import CATEGORIES

from .figures import APPLICATION, ENDORSEMENT, _month_label

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_of(value: str) -> tuple[date, date] | None:
    """The first day of the month "YYYY-MM" and of the next one, or None."""
    found = MONTH.match(value or "")
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1)


def _aware(day: date):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


@dataclass(frozen=True)
class Chosen:
    """What the list shows, in words, and the rows."""

    title: str
    rows: object  # a queryset


def endorsements(association, get) -> Chosen:
    rows = Endorsement.objects.filter(association=association)
    said = []
    category = get.get("category", "").strip().upper()
    if category in CATEGORIES:
        rows = rows.filter(category=category)
        said.append(category)
    if get.get("in_force") == "1":
        rows = rows.current()
        said.append(_("in force today"))
    county = get.get("county", "").strip()[:100]
    if county:
        rows = rows.filter(county_key=county_key(county))
        said.append(county)
    for name, field, words in (
        ("granted", "granted", _("granted in %(month)s")),
        ("expires", "expires", _("expiring in %(month)s")),
    ):
        month = month_of(get.get(name, ""))
        if month:
            rows = rows.filter(**{f"{field}__gte": month[0], f"{field}__lt": month[1]})
            said.append(words % {"month": _month_label(month[0])})
    month = month_of(get.get("lapsed", ""))
    if month:
        lapsed = Event.objects.filter(
            association=association,
            subject_type=ENDORSEMENT,
            verb="endorsement.lapsed",
            created_at__gte=_aware(month[0]),
            created_at__lt=_aware(month[1]),
        ).values("subject_id")
        rows = rows.filter(pk__in=[int(pk) for pk in lapsed.values_list("subject_id", flat=True)])
        said.append(_("lapsed in %(month)s") % {"month": _month_label(month[0])})
    title = _("Endorsements") + (": " + ", ".join(said) if said else "")
    return Chosen(title, rows.order_by("holder_name", "number"))


def applications(association, get) -> Chosen:
    rows = Application.objects.filter(association=association).select_related("applicant")
    said = []
    month = month_of(get.get("received", ""))
    if month:
        received = Event.objects.filter(
            association=association,
            subject_type=APPLICATION,
            verb="application.submitted",
            created_at__gte=_aware(month[0]),
            created_at__lt=_aware(month[1]),
        ).values_list("subject_id", flat=True)
        rows = rows.filter(pk__in=[int(pk) for pk in received])
        said.append(_("received in %(month)s") % {"month": _month_label(month[0])})
    category = get.get("category", "").strip().upper()
    if category in CATEGORIES:
        rows = rows.filter(category=category)
        said.append(category)
    title = _("Applications") + (": " + ", ".join(said) if said else "")
    return Chosen(title, rows.order_by("-started_at", "-id"))
