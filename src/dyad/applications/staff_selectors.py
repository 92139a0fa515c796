"""Reads for the association's side: the pipeline, one application as the coordinator and the
reviewers see it (the frozen snapshot, its evidence described), and a reviewer's assignments.
Every function runs inside the association's scope (the views are `association_view`s)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dyad.standards import facts
from dyad.standards.findings import Assessment
from dyad.standards.frozen import portfolio_from_dict
from dyad.standards.messages import m, render

from . import states
from .models import Application, Assignment, Snapshot

PAGE_SIZE = 50


def pipeline(association, *, state: str = "", category: str = "", q: str = ""):
    """The association's applications, newest activity first, with what the list shows counted
    in the same query (references named and answered, reviewers and their recommendations)."""
    rows = (
        Application.objects.filter(association=association)
        .select_related("applicant", "association")
        .annotate(
            references_named=Count("references", distinct=True),
            references_answered=Count(
                "references", filter=~Q(references__status="requested"), distinct=True
            ),
            reviewers=Count("assignments", filter=~Q(assignments__state="conflict"), distinct=True),
            recommendations=Count(
                "assignments", filter=Q(assignments__state="done"), distinct=True
            ),
        )
        .order_by("-submitted_at", "-started_at", "-id")
    )
    if state in states.STATES:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    if q.strip():
        rows = rows.filter(
            Q(applicant__display_name__icontains=q.strip()) | Q(applicant__email__icontains=q)
        )
    return rows


def state_counts(association) -> dict[str, int]:
    counts = dict(
        Application.objects.filter(association=association)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {s: counts.get(s, 0) for s in states.STATES}


def age_in_days(application: Application, today: date | None = None) -> int:
    """Days since the application last changed hands: submitted, else started."""
    today = today or timezone.localdate()
    since = application.submitted_at or application.started_at
    return (today - timezone.localtime(since).date()).days


def holds_the_ball(application: Application) -> str:
    """Who is expected to act next, in plain words."""
    if application.state == states.IN_REVIEW:
        wanted = application.association.reviewers_per_application
        if getattr(application, "recommendations", 0) < wanted:
            return _("the reviewers")
        return _("the coordinator")
    return {
        states.APPLICANT: _("the applicant"),
        states.COORDINATOR: _("the coordinator"),
    }.get(application.holds_the_ball or "", "—")


AGREEMENTS = {
    "code_of_ethics": _lazy("Code of ethics"),
    "endorsement_agreement": _lazy("Endorsement agreement"),
}


@dataclass(frozen=True)
class Evidence:
    ref: str
    text: str


def _word(kind: str, code: str) -> str:
    """An engine code in the reader's words, where the engine has words for it."""
    if kind == "reference_status":
        from .models import Reference

        try:
            return str(Reference.Status(code).label)
        except ValueError:
            return code
    try:
        return render(m(f"{kind}.{code}"), _)
    except KeyError:
        return code


def describe_facts(p: facts.Portfolio) -> dict[str, str]:
    """Each frozen entry by its ref, in a few words a reviewer can check."""
    out: dict[str, str] = {}
    for e in p.education:
        out[e.ref] = _("Education: %(level)s, %(field)s, completed %(date)s") % {
            "level": _word("level", e.level),
            "field": e.field or "—",
            "date": e.completed.isoformat(),
        }
    for t in p.training:
        out[t.ref] = _("Training: %(title)s, %(date)s, %(hours)s h") % {
            "title": t.title,
            "date": t.date.isoformat(),
            "hours": f"{t.minutes / 60:g}",
        }
    for w in p.work:
        out[w.ref] = _("Work: %(role)s at %(employer)s, %(start)s to %(end)s") % {
            "role": w.role or w.kind,
            "employer": w.employer or "—",
            "start": w.start.isoformat(),
            "end": w.end.isoformat() if w.end else _("now"),
        }
    for pr in p.providers:
        out[pr.ref] = _("RS/C provider: %(name)s") % {"name": pr.name}
    names = {pr.id: pr.name for pr in p.providers}
    for s in p.rsc:
        out[s.ref] = _("RS/C: %(date)s, %(minutes)s minutes with %(provider)s") % {
            "date": s.date.isoformat(),
            "minutes": s.minutes,
            "provider": names.get(s.provider, s.provider),
        }
    for r in p.references:
        out[r.ref] = _("Reference: %(name)s (%(role)s), %(status)s") % {
            "name": r.name,
            "role": _word("role", r.role),
            "status": _word("reference_status", r.status),
        }
    for a in p.agreements:
        out[a.ref] = _("%(document)s signed %(date)s") % {
            "document": AGREEMENTS.get(a.document, a.document),
            "date": a.signed.isoformat(),
        }
    if p.membership is not None:
        out[p.membership.ref] = _("Membership until %(date)s") % {
            "date": p.membership.expires.isoformat()
        }
    return out


@dataclass(frozen=True)
class Frozen:
    """A snapshot ready to show: the assessment and each finding's evidence described."""

    snapshot: Snapshot
    assessment: Assessment
    evidence: dict[str, list[Evidence]]  # rule -> evidence

    @property
    def rows(self) -> list[tuple]:
        """(finding, its evidence described), in the set's order."""
        return [(f, self.evidence.get(f.rule, [])) for f in self.assessment.findings]


def latest_snapshot(application: Application) -> Frozen | None:
    snapshot = application.snapshots.order_by("-number").first()
    if snapshot is None:
        return None
    assessment = Assessment.from_dict(snapshot.assessment)
    described = describe_facts(portfolio_from_dict(snapshot.facts))
    evidence = {
        f.rule: [Evidence(ref, described.get(ref, ref)) for ref in f.evidence]
        for f in assessment.findings
    }
    return Frozen(snapshot, assessment, evidence)


def assignments_of(application: Application) -> list[Assignment]:
    return list(application.assignments.select_related("reviewer"))


def my_assignments(association, reviewer) -> list[Assignment]:
    return list(
        Assignment.objects.filter(application__association=association, reviewer=reviewer)
        .select_related("application", "application__applicant")
        .order_by("state", "-assigned_at")
    )
