import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dyad.standards import PortfolioError, load_portfolio_bytes
from dyad.standards.dates import EARLIEST, LATEST
from dyad.standards.portfolio_file import MAX_BYTES

from .transcripts import MAX_BYTES as DOCUMENT_MAX_BYTES

RANGE = format_lazy(
    _("Choose a date from {earliest} to {latest}."),
    earliest=EARLIEST.isoformat(),
    latest=LATEST.isoformat(),
)

STANDARD_CHOICES = [
    ("", _("Both standards")),
    ("IMH-E", _("IMH-E (birth to 36 months)")),
    ("ECMH-E", _("ECMH-E (3 to 6 years)")),
]


class PortfolioCheckForm(forms.Form):
    """A portfolio file (dyad-portfolio/1) to assess; nothing is stored."""

    portfolio = forms.FileField(
        label=_("Portfolio file"),
        help_text=_("A dyad-portfolio/1 JSON file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
    as_of = forms.DateField(
        label=_("Assess as of"),
        required=False,
        help_text=_("Leave empty for today."),
        validators=[MinValueValidator(EARLIEST, RANGE), MaxValueValidator(LATEST, RANGE)],
        widget=forms.DateInput(
            attrs={"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
        ),
    )
    standard = forms.ChoiceField(label=_("Standard"), choices=STANDARD_CHOICES, required=False)

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:  # the upload was dropped as it arrived: say why, not "required"
            self.fields["portfolio"].required = False

    def clean_portfolio(self):
        upload = self.cleaned_data["portfolio"]
        if self.too_large or upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        data = upload.read(MAX_BYTES + 1)
        try:
            return load_portfolio_bytes(data)
        except PortfolioError as exc:
            raise forms.ValidationError(
                [_("The file cannot be assessed:"), *exc.lines(gettext)], code="invalid_portfolio"
            ) from None

    def clean_as_of(self):
        return self.cleaned_data.get("as_of") or timezone.localdate()


class DocumentForm(forms.Form):
    """One document to upload (a PDF, PNG or JPEG checked by content when it is kept: see
    `transcripts.check_document`); `key` (made when the empty form is shown) makes a retry add
    once; `too_large` when the upload limit dropped the file as it arrived."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, PNG or JPEG file, at most 10 MB."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"}
        ),
    )
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:  # dropped as it arrived: say why, not "choose a file"
            self.fields["file"].required = False
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > DOCUMENT_MAX_BYTES):
            raise forms.ValidationError(_("The file is larger than 10 MB. Send a smaller file."))
        return upload
