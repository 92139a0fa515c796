"""Scoring (issue: the Endorsement exam online): multiple choice scored automatically; each
written answer scored blind by two scorers assigned without conflicts of interest (as reviewers
are: `applications.conflicts`), and by a third who reconciles when the two differ by more than
the form's tolerance. The final written score follows the form's rule; the pass rule per part
and overall is data on the form. The decision is an event and the portfolio's exam entry.

`on_submitted(sitting)` is called by `sitting_services.submit_sitting` inside its transaction.
Every other verb here runs in one transaction with its event, locking the sitting first so two
scorers finishing at once decide once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dyad.accounts.models import User
from dyad.applications.conflicts import conflicts_of
from dyad.applications.services import must_coordinate
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError
from dyad.core.events import record_event
from dyad.portfolios import services as portfolio_services

from . import results_notify
from .builder_services import DEFAULT_PASS_RULES
from .models import Answer, ExamForm, Item, Result, ScoringAssignment, Sitting

FIRST = ScoringAssignment.Role.FIRST
SECOND = ScoringAssignment.Role.SECOND
THIRD = ScoringAssignment.Role.THIRD
PAIR = (FIRST, SECOND)
TWO_PLACES = Decimal("0.01")


class ScoringError(DyadError):
    pass


# -- who may score ----------------------------------------------------------------------------


def scorers_of(association) -> list[User]:
    """The association's exam scorers, by name."""
    ids = StaffMembership.objects.filter(
        association=association, role=StaffMembership.Role.EXAM_SCORER
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("display_name", "email"))


def conflicts(sitting: Sitting, scorer) -> list[str]:
    """Why `scorer` may not score this sitting, in plain words (empty when nothing is found):
    the candidate themself, or what `applications.conflicts` finds on the sitting's application
    (the candidate's RS/C provider, one of their references, a shared employer)."""
    if scorer.pk == sitting.candidate_id:
        return [_("This is the scorer's own exam.")]
    if sitting.application_id is None:
        return []
    return conflicts_of(sitting.application, scorer)


def _load(association) -> dict[int, tuple[int, int]]:
    """Per scorer of the association: (unscored assignments, all assignments). One query."""
    rows = (
        ScoringAssignment.objects.filter(association=association)
        .values("scorer_id")
        .annotate(open=Count("id", filter=Q(score__isnull=True)), total=Count("id"))
    )
    return {r["scorer_id"]: (r["open"], r["total"]) for r in rows}


def _pick(sitting: Sitting, count: int, exclude: set[int]) -> list[User]:
    """Up to `count` scorers without conflicts: the fewest open assignments first, then the
    fewest in all (so the work is shared out), then by name."""
    load = _load(sitting.association)
    chosen: list[User] = []
    pool = sorted(
        (s for s in scorers_of(sitting.association) if s.pk not in exclude),
        key=lambda s: (*load.get(s.pk, (0, 0)), s.name, s.pk),
    )
    for scorer in pool:
        if len(chosen) == count:
            break
        if not conflicts(sitting, scorer):
            chosen.append(scorer)
    return chosen


# -- the final score --------------------------------------------------------------------------


