"""Forms of the staff's exam pages: a form's settings, a vignette, a question, a window, an
invitation with accommodations, a form file to import. They check the shape of what is typed;
the services (`builder_services`) decide, and their `ExamError` lands next to its field."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from dyad.applications.ratings import VALUES
from dyad.standards import codes

from .builder_services import DEFAULT_PASS_RULES, EXAM_CATEGORIES, MAX_OPTIONS
from .models import ExamForm, Item


def area_choices() -> list[tuple[str, str]]:
    return [(c, _(label)) for c, label in codes.AREAS.items()] + [
        (c, label) for c, label in VALUES.items()
    ]


class FormSettings(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[(c, c) for c in EXAM_CATEGORIES])
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions for candidates"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    minutes = forms.IntegerField(label=_("Time limit (minutes)"), min_value=1, max_value=600)
    tolerance = forms.IntegerField(
        label=_("Tolerance"),
        min_value=0,
        max_value=100,
        help_text=_("The largest difference between two scorers' scores before a third scores."),
    )
    final_rule = forms.ChoiceField(
        label=_("Final written score"), choices=ExamForm.FinalRule.choices, widget=forms.RadioSelect
    )
    pass_mc = forms.IntegerField(
        label=_("Pass mark, multiple choice (%)"), min_value=0, max_value=100
    )
    pass_written = forms.IntegerField(
        label=_("Pass mark, written responses (%)"), min_value=0, max_value=100
    )
    pass_overall = forms.IntegerField(label=_("Pass mark, overall (%)"), min_value=0, max_value=100)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["category"]
            del self.fields["key"]
        elif not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    @classmethod
    def initial_of(cls, form: ExamForm) -> dict:
        rules = {**DEFAULT_PASS_RULES, **(form.pass_rules or {})}
        return {
            "title": form.title,
            "instructions": form.instructions,
            "minutes": form.minutes,
            "tolerance": form.tolerance,
            "final_rule": form.final_rule,
            **{f"pass_{p}": round(100 * rules[p]) for p in ("mc", "written", "overall")},
        }

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "instructions": data["instructions"],
            "minutes": data["minutes"],
            "tolerance": data["tolerance"],
            "final_rule": data["final_rule"],
            "pass_rules": {p: data[f"pass_{p}"] / 100 for p in ("mc", "written", "overall")},
        }


class VignetteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    case = forms.CharField(
        label=_("Case description"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Item.Kind.choices, widget=forms.RadioSelect)
    key = forms.SlugField(
        label=_("Key"),
        required=False,
        max_length=60,
        help_text=_("Kept across versions of the form; letters, digits and hyphens."),
    )
    stem = forms.CharField(
        label=_("Question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    options = forms.CharField(
        label=_("Options (multiple choice)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option per line, in any order: each candidate sees them shuffled."),
    )
    correct = forms.IntegerField(
        label=_("Number of the correct option (multiple choice)"),
        required=False,
        min_value=1,
        max_value=MAX_OPTIONS,
        help_text=_("1 for the first line, 2 for the second..."),
    )
    vignette = forms.TypedChoiceField(
        label=_("Vignette (written response)"), required=False, coerce=int, empty_value=None
    )
    rubric = forms.CharField(
        label=_("Rubric (written response)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What scorers look for at each score."),
    )
    max_score = forms.IntegerField(
        label=_("Maximum score (written response)"),
        required=False,
        min_value=1,
        max_value=100,
        initial=4,
    )
    areas = forms.MultipleChoiceField(
        label=_("Knowledge areas and values"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, vignettes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vignettes = {v.pk: v for v in vignettes}
        self.fields["vignette"].choices = [("", _("None"))] + [(v.pk, v.title) for v in vignettes]
        self.fields["areas"].choices = area_choices()

    @classmethod
    def initial_of(cls, item: Item) -> dict:
        return {
            "kind": item.kind,
            "key": item.key,
            "stem": item.stem,
            "options": "\n".join(item.options),
            "correct": item.correct + 1 if item.correct is not None else None,
            "vignette": item.vignette_id,
            "rubric": item.rubric,
            "max_score": item.max_score,
            "areas": item.areas,
        }

    def values(self) -> dict:
        data = self.cleaned_data
        options = [line.strip() for line in data["options"].splitlines() if line.strip()]
        return {
            "kind": data["kind"],
            "key": data["key"],
            "stem": data["stem"],
            "options": options,
            "correct": data["correct"] - 1 if data["correct"] else None,
            "vignette": self.vignettes.get(data["vignette"]),
            "rubric": data["rubric"],
            "max_score": data["max_score"] or 1,
            "areas": list(data["areas"]),
        }


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class InviteForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Candidate"), coerce=int)
    extra_minutes = forms.IntegerField(
        label=_("Extra time (minutes)"), min_value=0, max_value=600, initial=0
    )
    large_text = forms.BooleanField(label=_("Larger text"), required=False)
    breaks = forms.BooleanField(label=_("Breaks that stop the clock"), required=False)

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = {a.pk: a for a in applications}
        self.fields["application"].choices = [("", _("Choose a candidate"))] + [
            (a.pk, a.applicant.name) for a in applications
        ]


class AccommodationsForm(forms.Form):
    extra_minutes = forms.IntegerField(label=_("Extra time (minutes)"), min_value=0, max_value=600)
    large_text = forms.BooleanField(label=_("Larger text"), required=False)
    breaks = forms.BooleanField(label=_("Breaks that stop the clock"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Exam form file (JSON)"),
        help_text=_("A file exported from Dyad (format dyad-exam-form/1), 2 MB at most."),
    )
