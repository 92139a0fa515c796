"""The scoring tests' cast: association alpha's published IMHS form (sitting_cast: three mc
items keyed 0, 1, 2 and two written items scored 0..4), three exam scorers, and submitted
sittings whose answers are given here."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from dyad.associations.models import StaffMembership
from dyad.exams import sitting_services
from dyad.exams.models import ExamForm, Item, ScoringAssignment, Sitting
from dyad.testing.factories import make_staff

from .sitting_cast import items_of, open_window, published_form, started

SCORER = StaffMembership.Role.EXAM_SCORER


def scoring_world(association, coordinator, *, scorers: int = 3, **form_values):
    """The form (tolerance, final_rule, pass_rules changed by `form_values`), an open window and
    `scorers` exam scorers named Scorer A, B, C..."""
    people = [
        make_staff(association, SCORER, display_name=f"Scorer {chr(65 + n)}")
        for n in range(scorers)
    ]
    form = published_form(association, coordinator)
    if form_values:
        with scopes_disabled():
            ExamForm.objects.filter(pk=form.pk).update(**form_values)
            form.refresh_from_db()
    window = open_window(form, coordinator)
    return form, window, people


def submitted(
    window, coordinator, *, choices=(0, 1, 2), texts=("Answer one", "Answer two"), person=None
):
    """A sitting of a new candidate who chose `choices` on the three mc items (the key is
    0, 1, 2) and wrote `texts` to the two written ones, submitted."""
    sitting = started(window, coordinator, person)
    items = items_of(window.form)
    mc = [i for i in items if i.kind == Item.Kind.MC]
    written = [i for i in items if i.kind == Item.Kind.WRITTEN]
    seq = 0
    for item, choice in zip(mc, choices, strict=True):
        seq += 1
        sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=sitting.candidate_id,
            item_id=item.pk,
            choice=choice,
            text="",
            seq=seq,
        )
    for item, text in zip(written, texts, strict=True):
        seq += 1
        sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=sitting.candidate_id,
            item_id=item.pk,
            choice=None,
            text=text,
            seq=seq,
        )
    with scope(association=window.association):
        return sitting_services.submit_sitting(sitting, sitting.candidate)


def assignments(sitting: Sitting) -> list[ScoringAssignment]:
    with scopes_disabled():
        return list(
            ScoringAssignment.objects.filter(answer__sitting=sitting)
            .select_related("scorer", "answer__item")
            .order_by("answer__item__position", "role")
        )


def mine(sitting: Sitting, scorer) -> list[ScoringAssignment]:
    return [a for a in assignments(sitting) if a.scorer_id == scorer.pk]
