"""The candidate's pages: their sittings (`/exams/`), one sitting (start, the exam itself with
its timer, navigator, flags and save indicator, breaks, submit) and the small JSON endpoints the
page's script posts to as the candidate types (`save`) and moves (`position`).

Signed-in only, and only ever the person's own sittings: every view looks the sitting up with
`candidate=` the signed-in person first (`own_sitting`), so another person's id is a 404 on GET
and POST alike; the save endpoint checks the same inside its one statement.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dyad.accounts.middleware import staff_mfa_exempt
from dyad.associations.tenancy import run_in_scope

from . import sitting_services
from .builder_services import ExamError
from .candidate_selectors import item_kinds, own_sitting, own_sittings, questions
from .models import Item, Sitting


@require_GET
@login_required
def mine(request):
    sittings = own_sittings(request.user)
    for sitting in sittings:
        if sitting_services.is_expired(sitting):
            with run_in_scope(sitting.association_id):
                sitting_services.close_if_expired(sitting)
            sitting.refresh_from_db(fields=["state", "submitted_at"])
    return render(request, "exams/sitting/mine.html", {"sittings": sittings, "now": timezone.now()})


@never_cache
@require_GET
@login_required
def sitting_page(request, pk: int):
    sitting = own_sitting(request.user, pk)
    if sitting_services.is_expired(sitting):
        with run_in_scope(sitting.association_id):
            sitting = sitting_services.close_if_expired(sitting)
    context = {"sitting": sitting, "form": sitting.window.form, "now": timezone.now()}
    if sitting.state == Sitting.State.INVITED:
        return render(request, "exams/sitting/start.html", context)
    if sitting.state != Sitting.State.STARTED:
        return render(request, "exams/sitting/done.html", context)
    if sitting.paused_at is not None:
        left = sitting_services.BREAK_MINUTES * 60 - sitting.break_seconds
        context["break_left_minutes"] = max(0, left) // 60
        return render(request, "exams/sitting/break.html", context)
    items = questions(sitting)
    current = next((q for q in items if q.id == sitting.last_item), items[0] if items else None)
    context.update(
        {
            "questions": items,
            "current": current,
            "seconds_left": max(0, int((sitting.ends_at - context["now"]).total_seconds())),
            "answered": sum(1 for q in items if q.answered),
            "break_left": max(0, sitting_services.BREAK_MINUTES * 60 - sitting.break_seconds),
        }
    )
    return render(request, "exams/sitting/exam.html", context)


@require_POST
@login_required
def start(request, pk: int):
    sitting = own_sitting(request.user, pk)
    try:
        with run_in_scope(sitting.association_id):
            sitting_services.start_sitting(sitting=sitting, actor=request.user)
    except ExamError as exc:
        messages.error(request, exc.message)
    return redirect("exams:sitting", pk)


@require_POST
@login_required
def submit(request, pk: int):
    sitting = own_sitting(request.user, pk)
    try:
        with run_in_scope(sitting.association_id):
            done = sitting_services.submit_sitting(
                sitting, request.user, automatic=request.POST.get("automatic") == "1"
            )
    except ExamError as exc:
        messages.error(request, exc.message)
        return redirect("exams:sitting", pk)
    if done.submitted_at and (timezone.now() - done.submitted_at).total_seconds() < 5:
        messages.success(request, _("Your exam is submitted. Thank you."))
    return redirect("exams:sitting", pk)


@require_POST
@login_required
def save_all(request, pk: int):
    """The page without JavaScript: every answer of the form at once (`q<item id>` fields), each
    through the same one-statement save as the script's."""
    sitting = own_sitting(request.user, pk)
    seq = int(time.time() * 1000)
    refused = False
    for item_id, kind in item_kinds(sitting):
        value = request.POST.get(f"q{item_id}")
        if value is None:
            continue
        choice, text = None, ""
        if kind == Item.Kind.MC:
            if not value.isdigit():
                continue
            choice = int(value)
        else:
            text = value[: sitting_services.MAX_TEXT]
        done = sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=request.user.pk,
            item_id=item_id,
            choice=choice,
            text=text,
            seq=seq,
        )
        refused = refused or (not done.ok and done.reason != "stale")
    if refused:
        messages.error(request, _("Some answers could not be saved: the exam is closed."))
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect("exams:sitting", pk)


@require_POST
@login_required
def take_break(request, pk: int):
    sitting = own_sitting(request.user, pk)
    verb = (
        sitting_services.end_break
        if request.POST.get("action") == "resume"
        else sitting_services.take_break
    )
    try:
        with run_in_scope(sitting.association_id):
            verb(sitting=sitting, actor=request.user)
    except ExamError as exc:
        messages.error(request, exc.message)
    return redirect("exams:sitting", pk)


def _int(value, *, optional: bool = False) -> int | None:
    if optional and value in (None, ""):
        return None
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


@staff_mfa_exempt  # a script's JSON post: the candidate is checked inside the statement
@require_POST
def save(request, pk: int):
    """One answer, posted by the page's script as the candidate types (debounced), on blur and
    when the page is hidden (`sendBeacon`): form fields `item`, `choice` or `text`, `seq`.
    Answers JSON `{saved, seq, reason}`; the candidate check is inside the statement."""
    if not request.user.is_authenticated:
        return JsonResponse({"saved": False, "reason": "signed_out"}, status=403)
    try:
        item = _int(request.POST.get("item"))
        choice = _int(request.POST.get("choice"), optional=True)
        seq = _int(request.POST.get("seq"))
    except (TypeError, ValueError):
        return JsonResponse({"saved": False, "reason": "invalid"}, status=400)
    text = request.POST.get("text", "")
    if len(text) > sitting_services.MAX_TEXT:
        return JsonResponse({"saved": False, "reason": "too_long"}, status=400)
    result = sitting_services.save_answer(
        sitting_id=pk,
        candidate_id=request.user.pk,
        item_id=item,
        choice=choice,
        text=text,
        seq=seq,
    )
    status = 200 if result.ok or result.reason == "stale" else 404
    if result.reason in ("closed", "paused"):
        status = 409
    if result.reason == "invalid":
        status = 400
    return JsonResponse(
        {"saved": result.ok, "seq": result.seq, "reason": result.reason}, status=status
    )


@require_POST
def position(request, pk: int):
    """Where the candidate is (`item`) and what they flagged (`flags`, ids by commas)."""
    if not request.user.is_authenticated:
        return JsonResponse({"saved": False, "reason": "signed_out"}, status=403)
    try:
        item = _int(request.POST.get("item"), optional=True)
        flags = [_int(f) for f in request.POST.get("flags", "").split(",") if f]
    except (TypeError, ValueError):
        return JsonResponse({"saved": False, "reason": "invalid"}, status=400)
    ok = sitting_services.save_position(
        sitting_id=pk, candidate_id=request.user.pk, last_item=item, flags=flags
    )
    if not ok:
        raise Http404
    return JsonResponse({"saved": True})
