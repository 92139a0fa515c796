"""Files for import tests, made here (CSV and the same rows as XLSX), dates relative to today."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

from django.utils import timezone

from dyad.imports.endorsees import COLUMNS


def day(offset_days: int) -> str:
    return (timezone.localdate() + timedelta(days=offset_days)).isoformat()


def endorsee(n: int, **values) -> dict:
    row = {
        "number": f"IMP-{n:05d}",
        "name": f"Person Number{n}",
        "email": f"person{n}@example.org",
        "category": "IMHS",
        "association": "",
        "granted": day(-700),
        "expires": day(400),
        "status": "active",
        "county": "Wayne County, MI",
    }
    row.update(values)
    return row


def as_csv(rows: list[dict], columns=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows: list[dict], columns=COLUMNS, real_dates: bool = True) -> bytes:
    """The same rows in a workbook; dates as real date cells, as Excel keeps them."""
    from datetime import date

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            if real_dates and column in ("granted", "expires") and value:
                value = date.fromisoformat(value)
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def portfolio_json(email: str = "", name: str = "Ana Ruiz") -> bytes:
    person = {"name": name}
    if email:
        person["email"] = email
    doc = {
        "format": "dyad-portfolio/1",
        "person": person,
        "training": [
            {
                "title": "Attachment and loss",
                "date": day(-100),
                "minutes": 360,
                "imh_specific": True,
                "areas": ["attachment_loss"],
            }
        ],
    }
    return json.dumps(doc).encode()


def a_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
