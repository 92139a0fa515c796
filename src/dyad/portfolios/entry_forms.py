"""The forms that fill a portfolio: one per kind of entry, each question in plain words.

The forms hold no rules of their own beyond what a form must do (a date in the future where it
makes no sense, hours and minutes added up): each field is the model field's own form field, with
its validators, and everything else is checked by the service (`full_clean` inside it), whose
`PortfolioError.field` the view puts next to the field it names. So a value the form accepts is one
the engine understands: one set of rules.

Every form carries a hidden UUID `key`, made when the empty form is shown: a double click or a
retried POST sends the same key, and the service adds the row once.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dyad.standards import codes

from .models import (
    EARLIEST,
    LATEST,
    Education,
    Training,
    WorkExperience,
)

DATE_ATTRS = {"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}

# The knowledge areas' names are marked for the catalogue where they are defined (codes.AREAS).
AREA_NAMES = {code: _(name) for code, name in codes.AREAS.items()}
SERVICE_NAMES = {
    "case_management": _("Case management"),
    "advocacy": _("Advocacy"),
    "emotional_support": _("Emotional support"),
    "developmental_guidance": _("Developmental guidance"),
    "early_relationship_assessment": _("Early relationship assessment"),
    "social_support": _("Social support"),
    "relationship_based_therapy": _("Relationship-based therapy"),
}
KIND_NAMES = {
    "promotion": _("Promotion: supporting the well-being of young children and families"),
    "prevention": _("Prevention: work with families facing risks, before problems set in"),
    "intervention": _("Intervention: treatment or therapy with a child and caregiver"),
    "rsc_provision": _("Giving reflective supervision or consultation to others"),
    "policy": _("Policy or program leadership"),
    "research_teaching": _("Research or teaching"),
}
PARTICIPANT_NAMES = {
    "child_and_caregiver": _("The child and a parent or caregiver, together"),
    "child_only": _("The child only"),
    "caregiver_only": _("The parent or caregiver only"),
    "none": _("No families directly (for example, policy work)"),
}
LEVEL_NAMES = {
    "none": _("No degree"),
    "cda": _("CDA credential"),
    "associate": _("Associate degree"),
    "bachelor": _("Bachelor's degree"),
    "master": _("Master's degree"),
    "doctorate": _("Doctorate"),
}
FORMAT_NAMES = {"individual": _("Individual"), "group": _("Group")}
# Category codes are the same in every language.
CATEGORY_CHOICES = [(code, code) for code in codes.CATEGORIES]


def _model_field(model, name: str, label, **kwargs):
    """The model field's own form field (its validators), with a plain-words label."""
    field = model._meta.get_field(name).formfield(**kwargs)
    field.label = label
    return field


def _date(model, name: str, label, **kwargs):
    return _model_field(model, name, label, widget=forms.DateInput(attrs=DATE_ATTRS), **kwargs)


def _choices(names: dict) -> list[tuple[str, object]]:
    return list(names.items())


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future: give the day it happened."))
    return value


