"""Where an endorsement stands on a day, in the four words a reader of a credential needs:
active, in its grace period, lapsed, revoked (with the reason).

The rule is `Endorsement.is_in_force`: active and `expires` plus the category's grace period not
passed. An endorsement whose grace period ended reads as lapsed on the day after, whether or not
`lapse_endorsement` has recorded it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Endorsement

ACTIVE, GRACE, LAPSED, REVOKED = "active", "grace", "lapsed", "revoked"


@dataclass(frozen=True)
class Standing:
    state: str  # one of ACTIVE, GRACE, LAPSED, REVOKED
    since: date | None  # revoked or lapsed on, in grace since
    until: date | None  # active until, in grace until
    reason: str = ""

    @property
    def in_force(self) -> bool:
        return self.state in (ACTIVE, GRACE)

    @property
    def label(self) -> str:
        return {
            ACTIVE: _("Active"),
            GRACE: _("In its grace period"),
            LAPSED: _("Lapsed"),
            REVOKED: _("Revoked"),
        }[self.state]

    @property
    def sentence(self) -> str:
        """The status in plain words, with its dates (in the reader's language)."""
        since = _day(self.since)
        until = _day(self.until)
        if self.state == ACTIVE:
            return _("Active until %(date)s.") % {"date": until}
        if self.state == GRACE:
            return _(
                "Expired on %(expired)s and in its grace period since %(date)s: it still counts "
                "until %(until)s, unless it is renewed."
            ) % {"expired": _day(self.since - timedelta(days=1)), "date": since, "until": until}
        if self.state == LAPSED:
            return _("Lapsed on %(date)s: it was not renewed in time.") % {"date": since}
        if self.since is None:
            return _("Revoked. Reason: %(reason)s") % {"reason": self.reason}
        return _("Revoked on %(date)s. Reason: %(reason)s") % {"date": since, "reason": self.reason}


def standing(endorsement: Endorsement, on: date | None = None) -> Standing:
    on = on or timezone.localdate()
    last_day = endorsement.last_day_in_force()
    if endorsement.status == Endorsement.Status.REVOKED:
        return Standing(REVOKED, endorsement.revoked_on, None, endorsement.revocation_reason)
    if endorsement.status == Endorsement.Status.LAPSED or on > last_day:
        return Standing(LAPSED, last_day + timedelta(days=1), None)
    if on > endorsement.expires:
        return Standing(GRACE, endorsement.expires + timedelta(days=1), last_day)
    return Standing(ACTIVE, None, endorsement.expires)


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""
