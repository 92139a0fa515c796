"""The demo's imports (`dyad demo`): an association's coordinator brought in a few endorsees
from the old portal's spreadsheet, so the imports page has a history and the registry a few
more people. Idempotent: the same file is imported once."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta

from django.utils import timezone

from . import services
from .endorsees import COLUMNS
from .models import Import

#: (number, name, category, years since granted, status, county)
ENDORSEES = [
    ("GL-OLD-0101", "Rosa Delgado", "IFS", 2, "active", "Wayne County, MI"),
    ("GL-OLD-0102", "Peter Nowak", "IMHS", 1, "active", "Kent County, MI"),
    ("GL-OLD-0103", "Grace Mensah", "IFA", 3, "active", "Oakland County, MI"),
    ("GL-OLD-0104", "Tomás Ibáñez", "IMHM-C", 2, "active", "Washtenaw County, MI"),
    ("GL-OLD-0105", "Helen Carter", "IFS", 5, "lapsed", "Marquette County, MI"),
]


def demo_file() -> bytes:
    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, name, category, years, status, county in ENDORSEES:
        granted = today - timedelta(days=365 * years + 30)
        expires = granted + timedelta(days=365 * (1 if status == "lapsed" else years + 1))
        email = name.lower().replace(" ", ".").replace("á", "a").replace("ñ", "n") + "@example.org"
        writer.writerow([number, name, email, category, "", granted, expires, status, county])
    return out.getvalue().encode()


def load_demo(association, coordinator) -> Import:
    """Import the demo file for `association` as `coordinator`, once."""
    data = demo_file()
    digest = hashlib.sha256(data).hexdigest()
    earlier = Import.objects.filter(association=association, sha256=digest).first()
    if earlier is not None:
        return earlier
    imp = services.start_import(
        association=association,
        actor=coordinator,
        kind=Import.Kind.ENDORSEES,
        file_name="old-portal-endorsees.csv",
        data=data,
        worker=False,
    )
    if imp.state == Import.State.PREVIEWED:
        imp = services.confirm_import(imp=imp, actor=coordinator, worker=False)
    return imp
