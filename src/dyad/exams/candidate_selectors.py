"""Reads for the candidate's own pages: their sittings (one query), one of their sittings by id
(another person's is not found), and what the sitting page shows.

A candidate's pages are outside any association's scope: the person's own sittings are read
across associations on purpose, always filtered by `candidate=` the signed-in person. What a
candidate is shown never includes an item's `correct` option, its rubric or its areas:
`questions()` copies only what a candidate may see into plain objects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.http import Http404
from django_scopes import scopes_disabled

from .models import Answer, Item, Sitting, Vignette


def own_sittings(user) -> list[Sitting]:
    with scopes_disabled():
        return list(
            Sitting.objects.filter(candidate=user)
            .select_related("window__form", "association")
            .order_by("-window__opens_at", "-pk")
        )


def own_sitting(user, pk: int) -> Sitting:
    """The signed-in person's sitting `pk`, with its window and form; 404 for anyone else's."""
    with scopes_disabled():
        found = (
            Sitting.objects.filter(pk=pk, candidate=user)
            .select_related("window__form", "association")
            .first()
        )
    if found is None:
        raise Http404
    return found


@dataclass
class Option:
    #: the option's index in the authored order (what a save sends), never its correctness
    value: int
    text: str


@dataclass
class Question:
    id: int
    number: int
    kind: str
    stem: str
    options: list[Option] = field(default_factory=list)
    vignette: Vignette | None = None
    max_score: int = 0
    choice: int | None = None
    text: str = ""
    seq: int = 0
    flagged: bool = False
    previous: int | None = None
    next: int | None = None

    @property
    def answered(self) -> bool:
        return self.choice is not None or bool(self.text.strip())


def questions(sitting: Sitting) -> list[Question]:
    """The sitting's questions in order (multiple choice first, then the written ones by
    vignette), each mc item's options in this sitting's shuffled order, with the answers saved
    so far. Three queries."""
    form_id = sitting.window.form_id
    with scopes_disabled():
        vignettes = {v.pk: v for v in Vignette.objects.filter(form_id=form_id)}
        items = list(
            Item.objects.filter(form_id=form_id).only(
                "pk", "kind", "stem", "options", "vignette_id", "max_score", "position"
            )
        )
        answers = {
            a.item_id: a
            for a in Answer.objects.filter(sitting=sitting).only("item_id", "choice", "text", "seq")
        }
    mc = [i for i in items if i.kind == Item.Kind.MC]
    written = sorted(
        (i for i in items if i.kind == Item.Kind.WRITTEN),
        key=lambda i: (vignettes[i.vignette_id].position if i.vignette_id else 0, i.position),
    )
    flags = set(sitting.flags or [])
    result = []
    for number, item in enumerate(mc + written, start=1):
        answer = answers.get(item.pk)
        question = Question(
            id=item.pk,
            number=number,
            kind=item.kind,
            stem=item.stem,
            vignette=vignettes.get(item.vignette_id),
            max_score=item.max_score if item.kind == Item.Kind.WRITTEN else 0,
            flagged=item.pk in flags,
        )
        if item.kind == Item.Kind.MC:
            order = sitting.option_orders.get(str(item.pk)) or list(range(len(item.options)))
            question.options = [Option(i, item.options[i]) for i in order]
        if answer is not None:
            question.choice, question.text, question.seq = answer.choice, answer.text, answer.seq
        result.append(question)
    for before, after in itertools.pairwise(result):
        before.next, after.previous = after.id, before.id
    return result


def item_kinds(sitting: Sitting) -> list[tuple[int, str]]:
    """(id, kind) of the sitting's items (one query)."""
    with scopes_disabled():
        return list(Item.objects.filter(form_id=sitting.window.form_id).values_list("pk", "kind"))
