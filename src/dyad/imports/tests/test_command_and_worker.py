"""`dyad import endorsees FILE --association SLUG [--dry-run]`, and big files in the worker."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.imports import services
from dyad.imports.models import Import

from .helpers import as_csv, endorsee

pytestmark = pytest.mark.django_db


def count():
    with scopes_disabled():
        return Endorsement.objects.count()


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "endorsees.csv"
    path.write_bytes(as_csv([endorsee(1), endorsee(2)]))
    return path


def test_the_dry_run_says_what_would_change_and_saves_nothing(two_associations, a_file, capsys):
    call_command("import", "endorsees", str(a_file), "--association", "alpha", "--dry-run")
    out = capsys.readouterr().out
    assert "2 rows: 2 to create, 0 to update, 0 to leave alone, 0 errors." in out
    assert "Dry run: nothing saved." in out
    assert count() == 0


def test_the_import_saves_and_a_second_run_leaves_everything_alone(
    two_associations, a_file, capsys
):
    call_command("import", "endorsees", str(a_file), "--association", "alpha")
    assert "done: 2 created, 0 updated, 0 left alone." in capsys.readouterr().out
    call_command("import", "endorsees", str(a_file), "--association", "alpha")
    assert "done: 0 created, 0 updated, 2 left alone." in capsys.readouterr().out
    assert count() == 2


def test_errors_go_to_stderr_by_row_and_nothing_is_saved(two_associations, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(as_csv([endorsee(1), endorsee(2, email="nope")]))
    with pytest.raises(CommandError, match=r"1 error: nothing saved\."):
        call_command("import", "endorsees", str(path), "--association", "alpha")
    assert "row 3, email: “nope” is not an email address." in capsys.readouterr().err
    assert count() == 0


def test_an_unknown_association_or_file_is_one_clear_line(two_associations, a_file):
    with pytest.raises(CommandError, match="No association with the short name 'nope'"):
        call_command("import", "endorsees", str(a_file), "--association", "nope")
    with pytest.raises(CommandError, match=r"missing\.csv: No such file"):
        call_command("import", "endorsees", "missing.csv", "--association", "alpha")


@pytest.mark.django_db(transaction=True)  # the worker closes the connection between tasks
def test_a_big_file_is_checked_and_saved_in_the_worker_while_the_page_polls(
    two_associations, client, settings, run_tasks
):
    settings.DYAD_IMPORT_WORKER_ROWS = 3
    alpha = two_associations["alpha"]
    client.force_login(alpha["coordinator"])
    imp = services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind="endorsees",
        file_name="big.csv",
        data=as_csv([endorsee(n) for n in range(5)]),
    )
    assert imp.state == Import.State.CHECKING
    url = reverse("imports:detail", kwargs={"slug": "alpha", "pk": imp.pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Checking the file" in page
    run_tasks()
    imp.refresh_from_db()
    assert imp.state == Import.State.PREVIEWED and imp.counts["created"] == 5
    services.confirm_import(imp=imp, actor=alpha["coordinator"])
    page = client.get(url).content.decode()
    assert "Saving" in page and '<progress class="w-100" max="5"' in page
    assert count() == 0
    run_tasks()
    imp.refresh_from_db()
    assert imp.state == Import.State.DONE and count() == 5
    assert 'hx-trigger="every 2s"' not in client.get(url).content.decode()
