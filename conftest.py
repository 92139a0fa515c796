"""Test configuration shared by every app: environment, fixtures and the browser harness."""

import os

os.environ.pop("DYAD_PRODUCTION", None)
# Tests clear the cache; never let them clear a real shared Redis (the database cache stands in).
os.environ.pop("REDIS_URL", None)
# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make beside it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["dyad.testing.fixtures", "dyad.testing.browser"]
