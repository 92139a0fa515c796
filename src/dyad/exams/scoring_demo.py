"""Demo data for scoring (`dyad demo`, after `builder_demo`): Great Lakes' practice form sat by
sixteen demo candidates, scored by three exam scorers (each with their own leniency, so the
psychometrics page shows agreement, kappa and severity), a few disagreements reconciled by a
third scorer, results decided (passes and fails, each in the candidate's portfolio); two more
sittings wait for Kim Tran's scores. Everything goes through the services, in the association's
scope; a second run adds nothing."""

from __future__ import annotations

import random

from django.utils import timezone

from dyad.accounts.models import User
from dyad.applications import services as application_services
from dyad.applications import states
from dyad.applications.models import Application
from dyad.associations.tenancy import run_in_scope

from . import builder_services, scoring_services, sitting_services
from .builder_demo import LINEAGE
from .models import ExamForm, ExamWindow, Item, ScoringAssignment, Sitting

SCORERS = [
    ("jo.scorer@example.org", "Jo Baptiste"),
    ("ravi.scorer@example.org", "Ravi Patel"),
]
#: Kim Tran (demo.py's exam scorer) scores too; leniency per scorer, in points
LENIENCY = {
    "kim.scorer@example.org": 0.0,
    "jo.scorer@example.org": 0.3,
    "ravi.scorer@example.org": -0.4,
}
CANDIDATES = [
    (f"candidate{n:02d}@example.org", name)
    for n, name in enumerate(
        [
            "Aisha Bello",
            "Bruno Costa",
            "Chen Wei",
            "Dana Levi",
            "Elif Kaya",
            "Femi Adeyemi",
            "Grace Kim",
            "Hugo Martin",
            "Ines Duarte",
            "Jonas Berg",
            "Kira Novak",
            "Luis Ortega",
            "Mina Sato",
            "Nadia Haddad",
            "Owen Price",
            "Priya Nair",
        ],
        start=1,
    )
]
#: the last two candidates' sittings stay waiting for scores
WAITING = 2
#: written responses from the best to the weakest, and the score each deserves
RESPONSES = [
    (
        "I notice the child seeks the parent and the parent responds warmly; this suggests the "
        "relationship is becoming a safer base. I would wonder with the mother about what "
        "changed and what she feels when he comes to her.",
        4,
    ),
    (
        "I would reflect on my own reaction first, then ask the family what this moment means "
        "to them, keeping the relationship at the centre of the visit.",
        3,
    ),
    ("The baby reaches out and the mother picks him up. I would tell her she is doing well.", 2),
    ("Refer to a specialist.", 0),
]


def load(command, associations: dict, coordinators: dict) -> None:
    association = associations["great-lakes"]
    coordinator = coordinators["great-lakes"]
    with run_in_scope(association):
        command._staff(association, [("great-lakes", "exam_scorer", e, n) for e, n in SCORERS])
        form = ExamForm.objects.filter(lineage=LINEAGE, version=1).first()
        window = ExamWindow.objects.filter(form=form, closes_at__gt=timezone.now()).first()
        if form is None or window is None:
            return
        if Sitting.objects.filter(window__form=form, state__in=["submitted", "scored"]).exists():
            return
        rng = random.Random(2026)
        items = list(Item.objects.filter(form=form).order_by("position", "id"))
        for n, (email, name) in enumerate(CANDIDATES):
            person = command._user(email, name)
            ability = rng.random()
            sitting = _sat(association, window, coordinator, person, items, rng, ability)
            if n < len(CANDIDATES) - WAITING:
                _score(sitting, rng)


def _sat(association, window, coordinator, person, items, rng, ability: float) -> Sitting:
    """The person's application in the exam state, invited, started, answered and submitted."""
    application = application_services.start_application(
        applicant=person, association=association, category=window.form.category
    )
    # How the application got to the exam is the applications demo's business (reviews of
    # Omar's and Tom's); these candidates are there only to sit the exam.
    Application.objects.filter(pk=application.pk).update(state=states.EXAM)
    application.refresh_from_db()
    sitting = builder_services.invite(window=window, application=application, actor=coordinator)
    sitting = sitting_services.start_sitting(sitting=sitting, actor=person)
    for seq, item in enumerate(items, start=1):
        if item.kind == Item.Kind.MC:
            right = rng.random() < 0.35 + 0.6 * ability
            wrong = [i for i in range(len(item.options)) if i != item.correct]
            choice = item.correct if right else rng.choice(wrong)
            text = ""
        else:
            choice = None
            band = min(3, max(0, int((1 - ability) * 4 + rng.uniform(-0.7, 0.7))))
            text = RESPONSES[band][0]
        sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=person.pk,
            item_id=item.pk,
            choice=choice,
            text=text,
            seq=seq,
        )
    return sitting_services.submit_sitting(sitting, person)


def _score(sitting: Sitting, rng) -> None:
    """Each assigned scorer scores near the response's quality with their own leniency; a third
    scorer, when one is assigned, scores in between."""
    quality = dict(RESPONSES)
    for role in ("first", "second", "third"):
        rows = list(
            ScoringAssignment.objects.filter(
                answer__sitting=sitting, role=role, score__isnull=True
            ).select_related("scorer", "answer__item")
        )
        by_scorer: dict[User, dict[int, tuple[int, str]]] = {}
        for a in rows:
            lean = LENIENCY.get(a.scorer.email, 0.0)
            raw = quality.get(a.answer.text, 2) + lean + rng.choice((-1, 0, 0, 0, 0, 0, 1))
            score = max(0, min(a.answer.item.max_score, round(raw)))
            by_scorer.setdefault(a.scorer, {})[a.pk] = (score, "")
        for scorer, scores in by_scorer.items():
            scoring_services.record_scores(sitting=sitting, scorer=scorer, scores=scores)
