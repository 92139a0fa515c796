"""Demo exam (called by `dyad demo`): Great Lakes' published IMHS form with multiple-choice
questions and two vignettes, a window open now, and every demo applicant approved for the IMHS
exam (Omar) invited, so he can take it on `make run`. Idempotent. The questions are Dyad's own
words about infant mental health practice, written for the demo, not an official exam."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from dyad.applications import states
from dyad.applications.models import Application
from dyad.associations.tenancy import run_in_scope

from . import builder_services
from .models import ExamForm, ExamWindow, Item

TITLE = "IMHS exam: practice form"
LINEAGE = uuid.uuid5(uuid.NAMESPACE_URL, "dyad-demo:exam-form:imhs")

MC = [
    (
        "A mother says her 3-month-old 'cries to manipulate her'. Which first response best "
        "supports the relationship?",
        [
            "Explain that babies this young cannot manipulate",
            "Wonder with her what the crying might mean to the baby and to her",
            "Suggest letting the baby cry so as not to spoil him",
            "Refer her to a parenting class",
        ],
        1,
        ["development_behavior", "relationship_focused_practice"],
    ),
    (
        "In reflective supervision, the main purpose of the supervisor's questions is to:",
        [
            "Check that the visit followed the protocol",
            "Help the practitioner notice their own feelings and the family's experience",
            "Decide what the practitioner should do next time",
            "Evaluate the practitioner's performance",
        ],
        1,
        ["value_reflection"],
    ),
    (
        "A toddler in foster care clings to each new caregiver and then pulls away. This "
        "pattern most likely reflects:",
        [
            "A temperament the child was born with",
            "Disrupted early attachment relationships",
            "A hearing problem",
            "Ordinary behaviour for the age that needs no attention",
        ],
        1,
        ["attachment_loss"],
    ),
    (
        "A family's way of feeding their infant differs from what the practitioner learned. "
        "The practitioner should first:",
        [
            "Correct the family with the current guidance",
            "Ask about the meaning and the history of the practice for the family",
            "Ignore it: it is a private matter",
            "Report it to the supervisor as a concern",
        ],
        1,
        ["cultural_competence", "value_diversity"],
    ),
    (
        "During a home visit a father mentions, in passing, a worry about his own drinking. "
        "What does the practitioner keep in mind about what he shared?",
        [
            "It can be repeated to the mother to help the family",
            "It stays private within the limits explained to the family at the start",
            "It must be written in the child's school record",
            "It is not part of infant mental health work",
        ],
        1,
        ["value_confidentiality", "family_dynamics"],
    ),
    (
        "Which observation during pregnancy most calls for relationship-focused support?",
        [
            "The parent has chosen a name for the baby",
            "The parent speaks of the baby only as a burden and a threat",
            "The parent is reading about sleep",
            "The parent asks many questions about birth",
        ],
        1,
        ["pregnancy_early_parenthood"],
    ),
]

VIGNETTES = [
    (
        "Jasmine and Theo",
        "Jasmine, 22, lives with her 10-month-old son Theo and her mother. At the first visits "
        "Jasmine answered questions while looking at her phone; Theo played alone on the floor "
        "and rarely looked towards her. Today Theo crawls to Jasmine, pulls himself up on her "
        "knee and babbles. Jasmine laughs, picks him up and says: 'He only wants me when he is "
        "tired.' Her mother, in the doorway, says Jasmine was 'the same as a baby'.",
        [
            (
                "Describe what you notice in the interaction between Jasmine and Theo today and "
                "what it may mean for their relationship.",
                "4: names Theo's bid and Jasmine's warm response as a change since the first "
                "visits and links it to the relationship; 2: describes the behaviour without "
                "its meaning; 0: no observation of the dyad.",
                ["relationship_focused_practice", "development_behavior"],
            ),
            (
                "How would you respond to the grandmother's remark, and why?",
                "4: holds the three generations in mind, is curious about the grandmother's own "
                "story without judging; 2: responds to the remark only; 0: dismisses it.",
                ["family_dynamics", "value_relationships"],
            ),
        ],
    ),
    (
        "Mr. Okafor and Ada",
        "Ada, 2, was born early and spent six weeks in a neonatal unit. Her father, Mr. "
        "Okafor, cares for her during the day. He says Ada 'never settles' and that he feels "
        "he is failing her. He has stopped taking her to the park because 'she screams when "
        "other children come close'. He asks you for a diagnosis.",
        [
            (
                "What would you want to understand before thinking about any diagnosis?",
                "4: Ada's early medical history and its meaning for the father, her regulation "
                "across settings, the father's own supports and feelings; 2: lists "
                "assessments only; 0: offers a diagnosis.",
                ["disorders", "child_family_centered_practice"],
            ),
            (
                "Describe one way to support Mr. Okafor that also supports Ada.",
                "4: a concrete, relationship-based step that honours his wish to help her and "
                "builds his confidence; 2: advice to the father alone; 0: none.",
                ["relationship_focused_practice", "value_learning"],
            ),
        ],
    ),
]


def load(associations: dict, coordinators: dict) -> None:
    """Great Lakes' form, window and invitations (by the coordinator), each in its scope."""
    association = associations["great-lakes"]
    coordinator = coordinators["great-lakes"]
    with run_in_scope(association):
        form = ExamForm.objects.filter(lineage=LINEAGE, version=1).first()
        if form is None:
            form = _form(association, coordinator)
        now = timezone.now()
        window = ExamWindow.objects.filter(form=form, closes_at__gt=now).first()
        if window is None:
            window = builder_services.open_window(
                form=form,
                actor=coordinator,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
            )
        for application in Application.objects.filter(
            association=association, state=states.EXAM, category=form.category
        ).select_related("applicant"):
            builder_services.invite(window=window, application=application, actor=coordinator)


def _form(association, coordinator) -> ExamForm:
    form = builder_services.create_form(
        association=association,
        actor=coordinator,
        category="IMHS",
        key=LINEAGE,
        title=TITLE,
        instructions=(
            "Part one has multiple-choice questions: choose the best answer. Part two has two "
            "case vignettes with written questions: answer in your own words, as you would "
            "think about the family in practice."
        ),
        minutes=60,
        tolerance=1,
        final_rule="mean",
    )
    for n, (stem, authored, right, areas) in enumerate(MC, start=1):
        shift = n % len(authored)  # the right answer is not always in the same place
        options = authored[shift:] + authored[:shift]
        correct = (right - shift) % len(authored)
        builder_services.save_item(
            form=form,
            actor=coordinator,
            key=f"mc-{n}",
            kind=Item.Kind.MC,
            stem=stem,
            options=options,
            correct=correct,
            areas=areas,
        )
    for v, (title, case, questions) in enumerate(VIGNETTES, start=1):
        vignette = builder_services.save_vignette(
            form=form, actor=coordinator, title=title, case=case
        )
        for q, (stem, rubric, areas) in enumerate(questions, start=1):
            builder_services.save_item(
                form=form,
                actor=coordinator,
                key=f"v{v}-w{q}",
                kind=Item.Kind.WRITTEN,
                stem=stem,
                vignette=vignette,
                rubric=rubric,
                max_score=4,
                areas=areas,
            )
    return builder_services.publish_form(form=form, actor=coordinator)
