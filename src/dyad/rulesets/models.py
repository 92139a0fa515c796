"""Requirement sets as rows: the published versions (immutable) and each association's draft.

A published version holds a whole, self-contained requirement-set document (never `extends`), so
it reads the same forever and exports as a file `dyad assess --requirement-set` loads. The
Alliance's baselines are published versions with no association (loaded by migration 0003);
an association's own set is `<slug>-<standard>` (`alpha-imh-e`), numbered from 1.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.associations.models import STANDARD_CHOICES, Association


class FrozenError(RuntimeError):
    """Something tried to change or delete a published requirement set."""


class PublishedSetQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("a published requirement set never changes")

    def delete(self):
        raise FrozenError("a published requirement set is never deleted")


class PublishedSet(models.Model):
    """One published version of a requirement set. Written once: the model, its queryset and,
    on PostgreSQL, a trigger (migration 0002) refuse every change and deletion."""

    #: none for the Alliance's baselines
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sets",
    )
    set_id = models.CharField(_("requirement set"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    standard = models.CharField(_("standard"), max_length=10, choices=STANDARD_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    document = models.JSONField()
    note = models.TextField(_("note"), blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    #: SHA-256 of the canonical JSON of `document`
    digest = models.CharField(max_length=64)
    #: the draft's key: publishing the same draft twice (a double submit) makes one version
    draft_key = models.UUIDField(null=True, blank=True, unique=True)

    objects = ScopedManager(
        association="association",
        _manager_class=models.Manager.from_queryset(PublishedSetQuerySet),
    )

    class Meta:
        ordering = ["set_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["set_id", "version"], name="set_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.set_id}@{self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise FrozenError("a published requirement set never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("a published requirement set is never deleted")

    @property
    def reference(self) -> str:
        return f"{self.set_id}@{self.version}"


class Draft(models.Model):
    """An association's requirement set being prepared: one per association and standard,
    copied from a baseline or the association's current version, edited, then published."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    standard = models.CharField(_("standard"), max_length=10, choices=STANDARD_CHOICES)
    based_on_set = models.CharField(max_length=80)
    based_on_version = models.PositiveIntegerField()
    document = models.JSONField()
    #: names this draft for its lifetime: the publish form carries it (see PublishedSet)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "standard"], name="one_draft_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"draft {self.standard} of {self.association_id}"

    @property
    def based_on(self) -> str:
        return f"{self.based_on_set}@{self.based_on_version}"


class ImpactRun(models.Model):
    """One impact preview of a draft: worked out by the worker, read by the page as it goes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="impact_runs")
    #: the draft's document digest when the run started: a later edit makes the run stale
    draft_digest = models.CharField(max_length=64)
    against = models.CharField(max_length=100)  # the current set, ID@VERSION
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    #: {"categories": [...], "changes": [{"person", "name", "category", "gain", "rules"}]}
    result = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"impact run {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))
