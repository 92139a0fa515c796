"""Who an association's imports may touch: its own people, never another's."""

from __future__ import annotations

from dyad.accounts.models import User
from dyad.applications.models import Application
from dyad.credentials.models import Endorsement


def association_people(association, emails) -> dict[str, User]:
    """{email: person} for the addresses given that belong to people of `association`: holders
    of its endorsements or applicants to it. Anyone else is not this association's to change
    (nor to learn whether they have an account)."""
    emails = sorted({e for e in emails if e})
    found: dict[str, User] = {}
    holders = Endorsement.objects.filter(association=association, holder__isnull=False)
    applicants = Application.objects.filter(association=association)
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        people = User.objects.filter(email__in=chunk).filter(
            pk__in=holders.values("holder_id")
        ) | User.objects.filter(email__in=chunk, pk__in=applicants.values("applicant_id"))
        for user in people.distinct():
            found[user.email.lower()] = user
    return found
