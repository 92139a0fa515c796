"""Reading one cell of an import: each function returns the value or raises `CellError` with a
sentence a coordinator can act on (the caller adds the row and the column)."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from dyad.accounts.bulk import is_email, normal_email


class CellError(ValueError):
    pass


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def a_date(text: str) -> date:
    """YYYY-MM-DD, or M/D/YYYY as US spreadsheets write it."""
    if not text:
        raise CellError(_("The date is missing: write it as YYYY-MM-DD, such as 2024-03-01."))
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        us = _US_DATE.match(text)
        if us:
            month, day, year = (int(g) for g in us.groups())
            return date(year, month, day)
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, such as 2024-03-01.")
            % {"value": text[:40]}
        ) from None


def an_email(text: str, required: bool = False) -> str:
    if not text:
        if required:
            raise CellError(_("The email address is missing."))
        return ""
    email = normal_email(text)
    if len(email) > 254 or not is_email(email):
        raise CellError(_("“%(value)s” is not an email address.") % {"value": text[:80]})
    return email


def text(value: str, limit: int, what: str, required: bool = True) -> str:
    """`what` names the column (the error column says it too): "name" or "county"."""
    value = " ".join(value.split())
    if required and not value:
        raise CellError(_("This cell is empty: it must be filled in."))
    if len(value) > limit:
        raise CellError(_("This is longer than %(limit)s characters.") % {"limit": limit})
    return value
