from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dyad.core.ratelimit import rate_limit
from dyad.core.uploads import limit_uploads
from dyad.standards import codes, plan
from dyad.standards.portfolio_file import MAX_BYTES

from .forms import PortfolioCheckForm


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
@rate_limit("check_portfolio_file")
def check_portfolio_file(request):
    """Anyone may check a portfolio file against every category: the plan, with reasons.

    The file is read in memory and never stored; a file past 5 MB is dropped as it arrives.
    """
    upload = limit_uploads(request, MAX_BYTES) if request.method == "POST" else None
    return _check_portfolio_file(request, upload)


@csrf_protect
def _check_portfolio_file(request, upload):
    posted = upload is not None
    form = (
        PortfolioCheckForm(request.POST, request.FILES, too_large=upload.too_large)
        if posted
        else PortfolioCheckForm()
    )
    result = None
    if posted and form.is_valid():
        chosen = form.cleaned_data["standard"]
        standards = (chosen,) if chosen else codes.STANDARDS
        result = plan(form.cleaned_data["portfolio"], form.cleaned_data["as_of"], standards)
    return render(request, "portfolios/check.html", {"form": form, "plan": result})
