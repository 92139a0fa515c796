"""Exams: the models. The second half lives in `scoring_models.py` (imported at the end).

A form (`ExamForm`) is the exam for one category under one requirement-set version: its
multiple-choice items and its written items (each about a vignette). A form is frozen when its
first sitting starts: from then on its rows refuse changes (`save` raises `FrozenForm`), and
editing it means a new draft version (`builder_services.new_version`), whose items keep their
`key`. A window (`ExamWindow`) is a time span during which invited candidates may sit the form;
a sitting (`Sitting`) is one candidate's exam in one window with their accommodations, their
shuffled option orders, the server-side end time and their answers (`Answer`, one per item).

Rows change only through the services (`builder_services`, `sitting_services`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.applications.ratings import VALUES
from dyad.standards import codes

CATEGORY_CHOICES = [(c, c) for c in codes.CATEGORIES]
#: codes an item may be tagged with: the eight knowledge areas and the six values
AREA_CODES: tuple[str, ...] = tuple(codes.AREAS) + tuple(VALUES)


class FrozenForm(ValidationError):
    """A change to a form (or its items and vignettes) that a sitting already uses."""

    def __init__(self) -> None:
        super().__init__(
            _("This form is frozen: a sitting already uses it. Make a new version to change it."),
            code="frozen",
        )


class ExamForm(models.Model):
    class FinalRule(models.TextChoices):
        MEAN = "mean", _("mean of the two scores")
        RECONCILER = "reconciler", _("the reconciler's score")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="exam_forms"
    )
    category = models.CharField(_("category"), max_length=10, choices=CATEGORY_CHOICES)
    requirement_set = models.CharField(_("requirement set"), max_length=80)
    requirement_set_version = models.PositiveIntegerField(_("requirement set version"))
    title = models.CharField(_("title"), max_length=200)
    #: 1, 2, ... within (association, category, requirement set, version, `lineage`)
    version = models.PositiveIntegerField(_("version"), default=1)
    #: the first version's id, shared by all versions of the same form (itself for version 1)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    instructions = models.TextField(_("instructions"), blank=True)
    minutes = models.PositiveIntegerField(_("time limit (minutes)"), default=120)
    tolerance = models.PositiveIntegerField(
        _("tolerance"),
        default=1,
        help_text=_("The largest difference between two scorers' scores before a third scores."),
    )
    final_rule = models.CharField(
        _("final score"), max_length=12, choices=FinalRule.choices, default=FinalRule.MEAN
    )
    #: shares of the maximum needed to pass: {"mc": 0.7, "written": 0.6, "overall": 0.7}
    pass_rules = models.JSONField(_("pass rules"), default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["category", "title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="exam_form_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.category})"

    def save(self, *args, **kwargs) -> None:
        """Refuses to change a frozen form (freezing itself is a queryset update)."""
        if self.pk and ExamForm._base_manager.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise FrozenForm()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and ExamForm._base_manager.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise FrozenForm()
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class _FormPart(models.Model):
    """A row of a form (vignette or item): refuses changes once the form is frozen."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._check_unfrozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unfrozen()
        return super().delete(*args, **kwargs)

    def _check_unfrozen(self) -> None:
        if ExamForm._base_manager.filter(pk=self.form_id, frozen_at__isnull=False).exists():
            raise FrozenForm()


class Vignette(_FormPart):
    form = models.ForeignKey(ExamForm, on_delete=models.CASCADE, related_name="vignettes")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    case = models.TextField(_("case description"))

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Item(_FormPart):
    class Kind(models.TextChoices):
        MC = "mc", _("multiple choice")
        WRITTEN = "written", _("written response")

    form = models.ForeignKey(ExamForm, on_delete=models.CASCADE, related_name="items")
    #: stable across versions of a form (a slug)
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    stem = models.TextField(_("question"))
    #: mc: the options' texts in their authored order
    options = models.JSONField(_("options"), default=list, blank=True)
    #: mc: the index (in `options`) of the one correct option. Never sent to a candidate.
    correct = models.PositiveIntegerField(_("correct option"), null=True, blank=True)
    vignette = models.ForeignKey(
        Vignette,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("vignette"),
    )
    rubric = models.TextField(_("rubric"), blank=True)
    max_score = models.PositiveIntegerField(_("maximum score"), default=1)
    #: codes from `AREA_CODES`
    areas = models.JSONField(_("knowledge areas and values"), default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="exam_item_key_once")]

    def __str__(self) -> str:
        return f"{self.key} ({self.kind})"


class ExamWindow(models.Model):
    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="exam_windows"
    )
    form = models.ForeignKey(ExamForm, on_delete=models.PROTECT, related_name="windows")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="exam_window_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.opens_at:%Y-%m-%d}"


class Sitting(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        STARTED = "started", _("in progress")
        SUBMITTED = "submitted", _("submitted")
        SCORED = "scored", _("scored")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="exam_sittings"
    )
    window = models.ForeignKey(ExamWindow, on_delete=models.PROTECT, related_name="sittings")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exam_sittings"
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exam_sittings",
    )
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    large_text = models.BooleanField(_("larger text"), default=False)
    breaks = models.BooleanField(_("breaks allowed"), default=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    invitation = models.ForeignKey(
        "core.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    #: started_at + form.minutes + extra_minutes, fixed by the server when the sitting starts
    ends_at = models.DateTimeField(null=True, blank=True)
    #: set while the candidate takes a break (accommodation `breaks`): the clock is stopped
    paused_at = models.DateTimeField(null=True, blank=True)
    #: break time used so far (added to `ends_at` when each break ends)
    break_seconds = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.INVITED
    )
    #: {str(item_id): [original option indexes in the order this candidate sees them]}
    option_orders = models.JSONField(default=dict, blank=True, editable=False)
    #: the id of the item the candidate was on (resume position; a plain id so that a save
    #: of the position is one UPDATE that needs no lookup)
    last_item = models.PositiveBigIntegerField(null=True, blank=True)
    #: item ids the candidate flagged for review
    flags = models.JSONField(default=list, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "candidate"], name="one_sitting_per_window_and_candidate"
            )
        ]
        indexes = [models.Index(fields=["candidate", "state"])]

    def __str__(self) -> str:
        return f"sitting #{self.pk} ({self.state})"


class Answer(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    #: mc: the ORIGINAL option index chosen (not the shown position), or null
    choice = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    #: the client's save counter: an older save never overwrites a newer one
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"answer {self.sitting_id}/{self.item_id}"


from .scoring_models import *  # noqa: E402, F403
