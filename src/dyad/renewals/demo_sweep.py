"""Demo data of the renewal sweep (`dyad demo`, `make run`): endorsed people with accounts whose
endorsements are due soon, in grace, or past their grace period, so the coordinator's renewals
dashboard shows every group and `make run`'s sweep (right after the demo) sends their reminders
and records the lapse. Made through the credential services with dates relative to the first
day the demo is loaded; a second run finds what the first made."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement

#: (email, name, association, category, days from today to `expires`, what the sweep does)
PEOPLE = [
    ("tomas.due@example.org", "Tomás Silva", "great-lakes", "IMHS", 6, "due in a week"),
    ("priya.due@example.org", "Priya Shah", "great-lakes", "IFS", 28, "due within a month"),
    ("ada.due@example.org", "Ada Mensah", "high-plains", "IFA", 80, "due in three months"),
    ("hana.grace@example.org", "Hana Sato", "great-lakes", "IFS", -35, "in grace"),
    ("ivan.grace@example.org", "Ivan Petrov", "great-lakes", "IFA", -86, "in grace, lapses soon"),
    ("olga.lapse@example.org", "Olga Berg", "great-lakes", "IMHS", -95, "lapsed by the sweep"),
]


def load(associations: dict, make_user) -> None:
    """`make_user(email, name)` makes (or finds) a demo person who can sign in."""
    today = timezone.localdate()
    for n, (email, name, slug, category, days, _show) in enumerate(PEOPLE, start=1):
        association = associations[slug]
        person = make_user(email, name)
        number = f"{slug[:2].upper()}-{category}-S{n:03d}"
        with scope(association=association):
            if Endorsement.objects.filter(number=number).exists():
                continue
            expires = today + timedelta(days=days)
            grant_endorsement(
                association=association,
                number=number,
                holder=person,
                holder_name=name,
                category=category,
                granted=min(date(2021, 6, 1), expires - timedelta(days=365)),
                expires=expires,
                reason="demo data",
            )


def sign_ins() -> list[tuple[str, str]]:
    return [(email, f"endorsed, {show}") for email, _n, _a, _c, _d, show in PEOPLE]
