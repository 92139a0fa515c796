"""The exams-take tests' cast, built through the services: a published IMHS form of association
alpha (three multiple-choice items, a vignette with two written items), an open window, and
candidates whose applications are in state `exam`, invited."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.applications import services as application_services
from dyad.applications import states
from dyad.applications.models import Application
from dyad.exams import builder_services, sitting_services
from dyad.exams.models import Item
from dyad.testing.factories import make_user

MC = [
    ("Which is the first step?", ["Listen", "Advise", "Refer"], 0),
    (
        "What does a caregiver's story show?",
        ["Nothing", "Their view of the baby", "A diagnosis"],
        1,
    ),
    ("Who is the client in dyadic work?", ["The infant", "The parent", "The relationship"], 2),
]


def exam_application(association, person=None, category: str = "IMHS") -> Application:
    """An application of `person` in state `exam` (moved there directly: how it got there is
    the applications app's business)."""
    person = person or make_user()
    application = application_services.start_application(
        applicant=person, association=association, category=category
    )
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(state=states.EXAM)
    application.refresh_from_db()
    return application


def published_form(association, actor, *, title: str = "IMHS exam", minutes: int = 90):
    with scope(association=association):
        form = builder_services.create_form(
            association=association,
            actor=actor,
            category="IMHS",
            title=title,
            minutes=minutes,
        )
        for n, (stem, options, correct) in enumerate(MC, start=1):
            builder_services.save_item(
                form=form,
                actor=actor,
                key=f"mc-{n}",
                kind=Item.Kind.MC,
                stem=stem,
                options=options,
                correct=correct,
                areas=["attachment_loss"],
            )
        vignette = builder_services.save_vignette(
            form=form, actor=actor, title="A new mother", case="Ana, 19, and her son Leo, 4 months."
        )
        for n in (1, 2):
            builder_services.save_item(
                form=form,
                actor=actor,
                key=f"w-{n}",
                kind=Item.Kind.WRITTEN,
                stem=f"Written question {n}",
                vignette=vignette,
                rubric="Names the relationship.",
                max_score=4,
                areas=["relationship_focused_practice", "value_reflection"],
            )
        return builder_services.publish_form(form=form, actor=actor)


def open_window(form, actor, *, opens=None, closes=None):
    now = timezone.now()
    with scope(association=form.association):
        return builder_services.open_window(
            form=form,
            actor=actor,
            opens_at=opens or now - timedelta(hours=1),
            closes_at=closes or now + timedelta(days=7),
        )


def invited(window, actor, person=None, **accommodations):
    application = exam_application(window.association, person)
    with scope(association=window.association):
        return builder_services.invite(
            window=window, application=application, actor=actor, **accommodations
        )


def started(window, actor, person=None, **accommodations):
    sitting = invited(window, actor, person, **accommodations)
    with scope(association=window.association):
        return sitting_services.start_sitting(sitting=sitting, actor=sitting.candidate)


def items_of(form) -> list[Item]:
    with scopes_disabled():
        return list(Item.objects.filter(form=form).order_by("position"))
