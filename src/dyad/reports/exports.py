"""Reports as files: one figure as CSV, the whole report as CSV (one block per figure) or as an
XLSX workbook (one sheet per figure), through openpyxl.

A cell that a spreadsheet would read as a formula (text starting with = + - @, a tab or a
carriage return) is written with a leading apostrophe, so a name or label typed by someone can
never run as a formula in the coordinator's spreadsheet (CSV and formula injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from dyad.core.spreadsheets import safe_cell

from .figures import Figure

#: characters a sheet's title may not hold (openpyxl refuses them) and its longest length
_SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_MAX = 31


def figure_rows(figure: Figure) -> list[list]:
    """The figure as rows of cells, its headings first."""
    rows = [[safe_cell(figure.label_heading), *(safe_cell(c) for c in figure.columns)]]
    rows += [[safe_cell(row.label), *(safe_cell(v) for v in row.values)] for row in figure.rows]
    return rows


def _csv(rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rows)
    return out.getvalue()


def figure_csv(figure: Figure) -> str:
    return _csv(figure_rows(figure))


def report_csv(title: str, figures: list[Figure]) -> str:
    """Every figure one after the other: its title, its table, a blank line."""
    rows: list[list] = [[safe_cell(title)], []]
    for figure in figures:
        rows.append([safe_cell(figure.title)])
        rows.extend(figure_rows(figure))
        rows.extend([safe_cell(note)] for note in figure.notes)
        rows.append([])
    return _csv(rows)


def report_xlsx(figures: list[Figure]) -> bytes:
    """One sheet per figure: the table, then its notes."""
    from openpyxl import Workbook  # here, not at start-up: openpyxl loads NumPy

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for figure in figures:
        name = _SHEET_FORBIDDEN.sub(" ", str(figure.title))[:SHEET_TITLE_MAX].strip() or "Sheet"
        while name in used:
            name = name[: SHEET_TITLE_MAX - 1] + "_"
        used.add(name)
        sheet = book.create_sheet(name)
        for row in figure_rows(figure):
            sheet.append([_xlsx(cell) for cell in row])
        for note in figure.notes:
            sheet.append([_xlsx(safe_cell(note))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(cell):
    """Control characters a workbook cannot hold are dropped (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
