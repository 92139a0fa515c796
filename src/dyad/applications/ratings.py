"""What a rater is asked: competencies named after the IMH values and the eight knowledge areas
(docs/definitions.md, §3), each on a scale of 1 to 5 or "not observed".

The labels are Dyad's own words; the knowledge areas keep the names the portfolio shows
(`standards.codes.AREAS`)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dyad.standards import codes

#: the six values, in the order of docs/definitions.md
VALUES: dict[str, object] = {
    "value_relationships": _("Puts relationships at the center of the work"),
    "value_diversity": _("Respects each family's culture, background and individuality"),
    "value_integrity": _("Acts with honesty and integrity"),
    "value_confidentiality": _("Keeps what families share private"),
    "value_learning": _("Keeps learning and building skill"),
    "value_reflection": _("Reflects on their own work and feelings"),
}

NOT_OBSERVED = "not_observed"

SCALE = [
    ("1", _("1 Poor")),
    ("2", _("2 Fair")),
    ("3", _("3 Good")),
    ("4", _("4 Very good")),
    ("5", _("5 Excellent")),
    (NOT_OBSERVED, _("Not observed")),
]


def area_competencies() -> dict[str, str]:
    return {f"area_{code}": gettext(label) for code, label in codes.AREAS.items()}


def competencies() -> dict[str, str]:
    """Every competency code with its label in the active language, values first."""
    return {**{k: str(v) for k, v in VALUES.items()}, **area_competencies()}
