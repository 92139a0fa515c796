"""Email for every step a person waits on, each in the recipient's language, through the outbox
(sent in the application's association scope, so each message is the association's and is
retried by the worker). Called by the services inside the transaction of the move: a move that
rolls back sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dyad.accounts.selectors import language_of
from dyad.associations.models import StaffMembership

from .models import Application, Assignment


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def tell(person, subject, template: str, context: dict) -> None:
    """One message to `person`: the subject (a lazy or callable string) and the template are
    rendered in their language."""
    with translation.override(language_of(person)):
        text = subject() if callable(subject) else str(subject)
        # values given as functions are made here, in the recipient's language
        values = {k: v() if callable(v) else v for k, v in context.items()}
        body = render_to_string(
            f"applications/email/{template}.txt", {"person": person, "site": _site(), **values}
        )
        send_mail(text, body, None, [person.email])


def coordinators(application: Application) -> list:
    return [
        m.user
        for m in StaffMembership.objects.filter(
            association_id=application.association_id, role=StaffMembership.Role.COORDINATOR
        ).select_related("user")
    ]


def applicant_path(application: Application) -> str:
    """Where the applicant follows the application: its own page."""
    return reverse("applications:detail", args=[application.pk])


def staff_path(application: Application) -> str:
    return reverse("pipeline:application", args=[application.association.slug, application.pk])


def submitted(application: Application) -> None:
    for person in coordinators(application):
        tell(
            person,
            lambda: (
                _("An application is waiting: %(category)s") % {"category": application.category}
            ),
            "submitted",
            {"application": application, "path": staff_path(application)},
        )


def decided(application: Application, verb: str, reason: str = "", rules=()) -> None:
    """The applicant hears of a return, an approval for the exam, an endorsement or a denial."""
    from .services import rule_names

    tell(
        application.applicant,
        lambda: (
            _("Your %(category)s application: %(state)s")
            % {"category": application.category, "state": application.get_state_display()}
        ),
        "decided",
        {
            "application": application,
            "verb": verb,
            "reason": reason,
            "rules": (lambda: rule_names(list(rules))) if rules else "",
            "path": applicant_path(application),
        },
    )


def assigned(application: Application, reviewer) -> None:
    tell(
        reviewer,
        lambda: _("An application to review: %(category)s") % {"category": application.category},
        "assigned",
        {
            "application": application,
            "path": reverse("pipeline:reviews", args=[application.association.slug]),
        },
    )


def recommended(application: Application, reviewer, recommendation: str) -> None:
    for person in coordinators(application):
        tell(
            person,
            lambda: _("A recommendation is in: %(category)s") % {"category": application.category},
            "recommended",
            {
                "application": application,
                "reviewer": reviewer,
                "recommendation": lambda: str(Assignment.Recommendation(recommendation).label),
                "path": staff_path(application),
            },
        )
