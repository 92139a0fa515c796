from django import forms

from .models import Association


class AssociationSettingsForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = [
            "name",
            "contact_email",
            "phone",
            "website",
            "address",
            "currency",
            "application_fee",
            "renewal_fee",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_currency(self):
        value = self.cleaned_data["currency"].upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError("Use a three-letter currency code such as USD or EUR.")
        return value
