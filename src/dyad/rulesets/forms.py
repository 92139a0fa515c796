"""The editor's forms. Number fields take text as typed: the requirement-set JSON Schema decides
what is allowed (`documents.schema_problems`), and its refusal shows next to the field."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dyad.standards.messages import m, render

from .documents import ROLES, Knob, category_codes, value_of
from .services import BASELINE, CURRENT


class StartDraftForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (CURRENT, _("our current requirements")),
            (BASELINE, _("the Alliance's baseline")),
        ],
        initial=CURRENT,
        widget=forms.RadioSelect,
    )


def _number(text: str) -> Any:
    """The typed value as a number when it reads as one, else the text itself (the schema then
    says a number is expected)."""
    text = text.strip().replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def _role_choices() -> list[tuple[str, str]]:
    from django.utils.translation import gettext

    return [(r, render(m(f"role.{r}"), gettext)) for r in ROLES]


class CategoryForm(forms.Form):
    """The values of one category's rules; the fields are the category's knobs."""

    def __init__(self, *args: Any, knobs: list[Knob], document: dict, category: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.knobs = knobs
        standard_codes = category_codes(document["standard"])
        for knob in knobs:
            initial = value_of(document, category, knob)
            if knob.kind == "categories":
                field: forms.Field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in standard_codes],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            elif knob.kind == "roles":
                field = forms.MultipleChoiceField(
                    choices=_role_choices(), widget=forms.CheckboxSelectMultiple, required=False
                )
            else:
                field = forms.CharField(
                    required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
                initial = "" if initial is None else _shown(initial)
            field.label = knob.label
            field.help_text = knob.help
            field.initial = initial
            self.fields[knob.name] = field

    def values(self) -> dict[str, Any]:
        """Knob name -> value for the document (numbers parsed, the rest as chosen)."""
        out: dict[str, Any] = {}
        for knob in self.knobs:
            raw = self.cleaned_data.get(knob.name)
            if knob.kind in ("categories", "roles"):
                out[knob.name] = list(raw or [])
            else:
                out[knob.name] = _number(raw or "")
        return out

    def sections(self) -> list[tuple[str, list]]:
        """The fields grouped: the application's, then the renewal's."""
        application = [self[k.name] for k in self.knobs if k.mode == "application"]
        renewal = [self[k.name] for k in self.knobs if k.mode == "renewal"]
        return [(str(_("To apply")), application), (str(_("To renew each year")), renewal)]


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What changes and why, in a sentence or two. Shown with the version."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, key: uuid.UUID | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if key is not None:
            self.fields["key"].initial = key


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=_("From version"))
    b = forms.ChoiceField(label=_("To version"))

    def __init__(self, *args: Any, versions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v, v) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
