"""Forms of the scoring pages: the scorer's scores (one field per assigned response) and the
coordinator's choice of a scorer for a role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ScoringAssignment
from .scoring_services import ScoringError, check_score


class ScoresForm(forms.Form):
    """`score_<id>` and `note_<id>` per assignment the scorer may still change. Every score is
    checked at once, so each bad one gets its message next to its field."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if r.editable]
        for row in self.rows:
            a = row.assignment
            self.fields[f"score_{a.pk}"] = forms.CharField(
                label=_("Score (0 to %(max)s)") % {"max": a.answer.item.max_score},
                required=True,
                max_length=4,
                initial=a.score,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages={
                    "required": _("Give a whole number from 0 to %(max)s.")
                    % {"max": a.answer.item.max_score}
                },
            )
            self.fields[f"note_{a.pk}"] = forms.CharField(
                label=_("Note (for the coordinator, optional)"),
                required=False,
                max_length=2000,
                initial=a.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            row.score_field = self[f"score_{a.pk}"]
            row.note_field = self[f"note_{a.pk}"]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            a = row.assignment
            name = f"score_{a.pk}"
            if name in data:
                try:
                    data[name] = check_score(a.answer.item, data[name])
                except ScoringError as exc:
                    self.add_error(name, exc.message)
        return data

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            r.assignment.pk: (
                self.cleaned_data[f"score_{r.assignment.pk}"],
                self.cleaned_data.get(f"note_{r.assignment.pk}", ""),
            )
            for r in self.rows
        }


class AssignScorerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ScoringAssignment.Role.choices)
    scorer = forms.TypedChoiceField(label=_("Scorer"), coerce=int)

    def __init__(self, *args, scorers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scorers = {u.pk: u for u in scorers}
        self.fields["scorer"].choices = [("", _("Choose a scorer"))] + [
            (u.pk, u.name) for u in scorers
        ]
