"""One person's portfolio: the evidence they keep for the Endorsement (docs/portfolio-format.md).

A portfolio belongs to a person, not to an association: an applicant keeps one portfolio whichever
association they later apply through, so these rows have no `association` and use plain managers
(no scope). Staff will see a portfolio only through an application's frozen snapshot, never by
querying these tables; every read here filters by `owner`.

Fields, codes and limits are those of the portfolio file (`dyad.standards.codes`, the schema's
ranges), so every row is one the engine understands and the file can carry: minutes 1 to 525,600,
hours per week 0 to 80, dates 1900-01-01 to 2199-12-31, ages 0 to 216 months, an end never before
its start. Durations are whole minutes. Simple limits are also check constraints in the database.

Each entry may carry the idempotency key of the request that added it (a UUID the form carries),
unique per owner: a retried request returns the row it made the first time instead of a second one.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dyad.core.private_files import private_storage
from dyad.standards import codes

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
MAX_MINUTES = 525_600
MAX_HOURS_PER_WEEK = 80
MAX_AGE_MONTHS = 216
TEXT = 1000  # texts of the file: at most 1,000 characters

LEVEL_CHOICES = [(code, code) for code in codes.LEVELS]
CATEGORY_CHOICES = [(code, code) for code in codes.CATEGORIES]
KIND_CHOICES = [(code, code) for code in codes.WORK_KINDS]
PARTICIPANT_CHOICES = [(code, code) for code in codes.PARTICIPANTS]
FORMAT_CHOICES = [(code, code) for code in codes.RSC_FORMATS]
AGREEMENT_CHOICES = [(code, code) for code in codes.AGREEMENTS]

not_blank = RegexValidator(r"\S", _("Write something here."))
in_date_range = [
    MinValueValidator(EARLIEST, _("Give a date from 1900-01-01 to 2199-12-31.")),
    MaxValueValidator(LATEST, _("Give a date from 1900-01-01 to 2199-12-31.")),
]
minutes_range = [
    MinValueValidator(1, _("Give at least one minute.")),
    MaxValueValidator(MAX_MINUTES, _("Give at most 525,600 minutes (a year).")),
]
age_range = [
    MinValueValidator(0, _("Give an age from 0 to 216 months.")),
    MaxValueValidator(MAX_AGE_MONTHS, _("Give an age from 0 to 216 months.")),
]


def _in_range(name: str) -> Q:
    return Q(**{f"{name}__gte": EARLIEST, f"{name}__lte": LATEST})


def _codes_list(value, allowed, what) -> None:
    """A list of known codes, each at most once (the file's `areas` and `services`)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Choose from the list."))
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValidationError(
            _("%(value)s is not one of the %(what)s.") % {"value": unknown[0], "what": what}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Choose each one at most once."))


def validate_areas(value) -> None:
    _codes_list(value, codes.AREAS, _("knowledge areas"))


def validate_services(value) -> None:
    _codes_list(value, codes.SERVICES, _("services"))


class Entry(models.Model):
    """What every portfolio entry has: its owner, when it was added, the request that added it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(class)s_entries"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    #: the name of a row in findings (`training:12`) and in events
    ref_prefix = ""

    class Meta:
        abstract = True
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"], name="%(class)s_one_row_per_request"
            )
        ]

    @property
    def ref(self) -> str:
        return f"{self.ref_prefix}:{self.pk}"


class Education(Entry):
    level = models.CharField(_("level"), max_length=20, choices=LEVEL_CHOICES)
    completed = models.DateField(_("completed"), validators=in_date_range)
    field = models.CharField(_("field of study"), max_length=TEXT, blank=True)
    related_field = models.BooleanField(_("related field"), default=False)
    imh_certificate = models.BooleanField(_("infant mental health certificate"), default=False)
    institution = models.CharField(_("institution"), max_length=TEXT, blank=True)

    ref_prefix = "education"

    class Meta(Entry.Meta):
        verbose_name = _("education")
        verbose_name_plural = _("education")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("completed"), name="education_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.completed}"


class Training(Entry):
    title = models.CharField(_("title"), max_length=TEXT, validators=[not_blank])
    date = models.DateField(_("date"), validators=in_date_range)
    minutes = models.PositiveIntegerField(_("minutes"), validators=minutes_range)
    imh_specific = models.BooleanField(_("specific to infant mental health"), default=False)
    areas = models.JSONField(
        _("knowledge areas"), default=list, blank=True, validators=[validate_areas]
    )
    provider = models.CharField(_("provider"), max_length=TEXT, blank=True)

    ref_prefix = "training"

    class Meta(Entry.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("training")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("date"), name="training_dates"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="training_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class WorkExperience(Entry):
    role = models.CharField(_("role"), max_length=TEXT, blank=True)
    employer = models.CharField(_("employer"), max_length=TEXT, blank=True)
    start = models.DateField(_("start"), validators=in_date_range)
    end = models.DateField(_("end"), null=True, blank=True, validators=in_date_range)
    hours_per_week = models.FloatField(
        _("hours per week"),
        default=0,
        validators=[
            MinValueValidator(0, _("Give hours per week from 0 to 80.")),
            MaxValueValidator(MAX_HOURS_PER_WEEK, _("Give hours per week from 0 to 80.")),
        ],
    )
    paid = models.BooleanField(_("paid"), default=False)
    kind = models.CharField(_("kind of work"), max_length=20, choices=KIND_CHOICES)
    participants = models.CharField(_("who takes part"), max_length=20, choices=PARTICIPANT_CHOICES)
    min_months = models.PositiveSmallIntegerField(_("youngest age served"), validators=age_range)
    max_months = models.PositiveSmallIntegerField(_("oldest age served"), validators=age_range)
    prenatal = models.BooleanField(_("starts before birth"), default=False)
    services = models.JSONField(
        _("services"), default=list, blank=True, validators=[validate_services]
    )
    relationship_focused = models.BooleanField(_("relationship-focused"), default=False)
    addresses_attachment_loss = models.BooleanField(
        _("attends to attachment, separation, trauma, grief and loss"), default=False
    )

    ref_prefix = "work_experience"

    class Meta(Entry.Meta):
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("start"), name="work_start_dates"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | (_in_range("end") & Q(end__gte=F("start"))),
                name="work_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="work_hours_per_week",
            ),
            models.CheckConstraint(
                condition=Q(min_months__gte=0, max_months__lte=MAX_AGE_MONTHS)
                & Q(max_months__gte=F("min_months")),
                name="work_ages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or self.kind} from {self.start}"

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end cannot be before the start.")
        low, high = self.min_months, self.max_months
        if low is not None and high is not None and high < low:
            errors["max_months"] = _("The oldest age cannot be below the youngest.")
        if errors:
            raise ValidationError(errors)


class RscProvider(Entry):
    """Someone who gave the applicant RS/C.

    Either a person with a Dyad account (`user`): whether they were qualified on a session's day
    comes from their endorsements in Dyad (`credentials.Endorsement`), never from the applicant;
    or someone from outside, named by the applicant, whose endorsements are kept as
    `StatedEndorsement` rows, "stated by the applicant" until someone confirms them. The degree is
    stated by the applicant in both cases: Dyad keeps no record of a provider's degree.
    """

    name = models.CharField(_("name"), max_length=TEXT, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Dyad account"),
    )
    degree = models.CharField(_("degree"), max_length=20, choices=LEVEL_CHOICES, blank=True)

    ref_prefix = "rsc_provider"

    class Meta(Entry.Meta):
        verbose_name = _("RS/C provider")
        verbose_name_plural = _("RS/C providers")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="rsc_provider_named"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"user {self.user_id}"

    def clean(self) -> None:
        if self.user_id is None and not self.name.strip():
            raise ValidationError({"name": _("Name the provider, or choose one in Dyad.")})
        if self.user_id is not None and self.user_id == self.owner_id:
            raise ValidationError({"user": _("You cannot be your own RS/C provider.")})

    @property
    def shown_name(self) -> str:
        """The provider's current name: a Dyad account's own name, else the name given."""
        return self.user.name if self.user_id else self.name


class StatedEndorsement(models.Model):
    """An endorsement an outside RS/C provider held, as stated by the applicant (from, to)."""

    provider = models.ForeignKey(
        RscProvider, on_delete=models.CASCADE, related_name="stated_endorsements"
    )
    category = models.CharField(_("category"), max_length=10, choices=CATEGORY_CHOICES)
    start = models.DateField(_("held from"), validators=in_date_range)
    end = models.DateField(_("held until"), null=True, blank=True, validators=in_date_range)

    #: always true: shown beside the endorsement wherever it appears
    stated_by_applicant = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("endorsement stated by the applicant")
        verbose_name_plural = _("endorsements stated by the applicant")
        constraints = [
            models.CheckConstraint(condition=_in_range("start"), name="stated_start_dates"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | (_in_range("end") & Q(end__gte=F("start"))),
                name="stated_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} from {self.start}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


CONFIRMATION_CHOICES = [
    ("confirmed", _("confirmed")),
    ("corrected", _("corrected")),
    ("not_held", _("did not happen")),
]


class RscSession(Entry):
    date = models.DateField(_("date"), validators=in_date_range)
    minutes = models.PositiveIntegerField(_("minutes"), validators=minutes_range)
    format = models.CharField(_("individual or group"), max_length=10, choices=FORMAT_CHOICES)
    provider = models.ForeignKey(
        RscProvider, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("provider")
    )
    work = models.ForeignKey(
        WorkExperience,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rsc_sessions",
        verbose_name=_("work it was about"),
    )
    #: What the provider said of the session (applications' RS/C confirmation); set only by
    #: `services.confirm_rsc_sessions`, cleared when the applicant changes what they confirmed.
    #: A session "not held" stays in the portfolio, shown so, and no longer counts.
    confirmation = models.CharField(
        _("confirmed by the provider"),
        max_length=10,
        choices=CONFIRMATION_CHOICES,
        blank=True,
        default="",
        editable=False,
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    ref_prefix = "rsc_session"

    class Meta(Entry.Meta):
        verbose_name = _("RS/C session")
        verbose_name_plural = _("RS/C sessions")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("date"), name="rsc_session_dates"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="rsc_session_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}, {self.minutes} minutes"

    def clean(self) -> None:
        # Another person's provider or work entry would leak their portfolio into this one.
        if self.provider_id and self.provider.owner_id != self.owner_id:
            raise ValidationError({"provider": _("Choose one of your own RS/C providers.")})
        if self.work_id and self.work.owner_id != self.owner_id:
            raise ValidationError({"work": _("Choose one of your own work entries.")})


class Agreement(Entry):
    """The day the person signed the code of ethics or the endorsement agreement. Signing again
    adds a row; the latest signature of each document counts."""

    document = models.CharField(_("document"), max_length=30, choices=AGREEMENT_CHOICES)
    signed = models.DateField(_("signed"), validators=in_date_range)

    ref_prefix = "agreement"

    class Meta(Entry.Meta):
        verbose_name = _("signed agreement")
        verbose_name_plural = _("signed agreements")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("signed"), name="agreement_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.signed}"


class Membership(Entry):
    """Membership of an association (the professional body, not a Dyad tenant): the latest
    expiry counts."""

    #: the file's `membership.association` (not `association`: record_event reads that name
    #: as the tenant an event belongs to)
    association_name = models.CharField(_("association"), max_length=TEXT, blank=True)
    expires = models.DateField(_("expires"), validators=in_date_range)

    ref_prefix = "membership"

    class Meta(Entry.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=_in_range("expires"), name="membership_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.association_name} until {self.expires}"


#: every kind of entry, in the file's order
ENTRY_MODELS = (Education, Training, WorkExperience, RscProvider, RscSession, Agreement, Membership)


def transcript_path(instance, filename: str) -> str:
    """A random stored name (never the person's): `transcripts/<32 hex>.<detected extension>`."""
    return f"transcripts/{uuid.uuid4().hex}{Path(filename).suffix}"


class Transcript(models.Model):
    """A transcript or similar document attached to an education entry: a PDF, PNG or JPEG whose
    content was checked (`portfolios.transcripts`), kept in the private storage under a random
    name. `original_name` is the person's file name made safe, shown and offered on download;
    `sha256` is what an application's snapshot will record. Removed with its education entry
    (and its file with it, once the removal commits: `transcript_files`)."""

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcripts"
    )
    education = models.ForeignKey(Education, on_delete=models.CASCADE, related_name="transcripts")
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to=transcript_path, max_length=200)
    content_type = models.CharField(max_length=40, choices=ContentType.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    ref_prefix = "transcript"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"], name="transcript_one_row_per_request"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def ref(self) -> str:
        return f"{self.ref_prefix}:{self.pk}"


class StandingVersion(models.Model):
    """What a cached standing (`portfolios/standing.py`) was computed from: one token per scope,
    replaced by a new random one inside the transaction of every change to that scope.

    Scopes: `person:<id>` (every write to that person's portfolio: each records a `portfolio.*`
    event naming the owner) and `endorsements` (any endorsement in Dyad: a provider picked from
    Dyad is qualified from those records). A cached standing is stored under the tokens it was
    computed with, so a change makes every older entry unreachable; nothing is ever deleted.
    """

    scope = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.scope} {self.token}"


class ExamEntry(Entry):
    """An Endorsement exam's result (requirements.md: exam), recorded by the association that
    scored it (`services.record_exam_result`), never typed by the person. `source` names the
    sitting it came from (`exam_sitting:12`), so recording one result twice adds one row."""

    class Result(models.TextChoices):
        PASS = "pass", _("passed")
        FAIL = "fail", _("not passed")

    category = models.CharField(_("category"), max_length=10)
    date = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    association_name = models.CharField(_("association"), max_length=200, blank=True)
    source = models.CharField(max_length=60, editable=False)

    ref_prefix = "exam"

    class Meta(Entry.Meta):
        verbose_name = _("exam result")
        ordering = ["date", "id"]
        constraints = [
            *Entry.Meta.constraints,
            models.UniqueConstraint(fields=["owner", "source"], name="exam_entry_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.category} exam {self.date} ({self.result})"
