"""Forms of the association's pages: filters, assignment, fee, decision, review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dyad.standards import codes

from .models import Application, Assignment


class PipelineFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *Application.State.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any"))] + [(c, c) for c in codes.CATEGORIES],
    )
    q = forms.CharField(label=_("Applicant"), required=False, max_length=100)


class ReviewerChoice(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {u.pk: u for u in reviewers}
        self.fields["reviewer"].choices = [("", _("Choose a reviewer"))] + [
            (u.pk, u.name) for u in reviewers
        ]


class BulkAssign(ReviewerChoice):
    applications = forms.TypedMultipleChoiceField(label=_("Applications"), coerce=int)

    def __init__(self, *args, application_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]
        self.fields["applications"].error_messages["required"] = _(
            "Tick the applications to assign."
        )


class FeeForm(forms.Form):
    fee_status = forms.ChoiceField(
        label=_("Fee"),
        choices=[(Application.Fee.PAID, _("paid")), (Application.Fee.WAIVED, _("waived"))],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        max_length=120,
        help_text=_("A receipt or check number, if there is one."),
    )


class DecisionForm(forms.Form):
    ENDORSE, EXAM, RETURN, DENY = "endorse", "exam", "return", "deny"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    rules = forms.MultipleChoiceField(
        label=_("What the applicant must address"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a return: the applicant sees exactly these."),
    )
    reason = forms.CharField(
        label=_("Reason or message to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, decisions=(), rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            self.ENDORSE: _("Endorse"),
            self.EXAM: _("Approve to sit the exam"),
            self.RETURN: _("Return for more"),
            self.DENY: _("Deny"),
        }
        self.fields["decision"].choices = [(d, labels[d]) for d in decisions]
        self.fields["rules"].choices = list(rules)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("rules"):
            self.add_error("rules", _("Tick what the applicant must address."))
        if data.get("decision") == self.DENY and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the application is denied."))
        return data


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    """A judgement and a comment per requirement of the snapshot, then a recommendation."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        required=False,
        choices=[("", _("Not yet")), *Assignment.Recommendation.choices],
    )
    comment = forms.CharField(
        label=_("Comment for the coordinator"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rules=(), judgements=None, **kwargs):
        super().__init__(*args, **kwargs)
        judgements = judgements or {}
        self.rules = []
        for rule, title in rules:
            saved = judgements.get(rule, {})
            self.fields[f"judgement_{rule}"] = forms.ChoiceField(
                label=_("Your judgement of %(rule)s") % {"rule": title},
                required=False,
                choices=[("", _("Not judged yet")), *Assignment.Judgement.choices],
                initial=saved.get("judgement", ""),
            )
            self.fields[f"comment_{rule}"] = forms.CharField(
                label=_("Comment on %(rule)s") % {"rule": title},
                required=False,
                max_length=2000,
                initial=saved.get("comment", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rules.append((rule, self[f"judgement_{rule}"], self[f"comment_{rule}"]))
