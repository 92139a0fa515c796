"""An association's renewal settings: the new expiry of a renewal under each mode, and the
checks a coordinator's input goes through."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dyad.associations.tenancy import run_in_scope
from dyad.renewals.models import RenewalSettings, settings_for
from dyad.testing.factories import make_association

pytestmark = pytest.mark.django_db


def fixed(month: int, day: int) -> RenewalSettings:
    return RenewalSettings(mode="fixed", fixed_month=month, fixed_day=day)


def test_the_defaults_are_made_once_per_association():
    association = make_association()
    with run_in_scope(association):
        first = settings_for(association)
        assert settings_for(association.pk) == first
    assert first.mode == "anniversary"
    assert first.reminder_days == [90, 30, 7, 0]
    assert first.grace_reminder_days == [30, 60, 85]
    assert first.audit_share == Decimal("0.100")


def test_on_the_anniversary_a_renewal_adds_a_year():
    today = timezone.localdate()
    setting = RenewalSettings()
    assert (setting.next_expires(today) - today).days in (365, 366)
    assert setting.next_expires(date(2028, 2, 29)) == date(2029, 2, 28)
    assert setting.next_expires(date(2027, 6, 30)) == date(2028, 6, 30)


def test_on_one_date_a_year_a_renewal_runs_to_the_first_such_date_a_year_on():
    june_30 = fixed(6, 30)
    today = timezone.localdate()
    assert june_30.next_expires(date(today.year, 6, 30)) == date(today.year + 1, 6, 30)
    # someone moved onto the common date never gets less than a year
    assert june_30.next_expires(date(today.year, 3, 3)) == date(today.year + 1, 6, 30)
    assert june_30.next_expires(date(today.year, 9, 1)) == date(today.year + 2, 6, 30)
    assert june_30.next_expires(date(today.year, 6, 29)) == date(today.year + 1, 6, 30)
    for offset in range(0, 400, 7):
        current = today + timedelta(days=offset)
        new = june_30.next_expires(current)
        assert (new.month, new.day) == (6, 30)
        assert 365 <= (new - current).days < 365 + 366


def test_a_fixed_date_needs_a_real_day_of_every_year():
    with pytest.raises(ValidationError) as refused:
        RenewalSettings(mode="fixed").clean()
    assert set(refused.value.message_dict) == {"fixed_month", "fixed_day"}
    with pytest.raises(ValidationError) as refused:
        fixed(2, 29).clean()
    assert set(refused.value.message_dict) == {"fixed_day"}
    fixed(2, 28).clean()


def test_reminder_days_are_whole_numbers_kept_in_order():
    setting = RenewalSettings(reminder_days=[7, 90, 30, 7], grace_reminder_days=[60, 30])
    setting.clean()
    assert setting.reminder_days == [90, 30, 7]
    assert setting.grace_reminder_days == [30, 60]
    for bad in (["ten"], [-1], [400], [True], "90"):
        with pytest.raises(ValidationError) as refused:
            RenewalSettings(reminder_days=bad).clean()
        assert "reminder_days" in refused.value.message_dict
