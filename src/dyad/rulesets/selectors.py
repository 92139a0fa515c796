"""Reads of requirement sets: which version an association's new applications use, any
published version by `ID@VERSION`, the association's own versions and drafts.

Published versions are public on purpose (each association's public requirements page shows
its current one, and anyone may check a portfolio against any version), so those reads cross
associations with `scopes_disabled()`. Drafts and impact runs are read only in the scope of
their association.
"""

from __future__ import annotations

from django.utils.text import slugify
from django_scopes import scopes_disabled

from dyad.associations.models import Association
from dyad.standards import codes
from dyad.standards.requirement_sets import (
    BASELINES,
    RequirementSet,
    RequirementSetError,
    available_sets,
    load_requirement_set,
)

from .documents import as_requirement_set
from .models import Draft, ImpactRun, PublishedSet


def set_id_for(association: Association, standard: str) -> str:
    """The id of an association's own set for `standard`: `alpha-imh-e`."""
    return f"{slugify(association.slug).replace('_', '-')}-{standard.lower()}"


def parse_reference(reference: str) -> tuple[str, int]:
    """`ID@VERSION` -> (id, version); RequirementSetError naming the problem otherwise."""
    set_id, _, version = reference.rpartition("@")
    if not set_id or not version.isdigit() or int(version) < 1:
        raise RequirementSetError(
            f"{reference!r} is not ID@VERSION (a set id, '@', a version number from 1)"
        )
    return set_id, int(version)


def published(set_id: str, version: int) -> PublishedSet | None:
    with scopes_disabled():  # published versions are public (module docstring)
        return PublishedSet.objects.filter(set_id=set_id, version=version).first()


def published_set(set_id: str, version: int) -> RequirementSet:
    """The engine's set for a published version. A baseline file of the same version stands in
    for its row (a test database emptied between tests has lost the migration's rows)."""
    row = published(set_id, version)
    if row is not None:
        return as_requirement_set(row.document)
    if set_id in available_sets():
        rset = load_requirement_set(set_id)
        if rset.version == version:
            return rset
    raise RequirementSetError(f"no published requirement set {set_id}@{version}")


def _latest(set_id: str) -> PublishedSet | None:
    with scopes_disabled():  # published versions are public (module docstring)
        return PublishedSet.objects.filter(set_id=set_id).order_by("-version").first()


def current_version(association: Association, standard: str) -> PublishedSet | None:
    """The version new applications of `association` in `standard` are judged under: its own
    latest, else the Alliance's latest baseline (None only when no row holds the baseline)."""
    return _latest(set_id_for(association, standard)) or _latest(BASELINES[standard])


def current_set(association: Association, standard: str) -> RequirementSet:
    row = current_version(association, standard)
    if row is not None:
        return as_requirement_set(row.document)
    return load_requirement_set(BASELINES[standard])


def current_document(association: Association, standard: str) -> tuple[str, int, dict]:
    """(set id, version, document) of the current set, the baseline file standing in for a
    missing row."""
    row = current_version(association, standard)
    if row is not None:
        return row.set_id, row.version, row.document
    return _baseline_document(standard)


def baseline_document(standard: str) -> tuple[str, int, dict]:
    row = _latest(BASELINES[standard])
    if row is not None:
        return row.set_id, row.version, row.document
    return _baseline_document(standard)


def _baseline_document(standard: str) -> tuple[str, int, dict]:
    set_id = BASELINES[standard]
    document = _baseline_document_by_id(set_id)
    return set_id, document["version"], document


def requirement_set_for(association: Association, category: str) -> RequirementSet:
    """The set a new application of `association` for `category` starts under."""
    return current_set(association, codes.standard_of(category))


def next_version(association: Association, standard: str) -> int:
    latest = _latest(set_id_for(association, standard))
    return latest.version + 1 if latest else 1


def own_versions(association: Association) -> list[PublishedSet]:
    """The association's published versions, every standard, newest first."""
    return list(
        PublishedSet.objects.filter(association=association)
        .defer("document")
        .order_by("standard", "-version")
    )


def comparable(association: Association, standard: str) -> list[str]:
    """The versions a coordinator may compare (ID@VERSION): the baselines and the
    association's own, oldest first."""
    with scopes_disabled():  # published versions are public (module docstring)
        rows = list(
            PublishedSet.objects.filter(
                set_id__in=[BASELINES[standard], set_id_for(association, standard)]
            )
            .order_by("association_id", "set_id", "version")
            .values_list("set_id", "version")
        )
    references = [f"{set_id}@{version}" for set_id, version in rows]
    set_id, version, _ = _baseline_document(standard)
    if f"{set_id}@{version}" not in references:  # the file stands in for a missing row
        references.insert(0, f"{set_id}@{version}")
    return references


def published_document(set_id: str, version: int) -> dict | None:
    """The document of a published version (a baseline file standing in for its row)."""
    row = published(set_id, version)
    if row is not None:
        return row.document
    if set_id in available_sets():
        document = _baseline_document_by_id(set_id)
        if document["version"] == version:
            return document
    return None


def _baseline_document_by_id(set_id: str) -> dict:
    import json

    from dyad.standards.requirement_sets import SETS_DIR

    return json.loads((SETS_DIR / f"{set_id}.json").read_text(encoding="utf-8"))


def drafts_of(association: Association) -> dict[str, Draft]:
    return {d.standard: d for d in Draft.objects.filter(association=association)}


def draft_of(association: Association, standard: str) -> Draft | None:
    return Draft.objects.filter(association=association, standard=standard).first()


def names_of(ids: set[int]) -> dict[int, str]:
    """People's names by id, in one query (an impact preview keeps ids only)."""
    if not ids:
        return {}
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=ids)
    return {
        u.pk: u.name for u in users.only("id", "email", "display_name", "first_name", "last_name")
    }


def latest_run(draft: Draft) -> ImpactRun | None:
    return ImpactRun.objects.filter(draft=draft).order_by("-created_at", "-id").first()


def public_requirements(association: Association) -> list[tuple[str, PublishedSet | None, dict]]:
    """For the public page: per licensed standard, (standard, the row or None, document)."""
    out = []
    for standard in association.standards:
        if standard not in BASELINES:
            continue
        row = current_version(association, standard)
        document = row.document if row is not None else _baseline_document(standard)[2]
        out.append((standard, row, document))
    return out
