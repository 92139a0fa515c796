from django import forms

from .models import Association
from .services import EDITABLE


class AssociationSettingsForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = list(EDITABLE)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_currency(self):
        value = self.cleaned_data["currency"].upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError("Use a three-letter currency code such as USD or EUR.")
        return value
