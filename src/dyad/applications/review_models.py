"""A reviewer's assignment to an application: their judgement of each rule of the snapshot and
their recommendation. Changed only by `reviewing.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Assignment(models.Model):
    class State(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        CONFLICT = "conflict", _("conflict declared")
        DONE = "done", _("recommendation made")

    class Judgement(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        NOT_CONFIRMED = "not_confirmed", _("not confirmed")
        NEEDS_MORE = "needs_more", _("needs more from the applicant")

    class Recommendation(models.TextChoices):
        ENDORSE = "endorse", _("endorse")
        RETURN = "return", _("return for more")
        DENY = "deny", _("deny")

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ASSIGNED
    )
    conflict_reason = models.TextField(_("conflict"), blank=True)
    #: rule -> {"judgement": Judgement, "comment": str}
    judgements = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(association="application__association")

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on application #{self.application_id} ({self.state})"
