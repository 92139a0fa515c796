"""The demo's API key: one read-write key of the first demo association, with a secret known in
advance so `make run` can print it beside the sign-ins (demo mode only; the demo command refuses
a production database)."""

from __future__ import annotations

from django.db import transaction

from . import services
from .models import ApiKey

DEMO_SECRET = "dyad_demo0001_try-the-api-with-this-demo-key-only"


def demo_key(association, actor) -> str:
    """Make the demo key once (idempotent) and return its secret."""
    with transaction.atomic():
        if not ApiKey.objects.filter(hash=services.digest(DEMO_SECRET)).exists():
            services._make(
                association,
                "Demo membership system",
                ApiKey.Scope.READ_WRITE,
                actor,
                "api_key.created",
                secret=DEMO_SECRET,
            )
    return DEMO_SECRET
