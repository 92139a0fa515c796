"""The forms raters and RS/C providers fill in without an account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dyad.portfolios.models import MAX_MINUTES
from dyad.portfolios.services import RSC_ANSWERS

from . import ratings

COMMENTS_MAX = 5000


class RatingForm(forms.Form):
    """One question per competency (the scale, "not observed" included), then comments."""

    comments = forms.CharField(
        label=_("Comments"),
        help_text=_("What should the reviewers know about this person's work? (optional)"),
        required=False,
        max_length=COMMENTS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        comments = self.fields.pop("comments")
        for code, label in ratings.competencies().items():
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=ratings.SCALE,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a rating, or “Not observed”.")},
            )
        self.fields["comments"] = comments

    def value_fields(self):
        return [self[code] for code in ratings.VALUES]

    def area_fields(self):
        return [self[code] for code in ratings.area_competencies()]

    def scores(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code in ratings.competencies()}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline? (optional)"),
        help_text=_("Only the association's staff read this."),
        required=False,
        max_length=COMMENTS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


ANSWER_CHOICES = [
    ("confirmed", _("It happened as logged")),
    ("corrected", _("It happened, but the date or length is wrong")),
    ("not_held", _("It did not happen")),
]
assert [code for code, _label in ANSWER_CHOICES] == list(RSC_ANSWERS)


class RscSessionsForm(forms.Form):
    """One page for every session logged with a provider: for each, confirm, correct (the
    right date and minutes) or "did not happen"."""

    def __init__(self, *args, sessions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for s in sessions:
            self.fields[f"s{s.pk}_answer"] = forms.ChoiceField(
                label=_("What happened?"),
                choices=ANSWER_CHOICES,
                initial="confirmed",
                widget=forms.RadioSelect,
            )
            self.fields[f"s{s.pk}_date"] = forms.DateField(
                label=_("The right date"),
                required=False,
                initial=s.date,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"s{s.pk}_minutes"] = forms.IntegerField(
                label=_("The right length, in minutes"),
                required=False,
                min_value=1,
                max_value=MAX_MINUTES,
                initial=s.minutes,
            )

    def rows(self):
        return [
            (s, self[f"s{s.pk}_answer"], self[f"s{s.pk}_date"], self[f"s{s.pk}_minutes"])
            for s in self.sessions
        ]

    def clean(self):
        data = super().clean()
        for s in self.sessions:
            if data.get(f"s{s.pk}_answer") != "corrected":
                continue
            for name, message in (
                ("date", _("Give the date the session took place.")),
                ("minutes", _("Give how many minutes it lasted.")),
            ):
                key = f"s{s.pk}_{name}"
                if data.get(key) is None and key not in self.errors:
                    self.add_error(key, message)
        return data

    def answers(self) -> list[dict]:
        result = []
        for s in self.sessions:
            answer = self.cleaned_data[f"s{s.pk}_answer"]
            row = {"session": s.pk, "answer": answer}
            if answer == "corrected":
                row["date"] = self.cleaned_data[f"s{s.pk}_date"]
                row["minutes"] = self.cleaned_data[f"s{s.pk}_minutes"]
            result.append(row)
        return result
