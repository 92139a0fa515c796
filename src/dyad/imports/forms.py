from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Import
from .reading import MAX_BYTES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=Import.Kind.choices,
        widget=forms.RadioSelect,
        initial=Import.Kind.ENDORSEES,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Endorsees and membership status: CSV or Excel (XLSX). Portfolios: a ZIP of "
            "portfolio files. At most 20 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,.zip,text/csv,application/zip"}
        ),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:  # dropped as it arrived: say why, not "required"
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > MAX_BYTES):
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
