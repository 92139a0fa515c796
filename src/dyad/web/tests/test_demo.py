"""`manage.py demo`: two associations with staff, applicants and endorsed people."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.associations.models import Association, StaffMembership
from dyad.credentials.models import Endorsement

pytestmark = pytest.mark.django_db


def counts():
    with scopes_disabled():
        return (
            Association.objects.count(),
            StaffMembership.objects.count(),
            User.objects.count(),
            Endorsement.objects.count(),
        )


def test_demo_loads_two_associations_and_is_idempotent(capsys, settings):
    settings.DEMO = False
    call_command("demo")
    first = counts()
    assert first[0] == 2
    assert first[1] >= 6
    assert first[3] >= 6
    call_command("demo")
    assert counts() == first
    assert "password for everyone" not in capsys.readouterr().out


def test_demo_prints_the_sign_ins_only_in_demo_mode(capsys, settings):
    settings.DEMO = True
    call_command("demo")
    out = capsys.readouterr().out
    assert "maria.coordinator@example.org" in out
    assert "password for everyone" in out
