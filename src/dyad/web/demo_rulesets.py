"""Demo requirement sets: High Plains published its own IMH-E set twice (version 2 asks 48 hours
of RS/C for IMHS instead of 50) and keeps a draft that asks 24 hours of training for IFA instead
of 30, so the editor, the comparison and the public page show something on `make run`.
Idempotent: a second run adds nothing."""

from __future__ import annotations

from dyad.associations.models import StaffMembership
from dyad.associations.tenancy import run_in_scope
from dyad.rulesets import selectors, services

#: (category, values, note) of each version High Plains published, in order
VERSIONS = [
    (
        "IFS",
        {"application__rsc_received__hours": 20},
        "IFS asks 20 hours of RS/C: our providers are few and far between.",
    ),
    (
        "IMHS",
        {"application__rsc_received__hours": 48},
        "IMHS asks 48 hours of RS/C, as our board decided in June.",
    ),
]
DRAFT = ("IFA", {"application__training__hours": 24})


def load(associations: dict) -> None:
    association = associations["high-plains"]
    with run_in_scope(association):
        coordinator = (
            StaffMembership.objects.filter(association=association, role="coordinator")
            .select_related("user")
            .first()
            .user
        )
        for category, values, note in VERSIONS[selectors.next_version(association, "IMH-E") - 1 :]:
            draft = services.start_draft(
                association=association, standard="IMH-E", source="current", actor=coordinator
            )
            draft = services.change_draft(
                draft=draft, category=category, values=values, actor=coordinator
            )
            services.publish_draft(
                association=association, key=draft.key, note=note, actor=coordinator
            )
        if selectors.draft_of(association, "IMH-E") is None:
            draft = services.start_draft(
                association=association, standard="IMH-E", source="current", actor=coordinator
            )
            services.change_draft(
                draft=draft, category=DRAFT[0], values=DRAFT[1], actor=coordinator
            )
