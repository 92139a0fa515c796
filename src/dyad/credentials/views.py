from django.shortcuts import render
from django.utils import timezone

from dyad.associations.models import Association
from dyad.standards.codes import CATEGORIES

from . import selectors


def registry(request):
    """The public registry of endorsed professionals: search by name, category, association and
    county, 50 a page. Plain GET links and a GET form, so it works without JavaScript; htmx asks
    for the results only.

    The selector opens the cross-tenant read itself (the registry is public by design).
    """
    get = request.GET
    category = get.get("category", "").strip().upper()
    search = selectors.RegistrySearch(
        query=get.get("q", "").strip()[:100],
        category=category if category in CATEGORIES else "",
        association=get.get("association", "").strip()[:40],
        county=get.get("county", "").strip()[:100],
    )
    page = selectors.registry(search, after=get.get("after", ""), before=get.get("before", ""))
    template = "credentials/_registry_results.html" if request.htmx else "credentials/registry.html"
    context = {"page": page, "search": search, "today": timezone.localdate()}
    if not request.htmx:
        context["associations"] = Association.objects.only("slug", "name")
        context["categories"] = CATEGORIES
    return render(request, template, context)
