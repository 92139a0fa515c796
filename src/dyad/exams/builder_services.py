"""Building exam forms (staff): the only way forms, vignettes and items change.

Each verb is one transaction that locks the form, re-reads it and refuses a frozen one (a
sitting already uses it: `ExamError` says to make a new version), then records an event
`exam_form.<verb>` with the change. A form is published before a window can use it; it is
frozen when its first sitting starts (`freeze_form`, called by `sitting_services`). A new
version copies a form with its vignettes and items (keys kept) as a draft of the same lineage.

Windows and invitations: `open_window` for a published form, `invite` an applicant whose
application is in state `exam` for the form's category (one sitting per window and person: a
second invitation updates the accommodations), with an email in the candidate's language.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dyad.applications import states as application_states
from dyad.applications.models import Application
from dyad.core.errors import DyadError
from dyad.core.events import record_event
from dyad.rulesets.selectors import requirement_set_for
from dyad.standards import codes
from dyad.standards.requirement_sets import baseline_for

from . import sitting_notify
from .models import AREA_CODES, ExamForm, ExamWindow, Item, Sitting, Vignette

#: categories whose requirement set asks for an exam (the forms' categories)
EXAM_CATEGORIES: tuple[str, ...] = tuple(
    c for c in codes.CATEGORIES if baseline_for(c).category(c).exam
)
MAX_OPTIONS = 8
DEFAULT_PASS_RULES = {"mc": 0.7, "written": 0.6, "overall": 0.7}


class ExamError(DyadError):
    """A change to an exam form, window or sitting that cannot be made; the message says why."""


def _lock(form: ExamForm) -> ExamForm:
    return ExamForm.objects.select_for_update().get(pk=form.pk)


def _editable(form: ExamForm) -> ExamForm:
    locked = _lock(form)
    if locked.is_frozen:
        raise ExamError(
            _("This form is frozen: a sitting already uses it. Make a new version to change it.")
        )
    return locked


def _event(subject, verb: str, actor, **data: Any) -> None:
    record_event(subject=subject, verb=verb, actor=actor, data=data)


# --- forms ------------------------------------------------------------------------------------


def check_pass_rules(rules: Any) -> dict[str, float]:
    """`{"mc": 0.7, "written": 0.6, "overall": 0.7}`: shares of the maximum between 0 and 1."""
    if not isinstance(rules, dict):
        raise ExamError(_("The pass rules are a share for mc, written and overall."), "pass_rules")
    clean = {}
    for part in ("mc", "written", "overall"):
        value = rules.get(part, DEFAULT_PASS_RULES[part])
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ExamError(
                _("The pass share for %(part)s must be a number between 0 and 1.") % {"part": part},
                "pass_rules",
            )
        clean[part] = float(value)
    unknown = set(rules) - set(clean)
    if unknown:
        raise ExamError(
            _("Unknown pass rule: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            "pass_rules",
        )
    return clean


FORM_FIELDS = ("title", "instructions", "minutes", "tolerance", "final_rule", "pass_rules")


def _check_form_values(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "title" in clean:
        clean["title"] = str(clean["title"]).strip()
        if not clean["title"]:
            raise ExamError(_("Give the form a title."), "title")
    if "minutes" in clean and not 1 <= int(clean["minutes"]) <= 600:
        raise ExamError(_("The time limit is between 1 and 600 minutes."), "minutes")
    if "final_rule" in clean and clean["final_rule"] not in ExamForm.FinalRule.values:
        raise ExamError(_("Choose how the final written score is decided."), "final_rule")
    if "pass_rules" in clean:
        clean["pass_rules"] = check_pass_rules(clean["pass_rules"])
    return clean


def set_pass_rules(rset, category: str) -> dict:
    """The pass rules a new form for `category` starts with: the exam's defaults, with the pass
    marks of the requirement set's exam rule (percent; `pass_marks`) where the set gives them.
    The form keeps its own afterwards (a later version of the set changes new forms only)."""
    rules = dict(DEFAULT_PASS_RULES)
    for spec in rset.category(category).rules(False):
        if spec.rule == "exam":
            marks = spec.params.get("pass_marks") or {}
            for name, part in (("multiple_choice", "mc"), ("written", "written")):
                if marks.get(name):
                    rules[part] = marks[name] / 100
    return rules


def create_form(
    *, association, actor, category: str, key: uuid.UUID | None = None, **values: Any
) -> ExamForm:
    """A draft form (version 1 of a new lineage) for `category` under the association's current
    requirement set for it (its pass marks, if it sets them, are the form's first pass rules).
    `key` (the page's UUID) becomes the lineage: a retried request returns the form made the
    first time."""
    if category not in EXAM_CATEGORIES:
        raise ExamError(_("%(category)s has no exam.") % {"category": category}, "category")
    values = _check_form_values({k: v for k, v in values.items() if k in FORM_FIELDS})
    rset = requirement_set_for(association, category)
    values.setdefault("pass_rules", set_pass_rules(rset, category))
    lineage = key or uuid.uuid4()
    with transaction.atomic():
        made = ExamForm.objects.filter(lineage=lineage, version=1).first()
        if made is not None:
            return made
        try:
            with transaction.atomic():
                form = ExamForm.objects.create(
                    association=association,
                    category=category,
                    requirement_set=rset.id,
                    requirement_set_version=rset.version,
                    lineage=lineage,
                    **values,
                )
        except IntegrityError:  # the same key, made meanwhile by a request running alongside
            return ExamForm.objects.get(lineage=lineage, version=1)
        _event(form, "exam_form.created", actor, category=category, version=1)
    return form


def update_form(*, form: ExamForm, actor, **values: Any) -> ExamForm:
    values = _check_form_values({k: v for k, v in values.items() if k in FORM_FIELDS})
    with transaction.atomic():
        locked = _editable(form)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, values[name])
        locked.save()
        _event(locked, "exam_form.changed", actor, fields=changed)
    return locked


def publish_form(*, form: ExamForm, actor) -> ExamForm:
    """Ready for windows: at least one item, every item complete."""
    with transaction.atomic():
        locked = _editable(form)
        if locked.published_at:
            return locked
        items = list(locked.items.all())
        if not items:
            raise ExamError(_("Add at least one question before publishing."))
        for item in items:
            problems = item_problems(item)
            if problems:
                raise ExamError(
                    _("Question %(key)s is not complete: %(problem)s")
                    % {"key": item.key, "problem": problems[0][1]}
                )
        ExamForm.objects.filter(pk=locked.pk).update(published_at=timezone.now())
        _event(locked, "exam_form.published", actor, version=locked.version)
        locked.refresh_from_db()
    return locked


def freeze_form(form_id: int) -> None:
    """The first sitting starts: the form refuses changes from now on (idempotent)."""
    ExamForm.objects.filter(pk=form_id, frozen_at__isnull=True).update(frozen_at=timezone.now())


def new_version(*, form: ExamForm, actor) -> ExamForm:
    """A draft copy of `form` (vignettes and items, keys kept) numbered after the lineage's
    latest version. Editing a frozen form starts here."""
    with transaction.atomic():
        source = _lock(form)
        draft = (
            ExamForm.objects.filter(
                lineage=source.lineage,
                version__gt=source.version,
                published_at__isnull=True,
                frozen_at__isnull=True,
            )
            .order_by("-version")
            .first()
        )
        if draft is not None:  # one draft at a time: a second click finds the first one's
            return draft
        latest = (
            ExamForm.objects.filter(lineage=source.lineage).aggregate(v=Max("version"))["v"] or 0
        )
        copy = ExamForm.objects.create(
            association=source.association,
            category=source.category,
            requirement_set=source.requirement_set,
            requirement_set_version=source.requirement_set_version,
            lineage=source.lineage,
            version=latest + 1,
            **{name: getattr(source, name) for name in FORM_FIELDS},
        )
        vignettes = {}
        for vignette in source.vignettes.all():
            vignettes[vignette.pk] = Vignette.objects.create(
                form=copy, position=vignette.position, title=vignette.title, case=vignette.case
            )
        for item in source.items.all():
            Item.objects.create(
                form=copy,
                vignette=vignettes.get(item.vignette_id),
                **{name: getattr(item, name) for name in ITEM_FIELDS if name != "vignette"},
            )
        _event(copy, "exam_form.versioned", actor, source=source.pk, version=copy.version)
    return copy


# --- vignettes and items -------------------------------------------------------------------


def save_vignette(
    *, form: ExamForm, actor, title: str, case: str, vignette: Vignette | None = None
) -> Vignette:
    title, case = title.strip(), case.strip()
    if not title:
        raise ExamError(_("Give the vignette a title."), "title")
    if not case:
        raise ExamError(_("Describe the case."), "case")
    with transaction.atomic():
        locked = _editable(form)
        if vignette is None:
            same = locked.vignettes.filter(title=title, case=case).first()
            if same is not None:  # a retried request
                return same
            position = (locked.vignettes.aggregate(p=Max("position"))["p"] or 0) + 1
            vignette = Vignette.objects.create(
                form=locked, position=position, title=title, case=case
            )
            _event(locked, "exam_form.vignette_added", actor, vignette=vignette.pk)
        else:
            vignette = locked.vignettes.get(pk=vignette.pk)
            vignette.title, vignette.case = title, case
            vignette.save()
            _event(locked, "exam_form.vignette_changed", actor, vignette=vignette.pk)
    return vignette


def delete_vignette(*, vignette: Vignette, actor) -> None:
    with transaction.atomic():
        locked = _editable(vignette.form)
        if vignette.items.exists():
            raise ExamError(_("Remove or move this vignette's questions first."))
        vignette.delete()
        _event(locked, "exam_form.vignette_removed", actor, vignette=vignette.pk)


ITEM_FIELDS = (
    "key",
    "position",
    "kind",
    "stem",
    "options",
    "correct",
    "vignette",
    "rubric",
    "max_score",
    "areas",
)


def item_problems(item: Item) -> list[tuple[str, str]]:
    """What keeps `item` from being a complete question, as (field, message) pairs."""
    problems = []
    if not item.stem.strip():
        problems.append(("stem", _("Write the question.")))
    if item.kind == Item.Kind.MC:
        options = [o for o in item.options if isinstance(o, str) and o.strip()]
        if len(options) != len(item.options) or not 2 <= len(options) <= MAX_OPTIONS:
            problems.append(
                (
                    "options",
                    _("Give between 2 and %(n)s options, none of them empty.") % {"n": MAX_OPTIONS},
                )
            )
        elif item.correct is None or not 0 <= item.correct < len(options):
            problems.append(("correct", _("Say which option is correct.")))
    elif item.kind == Item.Kind.WRITTEN:
        if item.vignette_id is None:
            problems.append(("vignette", _("Choose the vignette this question is about.")))
        if not item.rubric.strip():
            problems.append(("rubric", _("Write the rubric scorers use.")))
        if not 1 <= item.max_score <= 100:
            problems.append(("max_score", _("The maximum score is between 1 and 100.")))
    else:
        problems.append(("kind", _("Choose multiple choice or written response.")))
    unknown = [a for a in item.areas if a not in AREA_CODES]
    if unknown or not isinstance(item.areas, list):
        problems.append(
            (
                "areas",
                _("Unknown knowledge area or value: %(codes)s")
                % {"codes": ", ".join(map(str, unknown))},
            )
        )
    return problems


def save_item(*, form: ExamForm, actor, item: Item | None = None, **values: Any) -> Item:
    """Add or change a question. Multiple choice: `options` (2 to 8 texts) and `correct` (the
    index of the right one); written: a `vignette` of the same form, a `rubric`, `max_score`."""
    values = {k: v for k, v in values.items() if k in ITEM_FIELDS}
    with transaction.atomic():
        locked = _editable(form)
        target = item if item is not None else Item(form=locked)
        if item is not None:
            target = locked.items.get(pk=item.pk)
        for name, value in values.items():
            setattr(target, name, value)
        if target.kind == Item.Kind.MC:
            target.vignette, target.rubric, target.max_score = None, "", 1
        else:
            target.options, target.correct = [], None
        if target.vignette is not None and target.vignette.form_id != locked.pk:
            raise ExamError(_("Choose a vignette of this form."), "vignette")
        target.key = slugify(target.key or "")[:60] or next_key(locked)
        if item is None:
            same = locked.items.filter(key=target.key).first()
            if same is not None and all(
                getattr(same, name) == getattr(target, name)
                for name in ITEM_FIELDS
                if name != "position"
            ):
                return same  # a retried request
        problems = item_problems(target)
        if problems:
            raise ExamError(problems[0][1], problems[0][0])
        if target.pk is None and not target.position:
            target.position = (locked.items.aggregate(p=Max("position"))["p"] or 0) + 1
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as exc:
            raise ExamError(
                _("Another question of this form has the key %(key)s.") % {"key": target.key},
                "key",
            ) from exc
        verb = "exam_form.item_added" if item is None else "exam_form.item_changed"
        _event(locked, verb, actor, item=target.pk, key=target.key)
    return target


def next_key(form: ExamForm) -> str:
    taken = set(form.items.values_list("key", flat=True))
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


def delete_item(*, item: Item, actor) -> None:
    with transaction.atomic():
        locked = _editable(item.form)
        key = item.key
        item.delete()
        _event(locked, "exam_form.item_removed", actor, key=key)


# --- windows and invitations ---------------------------------------------------------------


def open_window(*, form: ExamForm, actor, opens_at, closes_at) -> ExamWindow:
    if not form.published_at:
        raise ExamError(_("Publish the form before opening a window for it."), "form")
    if closes_at <= opens_at:
        raise ExamError(_("The window must close after it opens."), "closes_at")
    if closes_at <= timezone.now():
        raise ExamError(_("The window must close in the future."), "closes_at")
    with transaction.atomic():
        same = ExamWindow.objects.filter(form=form, opens_at=opens_at, closes_at=closes_at).first()
        if same is not None:  # a retried request
            return same
        window = ExamWindow.objects.create(
            association=form.association, form=form, opens_at=opens_at, closes_at=closes_at
        )
        _event(window, "exam_window.opened", actor, form=form.pk)
    return window


def invitable(window: ExamWindow):
    """Applications of the window's association in state `exam` for the form's category whose
    applicant has no sitting in this window yet."""
    return (
        Application.objects.filter(
            association_id=window.association_id,
            state=application_states.EXAM,
            category=window.form.category,
        )
        .exclude(applicant__exam_sittings__window=window)
        .select_related("applicant")
        .order_by("submitted_at", "pk")
    )


def _check_accommodations(extra_minutes: int) -> None:
    if not 0 <= extra_minutes <= 600:
        raise ExamError(_("Extra time is between 0 and 600 minutes."), "extra_minutes")


def invite(
    *,
    window: ExamWindow,
    application: Application,
    actor,
    extra_minutes: int = 0,
    large_text: bool = False,
    breaks: bool = False,
) -> Sitting:
    """The candidate of `application` may sit the window's form; they are told by email in
    their language. Inviting them again changes nothing but the accommodations (before they
    start) and sends nothing."""
    _check_accommodations(extra_minutes)
    if (
        application.association_id != window.association_id
        or application.state != application_states.EXAM
        or application.category != window.form.category
    ):
        raise ExamError(
            _("Only applicants approved for the %(category)s exam can be invited.")
            % {"category": window.form.category},
            "application",
        )
    if window.closes_at <= timezone.now():
        raise ExamError(_("This window has closed."))
    with transaction.atomic():
        sitting, created = Sitting.objects.get_or_create(
            window=window,
            candidate=application.applicant,
            defaults={
                "association_id": window.association_id,
                "application": application,
                "extra_minutes": extra_minutes,
                "large_text": large_text,
                "breaks": breaks,
            },
        )
        if not created:
            return set_accommodations(
                sitting=sitting,
                actor=actor,
                extra_minutes=extra_minutes,
                large_text=large_text,
                breaks=breaks,
            )
        _event(
            sitting,
            "exam.invited",
            actor,
            candidate=application.applicant_id,
            window=window.pk,
            application=application.pk,
        )
        sitting_notify.invited(sitting)
    return sitting


def set_accommodations(
    *, sitting: Sitting, actor, extra_minutes: int, large_text: bool, breaks: bool
) -> Sitting:
    """Extra time counts only before the sitting starts (its end time is then fixed); larger
    text and breaks may change at any time."""
    _check_accommodations(extra_minutes)
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.state != Sitting.State.INVITED and extra_minutes != locked.extra_minutes:
            raise ExamError(
                _("The sitting has started: its time can no longer change."), "extra_minutes"
            )
        new = {"extra_minutes": extra_minutes, "large_text": large_text, "breaks": breaks}
        changed = [k for k, v in new.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, new[name])
        locked.save(update_fields=changed)
        _event(locked, "exam.accommodations_changed", actor, **new)
    return locked
