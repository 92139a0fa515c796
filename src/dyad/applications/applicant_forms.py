"""The applicant's forms: start an application, name a rater, withdraw.

They check only what a form must (a choice from the list, an email that looks like one); the
services decide everything else and their `ApplicationError.field` is shown next to the field.
The start form carries a hidden UUID `key` made when the empty form is shown, so a double click
or a retried POST starts one application.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from dyad.associations.models import Association
from dyad.standards import codes
from dyad.standards.messages import m, render
from dyad.standards.requirement_sets import baseline_for

from .models import Reference


def category_label(code: str) -> str:
    """`IFS · Infant Family Specialist`, the name in the reader's language."""
    return f"{code} · {gettext(baseline_for(code).category(code).name)}"


def role_label(role: str) -> str:
    """`a supervisor`: the engine's words for a rater's role, in the reader's language."""
    return render(m(f"role.{role}"), gettext)


def in_(category: str, standard: str) -> bool:
    return codes.standard_of(category) == standard


class AssociationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Association) -> str:
        return f"{obj.name} ({', '.join(obj.standards)})"


class StartForm(forms.Form):
    association = AssociationChoice(
        label=_("Association"),
        queryset=Association.objects.order_by("name"),
        empty_label=_("Choose an association"),
        help_text=_("The association that will review your application and endorse you."),
    )
    category = forms.ChoiceField(label=_("Category"))
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, suggested: str | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("key", uuid.uuid4())
        if suggested:
            initial.setdefault("category", suggested)
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + [
            (standard, [(c, category_label(c)) for c in codes.CATEGORIES if in_(c, standard)])
            for standard in codes.STANDARDS
        ]


class ReferenceForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(
        label=_("Their email"),
        help_text=_("They get a link to give the reference. They need no account."),
    )
    role = forms.ChoiceField(label=_("They are"))
    language = forms.ChoiceField(
        label=_("Their language"),
        help_text=_("The invitation and the form are written in it."),
        initial=settings.LANGUAGE_CODE,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # each language in its own name, as the language menu shows them
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
        self.fields["role"].choices = [("", _("Choose one"))] + [
            (role, role_label(role)) for role, _label in Reference.ROLE_CHOICES
        ]

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or settings.LANGUAGE_CODE


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The association sees this. You can start a new application later."),
    )
