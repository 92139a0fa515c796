import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WEBHOOK_EVENTS, ApiKey

EVENT_LABELS = {
    "endorsement.granted": _("An endorsement is granted"),
    "endorsement.lapsed": _("An endorsement lapses"),
    "endorsement.revoked": _("An endorsement is revoked"),
    "application.decided": _("An application is decided (endorsed or denied)"),
}


class KeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that will use it, such as “Membership CRM”."),
    )
    scope = forms.ChoiceField(
        label=_("What the key may do"),
        choices=[
            (ApiKey.Scope.READ, _("Read only")),
            (ApiKey.Scope.READ_WRITE, _("Read and update contact details")),
        ],
        initial=ApiKey.Scope.READ,
        widget=forms.RadioSelect,
    )
    key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Dyad sends a signed POST with JSON to this address."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=[(name, EVENT_LABELS[name]) for name in WEBHOOK_EVENTS],
        widget=forms.CheckboxSelectMultiple,
    )
    key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
