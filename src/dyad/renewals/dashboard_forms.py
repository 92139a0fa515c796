"""Forms of the coordinator's renewal pages: the dashboard's filters and the settings."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dyad.credentials.models import grace_days
from dyad.standards import codes

from .dashboard import GROUPS
from .models import RenewalSettings

MONTHS_AHEAD = 12


def months_from(today: date, count: int = MONTHS_AHEAD) -> list[date]:
    first = today.replace(day=1)
    result = []
    for n in range(count):
        year, month = divmod(first.month - 1 + n, 12)
        result.append(date(first.year + year, month + 1, 1))
    return result


class DashboardFilter(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=list(GROUPS.items()))
    month = forms.ChoiceField(label=_("Month due"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any"))] + [(c, c) for c in codes.CATEGORIES],
    )
    q = forms.CharField(label=_("Name or number"), required=False, max_length=100)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (m.strftime("%Y-%m"), formats.date_format(m, "YEAR_MONTH_FORMAT"))
            for m in months_from(today)
        ]
        self.today = today

    def chosen(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        month = data.get("month") or self.today.strftime("%Y-%m")
        return {
            "show": data.get("show") or "due",
            "month": date.fromisoformat(f"{month}-01"),
            "category": data.get("category", ""),
            "q": data.get("q", "").strip(),
        }


class DaysField(forms.CharField):
    """Whole numbers of days written with commas: "90, 30, 7, 0"."""

    def __init__(self, *args, low: int = 0, high: int = 365, **kwargs):
        self.low, self.high = low, high
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [p for p in re.split(r"[,\s;]+", text) if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(
                _("Write whole numbers of days separated by commas, such as %(example)s.")
                % {"example": self.help_example}
            )
        days = [int(p) for p in parts]
        wrong = [d for d in days if not self.low <= d <= self.high]
        if wrong:
            raise forms.ValidationError(
                _("Each number of days must be between %(low)s and %(high)s (not %(wrong)s).")
                % {"low": self.low, "high": self.high, "wrong": wrong[0]}
            )
        return days

    help_example = "90, 30, 7, 0"


class RenewalSettingsForm(forms.ModelForm):
    reminder_days = DaysField(
        label=_("Reminders before expiry (days before)"),
        required=False,
        help_text=_("Separated by commas; 0 is the expiry day itself. Empty: no reminder."),
    )
    grace_reminder_days = DaysField(
        label=_("Reminders during the grace period (days after expiry)"),
        required=False,
        low=1,
        high=max(grace_days().values()),
        help_text=_("Separated by commas, within the 90 days of grace. Empty: no reminder."),
    )
    audit_percent = forms.DecimalField(
        label=_("Share of renewals drawn for audit (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=1,
        help_text=_("10 draws one renewal in ten, at random, recorded so it can be checked."),
    )

    class Meta:
        model = RenewalSettings
        fields = ["mode", "fixed_month", "fixed_day", "reminder_days", "grace_reminder_days"]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grace_reminder_days"].help_example = "30, 60, 85"
        self.fields["fixed_month"] = forms.TypedChoiceField(
            label=_("Month of the yearly renewal date"),
            choices=[("", "—")]
            + [(n, formats.date_format(date(2025, n, 1), "F")) for n in range(1, 13)],
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("Only when everyone renews on one date a year."),
        )
        self.fields["fixed_day"].help_text = _("Only when everyone renews on one date a year.")
        self.fields["fixed_day"].widget.attrs.update({"min": 1, "max": 31})
        self.order_fields(
            ["mode", "fixed_month", "fixed_day", "reminder_days", "grace_reminder_days"]
        )
        if self.instance and not self.is_bound:
            # 10, not 10.000 or 1E+1
            self.initial["audit_percent"] = format(
                (self.instance.audit_share * 100).normalize(), "f"
            )

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        percent = data.pop("audit_percent")
        data["audit_share"] = (percent / 100).quantize(Decimal("0.001"))
        return data
