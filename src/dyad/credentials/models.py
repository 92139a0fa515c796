"""Endorsements: the credential an association grants. Certificates and verifiable credentials
build on this model."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.standards.codes import CATEGORIES
from dyad.standards.requirement_sets import baseline_for

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]

#: Words a county's name may end with that a person may leave out when searching ("Wayne" finds
#: "Wayne County"; Louisiana has parishes, Alaska boroughs).
_COUNTY_WORDS = re.compile(r"\s+(county|parish|borough|census area|municipality)$")


#: Letters that are not a base letter plus an accent, so Unicode does not split them: written
#: the way people type them on an English keyboard.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def search_key(text: str) -> str:
    """How a name is compared in a search: accents and case removed, spaces collapsed.
    "José  María" and "jose maria" have the same key, so either finds the other."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().translate(_PLAIN_LETTERS).split())


def county_key(county: str) -> str:
    """The key of a county's name, without the word "County" (or parish, borough...)."""
    return _COUNTY_WORDS.sub("", search_key(county))


def last_day_in_force(category: str, expires: date) -> date:
    """The last day an endorsement of `category` expiring on `expires` still counts: the last
    day of its grace period. The day after, it has lapsed."""
    return expires + timedelta(days=grace_days()[category])


@cache
def grace_days() -> dict[str, int]:
    """Days after `expires` that an endorsement still counts, per category: the `grace_days` of
    the renewal `endorsement` rule in the category's baseline requirement set (90 in both
    baselines; docs/rules.md: endorsement). One day more and it has lapsed."""
    result = {}
    for code in CATEGORIES:
        for rule in baseline_for(code).category(code).renewal:
            if rule.rule == "endorsement":
                result[code] = int(rule.params["grace_days"])
    return result


class EndorsementQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Endorsements in force on `on` (today by default): stored as active, and `expires`
        plus the category's grace period not yet passed, whatever the stored status says (a
        lapse recorded late must not keep someone on the registry)."""
        on = on or timezone.localdate()
        by_grace: dict[int, list[str]] = {}
        for code, days in grace_days().items():
            by_grace.setdefault(days, []).append(code)
        if len(by_grace) == 1:  # one grace period for every category: no need to name them
            (days,) = by_grace
            in_force = models.Q(expires__gte=on - timedelta(days=days))
        else:
            in_force = models.Q(pk__in=[])
            for days, codes in by_grace.items():
                in_force |= models.Q(category__in=codes, expires__gte=on - timedelta(days=days))
        return self.filter(in_force, status=Endorsement.Status.ACTIVE)

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk inserts skip `save()`: fill the search keys here too (the seed command)."""
        objs = list(objs)
        for endorsement in objs:
            endorsement.fill_keys()
        return super().bulk_create(objs, *args, **kwargs)


class Endorsement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LAPSED = "lapsed", _("lapsed")
        REVOKED = "revoked", _("revoked")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="endorsements"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endorsements",
    )
    holder_name = models.CharField(_("name on the credential"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=CATEGORY_CHOICES)
    number = models.CharField(_("endorsement number"), max_length=40, unique=True)
    #: the requirement set (id and version) the endorsement was granted under, when Dyad granted
    #: it through an application (imported and demo endorsements may not say)
    requirement_set = models.CharField(_("requirement set"), max_length=80, blank=True)
    requirement_set_version = models.PositiveIntegerField(
        _("requirement set version"), null=True, blank=True
    )
    granted = models.DateField(_("granted"))
    expires = models.DateField(_("expires"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Set by revoke_endorsement, cleared by reinstate_endorsement: the verification page and the
    # holder's page say when and why without reading the event log (which keeps every revocation).
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    # Where the person works, as the association records it: a county's name and the state's
    # two-letter code, not a FIPS code (docs/registry.md says why): a name is what people type
    # and read; the workforce map can look (state, county) up in the Census table when drawn.
    county = models.CharField(_("county"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=2, blank=True, help_text=_("Two letters, such as MI.")
    )
    # Kept by `save()` and `bulk_create()` (`fill_keys`): what searches compare, so PostgreSQL
    # needs no unaccent extension and SQLite compares the same way.
    search_key = models.CharField(max_length=200, editable=False, default="")
    county_key = models.CharField(max_length=100, editable=False, default="", db_index=True)

    objects = ScopedManager(
        association="association",
        _manager_class=models.Manager.from_queryset(EndorsementQuerySet),
    )

    class Meta:
        ordering = ["holder_name", "category"]
        indexes = [
            models.Index(fields=["status", "holder_name"]),
            # The registry's order (by name, then id): pages walk it from a key, never count. On
            # PostgreSQL it carries every column the registry filters on, so the walk reads the
            # index alone (an index-only scan) and fetches the 51 rows of a page afterwards.
            models.Index(
                fields=["search_key", "id"],
                include=["expires", "category", "county_key", "association_id", "holder_id"],
                condition=models.Q(status="active"),
                name="endorsement_registry_order",
            ),
            # Name search on PostgreSQL: a trigram GIN index (`endorsement_search_trgm`) makes
            # LIKE '%part%' an index lookup. It is made by `PostgresOnlySQL` in migration 0003
            # and kept out of the model's state, so SQLite (which rebuilds tables from that
            # state) never sees it and searches without it.
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires__gte=models.F("granted")),
                name="endorsement_expires_after_granted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_name}, {self.category} ({self.number})"

    def save(self, *args, **kwargs):
        self.fill_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"holder_name", "county"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key", "county_key"}
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        self.search_key = search_key(self.holder_name)
        self.county_key = county_key(self.county)

    def last_day_in_force(self, expires: date | None = None) -> date:
        """The last day it counts (or would, with a new `expires`): see `last_day_in_force`."""
        return last_day_in_force(self.category, expires or self.expires)

    def is_in_force(self, on: date | None = None) -> bool:
        """The same rule as `Endorsement.objects.current()`, for one row already loaded."""
        on = on or timezone.localdate()
        return self.status == self.Status.ACTIVE and on <= self.last_day_in_force()

    def clean(self) -> None:
        # The check constraint says the same to the database; this names the field for a person.
        if self.granted and self.expires and self.expires < self.granted:
            raise ValidationError(
                {"expires": _("The expiry date cannot be before the date it was granted.")}
            )
