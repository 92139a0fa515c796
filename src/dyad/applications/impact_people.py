"""The association's people for the impact preview of a requirement set (`rulesets.impact`).

"The association's people" are everyone with an application with the association (in any state,
withdrawn and denied included: they may apply again) or an endorsement granted by it (in any
status: a lapsed holder may come back). Their portfolios are built in batches, each batch in the
same few queries whatever its size (`portfolios.selectors.portfolio_facts_many`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth import get_user_model

from dyad.credentials.models import Endorsement
from dyad.portfolios.selectors import portfolio_facts_many
from dyad.rulesets.impact import Person

from .models import Application


def people_ids(association) -> list[int]:
    """Ids of the association's people (call it in the association's scope)."""
    ids = set(
        Application.objects.filter(association=association).values_list("applicant_id", flat=True)
    )
    ids.update(
        Endorsement.objects.filter(association=association, holder__isnull=False).values_list(
            "holder_id", flat=True
        )
    )
    return sorted(ids)


def people_of_association(association, batch_size: int) -> tuple[int, Iterator[list[Person]]]:
    ids = people_ids(association)

    def batches() -> Iterator[list[Person]]:
        users = get_user_model().objects.only(
            "id", "email", "display_name", "first_name", "last_name"
        )
        for start in range(0, len(ids), batch_size):
            chunk = list(users.filter(pk__in=ids[start : start + batch_size]).order_by("pk"))
            portfolios = portfolio_facts_many(chunk)
            yield [Person(u.pk, u.name, portfolios[u.pk]) for u in chunk]

    return len(ids), batches()
