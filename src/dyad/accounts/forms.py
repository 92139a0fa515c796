from django import forms
from django.utils.translation import gettext_lazy as _


class RegistryListingForm(forms.Form):
    listed = forms.BooleanField(
        label=_("Show me in the public registry"),
        required=False,
        help_text=_(
            "The registry lists your name, category, association and county. If you leave it, "
            "employers can still check your endorsement by its number."
        ),
    )
