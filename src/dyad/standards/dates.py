"""Calendar arithmetic of requirements.md ("counted months", "within N months up to as_of")."""

from __future__ import annotations

import calendar
from datetime import date

#: requirements.md: counted months are days divided by 30.4375 (the mean month).
DAYS_PER_MONTH = 30.4375


def months_before(as_of: date, months: int) -> date:
    """The same calendar day `months` before `as_of`, or that month's last day if it has none."""
    index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