class EntryForm(forms.Form):
    """A form that adds or changes one entry; `key` makes a retried add count once."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    #: the fields that are not the model's (the service does not take them as they are)
    extra_fields: tuple[str, ...] = ()
    #: model field name -> form field name, for errors the service names
    error_fields: dict[str, str] = {}

    def __init__(self, *args, owner=None, instance=None, **kwargs):
        self.owner = owner
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    def initial_from(self, instance) -> dict:
        return {name: getattr(instance, name) for name in self.base_fields if name != "key"}

    @classmethod
    def draft_from(cls, data) -> dict:
        """What was typed (a QueryDict), kept as a draft: this form's fields only, lists for
        the groups of checkboxes, and nothing longer than a field could hold."""
        draft = {}
        for name, field in cls.base_fields.items():
            if getattr(field.widget, "allow_multiple_selected", False):
                draft[name] = [v[:100] for v in data.getlist(name)[:20]]
            elif name in data:
                draft[name] = data.get(name, "")[:1000]
        return draft

    def entry_fields(self) -> dict:
        """What the service verb takes, from the cleaned data."""
        skip = {"key", *self.extra_fields}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def error_field(self, name: str | None) -> str | None:
        name = self.error_fields.get(name, name)
        return name if name in self.fields else None


class HoursMinutesMixin:
    """A duration asked as hours and minutes, stored as whole minutes."""

    def _total_minutes(self, hours_name="hours", minutes_name="minutes"):
        hours = self.cleaned_data.get(hours_name)
        minutes = self.cleaned_data.get(minutes_name)
        if minutes_name in self.errors or hours_name in self.errors:
            return None
        total = (hours or 0) * 60 + (minutes or 0)
        if total <= 0:
            self.add_error(minutes_name, _("Give how long it lasted: at least one minute."))
            return None
        return total


class TrainingForm(HoursMinutesMixin, EntryForm):
    title = _model_field(Training, "title", _("What was the training called?"))
    date = _date(Training, "date", _("When did it take place?"), help_text=_("The day it ended."))
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=8760, required=False)
    minutes = forms.IntegerField(
        label=_("and minutes"), min_value=0, max_value=59, required=False, initial=0
    )
    provider = _model_field(Training, "provider", _("Who gave it?"), required=False)
    imh_specific = _model_field(
        Training,
        "imh_specific",
        _("It was about infant or early childhood mental health"),
        help_text=_(
            "Yes when the training was made for this field, not general training that touched it."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Which knowledge areas did it cover?"),
        choices=_choices(AREA_NAMES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The areas of the infant mental health principles; choose all that apply."),
    )
    extra_fields = ("hours",)

    def initial_from(self, instance) -> dict:
        return {
            "title": instance.title,
            "date": instance.date,
            "hours": instance.minutes // 60,
            "minutes": instance.minutes % 60,
            "provider": instance.provider,
            "imh_specific": instance.imh_specific,
            "areas": instance.areas,
        }

    def clean_date(self):
        return _not_in_future(self.cleaned_data.get("date"))

    def clean(self):
        cleaned = super().clean()
        total = self._total_minutes()
        if total is not None:
            cleaned["minutes"] = total
        return cleaned


class WorkExperienceForm(EntryForm):
    role = _model_field(WorkExperience, "role", _("What was your role?"))
    employer = _model_field(WorkExperience, "employer", _("Who did you work for?"))
    start = _date(WorkExperience, "start", _("When did you start?"))
    end = _date(
        WorkExperience,
        "end",
        _("When did it end?"),
        help_text=_("Leave empty if you still do this work."),
    )
    hours_per_week = _model_field(
        WorkExperience,
        "hours_per_week",
        _("How many hours a week?"),
        help_text=_("Full time is 40; at most 80."),
    )
    paid = _model_field(WorkExperience, "paid", _("It was paid work"))
    kind = forms.ChoiceField(
        label=_("What kind of work was it?"),
        choices=_choices(KIND_NAMES),
        widget=forms.RadioSelect,
        help_text=_(
            "Infant mental health practice is intervention: relationship-focused work with a "
            "young child and their caregiver together."
        ),
    )
    participants = forms.ChoiceField(
        label=_("Who took part in your work?"),
        choices=_choices(PARTICIPANT_NAMES),
        widget=forms.RadioSelect,
        help_text=_(
            "In infant mental health practice the child and a parent (birth, foster or "
            "adoptive) or primary caregiver take part together."
        ),
    )
    min_months = _model_field(
        WorkExperience,
        "min_months",
        _("Age of the youngest children you served, in months"),
        help_text=_("0 for newborns; 36 for three-year-olds."),
    )
    max_months = _model_field(
        WorkExperience,
        "max_months",
        _("Age of the oldest children you served, in months"),
        help_text=_("At most 216 (18 years)."),
    )
    prenatal = _model_field(WorkExperience, "prenatal", _("The work began before birth"))
    services = forms.MultipleChoiceField(
        label=_("Which services did you offer?"),
        choices=_choices(SERVICE_NAMES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Infant mental health practice offers one or more of these; choose all that apply."
        ),
    )
    relationship_focused = _model_field(
        WorkExperience,
        "relationship_focused",
        _("The work was about the relationship between the child and the caregiver"),
        help_text=_(
            "Relationship-focused: you worked on behalf of the relationship, not only with "
            "the child or the adult. A reviewer confirms what you state."
        ),
    )
    addresses_attachment_loss = _model_field(
        WorkExperience,
        "addresses_attachment_loss",
        _("You were ready to take up attachment, separation, trauma, grief and loss"),
        help_text=_(
            "You need not raise these with every family, but you took them up when a family "
            "needed it. A reviewer confirms what you state."
        ),
    )

    def clean_start(self):
        return _not_in_future(self.cleaned_data.get("start"))

    def clean_hours_per_week(self):
        value = self.cleaned_data.get("hours_per_week")
        return 0 if value is None else value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        low, high = cleaned.get("min_months"), cleaned.get("max_months")
        if low is not None and high is not None and high < low:
            self.add_error("max_months", _("The oldest age cannot be below the youngest."))
        return cleaned


class EducationForm(EntryForm):
    level = forms.ChoiceField(label=_("What did you earn?"), choices=_choices(LEVEL_NAMES))
    completed = _date(Education, "completed", _("When did you complete it?"))
    field = _model_field(Education, "field", _("Field of study"))
    related_field = _model_field(
        Education,
        "related_field",
        _("The field is related to infant or early childhood mental health"),
        help_text=_("For example psychology, social work, early childhood education, nursing."),
    )
    imh_certificate = _model_field(
        Education, "imh_certificate", _("It includes an infant mental health certificate")
    )
    institution = _model_field(Education, "institution", _("School or institution"))

    def clean_completed(self):
        return _not_in_future(self.cleaned_data.get("completed"))


class MembershipForm(EntryForm):
    association_name = forms.CharField(
        label=_("Which association are you a member of?"), max_length=1000
    )
    expires = forms.DateField(
        label=_("When does your membership expire?"), widget=forms.DateInput(attrs=DATE_ATTRS)
    )
