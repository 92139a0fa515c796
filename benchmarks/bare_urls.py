"""The pages bench's URLs: the site's own, plus its reference, a bare page.

The bare page is a view that returns two bytes, reached through the whole middleware stack like
every page; it belongs to the bench, so the reference stays the same when the site's pages (even
/healthz) change.
"""

from django.http import HttpResponse
from django.urls import path

from dyad.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *site_urlpatterns]
