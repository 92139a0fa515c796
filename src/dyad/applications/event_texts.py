"""How application events read in plain words (registered in `ApplicationsConfig.ready`).

Events keep the category, the snapshot number and ids, never what a reference said or a
rater's name or email."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text
from dyad.standards.messages import m, render


def _category(event) -> dict[str, str]:
    data = event.data or {}
    return {
        "category": data.get("category", ""),
        "reason": event.reason,
        "number": data.get("number", ""),
        "snapshot": data.get("snapshot", ""),
    }


def _role(event) -> str:
    role = (event.data or {}).get("role", "")
    try:
        return render(m(f"role.{role}"), _)
    except KeyError:
        return role


def _fee_label(value: str) -> str:
    from .models import Application

    try:
        return str(Application.Fee(value).label)
    except ValueError:
        return value


TEXTS = {
    "application.started": lambda e: _("Application for %(category)s started") % _category(e),
    "application.fee_recorded": lambda e: (
        _("Fee recorded: %(state)s") % {"state": _fee_label(e.to_state)}
    ),
    "application.reference_requested": lambda e: (
        _("Reference requested from %(role)s") % {"role": _role(e)}
    ),
    "application.reference_rated": lambda e: _("A reference was received"),
    "application.reference_declined": lambda e: _("A rater declined to give a reference"),
    "application.reference_invitation_resent": lambda e: (
        _("Reference invitation sent again to %(role)s") % {"role": _role(e)}
    ),
    "application.reference_link_renewed": lambda e: (
        _("New reference link sent to %(role)s") % {"role": _role(e)}
    ),
    "application.rsc_confirmation_requested": lambda e: _(
        "RS/C sessions sent to their provider to confirm"
    ),
    "application.rsc_confirmed": lambda e: _("An RS/C provider answered about the sessions"),
    "application.submitted": lambda e: (
        _("Application submitted (snapshot %(snapshot)s)") % _category(e)
    ),
    "application.resubmitted": lambda e: (
        _("Application submitted again (snapshot %(snapshot)s)") % _category(e)
    ),
    "application.review_started": lambda e: _("Review started"),
    "application.returned": lambda e: _("Returned for more: %(reason)s") % _category(e),
    "application.approved_for_exam": lambda e: _("Approved to sit the exam"),
    "application.endorsed": lambda e: _("Endorsed: endorsement %(number)s granted") % _category(e),
    "application.denied": lambda e: _("Denied: %(reason)s") % _category(e),
    "application.withdrawn": lambda e: _("Withdrawn"),
}


def _recommendation(value: str) -> str:
    from .review_models import Assignment

    try:
        return str(Assignment.Recommendation(value).label)
    except ValueError:
        return value


#: events that name a reviewer (data["reviewer"], a user id)
REVIEWER_TEXTS = {
    "application.reviewer_assigned": lambda e: (
        _("%(reviewer)s was assigned to review") % {"reviewer": person_name(e, "reviewer")}
    ),
    "application.reviewer_conflict": lambda e: (
        _("%(reviewer)s declared a conflict: %(reason)s")
        % {"reviewer": person_name(e, "reviewer"), "reason": e.reason}
    ),
    "application.recommended": lambda e: (
        _("%(reviewer)s recommended: %(recommendation)s")
        % {"reviewer": person_name(e, "reviewer"), "recommendation": _recommendation(e.to_state)}
    ),
}


def register() -> None:
    for verb, text in TEXTS.items():
        register_event_text(verb, text)
    for verb, text in REVIEWER_TEXTS.items():
        register_event_text(verb, text, people=("reviewer",))
