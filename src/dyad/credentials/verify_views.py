"""The public verification page of one credential: anyone shown a certificate can check it."""

from django.shortcuts import render
from django.utils import formats, timezone
from django.views.decorators.http import require_safe

from dyad.core.events import describe
from dyad.standards.codes import standard_of

from . import records
from .certificate import MARKS, category_name
from .status import standing


def history_rows(endorsement, *, actors: bool = False) -> list[dict]:
    """One row per event of the endorsement, oldest first: its day (ISO and as the reader
    writes dates), the sentence in plain words, and the event. Dates are formatted here, once
    per row, rather than by template filters (the history is the page's longest part)."""
    rows = []
    for event in records.endorsement_history(endorsement, actors=actors):
        day = timezone.localtime(event.created_at).date()
        rows.append(
            {
                "iso": day.isoformat(),
                "day": formats.date_format(day, "DATE_FORMAT"),
                "text": describe(event),
                "event": event,
            }
        )
    return rows


@require_safe
def verify(request, number):
    """Status in plain words, who, what, which association and the history; no sign-in, no
    JavaScript. An unknown number is a 404 page that says so."""
    endorsement = records.public_endorsement(number)
    if endorsement is None:
        return render(request, "credentials/verify_unknown.html", {"number": number}, status=404)
    return render(
        request,
        "credentials/verify.html",
        {
            "endorsement": endorsement,
            "standing": standing(endorsement),
            "category_name": category_name(endorsement.category),
            "standard_mark": MARKS[standard_of(endorsement.category)],
            "history": history_rows(endorsement),
        },
    )
