"""Email of the renewal flow, each in the recipient's language, through the outbox (sent in the
renewal's association scope by the services, inside the move's transaction: a move that rolls
back sends nothing). The person hears when their renewal is returned or confirmed; the
association's coordinators when one waits for them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dyad.accounts.selectors import language_of
from dyad.associations.models import StaffMembership

from .models import Renewal


def _tell(person, subject, template: str, context: dict) -> None:
    with translation.override(language_of(person)):
        body = render_to_string(
            f"renewals/email/{template}.txt",
            {"person": person, "site": settings.SITE_URL.rstrip("/"), **context},
        )
        send_mail(subject(), body, None, [person.email])


def decided(renewal: Renewal) -> None:
    """To the person: their renewal was returned (with the coordinator's words) or confirmed."""
    category = renewal.endorsement.category
    _tell(
        renewal.person,
        lambda: (
            _("Your %(category)s renewal: %(state)s")
            % {"category": category, "state": renewal.get_state_display()}
        ),
        "decided",
        {"renewal": renewal, "path": reverse("renewals:detail", args=[renewal.pk])},
    )


def waiting(renewal: Renewal) -> None:
    """To the association's coordinators: a renewal waits for their decision."""
    path = reverse("renewals:audit", args=[renewal.association.slug, renewal.pk])
    for membership in StaffMembership.objects.filter(
        association_id=renewal.association_id, role=StaffMembership.Role.COORDINATOR
    ).select_related("user"):
        _tell(
            membership.user,
            lambda: (
                _("A renewal is waiting: %(category)s") % {"category": renewal.endorsement.category}
            ),
            "waiting",
            {"renewal": renewal, "path": path},
        )
