"""pytest fixtures for Django tests (registered by the root conftest)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation

from . import factories

ROLES = ("coordinator", "reviewer", "exam_scorer")
#: Every kind of visitor of `two_associations`, for isolation matrices: (who, role).
VISITORS = [
    *(("alpha", role) for role in ROLES),
    *(("beta", role) for role in ROLES),
    ("applicant", None),
    ("alliance_admin", None),
    ("anonymous", None),
]
VISITOR_IDS = [f"{who}-{role}" for who, role in VISITORS]


def visitor(people: dict, who: str, role: str | None):
    """The user of one row of VISITORS (None for an anonymous visitor)."""
    if who == "anonymous":
        return None
    return people[who][role] if role else people[who]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files (transcripts) go to the test run's temporary directory, never the project's.
    settings.DYAD_PRIVATE_FILES = tmp_path_factory.getbasetemp() / "private"
    # Django's test setup swaps in the locmem backend; keep Dyad's outbox so tests take the real
    # path (outbox row, then delivery by a task through DYAD_DELIVERY_EMAIL, locmem in tests).
    settings.EMAIL_BACKEND = "dyad.core.mail.OutboxBackend"
    settings.DYAD_DELIVERY_EMAIL = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    # A request in Spanish leaves Spanish active in the thread (the locale middleware activates
    # it and nothing resets it): every test starts in the site's default language.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def run_tasks(db):
    """Run every queued background task now, as the worker would (email delivery and others)."""

    def run() -> None:
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)

    return run


@pytest.fixture
def admin_client(client, db):
    """The client signed in as an Alliance administrator who may use the admin site (with TOTP).
    Replaces pytest-django's fixture of the same name, whose user has no second factor."""
    person = factories.make_user(is_alliance_admin=True, is_staff=True, is_superuser=True, mfa=True)
    client.force_login(person)
    client.person = person
    return client


@pytest.fixture
def two_associations(db):
    """Association A and B, each with one staff member per role, and an applicant."""
    result = {}
    for slug in ("alpha", "beta"):
        association = factories.make_association(slug)
        staff = {role: factories.make_staff(association, role) for role in ROLES}
        result[slug] = {"association": association, **staff}
    result["applicant"] = factories.make_user()
    result["alliance_admin"] = factories.make_user(is_alliance_admin=True, mfa=True)
    return result
