"""An application: one person asking one association for one category, under the requirement
set fixed when it started; the references it gathers; the snapshots its submissions froze.

Rows change only through `services.py` (each move an event). A snapshot is written once and
never changed or deleted (`Snapshot.save`/`delete` refuse), so reviewers judge what was
submitted whatever happens to the portfolio afterwards.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.standards import codes

from . import states

CATEGORY_CHOICES = [(c, c) for c in codes.CATEGORIES]


class Application(models.Model):
    class State(models.TextChoices):
        STARTED = states.STARTED, _("started")
        SUBMITTED = states.SUBMITTED, _("submitted")
        IN_REVIEW = states.IN_REVIEW, _("in review")
        EXAM = states.EXAM, _("awaiting the exam")
        RETURNED = states.RETURNED, _("returned for more")
        ENDORSED = states.ENDORSED, _("endorsed")
        DENIED = states.DENIED, _("denied")
        WITHDRAWN = states.WITHDRAWN, _("withdrawn")

    class Fee(models.TextChoices):
        NONE = "none", _("no fee")
        DUE = "due", _("due")
        PAID = "paid", _("paid")
        WAIVED = "waived", _("waived")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    category = models.CharField(_("category"), max_length=10, choices=CATEGORY_CHOICES)
    requirement_set = models.CharField(_("requirement set"), max_length=80)
    requirement_set_version = models.PositiveIntegerField(_("requirement set version"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.STARTED
    )
    fee_amount = models.DecimalField(
        _("fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_currency = models.CharField(_("currency"), max_length=3, default="USD")
    fee_status = models.CharField(_("fee"), max_length=8, choices=Fee.choices, default=Fee.DUE)
    fee_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    key = models.UUIDField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    endorsement = models.ForeignKey(
        "credentials.Endorsement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    #: the lapsed endorsement this application reinstates (same category and association): it
    #: asks only for what accrued since the lapse, and endorsing puts that endorsement back
    reinstates = models.ForeignKey(
        "credentials.Endorsement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinstatements",
    )

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["association", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "association", "category"],
                condition=~models.Q(state__in=sorted(states.FINAL)),
                name="one_open_application_per_category",
            ),
            models.UniqueConstraint(
                fields=["applicant", "key"], name="application_started_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} application #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in states.OPEN

    @property
    def holds_the_ball(self) -> str | None:
        return states.BALL.get(self.state)


class Invitation(models.Model):
    """A person outside the association asked to answer by a link (a rater, an RS/C provider).

    The link's token is never stored: only its SHA-256 (`link_hash`, looked up on each visit)
    and the random `link_nonce` it is derived from with the secret key (`links.py`), so the
    applicant's page can show the same link again. A new nonce is a new link: the old one stops
    working. `invitation` is the latest message sent, whose outbox row tells its delivery."""

    language = models.CharField(
        _("their language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    link_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    invitation = models.ForeignKey(
        "core.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: the reminder steps (days after `invited_at`) already sent for the current link
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True


class Reference(Invitation):
    """A rater the applicant named for this application, and how they answered."""

    ROLE_CHOICES = [(r, r) for r in codes.REFERENCE_ROLES]

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        RATED = "rated", _("rated")
        DECLINED = "declined", _("declined")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="references"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(association="application__association")

    ref_prefix = "reference"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"], name="one_reference_per_rater_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.status})"

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.REQUESTED


class ReferenceRating(models.Model):
    """What a rater answered: scores per competency and comments, or why they declined.

    For the association's staff only: no page of the applicant's reads this model."""

    reference = models.OneToOneField(Reference, on_delete=models.CASCADE, related_name="rating")
    #: competency code (`ratings.COMPETENCIES`) -> "1".."5" or "not_observed"
    scores = models.JSONField(default=dict, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    decline_reason = models.TextField(_("why you decline"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(association="reference__application__association")

    def __str__(self) -> str:
        return f"rating of reference #{self.reference_id}"


class RscConfirmation(Invitation):
    """An RS/C provider asked to confirm the sessions an applicant logged with them."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="rsc_confirmations"
    )
    provider = models.ForeignKey(
        "portfolios.RscProvider", on_delete=models.CASCADE, related_name="confirmations"
    )
    email = models.EmailField(_("provider's email"))
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(association="application__association")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "provider"], name="one_rsc_confirmation_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"RS/C confirmation by provider #{self.provider_id}"

    @property
    def name(self) -> str:
        return self.provider.shown_name

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class FrozenError(RuntimeError):
    """Something tried to change or delete a submitted snapshot."""


class SnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("a submitted snapshot never changes")

    def delete(self):
        raise FrozenError("a submitted snapshot is never deleted")


class Snapshot(models.Model):
    """What one submission froze: the facts (refs included), the assessment under the
    application's requirement set, and a digest of both. Written once."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveSmallIntegerField()  # 1 for the first submission, 2 after a return
    taken_at = models.DateTimeField(auto_now_add=True)
    as_of = models.DateField()
    facts = models.JSONField()
    assessment = models.JSONField()
    #: what the providers said of the RS/C sessions in `facts`, by ref: {"rsc_session:12":
    #: "confirmed"}; a session nobody confirmed yet is absent (the engine's facts have no room)
    rsc_confirmations = models.JSONField(default=dict, blank=True)
    #: the files the portfolio held (transcripts), each with the SHA-256 of its content:
    #: [{"ref", "education", "name", "content_type", "size", "sha256"}]
    uploads = models.JSONField(default=list, blank=True)
    digest = models.CharField(max_length=64)

    objects = ScopedManager(
        association="application__association",
        _manager_class=models.Manager.from_queryset(SnapshotQuerySet),
    )

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="snapshot_numbered_once")
        ]

    def __str__(self) -> str:
        return f"snapshot {self.number} of application #{self.application_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise FrozenError("a submitted snapshot never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("a submitted snapshot is never deleted")


from .review_models import Assignment  # noqa: E402  (a model of this app, kept in its own module)

__all__ = ["Application", "Assignment", "FrozenError", "Reference", "Snapshot"]
