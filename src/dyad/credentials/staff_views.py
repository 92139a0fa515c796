"""The association's endorsements for its coordinators: find one, then revoke it with a reason,
reinstate it, or correct the name and reissue it. Each action calls its service; a repeated
request (a double click) changes nothing the second time (the services return early)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError

from . import records, services
from .certificate import verify_url
from .models import Endorsement
from .staff_forms import CorrectForm, ReinstateForm, RevokeForm
from .status import standing
from .verify_views import history_rows

COORDINATOR = StaffMembership.Role.COORDINATOR
ACTIONS = {"revoke": RevokeForm, "reinstate": ReinstateForm, "correct": CorrectForm}


@association_view(COORDINATOR)
def endorsement_list(request, association):
    query = request.GET.get("q", "").strip()[:100]
    rows = records.association_endorsements(association, query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "credentials/staff_list.html",
        {
            "association": association,
            "q": query,
            "page": page,
            "rows": [(e, standing(e)) for e in page],
        },
    )


@association_view(COORDINATOR)
def endorsement_detail(request, association, number):
    try:
        endorsement = Endorsement.objects.get(association=association, number=number)
    except Endorsement.DoesNotExist:
        raise Http404 from None
    forms = {name: form(prefix=name) for name, form in ACTIONS.items()}
    forms["correct"] = CorrectForm(
        prefix="correct", initial={"holder_name": endorsement.holder_name}
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        form = forms[action] = ACTIONS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                _act(request, action, endorsement, form.cleaned_data)
            except DyadError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(
                    "credentials:staff_detail", slug=association.slug, number=endorsement.number
                )
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "credentials/staff_detail.html",
        {
            "association": association,
            "endorsement": endorsement,
            "standing": standing(endorsement),
            "history": history_rows(endorsement, actors=True),
            "verify_url": verify_url(endorsement),
            "forms": forms,
            "action": action,
            "can_reinstate": endorsement.status != Endorsement.Status.ACTIVE,
        },
    )


def _act(request, action, endorsement, data) -> None:
    actor = request.user
    if action == "revoke":
        services.revoke_endorsement(endorsement=endorsement, actor=actor, reason=data["reason"])
        messages.success(request, _("The endorsement is revoked."))
    elif action == "reinstate":
        services.reinstate_endorsement(
            endorsement=endorsement, actor=actor, reason=data["reason"], expires=data["expires"]
        )
        messages.success(request, _("The endorsement is reinstated."))
    else:
        services.correct_endorsement(
            endorsement=endorsement,
            actor=actor,
            holder_name=data["holder_name"],
            reason=data["reason"],
        )
        messages.success(request, _("The name is corrected and the certificate reissued."))
