"""Text reports of assessments and plans, as a coordinator would print them."""

from __future__ import annotations

from .findings import Assessment
from .planning import Plan

MARK = {"met": "✓", "unmet": "✗"}


def assessment_text(a: Assessment) -> str:
    unmet = len(a.unmet)
    if a.eligible:
        result = f"Result: ELIGIBLE — all {len(a.findings)} requirements met"
    else:
        result = f"Result: NOT ELIGIBLE — {unmet} of {len(a.findings)} requirements unmet"
    mode = "renewal" if a.mode == "renewal" else "application"
    lines = [
        result,
        f"{a.category} {a.category_name} ({a.standard}), {mode}, as of {a.as_of.isoformat()}; "
        f"requirement set {a.requirement_set} v{a.requirement_set_version}",
    ]
    if a.person:
        lines.append(f"Portfolio of {a.person}")
    lines.append("")
    width = max(len(f.rule) for f in a.findings) if a.findings else 0
    for f in a.findings:
        lines.append(f"  {MARK[f.status]} {f.rule.ljust(width)}  {f.message}")
        if f.evidence and f.status == "met":
            continue
        for ref, reason in f.excluded_reasons[:5]:
            lines.append(f"    {' ' * width}  not counted: {ref} {reason}")
        if len(f.excluded) > 5:
            lines.append(f"    {' ' * width}  … and {len(f.excluded) - 5} more not counted")
    if a.review_points:
        lines += ["", "For a reviewer to confirm:"]
        lines += [f"  - {point}" for point in a.review_points]
    if a.ignored:
        lines += ["", "Not counted (after the assessment date):"]
        lines += [f"  - {item}" for item in a.ignored]
    return "\n".join(lines) + "\n"


def plan_text(p: Plan) -> str:
    lines = [f"Plan for {p.person or 'this portfolio'}, as of {p.as_of.isoformat()}"]
    lines.append(f"Eligible now: {', '.join(p.eligible) if p.eligible else 'none yet'}")
    if p.nearest:
        lines.append(f"Nearest to reach: {p.nearest}")
    for c in p.categories:
        a = c.assessment
        lines.append("")
        if a.eligible:
            lines.append(f"✓ {a.category} {a.category_name}: eligible")
            continue
        when = (
            f"met by {c.earliest.isoformat()} at the present rate" if c.earliest else "needs action"
        )
        lines.append(f"✗ {a.category} {a.category_name}: {len(c.gaps)} missing; {when}")
        for g in c.gaps:
            by = f" (by {g.earliest.isoformat()} at the present rate)" if g.earliest else ""
            lines.append(f"    - {g.rule}: {g.message}{by}")
    return "\n".join(lines) + "\n"
