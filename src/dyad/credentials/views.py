from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from dyad.associations.models import Association

from . import selectors


def registry(request):
    """The public registry of endorsed professionals, searchable, 50 a page.

    The selector opens the cross-tenant read itself (the registry is public by design).
    """
    query = request.GET.get("q", "").strip()[:100]
    slug = request.GET.get("association", "").strip()[:40]
    page = Paginator(selectors.registry(query, slug), 50).get_page(request.GET.get("page"))
    associations = Association.objects.only("slug", "name")
    template = "credentials/_registry_results.html" if request.htmx else "credentials/registry.html"
    return render(
        request,
        template,
        {
            "page": page,
            "q": query,
            "association": slug,
            "associations": associations,
            "today": timezone.localdate(),
        },
    )
