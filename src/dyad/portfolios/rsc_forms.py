"""The RS/C forms of a portfolio: a session, a provider, and a weekly schedule of sessions.

The same conventions as `entry_forms` (model fields' own form fields, a hidden UUID `key`).
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .entry_forms import (
    CATEGORY_CHOICES,
    DATE_ATTRS,
    FORMAT_NAMES,
    LEVEL_NAMES,
    EntryForm,
    _choices,
    _date,
    _model_field,
    _not_in_future,
)
from .models import RscProvider, RscSession, WorkExperience

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
#: the most sessions one schedule adds (two years of weekly sessions)
MAX_SCHEDULED = 104


class RscSessionForm(EntryForm):
    date = _date(RscSession, "date", _("When was the session?"))
    minutes = _model_field(
        RscSession, "minutes", _("How long was it, in minutes?"), help_text=_("60 for an hour.")
    )
    format = forms.ChoiceField(
        label=_("Individual or group?"), choices=_choices(FORMAT_NAMES), widget=forms.RadioSelect
    )
    provider = forms.ModelChoiceField(
        label=_("Who gave it?"),
        queryset=RscProvider.objects.none(),
        help_text=_("Add a provider first if they are not in the list."),
    )
    work = forms.ModelChoiceField(
        label=_("Which of your work was it about?"),
        queryset=WorkExperience.objects.none(),
        required=False,
        help_text=_("RS/C about your infant mental health practice counts toward it."),
    )

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        providers = RscProvider.objects.filter(owner=owner).select_related("user")
        self.fields["provider"].queryset = providers
        self.fields["provider"].label_from_instance = lambda p: p.shown_name
        self.fields["work"].queryset = WorkExperience.objects.filter(owner=owner)
        self.fields["work"].label_from_instance = lambda w: (
            f"{w.role or w.get_kind_display()}, {w.employer} ({w.start:%Y})"
            if w.employer
            else f"{w.role or w.get_kind_display()} ({w.start:%Y})"
        )
        if instance := kwargs.get("instance"):
            self.initial.setdefault("provider", instance.provider_id)
            self.initial.setdefault("work", instance.work_id)
        elif not self.is_bound and owner is not None:
            # Remember the last provider, duration and format: most sessions repeat them.
            latest = RscSession.objects.filter(owner=owner).order_by("-date", "-id").first()
            if latest is not None:
                remembered = {
                    "provider": latest.provider_id,
                    "minutes": latest.minutes,
                    "format": latest.format,
                    "work": latest.work_id,
                }
                for name, value in remembered.items():
                    self.initial.setdefault(name, value)  # a restored draft comes first

    def initial_from(self, instance) -> dict:
        return {"date": instance.date, "minutes": instance.minutes, "format": instance.format}

    def clean_date(self):
        return _not_in_future(self.cleaned_data.get("date"))


class RscProviderForm(EntryForm):
    """Someone endorsed in Dyad (found by email), or someone from outside with the endorsement
    the applicant states they held (one per save; more can be added by editing)."""

    email = forms.EmailField(
        label=_("Their email in Dyad"),
        required=False,
        help_text=_(
            "If your provider holds an endorsement in Dyad, give the email of their Dyad "
            "account: their endorsements then come from Dyad's records."
        ),
    )
    name = _model_field(
        RscProvider,
        "name",
        _("Or their name, if they are not in Dyad"),
        help_text=_("Their endorsements are then marked as stated by you until confirmed."),
    )
    degree = forms.ChoiceField(
        label=_("Their highest degree"),
        choices=[("", _("I don't know")), *_choices(LEVEL_NAMES)],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("An endorsement they held (outside providers)"),
        choices=[("", "—"), *CATEGORY_CHOICES],
        required=False,
    )
    held_from = forms.DateField(
        label=_("Held from"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    held_until = forms.DateField(
        label=_("Held until"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRS),
        help_text=_("Leave empty if they still hold it."),
    )
    extra_fields = ("email", "category", "held_from", "held_until")
    error_fields = {"user": "email", "start": "held_from", "end": "held_until"}

    def initial_from(self, instance) -> dict:
        return {
            "email": instance.user.email if instance.user_id else "",
            "name": instance.name,
            "degree": instance.degree,
        }

    def clean(self):
        cleaned = super().clean()
        email, name = cleaned.get("email"), (cleaned.get("name") or "").strip()
        cleaned["user"] = None
        if email:
            user = get_user_model().objects.filter(email__iexact=email).first()
            if user is None:
                self.add_error(
                    "email",
                    _("Nobody in Dyad has this email: give their name instead, if they are not."),
                )
            else:
                cleaned["user"] = user
        elif not name and "name" not in self.errors:
            self.add_error("name", _("Give their email in Dyad, or their name."))
        if email and name:
            self.add_error("name", _("Give either their email in Dyad or a name, not both."))
        category, held_from = cleaned.get("category"), cleaned.get("held_from")
        if category and email:
            self.add_error(
                "category",
                _("A provider in Dyad has the endorsements Dyad records: leave this empty."),
            )
        elif category and not held_from:
            self.add_error("held_from", _("Give the day they were endorsed."))
        elif held_from and not category:
            self.add_error("category", _("Choose the category they held."))
        return cleaned

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        return {"user": data.get("user"), "name": data.get("name", ""), "degree": data["degree"]}

    def stated_endorsement(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("category"):
            return None
        return {"category": data["category"], "start": data["held_from"], "end": data["held_until"]}


class RscScheduleForm(RscSessionForm):
    """A recurring schedule ("every Tuesday, 60 minutes, from … to …"), previewed before saving:
    one session per week on that day, each one added like a session from the form above."""

    weekday = forms.TypedChoiceField(label=_("Every"), choices=WEEKDAYS, coerce=int)
    end = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs=DATE_ATTRS),
        help_text=_("The last day to count; not after today."),
    )
    field_order = ["weekday", "date", "end", "minutes", "format", "provider", "work"]
    extra_fields = ("weekday", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("From")
        self.fields["date"].help_text = ""
        self.fields["minutes"].label = _("How long is each session, in minutes?")

    def clean_end(self):
        return _not_in_future(self.cleaned_data.get("end"))

    def clean(self):
        cleaned = super().clean()
        start, end, weekday = cleaned.get("date"), cleaned.get("end"), cleaned.get("weekday")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        elif start and end and weekday is not None:
            days = self.dates()
            if not days:
                self.add_error("end", _("No such day falls between these dates."))
            elif len(days) > MAX_SCHEDULED:
                self.add_error(
                    "end",
                    _("A schedule adds at most %(count)s sessions: choose a shorter period.")
                    % {"count": MAX_SCHEDULED},
                )
        return cleaned

    def dates(self) -> list:
        start, end = self.cleaned_data["date"], self.cleaned_data["end"]
        first = start + timedelta(days=(self.cleaned_data["weekday"] - start.weekday()) % 7)
        days = []
        day = first
        while day <= end and len(days) <= MAX_SCHEDULED:
            days.append(day)
            day += timedelta(days=7)
        return days

    def session_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("minutes", "format", "provider", "work")}
