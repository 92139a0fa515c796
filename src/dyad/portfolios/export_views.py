"""The signed-in person's own portfolio as a file: `/portfolio/export.json`."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .documents import export_document


@require_GET
@login_required
def export_portfolio(request):
    """Download the portfolio in the portfolio format (docs/portfolio-format.md). Only ever the
    signed-in person's own: there is no id in the address to change."""
    document = export_document(request.user)
    body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # A fixed, safe name: nothing from the person (their name may hold any character).
    name = f"dyad-portfolio-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