def _dec(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def needs_third(form: ExamForm, first: int | None, second: int | None) -> bool:
    return first is not None and second is not None and abs(first - second) > form.tolerance


def final_score(
    form: ExamForm, first: int | None, second: int | None, third: int | None
) -> Decimal | None:
    """The written answer's final score, or None while it is not known.

    Within the tolerance: the mean of the two scores (whatever the rule). Beyond it the third
    scorer reconciles: rule `reconciler` takes the third score; rule `mean` the mean of the third
    score and the nearer of the first two (when both are as near, the third score is their
    midpoint, which is the mean of all three)."""
    if first is None or second is None:
        return None
    if not needs_third(form, first, second):
        return _dec(Decimal(first + second) / 2)
    if third is None:
        return None
    if form.final_rule == ExamForm.FinalRule.RECONCILER:
        return _dec(third)
    gap_first, gap_second = abs(third - first), abs(third - second)
    if gap_first == gap_second:
        return _dec(Decimal(first + second + third) / 3)
    nearer = first if gap_first < gap_second else second
    return _dec(Decimal(third + nearer) / 2)


@dataclass
class WrittenAnswer:
    """One written item of a sitting as scoring sees it."""

    item: Item
    answer: Answer | None
    scores: dict[str, ScoringAssignment]

    @property
    def blank(self) -> bool:
        return self.answer is None or not self.answer.text.strip()

    def score_of(self, role: str) -> int | None:
        a = self.scores.get(role)
        return a.score if a else None

    def final(self, form: ExamForm) -> Decimal | None:
        if self.blank:
            return Decimal("0.00")
        return final_score(form, *(self.score_of(r) for r in (FIRST, SECOND, THIRD)))

    def needs_third(self, form: ExamForm) -> bool:
        return not self.blank and needs_third(form, self.score_of(FIRST), self.score_of(SECOND))

    def roles_needed(self, form: ExamForm) -> tuple[str, ...]:
        if self.blank:
            return ()
        return (*PAIR, THIRD) if self.needs_third(form) else PAIR


def written_answers(sitting: Sitting) -> list[WrittenAnswer]:
    """Every written item of the sitting's form with its answer and scorings (three queries)."""
    items = list(
        Item.objects.filter(form_id=sitting.window.form_id, kind=Item.Kind.WRITTEN)
        .select_related("vignette")
        .order_by("position", "id")
    )
    answers = {
        a.item_id: a for a in Answer.objects.filter(sitting=sitting, item__in=[i.pk for i in items])
    }
    scorings: dict[int, dict[str, ScoringAssignment]] = {}
    for s in ScoringAssignment.objects.filter(answer__in=answers.values()).select_related("scorer"):
        scorings.setdefault(s.answer_id, {})[s.role] = s
    found = []
    for item in items:
        answer = answers.get(item.pk)
        found.append(WrittenAnswer(item, answer, scorings.get(answer.pk, {}) if answer else {}))
    return found


# -- verbs ------------------------------------------------------------------------------------


def _lock(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("window__form", "association", "candidate", "application")
        .get(pk=sitting.pk)
    )


def _assign(sitting: Sitting, answer: Answer, role: str, scorer) -> ScoringAssignment:
    return ScoringAssignment.objects.create(
        association_id=sitting.association_id, answer=answer, role=role, scorer=scorer
    )


def on_submitted(sitting: Sitting) -> None:
    """A sitting was just submitted (called once, inside the submitting transaction): the
    multiple-choice answers need nobody (they are scored from the key when the result is made);
    each non-blank written answer gets the same two scorers without conflicts, the least loaded
    first. Without written answers to score, the result is decided at once. With fewer than two
    scorers free of conflicts, the coordinator assigns the rest (`assign_scorer`)."""
    locked = _lock(sitting)
    written = [w for w in written_answers(locked) if not w.blank]
    if written:
        pair = _pick(locked, 2, exclude=set())
        for w in written:
            for role, scorer in zip(PAIR, pair, strict=False):
                if role not in w.scores:
                    _assign(locked, w.answer, role, scorer)
        record_event(
            subject=locked,
            verb="exam.scorers_assigned",
            data={
                "candidate": locked.candidate_id,
                "scorers": [s.pk for s in pair],
                "answers": len(written),
            },
        )
    _decide_if_complete(locked, actor=None)


def assign_scorer(*, sitting: Sitting, role: str, scorer, actor) -> int:
    """The coordinator gives `role` on the sitting's written answers to `scorer`: every answer
    that needs that role and has no score in it yet (a third only where the two differ beyond
    the tolerance). Refused for a conflict of interest, for someone who is not an exam scorer,
    for a scorer already holding another role on one of those answers, and once decided.
    Returns how many answers were given to the scorer."""
    if role not in ScoringAssignment.Role.values:
        raise ScoringError(_("Choose first, second or third scorer."), field="role")
    with transaction.atomic():
        locked = _lock(sitting)
        try:
            must_coordinate(actor, locked.association)
        except DyadError as exc:
            raise ScoringError(exc.message) from None
        if locked.state != Sitting.State.SUBMITTED:
            raise ScoringError(_("This sitting is not waiting for scores."))
        if scorer.pk not in {s.pk for s in scorers_of(locked.association)}:
            raise ScoringError(_("Choose one of the association's exam scorers."), field="scorer")
        found = conflicts(locked, scorer)
        if found:
            raise ScoringError(" ".join(found), field="scorer")
        form = locked.window.form
        changed = 0
        for w in written_answers(locked):
            if role not in w.roles_needed(form):
                continue
            current = w.scores.get(role)
            settled = current is not None and current.score is not None
            if settled or (current is not None and current.scorer_id == scorer.pk):
                continue
            if any(s.scorer_id == scorer.pk for r, s in w.scores.items() if r != role):
                raise ScoringError(
                    _("%(name)s already scores this response in another role.")
                    % {"name": scorer.name},
                    field="scorer",
                )
            if current is not None:
                current.scorer = scorer
                current.assigned_at = timezone.now()
                current.save(update_fields=["scorer", "assigned_at"])
            else:
                _assign(locked, w.answer, role, scorer)
            changed += 1
        if changed:
            record_event(
                subject=locked,
                verb="exam.scorer_assigned",
                actor=actor,
                data={"scorer": scorer.pk, "role": role, "answers": changed},
            )
    return changed


def check_score(item: Item, raw) -> int:
    """A whole score from 0 to the item's maximum, or ScoringError naming the range."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > item.max_score:
        raise ScoringError(
            _("Give a whole number from 0 to %(max)s.") % {"max": item.max_score}, field="score"
        )
    return int(text)


def record_scores(*, sitting: Sitting, scorer, scores: dict[int, tuple[object, str]]) -> int:
    """The scorer's scores for their assignments on this sitting: `{assignment id: (score,
    note)}`. All or nothing: any bad score raises ScoringError (its `field` is the assignment
    id) and nothing is saved. A score already given may be changed until the answer's final
    score is known. When the two first scores differ beyond the tolerance a third scorer is
    assigned; when every written answer has its final score the result is decided. Returns how
    many scores changed."""
    with transaction.atomic():
        locked = _lock(sitting)
        if locked.state != Sitting.State.SUBMITTED:
            raise ScoringError(_("This exam's result is decided: scores can no longer change."))
        form = locked.window.form
        mine = {
            a.pk: a
            for a in ScoringAssignment.objects.select_for_update(of=("self",))
            .filter(answer__sitting=locked, scorer=scorer)
            .select_related("answer__item")
        }
        by_answer = {w.answer.pk: w for w in written_answers(locked) if w.answer is not None}
        clean: dict[int, tuple[int, str]] = {}
        for pk, (raw, note) in scores.items():
            assignment = mine.get(pk)
            if assignment is None:
                raise ScoringError(_("This response is not assigned to you."), field=str(pk))
            try:
                value = check_score(assignment.answer.item, raw)
            except ScoringError as exc:
                raise ScoringError(exc.message, field=str(pk)) from None
            w = by_answer[assignment.answer_id]
            if assignment.role in PAIR and THIRD in w.scores and assignment.score != value:
                raise ScoringError(
                    _("A third scorer reconciles this response: your score can no longer change."),
                    field=str(pk),
                )
            if (
                assignment.score is not None
                and assignment.score != value
                and w.final(form) is not None
            ):
                raise ScoringError(
                    _("This response's final score is known: your score can no longer change."),
                    field=str(pk),
                )
            clean[pk] = (value, str(note or "").strip())
        changed = 0
        now = timezone.now()
        for pk, (value, note) in clean.items():
            assignment = mine[pk]
            if assignment.score == value and assignment.note == note:
                continue
            assignment.score, assignment.note, assignment.scored_at = value, note, now
            assignment.save(update_fields=["score", "note", "scored_at"])
            by_answer[assignment.answer_id].scores[assignment.role] = assignment
            changed += 1
        if changed:
            record_event(
                subject=locked,
                verb="exam.scores_recorded",
                actor=scorer,
                data={"scorer": scorer.pk, "count": changed},
            )
            _assign_thirds(locked, form, list(by_answer.values()))
            _decide_if_complete(locked, actor=scorer)
    return changed


def _assign_thirds(sitting: Sitting, form: ExamForm, written: list[WrittenAnswer]) -> None:
    waiting = [w for w in written if w.needs_third(form) and THIRD not in w.scores]
    if not waiting:
        return
    taken = {s.scorer_id for w in waiting for r, s in w.scores.items() if r in PAIR}
    third = _pick(sitting, 1, exclude=taken)
    for w in waiting:
        if third:
            _assign(sitting, w.answer, THIRD, third[0])
    record_event(
        subject=sitting,
        verb="exam.reconciliation_needed",
        data={"answers": len(waiting), "scorer": third[0].pk if third else None},
    )


# -- the result -------------------------------------------------------------------------------


def pass_rules(form: ExamForm) -> dict[str, float]:
    return {part: float(form.pass_rules.get(part, d)) for part, d in DEFAULT_PASS_RULES.items()}


def _share(score, maximum) -> float | None:
    return None if not maximum else float(Decimal(score) / Decimal(maximum))


def _decide_if_complete(sitting: Sitting, actor) -> Result | None:
    """Make the result once every written answer has its final score (the sitting is locked)."""
    if Result.objects.filter(sitting=sitting).exists():
        return None
    form = sitting.window.form
    written = written_answers(sitting)
    finals = {w.item.pk: w.final(form) for w in written}
    if any(value is None for value in finals.values()):
        return None
    mc_items = list(Item.objects.filter(form=form, kind=Item.Kind.MC).order_by("position", "id"))
    choices = dict(
        Answer.objects.filter(sitting=sitting, item__in=mc_items).values_list("item_id", "choice")
    )
    by_item: dict[int, Decimal] = {
        i.pk: Decimal(1 if i.correct is not None and choices.get(i.pk) == i.correct else 0)
        for i in mc_items
    }
    by_item.update(finals)  # type: ignore[arg-type]
    mc_score = int(sum(by_item[i.pk] for i in mc_items))
    mc_max = len(mc_items)
    written_score = _dec(sum((finals[w.item.pk] for w in written), Decimal(0)))
    written_max = sum(w.item.max_score for w in written)
    rules = pass_rules(form)
    parts = {}
    for part, score, maximum in (
        ("mc", mc_score, mc_max),
        ("written", written_score, written_max),
        ("overall", mc_score + written_score, mc_max + written_max),
    ):
        share = _share(score, maximum)
        parts[part] = {
            "share": None if share is None else round(share, 4),
            "needed": rules[part],
            # a part the form does not have cannot fail
            "passed": share is None or share + 1e-9 >= rules[part],
        }
    passed = all(p["passed"] for p in parts.values())
    by_area: dict[str, dict[str, float]] = {}
    for item in [*mc_items, *(w.item for w in written)]:
        maximum = 1 if item.kind == Item.Kind.MC else item.max_score
        for code in item.areas or ():
            area = by_area.setdefault(code, {"score": 0.0, "max": 0})
            area["score"] = round(area["score"] + float(by_item[item.pk]), 2)
            area["max"] += maximum
    result = Result.objects.create(
        association_id=sitting.association_id,
        sitting=sitting,
        mc_score=mc_score,
        mc_max=mc_max,
        written_score=written_score,
        written_max=written_max,
        passed=passed,
        parts=parts,
        by_area=by_area,
        by_item={str(k): float(v) for k, v in by_item.items()},
        decided_at=timezone.now(),
    )
    sitting.state = Sitting.State.SCORED
    sitting.save(update_fields=["state"])
    data = {"candidate": sitting.candidate_id, "category": form.category}
    record_event(
        subject=sitting,
        verb="exam.scored",
        actor=actor,
        from_state=Sitting.State.SUBMITTED,
        to_state=Sitting.State.SCORED,
        data=data,
    )
    record_event(
        subject=sitting, verb="exam.passed" if passed else "exam.failed", actor=actor, data=data
    )
    portfolio_services.record_exam_result(
        owner=sitting.candidate,
        category=form.category,
        date=timezone.localdate(sitting.submitted_at or timezone.now()),
        result="pass" if passed else "fail",
        source=f"exam_sitting:{sitting.pk}",
        association_name=sitting.association.name,
        actor=actor,
    )
    results_notify.decided(result)
    return result
