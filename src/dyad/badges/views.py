"""Pages and documents of the verifiable credentials.

Public: the issuer's controller document and keys, the status list credential (JSON-LD, read by
anyone's verifier, with CORS open) and the "verify a credential file" page. Private: the
credential JSON of an endorsement, for its holder and the staff of its association only.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from dyad.associations.models import Association, StaffMembership
from dyad.associations.tenancy import run_in_scope
from dyad.core.ratelimit import rate_limit
from dyad.credentials.models import Endorsement
from dyad.portfolios.uploads import limit_uploads

from . import documents, selectors, services
from .forms import MAX_BYTES, VerifyFileForm
from .models import IssuerKey
from .verification import verify

JSON_LD = "application/ld+json"


def _json(document: dict, *, content_type: str = JSON_LD, public: bool = True) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n",
        content_type=f"{content_type}; charset=utf-8",
    )
    if public:
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def issuer(request, slug: str):
    """The association's controller document: its keys, current and retired."""
    association = get_object_or_404(Association, slug=slug)
    with run_in_scope(association):
        keys = selectors.published_keys(association)
    return _json(documents.issuer_document(association, keys))


@require_GET
def key(request, slug: str, serial: int):
    association = get_object_or_404(Association, slug=slug)
    with run_in_scope(association):
        found = get_object_or_404(IssuerKey.objects.filter(association=association), serial=serial)
    return _json(documents.key_document(found))


@require_GET
def status_list(request, slug: str):
    """The signed revocation list: a bit per credential, set when it is revoked or lapsed."""
    association = get_object_or_404(Association, slug=slug)
    with run_in_scope(association):
        document = selectors.status_list_credential(association)
    return _json(document)


@require_GET
def credential_json(request, number: str):
    """The endorsement's Open Badges 3.0 credential, for its holder or the association's staff;
    anyone else gets 404 (the number alone reveals nothing)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    # The number names the association: find the endorsement first, then check who asks.
    with scopes_disabled():
        endorsement = (
            Endorsement.objects.select_related("association").filter(number=number).first()
        )
        is_staff = (
            endorsement is not None
            and StaffMembership.objects.filter(
                association=endorsement.association, user=user
            ).exists()
        )
    if endorsement is None or not (is_staff or endorsement.holder_id == user.pk):
        raise Http404
    with run_in_scope(endorsement.association):
        document = services.issue_credential(endorsement, actor=user)
    response = _json(document, content_type="application/json", public=False)
    response["Content-Disposition"] = f'attachment; filename="{number}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
@rate_limit("verify_credential_file")
def verify_file(request):
    """Anyone may check a credential file: valid, or why not, in plain words. Nothing is kept."""
    upload = limit_uploads(request, MAX_BYTES) if request.method == "POST" else None
    return _verify_file(request, upload)


@csrf_protect
def _verify_file(request, upload):
    result = None
    if upload is not None:
        form = VerifyFileForm(request.POST, request.FILES, too_large=upload.too_large)
        if form.is_valid():
            result = verify(form.cleaned_data["document"])
    else:
        form = VerifyFileForm()
    return render(request, "badges/verify_file.html", {"form": form, "result": result})
