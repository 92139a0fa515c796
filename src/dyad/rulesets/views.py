"""Requirement-set pages: the coordinators' editor (under `a/<slug>/requirements/`), the public
page of an association's current requirements and the JSON export of any published version."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dyad.associations.access import association_view
from dyad.associations.models import Association, StaffMembership
from dyad.standards.messages import m
from dyad.standards.messages import render as say
from dyad.standards.requirement_sets import BASELINES

from . import selectors, services
from .documents import differences, digest, knobs_for
from .forms import CategoryForm, CompareForm, PublishForm, StartDraftForm
from .words import category_words

COORDINATOR = StaffMembership.Role.COORDINATOR
STANDARDS = {s.lower(): s for s in BASELINES}


def _standard(association: Association, code: str) -> str:
    standard = STANDARDS.get(code)
    if standard is None or standard not in association.standards:
        raise Http404
    return standard


def _draft_or_404(association: Association, standard: str):
    draft = selectors.draft_of(association, standard)
    if draft is None:
        raise Http404
    return draft


def _done(request, to: str):
    from django_htmx.http import HttpResponseLocation

    if request.htmx:
        return HttpResponseLocation(to, target="#main", select="#main", swap="outerHTML")
    return redirect(to)


@association_view(COORDINATOR)
def requirements_home(request, association):
    """Per licensed standard: the version in use, the draft (or how to start one), the
    association's versions with their notes."""
    drafts = selectors.drafts_of(association)
    versions = selectors.own_versions(association)
    rows = []
    for standard in association.standards:
        if standard not in BASELINES:
            continue
        rows.append(
            {
                "standard": standard,
                "code": standard.lower(),
                "current": selectors.current_version(association, standard),
                "draft": drafts.get(standard),
                "versions": [v for v in versions if v.standard == standard],
                "form": StartDraftForm(prefix=standard.lower()),
            }
        )
    return render(request, "rulesets/home.html", {"association": association, "standards": rows})


@require_POST
@association_view(COORDINATOR)
def start_draft(request, association, standard):
    standard = _standard(association, standard)
    form = StartDraftForm(request.POST, prefix=standard.lower())
    source = form.cleaned_data["source"] if form.is_valid() else ""
    try:
        services.start_draft(
            association=association, standard=standard, source=source, actor=request.user
        )
    except services.RulesetError as exc:
        messages.error(request, exc.message)
        return redirect("rulesets:home", slug=association.slug)
    return redirect("rulesets:draft", slug=association.slug, standard=standard.lower())


def _draft_context(association, standard: str, draft, publish_form) -> dict:
    current_set, current_version, current_document = selectors.current_document(
        association, standard
    )
    return {
        "association": association,
        "standard": standard,
        "code": standard.lower(),
        "draft": draft,
        "categories": category_words(draft.document),
        "against": f"{current_set}@{current_version}",
        "against_changes": differences(current_document, draft.document),
        **_impact_context(draft),
        "publish_form": publish_form,
    }


def _impact_context(draft) -> dict:
    run = selectors.latest_run(draft)
    found = run.result.get("changes", []) if run else []
    names = selectors.names_of({c["person"] for c in found})
    changes = [
        {
            **c,
            "name": names.get(c["person"], _("(no longer here)")),
            "rule_names": ", ".join(say(m(f"rule.{r}"), _) for r in c["rules"]),
        }
        for c in found
    ]
    summary: dict[str, dict] = {}
    for c in changes:
        row = summary.setdefault(
            c["category"], {"category": c["category"], "gains": 0, "losses": 0}
        )
        row["gains" if c["gain"] else "losses"] += 1
    return {
        "run": run,
        "changes": changes,
        "summary": list(summary.values()),
        "stale": run is not None and run.draft_digest != digest(draft.document),
    }


@association_view(COORDINATOR)
def draft_page(request, association, standard):
    """The draft: its categories, what differs from the version it copied, the impact
    preview, publishing and discarding."""
    standard = _standard(association, standard)
    draft = _draft_or_404(association, standard)
    context = _draft_context(association, standard, draft, PublishForm(key=draft.key))
    return render(request, "rulesets/draft.html", context)


