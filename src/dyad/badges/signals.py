"""Keeping the status list current: any saved endorsement makes its association's bits be
computed again (`selectors.encoded_status_list`)."""

from __future__ import annotations

from django.db import transaction

from . import selectors


def endorsement_saved(sender, instance, **kwargs) -> None:
    association_id = instance.association_id
    selectors.endorsements_changed(association_id)
    # Again once the change is committed: a list computed meanwhile read the old state.
    transaction.on_commit(lambda: selectors.endorsements_changed(association_id))
