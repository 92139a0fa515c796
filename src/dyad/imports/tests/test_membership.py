"""Membership status: `email,expires` sets each of the association's people's membership entry,
through functions usable without a file (the API's bulk update calls them)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.imports import services
from dyad.imports.membership import apply_membership, preview_membership
from dyad.imports.plans import ImportRefused
from dyad.portfolios.models import Membership
from dyad.portfolios.services import record_membership
from dyad.testing.factories import make_endorsement, make_user

from .helpers import as_csv, as_xlsx

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def ana(alpha):
    person = make_user("ana@example.org", display_name="Ana Ruiz")
    make_endorsement(alpha["association"], "Ana Ruiz", holder=person)
    return person


def entries(person):
    return list(Membership.objects.filter(owner=person).values_list("association_name", "expires"))


def test_a_preview_saves_nothing_and_apply_records_the_membership(alpha, ana):
    association = alpha["association"]
    rows = [{"email": "ANA@example.org", "expires": NEXT_YEAR.isoformat()}]
    with scopes_disabled():
        plan = preview_membership(association, rows)
    assert plan.counts() == {"created": 1, "updated": 0, "unchanged": 0, "errors": 0}
    assert entries(ana) == []
    with scopes_disabled():
        result = apply_membership(association, plan, alpha["coordinator"])
    assert result.created == 1
    assert entries(ana) == [(association.name, NEXT_YEAR)]


def test_a_new_expiry_updates_the_entry_and_the_same_one_changes_nothing(alpha, ana):
    association = alpha["association"]
    record_membership(owner=ana, association_name=association.name, expires=NEXT_YEAR)
    later = NEXT_YEAR + timedelta(days=365)
    with scopes_disabled():
        updated = apply_membership(association, [{"email": ana.email, "expires": later}], None)
        same = apply_membership(association, [{"email": ana.email, "expires": later}], None)
    assert (updated.updated, same.unchanged, same.updated) == (1, 1, 0)
    assert entries(ana) == [(association.name, later)]


def test_people_of_no_concern_to_the_association_are_left_alone(alpha, two_associations):
    outsider = make_user("omar@example.org")
    make_endorsement(two_associations["beta"]["association"], "Omar", holder=outsider)
    with scopes_disabled():
        plan = preview_membership(
            alpha["association"], [{"email": "omar@example.org", "expires": "2030-01-01"}]
        )
    assert plan.counts()["unchanged"] == 1
    assert "not one of the association's people" in plan.steps[0].changes[0]


def test_a_bad_row_refuses_the_whole_update_and_names_it(alpha, ana):
    rows = [
        {"email": ana.email, "expires": NEXT_YEAR.isoformat()},
        {"email": "not an address", "expires": "2030-01-01"},
        {"email": "x@example.org", "expires": "soon"},
    ]
    with scopes_disabled(), pytest.raises(ImportRefused) as refused:
        apply_membership(alpha["association"], rows, None)
    assert [(e.row, e.column) for e in refused.value.plan.errors] == [(2, "email"), (3, "expires")]
    assert entries(ana) == []


def test_the_file_import_names_itself_on_each_entry_it_creates(alpha, ana):
    rows = [{"email": ana.email, "expires": NEXT_YEAR.isoformat()}]
    imp = services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind="membership",
        file_name="m.xlsx",
        data=as_xlsx(rows, ("email", "expires")),
    )
    assert imp.counts["created"] == 1
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    again = services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind="membership",
        file_name="m.csv",
        data=as_csv(rows, ("email", "expires")),
    )
    assert again.counts["unchanged"] == 1  # the CSV says what the XLSX said
    with scopes_disabled():
        event = Event.objects.get(verb="import.created", subject_type="portfolios.membership")
    assert event.data == {"import": imp.pk, "owner": ana.pk}
