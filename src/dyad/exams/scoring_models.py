"""The second half of the models (see models.py): scoring and results.

A written answer is scored blind by two scorers (`ScoringAssignment`, roles `first` and
`second`), and by a third (`third`) when the two differ by more than the form's tolerance. A
`Result` is the sitting's decision once every written answer has its final score. Rows change
only through `scoring_services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

__all__ = ["Result", "ScoringAssignment"]


class ScoringAssignment(models.Model):
    class Role(models.TextChoices):
        FIRST = "first", _("first scorer")
        SECOND = "second", _("second scorer")
        THIRD = "third", _("third scorer (reconciles)")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="exam_scorings"
    )
    answer = models.ForeignKey("exams.Answer", on_delete=models.CASCADE, related_name="scorings")
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exam_scorings"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    score = models.PositiveIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["answer_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "scorer"], name="one_scorer_role_per_answer"),
            models.UniqueConstraint(fields=["answer", "role"], name="one_scorer_per_answer_role"),
        ]
        indexes = [models.Index(fields=["scorer", "score"])]

    def __str__(self) -> str:
        return f"{self.role} scoring of answer {self.answer_id}"


class Result(models.Model):
    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="exam_results"
    )
    sitting = models.OneToOneField("exams.Sitting", on_delete=models.CASCADE, related_name="result")
    mc_score = models.PositiveIntegerField(default=0)
    mc_max = models.PositiveIntegerField(default=0)
    written_score = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    written_max = models.PositiveIntegerField(default=0)
    passed = models.BooleanField()
    #: {"mc": {"share": 0.8, "needed": 0.7, "passed": true}, "written": ..., "overall": ...}
    parts = models.JSONField(default=dict)
    #: {area code: {"score": 3.5, "max": 5}} over the items tagged with that area or value
    by_area = models.JSONField(default=dict)
    #: {item id: final score} (written items: by the form's rule)
    by_item = models.JSONField(default=dict)
    decided_at = models.DateTimeField()

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"result of sitting {self.sitting_id} ({'pass' if self.passed else 'fail'})"

    @property
    def score(self):
        return self.mc_score + self.written_score

    @property
    def maximum(self) -> int:
        return self.mc_max + self.written_max
