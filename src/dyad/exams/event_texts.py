"""How exam events read in plain words (registered in `ExamsConfig.ready`).

Events keep ids and versions, never a candidate's answers or a scorer's marks."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text


def _version(event) -> dict[str, object]:
    return {"version": (event.data or {}).get("version", "")}


#: the form builder, windows, invitations and sittings (exams-take)
FORM_TEXTS = {
    "exam_form.created": lambda e: _("Exam form created"),
    "exam_form.changed": lambda e: _("Exam form changed"),
    "exam_form.published": lambda e: _("Exam form version %(version)s published") % _version(e),
    "exam_form.versioned": lambda e: _("Exam form version %(version)s drafted") % _version(e),
    "exam_form.vignette_added": lambda e: _("Vignette added"),
    "exam_form.vignette_changed": lambda e: _("Vignette changed"),
    "exam_form.vignette_removed": lambda e: _("Vignette removed"),
    "exam_form.item_added": lambda e: _("Question added"),
    "exam_form.item_changed": lambda e: _("Question changed"),
    "exam_form.item_removed": lambda e: _("Question removed"),
    "exam_form.imported": lambda e: _("Exam form imported"),
    "exam_window.opened": lambda e: _("Exam window opened"),
    "exam.accommodations_changed": lambda e: _("Exam accommodations changed"),
    "exam.started": lambda e: _("Exam started"),
    "exam.break_taken": lambda e: _("Break taken during the exam"),
    "exam.break_ended": lambda e: _("Break ended"),
}
#: events that name the candidate
CANDIDATE_TEXTS = {
    "exam.invited": lambda e: (
        _("%(name)s invited to sit the exam") % {"name": person_name(e, "candidate")}
    ),
    "exam.submitted": lambda e: (
        _("%(name)s submitted the exam") % {"name": person_name(e, "candidate")}
    ),
}

#: scoring and results (exams-score): ids only, never a mark
SCORING_TEXTS = {
    "exam.scorers_assigned": lambda e: _("Scorers assigned to the written responses"),
    "exam.reconciliation_needed": lambda e: _(
        "The two scores differ beyond the tolerance: a third scorer reconciles"
    ),
    "exam.scored": lambda e: _("Exam scored"),
}
#: scoring events that name a scorer
SCORER_TEXTS = {
    "exam.scorer_assigned": lambda e: (
        _("%(name)s assigned as a scorer") % {"name": person_name(e, "scorer")}
    ),
    "exam.scores_recorded": lambda e: (
        _("%(name)s recorded scores") % {"name": person_name(e, "scorer")}
    ),
}
#: the decision, naming the candidate
DECISION_TEXTS = {
    "exam.passed": lambda e: _("%(name)s passed the exam") % {"name": person_name(e, "candidate")},
    "exam.failed": lambda e: (
        _("%(name)s did not pass the exam") % {"name": person_name(e, "candidate")}
    ),
}


def register() -> None:
    for verb, text in FORM_TEXTS.items():
        register_event_text(verb, text)
    for verb, text in CANDIDATE_TEXTS.items():
        register_event_text(verb, text, people=("candidate",))
    for verb, text in SCORING_TEXTS.items():
        register_event_text(verb, text)
    for verb, text in SCORER_TEXTS.items():
        register_event_text(verb, text, people=("scorer",))
    for verb, text in DECISION_TEXTS.items():
        register_event_text(verb, text, people=("candidate",))
