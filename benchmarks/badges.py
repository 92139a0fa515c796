"""Verifiable credentials, in bare pages: the holder's download (signing), the public status list
(cached, and re-signed after a change) and the "verify a credential file" page.

Runs in its own process (`python benchmarks/badges.py`; `make bench` runs it after the pages and
reads its figures as JSON with `--json`), with the pages bench's fresh in-memory SQLite site and
bare page. 2,000 endorsements have a status list place, 1 in 20 revoked.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, ratio_figure, table, verdict
from pages import Site, setup_django
from targets import BADGES as TARGETS

ENDORSEMENTS = 2_000


def figures(repeats: int = 15) -> list[Figure]:
    setup_django()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from dyad.accounts.models import User
    from dyad.badges.models import StatusEntry
    from dyad.badges.services import issue_credential
    from dyad.credentials.models import Endorsement

    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "verify_credential_file": {"address": "1000000/h", "account": "1000000/h"},
    }
    site = Site()
    site.add_endorsements(ENDORSEMENTS)
    association = site.association
    today = timezone.localdate()
    with scopes_disabled():
        rows = list(Endorsement.objects.order_by("pk"))
        StatusEntry.objects.bulk_create(
            [
                StatusEntry(association=association, endorsement=e, index=i)
                for i, e in enumerate(rows)
            ],
            batch_size=500,
        )
        Endorsement.objects.filter(pk__in=[e.pk for e in rows[::20]]).update(
            status="revoked", expires=today + timedelta(days=30)
        )
        holder = User.objects.create_user(email="holder@example.org", password="x")
        mine = rows[1]
        Endorsement.objects.filter(pk=mine.pk).update(holder=holder)
        mine.refresh_from_db()
        credential = json.dumps(issue_credential(mine))

    bare = site.get("/bench/bare", b"ok")
    status_url = f"/issuers/{association.slug}/status/revocation"
    status_cached = site.get(status_url, b"BitstringStatusListCredential")

    def status_changed() -> object:
        cache.clear()  # as after a revocation: the list is computed and signed again
        return status_cached()

    holder_client = Client()
    holder_client.force_login(holder)

    def download() -> object:
        response = holder_client.get(f"/credentials/{mine.number}.json")
        if response.status_code != 200 or b"proofValue" not in response.content:
            raise RuntimeError(f"download: {response.status_code}")
        return response

    def verify_file() -> object:
        response = site.client.post("/verify/file/", {"text": credential})
        if response.status_code != 200 or b"Valid credential" not in response.content:
            raise RuntimeError(f"verify: {response.status_code}")
        return response

    for page in (bare, status_cached, download, verify_file):
        for _ in range(5):
            page()
    results = []
    for name, subject, target in (
        (f"GET status list, {ENDORSEMENTS:,} credentials (cached)", status_cached, "status_cached"),
        (
            f"GET status list, {ENDORSEMENTS:,} credentials (changed)",
            status_changed,
            "status_changed",
        ),
        ("GET /credentials/<number>.json (signs)", download, "download"),
        ("POST /verify/file/, a valid credential", verify_file, "verify_file"),
    ):
        figure, _ = ratio_figure(
            name,
            bare,
            subject,
            "bare pages",
            TARGETS[target],
            repeats=repeats,
            batch_seconds=0.03,
            budget=5,
        )
        results.append(figure)
    return results


if __name__ == "__main__":
    found = figures()
    if "--json" in sys.argv:
        print(json.dumps([asdict(f) for f in found]))
    else:
        print(table(found))
        sys.exit(verdict(found))
