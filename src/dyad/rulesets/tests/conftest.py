"""Shared cast of the requirement-set tests: alpha's coordinator with a draft."""

from __future__ import annotations

import pytest
from django_scopes import scope

from dyad.rulesets import services


def publish(association, coordinator, changes: dict, note="Fewer hours", category="IMHS"):
    """A draft of IMH-E with `changes` on `category`, published: the new PublishedSet."""
    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="current", actor=coordinator
        )
        services.change_draft(draft=draft, category=category, values=changes, actor=coordinator)
        draft.refresh_from_db()
        return services.publish_draft(
            association=association, key=draft.key, note=note, actor=coordinator
        )


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]
