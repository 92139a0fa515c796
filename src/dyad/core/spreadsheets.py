"""Cells for CSV and XLSX files people open in a spreadsheet: text that a spreadsheet would run
as a formula (it starts with = + - @, a tab or a line break) gets a leading apostrophe, OWASP's
advice against CSV injection; numbers stay numbers."""

from __future__ import annotations

#: a cell that starts with one of these is read as a formula by spreadsheets
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """The value as a cell: None empty, numbers as they are, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