@association_view(COORDINATOR)
def edit_category(request, association, standard, category):
    """One category's values, in the field's words; the schema's refusals next to the fields,
    nothing saved until every value is accepted."""
    standard = _standard(association, standard)
    draft = _draft_or_404(association, standard)
    if category not in draft.document["categories"]:
        raise Http404
    knobs = knobs_for(draft.document, category)
    posted = request.method == "POST"
    form = CategoryForm(
        request.POST if posted else None, knobs=knobs, document=draft.document, category=category
    )
    if posted and form.is_valid():
        try:
            services.change_draft(
                draft=draft, category=category, values=form.values(), actor=request.user
            )
        except services.RulesetError as exc:
            for name, problems in exc.problems.items():
                for problem in problems:
                    form.add_error(name or None, problem)
            if not exc.problems:
                form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(category)s saved in the draft.") % {"category": category}
            )
            return _done(
                request,
                reverse("rulesets:draft", args=[association.slug, standard.lower()]),
            )
    return render(
        request,
        "rulesets/category.html",
        {
            "association": association,
            "standard": standard,
            "code": standard.lower(),
            "category": category,
            "category_name": draft.document["categories"][category]["name"],
            "form": form,
        },
    )


@require_POST
@association_view(COORDINATOR)
def discard_draft(request, association, standard):
    standard = _standard(association, standard)
    draft = selectors.draft_of(association, standard)
    if draft is not None:
        services.discard_draft(draft=draft, actor=request.user)
        messages.success(request, _("The draft was discarded."))
    return redirect("rulesets:home", slug=association.slug)


@require_POST
@association_view(COORDINATOR)
def publish_draft(request, association, standard):
    standard = _standard(association, standard)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            row = services.publish_draft(
                association=association,
                key=form.cleaned_data["key"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.RulesetError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Version %(version)s is published: new applications use it.")
                % {"version": row.version},
            )
            return redirect("rulesets:home", slug=association.slug)
    draft = _draft_or_404(association, standard)
    messages.error(request, _("Nothing was published: see the note below."))
    context = _draft_context(association, standard, draft, form)
    return render(request, "rulesets/draft.html", context, status=400)


@association_view(COORDINATOR)
def impact(request, association, standard):
    """POST starts the preview (in the worker); GET answers its progress or result, the
    fragment the page polls while the worker runs."""
    standard = _standard(association, standard)
    draft = _draft_or_404(association, standard)
    if request.method == "POST":
        services.start_impact(draft=draft, actor=request.user)
        return _done(request, reverse("rulesets:draft", args=[association.slug, standard.lower()]))
    return render(
        request,
        "rulesets/_impact.html",
        {"association": association, "code": standard.lower(), **_impact_context(draft)},
    )


@association_view(COORDINATOR)
def compare(request, association, standard):
    """Any two versions (the baselines' and the association's own) side by side in words."""
    standard = _standard(association, standard)
    versions = selectors.comparable(association, standard)
    form = CompareForm(request.GET or None, versions=versions)
    lines = None
    if form.is_bound and form.is_valid():
        documents = []
        for reference in (form.cleaned_data["a"], form.cleaned_data["b"]):
            set_id, version = selectors.parse_reference(reference)
            documents.append(selectors.published_document(set_id, version))
        lines = differences(*documents)
    return render(
        request,
        "rulesets/compare.html",
        {
            "association": association,
            "standard": standard,
            "code": standard.lower(),
            "form": form,
            "lines": lines,
        },
    )


def public_requirements(request, slug):
    """The association's current requirements, public: what the engine applies to new
    applications, in words, with the version and its note."""
    association = get_object_or_404(Association, slug=slug)
    sets = [
        {
            "standard": standard,
            "row": row,
            "categories": category_words(document),
            "reference": f"{document['id']}@{document['version']}",
            "set_id": document["id"],
            "version": document["version"],
        }
        for standard, row, document in selectors.public_requirements(association)
    ]
    return render(request, "rulesets/public.html", {"association": association, "sets": sets})


def export(request, set_id, version):
    """A published version as a JSON file `dyad assess --requirement-set FILE` reads."""
    document = selectors.published_document(set_id, version)
    if document is None:
        raise Http404
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{set_id}-{version}.json"'
    return response
