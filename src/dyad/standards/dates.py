"""Calendar arithmetic of docs/rules.md ("counted months", "within N months up to as_of")."""

from __future__ import annotations

import calendar
from datetime import date

#: docs/rules.md: counted months are days divided by 30.4375 (the mean month).
DAYS_PER_MONTH = 30.4375
#: The dates the engine works with (the portfolio schema holds entries to them too): windows
#: reach years back and projections years ahead of an assessment date.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def check_assessment_date(as_of: date) -> None:
    """Refuse an assessment date the engine cannot count around (ValueError, a plain sentence)."""
    if not EARLIEST <= as_of <= LATEST:
        raise ValueError(
            f"must be a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}, "
            f"not {as_of.isoformat()}"
        )


def months_before(as_of: date, months: int) -> date:
    """The same calendar day `months` before `as_of`, or that month's last day if it has none."""
    index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
