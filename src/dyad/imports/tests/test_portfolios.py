"""A ZIP of portfolio files, one person each: matched by the email in the file or the file's
name; hostile archives refused with a clear message; the same archive twice adds nothing."""

import io
import zipfile

import pytest
from django_scopes import scopes_disabled

from dyad.imports import services
from dyad.imports.models import Import
from dyad.imports.reading import ImportFileError
from dyad.portfolios.models import Training
from dyad.testing.factories import make_endorsement, make_user

from .helpers import a_zip, portfolio_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def people(alpha):
    ana = make_user("ana@example.org", display_name="Ana Ruiz")
    lee = make_user("lee@example.org", display_name="Lee Park")
    for person in (ana, lee):
        make_endorsement(alpha["association"], person.display_name, holder=person)
    return ana, lee


def start(alpha, data):
    return services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind="portfolios",
        file_name="portfolios.zip",
        data=data,
    )


def test_each_file_goes_to_its_person_and_says_how_it_was_matched(alpha, people):
    ana, lee = people
    data = a_zip(
        {
            "ana.json": portfolio_json("ana@example.org"),
            "folder/lee@example.org.json": portfolio_json(name="Lee Park"),
        }
    )
    imp = start(alpha, data)
    assert imp.state == Import.State.PREVIEWED
    changes = [s["changes"][0] for s in imp.report["steps"]["create"]]
    assert changes == [
        "matched by the email in the file: ana@example.org",
        "matched by the file name: lee@example.org",
    ]
    assert Training.objects.filter(owner__in=people).count() == 0
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    assert Training.objects.filter(owner=ana).count() == 1
    assert Training.objects.filter(owner=lee).count() == 1
    again = start(alpha, data)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 2, "errors": 0}
    services.confirm_import(imp=again, actor=alpha["coordinator"])
    assert Training.objects.filter(owner__in=people).count() == 2


def test_members_that_climb_out_or_are_not_json_are_named_and_nothing_is_saved(alpha, people):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ana@example.org.json", portfolio_json("ana@example.org"))
        archive.writestr("../../etc/evil.json", portfolio_json("lee@example.org"))
        archive.writestr("notes.txt", b"hello")
        archive.writestr("broken.json", b"{not json")
        archive.writestr("nobody.json", portfolio_json("nobody@example.org"))
    imp = start(alpha, out.getvalue())
    assert imp.state == Import.State.REFUSED
    errors = {e["column"]: e["message"] for e in imp.report["errors"]}
    assert errors["../../etc/evil.json"] == "The path leaves the archive's folder: refused."
    assert errors["notes.txt"] == "Not a JSON portfolio file (.json): refused."
    assert "broken.json" in errors
    assert "is not one of the association's people" in errors["nobody.json"]
    assert Training.objects.count() == 0


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(alpha, people):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ana@example.org.json", b" " * 60_000_000)
    with pytest.raises(ImportFileError, match="ZIP bomb"):
        start(alpha, out.getvalue())
    with scopes_disabled():
        assert Import.objects.count() == 0


def test_a_file_that_is_not_a_zip_is_refused(alpha):
    with pytest.raises(ImportFileError, match="not a ZIP archive"):
        start(alpha, b'{"format": "dyad-portfolio/1"}')
