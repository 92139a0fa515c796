"""Conflicts of interest between a reviewer and an application, found from the records: the
reviewer is the applicant, one of their RS/C providers, one of this application's raters, or
works (or worked) for one of the applicant's employers. A reviewer may also declare a conflict
these checks cannot see (`reviewing.declare_conflict`)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django_scopes import scope

from dyad.portfolios.models import RscProvider, WorkExperience

from .models import Application, Reference


def normalized(name: str) -> str:
    """An employer's or person's name compared loosely: case, spacing and punctuation aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def conflicts_of(application: Application, reviewer) -> list[str]:
    """Why `reviewer` may not review `application`, in plain words (empty when nothing is
    found). Four queries."""
    applicant = application.applicant
    if reviewer.pk == applicant.pk:
        return [_("This is the applicant's own application.")]
    found = []
    names = {normalized(reviewer.name)} - {""}
    providers = RscProvider.objects.filter(owner=applicant).values_list("user_id", "name")
    if any(user_id == reviewer.pk or normalized(name) in names for user_id, name in providers):
        found.append(_("The reviewer is one of the applicant's RS/C providers."))
    with scope(association=application.association_id):
        rater = Reference.objects.filter(
            application=application, email__iexact=reviewer.email
        ).exists()
    if rater:
        found.append(_("The reviewer is a reference for this application."))
    rows = (
        WorkExperience.objects.filter(owner__in=[applicant.pk, reviewer.pk])
        .exclude(employer="")
        .values_list("owner_id", "employer")
    )
    theirs = {normalized(e): e for owner, e in rows if owner == applicant.pk}
    mine = {normalized(e) for owner, e in rows if owner == reviewer.pk}
    shared = sorted((theirs.keys() & mine) - {""})
    if shared:
        found.append(
            _("The reviewer and the applicant share an employer: %(employers)s.")
            % {"employers": ", ".join(theirs[s] for s in shared)}
        )
    return found
