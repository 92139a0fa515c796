"""An import: one file a coordinator brought in (endorsees, portfolios or membership status),
from its dry run to its end. The file itself waits here between the dry run and the confirm
(`data`), and is dropped once the import is done or refused: what stays is who, when, the
file's SHA-256, the counts and the state, which the history of imports shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Import(models.Model):
    class Kind(models.TextChoices):
        ENDORSEES = "endorsees", _("Endorsees")
        PORTFOLIOS = "portfolios", _("Portfolios")
        MEMBERSHIP = "membership", _("Membership status")

    class State(models.TextChoices):
        CHECKING = "checking", _("checking")
        PREVIEWED = "previewed", _("dry run, waiting for confirmation")
        REFUSED = "refused", _("errors: nothing saved")
        RUNNING = "running", _("saving")
        DONE = "done", _("done")
        FAILED = "failed", _("failed: nothing saved")
        CANCELLED = "cancelled", _("cancelled: nothing saved")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="imports"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    #: the file, kept only between its upload and the end of the import
    data = models.BinaryField(default=b"", editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CHECKING
    )
    #: rows in the file, and how many the current step has gone through (the progress bar)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    #: {"created": n, "updated": n, "unchanged": n, "errors": n}
    counts = models.JSONField(default=dict)
    #: what the dry run found: the first rows of each action and the first errors (plans.py)
    report = models.JSONField(default=dict)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["association", "-created_at"])]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.kind}, {self.file_name})"

    @property
    def busy(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
