"""Reading an uploaded table (CSV or XLSX) by its content, never its name.

A CSV must be text (UTF-8, or Windows-1252 as older spreadsheets save it; no NUL or control
bytes). An XLSX must be a real ZIP holding a workbook, read by openpyxl in read-only mode after
the archive is checked: at most `MAX_MEMBERS` members, `MAX_UNPACKED` bytes once unpacked and
`MAX_RATIO` times its packed size per member, so a small file that unpacks to gigabytes (a ZIP
bomb) is refused before anything is unpacked. Either way the first row names the columns and
the rows come back as dicts of text, numbered as the spreadsheet numbers them (the header is
row 1), so a CSV and the same sheet saved as XLSX read the same.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from dyad.core.errors import DyadError

#: the largest upload (checked as it streams in: core.uploads.limit_uploads)
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_MEMBERS = 1_000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
ZIP_MAGIC = b"PK\x03\x04"
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


class ImportFileError(DyadError):
    """A file that cannot be read as a table; the message says why in plain words."""


def sniff(data: bytes) -> str:
    """ "xlsx" or "csv", from the bytes themselves."""
    return "xlsx" if data.startswith(ZIP_MAGIC) else "csv"


def read_table(data: bytes, columns: tuple[str, ...], required: tuple[str, ...]) -> list[dict]:
    """The rows of a CSV or XLSX file as dicts of the known `columns` (text, stripped), each
    with `_row`, its row number. Refuses (ImportFileError) a file that is not a table, misses a
    `required` column or holds more than MAX_ROWS rows; blank rows are skipped."""
    if not data:
        raise ImportFileError(_("The file is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    lines = _xlsx_rows(data) if sniff(data) == "xlsx" else _csv_rows(data)
    header = next(lines, None)
    if header is None:
        raise ImportFileError(_("The file has no header row."), field="file")
    names = [_text(h).lower().replace(" ", "_") for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise ImportFileError(
            _("Row 1 (the header) has no column %(columns)s. The columns are: %(all)s.")
            % {"columns": ", ".join(missing), "all": ",".join(columns)},
            field="file",
        )
    where = {name: i for i, name in reversed(list(enumerate(names))) if name in columns}
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {name: _text(line[i]) if i < len(line) else "" for name, i in where.items()}
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows: split it into smaller files.")
                % {"limit": f"{MAX_ROWS:,}"},
                field="file",
            )
        values["_row"] = number
        rows.append(values)
    return rows


def ignored_columns(data: bytes, columns: tuple[str, ...]) -> list[str]:
    """Header names that are not columns of this kind of import (shown as a note)."""
    lines = _xlsx_rows(data) if sniff(data) == "xlsx" else _csv_rows(data)
    header = next(lines, None) or []
    names = [_text(h).lower().replace(" ", "_") for h in header]
    return [n for n in names if n and n not in columns]


def _text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0", the rest stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _csv_rows(data: bytes):
    if b"\x00" in data:
        raise ImportFileError(_not_a_table(), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(_not_a_table(), field="file") from None
    if _CONTROL & set(text):
        raise ImportFileError(_not_a_table(), field="file")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(
            _("Row %(row)s cannot be read as CSV (%(problem)s).")
            % {"row": reader.line_num, "problem": exc},
            field="file",
        ) from None


def _not_a_table() -> str:
    return _(
        "This file is neither a CSV text file nor an Excel workbook (XLSX). Save the "
        "spreadsheet as CSV (UTF-8) or XLSX and try again."
    )


def check_zip(archive: zipfile.ZipFile, packed_size: int) -> None:
    """Refuse an archive that would unpack to too much: members, total size, ratio."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(
            _("The archive holds more than %(limit)s files.") % {"limit": f"{MAX_MEMBERS:,}"},
            field="file",
        )
    unpacked = sum(m.file_size for m in members)
    squeezed = any(m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    if unpacked > MAX_UNPACKED or squeezed:
        raise ImportFileError(
            _(
                "The archive would unpack to far more than its size (a ZIP bomb?): it is "
                "refused without being unpacked."
            ),
            field="file",
        )


def _xlsx_rows(data: bytes):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        check_zip(archive, len(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ImportFileError(_not_a_table(), field="file") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise ImportFileError(_not_a_table(), field="file")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(
            _("The workbook cannot be read (%(problem)s). Save it again as XLSX.")
            % {"problem": type(exc).__name__},
            field="file",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()
