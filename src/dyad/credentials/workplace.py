"""Where an endorsed person works, as the association records it (county and state): the contact
details an association keeps on the credential, changed only here (the API and pages alike)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dyad.core.errors import validation_as_dyad_error
from dyad.core.events import record_event

from .models import Endorsement
from .services import CredentialError


def change_workplace(
    *,
    endorsement: Endorsement,
    county: str | None = None,
    state: str | None = None,
    actor=None,
    via: str = "",
) -> Endorsement:
    """Set the county and/or the state (two letters) of `endorsement`; None leaves one as it is.
    `via` says what made the change when no person did (an API key's prefix), for the record.
    Idempotent: the values it already has change nothing and record nothing."""
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        changed = []
        if county is not None:
            county = " ".join(county.split())
            if county != locked.county:
                locked.county = county
                changed.append("county")
        if state is not None:
            state = state.strip().upper()
            if state and (len(state) != 2 or not state.isalpha()):
                raise CredentialError(_("Write the state as its two letters, such as MI."), "state")
            if state != locked.state:
                locked.state = state
                changed.append("state")
        if not changed:
            return locked
        with validation_as_dyad_error(CredentialError):
            locked.full_clean()
        locked.save(update_fields=changed)
        record_event(
            subject=locked,
            verb="endorsement.workplace_changed",
            actor=actor,
            from_state=locked.status,
            to_state=locked.status,
            data={
                "number": locked.number,
                "category": locked.category,
                "fields": changed,
                **({"via": via} if via else {}),
            },
        )
    return locked
