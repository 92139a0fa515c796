"""Reads for the scoring pages. The scorer's reads return only their own assignments and never
another scorer's marks or the candidate's name (the page is blind)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from .models import Answer, Item, ScoringAssignment, Sitting
from .scoring_services import PAIR, THIRD, written_answers

PAGE_SIZE = 25


def my_sittings(association, scorer) -> list[dict]:
    """The sittings the scorer has responses to score in, open ones first (one query)."""
    rows = (
        ScoringAssignment.objects.filter(association=association, scorer=scorer)
        .values("answer__sitting_id", "answer__sitting__window__form__title")
        .annotate(
            total=Count("id"),
            scored=Count("id", filter=Q(score__isnull=False)),
            third=Count("id", filter=Q(role=THIRD)),
        )
        .order_by("answer__sitting_id")
    )
    found = [
        {
            "sitting": r["answer__sitting_id"],
            "form": r["answer__sitting__window__form__title"],
            "total": r["total"],
            "scored": r["scored"],
            "reconciling": bool(r["third"]),
        }
        for r in rows
    ]
    return sorted(found, key=lambda r: (r["scored"] == r["total"], r["sitting"]))


@dataclass
class MyResponse:
    """One response the scorer scores: the item (with its vignette and rubric), the answer's
    text, and the scorer's own assignment. Nothing about the other scorers."""

    assignment: ScoringAssignment
    item: Item
    text: str
    editable: bool
    score_field: object = None
    note_field: object = None


@dataclass
class VignetteGroup:
    vignette: object
    responses: list[MyResponse] = field(default_factory=list)


def my_responses(sitting: Sitting, scorer) -> list[MyResponse]:
    """The scorer's responses in this sitting, in the form's order; empty when none is theirs."""
    form = sitting.window.form
    found = []
    for w in written_answers(sitting):
        own = next((a for a in w.scores.values() if a.scorer_id == scorer.pk), None)
        if own is None:
            continue
        locked = (
            sitting.state != Sitting.State.SUBMITTED
            or (own.score is not None and w.final(form) is not None)
            or (own.role in PAIR and THIRD in w.scores and own.score is not None)
        )
        found.append(MyResponse(own, w.item, w.answer.text, not locked))
    return found


def by_vignette(responses: list[MyResponse]) -> list[VignetteGroup]:
    groups: list[VignetteGroup] = []
    for r in responses:
        if not groups or groups[-1].vignette != r.item.vignette:
            groups.append(VignetteGroup(r.item.vignette))
        groups[-1].responses.append(r)
    return groups


# -- the coordinator's ------------------------------------------------------------------------


def scoring_rows(association, state: str = ""):
    """Submitted and scored sittings with everything the list shows, in a fixed number of
    queries: candidate, form, result, and the written answers with their scorings."""
    rows = (
        Sitting.objects.filter(
            association=association,
            state__in=[Sitting.State.SUBMITTED, Sitting.State.SCORED],
        )
        .select_related("candidate", "window__form", "result")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(item__kind=Item.Kind.WRITTEN)
                .select_related("item")
                .prefetch_related("scorings"),
                to_attr="written",
            )
        )
        .order_by("state", "-submitted_at", "-id")
    )
    if state:
        rows = rows.filter(state=state)
    return rows


def progress(sitting: Sitting) -> dict:
    """From the prefetched written answers: scores in, scores expected, and whether a role is
    missing a scorer (a pair not complete, or a third needed but not assigned)."""
    form = sitting.window.form
    scored = expected = 0
    missing = False
    for answer in sitting.written:
        if not answer.text.strip():
            continue
        scores = {s.role: s for s in answer.scorings.all()}
        first, second = (scores[r].score if r in scores else None for r in PAIR)
        roles = list(PAIR)
        if first is not None and second is not None and abs(first - second) > form.tolerance:
            roles.append(THIRD)
        expected += len(roles)
        scored += sum(1 for r in roles if r in scores and scores[r].score is not None)
        missing = missing or any(r not in scores for r in roles)
    return {"scored": scored, "expected": expected, "missing": missing}
