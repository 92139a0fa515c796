"""The coordinators' exam pages under `a/<slug>/exams/`: the forms (list, new, settings,
vignettes, questions, publish, new version, export and import as JSON), windows and the
invitations with accommodations. Thin: the forms check shapes, `builder_services` decides, its
`ExamError` is shown next to the field it names with what was typed kept."""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.uploads import limit_uploads

from . import builder_io, builder_services, sitting_services
from .builder_forms import (
    AccommodationsForm,
    FormSettings,
    ImportForm,
    InviteForm,
    ItemForm,
    VignetteForm,
    WindowForm,
)
from .builder_services import ExamError
from .models import ExamForm, ExamWindow, Item, Sitting, Vignette

COORDINATOR = StaffMembership.Role.COORDINATOR
IMPORT_LIMIT = 2 * 1024 * 1024


def _form_of(association, pk: int) -> ExamForm:
    return get_object_or_404(ExamForm, pk=pk, association=association)


def _fail(form, exc: ExamError) -> None:
    """The service's error next to its field (or on top when it names none)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _url(name: str, association, *args) -> str:
    return reverse(f"exams:{name}", args=[association.slug, *args])


@require_GET
@association_view(COORDINATOR)
def forms_list(request, association):
    forms = list(
        ExamForm.objects.filter(association=association)
        .annotate(
            mc_count=Count("items", filter=Q(items__kind=Item.Kind.MC), distinct=True),
            written_count=Count("items", filter=Q(items__kind=Item.Kind.WRITTEN), distinct=True),
            window_count=Count("windows", distinct=True),
        )
        .order_by("category", "title", "-version")
    )
    return render(request, "exams/builder/forms.html", {"association": association, "forms": forms})


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def form_new(request, association):
    settings_form = FormSettings(
        request.POST or None,
        initial={
            "minutes": 120,
            "tolerance": 1,
            "final_rule": ExamForm.FinalRule.MEAN,
            **{f"pass_{p}": round(100 * v) for p, v in builder_services.DEFAULT_PASS_RULES.items()},
        },
    )
    if request.method == "POST" and settings_form.is_valid():
        try:
            made = builder_services.create_form(
                association=association,
                actor=request.user,
                category=settings_form.cleaned_data["category"],
                key=settings_form.cleaned_data["key"],
                **settings_form.values(),
            )
        except ExamError as exc:
            _fail(settings_form, exc)
        else:
            messages.success(request, _("Form created. Add vignettes and questions."))
            return redirect(_url("form", association, made.pk))
    return render(
        request,
        "exams/builder/form_settings.html",
        {"association": association, "settings_form": settings_form, "exam_form": None},
    )


@require_GET
@association_view(COORDINATOR)
def form_page(request, association, pk: int):
    exam_form = _form_of(association, pk)
    vignettes = list(exam_form.vignettes.all())
    items = list(exam_form.items.select_related("vignette"))
    windows = list(
        exam_form.windows.annotate(
            invited=Count("sittings"),
            submitted=Count("sittings", filter=Q(sittings__submitted_at__isnull=False)),
        )
    )
    versions = list(
        ExamForm.objects.filter(lineage=exam_form.lineage)
        .exclude(pk=exam_form.pk)
        .order_by("-version")
    )
    return render(
        request,
        "exams/builder/form.html",
        {
            "association": association,
            "exam_form": exam_form,
            "vignettes": vignettes,
            "mc_items": [i for i in items if i.kind == Item.Kind.MC],
            "written_items": [i for i in items if i.kind == Item.Kind.WRITTEN],
            "windows": windows,
            "versions": versions,
            "window_form": WindowForm() if exam_form.published_at else None,
            "now": timezone.now(),
        },
    )


def _frozen_notice(request, exam_form: ExamForm):
    if exam_form.is_frozen:
        messages.error(
            request,
            _("This form is frozen: a sitting already uses it. Make a new version to change it."),
        )
        return redirect(_url("form", exam_form.association, exam_form.pk))
    return None


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def form_edit(request, association, pk: int):
    exam_form = _form_of(association, pk)
    if request.method == "GET" and (refused := _frozen_notice(request, exam_form)):
        return refused
    settings_form = FormSettings(
        request.POST or None, initial=FormSettings.initial_of(exam_form), editing=True
    )
    if request.method == "POST" and settings_form.is_valid():
        try:
            builder_services.update_form(
                form=exam_form, actor=request.user, **settings_form.values()
            )
        except ExamError as exc:
            _fail(settings_form, exc)
        else:
            messages.success(request, _("Form saved."))
            return redirect(_url("form", association, pk))
    return render(
        request,
        "exams/builder/form_settings.html",
        {"association": association, "settings_form": settings_form, "exam_form": exam_form},
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def vignette_edit(request, association, pk: int, vignette_pk: int | None = None):
    exam_form = _form_of(association, pk)
    vignette = get_object_or_404(Vignette, pk=vignette_pk, form=exam_form) if vignette_pk else None
    if request.method == "GET" and (refused := _frozen_notice(request, exam_form)):
        return refused
    initial = {"title": vignette.title, "case": vignette.case} if vignette else {}
    form = VignetteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            builder_services.save_vignette(
                form=exam_form, actor=request.user, vignette=vignette, **form.cleaned_data
            )
        except ExamError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Vignette saved."))
            return redirect(_url("form", association, pk))
    return render(
        request,
        "exams/builder/vignette.html",
        {"association": association, "exam_form": exam_form, "vignette": vignette, "form": form},
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def item_edit(request, association, pk: int, item_pk: int | None = None):
    exam_form = _form_of(association, pk)
    item = get_object_or_404(Item, pk=item_pk, form=exam_form) if item_pk else None
    if request.method == "GET" and (refused := _frozen_notice(request, exam_form)):
        return refused
    vignettes = list(exam_form.vignettes.all())
    if item:
        initial = ItemForm.initial_of(item)
    else:
        initial = {"kind": request.GET.get("kind", Item.Kind.MC), "max_score": 4}
        initial["key"] = builder_services.next_key(exam_form)
    form = ItemForm(request.POST or None, initial=initial, vignettes=vignettes)
    if request.method == "POST" and form.is_valid():
        try:
            builder_services.save_item(
                form=exam_form, actor=request.user, item=item, **form.values()
            )
        except ExamError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect(_url("form", association, pk))
    return render(
        request,
        "exams/builder/item.html",
        {"association": association, "exam_form": exam_form, "item": item, "form": form},
    )


@require_POST
@association_view(COORDINATOR)
def part_delete(request, association, pk: int, part: str, part_pk: int):
    exam_form = _form_of(association, pk)
    if part not in ("item", "vignette"):
        raise Http404
    try:
        if part == "item":
            builder_services.delete_item(
                item=get_object_or_404(Item, pk=part_pk, form=exam_form), actor=request.user
            )
        else:
            builder_services.delete_vignette(
                vignette=get_object_or_404(Vignette, pk=part_pk, form=exam_form),
                actor=request.user,
            )
    except ExamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed."))
    return redirect(_url("form", association, pk))


@require_POST
@association_view(COORDINATOR)
def form_publish(request, association, pk: int):
    exam_form = _form_of(association, pk)
    try:
        builder_services.publish_form(form=exam_form, actor=request.user)
    except ExamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Published: you can now open a window for this form."))
    return redirect(_url("form", association, pk))


@require_POST
@association_view(COORDINATOR)
def form_version(request, association, pk: int):
    exam_form = _form_of(association, pk)
    draft = builder_services.new_version(form=exam_form, actor=request.user)
    messages.success(
        request, _("Version %(version)s drafted from this one.") % {"version": draft.version}
    )
    return redirect(_url("form", association, draft.pk))


@require_GET
@association_view(COORDINATOR)
def form_export(request, association, pk: int):
    exam_form = _form_of(association, pk)
    document = builder_io.export_form(exam_form)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    name = f"{slugify(exam_form.title) or 'exam-form'}-v{exam_form.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def form_import(request, association):
    if request.method == "POST":
        limit_uploads(request, IMPORT_LIMIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > IMPORT_LIMIT:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                made = builder_io.import_form(
                    association=association, actor=request.user, data=upload.read()
                )
            except builder_io.FormFileError as exc:
                form.add_error("file", exc.message)
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _("Imported as a new draft form: check it, then publish it."),
                )
                return redirect(_url("form", association, made.pk))
    return render(
        request,
        "exams/builder/import.html",
        {"association": association, "form": form, "problems": problems},
    )


@require_POST
@association_view(COORDINATOR)
def window_new(request, association, pk: int):
    exam_form = _form_of(association, pk)
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            window = builder_services.open_window(
                form=exam_form, actor=request.user, **form.cleaned_data
            )
        except ExamError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Window opened: invite candidates to it."))
            return redirect(_url("window", association, window.pk))
    return render(
        request,
        "exams/builder/window_new.html",
        {"association": association, "exam_form": exam_form, "window_form": form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def window_page(request, association, pk: int):
    window = get_object_or_404(
        ExamWindow.objects.select_related("form"), pk=pk, association=association
    )
    applications = list(builder_services.invitable(window))
    invite_form = InviteForm(
        request.POST or None, applications=applications, initial={"extra_minutes": 0}
    )
    if request.method == "POST" and invite_form.is_valid():
        data = invite_form.cleaned_data
        try:
            sitting = builder_services.invite(
                window=window,
                application=invite_form.applications[data["application"]],
                actor=request.user,
                extra_minutes=data["extra_minutes"],
                large_text=data["large_text"],
                breaks=data["breaks"],
            )
        except ExamError as exc:
            _fail(invite_form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is invited; they got an email.") % {"name": sitting.candidate.name},
            )
            return redirect(_url("window", association, pk))
    sittings = list(
        window.sittings.select_related("candidate").order_by("candidate__display_name", "pk")
    )
    for n, sitting in enumerate(sittings):  # a tab closed for good: time ran out, hand it in
        if sitting_services.is_expired(sitting):
            sittings[n] = sitting_services.close_if_expired(sitting)
    return render(
        request,
        "exams/builder/window.html",
        {
            "association": association,
            "window": window,
            "sittings": sittings,
            "invite_form": invite_form if applications else None,
            "now": timezone.now(),
        },
    )


@require_POST
@association_view(COORDINATOR)
def sitting_accommodations(request, association, pk: int):
    sitting = get_object_or_404(Sitting, pk=pk, association=association)
    form = AccommodationsForm(request.POST)
    if form.is_valid():
        try:
            builder_services.set_accommodations(
                sitting=sitting, actor=request.user, **form.cleaned_data
            )
        except ExamError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Accommodations saved."))
    else:
        messages.error(request, _("Extra time is a number of minutes between 0 and 600."))
    return redirect(_url("window", association, sitting.window_id))
