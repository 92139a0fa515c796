"""Review: assigning reviewers (refused on a conflict of interest, with the reason), a reviewer's
judgement of each rule of the snapshot, and their recommendation. Each change is an event of the
application; assigning the first reviewer starts the review.

A reviewer is a staff member of the application's association with the reviewer or coordinator
role. They judge the frozen snapshot, never the live portfolio.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from dyad.associations.models import StaffMembership
from dyad.core.events import record_event

from . import notify, states
from .conflicts import conflicts_of
from .models import Application, Assignment
from .services import ApplicationError, begin_review, must_coordinate, rule_names

REVIEW_ROLES = (StaffMembership.Role.REVIEWER, StaffMembership.Role.COORDINATOR)


def reviewers_of(association):
    """The people who may be assigned to review for `association` (one query)."""
    from dyad.accounts.models import User

    with scope(association=association.pk):
        ids = StaffMembership.objects.filter(
            association=association, role__in=REVIEW_ROLES
        ).values_list("user_id", flat=True)
        return list(User.objects.filter(pk__in=list(ids)).order_by("display_name", "email"))


def assign_reviewer(*, application: Application, reviewer, actor) -> Assignment:
    """Assign `reviewer` (refused with the reasons when a conflict of interest is found). The
    first assignment of a submitted application starts its review. Assigning twice is one
    assignment."""
    with scope(association=application.association_id):
        must_coordinate(actor, application.association)
        if application.state not in (states.SUBMITTED, states.IN_REVIEW):
            raise ApplicationError(
                _("Reviewers are assigned to a submitted application."), field="reviewer"
            )
        if reviewer.pk not in {u.pk for u in reviewers_of(application.association)}:
            raise ApplicationError(
                _("Only a reviewer or coordinator of the association can review."),
                field="reviewer",
            )
        conflicts = conflicts_of(application, reviewer)
        if conflicts:
            raise ApplicationError(" ".join(conflicts), field="reviewer")
        existing = Assignment.objects.filter(application=application, reviewer=reviewer).first()
        if existing is not None:
            return existing
        if application.state == states.SUBMITTED:
            begin_review(application=application, actor=actor)
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    application=application, reviewer=reviewer, assigned_by=actor
                )
                record_event(
                    subject=application,
                    verb="application.reviewer_assigned",
                    actor=actor,
                    data={"reviewer": reviewer.pk, "category": application.category},
                )
                notify.assigned(application, reviewer)
        except IntegrityError:  # the same assignment, twice at once
            return Assignment.objects.get(application=application, reviewer=reviewer)
        return assignment


def _own(assignment: Assignment, actor) -> Assignment:
    locked = (
        Assignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    )
    if actor is None or locked.reviewer_id != actor.pk:
        raise ApplicationError(_("Only the assigned reviewer can do this."))
    if locked.application.state != states.IN_REVIEW:
        raise ApplicationError(_("This application is no longer in review."))
    if locked.state != Assignment.State.ASSIGNED:
        raise ApplicationError(_("This review is closed."))
    return locked


def declare_conflict(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """The reviewer steps aside, saying why; the coordinator assigns someone else."""
    if not reason.strip():
        raise ApplicationError(_("Say what the conflict is."), field="reason")
    with scope(association=assignment.application.association_id), transaction.atomic():
        locked = _own(assignment, actor)
        locked.state = Assignment.State.CONFLICT
        locked.conflict_reason = reason
        locked.save(update_fields=["state", "conflict_reason"])
        record_event(
            subject=locked.application,
            verb="application.reviewer_conflict",
            actor=actor,
            reason=reason,
            data={"reviewer": actor.pk, "category": locked.application.category},
        )
        return locked


def record_judgement(
    *, assignment: Assignment, actor, rule: str, judgement: str, comment: str = ""
) -> Assignment:
    """The reviewer's judgement of one rule of the snapshot (saved as they go; no event until
    the recommendation)."""
    if judgement not in Assignment.Judgement.values:
        raise ApplicationError(_("Choose a judgement."), field="judgement")
    with scope(association=assignment.application.association_id), transaction.atomic():
        locked = _own(assignment, actor)
        rules = {f["rule"] for f in _snapshot_findings(locked.application)}
        if rule not in rules:
            raise ApplicationError(_("This requirement is not part of the application."))
        locked.judgements = {
            **locked.judgements,
            rule: {"judgement": judgement, "comment": comment.strip()[:2000]},
        }
        locked.save(update_fields=["judgements"])
        return locked


def recommend(
    *, assignment: Assignment, actor, recommendation: str, comment: str = ""
) -> Assignment:
    """The reviewer's recommendation, once every rule has a judgement."""
    if recommendation not in Assignment.Recommendation.values:
        raise ApplicationError(_("Choose a recommendation."), field="recommendation")
    with scope(association=assignment.application.association_id), transaction.atomic():
        locked = _own(assignment, actor)
        missing = [
            f["rule"]
            for f in _snapshot_findings(locked.application)
            if f["rule"] not in locked.judgements
        ]
        if missing:
            raise ApplicationError(
                _("Judge every requirement first: %(rules)s.") % {"rules": rule_names(missing)},
                field="recommendation",
            )
        locked.state = Assignment.State.DONE
        locked.recommendation = recommendation
        locked.comment = comment.strip()
        locked.recommended_at = timezone.now()
        locked.save(update_fields=["state", "recommendation", "comment", "recommended_at"])
        record_event(
            subject=locked.application,
            verb="application.recommended",
            actor=actor,
            to_state=recommendation,
            data={"reviewer": actor.pk, "category": locked.application.category},
        )
        notify.recommended(locked.application, actor, recommendation)
        return locked


def _snapshot_findings(application: Application) -> list[dict]:
    snapshot = application.snapshots.order_by("-number").first()
    return snapshot.assessment["findings"] if snapshot else []
