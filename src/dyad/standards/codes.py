"""The codes of the portfolio contract (docs/portfolio-format.md) and of docs/rules.md."""

from __future__ import annotations

from .messages import gettext_noop

LEVELS: tuple[str, ...] = ("none", "cda", "associate", "bachelor", "master", "doctorate")
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_NAMES: dict[str, str] = {
    "none": "no degree",
    "cda": "CDA credential",
    "associate": "associate degree",
    "bachelor": "bachelor's degree",
    "master": "master's degree",
    "doctorate": "doctorate",
}

STANDARDS: tuple[str, ...] = ("IMH-E", "ECMH-E")

IMH_E_CATEGORIES: tuple[str, ...] = ("IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R")
ECMH_E_CATEGORIES: tuple[str, ...] = ("ECFA", "ECFS", "ECMHS", "ECMHM-C", "ECMHM-P", "ECMHM-R")
CATEGORIES: tuple[str, ...] = IMH_E_CATEGORIES + ECMH_E_CATEGORIES

#: docs/rules.md, "equivalent categories across standards" (IFRS has none).
EQUIVALENTS: dict[str, str] = {
    "IFA": "ECFA",
    "IFS": "ECFS",
    "IMHS": "ECMHS",
    "IMHM-C": "ECMHM-C",
    "IMHM-P": "ECMHM-P",
    "IMHM-R": "ECMHM-R",
}
EQUIVALENTS.update({ec: imh for imh, ec in list(EQUIVALENTS.items())})


def standard_of(category: str) -> str:
    if category in IMH_E_CATEGORIES:
        return "IMH-E"
    if category in ECMH_E_CATEGORIES:
        return "ECMH-E"
    raise KeyError(category)


#: docs/definitions.md §3: the eight knowledge areas of the IMH principles (English, marked for
#: the catalogue: pages show them through gettext).
AREAS: dict[str, str] = {
    "pregnancy_early_parenthood": gettext_noop("Pregnancy and early parenthood"),
    "development_behavior": gettext_noop("Infant/young child development and behavior"),
    "child_family_centered_practice": gettext_noop(
        "Infant/young child- and family-centered practice"
    ),
    "relationship_focused_practice": gettext_noop("Relationship-focused therapeutic practice"),
    "family_dynamics": gettext_noop("Family relationships and dynamics"),
    "attachment_loss": gettext_noop("Attachment, separation, trauma, grief and loss"),
    "disorders": gettext_noop("Disorders of infancy and early childhood"),
    "cultural_competence": gettext_noop("Cultural competence"),
}

#: docs/definitions.md §2, P3: the named services of IMH practice.
SERVICES: dict[str, str] = {
    "case_management": "Case management",
    "advocacy": "Advocacy",
    "emotional_support": "Emotional support",
    "developmental_guidance": "Developmental guidance",
    "early_relationship_assessment": "Early relationship assessment",
    "social_support": "Social support",
    "relationship_based_therapy": "Relationship-based therapy",
}

WORK_KINDS: tuple[str, ...] = (
    "promotion",
    "prevention",
    "intervention",
    "rsc_provision",
    "policy",
    "research_teaching",
)
#: Kinds whose days are weighted by full-time equivalence (docs/rules.md, counted months).
FTE_KINDS: frozenset[str] = frozenset({"promotion", "prevention", "intervention"})
PARTICIPANTS: tuple[str, ...] = ("child_and_caregiver", "child_only", "caregiver_only", "none")
RSC_FORMATS: tuple[str, ...] = ("individual", "group")
REFERENCE_ROLES: tuple[str, ...] = (
    "rsc_provider",
    "rsc_recipient",
    "supervisor",
    "colleague",
    "other",
)
REFERENCE_STATUSES: tuple[str, ...] = ("requested", "rated", "declined")
EXAM_RESULTS: tuple[str, ...] = ("pass", "fail")
AGREEMENTS: dict[str, str] = {
    "code_of_ethics": "code of ethics",
    "endorsement_agreement": "endorsement agreement",
}
