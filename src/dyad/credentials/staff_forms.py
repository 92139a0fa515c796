from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        help_text=_("The verification page shows this reason to anyone who checks."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reinstated?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
    expires = forms.DateField(
        label=_("New expiry date"),
        required=False,
        help_text=_("Needed only when its grace period is over."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CorrectForm(forms.Form):
    holder_name = forms.CharField(label=_("Name as it should read"), max_length=200)
    reason = forms.CharField(
        label=_("What was wrong?"),
        help_text=_("Kept in the association's records, not shown to the public."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )
