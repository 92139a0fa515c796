import pytest
from django_scopes import scopes_disabled

from dyad.api import services
from dyad.applications.services import start_application
from dyad.testing import factories


@pytest.fixture
def api_world(two_associations):
    """Both associations with an endorsement and an application each, and keys: A's read,
    A's read-write, B's read-write and A's revoked."""
    world = dict(two_associations)
    with scopes_disabled():
        for slug in ("alpha", "beta"):
            association = world[slug]["association"]
            holder = factories.make_user()
            world[slug]["endorsement"] = factories.make_endorsement(
                association, f"Holder {slug}", holder=holder
            )
            world[slug]["holder"] = holder
            world[slug]["application"] = start_application(
                applicant=factories.make_user(display_name=f"Applicant {slug}"),
                association=association,
                category="IFS",
            )
        coordinator_a = world["alpha"]["coordinator"]
        coordinator_b = world["beta"]["coordinator"]
        a = world["alpha"]["association"]
        world["keys"] = {
            "a_read": services.create_api_key(
                association=a, name="read", scope="read", actor=coordinator_a
            ).secret,
            "a_write": services.create_api_key(
                association=a, name="write", scope="read-write", actor=coordinator_a
            ).secret,
            "b_write": services.create_api_key(
                association=world["beta"]["association"],
                name="b",
                scope="read-write",
                actor=coordinator_b,
            ).secret,
        }
        revoked = services.create_api_key(
            association=a, name="old", scope="read-write", actor=coordinator_a
        )
        services.revoke_api_key(key=revoked.key, actor=coordinator_a)
        world["keys"]["revoked"] = revoked.secret
    return world


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
