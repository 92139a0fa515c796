from django.shortcuts import render

from dyad.core.ratelimit import rate_limit
from dyad.standards import codes, plan

from .forms import PortfolioCheckForm


@rate_limit("check_portfolio_file")
def check_portfolio_file(request):
    """Anyone may check a portfolio file against every category: the plan, with reasons.

    The file is read in memory and never stored.
    """
    posted = request.method == "POST"
    form = PortfolioCheckForm(request.POST, request.FILES) if posted else PortfolioCheckForm()
    result = None
    if posted and form.is_valid():
        chosen = form.cleaned_data["standard"]
        standards = (chosen,) if chosen else codes.STANDARDS
        result = plan(form.cleaned_data["portfolio"], form.cleaned_data["as_of"], standards)
    return render(request, "portfolios/check.html", {"form": form, "plan": result})
