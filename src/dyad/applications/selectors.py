"""Reads of applications: the facts the engine judges an application on, a person's own
applications, and an application's timeline."""

from __future__ import annotations

import dataclasses

from django_scopes import scope, scopes_disabled

from dyad.core.events import with_people
from dyad.core.models import Event
from dyad.portfolios.models import Education, ExamEntry, RscSession, Transcript
from dyad.portfolios.selectors import portfolio_facts, ref
from dyad.standards import facts

from .models import Application, Reference


def application_facts(application: Application) -> facts.Portfolio:
    """The applicant's portfolio with what the application itself gathers: its references
    (refs `reference:<id>`). Portfolio queries plus one."""
    portfolio = portfolio_facts(application.applicant)
    with scope(association=application.association_id):
        references = tuple(
            facts.Reference(
                ref(Reference.ref_prefix, r.pk), r.role, r.status, r.answered_on, r.name
            )
            for r in Reference.objects.filter(application=application).order_by("id")
        )
    return dataclasses.replace(portfolio, references=references)


def applications_of(user) -> list[Application]:
    """A person's own applications, with every association they applied to (their own rows,
    across associations on purpose)."""
    with scopes_disabled():
        return list(
            Application.objects.filter(applicant=user).select_related("association", "endorsement")
        )


def timeline(application: Application) -> list[Event]:
    """Every event of the application, oldest first, with the people they name."""
    with scope(association=application.association_id):
        return with_people(
            Event.objects.filter(
                subject_type=Application._meta.label_lower, subject_id=str(application.pk)
            )
            .select_related("actor")
            .order_by("id")
        )


def uploads_of(user) -> list[dict]:
    """The person's files (transcripts) as a snapshot freezes them: what each is and the SHA-256
    of its content, so anyone can tell later whether a file shown is the one submitted."""
    return [
        {
            "ref": ref(Transcript.ref_prefix, t["id"]),
            "education": ref(Education.ref_prefix, t["education_id"]),
            "name": t["original_name"],
            "content_type": t["content_type"],
            "size": t["size"],
            "sha256": t["sha256"],
        }
        for t in Transcript.objects.filter(owner=user)
        .order_by("id")
        .values("id", "education_id", "original_name", "content_type", "size", "sha256")
    ]


def rsc_confirmations(user) -> dict[str, str]:
    """What providers said of the person's RS/C sessions, by ref (`rsc_session:12` ->
    `confirmed`, `corrected` or `not_held`); sessions nobody answered for are absent. Frozen
    beside the facts at submission: the engine's facts have no room for it."""
    return {
        ref(RscSession.ref_prefix, pk): confirmation
        for pk, confirmation in RscSession.objects.filter(owner=user)
        .exclude(confirmation="")
        .order_by("id")
        .values_list("id", "confirmation")
    }


def exam_results(application: Application) -> list:
    """The applicant's exam results for the application's category, newest first (the
    portfolio's exam entries, recorded by the association that scored them). One query."""
    return list(
        ExamEntry.objects.filter(
            owner=application.applicant_id, category=application.category
        ).order_by("-date", "-id")
    )


def has_passed_exam(application: Application) -> bool:
    return ExamEntry.objects.filter(
        owner=application.applicant_id, category=application.category, result="pass"
    ).exists()
