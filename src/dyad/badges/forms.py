"""The "verify a credential file" form: a JSON file or pasted text, one of the two."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

#: A credential is a few kilobytes; anything past this is not one of Dyad's (the file field's
#: help text says 64 KB in words: change both together).
MAX_BYTES = 64 * 1024
MAX_KB = MAX_BYTES // 1024


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=_("Credential file"),
        required=False,
        help_text=_("The .json file of the credential, at most 64 KB."),  # MAX_KB
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
    text = forms.CharField(
        label=_("Or paste the credential"),
        required=False,
        strip=True,
        help_text=_("The text of the credential, starting with {."),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "font-monospace"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > MAX_BYTES):
            raise forms.ValidationError(
                _("The file is larger than %(kb)s KB: it is not a credential from Dyad.")
                % {"kb": MAX_KB}
            )
        return upload.read(MAX_BYTES + 1) if upload is not None else None

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if len(text.encode()) > MAX_BYTES:
            raise forms.ValidationError(
                _("The text is longer than %(kb)s KB: it is not a credential from Dyad.")
                % {"kb": MAX_KB}
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = cleaned.get("file") or cleaned.get("text", "").encode()
        field = "file" if cleaned.get("file") else "text"
        if not data:
            raise forms.ValidationError(_("Choose the credential file, or paste its text."))
        try:
            cleaned["document"] = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            self.add_error(
                field,
                _(
                    "This is not JSON, so it cannot be a credential. "
                    "Use the .json file as it was downloaded."
                ),
            )
        return cleaned
