"""The language switch, remembered on the account so that email to the person speaks it."""

from __future__ import annotations

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .models import User


@require_POST
def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept on their account."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "")
    known = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and chosen in known and request.user.language != chosen:
        User.objects.filter(pk=request.user.pk).update(language=chosen)
    return response
