"""Importing endorsees: a dry run saves nothing, one bad row saves nothing and is named, a
re-run changes nothing, XLSX reads as CSV, every record created names its import."""

import pytest
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.imports import services
from dyad.imports.endorsees import preview_endorsees
from dyad.imports.models import Import
from dyad.testing.factories import make_endorsement, make_user

from .helpers import as_csv, as_xlsx, day, endorsee

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


def upload(alpha, data, kind="endorsees", name="endorsees.csv"):
    return services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind=kind,
        file_name=name,
        data=data,
    )


def counts():
    with scopes_disabled():
        return Endorsement.objects.count(), User.objects.count(), Event.objects.count()


def test_a_dry_run_saves_nothing_but_says_what_would_happen(alpha):
    before_endorsements, before_people, _events = counts()
    imp = upload(alpha, as_csv([endorsee(1), endorsee(2, status="revoked")]))
    assert imp.state == Import.State.PREVIEWED
    assert imp.counts == {"created": 2, "updated": 0, "unchanged": 0, "errors": 0}
    assert counts()[:2] == (before_endorsements, before_people)
    changes = imp.report["steps"]["create"][0]["changes"]
    assert "new account for person1@example.org" in changes


def test_confirming_creates_people_without_a_password_and_endorsements(alpha):
    imp = upload(alpha, as_csv([endorsee(1), endorsee(2, status="revoked", email="")]))
    imp = services.confirm_import(imp=imp, actor=alpha["coordinator"])
    assert imp.state == Import.State.DONE
    assert imp.counts["created"] == 2
    with scopes_disabled():
        first = Endorsement.objects.get(number="IMP-00001")
        second = Endorsement.objects.get(number="IMP-00002")
    assert first.holder.email == "person1@example.org"
    assert not first.holder.has_usable_password()
    assert (first.county, first.state) == ("Wayne County", "MI")
    assert second.status == "revoked" and second.holder is None
    assert bytes(imp.data) == b""  # the file is not kept once the import is done


def test_every_record_created_carries_an_event_naming_the_import(alpha):
    imp = upload(alpha, as_csv([endorsee(1)]))
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    with scopes_disabled():
        endorsement = Endorsement.objects.get(number="IMP-00001")
        granted = Event.objects.get(subject_id=str(endorsement.pk), verb="endorsement.granted")
        person = Event.objects.get(verb="person.imported", subject_id=str(endorsement.holder_id))
    assert granted.data["import"] == imp.pk
    assert granted.actor == alpha["coordinator"]
    assert person.data["import"] == imp.pk


def test_one_bad_row_saves_nothing_and_names_its_row_and_column(alpha):
    rows = [endorsee(1), endorsee(2), endorsee(3, expires="31/02/2024"), endorsee(4)]
    before = counts()[:2]
    imp = upload(alpha, as_csv(rows))
    assert imp.state == Import.State.REFUSED
    assert imp.report["errors"] == [
        {
            "row": 4,
            "column": "expires",
            "message": "“31/02/2024” is not a date: write it as YYYY-MM-DD, such as 2024-03-01.",
        }
    ]
    with pytest.raises(services.ImportStateError, match="errors: nothing saved"):
        services.confirm_import(imp=imp, actor=alpha["coordinator"])
    assert counts()[:2] == before


def test_the_same_file_twice_changes_nothing_the_second_time(alpha):
    data = as_csv(
        [endorsee(1), endorsee(2, status="lapsed", expires=day(-400), granted=day(-1500))]
    )
    services.confirm_import(imp=upload(alpha, data), actor=alpha["coordinator"])
    endorsements, people, _events = counts()
    with scopes_disabled():
        record = Event.objects.exclude(subject_type="imports.import").count()
    again = upload(alpha, data)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 2, "errors": 0}
    assert again.report["same_file"]["id"] < again.pk
    assert services.confirm_import(imp=again, actor=alpha["coordinator"]).state == "done"
    assert counts()[:2] == (endorsements, people)
    with scopes_disabled():
        # only the import's own events (uploaded, confirmed, done): nothing about any record
        assert Event.objects.exclude(subject_type="imports.import").count() == record


def test_a_changed_row_updates_through_the_services(alpha):
    services.confirm_import(imp=upload(alpha, as_csv([endorsee(1)])), actor=alpha["coordinator"])
    changed = as_csv([endorsee(1, name="Person Renamed", status="revoked")])
    imp = upload(alpha, changed)
    assert imp.counts["updated"] == 1
    assert imp.report["steps"]["update"][0]["changes"] == [
        "name corrected to Person Renamed",
        "recorded as revoked",
    ]
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    with scopes_disabled():
        e = Endorsement.objects.get(number="IMP-00001")
        verbs = list(
            Event.objects.filter(
                subject_type="credentials.endorsement", subject_id=str(e.pk)
            ).values_list("verb", flat=True)
        )
    assert (e.holder_name, e.status) == ("Person Renamed", "revoked")
    assert verbs == ["endorsement.granted", "endorsement.corrected", "endorsement.revoked"]


def test_xlsx_and_csv_give_the_same_plan(alpha):
    rows = [endorsee(1), endorsee(2, category="ifs", email="", county="")]
    by_csv = upload(alpha, as_csv(rows))
    by_xlsx = upload(alpha, as_xlsx(rows), name="endorsees.xlsx")
    assert by_xlsx.report["steps"] == by_csv.report["steps"]
    assert by_xlsx.counts == by_csv.counts


def test_numbers_of_another_association_and_rows_for_another_are_errors(alpha, two_associations):
    make_endorsement(two_associations["beta"]["association"], "Omar", number="BE-1")
    rows = [endorsee(1, number="BE-1"), endorsee(2, association="beta")]
    with scopes_disabled():
        plan = preview_endorsees(
            alpha["association"], [{**r, "_row": i + 2} for i, r in enumerate(rows)]
        )
    assert [(e.row, e.column) for e in plan.errors] == [(3, "association"), (2, "number")]


def test_an_existing_person_is_linked_not_created_again(alpha):
    ana = make_user("ana@example.org")
    imp = upload(alpha, as_csv([endorsee(1, email="Ana@Example.org")]))
    assert imp.report["steps"]["create"][0]["changes"] == [f"grant, valid until {day(400)}"]
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    with scopes_disabled():
        assert Endorsement.objects.get(number="IMP-00001").holder == ana


def test_a_lapse_still_in_force_by_its_dates_is_an_error(alpha):
    imp = upload(alpha, as_csv([endorsee(1, status="lapsed")]))
    assert imp.report["errors"][0]["column"] == "status"
    assert imp.state == Import.State.REFUSED


def test_the_demo_imports_its_spreadsheet_once(alpha):
    from dyad.associations.tenancy import run_in_scope
    from dyad.imports.demo import ENDORSEES, load_demo

    with run_in_scope(alpha["association"]):
        first = load_demo(alpha["association"], alpha["coordinator"])
        again = load_demo(alpha["association"], alpha["coordinator"])
        assert first.state == "done" and again.pk == first.pk
        assert Endorsement.objects.filter(number__startswith="GL-OLD-").count() == len(ENDORSEES)
