"""The endorsed person's own page: their endorsements, each with its status, certificate,
credential file and verification link; and the certificate PDF itself."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import records
from .certificate import category_name, certificate_pdf, paper_for, verify_url
from .links import credential_json_url
from .models import Endorsement
from .status import standing


@require_safe
@login_required
def my_credentials(request):
    rows = [
        {
            "endorsement": endorsement,
            "standing": standing(endorsement),
            "category_name": category_name(endorsement.category),
            "verify_url": verify_url(endorsement),
            "json_url": credential_json_url(endorsement.number),
            "printable": endorsement.status != Endorsement.Status.REVOKED,
        }
        for endorsement in records.endorsements_of(request.user)
    ]
    return render(request, "credentials/mine.html", {"rows": rows})


@require_safe
def certificate(request, number):
    """The PDF, for its holder and for staff of the association that granted it; 404 for
    everyone else, and for a revoked endorsement (it must not be printed anew)."""
    endorsement = records.held_endorsement(number, request.user)
    if endorsement is None or endorsement.status == Endorsement.Status.REVOKED:
        raise Http404
    paper = paper_for(request)
    response = HttpResponse(certificate_pdf(endorsement, paper), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{endorsement.number}-{paper}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
